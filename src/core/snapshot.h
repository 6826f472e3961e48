// A snapshot of the whole database as JSON Lines (docs/snapshot.schema.json): one header
// line, then for each table a table line followed by one JSON array per row, then an end line.
// Export and import are jobs that stream: the export writes as it reads (one read transaction,
// so the snapshot is consistent), the import reads line by line and writes in one transaction
// kept open from its first step to its last, so cancel or any error leaves the database exactly
// as it was. Tables and columns are enumerated from the database schema, never hard-coded.
//
//   {"format":"clientele-snapshot","format_version":1,"schema_version":1,"created":"…",
//    "app":"clientele","tables":52,"rows":1234}
//   {"table":"ps_customer","columns":["id_customer","firstname",…],"rows":2}
//   [1,"John","DOE",…]
//   [2,"Zoë","Æsir",…]
//   …
//   {"end":true,"tables":52,"rows":1234}
//
// Values: integers, reals (shortest text that reads back bit-exactly), strings (UTF-8), null;
// a BLOB is {"base64":"…"}, a TEXT value that is not valid UTF-8 is {"text_base64":"…"}, an
// infinite REAL is {"real":"Infinity"} or {"real":"-Infinity"}.
//
// Not in a snapshot: SQLite's own tables (sqlite_*), virtual tables and their shadow tables
// (the full-text index), and the tables the app derives or keeps for itself — cl_customer_stats
// (recomputed on import by rebuild_derived) and cl_state (the bulk-load flag).
#pragma once

#include "core/jobs.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clientele::core {

class BulkLoad;
class Database;
class Statement;
class Transaction;

namespace snapshot {

inline constexpr const char* kFormat = "clientele-snapshot";
inline constexpr int kFormatVersion = 1;

// The oldest schema version whose snapshots this build loads. Snapshots from that version up
// to the current one load when every table and column they hold still exists (migrations so
// far only add tables and columns): a column the snapshot lacks takes its default, a table it
// lacks ends up empty. A migration that renames or reshapes data must raise this.
int oldest_loadable_schema_version();

// The tables a snapshot holds, parents before children (foreign keys), then creation order.
std::vector<std::string> tables(Database& db);

} // namespace snapshot

// A snapshot that cannot be read or loaded (the message says why, with the line number).
struct SnapshotError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where an import reads its lines from: a stream (CLI, file) or a string already in memory
// (the browser's uploaded file).
class LineSource {
public:
    virtual ~LineSource() = default;
    // The next line without its line break ("\n" or "\r\n"); the view stays valid until the
    // next call. False at the end of the input.
    virtual bool next(std::string_view& line) = 0;
    virtual std::int64_t bytes_read() const = 0;
    // The input's size when known (for progress), else -1.
    virtual std::int64_t bytes_total() const { return -1; }
};

class StreamLineSource : public LineSource {
public:
    explicit StreamLineSource(std::istream& in);
    bool next(std::string_view& line) override;
    std::int64_t bytes_read() const override { return read_; }
    std::int64_t bytes_total() const override { return total_; }

private:
    std::istream& in_;
    std::string line_;
    std::int64_t read_ = 0, total_ = -1;
};

class StringLineSource : public LineSource {
public:
    explicit StringLineSource(std::string text) : text_(std::move(text)) {}
    bool next(std::string_view& line) override;
    std::int64_t bytes_read() const override { return static_cast<std::int64_t>(pos_); }
    std::int64_t bytes_total() const override { return static_cast<std::int64_t>(text_.size()); }

private:
    std::string text_;
    std::size_t pos_ = 0;
};

// Receives the snapshot text in pieces of up to about 64 KiB, in order.
using SnapshotSink = std::function<void(std::string_view)>;

// Writes the whole database as a snapshot. done()/total() count rows. The read transaction is
// opened by the first step and ended by the last (or by cancel); the app must not write
// through the same connection meanwhile (the shell runs one job at a time).
class SnapshotExportJob : public Job {
public:
    // `created`: the header's timestamp (empty: now, UTC, ISO 8601).
    SnapshotExportJob(Database& db, SnapshotSink sink, std::string created = {});
    // Writes to `out` (which must outlive the job); a write failure fails the job.
    SnapshotExportJob(Database& db, std::ostream& out, std::string created = {});
    ~SnapshotExportJob() override;
    std::string title() const override;
    void cancel() override;
    std::int64_t tables_written() const { return tables_written_; }
    std::int64_t rows_written() const { return rows_written_; }
    std::int64_t bytes_written() const { return bytes_written_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    void flush();
    void end_read();

    enum class Phase { Start, Count, Header, Tables, End };
    Database& db_;
    SnapshotSink sink_;
    std::string created_;
    Phase phase_ = Phase::Start;
    bool own_read_ = false;
    struct Table {
        std::string name;
        std::vector<std::string> columns;
        std::string select;
        std::int64_t rows = 0;
    };
    std::vector<Table> tables_;
    std::size_t current_ = 0;
    std::unique_ptr<Statement> rows_;
    std::int64_t table_rows_ = 0;
    std::string buffer_;
    std::int64_t tables_written_ = 0, rows_written_ = 0, bytes_written_ = 0;
};

// Replaces the whole content of the database with a snapshot, in one transaction. Refuses
// (nothing changed) a missing or invalid header, an unknown format, a newer format or schema
// version, a schema version too old to load; fails and rolls back on an unknown table or
// column, a row with the wrong number of values, a broken foreign key, a truncated file.
// done()/total() count rows (bytes when the header does not give the row count).
class SnapshotImportJob : public Job {
public:
    SnapshotImportJob(Database& db, std::unique_ptr<LineSource> source);
    // Reads from `in` (which must outlive the job).
    SnapshotImportJob(Database& db, std::istream& in);
    // The snapshot's text, already in memory.
    SnapshotImportJob(Database& db, std::string text);
    ~SnapshotImportJob() override;
    std::string title() const override;
    void cancel() override;
    int schema_version() const { return schema_version_; }
    std::int64_t tables_loaded() const { return tables_loaded_; }
    std::int64_t rows_loaded() const { return rows_loaded_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    void read_header();
    void clear_tables(std::chrono::steady_clock::time_point deadline);
    bool load(std::chrono::steady_clock::time_point deadline);
    void begin_table(std::string_view line);
    void end_table();
    void finish_lines(std::string_view line);
    void insert_row(std::string_view line);
    void check_foreign_keys(const std::string& table);
    void update_progress();
    void release();

    enum class Phase { Header, Clear, Load, Check, Rebuild, Commit };
    Database& db_;
    std::unique_ptr<LineSource> source_;
    Phase phase_ = Phase::Header;
    std::int64_t line_no_ = 0;
    int schema_version_ = 0;
    bool by_rows_ = false;             // progress in rows (the header gave the total) or in bytes
    std::vector<std::string> targets_; // tables of the database, parents first
    std::vector<std::string> seen_;    // tables the snapshot has filled so far
    std::size_t clear_next_ = 0;       // tables emptied so far (children first)
    std::size_t check_next_ = 0;       // tables whose foreign keys are checked so far
    std::unique_ptr<Transaction> tx_;
    std::unique_ptr<BulkLoad> bulk_;
    std::unique_ptr<Statement> insert_;
    std::string table_;
    std::size_t columns_ = 0;
    std::int64_t declared_rows_ = 0, table_rows_ = 0;
    std::int64_t loaded_total_ = 0; // progress total of the load, put back once committed
    std::int64_t tables_loaded_ = 0, rows_loaded_ = 0;
    struct Cells;
    std::unique_ptr<Cells> cells_;
};

// What an export or import did (CLI, benchmark).
struct SnapshotSummary {
    std::int64_t tables = 0, rows = 0, bytes = 0;
    double seconds = 0;
};

// Run a job to the end; throw SnapshotError with the job's message when it fails.
SnapshotSummary export_snapshot(Database& db, std::ostream& out);
SnapshotSummary import_snapshot(Database& db, std::istream& in);

} // namespace clientele::core
