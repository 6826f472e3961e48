// Customers > Carts: every shopping cart in a paged list (newest first by default) with its
// customer, total, date and status; filters by customer, status and how long a cart has been
// abandoned; a cart's detail; and, for an abandoned cart, "prepare a reminder": a voucher for
// the customer and a message in the outbox, as one undoable change.
// The status is the sheet's rule (cart_status() in core/customer_sheet.h), never a second one.
#pragma once

#include "core/customer_sheet.h" // CartStatus, SheetCart, the status rule
#include "core/customers.h"      // FieldError, ValidationError
#include "core/list_count.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// --- list query -------------------------------------------------------------------------------

// Sortable columns: both are served by an index (the primary key, ps_cart_date_upd).
enum class CartSort { Id, Date };

struct CartQuery {
    // The customer's e-mail, first name or last name starts with it (case-insensitive, through
    // the customers' NOCASE indexes); a number is also a customer id. Empty: any.
    std::string customer;
    std::optional<CartStatus> status; // none: any status
    // > 0: only abandoned carts not updated for more than this many days (status abandoned
    // implied).
    int abandoned_days = 0;
    CartSort sort = CartSort::Id;
    bool descending = true;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    int id_lang = 1;
    std::string today; // the "now" of the status rule; empty: the current UTC time
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct CartRow {
    std::int64_t id = 0, id_customer = 0, id_order = 0;
    std::string customer_email, customer_name; // "" for a visitor's cart (no customer)
    double total = 0;                          // sum of quantity x catalogue price
    std::int64_t line_count = 0;
    std::string date_add, date_upd;
    CartStatus status = CartStatus::InProgress;
};

struct CartPage {
    std::int64_t total = 0; // carts matching the filters
    std::vector<CartRow> rows;
};

CartPage query_carts(Database& db, const CartQuery& q);
// The query's filter, to count.
ListSql cart_list_sql(Database& db, const CartQuery& q);

// --- detail -----------------------------------------------------------------------------------

struct CartDetail {
    SheetCart cart; // lines, total, status, the order made from it
    std::int64_t id_customer = 0;
    std::string customer_email, customer_name;
    bool customer_is_guest = false;
};

// nullopt for an unknown cart. Product names in `id_lang` (else any language).
std::optional<CartDetail> load_cart(Database& db, std::int64_t id_cart, int id_lang,
                                    const std::string& today = "");

// --- reminder ---------------------------------------------------------------------------------

struct ReminderInput {
    double reduction_percent = 10; // more than 0, at most 100
    int validity_days = 7;         // 1 to 365
    // Message templates; {firstname}, {lastname}, {products}, {code}, {percent}, {days} and
    // {date_to} are replaced. Empty: English defaults.
    std::string subject, body;
};

struct Reminder {
    std::int64_t id_cart_rule = 0, id_outbox = 0;
    std::string code; // "REM-" and six letters or digits
    std::string email, subject, body, date_to;
};

// Field by field: "reduction_percent" (err.reduction_range), "validity_days"
// (err.validity_days), "id_cart" (err.unknown_cart, err.cart_not_abandoned, err.cart_empty,
// err.reminder_no_email: no customer, or a guest without an e-mail address).
std::vector<FieldError> validate_reminder(Database& db, std::int64_t id_cart,
                                          const ReminderInput& in, const std::string& today = "");
// Creates the voucher (ps_cart_rule for the customer: quantity 1, the code, the reduction,
// valid from now for validity_days; its name in every language is the code) and the outbox
// message (kind 'cart_reminder', naming the cart's products and the code) in one transaction
// and one audit batch, so Ctrl+Z takes both back. Throws ValidationError.
Reminder prepare_cart_reminder(Database& db, std::int64_t id_cart, const ReminderInput& in,
                               const std::string& today = "");

} // namespace clientele::core
