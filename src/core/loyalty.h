// Loyalty points (the idea of PrestaShop's loyalty module). A customer earns
// floor(sales / rate) points, where sales is the total of their valid orders in the default
// currency (cl_customer_stats.sales, kept exact by triggers) and rate the amount one point
// costs (PS_LOYALTY_POINT_RATE, default 10: one point per 10 €). The points are counted on the
// total, not order by order, and a change of rate applies to every customer at once. The
// balance is earned minus converted (never below 0, e.g. after an order stops being valid).
// Converting points creates a voucher worth points x PS_LOYALTY_POINT_VALUE (default 0.20 €)
// that only the customer can use once (reduction_amount, code "LOY-…", valid a year).
#pragma once

#include "core/customers.h" // FieldError, ValidationError

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

inline constexpr const char* kLoyaltyRateKey = "PS_LOYALTY_POINT_RATE";
inline constexpr const char* kLoyaltyValueKey = "PS_LOYALTY_POINT_VALUE";
inline constexpr int kLoyaltyVoucherDays = 365;

struct LoyaltySettings {
    double rate = 10;          // amount spent for one point; more than 0
    double point_value = 0.20; // value of one point in a voucher; more than 0
};
LoyaltySettings load_loyalty_settings(Database& db);
// Fields "rate" (err.loyalty_rate), "point_value" (err.loyalty_value).
std::vector<FieldError> validate_loyalty_settings(const LoyaltySettings& s);
// One audit batch. Throws ValidationError.
void save_loyalty_settings(Database& db, const LoyaltySettings& s);

// floor(sales / rate), 0 for a rate that is not positive.
std::int64_t loyalty_points_for(double sales, double rate);

struct LoyaltyBalance {
    std::int64_t id_customer = 0;
    double sales = 0;
    std::int64_t earned = 0, converted = 0, balance = 0;
    double value = 0; // balance x point value
};
LoyaltyBalance loyalty_balance(Database& db, std::int64_t id_customer);

struct LoyaltyConversion {
    std::int64_t id = 0, points = 0, id_cart_rule = 0;
    double amount = 0;
    std::string code, date;
};
// Newest first.
std::vector<LoyaltyConversion> loyalty_conversions(Database& db, std::int64_t id_customer);

struct LoyaltyVoucher {
    std::int64_t id_cart_rule = 0, points = 0;
    double amount = 0;
    std::string code, date_to;
};
// `points`: how many to convert, 0 for the whole balance. Refused (ValidationError on
// "points": err.loyalty_points) for nothing to convert or more than the balance. The voucher,
// its names and the conversion row are one audit batch (Ctrl+Z takes them back).
LoyaltyVoucher convert_loyalty_points(Database& db, std::int64_t id_customer,
                                      std::int64_t points = 0, const std::string& today = "");

// --- customers by balance ------------------------------------------------------------------------

struct LoyaltyQuery {
    // E-mail, first or last name prefix, or a customer id (list_filters::customer_ids_sql).
    std::string customer;
    std::int64_t offset = 0, limit = 50;
};
struct LoyaltyRow {
    std::int64_t id_customer = 0;
    std::string email, name;
    double sales = 0;
    std::int64_t earned = 0, converted = 0, balance = 0;
};
struct LoyaltyPage {
    std::int64_t total = 0; // live customers with a balance above 0
    std::vector<LoyaltyRow> rows;
};
// Highest balance first (then by id). Walks the cl_customer_stats sales index from the top and
// stops as soon as no further customer can earn more than the page's lowest balance, so a page
// reads a few rows more than it shows, whatever the number of customers.
LoyaltyPage query_loyalty(Database& db, const LoyaltyQuery& q);

} // namespace clientele::core
