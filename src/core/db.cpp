#include "core/db.h"

#include <sqlite3.h>

namespace clientele::core {

namespace {
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
    std::string msg(context);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw DbError(rc, msg);
}
} // namespace

// --- Statement --------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), 0, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        fail(db, rc, "prepare");
}

Statement::~Statement() {
    if (stmt_)
        sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t v) {
    int rc = sqlite3_bind_int64(stmt_, index, v);
    if (rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double v) {
    int rc = sqlite3_bind_double(stmt_, index, v);
    if (rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
    int rc =
        sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, Null) {
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    int rc = sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const {
    return sqlite3_column_count(stmt_);
}
bool Statement::is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
ColumnKind Statement::kind(int col) const {
    switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER:
        return ColumnKind::Integer;
    case SQLITE_FLOAT:
        return ColumnKind::Real;
    case SQLITE_TEXT:
        return ColumnKind::Text;
    case SQLITE_BLOB:
        return ColumnKind::Blob;
    default:
        return ColumnKind::Null;
    }
}

std::int64_t Statement::int64(int col) const {
    return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
    return sqlite3_column_double(stmt_, col);
}

std::string Statement::text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    if (!p)
        return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::opt_text(int col) const {
    if (is_null(col))
        return std::nullopt;
    return text(col);
}

std::string Statement::column_name(int col) const {
    return sqlite3_column_name(stmt_, col);
}

// --- Database ---------------------------------------------------------------------------------

Database::Database(const std::string& path) : path_(path) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = "cannot open database '" + path + "'";
        if (db_) {
            msg += std::string(": ") + sqlite3_errmsg(db_);
            sqlite3_close(db_);
            db_ = nullptr;
        }
        throw DbError(rc, msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    exec("PRAGMA foreign_keys = ON");
    // Temporary files on disk (in memory in the browser): SQLite's sorter then sorts runs of
    // the page cache's size and merges them, which BulkLoad uses to build indexes faster. With
    // temp_store = MEMORY every sort is one run in memory, however big.
    exec("PRAGMA temp_store = FILE");
    exec("PRAGMA cache_size = -65536"); // 64 MiB page cache: list queries touch many pages
}

Database::~Database() {
    if (db_)
        sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbError(rc, "exec: " + msg);
    }
}

std::int64_t Database::scalar_int(std::string_view sql) {
    Statement st = prepare(sql);
    return st.step() ? st.int64(0) : 0;
}

std::int64_t Database::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
    return sqlite3_changes(db_);
}
bool Database::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

std::int64_t Database::size_bytes() {
    return scalar_int("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
}

// --- Transaction ------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) {
    static int counter = 0;
    nested_ = db.in_transaction();
    if (nested_) {
        savepoint_ = "sp" + std::to_string(++counter);
        db_.exec("SAVEPOINT " + savepoint_);
    } else {
        db_.exec("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction() {
    if (done_)
        return;
    try {
        if (nested_) {
            db_.exec("ROLLBACK TO " + savepoint_);
            db_.exec("RELEASE " + savepoint_);
        } else if (db_.in_transaction()) {
            db_.exec("ROLLBACK");
        }
    } catch (...) {
        // A destructor must not throw; SQLite already rolled back if the connection failed.
    }
}

void Transaction::commit() {
    if (nested_) {
        db_.exec("RELEASE " + savepoint_);
    } else {
        db_.exec("COMMIT");
    }
    done_ = true;
    if (!nested_)
        db_.notify_committed();
}

} // namespace clientele::core
