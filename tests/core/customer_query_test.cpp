// The customers grid query engine over a small hand-made shop: search, filters, sorts,
// paging, injection attempts, colour codes, deleted customers and query plans.
#include "core/customer_query.h"
#include "core/db.h"
#include "core/schema.h"

#include "shop_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using clientele::core::ColumnFilter;
using clientele::core::ColumnInfo;
using clientele::core::ColumnType;
using clientele::core::count_customers;
using clientele::core::customer_columns;
using clientele::core::CustomerPage;
using clientele::core::CustomerRow;
using clientele::core::Database;
using clientele::core::explain_customer_query;
using clientele::core::find_customer_column;
using clientele::core::migrate;
using clientele::core::query_customer_ids;
using clientele::core::query_customers;
using clientele::core::SortSpec;
using clientele::core::Statement;
using clientele::core::Transaction;
// The fixture takes the suite's name, CustomerQuery.
using Query = clientele::core::CustomerQuery;

using Ids = std::vector<std::int64_t>;

// Customers (today = 2025-06-15 for ages):
//  1 John Doe      Mr.  Customer  France   active, newsletter   born 1980-05-15 (45)
//                  2 valid orders (150): the last one delivered to another address;
//                  a newer invalid order; last visit from 192.168.1.10
//  2 Jean Dupont   Mr.  Customer  Germany  active, optin        born 1990-02-28 (35)
//                  company "Dupont SARL", 1 valid order (300), 1 invalid (1000), IP 10.0.0.5
//  3 José García   --   Guest     --       inactive             born 0000-00-00 (no age)
//                  company "100% Bio", second shop, IP 192.168.2.20
//  4 Marie Curie   Mrs. Customer  France   active, all flags    no birthday
//                  e-mail radium_fan@example.com, company "O'Brien & Co", 1 valid order (50)
//  5 Jane Doe      Mrs. Visitor   --       active               born 2000-12-31 (24)
//                  registered at the same second as John
//  6 Ghost Deleted (deleted)
class CustomerQuery : public ::testing::Test {
protected:
    void SetUp() override {
        db = std::make_unique<Database>(":memory:");
        migrate(*db);
        Transaction tx(*db);
        db->exec(R"SQL(
INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe');
INSERT INTO ps_country(id_country, id_zone, iso_code) VALUES (8, 1, 'FR'), (1, 1, 'DE');
INSERT INTO ps_country_lang VALUES (8, 1, 'France'), (8, 2, 'France'),
  (1, 1, 'Germany'), (1, 2, 'Allemagne');
INSERT INTO ps_shop(id_shop, id_shop_group, name) VALUES (2, 1, 'Second shop');
INSERT INTO ps_customer(id_customer, id_shop, id_gender, id_default_group, company, firstname,
  lastname, email, birthday, newsletter, optin, active, deleted, date_add, date_upd) VALUES
  (1, 1, 1, 3, NULL, 'John', 'Doe', 'john.doe@example.com', '1980-05-15', 1, 0, 1, 0,
   '2020-01-10 10:00:00', '2020-01-10 10:00:00'),
  (2, 1, 1, 3, 'Dupont SARL', 'Jean', 'Dupont', 'jean.dupont@example.fr', '1990-02-28', 0, 1,
   1, 0, '2021-06-01 08:30:00', '2021-06-01 08:30:00'),
  (3, 2, 0, 2, '100% Bio', 'José', 'García', 'jose.garcia@example.es', '0000-00-00', 0, 0, 0,
   0, '2022-03-15 12:00:00', '2022-03-15 12:00:00'),
  (4, 1, 2, 3, 'O''Brien & Co', 'Marie', 'Curie', 'radium_fan@example.com', NULL, 1, 1, 1, 0,
   '2019-11-30 23:59:59', '2019-11-30 23:59:59'),
  (5, 1, 2, 1, NULL, 'Jane', 'Doe', 'jane.doe@example.org', '2000-12-31', 0, 0, 1, 0,
   '2020-01-10 10:00:00', '2020-01-10 10:00:00'),
  (6, 1, 1, 3, NULL, 'Ghost', 'Deleted', 'ghost@example.com', '1970-01-01', 1, 1, 1, 1,
   '2018-01-01 00:00:00', '2018-01-01 00:00:00');
INSERT INTO ps_address(id_address, id_country, id_customer, alias, lastname, firstname,
  address1, city, date_add, date_upd) VALUES
  (1, 8, 1, 'home', 'Doe', 'John', '1 rue A', 'Paris', '2020-01-10', '2020-01-10'),
  (2, 1, 1, 'work', 'Doe', 'John', '2 Str. B', 'Berlin', '2020-01-11', '2020-01-11'),
  (3, 1, 2, 'home', 'Dupont', 'Jean', '3 Str. C', 'Köln', '2021-06-01', '2021-06-01'),
  (4, 8, 4, 'home', 'Curie', 'Marie', '4 rue D', 'Lyon', '2019-12-01', '2019-12-01');
INSERT INTO ps_orders(id_order, reference, id_customer, id_address_delivery,
  id_address_invoice, current_state, payment, total_paid_real, valid, date_add, date_upd) VALUES
  (1, 'AAA', 1, 1, 1, 2, 'card', 100, 1, '2023-01-01 10:00:00', '2023-01-01 10:00:00'),
  (2, 'BBB', 1, 2, 1, 2, 'card', 50, 1, '2024-01-01 10:00:00', '2024-01-01 10:00:00'),
  (3, 'CCC', 1, 1, 1, 6, 'card', 999, 0, '2024-06-01 10:00:00', '2024-06-01 10:00:00'),
  (4, 'DDD', 2, 3, 3, 2, 'card', 300, 1, '2023-05-05 10:00:00', '2023-05-05 10:00:00'),
  (5, 'EEE', 2, 3, 3, 8, 'card', 1000, 0, '2023-06-06 10:00:00', '2023-06-06 10:00:00'),
  (6, 'FFF', 4, 4, 4, 2, 'card', 50, 1, '2022-02-02 10:00:00', '2022-02-02 10:00:00');
INSERT INTO ps_guest(id_guest, id_customer) VALUES (1, 1), (2, 2), (3, 3);
INSERT INTO ps_connections(id_guest, ip_address, date_add) VALUES
  (1, '192.168.1.10', '2024-03-01 12:00:00'),
  (2, '10.0.0.5', '2024-02-01 09:00:00'),
  (3, '192.168.2.20', '2023-12-24 18:00:00');
)SQL");
        tx.commit();
    }

    Query query() const {
        Query q;
        q.today = "2025-06-15";
        return q;
    }

    Ids ids(const Query& q, int id_lang = 1) {
        CustomerPage page = query_customers(*db, q, id_lang);
        Ids out;
        for (const CustomerRow& r : page.rows)
            out.push_back(r.id);
        // The three entry points agree.
        EXPECT_EQ(page.total, count_customers(*db, q, id_lang));
        Ids all = query_customer_ids(*db, q, id_lang);
        EXPECT_EQ(static_cast<std::int64_t>(all.size()), page.total);
        if (q.offset == 0 && q.limit >= page.total) {
            EXPECT_EQ(all, out);
        }
        return out;
    }

    Ids search(const std::string& text) {
        Query q = query();
        q.search = text;
        return ids(q);
    }

    Ids filter(ColumnFilter f) {
        Query q = query();
        q.filters.push_back(std::move(f));
        return ids(q);
    }

    Ids sorted(std::vector<SortSpec> sort) {
        Query q = query();
        q.sort = std::move(sort);
        return ids(q);
    }

    CustomerRow row(std::int64_t id, int id_lang = 1) {
        Query q = query();
        q.include_deleted = true;
        q.filters.push_back({"id", "", double(id), double(id), "", "", std::nullopt});
        CustomerPage page = query_customers(*db, q, id_lang);
        EXPECT_EQ(page.rows.size(), 1u);
        return page.rows.empty() ? CustomerRow{} : page.rows[0];
    }

    static ColumnFilter text(const std::string& column, const std::string& value) {
        ColumnFilter f;
        f.column = column;
        f.text = value;
        return f;
    }
    static ColumnFilter range(const std::string& column, std::optional<double> min,
                              std::optional<double> max) {
        ColumnFilter f;
        f.column = column;
        f.min = min;
        f.max = max;
        return f;
    }
    static ColumnFilter dates(const std::string& column, const std::string& from,
                              const std::string& to) {
        ColumnFilter f;
        f.column = column;
        f.date_from = from;
        f.date_to = to;
        return f;
    }
    static ColumnFilter flag(const std::string& column, bool yes) {
        ColumnFilter f;
        f.column = column;
        f.yes = yes;
        return f;
    }

    bool customer_table_intact() {
        return db->scalar_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ps_customer'") ==
                   1 &&
               db->scalar_int("SELECT COUNT(*) FROM ps_customer") == 6;
    }

    std::unique_ptr<Database> db;
};

TEST_F(CustomerQuery, ColumnsAreTheGridColumns) {
    std::vector<std::string> ids;
    for (const ColumnInfo& c : customer_columns())
        ids.push_back(c.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"id", "title", "firstname", "lastname", "email",
                                             "company", "default_group", "sales", "valid_orders",
                                             "active", "newsletter", "optin", "age", "date_add",
                                             "last_visit", "country", "shop", "rfm"}));
    for (const ColumnInfo& c : customer_columns())
        EXPECT_EQ(std::string(c.label_key), "col." + std::string(c.id));
    ASSERT_NE(find_customer_column("sales"), nullptr);
    EXPECT_EQ(find_customer_column("sales")->type, ColumnType::Money);
    EXPECT_EQ(find_customer_column("valid_orders")->type, ColumnType::Integer);
    EXPECT_EQ(find_customer_column("age")->type, ColumnType::Integer);
    EXPECT_EQ(find_customer_column("date_add")->type, ColumnType::Date);
    EXPECT_EQ(find_customer_column("last_visit")->type, ColumnType::Date);
    EXPECT_EQ(find_customer_column("optin")->type, ColumnType::Bool);
    EXPECT_EQ(find_customer_column("country")->type, ColumnType::Text);
    EXPECT_EQ(find_customer_column("nope"), nullptr);
}

TEST_F(CustomerQuery, DefaultIsEveryLiveCustomerById) {
    CustomerPage page = query_customers(*db, query());
    EXPECT_EQ(page.total, 5);
    Ids got;
    for (const CustomerRow& r : page.rows)
        got.push_back(r.id);
    EXPECT_EQ(got, (Ids{1, 2, 3, 4, 5}));
}

TEST_F(CustomerQuery, RowsCarryEveryField) {
    CustomerRow john = row(1);
    EXPECT_EQ(john.title, "Mr.");
    EXPECT_EQ(john.firstname, "John");
    EXPECT_EQ(john.lastname, "Doe");
    EXPECT_EQ(john.email, "john.doe@example.com");
    EXPECT_EQ(john.company, "");
    EXPECT_EQ(john.default_group, "Customer");
    EXPECT_DOUBLE_EQ(john.sales, 150.0);
    EXPECT_EQ(john.valid_orders, 2);
    EXPECT_TRUE(john.active);
    EXPECT_TRUE(john.newsletter);
    EXPECT_FALSE(john.optin);
    EXPECT_FALSE(john.is_guest);
    EXPECT_FALSE(john.deleted);
    EXPECT_EQ(john.age, 45);
    EXPECT_EQ(john.date_add, "2020-01-10 10:00:00");
    EXPECT_EQ(john.last_visit, "2024-03-01 12:00:00");
    EXPECT_EQ(john.country, "France");
    EXPECT_EQ(john.shop, "Clientèle demo shop");

    CustomerRow jose = row(3);
    EXPECT_EQ(jose.title, "");
    EXPECT_EQ(jose.default_group, "Guest");
    EXPECT_EQ(jose.company, "100% Bio");
    EXPECT_EQ(jose.country, "");
    EXPECT_EQ(jose.shop, "Second shop");
    EXPECT_EQ(jose.age, std::nullopt); // 0000-00-00
    EXPECT_DOUBLE_EQ(jose.sales, 0.0);
    EXPECT_EQ(jose.valid_orders, 0);
    EXPECT_FALSE(jose.active);

    EXPECT_EQ(row(4).age, std::nullopt); // NULL birthday
    EXPECT_EQ(row(4).last_visit, "");
    EXPECT_EQ(row(5).age, 24);
    EXPECT_DOUBLE_EQ(row(2).sales, 300.0); // the invalid order does not count

    // Names in the display language.
    CustomerRow jean_fr = row(2, 2);
    EXPECT_EQ(jean_fr.title, "M.");
    EXPECT_EQ(jean_fr.default_group, "Client");
    EXPECT_EQ(jean_fr.country, "Allemagne");
}

TEST_F(CustomerQuery, ColourCodes) {
    CustomerRow john = row(1), jean = row(2), jose = row(3), marie = row(4), jane = row(5);
    EXPECT_TRUE(john.has_valid_order);
    EXPECT_TRUE(jean.has_valid_order);
    EXPECT_FALSE(jose.has_valid_order);
    EXPECT_TRUE(marie.has_valid_order);
    EXPECT_FALSE(jane.has_valid_order);
    // John's last valid order went to another address than its invoice address (the newer
    // invalid order does not count); Jean's and Marie's did not.
    EXPECT_TRUE(john.delivery_differs);
    EXPECT_FALSE(jean.delivery_differs);
    EXPECT_FALSE(jose.delivery_differs);
    EXPECT_FALSE(marie.delivery_differs);
    EXPECT_FALSE(jane.delivery_differs);
}

TEST_F(CustomerQuery, SearchById) {
    EXPECT_EQ(search("4"), (Ids{4}));
    EXPECT_EQ(search(" 5 "), (Ids{5}));
    EXPECT_EQ(search("999"), (Ids{}));
    // Digits also search the names: "1" is id 1 and the company "100% Bio".
    EXPECT_EQ(search("1"), (Ids{1, 3}));
}

TEST_F(CustomerQuery, SearchByNames) {
    EXPECT_EQ(search("john doe"), (Ids{1}));
    EXPECT_EQ(search("Doe John"), (Ids{1}));
    EXPECT_EQ(search("DOE"), (Ids{1, 5}));
    EXPECT_EQ(search("do"), (Ids{1, 5})); // prefix
    EXPECT_EQ(search("ja do"), (Ids{5}));
    EXPECT_EQ(search("john smith"), (Ids{}));
}

TEST_F(CustomerQuery, SearchByEmailAndCompany) {
    EXPECT_EQ(search("dupont"), (Ids{2}));
    EXPECT_EQ(search("radium"), (Ids{4})); // only in the e-mail
    EXPECT_EQ(search("radium_fan@example.com"), (Ids{4}));
    EXPECT_EQ(search("jean.dupont@example.fr"), (Ids{2}));
    EXPECT_EQ(search("example.org"), (Ids{5}));
    EXPECT_EQ(search("sarl"), (Ids{2}));
    EXPECT_EQ(search("bio"), (Ids{3}));
    EXPECT_EQ(search("o'brien"), (Ids{4}));
}

TEST_F(CustomerQuery, SearchIgnoresAccents) {
    EXPECT_EQ(search("jose"), (Ids{3}));
    EXPECT_EQ(search("José"), (Ids{3}));
    EXPECT_EQ(search("GARCIA"), (Ids{3}));
    EXPECT_EQ(search("garcía jo"), (Ids{3}));
}

TEST_F(CustomerQuery, SearchByIpPrefix) {
    EXPECT_EQ(search("192.168."), (Ids{1, 3}));
    EXPECT_EQ(search("192.168.1"), (Ids{1}));
    EXPECT_EQ(search("192.168.1.10"), (Ids{1}));
    EXPECT_EQ(search("10.0"), (Ids{2}));
    EXPECT_EQ(search("172.16"), (Ids{}));
}

// The search index keeps no copy of the text: its triggers must tell it the old text of every
// change, or it would go on finding the old names.
TEST_F(CustomerQuery, TheSearchIndexFollowsEveryChangeToACustomer) {
    using clientele::test::search_index_rebuilt;
    using clientele::test::search_index_text;
    db->exec("UPDATE ps_customer SET lastname = 'Durand', email = 'jd@example.fr', "
             "company = NULL WHERE id_customer = 2");
    EXPECT_EQ(search("dupont"), (Ids{}));
    EXPECT_EQ(search("sarl"), (Ids{}));
    EXPECT_EQ(search("durand jean"), (Ids{2}));
    EXPECT_EQ(search("jd"), (Ids{2}));
    db->exec("UPDATE ps_customer SET company = 'Acme Éditions' WHERE id_customer = 5");
    EXPECT_EQ(search("editions"), (Ids{5}));
    // Another column: the index does not change.
    db->exec("UPDATE ps_customer SET note = 'dupont' WHERE id_customer = 1");
    EXPECT_EQ(search("dupont"), (Ids{}));
    // A new customer, whose id then changes, then who goes.
    db->exec("INSERT INTO ps_customer(id_customer, id_shop, id_gender, id_default_group, "
             "firstname, lastname, email, newsletter, optin, active, deleted, date_add, date_upd) "
             "VALUES (7, 1, 0, 3, 'Zoé', 'Zola', 'zoe@example.com', 0, 0, 1, 0, "
             "'2024-01-01 00:00:00', '2024-01-01 00:00:00')");
    EXPECT_EQ(search("zola"), (Ids{7}));
    db->exec("DELETE FROM cl_customer_stats WHERE id_customer = 7");
    db->exec("UPDATE ps_customer SET id_customer = 70 WHERE id_customer = 7");
    db->exec("INSERT INTO cl_customer_stats(id_customer) VALUES (70)");
    EXPECT_EQ(search("zoe"), (Ids{70}));
    db->exec("DELETE FROM ps_customer WHERE id_customer = 70");
    EXPECT_EQ(search("zola"), (Ids{}));
    // A change rolled back leaves the index as it was.
    db->exec("BEGIN");
    db->exec("UPDATE ps_customer SET lastname = 'Smith' WHERE id_customer = 1");
    db->exec("ROLLBACK");
    EXPECT_EQ(search("smith"), (Ids{}));
    EXPECT_EQ(search("doe"), (Ids{1, 5}));
    // Entry for entry, the index is the one a fresh build gives.
    EXPECT_EQ(search_index_text(*db), search_index_rebuilt(*db));
    EXPECT_NE(search_index_text(*db).find("durand|2|lastname|0"), std::string::npos);
}

TEST(SearchIndex, Migration7MakesItContentlessAndKeepsEveryCustomerFindable) {
    Database d(":memory:");
    migrate(d, 6);
    d.exec("INSERT INTO ps_customer(id_customer, id_shop, id_gender, id_default_group, company, "
           "firstname, lastname, email, newsletter, optin, active, deleted, date_add, date_upd) "
           "VALUES (1, 1, 0, 3, 'Dupont SARL', 'Jean', 'Dupont', 'jean.dupont@example.fr', 0, 0, "
           "1, 0, '2024-01-01', '2024-01-01'), (2, 1, 0, 3, NULL, 'Zoé', 'Zola', "
           "'zoe@example.com', 0, 0, 1, 0, '2024-01-01', '2024-01-01'), (3, 1, 0, 3, NULL, "
           "'Gone', 'Away', 'gone@example.com', 0, 0, 1, 0, '2024-01-01', '2024-01-01')");
    d.exec("UPDATE ps_customer SET lastname = 'Durand' WHERE id_customer = 1");
    d.exec("DELETE FROM ps_customer WHERE id_customer = 3");
    EXPECT_EQ(d.scalar_int("SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                           "'cl_customer_fts_content'"),
              1);
    migrate(d);
    EXPECT_EQ(clientele::core::schema_version(d), 7);
    EXPECT_EQ(d.scalar_int("SELECT COUNT(*) FROM sqlite_schema WHERE name = "
                           "'cl_customer_fts_content'"),
              0);
    auto matches = [&](const char* text) {
        Statement st =
            d.prepare("SELECT COUNT(*) FROM cl_customer_fts WHERE cl_customer_fts MATCH ?1");
        st.bind(1, text);
        return st.step() ? st.int64(0) : -1;
    };
    EXPECT_EQ(matches("durand"), 1);
    EXPECT_EQ(matches("dupont"), 1); // in the e-mail and the company
    EXPECT_EQ(matches("zoe"), 1);
    EXPECT_EQ(matches("away"), 0);
    EXPECT_EQ(clientele::test::search_index_text(d), clientele::test::search_index_rebuilt(d));
    // The triggers of migration 7 keep it.
    d.exec("UPDATE ps_customer SET firstname = 'Zélie' WHERE id_customer = 2");
    EXPECT_EQ(matches("firstname : zoe"), 0);
    EXPECT_EQ(matches("firstname : zelie"), 1);
    EXPECT_EQ(matches("email : zoe"), 1);
}

TEST_F(CustomerQuery, SearchInjectionAttempts) {
    EXPECT_EQ(search("'; DROP TABLE ps_customer; --"), (Ids{}));
    EXPECT_TRUE(customer_table_intact());
    EXPECT_EQ(search("%"), (Ids{}));
    EXPECT_EQ(search("_"), (Ids{}));
    EXPECT_EQ(search("'"), (Ids{}));
    EXPECT_EQ(search("\""), (Ids{}));
    EXPECT_EQ(search("\"john"), (Ids{1})); // the quote is not part of a token
    EXPECT_EQ(search("john\" OR \"doe"), (Ids{}));
    EXPECT_EQ(search("john OR doe"), (Ids{})); // OR is a word, not an operator
    EXPECT_EQ(search("NEAR(john doe)"), (Ids{}));
    EXPECT_EQ(search("* john"), (Ids{1}));
    EXPECT_EQ(search("   "), (Ids{1, 2, 3, 4, 5}));
    EXPECT_TRUE(customer_table_intact());
}

TEST_F(CustomerQuery, TextFilters) {
    EXPECT_EQ(filter(text("firstname", "JO")), (Ids{1, 3}));
    EXPECT_EQ(filter(text("lastname", "doe")), (Ids{1, 5}));
    EXPECT_EQ(filter(text("email", "@example.com")), (Ids{1, 4}));
    EXPECT_EQ(filter(text("company", "sarl")), (Ids{2}));
    EXPECT_EQ(filter(text("title", "mrs")), (Ids{4, 5}));
    EXPECT_EQ(filter(text("default_group", "guest")), (Ids{3}));
    EXPECT_EQ(filter(text("country", "germ")), (Ids{2}));
    EXPECT_EQ(filter(text("shop", "second")), (Ids{3}));
    EXPECT_EQ(filter(text("lastname", "")), (Ids{1, 2, 3, 4, 5}));

    // Filters compare with the names in the display language.
    Query q = query();
    q.filters.push_back(text("country", "allem"));
    EXPECT_EQ(ids(q, 2), (Ids{2}));
    EXPECT_EQ(ids(q, 1), (Ids{}));
}

TEST_F(CustomerQuery, TextFilterWildcardsAreLiteral) {
    EXPECT_EQ(filter(text("company", "%")), (Ids{3}));
    EXPECT_EQ(filter(text("company", "100%")), (Ids{3}));
    EXPECT_EQ(filter(text("email", "_")), (Ids{4}));
    EXPECT_EQ(filter(text("email", "m_f")), (Ids{4}));
    EXPECT_EQ(filter(text("email", "m%f")), (Ids{}));
    EXPECT_EQ(filter(text("email", "\\")), (Ids{}));
    EXPECT_EQ(filter(text("company", "'")), (Ids{4}));
    EXPECT_EQ(filter(text("company", "\"")), (Ids{}));
}

TEST_F(CustomerQuery, FilterInjectionAttempts) {
    EXPECT_EQ(filter(text("lastname", "'; DROP TABLE ps_customer; --")), (Ids{}));
    EXPECT_EQ(filter(text("email", "x' OR '1'='1")), (Ids{}));
    EXPECT_EQ(filter(text("country", "') OR 1=1 --")), (Ids{}));
    EXPECT_TRUE(customer_table_intact());
}

TEST_F(CustomerQuery, NumberFilters) {
    EXPECT_EQ(filter(range("valid_orders", 1, std::nullopt)), (Ids{1, 2, 4}));
    EXPECT_EQ(filter(range("valid_orders", 2, 2)), (Ids{1}));
    EXPECT_EQ(filter(range("sales", 100, 300)), (Ids{1, 2})); // inclusive
    EXPECT_EQ(filter(range("sales", std::nullopt, 150)), (Ids{1, 3, 4, 5}));
    EXPECT_EQ(filter(range("sales", 150.01, std::nullopt)), (Ids{2}));
    EXPECT_EQ(filter(range("id", 2, 3)), (Ids{2, 3}));
    EXPECT_EQ(filter(range("id", 3, 2)), (Ids{}));
}

TEST_F(CustomerQuery, DateFilters) {
    EXPECT_EQ(filter(dates("date_add", "2020-01-10", "2020-01-10")), (Ids{1, 5}));
    EXPECT_EQ(filter(dates("date_add", "", "2019-11-30")), (Ids{4})); // inclusive by day
    EXPECT_EQ(filter(dates("date_add", "2021-01-01", "")), (Ids{2, 3}));
    EXPECT_EQ(filter(dates("last_visit", "2024-01-01", "2024-12-31")), (Ids{1, 2}));
    EXPECT_EQ(filter(dates("last_visit", "2023-12-24", "2023-12-24")), (Ids{3}));
}

TEST_F(CustomerQuery, BadValuesThrow) {
    EXPECT_THROW(filter(dates("date_add", "2020-13-01", "")), std::invalid_argument);
    EXPECT_THROW(filter(dates("date_add", "", "yesterday")), std::invalid_argument);
    EXPECT_THROW(filter(dates("date_add", "2021-02-29", "")), std::invalid_argument);
    try {
        filter(dates("last_visit", "2020-1-1", ""));
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("last_visit"), std::string::npos) << msg;
        EXPECT_NE(msg.find("2020-1-1"), std::string::npos) << msg;
    }
    Query q = query();
    q.today = "15/06/2025";
    EXPECT_THROW(query_customers(*db, q), std::invalid_argument);
}

TEST_F(CustomerQuery, UnknownColumnThrows) {
    try {
        filter(text("passwd", "x"));
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown column 'passwd'");
    }
    Query q = query();
    q.sort = {{"id; DROP TABLE ps_customer", false}};
    try {
        query_customers(*db, q);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown column 'id; DROP TABLE ps_customer'");
    }
    EXPECT_THROW(query_customer_ids(*db, q), std::invalid_argument);
    EXPECT_THROW(count_customers(*db, q), std::invalid_argument);
    EXPECT_TRUE(customer_table_intact());
}

TEST_F(CustomerQuery, BoolFilters) {
    EXPECT_EQ(filter(flag("active", true)), (Ids{1, 2, 4, 5}));
    EXPECT_EQ(filter(flag("active", false)), (Ids{3}));
    EXPECT_EQ(filter(flag("newsletter", true)), (Ids{1, 4}));
    EXPECT_EQ(filter(flag("optin", true)), (Ids{2, 4}));
    EXPECT_EQ(filter(flag("optin", false)), (Ids{1, 3, 5}));
}

TEST_F(CustomerQuery, AgeFilter) {
    // Ages on 2025-06-15: John 45, Jean 35, Jane 24; José and Marie have none.
    EXPECT_EQ(filter(range("age", 30, 40)), (Ids{2}));
    EXPECT_EQ(filter(range("age", 24, 35)), (Ids{2, 5}));
    EXPECT_EQ(filter(range("age", std::nullopt, 30)), (Ids{5}));
    EXPECT_EQ(filter(range("age", 0, std::nullopt)), (Ids{1, 2, 5}));
    EXPECT_EQ(filter(range("age", 46, std::nullopt)), (Ids{}));

    // John is born 1980-05-15: 45 on that day, 44 the day before.
    Query q = query();
    q.filters.push_back(range("age", 45, 45));
    q.today = "2025-05-15";
    EXPECT_EQ(ids(q), (Ids{1}));
    q.today = "2025-05-14";
    EXPECT_EQ(ids(q), (Ids{}));
    q.filters = {range("age", 44, 44)};
    EXPECT_EQ(ids(q), (Ids{1}));
    EXPECT_EQ(query_customers(*db, q).rows.at(0).age, 44);

    // Jean is born 1990-02-28; on 2024-02-29 (leap day) he is 34.
    q.today = "2024-02-29";
    q.filters = {range("age", 34, 34)};
    EXPECT_EQ(ids(q), (Ids{2}));
}

TEST_F(CustomerQuery, AgeFilterUsesTheBirthdayIndex) {
    Query q = query();
    q.filters.push_back(range("age", 30, 40));
    q.sort = {{"age", false}};
    std::string plan = explain_customer_query(*db, q);
    EXPECT_NE(plan.find("ps_customer_birthday (birthday>? AND birthday<?)"), std::string::npos)
        << plan;
}

TEST_F(CustomerQuery, CombinedSearchAndFilters) {
    Query q = query();
    q.search = "doe";
    q.filters.push_back(range("sales", 1, std::nullopt));
    EXPECT_EQ(ids(q), (Ids{1}));
    q.filters = {flag("newsletter", false), text("email", ".org")};
    EXPECT_EQ(ids(q), (Ids{5}));
}

TEST_F(CustomerQuery, Sorts) {
    EXPECT_EQ(sorted({{"lastname", false}}), (Ids{4, 5, 1, 2, 3}));
    EXPECT_EQ(sorted({{"lastname", true}}), (Ids{3, 2, 1, 5, 4}));
    EXPECT_EQ(sorted({{"firstname", false}}), (Ids{5, 2, 1, 3, 4}));
    EXPECT_EQ(sorted({{"email", false}}), (Ids{5, 2, 1, 3, 4}));
    EXPECT_EQ(sorted({{"sales", true}}), (Ids{2, 1, 4, 5, 3}));
    EXPECT_EQ(sorted({{"sales", false}}), (Ids{3, 5, 4, 1, 2}));
    EXPECT_EQ(sorted({{"valid_orders", true}, {"lastname", false}}), (Ids{1, 4, 2, 5, 3}));
    EXPECT_EQ(sorted({{"date_add", false}}), (Ids{4, 1, 5, 2, 3})); // John, Jane tie: by id
    EXPECT_EQ(sorted({{"date_add", true}}), (Ids{3, 2, 5, 1, 4}));
    EXPECT_EQ(sorted({{"last_visit", true}}), (Ids{1, 2, 3, 5, 4}));
    EXPECT_EQ(sorted({{"id", true}}), (Ids{5, 4, 3, 2, 1}));
    // Youngest first; unknown ages last.
    EXPECT_EQ(sorted({{"age", false}}), (Ids{5, 2, 1, 3, 4}));
    EXPECT_EQ(sorted({{"age", true}}), (Ids{4, 3, 1, 2, 5}));
    EXPECT_EQ(sorted({{"country", false}}), (Ids{3, 5, 1, 4, 2}));
    EXPECT_EQ(sorted({{"title", true}}), (Ids{5, 4, 2, 1, 3}));
    EXPECT_EQ(sorted({{"default_group", false}, {"id", true}}), (Ids{4, 2, 1, 3, 5}));
    EXPECT_EQ(sorted({{"company", false}}), (Ids{1, 5, 3, 2, 4}));
    EXPECT_EQ(sorted({{"active", false}, {"id", false}}), (Ids{3, 1, 2, 4, 5}));
    // Alone, a flag sorts by the other flags next (the index), then by id.
    EXPECT_EQ(sorted({{"active", false}}), (Ids{3, 5, 2, 1, 4}));
    EXPECT_EQ(sorted({{"lastname", false}, {"firstname", true}}), (Ids{4, 1, 5, 2, 3}));
    EXPECT_EQ(sorted({{"lastname", false}, {"id", true}}), (Ids{4, 5, 1, 2, 3}));
    EXPECT_EQ(sorted({{"lastname", false}, {"email", true}}), (Ids{4, 1, 5, 2, 3}));
    EXPECT_EQ(sorted({{"shop", true}}), (Ids{3, 5, 4, 2, 1}));
}

TEST_F(CustomerQuery, TextSortIgnoresCase) {
    db->exec("UPDATE ps_customer SET lastname = 'doe' WHERE id_customer = 5");
    db->exec("UPDATE ps_customer SET lastname = 'dupont' WHERE id_customer = 2");
    EXPECT_EQ(sorted({{"lastname", false}}), (Ids{4, 5, 1, 2, 3}));
}

TEST_F(CustomerQuery, PagingIsStableOnTies) {
    // Many ties (active: four 1s, one 0; newsletter...), both directions, every page size:
    // the pages put together are the whole list, each customer once.
    for (const char* column : {"active", "newsletter", "sales", "date_add", "lastname", "age"}) {
        for (bool desc : {false, true}) {
            Query q = query();
            q.sort = {{column, desc}};
            q.limit = 100;
            Ids whole = ids(q);
            ASSERT_EQ(whole.size(), 5u);
            for (int limit = 1; limit <= 5; ++limit) {
                Ids joined;
                for (int offset = 0; offset < 5; offset += limit) {
                    q.offset = offset;
                    q.limit = limit;
                    CustomerPage page = query_customers(*db, q);
                    EXPECT_EQ(page.total, 5);
                    for (const CustomerRow& r : page.rows)
                        joined.push_back(r.id);
                }
                EXPECT_EQ(joined, whole) << column << (desc ? " desc" : " asc") << " by " << limit;
            }
        }
    }
}

TEST_F(CustomerQuery, PagingOffsetLimitTotal) {
    Query q = query();
    q.limit = 2;
    EXPECT_EQ(ids(q), (Ids{1, 2}));
    q.offset = 2;
    EXPECT_EQ(ids(q), (Ids{3, 4}));
    q.offset = 4;
    EXPECT_EQ(ids(q), (Ids{5}));
    q.offset = 5;
    CustomerPage page = query_customers(*db, q);
    EXPECT_EQ(page.total, 5);
    EXPECT_TRUE(page.rows.empty());
    q.offset = -3;
    EXPECT_EQ(ids(q), (Ids{1, 2}));
    q.offset = 0;
    q.limit = -1;
    page = query_customers(*db, q);
    EXPECT_EQ(page.total, 5);
    EXPECT_TRUE(page.rows.empty());
    q.limit = 0;
    EXPECT_TRUE(query_customers(*db, q).rows.empty());

    q.search = "doe";
    q.limit = 1;
    q.offset = 1;
    page = query_customers(*db, q);
    EXPECT_EQ(page.total, 2);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_EQ(page.rows[0].id, 5);
}

TEST_F(CustomerQuery, LimitIsClampedTo10000) {
    {
        Transaction tx(*db);
        Statement ins =
            db->prepare("INSERT INTO ps_customer(firstname, lastname, email, date_add, date_upd) "
                        "VALUES ('Bulk', 'Customer', ?1, '2024-01-01', '2024-01-01')");
        for (int i = 0; i < 10050; ++i) {
            ins.reset();
            ins.bind(1, "bulk" + std::to_string(i) + "@example.com");
            ins.run();
        }
        tx.commit();
    }
    Query q = query();
    q.limit = 50000;
    CustomerPage page = query_customers(*db, q);
    EXPECT_EQ(page.total, 10055);
    EXPECT_EQ(page.rows.size(), 10000u);
    EXPECT_EQ(page.rows.front().id, 1);
    EXPECT_EQ(query_customer_ids(*db, q).size(), 10055u); // "select all" has no limit

    // A page near the end (read from the end, order reversed) matches the forward order.
    q.limit = 7;
    q.offset = 10040;
    q.sort = {{"email", true}};
    page = query_customers(*db, q);
    Ids all = query_customer_ids(*db, q);
    ASSERT_EQ(page.rows.size(), 7u);
    for (std::size_t i = 0; i < 7; ++i)
        EXPECT_EQ(page.rows[i].id, all[10040 + i]);
}

TEST_F(CustomerQuery, DeletedHiddenByDefault) {
    EXPECT_EQ(search("ghost"), (Ids{}));
    EXPECT_EQ(count_customers(*db, query()), 5);
    Query q = query();
    q.include_deleted = true;
    EXPECT_EQ(ids(q), (Ids{1, 2, 3, 4, 5, 6}));
    q.search = "ghost";
    CustomerPage page = query_customers(*db, q);
    ASSERT_EQ(page.rows.size(), 1u);
    EXPECT_TRUE(page.rows[0].deleted);
    EXPECT_EQ(page.total, 1);
    // An indexed condition that only the deleted customer matches (its last visit's IP).
    db->exec("INSERT INTO ps_guest(id_guest, id_customer) VALUES (6, 6)");
    db->exec("INSERT INTO ps_connections(id_guest, ip_address, date_add) "
             "VALUES (6, '198.51.100.7', '2025-05-01 08:00:00')");
    Query ip = query();
    ip.search = "198.51.100";
    EXPECT_EQ(count_customers(*db, ip), 0);
    ip.include_deleted = true;
    EXPECT_EQ(count_customers(*db, ip), 1);
}

TEST_F(CustomerQuery, StatsFollowNewOrdersAndVisits) {
    db->exec("INSERT INTO ps_orders(reference, id_customer, id_address_delivery, "
             "id_address_invoice, current_state, payment, total_paid_real, valid, date_add, "
             "date_upd) VALUES ('GGG', 5, 0, 0, 2, 'card', 20, 1, '2025-01-01', '2025-01-01')");
    db->exec("INSERT INTO ps_guest(id_guest, id_customer) VALUES (5, 5)");
    db->exec("INSERT INTO ps_connections(id_guest, ip_address, date_add) "
             "VALUES (5, '172.16.0.1', '2025-05-01 08:00:00')");
    EXPECT_EQ(search("172.16"), (Ids{5}));
    EXPECT_EQ(filter(range("sales", 1, 60)), (Ids{4, 5}));
    CustomerRow jane = row(5);
    EXPECT_TRUE(jane.has_valid_order);
    EXPECT_FALSE(jane.delivery_differs); // no addresses on the order
}

// With no filter, sorting by an indexed column walks the index with LIMIT: no temporary
// B-tree for the ORDER BY (which, for a million customers, would sort them all).
TEST_F(CustomerQuery, IndexedSortsAvoidATempBTree) {
    for (const char* column : {"id", "lastname", "email", "firstname", "date_add", "sales",
                               "valid_orders", "last_visit", "age"}) {
        for (bool desc : {false, true}) {
            Query q = query();
            q.sort = {{column, desc}};
            std::string plan = explain_customer_query(*db, q);
            EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos)
                << column << (desc ? " desc" : " asc") << ":\n"
                << plan;
        }
    }
    Query q = query();
    q.sort = {{"lastname", false}};
    EXPECT_NE(explain_customer_query(*db, q).find("ps_customer_lastname"), std::string::npos);
    q.sort = {{"sales", true}};
    EXPECT_NE(explain_customer_query(*db, q).find("cl_customer_stats_sales"), std::string::npos);
}

TEST_F(CustomerQuery, SearchUsesTheFullTextIndex) {
    Query q = query();
    q.search = "john doe";
    EXPECT_NE(explain_customer_query(*db, q).find("cl_customer_fts"), std::string::npos);
    q.search = "192.168";
    EXPECT_NE(explain_customer_query(*db, q).find("cl_customer_stats_ip"), std::string::npos);
}

} // namespace

namespace {

// Forty more customers with many ties (groups, countries, shops, companies of different case,
// flags, dates), some deleted, some with orders, from a fixed pseudo-random sequence.
void add_random_customers(Database& db) {
    std::uint32_t x = 12345;
    auto next = [&](std::uint32_t n) {
        x = x * 1103515245u + 12345u;
        return (x >> 16) % n;
    };
    const char* companies[] = {nullptr, "Acme", "acme", "Beta", nullptr};
    const char* names[] = {"Anne", "anne", "Bob", "Chloé", "Zoé"};
    Transaction tx(db);
    Statement ins = db.prepare(
        "INSERT INTO ps_customer(id_shop, id_gender, id_default_group, company, firstname, "
        "lastname, email, birthday, newsletter, optin, active, deleted, date_add, date_upd) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)");
    Statement addr = db.prepare(
        "INSERT INTO ps_address(id_country, id_customer, alias, lastname, firstname, address1, "
        "city, date_add, date_upd) VALUES (?1, ?2, 'a', 'x', 'y', 'z', 'c', '2020-01-01', "
        "'2020-01-01')");
    Statement order = db.prepare(
        "INSERT INTO ps_orders(reference, id_customer, current_state, payment, total_paid_real, "
        "valid, date_add, date_upd) VALUES ('R', ?1, 2, 'card', ?2, 1, '2024-01-01', "
        "'2024-01-01')");
    for (int i = 0; i < 40; ++i) {
        ins.reset();
        ins.bind(1, static_cast<int>(1 + next(2)));
        ins.bind(2, static_cast<int>(next(3)));
        ins.bind(3, static_cast<int>(1 + next(3)));
        const char* company = companies[next(5)];
        if (company)
            ins.bind(4, company);
        else
            ins.bind(4, clientele::core::Null{});
        ins.bind(5, names[next(5)]);
        ins.bind(6, names[next(5)]);
        ins.bind(7, "r" + std::to_string(i) + (next(2) ? "@Example.com" : "@example.com"));
        std::uint32_t b = next(6);
        if (b == 0)
            ins.bind(8, clientele::core::Null{});
        else
            ins.bind(8, b == 1 ? "0000-00-00" : "19" + std::to_string(60 + next(4)) + "-06-15");
        ins.bind(9, static_cast<int>(next(2)));
        ins.bind(10, static_cast<int>(next(2)));
        ins.bind(11, static_cast<int>(next(4) != 0));
        ins.bind(12, static_cast<int>(next(6) == 0));
        ins.bind(13, "2021-0" + std::to_string(1 + next(3)) + "-01 00:00:00");
        ins.run();
        std::int64_t id = db.last_insert_id();
        std::uint32_t country = next(3);
        if (country) {
            addr.reset();
            addr.bind_all(country == 1 ? 8 : 1, id);
            addr.run();
        }
        for (std::uint32_t k = next(3); k > 0; --k) {
            order.reset();
            order.bind_all(id, static_cast<double>(10 * next(3)));
            order.run();
        }
    }
    tx.commit();
}

// Every page, whatever plan reads it (index walk or sort, segments, from the end), is the
// matching slice of the one-statement id list; pages put together are that list.
void expect_consistent_pages(Database& db, const Query& base, const std::string& what) {
    Ids all = query_customer_ids(db, base);
    ASSERT_EQ(static_cast<std::int64_t>(all.size()), count_customers(db, base)) << what;
    std::set<std::int64_t> unique(all.begin(), all.end());
    ASSERT_EQ(unique.size(), all.size()) << what;
    {
        Query q = base;
        q.limit = 100;
        Ids page;
        for (const CustomerRow& r : query_customers(db, q).rows)
            page.push_back(r.id);
        ASSERT_EQ(page, all) << what;
    }
    // Pages of 3 across the whole list, single rows at both ends.
    Query q = base;
    q.limit = 3;
    Ids joined;
    for (std::int64_t offset = 0; offset < static_cast<std::int64_t>(all.size()); offset += 3) {
        q.offset = offset;
        CustomerPage page = query_customers(db, q);
        ASSERT_EQ(page.total, static_cast<std::int64_t>(all.size())) << what;
        for (const CustomerRow& r : page.rows)
            joined.push_back(r.id);
    }
    ASSERT_EQ(joined, all) << what << " by 3";
    q.limit = 1;
    for (std::size_t i = 0; i < all.size();
         i = (i == 2 && all.size() > 6) ? all.size() - 3 : i + 1) {
        q.offset = static_cast<std::int64_t>(i);
        CustomerPage page = query_customers(db, q);
        ASSERT_EQ(page.rows.size(), 1u) << what << " at " << i;
        ASSERT_EQ(page.rows[0].id, all[i]) << what << " at " << i;
    }
}

void expect_consistent_everywhere(Database& db) {
    std::vector<std::pair<std::string, Query>> bases;
    auto add = [&](const std::string& name, auto&& edit) {
        Query q;
        q.today = "2025-06-15";
        edit(q);
        bases.emplace_back(name, q);
    };
    add("all", [](Query&) {});
    add("deleted too", [](Query& q) { q.include_deleted = true; });
    add("search anne", [](Query& q) { q.search = "anne"; });
    add("search 1", [](Query& q) { q.search = "1"; });
    add("active", [](Query& q) { q.filters.push_back({"active", "", {}, {}, "", "", true}); });
    add("sales", [](Query& q) { q.filters.push_back({"sales", "", 10.0, {}, "", "", {}}); });
    add("country", [](Query& q) { q.filters.push_back({"country", "an", {}, {}, "", "", {}}); });
    add("age", [](Query& q) { q.filters.push_back({"age", "", 30.0, 70.0, "", "", {}}); });
    // No index serves "contains": the plan weighs a walk against a scan of the table.
    add("lastname contains", [](Query& q) {
        q.filters.push_back({"lastname", "n", {}, {}, "", "", {}});
    });
    add("email contains", [](Query& q) {
        q.filters.push_back({"email", "example", {}, {}, "", "", {}});
        q.filters.push_back({"firstname", "o", {}, {}, "", "", {}});
    });
    for (const auto& [name, base] : bases) {
        for (const ColumnInfo& c : customer_columns()) {
            for (bool desc : {false, true}) {
                Query q = base;
                q.sort = {{c.id, desc}};
                expect_consistent_pages(db, q, name + ", " + c.id + (desc ? " desc" : " asc"));
            }
        }
        Query q = base;
        q.sort = {{"country", true}, {"company", false}, {"firstname", false}};
        expect_consistent_pages(db, q, name + ", country desc, company, firstname");
        q.sort = {{"default_group", false}, {"sales", true}};
        expect_consistent_pages(db, q, name + ", default_group, sales desc");
    }
}

} // namespace

// Restores the tuning after a test changes it.
struct TuningGuard {
    clientele::core::CustomerQueryTuning saved = clientele::core::customer_query_tuning();
    ~TuningGuard() { clientele::core::customer_query_tuning() = saved; }
};

TEST_F(CustomerQuery, EveryPlanGivesTheSameOrder) {
    add_random_customers(*db);
    expect_consistent_everywhere(*db);
    // Without the first read of all (few) matches: the walk, sort and segment plans.
    TuningGuard guard;
    clientele::core::customer_query_tuning().probe = 0;
    expect_consistent_everywhere(*db);
}

// The same with an index on ps_customer.deleted, which switches the counts to
// "all matches minus deleted matches" and must not change any result.
TEST_F(CustomerQuery, EveryPlanGivesTheSameOrderWithADeletedIndex) {
    add_random_customers(*db);
    std::vector<std::int64_t> before;
    for (const char* s : {"", "anne", "1", "192.168."}) {
        Query q = query();
        q.search = s;
        before.push_back(count_customers(*db, q));
    }
    db->exec("CREATE INDEX test_customer_deleted ON ps_customer(deleted)");
    std::vector<std::int64_t> after;
    for (const char* s : {"", "anne", "1", "192.168."}) {
        Query q = query();
        q.search = s;
        after.push_back(count_customers(*db, q));
    }
    EXPECT_EQ(before, after);
    expect_consistent_everywhere(*db);
    TuningGuard guard;
    clientele::core::customer_query_tuning().probe = 0;
    expect_consistent_everywhere(*db);
    // The sort index still drives the page (SQLite would otherwise pick the deleted index).
    Query q = query();
    q.sort = {{"lastname", false}};
    EXPECT_EQ(explain_customer_query(*db, q).find("TEMP B-TREE"), std::string::npos);
}
