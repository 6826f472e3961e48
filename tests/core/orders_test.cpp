// Orders: the list query (filters per column, sort, paging), an order's detail, state changes
// (history, current_state, valid from the state's logable flag, undo), merchandise returns
// (quantities, the state workflow) and credit slips (amounts, quantities refunded, shipping).
#include "core/orders.h"
#include "shop_fixture.h"

using namespace clientele::core;
using namespace clientele::test;

namespace {

struct OrderShop {
    OrderShop() : store(":memory:"), db(store.db()) {
        alice = customer("alice@example.com", "Alice", "Martin");
        bob = customer("bob@example.com", "Bob", "Durand");
        // Alice: delivered (5), 2 mugs at 12 and 1 teapot at 30, shipping 5.
        delivered = order(alice, "ABCDEFGHI", 5, "Bank wire", 59.0, "2026-02-01 10:00:00");
        mugs = line(delivered, "Mug", 2, 12.0);
        teapot = line(delivered, "Teapot", 1, 30.0);
        db.prepare("UPDATE ps_orders SET total_shipping = 5 WHERE id_order = ?1")
            .bind_all(delivered)
            .run();
        db.prepare("INSERT INTO ps_order_history(id_order, id_order_state, date_add) VALUES "
                   "(?1, 2, '2026-02-01 10:00:00'), (?1, 4, '2026-02-02 10:00:00'), "
                   "(?1, 5, '2026-02-04 10:00:00')")
            .bind_all(delivered)
            .run();
        // Bob: awaiting bank wire (10, not valid), then a paid one.
        awaiting = order(bob, "XYZXYZXYZ", 10, "Check", 20.0, "2026-03-01 09:00:00");
        line(awaiting, "Spoon", 4, 5.0);
        paid = order(bob, "ABCZZZZZZ", 2, "Bank wire", 120.0, "2026-03-05 09:00:00");
        line(paid, "Kettle", 1, 120.0);
    }
    std::int64_t customer(const std::string& email, const std::string& first,
                          const std::string& last) {
        db.prepare("INSERT INTO ps_customer(firstname, lastname, email, date_add, date_upd) "
                   "VALUES (?1, ?2, ?3, '2026-01-01', '2026-01-01')")
            .bind_all(first, last, email)
            .run();
        return db.last_insert_id();
    }
    std::int64_t order(std::int64_t who, const std::string& ref, int state,
                       const std::string& payment, double total, const std::string& when) {
        const bool valid = state == 2 || state == 3 || state == 4 || state == 5;
        db.prepare("INSERT INTO ps_orders(reference, id_customer, current_state, payment, "
                   "total_paid_real, valid, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?7)")
            .bind_all(ref, who, state, payment, total, valid, when)
            .run();
        return db.last_insert_id();
    }
    std::int64_t line(std::int64_t id_order, const std::string& name, int qty, double price) {
        db.prepare("INSERT INTO ps_order_detail(id_order, product_id, product_name, "
                   "product_quantity, unit_price_tax_incl, unit_price_tax_excl, "
                   "total_price_tax_incl, total_price_tax_excl) VALUES (?1, 1, ?2, ?3, ?4, ?5, "
                   "?6, ?7)")
            .bind_all(id_order, name, qty, price, price / 1.2, price * qty, price * qty / 1.2)
            .run();
        return db.last_insert_id();
    }
    std::vector<std::int64_t> ids(std::vector<OrderFilter> filters,
                                  OrderColumn sort = OrderColumn::Id, bool desc = true) {
        OrderQuery q;
        q.filters = std::move(filters);
        q.sort = sort;
        q.descending = desc;
        std::vector<std::int64_t> out;
        for (const OrderRow& r : query_orders(db, q).rows)
            out.push_back(r.id);
        return out;
    }
    template <typename F> std::vector<FieldError> errors_of(F&& f) {
        try {
            f();
        } catch (const ValidationError& e) {
            return e.errors();
        }
        return {};
    }
    Store store;
    Database& db;
    std::int64_t alice = 0, bob = 0, delivered = 0, awaiting = 0, paid = 0, mugs = 0, teapot = 0;
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST(Orders, ListFiltersSortAndPaging) {
    OrderShop s;
    OrderQuery q;
    q.id_lang = 2;
    OrderPage page = query_orders(s.db, q);
    EXPECT_EQ(page.total, 3);
    ASSERT_EQ(page.rows.size(), 3u);
    const OrderRow& first = page.rows[0]; // newest id first
    EXPECT_EQ(first.id, s.paid);
    EXPECT_EQ(first.reference, "ABCZZZZZZ");
    EXPECT_EQ(first.customer_email, "bob@example.com");
    EXPECT_EQ(first.customer_name, "Bob Durand");
    EXPECT_EQ(first.state, "Paiement accepté");
    EXPECT_DOUBLE_EQ(first.total_paid_real, 120.0);
    EXPECT_EQ(first.payment, "Bank wire");

    EXPECT_EQ(s.ids({{OrderColumn::Reference, "abc"}}), (Ids{s.paid, s.delivered}));
    EXPECT_EQ(s.ids({{OrderColumn::Customer, "alice"}}), (Ids{s.delivered}));
    EXPECT_EQ(s.ids({{OrderColumn::Customer, "durand"}, {OrderColumn::Payment, "wire"}}),
              (Ids{s.paid}));
    EXPECT_EQ(s.ids({{OrderColumn::Date, "2026-03"}}), (Ids{s.paid, s.awaiting}));
    EXPECT_EQ(s.ids({{OrderColumn::State, "bank wire"}}), (Ids{s.awaiting}));
    EXPECT_EQ(s.ids({{OrderColumn::State, "livr"}}), (Ids{s.delivered})); // French name
    EXPECT_EQ(s.ids({{OrderColumn::Total, ">50"}}), (Ids{s.paid, s.delivered}));
    EXPECT_EQ(s.ids({{OrderColumn::Total, "20"}}), (Ids{s.awaiting}));
    EXPECT_EQ(s.ids({{OrderColumn::Total, "<= 59"}}), (Ids{s.awaiting, s.delivered}));
    EXPECT_EQ(s.ids({{OrderColumn::Id, std::to_string(s.awaiting)}}), (Ids{s.awaiting}));
    EXPECT_TRUE(s.ids({{OrderColumn::Id, "x"}}).empty());
    EXPECT_TRUE(s.ids({{OrderColumn::Reference, "%"}}).empty());
    EXPECT_THROW(s.ids({{OrderColumn::Total, "lots"}}), ValidationError);

    EXPECT_EQ(s.ids({}, OrderColumn::Reference, false), (Ids{s.delivered, s.paid, s.awaiting}));
    EXPECT_EQ(s.ids({}, OrderColumn::Date, false), (Ids{s.delivered, s.awaiting, s.paid}));
    EXPECT_TRUE(order_column_sortable(OrderColumn::Date));
    EXPECT_FALSE(order_column_sortable(OrderColumn::Total));

    q.limit = 1;
    q.offset = 2;
    page = query_orders(s.db, q);
    EXPECT_EQ(page.total, 3);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].id, s.delivered);
}

TEST(Orders, ReferenceAndDateFiltersUseIndexes) {
    OrderShop s;
    for (const char* sql :
         {"EXPLAIN QUERY PLAN SELECT id_order FROM ps_orders o WHERE o.reference >= ?1 AND "
          "o.reference < ?2",
          "EXPLAIN QUERY PLAN SELECT id_order FROM ps_orders o WHERE o.date_add >= ?1 AND "
          "o.date_add < ?2"}) {
        Statement st = s.db.prepare(sql);
        std::string plan;
        while (st.step())
            plan += st.text(3);
        EXPECT_NE(plan.find("USING"), std::string::npos) << plan;
        EXPECT_EQ(plan.find("SCAN o"), std::string::npos) << plan;
    }
}

TEST(Orders, DetailWithLinesTimelineAndWhatIsLeft) {
    OrderShop s;
    auto d = load_order(s.db, s.delivered, 1);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->order.reference, "ABCDEFGHI");
    EXPECT_EQ(d->order.state, "Delivered");
    ASSERT_EQ(d->order.lines.size(), 2u);
    EXPECT_EQ(d->order.lines[0].product_name, "Mug");
    ASSERT_EQ(d->order.history.size(), 3u);
    EXPECT_EQ(d->order.history[1].state, "Shipped");
    EXPECT_TRUE(d->shipped);
    EXPECT_TRUE(d->paid);
    EXPECT_EQ(d->returnable.at(s.mugs), 2);
    EXPECT_EQ(d->refundable.at(s.teapot), 1);
    EXPECT_EQ(d->customer_email, "alice@example.com");
    EXPECT_FALSE(load_order(s.db, 999, 1).has_value());
    auto a = load_order(s.db, s.awaiting, 1);
    EXPECT_FALSE(a->shipped);
    EXPECT_FALSE(a->paid);
}

TEST(Orders, ChangeStateAddsHistoryAndFollowsLogable) {
    OrderShop s;
    EXPECT_EQ(count(s.db, "SELECT valid_orders FROM cl_customer_stats WHERE id_customer = " +
                              std::to_string(s.bob)),
              1);
    // Payment accepted (logable): the awaiting order becomes valid and counts in the stats.
    change_order_state(s.db, s.awaiting, 2);
    auto d = load_order(s.db, s.awaiting, 1);
    EXPECT_EQ(d->order.id_state, 2);
    EXPECT_TRUE(d->order.valid);
    ASSERT_EQ(d->order.history.size(), 1u);
    EXPECT_EQ(d->order.history[0].id_order_state, 2);
    EXPECT_EQ(count(s.db, "SELECT valid_orders FROM cl_customer_stats WHERE id_customer = " +
                              std::to_string(s.bob)),
              2);
    EXPECT_EQ(count(s.db, "SELECT invoice_date IS NOT NULL FROM ps_orders WHERE id_order = " +
                              std::to_string(s.awaiting)),
              1);
    // Canceled (not logable): no longer valid.
    change_order_state(s.db, s.awaiting, 6);
    EXPECT_EQ(
        count(s.db, "SELECT valid FROM ps_orders WHERE id_order = " + std::to_string(s.awaiting)),
        0);
    // Refusals.
    EXPECT_TRUE(has_error(s.errors_of([&] { change_order_state(s.db, s.awaiting, 6); }),
                          "id_order_state", "err.same_state"));
    EXPECT_TRUE(has_error(s.errors_of([&] { change_order_state(s.db, s.awaiting, 99); }),
                          "id_order_state", "err.unknown_order_state"));
    EXPECT_THROW(change_order_state(s.db, 999, 2), std::invalid_argument);
    // Undo twice: back to awaiting, no history, not valid, stats as before.
    ASSERT_TRUE(audit::undo(s.db).has_value());
    ASSERT_TRUE(audit::undo(s.db).has_value());
    d = load_order(s.db, s.awaiting, 1);
    EXPECT_EQ(d->order.id_state, 10);
    EXPECT_FALSE(d->order.valid);
    EXPECT_TRUE(d->order.history.empty());
    EXPECT_EQ(count(s.db, "SELECT valid_orders FROM cl_customer_stats WHERE id_customer = " +
                              std::to_string(s.bob)),
              1);
}

TEST(Orders, ReturnsQuantitiesAndWorkflow) {
    OrderShop s;
    // Not shipped: refused.
    EXPECT_TRUE(has_error(s.errors_of([&] {
        request_return(s.db, s.awaiting, {{1, 1}}, "");
    }),
                          "id_order", "err.order_not_shipped"));
    // Too many, negative, a line of another order, nothing at all.
    auto e = s.errors_of([&] { request_return(s.db, s.delivered, {{s.mugs, 3}}, ""); });
    EXPECT_TRUE(has_error(e, "line[" + std::to_string(s.mugs) + "]", "err.quantity_too_high"));
    e = s.errors_of([&] { request_return(s.db, s.delivered, {{s.mugs, -1}}, ""); });
    EXPECT_TRUE(has_error(e, "line[" + std::to_string(s.mugs) + "]", "err.negative"));
    e = s.errors_of([&] { request_return(s.db, s.delivered, {{9999, 1}}, ""); });
    EXPECT_TRUE(has_error(e, "line[9999]", "err.unknown_line"));
    e = s.errors_of([&] { request_return(s.db, s.delivered, {{s.mugs, 0}}, ""); });
    EXPECT_TRUE(has_error(e, "lines", "err.nothing_selected"));

    const std::int64_t r = request_return(s.db, s.delivered, {{s.mugs, 1}}, "Chipped");
    auto d = load_order(s.db, s.delivered, 1);
    ASSERT_EQ(d->returns.size(), 1u);
    EXPECT_EQ(d->returns[0].head.id_state, kReturnWaitingConfirmation);
    EXPECT_EQ(d->returns[0].head.question, "Chipped");
    ASSERT_EQ(d->returns[0].lines.size(), 1u);
    EXPECT_EQ(d->returns[0].lines[0].quantity, 1);
    EXPECT_EQ(d->returnable.at(s.mugs), 1);
    EXPECT_EQ(d->order.lines[0].quantity_returned, 1);
    // Only the one mug left can be returned.
    e = s.errors_of([&] { request_return(s.db, s.delivered, {{s.mugs, 2}}, ""); });
    EXPECT_TRUE(has_error(e, "line[" + std::to_string(s.mugs) + "]", "err.quantity_too_high"));

    // Workflow: no skipping, then through to completed; completed is final.
    e = s.errors_of([&] { set_return_state(s.db, r, kReturnCompleted); });
    EXPECT_TRUE(has_error(e, "state", "err.return_transition"));
    set_return_state(s.db, r, kReturnWaitingPackage);
    set_return_state(s.db, r, kReturnPackageReceived);
    set_return_state(s.db, r, kReturnCompleted);
    EXPECT_EQ(load_order(s.db, s.delivered, 1)->returns[0].head.id_state, kReturnCompleted);
    e = s.errors_of([&] { set_return_state(s.db, r, kReturnDenied); });
    EXPECT_TRUE(has_error(e, "state", "err.return_transition"));

    // A denied return gives its quantities back.
    const std::int64_t r2 = request_return(s.db, s.delivered, {{s.mugs, 1}, {s.teapot, 1}}, "");
    EXPECT_EQ(load_order(s.db, s.delivered, 1)->returnable.at(s.teapot), 0);
    set_return_state(s.db, r2, kReturnDenied);
    d = load_order(s.db, s.delivered, 1);
    EXPECT_EQ(d->returnable.at(s.teapot), 1);
    EXPECT_EQ(d->returnable.at(s.mugs), 1);
    EXPECT_EQ(d->order.lines[1].quantity_returned, 0);
    // Undo the denial: the return waits again and holds its quantities.
    ASSERT_TRUE(audit::undo(s.db).has_value());
    d = load_order(s.db, s.delivered, 1);
    EXPECT_EQ(d->returns[1].head.id_state, kReturnWaitingConfirmation);
    EXPECT_EQ(d->returnable.at(s.teapot), 0);
    EXPECT_EQ(d->order.lines[1].quantity_returned, 1);
    EXPECT_EQ(next_return_states(kReturnWaitingConfirmation),
              (std::vector<int>{kReturnWaitingPackage, kReturnDenied}));
}

TEST(Orders, CreditSlipsAmountsQuantitiesAndShipping) {
    OrderShop s;
    EXPECT_TRUE(has_error(s.errors_of([&] { create_credit_slip(s.db, s.awaiting, {}, true); }),
                          "id_order", "err.order_not_paid"));
    EXPECT_TRUE(has_error(s.errors_of([&] { create_credit_slip(s.db, s.delivered, {}, false); }),
                          "lines", "err.nothing_selected"));
    const std::int64_t slip = create_credit_slip(s.db, s.delivered, {{s.mugs, 1}}, true);
    EXPECT_EQ(text_of(s.db, "SELECT id_customer, amount, total_products_tax_incl, "
                            "total_shipping_tax_incl, shipping_cost, partial FROM ps_order_slip"),
              std::to_string(s.alice) + "|17.0|12.0|5.0|1|1\n");
    EXPECT_EQ(text_of(s.db, "SELECT product_quantity, amount_tax_incl FROM ps_order_slip_detail"),
              "1|12.0\n");
    auto d = load_order(s.db, s.delivered, 1);
    EXPECT_EQ(d->order.lines[0].quantity_refunded, 1);
    EXPECT_EQ(d->refundable.at(s.mugs), 1);
    EXPECT_TRUE(d->shipping_refunded);
    ASSERT_EQ(d->slips.size(), 1u);
    EXPECT_EQ(d->slips[0].head.id, slip);
    EXPECT_TRUE(d->slips[0].shipping);
    ASSERT_EQ(d->slips[0].lines.size(), 1u);
    // Shipping once; no more than is left.
    EXPECT_TRUE(has_error(s.errors_of([&] { create_credit_slip(s.db, s.delivered, {}, true); }),
                          "shipping", "err.shipping_refunded"));
    auto e = s.errors_of([&] { create_credit_slip(s.db, s.delivered, {{s.mugs, 2}}, false); });
    EXPECT_TRUE(has_error(e, "line[" + std::to_string(s.mugs) + "]", "err.quantity_too_high"));
    // The rest: not partial any more.
    EXPECT_DOUBLE_EQ(credit_slip_amount(*d, {{s.mugs, 1}, {s.teapot, 1}}, false), 42.0);
    create_credit_slip(s.db, s.delivered, {{s.mugs, 1}, {s.teapot, 1}}, false);
    EXPECT_EQ(text_of(s.db, "SELECT amount, partial FROM ps_order_slip ORDER BY id_order_slip "
                            "DESC LIMIT 1"),
              "42.0|0\n");
    // Undo: the slip and its quantities go.
    ASSERT_TRUE(audit::undo(s.db).has_value());
    EXPECT_EQ(count(s.db, "SELECT COUNT(*) FROM ps_order_slip"), 1);
    EXPECT_EQ(count(s.db, "SELECT SUM(product_quantity_refunded) FROM ps_order_detail"), 1);
    // The customer's timeline has the changes.
    EXPECT_GE(count(s.db, "SELECT COUNT(*) FROM cl_audit WHERE entity_id = " +
                              std::to_string(s.alice) + " AND entity = 'ps_order_slip'"),
              1);
}
