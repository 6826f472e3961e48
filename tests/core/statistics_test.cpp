// Statistics and cross-selling on a small shop written row by row in the test, every figure
// compared with values worked out by hand (see the comments next to the rows).
#include "shop_fixture.h"

#include "core/cross_selling.h"
#include "core/customer_query.h"
#include "core/i18n.h"
#include "core/statistics.h"

#include <nlohmann/json.hpp>

using namespace clientele;
using clientele::core::Database;
using clientele::test::count;

namespace {

constexpr const char* kToday = "2026-03-10";

class StatsShop : public ::testing::Test {
protected:
    void SetUp() override {
        core::i18n::set_language("en");
        Database& db = store.db();
        db.exec("INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe');"
                "INSERT INTO ps_country(id_country, id_zone, iso_code) VALUES (1, 1, 'FR'), "
                "(2, 1, 'ES');"
                "INSERT INTO ps_country_lang VALUES (1, 1, 'France'), (1, 2, 'France'), "
                "(2, 1, 'Spain'), (2, 2, 'Espagne');");
        // id, gender, first, last, birthday, guest, deleted, registered
        customer(1, 2, "Alice", "Martin", "1990-06-15", 0, 0, "2025-11-05 09:00:00"); // 35
        customer(2, 1, "Bob", "=cmd|' /C calc'!A0", "2010-01-01", 0, 0,
                 "2026-01-20 09:00:00");                                          // 16
        customer(3, 0, "Carol", "Petit", "", 1, 0, "2026-01-25 09:00:00");        // guest, unknown
        customer(4, 1, "Dan", "Gone", "1980-01-01", 0, 1, "2026-02-01 09:00:00"); // deleted
        customer(5, 2, "Eve", "Roux", "1961-03-10", 0, 0, "2026-03-01 09:00:00"); // 65 today
        customer(6, 1, "Finn", "Blanc", "1961-03-11", 0, 0, "2026-03-05 09:00:00"); // 64
        db.exec("INSERT INTO ps_customer_group VALUES (1, 3), (2, 3), (3, 2), (4, 3), (5, 3), "
                "(6, 3);");
        address(1, 1);
        address(2, 1);
        address(4, 1);
        address(5, 2);
        db.exec("INSERT INTO ps_product(id_product, reference, price, date_add, date_upd) VALUES "
                "(1, 'MUG', 10, '2025-01-01', '2025-01-01'), (2, 'TEE', 10, '2025-01-01', "
                "'2025-01-01'), (3, 'CAP', 50, '2025-01-01', '2025-01-01');"
                "INSERT INTO ps_product_lang VALUES (1, 1, 'Mug'), (1, 2, 'Tasse'), "
                "(2, 1, 'Tee'), (2, 2, 'T-shirt'), (3, 1, 'Cap'), (3, 2, 'Casquette');");
        // order, customer, date, valid, total, lines {product, quantity, line total}
        order(1, 1, "2026-01-10 10:00:00", true, 30, {{1, 2, 20}, {2, 1, 10}});
        order(2, 1, "2026-03-01 10:00:00", true, 50, {{3, 1, 50}});
        order(3, 2, "2026-02-15 10:00:00", true, 20, {{1, 1, 20}});
        order(4, 5, "2025-12-20 10:00:00", true, 100, {{2, 5, 100}});
        order(5, 2, "2026-02-20 10:00:00", false, 999, {{3, 3, 999}}); // cancelled
        order(6, 4, "2026-02-10 10:00:00", true, 500, {{1, 1, 500}});  // deleted customer
        cart(7, 3, "2026-03-02 10:00:00", true);                       // not ordered
        cart(8, 6, "2026-03-03 10:00:00", false);                      // empty
    }

    void customer(int id, int gender, const char* first, const char* last, const char* birthday,
                  int guest, int deleted, const char* date) {
        store.db()
            .prepare("INSERT INTO ps_customer(id_customer, id_gender, firstname, lastname, email, "
                     "birthday, is_guest, deleted, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, "
                     "NULLIF(?6, ''), ?7, ?8, ?9, ?9)")
            .bind_all(id, gender, first, last, std::string(first) + "@example.com", birthday, guest,
                      deleted, date)
            .run();
    }
    void address(int customer_id, int country) {
        store.db()
            .prepare("INSERT INTO ps_address(id_country, id_customer, alias, lastname, firstname, "
                     "address1, postcode, city, date_add, date_upd) VALUES (?2, ?1, 'Home', 'L', "
                     "'F', '1 rue', '75001', 'Paris', '2025-01-01', '2025-01-01')")
            .bind_all(customer_id, country)
            .run();
    }
    void cart(int id, int customer_id, const char* date, bool with_product) {
        store.db()
            .prepare("INSERT INTO ps_cart(id_cart, id_customer, date_add, date_upd) VALUES (?1, "
                     "?2, ?3, ?3)")
            .bind_all(id, customer_id, date)
            .run();
        if (with_product)
            store.db()
                .prepare("INSERT INTO ps_cart_product(id_cart, id_product, quantity, date_add) "
                         "VALUES (?1, 2, 1, ?2)")
                .bind_all(id, date)
                .run();
    }
    struct Line {
        int product, quantity;
        double total;
    };
    void order(int id, int customer_id, const char* date, bool valid, double total,
               std::vector<Line> lines) {
        cart(id, customer_id, date, true);
        store.db()
            .prepare("INSERT INTO ps_orders(id_order, reference, id_customer, id_cart, "
                     "current_state, payment, total_paid_real, valid, date_add, date_upd) VALUES "
                     "(?1, 'REF', ?2, ?1, ?3, 'Bank wire', ?4, ?5, ?6, ?6)")
            .bind_all(id, customer_id, valid ? 2 : 6, total, valid, date)
            .run();
        for (const Line& l : lines)
            store.db()
                .prepare("INSERT INTO ps_order_detail(id_order, product_id, product_name, "
                         "product_quantity, total_price_tax_incl) VALUES (?1, ?2, 'line', ?3, ?4)")
                .bind_all(id, l.product, l.quantity, l.total)
                .run();
    }

    core::StatisticsReport report(core::DateRange range) {
        core::StatisticsOptions o;
        o.range = std::move(range);
        o.today = kToday;
        o.top = 10;
        return core::compute_statistics(store.db(), o);
    }

    core::Store store{":memory:"};
};

std::string months(const std::vector<core::MonthFigure>& v) {
    std::string s;
    for (const auto& m : v)
        s += m.month + "=" + std::to_string(m.count) + " ";
    return s;
}

std::string buckets(const std::vector<core::Bucket>& v) {
    std::string s;
    for (const auto& b : v)
        s += (b.kind == core::Bucket::Kind::Unknown  ? std::string("?")
              : b.kind == core::Bucket::Kind::Others ? std::string("others")
                                                     : b.label) +
             "=" + std::to_string(b.count) + " ";
    return s;
}

} // namespace

TEST_F(StatsShop, PresetsAndRangeValidation) {
    EXPECT_EQ(core::preset_range(core::RangePreset::Last30Days, kToday).from, "2026-02-09");
    EXPECT_EQ(core::preset_range(core::RangePreset::Last30Days, kToday).to, kToday);
    EXPECT_EQ(core::preset_range(core::RangePreset::Last30Days, "2024-03-01").from,
              "2024-02-01"); // 29 days in February
    EXPECT_EQ(core::preset_range(core::RangePreset::ThisYear, kToday).from, "2026-01-01");
    EXPECT_TRUE(core::preset_range(core::RangePreset::All, kToday).from.empty());
    EXPECT_TRUE(
        test::has_error(core::validate_range({"2026-13-01", ""}), "from", "err.date_invalid"));
    EXPECT_TRUE(test::has_error(core::validate_range({"2026-03-01", "2026-02-01"}), "to",
                                "err.date_range"));
    EXPECT_TRUE(core::validate_range({"2026-02-01", "2026-02-01"}).empty());
    core::StatisticsOptions bad;
    bad.range = {"2026-03-01", "2026-01-01"};
    EXPECT_THROW(core::compute_statistics(store.db(), bad), core::ValidationError);
}

TEST_F(StatsShop, OrderFiguresThisYear) {
    auto r = report({"2026-01-01", kToday});
    // Valid orders in 2026: #1 Alice 30, #2 Alice 50, #3 Bob 20, #6 Dan 500 (deleted: not
    // ranked). #4 is from 2025, #5 is cancelled.
    ASSERT_EQ(r.customers.size(), 2u);
    EXPECT_EQ(r.customers[0].id, 1);
    EXPECT_EQ(r.customers[0].rank, 1);
    EXPECT_EQ(r.customers[0].orders, 2);
    EXPECT_DOUBLE_EQ(r.customers[0].sales, 80);
    EXPECT_DOUBLE_EQ(r.customers[0].average, 40);
    EXPECT_EQ(r.customers[1].id, 2);
    EXPECT_DOUBLE_EQ(r.customers[1].sales, 20);

    // Mug: 2 + 1 + 1 units, 20 + 20 + 500, 3 orders; Cap 1 unit 50; Tee 1 unit 10.
    ASSERT_EQ(r.products_by_quantity.size(), 3u);
    EXPECT_EQ(r.products_by_quantity[0].name, "Mug");
    EXPECT_EQ(r.products_by_quantity[0].reference, "MUG");
    EXPECT_EQ(r.products_by_quantity[0].quantity, 4);
    EXPECT_EQ(r.products_by_quantity[0].orders, 3);
    EXPECT_DOUBLE_EQ(r.products_by_quantity[0].revenue, 540);
    EXPECT_EQ(r.products_by_quantity[1].name, "Cap"); // same quantity as Tee, more revenue
    EXPECT_EQ(r.products_by_quantity[2].name, "Tee");
    ASSERT_EQ(r.products_by_revenue.size(), 3u);
    EXPECT_EQ(r.products_by_revenue[0].product_id, 1);
    EXPECT_EQ(r.products_by_revenue[1].product_id, 3);
    EXPECT_EQ(r.products_by_revenue[2].product_id, 2);

    // Carts of 2026 with products: 1, 2, 3, 5, 6 (ordered) and 7; cart 8 is empty.
    EXPECT_EQ(r.conversion.carts, 6);
    EXPECT_EQ(r.conversion.converted, 5);
    EXPECT_DOUBLE_EQ(r.conversion.rate, 5.0 / 6.0);

    // Registered live accounts: Bob in January, Eve and Finn in March (Carol is a guest, Dan
    // is deleted); February has none.
    EXPECT_EQ(months(r.new_customers), "2026-01=1 2026-02=0 2026-03=2 ");

    // 4 orders, 600: 150 on average; February: #3 and #6.
    EXPECT_EQ(r.basket.orders, 4);
    EXPECT_DOUBLE_EQ(r.basket.sales, 600);
    EXPECT_DOUBLE_EQ(r.basket.average, 150);
    ASSERT_EQ(r.basket.months.size(), 3u);
    EXPECT_EQ(r.basket.months[1].month, "2026-02");
    EXPECT_EQ(r.basket.months[1].count, 2);
    EXPECT_DOUBLE_EQ(r.basket.months[1].amount, 520);
    EXPECT_DOUBLE_EQ(r.basket.months[1].average, 260);
}

TEST_F(StatsShop, OrderFiguresAllAndLast30Days) {
    auto all = report({});
    // Without a range the ranking reads cl_customer_stats: Eve 100, Alice 80, Bob 20.
    ASSERT_EQ(all.customers.size(), 3u);
    EXPECT_EQ(all.customers[0].id, 5);
    EXPECT_EQ(all.customers[1].id, 1);
    EXPECT_EQ(all.customers[2].id, 2);
    EXPECT_EQ(all.customers[2].rank, 3);
    EXPECT_EQ(months(all.new_customers), "2025-11=1 2025-12=0 2026-01=1 2026-02=0 2026-03=2 ");
    EXPECT_EQ(all.basket.orders, 5);
    EXPECT_DOUBLE_EQ(all.basket.sales, 700);
    EXPECT_EQ(all.conversion.carts, 7);

    auto last30 = report(core::preset_range(core::RangePreset::Last30Days, kToday));
    // 2026-02-09 .. 2026-03-10: #2 (50), #3 (20), #6 (500).
    EXPECT_EQ(last30.basket.orders, 3);
    EXPECT_DOUBLE_EQ(last30.basket.sales, 570);
    EXPECT_EQ(months(last30.new_customers), "2026-02=0 2026-03=2 ");

    core::StatisticsOptions top1;
    top1.top = 1;
    top1.today = kToday;
    auto one = core::compute_statistics(store.db(), top1);
    EXPECT_EQ(one.customers.size(), 1u);
    EXPECT_EQ(one.products_by_revenue.size(), 1u);
}

TEST_F(StatsShop, Distributions) {
    auto r = report({});
    // Live accounts: Alice 35, Bob 16, Carol (no birthday), Eve 65 today, Finn 64.
    EXPECT_EQ(buckets(r.age), "<18=1 18-24=0 25-34=0 35-44=1 45-54=0 55-64=1 65+=1 ?=1 ");
    EXPECT_EQ(buckets(r.gender), "Mr.=2 Mrs.=2 ?=1 ");
    // Alice and Bob in France, Eve in Spain; Carol and Finn have no address (Dan is deleted).
    EXPECT_EQ(buckets(r.country), "France=2 Spain=1 ?=2 ");
    // Members as Customers > Groups counts them (ps_customer_group rows).
    EXPECT_EQ(buckets(r.groups), "Visitor=0 Guest=1 Customer=5 ");
    EXPECT_EQ(buckets(core::country_distribution(store.db(), 2, 1)), "France=2 others=1 ?=2 ");
    EXPECT_EQ(buckets(core::gender_distribution(store.db(), 2)), "M.=2 Mme=2 ?=1 ");
}

TEST_F(StatsShop, JobGivesTheSameReportAndCsvIsSafe) {
    core::StatisticsOptions o;
    o.range = {"2026-01-01", kToday};
    o.today = kToday;
    core::StatisticsJob job(store.db(), o);
    core::run_to_completion(job);
    EXPECT_TRUE(job.error().empty());
    EXPECT_EQ(job.done(), static_cast<std::int64_t>(core::all_figures().size()));
    auto direct = report({"2026-01-01", kToday});
    nlohmann::json a = nlohmann::json::parse(core::statistics_json(job.report()));
    nlohmann::json b = nlohmann::json::parse(core::statistics_json(direct));
    a.erase("timings_ms");
    b.erase("timings_ms");
    EXPECT_EQ(a, b);

    const std::string csv =
        core::figure_csv(direct, core::Figure::TopCustomers, core::csv::Format{});
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "Rank,ID,First name,Last name,E-mail,Orders,Sales,Average basket");
    // Bob's last name would run as a formula in a spreadsheet: neutralised.
    EXPECT_NE(csv.find("2,2,Bob,'=cmd|' /C calc'!A0,Bob@example.com,1,20.00,20.00"),
              std::string::npos)
        << csv;
    const std::string age = core::figure_csv(direct, core::Figure::Age, core::csv::excel());
    EXPECT_EQ(age.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_NE(age.find("65+;1"), std::string::npos) << age;
    EXPECT_NE(age.find("Unknown;1"), std::string::npos) << age;
    for (core::Figure f : core::all_figures())
        EXPECT_FALSE(core::figure_csv(direct, f, core::csv::Format{}).empty())
            << core::figure_id(f);
}

TEST_F(StatsShop, CrossSellingBuyersSearchAndExport) {
    Database& db = store.db();
    auto ids = [](const core::BuyerPage& p) {
        std::string s;
        for (const auto& r : p.rows)
            s += std::to_string(r.id) + " ";
        return s;
    };
    // Mug: Alice (#1) and Bob (#3); Dan is deleted.
    core::BuyerPage mug = core::query_buyers(db, {{1}, {}, 0, 50, 0});
    EXPECT_EQ(mug.total, 2);
    EXPECT_EQ(ids(mug), "1 2 ");
    EXPECT_EQ(mug.rows[0].quantity, 2);
    EXPECT_EQ(mug.rows[1].last_purchase, "2026-02-15 10:00:00");
    // ... and not the Cap: Alice bought one; Bob's Cap order was cancelled.
    EXPECT_EQ(ids(core::query_buyers(db, {{1}, {3}, 0, 50, 0})), "2 ");
    // Mug and Tee: only Alice.
    EXPECT_EQ(ids(core::query_buyers(db, {{1, 2}, {}, 0, 50, 0})), "1 ");
    // Paging.
    core::BuyerPage second = core::query_buyers(db, {{1}, {}, 1, 1, 0});
    EXPECT_EQ(second.total, 2);
    EXPECT_EQ(ids(second), "2 ");
    EXPECT_EQ(core::query_buyers(db, {{}, {}, 0, 50, 0}).total, 0);

    // The same customers as a segment: its text, and its members are the buyers.
    const core::BuyerQuery mug_not_cap{{1}, {3}, 0, 50, 0};
    EXPECT_EQ(core::buyers_segment_text(mug_not_cap), "bought(1) AND NOT bought(3)");
    EXPECT_EQ(core::buyers_segment_text({{1, 2}, {}, 0, 50, 0}), "bought(1) AND bought(2)");
    EXPECT_EQ(core::buyers_segment_text({{}, {3}, 0, 50, 0}), "");
    core::CustomerQuery members;
    members.segment = core::buyers_segment_text(mug_not_cap);
    EXPECT_EQ(core::query_customer_ids(db, members), (std::vector<std::int64_t>{2}));

    EXPECT_EQ(core::search_products(db, "mu", 1).size(), 1u);
    EXPECT_EQ(core::search_products(db, "TEE", 1).at(0).id, 2);
    EXPECT_EQ(core::search_products(db, "3", 1).at(0).name, "Cap");
    EXPECT_EQ(core::search_products(db, "casq", 2).at(0).name, "Casquette");
    EXPECT_EQ(core::search_products(db, "", 1).size(), 3u);
    EXPECT_TRUE(core::search_products(db, "%", 1).empty());
    EXPECT_EQ(core::products_by_id(db, {3, 99, 1}, 1).size(), 2u);

    core::BuyersExportJob job(db, {{1}, {3}, 0, 50, 0}, core::csv::Format{});
    core::run_to_completion(job);
    EXPECT_EQ(job.rows_written(), 1);
    EXPECT_NE(job.output().find("2,Bob,'=cmd|' /C calc'!A0,Bob@example.com,1,"), std::string::npos)
        << job.output();
}

TEST_F(StatsShop, OftenBoughtTogether) {
    Database& db = store.db();
    // Bob bought a Mug; other valid orders with a Mug: #1 (with a Tee) and #6.
    auto bob = core::bought_together(db, 2, 1);
    ASSERT_EQ(bob.size(), 1u);
    EXPECT_EQ(bob[0].product_id, 2);
    EXPECT_EQ(bob[0].name, "Tee");
    EXPECT_EQ(bob[0].orders, 1);
    // Eve bought Tees; order #1 also holds a Mug.
    auto eve = core::bought_together(db, 5, 2);
    ASSERT_EQ(eve.size(), 1u);
    EXPECT_EQ(eve[0].name, "Tasse");
    // Alice has bought everything.
    EXPECT_TRUE(core::bought_together(db, 1, 1).empty());
    // Nobody bought anything.
    EXPECT_TRUE(core::bought_together(db, 6, 1).empty());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_orders"), 6);
}
