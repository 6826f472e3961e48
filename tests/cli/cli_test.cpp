// The command line in-process (cli::run with string streams) over temporary database files:
// exit codes and messages, seed/stats/list/show/bench output that parses as JSON, and, when
// the build says where it is, the real native binary.
//
// Sections: 1. helpers  2. usage and user errors  3. seed, stats, list, show  4. bench
// 5. the real binary
#include "cli_harness.h"

#include "core/store.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#ifdef CLIENTELE_APP
#include <sys/wait.h>
#endif

namespace {

// --- 1. helpers -------------------------------------------------------------------------------

using TempDb = clientele::test::TempFile;

// The demo shop of the task: 50 customers besides John Doe, fixed seed and day.
void seed(const TempDb& db) {
    Result r = clientele::test::seed_demo(db.path(), "50");
    ASSERT_EQ(r.code, 0) << r.err;
}

json parse(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << text;
    return j;
}

std::size_t count_lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

} // namespace

// --- 2. usage and user errors -----------------------------------------------------------------

TEST(Cli, UsageErrorsExitTwoWithHelp) {
    TempDb db;
    const std::vector<std::vector<std::string>> cases = {
        {},                                                  // no command
        {"bogus"},                                           // unknown command
        {"--db"},                                            // missing value
        {"--frobnicate", "stats"},                           // unknown global option
        {"stats"},                                           // needs --db
        {"--db", db.path(), "list"},                         // list what?
        {"--db", db.path(), "list", "customers", "--limit"}, // missing value
        {"--db", db.path(), "list", "customers", "--limit", "ten"},
        {"--db", db.path(), "list", "customers", "--sort", "email:up"},
        {"--db", db.path(), "show", "customer"},
        {"--db", db.path(), "show", "customer", "abc"},
        {"--db", db.path(), "stats", "--verbose"},
        {"bench", "--customers", "0"},
    };
    for (const auto& args : cases) {
        std::string joined;
        for (auto& a : args)
            joined += a + " ";
        Result r = run_cli(args);
        EXPECT_EQ(r.code, 2) << joined;
        EXPECT_NE(r.err.find("usage:"), std::string::npos) << joined;
        EXPECT_EQ(r.err.rfind("clientele: ", 0), 0u) << joined;
        EXPECT_TRUE(r.out.empty()) << joined;
    }
    Result help = run_cli({"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("usage:"), std::string::npos);
}

TEST(Cli, UnknownCustomerExitsOneWithOneLine) {
    TempDb db;
    for (bool json_output : {false, true}) {
        std::vector<std::string> args = {"--db", db.path(), "show", "customer", "424242"};
        if (json_output)
            args.push_back("--json");
        Result r = run_cli(args);
        EXPECT_EQ(r.code, 1);
        EXPECT_EQ(r.err, "clientele: no customer with id 424242\n");
        EXPECT_EQ(count_lines(r.err), 1u);
        EXPECT_TRUE(r.out.empty());
    }
}

TEST(Cli, UserErrorsExitOne) {
    TempDb db;
    seed(db);
    Result again = run_cli({"--db", db.path(), "seed", "--customers", "5"});
    EXPECT_EQ(again.code, 1); // seed needs an empty database
    EXPECT_EQ(count_lines(again.err), 1u);
    Result column = run_cli({"--db", db.path(), "list", "customers", "--filter", "shoe_size=42"});
    EXPECT_EQ(column.code, 1);
    EXPECT_EQ(count_lines(column.err), 1u);
}

// --- 3. seed, stats, list, show ---------------------------------------------------------------

TEST(Cli, SeedThenStatsCountsCustomers) {
    TempDb db;
    seed(db);
    Result r = run_cli({"--db", db.path(), "stats", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j["customers"], 51); // 50 + John Doe
    EXPECT_GT(j["addresses"].get<std::int64_t>(), 0);
    EXPECT_GT(j["db_bytes"].get<std::int64_t>(), 0);

    Result text = run_cli({"--db", db.path(), "stats"});
    EXPECT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("customers"), std::string::npos);
}

TEST(Cli, ListSearchFindsJohnDoe) {
    TempDb db;
    seed(db);
    Result r = run_cli({"--db", db.path(), "list", "customers", "--search", "john doe", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    ASSERT_TRUE(j["rows"].is_array());
    EXPECT_GE(j["total"].get<std::int64_t>(), 1);
    bool found = false;
    for (auto& row : j["rows"])
        found = found || row["email"] == "pub@prestashop.com";
    EXPECT_TRUE(found) << r.out;
}

TEST(Cli, ListFilterSortLimit) {
    TempDb db;
    seed(db);
    Result r = run_cli({"--db", db.path(), "list", "customers", "--filter", "newsletter=1",
                        "--sort", "lastname:desc", "--limit", "5", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    std::int64_t total = j["total"].get<std::int64_t>();
    EXPECT_GE(total, 1);
    EXPECT_LE(total, 51);
    ASSERT_TRUE(j["rows"].is_array());
    EXPECT_EQ(j["rows"].size(), static_cast<std::size_t>(std::min<std::int64_t>(total, 5)));
    for (auto& row : j["rows"])
        EXPECT_EQ(row["newsletter"], true);
    // Last names never increase (the grid compares them case-insensitively, as SQLite's
    // NOCASE: ASCII letters folded, other bytes as they are).
    auto fold = [](std::string s) {
        for (char& ch : s)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        return s;
    };
    for (std::size_t i = 1; i < j["rows"].size(); ++i)
        EXPECT_GE(fold(j["rows"][i - 1]["lastname"]), fold(j["rows"][i]["lastname"])) << r.out;

    // The same filter without a limit counts the same customers.
    Result all = run_cli({"--db", db.path(), "list", "customers", "--filter", "newsletter=1",
                          "--limit", "100", "--json"});
    ASSERT_EQ(all.code, 0) << all.err;
    EXPECT_EQ(parse(all.out)["total"], total);
    EXPECT_EQ(parse(all.out)["rows"].size(), static_cast<std::size_t>(total));
}

TEST(Cli, ShowCustomerHasEverySection) {
    TempDb db;
    seed(db);
    Result r = run_cli({"--db", db.path(), "show", "customer", "1", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    for (const char* key :
         {"customer", "b2b", "groups", "orders", "products", "addresses", "vouchers", "carts",
          "messages", "connections", "returns", "credit_slips", "timeline"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["customer"]["id"], 1);
    EXPECT_FALSE(j["customer"].contains("passwd"));
    EXPECT_EQ(r.out.find("$2y$"), std::string::npos); // no password hash, ever

    Result text = run_cli({"--db", db.path(), "show", "customer", "1"});
    ASSERT_EQ(text.code, 0) << text.err;
    for (const char* heading :
         {"Customer #1", "B2B", "Groups (", "Orders (", "Purchased products (", "Addresses (",
          "Vouchers (", "Carts (", "Messages (", "Last connections (", "Merchandise returns (",
          "Credit slips (", "Activity ("})
        EXPECT_NE(text.out.find(heading), std::string::npos) << heading;
    EXPECT_EQ(text.out.find("$2y$"), std::string::npos);
}

// --- 4. bench ---------------------------------------------------------------------------------

// Keys and signs only: timings depend on the machine and are never asserted.
TEST(Cli, BenchJsonHasItsFigures) {
    Result r = run_cli({"bench", "--customers", "200", "--searches", "5", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err; // no progress output in JSON mode
    json j = parse(r.out);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j["customers"], 201);
    for (const char* key : {"insert_customers_per_s", "insert_rows_per_s", "db_bytes"}) {
        ASSERT_TRUE(j.contains(key)) << key;
        EXPECT_GT(j[key].get<double>(), 0) << key;
    }
    for (const char* key : {"search_p50_ms", "search_p95_ms", "filter_p95_ms", "sort_p95_ms",
                            "page_p95_ms", "sheet_p95_ms"}) {
        ASSERT_TRUE(j.contains(key)) << key;
        EXPECT_GE(j[key].get<double>(), 0) << key;
    }
    EXPECT_TRUE(j["platform"] == "native" || j["platform"] == "wasm");
    ASSERT_TRUE(j["rows"].is_array());
    ASSERT_FALSE(j["rows"].empty());
    std::vector<std::string> operations;
    for (auto& row : j["rows"]) {
        for (const char* key : {"operation", "count", "p50_ms", "p95_ms", "max_ms"})
            EXPECT_TRUE(row.contains(key)) << key;
        EXPECT_GT(row["count"].get<std::int64_t>(), 0);
        operations.push_back(row["operation"]);
    }
    for (const char* op : {"search", "filter", "sort", "page", "sheet"})
        EXPECT_NE(std::find(operations.begin(), operations.end(), op), operations.end()) << op;
    for (auto& row : j["rows"]) {
        if (row["operation"] == "search") {
            EXPECT_EQ(row["count"], 5);
        }
    }
}

// Rows counted, not timed: every row of the CSV goes in, out, and through the snapshot.
TEST(Cli, BenchIoMovesEveryRow) {
    Result r = run_cli({"bench-io", "--customers", "300", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    ASSERT_EQ(j["steps"].size(), 5u);
    EXPECT_EQ(j["steps"][1]["rows"], 300);                   // imported
    EXPECT_EQ(j["steps"][2]["rows"], 300);                   // exported
    EXPECT_EQ(j["steps"][3]["rows"], j["steps"][4]["rows"]); // snapshot out = in
    for (auto& step : j["steps"])
        EXPECT_GT(step["peak_mb"].get<double>(), 0);
}

// Counted, not timed: every list's page, and the time-boxed count equal to the one statement's
// (the bench itself fails otherwise).
TEST(Cli, BenchListsMeasuresEveryList) {
    TempDb db;
    seed(db);
    Result r = run_cli({"--db", db.path(), "bench-lists", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = parse(r.out);
    ASSERT_TRUE(j.is_array());
    std::set<std::string> lists;
    for (auto& row : j) {
        lists.insert(row["list"].get<std::string>());
        EXPECT_LE(row["rows"].get<std::int64_t>(), 100);
        EXPECT_LE(row["rows"].get<std::int64_t>(), row["total"].get<std::int64_t>());
        EXPECT_GE(row["frames"].get<std::int64_t>(), 1);
    }
    EXPECT_EQ(lists, (std::set<std::string>{"addresses", "carts", "orders", "outstanding",
                                            "reviews", "subscriptions", "threads"}));
    EXPECT_EQ(j[0]["list"], "carts");
    EXPECT_EQ(j[0]["filter"], "all, by id");
    clientele::core::Store store(db.path());
    EXPECT_EQ(j[0]["total"], store.db().scalar_int("SELECT COUNT(*) FROM ps_cart"));
}

TEST(Cli, BenchKeepsItsFileOnlyWhenAsked) {
    TempDb db;
    Result r = run_cli(
        {"bench", "--customers", "20", "--searches", "3", "--db-file", db.path(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(db.path()));
    Result stats = run_cli({"--db", db.path(), "stats", "--json"});
    ASSERT_EQ(stats.code, 0) << stats.err;
    EXPECT_EQ(parse(stats.out)["customers"], 21);

    // Never overwrites an existing file.
    Result again = run_cli({"bench", "--customers", "20", "--db-file", db.path(), "--json"});
    EXPECT_EQ(again.code, 1);
    EXPECT_EQ(count_lines(again.err), 1u);
}

// --- 5. the real binary -----------------------------------------------------------------------

#ifdef CLIENTELE_APP
namespace {
// Runs the native executable through the shell; returns its exit code.
int run_app(const std::string& args) {
    std::string command = std::string("'") + CLIENTELE_APP + "' " + args + " >/dev/null 2>&1";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
} // namespace

TEST(Cli, RealBinaryExitCodes) {
    TempDb db;
    EXPECT_EQ(run_app("--db '" + db.path() + "' stats --json"), 0);
    EXPECT_EQ(run_app("bogus"), 2);
}
#else
TEST(Cli, RealBinaryExitCodes) {
    GTEST_SKIP() << "CLIENTELE_APP is not defined in this build (web build)";
}
#endif
