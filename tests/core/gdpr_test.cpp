// GDPR export and erase on a demo shop: every section with the counts SQL gives, no secret
// column, a CSV that reads back, an erase that leaves no personal data anywhere (nor in the
// audit log, nor through undo) while the orders stay on the anonymous customer, and a
// request log that holds no personal data.
//
// Sections: 1. the shop  2. export  3. erase  4. the shared account removal
#include "core/audit.h"
#include "core/customer_query.h"
#include "core/customers.h"
#include "core/demo.h"
#include "core/gdpr.h"
#include "core/schema.h"
#include "core/store.h"

#include "csv_read_for_tests.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace clientele::core;
using clientele::tests::read_csv;

namespace {

// --- 1. the shop --------------------------------------------------------------------------------

const char* const kFormula = "=HYPERLINK(\"http://evil.example\",\"click\")";

std::int64_t count(Database& db, const std::string& sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step() ? st.int64(0) : 0;
}

std::string text(Database& db, const std::string& sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step() ? st.text(0) : std::string();
}

// A demo shop and one of its customers who has orders, addresses, carts, messages, vouchers
// and visits, plus what the demo does not make: a credit slip, a voucher used on an order, a
// prepared e-mail, a block on their e-mail, a message written as a formula and audit entries.
struct Shop {
    Store store{":memory:"};
    Database& db = store.db();
    std::int64_t id = 0;
    std::string email, firstname, lastname, secure_key;

    Shop() {
        DemoOptions o;
        o.customers = 300;
        o.seed = 42;
        o.today = "2026-11-23";
        generate_demo(db, o);
        id = db.scalar_int(
            "SELECT c.id_customer FROM ps_customer c WHERE "
            "EXISTS (SELECT 1 FROM ps_orders x WHERE x.id_customer = c.id_customer) AND "
            "EXISTS (SELECT 1 FROM ps_address x WHERE x.id_customer = c.id_customer) AND "
            "EXISTS (SELECT 1 FROM ps_cart x WHERE x.id_customer = c.id_customer) AND "
            "EXISTS (SELECT 1 FROM ps_customer_thread x WHERE x.id_customer = c.id_customer) AND "
            "EXISTS (SELECT 1 FROM ps_cart_rule x WHERE x.id_customer = c.id_customer) AND "
            "EXISTS (SELECT 1 FROM ps_guest x WHERE x.id_customer = c.id_customer) "
            "ORDER BY (SELECT COUNT(*) FROM ps_orders x WHERE x.id_customer = c.id_customer) "
            "DESC, c.id_customer LIMIT 1");
        Statement c = db.prepare("SELECT email, firstname, lastname, secure_key FROM ps_customer "
                                 "WHERE id_customer = ?1");
        c.bind(1, id);
        if (c.step()) {
            email = c.text(0);
            firstname = c.text(1);
            lastname = c.text(2);
            secure_key = c.text(3);
        }
        const std::int64_t order =
            count(db, "SELECT MIN(id_order) FROM ps_orders WHERE id_customer = ?1", id);
        db.prepare("INSERT INTO ps_order_slip(id_customer, id_order, amount, date_add, date_upd) "
                   "VALUES (?1, ?2, 12.5, '2026-01-02 10:00:00', '2026-01-02 10:00:00')")
            .bind_all(id, order)
            .run();
        db.prepare("INSERT INTO ps_cart_rule(id_customer, date_from, date_to, code, "
                   "reduction_amount, date_add, date_upd) VALUES (?1, '2026-01-01', "
                   "'2026-12-31', 'USED10', 10, '2026-01-01', '2026-01-01')")
            .bind_all(id)
            .run();
        db.prepare("INSERT INTO ps_order_cart_rule(id_order, id_cart_rule, name, value) VALUES "
                   "(?1, ?2, 'Ten off', 10)")
            .bind_all(order, db.last_insert_id())
            .run();
        db.prepare("INSERT INTO cl_outbox(id_customer, email, subject, body, kind, date_add) "
                   "VALUES (?1, ?2, 'Your cart', 'Hello', 'cart_reminder', '2026-11-20')")
            .bind_all(id, email)
            .run();
        db.prepare("INSERT INTO cl_blocked_email(email, date_add) VALUES (?1, '2025-01-01')")
            .bind_all(email)
            .run();
        db.prepare("INSERT INTO ps_customer_message(id_customer_thread, message, ip_address, "
                   "date_add, date_upd) VALUES ((SELECT MIN(id_customer_thread) FROM "
                   "ps_customer_thread WHERE id_customer = ?1), ?2, '10.1.2.3', "
                   "'2026-11-01 09:00:00', '2026-11-01 09:00:00')")
            .bind_all(id, kFormula)
            .run();
        set_note(db, id, "Prefers to be called in the morning");
        set_flag(db, {id}, Flag::Optin, true);
    }

    // What SQL says each section must hold.
    std::map<std::string, std::int64_t> expected() {
        const std::map<std::string, std::string> sql = {
            {"groups", "SELECT COUNT(*) FROM ps_customer_group WHERE id_customer = ?1"},
            {"addresses", "SELECT COUNT(*) FROM ps_address WHERE id_customer = ?1"},
            {"orders", "SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1"},
            {"order_lines", "SELECT COUNT(*) FROM ps_order_detail d JOIN ps_orders o USING "
                            "(id_order) WHERE o.id_customer = ?1"},
            {"order_history", "SELECT COUNT(*) FROM ps_order_history h JOIN ps_orders o USING "
                              "(id_order) WHERE o.id_customer = ?1"},
            {"order_discounts", "SELECT COUNT(*) FROM ps_order_cart_rule r JOIN ps_orders o "
                                "USING (id_order) WHERE o.id_customer = ?1"},
            {"carts", "SELECT COUNT(*) FROM ps_cart WHERE id_customer = ?1"},
            {"cart_lines", "SELECT COUNT(*) FROM ps_cart_product p JOIN ps_cart c USING "
                           "(id_cart) WHERE c.id_customer = ?1"},
            {"threads", "SELECT COUNT(*) FROM ps_customer_thread WHERE id_customer = ?1"},
            {"messages", "SELECT COUNT(*) FROM ps_customer_message m JOIN ps_customer_thread t "
                         "USING (id_customer_thread) WHERE t.id_customer = ?1"},
            {"connections", "SELECT COUNT(*) FROM ps_connections n JOIN ps_guest g USING "
                            "(id_guest) WHERE g.id_customer = ?1"},
            {"vouchers", "SELECT COUNT(*) FROM ps_cart_rule WHERE id_customer = ?1"},
            {"returns", "SELECT COUNT(*) FROM ps_order_return WHERE id_customer = ?1"},
            {"return_lines", "SELECT COUNT(*) FROM ps_order_return_detail d JOIN "
                             "ps_order_return r USING (id_order_return) WHERE r.id_customer = ?1"},
            {"credit_slips", "SELECT COUNT(*) FROM ps_order_slip WHERE id_customer = ?1"},
            {"outbox", "SELECT COUNT(*) FROM cl_outbox WHERE id_customer = ?1"},
            {"activity", "SELECT COUNT(*) FROM cl_audit WHERE entity_id = ?1"},
        };
        std::map<std::string, std::int64_t> out;
        for (const auto& [name, q] : sql)
            out[name] = count(db, q, id);
        return out;
    }

    // Rows anywhere in the database (every table the app owns, every column) that contain
    // `needle`, case-insensitively, as "table.column" -> rows.
    std::map<std::string, std::int64_t> occurrences(const std::string& needle) {
        std::map<std::string, std::int64_t> found;
        for (const char* table : schema_tables()) {
            std::vector<std::string> columns;
            Statement cols = db.prepare("SELECT name FROM pragma_table_info(?1)");
            cols.bind(1, table);
            while (cols.step())
                columns.push_back(cols.text(0));
            for (const std::string& c : columns) {
                Statement st =
                    db.prepare(std::string("SELECT COUNT(*) FROM ") + table +
                               " WHERE instr(lower(CAST(\"" + c + "\" AS TEXT)), lower(?1)) > 0");
                st.bind(1, needle);
                if (st.step() && st.int64(0) > 0)
                    found[std::string(table) + "." + c] = st.int64(0);
            }
        }
        return found;
    }
};

// Sections of the GDPR CSV: title (without the count) -> {header, rows}.
struct CsvSection {
    std::string title;
    std::size_t declared = 0; // the count in the title
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

std::vector<CsvSection> csv_sections(const clientele::tests::CsvRows& rows) {
    std::vector<CsvSection> out;
    std::size_t i = 0;
    while (i < rows.size()) {
        if (!(rows[i].size() == 1 && rows[i][0].empty())) {
            ++i;
            continue;
        }
        ++i; // the empty line
        if (i + 1 >= rows.size())
            break;
        CsvSection s;
        const std::string& t = rows[i][0];
        const auto open = t.rfind(" (");
        s.title = t.substr(0, open);
        s.declared = static_cast<std::size_t>(std::stoul(t.substr(open + 2)));
        s.header = rows[i + 1];
        i += 2;
        while (i < rows.size() && !(rows[i].size() == 1 && rows[i][0].empty()))
            s.rows.push_back(rows[i++]);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

// --- 2. export
// ------------------------------------------------------------------------------------

TEST(Gdpr, ExportJsonHasEverySectionWithTheCountsSqlGives) {
    Shop shop;
    ASSERT_GT(shop.id, 0) << "the demo has no customer with every kind of data";
    Database& db = shop.db;
    const auto expected = shop.expected();
    // The shop really holds a hash and the customer really has data everywhere, so the
    // checks below can fail.
    ASSERT_GT(db.scalar_int("SELECT COUNT(*) FROM ps_customer WHERE passwd LIKE '$2y$%'"), 0);
    for (const char* must : {"orders", "order_lines", "order_history", "addresses", "carts",
                             "cart_lines", "threads", "messages", "connections", "vouchers",
                             "credit_slips", "outbox", "activity", "order_discounts"})
        ASSERT_GT(expected.at(must), 0) << must;

    std::vector<std::string> names;
    for (const GdprSection& s : gdpr_collect(db, shop.id).sections)
        names.push_back(s.name);
    EXPECT_EQ(names, gdpr_section_names());
    EXPECT_TRUE(gdpr_requests(db).empty()) << "collecting alone is not a request";

    nlohmann::json j = gdpr_export_json(db, shop.id);
    EXPECT_EQ(j["id_customer"], shop.id);
    EXPECT_EQ(j["generated"].get<std::string>().size(), 19u);
    for (const std::string& name : gdpr_section_names())
        EXPECT_TRUE(j.contains(name)) << name;
    for (const auto& [name, n] : expected)
        EXPECT_EQ(j[name].size(), static_cast<std::size_t>(n)) << name;

    const nlohmann::json& c = j["customer"];
    EXPECT_EQ(c["email"], shop.email);
    EXPECT_EQ(c["firstname"], shop.firstname);
    EXPECT_EQ(c["id_customer"], shop.id);
    EXPECT_EQ(c["note"], "Prefers to be called in the morning");
    EXPECT_EQ(c["email_blocked"], 1);
    for (const char* secret : {"passwd", "secure_key", "reset_password_token"})
        EXPECT_FALSE(c.contains(secret)) << secret;
    // Every other ps_customer column is there.
    Statement cols = db.prepare("SELECT name FROM pragma_table_info('ps_customer')");
    int columns = 0;
    while (cols.step()) {
        const std::string col = cols.text(0);
        if (col != "passwd" && col != "secure_key" && col != "reset_password_token") {
            EXPECT_TRUE(c.contains(col)) << col;
            ++columns;
        }
    }
    EXPECT_GE(columns, 30);
    EXPECT_EQ(j["consents"]["partner_offers"], 1);
    EXPECT_TRUE(j["consents"].contains("newsletter_date_add"));
    EXPECT_TRUE(j["consents"].contains("ip_registration_newsletter"));
    EXPECT_EQ(j["orders"][0]["reference"],
              text(db,
                   "SELECT reference FROM ps_orders WHERE id_customer = ?1 ORDER BY date_add, "
                   "id_order LIMIT 1",
                   shop.id));
    EXPECT_FALSE(j["orders"][0].contains("secure_key"));
    EXPECT_FALSE(j["threads"][0].contains("token"));

    const std::string dump = j.dump();
    EXPECT_EQ(dump.find("$2y$"), std::string::npos);
    EXPECT_EQ(dump.find(shop.secure_key), std::string::npos);
    bool formula_kept = false; // JSON is not a spreadsheet: the text stays as it is
    for (const auto& m : j["messages"])
        formula_kept = formula_kept || m["message"] == kFormula;
    EXPECT_TRUE(formula_kept);

    // Logged without personal data.
    auto log = gdpr_requests(db);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].request_type, "export");
    EXPECT_EQ(log[0].reference, "customer #" + std::to_string(shop.id));
    EXPECT_EQ(log[0].counts["orders"], expected.at("orders"));
    EXPECT_EQ(log[0].counts["messages"], expected.at("messages"));
}

TEST(Gdpr, ExportCsvReadsBackWithTheSameCountsAndNeutralisedFormulas) {
    Shop shop;
    ASSERT_GT(shop.id, 0);
    const GdprData data = gdpr_collect(shop.db, shop.id);
    const auto expected = shop.expected();
    for (const csv::Format& f : {csv::Format{}, csv::excel()}) {
        const std::string out = gdpr_csv(data, f);
        bool bom = false;
        const auto rows = read_csv(out, f.delimiter, &bom);
        EXPECT_EQ(bom, f.bom);
        ASSERT_GE(rows.size(), 3u);
        EXPECT_EQ(rows[0][0], "Personal data export");
        EXPECT_EQ(rows[1], (std::vector<std::string>{"Customer ID", std::to_string(shop.id)}));
        EXPECT_EQ(rows[2][0], "Generated");
        EXPECT_EQ(out.find("$2y$"), std::string::npos);
        EXPECT_EQ(out.find(shop.secure_key), std::string::npos);

        const auto sections = csv_sections(rows);
        ASSERT_EQ(sections.size(), data.sections.size());
        for (std::size_t i = 0; i < sections.size(); ++i) {
            const GdprSection& s = data.sections[i];
            const CsvSection& r = sections[i];
            EXPECT_EQ(r.title, s.title);
            if (s.single) {
                EXPECT_EQ(r.header, (std::vector<std::string>{"Field", "Value"}));
                EXPECT_EQ(r.rows.size(), s.columns.size()) << s.name;
            } else {
                EXPECT_EQ(r.header, s.columns) << s.name;
                EXPECT_EQ(r.rows.size(), s.rows.size()) << s.name;
                EXPECT_EQ(r.declared, s.rows.size()) << s.name;
                auto it = expected.find(s.name);
                if (it != expected.end())
                    EXPECT_EQ(r.rows.size(), static_cast<std::size_t>(it->second)) << s.name;
                for (const auto& row : r.rows)
                    EXPECT_EQ(row.size(), s.columns.size()) << s.name;
            }
        }
        // The account reads as field/value pairs; the formula message is neutralised.
        std::map<std::string, std::string> account;
        for (const auto& row : sections[0].rows)
            account[row[0]] = row[1];
        EXPECT_EQ(account["email"], shop.email);
        EXPECT_EQ(account.count("passwd"), 0u);
        bool neutralised = false;
        for (const CsvSection& s : sections)
            for (const auto& row : s.rows)
                for (const std::string& cell : row) {
                    EXPECT_NE(cell.rfind('=', 0), 0u) << cell;
                    neutralised = neutralised || cell == std::string("'") + kFormula;
                }
        EXPECT_TRUE(neutralised);
    }
}

TEST(Gdpr, UnknownCustomerIsRefusedAndNotLogged) {
    Store store(":memory:");
    EXPECT_THROW(gdpr_export_json(store.db(), 4242), UnknownCustomer);
    EXPECT_THROW(gdpr_export_csv(store.db(), 4242), UnknownCustomer);
    EXPECT_THROW(gdpr_erase(store.db(), 4242), UnknownCustomer);
    EXPECT_TRUE(gdpr_requests(store.db()).empty());
    try {
        gdpr_collect(store.db(), 4242);
    } catch (const std::exception& e) {
        EXPECT_STREQ(e.what(), "no customer with id 4242");
    }
}

// --- 3. erase
// -------------------------------------------------------------------------------------

TEST(Gdpr, EraseRemovesPersonalDataKeepsOrdersOnTheAnonymousCustomer) {
    Shop shop;
    ASSERT_GT(shop.id, 0);
    Database& db = shop.db;
    const std::int64_t id = shop.id;
    const auto before = shop.expected();
    ASSERT_FALSE(shop.occurrences(shop.email).empty());
    std::vector<std::int64_t> orders;
    Statement o = db.prepare("SELECT id_order FROM ps_orders WHERE id_customer = ?1");
    o.bind(1, id);
    while (o.step())
        orders.push_back(o.int64(0));
    const std::int64_t unused_vouchers =
        count(db,
              "SELECT COUNT(*) FROM ps_cart_rule WHERE id_customer = ?1 AND id_cart_rule NOT IN "
              "(SELECT id_cart_rule FROM ps_order_cart_rule)",
              id);
    CustomerQuery search;
    search.search = shop.email;
    ASSERT_EQ(query_customers(db, search).total, 1);
    const std::int64_t live = count_customers(db, CustomerQuery{});

    GdprErasure r = gdpr_erase(db, id);

    // What it says it did.
    EXPECT_EQ(r.count("customer"), 1);
    EXPECT_EQ(r.count("addresses"), before.at("addresses"));
    EXPECT_EQ(r.count("orders"), before.at("orders"));
    EXPECT_EQ(r.count("threads"), before.at("threads"));
    EXPECT_EQ(r.count("messages"), before.at("messages"));
    EXPECT_EQ(r.count("connections"), before.at("connections"));
    EXPECT_EQ(r.count("credit_slips"), before.at("credit_slips"));
    EXPECT_EQ(r.count("vouchers"), unused_vouchers);
    EXPECT_EQ(r.count("vouchers_on_orders"), 1);
    EXPECT_EQ(r.count("outbox"), 1);
    EXPECT_EQ(r.count("blocked_emails"), 1);
    EXPECT_EQ(r.count("audit_entries"), before.at("activity"));

    // The account and its personal data are gone.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE id_customer = ?1", id), 0);
    EXPECT_FALSE(load_customer_input(db, id));
    for (const char* table :
         {"ps_address", "ps_cart_rule", "ps_customer_thread", "ps_guest", "ps_customer_group",
          "ps_cart", "ps_order_return", "ps_order_slip", "cl_outbox", "cl_customer_stats"})
        EXPECT_EQ(
            count(db, std::string("SELECT COUNT(*) FROM ") + table + " WHERE id_customer = ?1", id),
            0)
            << table;
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_audit WHERE entity_id = ?1", id), 0);
    EXPECT_EQ(shop.occurrences(shop.email), (std::map<std::string, std::int64_t>{}));
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);

    // Orders stay, on the anonymous customer, with their lines.
    for (std::int64_t order : orders) {
        EXPECT_EQ(count(db, "SELECT id_customer FROM ps_orders WHERE id_order = ?1", order),
                  r.anonymous_customer);
        EXPECT_GT(count(db, "SELECT COUNT(*) FROM ps_order_detail WHERE id_order = ?1", order), 0);
    }
    EXPECT_EQ(r.anonymous_customer, anonymous_customer(db));

    // The grid, its search and its figures no longer show the customer.
    EXPECT_EQ(query_customers(db, search).total, 0);
    const auto ids = query_customer_ids(db, CustomerQuery{});
    EXPECT_EQ(std::find(ids.begin(), ids.end(), id), ids.end());
    // One less customer, one more (the anonymous one, created by this first erase).
    EXPECT_EQ(count_customers(db, CustomerQuery{}), live);

    // Not undoable: undoing everything left in the log brings nothing back.
    while (audit::undo(db)) {
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer WHERE id_customer = ?1", id), 0);
    EXPECT_EQ(shop.occurrences(shop.email), (std::map<std::string, std::int64_t>{}));

    // The e-mail can register again.
    CustomerInput in;
    in.firstname = "New";
    in.lastname = "Account";
    in.email = shop.email;
    in.password = "s3cret-pass";
    in.groups = {3};
    in.id_default_group = 3;
    EXPECT_NO_THROW(create_customer(db, in));
}

TEST(Gdpr, TheLogHoldsNoPersonalData) {
    Shop shop;
    ASSERT_GT(shop.id, 0);
    Database& db = shop.db;
    gdpr_export_csv(db, shop.id);
    GdprErasure r = gdpr_erase(db, shop.id);
    auto log = gdpr_requests(db);
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].request_type, "erase");
    EXPECT_EQ(log[0].id, r.request_id);
    EXPECT_EQ(log[1].request_type, "export");
    EXPECT_EQ(gdpr_requests(db, 1).size(), 1u);
    EXPECT_EQ(log[0].reference, "customer #" + std::to_string(shop.id));
    EXPECT_EQ(log[0].counts["customer"], 1);
    EXPECT_EQ(log[0].counts["orders"], r.count("orders"));
    Statement st = db.prepare("SELECT request_type || '|' || requested_at || '|' || reference || "
                              "'|' || COALESCE(counts, '') FROM cl_gdpr_request");
    int rows = 0;
    while (st.step()) {
        ++rows;
        const std::string row = st.text(0);
        EXPECT_EQ(row.find(shop.email), std::string::npos) << row;
        EXPECT_EQ(row.find(shop.firstname), std::string::npos) << row;
        EXPECT_EQ(row.find(shop.lastname), std::string::npos) << row;
    }
    EXPECT_EQ(rows, 2);
}

TEST(Gdpr, TheAnonymousCustomerCannotBeErased) {
    Shop shop;
    ASSERT_GT(shop.id, 0);
    GdprErasure r = gdpr_erase(shop.db, shop.id);
    EXPECT_THROW(gdpr_erase(shop.db, r.anonymous_customer), std::invalid_argument);
    EXPECT_EQ(count(shop.db, "SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1",
                    r.anonymous_customer),
              r.count("orders"));
    EXPECT_EQ(gdpr_requests(shop.db).size(), 1u);
}

// --- 4. the shared account removal ------------------------------------------------------------

// The "allow re-registration" delete shares remove_account: a voucher used on an order moves to
// the anonymous customer with the order (no dangling customer id), and undo restores it all.
TEST(Gdpr, DeleteAllowingReregistrationMovesUsedVouchersAndUndoes) {
    Shop shop;
    ASSERT_GT(shop.id, 0);
    Database& db = shop.db;
    const std::int64_t id = shop.id;
    const std::int64_t threads = count(db,
                                       "SELECT COUNT(*) FROM ps_customer_thread WHERE "
                                       "id_customer = ?1",
                                       id);
    const char* orphans = "SELECT COUNT(*) FROM ps_customer_thread WHERE id_customer IS NULL";
    const std::int64_t orphans_before = db.scalar_int(orphans);
    delete_customers(db, {id}, DeleteMode::AllowReregistration);
    const std::int64_t anon = anonymous_customer(db);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_cart_rule WHERE id_customer = ?1", id), 0);
    EXPECT_EQ(count(db,
                    "SELECT COUNT(*) FROM ps_cart_rule WHERE code = 'USED10' AND "
                    "id_customer = ?1",
                    anon),
              1);
    // Threads are kept (without the link) by this delete, unlike the erase.
    EXPECT_EQ(db.scalar_int(orphans), orphans_before + threads);
    audit::undo(db);
    EXPECT_TRUE(load_customer_input(db, id));
    EXPECT_EQ(count(db,
                    "SELECT COUNT(*) FROM ps_cart_rule WHERE code = 'USED10' AND "
                    "id_customer = ?1",
                    id),
              1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_customer_thread WHERE id_customer = ?1", id),
              threads);
    EXPECT_EQ(db.scalar_int("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
}
