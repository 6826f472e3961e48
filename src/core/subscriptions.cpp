#include "core/subscriptions.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/list_filters.h"
#include "core/store.h"

#include <algorithm>

namespace clientele::core {

const char* subscription_status_name(SubscriptionStatus s) {
    switch (s) {
    case SubscriptionStatus::Active:
        return "active";
    case SubscriptionStatus::Paused:
        return "paused";
    case SubscriptionStatus::Cancelled:
        break;
    }
    return "cancelled";
}

std::optional<SubscriptionStatus> parse_subscription_status(const std::string& s) {
    for (auto v :
         {SubscriptionStatus::Active, SubscriptionStatus::Paused, SubscriptionStatus::Cancelled})
        if (s == subscription_status_name(v))
            return v;
    return std::nullopt;
}

const char* period_unit_name(PeriodUnit u) {
    return u == PeriodUnit::Day ? "day" : "month";
}

namespace {

bool exists(Database& db, const char* sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step();
}

// YYYY-MM-DD that SQLite reads back as the same date.
bool valid_date(Database& db, const std::string& d) {
    if (d.size() != 10)
        return false;
    Statement st = db.prepare("SELECT date(?1, '+0 days') = ?1");
    st.bind(1, d);
    return st.step() && !st.is_null(0) && st.int64(0) == 1;
}

std::string next_date(Database& db, const std::string& from, int count, PeriodUnit unit) {
    Statement st = db.prepare("SELECT date(?1, ?2)");
    st.bind_all(from,
                "+" + std::to_string(count) + (unit == PeriodUnit::Day ? " days" : " months"));
    return st.step() && !st.is_null(0) ? st.text(0) : from;
}

std::string label(const SubscriptionInput& in) {
    return "customer #" + std::to_string(in.id_customer) + ", product #" +
           std::to_string(in.id_product);
}

} // namespace

std::vector<FieldError> validate_subscription(Database& db, const SubscriptionInput& in) {
    std::vector<FieldError> e;
    if (!exists(db, "SELECT 1 FROM ps_customer WHERE id_customer = ?1 AND deleted = 0",
                in.id_customer))
        e.push_back({"id_customer", "no such customer", "err.unknown_customer"});
    if (!exists(db, "SELECT 1 FROM ps_product WHERE id_product = ?1", in.id_product))
        e.push_back({"id_product", "no such product", "err.unknown_product"});
    if (in.quantity < 1 || in.quantity > 999)
        e.push_back({"quantity", "must be 1 to 999", "err.quantity"});
    if (in.period_count < 1 || in.period_count > 365)
        e.push_back({"period_count", "must be 1 to 365", "err.period"});
    if (!valid_date(db, in.next_renewal))
        e.push_back({"next_renewal", "must be a date (YYYY-MM-DD)", "err.date"});
    return e;
}

std::int64_t create_subscription(Database& db, const SubscriptionInput& in) {
    auto errors = validate_subscription(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    db.prepare("INSERT INTO cl_subscription(id_customer, id_product, quantity, period_count, "
               "period_unit, next_renewal, status, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, "
               "?5, ?6, ?7, ?8, ?8)")
        .bind_all(in.id_customer, in.id_product, in.quantity, in.period_count,
                  period_unit_name(in.unit), in.next_renewal, subscription_status_name(in.status),
                  now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "cl_subscription", in.id_customer, nullptr,
                  audit::snapshot(db, "cl_subscription", {{"id_subscription", id}}),
                  "subscription created: " + label(in));
    tx.commit();
    return id;
}

std::optional<SubscriptionInput> load_subscription(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT id_customer, id_product, quantity, period_count, "
                              "period_unit, next_renewal, status FROM cl_subscription WHERE "
                              "id_subscription = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    SubscriptionInput in;
    in.id_customer = st.int64(0);
    in.id_product = st.int64(1);
    in.quantity = st.int32(2);
    in.period_count = st.int32(3);
    in.unit = st.text(4) == "day" ? PeriodUnit::Day : PeriodUnit::Month;
    in.next_renewal = st.text(5);
    in.status = parse_subscription_status(st.text(6)).value_or(SubscriptionStatus::Active);
    return in;
}

void update_subscription(Database& db, std::int64_t id, const SubscriptionInput& in) {
    auto errors = validate_subscription(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    if (!load_subscription(db, id))
        throw std::invalid_argument("no subscription with id " + std::to_string(id));
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "cl_subscription", {{"id_subscription", id}}, in.id_customer,
                          "subscription edited: " + label(in), [&] {
                              db.prepare("UPDATE cl_subscription SET id_customer = ?2, id_product "
                                         "= ?3, quantity = ?4, period_count = ?5, period_unit = "
                                         "?6, next_renewal = ?7, status = ?8, date_upd = ?9 WHERE "
                                         "id_subscription = ?1")
                                  .bind_all(id, in.id_customer, in.id_product, in.quantity,
                                            in.period_count, period_unit_name(in.unit),
                                            in.next_renewal, subscription_status_name(in.status),
                                            now_datetime())
                                  .run();
                          });
    tx.commit();
}

void set_subscription_status(Database& db, std::int64_t id, SubscriptionStatus status) {
    Transaction tx(db);
    auto in = load_subscription(db, id);
    if (!in)
        throw std::invalid_argument("no subscription with id " + std::to_string(id));
    if (in->status == status)
        return;
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(
        db, batch, "cl_subscription", {{"id_subscription", id}}, in->id_customer,
        std::string("subscription ") + subscription_status_name(status) + ": " + label(*in), [&] {
            db.prepare("UPDATE cl_subscription SET status = ?2, date_upd = ?3 WHERE "
                       "id_subscription = ?1")
                .bind_all(id, subscription_status_name(status), now_datetime())
                .run();
        });
    tx.commit();
}

std::string renew_subscription(Database& db, std::int64_t id) {
    Transaction tx(db);
    auto in = load_subscription(db, id);
    if (!in)
        throw std::invalid_argument("no subscription with id " + std::to_string(id));
    if (in->status != SubscriptionStatus::Active)
        throw ValidationError(
            {{"status", "only an active subscription renews", "err.subscription_not_active"}});
    const std::string next = next_date(db, in->next_renewal, in->period_count, in->unit);
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "cl_subscription", {{"id_subscription", id}}, in->id_customer,
                          "subscription renewed: " + label(*in), [&] {
                              db.prepare("UPDATE cl_subscription SET next_renewal = ?2, date_upd "
                                         "= ?3 WHERE id_subscription = ?1")
                                  .bind_all(id, next, now_datetime())
                                  .run();
                          });
    tx.commit();
    return next;
}

namespace {

constexpr const char* kRowColumns =
    "SELECT s.id_subscription, s.id_customer, s.id_product, COALESCE(c.email, ''), "
    "COALESCE(c.firstname || ' ' || c.lastname, ''), COALESCE((SELECT pl.name FROM "
    "ps_product_lang pl WHERE pl.id_product = s.id_product ORDER BY pl.id_lang <> ?1, pl.id_lang "
    "LIMIT 1), ''), s.quantity, s.period_count, s.period_unit, s.next_renewal, s.status FROM "
    "cl_subscription s LEFT JOIN ps_customer c ON c.id_customer = s.id_customer";

SubscriptionRow read_row(Statement& st) {
    SubscriptionRow r;
    r.id = st.int64(0);
    r.id_customer = st.int64(1);
    r.id_product = st.int64(2);
    r.email = st.text(3);
    r.customer_name = st.text(4);
    r.product = st.text(5);
    r.quantity = st.int32(6);
    r.period_count = st.int32(7);
    r.unit = st.text(8) == "day" ? PeriodUnit::Day : PeriodUnit::Month;
    r.next_renewal = st.text(9);
    r.status = parse_subscription_status(st.text(10)).value_or(SubscriptionStatus::Active);
    return r;
}

} // namespace

ListSql subscription_list_sql(Database& db, const SubscriptionQuery& q) {
    list_filters::Params params;
    params.add(std::to_string(q.id_lang)); // ?1: the language of product names
    std::string where = "1";
    const std::string customer = list_filters::trimmed(q.customer);
    if (!customer.empty())
        where += " AND s.id_customer IN (" + list_filters::customer_ids_sql(customer, params) + ")";
    if (q.id_product > 0)
        where += " AND s.id_product = " + params.add(std::to_string(q.id_product));
    if (q.due_within_days >= 0) {
        Statement st = db.prepare("SELECT date(?1, ?2)");
        st.bind_all(q.today.empty() ? now_datetime() : q.today,
                    "+" + std::to_string(q.due_within_days) + " days");
        const std::string until = st.step() && !st.is_null(0) ? st.text(0) : std::string();
        where += " AND s.status = 'active' AND s.next_renewal <= " + params.add(until);
    } else if (q.status) {
        where += " AND s.status = " + params.add(subscription_status_name(*q.status));
    }
    return {"cl_subscription", "s", "id_subscription", where, params.values()};
}

SubscriptionPage query_subscriptions(Database& db, const SubscriptionQuery& q) {
    const ListSql sql = subscription_list_sql(db, q);
    SubscriptionPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    const std::string order = q.sort == SubscriptionSort::Id
                                  ? "s.id_subscription" + dir
                                  : "s.next_renewal" + dir + ", s.id_subscription" + dir;
    Statement st = db.prepare(std::string(kRowColumns) + " WHERE " + sql.where + " ORDER BY " +
                              order + limit_offset_sql(sql));
    bind_page(st, sql, q.limit, q.offset);
    while (st.step())
        page.rows.push_back(read_row(st));
    return page;
}

std::vector<SubscriptionRow> customer_subscriptions(Database& db, std::int64_t id_customer,
                                                    int id_lang) {
    std::vector<SubscriptionRow> out;
    Statement st = db.prepare(std::string(kRowColumns) +
                              " WHERE s.id_customer = ?2 ORDER BY s.id_subscription DESC");
    st.bind_all(id_lang, id_customer);
    while (st.step())
        out.push_back(read_row(st));
    return out;
}

std::vector<ProductChoice> list_products(Database& db, int id_lang) {
    std::vector<ProductChoice> out;
    Statement st = db.prepare(
        "SELECT p.id_product, COALESCE((SELECT pl.name FROM ps_product_lang pl WHERE "
        "pl.id_product = p.id_product ORDER BY pl.id_lang <> ?1, pl.id_lang LIMIT 1), '') FROM "
        "ps_product p ORDER BY p.id_product");
    st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}

} // namespace clientele::core
