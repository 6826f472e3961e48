// `followup preview|run` in-process over a seeded demo shop: the counts per event, a run that
// sends what the preview announced, never twice, and usage errors.
#include "cli_harness.h"

#include "core/followup.h"
#include "core/store.h"

namespace {

using clientele::test::TempFile;

void enable_all(const std::string& db) {
    clientele::core::Store store(db);
    auto s = clientele::core::load_followup_settings(store.db());
    for (auto& e : s.events)
        e.enabled = true;
    s.best_threshold = 50;
    s.inactive_days = 60;
    clientele::core::save_followup_settings(store.db(), s);
}

} // namespace

TEST(FollowupCli, PreviewThenRunSendsWhatWasAnnouncedOnce) {
    TempFile db;
    ASSERT_EQ(clientele::test::seed_demo(db.path(), "120").code, 0);
    Result p = run_cli({"--db", db.path(), "followup", "preview", "--today", "2026-11-23"});
    ASSERT_EQ(p.code, 0) << p.err;
    EXPECT_NE(p.out.find("abandoned_cart: "), std::string::npos) << p.out;
    EXPECT_NE(p.out.find("(disabled)"), std::string::npos) << p.out;

    enable_all(db.path());
    p = run_cli({"--db", db.path(), "followup", "preview", "--json", "--today", "2026-11-23"});
    ASSERT_EQ(p.code, 0) << p.err;
    json preview = json::parse(p.out);
    ASSERT_EQ(preview["events"].size(), 4u);
    std::int64_t announced = 0;
    for (const auto& e : preview["events"]) {
        EXPECT_TRUE(e["enabled"].get<bool>());
        announced += e["candidates"].get<std::int64_t>();
    }
    EXPECT_GT(announced, 0);

    Result r = run_cli({"--db", db.path(), "followup", "run", "--json", "--today", "2026-11-23"});
    ASSERT_EQ(r.code, 0) << r.err;
    json sent = json::parse(r.out);
    EXPECT_EQ(sent["total"], announced);
    EXPECT_EQ(sent["codes"][0].get<std::string>().rfind("FLW-", 0), 0u);

    r = run_cli({"--db", db.path(), "followup", "run", "--today", "2026-11-23"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "sent 0 vouchers: abandoned_cart 0, thanks 0, best_customer 0, inactive 0\n");
}

TEST(FollowupCli, UsageErrors) {
    TempFile db;
    EXPECT_EQ(run_cli({"--db", db.path(), "followup"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db.path(), "followup", "send"}).code, 2);
    EXPECT_EQ(run_cli({"--db", db.path(), "followup", "run", "--nope"}).code, 2);
    EXPECT_EQ(run_cli({"followup", "preview"}).code, 2); // no --db
}
