// The customer sheet over a hand-made shop: every section read from the right rows (and only
// the customer's), names in the requested language, the outstanding and cart-status rules,
// unknown ids, and no secret in the JSON.
//
// Sections: 1. fixture  2. sections  3. rules (outstanding, carts, age, language)  4. JSON
#include "core/customer_sheet.h"
#include "core/db.h"
#include "core/store.h"

#include <gtest/gtest.h>

using namespace clientele::core;

namespace {

// --- 1. fixture -------------------------------------------------------------------------------

constexpr const char* kToday = "2026-11-23";

// Customer 10 (Marie Curie) has everything; customer 11 has one of most things so that a
// query forgetting its WHERE id_customer shows up as an extra row.
constexpr const char* kFixture = R"SQL(
INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe'), (2, 'North America');
INSERT INTO ps_country(id_country, id_zone, iso_code, contains_states) VALUES (8, 1, 'FR', 0), (21, 2, 'US', 1);
INSERT INTO ps_country_lang VALUES (8, 1, 'France'), (8, 2, 'France'), (21, 1, 'United States'), (21, 2, 'États-Unis');
INSERT INTO ps_state(id_state, id_country, id_zone, name, iso_code) VALUES (5, 21, 2, 'California', 'CA');
INSERT INTO ps_product(id_product, reference, price, date_add, date_upd) VALUES
  (1, 'MUG', 10, '2025-01-01 00:00:00', '2025-01-01 00:00:00'),
  (2, 'TEE', 20, '2025-01-01 00:00:00', '2025-01-01 00:00:00');
INSERT INTO ps_product_lang VALUES (1, 1, 'Mug'), (1, 2, 'Tasse'), (2, 1, 'T-shirt'), (2, 2, 'Tee-shirt');

INSERT INTO ps_customer(id_customer, id_gender, id_default_group, id_lang, id_risk, company, siret, ape,
  firstname, lastname, email, passwd, last_passwd_gen, birthday, newsletter, ip_registration_newsletter,
  newsletter_date_add, optin, website, outstanding_allow_amount, show_public_prices, max_payment_days,
  secure_key, note, active, is_guest, deleted, date_add, date_upd, reset_password_token,
  reset_password_validity) VALUES
  (10, 2, 3, 2, 2, 'Acme SARL', '73282932000074', '4791B', 'Marie', 'Curie', 'marie@example.fr',
   '$2y$10$SECRETHASHSECRETHASHSECRETHASHSECRETHASHSECRETHASHSEC', '2020-01-01 09:00:00', '1980-11-24',
   1, '10.0.0.1', '2020-01-02 10:00:00', 1, 'https://acme.example', 50, 0, 30,
   'SECUREKEY0123456789abcdef0123456', 'VIP', 1, 0, 0, '2020-01-01 09:00:00', '2026-01-01 09:00:00',
   'RESETTOKEN0123456789', '2026-11-24 00:00:00'),
  (11, 1, 3, 1, 0, NULL, NULL, NULL, 'Pierre', 'Curie', 'pierre@example.fr', 'x', NULL, NULL,
   0, NULL, NULL, 0, NULL, 0, 0, 60, '-1', NULL, 1, 0, 0, '2021-01-01 09:00:00', '2021-01-01 09:00:00',
   NULL, NULL);
INSERT INTO ps_customer_group VALUES (10, 1), (10, 3), (11, 3);

INSERT INTO ps_address(id_address, id_country, id_state, id_customer, alias, company, lastname, firstname,
  address1, address2, postcode, city, other, phone, phone_mobile, vat_number, dni, date_add, date_upd) VALUES
  (100, 8, NULL, 10, 'Home', NULL, 'Curie', 'Marie', '36 quai de Béthune', NULL, '75004', 'Paris', 'Door code 1234',
   '0102030405', '0607080910', NULL, NULL, '2020-01-01 09:00:00', '2020-01-01 09:00:00'),
  (101, 21, 5, 10, 'Office', 'Acme Inc', 'Curie', 'Marie', '1 Market St', 'Suite 2', '94105', 'San Francisco', NULL,
   NULL, NULL, 'US123', 'D-42', '2021-01-01 09:00:00', '2021-01-01 09:00:00'),
  (102, 8, NULL, 11, 'Home', NULL, 'Curie', 'Pierre', '1 rue', NULL, '75005', 'Paris', NULL,
   NULL, NULL, NULL, NULL, '2021-01-01 09:00:00', '2021-01-01 09:00:00');

-- Cart 500 became order 1000; 501 was left 3 days before today (abandoned); 502 is 12 hours old.
INSERT INTO ps_cart(id_cart, id_customer, date_add, date_upd) VALUES
  (500, 10, '2026-01-10 09:00:00', '2026-01-10 09:50:00'),
  (501, 10, '2026-11-19 08:00:00', '2026-11-20 00:00:00'),
  (502, 10, '2026-11-22 11:00:00', '2026-11-22 12:00:00'),
  (503, 11, '2026-11-01 11:00:00', '2026-11-01 12:00:00');
INSERT INTO ps_cart_product VALUES (500, 1, 2, '2026-01-10 09:00:00'), (500, 2, 1, '2026-01-10 09:01:00'),
  (501, 2, 1, '2026-11-19 08:01:00'), (501, 1, 2, '2026-11-19 08:00:00'),
  (502, 2, 3, '2026-11-22 11:00:00'), (503, 1, 1, '2026-11-01 11:00:00');

-- 1000 paid (state 2), 1001 valid but awaiting bank wire (state 10, not paid), 1002 canceled
-- (not valid, not paid), 1003 is customer 11's.
INSERT INTO ps_orders(id_order, reference, id_customer, id_cart, current_state, payment, total_paid_real,
  total_products_wt, total_shipping, valid, date_add, date_upd, id_address_delivery, id_address_invoice) VALUES
  (1000, 'AAAAAAAAA', 10, 500, 2, 'Bank wire', 50, 40, 10, 1, '2026-01-10 10:00:00', '2026-01-10 10:05:00', 100, 100),
  (1001, 'BBBBBBBBB', 10, NULL, 10, 'Bank wire', 80, 70, 10, 1, '2026-03-01 10:00:00', '2026-03-01 10:00:00', 101, 100),
  (1002, 'CCCCCCCCC', 10, NULL, 6, 'Check', 30, 30, 0, 0, '2025-12-01 10:00:00', '2025-12-02 10:00:00', 100, 100),
  (1003, 'DDDDDDDDD', 11, NULL, 10, 'Bank wire', 99, 99, 0, 1, '2026-02-01 10:00:00', '2026-02-01 10:00:00', 102, 102);
INSERT INTO ps_order_detail(id_order_detail, id_order, product_id, product_name, product_reference,
  product_quantity, unit_price_tax_incl, unit_price_tax_excl, total_price_tax_incl, total_price_tax_excl) VALUES
  (1, 1000, 1, 'Mug (old name)', 'MUG', 2, 10, 8.33, 20, 16.67),
  (2, 1000, 2, 'T-shirt', 'TEE', 1, 20, 16.67, 20, 16.67),
  (3, 1001, 1, 'Mug', 'MUG', 3, 10, 8.33, 30, 25),
  (4, 1001, 2, 'T-shirt', 'TEE', 2, 20, 16.67, 40, 33.33),
  (5, 1002, 1, 'Mug', 'MUG', 5, 6, 5, 30, 25),
  (6, 1003, 1, 'Mug', 'MUG', 9, 11, 9, 99, 81);
-- Inserted newest first: the sheet must sort history oldest first.
INSERT INTO ps_order_history(id_order_history, id_employee, id_order, id_order_state, date_add) VALUES
  (1, 1, 1000, 2, '2026-01-10 10:05:00'),
  (2, 0, 1000, 10, '2026-01-10 10:00:00'),
  (3, 0, 1001, 10, '2026-03-01 10:00:00'),
  (4, 0, 1003, 10, '2026-02-01 10:00:00');

INSERT INTO ps_order_return(id_order_return, id_customer, id_order, state, question, date_add, date_upd) VALUES
  (1, 10, 1000, 3, 'Broken mug', '2026-01-20 10:00:00', '2026-01-22 10:00:00');
INSERT INTO ps_order_slip(id_order_slip, id_customer, id_order, total_products_tax_incl, amount, partial,
  date_add, date_upd) VALUES (1, 10, 1000, 10, 10, 1, '2026-01-22 10:00:00', '2026-01-22 10:00:00'),
  (2, 11, 1003, 99, 99, 0, '2026-02-02 10:00:00', '2026-02-02 10:00:00');

INSERT INTO ps_customer_thread(id_customer_thread, id_contact, id_customer, id_order, status, email,
  date_add, date_upd) VALUES
  (1, 2, 10, 1000, 'open', 'marie@example.fr', '2026-01-15 10:00:00', '2026-01-15 11:00:00'),
  (2, 2, 11, NULL, 'closed', 'pierre@example.fr', '2026-01-15 10:00:00', '2026-01-15 11:00:00');
INSERT INTO ps_customer_message(id_customer_message, id_customer_thread, id_employee, message, file_name,
  date_add, date_upd, private, "read") VALUES
  (2, 1, 1, 'We are sending a new one.', NULL, '2026-01-15 11:00:00', '2026-01-15 11:00:00', 0, 1),
  (1, 1, 0, 'My mug arrived broken.', 'photo.jpg', '2026-01-15 10:00:00', '2026-01-15 10:00:00', 0, 0),
  (3, 1, 1, 'Refund approved by the manager.', NULL, '2026-01-15 12:00:00', '2026-01-15 12:00:00', 1, 1),
  (4, 2, 0, 'Hello', NULL, '2026-01-15 10:00:00', '2026-01-15 10:00:00', 0, 0);

INSERT INTO ps_cart_rule(id_cart_rule, id_customer, date_from, date_to, description, quantity, code,
  reduction_percent, reduction_amount, active, date_add, date_upd) VALUES
  (7, 10, '2026-01-01 00:00:00', '2026-12-31 23:59:59', 'Sorry for the mug', 1, 'SORRY10', 10, 0, 1,
   '2026-01-22 10:00:00', '2026-01-22 10:00:00'),
  (8, 11, '2026-01-01 00:00:00', '2026-12-31 23:59:59', NULL, 1, 'OTHER', 0, 5, 1,
   '2026-01-22 10:00:00', '2026-01-22 10:00:00');
INSERT INTO ps_cart_rule_lang VALUES (7, 1, 'Apology'), (7, 2, 'Excuses'), (8, 1, 'Other');

-- Two devices (guests) for Marie: 12 connections, the sheet keeps the 10 latest.
INSERT INTO ps_guest(id_guest, id_customer) VALUES (1, 10), (2, 10), (3, 11);
INSERT INTO ps_connections(id_connections, id_guest, ip_address, date_add) VALUES
  (1, 1, '192.0.2.1', '2026-11-01 10:00:00'), (2, 2, '192.0.2.2', '2026-11-02 10:00:00'),
  (3, 1, '192.0.2.3', '2026-11-03 10:00:00'), (4, 2, '192.0.2.4', '2026-11-04 10:00:00'),
  (5, 1, '192.0.2.5', '2026-11-05 10:00:00'), (6, 2, '192.0.2.6', '2026-11-06 10:00:00'),
  (7, 1, '192.0.2.7', '2026-11-07 10:00:00'), (8, 2, '192.0.2.8', '2026-11-08 10:00:00'),
  (9, 1, '192.0.2.9', '2026-11-09 10:00:00'), (10, 2, '192.0.2.10', '2026-11-10 10:00:00'),
  (11, 1, '192.0.2.11', '2026-11-11 10:00:00'), (12, 2, '192.0.2.12', '2026-11-12 10:00:00'),
  (13, 3, '198.51.100.1', '2026-11-20 10:00:00');

INSERT INTO cl_audit(id, batch, at, actor, action, entity, entity_id, summary) VALUES
  (1, 1, '2026-01-01 09:00:00', 'admin', 'update', 'ps_customer', 10, 'note changed'),
  (2, 2, '2026-01-02 09:00:00', 'admin', 'create', 'ps_customer_group', 10, 'added to a group'),
  (3, 3, '2026-01-03 09:00:00', 'admin', 'update', 'ps_customer', 11, 'other customer');
)SQL";

// A fresh in-memory shop with the fixture (one per test: tests change it).
struct Fixture {
    Store store{":memory:"};
    Database& db = store.db();

    Fixture() { db.exec(kFixture); }

    CustomerSheet load(std::int64_t id = 10, int id_lang = 1, const std::string& today = kToday) {
        std::optional<CustomerSheet> s = load_customer_sheet(db, id, id_lang, today);
        EXPECT_TRUE(s.has_value());
        return s ? *s : CustomerSheet{};
    }
};

const SheetCart* cart(const CustomerSheet& s, std::int64_t id) {
    for (auto& c : s.carts)
        if (c.id == id)
            return &c;
    return nullptr;
}

} // namespace

// --- 2. sections ------------------------------------------------------------------------------

TEST(CustomerSheet, IdentityAndAccount) {
    Fixture f;
    CustomerSheet s = f.load();
    const SheetCustomer& c = s.customer;
    EXPECT_EQ(c.id, 10);
    EXPECT_EQ(c.title, "Mrs.");
    EXPECT_EQ(c.firstname, "Marie");
    EXPECT_EQ(c.lastname, "Curie");
    EXPECT_EQ(c.email, "marie@example.fr");
    EXPECT_EQ(c.birthday, "1980-11-24");
    EXPECT_EQ(c.language, "Français (French)");
    EXPECT_EQ(c.shop, "Clientèle demo shop");
    EXPECT_EQ(c.default_group, "Customer");
    EXPECT_EQ(c.date_add, "2020-01-01 09:00:00");
    EXPECT_EQ(c.last_visit, "2026-11-12 10:00:00"); // maintained by the connection trigger
    EXPECT_EQ(c.last_visit_ip, "192.0.2.12");
    EXPECT_TRUE(c.newsletter);
    EXPECT_EQ(c.newsletter_date_add, "2020-01-02 10:00:00");
    EXPECT_EQ(c.ip_registration_newsletter, "10.0.0.1");
    EXPECT_TRUE(c.optin);
    EXPECT_TRUE(c.active);
    EXPECT_FALSE(c.is_guest);
    EXPECT_FALSE(c.deleted);
    EXPECT_EQ(c.note, "VIP");
    EXPECT_EQ(c.reset_password_validity, "2026-11-24 00:00:00");
    EXPECT_EQ(c.valid_orders, 2);
    EXPECT_DOUBLE_EQ(c.sales, 130);
    EXPECT_EQ(c.first_order, "2026-01-10 10:00:00");
    EXPECT_EQ(c.last_order, "2026-03-01 10:00:00");
}

TEST(CustomerSheet, B2BAndGroups) {
    Fixture f;
    CustomerSheet s = f.load();
    EXPECT_EQ(s.b2b.company, "Acme SARL");
    EXPECT_EQ(s.b2b.siret, "73282932000074");
    EXPECT_EQ(s.b2b.ape, "4791B");
    EXPECT_EQ(s.b2b.website, "https://acme.example");
    EXPECT_EQ(s.b2b.risk, "Low");
    EXPECT_EQ(s.b2b.max_payment_days, 30);
    EXPECT_DOUBLE_EQ(s.b2b.outstanding_allow_amount, 50);

    ASSERT_EQ(s.groups.size(), 2u);
    EXPECT_EQ(s.groups[0].id, 1);
    EXPECT_EQ(s.groups[0].name, "Visitor");
    EXPECT_FALSE(s.groups[0].is_default);
    EXPECT_EQ(s.groups[1].name, "Customer");
    EXPECT_TRUE(s.groups[1].is_default);
}

TEST(CustomerSheet, OrdersNewestFirstWithLinesAndHistory) {
    Fixture f;
    CustomerSheet s = f.load();
    ASSERT_EQ(s.orders.size(), 3u);
    EXPECT_EQ(s.orders[0].id, 1001);
    EXPECT_EQ(s.orders[1].id, 1000);
    EXPECT_EQ(s.orders[2].id, 1002);

    const SheetOrder& o = s.orders[1];
    EXPECT_EQ(o.reference, "AAAAAAAAA");
    EXPECT_EQ(o.state, "Payment accepted");
    EXPECT_EQ(o.state_color, "#3498D8");
    EXPECT_DOUBLE_EQ(o.total_paid_real, 50);
    EXPECT_EQ(o.payment, "Bank wire");
    EXPECT_TRUE(o.valid);
    EXPECT_FALSE(s.orders[2].valid);
    ASSERT_EQ(o.lines.size(), 2u);
    EXPECT_EQ(o.lines[0].product_name, "Mug (old name)");
    EXPECT_EQ(o.lines[0].quantity, 2);
    EXPECT_DOUBLE_EQ(o.lines[0].total_price_tax_incl, 20);
    EXPECT_EQ(o.lines[1].product_reference, "TEE");
    ASSERT_EQ(o.history.size(), 2u);
    EXPECT_EQ(o.history[0].state, "Awaiting bank wire payment");
    EXPECT_EQ(o.history[1].state, "Payment accepted");
    EXPECT_EQ(o.history[1].id_employee, 1);
    EXPECT_EQ(s.orders[0].lines.size(), 2u);
    EXPECT_EQ(s.orders[0].history.size(), 1u);
    EXPECT_TRUE(s.orders[2].history.empty());
}

TEST(CustomerSheet, PurchasedProductsCountValidOrdersOnly) {
    Fixture f;
    CustomerSheet s = f.load();
    ASSERT_EQ(s.products.size(), 2u);
    // Both were last bought on 2026-03-01: ties by product id. The canceled order's 5 mugs
    // and customer 11's 9 mugs do not count.
    EXPECT_EQ(s.products[0].product_id, 1);
    EXPECT_EQ(s.products[0].name, "Mug"); // the name on the latest order line
    EXPECT_EQ(s.products[0].quantity, 5);
    EXPECT_EQ(s.products[0].orders, 2);
    EXPECT_EQ(s.products[0].last_purchase, "2026-03-01 10:00:00");
    EXPECT_EQ(s.products[1].product_id, 2);
    EXPECT_EQ(s.products[1].quantity, 3);
}

TEST(CustomerSheet, AddressesWithCountryAndState) {
    Fixture f;
    CustomerSheet s = f.load();
    ASSERT_EQ(s.addresses.size(), 2u);
    const SheetAddress& home = s.addresses[0];
    EXPECT_EQ(home.id, 100);
    EXPECT_EQ(home.alias, "Home");
    EXPECT_EQ(home.address1, "36 quai de Béthune");
    EXPECT_EQ(home.postcode, "75004");
    EXPECT_EQ(home.city, "Paris");
    EXPECT_EQ(home.other, "Door code 1234");
    EXPECT_EQ(home.phone_mobile, "0607080910");
    EXPECT_EQ(home.country, "France");
    EXPECT_EQ(home.state, "");
    const SheetAddress& office = s.addresses[1];
    EXPECT_EQ(office.company, "Acme Inc");
    EXPECT_EQ(office.address2, "Suite 2");
    EXPECT_EQ(office.country, "United States");
    EXPECT_EQ(office.state, "California");
    EXPECT_EQ(office.vat_number, "US123");
    EXPECT_EQ(office.dni, "D-42");
    EXPECT_TRUE(office.active);
    EXPECT_FALSE(office.deleted);
}

TEST(CustomerSheet, VouchersCartsMessages) {
    Fixture f;
    CustomerSheet s = f.load();
    ASSERT_EQ(s.vouchers.size(), 1u);
    EXPECT_EQ(s.vouchers[0].name, "Apology");
    EXPECT_EQ(s.vouchers[0].code, "SORRY10");
    EXPECT_DOUBLE_EQ(s.vouchers[0].reduction_percent, 10);
    EXPECT_EQ(s.vouchers[0].date_to, "2026-12-31 23:59:59");
    EXPECT_EQ(s.vouchers[0].quantity, 1);
    EXPECT_TRUE(s.vouchers[0].active);
    EXPECT_TRUE(s.vouchers[0].usable);

    ASSERT_EQ(s.carts.size(), 3u);
    EXPECT_EQ(s.carts[0].id, 502); // newest first
    const SheetCart* left = cart(s, 501);
    ASSERT_NE(left, nullptr);
    EXPECT_EQ(left->line_count, 2);
    EXPECT_DOUBLE_EQ(left->total, 2 * 10 + 1 * 20);
    ASSERT_EQ(left->lines.size(), 2u);
    EXPECT_EQ(left->lines[0].name, "Mug"); // added first
    EXPECT_DOUBLE_EQ(left->lines[0].unit_price, 10);
    EXPECT_EQ(left->lines[0].quantity, 2);

    ASSERT_EQ(s.messages.size(), 1u);
    const SheetThread& t = s.messages[0];
    EXPECT_EQ(t.status, "open");
    EXPECT_EQ(t.contact, "Customer service");
    EXPECT_EQ(t.id_order, 1000);
    ASSERT_EQ(t.messages.size(), 3u);
    EXPECT_FALSE(t.messages[0].from_employee);
    EXPECT_EQ(t.messages[0].message, "My mug arrived broken.");
    EXPECT_EQ(t.messages[0].file_name, "photo.jpg");
    EXPECT_FALSE(t.messages[0].read);
    EXPECT_TRUE(t.messages[1].from_employee);
    EXPECT_TRUE(t.messages[1].read);
    EXPECT_FALSE(t.messages[1].is_private);
    EXPECT_TRUE(t.messages[2].is_private);
}

TEST(CustomerSheet, ConnectionsReturnsSlipsTimeline) {
    Fixture f;
    CustomerSheet s = f.load();
    ASSERT_EQ(s.connections.size(), 10u); // the latest 10 of 12, across both guests
    EXPECT_EQ(s.connections[0].date, "2026-11-12 10:00:00");
    EXPECT_EQ(s.connections[0].ip, "192.0.2.12");
    EXPECT_EQ(s.connections[9].ip, "192.0.2.3");

    ASSERT_EQ(s.returns.size(), 1u);
    EXPECT_EQ(s.returns[0].id_order, 1000);
    EXPECT_EQ(s.returns[0].order_reference, "AAAAAAAAA");
    EXPECT_EQ(s.returns[0].state, "Package received");
    EXPECT_EQ(s.returns[0].question, "Broken mug");

    ASSERT_EQ(s.credit_slips.size(), 1u);
    EXPECT_DOUBLE_EQ(s.credit_slips[0].amount, 10);
    EXPECT_TRUE(s.credit_slips[0].partial);
    EXPECT_EQ(s.credit_slips[0].order_reference, "AAAAAAAAA");

    ASSERT_EQ(s.timeline.size(), 2u);
    EXPECT_EQ(s.timeline[0].summary, "added to a group"); // newest first
    EXPECT_EQ(s.timeline[0].entity, "ps_customer_group");
    EXPECT_EQ(s.timeline[1].action, "update");
    EXPECT_EQ(s.timeline[1].at, "2026-01-01 09:00:00");
}

TEST(CustomerSheet, UnknownIdIsNullopt) {
    Fixture f;
    EXPECT_FALSE(load_customer_sheet(f.db, 999, 1, kToday).has_value());
    EXPECT_FALSE(load_customer_sheet(f.db, 0, 1, kToday).has_value());
    EXPECT_FALSE(load_customer_sheet(f.db, -1, 1, kToday).has_value());
    EXPECT_FALSE(f.db.in_transaction()); // the read transaction is closed either way
}

TEST(CustomerSheet, CustomerWithNothingElseHasEmptySections) {
    Fixture f;
    f.db.exec(
        "INSERT INTO ps_customer(id_customer, firstname, lastname, email, date_add, date_upd) "
        "VALUES (12, 'New', 'Comer', 'new@example.com', '2026-11-22 10:00:00', "
        "'2026-11-22 10:00:00')");
    CustomerSheet s = f.load(12);
    EXPECT_EQ(s.customer.title, "");
    EXPECT_FALSE(s.customer.age.has_value());
    EXPECT_EQ(s.customer.last_visit, "");
    EXPECT_EQ(s.b2b.risk, "");
    EXPECT_DOUBLE_EQ(s.b2b.outstanding, 0);
    EXPECT_FALSE(s.b2b.over_allowance);
    EXPECT_TRUE(s.groups.empty());
    EXPECT_TRUE(s.orders.empty());
    EXPECT_TRUE(s.products.empty());
    EXPECT_TRUE(s.addresses.empty());
    EXPECT_TRUE(s.carts.empty());
    EXPECT_TRUE(s.messages.empty());
    EXPECT_TRUE(s.connections.empty());
    EXPECT_TRUE(s.timeline.empty());
}

// --- 3. rules ---------------------------------------------------------------------------------

TEST(CustomerSheet, OutstandingIsValidOrdersInUnpaidStates) {
    Fixture f;
    // 1001 (valid, awaiting bank wire: paid = 0) counts; 1000 is paid; 1002 is not valid;
    // 1003 belongs to someone else.
    CustomerSheet s = f.load();
    EXPECT_DOUBLE_EQ(s.b2b.outstanding, 80);
    EXPECT_TRUE(s.b2b.over_allowance); // 80 > 50 allowed

    f.db.exec("UPDATE ps_customer SET outstanding_allow_amount = 80 WHERE id_customer = 10");
    EXPECT_FALSE(f.load().b2b.over_allowance); // equal is within the allowance

    f.db.exec("UPDATE ps_orders SET current_state = 2 WHERE id_order = 1001"); // now paid
    EXPECT_DOUBLE_EQ(f.load().b2b.outstanding, 0);

    // Another currency is brought back to the default one.
    f.db.exec("UPDATE ps_orders SET current_state = 10, conversion_rate = 2 WHERE id_order = 1001");
    EXPECT_DOUBLE_EQ(f.load().b2b.outstanding, 40);
}

TEST(CustomerSheet, CartStatusRules) {
    Fixture f;
    CustomerSheet s = f.load();
    EXPECT_EQ(cart(s, 500)->status, CartStatus::Ordered);
    EXPECT_EQ(cart(s, 500)->id_order, 1000);
    EXPECT_EQ(cart(s, 501)->status, CartStatus::Abandoned);  // 72 h old, limit 24 h
    EXPECT_EQ(cart(s, 502)->status, CartStatus::InProgress); // 12 h old
    EXPECT_STREQ(cart_status_name(CartStatus::Ordered), "ordered");
    EXPECT_STREQ(cart_status_name(CartStatus::Abandoned), "abandoned");
    EXPECT_STREQ(cart_status_name(CartStatus::InProgress), "in_progress");

    // "today" with a time: 2026-11-23 12:00 is exactly 24 h after cart 502's update, which
    // is not older than the limit yet; a second later it is.
    EXPECT_EQ(cart(f.load(10, 1, "2026-11-23 12:00:00"), 502)->status, CartStatus::InProgress);
    EXPECT_EQ(cart(f.load(10, 1, "2026-11-23 12:00:01"), 502)->status, CartStatus::Abandoned);

    // The limit comes from PS_ABANDONED_CART_HOURS.
    f.store.set_setting("PS_ABANDONED_CART_HOURS", "100");
    EXPECT_EQ(cart(f.load(), 501)->status, CartStatus::InProgress);
    f.store.set_setting("PS_ABANDONED_CART_HOURS", "6");
    EXPECT_EQ(cart(f.load(), 502)->status, CartStatus::Abandoned);
    // Unset or unreadable: 24 hours.
    f.store.set_setting("PS_ABANDONED_CART_HOURS", "soon");
    EXPECT_EQ(cart(f.load(), 502)->status, CartStatus::InProgress);
    f.db.exec("DELETE FROM ps_configuration WHERE name = 'PS_ABANDONED_CART_HOURS'");
    EXPECT_EQ(cart(f.load(), 501)->status, CartStatus::Abandoned);
    EXPECT_EQ(cart(f.load(), 502)->status, CartStatus::InProgress);

    // An order on a once-abandoned cart makes it ordered whatever its age.
    f.db.exec("UPDATE ps_orders SET id_cart = 501 WHERE id_order = 1001");
    EXPECT_EQ(cart(f.load(), 501)->status, CartStatus::Ordered);
}

TEST(CustomerSheet, AgeAtToday) {
    Fixture f;
    EXPECT_EQ(f.load(10, 1, "2026-11-23").customer.age, 45); // birthday tomorrow
    EXPECT_EQ(f.load(10, 1, "2026-11-24").customer.age, 46);
    f.db.exec("UPDATE ps_customer SET birthday = '0000-00-00' WHERE id_customer = 10");
    EXPECT_FALSE(f.load().customer.age.has_value());
    f.db.exec("UPDATE ps_customer SET birthday = NULL WHERE id_customer = 10");
    EXPECT_FALSE(f.load().customer.age.has_value());
}

TEST(CustomerSheet, NamesInTheRequestedLanguage) {
    Fixture f;
    CustomerSheet s = f.load(10, 2);
    EXPECT_EQ(s.customer.title, "Mme");
    EXPECT_EQ(s.customer.default_group, "Client");
    EXPECT_EQ(s.b2b.risk, "Faible");
    EXPECT_EQ(s.orders[1].state, "Paiement accepté");
    EXPECT_EQ(s.addresses[1].country, "États-Unis");
    EXPECT_EQ(s.vouchers[0].name, "Excuses");
    EXPECT_EQ(s.messages[0].contact, "Service client");
    EXPECT_EQ(s.returns[0].state, "Colis reçu");
    EXPECT_EQ(cart(s, 501)->lines[0].name, "Tasse");
    // Spanish has no product names here: the first language that has one is used.
    EXPECT_EQ(cart(f.load(10, 3), 501)->lines[0].name, "Mug");
}

// --- 4. JSON ----------------------------------------------------------------------------------

TEST(CustomerSheet, JsonHasEverySectionAndNoSecret) {
    Fixture f;
    nlohmann::json j = customer_sheet_json(f.load());
    for (const char* key :
         {"customer", "b2b", "groups", "orders", "products", "addresses", "vouchers", "carts",
          "messages", "connections", "returns", "credit_slips", "timeline"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.size(), 13u);
    EXPECT_EQ(j["customer"]["email"], "marie@example.fr");
    EXPECT_EQ(j["customer"]["age"], 45);
    EXPECT_DOUBLE_EQ(j["b2b"]["outstanding"].get<double>(), 80);
    EXPECT_EQ(j["orders"].size(), 3u);
    EXPECT_EQ(j["orders"][1]["lines"].size(), 2u);
    EXPECT_EQ(j["carts"][0]["status"], "in_progress");
    EXPECT_EQ(j["messages"][0]["messages"][2]["private"], true);

    std::string dump = j.dump();
    EXPECT_EQ(dump.find("SECRETHASH"), std::string::npos);
    EXPECT_EQ(dump.find("$2y$"), std::string::npos);
    EXPECT_EQ(dump.find("SECUREKEY"), std::string::npos);
    EXPECT_EQ(dump.find("RESETTOKEN"), std::string::npos);
    EXPECT_FALSE(j["customer"].contains("passwd"));
    EXPECT_FALSE(j["customer"].contains("secure_key"));
    EXPECT_FALSE(j["customer"].contains("reset_password_token"));

    f.db.exec("UPDATE ps_customer SET birthday = NULL WHERE id_customer = 10");
    EXPECT_TRUE(customer_sheet_json(f.load())["customer"]["age"].is_null());
}

TEST(CustomerSheet, BestCustomerRankComesFromSales) {
    clientele::core::Store store(":memory:");
    auto& db = store.db();
    // Customer 4, the biggest spender, is a deleted account: it does not count.
    for (int i = 1; i <= 4; ++i) {
        db.prepare("INSERT INTO ps_customer(id_customer, firstname, lastname, email, deleted, "
                   "date_add, date_upd) VALUES (?1, 'A', 'B', ?2, ?3, '2026-01-01', "
                   "'2026-01-01')")
            .bind_all(i, "r" + std::to_string(i) + "@example.com", i == 4 ? 1 : 0)
            .run();
        db.prepare("INSERT INTO ps_orders(reference, id_customer, current_state, payment, "
                   "total_paid_real, valid, date_add, date_upd) VALUES ('R', ?1, 2, 'x', ?2, 1, "
                   "'2026-01-02', '2026-01-02')")
            .bind_all(i, 100.0 * i)
            .run();
    }
    auto best = clientele::core::load_customer_sheet(db, 3, 1, "2026-11-23");
    auto third = clientele::core::load_customer_sheet(db, 1, 1, "2026-11-23");
    ASSERT_TRUE(best && third);
    EXPECT_EQ(best->customer.best_rank, 1);
    EXPECT_EQ(third->customer.best_rank, 3);
    EXPECT_EQ(clientele::core::customer_sheet_json(*best)["customer"]["best_rank"], 1);
}
