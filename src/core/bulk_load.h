// Bulk loading (demo data, imports, snapshots): while a BulkLoad is active inside a
// transaction, the insert triggers that maintain derived data stand aside (dropped, as they
// would only test the bulk_load flag on each row); finish() recomputes the derived tables
// (cl_customer_stats, the full-text index) set-based and puts the triggers back.
#pragma once

#include <string>
#include <vector>

namespace clientele::core {

class Database;

class BulkLoad {
public:
    // Needs an open transaction: the flag and the rows commit or roll back together.
    // `rebuild_indexes`: drop the secondary indexes of the ps_ tables now and build them again
    // in finish() — much faster when loading many rows into a small database (not for adding
    // a few rows to a big one).
    explicit BulkLoad(Database& db, bool rebuild_indexes = false);
    BulkLoad(const BulkLoad&) = delete;
    BulkLoad& operator=(const BulkLoad&) = delete;
    // Recomputes the derived tables and turns the triggers back on.
    void finish();

private:
    Database& db_;
    bool finished_ = false;
    std::vector<std::string> index_sql_, trigger_sql_;
};

// Recomputes cl_customer_stats and the customer search index from the base tables.
void rebuild_derived(Database& db);

} // namespace clientele::core
