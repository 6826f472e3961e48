// The exports: PrestaShop's customer columns, addresses in PrestaShop's import format (a
// time-boxed job), a customer's orders; formula injection neutralised, the Excel format (BOM
// and ';'), and never a password hash.
//
// Sections: 1. helpers  2. customers  3. addresses  4. a customer's orders
#include "core/customer_export.h"
#include "core/demo.h"
#include "core/exports.h"
#include "core/store.h"

#include "csv_read_for_tests.h"

#include <gtest/gtest.h>

using namespace clientele::core;
using clientele::tests::read_csv;

namespace {

// --- 1. helpers
// -----------------------------------------------------------------------------------

const char* const kFormula = "=HYPERLINK(\"http://evil.example/?x=1;y=2\",\"Click me\")";

void demo(Database& db, std::int64_t customers) {
    DemoOptions o;
    o.customers = customers;
    o.seed = 42;
    o.today = "2026-11-23";
    generate_demo(db, o);
}

// A customer whose names and company are formulas, with an address full of formulas: the
// validators refuse such text, so it goes in through SQL (as an import or another tool could).
std::int64_t add_formula_customer(Database& db) {
    db.prepare("INSERT INTO ps_customer(firstname, lastname, email, company, passwd, date_add, "
               "date_upd) VALUES (?1, '+SUM(A1:A9)', '@evil@example.com', '-2+3', "
               "'$2y$10$abcdefghijklmnopqrstuv', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
        .bind_all(kFormula)
        .run();
    const std::int64_t id = db.last_insert_id();
    db.prepare("INSERT INTO ps_customer_group(id_customer, id_group) VALUES (?1, 3)")
        .bind_all(id)
        .run();
    db.prepare("INSERT INTO ps_address(id_country, id_customer, alias, company, lastname, "
               "firstname, address1, address2, postcode, city, other, phone, date_add, date_upd) "
               "VALUES ((SELECT MIN(id_country) FROM ps_country), ?1, 'Home', '@SUM(1+1)', 'Evil', "
               "'Eve', ?2, '\tTabbed', '75001', "
               "'Paris', '\rReturn', '+33 612345678', '2026-01-01', '2026-01-01')")
        .bind_all(id, kFormula)
        .run();
    return id;
}

// No cell of any row starts like a formula unless neutralised (a leading apostrophe).
void expect_no_formula(const clientele::tests::CsvRows& rows) {
    for (const auto& row : rows)
        for (const std::string& cell : row)
            if (!cell.empty())
                EXPECT_EQ(std::string("=+-@\t\r").find(cell[0]), std::string::npos) << cell;
}

std::string run_customers_export(Database& db, const csv::Format& f) {
    CustomersExportJob job(db, CustomerQuery{}, {}, prestashop_export_columns(),
                           prestashop_export_headers(), f, 1);
    run_to_completion(job);
    EXPECT_TRUE(job.error().empty()) << job.error();
    return job.output();
}

} // namespace

// --- 2. customers -------------------------------------------------------------------------------

TEST(Exports, PrestaShopCustomerColumnsAreGridColumnsWithTheirHeaders) {
    const auto columns = prestashop_export_columns();
    const auto headers = prestashop_export_headers();
    EXPECT_EQ(columns, (std::vector<std::string>{"id", "title", "firstname", "lastname", "email",
                                                 "default_group", "company", "sales", "active",
                                                 "newsletter", "optin", "date_add", "last_visit"}));
    EXPECT_EQ(headers, (std::vector<std::string>{"ID", "Social title", "First name", "Last name",
                                                 "Email address", "Group", "Company", "Sales",
                                                 "Enabled", "Newsletter", "Partner offers",
                                                 "Registration", "Last visit"}));
    for (const std::string& c : columns)
        EXPECT_NE(find_customer_column(c), nullptr) << c;
}

TEST(Exports, CustomersCsvNeutralisesFormulasInExcelFormat) {
    Store store(":memory:");
    Database& db = store.db();
    demo(db, 50);
    const std::int64_t id = add_formula_customer(db);
    ASSERT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_customer WHERE passwd LIKE '$2y$%'"), 0);

    const std::string out = run_customers_export(db, csv::excel());
    EXPECT_EQ(out.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_EQ(out.find("$2y$"), std::string::npos);
    bool bom = false;
    const auto rows = read_csv(out, ';', &bom);
    EXPECT_TRUE(bom);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], prestashop_export_headers());
    EXPECT_EQ(out.substr(3, out.find('\r') - 3), "ID;Social title;First name;Last name;Email "
                                                 "address;Group;Company;Sales;Enabled;Newsletter;"
                                                 "Partner offers;Registration;Last visit");
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()) - 1, count_customers(db, CustomerQuery{}));
    expect_no_formula(rows);
    const std::vector<std::string>* evil = nullptr;
    for (const auto& row : rows)
        if (row[0] == std::to_string(id))
            evil = &row;
    ASSERT_NE(evil, nullptr);
    EXPECT_EQ((*evil)[2], std::string("'") + kFormula);
    EXPECT_EQ((*evil)[3], "'+SUM(A1:A9)");
    EXPECT_EQ((*evil)[4], "'@evil@example.com");
    EXPECT_EQ((*evil)[6], "'-2+3");

    // The default format: ',' and no BOM.
    const std::string plain = run_customers_export(db, csv::Format{});
    EXPECT_EQ(plain.rfind("ID,Social title,", 0), 0u);
    expect_no_formula(read_csv(plain, ','));
}

TEST(Exports, CustomersJsonHasTheExportColumnsTyped) {
    Store store(":memory:");
    Database& db = store.db();
    demo(db, 50);
    add_formula_customer(db);
    nlohmann::json j = customers_export_json(db, CustomerQuery{}, prestashop_export_columns());
    ASSERT_TRUE(j.is_array());
    EXPECT_EQ(static_cast<std::int64_t>(j.size()), count_customers(db, CustomerQuery{}));
    for (const std::string& c : prestashop_export_columns())
        EXPECT_TRUE(j[0].contains(c)) << c;
    EXPECT_EQ(j[0].size(), prestashop_export_columns().size());
    EXPECT_TRUE(j[0]["id"].is_number_integer());
    EXPECT_TRUE(j[0]["sales"].is_number());
    EXPECT_TRUE(j[0]["active"].is_boolean());
    EXPECT_EQ(j[0]["email"], "pub@prestashop.com");
    EXPECT_EQ(j.dump().find("$2y$"), std::string::npos);
    EXPECT_THROW(customers_export_json(db, CustomerQuery{}, {"passwd"}), std::invalid_argument);
}

// --- 3. addresses -------------------------------------------------------------------------------

TEST(Exports, AddressesCsvReparsesWithPrestaShopImportColumns) {
    Store store(":memory:");
    Database& db = store.db();
    demo(db, 200);
    const std::int64_t id = add_formula_customer(db);
    // A deleted address is not exported.
    db.exec("UPDATE ps_address SET deleted = 1 WHERE id_address = 2");
    const std::int64_t live =
        db.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0 AND id_customer > 0");

    AddressesExportJob job(db, csv::excel());
    EXPECT_EQ(job.total(), live);
    run_to_completion(job);
    ASSERT_TRUE(job.error().empty()) << job.error();
    EXPECT_EQ(job.rows_written(), live);
    EXPECT_EQ(job.progress(), 1.0);
    const std::string& out = job.output();
    EXPECT_EQ(out.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_EQ(out.find("$2y$"), std::string::npos);
    EXPECT_EQ(out.substr(3, out.find('\r') - 3),
              "Address ID;Alias*;Active (0/1);Customer e-mail*;Customer ID;Manufacturer;"
              "Supplier;Company;Lastname*;Firstname*;Address 1*;Address 2;Zipcode*;City*;"
              "Country*;State;Other;Phone;Mobile Phone;VAT number;DNI");
    const auto rows = read_csv(out, ';');
    ASSERT_EQ(static_cast<std::int64_t>(rows.size()), live + 1);
    EXPECT_EQ(rows[0], address_import_headers());
    expect_no_formula(rows);
    for (const auto& row : rows)
        ASSERT_EQ(row.size(), 21u);

    // John Doe's first address, field by field.
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1",
                                                 "Home",
                                                 "1",
                                                 "pub@prestashop.com",
                                                 "1",
                                                 "",
                                                 "",
                                                 "",
                                                 "DOE",
                                                 "John",
                                                 "52 boulevard Saint-Michel",
                                                 "",
                                                 "94259",
                                                 "Paris",
                                                 rows[1][14],
                                                 "",
                                                 "",
                                                 "'+33 101010786",
                                                 "",
                                                 "",
                                                 ""}));
    Statement country = db.prepare(
        "SELECT name FROM ps_country_lang WHERE id_lang = 1 AND id_country = (SELECT id_country "
        "FROM ps_address WHERE id_address = 1)");
    ASSERT_TRUE(country.step());
    EXPECT_EQ(rows[1][14], country.text(0));
    EXPECT_FALSE(rows[1][14].empty());
    for (const auto& row : rows)
        EXPECT_NE(row[0], "2") << "deleted address exported";

    // The formula address: every dangerous cell neutralised, the customer by e-mail and id.
    const auto& last = rows.back();
    EXPECT_EQ(last[4], std::to_string(id));
    EXPECT_EQ(last[3], "'@evil@example.com");
    EXPECT_EQ(last[7], "'@SUM(1+1)");
    EXPECT_EQ(last[10], std::string("'") + kFormula);
    EXPECT_EQ(last[11], "'\tTabbed");
    EXPECT_EQ(last[16], "'\rReturn");
    EXPECT_EQ(last[17], "'+33 612345678");
}

TEST(Exports, AddressesJobIsTimeBoxedCancellableAndWritesJson) {
    Store store(":memory:");
    Database& db = store.db();
    demo(db, 600);
    const std::int64_t live =
        db.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0 AND id_customer > 0");
    ASSERT_GT(live, 600);

    AddressesExportJob boxed(db);
    EXPECT_FALSE(boxed.step(std::chrono::milliseconds(0))); // one chunk, then yields
    EXPECT_GT(boxed.done(), 0);
    EXPECT_LT(boxed.done(), live);
    boxed.cancel();
    EXPECT_TRUE(boxed.cancelled());
    EXPECT_TRUE(boxed.output().empty());

    AddressesExportJob json(db, csv::Format{}, 1, AddressesExportJob::Output::Json);
    run_to_completion(json);
    nlohmann::json j = nlohmann::json::parse(json.output());
    ASSERT_TRUE(j.is_array());
    EXPECT_EQ(static_cast<std::int64_t>(j.size()), live);
    const auto keys = address_json_keys();
    EXPECT_EQ(j[0].size(), keys.size());
    for (const std::string& k : keys)
        EXPECT_TRUE(j[0].contains(k)) << k;
    EXPECT_EQ(j[0]["address_id"], 1);
    EXPECT_EQ(j[0]["customer_email"], "pub@prestashop.com");
    EXPECT_EQ(j[0]["phone"], "+33 101010786"); // JSON is not a spreadsheet: kept as it is
    EXPECT_TRUE(j[0]["manufacturer"].is_null());
}

// --- 4. a customer's orders
// -----------------------------------------------------------------------

TEST(Exports, CustomerOrdersCsv) {
    Store store(":memory:");
    Database& db = store.db();
    demo(db, 100);
    const std::int64_t id = db.scalar_int(
        "SELECT id_customer FROM ps_orders GROUP BY id_customer ORDER BY COUNT(*) DESC, "
        "id_customer LIMIT 1");
    const std::int64_t orders =
        db.scalar_int("SELECT COUNT(*) FROM ps_orders WHERE id_customer = " + std::to_string(id));
    ASSERT_GT(orders, 1);
    db.prepare("UPDATE ps_orders SET payment = '=cmd|'' /C calc''!A0' WHERE id_order = (SELECT "
               "MAX(id_order) FROM ps_orders WHERE id_customer = ?1)")
        .bind_all(id)
        .run();

    const std::string out = customer_orders_csv(db, id, csv::excel());
    EXPECT_EQ(out.rfind("\xEF\xBB\xBFReference;Date;State;Total paid;Payment;Lines\r\n", 0), 0u);
    EXPECT_EQ(out.find("$2y$"), std::string::npos);
    const auto rows = read_csv(out, ';');
    ASSERT_EQ(static_cast<std::int64_t>(rows.size()), orders + 1);
    expect_no_formula(rows);

    // Newest first; each row as SQL has it.
    Statement st = db.prepare(
        "SELECT o.reference, o.date_add, n.name, o.total_paid_tax_incl, (SELECT COUNT(*) FROM "
        "ps_order_detail d WHERE d.id_order = o.id_order) FROM ps_orders o JOIN "
        "ps_order_state_lang n ON n.id_order_state = o.current_state AND n.id_lang = 1 WHERE "
        "o.id_customer = ?1 ORDER BY o.date_add DESC, o.id_order DESC");
    st.bind(1, id);
    std::size_t i = 1;
    bool neutralised = false;
    while (st.step()) {
        ASSERT_LT(i, rows.size());
        EXPECT_EQ(rows[i][0], st.text(0));
        EXPECT_EQ(rows[i][1], st.text(1));
        EXPECT_EQ(rows[i][2], st.text(2));
        EXPECT_EQ(rows[i][3], csv::number_cell(st.real(3)));
        EXPECT_EQ(rows[i][5], std::to_string(st.int64(4)));
        neutralised = neutralised || rows[i][4] == "'=cmd|' /C calc'!A0";
        ++i;
    }
    EXPECT_TRUE(neutralised);
    EXPECT_EQ(customer_orders_csv(db, id).rfind("Reference,Date,State,", 0), 0u);
    EXPECT_THROW(customer_orders_csv(db, 987654), std::invalid_argument);
}
