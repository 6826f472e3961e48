// `snapshot export FILE` and `snapshot import FILE [--replace]` in-process (cli::run with
// string streams) over temporary files: the summary line, the round trip, --replace, refusals
// that leave the database as it was, usage errors.
#include "cli_harness.h"

#include <regex>

namespace {

using clientele::test::TempFile;

void seed(const TempFile& db, const std::string& customers, const std::string& seed_value) {
    Result r = clientele::test::seed_demo(db.path(), customers, seed_value);
    ASSERT_EQ(r.code, 0) << r.err;
}

std::string stats(const TempFile& db) {
    Result r = run_cli({"--db", db.path(), "stats", "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    j.erase("db_bytes");
    return j.dump();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST(SnapshotCli, ExportThenImportGivesTheSameShop) {
    TempFile a(".db"), b(".db"), file(".jsonl"), again(".jsonl");
    seed(a, "60", "7");
    Result ex = run_cli({"--db", a.path(), "snapshot", "export", file.path()});
    ASSERT_EQ(ex.code, 0) << ex.err;
    EXPECT_TRUE(std::regex_match(
        ex.out, std::regex("exported [0-9]+ tables, [0-9]+ rows \\([0-9.]+ (KiB|MiB|bytes)\\) to " +
                           std::regex_replace(file.path(), std::regex("[.]"), "[.]") +
                           " in [0-9]+[.][0-9]{2} s\n")))
        << ex.out;
    EXPECT_FALSE(fs::exists(file.path() + ".part"));
    EXPECT_EQ(read_file(file.path()).rfind(R"({"format":"clientele-snapshot",)", 0), 0u);

    Result im = run_cli({"--db", b.path(), "snapshot", "import", file.path()});
    ASSERT_EQ(im.code, 0) << im.err;
    EXPECT_EQ(im.out.rfind("imported ", 0), 0u) << im.out;
    // Same tables and rows counted on both sides.
    EXPECT_EQ(im.out.substr(9, im.out.find(" rows") - 9),
              ex.out.substr(9, ex.out.find(" rows") - 9));
    EXPECT_EQ(stats(a), stats(b));
    Result list_a = run_cli({"--db", a.path(), "list", "customers", "--json", "--limit", "500"});
    Result list_b = run_cli({"--db", b.path(), "list", "customers", "--json", "--limit", "500"});
    EXPECT_EQ(list_a.out, list_b.out);
    // The copy exports to the same rows (only the header's timestamp may differ).
    ASSERT_EQ(run_cli({"--db", b.path(), "snapshot", "export", again.path()}).code, 0);
    std::string s1 = read_file(file.path()), s2 = read_file(again.path());
    EXPECT_TRUE(s1.substr(s1.find('\n')) == s2.substr(s2.find('\n')));
}

TEST(SnapshotCli, ImportIntoAShopWithCustomersNeedsReplace) {
    TempFile a(".db"), b(".db"), file(".jsonl");
    seed(a, "30", "7");
    seed(b, "20", "8");
    ASSERT_EQ(run_cli({"--db", a.path(), "snapshot", "export", file.path()}).code, 0);
    const std::string before = stats(b);
    Result r = run_cli({"--db", b.path(), "snapshot", "import", file.path()});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "clientele: the database already holds customers: add --replace to replace "
                     "its whole content with the snapshot\n");
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(stats(b), before);
    r = run_cli({"--db", b.path(), "snapshot", "import", file.path(), "--replace"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(stats(b), stats(a));
}

TEST(SnapshotCli, ABadSnapshotExitsOneAndChangesNothing) {
    TempFile a(".db"), file(".jsonl"), bad(".jsonl");
    seed(a, "20", "7");
    ASSERT_EQ(run_cli({"--db", a.path(), "snapshot", "export", file.path()}).code, 0);
    const std::string before = stats(a);
    std::string text = read_file(file.path());
    const std::string key = "\"schema_version\":";
    const std::size_t at = text.find(key) + key.size();
    text.replace(at, text.find(',', at) - at, "99");
    std::ofstream(bad.path(), std::ios::binary) << text;
    Result r = run_cli({"--db", a.path(), "snapshot", "import", bad.path(), "--replace"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("snapshot schema version 99 is newer than this app's"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("(the database was not changed)"), std::string::npos) << r.err;
    // Truncated.
    std::ofstream(bad.path(), std::ios::binary | std::ios::trunc)
        << read_file(file.path()).substr(0, 5000);
    r = run_cli({"--db", a.path(), "snapshot", "import", bad.path(), "--replace"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("line "), std::string::npos) << r.err;
    EXPECT_EQ(stats(a), before);
    // Files that cannot be read or written.
    r = run_cli({"--db", a.path(), "snapshot", "import", bad.path() + ".missing"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "clientele: cannot open " + bad.path() + ".missing\n");
    const std::string nowhere = file.path() + ".d/sub/out.jsonl";
    r = run_cli({"--db", a.path(), "snapshot", "export", nowhere});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "clientele: cannot write " + nowhere + ".part\n");
    EXPECT_EQ(stats(a), before);
}

TEST(SnapshotCli, UsageErrorsExitTwo) {
    TempFile db(".db");
    const std::vector<std::vector<std::string>> cases = {
        {"--db", db.path(), "snapshot"},
        {"--db", db.path(), "snapshot", "export"},
        {"--db", db.path(), "snapshot", "import"},
        {"--db", db.path(), "snapshot", "copy", "x"},
        {"--db", db.path(), "snapshot", "export", "x", "y"},
        {"--db", db.path(), "snapshot", "export", "x", "--replace"},
        {"--db", db.path(), "snapshot", "import", "x", "--force"},
        {"snapshot", "export", "x"}, // needs --db
    };
    for (const auto& args : cases) {
        Result r = run_cli(args);
        EXPECT_EQ(r.code, 2) << args.back();
        EXPECT_NE(r.err.find("usage:"), std::string::npos);
        EXPECT_TRUE(r.out.empty());
    }
    EXPECT_NE(run_cli({"--help"}).out.find("snapshot import FILE [--replace]"), std::string::npos);
}
