// Bulk loading (demo data, imports, snapshots): while a BulkLoad is active inside a
// transaction, the insert triggers that maintain derived data stand aside (dropped, as they
// would only test the bulk_load flag on each row); the closing work recomputes the derived
// tables (cl_customer_stats, the full-text index) set-based and puts the triggers back.
//
// The closing work goes a part at a time (finish_step), so that a job can draw frames and be
// cancelled in between: each dropped index is built by one CREATE INDEX (SQLite cannot split
// one), then the derived figures are recomputed a range of customer ids at a time, each range
// sized to the time left in the step.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

class BulkLoad {
public:
    enum class Stage { Indexes, Derived, Done };

    // Every shop table (ps_...), for `index_tables`.
    static constexpr const char* kShopTables = "ps_*";

    // Needs an open transaction: the flag and the rows commit or roll back together.
    // `index_tables` (names, or GLOB patterns such as kShopTables): their secondary indexes are
    // dropped now and built again in the closing work — much faster when loading many rows
    // into a small table (not for adding a few rows to a big one).
    explicit BulkLoad(Database& db, const std::vector<std::string>& index_tables = {});
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;

    // Does the next part of the closing work, stopping at `deadline` where it can (one index
    // is always built whole). Returns true once everything is done and the triggers are back.
    bool finish_step(std::chrono::steady_clock::time_point deadline);
    // All of the closing work at once.
    void finish();

    // Progress of the closing work: the stage, and its units done and in all (indexes, then
    // customers).
    Stage stage() const { return stage_; }
    std::int64_t stage_done() const { return stage_done_; }
    std::int64_t stage_total() const { return stage_total_; }
    // The stage's name for a job's title, as a translation key.
    const char* stage_key() const;

private:
    void build_index(const std::string& sql);
    void start_derived();
    void end_derived();

    Database& db_;
    Stage stage_ = Stage::Indexes;
    std::int64_t stage_done_ = 0, stage_total_ = 0;
    std::vector<std::string> index_sql_, trigger_sql_;
    // Derived stage: the next range starts at next_id_; ranges are `range_` customers long,
    // resized after each one to the time it took.
    std::int64_t next_id_ = 0, range_ = 0;
    std::int64_t fts_hashsize_ = 0, fts_automerge_ = 0;
};

// Recomputes cl_customer_stats of the customers whose ids are in [first, last] (rows for ids in
// that range that are not customers go) and adds their search index entries, which must not be
// there yet: a BulkLoad empties the search index when it begins (empty_search_index).
void rebuild_derived(Database& db, std::int64_t first, std::int64_t last);

// Removes every entry of the customer search index. It is contentless: it cannot drop a row
// without that row's old text, so a rebuild starts from an empty index.
void empty_search_index(Database& db);

} // namespace clientele::core
