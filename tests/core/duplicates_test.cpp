// Duplicate accounts (keys, grouping, reasons, what is left out) and merging two accounts:
// everything moves, nothing is lost, and undo gives both accounts back exactly.
#include "shop_fixture.h"

#include "core/demo.h"
#include "core/duplicates.h"
#include "core/schema.h"

#include <algorithm>
#include <iterator>
#include <map>

using namespace clientele;
using clientele::core::Database;
using clientele::test::count;

namespace {

void customer(Database& db, int id, const char* first, const char* last, const char* email,
              int deleted = 0) {
    db.prepare("INSERT INTO ps_customer(id_customer, firstname, lastname, email, deleted, "
               "date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, '2026-01-01', '2026-01-01')")
        .bind_all(id, first, last, email, deleted)
        .run();
}

void address(Database& db, int id_customer, const char* postcode, const char* phone,
             const char* mobile) {
    db.exec("INSERT OR IGNORE INTO ps_zone(id_zone, name) VALUES (1, 'Europe');"
            "INSERT OR IGNORE INTO ps_country(id_country, id_zone, iso_code) VALUES (1, 1, 'FR')");
    db.prepare("INSERT INTO ps_address(id_country, id_customer, alias, lastname, firstname, "
               "address1, postcode, city, phone, phone_mobile, date_add, date_upd) VALUES (1, ?1, "
               "'Home', 'X', 'Y', '1 rue', ?2, 'Paris', NULLIF(?3, ''), NULLIF(?4, ''), "
               "'2026-01-01', '2026-01-01')")
        .bind_all(id_customer, postcode, phone, mobile)
        .run();
}

std::string describe(const std::vector<core::DuplicateGroup>& groups) {
    std::string s;
    for (const auto& g : groups) {
        for (auto id : g.ids)
            s += std::to_string(id) + ",";
        for (const auto& m : g.matches)
            s += std::string(" ") + core::duplicate_reason_name(m.reason) + "=" + m.key;
        s += "\n";
    }
    return s;
}

// Logs that only grow: the audit log, and the consent log, whose triggers write a row when an
// account comes back with its newsletter on (undo re-creates the account).
bool append_only(const std::string& table) {
    return table == "cl_audit" || table == "cl_consent_log";
}

// Every row of every table (append-only logs aside), sorted, as text.
std::map<std::string, std::vector<std::string>> everything(Database& db) {
    std::map<std::string, std::vector<std::string>> out;
    for (const char* table : core::schema_tables()) {
        if (append_only(table))
            continue;
        core::Statement st = db.prepare(std::string("SELECT * FROM ") + table);
        auto& rows = out[table];
        while (st.step()) {
            std::string line;
            for (int c = 0; c < st.column_count(); ++c)
                line += st.text(c) + "|";
            rows.push_back(line);
        }
        std::sort(rows.begin(), rows.end());
    }
    return out;
}

std::map<std::string, std::int64_t> counts(Database& db) {
    std::map<std::string, std::int64_t> out;
    for (const char* table : core::schema_tables())
        out[table] = db.scalar_int(std::string("SELECT COUNT(*) FROM ") + table);
    return out;
}

} // namespace

TEST(Duplicates, Keys) {
    EXPECT_EQ(core::email_key(" John.Doe@Example.COM "), "johndoe@example.com");
    EXPECT_EQ(core::email_key("j.o.h.n@gmail.com"), "john@gmail.com");
    EXPECT_EQ(core::email_key("a.b@c.d.e"), "ab@c.d.e"); // dots of the domain stay
    EXPECT_EQ(core::name_postcode_key(" John", "DOE ", "75 001"), "john|doe|75001");
    EXPECT_EQ(core::name_postcode_key("Ann", "Lee", "sw1a-1aa"), "ann|lee|SW1A1AA");
    EXPECT_EQ(core::name_postcode_key("Ann", "Lee", ""), "");
    EXPECT_EQ(core::phone_key("+33 (0)1 23-45.67"), "330123456"
                                                    "7");
    EXPECT_EQ(core::phone_key("12-34"), "");
}

TEST(Duplicates, GroupsWithReasons) {
    core::Store store(":memory:");
    Database& db = store.db();
    customer(db, 1, "John", "Doe", "john.doe@example.com");
    customer(db, 2, "JOHN", "Doe", "JohnDoe@Example.com");
    customer(db, 3, "Jane", "Roe", "jane@example.com");
    customer(db, 4, "John", "Doe", "john.doe@example.com", 1); // deleted: left out
    customer(db, 5, "Anonymous", "Anonymous", "anonymous@anonymous.com");
    customer(db, 6, "Anonymous", "Anonymous", "anonymous@anon.ymous.com");
    customer(db, 7, "Solo", "Person", "solo@example.com");
    address(db, 1, "75 001", "+33 1 23 45 67 89", "");
    address(db, 2, "75001", "", "");
    address(db, 3, "13000", "", "(33) 123-456-789"); // same digits as #1's phone
    address(db, 4, "75001", "+33 1 23 45 67 89", "");
    address(db, 5, "13000", "", "33123456789"); // the anonymous customer: left out
    address(db, 7, "75001", "123", "");         // too short to be a phone
    address(db, 7, "75001", "", "");            // two addresses with one postcode: one key

    auto groups = core::find_duplicates(db);
    EXPECT_EQ(describe(groups), "1,2, email=johndoe@example.com name_postcode=john|doe|75001\n"
                                "1,3, phone=33123456789\n");

    // The job advances in steps and reports progress.
    core::DuplicateScanJob job(db);
    int steps = 0;
    while (!job.step(std::chrono::milliseconds(0)))
        ++steps;
    EXPECT_GT(steps, 3);
    EXPECT_EQ(job.groups().size(), 2u);
    core::DuplicateScanJob cancelled(db);
    cancelled.step(std::chrono::milliseconds(0));
    cancelled.cancel();
    EXPECT_TRUE(cancelled.cancelled());
    EXPECT_TRUE(cancelled.groups().empty());
}

TEST(Duplicates, MergeRefusals) {
    core::Store store(":memory:");
    Database& db = store.db();
    customer(db, 1, "John", "Doe", "john@example.com");
    customer(db, 2, "Anonymous", "Anonymous", "anonymous@anonymous.com");
    auto code = [&](std::int64_t keep, std::int64_t other) -> std::string {
        try {
            core::merge_preview(db, keep, other);
        } catch (const core::ValidationError& e) {
            return e.errors().at(0).code;
        }
        return "";
    };
    EXPECT_EQ(code(1, 1), "err.merge_same");
    EXPECT_EQ(code(1, 9), "err.merge_missing");
    EXPECT_EQ(code(1, 2), "err.merge_anonymous");
    EXPECT_EQ(code(2, 1), "err.merge_anonymous");
    EXPECT_THROW(core::merge_customers(db, 1, 1), core::ValidationError);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM cl_audit"), 0);
}

TEST(Duplicates, MergeMovesEverythingAndUndoRestoresBoth) {
    core::Store store(":memory:");
    Database& db = store.db();
    core::DemoOptions o;
    o.customers = 120;
    o.today = "2026-11-23";
    core::generate_demo(db, o);
    // Two customers with orders and visits; the other one gets a thread, a voucher, a
    // prepared e-mail, a group the kept one lacks and some history of its own.
    const std::int64_t keep = db.scalar_int(
        "SELECT o.id_customer FROM ps_orders o JOIN ps_guest g ON g.id_customer = o.id_customer "
        "GROUP BY o.id_customer ORDER BY o.id_customer LIMIT 1");
    const std::int64_t other = db.scalar_int(
        "SELECT o.id_customer FROM ps_orders o JOIN ps_guest g ON g.id_customer = o.id_customer "
        "WHERE o.valid = 1 GROUP BY o.id_customer ORDER BY o.id_customer DESC LIMIT 1");
    ASSERT_NE(keep, other);
    db.prepare("INSERT INTO ps_customer_thread(id_customer, email, date_add, date_upd) VALUES "
               "(?1, 'x@example.com', '2026-01-01', '2026-01-01')")
        .bind_all(other)
        .run();
    db.prepare("INSERT INTO ps_customer_message(id_customer_thread, message, date_add, date_upd) "
               "VALUES (?1, 'hello', '2026-01-01', '2026-01-01')")
        .bind_all(db.last_insert_id())
        .run();
    db.prepare("INSERT INTO ps_cart_rule(id_customer, date_from, date_to, code, date_add, "
               "date_upd) VALUES (?1, '2026-01-01', '2027-01-01', 'MERGE', '2026-01-01', "
               "'2026-01-01')")
        .bind_all(other)
        .run();
    db.prepare("INSERT INTO cl_outbox(id_customer, email, subject, body, kind, date_add) VALUES "
               "(?1, 'x@example.com', 's', 'b', 'test', '2026-01-01')")
        .bind_all(other)
        .run();
    db.prepare("INSERT OR IGNORE INTO ps_customer_group VALUES (?1, 1)").bind_all(other).run();
    db.prepare("DELETE FROM ps_customer_group WHERE id_customer = ?1 AND id_group = 1")
        .bind_all(keep)
        .run();
    core::set_note(db, other, "history of the other account");

    auto preview = core::merge_preview(db, keep, other);
    std::map<std::string, std::int64_t> moves(preview.begin(), preview.end());
    auto of = [&](const char* sql, std::int64_t id) {
        core::Statement st = db.prepare(sql);
        st.bind(1, id);
        return st.step() ? st.int64(0) : 0;
    };
    EXPECT_EQ(moves["orders"], of("SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1", other));
    EXPECT_GT(moves["orders"], 0);
    EXPECT_GE(moves["threads"], 1);
    EXPECT_GE(moves["messages"], 1);
    EXPECT_GE(moves["vouchers"], 1);
    EXPECT_EQ(moves["outbox"], 1);
    EXPECT_GE(moves["guests"], 1);
    EXPECT_GE(moves["groups"], 2);
    EXPECT_GE(moves["audit_entries"], 1);

    const auto before = everything(db);
    const auto counts_before = counts(db);
    const std::int64_t keep_orders =
        of("SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1", keep);
    const std::int64_t connections = count(db, "SELECT COUNT(*) FROM ps_connections");
    const std::int64_t batches = count(db, "SELECT COUNT(DISTINCT batch) FROM cl_audit");

    EXPECT_EQ(core::merge_customers(db, keep, other), preview);
    // One batch; the other account is gone, everything it had is the kept one's.
    EXPECT_EQ(count(db, "SELECT COUNT(DISTINCT batch) FROM cl_audit"), batches + 1);
    EXPECT_EQ(of("SELECT COUNT(*) FROM ps_customer WHERE id_customer = ?1", other), 0);
    EXPECT_EQ(of("SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1", keep),
              keep_orders + moves["orders"]);
    for (const char* table :
         {"ps_orders", "ps_order_return", "ps_order_slip", "ps_address", "ps_cart", "ps_cart_rule",
          "ps_customer_thread", "ps_guest", "cl_outbox", "ps_customer_group", "cl_customer_stats"})
        EXPECT_EQ(
            of((std::string("SELECT COUNT(*) FROM ") + table + " WHERE id_customer = ?1").c_str(),
               other),
            0)
            << table;
    EXPECT_EQ(
        of("SELECT COUNT(*) FROM ps_customer_group WHERE id_customer = ?1 AND id_group = 1", keep),
        1);
    EXPECT_EQ(of("SELECT COUNT(*) FROM cl_audit WHERE entity_id = ?1", other), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM ps_connections"), connections);
    // The kept account's figures include the other's orders.
    EXPECT_EQ(of("SELECT valid_orders FROM cl_customer_stats WHERE id_customer = ?1", keep),
              of("SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1 AND valid = 1", keep));
    auto after = counts(db);
    for (const auto& [table, n] : counts_before) {
        std::int64_t expected = n;
        if (table == "ps_customer" || table == "cl_customer_stats")
            expected = n - 1;
        if (table == "ps_customer_group")
            expected = n - moves["groups"] + 1; // group 1 joins the kept account
        if (append_only(table))
            continue;
        EXPECT_EQ(after[table], expected) << table;
    }

    // Undo: both accounts exactly as they were, every row of every table.
    ASSERT_TRUE(core::audit::undo(db));
    const auto restored = everything(db);
    for (const auto& [table, rows] : before) {
        const auto& now = restored.at(table);
        std::vector<std::string> missing, extra;
        std::set_difference(rows.begin(), rows.end(), now.begin(), now.end(),
                            std::back_inserter(missing));
        std::set_difference(now.begin(), now.end(), rows.begin(), rows.end(),
                            std::back_inserter(extra));
        EXPECT_TRUE(missing.empty() && extra.empty())
            << table << ": lost " << (missing.empty() ? "" : missing[0]) << " / new "
            << (extra.empty() ? "" : extra[0]);
    }
    auto undone = counts(db);
    for (const auto& [table, n] : counts_before)
        if (!append_only(table))
            EXPECT_EQ(undone[table], n) << table;
    // Redo merges again.
    ASSERT_TRUE(core::audit::redo(db));
    EXPECT_EQ(of("SELECT COUNT(*) FROM ps_customer WHERE id_customer = ?1", other), 0);
    EXPECT_EQ(of("SELECT COUNT(*) FROM ps_orders WHERE id_customer = ?1", keep),
              keep_orders + moves["orders"]);
}
