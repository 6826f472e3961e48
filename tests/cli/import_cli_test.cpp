// `clientele import customers|addresses FILE`: PrestaShop's sample files through the command
// line (real bcrypt cost), the one-line summary, the JSON report, exit codes of both modes and
// bad usage.
#include "cli_harness.h"

namespace {

using clientele::test::TempDir;

std::string read(const std::string& path) {
    return clientele::test::read_file(path);
}

const std::string kSamples =
    std::string(CLIENTELE_SOURCE_DIR) + "/tests/data/conformance/prestashop/";

} // namespace

TEST(ImportCli, PrestaShopSampleFilesWithAJsonReport) {
    TempDir tmp;
    const std::string db = tmp.path("shop.db");
    Result r = run_cli({"--db", db, "import", "customers", kSamples + "customers_import.csv",
                        "--report", tmp.path("customers.json")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "customers: 9 imported, 0 updated, 0 skipped, 0 errors\n");
    EXPECT_EQ(read(tmp.path("customers.json")),
              "{\"imported\": 9, \"updated\": 0, \"skipped\": 0, \"errors\": [], "
              "\"skipped_rows\": []}\n");

    r = run_cli({"--db", db, "import", "addresses", kSamples + "addresses_import.csv", "--report",
                 tmp.path("addresses.json")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "addresses: 11 imported, 0 updated, 5 skipped, 0 errors\n");
    json report = json::parse(read(tmp.path("addresses.json")));
    EXPECT_EQ(report["imported"], 11);
    ASSERT_EQ(report["skipped_rows"].size(), 5u);
    EXPECT_EQ(report["skipped_rows"][0]["line"], 13);

    // Importing the customers again updates them (by e-mail).
    r = run_cli({"--db", db, "import", "customers", kSamples + "customers_import.csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "customers: 0 imported, 9 updated, 0 skipped, 0 errors\n");
    r = run_cli({"--db", db, "stats", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["customers"], 9);
}

TEST(ImportCli, ErrorsFailAnAllOrNothingImportAndNotAValidRowsOne) {
    TempDir tmp;
    const std::string db = tmp.path("shop.db");
    const std::string file = tmp.write("bad.csv", "Email;Last Name;First Name\n"
                                                  "ok@example.com;Good;Row\n"
                                                  "foo@;Bad;Row\n");
    Result r = run_cli({"--db", db, "import", "customers", file, "--report", tmp.path("r.json")});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "customers: 0 imported, 0 updated, 2 skipped, 1 errors; nothing was written "
                     "(all-or-nothing); first: line 3 email: invalid e-mail address 'foo@'\n");
    json report = json::parse(read(tmp.path("r.json")));
    EXPECT_EQ(report["errors"][0]["line"], 3);
    EXPECT_EQ(report["errors"][0]["field"], "email");
    EXPECT_EQ(report["errors"][0]["reason"], "invalid e-mail address 'foo@'");
    r = run_cli({"--db", db, "stats", "--json"});
    EXPECT_EQ(json::parse(r.out)["customers"], 0);

    r = run_cli({"--db", db, "import", "customers", file, "--mode", "valid-rows", "--match", "id"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "customers: 1 imported, 0 updated, 1 skipped, 1 errors\n");
}

TEST(ImportCli, BadUsageAndUnreadableFiles) {
    TempDir tmp;
    const std::string db = tmp.path("shop.db");
    const std::string file = tmp.write("c.csv", "Email;Last Name;First Name\n");
    EXPECT_EQ(run_cli({"--db", db, "import", "customers"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db, "import", "orders", file}).code, 2);
    EXPECT_EQ(run_cli({"--db", db, "import", "customers", file, "--mode", "some"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db, "import", "customers", file, "--match", "name"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db, "import", "customers", file, "--report"}).code, 2);
    Result r = run_cli({"--db", db, "import", "customers", tmp.path("missing.csv")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
    r = run_cli({"--db", db, "import", "customers", tmp.write("empty.csv", "")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("the file is empty"), std::string::npos) << r.err;
    r = run_cli({"--db", db, "import", "addresses", file});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("no column is mapped to the required field 'Alias'"), std::string::npos)
        << r.err;
    EXPECT_NE(cli::usage(), nullptr);
    EXPECT_NE(std::string(cli::usage()).find("import customers|addresses FILE"), std::string::npos);
}
