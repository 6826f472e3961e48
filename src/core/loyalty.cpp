// Sections: 1. settings  2. balance and conversion  3. customers by balance
#include "core/loyalty.h"

#include "core/config.h"

#include "core/audit.h"
#include "core/customer_vouchers.h"
#include "core/db.h"
#include "core/list_filters.h"
#include "core/store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace clientele::core {

// --- 1. settings --------------------------------------------------------------------------------

namespace {

std::optional<double> read_number(Database& db, const char* name) {
    const std::optional<std::string> stored = read_config(db, name);
    if (!stored)
        return std::nullopt;
    const std::string& v = *stored;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !std::isfinite(d))
        return std::nullopt;
    return d;
}

std::string number_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

LoyaltySettings load_loyalty_settings(Database& db) {
    LoyaltySettings s;
    if (auto v = read_number(db, kLoyaltyRateKey); v && *v > 0)
        s.rate = *v;
    if (auto v = read_number(db, kLoyaltyValueKey); v && *v > 0)
        s.point_value = *v;
    return s;
}

std::vector<FieldError> validate_loyalty_settings(const LoyaltySettings& s) {
    std::vector<FieldError> e;
    if (!(s.rate > 0) || !std::isfinite(s.rate) || s.rate > 1e6)
        e.push_back({"rate", "must be more than 0", "err.loyalty_rate"});
    if (!(s.point_value > 0) || !std::isfinite(s.point_value) || s.point_value > 1e6)
        e.push_back({"point_value", "must be more than 0", "err.loyalty_value"});
    return e;
}

void save_loyalty_settings(Database& db, const LoyaltySettings& s) {
    auto errors = validate_loyalty_settings(s);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    std::int64_t batch = 0;
    write_config(db, batch, kLoyaltyRateKey, number_text(s.rate), "loyalty settings changed");
    write_config(db, batch, kLoyaltyValueKey, number_text(s.point_value),
                 "loyalty settings changed");
    tx.commit();
}

std::int64_t loyalty_points_for(double sales, double rate) {
    if (!(rate > 0) || !(sales > 0))
        return 0;
    // A small epsilon so that 30.00 / 10 is 3 even when the sum is 29.999999999.
    return static_cast<std::int64_t>(std::floor(sales / rate + 1e-9));
}

// --- 2. balance and conversion ------------------------------------------------------------------

namespace {

std::int64_t converted_points(Database& db, std::int64_t id_customer) {
    Statement st = db.prepare(
        "SELECT COALESCE(SUM(points), 0) FROM cl_loyalty_conversion WHERE id_customer = ?1");
    st.bind(1, id_customer);
    return st.step() ? st.int64(0) : 0;
}

} // namespace

LoyaltyBalance loyalty_balance(Database& db, std::int64_t id_customer) {
    const LoyaltySettings s = load_loyalty_settings(db);
    LoyaltyBalance b;
    b.id_customer = id_customer;
    Statement st = db.prepare("SELECT sales FROM cl_customer_stats WHERE id_customer = ?1");
    st.bind(1, id_customer);
    if (st.step())
        b.sales = st.real(0);
    b.earned = loyalty_points_for(b.sales, s.rate);
    b.converted = converted_points(db, id_customer);
    b.balance = std::max<std::int64_t>(0, b.earned - b.converted);
    b.value = static_cast<double>(b.balance) * s.point_value;
    return b;
}

std::vector<LoyaltyConversion> loyalty_conversions(Database& db, std::int64_t id_customer) {
    std::vector<LoyaltyConversion> out;
    Statement st = db.prepare(
        "SELECT l.id, l.points, l.id_cart_rule, l.amount, COALESCE(r.code, ''), l.date_add FROM "
        "cl_loyalty_conversion l LEFT JOIN ps_cart_rule r ON r.id_cart_rule = l.id_cart_rule "
        "WHERE l.id_customer = ?1 ORDER BY l.id DESC");
    st.bind(1, id_customer);
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.int64(2), st.real(3), st.text(4), st.text(5)});
    return out;
}

LoyaltyVoucher convert_loyalty_points(Database& db, std::int64_t id_customer, std::int64_t points,
                                      const std::string& today) {
    Transaction tx(db);
    {
        Statement st =
            db.prepare("SELECT 1 FROM ps_customer WHERE id_customer = ?1 AND deleted = 0");
        st.bind(1, id_customer);
        if (!st.step())
            throw ValidationError({{"id_customer", "no such customer", "err.unknown_customer"}});
    }
    const LoyaltySettings s = load_loyalty_settings(db);
    const LoyaltyBalance b = loyalty_balance(db, id_customer);
    const std::int64_t n = points == 0 ? b.balance : points;
    if (n <= 0 || n > b.balance)
        throw ValidationError(
            {{"points", "can convert 1 to " + std::to_string(b.balance) + " points",
              "err.loyalty_points"}});
    LoyaltyVoucher out;
    out.points = n;
    out.amount = std::round(static_cast<double>(n) * s.point_value * 100.0) / 100.0;
    CustomerVoucher v;
    v.id_customer = id_customer;
    v.code = unused_voucher_code(db, "LOY-", 8);
    v.name = "Loyalty reward";
    v.description = "Loyalty: " + std::to_string(n) + " points";
    v.date_from = datetime_of(db, today);
    v.date_to = datetime_of(db, today, kLoyaltyVoucherDays);
    if (v.date_from.empty())
        throw std::invalid_argument("unreadable date '" + today + "'");
    v.reduction_amount = out.amount;
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary =
        "loyalty: " + std::to_string(n) + " points converted, voucher " + v.code;
    out.id_cart_rule = create_customer_voucher(db, batch, v, summary);
    out.code = v.code;
    out.date_to = v.date_to;
    db.prepare("INSERT INTO cl_loyalty_conversion(id_customer, points, amount, id_cart_rule, "
               "date_add) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind_all(id_customer, n, out.amount, out.id_cart_rule, v.date_from)
        .run();
    audit::record(db, batch, "create", "cl_loyalty_conversion", id_customer, nullptr,
                  audit::snapshot(db, "cl_loyalty_conversion", {{"id", db.last_insert_id()}}),
                  summary);
    tx.commit();
    return out;
}

// --- 3. customers by balance
// ----------------------------------------------------------------------

LoyaltyPage query_loyalty(Database& db, const LoyaltyQuery& q) {
    const LoyaltySettings s = load_loyalty_settings(db);
    LoyaltyPage page;
    list_filters::Params params;
    const std::string rate = params.add(""); // ?1, bound as a number below
    std::string where = "s.sales >= " + rate + " AND c.deleted = 0";
    const std::string customer = list_filters::trimmed(q.customer);
    if (!customer.empty())
        where += " AND s.id_customer IN (" + list_filters::customer_ids_sql(customer, params) + ")";
    auto bind = [&](Statement& st) {
        const auto& values = params.values();
        st.bind(1, s.rate);
        for (std::size_t i = 1; i < values.size(); ++i)
            st.bind(static_cast<int>(i) + 1, values[i]);
    };
    // Total: everyone who earned a point, less those who converted them all.
    {
        Statement st = db.prepare(
            "SELECT COUNT(*), COALESCE(SUM((SELECT COALESCE(SUM(l.points), 0) FROM "
            "cl_loyalty_conversion l WHERE l.id_customer = s.id_customer) >= CAST(s.sales / " +
            rate +
            " + 1e-9 AS INTEGER)), 0) FROM cl_customer_stats s JOIN ps_customer c ON "
            "c.id_customer = s.id_customer WHERE " +
            where);
        bind(st);
        if (st.step())
            page.total = st.int64(0) - st.int64(1);
    }
    // The best offset + limit balances: walk down the sales index; a customer's balance is at
    // most their earned points, which only fall as sales do.
    const std::size_t want = static_cast<std::size_t>(std::max<std::int64_t>(0, q.offset) +
                                                      std::max<std::int64_t>(0, q.limit));
    std::vector<LoyaltyRow> best;
    auto better = [](const LoyaltyRow& a, const LoyaltyRow& b) {
        return a.balance != b.balance ? a.balance > b.balance : a.id_customer < b.id_customer;
    };
    if (want > 0) {
        Statement st = db.prepare(
            "SELECT s.id_customer, s.sales, c.email, c.firstname || ' ' || c.lastname, (SELECT "
            "COALESCE(SUM(l.points), 0) FROM cl_loyalty_conversion l WHERE l.id_customer = "
            "s.id_customer) FROM cl_customer_stats s JOIN ps_customer c ON c.id_customer = "
            "s.id_customer WHERE " +
            where + " ORDER BY s.sales DESC");
        bind(st);
        while (st.step()) {
            LoyaltyRow r;
            r.id_customer = st.int64(0);
            r.sales = st.real(1);
            r.earned = loyalty_points_for(r.sales, s.rate);
            if (best.size() >= want && r.earned < best.back().balance)
                break;
            r.email = st.text(2);
            r.name = st.text(3);
            r.converted = st.int64(4);
            r.balance = std::max<std::int64_t>(0, r.earned - r.converted);
            if (r.balance <= 0)
                continue;
            best.insert(std::upper_bound(best.begin(), best.end(), r, better), r);
            if (best.size() > want)
                best.pop_back();
        }
    }
    const std::size_t from =
        std::min(best.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, q.offset)));
    page.rows.assign(best.begin() + static_cast<std::ptrdiff_t>(from), best.end());
    return page;
}

} // namespace clientele::core
