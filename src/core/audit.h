// The audit log: every change a command makes is recorded as a row snapshot (old -> new, as
// JSON) in cl_audit, grouped in batches (one per command). Undo replays a batch backwards
// from the snapshots; redo replays it forwards. Table and column names come from the schema
// (PRAGMA table_info of our own tables), never from user text.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

namespace audit {

// Starts a batch for one command; later records share it. Discards the redo history.
std::int64_t begin_batch(Database& db);

// The whole row of `table` whose primary key columns equal `key` (e.g. {"id_customer": 7}),
// or null when there is no such row.
nlohmann::json snapshot(Database& db, const std::string& table, const nlohmann::json& key);

// Records one change. action: "create", "update" or "delete". `before`/`after` are full row
// snapshots (null for the side that does not exist). `entity_id` is the customer the change
// belongs to (0 when none), so a customer's timeline is one indexed query across tables.
// `summary` is a short human text.
// Password hashes are replaced by a marker unless `keep_password_hash`: only a command that
// deletes an account and must give it back exactly on undo (a merge) asks for it.
void record(Database& db, std::int64_t batch, const std::string& action, const std::string& table,
            std::int64_t entity_id, const nlohmann::json& before, const nlohmann::json& after,
            const std::string& summary, bool keep_password_hash = false);

// Convenience: snapshot before, run the change, snapshot after and record it.
template <typename F>
void tracked_update(Database& db, std::int64_t batch, const std::string& table,
                    const nlohmann::json& key, std::int64_t entity_id, const std::string& summary,
                    F&& change) {
    nlohmann::json before = snapshot(db, table, key);
    change();
    nlohmann::json after = snapshot(db, table, key);
    if (before != after)
        record(db, batch,
               before.is_null()  ? "create"
               : after.is_null() ? "delete"
                                 : "update",
               table, entity_id, before, after, summary);
}

struct Entry {
    std::int64_t id = 0, batch = 0, entity_id = 0;
    std::string at, actor, action, entity, summary;
    nlohmann::json before, after;
    bool undone = false;
};

// Reverts the newest batch that is not undone, in one transaction. Returns its summary, or
// nullopt when there is nothing to undo.
std::optional<std::string> undo(Database& db);
// Re-applies the oldest undone batch (after an undo and before any new change).
std::optional<std::string> redo(Database& db);
bool can_undo(Database& db);
bool can_redo(Database& db);

// A customer's activity timeline, newest first: every change that belongs to them.
std::vector<Entry> entries_for_customer(Database& db, std::int64_t id_customer, int limit = 100);

} // namespace audit
} // namespace clientele::core
