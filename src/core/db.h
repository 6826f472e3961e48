// RAII over sqlite3: Database, Statement and Transaction (rolls back unless committed).
// User text only ever reaches SQLite through Statement::bind; SQL strings are constants in core/.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace clientele::core {

class DbError : public std::runtime_error {
public:
    DbError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

// A NULL to bind, distinct from an empty string.
struct Null {};

enum class ColumnKind { Null, Integer, Real, Text, Blob };

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, bool v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, Null);
    template <typename T> Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bind(index, Null{});
    }
    Statement& bind_blob(int index, const void* data, std::size_t size);

    // Binds each argument to ?1, ?2, ... in order.
    template <typename... Args> Statement& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    // Steps once: true when a row is available.
    bool step();
    // Runs to completion (for statements without rows).
    void run();
    void reset();

    int column_count() const;
    bool is_null(int col) const;
    ColumnKind kind(int col) const;
    std::int64_t int64(int col) const;
    int int32(int col) const { return static_cast<int>(int64(col)); }
    double real(int col) const;
    std::string text(int col) const;
    std::optional<std::string> opt_text(int col) const;
    std::string column_name(int col) const;
    sqlite3_stmt* handle() const { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

class Database {
public:
    // ":memory:" for an in-memory database.
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    // Convenience for single-value queries.
    std::int64_t scalar_int(std::string_view sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    bool in_transaction() const;
    std::int64_t size_bytes();
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    // Listeners run after every successful outermost commit (the platform persists then,
    // views refresh their figures). A counter lets views notice changes cheaply.
    void add_commit_listener(std::function<void()> listener) {
        on_commit_.push_back(std::move(listener));
    }
    void notify_committed() {
        ++data_version_;
        for (auto& f : on_commit_)
            f();
    }
    std::uint64_t data_version() const { return data_version_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    std::vector<std::function<void()>> on_commit_;
    std::uint64_t data_version_ = 0;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless commit() ran.
// Nested use is allowed: an inner Transaction becomes a SAVEPOINT.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool nested_ = false;
    bool done_ = false;
    std::string savepoint_;
};

} // namespace clientele::core
