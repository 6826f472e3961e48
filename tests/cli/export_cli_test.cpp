// `export` and `gdpr` commands in-process (cli::run with string streams) over temporary
// database files: files written with -o, standard output without, formats, usage errors
// (exit 2), an unknown customer (exit 1), erase then log.
#include "cli_harness.h"

namespace {

using TempFiles = clientele::test::TempDir;

std::string slurp(const std::string& path) {
    return clientele::test::read_file(path);
}

std::string seeded(TempFiles& files) {
    std::string db = files.path("shop.db");
    Result r = clientele::test::seed_demo(db, "40");
    EXPECT_EQ(r.code, 0) << r.err;
    return db;
}

} // namespace

TEST(ExportCli, CustomersAndAddressesInEveryFormat) {
    TempFiles files;
    const std::string db = seeded(files);

    const std::string excel = files.path("customers.csv");
    Result r = run_cli({"--db", db, "export", "customers", "--format", "excel", "-o", excel});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "exported 41 customers to " + excel + "\n");
    const std::string text = slurp(excel);
    EXPECT_EQ(text.rfind("\xEF\xBB\xBFID;Social title;First name;Last name;Email address;", 0), 0u);
    EXPECT_EQ(text.find("$2y$"), std::string::npos);

    r = run_cli({"--db", db, "export", "customers"}); // CSV on standard output
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("ID,Social title,", 0), 0u);

    const std::string cjson = files.path("customers.json");
    r = run_cli({"--db", db, "export", "customers", "--format", "json", "--output", cjson});
    ASSERT_EQ(r.code, 0) << r.err;
    json customers = json::parse(slurp(cjson));
    ASSERT_TRUE(customers.is_array());
    EXPECT_EQ(customers.size(), 41u);
    EXPECT_EQ(customers[0]["email"], "pub@prestashop.com");
    EXPECT_TRUE(customers[0].contains("last_visit"));

    const std::string addresses = files.path("addresses.csv");
    r = run_cli({"--db", db, "export", "addresses", "-o", addresses});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(slurp(addresses).rfind("Address ID,Alias*,Active (0/1),Customer e-mail*,", 0), 0u);

    r = run_cli({"--db", db, "export", "addresses", "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json a = json::parse(r.out);
    ASSERT_TRUE(a.is_array());
    EXPECT_GT(a.size(), 40u);
    EXPECT_EQ(a[0]["customer_email"], "pub@prestashop.com");
}

TEST(ExportCli, GdprExportEraseAndLog) {
    TempFiles files;
    const std::string db = seeded(files);

    Result r = run_cli({"--db", db, "gdpr", "export", "--customer", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["id_customer"], 1);
    EXPECT_EQ(j["customer"]["email"], "pub@prestashop.com");
    EXPECT_EQ(r.out.find("$2y$"), std::string::npos);
    EXPECT_FALSE(j["customer"].contains("passwd"));
    EXPECT_TRUE(j["customer"].contains("last_passwd_gen")); // a date, not the hash

    const std::string csv = files.path("john.csv");
    r = run_cli({"--db", db, "gdpr", "export", "--customer", "1", "--format", "csv", "-o", csv});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(slurp(csv).rfind("Personal data export\r\nCustomer ID,1\r\n", 0), 0u);

    r = run_cli({"--db", db, "gdpr", "erase", "--customer", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("erased customer #1;", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("addresses"), std::string::npos);
    EXPECT_NE(r.out.find("cannot be undone"), std::string::npos);

    r = run_cli({"--db", db, "gdpr", "log", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json log = json::parse(r.out);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0]["request_type"], "erase");
    EXPECT_EQ(log[0]["reference"], "customer #1");
    EXPECT_EQ(log[0]["counts"]["customer"], 1);
    EXPECT_EQ(r.out.find("prestashop.com"), std::string::npos);
    EXPECT_EQ(r.out.find("John"), std::string::npos);

    r = run_cli({"--db", db, "gdpr", "log"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("3 GDPR requests\n", 0), 0u);

    // The erased customer is now unknown: exit 1, one line.
    for (const char* what : {"export", "erase"}) {
        r = run_cli({"--db", db, "gdpr", what, "--customer", "1"});
        EXPECT_EQ(r.code, 1) << what;
        EXPECT_EQ(r.err, "clientele: no customer with id 1\n");
        EXPECT_TRUE(r.out.empty());
    }
}

TEST(ExportCli, UsageErrorsExitTwo) {
    TempFiles files;
    const std::string db = files.path("empty.db");
    const std::vector<std::vector<std::string>> cases = {
        {"--db", db, "export"},
        {"--db", db, "export", "orders"},
        {"--db", db, "export", "customers", "--format", "xml"},
        {"--db", db, "export", "customers", "-o"},
        {"--db", db, "export", "customers", "--bogus"},
        {"--db", db, "gdpr"},
        {"--db", db, "gdpr", "forget", "--customer", "1"},
        {"--db", db, "gdpr", "export"},
        {"--db", db, "gdpr", "erase", "--customer", "abc"},
        {"--db", db, "gdpr", "export", "--customer", "1", "--format", "pdf"},
        {"--db", db, "gdpr", "log", "--customer", "1"},
        {"gdpr", "log"}, // needs --db
    };
    for (const auto& args : cases) {
        std::string joined;
        for (const auto& a : args)
            joined += a + " ";
        Result r = run_cli(args);
        EXPECT_EQ(r.code, 2) << joined;
        EXPECT_NE(r.err.find("usage:"), std::string::npos) << joined;
        EXPECT_TRUE(r.out.empty()) << joined;
    }
    // The usage text lists the commands.
    Result help = run_cli({"--help"});
    EXPECT_NE(help.out.find("gdpr erase --customer ID"), std::string::npos);
    EXPECT_NE(help.out.find("export customers|addresses"), std::string::npos);
}
