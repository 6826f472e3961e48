// Subscriptions: a customer receives a product every period (N days or N months); the next
// renewal date moves on by one period at each renewal. Status: active, paused, cancelled. A
// paged list with filters (customer, product, status, renewals due in the next N days), and
// create / edit / pause / resume / cancel / renew, each one audited, undoable change.
#pragma once

#include "core/customers.h" // FieldError, ValidationError
#include "core/list_count.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

enum class SubscriptionStatus { Active, Paused, Cancelled };
enum class PeriodUnit { Day, Month };
// "active", "paused", "cancelled" / "day", "month".
const char* subscription_status_name(SubscriptionStatus s);
std::optional<SubscriptionStatus> parse_subscription_status(const std::string& s);
const char* period_unit_name(PeriodUnit u);

struct SubscriptionInput {
    std::int64_t id_customer = 0, id_product = 0;
    int quantity = 1;     // 1 to 999
    int period_count = 1; // 1 to 365
    PeriodUnit unit = PeriodUnit::Month;
    std::string next_renewal; // YYYY-MM-DD
    SubscriptionStatus status = SubscriptionStatus::Active;
};

// Fields: id_customer (err.unknown_customer), id_product (err.unknown_product), quantity
// (err.quantity), period_count (err.period), next_renewal (err.date).
std::vector<FieldError> validate_subscription(Database& db, const SubscriptionInput& in);
std::int64_t create_subscription(Database& db, const SubscriptionInput& in);
void update_subscription(Database& db, std::int64_t id, const SubscriptionInput& in);
std::optional<SubscriptionInput> load_subscription(Database& db, std::int64_t id);
// Pause, resume (active) or cancel. Throws std::invalid_argument for an unknown id.
void set_subscription_status(Database& db, std::int64_t id, SubscriptionStatus status);
// Moves next_renewal on by one period (an active subscription). Returns the new date.
std::string renew_subscription(Database& db, std::int64_t id);

enum class SubscriptionSort { NextRenewal, Id };

struct SubscriptionQuery {
    std::string customer; // e-mail / name prefix or id
    std::int64_t id_product = 0;
    std::optional<SubscriptionStatus> status;
    // >= 0: active subscriptions whose next renewal is at most this many days after `today`
    // (overdue ones included).
    int due_within_days = -1;
    std::string today; // empty: now
    SubscriptionSort sort = SubscriptionSort::NextRenewal;
    bool descending = false;
    std::int64_t offset = 0, limit = 50;
    int id_lang = 1;
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct SubscriptionRow {
    std::int64_t id = 0, id_customer = 0, id_product = 0;
    std::string email, customer_name, product;
    int quantity = 1, period_count = 1;
    PeriodUnit unit = PeriodUnit::Month;
    std::string next_renewal;
    SubscriptionStatus status = SubscriptionStatus::Active;
};

struct SubscriptionPage {
    std::int64_t total = 0;
    std::vector<SubscriptionRow> rows;
};

SubscriptionPage query_subscriptions(Database& db, const SubscriptionQuery& q);
// The query's filter, to count.
ListSql subscription_list_sql(Database& db, const SubscriptionQuery& q);
// The catalogue's products (id, name in `id_lang`, else any), by id: the form's choices.
struct ProductChoice {
    std::int64_t id = 0;
    std::string name;
};
std::vector<ProductChoice> list_products(Database& db, int id_lang);

// A customer's subscriptions (the sheet), newest first.
std::vector<SubscriptionRow> customer_subscriptions(Database& db, std::int64_t id_customer,
                                                    int id_lang);

} // namespace clientele::core
