// B2B outstanding (PrestaShop's Customers > Outstanding): what each business customer owes
// against the credit the shop allows them.
//
// Definition (the one the customer sheet's B2B section shows too): a customer's current
// outstanding is the sum, in the default currency (total_paid_real / conversion_rate), of
// their orders that are valid (ps_orders.valid = 1: the order counts as a sale) and whose
// current state is not a paid state (ps_order_state.paid = 0): goods ordered on credit and not
// paid yet. Cancelled, refused or erroneous orders are not valid, so they never count; once an
// order reaches a paid state it stops counting. The allowance is
// ps_customer.outstanding_allow_amount; the customer is over it when outstanding > allowance
// (equal is within). An order is overdue when it is counted and older than the customer's
// max_payment_days.
//
// The list holds live customers with a company (B2B accounts; the partial company index finds
// them), a page at a time; amounts are computed per row from ps_orders(id_customer) and
// the status of the order's state.
#pragma once

#include "core/list_count.h"
#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// The customer's current outstanding as defined above (0 when none).
double customer_outstanding(Database& db, std::int64_t id_customer);

enum class OutstandingColumn {
    Id,
    Customer,
    Company,
    Risk,
    Allowance,
    Outstanding,
    Overdue, // the part of the outstanding older than the customer's payment days
    UnpaidOrders,
    OldestUnpaid,
    PaymentDays
};

struct OutstandingFilter {
    OutstandingColumn column = OutstandingColumn::Customer;
    // Id: exact. Customer: start of the first or last name, or part of the e-mail. Company: part
    // of it. Risk: the risk id. Other columns: a minimum ("100" keeps rows >= 100).
    std::string text;
};

struct OutstandingQuery {
    std::vector<OutstandingFilter> filters;
    bool owing_only = false; // outstanding > 0
    bool over_only = false;  // outstanding > allowance
    OutstandingColumn sort = OutstandingColumn::Outstanding;
    bool descending = true;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    int id_lang = 1;
    std::string today; // "YYYY-MM-DD[ HH:MM:SS]" for overdue; empty: now
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct OutstandingRow {
    std::int64_t id = 0;
    std::string firstname, lastname, email, company;
    std::int64_t id_risk = 0;
    std::string risk, risk_color; // "" when no risk is set
    double allowance = 0, outstanding = 0;
    double overdue_amount = 0; // counted orders older than max_payment_days
    std::int64_t unpaid_orders = 0;
    std::string oldest_unpaid; // date_add of the oldest counted order, "" when none
    int max_payment_days = 0;
    bool over_allowance = false;
    bool overdue = false; // the oldest counted order is older than max_payment_days
};

struct OutstandingPage {
    std::int64_t total = 0;
    std::vector<OutstandingRow> rows;
};

OutstandingPage query_outstanding(Database& db, const OutstandingQuery& q);
// The query's filter, to count.
ListSql outstanding_list_sql(const OutstandingQuery& q);

// The orders counted in a customer's outstanding, oldest first.
struct OutstandingOrder {
    std::int64_t id = 0;
    std::string reference, date_add, state, due_date; // due_date: date_add + max_payment_days
    double amount = 0;                                // in the default currency
    bool overdue = false;
};
std::vector<OutstandingOrder> outstanding_orders(Database& db, std::int64_t id_customer,
                                                 int id_lang, const std::string& today);

} // namespace clientele::core
