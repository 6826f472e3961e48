#include "core/list_count.h"

#include "core/timebox.h"

#include <sqlite3.h>

#include <algorithm>
#include <optional>

namespace clientele::core {

namespace {

using timebox::Clock;
constexpr std::int64_t kLeastRange = 256; // keys

// A range is read along the key (NOT INDEXED leaves the rowid): an index of the filter would
// make every range read all of its matches.
std::string count_sql(const ListSql& sql, bool ranged) {
    std::string s = "SELECT COUNT(*) FROM " + sql.table + " " + sql.alias +
                    (ranged ? " NOT INDEXED" : "") + " WHERE (" + sql.where + ")";
    if (ranged) {
        const std::string k = sql.alias + "." + sql.key;
        const std::size_t n = sql.params.size();
        s += " AND " + k + " >= ?" + std::to_string(n + 1) + " AND " + k + " < ?" +
             std::to_string(n + 2);
    }
    return s;
}

// A value the statement does not use (a page's language in a count) is not bound.
void bind_params(Statement& st, const ListSql& sql) {
    const auto used = static_cast<std::size_t>(sqlite3_bind_parameter_count(st.handle()));
    for (std::size_t i = 0; i < sql.params.size() && i < used; ++i)
        st.bind(static_cast<int>(i) + 1, sql.params[i]);
}

} // namespace

std::int64_t count_list(Database& db, const ListSql& sql) {
    Statement st = db.prepare(count_sql(sql, false));
    bind_params(st, sql);
    return st.step() ? st.int64(0) : 0;
}

std::string limit_offset_sql(const ListSql& sql) {
    const std::size_t n = sql.params.size();
    return " LIMIT ?" + std::to_string(n + 1) + " OFFSET ?" + std::to_string(n + 2);
}

void bind_page(Statement& st, const ListSql& sql, std::int64_t limit, std::int64_t offset) {
    bind_params(st, sql);
    const int n = static_cast<int>(sql.params.size());
    st.bind(n + 1, std::max<std::int64_t>(0, limit));
    st.bind(n + 2, std::max<std::int64_t>(0, offset));
}

void read_list_page(Database& db, const ListSql& sql, const std::string& columns,
                    const std::string& joins, const std::string& order,
                    const std::string& unindexed_order, std::int64_t limit, std::int64_t offset,
                    const std::function<void(Statement&)>& row,
                    const std::function<void()>& restart, std::chrono::milliseconds walk_time) {
    const std::string table = sql.table + " " + sql.alias, key = sql.alias + "." + sql.key;
    auto read = [&](const std::string& by) {
        Statement st = db.prepare(columns + " FROM (SELECT " + key + " AS page_key FROM " + table +
                                  " WHERE " + sql.where + " ORDER BY " + by +
                                  limit_offset_sql(sql) + ") page CROSS JOIN " + table + " ON " +
                                  key + " = page.page_key " + joins + " ORDER BY " + by);
        bind_page(st, sql, limit, offset);
        while (st.step())
            row(st);
    };
    if (unindexed_order.empty()) {
        read(order);
        return;
    }
    {
        timebox::ReadSnapshot snapshot(db); // ends after the interrupt is lifted
        if (timebox::finished_before(db, Clock::now() + walk_time, [&] { read(order); }))
            return;
    }
    restart();
    read(unindexed_order);
}

struct ListCounter::Impl {
    Database& db;
    ListSql sql;
    std::optional<Statement> ranged; // prepared on the first range
    bool tried_at_once = false, finished = false;
    std::int64_t count = 0, steps = 0, ranges = 0;
    // Keys [next, end) are still to count; `first` is where they started.
    std::int64_t first = 0, next = 0, end = 0;
    std::int64_t range = 1024, fixed_range = 0;
    timebox::ChunkCost cost;

    Impl(Database& d, ListSql s) : db(d), sql(std::move(s)) {}

    bool count_at_once(Clock::time_point deadline) {
        timebox::ReadSnapshot snapshot(db); // ends after the interrupt is lifted
        return timebox::finished_before(db, deadline, [&] { count = count_list(db, sql); });
    }

    void read_key_range() {
        // Two subqueries: MIN and MAX in one SELECT would scan the table.
        Statement st = db.prepare("SELECT (SELECT MIN(" + sql.key + ") FROM " + sql.table +
                                  "), (SELECT MAX(" + sql.key + ") FROM " + sql.table + ")");
        if (st.step() && !st.is_null(0)) {
            first = next = st.int64(0);
            end = st.int64(1) + 1;
        }
    }

    std::int64_t count_range(std::int64_t from, std::int64_t to) {
        if (!ranged)
            ranged.emplace(db.prepare(count_sql(sql, true)));
        Statement& st = *ranged;
        bind_params(st, sql); // again: reset() clears the bindings
        const int n = static_cast<int>(sql.params.size());
        st.bind(n + 1, from);
        st.bind(n + 2, to);
        const std::int64_t c = st.step() ? st.int64(0) : 0;
        st.reset();
        return c;
    }

    std::optional<std::int64_t> count_range_until(std::int64_t from, std::int64_t to,
                                                  Clock::time_point deadline) {
        std::int64_t c = 0;
        if (timebox::finished_before(db, deadline, [&] { c = count_range(from, to); }))
            return c;
        ranged->reset();
        return std::nullopt;
    }

    bool step(Clock::time_point deadline) {
        if (finished)
            return true;
        ++steps;
        if (!tried_at_once) {
            tried_at_once = true;
            if (fixed_range == 0 && count_at_once(deadline))
                return finished = true;
            count = 0;
            read_key_range();
            if (Clock::now() >= deadline)
                return finished = next >= end;
        }
        const double budget = std::chrono::duration<double>(deadline - Clock::now()).count();
        for (bool first_range = true; next < end; first_range = false) {
            const auto now = Clock::now();
            if (!first_range &&
                (now >= deadline || now + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(cost.predict(range))) >
                                        deadline))
                break;
            const std::int64_t to = next + std::min(range, end - next);
            const auto t0 = Clock::now();
            std::optional<std::int64_t> c;
            if (range <= kLeastRange || fixed_range > 0) {
                c = count_range(next, to); // the smallest unit always completes
            } else {
                // A range that runs long (matches denser than the last ones) is given up a
                // little after the deadline and retried smaller in the next frame.
                c = count_range_until(next, to, deadline + (deadline - now) / 2);
                if (!c) {
                    range = std::max(kLeastRange, range / 4);
                    break;
                }
            }
            count += *c;
            cost.add(to - next, std::chrono::duration<double>(Clock::now() - t0).count());
            ++ranges;
            next = to;
            range = fixed_range > 0
                        ? fixed_range
                        : cost.size_for(std::max(budget, 0.001) / 2, range, kLeastRange, 1 << 24);
        }
        return finished = next >= end;
    }
};

ListCounter::ListCounter(Database& db, ListSql sql)
    : impl_(std::make_unique<Impl>(db, std::move(sql))) {}
ListCounter::~ListCounter() = default;

bool ListCounter::step(std::chrono::steady_clock::time_point deadline) {
    return impl_->step(deadline);
}
bool ListCounter::done() const {
    return impl_->finished;
}
std::int64_t ListCounter::count() const {
    return impl_->count;
}
double ListCounter::progress() const {
    if (impl_->finished)
        return 1;
    if (impl_->end <= impl_->first)
        return 0;
    return static_cast<double>(impl_->next - impl_->first) /
           static_cast<double>(impl_->end - impl_->first);
}
std::int64_t ListCounter::steps() const {
    return impl_->steps;
}
std::int64_t ListCounter::ranges() const {
    return impl_->ranges;
}
void ListCounter::set_fixed_range(std::int64_t keys) {
    impl_->fixed_range = keys;
    if (keys > 0)
        impl_->range = keys;
}

} // namespace clientele::core
