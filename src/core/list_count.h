// The count of a paged list's filter (carts, orders, threads, addresses, outstanding, reviews,
// subscriptions) in time-boxed steps, for a UI that must not block a frame (the web build has
// no threads). Each list describes its filter as a ListSql; query functions count it in one
// statement (count_list), the UI with a ListCounter:
//  - the first step tries the whole count and gives up at its deadline (an index usually
//    answers at once);
//  - then each step counts ranges of the table's integer key (its rowid), sized from the time
//    the previous ranges took so that a step ends near its deadline, whatever the filter costs
//    per row. The final count equals count_list's.
// A change of the data between steps is the caller's to notice (Database::data_version) by
// starting a new counter.
#pragma once

#include "core/db.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clientele::core {

// "SELECT COUNT(*) FROM <table> <alias> WHERE <where>" with the values bound as ?1..?n.
// `key` is the table's INTEGER PRIMARY KEY column (without the alias). Only constant SQL and
// placeholders go in `where`: every user value is in `params`.
struct ListSql {
    std::string table, alias, key;
    std::string where = "1";
    std::vector<std::string> params;
};

// The count in one statement.
std::int64_t count_list(Database& db, const ListSql& sql);

// A page of the list: " LIMIT ?n+1 OFFSET ?n+2" (n: the filter's values) to end the page's
// SELECT ... WHERE <where> ORDER BY ..., and the binding of every value of it.
std::string limit_offset_sql(const ListSql& sql);
void bind_page(Statement& st, const ListSql& sql, std::int64_t limit, std::int64_t offset);

// Reads a page of the list, calling `row` for each row: `columns` ("SELECT ...", over the
// list's alias and the tables of `joins`) of the rows "FROM <table> <alias> <joins>" whose keys
// a first statement picks: the filter, ORDER BY `order`, limit and offset, over the list's table
// alone. So the columns (names from other tables, subqueries) are computed for the page's rows
// only, never for all the rows the sort reads. When `unindexed_order` is not empty, that first
// walk of the sort order (fast when matches are dense) is given up after `walk_time`,
// `restart` is called, and the page is read ordered by `unindexed_order`: the same order
// written so that no index can serve it (a unary + on its columns), so that the filters'
// indexes find the matches, then they are sorted (fast when matches are sparse).
void read_list_page(Database& db, const ListSql& sql, const std::string& columns,
                    const std::string& joins, const std::string& order,
                    const std::string& unindexed_order, std::int64_t limit, std::int64_t offset,
                    const std::function<void(Statement&)>& row,
                    const std::function<void()>& restart,
                    std::chrono::milliseconds walk_time = std::chrono::milliseconds(30));

class ListCounter {
public:
    ListCounter(Database& db, ListSql sql);
    ~ListCounter();
    ListCounter(const ListCounter&) = delete;
    ListCounter& operator=(const ListCounter&) = delete;

    // Counts until `deadline` (at least one range per call after the first); true once the
    // count is exact.
    bool step(std::chrono::steady_clock::time_point deadline);
    bool done() const;
    // Matches found so far; the total once done().
    std::int64_t count() const;
    // Share of the key range already counted (0 to 1).
    double progress() const;
    // For tests and the bench: calls of step() and ranges counted.
    std::int64_t steps() const;
    std::int64_t ranges() const;
    // Tests force many small ranges: the size of every range (0: sized from the budget), and
    // no attempt at the whole count.
    void set_fixed_range(std::int64_t keys);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace clientele::core
