// B2B outstanding: the amount rule (valid orders in unpaid states, default currency), the list
// of business customers with filters, sort and pages, overdue orders, and the same figure as
// the customer sheet's B2B section.
#include "core/outstanding.h"

#include "core/customer_sheet.h"
#include "shop_fixture.h"

using namespace clientele::core;

namespace {

struct Shop {
    Shop() {
        db.exec(R"SQL(
INSERT INTO ps_customer(id_customer, firstname, lastname, email, company, id_risk,
  outstanding_allow_amount, max_payment_days, date_add, date_upd) VALUES
  (1, 'Marie', 'Curie', 'marie@acme.fr', 'Acme SARL', 2, 100, 30, '2020-01-01', '2020-01-01'),
  (2, 'Paul', 'Martin', 'paul@bolt.fr', 'Bolt SA', 4, 1000, 60, '2020-01-01', '2020-01-01'),
  (3, 'Zoé', 'Blanc', 'zoe@cargo.fr', 'Cargo', 0, 0, 60, '2020-01-01', '2020-01-01'),
  (4, 'Jean', 'Privé', 'jean@example.fr', NULL, 0, 0, 60, '2020-01-01', '2020-01-01'),
  (5, 'Old', 'Firm', 'old@firm.fr', 'Deleted Firm', 0, 0, 60, '2020-01-01', '2020-01-01');
UPDATE ps_customer SET deleted = 1 WHERE id_customer = 5;
-- A B2B state: validated (logable) but not paid.
INSERT INTO ps_order_state(id_order_state, color, logable, paid) VALUES (20, '#000', 1, 0);
INSERT INTO ps_order_state_lang(id_order_state, id_lang, name) VALUES (20, 1, 'Accepted, to be invoiced');
INSERT INTO ps_orders(id_order, reference, id_customer, current_state, payment, total_paid_real,
  conversion_rate, valid, date_add, date_upd) VALUES
  (1, 'A1', 1, 20, 'Invoice', 80, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00'),
  (2, 'A2', 1, 20, 'Invoice', 60, 2, 1, '2026-03-01 10:00:00', '2026-03-01 10:00:00'),
  (3, 'A3', 1, 2, 'Invoice', 500, 1, 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00'),
  (4, 'A4', 1, 6, 'Invoice', 700, 1, 0, '2026-01-01 10:00:00', '2026-01-01 10:00:00'),
  (5, 'B1', 2, 20, 'Invoice', 400, 1, 1, '2026-03-10 10:00:00', '2026-03-10 10:00:00'),
  (6, 'J1', 4, 20, 'Invoice', 50, 1, 1, '2026-03-10 10:00:00', '2026-03-10 10:00:00'),
  (7, 'D1', 5, 20, 'Invoice', 50, 1, 1, '2026-03-10 10:00:00', '2026-03-10 10:00:00');
)SQL");
    }
    OutstandingPage page(OutstandingQuery q = {}) {
        q.today = "2026-03-20";
        return query_outstanding(db, q);
    }
    std::vector<std::int64_t> ids(const OutstandingPage& p) {
        std::vector<std::int64_t> out;
        for (const auto& r : p.rows)
            out.push_back(r.id);
        return out;
    }
    Store store{":memory:"};
    Database& db = store.db();
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST(Outstanding, IsValidOrdersInUnpaidStatesInTheDefaultCurrency) {
    Shop s;
    // 80 + 60 / 2; the paid order (state 2) and the cancelled one (not valid) do not count.
    EXPECT_DOUBLE_EQ(customer_outstanding(s.db, 1), 110);
    EXPECT_DOUBLE_EQ(customer_outstanding(s.db, 3), 0);
    s.db.exec("UPDATE ps_orders SET current_state = 2 WHERE id_order = 1"); // paid now
    EXPECT_DOUBLE_EQ(customer_outstanding(s.db, 1), 30);
}

TEST(Outstanding, SameFigureAsTheCustomerSheet) {
    Shop s;
    for (std::int64_t id : {1, 2, 3}) {
        auto sheet = load_customer_sheet(s.db, id, 1, "2026-03-20");
        ASSERT_TRUE(sheet);
        EXPECT_DOUBLE_EQ(sheet->b2b.outstanding, customer_outstanding(s.db, id)) << id;
    }
}

TEST(Outstanding, ListsLiveCompaniesWithAmountsRiskAndFlags) {
    Shop s;
    OutstandingPage p = s.page();
    EXPECT_EQ(p.total, 3);               // no company (4) and deleted (5) are not listed
    EXPECT_EQ(s.ids(p), (Ids{2, 1, 3})); // by outstanding, largest first
    const OutstandingRow& acme = p.rows[1];
    EXPECT_EQ(acme.company, "Acme SARL");
    EXPECT_EQ(acme.risk, "Low");
    EXPECT_EQ(acme.risk_color, "#FF8C00");
    EXPECT_DOUBLE_EQ(acme.allowance, 100);
    EXPECT_DOUBLE_EQ(acme.outstanding, 110);
    EXPECT_EQ(acme.unpaid_orders, 2);
    EXPECT_EQ(acme.oldest_unpaid, "2026-01-01 10:00:00");
    EXPECT_EQ(acme.max_payment_days, 30);
    EXPECT_TRUE(acme.over_allowance);
    EXPECT_TRUE(acme.overdue);                 // 1 Jan + 30 days < 20 Mar
    EXPECT_DOUBLE_EQ(acme.overdue_amount, 80); // the 1 Jan order; the 1 Mar one is not due yet
    const OutstandingRow& bolt = p.rows[0];
    EXPECT_FALSE(bolt.over_allowance);
    EXPECT_FALSE(bolt.overdue); // 10 Mar + 60 days
    EXPECT_DOUBLE_EQ(bolt.overdue_amount, 0);
    EXPECT_EQ(bolt.risk, "High");
    EXPECT_EQ(p.rows[2].risk, "");
    EXPECT_EQ(p.rows[2].oldest_unpaid, "");
}

TEST(Outstanding, FiltersAndSorts) {
    Shop s;
    auto with = [&](std::vector<OutstandingFilter> f, bool owing = false, bool over = false) {
        OutstandingQuery q;
        q.filters = std::move(f);
        q.owing_only = owing;
        q.over_only = over;
        return s.ids(s.page(q));
    };
    EXPECT_EQ(with({}, false, true), (Ids{1}));
    EXPECT_EQ(with({}, true), (Ids{2, 1}));
    EXPECT_EQ(with({{OutstandingColumn::Company, "bolt"}}), (Ids{2}));
    EXPECT_EQ(with({{OutstandingColumn::Customer, "cur"}}), (Ids{1}));
    EXPECT_EQ(with({{OutstandingColumn::Customer, "cargo.fr"}}), (Ids{3}));
    EXPECT_EQ(with({{OutstandingColumn::Risk, "4"}}), (Ids{2}));
    EXPECT_EQ(with({{OutstandingColumn::Id, "3"}}), (Ids{3}));
    EXPECT_EQ(with({{OutstandingColumn::Outstanding, "200"}}), (Ids{2}));
    EXPECT_EQ(with({{OutstandingColumn::Allowance, "100"}}), (Ids{2, 1}));
    EXPECT_EQ(with({{OutstandingColumn::Company, "' OR 1 = 1 --"}}), (Ids{}));

    OutstandingQuery q;
    q.sort = OutstandingColumn::Company;
    q.descending = false;
    EXPECT_EQ(s.ids(s.page(q)), (Ids{1, 2, 3}));
    q.sort = OutstandingColumn::Customer;
    EXPECT_EQ(s.ids(s.page(q)), (Ids{3, 1, 2}));
    q.sort = OutstandingColumn::PaymentDays;
    EXPECT_EQ(s.ids(s.page(q)), (Ids{1, 2, 3}));
    q.sort = OutstandingColumn::Overdue;
    q.descending = true; // the most overdue first; ties by id
    EXPECT_EQ(s.ids(s.page(q)), (Ids{1, 3, 2}));
    EXPECT_EQ(with({{OutstandingColumn::Overdue, "50"}}), (Ids{1}));
    q.sort = OutstandingColumn::Risk;
    EXPECT_EQ(s.ids(s.page(q)), (Ids{2, 1, 3}));
    q.sort = OutstandingColumn::PaymentDays;
    q.descending = false;
    q.limit = 1;
    q.offset = 1;
    OutstandingPage p = s.page(q);
    EXPECT_EQ(p.total, 3);
    EXPECT_EQ(s.ids(p), (Ids{2}));
}

TEST(Outstanding, OrdersOfACustomerOldestFirstWithDueDates) {
    Shop s;
    auto orders = outstanding_orders(s.db, 1, 1, "2026-03-20");
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].reference, "A1");
    EXPECT_EQ(orders[0].state, "Accepted, to be invoiced");
    EXPECT_EQ(orders[0].due_date, "2026-01-31 10:00:00");
    EXPECT_TRUE(orders[0].overdue);
    EXPECT_DOUBLE_EQ(orders[1].amount, 30);
    EXPECT_FALSE(orders[1].overdue); // due 31 Mar
}
