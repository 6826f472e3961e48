// Headless UI tests of Follow-up, Loyalty points, Subscriptions, Product reviews, the sheet's
// loyalty and consent tabs, and the demo-account banner.
#include "ui_harness.h"

#include "core/audit.h"
#include "core/customers.h"
#include "core/demo.h"
#include "core/followup.h"
#include "core/loyalty_demo.h"
#include "ui/demo_warning.h"
#include "ui/views/customer_sheet_view.h"
#include "ui/views/followup_view.h"
#include "ui/views/loyalty_view.h"
#include "ui/views/reviews_view.h"
#include "ui/views/subscriptions_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using clientele::test::UiHarness;
using namespace clientele;
using nlohmann::json;

namespace {

struct LoyaltyScreens {
    LoyaltyScreens() {
        core::DemoOptions o;
        o.customers = 120;
        o.today = core::today_date(); // the screens use the real "now"
        core::generate_demo(h.store.db(), o);
        core::seed_loyalty_demo(h.store.db(), o.today);
        h.frame(2);
    }
    template <typename V> V& view(const std::string& id) {
        h.app->select_view(id);
        h.frame(2);
        for (auto* v : h.app->views_for_tests())
            if (auto* typed = dynamic_cast<V*>(v))
                return *typed;
        throw std::runtime_error("no view " + id);
    }
    json state() { return json::parse(h.app->state_json()); }
    std::int64_t count(const std::string& sql) { return h.store.db().scalar_int(sql); }
    void finish_job() {
        for (int i = 0; i < 500 && h.app->job_running(); ++i)
            h.frame();
    }
    UiHarness h;
};

} // namespace

TEST(UiLoyalty, EveryScreenIsInTheSidebar) {
    LoyaltyScreens m;
    for (const char* id : {"followup", "loyalty", "subscriptions", "reviews"}) {
        ASSERT_TRUE(m.h.click(std::string("nav.") + id)) << id;
        EXPECT_EQ(m.state()["view"], id);
    }
}

TEST(UiLoyalty, FollowupValidatesSavesPreviewsRunsWithConfirmationAndCounts) {
    LoyaltyScreens m;
    auto& f = m.view<ui::FollowupView>("followup");
    f.set_field("percent_2", "150");
    f.set_field("days_threshold_4", "abc");
    m.h.frame(2);
    json st = m.state()["followup"];
    EXPECT_TRUE(st["edited"].get<bool>());
    ASSERT_EQ(st["errors"].size(), 2u);
    EXPECT_FALSE(f.save());
    f.set_field("percent_2", "12");
    f.set_field("days_threshold_4", "90");
    for (auto e : core::kFollowupEvents)
        f.set_enabled(e, true);
    ASSERT_TRUE(f.save());
    m.h.frame(2);
    const auto preview = f.preview();
    const std::int64_t announced = preview[0] + preview[1] + preview[2] + preview[3];
    ASSERT_GT(announced, 0);
    // Run now asks first; the confirmation's Run starts the job.
    ASSERT_TRUE(m.h.click("followup.run_now"));
    ASSERT_TRUE(m.h.click("followup.confirm"));
    m.finish_job();
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_cart_rule WHERE code LIKE 'FLW-%'"), announced);
    m.h.frame(2);
    st = m.state()["followup"];
    EXPECT_EQ(st["last_sent"], announced);
    std::int64_t sent = 0;
    for (const auto& s : st["stats"])
        sent += s["sent"].get<std::int64_t>();
    EXPECT_EQ(sent, announced);
    EXPECT_EQ(st["preview"], json::array({0, 0, 0, 0}));
    // Ctrl+Z takes the whole run back.
    m.h.app->undo();
    m.h.frame(2);
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM ps_cart_rule WHERE code LIKE 'FLW-%'"), 0);
}

TEST(UiLoyalty, LoyaltyListConvertsAndValidatesSettings) {
    LoyaltyScreens m;
    auto& l = m.view<ui::LoyaltyView>("loyalty");
    ASSERT_GT(l.total(), 0);
    const core::LoyaltyRow first = *l.row_at(0);
    ASSERT_TRUE(m.h.click("loyalty.convert.0"));
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM cl_loyalty_conversion WHERE id_customer = " +
                      std::to_string(first.id_customer)),
              1);
    l.set_rate_text("0");
    EXPECT_FALSE(l.save_settings());
    ASSERT_EQ(l.errors().size(), 1u);
    EXPECT_EQ(l.errors()[0].code, "err.loyalty_rate");
    l.set_rate_text("20");
    EXPECT_TRUE(l.save_settings());
}

TEST(UiLoyalty, SubscriptionsFilterPauseAndCreate) {
    LoyaltyScreens m;
    auto& s = m.view<ui::SubscriptionsView>("subscriptions");
    const std::int64_t all = s.total();
    ASSERT_GT(all, 0);
    s.set_status(core::SubscriptionStatus::Active);
    const std::int64_t active = s.total();
    ASSERT_GT(active, 0);
    s.set_due_days(7);
    EXPECT_LE(s.total(), active);
    s.set_due_days(-1);
    const std::int64_t id = s.row_at(0)->id;
    ASSERT_TRUE(m.h.click("subscriptions.pause.0"));
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM cl_subscription WHERE status = 'paused' AND "
                      "id_subscription = " +
                      std::to_string(id)),
              1);
    ui::SubscriptionWindow w(m.h.app->context_for_tests(), 0);
    w.customer_text() = "999999";
    w.revalidate();
    EXPECT_FALSE(w.save());
    w.customer_text() = "1";
    w.revalidate();
    EXPECT_TRUE(w.save()) << (w.errors().empty() ? "" : w.errors()[0].field);
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM cl_subscription"), all + 1);
}

TEST(UiLoyalty, ReviewsModerateTickedReplyAndUndo) {
    LoyaltyScreens m;
    auto& r = m.view<ui::ReviewsView>("reviews");
    r.set_status(core::ReviewStatus::Pending);
    const std::int64_t pending = r.total();
    ASSERT_GE(pending, 2);
    m.h.frame(2);
    ASSERT_TRUE(m.h.click("nav.reviews")); // as a person gets there (the mouse is in the window)
    ASSERT_TRUE(m.h.click("reviews.tick.0"));
    EXPECT_EQ(m.state()["reviews"]["ticked"], 1);
    ASSERT_TRUE(m.h.click("reviews.tick.1"));
    EXPECT_EQ(m.state()["reviews"]["ticked"], 2);
    ASSERT_TRUE(m.h.click("reviews.approve_ticked"));
    EXPECT_EQ(r.total(), pending - 2);
    m.h.app->undo();
    EXPECT_EQ(r.total(), pending);
    const std::int64_t id = r.row_at(0)->id;
    ui::ReviewWindow w(m.h.app->context_for_tests(), id);
    w.set_reply_text("Merci !");
    ASSERT_TRUE(w.save_reply());
    EXPECT_EQ(m.count("SELECT COUNT(*) FROM cl_product_review WHERE reply = 'Merci !'"), 1);
}

TEST(UiLoyalty, SheetShowsLoyaltyAndConsents) {
    LoyaltyScreens m;
    core::set_flag(m.h.store.db(), {1}, core::Flag::Optin, false);
    m.h.app->open_customer(1);
    m.h.frame(3);
    ASSERT_TRUE(m.h.click("sheet.1.sheet.consents"));
    ASSERT_TRUE(m.h.click("sheet.1.sheet.loyalty"));
    auto* sheet = dynamic_cast<ui::CustomerSheetView*>(m.h.app->windows().front().get());
    ASSERT_NE(sheet, nullptr);
    ui::ConsentSheetPanel consents(m.h.app->context_for_tests(), 1);
    ASSERT_EQ(consents.entries().size(), 1u);
    EXPECT_EQ(consents.entries()[0].consent, "optin");
    EXPECT_FALSE(consents.entries()[0].given);
}

TEST(UiLoyalty, DemoAccountBannerDisableAndUndo) {
    LoyaltyScreens m;
    m.h.frame(2);
    ASSERT_TRUE(ui::DemoWarning::shown(m.h.app->context_for_tests()));
    ASSERT_GT(ui::test_hooks::widget("demo_warning").w, 0);
    ASSERT_TRUE(m.h.click("demo_warning.disable"));
    EXPECT_FALSE(ui::DemoWarning::shown(m.h.app->context_for_tests()));
    m.h.frame(2);
    EXPECT_EQ(ui::test_hooks::widget("demo_warning").w, 0);
    m.h.app->undo();
    m.h.frame(2);
    EXPECT_TRUE(ui::DemoWarning::shown(m.h.app->context_for_tests()));
    EXPECT_FALSE(ui::DemoWarning::change_password(m.h.app->context_for_tests(), "123456789"));
    EXPECT_TRUE(ui::DemoWarning::change_password(m.h.app->context_for_tests(), "s3cret-enough"));
    EXPECT_FALSE(ui::DemoWarning::shown(m.h.app->context_for_tests()));
}
