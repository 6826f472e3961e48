// PrestaShop CSV import: the real sample files, header mapping (English, French, field names),
// validation and the report, both modes, re-imports (match by e-mail or id), countries and
// states, the job (time-boxed steps, cancel and failure leave the database exactly as it was),
// undo, bulk loading, and the sample generator.
//
// Sections: 1. helpers  2. PrestaShop's sample files  3. mapping  4. inspect and preview
// 5. validation and modes  6. re-import  7. addresses  8. the job  9. undo, bulk, generator
// 10. benchmark (disabled)
#include "core/bulk_load.h"
#include "core/csv_reader.h"
#include "core/demo.h"
#include "core/exports.h"
#include "core/i18n.h"
#include "core/importer.h"
#include "core/password.h"
#include "core/schema.h"
#include "shop_fixture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace clientele::core;
using namespace clientele::test;
namespace imp = clientele::core::import;

namespace {

// --- 1. helpers -------------------------------------------------------------------------------

const std::string kConformance =
    std::string(CLIENTELE_SOURCE_DIR) + "/tests/data/conformance/prestashop/";

bool read_file(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return false;
    std::ostringstream s;
    s << f.rdbuf();
    out = s.str();
    return true;
}

#define LOAD_SAMPLE(var, name)                                                                     \
    std::string var;                                                                               \
    if (!read_file(kConformance + (name), var))                                                    \
    GTEST_SKIP() << "missing " << kConformance << (name)

imp::Options options(imp::Entity e, imp::Mode mode = imp::Mode::AllOrNothing,
                     imp::Match match = imp::Match::Email) {
    imp::Options o;
    o.entity = e;
    o.mode = mode;
    o.match = match;
    o.today = "2026-11-23";
    o.password_cost = password::kMinCost; // bcrypt at cost 10 would make the tests slow
    return o;
}

imp::Report import_text(Database& db, const std::string& text, const imp::Options& o) {
    return imp::run_import(db, text, o);
}

// Every row of every table, for "the database is exactly as before".
std::string dump(Database& db, bool with_audit = true) {
    std::string out;
    for (const char* table : schema_tables())
        if (with_audit || std::string(table) != "cl_audit")
            out += std::string(table) + "\n" + text_of(db, std::string("SELECT * FROM ") + table);
    out += text_of(db, "SELECT * FROM cl_state");
    out += text_of(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    out += search_index_text(db);
    return out;
}

bool has_error(const imp::Report& r, std::int64_t line, const std::string& field,
               const std::string& reason) {
    for (const imp::RowError& e : r.errors)
        if (e.line == line && e.field == field && e.reason == reason)
            return true;
    return false;
}

std::string errors_text(const imp::Report& r) {
    std::string out;
    for (const imp::RowError& e : r.errors)
        out += std::to_string(e.line) + " " + e.field + ": " + e.reason + "\n";
    return out;
}

const char* kCustomerHeader =
    "Customer ID;Active (0/1);Titles ID (Mr = 1, Ms = 2, else 0);Email *;Password *;Birthday "
    "(yyyy-mm-dd);Last Name *;First Name *;Newsletter (0/1);Opt-in (0/1);Registration date "
    "(yyyy-mm-dd);Groups (x,y,z...);Default group ID\n";

// The shop of PrestaShop's sample: its 9 customers imported.
void import_sample_customers(Database& db) {
    std::string text;
    ASSERT_TRUE(read_file(kConformance + "customers_import.csv", text));
    imp::Report r = import_text(db, text, options(imp::Entity::Customers));
    ASSERT_TRUE(r.committed) << errors_text(r);
    ASSERT_EQ(r.imported, 9);
}

} // namespace

// --- 2. PrestaShop's sample files ---------------------------------------------------------------

TEST(ImportConformance, RepositoryCopiesMatchTheSharedSamples) {
    const std::string shared =
        std::string(CLIENTELE_SOURCE_DIR) + "/../shared/conformance/prestashop/";
    for (const char* name : {"customers_import.csv", "addresses_import.csv"}) {
        std::string ours, theirs;
        ASSERT_TRUE(read_file(kConformance + name, ours)) << name;
        if (!read_file(shared + name, theirs))
            GTEST_SKIP() << "no shared conformance folder next to the repository";
        EXPECT_EQ(ours, theirs) << name;
    }
}

TEST(ImportConformance, SampleCustomersImportAsTheyAre) {
    LOAD_SAMPLE(text, "customers_import.csv");
    Store store(":memory:");
    Database& db = store.db();
    imp::Report r = import_text(db, text, options(imp::Entity::Customers));
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.to_json(), "{\"imported\": 9, \"updated\": 0, \"skipped\": 0, \"errors\": [], "
                           "\"skipped_rows\": []}");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer"), 9);
    EXPECT_EQ(r.groups_created, 2);
    // The groups the file names are created, with their name in every language.
    EXPECT_EQ(text_of(db, "SELECT id_group, id_lang, name FROM ps_group_lang WHERE id_group > 3 "
                          "ORDER BY id_group, id_lang"),
              "4|1|Carribean\n4|2|Carribean\n4|3|Carribean\n5|1|Kids\n5|2|Kids\n5|3|Kids\n");
    EXPECT_EQ(text_of(db, "SELECT g.id_group FROM ps_customer_group g JOIN ps_customer c USING "
                          "(id_customer) WHERE c.email = 'James.Hook@prestashop.com' ORDER BY 1"),
              "3\n4\n");
    EXPECT_EQ(text_of(db, "SELECT id_default_group, id_gender, active, newsletter, optin, "
                          "birthday, date_add FROM ps_customer WHERE lastname = 'Hook'"),
              "4|1|1|0|1|1952-12-04|2015-07-13 00:00:00\n");
    EXPECT_EQ(text_of(db, "SELECT firstname, active, id_default_group FROM ps_customer WHERE "
                          "lastname = 'Banning' ORDER BY id_customer"),
              "Jack|1|5\nMaggie|0|5\n");
    EXPECT_EQ(text_of(db, "SELECT firstname FROM ps_customer WHERE id_customer = 2"),
              "Wendy Moira\n");
    // Passwords are bcrypt hashes, never the plain text.
    Statement st = db.prepare("SELECT passwd, secure_key FROM ps_customer");
    int hashed = 0;
    while (st.step()) {
        EXPECT_EQ(st.text(0).rfind("$2y$", 0), 0u) << st.text(0);
        EXPECT_NE(st.text(0), "123456789");
        EXPECT_EQ(st.text(1).size(), 32u);
        hashed += password::verify("123456789", st.text(0)) ? 1 : 0;
    }
    EXPECT_EQ(hashed, 9);
    // Derived figures and the search index know the new customers.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_stats"), 9);
    EXPECT_EQ(
        count(db, "SELECT COUNT(*) FROM cl_customer_fts WHERE cl_customer_fts MATCH 'tinker'"), 1);
}

TEST(ImportConformance, SampleAddressesAttachToTheirCustomersByEmail) {
    LOAD_SAMPLE(text, "addresses_import.csv");
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    imp::Report r = import_text(db, text, options(imp::Entity::Addresses));
    EXPECT_TRUE(r.committed) << errors_text(r);
    EXPECT_EQ(r.imported, 11);
    EXPECT_EQ(r.updated, 0);
    EXPECT_EQ(r.skipped, 5);
    EXPECT_TRUE(r.errors.empty()) << errors_text(r);
    ASSERT_EQ(r.skipped_rows.size(), 5u);
    EXPECT_EQ(r.skipped_rows[0].line, 13);
    EXPECT_EQ(r.skipped_rows[0].reason,
              "brand address (manufacturer 'Apple'): only customer addresses are imported");
    EXPECT_EQ(r.skipped_rows[3].line, 16);
    EXPECT_EQ(r.skipped_rows[3].reason,
              "supplier address (supplier 'U.P.S'): only customer addresses are imported");
    EXPECT_EQ(r.skipped_rows[4].line, 17);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_address"), 11);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_address WHERE id_manufacturer > 0 OR "
                        "id_supplier > 0 OR id_customer = 0"),
              0);
    EXPECT_EQ(text_of(db, "SELECT c.email, a.alias FROM ps_address a JOIN ps_customer c USING "
                          "(id_customer) WHERE c.lastname = 'Darling' ORDER BY a.alias"),
              "Wendy.Moira.Darling@prestashop.com|Wendy.Moira.Darling / London\n"
              "Wendy.Moira.Darling@prestashop.com|Wendy.Moira.Darling / New York\n");
    // Countries and states the shop did not know are created, as PrestaShop does.
    EXPECT_EQ(r.countries_created, 7);
    EXPECT_EQ(r.states_created, 4);
    EXPECT_EQ(text_of(db, "SELECT l.name, s.name, a.postcode, a.company FROM ps_address a JOIN "
                          "ps_country_lang l ON l.id_country = a.id_country AND l.id_lang = 1 "
                          "LEFT JOIN ps_state s ON s.id_state = a.id_state WHERE a.alias IN "
                          "('Smee / Portland', 'Smee / Fiji', 'James Hook / Pro') ORDER BY 1"),
              "Fiji|||\n"
              "Germany||13505|Räuber Schätze GmBH\n"
              "United States|Oregon|97124|Lattice Semiconductor\n");
    EXPECT_EQ(count(db, "SELECT COUNT(DISTINCT iso_code) FROM ps_country"), 7);
    EXPECT_EQ(text_of(db, "SELECT other, address2 FROM ps_address WHERE alias LIKE 'Tictac%'"),
              "Beware the Shark :)|Saddlebunch keys\n");
    // The grid's country column follows the first address.
    EXPECT_EQ(text_of(db, "SELECT l.name FROM cl_customer_stats s JOIN ps_customer c USING "
                          "(id_customer) JOIN ps_country_lang l ON l.id_country = s.id_country AND "
                          "l.id_lang = 1 WHERE c.lastname = 'Bell'"),
              "Finland\n");
}

// --- 3. mapping -------------------------------------------------------------------------------

TEST(ImportMapping, NormalizesHeaders) {
    EXPECT_EQ(imp::normalize_header("Titles ID (Mr = 1, Ms = 2, else 0)"), "titlesid");
    EXPECT_EQ(imp::normalize_header("Email *"), "email");
    EXPECT_EQ(imp::normalize_header("E-mail du client *"), "emailduclient");
    EXPECT_EQ(imp::normalize_header("Adresse (2)"), "adresse2");
    EXPECT_EQ(imp::normalize_header("Date de naissance (aaaa-mm-jj)"), "datedenaissance");
    EXPECT_EQ(imp::normalize_header("  Téléphone  mobile "), "telephonemobile");
    EXPECT_EQ(imp::normalize_header("ÉTAT"), "etat");
    EXPECT_EQ(imp::normalize_header("id_customer"), "idcustomer");
}

TEST(ImportMapping, EnglishLabelsOfTheSampleFiles) {
    std::string text;
    ASSERT_TRUE(read_file(kConformance + "customers_import.csv", text));
    EXPECT_EQ(imp::auto_map(imp::Entity::Customers, csv::header(text)),
              (std::vector<std::string>{"id_customer", "active", "id_gender", "email", "passwd",
                                        "birthday", "lastname", "firstname", "newsletter", "optin",
                                        "date_add", "groups", "id_default_group"}));
    ASSERT_TRUE(read_file(kConformance + "addresses_import.csv", text));
    EXPECT_EQ(imp::auto_map(imp::Entity::Addresses, csv::header(text)),
              (std::vector<std::string>{
                  "id_address",   "alias",    "active",   "customer_email", "id_customer",
                  "manufacturer", "supplier", "company",  "lastname",       "firstname",
                  "address1",     "address2", "postcode", "city",           "country",
                  "state",        "other",    "phone",    "phone_mobile",   "vat_number",
                  "dni"}));
}

TEST(ImportMapping, FrenchLabels) {
    EXPECT_EQ(imp::auto_map(imp::Entity::Customers,
                            {"ID client", "Actif (0/1)", "Civilité", "E-mail *", "Mot de passe *",
                             "Date de naissance (aaaa-mm-jj)", "Nom *", "Prénom *",
                             "Newsletter (0/1)", "Opt-in (0/1)", "Date d'inscription",
                             "Groupes (x,y,z...)", "ID du groupe par défaut"}),
              (std::vector<std::string>{"id_customer", "active", "id_gender", "email", "passwd",
                                        "birthday", "lastname", "firstname", "newsletter", "optin",
                                        "date_add", "groups", "id_default_group"}));
    EXPECT_EQ(
        imp::auto_map(imp::Entity::Addresses,
                      {"ID", "Alias *", "E-mail du client *", "Société", "Nom *", "Prénom *",
                       "Adresse *", "Adresse (2)", "Code postal *", "Ville *", "Pays *", "État",
                       "Autre", "Téléphone", "Téléphone mobile", "Numéro de TVA", "DNI"}),
        (std::vector<std::string>{"id_address", "alias", "customer_email", "company", "lastname",
                                  "firstname", "address1", "address2", "postcode", "city",
                                  "country", "state", "other", "phone", "phone_mobile",
                                  "vat_number", "dni"}));
}

TEST(ImportMapping, FieldNamesUnknownColumnsAndDuplicates) {
    EXPECT_EQ(imp::auto_map(imp::Entity::Customers, {"id_customer", "email", "firstname",
                                                     "lastname", "passwd", "colour", "", "E-mail"}),
              (std::vector<std::string>{"id_customer", "email", "firstname", "lastname", "passwd",
                                        "", "", ""}));
}

TEST(ImportMapping, TheUserMappingIsUsedAndCheckedBeforeAnythingIsWritten) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string text = "Courriel;Famille;Donné;Ignored\n"
                             "ada@example.com;Lovelace;Ada;x\n";
    imp::Options o = options(imp::Entity::Customers);
    o.mapping = {"email", "lastname", "firstname", ""};
    imp::Report r = import_text(db, text, o);
    EXPECT_EQ(r.imported, 1) << errors_text(r);
    EXPECT_EQ(text_of(db, "SELECT firstname, lastname, passwd FROM ps_customer"),
              "Ada|Lovelace|\n");

    const std::string before = dump(db);
    o.mapping = {"email", "lastname", "", ""};
    EXPECT_THROW(import_text(db, text, o), imp::ImportError);
    o.mapping = {"email", "lastname", "lastname", ""};
    EXPECT_THROW(import_text(db, text, o), imp::ImportError);
    o.mapping = {"email", "lastname", "firstname"};
    EXPECT_THROW(import_text(db, text, o), imp::ImportError);
    o.mapping = {"email", "lastname", "firstname", "shoe_size"};
    try {
        import_text(db, text, o);
        FAIL();
    } catch (const imp::ImportError& e) {
        EXPECT_EQ(std::string(e.what()), "unknown field 'shoe_size' for customers");
    }
    EXPECT_EQ(dump(db), before);
}

// --- 4. inspect and preview ----------------------------------------------------------------------

TEST(ImportInspect, ReportsEncodingDelimiterHeadersAndRows) {
    imp::Table t = imp::inspect("\xEF\xBB\xBF"
                                "a,b\n1,2\n\n\"3\n\",4\n");
    EXPECT_EQ(t.encoding, "UTF-8 with BOM");
    EXPECT_EQ(t.delimiter, ',');
    EXPECT_EQ(t.headers, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(t.rows_estimate, 2);
    EXPECT_EQ(imp::inspect("Nom\tPr\xE9nom\n").encoding, "Windows-1252");
    EXPECT_EQ(imp::inspect("Nom\tPr\xE9nom\n").headers[1], "Prénom");
    EXPECT_EQ(imp::inspect("Nom\tPr\xE9nom\n").delimiter, '\t');
}

TEST(ImportInspect, UnreadableFilesThrowWithTheLine) {
    for (const char* empty : {"", "\r\n\r\n", "\xEF\xBB\xBF"}) {
        try {
            imp::inspect(empty);
            FAIL() << "expected an ImportError";
        } catch (const imp::ImportError& e) {
            EXPECT_EQ(e.reason(), "the file is empty");
        }
    }
    try {
        imp::inspect("a;b\n1;2\n3;\"4\n5;6\n");
        FAIL() << "expected an ImportError";
    } catch (const imp::ImportError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_EQ(std::string(e.what()), "line 3: a quoted field opened on line 3 is never closed");
    }
}

TEST(ImportPreview, EachCellCarriesItsValidationAndNothingIsWritten) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before = dump(db);
    const std::string text = std::string(kCustomerHeader) +
                             "1;1;1;Peter.Pan@prestashop.com;secret99;1987-04-02;Pan;Peter;1;0;;;\n"
                             "2;1;9;foo@;abc;2999-01-01;Doe;J0hn;maybe;0;;Customer;3\n"
                             "3;1;1;new@example.com;;;Roe;Jane;0;0;;Pirates;\n"
                             "4;1;1;NEW@example.com;;;Roe;Jim;0;0;;;\n"
                             "5;1;1\n";
    auto rows = imp::preview(db, imp::Entity::Customers, text,
                             imp::auto_map(imp::Entity::Customers, csv::header(text)), 10);
    ASSERT_EQ(rows.size(), 5u);
    auto cell = [&](std::size_t row, const std::string& field) {
        for (const imp::CellCheck& c : rows[row].cells)
            if (c.field == field)
                return c;
        return imp::CellCheck{"?", "?", "?"};
    };
    EXPECT_EQ(rows[0].line, 2);
    EXPECT_EQ(rows[0].action, "update");
    EXPECT_EQ(cell(0, "passwd").value, "********");
    EXPECT_EQ(cell(0, "email").error, "");
    EXPECT_EQ(rows[1].action, "");
    EXPECT_EQ(cell(1, "email").error, "invalid e-mail address 'foo@'");
    EXPECT_EQ(cell(1, "passwd").error,
              "password must have at least 5 characters (and at most 72 bytes)");
    EXPECT_EQ(cell(1, "birthday").error,
              "invalid birth date '2999-01-01' (expected yyyy-mm-dd, not in the future)");
    EXPECT_EQ(cell(1, "firstname").error, "invalid first name 'J0hn'");
    EXPECT_EQ(cell(1, "id_gender").error, "unknown title '9' (1 for Mr, 2 for Ms, 0 for none)");
    EXPECT_EQ(cell(1, "newsletter").error,
              "invalid value 'maybe' for Newsletter (0/1): expected 0 or 1");
    EXPECT_EQ(cell(1, "lastname").error, "");
    EXPECT_EQ(rows[2].action, "insert");
    EXPECT_EQ(cell(2, "groups").error, ""); // a new group is fine: it will be created
    EXPECT_EQ(cell(3, "email").error,
              "e-mail address 'NEW@example.com' appears twice in the file (first on line 4)");
    EXPECT_EQ(rows[4].row_error, "the row has 3 columns, the header has 13");
    EXPECT_EQ(dump(db), before);

    // Only the asked number of rows; a missing required column shows on the row.
    rows = imp::preview(db, imp::Entity::Customers, text,
                        {"", "", "", "", "", "", "lastname", "firstname", "", "", "", "", ""}, 2);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].row_error, "Email: e-mail address is required (no column is mapped to it)");
}

// --- 5. validation and modes ---------------------------------------------------------------------

namespace {
// Two good rows around rows with one or more errors each (lines 3, 4, 5, 7).
const std::string kMixed = std::string(kCustomerHeader) +
                           "1;1;2;ok.one@example.com;;1990-01-01;Curie;Marie;1;0;;;\n"
                           "2;1;1;foo@;;;Bad;Email;0;0;;;\n"
                           "3;1;1;future@example.com;;2030-05-01;Future;Birth;0;0;;;\n"
                           "4;1;1;ok.one@example.com;;;Dup;Licate;0;0;;;\n"
                           "5;1;1;ok.two@example.com;;;\"Multi\nLine\";Name;0;0;;Customer;3\n"
                           "6;1;1;short@example.com;abc;;Short;Pass;0;0;;;\n"
                           "7;1;1;ok.three@example.com;;;Lamarr;Hedy;0;0;;Customer;3\n";
} // namespace

TEST(ImportModes, AllOrNothingWritesNothingAndListsEveryError) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before = dump(db);
    imp::Report r = import_text(db, kMixed, options(imp::Entity::Customers));
    EXPECT_FALSE(r.committed);
    EXPECT_EQ(r.imported, 0);
    EXPECT_EQ(r.updated, 0);
    EXPECT_EQ(r.skipped, 7);
    EXPECT_EQ(r.errors.size(), 5u) << errors_text(r);
    EXPECT_TRUE(has_error(r, 3, "email", "invalid e-mail address 'foo@'")) << errors_text(r);
    EXPECT_TRUE(has_error(r, 4, "birthday",
                          "invalid birth date '2030-05-01' (expected yyyy-mm-dd, not in the "
                          "future)"));
    EXPECT_TRUE(has_error(r, 5, "email",
                          "e-mail address 'ok.one@example.com' appears twice in the file (first "
                          "on line 2)"));
    // The record on line 6 spans two lines; the next one starts on line 8.
    EXPECT_TRUE(has_error(r, 6, "lastname", "invalid last name 'Multi\nLine'"));
    EXPECT_TRUE(has_error(r, 8, "passwd",
                          "password must have at least 5 characters (and at most 72 bytes)"));
    EXPECT_EQ(dump(db), before);
}

TEST(ImportModes, ValidRowsImportsTheRestAndReportsEachError) {
    Store store(":memory:");
    Database& db = store.db();
    imp::Report r = import_text(db, kMixed, options(imp::Entity::Customers, imp::Mode::ValidRows));
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.imported, 2);
    EXPECT_EQ(r.skipped, 5);
    EXPECT_EQ(r.errors.size(), 5u);
    EXPECT_EQ(text_of(db, "SELECT email FROM ps_customer ORDER BY id_customer"),
              "ok.one@example.com\nok.three@example.com\n");
    // The JSON and CSV reports.
    EXPECT_EQ(r.to_json().rfind(
                  "{\"imported\": 2, \"updated\": 0, \"skipped\": 5, \"errors\": [{\"line\": 3, "
                  "\"field\": \"email\", \"reason\": \"invalid e-mail address 'foo@'\"}, ",
                  0),
              0u)
        << r.to_json();
    const std::string csv = r.to_csv();
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv.find("line;field;reason\r\n3;email;invalid e-mail address 'foo@'\r\n"),
              std::string::npos);
    EXPECT_NE(csv.find("6;lastname;\"invalid last name 'Multi\nLine'\"\r\n"), std::string::npos);
}

TEST(ImportModes, ReportsAreFormulaSafeAndValidJson) {
    imp::Report r;
    r.errors.push_back({3, "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")"});
    r.skipped_rows.push_back({9, "", "brand \"Apple\""});
    EXPECT_EQ(r.to_json(), "{\"imported\": 0, \"updated\": 0, \"skipped\": 0, \"errors\": "
                           "[{\"line\": 3, \"field\": \"=cmd|' /C calc'!A0\", \"reason\": "
                           "\"=HYPERLINK(\\\"http://x\\\")\"}], \"skipped_rows\": [{\"line\": 9, "
                           "\"reason\": \"brand \\\"Apple\\\"\"}]}");
    EXPECT_EQ(r.to_csv(), "\xEF\xBB\xBFline;field;reason\r\n"
                          "3;'=cmd|' /C calc'!A0;\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
                          "9;;\"brand \"\"Apple\"\"\"\r\n");
}

TEST(ImportValidation, RowsWithTooFewOrTooManyFields) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string text = "Email;Last Name;First Name\n"
                             "a@example.com;A;Ann\n"
                             "b@example.com;B\n"
                             "c@example.com;C;Cid;extra\n"
                             "d@example.com;D;Dee;;\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Customers, imp::Mode::ValidRows));
    EXPECT_EQ(r.imported, 2) << errors_text(r); // a trailing empty cell is a trailing delimiter
    EXPECT_TRUE(has_error(r, 3, "", "the row has 2 columns, the header has 3"));
    EXPECT_TRUE(has_error(r, 4, "", "the row has 4 columns, the header has 3"));
    // The same for a header that ends with the delimiter.
    EXPECT_EQ(imp::inspect("Email;Last Name;First Name;\n").headers.size(), 3u);
    r = import_text(db, "Email;Last Name;First Name;\ne@example.com;E;Eve\n",
                    options(imp::Entity::Customers));
    EXPECT_EQ(r.imported, 1) << errors_text(r);
}

TEST(ImportValidation, NothingValidMeansNoUndoEntryAndCrOnlyFilesWork) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string before = dump(db);
    imp::Report r = import_text(db, "Email;Last Name;First Name\rfoo@;A;B\rbar@;C;D\r",
                                options(imp::Entity::Customers, imp::Mode::ValidRows));
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.skipped, 2);
    EXPECT_TRUE(has_error(r, 3, "email", "invalid e-mail address 'bar@'")) << errors_text(r);
    EXPECT_FALSE(audit::can_undo(db));
    EXPECT_EQ(dump(db), before);
}

TEST(ImportValidation, EmailsMustBeFreeAmongLiveAccountsAndNotBlocked) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    // A guest may share an e-mail; a "keep data" delete blocks it.
    db.exec("INSERT INTO ps_customer(firstname, lastname, email, is_guest, date_add, date_upd) "
            "VALUES ('G', 'Uest', 'guest@example.com', 1, '2020-01-01', '2020-01-01')");
    db.exec("INSERT INTO cl_blocked_email(email, date_add) VALUES ('gone@example.com', "
            "'2020-01-01')");
    const std::string text = "Customer ID;Email;Last Name;First Name\n"
                             "2;guest@example.com;Lee;Guest\n"
                             "300;GONE@example.com;Gone;Again\n"
                             "4;peter.pan@prestashop.com;Pan;Imposter\n";
    imp::Report r = import_text(
        db, text, options(imp::Entity::Customers, imp::Mode::ValidRows, imp::Match::Id));
    EXPECT_TRUE(has_error(r, 3, "email",
                          "e-mail address 'GONE@example.com' belongs to a deleted account and "
                          "cannot register again"))
        << errors_text(r);
    EXPECT_TRUE(has_error(r, 4, "email",
                          "e-mail address 'peter.pan@prestashop.com' is already used by "
                          "customer #1"));
    EXPECT_EQ(r.updated, 1); // customer #2 takes the guest's e-mail: allowed
    EXPECT_EQ(r.errors.size(), 2u);
}

TEST(ImportValidation, PasswordsEmptyHashedOrPlain) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string hash = "$2y$10$Z.xseEvjLgXswpIHhDZD9.jIXhAhf5eAaPdC4iyLIJ9JASpMqf6ui";
    const std::string text = "Email;Password;Last Name;First Name\n"
                             "none@example.com;;No;Password\n"
                             "hashed@example.com;" +
                             hash +
                             ";Already;Hashed\n"
                             "plain@example.com;  s3cret pass ;Plain;Text\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Customers));
    ASSERT_EQ(r.imported, 3) << errors_text(r);
    EXPECT_EQ(text_of(db, "SELECT passwd, last_passwd_gen IS NULL FROM ps_customer WHERE email = "
                          "'none@example.com'"),
              "|1\n");
    EXPECT_EQ(text_of(db, "SELECT passwd FROM ps_customer WHERE email = 'hashed@example.com'"),
              hash + "\n");
    const std::string plain =
        text_of(db, "SELECT passwd FROM ps_customer WHERE email = 'plain@example.com'");
    EXPECT_EQ(plain.rfind("$2y$04$", 0), 0u);
    EXPECT_TRUE(password::verify("s3cret pass", plain.substr(0, plain.size() - 1)));
    // The audit log never holds a hash.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_audit WHERE new_values LIKE '%$2y$%'"), 0);
}

TEST(ImportValidation, GroupsByNameOrIdAndDefaultGroups) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string text = "Email;Last Name;First Name;Groups;Default group ID\n"
                             "a@example.com;A;Ann;;\n"
                             "b@example.com;B;Bob;1, client ,VIP;\n"
                             "c@example.com;C;Cy;2;3\n"
                             "d@example.com;D;Di;42;\n"
                             "e@example.com;E;Ed;;77\n"
                             "f@example.com;F;Fay;<b>;\n"
                             "g@example.com;G;Gil;vip;Partners\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Customers, imp::Mode::ValidRows));
    EXPECT_EQ(r.imported, 4) << errors_text(r);
    EXPECT_TRUE(has_error(r, 5, "groups", "unknown group ID '42'"));
    EXPECT_TRUE(has_error(r, 6, "id_default_group", "unknown default group ID '77'"));
    EXPECT_TRUE(has_error(r, 7, "groups", "invalid group name '<b>'"));
    // No group: the Customer group (PS_CUSTOMER_GROUP). Groups without a default: the first.
    // "client" is the French name of group 3; VIP is created once and found again as "vip".
    EXPECT_EQ(text_of(db, "SELECT c.email, c.id_default_group, group_concat(g.id_group) FROM "
                          "ps_customer c JOIN ps_customer_group g USING (id_customer) GROUP BY "
                          "c.id_customer ORDER BY c.id_customer"),
              "a@example.com|3|3\nb@example.com|1|1,3,4\nc@example.com|3|2,3\n"
              "g@example.com|5|4,5\n");
    EXPECT_EQ(text_of(db, "SELECT name FROM ps_group_lang WHERE id_lang = 1 AND id_group > 3"),
              "VIP\nPartners\n");
    EXPECT_EQ(r.groups_created, 2);
}

// --- 6. re-import -----------------------------------------------------------------------------

TEST(ImportReimport, ByEmailUpdatesInsteadOfDuplicating) {
    LOAD_SAMPLE(text, "customers_import.csv");
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::int64_t groups = count(db, "SELECT COUNT(*) FROM ps_group");
    // The same file with other ids (ignored when matching by e-mail) and a changed name.
    std::string changed = text;
    changed.replace(changed.find("\n1;"), 3, "\n101;");
    changed.replace(changed.find(";Pan;Peter;"), 11, ";Pan;Pierre;");
    imp::Report r = import_text(db, changed, options(imp::Entity::Customers));
    EXPECT_TRUE(r.committed) << errors_text(r);
    EXPECT_EQ(r.imported, 0);
    EXPECT_EQ(r.updated, 9);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer"), 9);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), groups);
    EXPECT_EQ(text_of(db, "SELECT id_customer, firstname FROM ps_customer WHERE lastname = 'Pan'"),
              "1|Pierre\n");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group"), 11);
}

TEST(ImportReimport, UnmappedColumnsAndEmptyCellsKeepStoredValues) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before =
        text_of(db, "SELECT passwd, birthday, newsletter, active, date_add, id_default_group FROM "
                    "ps_customer WHERE lastname = 'Hook'");
    imp::Report r = import_text(db,
                                "Email;Last Name;First Name;Password;Newsletter;Groups\n"
                                "james.hook@prestashop.com;Hook;Captain;;;\n",
                                options(imp::Entity::Customers));
    EXPECT_EQ(r.updated, 1) << errors_text(r);
    EXPECT_EQ(text_of(db, "SELECT passwd, birthday, newsletter, active, date_add, "
                          "id_default_group FROM ps_customer WHERE lastname = 'Hook'"),
              before);
    EXPECT_EQ(text_of(db, "SELECT firstname FROM ps_customer WHERE lastname = 'Hook'"),
              "Captain\n");
    EXPECT_EQ(text_of(db, "SELECT group_concat(id_group) FROM ps_customer_group WHERE "
                          "id_customer = 4"),
              "3,4\n");
}

TEST(ImportReimport, ByIdUpdatesExistingIdsAndInsertsNewOnesWithTheirId) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string text = "Customer ID;Email;Last Name;First Name;Groups\n"
                             "2;wendy@example.com;Darling;Wendy;Kids\n"
                             "500;lost.boy@example.com;Boy;Lost;\n"
                             ";nobody@example.com;Body;No;\n"
                             "500;again@example.com;Again;Dup;\n"
                             ";wendy.moira.darling@prestashop.com;Darling;Jane;\n";
    // The preview sees what the import will do, the freed e-mail of line 6 included.
    const auto rows = imp::preview(
        db, options(imp::Entity::Customers, imp::Mode::ValidRows, imp::Match::Id), text, 10);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].action, "update");
    EXPECT_EQ(rows[1].action, "insert");
    EXPECT_EQ(rows[3].action, "");
    EXPECT_EQ(rows[4].action, "insert") << rows[4].cells[1].error;
    imp::Report r = import_text(
        db, text, options(imp::Entity::Customers, imp::Mode::ValidRows, imp::Match::Id));
    EXPECT_EQ(r.updated, 1) << errors_text(r);
    EXPECT_EQ(r.imported, 3);
    EXPECT_TRUE(has_error(r, 5, "id_customer",
                          "customer ID 500 appears twice in the file (first on line 3)"));
    EXPECT_EQ(text_of(db, "SELECT email, id_default_group FROM ps_customer WHERE id_customer = 2"),
              "wendy@example.com|5\n");
    EXPECT_EQ(text_of(db, "SELECT group_concat(id_group) FROM ps_customer_group WHERE "
                          "id_customer = 2"),
              "5\n");
    EXPECT_EQ(text_of(db, "SELECT email FROM ps_customer WHERE id_customer = 500"),
              "lost.boy@example.com\n");
    EXPECT_EQ(text_of(db, "SELECT id_customer FROM ps_customer WHERE email = 'nobody@example.com'"),
              "501\n");
    // Wendy's old e-mail was free again for the last row.
    EXPECT_EQ(text_of(db, "SELECT firstname FROM ps_customer WHERE email = "
                          "'wendy.moira.darling@prestashop.com'"),
              "Jane\n");
}

// --- 7. addresses -------------------------------------------------------------------------------

namespace {
// Countries as a shop knows them: names in three languages, a zip format, one with states.
void add_countries(Database& db) {
    db.exec("INSERT INTO ps_zone(id_zone, name) VALUES (1, 'Europe'), (2, 'North America')");
    db.exec("INSERT INTO ps_country(id_country, id_zone, iso_code, zip_code_format, "
            "contains_states, need_identification_number) VALUES (8, 1, 'FR', 'NNNNN', 0, 0), "
            "(1, 1, 'DE', 'NNNNN', 0, 0), (21, 2, 'US', 'NNNNN', 1, 0), (6, 1, 'ES', 'NNNNN', 0, "
            "1)");
    db.exec("INSERT INTO ps_country_lang VALUES (8, 1, 'France'), (8, 2, 'France'), (8, 3, "
            "'Francia'), (1, 1, 'Germany'), (1, 2, 'Allemagne'), (1, 3, 'Alemania'), (21, 1, "
            "'United States'), (21, 2, 'États-Unis'), (21, 3, 'Estados Unidos'), (6, 1, 'Spain'), "
            "(6, 2, 'Espagne'), (6, 3, 'España')");
    db.exec("INSERT INTO ps_state(id_state, id_country, id_zone, name, iso_code) VALUES (5, 21, "
            "2, 'California', 'CA'), (6, 21, 2, 'New York', 'NY')");
}
const char* kAddressHeader = "Alias;Customer e-mail;Last Name;First Name;Address 1;Zipcode;City;"
                             "Country;State;Phone;DNI\n";
} // namespace

TEST(ImportAddresses, CountriesByNameInAnyLanguageOrIsoAndStatesOfTheCountry) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    add_countries(db);
    const std::string text = std::string(kAddressHeader) +
                             "Home;Peter.Pan@prestashop.com;Pan;Peter;1 rue X;75001;Paris;FR;;;\n"
                             "Work;peter.pan@prestashop.com;Pan;Peter;2 Str.;10115;Berlin;"
                             "Allemagne;;;\n"
                             "Sea;Peter.Pan@prestashop.com;Pan;Peter;Pier 3;10001;NYC;Estados "
                             "Unidos;ny;;\n"
                             "LA;Peter.Pan@prestashop.com;Pan;Peter;4 Blvd;90001;LA;united "
                             "states;California;;\n"
                             "Cal;Peter.Pan@prestashop.com;Pan;Peter;5 Blvd;90001;LA;8;;;\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Addresses));
    EXPECT_TRUE(r.committed) << errors_text(r);
    EXPECT_EQ(r.imported, 5);
    EXPECT_EQ(r.countries_created, 0);
    EXPECT_EQ(r.states_created, 0);
    EXPECT_EQ(text_of(db, "SELECT alias, id_country, COALESCE(id_state, '') FROM ps_address "
                          "ORDER BY id_address"),
              "Home|8|\nWork|1|\nSea|21|6\nLA|21|5\nCal|8|\n");
}

TEST(ImportAddresses, PostcodeStateDniAndRequiredFields) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    add_countries(db);
    db.exec("INSERT INTO ps_required_field(object_name, field_name) VALUES ('Address', 'phone')");
    const std::string text =
        std::string(kAddressHeader) +
        "A;Peter.Pan@prestashop.com;Pan;Peter;1 rue X;7500;Paris;France;;0102;\n"
        "B;Peter.Pan@prestashop.com;Pan;Peter;Pier 3;10001;NYC;US;;0102;\n"
        "C;Peter.Pan@prestashop.com;Pan;Peter;Gran Vía 1;28013;Madrid;España;;0102;\n"
        "D;Peter.Pan@prestashop.com;Pan;Peter;1 rue X;75001;Paris;France;;;\n"
        "E;nobody@example.com;Pan;Peter;1 rue X;75001;Paris;France;;0102;\n"
        "F;Peter.Pan@prestashop.com;Pan;Peter;1 rue X;75001;Paris;France;;0102;\n"
        "F;Peter.Pan@prestashop.com;P@n;Peter;1 rue X;75001;Paris;France;;0102;\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Addresses, imp::Mode::ValidRows));
    EXPECT_EQ(r.imported, 1) << errors_text(r);
    EXPECT_TRUE(has_error(r, 2, "postcode", "invalid postcode '7500' for France (expected NNNNN)"))
        << errors_text(r);
    EXPECT_TRUE(has_error(r, 3, "state", "a state is required for an address in United States"));
    EXPECT_TRUE(
        has_error(r, 4, "dni", "identification number is required for an address in Spain"));
    EXPECT_TRUE(has_error(r, 5, "phone", "phone number is required"));
    EXPECT_TRUE(
        has_error(r, 6, "customer_email", "no customer with e-mail address 'nobody@example.com'"));
    EXPECT_TRUE(has_error(
        r, 8, "alias", "alias 'F' is used twice for this customer in the file (first on line 7)"));
    EXPECT_TRUE(has_error(r, 8, "lastname", "invalid last name 'P@n'"));
}

TEST(ImportAddresses, ReimportMatchesByCustomerAndAliasOrById) {
    LOAD_SAMPLE(text, "addresses_import.csv");
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    ASSERT_EQ(import_text(db, text, options(imp::Entity::Addresses)).imported, 11);
    const std::int64_t countries = count(db, "SELECT COUNT(*) FROM ps_country");
    std::string changed = text;
    changed.replace(changed.find("Lansdowne road 50 London"), 24, "Lansdowne road 52 London");
    imp::Report r = import_text(db, changed, options(imp::Entity::Addresses));
    EXPECT_EQ(r.imported, 0) << errors_text(r);
    EXPECT_EQ(r.updated, 11);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_address"), 11);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_country"), countries);
    EXPECT_EQ(text_of(db, "SELECT id_address, address1 FROM ps_address WHERE alias LIKE "
                          "'%London'"),
              "3|Lansdowne road 52 London\n");

    // By id: address 3 is moved to another customer; id 40 is new.
    r = import_text(db,
                    "Address ID;Alias;Customer e-mail;Last Name;First Name;Address 1;City;"
                    "Country\n"
                    "3;Office;Bob.Smee@prestashop.com;Smee;Bob;1 Dock;Savusavu;Fiji\n"
                    "40;Boat;Bob.Smee@prestashop.com;Smee;Bob;Jolly Roger;Savusavu;Fiji\n",
                    options(imp::Entity::Addresses, imp::Mode::AllOrNothing, imp::Match::Id));
    EXPECT_EQ(r.updated, 1) << errors_text(r);
    EXPECT_EQ(r.imported, 1);
    EXPECT_EQ(text_of(db, "SELECT a.id_address, a.alias, c.lastname, a.postcode IS NULL FROM "
                          "ps_address a JOIN ps_customer c USING (id_customer) WHERE id_address "
                          "IN (3, 40)"),
              "3|Office|Smee|0\n40|Boat|Smee|1\n");
}

// Exported addresses re-import as they are: formula-neutralised cells ("'+33 ...") read back
// as the values they were, and every row updates itself.
TEST(ImportAddresses, AnAddressesExportReimportsUnchanged) {
    Store store(":memory:");
    Database& db = store.db();
    DemoOptions demo;
    demo.customers = 40;
    demo.today = "2026-11-23";
    generate_demo(db, demo);
    db.exec("UPDATE ps_address SET phone = '+33 1 23 45 67 89' WHERE id_address = "
            "(SELECT MIN(id_address) FROM ps_address WHERE id_customer > 0)");
    AddressesExportJob job(db);
    run_to_completion(job);
    ASSERT_NE(job.output().find("'+33 1 23 45 67 89"), std::string::npos);
    const char* content = "SELECT id_address, id_customer, alias, company, lastname, firstname, "
                          "address1, address2, postcode, city, id_country, id_state, other, "
                          "phone, phone_mobile, vat_number, dni, active FROM ps_address "
                          "ORDER BY id_address";
    const std::string before = text_of(db, content);
    const std::int64_t addresses =
        count(db, "SELECT COUNT(*) FROM ps_address WHERE deleted = 0 AND id_customer > 0");
    imp::Report r = import_text(
        db, job.output(), options(imp::Entity::Addresses, imp::Mode::AllOrNothing, imp::Match::Id));
    EXPECT_TRUE(r.errors.empty()) << errors_text(r);
    EXPECT_EQ(r.updated, addresses);
    EXPECT_EQ(r.imported, 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_address WHERE phone = '+33 1 23 45 67 89'"), 1);
    EXPECT_EQ(text_of(db, content), before);
}

// --- 8. the job --------------------------------------------------------------------------------

TEST(ImportJob, CancelRollsBackToExactlyTheDatabaseBefore) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before = dump(db);
    for (bool bulk : {false, true}) {
        imp::Options o = options(imp::Entity::Customers);
        o.bulk = bulk;
        imp::ImportJob job(db, imp::make_sample_customers_csv(3000, 5), o);
        ASSERT_FALSE(job.step(std::chrono::milliseconds(2)));
        ASSERT_FALSE(job.step(std::chrono::milliseconds(2)));
        EXPECT_GT(job.progress(), 0.0);
        EXPECT_LT(job.progress(), 1.0);
        EXPECT_TRUE(db.in_transaction());
        job.cancel();
        EXPECT_TRUE(job.cancelled());
        EXPECT_FALSE(job.report().committed);
        EXPECT_FALSE(db.in_transaction());
        EXPECT_EQ(dump(db), before) << "bulk " << bulk;
    }
    {
        // Destroying an unfinished job rolls back too.
        imp::ImportJob job(db, imp::make_sample_customers_csv(3000, 6),
                           options(imp::Entity::Customers));
        job.step(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(dump(db), before);
}

TEST(ImportJob, AFailureRollsBack) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before = dump(db);
    // A database failure in the middle of the file (a trigger refuses one row) fails the job.
    imp::Options o = options(imp::Entity::Customers, imp::Mode::ValidRows, imp::Match::Id);
    db.exec("CREATE TRIGGER test_fail BEFORE INSERT ON ps_customer WHEN NEW.lastname = 'Boom' "
            "BEGIN SELECT RAISE(ABORT, 'boom'); END");
    const std::string with_trigger = dump(db);
    imp::ImportJob job(db,
                       "Email;Last Name;First Name\n"
                       "ok@example.com;Fine;Row\n"
                       "boom@example.com;Boom;Row\n",
                       o);
    run_to_completion(job);
    EXPECT_NE(job.error().find("boom"), std::string::npos) << job.error();
    EXPECT_FALSE(job.report().committed);
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(dump(db), with_trigger);
    db.exec("DROP TRIGGER test_fail");
    EXPECT_EQ(dump(db), before);
}

TEST(ImportJob, StepsAreTimeBoxedAndProgressGrows) {
    Store store(":memory:");
    Database& db = store.db();
    imp::Options o = options(imp::Entity::Customers);
    o.bulk = false; // the bulk path's closing steps: see the next test
    const std::string text = imp::make_sample_customers_csv(6000, 3); // not undoable: no audit
    imp::ImportJob job(db, text, o);
    // A spent budget ends the step after the row in hand (a step always does one row): the
    // step's length follows its budget, whatever the machine's speed (no timing measured).
    double previous = 0;
    for (std::int64_t i = 1; i <= 50; ++i) {
        ASSERT_FALSE(job.step(std::chrono::milliseconds(0)));
        EXPECT_EQ(job.report().imported, i);
        EXPECT_GT(job.progress(), previous);
        previous = job.progress();
    }
    // A generous budget takes many rows per step, and the job ends.
    int steps = 0;
    while (!job.step(std::chrono::milliseconds(50)))
        ++steps;
    EXPECT_LT(steps, 6000 - 50);
    EXPECT_TRUE(job.error().empty()) << job.error();
    EXPECT_EQ(job.report().imported, 6000);
    EXPECT_EQ(job.progress(), 1.0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_stats"), 6000);
}

TEST(ImportJob, ABulkImportClosesAPartPerStepAndCancelsCleanlyMeanwhile) {
    const std::string indexes = i18n::tr("job.bulk_indexes"),
                      derived = i18n::tr("job.bulk_derived");
    auto has = [](const std::string& title, const std::string& part) {
        return title.find(part) != std::string::npos;
    };
    for (bool cancel : {false, true}) {
        Store store(":memory:");
        Database& db = store.db();
        import_sample_customers(db);
        const std::string before = dump(db);
        // The indexes of the tables that take the rows are dropped, and only those.
        const char* dropped = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND sql IS "
                              "NOT NULL AND tbl_name IN ('ps_customer', 'ps_customer_group')";
        const char* kept = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND sql IS "
                           "NOT NULL AND tbl_name NOT IN ('ps_customer', 'ps_customer_group')";
        const std::int64_t ps_indexes = count(db, dropped), others = count(db, kept);
        imp::ImportJob job(db, imp::make_sample_customers_csv(6000, 9),
                           options(imp::Entity::Customers));
        // With no time at all, a step reads one row, builds one index, or recomputes the
        // figures of one range of customers: the length of a step follows its budget (no timing
        // measured), and the stage is in the job's title.
        int index_steps = 0, derived_steps = 0;
        std::int64_t last_done = -1;
        while (!job.step(std::chrono::milliseconds(0))) {
            const std::string title = job.title();
            EXPECT_LE(job.done(), job.total());
            if (has(title, indexes)) {
                if (++index_steps == 1) {
                    EXPECT_EQ(count(db, dropped), 0);
                    EXPECT_EQ(count(db, kept), others);
                }
                EXPECT_EQ(job.total(), ps_indexes);
            } else if (has(title, derived)) {
                ++derived_steps;
                EXPECT_EQ(job.total(), 6009);
                EXPECT_GT(job.done(), last_done);
                last_done = job.done();
                if (cancel && derived_steps == 5)
                    break;
            }
        }
        // One step per index, after the step that read the last row (which only starts the
        // closing work).
        EXPECT_EQ(index_steps, ps_indexes + 1);
        if (cancel) {
            EXPECT_TRUE(db.in_transaction());
            job.cancel();
            EXPECT_FALSE(db.in_transaction());
            EXPECT_EQ(dump(db), before);
            continue;
        }
        EXPECT_GT(derived_steps, 10);
        EXPECT_TRUE(job.report().committed);
        EXPECT_TRUE(job.report().bulk);
        EXPECT_EQ(job.report().imported, 6000);
        EXPECT_EQ(job.progress(), 1.0);
        EXPECT_EQ(count(db, "SELECT bulk_load FROM cl_state"), 0);
        // The figures and the search index recomputed range by range are those of one pass.
        const char* stats_sql = "SELECT * FROM cl_customer_stats ORDER BY 1";
        const std::string ranged = text_of(db, stats_sql) + search_index_text(db);
        EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_fts WHERE cl_customer_fts MATCH "
                            "'lily'"),
                  1);
        Transaction tx(db);
        empty_search_index(db);
        rebuild_derived(db, std::numeric_limits<std::int64_t>::min(),
                        std::numeric_limits<std::int64_t>::max());
        EXPECT_EQ(ranged, text_of(db, stats_sql) + search_index_text(db));
    }
}

TEST(ImportJob, PasswordRowsWaitForTheNextStepWhenTheBudgetIsShort) {
    Store store(":memory:");
    Database& db = store.db();
    std::string text = "Email;Password;Last Name;First Name\n";
    for (int i = 0; i < 6; ++i)
        text += "p" + std::to_string(i) + "@example.com;passw0rd" + std::to_string(i) + ";P;Q\n";
    imp::Options o = options(imp::Entity::Customers);
    o.password_cost = 8; // ~15 ms per hash
    imp::ImportJob job(db, text, o);
    int steps = 0;
    while (!job.step(std::chrono::milliseconds(1)))
        ++steps;
    EXPECT_EQ(job.report().imported, 6);
    EXPECT_GE(steps, 5); // one hash per step once its cost is known
}

// --- 9. undo, bulk, generator, encodings ---------------------------------------------------------

TEST(ImportUndo, ASmallImportIsOneUndoableBatch) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string empty = dump(db, false);
    import_sample_customers(db);
    // Redo cannot bring hashes back (they never enter the audit log), so compare without them.
    auto imported_rows = [&] {
        std::string out;
        for (const char* sql :
             {"SELECT * FROM ps_group NATURAL JOIN ps_group_lang ORDER BY 1, 6",
              "SELECT id_customer, firstname, lastname, email, birthday, "
              "id_default_group, secure_key, date_add FROM ps_customer ORDER BY 1",
              "SELECT * FROM ps_customer_group ORDER BY 1, 2",
              "SELECT * FROM cl_customer_stats ORDER BY 1"})
            out += text_of(db, sql);
        return out;
    };
    const std::string imported = imported_rows();
    ASSERT_TRUE(audit::can_undo(db));
    auto summary = audit::undo(db);
    ASSERT_TRUE(summary);
    EXPECT_EQ(*summary, "import of customers: 9 new, 0 updated");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_group"), 3);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_stats"), 0);
    EXPECT_EQ(dump(db, false), empty);
    ASSERT_TRUE(audit::redo(db));
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer"), 9);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group"), 11);
    EXPECT_EQ(imported_rows(), imported);
}

TEST(ImportUndo, AnUpdateImportUndoesToThePreviousValues) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    const std::string before = text_of(db, "SELECT * FROM ps_customer ORDER BY 1") +
                               text_of(db, "SELECT * FROM ps_customer_group ORDER BY 1, 2");
    imp::Report r = import_text(db,
                                "Email;Last Name;First Name;Groups\n"
                                "tiger.lily@prestashop.com;Lily;Tigress;Kids\n",
                                options(imp::Entity::Customers));
    ASSERT_EQ(r.updated, 1);
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(text_of(db, "SELECT * FROM ps_customer ORDER BY 1") +
                  text_of(db, "SELECT * FROM ps_customer_group ORDER BY 1, 2"),
              before);
}

TEST(ImportBulk, BigFilesAreBulkLoadedWithIndexesAndDerivedTablesRebuilt) {
    Store store(":memory:");
    Database& db = store.db();
    import_sample_customers(db);
    // The indexes and the triggers that stand aside are dropped while loading, then put back.
    const char* schema = "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', "
                         "'trigger') ORDER BY type, name";
    const std::string indexes_and_triggers = text_of(db, schema);
    imp::Report r =
        import_text(db, imp::make_sample_customers_csv(6000, 9), options(imp::Entity::Customers));
    EXPECT_TRUE(r.bulk);
    EXPECT_FALSE(r.undoable);
    EXPECT_EQ(r.imported, 6000) << errors_text(r);
    EXPECT_EQ(text_of(db, schema), indexes_and_triggers);
    EXPECT_EQ(count(db, "SELECT bulk_load FROM cl_state"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_stats"), 6009);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_fts"), 6009);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_group"), 6000 + 11);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE passwd = '' AND length(secure_key) "
                        "= 32"),
              6000);
    // Too big to undo: one marker entry, and undo does not reach the batches before it.
    EXPECT_EQ(text_of(db, "SELECT summary FROM cl_audit ORDER BY id DESC LIMIT 1"),
              "import of customers: 6000 new, 0 updated (too many rows to undo)\n");
    ASSERT_TRUE(audit::undo(db));
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer"), 6009);
    // The triggers work again: a customer added now has its figures and is found.
    db.exec("INSERT INTO ps_customer(firstname, lastname, email, date_add, date_upd) VALUES "
            "('Zoé', 'Après', 'zoe.apres@example.com', '2026-01-01', '2026-01-01')");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_stats"), 6010);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_customer_fts WHERE cl_customer_fts MATCH 'apres'"),
              1);
}

TEST(ImportGenerator, DeterministicValidAndUnique) {
    const std::string a = imp::make_sample_customers_csv(500, 1);
    EXPECT_EQ(a, imp::make_sample_customers_csv(500, 1));
    EXPECT_NE(a, imp::make_sample_customers_csv(500, 2));
    imp::Table t = imp::inspect(a);
    EXPECT_EQ(t.rows_estimate, 500);
    EXPECT_EQ(imp::auto_map(imp::Entity::Customers, t.headers).size(), 13u);
    Store store(":memory:");
    imp::Report r = import_text(store.db(), a, options(imp::Entity::Customers));
    EXPECT_EQ(r.imported, 500) << errors_text(r);
    EXPECT_EQ(count(store.db(), "SELECT COUNT(DISTINCT lower(email)) FROM ps_customer"), 500);
}

TEST(ImportEncoding, Windows1252AndUtf16FilesImportWithTheirAccents) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string cp1252 = "E-mail;Nom;Pr\xE9nom\r\n"
                               "h.lefevre@example.fr;Lef\xE8vre;H\xE9l\xE8ne\r\n";
    imp::Options o = options(imp::Entity::Customers);
    imp::Report r = import_text(db, cp1252, o);
    EXPECT_EQ(r.imported, 1) << errors_text(r);
    std::string le = "\xFF\xFE";
    for (char c : std::string("E-mail,Nom,Prenom\n")) {
        le += c;
        le += '\0';
    }
    for (char16_t c : std::u16string(u"z@example.es,Núñez,Begoña\n")) {
        le += static_cast<char>(c & 0xFF);
        le += static_cast<char>(c >> 8);
    }
    r = import_text(db, le, o);
    EXPECT_EQ(r.imported, 1) << errors_text(r);
    EXPECT_EQ(text_of(db, "SELECT firstname, lastname FROM ps_customer ORDER BY 1"),
              "Begoña|Núñez\nHélène|Lefèvre\n");
}

TEST(ImportEncoding, AnUnterminatedQuoteInTheMiddleIsAnErrorAtItsLine) {
    Store store(":memory:");
    Database& db = store.db();
    const std::string text = "Email;Last Name;First Name\n"
                             "a@example.com;A;Ann\n"
                             "b@example.com;\"B;Bob\n"
                             "c@example.com;C;Cid\n";
    imp::Report r = import_text(db, text, options(imp::Entity::Customers, imp::Mode::ValidRows));
    EXPECT_EQ(r.imported, 1);
    EXPECT_TRUE(has_error(r, 3, "", "a quoted field opened on line 3 is never closed"))
        << errors_text(r);
    r = import_text(db, text, options(imp::Entity::Customers));
    EXPECT_FALSE(r.committed);
}

// --- 10. benchmark (disabled)
// --------------------------------------------------------------------- Run with
// --gtest_also_run_disabled_tests --gtest_filter='*Million*'. Prints rows/s.

TEST(ImportBenchmark, DISABLED_MillionCustomersWithoutPasswords) {
    const std::int64_t rows = 1000000;
    const std::string text = imp::make_sample_customers_csv(rows, 42);
    Store store(":memory:");
    imp::Options o = options(imp::Entity::Customers);
    using Clock = std::chrono::steady_clock;
    // Wall time and this process's CPU time (the latter does not depend on other load).
    const auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    imp::ImportJob job(store.db(), text, o);
    double last_step = 0, last_cpu = 0;
    for (;;) {
        const auto t = Clock::now();
        const std::clock_t c = std::clock();
        const bool done = job.step(std::chrono::milliseconds(100));
        last_step = std::chrono::duration<double>(Clock::now() - t).count();
        last_cpu = static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC;
        if (done)
            break;
    }
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    EXPECT_TRUE(job.error().empty()) << job.error();
    EXPECT_EQ(job.report().imported, rows);
    std::printf("imported %lld customers (%.1f MB)\n"
                "  wall %.2f s: rows %.2f s, last step (indexes, derived tables) %.2f s -> %.0f "
                "customers/s (rows alone %.0f/s)\n"
                "  cpu  %.2f s: rows %.2f s, last step %.2f s -> %.0f customers/s (rows alone "
                "%.0f/s)\n",
                static_cast<long long>(job.report().imported),
                static_cast<double>(text.size()) / 1e6, s, s - last_step, last_step,
                static_cast<double>(rows) / s, static_cast<double>(rows) / (s - last_step), cpu,
                cpu - last_cpu, last_cpu, static_cast<double>(rows) / cpu,
                static_cast<double>(rows) / (cpu - last_cpu));
}
