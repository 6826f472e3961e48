// Segments: every fact and operator counted on a small fixed shop worked out by hand, parser
// errors with their positions, values that look like SQL staying data, saved segments (audited,
// undoable), a customer's segments, the grid's query and its time-boxed counter with a
// segment, and the RFM scores of the same shop.
#include "core/customer_query.h"
#include "core/rfm.h"
#include "core/segments.h"
#include "shop_fixture.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace {

using namespace clientele;
using clientele::test::count;
using core::count_segment;
using core::Database;
using core::SegmentError;

constexpr const char* kToday = "2026-03-01";

// Six customers (5 is deleted and never matches):
//  1 Alice Martin   FR fr  Mrs. 1990-05-10  newsletter optin active  groups Customer+VIP
//    orders (valid) 2025-06-01 100 [product 15], 2025-12-01 250, 2026-02-20 200 [product 12]
//    visit 2026-02-27; registered 2024-01-10
//  2 Bruno Garcia   ES en  Mr.  1980-03-02  active; order 2025-09-01 600 [12]; an invalid
//    order with product 15; registered 2025-01-01
//  3 Chloé Dupont   FR fr  guest, inactive, newsletter, company "Dupont SA", default group
//    Guest, no order; registered 2026-02-25
//  4 Robert'); DROP TABLE ps_customer; --   DE  newsletter active, 5 orders of 10, all
//    2024-01-01; registered 2020-05-05
//  5 deleted, newsletter
//  6 東子 山田 (company 東京商事) no address, active, order 2026-02-28 1000 [product 20,
//    reference REF-XYZ]; registered 2025-12-31
class Segments : public ::testing::Test {
protected:
    void SetUp() override {
        Database& d = db();
        d.exec(R"SQL(
INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe');
INSERT INTO ps_country(id_country, id_zone, iso_code) VALUES (8, 1, 'FR'), (6, 1, 'ES'), (1, 1, 'DE');
INSERT INTO ps_country_lang VALUES (8, 1, 'France'), (6, 1, 'Spain'), (1, 1, 'Germany');
INSERT INTO ps_group(id_group, date_add, date_upd) VALUES (4, '2020-01-01', '2020-01-01');
INSERT INTO ps_group_lang VALUES (4, 1, 'VIP'), (4, 2, 'VIP'), (4, 3, 'VIP');
INSERT INTO ps_customer(id_customer, id_gender, id_default_group, id_lang, company, firstname,
  lastname, email, birthday, newsletter, optin, active, is_guest, deleted, date_add, date_upd) VALUES
 (1, 2, 3, 2, NULL, 'Alice', 'Martin', 'alice@example.fr', '1990-05-10', 1, 1, 1, 0, 0,
  '2024-01-10 09:00:00', '2024-01-10 09:00:00'),
 (2, 1, 3, 1, NULL, 'Bruno', 'Garcia', 'bruno@example.es', '1980-03-02', 0, 0, 1, 0, 0,
  '2025-01-01 09:00:00', '2025-01-01 09:00:00'),
 (3, 0, 2, 2, 'Dupont SA', 'Chloé', 'Dupont', 'chloe@example.fr', NULL, 1, 0, 0, 1, 0,
  '2026-02-25 09:00:00', '2026-02-25 09:00:00'),
 (4, 0, 3, 1, NULL, 'Bobby', 'Robert''); DROP TABLE ps_customer; --', 'bobby@example.de', NULL,
  1, 0, 1, 0, 0, '2020-05-05 09:00:00', '2020-05-05 09:00:00'),
 (5, 0, 3, 1, NULL, 'Gone', 'Away', 'gone@example.fr', NULL, 1, 0, 1, 0, 1,
  '2021-01-01 09:00:00', '2021-01-01 09:00:00'),
 (6, 0, 3, 1, '東京商事', '東子', '山田', 'yamada@example.jp', NULL, 0, 0, 1, 0, 0,
  '2025-12-31 09:00:00', '2025-12-31 09:00:00');
INSERT INTO ps_customer_group VALUES (1, 3), (1, 4), (2, 3), (3, 2), (4, 3), (5, 3), (6, 3);
INSERT INTO ps_address(id_country, id_customer, alias, lastname, firstname, address1, city,
  date_add, date_upd) VALUES
 (8, 1, 'home', 'Martin', 'Alice', '1 rue', 'Paris', '2024-01-10', '2024-01-10'),
 (6, 2, 'home', 'Garcia', 'Bruno', '1 calle', 'Madrid', '2025-01-01', '2025-01-01'),
 (8, 3, 'home', 'Dupont', 'Chloé', '2 rue', 'Lyon', '2026-02-25', '2026-02-25'),
 (1, 4, 'home', 'Robert', 'Bobby', '1 Straße', 'Berlin', '2020-05-05', '2020-05-05');
INSERT INTO ps_guest(id_guest, id_customer) VALUES (1, 1);
INSERT INTO ps_connections(id_guest, date_add, ip_address) VALUES (1, '2026-02-27 12:00:00', '10.0.0.1');
)SQL");
        order(1, 100, "2025-06-01", true, 15, "REF-15");
        order(1, 250, "2025-12-01", true, 0, "");
        order(1, 200, "2026-02-20", true, 12, "REF-12");
        order(2, 600, "2025-09-01", true, 12, "REF-12");
        order(2, 80, "2025-10-01", false, 15, "REF-15");
        for (int i = 0; i < 5; ++i)
            order(4, 10, "2024-01-01", true, 0, "");
        order(6, 1000, "2026-02-28", true, 20, "REF-XYZ");
    }

    Database& db() { return store_.db(); }

    void order(std::int64_t customer, double total, const std::string& day, bool valid,
               std::int64_t product, const std::string& reference) {
        db().prepare("INSERT INTO ps_orders(reference, id_customer, current_state, payment, "
                     "total_paid_real, valid, date_add, date_upd) VALUES ('ABCDEFGHI', ?1, ?2, "
                     "'Bank wire', ?3, ?4, ?5, ?5)")
            .bind_all(customer, valid ? 2 : 6, total, valid ? 1 : 0, day + " 10:00:00")
            .run();
        if (product == 0)
            return;
        db().prepare("INSERT INTO ps_order_detail(id_order, product_id, product_name, "
                     "product_reference) VALUES (?1, ?2, 'Product', ?3)")
            .bind_all(db().last_insert_id(), product, reference)
            .run();
    }

    std::int64_t n(const std::string& text) { return count_segment(db(), text, kToday); }

    // The error's message for a text that must not parse.
    std::string error(const std::string& text) {
        try {
            core::parse_segment(text);
        } catch (const SegmentError& e) {
            return e.what();
        }
        return "(parsed)";
    }

    core::Store store_{":memory:"};
};

TEST_F(Segments, BooleanFacts) {
    EXPECT_EQ(n("newsletter"), 3); // 1, 3, 4 (5 is deleted)
    EXPECT_EQ(n("NOT newsletter"), 2);
    EXPECT_EQ(n("newsletter = false"), 2);
    EXPECT_EQ(n("newsletter = yes"), 3);
    EXPECT_EQ(n("newsletter != 1"), 2);
    EXPECT_EQ(n("optin"), 1);
    EXPECT_EQ(n("active"), 4);
    EXPECT_EQ(n("guest"), 1);
}

TEST_F(Segments, NumberOperators) {
    EXPECT_EQ(n("orders >= 3"), 2);
    EXPECT_EQ(n("orders = 1"), 2);
    EXPECT_EQ(n("orders != 1"), 3);
    EXPECT_EQ(n("orders <> 1"), 3);
    EXPECT_EQ(n("orders < 1"), 1);
    EXPECT_EQ(n("orders <= 1"), 3);
    EXPECT_EQ(n("orders > 3"), 1);
    EXPECT_EQ(n("orders IN (1, 5)"), 3);
    EXPECT_EQ(n("orders NOT IN (1, 5)"), 2);
    EXPECT_EQ(n("orders BETWEEN 1 AND 3"), 3);
    EXPECT_EQ(n("orders NOT BETWEEN 1 AND 3"), 2);
    EXPECT_EQ(n("amount_spent > 500"), 3);
    EXPECT_EQ(n("amount_spent >= 549.99"), 3);
    EXPECT_EQ(n("avg_basket >= 600"), 2);
    EXPECT_EQ(n("avg_basket < 100"), 1); // 4 (10); 3 has no basket
    EXPECT_EQ(n("id = 2"), 1);
    EXPECT_EQ(n("id IN (1, 2, 99)"), 2);
    EXPECT_EQ(n("age > 40"), 1); // Bruno is 45 the day before his birthday
    EXPECT_EQ(n("age = 45"), 1);
    EXPECT_EQ(n("age BETWEEN 30 AND 40"), 1);
    EXPECT_EQ(n("NOT age > 40"), 4); // no birthday: no age, so "not older than 40"
}

TEST_F(Segments, DatesAndDurations) {
    EXPECT_EQ(n("last_order < 90d"), 2);     // 1 (9 days ago), 6 (1 day)
    EXPECT_EQ(n("last_order > 90d"), 2);     // 2, 4
    EXPECT_EQ(n("NOT last_order < 90d"), 3); // and 3, who never ordered
    EXPECT_EQ(n("last_order <= 1d"), 1);
    EXPECT_EQ(n("last_order < 1w"), 1);
    EXPECT_EQ(n("last_order < 2w"), 2);
    EXPECT_EQ(n("last_order < 6m"), 2);
    EXPECT_EQ(n("last_order < 7M"), 3); // 2025-09-01 is less than 7 months ago
    EXPECT_EQ(n("last_order > 1y"), 1);
    EXPECT_EQ(n("last_order BETWEEN 1w AND 12m"), 2); // 1 (9 days), 2 (6 months)
    EXPECT_EQ(n("first_order < 2025-07-01"), 2);
    EXPECT_EQ(n("first_order = 2025-06-01"), 1);
    EXPECT_EQ(n("first_order != 2025-06-01"), 4);
    EXPECT_EQ(n("last_order BETWEEN 2026-02-01 AND 2026-02-28"), 2);
    EXPECT_EQ(n("last_order <= 2026-02-20"), 3);
    EXPECT_EQ(n("last_order > 2026-02-20"), 1);
    EXPECT_EQ(n("registered >= 2026-01-01"), 1);
    EXPECT_EQ(n("registered < 2025-01-01"), 2);
    EXPECT_EQ(n("last_visit < 30d"), 1);
}

TEST_F(Segments, CodesTextAndMembership) {
    EXPECT_EQ(n("country = FR"), 2);
    EXPECT_EQ(n("country = fr"), 2);
    EXPECT_EQ(n("country IN (FR, ES)"), 3);
    EXPECT_EQ(n("country != FR"), 3); // 2, 4 and 6 (no country)
    EXPECT_EQ(n("country = \"Germany\""), 1);
    EXPECT_EQ(n("country = 6"), 1);
    EXPECT_EQ(n("group = VIP"), 1);
    EXPECT_EQ(n("group = \"vip\""), 1);
    EXPECT_EQ(n("group = 4"), 1);
    EXPECT_EQ(n("group = Customer"), 4);
    EXPECT_EQ(n("group != VIP"), 4);
    EXPECT_EQ(n("group NOT IN (VIP, Guest)"), 3);
    EXPECT_EQ(n("default_group = Guest"), 1);
    EXPECT_EQ(n("default_group = 3"), 4);
    EXPECT_EQ(n("gender = female"), 1);
    EXPECT_EQ(n("gender = 2"), 1);
    EXPECT_EQ(n("title = \"Mr.\""), 1);
    EXPECT_EQ(n("title = \"Mme\""), 1); // any language's name
    EXPECT_EQ(n("lang = fr"), 2);
    EXPECT_EQ(n("shop = 1"), 5);
    EXPECT_EQ(n("shop = \"Clientèle demo shop\""), 5);
    EXPECT_EQ(n("firstname = \"alice\""), 1);
    EXPECT_EQ(n("firstname != Alice"), 4);
    EXPECT_EQ(n("lastname IN (\"Martin\", 'Garcia')"), 2);
    EXPECT_EQ(n("email CONTAINS \"example.fr\""), 2);
    EXPECT_EQ(n("email CONTAINS \"%\""), 0); // % and _ match themselves
    EXPECT_EQ(n("company CONTAINS sa"), 1);
    EXPECT_EQ(n("bought(12)"), 2);
    EXPECT_EQ(n("bought(15)"), 1); // Bruno's order with 15 is not valid
    EXPECT_EQ(n("bought(12) AND NOT bought(15)"), 1);
    EXPECT_EQ(n("bought(\"REF-XYZ\")"), 1);
    EXPECT_EQ(n("bought(99)"), 0);
}

TEST_F(Segments, LogicPrecedenceAndKeywords) {
    EXPECT_EQ(n("newsletter OR orders = 1 AND country = ES"), 4); // AND binds tighter
    EXPECT_EQ(n("(newsletter OR orders = 1) AND country = ES"), 1);
    EXPECT_EQ(n("NOT (country = FR OR country = ES)"), 2);
    EXPECT_EQ(n("NOT NOT newsletter"), 3);
    EXPECT_EQ(n("guest or orders >= 3 and not newsletter"), 1);
    EXPECT_EQ(n("Orders >= 3 AND Amount_Spent > 500 AND Last_Order < 90D"), 1);
    EXPECT_EQ(n("orders >= 3 AND amount_spent > 500 AND last_order < 90d AND country IN (FR, "
                "ES) AND group = \"VIP\" AND newsletter"),
              1);
}

TEST_F(Segments, ValuesThatLookLikeSqlStayData) {
    EXPECT_EQ(n("lastname = \"Robert'); DROP TABLE ps_customer; --\""), 1);
    EXPECT_EQ(n("email = '\\'; DROP TABLE ps_customer; --'"), 0);
    EXPECT_EQ(n("firstname = \"\\\" OR 1=1 --\""), 0);
    EXPECT_EQ(n("country IN (\"FR' OR '1'='1\")"), 0);
    EXPECT_EQ(n("group = \"x\\\\\\\" OR 1 = 1\""), 0);
    EXPECT_EQ(n("bought(\"1) OR 1=1 --\")"), 0);
    EXPECT_EQ(n("company = \"東京商事\""), 1);
    EXPECT_EQ(n("firstname = 東子"), 1);
    EXPECT_EQ(count(db(), "SELECT COUNT(*) FROM ps_customer"), 6);
    // The values never reach the SQL text.
    std::vector<core::SegmentParam> params;
    auto sql = core::compile_segment("lastname = \"x'; DROP TABLE ps_customer; --\"", kToday,
                                     [&](core::SegmentParam v) {
                                         params.push_back(v);
                                         return "?" + std::to_string(params.size());
                                     });
    EXPECT_EQ(sql.sql.find("DROP"), std::string::npos);
    ASSERT_EQ(params.size(), 1u);
    EXPECT_EQ(std::get<std::string>(params[0]), "x'; DROP TABLE ps_customer; --");
}

TEST_F(Segments, ParseErrorsGiveThePosition) {
    EXPECT_EQ(error("country = FR AND orders >="), "expected a value after '>=' at 26");
    EXPECT_EQ(error("orders >= 3 AND amount_spent > AND x"), "expected a value after '>' at 31");
    EXPECT_EQ(error("ordres >= 3"), "unknown fact 'ordres' at 0");
    EXPECT_EQ(error("(orders >= 3"), "expected ')' at 12");
    EXPECT_EQ(error("orders >= 3)"), "unexpected ')' at 11");
    EXPECT_EQ(error("email = \"abc"), "unterminated string at 8");
    EXPECT_EQ(error("email = \"a\\qb\""), "unknown escape '\\q' in a string at 10");
    EXPECT_EQ(error("orders >= 3 #"), "unexpected character '#' at 12");
    EXPECT_EQ(error("orders ! 3"), "unexpected character '!' (did you mean != or NOT?) at 7");
    EXPECT_EQ(error("orders"), "'orders' needs a comparison (for example orders >= 3) at 6");
    EXPECT_EQ(error("country < FR"), "operator '<' does not apply to 'country' at 8");
    EXPECT_EQ(error("orders > abc"), "expected a number for 'orders' but found 'abc' at 9");
    EXPECT_EQ(error("last_order = 90d"),
              "use < or > with a duration ('last_order < 90d': less than 90d ago) at 11");
    EXPECT_EQ(error("registered > 2025-02-30"), "invalid date '2025-02-30' at 13");
    EXPECT_EQ(error(""), "expected a condition at 0");
    EXPECT_EQ(error("   "), "expected a condition at 3");
    EXPECT_EQ(error("newsletter AND"), "expected a condition after 'AND' at 14");
    EXPECT_EQ(error("newsletter optin"), "expected AND, OR or the end at 11");
    EXPECT_EQ(error("orders IN (1, 2"), "expected ',' or ')' in the IN list at 15");
    EXPECT_EQ(error("orders BETWEEN 1 OR 2"), "expected AND in BETWEEN ... AND ... at 17");
    EXPECT_EQ(error("bought 12"), "expected '(' after 'bought' at 7");
    EXPECT_EQ(error("newsletter = maybe"),
              "expected true or false for 'newsletter' but found 'maybe' at 13");
    // Positions count characters, not bytes.
    EXPECT_EQ(error("company = \"東京\" AND x"), "unknown fact 'x' at 19");
    EXPECT_EQ(error("firstname = é #"), "unexpected character '#' at 14");
    // SegmentError keeps the position apart.
    try {
        core::parse_segment("orders >= 3 AND amount >= 1");
        FAIL();
    } catch (const SegmentError& e) {
        EXPECT_EQ(e.position(), 16u);
        EXPECT_EQ(e.bare(), "unknown fact 'amount'");
    }
    EXPECT_FALSE(core::check_segment("orders >= 3").has_value());
    EXPECT_EQ(core::check_segment("orders >=")->position, 9u);
    EXPECT_THROW(n("orders >="), SegmentError);
    EXPECT_THROW(n(""), SegmentError);
}

TEST_F(Segments, TheGridQueryAndTheTimeBoxedCounterHonourTheSegment) {
    core::CustomerQuery q;
    q.today = kToday;
    q.segment = "country IN (FR, ES)";
    EXPECT_EQ(core::count_customers(db(), q), 3);
    core::ColumnFilter f;
    f.column = "newsletter";
    f.yes = true;
    q.filters.push_back(f);
    EXPECT_EQ(core::count_customers(db(), q), 2);
    auto page = core::query_customers(db(), q);
    ASSERT_EQ(page.rows.size(), 2u);
    EXPECT_EQ(page.rows[0].id, 1);
    EXPECT_EQ(page.rows[1].id, 3);
    EXPECT_EQ(core::query_customer_ids(db(), q), (std::vector<std::int64_t>{1, 3}));
    // The counter, forced to count one small range per step.
    auto saved = core::customer_query_tuning();
    core::customer_query_tuning().count_chunk = 2;
    core::customer_query_tuning().probe = 0;
    core::CustomerCounter counter(db(), q);
    int steps = 0;
    while (!counter.step(std::chrono::steady_clock::now()) && ++steps < 100) {
    }
    core::customer_query_tuning() = saved;
    EXPECT_TRUE(counter.done());
    EXPECT_EQ(counter.count(), 2);
    q.segment = "orders >=";
    EXPECT_THROW(core::count_customers(db(), q), std::invalid_argument);
    EXPECT_EQ(core::segment_ids(db(), "newsletter", 0, 10, kToday),
              (std::vector<std::int64_t>{1, 3, 4}));
    EXPECT_EQ(core::segment_ids(db(), "newsletter", 1, 1, kToday), (std::vector<std::int64_t>{3}));
}

TEST_F(Segments, SavedSegmentsAreAuditedAndUndoable) {
    Database& d = db();
    const std::int64_t id = core::create_segment(d, "Big spenders", "amount_spent > 500");
    ASSERT_EQ(core::list_segments(d).size(), 1u);
    EXPECT_EQ(core::list_segments(d)[0].text, "amount_spent > 500");
    // Same name (any case), empty name, bad text: field errors.
    try {
        core::create_segment(d, "big SPENDERS", "orders >");
        FAIL();
    } catch (const core::ValidationError& e) {
        EXPECT_TRUE(test::has_error(e.errors(), "name", "err.segment_name_taken"));
        EXPECT_TRUE(test::has_error(e.errors(), "text", "err.segment_syntax"));
        EXPECT_NE(e.errors()[1].message.find("at 8"), std::string::npos);
    }
    EXPECT_TRUE(test::has_error(core::validate_segment(d, 0, "  ", "newsletter"), "name",
                                "err.segment_name_required"));
    EXPECT_TRUE(test::has_error(core::validate_segment(d, 0, std::string(65, 'x'), "newsletter"),
                                "name", "err.segment_name_too_long"));
    core::update_segment(d, id, "amount_spent > 900");
    EXPECT_EQ(core::load_segment(d, id)->text, "amount_spent > 900");
    core::rename_segment(d, id, "Whales");
    EXPECT_EQ(core::load_segment(d, id)->name, "Whales");
    EXPECT_EQ(core::audit::undo(d).value(), "segment renamed: Big spenders -> Whales");
    EXPECT_EQ(core::load_segment(d, id)->name, "Big spenders");
    EXPECT_TRUE(core::audit::undo(d).has_value());
    EXPECT_EQ(core::load_segment(d, id)->text, "amount_spent > 500");
    core::delete_segment(d, id);
    EXPECT_TRUE(core::list_segments(d).empty());
    core::audit::undo(d);
    EXPECT_EQ(core::list_segments(d).size(), 1u);
    core::audit::undo(d); // the creation
    EXPECT_TRUE(core::list_segments(d).empty());
    core::audit::redo(d);
    EXPECT_EQ(core::find_segment(d, "big spenders")->id, id);
    // save_segment: creates, then replaces the text of the same name.
    const std::int64_t cross =
        core::save_segment(d, "Cross-sell 12 not 15", "bought(12) AND NOT bought(15)");
    EXPECT_EQ(core::save_segment(d, "cross-sell 12 NOT 15", "bought(12)"), cross);
    EXPECT_EQ(core::load_segment(d, cross)->text, "bought(12)");
}

TEST_F(Segments, ACustomersSegments) {
    Database& d = db();
    core::create_segment(d, "French", "country = FR");
    core::create_segment(d, "Newsletter", "newsletter");
    core::create_segment(d, "Recent", "last_order < 30d");
    // A text that no longer compiles is skipped (written behind the API's back).
    d.exec("INSERT INTO cl_segment(name, query, date_add, date_upd) VALUES ('Broken', 'orders >', "
           "'2026-01-01', '2026-01-01')");
    auto names = [&](std::int64_t id) {
        std::string out;
        for (const auto& s : core::segments_of_customer(d, id, kToday))
            out += s.name + ";";
        return out;
    };
    EXPECT_EQ(names(1), "French;Newsletter;Recent;");
    EXPECT_EQ(names(2), "");
    EXPECT_EQ(names(3), "French;Newsletter;");
    EXPECT_EQ(names(6), "Recent;");
}

TEST_F(Segments, RfmScoresAndNames) {
    Database& d = db();
    EXPECT_FALSE(core::rfm_computed_at(d).has_value());
    core::recompute_rfm(d);
    EXPECT_TRUE(core::rfm_computed_at(d).has_value());
    // Four buyers. R by last order: 4 < 2 < 1 < 6; F: 2 and 6 (1 order) < 1 (3) < 4 (5);
    // M: 4 (50) < 1 (550) < 2 (600) < 6 (1000).
    EXPECT_EQ(test::text_of(d, "SELECT id_customer, rfm_r, rfm_f, rfm_m, id_rfm_segment FROM "
                               "cl_customer_stats ORDER BY id_customer"),
              "1|3|3|2|6\n" // R3, FM 3: Need attention
              "2|2|1|3|7\n" // R2, FM 2: About to sleep
              "3||||\n"
              "4|1|4|1|8\n" // R1, FM 3: At risk
              "5||||\n"
              "6|4|1|4|3\n"); // R4, FM 3: Potential loyalists
    EXPECT_EQ(n("rfm = need_attention"), 1);
    EXPECT_EQ(n("rfm = \"About to sleep\""), 1);
    EXPECT_EQ(n("rfm = \"En riesgo\""), 1);
    EXPECT_EQ(n("rfm IN (at_risk, potential_loyalists)"), 2);
    EXPECT_EQ(n("r >= 3"), 2);
    EXPECT_EQ(n("f = 4"), 1);
    EXPECT_EQ(n("m BETWEEN 3 AND 4"), 2);
    // The grid's RFM column: sorted by name (unscored first), filtered with "contains", read
    // along the index (probe off) or from the few matches.
    for (std::int64_t probe : {std::int64_t{2000}, std::int64_t{0}}) {
        auto saved = core::customer_query_tuning();
        core::customer_query_tuning().probe = probe;
        core::CustomerQuery q;
        q.today = kToday;
        q.sort = {{"rfm", false}};
        auto page = core::query_customers(d, q);
        std::string ids;
        for (const auto& r : page.rows)
            ids += std::to_string(r.id) + (r.rfm.empty() ? "" : ":" + r.rfm) + ";";
        EXPECT_EQ(ids, "3;2:About to sleep;4:At risk;1:Need attention;6:Potential loyalists;");
        core::ColumnFilter f;
        f.column = "rfm";
        f.text = "AT";
        q.filters = {f};
        q.sort = {{"rfm", true}};
        page = core::query_customers(d, q);
        ASSERT_EQ(page.rows.size(), 2u);
        EXPECT_EQ(page.rows[0].id, 1);
        EXPECT_EQ(page.rows[1].id, 4);
        core::customer_query_tuning() = saved;
    }
    EXPECT_EQ(core::find_customer_column("rfm")->type, core::ColumnType::Text);
    EXPECT_EQ(core::customer_columns().back().id, std::string("rfm"));
    auto sizes = core::rfm_segment_sizes(d, 2);
    ASSERT_EQ(sizes.size(), 11u);
    EXPECT_EQ(sizes[5].name, "À surveiller");
    EXPECT_EQ(sizes[5].customers, 1);
    EXPECT_EQ(sizes[0].customers, 0);
    // The table: the corners and the rounding of (F + M) / 2.
    EXPECT_EQ(core::rfm_segment_for(5, 5, 5), 1);  // Champions
    EXPECT_EQ(core::rfm_segment_for(5, 1, 1), 4);  // New customers
    EXPECT_EQ(core::rfm_segment_for(1, 1, 1), 11); // Lost
    EXPECT_EQ(core::rfm_segment_for(1, 5, 4), 9);  // Cannot lose them
    EXPECT_EQ(core::rfm_segment_for(3, 1, 2), 6);  // FM 2: Need attention
    EXPECT_EQ(core::rfm_segment_for(2, 3, 3), 8);  // At risk
    std::set<int> all;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f)
            all.insert(core::rfm_segment_for(r, f, f));
    EXPECT_EQ(all.size(), 11u); // every segment is reachable
}

TEST_F(Segments, RfmOfFiveDistinctBuyersIsOneToFiveAndTheJobSteps) {
    Database& d = db();
    d.exec("DELETE FROM ps_orders");
    for (int i = 1; i <= 5; ++i) {
        d.prepare("INSERT INTO ps_customer(firstname, lastname, email, date_add, date_upd) VALUES "
                  "('A', 'B', 'x@example.com', '2020-01-01', '2020-01-01')")
            .run();
        const std::int64_t c = d.last_insert_id();
        for (int k = 0; k < i; ++k)
            order(c, 100.0 * i, "2025-0" + std::to_string(i) + "-01", true, 0, "");
    }
    core::RfmJob job(d);
    int steps = 0;
    while (!job.step(std::chrono::milliseconds(0)))
        ++steps;
    EXPECT_TRUE(job.error().empty()) << job.error();
    EXPECT_GE(steps, 12); // a boundary per step at least
    EXPECT_EQ(test::text_of(d, "SELECT rfm_r || rfm_f || rfm_m FROM cl_customer_stats WHERE "
                               "rfm_r IS NOT NULL ORDER BY id_customer"),
              "111\n222\n333\n444\n555\n");
    EXPECT_EQ(n("rfm = champions"), 1);
    EXPECT_EQ(n("rfm = lost"), 1);
    // Cancelled: nothing changes.
    d.exec("UPDATE cl_customer_stats SET rfm_r = NULL, rfm_f = NULL, rfm_m = NULL, id_rfm_segment "
           "= NULL");
    core::RfmJob again(d);
    again.step(std::chrono::milliseconds(0));
    again.cancel();
    EXPECT_EQ(count(d, "SELECT COUNT(*) FROM cl_customer_stats WHERE rfm_r IS NOT NULL"), 0);
}

} // namespace
