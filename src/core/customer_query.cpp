// The customers grid query engine. Every column maps to constant SQL expressions (the
// whitelist below); filters, sorts and the global search only ever paste those constants and
// numbered placeholders into the SQL, and every user value is bound with Statement::bind.
//
// SQLite has no statistics to plan with here (no ANALYZE), so the engine measures and decides:
//  1. Matches first. A search alone is one pass over the full-text index (ids in order). Other
//     filters first read up to tuning().probe matching ids in any order: when that is all of
//     them, their number is the total and the page sorts just those. Otherwise a COUNT(*).
//  2. The ids of the page, with a plan picked from the selectivity: when matches are dense,
//     walk the sort index testing the filters row by row, stopping after offset + limit; when
//     sparse, let the filters' indexes find them and sort those (a unary + on the other side's
//     terms keeps SQLite from choosing otherwise). By id with a search, the full-text index
//     streams the ids in order. Sorts on a name from a small lookup table (title, group, shop,
//     country) and on the company read one index segment per name. Pages in the second half
//     are read from the end with the order reversed (exact: the id tie-break makes the order
//     total).
//  3. The displayed fields of just those ids; per-language names by scalar subqueries.
// "Not deleted" costs a read of each customer row unless ps_customer has an index on
// `deleted`; with one, it becomes "not in the set of deleted ids" and counts become "all
// matches minus deleted matches", so that covering indexes suffice (see Live).
// The grid does not count in one statement: CustomerCounter (at the end) counts in
// time-boxed steps, one per frame, and query_customers_counted reads pages with what it found.
#include "core/customer_query.h"

#include "core/db.h"
#include "core/segments.h"
#include "core/timebox.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

namespace clientele::core {

namespace {

using timebox::ChunkCost;
using timebox::ReadSnapshot;

// How the grid's order on a column is read in index order.
enum class SortKind {
    Index,     // the sort keys are an index (with the rowid as last column)
    Lookup,    // a name looked up by an indexed id: one segment per name
    NullSplit, // NULLs (by rowid), then a partial index WHERE col IS NOT NULL
};

// A name looked up by id in a small table, sorted through the index on the id column.
struct LookupSort {
    const char* key;       // the id column: "c.id_gender"
    const char* key_table; // its table and alias: "ps_customer c"
    const char* names;     // (id, name) for language ?1
    const char* like_ids;  // the ids whose name is LIKE the next placeholder
};

struct ColumnDef {
    ColumnInfo info;
    // The value as an SQL expression over `c` (ps_customer) and `s` (cl_customer_stats);
    // ?1 is always the display language.
    const char* expr;
    // ORDER BY keys, most significant first, matching an index where there is one.
    std::vector<const char*> sort_keys;
    bool sort_inverted; // age sorts by birthday the other way round
    bool uses_stats;    // reads `s`
    SortKind sort_kind;
    LookupSort lookup;
};

constexpr const char* kTitle = "(SELECT gl.name FROM ps_gender_lang gl WHERE gl.id_gender = "
                               "c.id_gender AND gl.id_lang = ?1)";
constexpr const char* kGroup = "(SELECT grl.name FROM ps_group_lang grl WHERE grl.id_group = "
                               "c.id_default_group AND grl.id_lang = ?1)";
constexpr const char* kCountry = "(SELECT col.name FROM ps_country_lang col WHERE "
                                 "col.id_country = s.id_country AND col.id_lang = ?1)";
constexpr const char* kShop = "(SELECT sh.name FROM ps_shop sh WHERE sh.id_shop = c.id_shop)";
// The RFM segment's name (core/rfm.h): derived, recomputed by RfmJob.
constexpr const char* kRfm = "(SELECT rl.name FROM cl_rfm_segment_lang rl WHERE rl.id_rfm_segment "
                             "= s.id_rfm_segment AND rl.id_lang = ?1)";

const std::vector<ColumnDef>& column_defs() {
    using K = SortKind;
    static const std::vector<ColumnDef> defs = {
        {{"id", "col.id", ColumnType::Integer}, "c.id_customer", {}, false, false, K::Index, {}},
        {{"title", "col.title", ColumnType::Text},
         kTitle,
         {"(SELECT gl.name FROM ps_gender_lang gl WHERE gl.id_gender = c.id_gender AND "
          "gl.id_lang = ?1) COLLATE NOCASE"},
         false,
         false,
         K::Lookup,
         {"c.id_gender", "ps_customer c",
          "SELECT id_gender, name FROM ps_gender_lang WHERE id_lang = ?1",
          "SELECT id_gender FROM ps_gender_lang WHERE id_lang = ?1 AND name LIKE "}},
        {{"firstname", "col.firstname", ColumnType::Text},
         "c.firstname",
         {"c.firstname COLLATE NOCASE"},
         false,
         false,
         K::Index,
         {}},
        // Sorting by last name also sorts by first name: that is the index, and what people
        // expect of a list of names.
        {{"lastname", "col.lastname", ColumnType::Text},
         "c.lastname",
         {"c.lastname COLLATE NOCASE", "c.firstname COLLATE NOCASE"},
         false,
         false,
         K::Index,
         {}},
        {{"email", "col.email", ColumnType::Text},
         "c.email",
         {"c.email COLLATE NOCASE"},
         false,
         false,
         K::Index,
         {}},
        {{"company", "col.company", ColumnType::Text},
         "c.company",
         {"c.company COLLATE NOCASE"},
         false,
         false,
         K::NullSplit,
         {}},
        {{"default_group", "col.default_group", ColumnType::Text},
         kGroup,
         {"(SELECT grl.name FROM ps_group_lang grl WHERE grl.id_group = c.id_default_group AND "
          "grl.id_lang = ?1) COLLATE NOCASE"},
         false,
         false,
         K::Lookup,
         {"c.id_default_group", "ps_customer c",
          "SELECT id_group, name FROM ps_group_lang WHERE id_lang = ?1",
          "SELECT id_group FROM ps_group_lang WHERE id_lang = ?1 AND name LIKE "}},
        {{"sales", "col.sales", ColumnType::Money},
         "s.sales",
         {"s.sales"},
         false,
         true,
         K::Index,
         {}},
        {{"valid_orders", "col.valid_orders", ColumnType::Integer},
         "s.valid_orders",
         {"s.valid_orders"},
         false,
         true,
         K::Index,
         {}},
        // Then the other flags: the index is (active, newsletter, optin).
        {{"active", "col.active", ColumnType::Bool},
         "c.active",
         {"c.active", "c.newsletter", "c.optin"},
         false,
         false,
         K::Index,
         {}},
        {{"newsletter", "col.newsletter", ColumnType::Bool},
         "c.newsletter",
         {"c.newsletter"},
         false,
         false,
         K::Index,
         {}},
        {{"optin", "col.optin", ColumnType::Bool},
         "c.optin",
         {"c.optin"},
         false,
         false,
         K::Index,
         {}},
        // By birthday the other way round; unknown birthdays (NULL, 0000-00-00) as the oldest.
        {{"age", "col.age", ColumnType::Integer},
         "c.birthday",
         {"c.birthday"},
         true,
         false,
         K::Index,
         {}},
        {{"date_add", "col.date_add", ColumnType::Date},
         "c.date_add",
         {"c.date_add"},
         false,
         false,
         K::Index,
         {}},
        {{"last_visit", "col.last_visit", ColumnType::Date},
         "s.last_visit",
         {"s.last_visit"},
         false,
         true,
         K::Index,
         {}},
        {{"country", "col.country", ColumnType::Text},
         kCountry,
         {"(SELECT col.name FROM ps_country_lang col WHERE col.id_country = s.id_country AND "
          "col.id_lang = ?1) COLLATE NOCASE"},
         false,
         true,
         K::Lookup,
         {"s.id_country", "cl_customer_stats s",
          "SELECT id_country, name FROM ps_country_lang WHERE id_lang = ?1",
          "SELECT id_country FROM ps_country_lang WHERE id_lang = ?1 AND name LIKE "}},
        {{"shop", "col.shop", ColumnType::Text},
         kShop,
         {"(SELECT sh.name FROM ps_shop sh WHERE sh.id_shop = c.id_shop) COLLATE NOCASE"},
         false,
         false,
         K::Lookup,
         {"c.id_shop", "ps_customer c", "SELECT id_shop, name FROM ps_shop",
          "SELECT id_shop FROM ps_shop WHERE name LIKE "}},
        // Last: derived from cl_customer_stats by RfmJob (core/rfm.h).
        {{"rfm", "col.rfm", ColumnType::Text},
         kRfm,
         {"(SELECT rl.name FROM cl_rfm_segment_lang rl WHERE rl.id_rfm_segment = "
          "s.id_rfm_segment AND rl.id_lang = ?1) COLLATE NOCASE"},
         false,
         true,
         K::Lookup,
         {"s.id_rfm_segment", "cl_customer_stats s",
          "SELECT id_rfm_segment, name FROM cl_rfm_segment_lang WHERE id_lang = ?1",
          "SELECT id_rfm_segment FROM cl_rfm_segment_lang WHERE id_lang = ?1 AND name LIKE "}},
    };
    return defs;
}

const ColumnDef& column_def(const std::string& id) {
    for (const ColumnDef& d : column_defs())
        if (id == d.info.id)
            return d;
    throw std::invalid_argument("unknown column '" + id + "'");
}

// --- values -----------------------------------------------------------------------------------

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Strict YYYY-MM-DD with a real calendar day.
bool parse_date(const std::string& s, int& y, int& m, int& d) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9')
            return false;
    y = std::stoi(s.substr(0, 4));
    m = std::stoi(s.substr(5, 2));
    d = std::stoi(s.substr(8, 2));
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
}

void check_date(const char* column, const std::string& value) {
    int y, m, d;
    if (!parse_date(value, y, m, d))
        throw std::invalid_argument("invalid date for column '" + std::string(column) + "': '" +
                                    value + "' (expected YYYY-MM-DD)");
}

void check_number(const char* column, const std::optional<double>& v) {
    if (v && !std::isfinite(*v))
        throw std::invalid_argument("invalid number for column '" + std::string(column) + "'");
}

// Age in whole years on the day (ty, tm, td) of someone born on `birthday` (YYYY-MM-DD,
// possibly followed by a time); none for NULL, 0000-00-00 or a birthday after that day.
std::optional<int> age_on(const std::string& birthday, int ty, int tm, int td) {
    int y, m, d;
    if (birthday.size() < 10 || !parse_date(birthday.substr(0, 10), y, m, d))
        return std::nullopt;
    int age = ty - y - ((tm < m || (tm == m && td < d)) ? 1 : 0);
    if (age < 0)
        return std::nullopt;
    return age;
}

std::string today_or_now(Database& db, const std::string& today) {
    if (today.empty()) {
        Statement st = db.prepare("SELECT date('now', 'localtime')");
        st.step();
        return st.text(0);
    }
    int y, m, d;
    if (!parse_date(today, y, m, d))
        throw std::invalid_argument("invalid 'today' date: '" + today + "' (expected YYYY-MM-DD)");
    return today;
}

// "%...%" for LIKE ... ESCAPE '\': the user's %, _ and \ match themselves.
std::string like_contains(const std::string& text) {
    std::string out = "%";
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    out += '%';
    return out;
}

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// "192.168.", "10.0.0.1": up to four groups of at most three digits, at least one dot.
bool looks_like_ip(const std::string& s) {
    int groups = 1, digits = 0;
    bool dot = false;
    for (char ch : s) {
        if (ch >= '0' && ch <= '9') {
            if (++digits > 3)
                return false;
        } else if (ch == '.') {
            if (digits == 0 || ++groups > 4)
                return false;
            digits = 0;
            dot = true;
        } else {
            return false;
        }
    }
    return dot;
}

// The smallest string greater than every string starting with `prefix` (digits and dots).
std::string prefix_upper_bound(std::string prefix) {
    prefix.back() = static_cast<char>(prefix.back() + 1);
    return prefix;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n\f\v";
    std::size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos)
        return {};
    std::size_t e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

// Whether the FTS tokenizer can find a token in the word (letters, digits, any non-ASCII
// character); a word of punctuation only would make the whole AND match nothing.
bool has_token_char(const std::string& word) {
    return std::any_of(word.begin(), word.end(), [](char ch) {
        auto u = static_cast<unsigned char>(ch);
        return u >= 0x80 || std::isalnum(u);
    });
}

// An equivalent FTS5 expression for a word of the search (see CustomerCounter), or "" to keep
// the word's prefix phrase.
using ExpandWord = std::function<std::string(const std::string&)>;

// FTS5 query: each word a quoted prefix phrase ("" inside quotes is a quote), ANDed, on the
// text columns (the IP has a true prefix search on cl_customer_stats). Empty when no word can
// match. `expand` may replace a word by an equivalent expression (CustomerCounter's).
std::string fts_query(const std::string& search, const ExpandWord* expand = nullptr) {
    std::string words;
    std::size_t i = 0;
    while (i < search.size()) {
        std::size_t j = i;
        while (j < search.size() && !std::isspace(static_cast<unsigned char>(search[j])))
            ++j;
        std::string word = search.substr(i, j - i);
        if (!word.empty() && has_token_char(word)) {
            if (!words.empty())
                words += " AND ";
            std::string group = expand ? (*expand)(word) : std::string();
            if (!group.empty()) {
                words += group;
                i = j + 1;
                continue;
            }
            words += '"';
            for (char ch : word) {
                if (ch == '"')
                    words += '"';
                words += ch;
            }
            words += "\"*";
        }
        i = j + 1;
    }
    if (words.empty())
        return {};
    return "{firstname lastname email company} : (" + words + ")";
}

// SQLite's NOCASE: ASCII letters only.
int nocase_compare(const std::string& a, const std::string& b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        int x = std::tolower(static_cast<unsigned char>(a[i]));
        int y = std::tolower(static_cast<unsigned char>(b[i]));
        if (x != y)
            return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// --- SQL building -----------------------------------------------------------------------------

using Value = std::variant<std::int64_t, double, std::string>;

// One condition in two spellings: `idx` lets SQLite use an index for it, `plain` (unary + on
// the column) makes it a row test, for when another index drives the query.
struct Cond {
    std::string idx, plain;
    bool customer = true; // reads ps_customer c
    bool stats = false;   // reads cl_customer_stats s
    std::string fts;      // the MATCH placeholder when this is the full-text search alone
    bool scan = false;    // no index can serve it (LIKE '%...%'): matches come from a scan
    // Where::params indexes: the MATCH text of the full-text subquery every match of this
    // condition comes from, and an id that also matches (an all-digit search); -1: none.
    int fts_param = -1, id_param = -1;
};

constexpr const char* kDeletedIds =
    "SELECT d.id_customer FROM ps_customer d WHERE d.deleted > 0 OR d.deleted < 0";

// How "not deleted" is tested. Without an index on ps_customer.deleted, on the customer's row
// ("+c.deleted = 0", the + keeps SQLite from driving the query by it). With one, as "not in
// the (small) set of deleted ids", which SQLite reads from that index once per statement: no
// other index then needs the table row for it, so walks and counts can use covering indexes.
// Without the index that set costs a full scan, worth it only for long walks.
struct Live {
    bool only = true;     // deleted customers are hidden
    bool indexed = false; // ps_customer has an index on `deleted`

    // The term for the customer id expression `id`; `anti`: as "not in the deleted ids".
    std::string term(const std::string& id, bool anti) const {
        if (!only)
            return {};
        if (anti)
            return id + " NOT IN (" + kDeletedIds + ")";
        return "+c.deleted = 0";
    }
};

// The WHERE of a query: its conditions and their parameters, numbered from ?2 (?1 is the
// language). Soft-deleted customers are tested apart (Live).
struct Where {
    std::vector<Cond> conds;
    std::vector<Value> params;

    std::string param(Value v) {
        params.push_back(std::move(v));
        return "?" + std::to_string(params.size() + 1);
    }
    bool uses_stats() const {
        return std::any_of(conds.begin(), conds.end(), [](const Cond& c) { return c.stats; });
    }
    // " WHERE ..." with the `live` term (see Live), each condition in the chosen spelling
    // (except `skip`), and `extra` terms.
    std::string sql(bool indexed, const std::string& live,
                    const std::vector<std::string>& extra = {}, const Cond* skip = nullptr) const {
        std::vector<std::string> terms = extra;
        for (const Cond& c : conds)
            if (&c != skip)
                terms.push_back(indexed ? c.idx : c.plain);
        // Last: SQLite tests the terms in this order, and the others are often cheaper.
        if (!live.empty())
            terms.push_back(live);
        std::string out;
        for (const std::string& t : terms) {
            out += out.empty() ? " WHERE " : " AND ";
            out += t;
        }
        return out;
    }
};

void bind_params(Statement& st, int id_lang, const std::vector<Value>& params) {
    int count = sqlite3_bind_parameter_count(st.handle());
    if (count >= 1)
        st.bind(1, id_lang);
    int i = 1;
    for (const Value& v : params) {
        if (++i > count)
            break;
        std::visit([&](const auto& x) { st.bind(i, x); }, v);
    }
}

std::int64_t query_int(Database& db, const std::string& sql, int id_lang,
                       const std::vector<Value>& params) {
    Statement st = db.prepare(sql);
    bind_params(st, id_lang, params);
    return st.step() ? st.int64(0) : 0;
}

Value number_value(ColumnType type, double v) {
    if (type == ColumnType::Integer && v == std::floor(v) && std::fabs(v) < 9.0e18)
        return static_cast<std::int64_t>(v);
    return v;
}

void add_compare(Where& w, const ColumnDef& def, const char* op, Value v,
                 const std::string& suffix = "") {
    std::string p = w.param(std::move(v));
    Cond c;
    c.idx = std::string(def.expr) + " " + op + " " + p + suffix;
    c.plain = "+" + c.idx;
    c.stats = def.uses_stats;
    c.customer = !def.uses_stats;
    w.conds.push_back(std::move(c));
}

void add_false(Where& w) {
    w.conds.push_back({"0", "0", false, false, {}});
}

// The bound of "born on or before this day of `year`" (today's month and day) as a string
// comparison over YYYY-MM-DD birthdays; the trailing '~' also admits a time of day, and 02-29
// in a common year still compares right.
std::string birthday_bound(long long year, int month, int day) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d~", year, month, day);
    return buf;
}

// An age filter is a birthday range (the ps_customer_birthday index):
// age >= n  <=>  birthday <= today - n years;  age <= n  <=>  birthday > today - (n + 1) years.
void add_age_filter(Where& w, const ColumnDef& def, const ColumnFilter& f,
                    const std::string& today) {
    if (!f.min && !f.max)
        return;
    int ty, tm, td;
    parse_date(today, ty, tm, td);
    auto year_minus = [&](double years) {
        return static_cast<long long>(ty) -
               static_cast<long long>(std::max(-20000.0, std::min(20000.0, years)));
    };
    // Only real birthdays have an age (NULL fails every comparison): without a lower bound,
    // one that leaves out 0000-00-00 (a single lower bound, for the index range).
    bool lower = false;
    if (f.max) {
        long long year = year_minus(std::floor(*f.max) + 1);
        if (year > 9999)
            add_false(w);
        else if (year >= 1) {
            add_compare(w, def, ">", birthday_bound(year, tm, td));
            lower = true;
        }
    }
    if (!lower)
        w.conds.push_back(
            {"c.birthday >= '0001-01-01'", "+c.birthday >= '0001-01-01'", true, false, {}});
    if (f.min) {
        long long year = year_minus(std::ceil(*f.min));
        if (year < 1)
            add_false(w);
        else if (year <= 9999)
            add_compare(w, def, "<=", birthday_bound(year, tm, td));
    }
}

void add_filter(Where& w, const ColumnFilter& f, const std::string& today) {
    const ColumnDef& def = column_def(f.column);
    const char* id = def.info.id;
    if (def.sort_inverted) { // age
        check_number(id, f.min);
        check_number(id, f.max);
        add_age_filter(w, def, f, today);
        return;
    }
    switch (def.info.type) {
    case ColumnType::Text:
        if (f.text.empty())
            break;
        if (def.sort_kind == SortKind::Lookup) {
            // The ids whose name matches (one per id and language): the id's index applies.
            std::string p = w.param(like_contains(f.text));
            Cond c;
            c.idx =
                std::string(def.lookup.key) + " IN (" + def.lookup.like_ids + p + " ESCAPE '\\')";
            c.plain = "+" + c.idx;
            c.stats = def.uses_stats;
            c.customer = !def.uses_stats;
            w.conds.push_back(std::move(c));
        } else if (def.sort_kind == SortKind::NullSplit) {
            // IS NOT NULL lets SQLite read the partial index (company) instead of the table.
            add_compare(w, def, "LIKE", like_contains(f.text), " ESCAPE '\\'");
            w.conds.back().idx = std::string(def.expr) + " IS NOT NULL AND " + w.conds.back().idx;
        } else {
            add_compare(w, def, "LIKE", like_contains(f.text), " ESCAPE '\\'");
            w.conds.back().scan = true;
        }
        break;
    case ColumnType::Integer:
    case ColumnType::Money:
        check_number(id, f.min);
        check_number(id, f.max);
        if (f.min)
            add_compare(w, def, ">=", number_value(def.info.type, *f.min));
        if (f.max)
            add_compare(w, def, "<=", number_value(def.info.type, *f.max));
        break;
    case ColumnType::Date:
        // Stored as "YYYY-MM-DD HH:MM:SS": from the start of date_from to the end of date_to.
        if (!f.date_from.empty())
            check_date(id, f.date_from);
        if (!f.date_to.empty())
            check_date(id, f.date_to);
        if (!f.date_from.empty())
            add_compare(w, def, ">=", f.date_from);
        if (!f.date_to.empty()) {
            std::string p = w.param(f.date_to);
            Cond c;
            c.idx = std::string(def.expr) + " < date(" + p + ", '+1 day')";
            c.plain = "+" + c.idx;
            c.stats = def.uses_stats;
            c.customer = !def.uses_stats;
            w.conds.push_back(std::move(c));
        }
        break;
    case ColumnType::Bool:
        if (f.yes)
            add_compare(w, def, "=", std::int64_t{*f.yes ? 1 : 0});
        break;
    }
}

void add_search(Where& w, const std::string& raw, const ExpandWord* expand) {
    std::string search = trim(raw);
    if (search.empty())
        return;
    if (looks_like_ip(search)) {
        std::string lo = w.param(search), hi = w.param(prefix_upper_bound(search));
        w.conds.push_back({"(s.last_visit_ip >= " + lo + " AND s.last_visit_ip < " + hi + ")",
                           "(+s.last_visit_ip >= " + lo + " AND +s.last_visit_ip < " + hi + ")",
                           false,
                           true,
                           {}});
        return;
    }
    std::string fts = fts_query(search, expand);
    std::string match = fts.empty() ? "" : w.param(fts);
    const int match_param = fts.empty() ? -1 : static_cast<int>(w.params.size()) - 1;
    std::string in_fts =
        "c.id_customer IN (SELECT rowid FROM cl_customer_fts WHERE cl_customer_fts MATCH " + match +
        ")";
    if (all_digits(search) && search.size() <= 18) {
        std::string id = w.param(std::int64_t{std::stoll(search)});
        if (match.empty()) {
            w.conds.push_back({"c.id_customer = " + id, "+c.id_customer = " + id, true, false, {}});
        } else {
            w.conds.push_back({"(c.id_customer = " + id + " OR " + in_fts + ")",
                               "(+c.id_customer = " + id + " OR +" + in_fts + ")",
                               true,
                               false,
                               {}});
            w.conds.back().fts_param = match_param;
            w.conds.back().id_param = static_cast<int>(w.params.size()) - 1;
        }
        return;
    }
    if (match.empty()) {
        add_false(w);
    } else {
        w.conds.push_back({in_fts, "+" + in_fts, true, false, match});
        w.conds.back().fts_param = match_param;
    }
}

// A segment (core/segments.h) is one condition, tested on each row: its values are bound
// through the Where's own parameters.
void add_segment(Where& w, const std::string& text, const std::string& today) {
    if (trim(text).empty())
        return;
    SegmentSql seg = compile_segment(text, today, [&](SegmentParam v) { return w.param(v); });
    Cond c;
    c.idx = seg.sql;
    c.plain = seg.sql;
    c.stats = seg.uses_stats;
    c.scan = true;
    w.conds.push_back(std::move(c));
}

// A sort as ORDER BY keys (with their direction), the id tie-break in the direction of the
// last key, and how its first column can be read in order.
struct Order {
    std::vector<std::string> keys; // "c.lastname COLLATE NOCASE DESC"
    std::vector<std::string> rest; // the keys after the first column's own
    std::string tiebreak;          // "c.id_customer DESC"
    bool tie_desc = false;
    const ColumnDef* first = nullptr;
    bool first_desc = false; // effective direction of the first column's keys
    bool uses_stats = false;
    bool uses_customer = false; // keys or tie-break read ps_customer
    // ORDER BY in index-friendly form, or with unary + so SQLite sorts instead.
    std::string sql(bool indexed) const {
        std::string out;
        for (const std::string& k : keys) {
            out += out.empty() ? " ORDER BY " : ", ";
            out += indexed ? k : "+" + k;
        }
        out += out.empty() ? " ORDER BY " : ", ";
        out += indexed ? tiebreak : "+" + tiebreak;
        return out;
    }
};

// When the first key is a column of cl_customer_stats, the tie-break is that table's rowid so
// that (key, rowid) is exactly the index order.
Order build_order(const std::vector<SortSpec>& sort, bool reverse) {
    Order out;
    std::vector<std::string> seen;
    bool last_desc = false;
    std::vector<const ColumnDef*> columns;
    for (std::size_t i = 0; i < sort.size(); ++i) {
        const ColumnDef& def = column_def(sort[i].column);
        if (std::find(columns.begin(), columns.end(), &def) != columns.end())
            continue; // a column sorted twice: the first one decides
        columns.push_back(&def);
        bool desc = (sort[i].descending != def.sort_inverted) != reverse;
        if (!out.first) {
            out.first = &def;
            out.first_desc = desc;
        }
        out.uses_stats = out.uses_stats || def.uses_stats;
        out.uses_customer = out.uses_customer || !def.uses_stats;
        last_desc = desc;
        if (def.sort_keys.empty())
            break; // the id: unique, it is the tie-break and ends the order
        // The index's further columns (first name after last name...) only when no other
        // column follows: they must not come before a column the user asked for.
        std::size_t n = i + 1 == sort.size() ? def.sort_keys.size() : 1;
        for (std::size_t j = 0; j < n; ++j) {
            const char* key = def.sort_keys[j];
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
                continue;
            seen.emplace_back(key);
            std::string k = std::string(key) + (desc ? " DESC" : " ASC");
            out.keys.push_back(k);
            if (out.first != &def)
                out.rest.push_back(k);
        }
    }
    if (!out.first)
        last_desc = reverse;
    bool stats_first = out.first && out.first->uses_stats;
    out.tie_desc = last_desc;
    out.uses_customer = out.uses_customer || !stats_first;
    out.tiebreak = std::string(stats_first ? "s.id_customer" : "c.id_customer") +
                   (last_desc ? " DESC" : " ASC");
    return out;
}

std::string from_clause(bool stats) {
    // Every customer has exactly one stats row (inserted by a trigger, deleted by cascade), so
    // the inner join is the LEFT JOIN the grid means, and lets SQLite start from a stats index.
    return stats ? " FROM ps_customer c JOIN cl_customer_stats s ON s.id_customer = c.id_customer"
                 : " FROM ps_customer c";
}

Where build_where(const CustomerQuery& q, const std::string& today,
                  const ExpandWord* expand = nullptr) {
    Where w;
    add_search(w, q.search, expand);
    for (const ColumnFilter& f : q.filters)
        add_filter(w, f, today);
    add_segment(w, q.segment, today);
    build_order(q.sort, false); // validates the sort columns before any query runs
    return w;
}

// Whether ps_customer has a (full) index starting with `deleted`; see Live.
bool has_deleted_index(Database& db) {
    return db.scalar_int("SELECT EXISTS(SELECT 1 FROM pragma_index_list('ps_customer') l, "
                         "pragma_index_info(l.name) i WHERE l.partial = 0 AND i.seqno = 0 AND "
                         "i.name = 'deleted')") != 0;
}

const Cond* fts_cond(const Where& w) {
    for (const Cond& c : w.conds)
        if (!c.fts.empty())
            return &c;
    return nullptr;
}

bool reads_customer(const Where& w, const Cond* skip = nullptr) {
    return std::any_of(w.conds.begin(), w.conds.end(),
                       [&](const Cond& c) { return &c != skip && c.customer; });
}

// A search alone: one pass over the full-text matches (ids in order) counts them, keeping the
// ids when there are few. Deleted customers are left out with the set of deleted ids (read
// through the index on `deleted`) or by reading each match's row.
struct Matches {
    std::int64_t total = 0;
    std::optional<std::vector<std::int64_t>> ids; // all of them, when at most the probe
};

Matches fts_matches(Database& db, const Where& w, const Live& live, int id_lang) {
    const Cond* fts = fts_cond(w);
    std::unordered_set<std::int64_t> deleted;
    std::string sql = "SELECT cl_customer_fts.rowid FROM cl_customer_fts";
    if (live.only && live.indexed) {
        Statement d = db.prepare(kDeletedIds);
        while (d.step())
            deleted.insert(d.int64(0));
    } else if (live.only) {
        sql += " CROSS JOIN ps_customer c ON c.id_customer = cl_customer_fts.rowid";
    }
    sql += " WHERE cl_customer_fts MATCH " + fts->fts;
    if (live.only && !live.indexed)
        sql += " AND +c.deleted = 0";
    Statement st = db.prepare(sql);
    bind_params(st, id_lang, w.params);
    std::int64_t probe = customer_query_tuning().probe;
    Matches m;
    std::vector<std::int64_t> ids;
    while (st.step()) {
        std::int64_t id = st.int64(0);
        if (!deleted.empty() && deleted.count(id))
            continue;
        if (++m.total <= probe)
            ids.push_back(id);
    }
    if (m.total <= probe)
        m.ids = std::move(ids);
    return m;
}

// Matches, deleted or not: where possible from one index alone (the full-text index, a
// stats index, a covering ps_customer index). It relies on two invariants the schema's
// triggers and foreign keys keep: every row of cl_customer_fts and every row of
// cl_customer_stats is a customer.
std::int64_t count_any(Database& db, const Where& w, int id_lang) {
    const Cond* fts = fts_cond(w);
    if (w.conds.empty())
        return db.scalar_int("SELECT COUNT(*) FROM ps_customer");
    if (fts && w.conds.size() == 1)
        return query_int(
            db, "SELECT COUNT(*) FROM cl_customer_fts WHERE cl_customer_fts MATCH " + fts->fts,
            id_lang, w.params);
    if (!reads_customer(w))
        return query_int(db, "SELECT COUNT(*) FROM cl_customer_stats s" + w.sql(true, ""), id_lang,
                         w.params);
    return query_int(db, "SELECT COUNT(*)" + from_clause(w.uses_stats()) + w.sql(true, ""), id_lang,
                     w.params);
}

std::int64_t count_where(Database& db, const Where& w, const Live& live, int id_lang) {
    if (!live.only)
        return count_any(db, w, id_lang);
    const Cond* fts = fts_cond(w);
    bool fts_only = fts && w.conds.size() == 1;
    if (live.indexed) {
        if (fts_only)
            return fts_matches(db, w, live, id_lang).total;
        // All matches minus the deleted ones; these are read through the index on `deleted`
        // (the only indexable term), the conditions tested on each. When the matches come
        // from a scan anyway, or with many deleted customers, rather test each match against
        // the set of deleted ids; with fewer matches than deleted customers (a narrow filter an
        // index serves), test each match's row rather than read every deleted customer's.
        bool scan =
            std::any_of(w.conds.begin(), w.conds.end(), [](const Cond& c) { return c.scan; });
        const std::int64_t deleted_total = db.scalar_int(
            "SELECT COUNT(*) FROM ps_customer d WHERE d.deleted > 0 OR d.deleted < 0");
        if (scan || deleted_total > 50000)
            return query_int(db,
                             "SELECT COUNT(*)" + from_clause(w.uses_stats()) +
                                 w.sql(true, live.term("c.id_customer", true)),
                             id_lang, w.params);
        const std::int64_t all = count_any(db, w, id_lang);
        if (all <= deleted_total)
            return query_int(db,
                             "SELECT COUNT(*)" + from_clause(w.uses_stats()) +
                                 w.sql(true, live.term("c.id_customer", false)),
                             id_lang, w.params);
        std::string from = " FROM ps_customer c";
        if (w.uses_stats())
            from += " CROSS JOIN cl_customer_stats s ON s.id_customer = c.id_customer";
        std::int64_t deleted = query_int(
            db, "SELECT COUNT(*)" + from + w.sql(false, "", {"(c.deleted > 0 OR c.deleted < 0)"}),
            id_lang, w.params);
        return all - deleted;
    }
    // No index on `deleted`: each match's row is read.
    if (w.conds.empty())
        return db.scalar_int("SELECT COUNT(*) FROM ps_customer c WHERE c.deleted = 0");
    if (fts_only)
        return query_int(db,
                         "SELECT COUNT(*) FROM cl_customer_fts CROSS JOIN ps_customer c ON "
                         "c.id_customer = cl_customer_fts.rowid WHERE cl_customer_fts MATCH " +
                             fts->fts + " AND +c.deleted = 0",
                         id_lang, w.params);
    return query_int(db,
                     "SELECT COUNT(*)" + from_clause(w.uses_stats()) +
                         w.sql(true, live.term("c.id_customer", false)),
                     id_lang, w.params);
}

// --- reading the ids of a page ----------------------------------------------------------------

// One statement of a page read: SQL and its parameters (after the Where's).
struct IdsQuery {
    std::string sql;
    std::vector<Value> params;
};

void add_limit(IdsQuery& iq, std::int64_t offset, std::int64_t limit) {
    if (limit < 0)
        return;
    iq.params.emplace_back(limit);
    iq.sql += " LIMIT ?" + std::to_string(iq.params.size() + 1);
    iq.params.emplace_back(offset);
    iq.sql += " OFFSET ?" + std::to_string(iq.params.size() + 1);
}

// A part of the order read through one index range: a condition on the first sort column and
// the order inside it.
struct Segment {
    std::string cond;
    std::vector<Value> values; // for the condition's "?" placeholders, in order
    bool keeps_first_key;      // the first column still varies inside the segment
};

// The segments of a Lookup or NullSplit sort in reading order; empty to give up on segments.
std::vector<Segment> segments(Database& db, const Order& order, int id_lang) {
    const ColumnDef& def = *order.first;
    std::vector<Segment> out;
    if (def.sort_kind == SortKind::NullSplit) {
        out.push_back({std::string(def.expr) + " IS NULL", {}, false});
        out.push_back({std::string(def.expr) + " IS NOT NULL", {}, true});
    } else {
        const LookupSort& l = def.lookup;
        // The distinct ids present, one index seek each.
        std::vector<std::int64_t> present;
        Statement first = db.prepare(std::string("SELECT MIN(") + l.key + ") FROM " + l.key_table +
                                     " WHERE " + l.key + " IS NOT NULL");
        Statement next = db.prepare(std::string("SELECT MIN(") + l.key + ") FROM " + l.key_table +
                                    " WHERE " + l.key + " > ?1");
        bool has = first.step() && !first.is_null(0);
        std::int64_t v = has ? first.int64(0) : 0;
        while (has) {
            present.push_back(v);
            if (present.size() > 500)
                return {}; // not a small lookup: let SQLite sort
            next.reset();
            next.bind(1, v);
            has = next.step() && !next.is_null(0);
            if (has)
                v = next.int64(0);
        }
        bool has_null = db.scalar_int(std::string("SELECT EXISTS(SELECT 1 FROM ") + l.key_table +
                                      " WHERE " + l.key + " IS NULL)") != 0;
        std::map<std::int64_t, std::string> names;
        Statement st = db.prepare(l.names);
        bind_params(st, id_lang, {});
        while (st.step())
            if (!st.is_null(1))
                names[st.int64(0)] = st.text(1);
        // Ids without a name sort with NULL, first; then by name, equal names together.
        std::vector<std::int64_t> unnamed;
        std::vector<std::pair<std::string, std::int64_t>> named;
        for (std::int64_t id : present) {
            auto it = names.find(id);
            if (it == names.end())
                unnamed.push_back(id);
            else
                named.emplace_back(it->second, id);
        }
        std::stable_sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
            return nocase_compare(a.first, b.first) < 0;
        });
        std::vector<std::vector<std::int64_t>> groups;
        if (!unnamed.empty() || has_null)
            groups.push_back(unnamed);
        for (std::size_t i = 0; i < named.size(); ++i) {
            if (i == 0 || nocase_compare(named[i - 1].first, named[i].first) != 0)
                groups.emplace_back();
            groups.back().push_back(named[i].second);
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            Segment seg{"", {}, false};
            bool with_null = g == 0 && has_null;
            std::string in;
            for (std::int64_t id : groups[g]) {
                in += in.empty() ? "?" : ", ?";
                seg.values.emplace_back(id);
            }
            std::string key = l.key;
            if (groups[g].size() == 1)
                in = key + " = ?";
            else if (!groups[g].empty())
                in = key + " IN (" + in + ")";
            if (with_null)
                seg.cond = in.empty() ? key + " IS NULL" : "(" + key + " IS NULL OR " + in + ")";
            else
                seg.cond = in;
            out.push_back(std::move(seg));
        }
    }
    if (order.first_desc)
        std::reverse(out.begin(), out.end());
    return out;
}

// Numbers a segment's "?" placeholders after the Where's parameters.
std::string number_placeholders(const std::string& cond, std::vector<Value>& params,
                                const std::vector<Value>& values) {
    std::string out;
    std::size_t v = 0;
    for (char ch : cond) {
        if (ch == '?' && v < values.size()) {
            params.push_back(values[v++]);
            out += "?" + std::to_string(params.size() + 1);
        } else {
            out += ch;
        }
    }
    return out;
}

void run_ids(Database& db, const IdsQuery& iq, int id_lang, std::vector<std::int64_t>& ids) {
    Statement st = db.prepare(iq.sql);
    bind_params(st, id_lang, iq.params);
    while (st.step())
        ids.push_back(st.int64(0));
}

// Before counting, up to customer_query_tuning().probe matches are read at once (any order):
// when that is all of them, the count is their number and the page is sorted from those ids,
// so a filter no index serves (LIKE '%...%') scans the table once instead of twice. Returns
// them, or nullopt when there are more.
std::optional<std::vector<std::int64_t>> probe_matches(Database& db, const Where& w,
                                                       const Live& live, int id_lang) {
    std::int64_t probe = customer_query_tuning().probe;
    if (w.conds.empty() || probe <= 0)
        return std::nullopt;
    const Cond* fts = fts_cond(w);
    IdsQuery iq{"", w.params};
    if (fts && w.conds.size() == 1) {
        iq.sql = "SELECT cl_customer_fts.rowid FROM cl_customer_fts";
        if (live.only && !live.indexed)
            iq.sql += " CROSS JOIN ps_customer c ON c.id_customer = cl_customer_fts.rowid";
        iq.sql +=
            w.sql(false,
                  live.term(live.indexed ? "cl_customer_fts.rowid" : "c.id_customer", live.indexed),
                  {"cl_customer_fts MATCH " + fts->fts}, fts);
    } else if (!reads_customer(w) && (!live.only || live.indexed)) {
        iq.sql = "SELECT s.id_customer FROM cl_customer_stats s" +
                 w.sql(true, live.term("s.id_customer", true));
    } else {
        iq.sql = "SELECT c.id_customer" + from_clause(w.uses_stats()) +
                 w.sql(true, live.term("c.id_customer", live.indexed));
    }
    iq.params.emplace_back(probe + 1);
    iq.sql += " LIMIT ?" + std::to_string(iq.params.size() + 1);
    std::vector<std::int64_t> ids;
    run_ids(db, iq, id_lang, ids);
    if (static_cast<std::int64_t>(ids.size()) > probe)
        return std::nullopt;
    return ids;
}

// The page of a known set of ids: SQLite sorts just those.
std::vector<std::int64_t> sort_ids(Database& db, const std::vector<std::int64_t>& ids,
                                   const CustomerQuery& q, std::int64_t offset, std::int64_t limit,
                                   int id_lang) {
    Order order = build_order(q.sort, false);
    IdsQuery iq{
        "SELECT c.id_customer" + from_clause(order.uses_stats) + " WHERE c.id_customer IN (", {}};
    // "?2, ?, ?...": an unnumbered "?" is the next number, and SQLite looks each numbered
    // one up among those before it (thousands of them would take quadratic time).
    for (std::int64_t id : ids) {
        iq.params.emplace_back(id);
        iq.sql += iq.params.size() == 1 ? "?2" : ", ?";
    }
    iq.sql += ")" + order.sql(false);
    add_limit(iq, offset, limit);
    std::vector<std::int64_t> page;
    run_ids(db, iq, id_lang, page);
    return page;
}

struct PagePlan {
    Order order;
    bool sort_driven = false;  // walk the sort index, filters as row tests
    double reads = 0;          // rows the plan is expected to read
    bool fts_stream = false;   // by id with a search: the full-text index gives ids in order
    std::string live;          // the "not deleted" term
    std::vector<Segment> segs; // non-empty: read segment by segment
    std::string from = " FROM ps_customer c", id = "c.id_customer"; // the tables read
};

// The tables a statement reads: cl_customer_stats alone when nothing reads ps_customer (its
// rowid is the customer id, and each of its rows is a customer).
void choose_tables(PagePlan& p, const Where& w, const Live& live, bool anti) {
    bool customer = reads_customer(w) || p.order.uses_customer || (live.only && !anti);
    bool stats = w.uses_stats() || p.order.uses_stats;
    p.from = customer ? from_clause(stats) : " FROM cl_customer_stats s";
    p.id = customer ? "c.id_customer" : "s.id_customer";
    p.live = live.term(p.id, anti);
}

// Picks the plan from the selectivity: walking the sort index reads about
// (offset + limit) * table / matches entries, letting the filters' indexes find the matches
// costs about `matches` (and a sort): walk when matches^2 >= (offset + limit) * table. When
// no index serves any filter (LIKE '%...%' only), finding the matches reads the whole table:
// walk when matches >= offset + limit.
PagePlan plan_page(Database& db, const CustomerQuery& q, const Where& w, const Live& live,
                   bool reverse, std::int64_t offset, std::int64_t limit, std::int64_t matches,
                   int id_lang) {
    PagePlan p;
    p.order = build_order(q.sort, reverse);
    if (fts_cond(w) && p.order.keys.empty()) {
        p.fts_stream = true;
        p.live = live.term(live.indexed ? "cl_customer_fts.rowid" : "c.id_customer", live.indexed);
        p.reads = static_cast<double>(offset + limit);
        return p;
    }
    double table = static_cast<double>(db.scalar_int("SELECT MAX(id_customer) FROM ps_customer"));
    double m = std::max(1.0, static_cast<double>(matches));
    double n = static_cast<double>(offset + limit);
    const bool scan_only = !w.conds.empty() && std::all_of(w.conds.begin(), w.conds.end(),
                                                           [](const Cond& c) { return c.scan; });
    const double find = scan_only ? std::max(table, m) : m;
    p.sort_driven = w.conds.empty() || n * table / m <= find;
    // Rows the plan reads: with more than a tenth of a large table, one scan for the deleted
    // ids beats reading each row.
    double reads = p.sort_driven ? n * table / m : find;
    p.reads = reads;
    choose_tables(p, w, live, live.indexed || reads > 100000);
    if (live.only && live.indexed && w.conds.empty() && p.order.keys.empty())
        p.live = "c.deleted = 0"; // by id: the index on (deleted, rowid) is the order
    SortKind kind = p.order.first ? p.order.first->sort_kind : SortKind::Index;
    if (p.sort_driven && (kind == SortKind::Lookup || kind == SortKind::NullSplit)) {
        p.segs = segments(db, p.order, id_lang);
        if (p.segs.empty())
            p.sort_driven = false;
    }
    return p;
}

// The statement of a plan without segments.
IdsQuery ids_query(const Where& w, const PagePlan& p, std::int64_t offset, std::int64_t limit) {
    IdsQuery iq{"", w.params};
    if (p.fts_stream) {
        const Cond* fts = fts_cond(w);
        std::string from = " FROM cl_customer_fts";
        bool customer = reads_customer(w, fts) || p.live.rfind("+c.", 0) == 0;
        if (customer)
            from += " CROSS JOIN ps_customer c ON c.id_customer = cl_customer_fts.rowid";
        if (w.uses_stats())
            from += std::string(" JOIN cl_customer_stats s ON s.id_customer = ") +
                    (customer ? "c.id_customer" : "cl_customer_fts.rowid");
        iq.sql = "SELECT cl_customer_fts.rowid" + from +
                 w.sql(false, p.live, {"cl_customer_fts MATCH " + fts->fts}, fts) +
                 " ORDER BY cl_customer_fts.rowid" + (p.order.tie_desc ? " DESC" : " ASC");
    } else {
        iq.sql =
            "SELECT " + p.id + p.from + w.sql(!p.sort_driven, p.live) + p.order.sql(p.sort_driven);
    }
    add_limit(iq, offset, limit);
    return iq;
}

// The statement reading `limit` ids after skipping `offset` inside one segment.
IdsQuery segment_ids_query(const Where& w, const PagePlan& p, const Segment& seg,
                           std::int64_t offset, std::int64_t limit) {
    IdsQuery iq{"", w.params};
    std::string cond = number_placeholders(seg.cond, iq.params, seg.values);
    std::string order_sql;
    for (const std::string& k : seg.keeps_first_key ? p.order.keys : p.order.rest) {
        order_sql += order_sql.empty() ? " ORDER BY " : ", ";
        order_sql += k;
    }
    order_sql += order_sql.empty() ? " ORDER BY " : ", ";
    order_sql += p.order.tiebreak;
    iq.sql = "SELECT " + p.id + p.from + w.sql(false, p.live, {cond}) + order_sql;
    add_limit(iq, offset, limit);
    return iq;
}

std::vector<std::int64_t> read_ids(Database& db, const Where& w, const PagePlan& p,
                                   const Live& live, std::int64_t offset, std::int64_t limit,
                                   int id_lang) {
    std::vector<std::int64_t> ids;
    if (p.segs.empty()) {
        run_ids(db, ids_query(w, p, offset, limit), id_lang, ids);
        return ids;
    }
    for (const Segment& seg : p.segs) {
        std::int64_t want = limit - static_cast<std::int64_t>(ids.size());
        if (want <= 0)
            break;
        if (offset > 0) {
            // Whole segments before the page are skipped by their count, read from the
            // segment's index alone when nothing else needs the other table.
            std::vector<Value> params = w.params;
            std::string cond = number_placeholders(seg.cond, params, seg.values);
            const bool on_stats = p.order.first && p.order.first->uses_stats;
            const bool customer = reads_customer(w) || !on_stats || (live.only && !live.indexed);
            const std::string id = customer ? "c.id_customer" : "s.id_customer";
            std::int64_t n = query_int(db,
                                       "SELECT COUNT(*)" +
                                           (customer ? from_clause(w.uses_stats() || on_stats)
                                                     : std::string(" FROM cl_customer_stats s")) +
                                           w.sql(true, live.term(id, live.indexed), {cond}),
                                       id_lang, params);
            if (n <= offset) {
                offset -= n;
                continue;
            }
        }
        run_ids(db, segment_ids_query(w, p, seg, offset, want), id_lang, ids);
        offset = 0;
    }
    return ids;
}

constexpr const char* kRowSql =
    "SELECT c.id_customer, "
    "(SELECT gl.name FROM ps_gender_lang gl WHERE gl.id_gender = c.id_gender AND gl.id_lang = "
    "?1), "
    "c.firstname, c.lastname, c.email, c.company, "
    "(SELECT grl.name FROM ps_group_lang grl WHERE grl.id_group = c.id_default_group AND "
    "grl.id_lang = ?1), "
    "s.sales, s.valid_orders, c.active, c.newsletter, c.optin, c.is_guest, c.deleted, "
    "c.birthday, c.date_add, s.last_visit, "
    "(SELECT col.name FROM ps_country_lang col WHERE col.id_country = s.id_country AND "
    "col.id_lang = ?1), "
    "(SELECT sh.name FROM ps_shop sh WHERE sh.id_shop = c.id_shop), "
    "s.id_address_invoice, s.id_address_delivery, "
    "(SELECT rl.name FROM cl_rfm_segment_lang rl WHERE rl.id_rfm_segment = s.id_rfm_segment AND "
    "rl.id_lang = ?1) "
    "FROM ps_customer c LEFT JOIN cl_customer_stats s ON s.id_customer = c.id_customer "
    "WHERE c.id_customer IN (";

std::vector<CustomerRow> load_rows(Database& db, const std::vector<std::int64_t>& ids, int id_lang,
                                   const std::string& today) {
    std::unordered_map<std::int64_t, CustomerRow> by_id;
    by_id.reserve(ids.size());
    int ty = 0, tm = 0, td = 0;
    parse_date(today, ty, tm, td);
    constexpr std::size_t kChunk = 500;
    for (std::size_t start = 0; start < ids.size(); start += kChunk) {
        std::size_t n = std::min(kChunk, ids.size() - start);
        std::string sql = kRowSql;
        for (std::size_t i = 0; i < n; ++i)
            sql += i ? ",?" : "?2"; // ?3, ?4... (see sort_ids)
        sql += ")";
        Statement st = db.prepare(sql);
        st.bind(1, id_lang);
        for (std::size_t i = 0; i < n; ++i)
            st.bind(static_cast<int>(i + 2), ids[start + i]);
        while (st.step()) {
            CustomerRow r;
            r.id = st.int64(0);
            r.title = st.text(1);
            r.firstname = st.text(2);
            r.lastname = st.text(3);
            r.email = st.text(4);
            r.company = st.text(5);
            r.default_group = st.text(6);
            r.sales = st.real(7);
            r.valid_orders = st.int64(8);
            r.active = st.int64(9) != 0;
            r.newsletter = st.int64(10) != 0;
            r.optin = st.int64(11) != 0;
            r.is_guest = st.int64(12) != 0;
            r.deleted = st.int64(13) != 0;
            r.age = age_on(st.text(14), ty, tm, td);
            r.date_add = st.text(15);
            r.last_visit = st.text(16);
            r.country = st.text(17);
            r.shop = st.text(18);
            std::int64_t invoice = st.int64(19), delivery = st.int64(20);
            r.has_valid_order = r.valid_orders > 0;
            r.delivery_differs = invoice != 0 && delivery != 0 && invoice != delivery;
            r.rfm = st.text(21);
            by_id.emplace(r.id, std::move(r));
        }
    }
    std::vector<CustomerRow> rows;
    rows.reserve(ids.size());
    for (std::int64_t id : ids) {
        auto it = by_id.find(id);
        if (it != by_id.end())
            rows.push_back(std::move(it->second));
    }
    return rows;
}

// The page's window: read from the end with the order reversed when that skips fewer rows.
struct Window {
    bool reverse = false;
    std::int64_t offset = 0, limit = 0;
};

Window window(const CustomerQuery& q, std::int64_t total) {
    Window win;
    win.offset = std::max<std::int64_t>(q.offset, 0);
    win.limit = std::clamp<std::int64_t>(q.limit, 0, 10000);
    if (win.offset >= total) {
        win.limit = 0;
        return win;
    }
    win.limit = std::min(win.limit, total - win.offset);
    std::int64_t from_end = total - win.offset - win.limit;
    if (from_end < win.offset) {
        win.reverse = true;
        win.offset = from_end;
    }
    return win;
}

// --- helpers of the time-boxed count ----------------------------------------------------------

using Clock = std::chrono::steady_clock;

// The tokens the full-text index makes of `text` (lower case, diacritics removed): the
// unicode61 tokenizer with the options of cl_customer_fts, through the connection's fts5_api.
std::vector<std::string> fts_tokens(Database& db, const std::string& text) {
    fts5_api* api = nullptr;
    {
        Statement st = db.prepare("SELECT fts5(?1)");
        sqlite3_bind_pointer(st.handle(), 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        st.step();
    }
    std::vector<std::string> tokens;
    void* user = nullptr;
    fts5_tokenizer tokenizer{};
    if (!api || api->xFindTokenizer(api, "unicode61", &user, &tokenizer) != SQLITE_OK)
        return tokens;
    const char* args[] = {"remove_diacritics", "2"};
    Fts5Tokenizer* t = nullptr;
    if (tokenizer.xCreate(user, args, 2, &t) != SQLITE_OK)
        return tokens;
    tokenizer.xTokenize(t, &tokens, FTS5_TOKENIZE_QUERY, text.data(), static_cast<int>(text.size()),
                        [](void* out, int, const char* token, int n, int, int) {
                            static_cast<std::vector<std::string>*>(out)->emplace_back(
                                token, static_cast<std::size_t>(n));
                            return SQLITE_OK;
                        });
    tokenizer.xDelete(t);
    return tokens;
}

std::size_t utf8_length(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// The FTS5 group equivalent to the prefix query "x"* for a token `x` of one character:
// ("x" OR "xa"* OR "xb"* ...) with each second character that the index holds after it.
// The terms of the search index in order, from a skip-scan through an fts5vocab table in the
// connection's own temp schema (created when missing: a rolled-back transaction may have
// dropped it).
class FtsTerms {
public:
    explicit FtsTerms(Database& db) : st_(prepare(db)) {}
    // The first term in [from, end); nullopt when there is none.
    std::optional<std::string> first_in(const std::string& from, const std::string& end) {
        st_.reset();
        st_.bind(1, from);
        st_.bind(2, end);
        if (!st_.step())
            return std::nullopt;
        return st_.text(0);
    }

private:
    static Statement prepare(Database& db) {
        db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.cl_customer_fts_terms USING "
                "fts5vocab(main, cl_customer_fts, instance)");
        return db.prepare("SELECT term FROM temp.cl_customer_fts_terms WHERE term >= ?1 AND "
                          "term < ?2 ORDER BY term LIMIT 1");
    }
    Statement st_;
};

// The text as an FTS5 string ("..." with inner quotes doubled).
std::string fts_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

// Just past every string that starts with `prefix` (its last byte must not be 0xFF).
std::string past_prefix(std::string prefix) {
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}

// FTS5 answers a one-character prefix by merging the lists of every term that starts with
// it before it returns a first row, whatever the rowid range; each two-character prefix is
// one list of the prefix index (prefix = '2 3'), read lazily from any rowid. The second
// characters come from the terms (FtsTerms). Empty (no rewrite) when there are very many.
std::string short_prefix_alternatives(Database& db, const std::string& first) {
    if (first.empty() || static_cast<unsigned char>(first.back()) == 0xFF)
        return {};
    FtsTerms terms(db);
    const std::string end = past_prefix(first);
    std::string group = "(" + fts_string(first);
    std::string from = first + '\x01'; // past the term `first` itself
    for (int n = 0;; ++n) {
        const std::optional<std::string> term = terms.first_in(from, end);
        if (!term || term->size() <= first.size() || term->compare(0, first.size(), first) != 0)
            break;
        const std::size_t len = utf8_length(static_cast<unsigned char>((*term)[first.size()]));
        const std::string prefix = term->substr(0, std::min(term->size(), first.size() + len));
        if (n >= 200 || static_cast<unsigned char>(prefix.back()) == 0xFF)
            return {};
        group += " OR " + fts_string(prefix) + "*";
        from = past_prefix(prefix);
    }
    return group + ")";
}

// The FTS5 group equivalent to the prefix query "xyzt"* for a token of four characters or
// more (no prefix index): each term of the index that starts with it, as an exact term.
// FTS5 would merge their lists before its first row; each exact term's list reads lazily.
// Empty when there is none or very many.
std::string prefix_terms(Database& db, const std::string& prefix) {
    if (static_cast<unsigned char>(prefix.back()) == 0xFF)
        return {};
    FtsTerms terms(db);
    const std::string end = past_prefix(prefix);
    std::string group, from = prefix;
    for (int n = 0;; ++n) {
        const std::optional<std::string> term = terms.first_in(from, end);
        if (!term || term->compare(0, prefix.size(), prefix) != 0)
            break;
        if (n >= 64)
            return {};
        group += (group.empty() ? "(" : " OR ") + fts_string(*term);
        from = *term + '\x01'; // past this term's instances
    }
    return group.empty() ? group : group + ")";
}

// The plan of a page read while counting must stay below this many rows, and the read
// below this time (else such reads wait for the end of the count).
constexpr double kCheapReads = 10000;
constexpr auto kEarlyPageTime = std::chrono::milliseconds(4);
constexpr auto kPassPageTime = std::chrono::milliseconds(8);
// A page of at most this many matches may sort them all (an IN list, under SQLite's limit on
// parameters).
constexpr std::int64_t kSortable = 30000;

// --- the sort orders kept in memory -----------------------------------------------------------

// The walk of one sort order over every customer (deleted ones too), segment by segment, that
// a later step resumes after the last row it read: first the rows whose keys equal that row's
// and whose tie-break comes after it (an equality on the index, then the rowid), then the rows
// whose keys come after (a row-value range on the index). Needs one direction for every key
// and the tie-break, and keys that are columns: not a multi-column sort with mixed directions
// or on a looked-up name after the first column.
struct OrderWalk {
    struct Seg {
        std::string cond;
        std::vector<Value> values;     // for the condition's "?" placeholders
        std::vector<std::string> keys; // "c.lastname COLLATE NOCASE"
    };
    std::string select; // "SELECT <id>"; the keys follow
    std::string from;
    std::string tie; // "c.id_customer"
    bool desc = false;
    std::vector<Seg> segs;
};

// Splits "c.lastname COLLATE NOCASE ASC" into the key and its direction.
bool key_direction(std::string& key) {
    for (const char* dir : {" ASC", " DESC"}) {
        const std::size_t n = std::strlen(dir);
        if (key.size() > n && key.compare(key.size() - n, n, dir) == 0) {
            key.resize(key.size() - n);
            return dir[1] == 'D';
        }
    }
    return false;
}

// Whether the column "c.birthday" (of ps_customer) or "s.last_visit" (of cl_customer_stats)
// may hold NULL. Asking for the NULLs of a NOT NULL column would scan the table.
bool nullable(Database& db, const std::string& column) {
    const bool stats = column.rfind("s.", 0) == 0;
    Statement st = db.prepare("SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2");
    st.bind(1, stats ? "cl_customer_stats" : "ps_customer");
    st.bind(2, column.substr(2));
    return !st.step() || st.int64(0) == 0;
}

std::optional<OrderWalk> order_walk(Database& db, const std::vector<SortSpec>& sort, int id_lang) {
    CustomerQuery q;
    q.sort = sort;
    const Where none;
    const Live everyone{false, false};
    const PagePlan plan = plan_page(db, q, none, everyone, false, 0, 1, 1, id_lang);
    const Order& order = plan.order;
    if (order.keys.empty() || !plan.sort_driven)
        return std::nullopt; // by id (the bitmap's own order), or a long lookup SQLite sorts
    OrderWalk walk;
    walk.select = "SELECT " + plan.id;
    walk.from = plan.from;
    walk.tie = order.tiebreak;
    walk.desc = key_direction(walk.tie);
    // The segments of a lookup or of NULLs apart; a plain index, its NULLs apart as well
    // (SQLite puts them first), so that no resumed row has a NULL first key.
    std::vector<Segment> segs = plan.segs;
    if (segs.empty()) {
        const std::string expr = order.first->expr;
        if (nullable(db, expr))
            segs.push_back({expr + " IS NULL", {}, false});
        segs.push_back({expr + " IS NOT NULL", {}, true});
        if (order.first_desc)
            std::reverse(segs.begin(), segs.end());
    }
    for (const Segment& seg : segs) {
        OrderWalk::Seg s{seg.cond, seg.values, {}};
        for (std::string key : seg.keeps_first_key ? order.keys : order.rest) {
            if (key_direction(key) != walk.desc || key.find("(SELECT") != std::string::npos)
                return std::nullopt;
            s.keys.push_back(std::move(key));
        }
        walk.segs.push_back(std::move(s));
    }
    return walk;
}

// "c.lastname COLLATE NOCASE" as the column and its collation (" COLLATE NOCASE" or "").
std::pair<std::string, std::string> key_column(const std::string& key) {
    const std::size_t at = key.find(" COLLATE ");
    if (at == std::string::npos)
        return {key, ""};
    return {key.substr(0, at), key.substr(at)};
}

// One sort order in memory, and where its walk resumes.
struct SortedCustomers {
    std::string signature; // the ORDER BY and the language of looked-up names
    std::uint64_t version = 0;
    std::vector<SortSpec> sort;
    int id_lang = 1;
    std::vector<std::int64_t> ids;
    bool complete = false;
    bool unsupported = false; // no resumable walk: pages walk the index instead
    std::size_t seg = 0;
    bool has_last = false; // inside segment `seg`, after (last_keys, last_id)
    int level = 0;         // resuming with this many keys equal to last_keys (see the step)
    std::vector<Value> last_keys;
    std::int64_t last_id = 0;
    std::optional<OrderWalk> walk; // once the first step has planned it

    // The same order, to be read again from the start on the data of `data_version`.
    void start_over(std::uint64_t data_version) {
        SortedCustomers fresh;
        fresh.signature = std::move(signature);
        fresh.sort = std::move(sort);
        fresh.id_lang = id_lang;
        fresh.version = data_version;
        *this = std::move(fresh);
    }
};

} // namespace

struct CustomerOrderCache {
    static constexpr std::size_t kKept = 2;
    std::vector<SortedCustomers> orders; // the most recently asked for first

    // The order of `sort` on the current data, made the most recent (a new, empty one when
    // there is none); nullptr for the id order, which needs no list.
    SortedCustomers* want(Database& db, const std::vector<SortSpec>& sort, int id_lang) {
        const Order order = build_order(sort, false);
        if (order.keys.empty())
            return nullptr;
        const std::string signature = order.sql(true) + "|" + std::to_string(id_lang);
        auto it = std::find_if(orders.begin(), orders.end(),
                               [&](const SortedCustomers& o) { return o.signature == signature; });
        if (it == orders.end()) {
            orders.emplace_back();
            it = std::prev(orders.end());
            it->signature = signature;
            it->sort = sort;
            it->id_lang = id_lang;
            it->version = db.data_version();
        } else if (it->version != db.data_version()) {
            it->start_over(db.data_version());
        }
        std::rotate(orders.begin(), it, std::next(it));
        SortedCustomers& o = orders.front();
        if (orders.size() > kKept)
            orders.resize(kKept);
        return &o;
    }

    // The most recent order when it still has work.
    SortedCustomers* pending(Database& db) {
        if (orders.empty())
            return nullptr;
        SortedCustomers& o = orders.front();
        if (o.version != db.data_version())
            o.start_over(db.data_version());
        return o.complete || o.unsupported ? nullptr : &o;
    }
};

std::shared_ptr<CustomerOrderCache> make_customer_order_cache() {
    return std::make_shared<CustomerOrderCache>();
}

namespace {

// Reads `o`'s order on until `deadline` (at least one row); true once it is complete.
bool build_order_step(Database& db, SortedCustomers& o, Clock::time_point deadline) {
    if (o.complete || o.unsupported)
        return true;
    if (db.in_transaction())
        return false; // a job's writes, not committed yet (and maybe never): read after it
    if (!o.walk)
        o.walk = order_walk(db, o.sort, o.id_lang);
    if (!o.walk) {
        o.unsupported = true;
        return true;
    }
    const OrderWalk* walk = &*o.walk;
    ReadSnapshot snapshot(db);
    const char* dir = walk->desc ? " DESC" : " ASC";
    const char* after = walk->desc ? " < " : " > ";
    while (o.seg < walk->segs.size()) {
        const OrderWalk::Seg& seg = walk->segs[o.seg];
        const int n = static_cast<int>(seg.keys.size());
        if (o.has_last && o.level < 0) {
            ++o.seg; // every row after the last one read
            o.has_last = false;
            continue;
        }
        // Resuming at `level` L: the first L keys equal the last row's, and the next key (the
        // tie-break when L is every key) comes after its value. One index seek each: a row
        // value (a, b) > (x, y) would only seek on a.
        const bool resumed = o.has_last;
        std::vector<Value> params;
        std::string where = " WHERE " + number_placeholders(seg.cond, params, seg.values);
        auto placeholder = [&](const Value& v) {
            params.push_back(v);
            return "?" + std::to_string(params.size() + 1);
        };
        if (resumed) {
            for (int i = 0; i < o.level && i < n; ++i) {
                const auto [column, collate] = key_column(seg.keys[i]);
                where += " AND " + column + " = " + placeholder(o.last_keys[i]) + collate;
            }
            if (o.level == n) {
                where += " AND " + walk->tie + after + placeholder(o.last_id);
            } else {
                const auto [column, collate] = key_column(seg.keys[o.level]);
                where += " AND " + column + after + placeholder(o.last_keys[o.level]) + collate;
            }
        }
        std::string order_sql;
        for (int i = resumed ? std::min(o.level, n) : 0; i < n; ++i)
            order_sql += (order_sql.empty() ? " ORDER BY " : ", ") + seg.keys[i] + dir;
        order_sql += (order_sql.empty() ? " ORDER BY " : ", ") + walk->tie + dir;
        std::string select = walk->select;
        for (const std::string& k : seg.keys)
            select += ", " + key_column(k).first;
        Statement st = db.prepare(select + walk->from + where + order_sql);
        bind_params(st, o.id_lang, params);
        std::int64_t rows = 0;
        while (st.step()) {
            const std::int64_t id = st.int64(0);
            o.ids.push_back(id);
            o.last_id = id;
            o.has_last = true;
            if (++rows % 64 != 0 || Clock::now() < deadline)
                continue;
            // Where the next step resumes: after this row.
            o.last_keys.clear();
            for (int i = 0; i < n; ++i) {
                switch (sqlite3_column_type(st.handle(), i + 1)) {
                case SQLITE_INTEGER:
                    o.last_keys.emplace_back(st.int64(i + 1));
                    break;
                case SQLITE_FLOAT:
                    o.last_keys.emplace_back(st.real(i + 1));
                    break;
                case SQLITE_NULL:
                    o.unsupported = true;
                    break;
                default:
                    o.last_keys.emplace_back(st.text(i + 1));
                    break;
                }
            }
            if (o.unsupported) {
                o.ids.clear(); // a NULL among the later keys: no seek resumes after it
                return true;
            }
            o.level = n;
            return false;
        }
        if (resumed) {
            --o.level; // then the rows after a less significant key
        } else {
            ++o.seg;
            o.has_last = false;
        }
    }
    o.complete = true;
    return true;
}

} // namespace

CustomerQueryTuning& customer_query_tuning() {
    static CustomerQueryTuning tuning;
    return tuning;
}

const std::vector<ColumnInfo>& customer_columns() {
    static const std::vector<ColumnInfo> columns = [] {
        std::vector<ColumnInfo> out;
        for (const ColumnDef& d : column_defs())
            out.push_back(d.info);
        return out;
    }();
    return columns;
}

const ColumnInfo* find_customer_column(const std::string& id) {
    for (const ColumnInfo& c : customer_columns())
        if (id == c.id)
            return &c;
    return nullptr;
}

CustomerPage query_customers(Database& db, const CustomerQuery& q, int id_lang) {
    std::string today = today_or_now(db, q.today);
    Where w = build_where(q, today);
    Live live{!q.include_deleted, has_deleted_index(db)};
    ReadSnapshot snapshot(db);
    CustomerPage page;
    std::optional<std::vector<std::int64_t>> few;
    std::optional<std::int64_t> total;
    if (fts_cond(w) && w.conds.size() == 1) {
        Matches m = fts_matches(db, w, live, id_lang);
        total = m.total;
        few = std::move(m.ids);
    } else {
        few = probe_matches(db, w, live, id_lang);
    }
    if (few) {
        page.total = static_cast<std::int64_t>(few->size());
        Window win = window(q, page.total);
        if (win.limit > 0) {
            std::int64_t offset = std::max<std::int64_t>(q.offset, 0);
            page.rows =
                load_rows(db, sort_ids(db, *few, q, offset, win.limit, id_lang), id_lang, today);
        }
        return page;
    }
    page.total = total ? *total : count_where(db, w, live, id_lang);
    Window win = window(q, page.total);
    if (win.limit == 0)
        return page;
    PagePlan plan =
        plan_page(db, q, w, live, win.reverse, win.offset, win.limit, page.total, id_lang);
    std::vector<std::int64_t> ids = read_ids(db, w, plan, live, win.offset, win.limit, id_lang);
    if (win.reverse)
        std::reverse(ids.begin(), ids.end());
    page.rows = load_rows(db, ids, id_lang, today);
    return page;
}

std::vector<std::int64_t> query_customer_ids(Database& db, const CustomerQuery& q, int id_lang) {
    Where w = build_where(q, today_or_now(db, q.today));
    Live live{!q.include_deleted, has_deleted_index(db)};
    // Everything: no early stop to win, so SQLite picks the plan.
    Order order = build_order(q.sort, false);
    IdsQuery iq{"SELECT c.id_customer" + from_clause(w.uses_stats() || order.uses_stats) +
                    w.sql(true, live.term("c.id_customer", live.indexed)) + order.sql(true),
                w.params};
    std::vector<std::int64_t> ids;
    run_ids(db, iq, id_lang, ids);
    return ids;
}

std::int64_t count_customers(Database& db, const CustomerQuery& q, int id_lang) {
    Where w = build_where(q, today_or_now(db, q.today));
    ReadSnapshot snapshot(db);
    return count_where(db, w, Live{!q.include_deleted, has_deleted_index(db)}, id_lang);
}

std::string explain_customer_query(Database& db, const CustomerQuery& q, int id_lang) {
    Where w = build_where(q, today_or_now(db, q.today));
    Live live{!q.include_deleted, has_deleted_index(db)};
    ReadSnapshot snapshot(db);
    std::int64_t total = count_where(db, w, live, id_lang);
    Window win = window(q, total);
    if (win.limit == 0)
        win.limit = std::clamp<std::int64_t>(q.limit, 1, 10000);
    PagePlan plan = plan_page(db, q, w, live, win.reverse, win.offset, win.limit, total, id_lang);
    IdsQuery iq = plan.segs.empty() ? ids_query(w, plan, win.offset, win.limit)
                                    : segment_ids_query(w, plan, plan.segs.front(), 0, win.limit);
    Statement st = db.prepare("EXPLAIN QUERY PLAN " + iq.sql);
    bind_params(st, id_lang, iq.params);
    std::string out;
    while (st.step()) {
        out += st.text(3);
        out += '\n';
    }
    return out;
}

// --- time-boxed count -------------------------------------------------------------------------

// Without a full-text condition, the counter reads ranges of customer ids ("range mode"),
// each condition tested on the row. With one, every match is one of its candidates (the
// full-text matches, and the id an all-digit search names): those are read from the index in
// batches in id order (one seek per batch), then tested in lists against the other conditions
// ("list mode"). A search whose words all read lazily (see short_prefix_alternatives) takes
// batches sized to the budget; otherwise FTS5 merges lists before the first row anyway, and
// the batch is all candidates at once. Every match found is also set in a bitmap of the ids,
// so that once the count is done a page in any order is a walk of the sort order's index
// keeping the ids set (query_customers_counted).
struct CustomerCounter::Impl {
    Impl(Database& d, CustomerQuery query, int lang, std::shared_ptr<CustomerOrderCache> cache)
        : db(d), q(std::move(query)), id_lang(lang), today(today_or_now(db, q.today)),
          plain(build_where(q, today)),
          orders(cache ? std::move(cache) : make_customer_order_cache()) {
        orders->want(db, q.sort, id_lang);
    }

    static constexpr int kList = 256; // candidates tested per statement
    // The most ids a unit covers: a unit that meets pages out of the cache takes longer than
    // the warm ones it was sized on, by at most this much.
    static constexpr std::int64_t kMaxUnit = 65536;

    Database& db;
    CustomerQuery q;
    int id_lang;
    std::string today;
    Where plain; // as count_customers builds it (validates the query at once)
    std::shared_ptr<CustomerOrderCache> orders; // built once the count and its pass are done
    std::optional<Where> w; // with words rewritten to read lazily (see expand_word)
    Live live;
    bool started = false, finished = false;
    std::int64_t count = 0;
    // The pass over the matches in id order: it counts them, or after a count at once it
    // only indexes them (first ids, bitmap) for the page reads.
    bool prepared = false, scanning = false;
    std::int64_t found_count = 0;              // matches the pass has seen
    std::vector<std::int64_t> first_ids;       // the first matches by id, up to the probe
    bool ids_complete = false;                 // first_ids is every match
    std::vector<std::uint64_t> bits;           // bit (id - lo) set for each match
    bool bits_ok = false;                      // the bitmap holds every match seen
    mutable bool early_pages_fail = false;     // a page read while counting ran out of time
    mutable bool distinct_values_fail = false; // so did a read through distinct values
    mutable std::string slow_order; // an order whose walk ran out of time: pages wait for it
    std::int64_t lo = 1, hi = 0;    // the customer ids
    std::int64_t next = 1;          // every id before it is counted
    std::int64_t steps = 0, chunks = 0;
    // Range mode.
    std::int64_t width = 1024;
    std::optional<Statement> range_ids;
    ChunkCost range_cost;
    // List mode.
    const Cond* driver = nullptr;
    bool lazy = true;
    std::optional<std::int64_t> named_id; // an all-digit search's id, until passed
    std::vector<std::int64_t> cands;
    std::size_t cand_at = 0;
    bool source_done = false;
    std::int64_t batch = 1024;
    std::vector<std::int64_t> deleted; // sorted; the search alone is counted against it
    bool test_rows = false;            // candidates go through list_ids
    std::optional<Statement> batch_st, list_ids;
    ChunkCost batch_cost, list_cost;

    const Where& where() const { return w ? *w : plain; }

    // The whole count before `deadline`; false when interrupted.
    bool count_at_once(Clock::time_point deadline) {
        ReadSnapshot snapshot(db); // ends after the interrupt is lifted: its COMMIT must run
        return timebox::finished_before(db, deadline,
                                        [&] { count = count_where(db, *w, live, id_lang); });
    }

    // A word that FTS5 would answer by merging term lists before its first row, rewritten
    // as alternatives it reads lazily: one character as its two-character prefixes, four or
    // more as the terms that start with them. A search keeping such a merge (a one-digit
    // word, whose lists hold nearly every row through the IP addresses; a phrase like
    // "jean-p"; very many terms) is not lazy.
    std::string expand_word(const std::string& word) {
        const std::vector<std::string> tokens = fts_tokens(db, word);
        if (tokens.empty())
            return {};
        const std::string& last = tokens.back();
        std::size_t chars = 0;
        for (std::size_t i = 0; i < last.size();
             i += utf8_length(static_cast<unsigned char>(last[i])))
            ++chars;
        if (chars == 2 || chars == 3)
            return {}; // a list of the prefix index
        std::string group;
        const bool digit = last[0] >= '0' && last[0] <= '9';
        if (tokens.size() == 1 && chars == 1 && !digit)
            group = short_prefix_alternatives(db, last);
        else if (tokens.size() == 1 && chars >= 4)
            group = prefix_terms(db, last);
        if (group.empty() && (chars == 1 || tokens.size() == 1))
            lazy = false;
        return group;
    }

    // Builds `w`; its full-text query reads lazily unless `lazy` is false.
    void rewrite() {
        ExpandWord expand = [this](const std::string& word) { return expand_word(word); };
        w = build_where(q, today, &expand);
    }

    void prepare() {
        lo = db.scalar_int("SELECT COALESCE(MIN(id_customer), 1) FROM ps_customer");
        hi = db.scalar_int("SELECT COALESCE(MAX(id_customer), 0) FROM ps_customer");
        next = lo;
        // One bit per id, up to 8 MiB.
        if (hi >= lo && hi - lo < (std::int64_t{1} << 26)) {
            bits.assign(static_cast<std::size_t>((hi - lo) / 64 + 1), 0);
            bits_ok = true;
        }
        for (const Cond& c : w->conds)
            if (c.fts_param >= 0)
                driver = &c;
        if (driver)
            prepare_list();
        else
            prepare_range();
        prepared = true;
    }

    void prepare_range() {
        const std::string a = "?" + std::to_string(w->params.size() + 2);
        const std::string b = "?" + std::to_string(w->params.size() + 3);
        std::string rest =
            from_clause(w->uses_stats()) + " WHERE c.id_customer BETWEEN " + a + " AND " + b;
        for (const Cond& c : w->conds)
            rest += " AND " + c.plain;
        // Everyone: the index on (deleted, id) alone holds the answer.
        if (live.only)
            rest += w->conds.empty() && live.indexed ? " AND c.deleted = 0" : " AND +c.deleted = 0";
        range_ids.emplace(db.prepare("SELECT c.id_customer" + rest + " ORDER BY c.id_customer"));
    }

    void prepare_list() {
        if (driver->id_param >= 0) {
            // A candidate only when there is such a customer (the index's rows all are).
            Statement st = db.prepare("SELECT id_customer FROM ps_customer WHERE id_customer = ?1");
            st.bind(1,
                    std::get<std::int64_t>(w->params[static_cast<std::size_t>(driver->id_param)]));
            if (st.step())
                named_id = st.int64(0);
        }
        batch_st.emplace(db.prepare("SELECT rowid FROM cl_customer_fts WHERE cl_customer_fts "
                                    "MATCH ?1 AND rowid >= ?2 ORDER BY rowid LIMIT ?3"));
        const bool alone = w->conds.size() == 1;
        if (alone && !live.only)
            return; // every candidate is a customer (the index's rows are)
        if (alone && live.indexed) {
            Statement st = db.prepare(kDeletedIds);
            while (st.step())
                deleted.push_back(st.int64(0));
            std::sort(deleted.begin(), deleted.end());
            return;
        }
        test_rows = true;
        std::string rest = from_clause(w->uses_stats()) + " WHERE c.id_customer IN (";
        for (int i = 0; i < kList; ++i)
            rest += (i ? ", ?" : "?") +
                    std::to_string(w->params.size() + 2 + static_cast<std::size_t>(i));
        rest += ")";
        for (const Cond& c : w->conds)
            if (&c != driver)
                rest += " AND " + c.plain;
        if (live.only)
            rest += " AND +c.deleted = 0";
        list_ids.emplace(db.prepare("SELECT c.id_customer" + rest + " ORDER BY c.id_customer"));
    }

    void found(std::int64_t id) {
        if (static_cast<std::int64_t>(first_ids.size()) < customer_query_tuning().probe)
            first_ids.push_back(id);
        if (bits_ok && id >= lo && id <= hi) {
            const auto bit = static_cast<std::uint64_t>(id - lo);
            bits[bit / 64] |= std::uint64_t{1} << (bit % 64);
        } else {
            bits_ok = false;
        }
        ++found_count;
        if (!finished)
            count = found_count;
    }

    // The matches the statement selects (bound with `params`), in id order.
    void run(Statement& st, const std::vector<Value>& params) {
        st.reset();
        bind_params(st, id_lang, params);
        while (st.step())
            found(st.int64(0));
        st.reset();
    }

    void range_chunk(std::int64_t n) {
        const std::int64_t a = next, b = std::min(hi, next + n - 1);
        std::vector<Value> params = w->params;
        params.emplace_back(a);
        params.emplace_back(b);
        run(*range_ids, params);
        next = b + 1;
    }

    // The next batch of candidates (with the named id in its place).
    void read_batch() {
        const std::string& match =
            std::get<std::string>(w->params[static_cast<std::size_t>(driver->fts_param)]);
        Statement& st = *batch_st;
        st.reset();
        st.bind(1, match);
        st.bind(2, next);
        st.bind(3, lazy ? batch : std::int64_t{-1});
        cands.clear();
        cand_at = 0;
        while (st.step())
            cands.push_back(st.int64(0));
        st.reset();
        source_done = !lazy || static_cast<std::int64_t>(cands.size()) < batch;
        const std::int64_t last =
            source_done ? std::numeric_limits<std::int64_t>::max() : cands.back();
        if (named_id && *named_id >= next && *named_id <= last) {
            auto at = std::lower_bound(cands.begin(), cands.end(), *named_id);
            if (at == cands.end() || *at != *named_id)
                cands.insert(at, *named_id);
            named_id.reset();
        }
        if (!source_done)
            next = last + 1;
    }

    void test_candidates(std::size_t n) {
        const std::size_t end = cand_at + n;
        if (!test_rows) {
            for (; cand_at < end; ++cand_at) {
                const std::int64_t id = cands[cand_at];
                if (!std::binary_search(deleted.begin(), deleted.end(), id))
                    found(id);
            }
            return;
        }
        std::vector<Value> params = w->params;
        for (int i = 0; i < kList; ++i)
            params.emplace_back(cands[std::min(cand_at + static_cast<std::size_t>(i), end - 1)]);
        run(*list_ids, params);
        cand_at = end;
    }

    // One unit of work (a chunk, a batch, a list), timed into its cost; false when there is
    // no more. `predicted`: its expected time.
    bool work_unit(double target, bool dry, double& predicted) {
        if (!driver) {
            if (next > hi)
                return false;
            predicted = range_cost.known() ? range_cost.predict(width) : 0;
            if (dry)
                return true;
            const auto t0 = Clock::now();
            range_chunk(width);
            const double took = std::chrono::duration<double>(Clock::now() - t0).count();
            range_cost.add(width, took);
            const std::int64_t fixed = customer_query_tuning().count_chunk;
            width = fixed > 0 ? fixed : range_cost.size_for(target, width, 64, kMaxUnit);
            return true;
        }
        if (cand_at < cands.size()) {
            const std::size_t n = std::min<std::size_t>(
                cands.size() - cand_at, test_rows ? kList : std::max<std::size_t>(batch, 1));
            predicted = list_cost.known() ? list_cost.predict(static_cast<std::int64_t>(n)) : 0;
            if (dry)
                return true;
            const auto t0 = Clock::now();
            test_candidates(n);
            list_cost.add(static_cast<std::int64_t>(n),
                          std::chrono::duration<double>(Clock::now() - t0).count());
            return true;
        }
        if (source_done) {
            if (!named_id || *named_id < next)
                return false;
            cands.assign(1, *named_id); // after the last full-text match
            cand_at = 0;
            named_id.reset();
            return true;
        }
        predicted = batch_cost.known() ? batch_cost.predict(batch) : 0;
        if (dry)
            return true;
        const auto t0 = Clock::now();
        const std::int64_t asked = batch;
        read_batch();
        batch_cost.add(asked, std::chrono::duration<double>(Clock::now() - t0).count());
        const std::int64_t fixed = customer_query_tuning().count_chunk;
        batch = fixed > 0 ? fixed : batch_cost.size_for(target, batch, 64, kMaxUnit);
        return true;
    }

    bool step(Clock::time_point deadline) {
        ++steps;
        if (started && !scanning) {
            if (SortedCustomers* o = orders->pending(db))
                build_order_step(db, *o, deadline);
            return finished;
        }
        const Clock::time_point start = Clock::now();
        bool spent = false;
        if (!started) {
            started = true;
            scanning = true;
            live = Live{!q.include_deleted, has_deleted_index(db)};
            rewrite();
            // Only without a search: a search's matches come in a few batches anyway, and
            // then every page is a walk at once (a merge of term lists could not be
            // interrupted either).
            const bool search =
                fts_cond(*w) || std::any_of(w->conds.begin(), w->conds.end(),
                                            [](const Cond& c) { return c.fts_param >= 0; });
            if (customer_query_tuning().count_chunk <= 0 && !search) {
                if (count_at_once(deadline)) {
                    finished = true; // the pass goes on from the next step, for the pages
                    return true;
                }
                spent = true; // this step's budget went to the attempt
            }
            count = 0;
        }
        if (!prepared)
            prepare();
        // Units of about a quarter of the budget, so that the last one rarely overshoots.
        const double budget = std::chrono::duration<double>(deadline - start).count();
        const double target = std::clamp(budget / 4, 0.0005, 0.004);
        for (bool first = !spent;; first = false) {
            double predicted = 0;
            if (!work_unit(target, true, predicted)) {
                end_pass();
                break;
            }
            const Clock::time_point now = Clock::now();
            if (!first && (now >= deadline || now + std::chrono::duration_cast<Clock::duration>(
                                                        std::chrono::duration<double>(predicted)) >
                                                  deadline))
                break;
            work_unit(target, false, predicted);
            ++chunks;
        }
        return finished;
    }

    void end_pass() {
        scanning = false;
        if (finished && found_count != count)
            bits_ok = false; // cannot happen on the same data; the pages then use plans
        finished = true;
        const std::int64_t probe = customer_query_tuning().probe;
        ids_complete = bits_ok && probe > 0 && count <= probe;
    }
};

CustomerCounter::CustomerCounter(Database& db, CustomerQuery q, int id_lang,
                                 std::shared_ptr<CustomerOrderCache> orders)
    : impl_(std::make_unique<Impl>(db, std::move(q), id_lang, std::move(orders))) {}

CustomerCounter::~CustomerCounter() = default;

bool CustomerCounter::step(std::chrono::steady_clock::time_point deadline) {
    return impl_->step(deadline);
}
bool CustomerCounter::done() const {
    return impl_->finished;
}
bool CustomerCounter::busy() const {
    return !impl_->started || impl_->scanning || impl_->orders->pending(impl_->db);
}
std::int64_t CustomerCounter::count() const {
    return impl_->count;
}
double CustomerCounter::progress() const {
    const Impl& c = *impl_;
    if (c.finished)
        return 1;
    if (!c.w || c.hi < c.lo)
        return 0;
    std::int64_t at = c.cand_at < c.cands.size() ? c.cands[c.cand_at] : c.next;
    return std::clamp(static_cast<double>(at - c.lo) / static_cast<double>(c.hi - c.lo + 1), 0.0,
                      1.0);
}
std::int64_t CustomerCounter::estimate() const {
    const double p = progress();
    if (impl_->finished || p <= 0)
        return impl_->count;
    return std::max(impl_->count, static_cast<std::int64_t>(static_cast<double>(impl_->count) / p));
}
const CustomerQuery& CustomerCounter::query() const {
    return impl_->q;
}
int CustomerCounter::id_lang() const {
    return impl_->id_lang;
}
std::int64_t CustomerCounter::steps() const {
    return impl_->steps;
}
std::int64_t CustomerCounter::chunks() const {
    return impl_->chunks;
}

namespace {

bool is_match(const CustomerCounter::Impl& c, std::int64_t id) {
    if (id < c.lo || id > c.hi)
        return false;
    const auto bit = static_cast<std::uint64_t>(id - c.lo);
    return (c.bits[bit / 64] >> (bit % 64)) & 1;
}

// A window's page from ids met in its order: the matches after the window's offset, up to its
// limit; false once the page is full.
struct PageTaker {
    const CustomerCounter::Impl& c;
    std::int64_t skip, limit;
    std::vector<std::int64_t> ids;
    bool operator()(std::int64_t id) {
        if (!is_match(c, id))
            return true;
        if (skip > 0) {
            --skip;
            return true;
        }
        ids.push_back(id);
        return static_cast<std::int64_t>(ids.size()) < limit;
    }
};

// The page of a counted query in the window's order: the sort order's ids without any
// filter (the index alone; the id order is the bitmap's own), keeping the matches. A walk
// that reads far more entries than the matches' density predicts (the sort column is the one
// a "contains" filter tests, say) gives up for a sort of the matches themselves when they
// are few enough to list.
std::vector<std::int64_t> walk_matches(Database& db, const CustomerCounter::Impl& c,
                                       const CustomerQuery& q, const Window& win) {
    PageTaker take{c, win.offset, win.limit, {}};
    std::vector<std::int64_t>& ids = take.ids;
    const Order order = build_order(q.sort, win.reverse);
    if (order.keys.empty()) {
        const std::int64_t n = c.hi - c.lo + 1;
        for (std::int64_t i = 0; i < n; ++i)
            if (!take(order.tie_desc ? c.hi - i : c.lo + i))
                break;
        return std::move(ids);
    }
    const Where none;
    const Live everyone{false, false};
    PagePlan plan = plan_page(db, q, none, everyone, win.reverse, 0, win.limit, c.count, c.id_lang);
    std::vector<IdsQuery> statements;
    if (plan.segs.empty())
        statements.push_back(ids_query(none, plan, 0, -1));
    for (const Segment& seg : plan.segs)
        statements.push_back(segment_ids_query(none, plan, seg, 0, -1));
    // The matches sorted (an IN list): costs about their number.
    auto sorted_matches = [&] {
        std::vector<std::int64_t> all;
        all.reserve(static_cast<std::size_t>(c.count));
        for (std::int64_t id = c.lo; id <= c.hi; ++id)
            if (is_match(c, id))
                all.push_back(id);
        const std::int64_t from = win.reverse ? c.count - win.offset - win.limit : win.offset;
        std::vector<std::int64_t> page = sort_ids(db, all, q, from, win.limit, c.id_lang);
        if (win.reverse)
            std::reverse(page.begin(), page.end());
        return page;
    };
    // An index entry walked costs about a hundredth of a match's lookup for the sort.
    const double table = static_cast<double>(c.hi - c.lo + 1);
    const double expected = static_cast<double>(win.offset + win.limit) * table /
                            static_cast<double>(std::max<std::int64_t>(c.count, 1));
    const double sorting = 100.0 * static_cast<double>(c.count);
    const bool sortable = c.count <= kSortable;
    if (sortable && expected > sorting)
        return sorted_matches();
    const double budget = std::max({4 * expected, sorting, std::min(20000.0, table / 4)});
    double walked = 0;
    for (const IdsQuery& iq : statements) {
        Statement st = db.prepare(iq.sql);
        bind_params(st, c.id_lang, iq.params);
        while (st.step()) {
            if (!take(st.int64(0)))
                return std::move(ids);
            if (++walked > budget && sortable)
                return sorted_matches(); // far longer than the density predicts
        }
    }
    return std::move(ids);
}

// The page of a counted query from its order in memory: the ids in the bitmap, from the end
// when the window reads backwards.
std::vector<std::int64_t> page_in_order(const CustomerCounter::Impl& c, const SortedCustomers& o,
                                        const Window& win) {
    PageTaker take{c, win.offset, win.limit, {}};
    std::vector<std::int64_t>& ids = take.ids;
    if (win.reverse) {
        for (auto it = o.ids.rbegin(); it != o.ids.rend() && take(*it); ++it) {
        }
    } else {
        for (auto it = o.ids.begin(); it != o.ids.end() && take(*it); ++it) {
        }
    }
    return std::move(ids);
}

// The first page of a query sorted by a text column whose only conditions are "contains"
// filters on that same column (lastname contains 'wiś', by last name): the matches lie
// together somewhere along the order, so a walk of it finds them late and the page would wait
// for the count. Instead, the column's distinct values in sort order (one index seek each),
// each tested once (LIKE and the index's NOCASE fold the same ASCII letters, so every row of a
// value matches or none does), and the rows of the matching ones, up to the page. Costs the
// number of distinct values before the page; nullopt when the query has another shape.
std::optional<std::vector<std::int64_t>>
distinct_value_page(Database& db, const CustomerCounter::Impl& c, const CustomerQuery& sq) {
    if (sq.sort.empty() || !c.q.search.empty() || !c.q.segment.empty() || c.q.filters.empty())
        return std::nullopt;
    const ColumnDef& def = column_def(sq.sort.front().column);
    const std::string column = def.info.id;
    if (column != "lastname" && column != "firstname" && column != "email")
        return std::nullopt; // NOT NULL text columns whose index starts with them
    for (const ColumnFilter& f : c.q.filters)
        if (f.column != column || f.text.empty())
            return std::nullopt;
    const Order order = build_order(sq.sort, false);
    std::string first_key = order.keys.front();
    const bool desc = key_direction(first_key);
    const auto [expr, collate] = key_column(first_key);
    const std::string dir = desc ? " DESC" : " ASC";
    const Where& w = c.where();
    const std::string at = "?" + std::to_string(w.params.size() + 2); // after the Where's
    std::string test;
    for (const Cond& cond : w.conds)
        test += (test.empty() ? "" : " AND ") + cond.plain;
    std::string group_order;
    for (std::size_t i = 1; i < order.keys.size(); ++i)
        group_order += (group_order.empty() ? " ORDER BY " : ", ") + order.keys[i];
    group_order += (group_order.empty() ? " ORDER BY " : ", ") + order.tiebreak;
    const std::string live = c.live.term("c.id_customer", false);
    Statement next = db.prepare("SELECT " + expr + " FROM ps_customer c" +
                                (" WHERE " + expr + (desc ? " < " : " > ") + at + collate) +
                                " ORDER BY " + first_key + dir + " LIMIT 1");
    Statement first = db.prepare("SELECT " + expr + " FROM ps_customer c ORDER BY " + first_key +
                                 dir + " LIMIT 1");
    Statement matches = db.prepare("SELECT " + test + " FROM ps_customer c WHERE " + expr + " = " +
                                   at + collate + " LIMIT 1");
    Statement rows = db.prepare("SELECT c.id_customer FROM ps_customer c WHERE " + expr + " = " +
                                at + collate + (live.empty() ? "" : " AND " + live) + group_order);
    const std::int64_t want = sq.offset + sq.limit;
    std::vector<std::int64_t> ids;
    std::vector<Value> params = w.params;
    params.emplace_back(std::string());
    std::optional<std::string> value;
    if (first.step())
        value = first.text(0);
    while (value && static_cast<std::int64_t>(ids.size()) < want) {
        params.back() = *value;
        matches.reset();
        bind_params(matches, c.id_lang, params);
        if (matches.step() && matches.int64(0) != 0) {
            rows.reset();
            bind_params(rows, c.id_lang, params);
            while (static_cast<std::int64_t>(ids.size()) < want && rows.step())
                ids.push_back(rows.int64(0));
        }
        next.reset();
        bind_params(next, c.id_lang, params);
        value.reset();
        if (next.step())
            value = next.text(0);
    }
    if (static_cast<std::int64_t>(ids.size()) <= sq.offset)
        return std::vector<std::int64_t>{};
    return std::vector<std::int64_t>(ids.begin() + sq.offset, ids.end());
}

} // namespace

std::optional<CustomerPage> query_customers_counted(Database& db, const CustomerQuery& q,
                                                    const CustomerCounter& counter) {
    const CustomerCounter::Impl& c = *counter.impl_;
    if (!c.started)
        return std::nullopt;
    CustomerQuery sq = c.q;
    sq.sort = q.sort;
    sq.offset = std::max<std::int64_t>(q.offset, 0);
    sq.limit = std::clamp(q.limit, 0, 10000);
    build_order(sq.sort, false); // validates the sort
    const Where& w = c.where();
    const int id_lang = c.id_lang;
    ReadSnapshot snapshot(db);
    CustomerPage page;
    page.total = c.count;
    const std::int64_t limit = sq.limit;
    const bool by_id =
        sq.sort.empty() || (sq.sort.front().column == "id" && !sq.sort.front().descending);
    // By id, the first matches are known early.
    if (by_id && limit > 0 && sq.offset + limit <= static_cast<std::int64_t>(c.first_ids.size())) {
        std::vector<std::int64_t> ids(c.first_ids.begin() + sq.offset,
                                      c.first_ids.begin() + sq.offset + limit);
        page.rows = load_rows(db, ids, id_lang, c.today);
        return page;
    }
    if (c.finished) {
        Window win = window(sq, page.total);
        if (win.limit == 0)
            return page;
        std::optional<std::vector<std::int64_t>> few;
        const std::int64_t probe = customer_query_tuning().probe;
        const bool has_bits = c.bits_ok && !c.scanning;
        if (c.ids_complete)
            few = c.first_ids;
        else if (!has_bits && probe > 0 && c.count <= probe && !w.conds.empty())
            few = fts_cond(w) && w.conds.size() == 1 ? fts_matches(db, w, c.live, id_lang).ids
                                                     : probe_matches(db, w, c.live, id_lang);
        std::vector<std::int64_t> ids;
        if (few && static_cast<std::int64_t>(few->size()) == c.count) {
            page.rows = load_rows(db, sort_ids(db, *few, sq, sq.offset, win.limit, id_lang),
                                  id_lang, c.today);
            return page;
        }
        if (has_bits) {
            // In an order other than by id: from memory once the steps have read that order,
            // else a walk of its index, given up for those steps when it takes longer than a
            // frame's share (a deep page, matches far apart).
            SortedCustomers* order = c.orders->want(db, sq.sort, id_lang);
            if (!order || order->unsupported)
                ids = walk_matches(db, c, sq, win);
            else if (order->complete)
                ids = page_in_order(c, *order, win);
            else if (c.slow_order == order->signature)
                return std::nullopt; // a walk ran long: it would again, every frame
            else if (!timebox::finished_before(db, Clock::now() + kPassPageTime,
                                               [&] { ids = walk_matches(db, c, sq, win); })) {
                c.slow_order = order->signature;
                return std::nullopt;
            }
        } else {
            // Counted at once: query_customers' plans, without its count. While the pass
            // indexes the matches (a few frames), a page those plans read slowly (a deep
            // offset) waits for it rather than hold the frame.
            PagePlan plan = plan_page(db, sq, w, c.live, win.reverse, win.offset, win.limit,
                                      page.total, id_lang);
            auto read = [&] {
                ids = read_ids(db, w, plan, c.live, win.offset, win.limit, id_lang);
            };
            if (!c.scanning)
                read();
            else if (!timebox::finished_before(db, Clock::now() + kPassPageTime, read))
                return std::nullopt;
        }
        if (win.reverse)
            std::reverse(ids.begin(), ids.end());
        page.rows = load_rows(db, ids, id_lang, c.today);
        return page;
    }
    // Still counting: the end of the result is unknown, a page is read from the start, and
    // only along a plan that stops early without reading every full-text match first.
    if (limit == 0)
        return page;
    if (c.count == 0)
        return std::nullopt;
    PagePlan plan = plan_page(db, sq, w, c.live, false, sq.offset, limit, c.count, id_lang);
    const bool cheap = (plan.fts_stream ||
                        (plan.sort_driven && !c.driver && (plan.segs.empty() || sq.offset == 0))) &&
                       plan.reads <= kCheapReads;
    if (!cheap || c.early_pages_fail) {
        // A text column's matches together along its own order: its distinct values instead.
        std::optional<std::vector<std::int64_t>> ids;
        if (!c.distinct_values_fail &&
            !timebox::finished_before(db, Clock::now() + kPassPageTime,
                                      [&] { ids = distinct_value_page(db, c, sq); }))
            c.distinct_values_fail = true;
        if (!ids)
            return std::nullopt;
        page.rows = load_rows(db, *ids, id_lang, c.today);
        return page;
    }
    std::vector<std::int64_t> ids;
    // The estimate assumes the matches spread evenly along the order; when they do not, this
    // read stops and the next ones wait for the count.
    if (!timebox::finished_before(db, Clock::now() + kEarlyPageTime, [&] {
            ids = read_ids(db, w, plan, c.live, sq.offset, limit, id_lang);
        })) {
        c.early_pages_fail = true;
        return std::nullopt;
    }
    page.rows = load_rows(db, ids, id_lang, c.today);
    return page;
}

} // namespace clientele::core
