// Addresses: PrestaShop's field rules (shared with the CSV importer), the required-fields
// setting, create / update / delete (soft when an order uses the address), undo, and the list
// query with per-column filters, sort and paging.
#include "core/addresses.h"
#include "core/importer.h"
#include "core/password.h"
#include "shop_fixture.h"

using namespace clientele::core;
using namespace clientele::test;

namespace {

void add_countries(Database& db) {
    db.exec("INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe'), (2, 'North America')");
    db.exec("INSERT INTO ps_country(id_country, id_zone, iso_code, zip_code_format, "
            "contains_states, need_identification_number, need_zip_code) VALUES "
            "(8, 1, 'FR', 'NNNNN', 0, 0, 1), (21, 2, 'US', 'NNNNN', 1, 0, 1), "
            "(6, 1, 'ES', 'NNNNN', 0, 1, 1), (17, 1, 'GB', '', 0, 0, 1), "
            "(24, 1, 'HK', 'NNNNN', 0, 0, 0)");
    db.exec("INSERT INTO ps_country_lang VALUES (8, 1, 'France'), (8, 2, 'France'), "
            "(21, 1, 'United States'), (6, 1, 'Spain'), (6, 3, 'España'), "
            "(17, 1, 'United Kingdom'), (24, 1, 'Hong Kong')");
    db.exec("INSERT INTO ps_state(id_state, id_country, id_zone, name, iso_code) VALUES "
            "(5, 21, 2, 'California', 'CA'), (6, 21, 2, 'New York', 'NY')");
}

std::int64_t add_customer(Database& db, const std::string& email) {
    db.prepare("INSERT INTO ps_customer(firstname, lastname, email, date_add, date_upd) VALUES "
               "('Peter', 'Pan', ?1, '2026-01-01', '2026-01-01')")
        .bind_all(email)
        .run();
    return db.last_insert_id();
}

AddressInput paris(std::int64_t customer) {
    AddressInput in;
    in.id_customer = customer;
    in.id_country = 8;
    in.alias = "Home";
    in.firstname = "Peter";
    in.lastname = "Pan";
    in.address1 = "1 rue de Rivoli";
    in.postcode = "75001";
    in.city = "Paris";
    return in;
}

} // namespace

TEST(Addresses, FieldRulesOneByOne) {
    Store store(":memory:");
    Database& db = store.db();
    add_countries(db);
    const std::int64_t c = add_customer(db, "peter@example.com");
    EXPECT_TRUE(validate_address(db, paris(c)).empty());

    AddressInput in = paris(c);
    in.alias = "";
    in.firstname = "P3ter";
    in.lastname = "Pan;";
    in.address1 = "1 rue {x}";
    in.city = "Paris?";
    in.phone = "01 23 ab";
    in.phone_mobile = "+33 (0)6 12";
    in.vat_number = "FR<1>";
    in.dni = "12 34";
    in.postcode = "7500";
    auto e = validate_address(db, in);
    EXPECT_TRUE(has_error(e, "alias", "err.required"));
    EXPECT_TRUE(has_error(e, "firstname", "err.name_invalid"));
    EXPECT_TRUE(has_error(e, "lastname", "err.name_invalid"));
    EXPECT_TRUE(has_error(e, "address1", "err.address_invalid"));
    EXPECT_TRUE(has_error(e, "city", "err.city_invalid"));
    EXPECT_TRUE(has_error(e, "phone", "err.phone_invalid"));
    EXPECT_FALSE(has_error(e, "phone_mobile", "err.phone_invalid"));
    EXPECT_TRUE(has_error(e, "vat_number", "err.vat_invalid"));
    EXPECT_TRUE(has_error(e, "dni", "err.dni_invalid"));
    EXPECT_TRUE(has_error(e, "postcode", "err.postcode_invalid"));

    in = paris(c);
    in.alias = std::string(33, 'a');
    in.city = std::string(65, 'c');
    e = validate_address(db, in);
    EXPECT_TRUE(has_error(e, "alias", "err.too_long"));
    EXPECT_TRUE(has_error(e, "city", "err.too_long"));

    // Country rules: states, postcode format, DNI.
    in = paris(c);
    in.id_country = 21;
    in.postcode = "90001";
    EXPECT_TRUE(has_error(validate_address(db, in), "id_state", "err.state_required"));
    in.id_state = 5;
    EXPECT_TRUE(validate_address(db, in).empty());
    in.id_country = 8;
    EXPECT_TRUE(has_error(validate_address(db, in), "id_state", "err.state_not_in_country"));
    in = paris(c);
    in.id_country = 6;
    EXPECT_TRUE(has_error(validate_address(db, in), "dni", "err.required"));
    in.dni = "X1234567L";
    EXPECT_TRUE(validate_address(db, in).empty());
    in = paris(c);
    in.postcode = "";
    EXPECT_TRUE(has_error(validate_address(db, in), "postcode", "err.required"));
    in.id_country = 17; // no format: any postcode shape, not required
    EXPECT_TRUE(validate_address(db, in).empty());
    in.postcode = "SW1A 1AA";
    EXPECT_TRUE(validate_address(db, in).empty());
    in.id_country = 24; // need_zip_code = 0: the format is not checked
    in.postcode = "ABC";
    EXPECT_TRUE(validate_address(db, in).empty());

    in = paris(c);
    in.id_customer = 999;
    in.id_country = 999;
    e = validate_address(db, in);
    EXPECT_TRUE(has_error(e, "id_customer", "err.unknown_customer"));
    EXPECT_TRUE(has_error(e, "id_country", "err.required"));
}

TEST(Addresses, RequiredFieldsSettingIsSharedWithTheImporter) {
    Store store(":memory:");
    Database& db = store.db();
    add_countries(db);
    const std::int64_t c = add_customer(db, "peter@example.com");
    EXPECT_THROW(set_required_address_fields(db, {"phone", "email"}), ValidationError);
    set_required_address_fields(db, {"phone", "company"});
    EXPECT_EQ(required_address_fields(db), (std::set<std::string>{"company", "phone"}));
    auto e = validate_address(db, paris(c));
    EXPECT_TRUE(has_error(e, "phone", "err.required"));
    EXPECT_TRUE(has_error(e, "company", "err.required"));
    EXPECT_FALSE(has_error(e, "vat_number", "err.required"));

    // The importer enforces the same setting through the same function.
    namespace imp = clientele::core::import;
    imp::Options o;
    o.entity = imp::Entity::Addresses;
    o.mode = imp::Mode::ValidRows;
    o.today = "2026-11-23";
    o.password_cost = password::kMinCost;
    const std::string csv = "Alias;Customer e-mail;Company;Last Name;First Name;Address 1;Zipcode;"
                            "City;Country;Phone\n"
                            "A;peter@example.com;;Pan;Peter;1 rue X;75001;Paris;France;0102\n"
                            "B;peter@example.com;ACME;Pan;Peter;1 rue X;75001;Paris;France;\n"
                            "C;peter@example.com;ACME;Pan;Peter;1 rue X;75001;Paris;France;0102\n";
    imp::Report r = imp::run_import(db, csv, o);
    EXPECT_EQ(r.imported, 1);
    ASSERT_EQ(r.errors.size(), 2u);
    EXPECT_EQ(r.errors[0].field, "company");
    EXPECT_EQ(r.errors[0].reason, "company is required");
    EXPECT_EQ(r.errors[1].field, "phone");
    EXPECT_EQ(r.errors[1].reason, "phone number is required");

    set_required_address_fields(db, {"vat_number"});
    EXPECT_EQ(required_address_fields(db), (std::set<std::string>{"vat_number"}));
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(required_address_fields(db), (std::set<std::string>{"company", "phone"}));
}

TEST(Addresses, CreateUpdateDeleteSoftWhenAnOrderUsesIt) {
    Store store(":memory:");
    Database& db = store.db();
    add_countries(db);
    const std::int64_t c = add_customer(db, "peter@example.com");
    AddressInput bad = paris(c);
    bad.postcode = "1";
    EXPECT_THROW(create_address(db, bad), ValidationError);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_address"), 0);

    const std::int64_t a = create_address(db, paris(c));
    AddressInput edit = paris(c);
    edit.city = "Lyon";
    edit.postcode = "69001";
    edit.company = "ACME";
    EXPECT_EQ(update_address(db, a, edit), a); // unused: edited in place
    auto loaded = load_address(db, a);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->city, "Lyon");
    EXPECT_EQ(loaded->company, "ACME");
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(load_address(db, a)->city, "Paris");
    EXPECT_EQ(db.scalar_int("SELECT company IS NULL FROM ps_address"), 1);

    // Used by an order: the edit becomes a new address, the old one is kept for the order.
    add_order(db, c, 0, a);
    const std::int64_t b = update_address(db, a, edit);
    EXPECT_NE(b, a);
    EXPECT_EQ(
        db.scalar_int("SELECT deleted FROM ps_address WHERE id_address = " + std::to_string(a)), 1);
    EXPECT_EQ(load_address(db, b)->city, "Lyon");
    EXPECT_EQ(delete_address(db, a), AddressDeletion::None); // already deleted

    add_order(db, c, 0, b);
    EXPECT_EQ(delete_address(db, b), AddressDeletion::Soft);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0"), 0);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0"), 1);

    const std::int64_t unused = create_address(db, paris(c));
    EXPECT_EQ(delete_address(db, unused), AddressDeletion::Hard);
    EXPECT_FALSE(load_address(db, unused));
    ASSERT_TRUE(audit::undo(db));
    EXPECT_TRUE(load_address(db, unused));
}

TEST(Addresses, QueryFiltersSortsAndPagesTheWholeResult) {
    Store store(":memory:");
    Database& db = store.db();
    add_countries(db);
    const std::int64_t peter = add_customer(db, "peter.pan@example.com");
    const std::int64_t wendy = add_customer(db, "wendy@darling.co.uk");
    const char* cities[] = {"Paris", "Lyon", "Pau", "Marseille", "Parthenay"};
    int n = 0;
    for (const char* city : cities) {
        AddressInput in = paris(n % 2 ? wendy : peter);
        in.alias = "A" + std::to_string(n);
        in.city = city;
        in.phone = "01 00 00 00 0" + std::to_string(n);
        in.postcode = "7500" + std::to_string(n);
        create_address(db, in);
        ++n;
    }
    AddressInput us = paris(wendy);
    us.id_country = 21;
    us.id_state = 5;
    us.city = "Los Angeles";
    us.postcode = "90001";
    us.vat_number = "US-100%";
    create_address(db, us);

    AddressQuery q;
    q.sort = AddressColumn::City;
    q.limit = 2;
    AddressPage p = query_addresses(db, q);
    EXPECT_EQ(p.total, 6);
    ASSERT_EQ(p.rows.size(), 2u);
    EXPECT_EQ(p.rows[0].city, "Los Angeles");
    EXPECT_EQ(p.rows[0].state, "California");
    EXPECT_EQ(p.rows[0].country, "United States");
    EXPECT_EQ(p.rows[1].city, "Lyon");
    q.offset = 4;
    p = query_addresses(db, q);
    ASSERT_EQ(p.rows.size(), 2u);
    EXPECT_EQ(p.rows[0].city, "Parthenay");
    EXPECT_EQ(p.rows[1].city, "Pau");

    q = AddressQuery();
    q.filters = {{AddressColumn::City, "pa"}};
    q.sort = AddressColumn::City;
    q.descending = true;
    p = query_addresses(db, q);
    EXPECT_EQ(p.total, 3);
    ASSERT_EQ(p.rows.size(), 3u);
    EXPECT_EQ(p.rows[0].city, "Pau");
    EXPECT_EQ(p.rows[2].city, "Paris");

    // The customer: e-mail, first or last name starts with it (the customers' indexes), or id.
    q.filters = {{AddressColumn::CustomerEmail, "WENDY@"}, {AddressColumn::Country, "franc"}};
    p = query_addresses(db, q);
    EXPECT_EQ(p.total, 2); // Wendy's French addresses
    for (const auto& r : p.rows)
        EXPECT_EQ(r.customer_email, "wendy@darling.co.uk");
    q.filters = {{AddressColumn::CustomerEmail, std::to_string(p.rows[0].id_customer)}};
    EXPECT_EQ(query_addresses(db, q).rows.at(0).customer_email, "wendy@darling.co.uk");
    q.filters = {{AddressColumn::CustomerEmail, "darling.co"}};
    EXPECT_EQ(query_addresses(db, q).total, 0); // not a start

    q.filters = {{AddressColumn::VatNumber, "100%"}};
    EXPECT_EQ(query_addresses(db, q).total, 1); // % is literal, not a wildcard
    q.filters = {{AddressColumn::VatNumber, "1%0"}};
    EXPECT_EQ(query_addresses(db, q).total, 0);
    q.filters = {{AddressColumn::Phone, "00 03"}, {AddressColumn::Postcode, "7500"}};
    EXPECT_EQ(query_addresses(db, q).total, 1);
    q.filters = {{AddressColumn::State, "calif"}};
    EXPECT_EQ(query_addresses(db, q).total, 1);

    // Soft-deleted addresses leave the list.
    const std::int64_t first = query_addresses(db, AddressQuery()).rows.front().id;
    add_order(db, peter, 0, first);
    delete_address(db, first);
    EXPECT_EQ(query_addresses(db, AddressQuery()).total, 5);
}
