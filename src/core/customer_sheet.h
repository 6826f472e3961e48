// The customer sheet: everything the back office knows about one customer, read in one go as
// plain structs (identity, B2B, groups, orders with lines and history, purchased products,
// addresses, vouchers, carts, messages, connections, returns, credit slips, activity).
// Read-only; one indexed query per section (never one per order or cart), every value bound.
// The password hash, secure key and reset token are never read.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// Text columns that are NULL in the database read as "" (as in CustomerInput: "not set").

// Identity and account: every ps_customer column except passwd, secure_key and
// reset_password_token, with the names of what the ids point to, plus the derived figures.
struct SheetCustomer {
    std::int64_t id = 0;
    std::int64_t id_shop_group = 0, id_shop = 0;
    int id_gender = 0;
    std::string title; // gender name in the requested language, "" when none
    std::string firstname, lastname, email;
    std::string birthday;   // YYYY-MM-DD or ""
    std::optional<int> age; // whole years at `today`, none without a usable birthday
    int id_lang = 0;
    std::string language; // ps_lang.name
    std::string shop;     // ps_shop.name
    std::int64_t id_default_group = 0;
    std::string default_group; // name in the requested language
    std::string last_passwd_gen;
    std::string reset_password_validity;
    bool newsletter = false;
    std::string newsletter_date_add, ip_registration_newsletter;
    bool optin = false;
    bool show_public_prices = false;
    std::string note;
    bool active = false, is_guest = false, deleted = false;
    std::string date_add; // registration
    std::string date_upd;
    // From cl_customer_stats (kept exact by triggers).
    std::string last_visit, last_visit_ip;
    double sales = 0; // valid orders, in the default currency
    std::int64_t valid_orders = 0;
    std::string first_order, last_order;
    // Rank by sales among live customers (1 = best), none without a valid order.
    std::optional<std::int64_t> best_rank;
};

struct SheetB2B {
    std::string company, siret, ape, website;
    int id_risk = 0;
    std::string risk, risk_color; // name in the requested language, "" when no risk is set
    double outstanding_allow_amount = 0;
    int max_payment_days = 0;
    // Current outstanding: the sum of total_paid_real / conversion_rate (default currency) of
    // the customer's valid orders (ps_orders.valid = 1) whose current state is not a paid
    // state (ps_order_state.paid = 0), i.e. what was ordered on credit and not paid yet.
    double outstanding = 0;
    bool over_allowance = false; // outstanding > outstanding_allow_amount
};

struct SheetGroup {
    std::int64_t id = 0;
    std::string name;
    bool is_default = false;
};

struct SheetOrderLine {
    std::int64_t id_order_detail = 0, product_id = 0;
    std::string product_name, product_reference;
    std::int64_t quantity = 0, quantity_returned = 0, quantity_refunded = 0;
    double unit_price_tax_incl = 0, unit_price_tax_excl = 0;
    double total_price_tax_incl = 0, total_price_tax_excl = 0;
};

struct SheetOrderEvent {
    std::int64_t id_order_state = 0, id_employee = 0;
    std::string state, color, date_add;
};

struct SheetOrder {
    std::int64_t id = 0;
    std::string reference, date_add;
    std::int64_t id_state = 0;
    std::string state, state_color;
    double total_paid_real = 0, total_products_wt = 0, total_shipping = 0, total_discounts = 0;
    std::string payment;
    bool valid = false;
    std::int64_t id_cart = 0, id_address_delivery = 0, id_address_invoice = 0;
    std::vector<SheetOrderLine> lines;    // in the order they were added
    std::vector<SheetOrderEvent> history; // oldest first
};

// One product over the customer's valid orders.
struct SheetProduct {
    std::int64_t product_id = 0;
    std::string name; // as written on the most recent order line
    std::int64_t quantity = 0, orders = 0;
    std::string last_purchase; // date_add of the most recent order
};

struct SheetAddress {
    std::int64_t id = 0;
    std::string alias, company, firstname, lastname, address1, address2, postcode, city, other;
    std::string phone, phone_mobile, vat_number, dni;
    std::int64_t id_country = 0, id_state = 0;
    std::string country, state; // names ("" when none)
    std::string date_add, date_upd;
    bool active = false, deleted = false;
};

struct SheetVoucher {
    std::int64_t id = 0;
    std::string name, code, description;
    double reduction_percent = 0, reduction_amount = 0, minimum_amount = 0;
    bool free_shipping = false;
    std::string date_from, date_to;
    std::int64_t quantity = 0, quantity_per_user = 0;
    bool active = false;
    bool usable = false; // active, quantity left and `today` within [date_from, date_to]
};

enum class CartStatus { Ordered, Abandoned, InProgress };
// "ordered", "abandoned", "in_progress".
const char* cart_status_name(CartStatus s);

// The one cart status rule (the sheet's carts, Customers > Carts, cart reminders). Ordered: an
// order references the cart. Abandoned: no order and date_upd older than the cutoff. Else in
// progress. The cutoff is PS_ABANDONED_CART_HOURS (ps_configuration; 24 when unset or not a
// whole number >= 0) before `today` ("YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or empty for now);
// "" when `today` is unreadable (then no cart is called abandoned).
int abandoned_cart_hours(Database& db);
std::string abandoned_cart_cutoff(Database& db, const std::string& today);
CartStatus cart_status(std::int64_t id_order, const std::string& date_upd,
                       const std::string& cutoff);

struct SheetCartLine {
    std::int64_t product_id = 0;
    std::string name;
    double unit_price = 0;
    std::int64_t quantity = 0;
};

struct SheetCart {
    std::int64_t id = 0;
    std::string date_add, date_upd;
    double total = 0; // sum of quantity x catalogue price
    std::int64_t line_count = 0;
    // Ordered: an order references the cart. Abandoned: no order and date_upd older than
    // PS_ABANDONED_CART_HOURS (ps_configuration, default 24) before `today`. Else in progress.
    CartStatus status = CartStatus::InProgress;
    std::int64_t id_order = 0; // the first order made from it, 0 when none
    std::vector<SheetCartLine> lines;
};

struct SheetMessage {
    std::int64_t id = 0;
    std::int64_t id_employee = 0;
    bool from_employee = false; // else from the customer
    std::string message, file_name, date_add;
    bool is_private = false, read = false;
};

struct SheetThread {
    std::int64_t id = 0;
    std::string status; // open, closed, pending1, pending2
    std::int64_t id_contact = 0;
    std::string contact; // name in the requested language
    std::int64_t id_order = 0, id_product = 0;
    std::string email, date_add, date_upd;
    std::vector<SheetMessage> messages; // oldest first
};

struct SheetConnection {
    std::int64_t id = 0;
    std::string date, ip, referer;
};

struct SheetReturn {
    std::int64_t id = 0, id_order = 0;
    std::string order_reference;
    std::int64_t id_state = 0;
    std::string state, state_color, question, date_add, date_upd;
};

struct SheetCreditSlip {
    std::int64_t id = 0, id_order = 0;
    std::string order_reference;
    double amount = 0, total_products_tax_incl = 0, total_shipping_tax_incl = 0;
    bool partial = false;
    std::string date_add;
};

// One cl_audit entry that belongs to the customer (any table; entity is the table name).
struct SheetEvent {
    std::int64_t id = 0;
    std::string at, actor, action, entity, summary;
    bool undone = false;
};

struct CustomerSheet {
    SheetCustomer customer;
    SheetB2B b2b;
    std::vector<SheetGroup> groups;            // by id
    std::vector<SheetOrder> orders;            // newest first
    std::vector<SheetProduct> products;        // most recently bought first
    std::vector<SheetAddress> addresses;       // live first, then by id
    std::vector<SheetVoucher> vouchers;        // by id
    std::vector<SheetCart> carts;              // newest first
    std::vector<SheetThread> messages;         // most recently updated first
    std::vector<SheetConnection> connections;  // the latest kSheetConnections, newest first
    std::vector<SheetReturn> returns;          // newest first
    std::vector<SheetCreditSlip> credit_slips; // newest first
    std::vector<SheetEvent> timeline;          // the latest kSheetTimeline, newest first
};

constexpr int kSheetConnections = 10;
constexpr int kSheetTimeline = 200;

// The sheet of a customer (deleted ones included), or nullopt when the id is unknown.
// Names are in `id_lang` (falling back to any language that has one). `today` is
// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the date for ages and voucher validity and the "now"
// of abandoned carts (a bare date is its midnight); empty: the current UTC time.
std::optional<CustomerSheet> load_customer_sheet(Database& db, std::int64_t id_customer,
                                                 int id_lang, const std::string& today);

// The whole sheet as JSON: an object with the keys "customer", "b2b", "groups", "orders",
// "products", "addresses", "vouchers", "carts", "messages", "connections", "returns",
// "credit_slips" and "timeline"; field names as in the structs ("private" for is_private,
// cart "status" as cart_status_name, "age" null when unknown).
nlohmann::json customer_sheet_json(const CustomerSheet& sheet);

} // namespace clientele::core
