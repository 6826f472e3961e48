// Sections: 1. dates and ranges  2. order figures  3. customer distributions  4. report, job
// 5. CSV and JSON
#include "core/statistics.h"

#include "core/db.h"
#include "core/groups.h"
#include "core/i18n.h"
#include "core/store.h"
#include "core/validate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace clientele::core {

// --- 1. dates and ranges ----------------------------------------------------------------------

namespace {

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
long long days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<long long>(era) * 146097 + static_cast<long long>(doe) - 719468;
}

std::string civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long y = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp + (mp < 10 ? 3 : -9);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y + (m <= 2), m, d);
    return buf;
}

std::string add_days(const std::string& ymd, long long days) {
    const int y = std::stoi(ymd.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(ymd.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(ymd.substr(8, 2)));
    return civil_from_days(days_from_civil(y, m, d) + days);
}

std::string today_or(const std::string& today) {
    return validate::is_date(today) ? today : today_date();
}

// Bounds for "date_add BETWEEN ?lo AND ?hi" (datetimes compare as text).
std::string low_bound(const DateRange& r) {
    return r.from.empty() ? std::string() : r.from;
}
std::string high_bound(const DateRange& r) {
    return r.to.empty() ? std::string("9999-12-31 23:59:59") : r.to + " 23:59:59";
}

std::string next_month(const std::string& ym) {
    int y = std::stoi(ym.substr(0, 4)), m = std::stoi(ym.substr(5, 2));
    if (++m > 12) {
        m = 1;
        ++y;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    return buf;
}

// Months from `first` to `last` ("YYYY-MM"), each with the values found (zero otherwise).
std::vector<MonthFigure> fill_months(const std::map<std::string, MonthFigure>& found,
                                     std::string first, const std::string& last) {
    std::vector<MonthFigure> out;
    if (first.empty() || last.empty() || first > last)
        return out;
    for (int guard = 0; first <= last && guard < 1200; ++guard, first = next_month(first)) {
        auto it = found.find(first);
        MonthFigure m = it != found.end() ? it->second : MonthFigure{};
        m.month = first;
        out.push_back(m);
    }
    return out;
}

// The months a chart spans: the range's when it has bounds, else those of the data.
std::pair<std::string, std::string> month_span(const DateRange& r,
                                               const std::map<std::string, MonthFigure>& found) {
    std::string first = r.from.size() >= 7 ? r.from.substr(0, 7) : std::string();
    std::string last = r.to.size() >= 7 ? r.to.substr(0, 7) : std::string();
    if (!found.empty()) {
        if (first.empty())
            first = found.begin()->first;
        if (last.empty())
            last = found.rbegin()->first;
    }
    return {first, last};
}

} // namespace

DateRange preset_range(RangePreset preset, const std::string& today) {
    const std::string t = today_or(today);
    switch (preset) {
    case RangePreset::Last30Days:
        return {add_days(t, -29), t};
    case RangePreset::ThisYear:
        return {t.substr(0, 4) + "-01-01", t};
    case RangePreset::All:
        break;
    }
    return {};
}

std::vector<FieldError> validate_range(const DateRange& range) {
    std::vector<FieldError> e;
    if (!range.from.empty() && !validate::is_date(range.from))
        e.push_back({"from", "must be a date written YYYY-MM-DD", "err.date_invalid"});
    if (!range.to.empty() && !validate::is_date(range.to))
        e.push_back({"to", "must be a date written YYYY-MM-DD", "err.date_invalid"});
    if (e.empty() && !range.from.empty() && !range.to.empty() && range.to < range.from)
        e.push_back({"to", "must not be before the start date", "err.date_range"});
    return e;
}

// --- 2. order figures ---------------------------------------------------------------------------

std::vector<CustomerSales> top_customers(Database& db, const DateRange& range, int limit) {
    std::vector<CustomerSales> out;
    // Without a range the derived figures (kept exact by triggers) are read along their index.
    const bool all = range.from.empty() && range.to.empty();
    Statement st =
        all ? db.prepare("SELECT c.id_customer, c.firstname, c.lastname, c.email, s.valid_orders, "
                         "s.sales FROM cl_customer_stats s INDEXED BY cl_customer_stats_sales "
                         "JOIN ps_customer c ON c.id_customer = s.id_customer "
                         "WHERE s.sales > 0 AND c.deleted = 0 "
                         "ORDER BY s.sales DESC, s.id_customer LIMIT ?1")
            : db.prepare("WITH t AS (SELECT o.id_customer, COUNT(*) AS n, "
                         "SUM(o.total_paid_real / o.conversion_rate) AS amount FROM ps_orders o "
                         "WHERE o.date_add BETWEEN ?2 AND ?3 AND o.valid = 1 "
                         "GROUP BY o.id_customer) "
                         "SELECT c.id_customer, c.firstname, c.lastname, c.email, t.n, t.amount "
                         "FROM t JOIN ps_customer c ON c.id_customer = t.id_customer "
                         "WHERE c.deleted = 0 AND t.amount > 0 "
                         "ORDER BY t.amount DESC, t.id_customer LIMIT ?1");
    st.bind(1, limit);
    if (!all)
        st.bind(2, low_bound(range)).bind(3, high_bound(range));
    while (st.step()) {
        CustomerSales r;
        r.rank = static_cast<std::int64_t>(out.size()) + 1;
        r.id = st.int64(0);
        r.firstname = st.text(1);
        r.lastname = st.text(2);
        r.email = st.text(3);
        r.orders = st.int64(4);
        r.sales = st.real(5);
        r.average = r.orders ? r.sales / static_cast<double>(r.orders) : 0.0;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ProductSales> products_sold(Database& db, const DateRange& range, int id_lang) {
    std::vector<ProductSales> out;
    // One pass over the order lines of valid orders in the range; names afterwards.
    Statement st = db.prepare(
        "WITH t AS (SELECT d.product_id, SUM(d.product_quantity) AS quantity, "
        "SUM(d.total_price_tax_incl) AS revenue, COUNT(DISTINCT d.id_order) AS orders, "
        "MAX(d.product_name) AS line_name, MAX(d.product_reference) AS line_ref "
        "FROM ps_orders o JOIN ps_order_detail d ON d.id_order = o.id_order "
        "WHERE o.date_add BETWEEN ?1 AND ?2 AND o.valid = 1 GROUP BY d.product_id) "
        "SELECT t.product_id, COALESCE((SELECT l.name FROM ps_product_lang l WHERE l.id_product "
        "= t.product_id ORDER BY l.id_lang = ?3 DESC, l.id_lang LIMIT 1), t.line_name), "
        "COALESCE((SELECT p.reference FROM ps_product p WHERE p.id_product = t.product_id), "
        "t.line_ref, ''), t.quantity, t.orders, t.revenue FROM t");
    st.bind_all(low_bound(range), high_bound(range), id_lang);
    while (st.step()) {
        ProductSales p;
        p.product_id = st.int64(0);
        p.name = st.text(1);
        p.reference = st.text(2);
        p.quantity = st.int64(3);
        p.orders = st.int64(4);
        p.revenue = st.real(5);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<ProductSales> rank_products(std::vector<ProductSales> all, ProductOrder order,
                                        int limit) {
    std::sort(all.begin(), all.end(), [order](const ProductSales& a, const ProductSales& b) {
        if (order == ProductOrder::Quantity && a.quantity != b.quantity)
            return a.quantity > b.quantity;
        if (a.revenue != b.revenue)
            return a.revenue > b.revenue;
        if (a.quantity != b.quantity)
            return a.quantity > b.quantity;
        return a.product_id < b.product_id;
    });
    if (static_cast<int>(all.size()) > limit)
        all.resize(static_cast<std::size_t>(std::max(limit, 0)));
    return all;
}

std::vector<ProductSales> top_products(Database& db, const DateRange& range, ProductOrder order,
                                       int limit, int id_lang) {
    return rank_products(products_sold(db, range, id_lang), order, limit);
}

Conversion cart_conversion(Database& db, const DateRange& range) {
    Conversion c;
    Statement st = db.prepare(
        "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM ps_orders o WHERE o.id_cart = "
        "k.id_cart)), 0) FROM ps_cart k WHERE k.date_add BETWEEN ?1 AND ?2 "
        "AND EXISTS (SELECT 1 FROM ps_cart_product p WHERE p.id_cart = k.id_cart)");
    st.bind_all(low_bound(range), high_bound(range));
    if (st.step()) {
        c.carts = st.int64(0);
        c.converted = st.int64(1);
    }
    c.rate = c.carts ? static_cast<double>(c.converted) / static_cast<double>(c.carts) : 0.0;
    return c;
}

std::vector<MonthFigure> new_customers_per_month(Database& db, const DateRange& range) {
    std::map<std::string, MonthFigure> found;
    Statement st = db.prepare("SELECT substr(date_add, 1, 7) AS m, COUNT(*) FROM ps_customer "
                              "INDEXED BY ps_customer_date_add WHERE date_add BETWEEN ?1 AND ?2 "
                              "AND deleted = 0 AND is_guest = 0 GROUP BY m");
    st.bind_all(low_bound(range), high_bound(range));
    while (st.step()) {
        MonthFigure m;
        m.month = st.text(0);
        m.count = st.int64(1);
        found[m.month] = m;
    }
    auto [first, last] = month_span(range, found);
    return fill_months(found, first, last);
}

Basket average_basket(Database& db, const DateRange& range) {
    Basket b;
    std::map<std::string, MonthFigure> found;
    Statement st = db.prepare(
        "SELECT substr(date_add, 1, 7) AS m, COUNT(*), SUM(total_paid_real / conversion_rate) "
        "FROM ps_orders INDEXED BY ps_orders_date WHERE date_add BETWEEN ?1 AND ?2 AND valid = 1 "
        "GROUP BY m");
    st.bind_all(low_bound(range), high_bound(range));
    while (st.step()) {
        MonthFigure m;
        m.month = st.text(0);
        m.count = st.int64(1);
        m.amount = st.real(2);
        m.average = m.count ? m.amount / static_cast<double>(m.count) : 0.0;
        b.orders += m.count;
        b.sales += m.amount;
        found[m.month] = m;
    }
    b.average = b.orders ? b.sales / static_cast<double>(b.orders) : 0.0;
    auto [first, last] = month_span(range, found);
    b.months = fill_months(found, first, last);
    return b;
}

// --- 3. customer distributions
// --------------------------------------------------------------------

std::vector<Bucket> age_distribution(Database& db, const std::string& today) {
    static const struct {
        const char* label;
        int min_age; // the bracket holds ages >= min_age (and below the previous one's)
    } kBrackets[] = {{"65+", 65},   {"55-64", 55}, {"45-54", 45}, {"35-44", 35},
                     {"25-34", 25}, {"18-24", 18}, {"<18", 0}};
    const std::string t = today_or(today);
    const int year = std::stoi(t.substr(0, 4));
    // Someone is at least A years old when born on or before today minus A years (29 February
    // counts as 1 March in common years, as SQLite's date() does).
    auto born_by = [&](int age) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%04d%s", year - age, t.substr(4).c_str());
        std::string d = buf;
        if (d.substr(5) == "02-29" && !validate::is_leap_year(year - age))
            d = d.substr(0, 5) + "03-01";
        return d;
    };
    // One scan: the bracket is the number of thresholds the birthday is not after.
    std::string sql = "SELECT CASE WHEN birthday IS NULL OR birthday < '0001-01-01' OR birthday > "
                      "?1 OR birthday < ?2 THEN 7";
    for (int i = 0; i < 6; ++i)
        sql += " WHEN birthday <= ?" + std::to_string(i + 3) + " THEN " + std::to_string(i);
    sql += " ELSE 6 END AS b, COUNT(*) FROM ps_customer WHERE deleted = 0 GROUP BY b";
    Statement st = db.prepare(sql);
    st.bind(1, t).bind(2, born_by(200));
    for (int i = 0; i < 6; ++i)
        st.bind(i + 3, born_by(kBrackets[i].min_age));
    std::vector<std::int64_t> counts(8, 0);
    while (st.step())
        counts[static_cast<std::size_t>(st.int64(0))] = st.int64(1);
    std::vector<Bucket> out;
    for (int i = 6; i >= 0; --i) // youngest first
        out.push_back({Bucket::Kind::Named, 6 - i, kBrackets[i].label, counts[i]});
    out.push_back({Bucket::Kind::Unknown, 7, "", counts[7]});
    return out;
}

std::vector<Bucket> gender_distribution(Database& db, int id_lang) {
    std::vector<Bucket> out;
    Statement st = db.prepare(
        "SELECT c.id_gender, COUNT(*), (SELECT l.name FROM ps_gender_lang l WHERE l.id_gender = "
        "c.id_gender ORDER BY l.id_lang = ?1 DESC, l.id_lang LIMIT 1) FROM ps_customer c "
        "WHERE c.deleted = 0 GROUP BY c.id_gender ORDER BY c.id_gender");
    st.bind(1, id_lang);
    Bucket unknown{Bucket::Kind::Unknown, 0, "", 0};
    while (st.step()) {
        if (st.is_null(2)) {
            unknown.count += st.int64(1);
            continue;
        }
        out.push_back({Bucket::Kind::Named, st.int64(0), st.text(2), st.int64(1)});
    }
    out.push_back(unknown);
    return out;
}

std::vector<Bucket> country_distribution(Database& db, int id_lang, int limit) {
    std::vector<Bucket> out;
    Statement st = db.prepare(
        "SELECT s.id_country, COUNT(*) AS n, (SELECT l.name FROM ps_country_lang l WHERE "
        "l.id_country = s.id_country ORDER BY l.id_lang = ?1 DESC, l.id_lang LIMIT 1) "
        "FROM cl_customer_stats s JOIN ps_customer c ON c.id_customer = s.id_customer "
        "WHERE c.deleted = 0 GROUP BY s.id_country ORDER BY n DESC, s.id_country");
    st.bind(1, id_lang);
    Bucket unknown{Bucket::Kind::Unknown, 0, "", 0}, others{Bucket::Kind::Others, 0, "", 0};
    while (st.step()) {
        if (st.is_null(0)) {
            unknown.count += st.int64(1);
        } else if (static_cast<int>(out.size()) < limit) {
            out.push_back({Bucket::Kind::Named, st.int64(0),
                           st.is_null(2) ? "#" + std::to_string(st.int64(0)) : st.text(2),
                           st.int64(1)});
        } else {
            others.count += st.int64(1);
        }
    }
    if (others.count)
        out.push_back(others);
    out.push_back(unknown);
    return out;
}

std::vector<Bucket> group_sizes(Database& db, int id_lang) {
    std::vector<Bucket> out;
    for (const GroupRow& g : list_groups_with_counts(db, id_lang))
        out.push_back({Bucket::Kind::Named, g.id, g.name, g.members});
    return out;
}

// --- 4. report, job
// -------------------------------------------------------------------------------

const std::vector<Figure>& all_figures() {
    static const std::vector<Figure> f = {Figure::TopCustomers,
                                          Figure::TopProductsQuantity,
                                          Figure::TopProductsRevenue,
                                          Figure::Conversion,
                                          Figure::NewCustomers,
                                          Figure::Basket,
                                          Figure::Age,
                                          Figure::Gender,
                                          Figure::Country,
                                          Figure::Groups};
    return f;
}

const char* figure_id(Figure f) {
    switch (f) {
    case Figure::TopCustomers:
        return "top_customers";
    case Figure::TopProductsQuantity:
        return "top_products_quantity";
    case Figure::TopProductsRevenue:
        return "top_products_revenue";
    case Figure::Conversion:
        return "conversion";
    case Figure::NewCustomers:
        return "new_customers";
    case Figure::Basket:
        return "average_basket";
    case Figure::Age:
        return "age";
    case Figure::Gender:
        return "gender";
    case Figure::Country:
        return "country";
    case Figure::Groups:
        return "groups";
    }
    return "";
}

const char* figure_title_key(Figure f) {
    switch (f) {
    case Figure::TopCustomers:
        return "stats.top_customers";
    case Figure::TopProductsQuantity:
        return "stats.top_products_quantity";
    case Figure::TopProductsRevenue:
        return "stats.top_products_revenue";
    case Figure::Conversion:
        return "stats.conversion";
    case Figure::NewCustomers:
        return "stats.new_customers";
    case Figure::Basket:
        return "stats.average_basket";
    case Figure::Age:
        return "stats.age";
    case Figure::Gender:
        return "stats.gender";
    case Figure::Country:
        return "stats.country";
    case Figure::Groups:
        return "stats.groups";
    }
    return "";
}

void compute_figure(Database& db, StatisticsReport& r, Figure f) {
    const auto started = std::chrono::steady_clock::now();
    const StatisticsOptions& o = r.options;
    switch (f) {
    case Figure::TopCustomers:
        r.customers = top_customers(db, o.range, o.top);
        break;
    case Figure::TopProductsQuantity:
    case Figure::TopProductsRevenue:
        if (!r.products_read) {
            r.products_sold = products_sold(db, o.range, o.id_lang);
            r.products_read = true;
        }
        if (f == Figure::TopProductsQuantity)
            r.products_by_quantity = rank_products(r.products_sold, ProductOrder::Quantity, o.top);
        else
            r.products_by_revenue = rank_products(r.products_sold, ProductOrder::Revenue, o.top);
        break;
    case Figure::Conversion:
        r.conversion = cart_conversion(db, o.range);
        break;
    case Figure::NewCustomers:
        r.new_customers = new_customers_per_month(db, o.range);
        break;
    case Figure::Basket:
        r.basket = average_basket(db, o.range);
        break;
    case Figure::Age:
        r.age = age_distribution(db, o.today);
        break;
    case Figure::Gender:
        r.gender = gender_distribution(db, o.id_lang);
        break;
    case Figure::Country:
        r.country = country_distribution(db, o.id_lang);
        break;
    case Figure::Groups:
        r.groups = group_sizes(db, o.id_lang);
        break;
    }
    r.timings.emplace_back(
        f, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
               .count());
}

namespace {
StatisticsOptions checked(StatisticsOptions o) {
    auto errors = validate_range(o.range);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    o.today = today_or(o.today);
    o.top = std::clamp(o.top, 1, 1000);
    return o;
}
} // namespace

StatisticsReport compute_statistics(Database& db, const StatisticsOptions& options) {
    StatisticsReport r;
    r.options = checked(options);
    for (Figure f : all_figures())
        compute_figure(db, r, f);
    return r;
}

StatisticsJob::StatisticsJob(Database& db, StatisticsOptions options) : db_(db) {
    report_.options = checked(std::move(options));
    total_ = static_cast<std::int64_t>(all_figures().size());
}

std::string StatisticsJob::title() const {
    return tr("stats.computing");
}

bool StatisticsJob::work(std::chrono::steady_clock::time_point deadline) {
    // One figure at least per step; more while the budget lasts.
    do {
        if (next_ >= all_figures().size())
            return true;
        compute_figure(db_, report_, all_figures()[next_++]);
        done_ = static_cast<std::int64_t>(next_);
    } while (std::chrono::steady_clock::now() < deadline);
    return next_ >= all_figures().size();
}

// --- 5. CSV and JSON
// ---------------------------------------------------------------------------------

namespace {

std::string bucket_label(const Bucket& b) {
    if (b.kind == Bucket::Kind::Unknown)
        return tr("stats.unknown");
    if (b.kind == Bucket::Kind::Others)
        return tr("stats.others");
    return b.label;
}

std::string int_cell(std::int64_t n) {
    return std::to_string(n);
}

std::string money_cell(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

std::string figure_csv(const StatisticsReport& r, Figure f, const csv::Format& format) {
    std::string out;
    if (format.bom)
        out = "\xEF\xBB\xBF";
    auto row = [&](const std::vector<std::string>& cells, bool header = false) {
        std::vector<std::string> c;
        for (const std::string& s : cells)
            c.push_back(header ? csv::cell(s, format) : s);
        csv::append_row(out, c, format);
    };
    auto text = [&](const std::string& s) { return csv::cell(s, format); };
    switch (f) {
    case Figure::TopCustomers:
        row({tr("stats.rank"), tr("col.id"), tr("col.firstname"), tr("col.lastname"),
             tr("col.email"), tr("stats.orders"), tr("stats.sales"), tr("stats.average")},
            true);
        for (const auto& c : r.customers)
            row({int_cell(c.rank), int_cell(c.id), text(c.firstname), text(c.lastname),
                 text(c.email), int_cell(c.orders), money_cell(c.sales), money_cell(c.average)});
        break;
    case Figure::TopProductsQuantity:
    case Figure::TopProductsRevenue:
        row({tr("stats.product_id"), tr("stats.reference"), tr("stats.product"),
             tr("stats.quantity"), tr("stats.orders"), tr("stats.revenue")},
            true);
        for (const auto& p :
             f == Figure::TopProductsQuantity ? r.products_by_quantity : r.products_by_revenue)
            row({int_cell(p.product_id), text(p.reference), text(p.name), int_cell(p.quantity),
                 int_cell(p.orders), money_cell(p.revenue)});
        break;
    case Figure::Conversion:
        row({tr("stats.carts"), tr("stats.converted"), tr("stats.rate")}, true);
        {
            char rate[32];
            std::snprintf(rate, sizeof rate, "%.4f", r.conversion.rate);
            row({int_cell(r.conversion.carts), int_cell(r.conversion.converted), rate});
        }
        break;
    case Figure::NewCustomers:
        row({tr("stats.month"), tr("stats.new_customers_count")}, true);
        for (const auto& m : r.new_customers)
            row({text(m.month), int_cell(m.count)});
        break;
    case Figure::Basket:
        row({tr("stats.month"), tr("stats.orders"), tr("stats.sales"), tr("stats.average")}, true);
        for (const auto& m : r.basket.months)
            row({text(m.month), int_cell(m.count), money_cell(m.amount), money_cell(m.average)});
        row({text(tr("stats.total")), int_cell(r.basket.orders), money_cell(r.basket.sales),
             money_cell(r.basket.average)});
        break;
    case Figure::Age:
    case Figure::Gender:
    case Figure::Country:
    case Figure::Groups: {
        const auto& buckets = f == Figure::Age       ? r.age
                              : f == Figure::Gender  ? r.gender
                              : f == Figure::Country ? r.country
                                                     : r.groups;
        row({tr(f == Figure::Age       ? "stats.bracket"
                : f == Figure::Gender  ? "stats.gender_col"
                : f == Figure::Country ? "stats.country_col"
                                       : "stats.group_col"),
             tr("stats.customers_count")},
            true);
        for (const Bucket& b : buckets)
            row({text(bucket_label(b)), int_cell(b.count)});
        break;
    }
    }
    return out;
}

std::string statistics_json(const StatisticsReport& r) {
    using nlohmann::json;
    json j;
    j["range"] = {{"from", r.options.range.from}, {"to", r.options.range.to}};
    j["today"] = r.options.today;
    j["top"] = r.options.top;
    json& c = j["top_customers"] = json::array();
    for (const auto& x : r.customers)
        c.push_back({{"rank", x.rank},
                     {"id", x.id},
                     {"firstname", x.firstname},
                     {"lastname", x.lastname},
                     {"email", x.email},
                     {"orders", x.orders},
                     {"sales", x.sales},
                     {"average", x.average}});
    auto products = [](const std::vector<ProductSales>& v) {
        json a = json::array();
        for (const auto& p : v)
            a.push_back({{"product_id", p.product_id},
                         {"name", p.name},
                         {"reference", p.reference},
                         {"quantity", p.quantity},
                         {"orders", p.orders},
                         {"revenue", p.revenue}});
        return a;
    };
    j["top_products_quantity"] = products(r.products_by_quantity);
    j["top_products_revenue"] = products(r.products_by_revenue);
    j["conversion"] = {{"carts", r.conversion.carts},
                       {"converted", r.conversion.converted},
                       {"rate", r.conversion.rate}};
    json& n = j["new_customers"] = json::array();
    for (const auto& m : r.new_customers)
        n.push_back({{"month", m.month}, {"count", m.count}});
    json months = json::array();
    for (const auto& m : r.basket.months)
        months.push_back(
            {{"month", m.month}, {"orders", m.count}, {"sales", m.amount}, {"average", m.average}});
    j["average_basket"] = {{"orders", r.basket.orders},
                           {"sales", r.basket.sales},
                           {"average", r.basket.average},
                           {"months", months}};
    auto buckets = [](const std::vector<Bucket>& v) {
        json a = json::array();
        for (const Bucket& b : v)
            a.push_back({{"id", b.id},
                         {"label", b.kind == Bucket::Kind::Unknown  ? "unknown"
                                   : b.kind == Bucket::Kind::Others ? "others"
                                                                    : b.label},
                         {"count", b.count}});
        return a;
    };
    j["age"] = buckets(r.age);
    j["gender"] = buckets(r.gender);
    j["country"] = buckets(r.country);
    j["groups"] = buckets(r.groups);
    json& t = j["timings_ms"] = json::object();
    for (const auto& [f, ms] : r.timings)
        t[figure_id(f)] = ms;
    return j.dump();
}

} // namespace clientele::core
