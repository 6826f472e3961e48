// `segment` and `rfm` on a seeded demo shop: the JSON shape, the count against the grid's own
// filters, paging, parse errors with their position (exit 1), bad usage (exit 2), and the RFM
// sizes adding up and usable in a segment.
#include "cli_harness.h"

namespace {

using clientele::test::TempFile;

class SegmentsCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        db_ = new TempFile(".db");
        Result r = clientele::test::seed_demo(db_->path(), "300");
        ASSERT_EQ(r.code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete db_;
        db_ = nullptr;
    }
    static Result cli(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db_->path()});
        return run_cli(args);
    }
    static TempFile* db_;
};
TempFile* SegmentsCli::db_ = nullptr;

TEST_F(SegmentsCli, JsonCountAndRows) {
    Result r = cli({"segment", "orders >= 2 AND newsletter", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_TRUE(j["count"].is_number_integer());
    ASSERT_TRUE(j["rows"].is_array());
    EXPECT_GT(j["count"].get<std::int64_t>(), 0);
    EXPECT_EQ(j["rows"].size(), std::min<std::size_t>(100, j["count"].get<std::size_t>()));
    for (const json& row : j["rows"]) {
        EXPECT_GE(row["orders"].get<int>(), 2);
        EXPECT_TRUE(row.contains("email"));
    }
    // The same customers as the list's filters.
    Result list = cli({"list", "customers", "--filter", "valid_orders=2..", "--filter",
                       "newsletter=1", "--json", "--limit", "1"});
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_EQ(json::parse(list.out)["total"], j["count"]);
    // Paging.
    Result page =
        cli({"segment", "orders >= 2 AND newsletter", "--json", "--limit", "2", "--offset", "1"});
    ASSERT_EQ(page.code, 0) << page.err;
    json p = json::parse(page.out);
    ASSERT_EQ(p["rows"].size(), 2u);
    EXPECT_EQ(p["rows"][0]["id"], j["rows"][1]["id"]);
    // Text output: the count first.
    Result text = cli({"segment", "id = 1"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_EQ(text.out.rfind("1 customer\n1\t", 0), 0u) << text.out;
}

TEST_F(SegmentsCli, ParseErrorsExitOneWithThePosition) {
    Result r = cli({"segment", "country = FR AND orders >=", "--json"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("expected a value after '>=' at 26"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
    r = cli({"segment", "lastname = \"x'; DROP TABLE ps_customer; --\""});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "0 customers\n");
    EXPECT_EQ(cli({"segment"}).code, 2);
    EXPECT_EQ(cli({"segment", "newsletter", "--limit", "x"}).code, 2);
    EXPECT_EQ(cli({"segment", "newsletter", "--bogus"}).code, 2);
}

TEST_F(SegmentsCli, RfmSizesAddUpAndDriveSegments) {
    Result r = cli({"rfm", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_EQ(j["segments"].size(), 11u);
    std::int64_t sum = 0;
    for (const json& s : j["segments"])
        sum += s["customers"].get<std::int64_t>();
    EXPECT_EQ(sum, j["scored"].get<std::int64_t>());
    EXPECT_GT(sum, 0);
    EXPECT_FALSE(j["computed_at"].get<std::string>().empty());
    EXPECT_EQ(j["segments"][0]["slug"], "champions");
    // Every scored customer is in one segment; segments count the live ones.
    std::int64_t live = 0;
    for (const json& s : j["segments"]) {
        Result seg =
            cli({"segment", "rfm = " + s["slug"].get<std::string>(), "--json", "--limit", "0"});
        ASSERT_EQ(seg.code, 0) << seg.err;
        live += json::parse(seg.out)["count"].get<std::int64_t>();
    }
    Result any = cli({"segment", "orders > 0", "--json", "--limit", "0"});
    EXPECT_EQ(live, json::parse(any.out)["count"].get<std::int64_t>());
    Result text = cli({"rfm"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("Champions\t"), std::string::npos);
    EXPECT_EQ(cli({"rfm", "extra"}).code, 2);
}

} // namespace
