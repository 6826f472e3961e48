// Sections: 1. table metadata  2. snapshots and records  3. undo and redo  4. queries
#include "core/audit.h"

#include "core/consents.h"
#include "core/db.h"
#include "core/db_json.h"
#include "core/store.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace clientele::core::audit {

namespace {

// --- 1. table metadata ----------------------------------------------------------------------

struct TableInfo {
    std::vector<std::string> columns;
    std::vector<std::string> key; // primary key columns
};

// Only tables that exist in our schema are accepted; their names and columns are then
// schema constants, quoted as identifiers.
TableInfo table_info(Database& db, const std::string& table) {
    Statement exists =
        db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1 "
                   "AND (name LIKE 'ps!_%' ESCAPE '!' OR name LIKE 'cl!_%' ESCAPE '!')");
    exists.bind(1, table);
    if (!exists.step())
        throw std::invalid_argument("audit: unknown table '" + table + "'");
    TableInfo info;
    Statement st = db.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    std::vector<std::pair<std::int64_t, std::string>> pk;
    while (st.step()) {
        info.columns.push_back(st.text(0));
        if (st.int64(1) > 0)
            pk.emplace_back(st.int64(1), st.text(0));
    }
    std::sort(pk.begin(), pk.end());
    for (auto& [n, name] : pk)
        info.key.push_back(name);
    return info;
}

std::string ident(const std::string& identifier) {
    return "\"" + identifier + "\"";
}

void bind_json(Statement& st, int index, const nlohmann::json& v) {
    if (v.is_null())
        st.bind(index, Null{});
    else if (v.is_boolean())
        st.bind(index, v.get<bool>());
    else if (v.is_number_integer())
        st.bind(index, v.get<std::int64_t>());
    else if (v.is_number())
        st.bind(index, v.get<double>());
    else if (v.is_string())
        st.bind(index, v.get<std::string>());
    else
        st.bind(index, v.dump());
}

std::string key_where(const TableInfo& info, int first_param) {
    std::string sql;
    int i = first_param;
    for (const std::string& k : info.key) {
        if (!sql.empty())
            sql += " AND ";
        sql += ident(k) + " = ?" + std::to_string(i++);
    }
    return sql;
}

// --- 3. undo and redo helpers ---------------------------------------------------------------

// Makes the row of `table` identified by `key` equal to `row` (null: absent).
void restore(Database& db, const std::string& table, const nlohmann::json& key,
             const nlohmann::json& row) {
    TableInfo info = table_info(db, table);
    Statement del = db.prepare("DELETE FROM " + ident(table) + " WHERE " + key_where(info, 1));
    int i = 1;
    for (const std::string& k : info.key)
        bind_json(del, i++, key.value(k, nlohmann::json()));
    if (row.is_null()) {
        del.run();
        return;
    }
    // Update in place when the row exists (keeps triggers' derived rows), else insert.
    std::string set;
    for (const std::string& c : info.columns) {
        if (!set.empty())
            set += ", ";
        set += ident(c) + " = ?" + std::to_string(&c - info.columns.data() + 1);
    }
    Statement up = db.prepare("UPDATE " + ident(table) + " SET " + set + " WHERE " +
                              key_where(info, static_cast<int>(info.columns.size()) + 1));
    i = 1;
    for (const std::string& c : info.columns)
        bind_json(up, i++, row.value(c, nlohmann::json()));
    for (const std::string& k : info.key)
        bind_json(up, i++, key.value(k, nlohmann::json()));
    up.run();
    if (db.changes() > 0)
        return;
    std::string cols, params;
    for (std::size_t n = 0; n < info.columns.size(); ++n) {
        cols += (n ? ", " : "") + ident(info.columns[n]);
        params += (n ? ", ?" : "?") + std::to_string(n + 1);
    }
    Statement ins =
        db.prepare("INSERT INTO " + ident(table) + " (" + cols + ") VALUES (" + params + ")");
    i = 1;
    for (const std::string& c : info.columns)
        bind_json(ins, i++, row.value(c, nlohmann::json()));
    ins.run();
}

nlohmann::json key_of(Database& db, const std::string& table, const nlohmann::json& row) {
    nlohmann::json key = nlohmann::json::object();
    for (const std::string& k : table_info(db, table).key)
        key[k] = row.value(k, nlohmann::json());
    return key;
}

struct BatchRow {
    std::string table;
    nlohmann::json before, after;
};

std::vector<BatchRow> batch_rows(Database& db, std::int64_t batch) {
    std::vector<BatchRow> rows;
    Statement st = db.prepare(
        "SELECT entity, old_values, new_values FROM cl_audit WHERE batch = ?1 ORDER BY id");
    st.bind(1, batch);
    while (st.step()) {
        BatchRow r;
        r.table = st.text(0);
        r.before = st.is_null(1) ? nlohmann::json() : nlohmann::json::parse(st.text(1));
        r.after = st.is_null(2) ? nlohmann::json() : nlohmann::json::parse(st.text(2));
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string batch_summary(Database& db, std::int64_t batch) {
    Statement st = db.prepare("SELECT summary FROM cl_audit WHERE batch = ?1 ORDER BY id LIMIT 1");
    st.bind(1, batch);
    return st.step() ? st.text(0) : std::string();
}

} // namespace

// --- 2. snapshots and records ---------------------------------------------------------------

std::int64_t begin_batch(Database& db) {
    // A new change makes the undone batches unreachable for redo.
    db.exec("UPDATE cl_audit SET undone = 2 WHERE undone = 1");
    return db.scalar_int("SELECT COALESCE(MAX(batch), 0) + 1 FROM cl_audit");
}

nlohmann::json snapshot(Database& db, const std::string& table, const nlohmann::json& key) {
    TableInfo info = table_info(db, table);
    std::string cols;
    for (std::size_t n = 0; n < info.columns.size(); ++n)
        cols += (n ? ", " : "") + ident(info.columns[n]);
    Statement st =
        db.prepare("SELECT " + cols + " FROM " + ident(table) + " WHERE " + key_where(info, 1));
    int i = 1;
    for (const std::string& k : info.key)
        bind_json(st, i++, key.value(k, nlohmann::json()));
    if (!st.step())
        return nullptr;
    nlohmann::json row = nlohmann::json::object();
    for (std::size_t n = 0; n < info.columns.size(); ++n)
        row[info.columns[n]] = column_json(st, static_cast<int>(n));
    return row;
}

void record(Database& db, std::int64_t batch, const std::string& action, const std::string& table,
            std::int64_t entity_id, const nlohmann::json& before, const nlohmann::json& after,
            const std::string& summary, bool keep_password_hash) {
    // Password hashes never reach the log (unless asked): the hash is replaced by a marker.
    auto scrub = [keep_password_hash](nlohmann::json row) {
        if (!keep_password_hash && row.is_object() && row.contains("passwd"))
            row["passwd"] = "[hash]";
        return row;
    };
    Statement st = db.prepare(
        "INSERT INTO cl_audit(batch, at, actor, action, entity, entity_id, summary, old_values, "
        "new_values) VALUES (?1, ?2, 'employee', ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind_all(batch, now_datetime(), action, table, entity_id, summary);
    if (before.is_null())
        st.bind(7, Null{});
    else
        st.bind(7, scrub(before).dump());
    if (after.is_null())
        st.bind(8, Null{});
    else
        st.bind(8, scrub(after).dump());
    st.run();
}

// --- 3. undo and redo -------------------------------------------------------------------------

// A password change is not undoable through the log (the hash is not kept there): undo keeps
// the current hash for rows whose logged value is the marker.
static nlohmann::json keep_current_hash(Database& db, const std::string& table,
                                        nlohmann::json row) {
    if (!row.is_object() || !row.contains("passwd") || row["passwd"] != "[hash]")
        return row;
    nlohmann::json current = snapshot(db, table, key_of(db, table, row));
    row["passwd"] = current.is_null() ? nlohmann::json("") : current["passwd"];
    return row;
}

std::optional<std::string> undo(Database& db) {
    std::int64_t batch =
        db.scalar_int("SELECT COALESCE(MAX(batch), 0) FROM cl_audit WHERE undone = 0");
    if (batch == 0)
        return std::nullopt;
    Transaction tx(db);
    auto rows = batch_rows(db, batch);
    {
        ConsentSource source(db, "undo");
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            const nlohmann::json& any = it->before.is_null() ? it->after : it->before;
            restore(db, it->table, key_of(db, it->table, any),
                    keep_current_hash(db, it->table, it->before));
        }
    }
    db.prepare("UPDATE cl_audit SET undone = 1 WHERE batch = ?1").bind_all(batch).run();
    tx.commit();
    return batch_summary(db, batch);
}

std::optional<std::string> redo(Database& db) {
    std::int64_t batch =
        db.scalar_int("SELECT COALESCE(MIN(batch), 0) FROM cl_audit WHERE undone = 1");
    if (batch == 0)
        return std::nullopt;
    Transaction tx(db);
    {
        ConsentSource source(db, "undo");
        for (const BatchRow& r : batch_rows(db, batch)) {
            const nlohmann::json& any = r.after.is_null() ? r.before : r.after;
            restore(db, r.table, key_of(db, r.table, any), keep_current_hash(db, r.table, r.after));
        }
    }
    db.prepare("UPDATE cl_audit SET undone = 0 WHERE batch = ?1").bind_all(batch).run();
    tx.commit();
    return batch_summary(db, batch);
}

bool can_undo(Database& db) {
    return db.scalar_int("SELECT EXISTS (SELECT 1 FROM cl_audit WHERE undone = 0)") != 0;
}

bool can_redo(Database& db) {
    return db.scalar_int("SELECT EXISTS (SELECT 1 FROM cl_audit WHERE undone = 1)") != 0;
}

// --- 4. queries --------------------------------------------------------------------------------

std::vector<Entry> entries_for_customer(Database& db, std::int64_t id_customer, int limit) {
    std::vector<Entry> out;
    Statement st = db.prepare(
        "SELECT id, batch, at, actor, action, entity, entity_id, summary, old_values, new_values, "
        "undone FROM cl_audit WHERE entity_id = ?1 ORDER BY id DESC LIMIT ?2");
    st.bind_all(id_customer, limit);
    while (st.step()) {
        Entry e;
        e.id = st.int64(0);
        e.batch = st.int64(1);
        e.at = st.text(2);
        e.actor = st.text(3);
        e.action = st.text(4);
        e.entity = st.text(5);
        e.entity_id = st.int64(6);
        e.summary = st.text(7);
        e.before = st.is_null(8) ? nlohmann::json() : nlohmann::json::parse(st.text(8));
        e.after = st.is_null(9) ? nlohmann::json() : nlohmann::json::parse(st.text(9));
        e.undone = st.int64(10) != 0;
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace clientele::core::audit
