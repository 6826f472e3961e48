// Customers > Statistics: the figures of the statistics screen and of `clientele statistics`,
// each one indexed query (or one bounded scan), plus their CSV.
//
// Definitions (what each figure counts):
// - Order figures use valid orders (ps_orders.valid = 1, PrestaShop's "logable" states) whose
//   date_add falls in the date range; amounts are total_paid_real / conversion_rate (the
//   default currency), as the customers grid's "sales".
// - Sales per customer / best customers: the sum of those amounts per live customer
//   (deleted = 0), highest first (ties: lower id first); rank 1 is the best.
// - Top products: per product, the quantity ordered (product_quantity) and the revenue
//   (total_price_tax_incl of the order lines), and in how many orders it appears.
// - Cart-to-order conversion: carts created in the range (ps_cart.date_add) that hold at least
//   one product; converted ones are those an order (any state) was placed from.
// - New customers per month: live (deleted = 0) registered accounts (not guests) by month of
//   ps_customer.date_add, inside the range, months without any shown as 0.
// - Average basket: the amount of valid orders divided by their number, overall and per month.
// - Age, gender and country distributions: live accounts (guests included). Age in whole years
//   at `today`, in brackets; no or an impossible birthday is "unknown". The country is the one
//   of the customer's first live address (cl_customer_stats.id_country), none is "unknown"; the
//   10 biggest countries, the rest as "others".
// - Group sizes: members per group (ps_customer_group), as Customers > Groups counts them.
//
// The date range applies to the order figures, the conversion and new customers per month;
// the distributions and group sizes describe the shop as it is now.
#pragma once

#include "core/csv.h"
#include "core/customers.h" // FieldError
#include "core/jobs.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// Inclusive days "YYYY-MM-DD"; an empty side is unbounded.
struct DateRange {
    std::string from, to;
};

enum class RangePreset { Last30Days, ThisYear, All };
DateRange preset_range(RangePreset preset, const std::string& today);
// Field errors of a range ("from", "to": err.date_invalid; "to": err.date_range when to < from).
std::vector<FieldError> validate_range(const DateRange& range);

struct CustomerSales {
    std::int64_t rank = 0, id = 0;
    std::string firstname, lastname, email;
    std::int64_t orders = 0;
    double sales = 0;
    double average = 0; // sales / orders
};

struct ProductSales {
    std::int64_t product_id = 0;
    std::string name, reference; // the catalogue name in the language, else the order line's
    std::int64_t quantity = 0, orders = 0;
    double revenue = 0;
};

struct Conversion {
    std::int64_t carts = 0, converted = 0;
    double rate = 0; // converted / carts, 0 without carts
};

struct MonthFigure {
    std::string month; // "YYYY-MM"
    std::int64_t count = 0;
    double amount = 0;  // sales of the month (baskets)
    double average = 0; // amount / count (baskets)
};

struct Basket {
    std::int64_t orders = 0;
    double sales = 0, average = 0;
    std::vector<MonthFigure> months; // oldest first, months without orders included
};

// One bar of a distribution.
struct Bucket {
    enum class Kind { Named, Unknown, Others };
    Kind kind = Kind::Named;
    std::int64_t id = 0; // gender, country or group id; the bracket's index for ages
    std::string label;   // name in the language, "18-24", ... ("" for unknown and others)
    std::int64_t count = 0;
};

std::vector<CustomerSales> top_customers(Database& db, const DateRange& range, int limit);
enum class ProductOrder { Quantity, Revenue };
std::vector<ProductSales> top_products(Database& db, const DateRange& range, ProductOrder order,
                                       int limit, int id_lang);
// Every product sold in the range (one pass over the order lines), and its top `limit` by
// quantity or revenue.
std::vector<ProductSales> products_sold(Database& db, const DateRange& range, int id_lang);
std::vector<ProductSales> rank_products(std::vector<ProductSales> all, ProductOrder order,
                                        int limit);
Conversion cart_conversion(Database& db, const DateRange& range);
std::vector<MonthFigure> new_customers_per_month(Database& db, const DateRange& range);
Basket average_basket(Database& db, const DateRange& range);
// Brackets: under 18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+, then unknown.
std::vector<Bucket> age_distribution(Database& db, const std::string& today);
std::vector<Bucket> gender_distribution(Database& db, int id_lang);
std::vector<Bucket> country_distribution(Database& db, int id_lang, int limit = 10);
std::vector<Bucket> group_sizes(Database& db, int id_lang);

// Every figure of the screen.
enum class Figure {
    TopCustomers, // sales per customer and best customers (one ranking)
    TopProductsQuantity,
    TopProductsRevenue,
    Conversion,
    NewCustomers,
    Basket,
    Age,
    Gender,
    Country,
    Groups
};
const std::vector<Figure>& all_figures();
// "top_customers", "top_products_quantity", ... (CSV file names, JSON keys, test hooks).
const char* figure_id(Figure f);
// Translation key of the figure's title ("stats.top_customers", ...).
const char* figure_title_key(Figure f);

struct StatisticsOptions {
    DateRange range;
    int top = 10;      // N of the top lists
    std::string today; // "YYYY-MM-DD"; empty: the current date
    int id_lang = 1;
};

struct StatisticsReport {
    StatisticsOptions options;
    std::vector<CustomerSales> customers;
    std::vector<ProductSales> products_by_quantity, products_by_revenue;
    Conversion conversion;
    std::vector<MonthFigure> new_customers;
    Basket basket;
    std::vector<Bucket> age, gender, country, groups;
    // Every product sold in the range: read once for both product rankings.
    std::vector<ProductSales> products_sold;
    bool products_read = false;
    // Milliseconds each figure took (the CLI prints them).
    std::vector<std::pair<Figure, double>> timings;
};

// Computes one figure into `report` (timed).
void compute_figure(Database& db, StatisticsReport& report, Figure f);
// Every figure at once. Throws ValidationError for a bad range.
StatisticsReport compute_statistics(Database& db, const StatisticsOptions& options);

// The figures one per step, so a big shop keeps the page drawing (Navigator::run_job).
class StatisticsJob : public Job {
public:
    StatisticsJob(Database& db, StatisticsOptions options);
    std::string title() const override;
    void cancel() override { cancelled_ = finished_ = true; }
    const StatisticsReport& report() const { return report_; }

protected:
    bool work(std::chrono::steady_clock::time_point deadline) override;

private:
    Database& db_;
    StatisticsReport report_;
    std::size_t next_ = 0;
};

// The figure as a CSV file (headers translated in the current UI language, formula-safe cells).
std::string figure_csv(const StatisticsReport& report, Figure f, const csv::Format& format);
// The whole report as JSON (CLI): one key per figure_id, plus "range" and "timings_ms".
std::string statistics_json(const StatisticsReport& report);

} // namespace clientele::core
