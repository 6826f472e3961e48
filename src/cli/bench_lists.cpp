// `bench-lists`: the paged lists besides the customers grid (carts, orders, threads, addresses,
// outstanding, reviews, subscriptions) on an existing shop, e.g. one made by
// `seed --customers 1000000`. For each list and filter, what the UI does when it opens or
// when a filter changes: the first page without the count (the rows the grid shows at once),
// then the count as the grid makes it (core::ListCounter, one step per frame with an 8 ms
// budget: the longest step and the number of frames) against the count in one statement.
// Filters are typical inputs of a shop owner; the text ones are taken from the data (the
// first customer's e-mail, a city that exists) so that they match something.
#include "cli/commands.h"
#include "core/addresses.h"
#include "core/carts.h"
#include "core/list_count.h"
#include "core/orders.h"
#include "core/outstanding.h"
#include "core/reviews.h"
#include "core/service.h"
#include "core/store.h"
#include "core/subscriptions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace clientele::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kFrameBudget = std::chrono::milliseconds(8);
constexpr std::int64_t kPage = 100; // the grids' page

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Case {
    std::string list, filter;
    // The first page without its count (returns the rows read), and the filter to count.
    std::function<std::size_t()> page;
    std::function<core::ListSql()> sql;
};

struct Result {
    std::string list, filter;
    std::size_t rows = 0;
    double page_ms = 0, count_ms = 0, worst_step_ms = 0;
    std::int64_t total = 0, frames = 0;
};

Result measure(core::Database& db, const Case& c) {
    Result r{c.list, c.filter};
    auto t = Clock::now();
    r.rows = c.page();
    r.page_ms = ms_since(t);
    const core::ListSql sql = c.sql();
    t = Clock::now();
    r.total = core::count_list(db, sql);
    r.count_ms = ms_since(t);
    core::ListCounter counter(db, sql);
    while (!counter.done()) {
        t = Clock::now();
        counter.step(t + kFrameBudget);
        r.worst_step_ms = std::max(r.worst_step_ms, ms_since(t));
        ++r.frames;
    }
    if (counter.count() != r.total)
        throw CommandError("bench-lists: " + c.list + " " + c.filter + ": the counter found " +
                           std::to_string(counter.count()) + ", one statement " +
                           std::to_string(r.total));
    return r;
}

std::string text_of(core::Database& db, const char* sql) {
    core::Statement st = db.prepare(sql);
    return st.step() && !st.is_null(0) ? st.text(0) : std::string();
}

template <typename Q, typename F> Q with_filter(F column, const std::string& text) {
    Q q;
    q.filters.push_back({column, text});
    return q;
}

std::vector<Case> make_cases(core::Database& db) {
    using namespace core;
    const std::string email2 = text_of(db, "SELECT substr(email, 1, 2) FROM ps_customer "
                                           "WHERE deleted = 0 ORDER BY id_customer LIMIT 1");
    const std::string city = text_of(db, "SELECT substr(city, 1, 3) FROM ps_address "
                                         "ORDER BY id_address LIMIT 1");
    const std::string month = text_of(db, "SELECT substr(date_add, 1, 7) FROM ps_orders "
                                          "ORDER BY id_order DESC LIMIT 1");
    const std::string payment = text_of(db, "SELECT substr(payment, 2, 4) FROM ps_orders "
                                            "ORDER BY id_order LIMIT 1");
    std::vector<Case> cases;
    // A case of list `list`: its query (a page of kPage rows, without the count) and its filter.
    auto adder = [&](const char* list, auto query, auto sql) {
        return [&cases, &db, list, query, sql](std::string name, auto q) {
            q.limit = kPage;
            q.count = false;
            cases.push_back({list, std::move(name),
                             [&db, q, query] { return query(db, q).rows.size(); },
                             [&db, q, sql] { return sql(db, q); }});
        };
    };
    auto add_cart = adder("carts", query_carts, cart_list_sql);
    add_cart("all, by id", CartQuery{});
    CartQuery abandoned;
    abandoned.abandoned_days = 30;
    add_cart("abandoned > 30 days", abandoned);
    CartQuery customer;
    customer.customer = email2;
    add_cart("customer \"" + email2 + "\"", customer);
    CartQuery by_date;
    by_date.sort = CartSort::Date;
    add_cart("all, by date", by_date);

    auto add_order = adder("orders", query_orders,
                           [](Database&, const OrderQuery& q) { return order_list_sql(q); });
    add_order("all, by id", OrderQuery{});
    OrderQuery by_date_o;
    by_date_o.sort = OrderColumn::Date;
    add_order("all, by date", by_date_o);
    add_order("customer \"" + email2 + "\"",
              with_filter<OrderQuery>(OrderColumn::Customer, email2));
    add_order("date " + month, with_filter<OrderQuery>(OrderColumn::Date, month));
    add_order("state \"cancel\"", with_filter<OrderQuery>(OrderColumn::State, "cancel"));
    add_order("total > 500", with_filter<OrderQuery>(OrderColumn::Total, ">500"));
    add_order("total = 120", with_filter<OrderQuery>(OrderColumn::Total, "120"));
    add_order("payment \"" + payment + "\"",
              with_filter<OrderQuery>(OrderColumn::Payment, payment));

    auto add_thread = adder("threads", query_threads,
                            [](Database&, const ThreadQuery& q) { return thread_list_sql(q); });
    add_thread("all, by last message", ThreadQuery{});
    add_thread("status open", with_filter<ThreadQuery>(ThreadColumn::Status, "open"));
    add_thread("customer \"" + email2 + "\"",
               with_filter<ThreadQuery>(ThreadColumn::Customer, email2));

    auto add_address = adder("addresses", query_addresses,
                             [](Database&, const AddressQuery& q) { return address_list_sql(q); });
    add_address("all, by id", AddressQuery{});
    add_address("city \"" + city + "\"", with_filter<AddressQuery>(AddressColumn::City, city));
    add_address("postcode \"75\"", with_filter<AddressQuery>(AddressColumn::Postcode, "75"));
    add_address("country \"France\"", with_filter<AddressQuery>(AddressColumn::Country, "France"));
    add_address("customer \"" + email2 + "\"",
                with_filter<AddressQuery>(AddressColumn::CustomerEmail, email2));
    add_address("phone \"06\"", with_filter<AddressQuery>(AddressColumn::Phone, "06"));
    AddressQuery by_city;
    by_city.sort = AddressColumn::City;
    add_address("all, by city", by_city);

    auto add_outstanding =
        adder("outstanding", query_outstanding,
              [](Database&, const OutstandingQuery& q) { return outstanding_list_sql(q); });
    OutstandingQuery by_id;
    by_id.sort = OutstandingColumn::Id;
    add_outstanding("all, by id", by_id);
    add_outstanding("all, by outstanding", OutstandingQuery{});
    OutstandingQuery by_risk;
    by_risk.sort = OutstandingColumn::Risk;
    add_outstanding("all, by risk", by_risk);

    adder("reviews", query_reviews, [](Database&, const ReviewQuery& q) {
        return review_list_sql(q);
    })("all, by date", ReviewQuery{});
    adder("subscriptions", query_subscriptions, subscription_list_sql)("all, by next renewal",
                                                                       SubscriptionQuery{});
    return cases;
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string cell(std::string s, std::size_t width, bool left) {
    std::size_t chars = 0;
    for (char c : s)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (chars >= width)
        return s;
    const std::string pad(width - chars, ' ');
    return left ? s + pad : pad + s;
}

} // namespace

int run_bench_lists(core::Store& store, bool json, std::ostream& out) {
    core::Database& db = store.db();
    std::vector<Result> results;
    for (const Case& c : make_cases(db))
        results.push_back(measure(db, c));
    if (json) {
        nlohmann::json j = nlohmann::json::array();
        for (const Result& r : results)
            j.push_back({{"list", r.list},
                         {"filter", r.filter},
                         {"rows", r.rows},
                         {"page_ms", r.page_ms},
                         {"total", r.total},
                         {"count_ms", r.count_ms},
                         {"worst_step_ms", r.worst_step_ms},
                         {"frames", r.frames}});
        out << j.dump(2) << "\n";
        return 0;
    }
    out << cell("list", 13, true) << cell("filter", 26, true) << cell("first page ms", 14, false)
        << cell("total", 10, false) << cell("1-statement count ms", 21, false)
        << cell("worst frame ms", 15, false) << cell("frames", 8, false) << "\n";
    for (const Result& r : results)
        out << cell(r.list, 13, true) << cell(r.filter, 26, true)
            << cell(fixed1(r.page_ms), 14, false) << cell(std::to_string(r.total), 10, false)
            << cell(fixed1(r.count_ms), 21, false) << cell(fixed1(r.worst_step_ms), 15, false)
            << cell(std::to_string(r.frames), 8, false) << "\n";
    return 0;
}

} // namespace clientele::cli
