// Snapshots: export then import into an empty database gives an identical database (every
// table row by row, the schema, the derived figures, the search); every refusal and failure
// leaves the target exactly as it was; jobs are time-boxed and cancellable; the row reader
// accepts what other JSON writers produce and names the line of what it rejects.
//
// Sections: 1. helpers  2. round trip  3. the format  4. refusals and failures  5. jobs
// 6. reading JSON written by others  7. the JSON Schema document
#include "core/customer_query.h"
#include "core/db.h"
#include "core/demo.h"
#include "core/i18n.h"
#include "core/schema.h"
#include "core/snapshot.h"
#include "core/store.h"
#include "shop_fixture.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace clientele::core;
using nlohmann::json;

namespace {

// --- 1. helpers -------------------------------------------------------------------------------

constexpr const char* kCreated = "2026-11-23T10:00:00Z";

void seed(Database& db, std::int64_t customers, std::uint64_t seed_value = 42) {
    DemoOptions o;
    o.customers = customers;
    o.seed = seed_value;
    o.today = "2026-11-23";
    generate_demo(db, o);
}

// Values SQLite and JSON both find hard: every script, emoji, escapes, control characters,
// bytes that are not UTF-8, a BLOB, reals at the edges, integers at the edges, '' vs NULL.
void add_awkward_values(Database& db) {
    Transaction tx(db);
    db.prepare("UPDATE ps_customer SET firstname = ?1, lastname = ?2, company = ?3 WHERE "
               "id_customer = 2")
        .bind_all("Zoë 🎉", "Ñúñez-Łukasz 日本", "Ærø \"quoted\" \\ back\nline\ttab\x01 end")
        .run();
    db.prepare("UPDATE ps_customer SET note = ?1 WHERE id_customer = 3")
        .bind(1, std::string("\xff\xfe not UTF-8 \xc3"))
        .run();
    const unsigned char blob[] = {0x00, 0xff, 0x10, 0x80, 0x7f};
    db.prepare("UPDATE ps_customer SET note = ?1 WHERE id_customer = 4")
        .bind_blob(1, blob, sizeof blob)
        .run();
    db.prepare("UPDATE ps_customer SET note = ?1 WHERE id_customer = 5")
        .bind_blob(1, blob, 0)
        .run();
    db.exec("UPDATE ps_customer SET company = '' WHERE id_customer = 6");
    db.exec("UPDATE ps_customer SET company = NULL WHERE id_customer = 7");
    const double reals[] = {0.1 + 0.2,
                            1.0 / 3.0,
                            5e-324,
                            DBL_MAX,
                            -2.5e-10,
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(),
                            1e21,
                            2.0,
                            -0.0};
    std::int64_t id = 1;
    for (double r : reals)
        db.prepare(
              "UPDATE ps_order_detail SET total_price_tax_excl = ?1 WHERE id_order_detail = ?2")
            .bind_all(r, id++)
            .run();
    db.prepare("INSERT INTO cl_outbox(id, id_customer, email, subject, body, kind, date_add) "
               "VALUES (?1, ?2, 'a@b.c', '', ?3, 'test', '2026-01-01')")
        .bind_all(std::numeric_limits<std::int64_t>::max(),
                  std::numeric_limits<std::int64_t>::min(), "line1\r\nline2 \u2028 \\u00e9")
        .run();
    tx.commit();
}

std::string export_text(Database& db) {
    std::string out;
    SnapshotExportJob job(
        db, [&](std::string_view s) { out.append(s); }, kCreated);
    run_to_completion(job);
    EXPECT_EQ(job.error(), "");
    return out;
}

// The error of an import ("" when it succeeded).
std::string import_text(Database& db, const std::string& text) {
    SnapshotImportJob job(db, text);
    run_to_completion(job);
    return job.error();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += l + "\n";
    return out;
}

// The 1-based number of the first line that starts with `prefix`.
std::size_t line_starting(const std::vector<std::string>& lines, const std::string& prefix) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(prefix, 0) == 0)
            return i + 1;
    ADD_FAILURE() << "no line starts with " << prefix;
    return 0;
}

std::string table_line(const std::string& table) {
    return "{\"table\":\"" + table + "\",";
}

// One value with its storage class; reals by their bits, so -0.0 and 0.0 differ.
std::string typed(Statement& st, int c) {
    switch (st.kind(c)) {
    case ColumnKind::Null:
        return "n";
    case ColumnKind::Integer:
        return "i" + std::to_string(st.int64(c));
    case ColumnKind::Real: {
        double d = st.real(c);
        std::uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        return "r" + std::to_string(bits);
    }
    case ColumnKind::Text:
        return "t" + std::to_string(st.text(c).size()) + ":" + st.text(c);
    case ColumnKind::Blob: // text() gives a BLOB's bytes as they are
        return "b" + std::to_string(st.text(c).size()) + ":" + st.text(c);
    }
    return "?";
}

// Every ordinary table (also the derived and internal ones; not the full-text index's own
// storage, which is compared through searches) as canonical text, rows sorted.
std::map<std::string, std::string> canonical(Database& db) {
    std::map<std::string, std::string> out;
    Statement tables = db.prepare(
        "SELECT s.name FROM sqlite_schema s JOIN pragma_table_list t ON t.schema = 'main' AND "
        "t.name = s.name WHERE s.type = 'table' AND t.type = 'table' AND s.name NOT LIKE "
        "'sqlite!_%' ESCAPE '!'");
    while (tables.step()) {
        const std::string name = tables.text(0);
        Statement st = db.prepare("SELECT * FROM \"" + name + "\"");
        std::vector<std::string> rows;
        while (st.step()) {
            std::string row;
            for (int c = 0; c < st.column_count(); ++c)
                row += typed(st, c) + "|";
            rows.push_back(row);
        }
        std::sort(rows.begin(), rows.end());
        std::string all;
        for (auto& r : rows)
            all += r + "\n";
        out[name] = all;
    }
    return out;
}

std::string schema_text(Database& db) {
    std::string out;
    Statement st = db.prepare("SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema "
                              "ORDER BY type, name");
    while (st.step())
        out += st.text(0) + "|" + st.text(1) + "|" + st.text(2) + "|" + st.text(3) + "\n";
    return out;
}

std::string search_ids(Database& db, const std::string& text) {
    CustomerQuery q;
    q.search = text;
    q.limit = 1000;
    q.today = "2026-11-23";
    std::string out;
    for (const CustomerRow& r : query_customers(db, q).rows)
        out += std::to_string(r.id) + ",";
    return out;
}

std::string fts_ids(Database& db, const std::string& match) {
    std::string out;
    Statement st = db.prepare(
        "SELECT rowid FROM cl_customer_fts WHERE cl_customer_fts MATCH ?1 ORDER BY rowid");
    st.bind(1, match);
    while (st.step())
        out += std::to_string(st.int64(0)) + ",";
    return out;
}

// Everything a refused or failed import must leave as it was.
struct State {
    std::map<std::string, std::string> tables;
    std::string schema;
    std::int64_t bulk_load = 0;
    std::string search;
};

State state_of(Database& db) {
    return {canonical(db), schema_text(db), db.scalar_int("SELECT bulk_load FROM cl_state"),
            fts_ids(db, "a*")};
}

void expect_same(const State& a, const State& b) {
    ASSERT_EQ(a.tables.size(), b.tables.size());
    for (auto& [name, rows] : a.tables) {
        auto it = b.tables.find(name);
        ASSERT_NE(it, b.tables.end()) << name;
        EXPECT_TRUE(rows == it->second) << "table " << name << " differs";
    }
    EXPECT_EQ(a.schema, b.schema);
    EXPECT_EQ(a.bulk_load, b.bulk_load);
    EXPECT_EQ(b.bulk_load, 0);
    EXPECT_EQ(a.search, b.search);
}

// A shop built once for the whole file (the demo generator is the slow part).
struct Shop {
    Store store{":memory:"};
    std::string snapshot;
    Shop() {
        seed(store.db(), 300);
        add_awkward_values(store.db());
        snapshot = export_text(store.db());
    }
};

Shop& shop() {
    static Shop s;
    return s;
}

// A target that already holds another shop.
struct Target {
    Store store{":memory:"};
    State before;
    Target() {
        seed(store.db(), 40, 9);
        before = state_of(store.db());
    }
    void expect_unchanged() { expect_same(before, state_of(store.db())); }
};

} // namespace

// --- 2. round trip ----------------------------------------------------------------------------

TEST(Snapshot, ExportThenImportIntoAnEmptyDatabaseGivesAnIdenticalDatabase) {
    Database& a = shop().store.db();
    Store b(":memory:");
    ASSERT_EQ(import_text(b.db(), shop().snapshot), "");

    expect_same(state_of(a), state_of(b.db()));
    // The derived figures and the search, rebuilt on import, answer the same.
    EXPECT_GT(b.db().scalar_int("SELECT COUNT(*) FROM cl_customer_stats WHERE valid_orders > 0"),
              0);
    for (const char* q :
         {"john doe", "zoe", "nunez", "日本", "gmail", "2", "a", "dupont", "192.168", "10."})
        EXPECT_EQ(search_ids(a, q), search_ids(b.db(), q)) << q;
    EXPECT_EQ(search_ids(b.db(), "ñunez").substr(0, 2), "2,");
    for (const char* m : {"zoe", "lukasz", "m*", "doe"})
        EXPECT_EQ(fts_ids(a, m), fts_ids(b.db(), m)) << m;
    EXPECT_EQ(clientele::test::search_index_text(a), clientele::test::search_index_text(b.db()));
    // The same database exports to the same text, byte for byte.
    EXPECT_TRUE(export_text(b.db()) == shop().snapshot);
}

TEST(Snapshot, AwkwardValuesSurviveExactly) {
    Store b(":memory:");
    ASSERT_EQ(import_text(b.db(), shop().snapshot), "");
    Database& db = b.db();
    Statement c = db.prepare("SELECT firstname, lastname, company FROM ps_customer WHERE "
                             "id_customer = 2");
    ASSERT_TRUE(c.step());
    EXPECT_EQ(c.text(0), "Zoë 🎉");
    EXPECT_EQ(c.text(1), "Ñúñez-Łukasz 日本");
    EXPECT_EQ(c.text(2), "Ærø \"quoted\" \\ back\nline\ttab\x01 end");
    Statement n = db.prepare("SELECT typeof(note), note FROM ps_customer WHERE id_customer IN "
                             "(3, 4, 5) ORDER BY id_customer");
    ASSERT_TRUE(n.step());
    EXPECT_EQ(n.text(0), "text");
    EXPECT_EQ(n.text(1), std::string("\xff\xfe not UTF-8 \xc3"));
    ASSERT_TRUE(n.step());
    EXPECT_EQ(n.text(0), "blob");
    EXPECT_EQ(n.text(1), std::string("\x00\xff\x10\x80\x7f", 5));
    ASSERT_TRUE(n.step());
    EXPECT_EQ(n.text(0), "blob");
    EXPECT_EQ(n.text(1), "");
    EXPECT_EQ(db.scalar_int("SELECT company IS NULL FROM ps_customer WHERE id_customer = 7"), 1);
    EXPECT_EQ(db.scalar_int("SELECT company = '' FROM ps_customer WHERE id_customer = 6"), 1);
    Statement r = db.prepare("SELECT total_price_tax_excl FROM ps_order_detail WHERE "
                             "id_order_detail <= 8 ORDER BY id_order_detail");
    const double want[] = {0.1 + 0.2, 1.0 / 3.0, 5e-324,    DBL_MAX,
                           -2.5e-10,  HUGE_VAL,  -HUGE_VAL, 1e21};
    for (double w : want) {
        ASSERT_TRUE(r.step());
        double got = r.real(0);
        EXPECT_EQ(std::memcmp(&w, &got, sizeof got), 0) << w << " came back as " << got;
    }
    Statement o = db.prepare("SELECT id, id_customer, body FROM cl_outbox WHERE kind = 'test'");
    ASSERT_TRUE(o.step());
    EXPECT_EQ(o.int64(0), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(o.int64(1), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(o.text(2), "line1\r\nline2 \u2028 \\u00e9");
}

TEST(Snapshot, ImportReplacesTheWholeContentOfANonEmptyDatabase) {
    Target t;
    ASSERT_EQ(import_text(t.store.db(), shop().snapshot), "");
    expect_same(state_of(shop().store.db()), state_of(t.store.db()));
}

TEST(Snapshot, StreamsAndStringsGiveTheSameResult) {
    std::stringstream file;
    SnapshotSummary out = export_snapshot(shop().store.db(), file);
    EXPECT_GT(out.rows, 1000);
    EXPECT_EQ(out.bytes, static_cast<std::int64_t>(file.str().size()));
    Store b(":memory:");
    file.seekg(0);
    SnapshotSummary in = import_snapshot(b.db(), file);
    EXPECT_EQ(in.tables, out.tables);
    EXPECT_EQ(in.rows, out.rows);
    EXPECT_EQ(canonical(b.db()), canonical(shop().store.db()));
    // Failures come back as SnapshotError with the job's message.
    std::istringstream bad("not a snapshot\n");
    EXPECT_THROW(import_snapshot(b.db(), bad), SnapshotError);
}

// --- 3. the format ----------------------------------------------------------------------------

TEST(Snapshot, LinesAreAHeaderTablesWithTheirRowsAndAnEndLine) {
    std::vector<std::string> lines = lines_of(shop().snapshot);
    ASSERT_GT(lines.size(), 3u);
    json header = json::parse(lines[0]);
    EXPECT_EQ(lines[0].rfind(R"({"format":"clientele-snapshot","format_version":1,)", 0), 0u);
    EXPECT_EQ(header["schema_version"], schema_version_latest());
    EXPECT_EQ(header["created"], kCreated);
    EXPECT_EQ(header["app"], "clientele");

    std::vector<std::string> tables;
    std::int64_t rows = 0;
    std::size_t i = 1;
    while (i < lines.size()) {
        json j = json::parse(lines[i]); // every line is one JSON value
        if (j.contains("end")) {
            EXPECT_EQ(j["end"], true);
            EXPECT_EQ(j["tables"], tables.size());
            EXPECT_EQ(j["rows"], rows);
            EXPECT_EQ(i + 1, lines.size()) << "the end line is the last";
            break;
        }
        ASSERT_TRUE(j.contains("table")) << lines[i];
        tables.push_back(j["table"]);
        const std::size_t columns = j["columns"].size();
        const std::int64_t count = j["rows"];
        for (std::int64_t r = 0; r < count; ++r) {
            json row = json::parse(lines[i + 1 + static_cast<std::size_t>(r)]);
            ASSERT_TRUE(row.is_array());
            ASSERT_EQ(row.size(), columns);
        }
        rows += count;
        i += 1 + static_cast<std::size_t>(count);
    }
    EXPECT_EQ(header["tables"], tables.size());
    EXPECT_EQ(header["rows"], rows);

    auto has = [&](const std::string& t) {
        return std::find(tables.begin(), tables.end(), t) != tables.end();
    };
    auto pos = [&](const std::string& t) { return std::find(tables.begin(), tables.end(), t); };
    for (const char* t : {"ps_customer", "ps_orders", "ps_configuration", "cl_audit", "ps_lang"})
        EXPECT_TRUE(has(t)) << t;
    // Derived, internal, virtual and shadow tables stay out.
    for (const char* t : {"cl_customer_stats", "cl_state", "cl_customer_fts",
                          "cl_customer_fts_data", "cl_customer_fts_idx", "cl_customer_fts_config"})
        EXPECT_FALSE(has(t)) << t;
    for (const std::string& t : tables)
        EXPECT_NE(t.rfind("sqlite_", 0), 0u) << t;
    // Parents before children.
    EXPECT_LT(pos("ps_customer"), pos("ps_orders"));
    EXPECT_LT(pos("ps_orders"), pos("ps_order_detail"));
    EXPECT_LT(pos("ps_shop_group"), pos("ps_shop"));
    EXPECT_EQ(snapshot::tables(shop().store.db()), tables);

    // Values: UTF-8 as it is, escapes, typed numbers, the objects for the rest.
    const std::string& s = shop().snapshot;
    EXPECT_NE(s.find(R"("Zoë 🎉","Ñúñez-Łukasz 日本")"), std::string::npos);
    EXPECT_NE(s.find(R"("Ærø \"quoted\" \\ back\nline\ttab\u0001 end")"), std::string::npos);
    EXPECT_NE(s.find(R"({"base64":"AP8QgH8="})"), std::string::npos);
    EXPECT_NE(s.find(R"({"base64":""})"), std::string::npos);
    EXPECT_NE(s.find(R"({"text_base64":")"), std::string::npos);
    EXPECT_NE(s.find(R"({"real":"Infinity"})"), std::string::npos);
    EXPECT_NE(s.find(R"({"real":"-Infinity"})"), std::string::npos);
    EXPECT_NE(s.find("0.30000000000000004"), std::string::npos);
    EXPECT_NE(s.find("9223372036854775807,-9223372036854775808,"), std::string::npos);
}

// --- 4. refusals and failures -----------------------------------------------------------------

TEST(Snapshot, ANewerSchemaVersionIsRefusedAndNothingChanges) {
    Target t;
    std::vector<std::string> lines = lines_of(shop().snapshot);
    json h = json::parse(lines[0]);
    const int newer = schema_version_latest() + 1;
    h["schema_version"] = newer;
    lines[0] = h.dump();
    EXPECT_EQ(import_text(t.store.db(), join(lines)),
              "snapshot schema version " + std::to_string(newer) + " is newer than this app's (" +
                  std::to_string(schema_version_latest()) + "): update Clientèle to open it");
    t.expect_unchanged();
}

TEST(Snapshot, BadHeadersAreRefusedAndNothingChanges) {
    Target t;
    std::vector<std::string> lines = lines_of(shop().snapshot);
    auto with_header = [&](const std::function<void(json&)>& edit) {
        std::vector<std::string> l = lines;
        json h = json::parse(l[0]);
        edit(h);
        l[0] = h.dump();
        return join(l);
    };
    struct Case {
        std::string text, error;
    };
    const Case cases[] = {
        {"", "the file is empty: not a Clientèle snapshot"},
        {"\n\n", "the file is empty: not a Clientèle snapshot"},
        {"hello\n", "not a Clientèle snapshot: line 1 is not a snapshot header"},
        {join(std::vector<std::string>(lines.begin() + 1, lines.end())),
         "not a Clientèle snapshot: line 1 is not a snapshot header"},
        {with_header([](json& h) { h["format"] = "other"; }),
         "not a Clientèle snapshot (format \"other\")"},
        {with_header([](json& h) { h["format_version"] = 2; }),
         "snapshot format version 2 is newer than this app's (1): update Clientèle to open it"},
        {with_header([](json& h) { h.erase("schema_version"); }),
         "invalid snapshot header: no schema_version"},
        {with_header([](json& h) { h["schema_version"] = "1"; }),
         "line 1: \"schema_version\" must be a whole number"},
        {with_header([](json& h) { h["schema_version"] = 0; }),
         "snapshot schema version 0 is too old: this app can only migrate snapshots of schema "
         "version 1 to " +
             std::to_string(schema_version_latest())},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(import_text(t.store.db(), c.text), c.error);
    }
    t.expect_unchanged();
}

TEST(Snapshot, UnknownTablesAndColumnsFailAndRollBack) {
    Target t;
    const std::vector<std::string> lines = lines_of(shop().snapshot);
    const std::size_t at = line_starting(lines, table_line("ps_risk"));
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::vector<std::string> l = lines;
        l[at - 1].replace(l[at - 1].find(from), from.size(), to);
        return join(l);
    };
    const std::string where = "line " + std::to_string(at) + ": ";
    EXPECT_EQ(import_text(t.store.db(), replaced("\"ps_risk\"", "\"ps_nope\"")),
              where + "table ps_nope does not exist in this database");
    EXPECT_EQ(import_text(t.store.db(), replaced("\"color\"", "\"colour\"")),
              where + "table ps_risk has no column colour");
    EXPECT_EQ(import_text(t.store.db(), replaced("\"color\"", "\"percent\"")),
              where + "column percent appears twice");
    EXPECT_EQ(import_text(t.store.db(), replaced("\"ps_risk\"", "\"cl_customer_stats\"")),
              where + "table cl_customer_stats is derived or internal: it cannot be loaded "
                      "from a snapshot");
    EXPECT_EQ(import_text(t.store.db(), replaced("\"ps_risk\"", "\"cl_customer_fts_data\"")),
              where + "table cl_customer_fts_data is derived or internal: it cannot be loaded "
                      "from a snapshot");
    EXPECT_EQ(import_text(t.store.db(), replaced("\"ps_risk\"", "\"ps_gender\"")),
              where + "table ps_gender appears twice");
    // Identifiers are checked against the schema, so quoting tricks find nothing to run.
    EXPECT_EQ(
        import_text(t.store.db(), replaced("\"ps_risk\"", R"("ps_risk\"; DROP TABLE x; --")")),
        where + "table ps_risk\"; DROP TABLE x; -- does not exist in this database");
    t.expect_unchanged();
}

TEST(Snapshot, ARowWithTheWrongNumberOfValuesNamesItsLine) {
    Target t;
    std::vector<std::string> lines = lines_of(shop().snapshot);
    const std::size_t row = line_starting(lines, table_line("ps_customer")) + 5;
    json values = json::parse(lines[row - 1]);
    const std::size_t n = values.size();
    values.erase(values.size() - 1);
    lines[row - 1] = values.dump();
    EXPECT_EQ(import_text(t.store.db(), join(lines)),
              "line " + std::to_string(row) + ": " + std::to_string(n - 1) + " values for the " +
                  std::to_string(n) + " columns of ps_customer");
    t.expect_unchanged();
}

TEST(Snapshot, ATruncatedSnapshotRollsBack) {
    Target t;
    std::vector<std::string> lines = lines_of(shop().snapshot);
    // Without its end line.
    std::vector<std::string> cut(lines.begin(), lines.end() - 1);
    EXPECT_EQ(import_text(t.store.db(), join(cut)), "the snapshot is truncated: it ends at line " +
                                                        std::to_string(cut.size()) +
                                                        " without its end line");
    // Cut in the middle of the rows, and in the middle of a line.
    cut.resize(lines.size() / 2);
    EXPECT_NE(import_text(t.store.db(), join(cut)).find("truncated"), std::string::npos);
    std::string text = shop().snapshot.substr(0, shop().snapshot.size() / 3);
    EXPECT_NE(import_text(t.store.db(), text).find("line " + std::to_string(lines_of(text).size())),
              std::string::npos);
    t.expect_unchanged();
}

TEST(Snapshot, CountsThatDoNotAddUpFail) {
    Target t;
    const std::vector<std::string> lines = lines_of(shop().snapshot);
    // A table that announces more rows than follow.
    std::vector<std::string> l = lines;
    const std::size_t at = line_starting(l, table_line("ps_gender"));
    json j = json::parse(l[at - 1]);
    const std::int64_t declared = j["rows"];
    j["rows"] = declared + 1;
    l[at - 1] = j.dump();
    EXPECT_EQ(import_text(t.store.db(), join(l)), "line " + std::to_string(at + declared + 1) +
                                                      ": table ps_gender announces " +
                                                      std::to_string(declared + 1) + " rows but " +
                                                      std::to_string(declared) + " follow");
    // One row less than announced is a row too many for the next table… and fewer rows fail.
    l = lines;
    j["rows"] = declared - 1;
    l[at - 1] = j.dump();
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(at + declared) + ": more rows than the " +
                  std::to_string(declared - 1) + " table ps_gender announces");
    // An end line that counts differently.
    l = lines;
    json end = json::parse(l.back());
    end["rows"] = end["rows"].get<std::int64_t>() + 1;
    l.back() = end.dump();
    EXPECT_NE(import_text(t.store.db(), join(l)).find("the end line counts"), std::string::npos);
    // Text after the end line.
    l = lines;
    l.push_back("[1]");
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(l.size()) + ": text after the end line");
    t.expect_unchanged();
}

TEST(Snapshot, BrokenForeignKeysAndConstraintsFailAndRollBack) {
    Target t;
    const std::vector<std::string> lines = lines_of(shop().snapshot);
    // An order of a customer the snapshot does not have.
    std::vector<std::string> l = lines;
    const std::size_t orders = line_starting(l, table_line("ps_orders"));
    json cols = json::parse(l[orders - 1])["columns"];
    const auto col =
        static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "id_customer") - cols.begin());
    json row = json::parse(l[orders]);
    row[col] = 999999;
    l[orders] = row.dump();
    const std::string err = import_text(t.store.db(), join(l));
    EXPECT_EQ(err.rfind("the snapshot breaks 1 foreign key: row ", 0), 0u) << err;
    EXPECT_NE(err.find("of ps_orders refers to a missing row of ps_customer"), std::string::npos);
    // A duplicate primary key, with its line.
    l = lines;
    const std::size_t customers = line_starting(l, table_line("ps_customer"));
    l[customers + 1] = l[customers];
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(customers + 2) +
                  ": UNIQUE constraint failed: ps_customer.id_customer (table ps_customer)");
    // NOT NULL.
    l = lines;
    row = json::parse(l[customers]);
    cols = json::parse(l[customers - 1])["columns"];
    row[static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "email") - cols.begin())] =
        nullptr;
    l[customers] = row.dump();
    EXPECT_NE(import_text(t.store.db(), join(l))
                  .find("line " + std::to_string(customers + 1) + ": NOT NULL constraint failed"),
              std::string::npos);
    t.expect_unchanged();
}

TEST(Snapshot, InvalidRowsNameTheirLine) {
    Target t;
    const std::vector<std::string> lines = lines_of(shop().snapshot);
    const std::size_t at = line_starting(lines, table_line("ps_zone")) + 1;
    const std::string rows[] = {
        R"([1,"Europe])",
        R"([1,,1])",
        R"([01,"Europe",1])",
        R"([1,"\ud800",1])",
        R"([1,"Europe",1] x)",
        R"([1,{"base64":"***"},1])",
        R"([1,{"colour":"x"},1])",
        R"([1,"bad\q",1])",
        "[1,\"Eu\x01rope\",1]",
        "[1,\"Eu\xffrope\",1]",
        R"([99999999999999999999,"Europe",1])",
        R"([1,["Europe"],1])",
        R"([1,"Europe",1)",
    };
    for (const std::string& r : rows) {
        std::vector<std::string> l = lines;
        l[at - 1] = r;
        const std::string err = import_text(t.store.db(), join(l));
        EXPECT_EQ(err.rfind("line " + std::to_string(at) + ": invalid row (", 0), 0u)
            << r << " -> " << err;
    }
    std::vector<std::string> l = lines;
    l[at - 1] = "Europe";
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(at) + ": expected a table line, a row or the end line");
    l[at - 1] = R"({"zone":1})";
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(at) + ": expected a table line, a row or the end line");
    l[at - 1] = lines[0];
    EXPECT_EQ(import_text(t.store.db(), join(l)),
              "line " + std::to_string(at) + ": a second snapshot header");
    t.expect_unchanged();
}

TEST(Snapshot, AColumnTheSnapshotLacksTakesItsDefaultAndATableItLacksEndsUpEmpty) {
    Store b(":memory:");
    std::vector<std::string> lines = lines_of(shop().snapshot);
    std::vector<std::string> out;
    std::string table;
    std::size_t drop = 0;
    std::int64_t tables = 0, rows = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        json j = json::parse(lines[i]);
        if (j.is_object() && j.contains("table")) {
            table = j["table"];
            if (table == "cl_saved_view" || table == "ps_cart_rule_lang") { // leave these out
                i += j["rows"].get<std::size_t>();
                continue;
            }
            ++tables;
            if (table == "ps_customer") {
                auto& cols = j["columns"];
                drop = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "note") -
                                                cols.begin());
                cols.erase(drop);
            }
            out.push_back(j.dump());
        } else if (j.is_array()) {
            ++rows;
            if (table == "ps_customer")
                j.erase(drop);
            out.push_back(j.dump());
        } else if (j.contains("end")) {
            j["tables"] = tables;
            j["rows"] = rows;
            out.push_back(j.dump());
        } else {
            out.push_back(lines[i]);
        }
    }
    b.db().exec("INSERT INTO cl_saved_view(screen, name, spec) VALUES ('customers', 'x', '{}')");
    ASSERT_EQ(import_text(b.db(), join(out)), "");
    EXPECT_EQ(b.db().scalar_int("SELECT COUNT(*) FROM ps_customer WHERE note IS NOT NULL"), 0);
    EXPECT_EQ(b.db().scalar_int("SELECT COUNT(*) FROM cl_saved_view"), 0);
    EXPECT_EQ(b.db().scalar_int("SELECT COUNT(*) FROM ps_customer"),
              shop().store.db().scalar_int("SELECT COUNT(*) FROM ps_customer"));
}

TEST(Snapshot, AnOlderSchemaVersionWithinReachLoads) {
    const int oldest = snapshot::oldest_loadable_schema_version();
    if (schema_version_latest() <= oldest)
        GTEST_SKIP() << "no older schema version yet";
    std::vector<std::string> lines = lines_of(shop().snapshot);
    json h = json::parse(lines[0]);
    h["schema_version"] = oldest;
    lines[0] = h.dump();
    Store b(":memory:");
    SnapshotImportJob job(b.db(), join(lines));
    run_to_completion(job);
    EXPECT_EQ(job.error(), "");
    EXPECT_EQ(job.schema_version(), oldest);
    EXPECT_EQ(schema_version(b.db()), schema_version_latest()); // the database stays current
    EXPECT_EQ(canonical(b.db()), canonical(shop().store.db()));
}

// --- 5. jobs ----------------------------------------------------------------------------------

TEST(Snapshot, CancelMidImportLeavesTheDatabaseUnchanged) {
    Target t;
    SnapshotImportJob job(t.store.db(), shop().snapshot);
    while (job.rows_loaded() < 500)
        ASSERT_FALSE(job.step(std::chrono::milliseconds(1))) << job.error();
    EXPECT_GT(job.progress(), 0.0);
    EXPECT_LT(job.progress(), 1.0);
    job.cancel();
    EXPECT_TRUE(job.finished());
    EXPECT_TRUE(job.cancelled());
    t.expect_unchanged();
    // The database works normally afterwards, and a later import succeeds.
    EXPECT_EQ(import_text(t.store.db(), shop().snapshot), "");
    EXPECT_EQ(canonical(t.store.db()), canonical(shop().store.db()));
}

TEST(Snapshot, JobsWorkInTimeBoxedSteps) {
    using std::chrono::milliseconds;
    using Clock = std::chrono::steady_clock;
    auto run_in_steps = [](clientele::core::Job& job, int& steps, double& longest_ms) {
        steps = 0;
        longest_ms = 0;
        bool done = false;
        while (!done) {
            auto start = Clock::now();
            done = job.step(milliseconds(1));
            longest_ms =
                std::max(longest_ms,
                         std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            ++steps;
        }
    };
    Database& a = shop().store.db();
    const std::int64_t total_rows = json::parse(lines_of(shop().snapshot)[0])["rows"];
    ASSERT_GT(total_rows, 3000);

    std::string text;
    SnapshotExportJob ex(
        a, [&](std::string_view s) { text.append(s); }, kCreated);
    int steps = 0;
    double longest = 0;
    run_in_steps(ex, steps, longest);
    EXPECT_EQ(ex.error(), "");
    EXPECT_GT(steps, 5);
    EXPECT_LT(longest, 250.0);
    EXPECT_EQ(ex.total(), total_rows);
    EXPECT_EQ(ex.done(), total_rows);
    EXPECT_TRUE(text == shop().snapshot);
    EXPECT_FALSE(a.in_transaction()); // the read transaction ended with the job

    Store b(":memory:");
    SnapshotImportJob im(b.db(), text);
    run_in_steps(im, steps, longest);
    EXPECT_EQ(im.error(), "");
    EXPECT_GT(steps, 5);
    EXPECT_EQ(im.total(), total_rows);
    EXPECT_DOUBLE_EQ(im.progress(), 1.0);
    EXPECT_FALSE(b.db().in_transaction());
    EXPECT_EQ(canonical(b.db()), canonical(a));
}

TEST(Snapshot, TheRestoreChecksAndRebuildsAPartPerStepAndCancelsMeanwhile) {
    const std::string indexes = i18n::tr("job.bulk_indexes"),
                      derived = i18n::tr("job.bulk_derived");
    for (bool cancel : {false, true}) {
        Target t;
        const std::int64_t ps_indexes = t.store.db().scalar_int(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND "
            "tbl_name LIKE 'ps!_%' ESCAPE '!'");
        SnapshotImportJob job(t.store.db(), shop().snapshot);
        // With no time at all, a step checks one table's foreign keys, builds one index, or
        // recomputes one range of customers' figures; the stage is in the title.
        int index_steps = 0, derived_steps = 0;
        while (!job.step(std::chrono::milliseconds(0))) {
            const std::string title = job.title();
            if (title.find(indexes) != std::string::npos)
                ++index_steps;
            if (title.find(derived) != std::string::npos && ++derived_steps == 1 && cancel)
                break;
        }
        EXPECT_EQ(job.error(), "");
        // One step per index, after the step that checked the last table's foreign keys.
        EXPECT_EQ(index_steps, ps_indexes + 1);
        if (cancel) {
            job.cancel();
            t.expect_unchanged();
            continue;
        }
        EXPECT_GE(derived_steps, 2);
        EXPECT_EQ(canonical(t.store.db()), canonical(shop().store.db()));
    }
}

TEST(Snapshot, CancelledExportEndsItsReadTransaction) {
    Database& a = shop().store.db();
    std::size_t written = 0;
    SnapshotExportJob ex(
        a, [&](std::string_view s) { written += s.size(); }, kCreated);
    while (ex.done() < 200)
        ASSERT_FALSE(ex.step(std::chrono::milliseconds(1)));
    EXPECT_TRUE(a.in_transaction());
    ex.cancel();
    EXPECT_TRUE(ex.cancelled());
    EXPECT_FALSE(a.in_transaction());
    EXPECT_GT(written, 0u);
}

TEST(Snapshot, AFailingSinkFailsTheExport) {
    Database& a = shop().store.db();
    SnapshotExportJob ex(
        a, [](std::string_view) { throw SnapshotError("disk full"); }, kCreated);
    run_to_completion(ex);
    EXPECT_EQ(ex.error(), "disk full");
    EXPECT_FALSE(a.in_transaction());
}

// --- 6. reading JSON written by others --------------------------------------------------------

TEST(Snapshot, ReadsJsonWrittenByOtherWriters) {
    // nlohmann with ensure_ascii escapes every non-ASCII character (emoji as surrogate pairs);
    // CRLF line ends, spaces, '\/', exponents, booleans are all valid JSON a snapshot may hold.
    json header = {{"format", "clientele-snapshot"},
                   {"format_version", 1},
                   {"schema_version", schema_version_latest()}};
    const std::string body = "Zoë 🎉 \"q\" \\ \n 日本 \x7f";
    json row1 = json::array({1, 7, "a@b.c", "Sujet", body, "k", "2026-01-01", nullptr});
    std::string text = header.dump(-1, ' ', true) + "\r\n";
    text +=
        R"({ "table" : "cl_outbox", "columns" : ["id","id_customer","email","subject","body","kind","date_add","sent_at"], "rows" : 3 })";
    text += "\r\n" + row1.dump(-1, ' ', true) + "\r\n";
    text += R"( [ 2 , -5 , "x\/y" , "" , "\u00e9\ud83c\udf89" , "k" , "2026-01-02" , 1E2 ] )";
    text += "\n";
    text += R"([3,true,"z","s","b","k","2026-01-03",-0.5e-3])";
    text += "\n\n";
    text += R"({"end":true,"tables":1,"rows":3})";
    text += "\n";
    Store b(":memory:");
    ASSERT_EQ(import_text(b.db(), text), "");
    Statement st = b.db().prepare("SELECT id_customer, email, subject, body, typeof(sent_at), "
                                  "sent_at FROM cl_outbox ORDER BY id");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 7);
    EXPECT_EQ(st.text(3), body);
    EXPECT_EQ(st.text(4), "null");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), -5);
    EXPECT_EQ(st.text(1), "x/y");
    EXPECT_EQ(st.text(2), "");
    EXPECT_EQ(st.text(3), "é🎉");
    EXPECT_EQ(st.text(4), "text"); // a REAL in a TEXT column: SQLite's affinity applies
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
    EXPECT_EQ(st.text(4), "text");
    // Every other table was emptied: the snapshot replaced the whole content.
    EXPECT_EQ(b.db().scalar_int("SELECT COUNT(*) FROM ps_lang"), 0);
}

// --- 7. the JSON Schema document --------------------------------------------------------------

TEST(Snapshot, TheSchemaDocumentDescribesTheFourKindsOfLines) {
    std::ifstream in(std::string(CLIENTELE_SOURCE_DIR) + "/docs/snapshot.schema.json");
    ASSERT_TRUE(in);
    json s = json::parse(in);
    EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    ASSERT_EQ(s["oneOf"].size(), 4u);
    EXPECT_EQ(s["$defs"]["header"]["properties"]["format"]["const"], snapshot::kFormat);
    // What the export writes in a header, a table line and the end line is described.
    const std::vector<std::string> lines = lines_of(shop().snapshot);
    for (auto& [def, line] : std::map<std::string, std::string>{
             {"header", lines[0]}, {"table", lines[1]}, {"end", lines.back()}}) {
        json j = json::parse(line);
        for (auto& [key, value] : j.items())
            EXPECT_TRUE(s["$defs"][def]["properties"].contains(key)) << def << "." << key;
        for (auto& key : s["$defs"][def]["required"])
            EXPECT_TRUE(j.contains(key.get<std::string>())) << def << "." << key;
    }
}
