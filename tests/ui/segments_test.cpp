// Headless UI tests of the Segments screen: typing a segment gives its count (time-boxed) and
// a marked error, the builder writes the same text, saved segments (save, load, rename,
// delete, undo), the segment driving the customers grid (chip, clear, every result selected
// for a bulk action) and a follow-up run, RFM recompute as a job and its bars loading "rfm = ...".
#include "ui_harness.h"

#include "core/audit.h"
#include "core/customer_query.h"
#include "core/demo.h"
#include "core/followup.h"
#include "core/segments.h"
#include "ui/views/customers_view.h"
#include "ui/views/followup_view.h"
#include "ui/views/segments_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct SegmentsScreen : clientele::test::DemoUi {
    SegmentsScreen() : DemoUi(150) {}
    json seg_state() { return state()["segments"]; }
    void until(const std::function<bool()>& done) {
        for (int i = 0; i < 500 && !done(); ++i)
            h.frame();
    }
};

} // namespace

TEST(UiSegments, IsInTheSidebar) {
    SegmentsScreen s;
    ASSERT_TRUE(s.h.click("nav.segments"));
    EXPECT_EQ(s.state()["view"], "segments");
}

TEST(UiSegments, TypingCountsAndMarksErrors) {
    SegmentsScreen s;
    auto& v = s.view<ui::SegmentsView>("segments");
    v.set_count_budget(std::chrono::microseconds(0));
    ASSERT_TRUE(s.h.click("segments.text"));
    s.h.type("orders >= 2 AND newsletter");
    EXPECT_EQ(v.text(), "orders >= 2 AND newsletter");
    s.until([&] { return !v.counting(); });
    const std::int64_t expected = core::count_segment(s.h.store.db(), v.text());
    EXPECT_GT(expected, 0);
    EXPECT_EQ(v.count(), expected);
    EXPECT_EQ(s.seg_state()["count"], expected);
    // An error: its position, the message, no count.
    ASSERT_TRUE(s.h.click("segments.new")); // the text field lets go of the keyboard
    v.set_text("orders >= 2 AND amount_spent >");
    s.h.frame();
    EXPECT_EQ(s.seg_state()["error_position"], 30);
    EXPECT_EQ(s.seg_state()["error"], "expected a value after '>' at 30");
    EXPECT_GT(ui::test_hooks::widget("segments.error").w, 0);
}

TEST(UiSegments, TheBuilderWritesTheText) {
    SegmentsScreen s;
    auto& v = s.view<ui::SegmentsView>("segments");
    v.add_condition("orders", ">=", "3");
    v.add_condition("country", "IN", "FR, ES");
    v.add_condition("group", "=", "Best clients");
    v.add_condition("newsletter", "yes", "");
    v.add_condition("optin", "no", "");
    v.add_condition("bought", "not bought", "15");
    v.add_condition("last_order", "<", "90d");
    EXPECT_EQ(v.text(), "orders >= 3 AND country IN (FR, ES) AND group = \"Best clients\" AND "
                        "newsletter AND NOT optin AND NOT bought(15) AND last_order < 90d");
    EXPECT_EQ(s.seg_state()["error"], "");
    // Through the widgets: the default fact is the first one (id).
    ASSERT_TRUE(s.h.click("segments.new"));
    ASSERT_TRUE(s.h.click("segments.value"));
    s.h.type("7");
    ASSERT_TRUE(s.h.click("segments.add"));
    EXPECT_EQ(v.text(), "id >= 7");
}

TEST(UiSegments, SaveLoadRenameDeleteUndo) {
    SegmentsScreen s;
    auto& v = s.view<ui::SegmentsView>("segments");
    v.set_text("newsletter");
    s.h.frame(2);             // the count's line moves the widgets below it
    EXPECT_FALSE(v.save("")); // a name is required
    ASSERT_TRUE(s.h.click("segments.name"));
    s.h.type("Readers");
    ASSERT_TRUE(s.h.click("segments.save"));
    ASSERT_EQ(s.seg_state()["saved"], json::array({"Readers"}));
    const std::int64_t id = v.selected();
    ASSERT_GT(id, 0);
    ASSERT_TRUE(s.h.click("segments.new"));
    EXPECT_EQ(v.text(), "");
    ASSERT_TRUE(s.h.click("segments.item.Readers"));
    EXPECT_EQ(v.text(), "newsletter");
    EXPECT_EQ(v.selected(), id);
    ASSERT_TRUE(s.h.click("segments.rename"));
    ASSERT_TRUE(s.h.click("segments.rename_to"));
    s.h.type(" club");
    ASSERT_TRUE(s.h.click("segments.rename_ok"));
    EXPECT_EQ(core::load_segment(s.h.store.db(), id)->name, "Readers club");
    ASSERT_TRUE(s.h.click("segments.delete"));
    EXPECT_TRUE(core::list_segments(s.h.store.db()).empty());
    core::audit::undo(s.h.store.db());
    s.h.frame(2);
    EXPECT_EQ(s.seg_state()["saved"], json::array({"Readers club"}));
}

TEST(UiSegments, TheSegmentDrivesTheCustomersGrid) {
    SegmentsScreen s;
    auto& v = s.view<ui::SegmentsView>("segments");
    v.set_text("orders >= 2");
    s.h.frame(2);
    const std::int64_t expected = core::count_segment(s.h.store.db(), "orders >= 2");
    ASSERT_TRUE(s.h.click("segments.show"));
    EXPECT_EQ(s.state()["view"], "customers");
    auto& grid = s.view<ui::CustomersView>("customers");
    s.until([&] { return !grid.counting(); });
    EXPECT_EQ(grid.segment(), "orders >= 2");
    EXPECT_EQ(grid.total(), expected);
    EXPECT_GT(ui::test_hooks::widget("customers.segment").w, 0);
    // Cleared with the chip's button.
    ASSERT_TRUE(s.h.click("customers.segment_clear"));
    s.until([&] { return !grid.counting(); });
    EXPECT_EQ(grid.segment(), "");
    EXPECT_EQ(grid.total(), core::count_segment(s.h.store.db(), "id > 0"));
    // Bulk action: every result selected.
    s.view<ui::SegmentsView>("segments");
    s.h.frame(2);
    ASSERT_TRUE(s.h.click("segments.bulk"));
    EXPECT_EQ(s.state()["view"], "customers");
    EXPECT_EQ(static_cast<std::int64_t>(grid.selection().size()), expected);
    core::BulkAction off;
    off.kind = core::BulkKind::NewsletterOff;
    grid.start_bulk(off);
    s.until([&] { return !s.h.app->job_running(); });
    EXPECT_EQ(core::count_segment(s.h.store.db(), "orders >= 2 AND newsletter"), 0);
}

TEST(UiSegments, RfmRecomputeAndBars) {
    SegmentsScreen s;
    s.view<ui::SegmentsView>("segments");
    EXPECT_EQ(s.seg_state()["rfm_computed_at"], "");
    ASSERT_TRUE(s.h.click("segments.rfm_recompute"));
    s.until([&] { return !s.h.app->job_running(); });
    s.h.frame(2);
    EXPECT_NE(s.seg_state()["rfm_computed_at"], "");
    std::int64_t sum = 0;
    const json rfm = s.seg_state()["rfm"];
    for (const auto& item : rfm.items())
        sum += item.value().get<std::int64_t>();
    EXPECT_EQ(sum, s.h.store.db().scalar_int("SELECT COUNT(*) FROM cl_customer_stats WHERE "
                                             "valid_orders > 0"));
    ASSERT_TRUE(s.h.click("segments.rfm.lost"));
    EXPECT_EQ(s.seg_state()["text"], "rfm = lost");
}

TEST(UiSegments, TheSegmentDrivesAFollowupRun) {
    SegmentsScreen s;
    core::Database& db = s.h.store.db();
    core::FollowupSettings settings = core::load_followup_settings(db);
    for (auto e : core::kFollowupEvents)
        settings.of(e).enabled = true;
    core::save_followup_settings(db, settings);
    const std::string text = "orders >= 2";
    core::CustomerQuery q;
    q.segment = text;
    std::vector<std::int64_t> members = core::query_customer_ids(db, q);
    std::sort(members.begin(), members.end());
    const auto everyone = core::preview_followup(db, settings, "");
    const auto expected = core::preview_followup(db, settings, "", &members);
    const std::int64_t reach = expected[0] + expected[1] + expected[2] + expected[3];
    ASSERT_GT(reach, 0);
    ASSERT_LT(reach, everyone[0] + everyone[1] + everyone[2] + everyone[3]);

    // Segments > Follow-up…: the follow-up screen opens with the segment as its audience.
    auto& v = s.view<ui::SegmentsView>("segments");
    v.set_text(text);
    s.h.frame(2);
    ASSERT_TRUE(s.h.click("segments.followup"));
    EXPECT_EQ(s.state()["view"], "followup");
    s.h.frame(2);
    json st = s.state()["followup"];
    EXPECT_EQ(st["audience"]["text"], text);
    EXPECT_EQ(st["audience"]["members"], members.size());
    EXPECT_EQ(st["preview"], json(expected));
    // The run reaches the members only.
    ASSERT_TRUE(s.h.click("followup.run_now"));
    ASSERT_TRUE(s.h.click("followup.confirm"));
    s.finish_job();
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_cart_rule WHERE code LIKE 'FLW-%'"), reach);
    std::string ids;
    for (auto id : members)
        ids += (ids.empty() ? "" : ",") + std::to_string(id);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM ps_cart_rule WHERE code LIKE 'FLW-%' AND "
                      "id_customer NOT IN (" +
                      ids + ")"),
              0);
    // Back to everyone: the other customers are still to reach.
    ASSERT_TRUE(s.h.click("followup.audience"));
    ASSERT_TRUE(s.h.click("followup.audience.everyone"));
    s.h.frame(2);
    st = s.state()["followup"];
    EXPECT_EQ(st["audience"]["text"], "");
    const auto after = core::preview_followup(db, core::load_followup_settings(db), "");
    EXPECT_EQ(st["preview"], json(after));
    EXPECT_GT(after[0] + after[1] + after[2] + after[3], 0);
}
