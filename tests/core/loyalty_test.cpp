// Follow-up vouchers, loyalty points, subscriptions, product reviews, the consent log and the
// demo account warning (issue 7, parts 3, 6 and 8), over small hand-made shops.
#include "shop_fixture.h"

#include "core/audit.h"
#include "core/consents.h"
#include "core/customers.h"
#include "core/demo.h"
#include "core/followup.h"
#include "core/importer.h"
#include "core/jobs.h"
#include "core/loyalty.h"
#include "core/loyalty_demo.h"
#include "core/password.h"
#include "core/reviews.h"
#include "core/subscriptions.h"

using namespace clientele::core;
namespace imp = clientele::core::import;
using clientele::test::count;
using clientele::test::has_error;
using clientele::test::text_of;

namespace {

constexpr const char* kToday = "2026-11-23";

struct Shop {
    Shop() : store(":memory:"), db(store.db()) {
        db.exec("INSERT INTO ps_product(id_product, price, date_add, date_upd) VALUES "
                "(1, 20, '2026-01-01', '2026-01-01'), (2, 35, '2026-01-01', '2026-01-01')");
        db.exec("INSERT INTO ps_product_lang VALUES (1, 1, 'Mug'), (2, 1, 'Poster'), "
                "(1, 2, 'Tasse')");
    }
    std::int64_t customer(const std::string& email, bool guest = false, bool newsletter = false) {
        db.prepare("INSERT INTO ps_customer(firstname, lastname, email, is_guest, active, "
                   "newsletter, date_add, date_upd) VALUES ('Ann', 'Lee', ?1, ?2, 1, ?3, "
                   "'2025-01-01', '2025-01-01')")
            .bind_all(email, guest, newsletter)
            .run();
        return db.last_insert_id();
    }
    std::int64_t order(std::int64_t customer, double total, const std::string& date,
                       bool valid = true, std::int64_t cart = 0) {
        db.prepare("INSERT INTO ps_orders(reference, id_customer, id_cart, current_state, "
                   "payment, total_paid_real, valid, date_add, date_upd) VALUES ('REF', ?1, ?2, "
                   "?3, 'Bank wire', ?4, ?5, ?6, ?6)")
            .bind_all(customer, cart > 0 ? std::optional<std::int64_t>(cart) : std::nullopt,
                      valid ? 2 : 6, total, valid, date)
            .run();
        return db.last_insert_id();
    }
    std::int64_t cart(std::int64_t customer, const std::string& date, bool with_product = true) {
        db.prepare("INSERT INTO ps_cart(id_customer, date_add, date_upd) VALUES (?1, ?2, ?2)")
            .bind_all(customer, date)
            .run();
        const std::int64_t id = db.last_insert_id();
        if (with_product)
            db.prepare("INSERT INTO ps_cart_product(id_cart, id_product, quantity, date_add) "
                       "VALUES (?1, 1, 2, ?2)")
                .bind_all(id, date)
                .run();
        return id;
    }
    void enable_all() {
        FollowupSettings s = load_followup_settings(db);
        for (auto& e : s.events)
            e.enabled = true;
        s.best_threshold = 100;
        s.inactive_days = 180;
        save_followup_settings(db, s);
    }
    Store store;
    Database& db;
};

} // namespace

// --- follow-up ----------------------------------------------------------------------------------

TEST(Followup, SettingsUsePrestaShopKeysValidateAndUndo) {
    Shop s;
    FollowupSettings f = load_followup_settings(s.db);
    EXPECT_FALSE(f.events[0].enabled);
    f.events[1].enabled = true;
    f.events[1].percent = 15;
    f.best_threshold = 250;
    EXPECT_GT(save_followup_settings(s.db, f), 0);
    EXPECT_EQ(text_of(s.db, "SELECT value FROM ps_configuration WHERE name IN "
                            "('PS_FOLLOW_UP_ENABLE_2', 'PS_FOLLOW_UP_AMOUNT_2', "
                            "'PS_FOLLOW_UP_THRESHOLD_3') ORDER BY name"),
              "15\n1\n250\n");
    FollowupSettings bad = f;
    bad.events[0].percent = 0;
    bad.events[3].validity_days = 400;
    bad.inactive_days = 0;
    bad.best_threshold = -1;
    auto e = validate_followup_settings(bad);
    EXPECT_TRUE(has_error(e, "percent_1", "err.reduction_range"));
    EXPECT_TRUE(has_error(e, "days_4", "err.validity_days"));
    EXPECT_TRUE(has_error(e, "days_threshold_4", "err.inactive_days"));
    EXPECT_TRUE(has_error(e, "threshold_3", "err.threshold"));
    EXPECT_THROW(save_followup_settings(s.db, bad), ValidationError);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_FALSE(load_followup_settings(s.db).events[1].enabled);
}

TEST(Followup, EachEventSelectsItsCustomers) {
    Shop s;
    s.db.exec("UPDATE ps_configuration SET value = '24' WHERE name = 'PS_ABANDONED_CART_HOURS'");
    const auto a = s.customer("a@x.test"), b = s.customer("b@x.test"),
               guest = s.customer("g@x.test", true), c = s.customer("c@x.test");
    // Abandoned: 3 days old (yes), 20 days old (too old), yesterday noon... 2 hours old (no).
    const auto cart_a = s.cart(a, "2026-11-20 10:00:00");
    s.cart(b, "2026-11-01 10:00:00");
    s.cart(b, "2026-11-22 23:00:00");
    s.cart(guest, "2026-11-21 10:00:00");                     // a guest with an e-mail: yes
    s.cart(c, "2026-11-21 10:00:00", /*with_product=*/false); // empty: no
    const auto ordered = s.cart(c, "2026-11-20 09:00:00");
    s.order(c, 50, "2026-11-20 09:30:00", true, ordered);
    // Thanks: orders of the last 7 days, valid, registered customers.
    s.order(a, 30, "2026-11-19 10:00:00");
    s.order(b, 40, "2026-11-10 10:00:00"); // too old
    s.order(guest, 40, "2026-11-19 10:00:00");
    s.order(a, 40, "2026-11-18 10:00:00", /*valid=*/false);
    // Best: b 150 + 40 in 90 days; c only 50; a 30.
    s.order(b, 150, "2026-10-01 10:00:00");
    // Inactive: last valid order more than 180 days ago.
    const auto old = s.customer("old@x.test");
    s.order(old, 80, "2026-01-10 10:00:00");
    s.enable_all();
    const FollowupSettings f = load_followup_settings(s.db);

    auto ids = [&](FollowupEvent e) {
        std::string out;
        for (const auto& x : followup_candidates(s.db, e, f, kToday))
            out += std::to_string(x.id_customer) + "/" + std::to_string(x.id_cart) + "/" +
                   std::to_string(x.id_order) + " ";
        return out;
    };
    EXPECT_EQ(ids(FollowupEvent::AbandonedCart), std::to_string(a) + "/" + std::to_string(cart_a) +
                                                     "/0 " + std::to_string(guest) + "/4/0 ");
    EXPECT_EQ(ids(FollowupEvent::Thanks).substr(0, 4),
              std::to_string(c) + "/" + std::to_string(ordered) + "/");
    EXPECT_EQ(count_followup_candidates(s.db, FollowupEvent::Thanks, f, kToday), 2); // c, a
    EXPECT_EQ(ids(FollowupEvent::BestCustomer), std::to_string(b) + "/0/0 ");
    EXPECT_EQ(ids(FollowupEvent::Inactive), std::to_string(old) + "/0/0 ");
    // A segment restricts every event.
    std::vector<std::int64_t> only = {b};
    EXPECT_EQ(count_followup_candidates(s.db, FollowupEvent::AbandonedCart, f, kToday, &only), 0);
    EXPECT_EQ(count_followup_candidates(s.db, FollowupEvent::BestCustomer, f, kToday, &only), 1);
    auto preview = preview_followup(s.db, f, kToday);
    EXPECT_EQ(preview[0], 2);
    EXPECT_EQ(preview[1], 2);
    EXPECT_EQ(preview[2], 1);
    EXPECT_EQ(preview[3], 1);
}

TEST(Followup, RunSendsOnceUndoesAsOneBatchAndCounts) {
    Shop s;
    const auto a = s.customer("a@x.test");
    s.cart(a, "2026-11-20 10:00:00");
    const auto o = s.order(a, 120, "2026-11-19 10:00:00");
    s.enable_all();
    FollowupRunResult r = run_followup(s.db, kToday);
    EXPECT_EQ(r.sent[0], 1);
    EXPECT_EQ(r.sent[1], 1);
    EXPECT_EQ(r.sent[2], 1);
    EXPECT_EQ(r.sent[3], 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule WHERE code LIKE 'FLW-%' AND "
                          "id_customer = " +
                              std::to_string(a) + " AND quantity = 1 AND quantity_per_user = 1"),
              3);
    EXPECT_EQ(text_of(s.db, "SELECT code FROM ps_cart_rule WHERE code LIKE 'FLW-2-%'").size(),
              std::string("FLW-2-ABCDEFGHIJ\n").size());
    EXPECT_EQ(text_of(s.db, "SELECT date_to, reduction_percent FROM ps_cart_rule WHERE code "
                            "LIKE 'FLW-1-%'"),
              "2026-11-30 00:00:00|10.0\n");
    EXPECT_EQ(text_of(s.db, "SELECT kind FROM cl_outbox ORDER BY id"),
              "followup_abandoned_cart\nfollowup_thanks\nfollowup_best_customer\n");
    EXPECT_EQ(
        count(s.db, "SELECT COUNT(*) FROM ps_log_email WHERE id_order = " + std::to_string(o)), 1);
    // Never twice.
    EXPECT_EQ(run_followup(s.db, kToday).total(), 0);
    EXPECT_EQ(preview_followup(s.db, load_followup_settings(s.db), kToday),
              (std::array<std::int64_t, 4>{0, 0, 0, 0}));
    // Statistics: a voucher used on a valid order.
    const std::int64_t rule = s.db.scalar_int("SELECT id_cart_rule FROM ps_cart_rule WHERE "
                                              "code LIKE 'FLW-2-%'");
    const auto next = s.order(a, 60, "2026-11-23 08:00:00");
    s.db.prepare("INSERT INTO ps_order_cart_rule(id_order, id_cart_rule, name, value) VALUES "
                 "(?1, ?2, 'x', 6)")
        .bind_all(next, rule)
        .run();
    auto stats = followup_stats(s.db, kToday);
    ASSERT_EQ(stats.size(), 4u);
    EXPECT_EQ(stats[1].sent, 1);
    EXPECT_EQ(stats[1].used, 1);
    EXPECT_DOUBLE_EQ(stats[1].conversion, 100.0);
    EXPECT_EQ(stats[0].sent, 1);
    EXPECT_EQ(stats[0].used, 0);
    // The run is one undoable batch: undo the order first (made by hand, not audited) and the
    // run goes as a whole.
    s.db.exec("DELETE FROM ps_order_cart_rule");
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_log_email"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 0);
}

TEST(Followup, CancelLeavesNothingAndDisabledEventsAreNotSent) {
    Shop s;
    const auto a = s.customer("a@x.test");
    s.cart(a, "2026-11-20 10:00:00");
    s.order(a, 120, "2026-11-19 10:00:00");
    FollowupSettings f = load_followup_settings(s.db);
    f.events[1].enabled = true;
    save_followup_settings(s.db, f);
    {
        FollowupRunJob job(s.db, kToday);
        job.step(std::chrono::milliseconds(0));
        job.cancel();
        EXPECT_TRUE(job.cancelled());
    }
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 0);
    FollowupRunResult r = run_followup(s.db, kToday);
    EXPECT_EQ(r.total(), 1);
    EXPECT_EQ(r.sent[1], 1);
}

// --- loyalty ------------------------------------------------------------------------------------

TEST(Loyalty, PointsBalanceConversionAndUndo) {
    Shop s;
    const auto a = s.customer("a@x.test");
    s.order(a, 25, "2026-01-01");
    s.order(a, 17.5, "2026-02-01");
    s.order(a, 100, "2026-02-02", /*valid=*/false);
    LoyaltyBalance b = loyalty_balance(s.db, a);
    EXPECT_EQ(b.earned, 4); // 42.50 at 1 point per 10
    EXPECT_EQ(b.balance, 4);
    EXPECT_DOUBLE_EQ(b.value, 0.8);
    auto e = validate_loyalty_settings({0, -1});
    EXPECT_TRUE(has_error(e, "rate", "err.loyalty_rate"));
    EXPECT_TRUE(has_error(e, "point_value", "err.loyalty_value"));
    save_loyalty_settings(s.db, {5, 0.5});
    b = loyalty_balance(s.db, a);
    EXPECT_EQ(b.earned, 8);
    try {
        convert_loyalty_points(s.db, a, 9, kToday);
        ADD_FAILURE();
    } catch (const ValidationError& err) {
        EXPECT_TRUE(has_error(err.errors(), "points", "err.loyalty_points"));
    }
    LoyaltyVoucher v = convert_loyalty_points(s.db, a, 3, kToday);
    EXPECT_EQ(v.points, 3);
    EXPECT_DOUBLE_EQ(v.amount, 1.5);
    EXPECT_EQ(v.code.rfind("LOY-", 0), 0u);
    EXPECT_EQ(text_of(s.db, "SELECT id_customer, reduction_amount, quantity, date_to FROM "
                            "ps_cart_rule"),
              std::to_string(a) + "|1.5|1|2027-11-23 00:00:00\n");
    EXPECT_EQ(loyalty_balance(s.db, a).balance, 5);
    EXPECT_EQ(loyalty_conversions(s.db, a).size(), 1u);
    v = convert_loyalty_points(s.db, a, 0, kToday); // the rest
    EXPECT_EQ(v.points, 5);
    EXPECT_EQ(loyalty_balance(s.db, a).balance, 0);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(loyalty_balance(s.db, a).balance, 5);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 1);
}

TEST(Loyalty, CustomersByBalancePagedAndFiltered) {
    Shop s;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 30; ++i) {
        ids.push_back(s.customer("c" + std::to_string(i) + "@x.test"));
        s.order(ids.back(), 10.0 * (i % 7), "2026-01-01");
    }
    // Six customers have no point (i % 7 == 0).
    LoyaltyQuery q;
    q.limit = 5;
    LoyaltyPage p = query_loyalty(s.db, q);
    EXPECT_EQ(p.total, 30 - 5); // i = 0, 7, 14, 21, 28
    ASSERT_EQ(p.rows.size(), 5u);
    EXPECT_EQ(p.rows[0].balance, 6);
    EXPECT_EQ(p.rows[0].id_customer, ids[6]);
    EXPECT_EQ(p.rows[1].id_customer, ids[13]);
    // Converting everything moves a customer out of the list.
    convert_loyalty_points(s.db, ids[6], 0, kToday);
    p = query_loyalty(s.db, q);
    EXPECT_EQ(p.total, 24);
    EXPECT_EQ(p.rows[0].id_customer, ids[13]);
    // Pages join up.
    q.limit = 100;
    LoyaltyPage all = query_loyalty(s.db, q);
    ASSERT_EQ(all.rows.size(), 24u);
    q.offset = 10;
    q.limit = 5;
    p = query_loyalty(s.db, q);
    ASSERT_EQ(p.rows.size(), 5u);
    EXPECT_EQ(p.rows[0].id_customer, all.rows[10].id_customer);
    q = {};
    q.customer = "c13@";
    p = query_loyalty(s.db, q);
    ASSERT_EQ(p.rows.size(), 1u);
    EXPECT_EQ(p.total, 1);
}

// --- subscriptions ------------------------------------------------------------------------------

TEST(Subscriptions, CreateValidateFilterPauseCancelRenewUndo) {
    Shop s;
    const auto a = s.customer("a@x.test"), b = s.customer("b@x.test");
    SubscriptionInput in;
    in.id_customer = a;
    in.id_product = 1;
    in.period_count = 1;
    in.unit = PeriodUnit::Month;
    in.next_renewal = "2026-11-30";
    const auto id1 = create_subscription(s.db, in);
    in.id_customer = b;
    in.id_product = 2;
    in.next_renewal = "2027-01-15";
    in.unit = PeriodUnit::Day;
    in.period_count = 14;
    const auto id2 = create_subscription(s.db, in);

    SubscriptionInput bad;
    bad.id_customer = 999;
    bad.id_product = 77;
    bad.quantity = 0;
    bad.period_count = 0;
    bad.next_renewal = "2026-02-30";
    auto e = validate_subscription(s.db, bad);
    EXPECT_TRUE(has_error(e, "id_customer", "err.unknown_customer"));
    EXPECT_TRUE(has_error(e, "id_product", "err.unknown_product"));
    EXPECT_TRUE(has_error(e, "quantity", "err.quantity"));
    EXPECT_TRUE(has_error(e, "period_count", "err.period"));
    EXPECT_TRUE(has_error(e, "next_renewal", "err.date"));

    SubscriptionQuery q;
    q.today = kToday;
    q.due_within_days = 10;
    SubscriptionPage p = query_subscriptions(s.db, q);
    ASSERT_EQ(p.total, 1);
    EXPECT_EQ(p.rows[0].id, id1);
    EXPECT_EQ(p.rows[0].product, "Mug");
    q.due_within_days = -1;
    q.customer = "b@";
    p = query_subscriptions(s.db, q);
    ASSERT_EQ(p.total, 1);
    EXPECT_EQ(p.rows[0].id, id2);
    set_subscription_status(s.db, id1, SubscriptionStatus::Paused);
    q = {};
    q.status = SubscriptionStatus::Paused;
    EXPECT_EQ(query_subscriptions(s.db, q).total, 1);
    q.today = kToday;
    q.status.reset();
    q.due_within_days = 10;
    EXPECT_EQ(query_subscriptions(s.db, q).total, 0); // paused ones are not due
    EXPECT_THROW(renew_subscription(s.db, id1), ValidationError);
    set_subscription_status(s.db, id1, SubscriptionStatus::Active);
    EXPECT_EQ(renew_subscription(s.db, id1), "2026-12-30");
    EXPECT_EQ(renew_subscription(s.db, id2), "2027-01-29");
    set_subscription_status(s.db, id2, SubscriptionStatus::Cancelled);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(load_subscription(s.db, id2)->status, SubscriptionStatus::Active);
    EXPECT_EQ(customer_subscriptions(s.db, a, 1).size(), 1u);
}

// --- reviews ------------------------------------------------------------------------------------

TEST(Reviews, CreateFilterModerateInBulkReplyUndo) {
    Shop s;
    const auto a = s.customer("a@x.test"), b = s.customer("b@x.test");
    auto review = [&](std::int64_t c, std::int64_t p, int grade, const std::string& date) {
        ReviewInput in;
        in.id_customer = c;
        in.id_product = p;
        in.grade = grade;
        in.title = "Title " + std::to_string(grade);
        in.content = "Text";
        in.date_add = date;
        return create_review(s.db, in);
    };
    const auto r1 = review(a, 1, 5, "2026-11-01 10:00:00");
    const auto r2 = review(b, 1, 2, "2026-11-02 10:00:00");
    const auto r3 = review(b, 2, 4, "2026-11-03 10:00:00");
    ReviewInput bad;
    bad.grade = 6;
    bad.title = " ";
    bad.content = std::string(2001, 'x');
    auto e = validate_review(s.db, bad);
    EXPECT_TRUE(has_error(e, "grade", "err.grade"));
    EXPECT_TRUE(has_error(e, "title", "err.required"));
    EXPECT_TRUE(has_error(e, "content", "err.too_long"));
    EXPECT_TRUE(has_error(e, "id_product", "err.unknown_product"));

    ReviewQuery q;
    ReviewPage p = query_reviews(s.db, q);
    ASSERT_EQ(p.total, 3);
    EXPECT_EQ(p.rows[0].id, r3); // newest first
    q.product = "mu";
    EXPECT_EQ(query_reviews(s.db, q).total, 2);
    q.product.clear();
    q.customer = "b@";
    q.grade = 2;
    p = query_reviews(s.db, q);
    ASSERT_EQ(p.total, 1);
    EXPECT_EQ(p.rows[0].id, r2);
    EXPECT_EQ(set_review_status(s.db, {r1, r3}, ReviewStatus::Approved), 2);
    EXPECT_EQ(set_review_status(s.db, {r1}, ReviewStatus::Approved), 0); // already
    q = {};
    q.status = ReviewStatus::Pending;
    EXPECT_EQ(query_reviews(s.db, q).total, 1);
    reply_to_review(s.db, r2, "  Sorry about that.  ");
    EXPECT_EQ(load_review(s.db, r2)->reply, "Sorry about that.");
    EXPECT_THROW(reply_to_review(s.db, 999, "x"), std::invalid_argument);
    ASSERT_TRUE(audit::undo(s.db)); // the reply
    EXPECT_EQ(load_review(s.db, r2)->reply, "");
    ASSERT_TRUE(audit::undo(s.db)); // the bulk approval, as one step
    q.status = ReviewStatus::Pending;
    EXPECT_EQ(query_reviews(s.db, q).total, 3);
}

// --- consents -----------------------------------------------------------------------------------

TEST(Consents, EveryFlagChangeIsLoggedWithItsSource) {
    Shop s;
    const auto a = s.customer("a@x.test", false, /*newsletter=*/true);
    EXPECT_EQ(text_of(s.db, "SELECT consent, given, source FROM cl_consent_log"),
              "newsletter|1|app\n");
    set_flag(s.db, {a}, Flag::Optin, true);
    {
        Transaction tx(s.db);
        ConsentSource src(s.db, "import", "203.0.113.9");
        s.db.exec("UPDATE ps_customer SET newsletter = 0");
        tx.commit();
    }
    s.db.exec("UPDATE ps_customer SET newsletter = 0, optin = 1"); // no change: no row
    EXPECT_THROW(ConsentSource(s.db, "nope"), std::invalid_argument);
    auto log = consent_log(s.db, a);
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[0].consent, "newsletter");
    EXPECT_FALSE(log[0].given);
    EXPECT_EQ(log[0].source, "import");
    EXPECT_EQ(log[0].ip, "203.0.113.9");
    EXPECT_EQ(log[1].consent, "optin");
    EXPECT_TRUE(log[1].given);
    EXPECT_EQ(consent_log_count(s.db, a), 3);
    EXPECT_EQ(text_of(s.db, "SELECT consent_source, consent_ip IS NULL FROM cl_state"), "app|1\n");
}

TEST(Consents, ImportsAndBulkActionsSayWhereTheConsentCameFrom) {
    Store store(":memory:");
    Database& db = store.db();
    // An import: a customer subscribed in the file is logged with the source "import".
    imp::Options o;
    o.entity = imp::Entity::Customers;
    o.today = "2026-11-23";
    o.mapping = {"email", "lastname", "firstname", "newsletter"};
    const imp::Report r = imp::run_import(
        db, "e;l;f;n\nada@example.com;Lovelace;Ada;1\nbob@example.com;B;Bob;0\n", o);
    ASSERT_EQ(r.imported, 2);
    EXPECT_EQ(text_of(db, "SELECT c.email, l.consent, l.given, l.source FROM cl_consent_log l "
                          "JOIN ps_customer c USING (id_customer)"),
              "ada@example.com|newsletter|1|import\n");
    // A bulk action from the grid: "bulk".
    const auto ids = [&] {
        std::vector<std::int64_t> v;
        Statement st = db.prepare("SELECT id_customer FROM ps_customer ORDER BY id_customer");
        while (st.step())
            v.push_back(st.int64(0));
        return v;
    }();
    BulkAction on;
    on.kind = BulkKind::OptinOn;
    BulkCustomersJob job(db, on, ids);
    run_to_completion(job);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_consent_log WHERE consent = 'optin' AND given = 1 "
                        "AND source = 'bulk'"),
              2);
    // Afterwards, other changes are the app's again.
    db.exec("UPDATE ps_customer SET newsletter = 1 WHERE email = 'bob@example.com'");
    EXPECT_EQ(text_of(db, "SELECT source FROM cl_consent_log ORDER BY id DESC LIMIT 1"), "app\n");
}

TEST(Consents, UndoOfADeleteBringsBackReviewsSubscriptionsPointsAndConsents) {
    Shop s;
    const auto a = s.customer("a@x.test", false, /*newsletter=*/true);
    s.order(a, 40, "2026-01-01");
    ReviewInput review;
    review.id_product = 1;
    review.id_customer = a;
    review.title = "Great mug";
    create_review(s.db, review);
    SubscriptionInput sub;
    sub.id_customer = a;
    sub.id_product = 2;
    sub.next_renewal = "2026-12-01";
    create_subscription(s.db, sub);
    convert_loyalty_points(s.db, a, 2, kToday);
    set_flag(s.db, {a}, Flag::Optin, true);
    const std::string owned =
        "SELECT (SELECT group_concat(title) FROM cl_product_review WHERE id_customer = ?1) || '|' "
        "|| (SELECT group_concat(id_product) FROM cl_subscription WHERE id_customer = ?1) || '|' "
        "|| (SELECT group_concat(points) FROM cl_loyalty_conversion WHERE id_customer = ?1) || "
        "'|' || (SELECT group_concat(consent || given || source, ',') FROM cl_consent_log WHERE "
        "id_customer = ?1)";
    auto state = [&] {
        Statement st = s.db.prepare(owned);
        st.bind(1, a);
        return st.step() ? st.text(0) : std::string();
    };
    const std::string before = state();
    EXPECT_EQ(before, "Great mug|2|2|newsletter1app,optin1app");

    delete_customers(s.db, {a}, DeleteMode::AllowReregistration);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_customer WHERE email = 'a@x.test'"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_consent_log"), 0);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(state(), before); // the same rows, no new consent for the customer brought back
    ASSERT_TRUE(audit::redo(s.db));
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_product_review"), 0);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(state(), before);

    // Undoing a consent change is a change too, logged as the undo's.
    set_flag(s.db, {a}, Flag::Newsletter, false);
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_EQ(text_of(s.db, "SELECT consent, given, source FROM cl_consent_log ORDER BY id DESC "
                            "LIMIT 1"),
              "newsletter|1|undo\n");
    EXPECT_EQ(text_of(s.db, "SELECT consent_source FROM cl_state"), "app\n");
}

TEST(Consents, BulkLoadsWriteNoConsentRows) {
    Store store(":memory:");
    DemoOptions o;
    o.customers = 40;
    generate_demo(store.db(), o);
    EXPECT_EQ(count(store.db(), "SELECT COUNT(*) FROM cl_consent_log"), 0);
}

TEST(Consents, DemoAccountWarningDisableAndChangePassword) {
    Shop s;
    EXPECT_FALSE(demo_account_status(s.db).exposed());
    const std::string hash = password::hash("123456789", password::kMinCost);
    s.db.prepare("INSERT INTO ps_customer(firstname, lastname, email, passwd, active, date_add, "
                 "date_upd) VALUES ('John', 'DOE', 'pub@prestashop.com', ?1, 1, '2025-01-01', "
                 "'2025-01-01')")
        .bind_all(hash)
        .run();
    s.db.prepare("INSERT INTO ps_customer_group VALUES (?1, 3)")
        .bind_all(s.db.last_insert_id())
        .run();
    DemoAccountStatus st = demo_account_status(s.db);
    EXPECT_TRUE(st.exposed());
    disable_demo_account(s.db);
    EXPECT_FALSE(demo_account_status(s.db).exposed());
    ASSERT_TRUE(audit::undo(s.db));
    EXPECT_TRUE(demo_account_status(s.db).exposed());
    try {
        change_demo_account_password(s.db, "prestashop_demo");
        ADD_FAILURE();
    } catch (const ValidationError& e) {
        EXPECT_TRUE(has_error(e.errors(), "password", "err.password_public"));
    }
    change_demo_account_password(s.db, "a-much-better-one");
    EXPECT_FALSE(demo_account_status(s.db).exposed());
    EXPECT_TRUE(demo_account_status(s.db).active);
}

TEST(Consents, TheDemoShopsAccountIsExposed) {
    Store store(":memory:");
    DemoOptions o;
    o.customers = 5;
    generate_demo(store.db(), o);
    EXPECT_TRUE(demo_account_status(store.db()).exposed());
}

// --- demo data ----------------------------------------------------------------------------------

TEST(LoyaltyDemo, SeedIsDeterministicAndIdempotent) {
    auto seed = [] {
        Store store(":memory:");
        DemoOptions o;
        o.customers = 300;
        o.seed = 7;
        o.today = kToday;
        generate_demo(store.db(), o);
        LoyaltyDemoSummary s = seed_loyalty_demo(store.db(), kToday);
        EXPECT_GT(s.subscriptions, 10);
        EXPECT_GT(s.reviews, 10);
        EXPECT_EQ(seed_loyalty_demo(store.db(), kToday).reviews, 0);
        return text_of(store.db(), "SELECT * FROM cl_subscription ORDER BY 1") +
               text_of(store.db(), "SELECT * FROM cl_product_review ORDER BY 1");
    };
    const std::string first = seed();
    EXPECT_EQ(first, seed());
    EXPECT_NE(first.find("|pending|"), std::string::npos);
    EXPECT_NE(first.find("|approved|"), std::string::npos);
}
