// Carts: the list with the sheet's status rule (filters by status, abandoned age, customer;
// sort and paging), a cart's detail, and reminders for abandoned carts (voucher + outbox
// message in one undoable change; refused for carts that are not abandoned or have nobody to
// write to).
#include "core/carts.h"
#include "core/customer_sheet.h"
#include "shop_fixture.h"

using namespace clientele::core;
using namespace clientele::test;

namespace {

constexpr const char* kNow = "2026-03-10 12:00:00";

struct CartShop {
    CartShop() : store(":memory:"), db(store.db()) {
        db.exec("INSERT INTO ps_product(id_product, price, date_add, date_upd) VALUES "
                "(1, 10.0, '2026-01-01', '2026-01-01'), (2, 2.5, '2026-01-01', '2026-01-01')");
        db.exec("INSERT INTO ps_product_lang VALUES (1, 1, 'Blue mug'), (1, 2, 'Tasse bleue'), "
                "(2, 1, 'Tea spoon')");
        alice = customer("alice@example.com", "Alice", "Martin", 0);
        bob = customer("bob@example.com", "Bob", "Durand", 0);
        guest = customer("", "Gus", "Guest", 1);
        // Ordered (an order refers to it), abandoned 10 days, abandoned 2 days, in progress.
        ordered = cart(alice, "2026-02-01 10:00:00", {{1, 1}});
        add_order(db, alice, 10.0);
        db.prepare("UPDATE ps_orders SET id_cart = ?1").bind_all(ordered).run();
        old_abandoned = cart(alice, "2026-02-28 09:00:00", {{1, 2}, {2, 4}});
        recent_abandoned = cart(bob, "2026-03-08 09:00:00", {{2, 1}});
        in_progress = cart(bob, "2026-03-10 08:00:00", {{1, 1}});
        guest_cart = cart(guest, "2026-03-01 08:00:00", {{1, 1}});
    }
    std::int64_t customer(const std::string& email, const std::string& first,
                          const std::string& last, int is_guest) {
        db.prepare("INSERT INTO ps_customer(firstname, lastname, email, is_guest, date_add, "
                   "date_upd) VALUES (?1, ?2, ?3, ?4, '2026-01-01', '2026-01-01')")
            .bind_all(first, last, email, is_guest)
            .run();
        return db.last_insert_id();
    }
    std::int64_t cart(std::int64_t who, const std::string& when,
                      std::vector<std::pair<int, int>> lines) {
        db.prepare("INSERT INTO ps_cart(id_customer, date_add, date_upd) VALUES (?1, ?2, ?2)")
            .bind_all(who, when)
            .run();
        const std::int64_t id = db.last_insert_id();
        for (auto [product, qty] : lines)
            db.prepare("INSERT INTO ps_cart_product(id_cart, id_product, quantity, date_add) "
                       "VALUES (?1, ?2, ?3, ?4)")
                .bind_all(id, product, qty, when)
                .run();
        return id;
    }
    std::vector<std::int64_t> ids(CartQuery q) {
        q.today = kNow;
        std::vector<std::int64_t> out;
        for (const CartRow& r : query_carts(db, q).rows)
            out.push_back(r.id);
        return out;
    }
    Store store;
    Database& db;
    std::int64_t alice = 0, bob = 0, guest = 0;
    std::int64_t ordered = 0, old_abandoned = 0, recent_abandoned = 0, in_progress = 0,
                 guest_cart = 0;
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST(Carts, ListNewestFirstWithTheSheetsStatusRule) {
    CartShop s;
    CartQuery q;
    q.today = kNow;
    CartPage page = query_carts(s.db, q);
    EXPECT_EQ(page.total, 5);
    ASSERT_EQ(page.rows.size(), 5u);
    EXPECT_EQ(page.rows[0].id, s.guest_cart); // newest id first
    // Every row's status is the sheet's: the same rule, the same answer.
    const auto sheet = load_customer_sheet(s.db, s.alice, 1, kNow);
    ASSERT_TRUE(sheet.has_value());
    for (const CartRow& r : page.rows)
        for (const SheetCart& c : sheet->carts)
            if (c.id == r.id)
                EXPECT_EQ(c.status, r.status) << r.id;
    for (const CartRow& r : page.rows) {
        if (r.id == s.old_abandoned) {
            EXPECT_EQ(r.status, CartStatus::Abandoned);
            EXPECT_DOUBLE_EQ(r.total, 2 * 10.0 + 4 * 2.5);
            EXPECT_EQ(r.line_count, 2);
            EXPECT_EQ(r.customer_email, "alice@example.com");
            EXPECT_EQ(r.customer_name, "Alice Martin");
        }
        if (r.id == s.ordered)
            EXPECT_EQ(r.status, CartStatus::Ordered);
        if (r.id == s.in_progress)
            EXPECT_EQ(r.status, CartStatus::InProgress);
    }
    q.descending = false;
    q.limit = 2;
    q.offset = 1;
    page = query_carts(s.db, q);
    EXPECT_EQ(page.total, 5);
    ASSERT_EQ(page.rows.size(), 2u);
    EXPECT_EQ(page.rows[0].id, s.old_abandoned);
}

TEST(Carts, FiltersByStatusAgeAndCustomer) {
    CartShop s;
    CartQuery q;
    q.status = CartStatus::Abandoned;
    EXPECT_EQ(s.ids(q), (Ids{s.guest_cart, s.recent_abandoned, s.old_abandoned}));
    q.status = CartStatus::Ordered;
    EXPECT_EQ(s.ids(q), (Ids{s.ordered}));
    q.status = CartStatus::InProgress;
    EXPECT_EQ(s.ids(q), (Ids{s.in_progress}));
    // Abandoned for more than 5 days.
    q.status.reset();
    q.abandoned_days = 5;
    EXPECT_EQ(s.ids(q), (Ids{s.guest_cart, s.old_abandoned}));
    q.abandoned_days = 0;
    // The threshold setting moves the line between abandoned and in progress.
    s.store.set_setting("PS_ABANDONED_CART_HOURS", "1");
    q.status = CartStatus::Abandoned;
    EXPECT_EQ(s.ids(q).size(), 4u);
    s.store.set_setting("PS_ABANDONED_CART_HOURS", "24");
    q.status.reset();
    // Customer: e-mail, last or first name prefix, any case; wildcards are literal.
    q.customer = "BOB@";
    EXPECT_EQ(s.ids(q), (Ids{s.in_progress, s.recent_abandoned}));
    q.customer = "mart";
    EXPECT_EQ(s.ids(q), (Ids{s.old_abandoned, s.ordered}));
    q.customer = "ali";
    EXPECT_EQ(s.ids(q).size(), 2u);
    q.customer = "%";
    EXPECT_TRUE(s.ids(q).empty());
    q.customer = std::to_string(s.bob);
    q.status = CartStatus::Abandoned;
    EXPECT_EQ(s.ids(q), (Ids{s.recent_abandoned}));
    // Sort by date.
    q = CartQuery{};
    q.sort = CartSort::Date;
    q.descending = false;
    EXPECT_EQ(s.ids(q).front(), s.ordered);
}

TEST(Carts, CustomerFilterUsesTheCustomerIndexes) {
    CartShop s;
    Statement st = s.db.prepare(
        "EXPLAIN QUERY PLAN SELECT id_customer FROM ps_customer WHERE email LIKE ?1 ESCAPE '\\'");
    st.bind(1, "bob%");
    std::string plan;
    while (st.step())
        plan += st.text(3) + "\n";
    EXPECT_NE(plan.find("ps_customer_email"), std::string::npos) << plan;
}

TEST(Carts, Detail) {
    CartShop s;
    auto d = load_cart(s.db, s.old_abandoned, 2, kNow);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->cart.status, CartStatus::Abandoned);
    ASSERT_EQ(d->cart.lines.size(), 2u);
    EXPECT_EQ(d->cart.lines[0].name, "Tasse bleue"); // French, then any language
    EXPECT_EQ(d->cart.lines[1].name, "Tea spoon");
    EXPECT_DOUBLE_EQ(d->cart.total, 30.0);
    EXPECT_EQ(d->id_customer, s.alice);
    EXPECT_FALSE(load_cart(s.db, 9999, 1, kNow).has_value());
}

TEST(Carts, ReminderCreatesVoucherAndMessageInOneUndoableChange) {
    CartShop s;
    ReminderInput in;
    in.reduction_percent = 15;
    in.validity_days = 10;
    const Reminder r = prepare_cart_reminder(s.db, s.old_abandoned, in, kNow);
    EXPECT_EQ(r.code.size(), 10u);
    EXPECT_EQ(r.code.rfind("REM-", 0), 0u);
    EXPECT_EQ(text_of(s.db, "SELECT id_customer, quantity, code, reduction_percent, date_from, "
                            "date_to, active FROM ps_cart_rule"),
              std::to_string(s.alice) + "|1|" + r.code +
                  "|15.0|2026-03-10 12:00:00|2026-03-20 12:00:00|1\n");
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule_lang"), 3);
    EXPECT_EQ(text_of(s.db, "SELECT id_customer, email, kind FROM cl_outbox"),
              std::to_string(s.alice) + "|alice@example.com|cart_reminder\n");
    const std::string body = text_of(s.db, "SELECT body FROM cl_outbox");
    EXPECT_NE(body.find("Blue mug"), std::string::npos) << body;
    EXPECT_NE(body.find("Tea spoon × 4"), std::string::npos) << body;
    EXPECT_NE(body.find(r.code), std::string::npos);
    EXPECT_NE(body.find("15 %"), std::string::npos);
    // Templates from the UI.
    in.subject = "{firstname}, {percent} % with {code}";
    in.body = "{products}";
    const Reminder r2 = prepare_cart_reminder(s.db, s.old_abandoned, in, kNow);
    EXPECT_EQ(r2.subject, "Alice, 15 % with " + r2.code);
    EXPECT_EQ(r2.body, "- Blue mug × 2\n- Tea spoon × 4");
    EXPECT_NE(r.code, r2.code);

    // One Ctrl+Z takes back the second reminder as a whole, then the first.
    ASSERT_TRUE(audit::undo(s.db).has_value());
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 1);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 1);
    ASSERT_TRUE(audit::undo(s.db).has_value());
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule_lang"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 0);
    ASSERT_TRUE(audit::redo(s.db).has_value());
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 1);
    // The customer's timeline shows it.
    EXPECT_GE(count(s.db, "SELECT COUNT(*) FROM cl_audit WHERE entity_id = " +
                              std::to_string(s.alice) + " AND entity = 'cl_outbox'"),
              1);
}

TEST(Carts, ReminderRefusals) {
    CartShop s;
    ReminderInput in;
    auto refused = [&](std::int64_t cart, const std::string& field, const std::string& code) {
        try {
            prepare_cart_reminder(s.db, cart, in, kNow);
        } catch (const ValidationError& e) {
            return has_error(e.errors(), field, code);
        }
        return false;
    };
    EXPECT_TRUE(refused(s.ordered, "id_cart", "err.cart_not_abandoned"));
    EXPECT_TRUE(refused(s.in_progress, "id_cart", "err.cart_not_abandoned"));
    EXPECT_TRUE(refused(s.guest_cart, "id_cart", "err.reminder_no_email"));
    EXPECT_TRUE(refused(12345, "id_cart", "err.unknown_cart"));
    in.reduction_percent = 0;
    EXPECT_TRUE(refused(s.old_abandoned, "reduction_percent", "err.reduction_range"));
    in.reduction_percent = 101;
    EXPECT_TRUE(refused(s.old_abandoned, "reduction_percent", "err.reduction_range"));
    in.reduction_percent = 10;
    in.validity_days = 0;
    EXPECT_TRUE(refused(s.old_abandoned, "validity_days", "err.validity_days"));
    in.validity_days = 7;
    EXPECT_TRUE(validate_reminder(s.db, s.old_abandoned, in, kNow).empty());
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_cart_rule"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_outbox"), 0);
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM cl_audit"), 0);
}
