// Orders as the Customers area sees them: a paged list (reference, customer, date, current
// state, total, payment) with a filter per column and sort; an order's detail (lines, state
// timeline, returns, credit slips); and the changes an employee makes from it, each one
// transaction and one undoable audit batch that belongs to the order's customer:
//  - change the state: a ps_order_history row, current_state, and `valid` following the new
//    state's `logable` flag as PrestaShop does (invoice_date / delivery_date are set the first
//    time an invoice / delivery state is reached);
//  - merchandise returns: request one for lines of a shipped order (quantities at most ordered
//    minus already returned), then move it waiting for confirmation -> waiting for package ->
//    package received -> completed, or denied from any of the first three;
//  - refunds as credit slips: chosen lines and quantities (at most ordered minus refunded),
//    the amount from the lines' unit prices tax included, shipping optionally (once).
#pragma once

#include "core/customer_sheet.h" // SheetOrder, SheetReturn, SheetCreditSlip
#include "core/customers.h"      // FieldError, ValidationError
#include "core/list_count.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// --- list query -------------------------------------------------------------------------------

enum class OrderColumn { Id, Reference, Customer, Date, State, Total, Payment };

// Filters (case-insensitive): Id exact; Reference and Date "starts with" (a reference index
// range; "2026-03" is a month); Customer: e-mail, first or last name starts with it (or a
// customer id); State: the state's name contains it (any language); Total: "120" (the total
// rounds to it), ">100", "<100", ">=", "<="; Payment: contains it.
struct OrderFilter {
    OrderColumn column = OrderColumn::Reference;
    std::string text;
};

struct OrderQuery {
    std::vector<OrderFilter> filters;
    // Id, Reference and Date are sorted along an index; the other columns are not sortable.
    OrderColumn sort = OrderColumn::Id;
    bool descending = true;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    int id_lang = 1;
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

// Whether the list can be sorted by `c`.
bool order_column_sortable(OrderColumn c);

struct OrderRow {
    std::int64_t id = 0, id_customer = 0, id_state = 0;
    std::string reference, customer_email, customer_name, date_add, state, state_color, payment;
    double total_paid_real = 0;
    bool valid = false;
};

struct OrderPage {
    std::int64_t total = 0;
    std::vector<OrderRow> rows;
};

// Throws ValidationError on "total" (err.not_a_number) for an unreadable total filter.
OrderPage query_orders(Database& db, const OrderQuery& q);
// The query's filter, to count (same errors).
ListSql order_list_sql(const OrderQuery& q);

// --- states -----------------------------------------------------------------------------------

struct OrderStateInfo {
    std::int64_t id = 0;
    std::string name, color;
    bool logable = false, paid = false, shipped = false, delivery = false, invoice = false;
};
// Order states that are not deleted, by id, names in `id_lang` (else any language).
std::vector<OrderStateInfo> list_order_states(Database& db, int id_lang);

struct ReturnStateInfo {
    std::int64_t id = 0;
    std::string name, color;
};
std::vector<ReturnStateInfo> list_return_states(Database& db, int id_lang);

// PrestaShop's return states (ps_order_return_state).
enum ReturnState : int {
    kReturnWaitingConfirmation = 1,
    kReturnWaitingPackage = 2,
    kReturnPackageReceived = 3,
    kReturnDenied = 4,
    kReturnCompleted = 5
};
// The states a return in `from` may move to (empty for completed and denied).
std::vector<int> next_return_states(int from);

// --- detail -----------------------------------------------------------------------------------

struct ReturnLine {
    std::int64_t id_order_detail = 0;
    std::string product_name;
    std::int64_t quantity = 0;
};
struct OrderReturn {
    SheetReturn head;
    std::vector<ReturnLine> lines;
};

struct SlipLine {
    std::int64_t id_order_detail = 0;
    std::string product_name;
    std::int64_t quantity = 0;
    double amount_tax_incl = 0;
};
struct CreditSlip {
    SheetCreditSlip head;
    bool shipping = false;
    std::vector<SlipLine> lines;
};

struct OrderDetail {
    SheetOrder order; // lines (product_quantity_return / _refunded kept up to date) and history
    std::int64_t id_customer = 0;
    std::string customer_email, customer_name;
    bool shipped = false; // the current state is a shipped one: returns are possible
    bool paid = false;    // paid now or at some point: refunds are possible
    bool shipping_refunded = false;
    std::vector<OrderReturn> returns; // oldest first
    std::vector<CreditSlip> slips;    // oldest first
    // Per order line (id_order_detail): quantity still returnable (ordered minus returned by
    // returns that are not denied) and still refundable (ordered minus refunded).
    std::map<std::int64_t, std::int64_t> returnable, refundable;
};

std::optional<OrderDetail> load_order(Database& db, std::int64_t id_order, int id_lang);

// --- commands ---------------------------------------------------------------------------------

// Field "id_order_state": err.unknown_order_state, err.same_state. Unknown order:
// std::invalid_argument.
void change_order_state(Database& db, std::int64_t id_order, std::int64_t id_order_state);

// id_order_detail -> quantity (zero quantities are ignored).
using LineQuantities = std::map<std::int64_t, std::int64_t>;

// Fields: "id_order" (err.order_not_shipped), "lines" (err.nothing_selected), "line[<id>]"
// (err.unknown_line, err.quantity_too_high, err.negative), "question" (err.too_long).
// Returns the new return's id; product_quantity_return of its lines is updated.
std::int64_t request_return(Database& db, std::int64_t id_order, const LineQuantities& lines,
                            const std::string& question);
// Field "state": err.return_transition (see next_return_states). Denying a return gives its
// quantities back to the returnable ones.
void set_return_state(Database& db, std::int64_t id_order_return, int state);

// Fields: "id_order" (err.order_not_paid), "lines" (err.nothing_selected), "line[<id>]"
// (err.unknown_line, err.quantity_too_high, err.negative), "shipping"
// (err.shipping_refunded). Returns the new slip's id.
std::int64_t create_credit_slip(Database& db, std::int64_t id_order, const LineQuantities& lines,
                                bool shipping);
// What create_credit_slip would refund: products tax included plus shipping when asked.
double credit_slip_amount(const OrderDetail& order, const LineQuantities& lines, bool shipping);

} // namespace clientele::core
