// The customers grid query engine: a plain query spec (global search, per-column filters,
// sort, offset/limit) turned into SQL over whitelisted column expressions with every user
// value bound as a parameter; returns a page of plain structs plus the total count.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

enum class ColumnType { Integer, Text, Money, Date, Bool };

struct ColumnInfo {
    const char* id;        // stable id used by views, filters, saved views, the CLI ("email")
    const char* label_key; // translation key ("col.email")
    ColumnType type;
};

// Every column of the customers grid, in default order; the last, "rfm", is the RFM segment's
// name (core/rfm.h: a Text column sorted by name and filtered with "contains" through the index
// on the segment id).
const std::vector<ColumnInfo>& customer_columns();
const ColumnInfo* find_customer_column(const std::string& id);

// One column filter. Text: `text` is "contains" (case-insensitive). Integer, Money: `min`/`max`
// (inclusive). Date: `date_from`/`date_to` (YYYY-MM-DD, inclusive). Bool: `yes`.
// For "age" (Integer) min/max are years.
struct ColumnFilter {
    std::string column;
    std::string text;
    std::optional<double> min, max;
    std::string date_from, date_to;
    std::optional<bool> yes;
};

struct SortSpec {
    std::string column;
    bool descending = false;
};

struct CustomerQuery {
    std::string search; // global search: id, "first last", e-mail, company, last-visit IP
    std::vector<ColumnFilter> filters;
    std::vector<SortSpec> sort; // empty: by id ascending
    // A segment's text (core/segments.h), ANDed with the rest; a bad one throws SegmentError
    // (an std::invalid_argument with the position).
    std::string segment;
    std::int64_t offset = 0;
    int limit = 100;
    bool include_deleted = false; // soft-deleted customers are hidden unless asked
    std::string today;            // YYYY-MM-DD used for ages; empty: the current date
};

struct CustomerRow {
    std::int64_t id = 0;
    std::string title; // gender name in the current language, "" when none
    std::string firstname, lastname, email, company;
    std::string default_group;
    double sales = 0;
    std::int64_t valid_orders = 0;
    bool active = false, newsletter = false, optin = false, is_guest = false, deleted = false;
    std::optional<int> age;
    std::string date_add, last_visit, country, shop;
    std::string rfm; // RFM segment name, "" when not scored
    // Store Commander colour codes.
    bool has_valid_order = false;  // name cell green
    bool delivery_differs = false; // last delivery address differs from the invoice address
};

struct CustomerPage {
    std::int64_t total = 0;
    std::vector<CustomerRow> rows;
};

// Throws std::invalid_argument with a clear message for an unknown column or a bad value.
CustomerPage query_customers(Database& db, const CustomerQuery& q, int id_lang = 1);
// Only the ids of every matching customer, in sort order (for "select all results" and bulk
// actions). id_lang is the language of the names that text filters on title, default_group
// and country compare with.
std::vector<std::int64_t> query_customer_ids(Database& db, const CustomerQuery& q, int id_lang = 1);
// Only the count.
std::int64_t count_customers(Database& db, const CustomerQuery& q, int id_lang = 1);

// How many matches a page read first fetches in one go (any order): when that is all of them,
// the count is their number and only those are sorted, so a filter no index serves scans the
// table once. 0 disables it (tests use that to exercise the other plans on small data).
// `count_chunk`: ids per unit of a CustomerCounter (a range, a batch of full-text matches); 0
// (the default) lets the counter first try the whole count within a step's budget, then size
// its units to the budget. Tests set a small fixed size to force many steps.
struct CustomerQueryTuning {
    std::int64_t probe = 2000;
    std::int64_t count_chunk = 0;
};
CustomerQueryTuning& customer_query_tuning();

// The customers' ids in a grid's recent sort orders, kept in memory (every customer, deleted
// ones too, about 8 bytes each): a page of any search or filter in such an order is then read
// from memory through a counter's bitmap, however deep, instead of walking the order's index up
// to its offset. A CustomerCounter's steps read the most recently asked order once its count
// and pass are done (time-boxed; each step resumes after the last row read by seeking the
// index on that row's keys). A grid passes one cache to all its counters so that a new search
// or filter finds its orders read. Two orders are kept; a change of the data
// (Database::data_version) reads them again, and nothing is read while a write transaction
// is open (a job's rows may yet be rolled back). Orders no seek can resume (a sort on several
// columns in different directions, a NULL among the keys after the first) are not kept: their
// pages walk the index.
struct CustomerOrderCache;
std::shared_ptr<CustomerOrderCache> make_customer_order_cache();

// The count of a query in time-boxed steps, for a UI that must not block a frame (the web
// build has no threads). Without a search, the first step tries the whole count as
// count_customers does and gives up at its deadline (an index usually answers at once; a
// search's matches come in a few batches anyway). Then each step works in units sized from
// the time the previous ones took, so that it ends near its deadline: ranges of customer ids,
// each condition tested on the row; with a search, batches of full-text matches in id order,
// tested against the other conditions. Words that FTS5 answers by merging term lists before
// its first row (one character, four or more) are rewritten as equivalent alternatives it
// reads lazily; a one-digit word cannot be (IP addresses fill the digits' lists), and its
// matches are read in one unit. The counter keeps the first matching ids and a bitmap of all
// of them, which query_customers_counted reads pages with. The final count equals
// count_customers'; a change of the data between steps is the caller's to notice
// (Database::data_version) by starting a new counter.
class CustomerCounter {
public:
    // Throws std::invalid_argument as count_customers does (unknown column, bad value).
    // `orders`: the grid's cache of sort orders (a counter of its own when none); q's sort is
    // asked for at once.
    CustomerCounter(Database& db, CustomerQuery q, int id_lang = 1,
                    std::shared_ptr<CustomerOrderCache> orders = nullptr);
    ~CustomerCounter();
    CustomerCounter(const CustomerCounter&) = delete;
    CustomerCounter& operator=(const CustomerCounter&) = delete;

    // Counts until `deadline` (at least one unit per call, unless the first call's attempt
    // at the whole count took the time); true once the count is exact.
    bool step(std::chrono::steady_clock::time_point deadline);
    bool done() const;
    // Steps still have work: counting, or after a count done at once, a pass that indexes
    // the matches so that any page becomes a short walk (pages read meanwhile use the
    // engine's plans), or reading the sort order a page last asked for into memory.
    bool busy() const;
    // Matches found so far; the total once done().
    std::int64_t count() const;
    // Share of the customer ids already counted (0 to 1).
    double progress() const;
    // The matches the count will likely reach, from the share counted so far (count() when
    // done).
    std::int64_t estimate() const;
    const CustomerQuery& query() const;
    int id_lang() const;
    // For tests and the bench: calls of step() and units of work done.
    std::int64_t steps() const;
    std::int64_t chunks() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    friend std::optional<CustomerPage> query_customers_counted(Database&, const CustomerQuery&,
                                                               const CustomerCounter&);
};

// A page of the counter's query without counting first: only `q`'s sort, offset and limit are
// used, its search and filters are the counter's. Once the counter is done, the rows and the
// total are query_customers': in an order held in memory (CustomerOrderCache), the ids of that
// order in the bitmap; otherwise a walk of the order's index keeping the ids in the bitmap (or
// a sort of the matches when that walk runs long; nullopt when it runs past a frame's share,
// until the steps have read the order into memory), or query_customers' plans when the first
// step counted at once (nullopt, while the steps that follow index the matches, for a page
// those plans do not read within a frame: a deep offset). While it counts, total is the count
// so far and a page is read only when that is cheap: from the ids already found (by id), along
// the full-text index, along the sort order when the matches found so far are dense enough
// (given up after a few milliseconds), or for "contains" filters on the text column the page
// is sorted by, through that column's distinct values (given up after a frame's share);
// otherwise nullopt (ask again after more steps).
std::optional<CustomerPage> query_customers_counted(Database& db, const CustomerQuery& q,
                                                    const CustomerCounter& counter);

// SQLite's EXPLAIN QUERY PLAN (one line per step) of the statement that reads a page's ids
// when there are more matches than the probe reads (the first segment's for a segmented
// sort), for tests and diagnostics: an index-driven sort shows no "TEMP B-TREE FOR ORDER BY".
std::string explain_customer_query(Database& db, const CustomerQuery& q, int id_lang = 1);

} // namespace clientele::core
