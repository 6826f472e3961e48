// The customers grid query engine: a plain query spec (global search, per-column filters,
// sort, offset/limit) turned into SQL over whitelisted column expressions with every user
// value bound as a parameter; returns a page of plain structs plus the total count.
#pragma once

#include <cstdint>
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

// Every column of the customers grid, in default order.
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
struct CustomerQueryTuning {
    std::int64_t probe = 2000;
};
CustomerQueryTuning& customer_query_tuning();

// SQLite's EXPLAIN QUERY PLAN (one line per step) of the statement that reads a page's ids
// when there are more matches than the probe reads (the first segment's for a segmented
// sort), for tests and diagnostics: an index-driven sort shows no "TEMP B-TREE FOR ORDER BY".
std::string explain_customer_query(Database& db, const CustomerQuery& q, int id_lang = 1);

} // namespace clientele::core
