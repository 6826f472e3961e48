// PrestaShop CSV import of customers and addresses (Advanced parameters > Import in a shop's
// back office): the same files, the same column labels (English, French, or plain field
// names), the same defaults, with Clientèle's validation.
//
// How an import goes:
//   inspect(bytes)            encoding, delimiter, header, row count (throws for unreadable files)
//   auto_map(entity, headers) a field for each column ("" = ignored); the user may change it
//   preview(...)              the first rows, each cell with its validation result
//   ImportJob                 the import itself, a time-boxed Job in one transaction
//
// Rules worth knowing:
// - Customers are matched by e-mail (default; the file's ID column is then ignored) or by ID
//   (an ID that exists is updated, one that does not is inserted with that ID). A re-import
//   updates instead of duplicating. Addresses are matched by (customer, alias), or by address
//   ID when matching by ID.
// - On an update, columns that are not mapped keep their stored value; an empty password,
//   registration date, Active/Newsletter/Opt-in cell or Groups cell keeps it too.
// - Passwords are stored only as bcrypt hashes (a cell that already holds a "$2y$" hash is kept
//   as is). A row with an empty password creates an account without a password (the customer
//   sets one with "forgot password"). bcrypt costs ~70 ms per password at cost 10: an import
//   with passwords runs at about 15 rows/s, and a step of the job that hashes takes that long.
//   Without passwords the import runs at hundreds of thousands of rows per second.
// - Groups (comma-separated names or ids) that do not exist are created, as PrestaShop does;
//   so are countries and states (ISO code from the name's first two letters, made unique, in
//   an "Unassigned" zone). Countries are found by name in any language or by ISO code.
// - Brand and supplier addresses (Manufacturer/Supplier column, no customer) are skipped and
//   reported: Clientèle keeps customer addresses only.
// - Undo: an import of at most kUndoableRows rows is one undoable audit batch; a bigger one is
//   recorded in the log as a single marker entry (undo cannot revert it; per-row snapshots
//   would cost more than the import).
// - Big files (more rows than the database holds customers, resp. addresses, and at least
//   kBulkRows) are loaded with core::BulkLoad: indexes dropped and rebuilt, derived tables
//   recomputed at the end, a part per step (one index, or the derived figures of a range of
//   customers): the job's title then names the stage.
#pragma once

#include "core/csv_reader.h"
#include "core/jobs.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientele::core {
class Database;
}

namespace clientele::core::import {

inline constexpr std::int64_t kUndoableRows = 5000;
inline constexpr std::int64_t kBulkRows = 1000;

// A file that cannot be imported at all (empty, no header, a quote never closed, a bad mapping).
class ImportError : public std::runtime_error {
public:
    ImportError(std::int64_t line, const std::string& message);
    std::int64_t line() const { return line_; } // 0 when the problem is not at a line
    const std::string& reason() const { return reason_; }

private:
    std::int64_t line_;
    std::string reason_;
};

enum class Entity { Customers, Addresses };
enum class Mode { AllOrNothing, ValidRows };
enum class Match { Email, Id };

// A field a column can fill. `id` is the PrestaShop column name (id_customer, email, passwd, ...)
// or, for values that are resolved, the import field name (groups, customer_email, country).
// `label` is English, as in PrestaShop's import screen.
struct FieldDef {
    std::string id;
    std::string label;
    bool required;
};
const std::vector<FieldDef>& fields(Entity entity);

// What the reader saw in the file.
struct Table {
    std::string encoding; // as csv::Decoded::encoding: "UTF-8", "Windows-1252", ...
    char delimiter = ';';
    std::vector<std::string> headers;
    std::int64_t rows_estimate = 0; // data records (exact unless the file has defects)
};
// Throws ImportError for unreadable files (empty, no header, a quote that is never closed).
Table inspect(const std::string& bytes);

// A header as the matcher sees it: lower case, accents and '*' removed, parenthesised hints
// removed (but "(2)" kept as "2"), only letters and digits left: "Adresse (2)" -> "adresse2",
// "Titles ID (Mr = 1, Ms = 2, else 0)" -> "titlesid", "E-mail *" -> "email".
std::string normalize_header(const std::string& header);
// Per CSV column: the field id it fills, or "" (ignored). English and French PrestaShop labels,
// plain field names and common synonyms; each field is given to its first matching column.
std::vector<std::string> auto_map(Entity entity, const std::vector<std::string>& headers);

struct Options {
    Entity entity = Entity::Customers;
    Mode mode = Mode::AllOrNothing;
    Match match = Match::Email;
    std::vector<std::string> mapping; // per CSV column: field id or "" (ignored); empty: auto_map
    std::string today;                // YYYY-MM-DD for birth-date checks; empty: today (UTC)
    int password_cost = 10;           // bcrypt cost of imported plain passwords (tests: 4)
    std::optional<bool> bulk;         // force BulkLoad on or off; unset: by size (see above)
};

// Validation results for the preview: one CellCheck per mapped column of the row.
struct CellCheck {
    std::string field, value, error; // error empty when the cell is valid
};
struct PreviewRow {
    std::int64_t line = 0;
    std::vector<CellCheck> cells;
    std::string row_error; // problems of the row as a whole (field count, unknown customer, ...)
    std::string action;    // "insert", "update", "skip" or "" (invalid)
};
// The first `rows` data rows as the import would see them; writes nothing. Rows are checked
// one after the other, so a duplicate e-mail within the previewed rows is reported too.
std::vector<PreviewRow> preview(Database& db, Entity entity, const std::string& bytes,
                                const std::vector<std::string>& mapping, int rows = 10);
std::vector<PreviewRow> preview(Database& db, const Options& options, const std::string& bytes,
                                int rows = 10);

struct RowError {
    std::int64_t line = 0;
    std::string field; // the field id, or the CSV header when no field applies, or ""
    std::string reason;
};

struct Report {
    // imported + updated + skipped = data rows read. Rows with errors count as skipped; when an
    // all-or-nothing import fails, every row is skipped and imported = updated = 0.
    std::int64_t imported = 0, updated = 0, skipped = 0;
    std::vector<RowError> errors;
    std::vector<RowError> skipped_rows; // rows left out on purpose (field is empty)
    bool committed = false;
    std::int64_t groups_created = 0, countries_created = 0, states_created = 0;
    bool undoable = false; // one audit batch (undo reverts the import)
    bool bulk = false;     // loaded with BulkLoad
    // Time spent working (the job's steps, not the frames in between), and of that the final
    // rebuild of a bulk load (secondary indexes, search index, customer statistics).
    double work_seconds = 0, rebuild_seconds = 0;

    // {"imported": N, "updated": N, "skipped": N, "errors": [{"line": L, "field": "…",
    //  "reason": "…"}], "skipped_rows": [{"line": L, "reason": "…"}]}
    std::string to_json() const;
    // "line;field;reason" rows (errors, then skipped rows), formula-safe, Excel-friendly.
    std::string to_csv() const;
};

class Importer; // the row engine (importer.cpp)

// The import as a Job: one transaction from the first step to the last, so cancel() and
// failures roll everything back. Progress counts bytes of the (UTF-8) file.
class ImportJob : public Job {
public:
    ImportJob(Database& db, std::string bytes, Options options);
    ~ImportJob() override;
    std::string title() const override;
    void cancel() override;
    const Report& report() const { return report_; }
    // The file as read (valid once the first step has run).
    const Table& table() const { return table_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;
    void on_failure() override;

private:
    // After the last row: refuses an all-or-nothing import with errors, or starts closing it.
    bool finish();
    // Closing an import a part at a time: the bulk load's indexes and derived tables, commit.
    bool close(std::chrono::steady_clock::time_point deadline);
    // Progress in the closing work's units (its stage's indexes, then customers).
    void closing_progress();
    Database& db_;
    std::string bytes_;
    Options options_;
    Table table_;
    Report report_;
    std::unique_ptr<Importer> engine_;
    csv::Record record_;
    bool pending_ = false; // record_ is read but not processed yet
    bool closing_ = false; // every row is read; the import is being closed
    std::int64_t unlisted_errors_ = 0;
};

// Runs an import to the end (CLI, tests).
Report run_import(Database& db, const std::string& bytes, const Options& options);

// A PrestaShop customers file of `rows` customers (';', English labels, no passwords, unique
// e-mails, groups "Customer"), deterministic for a seed: for benchmarks and tests.
std::string make_sample_customers_csv(std::int64_t rows, std::uint64_t seed);

} // namespace clientele::core::import
