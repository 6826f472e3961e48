// `statistics`, `duplicates` and `merge` in-process over a seeded demo shop file.
#include "cli_harness.h"

#include "core/db.h"
#include "core/store.h"

namespace {
using clientele::test::TempFile;
} // namespace

TEST(StatisticsCli, FiguresAsTextAndJson) {
    TempFile db;
    ASSERT_EQ(clientele::test::seed_demo(db.path(), "150").code, 0);
    Result text = run_cli({"--db", db.path(), "statistics", "--today", "2026-11-23", "--preset",
                           "year", "--top", "3"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("range: 2026-01-01 to 2026-11-23\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("timings (ms): top_customers="), std::string::npos) << text.out;
    Result j = run_cli({"--db", db.path(), "statistics", "--json", "--top", "3"});
    ASSERT_EQ(j.code, 0) << j.err;
    json report = json::parse(j.out);
    EXPECT_EQ(report["top_customers"].size(), 3u);
    EXPECT_GT(report["average_basket"]["orders"].get<int>(), 0);
    EXPECT_EQ(report["timings_ms"].size(), 10u);
    EXPECT_TRUE(report.contains("total_ms"));

    Result bad =
        run_cli({"--db", db.path(), "statistics", "--from", "2026-05-01", "--to", "2026-01-01"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("--to"), std::string::npos) << bad.err;
    EXPECT_EQ(run_cli({"--db", db.path(), "statistics", "--preset", "decade"}).code, 2);
}

TEST(StatisticsCli, DuplicatesThenMerge) {
    TempFile db;
    ASSERT_EQ(clientele::test::seed_demo(db.path(), "40").code, 0);
    Result none = run_cli({"--db", db.path(), "duplicates", "--json"});
    ASSERT_EQ(none.code, 0) << none.err;
    const std::size_t before = json::parse(none.out)["groups"].size();
    // A second account for John Doe with his e-mail written differently.
    {
        clientele::core::Store store(db.path());
        store.db().exec("INSERT INTO ps_customer(firstname, lastname, email, is_guest, date_add, "
                        "date_upd) VALUES ('John', 'DOE', 'Pub@PrestaShop.com', 1, "
                        "'2026-01-01', '2026-01-01')");
    }
    Result found = run_cli({"--db", db.path(), "duplicates", "--json"});
    json groups = json::parse(found.out)["groups"];
    ASSERT_EQ(groups.size(), before + 1);
    std::int64_t keep = 0, other = 0;
    for (const auto& g : groups)
        for (const auto& r : g["reasons"])
            if (r["key"] == "pub@prestashop.com") {
                keep = g["ids"][0];
                other = g["ids"][1];
            }
    ASSERT_GT(other, 0);
    Result text = run_cli({"--db", db.path(), "duplicates"});
    EXPECT_NE(text.out.find("email pub@prestashop.com"), std::string::npos) << text.out;

    Result merged =
        run_cli({"--db", db.path(), "merge", std::to_string(keep), std::to_string(other)});
    ASSERT_EQ(merged.code, 0) << merged.err;
    EXPECT_EQ(merged.out.rfind(
                  "merged #" + std::to_string(other) + " into #" + std::to_string(keep) + ":", 0),
              0u)
        << merged.out;
    EXPECT_EQ(
        json::parse(run_cli({"--db", db.path(), "duplicates", "--json"}).out)["groups"].size(),
        before);
    Result again =
        run_cli({"--db", db.path(), "merge", std::to_string(keep), std::to_string(other)});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("no such customer"), std::string::npos) << again.err;
    EXPECT_EQ(run_cli({"--db", db.path(), "merge", "1"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db.path(), "merge", "x", "2"}).code, 2);
}
