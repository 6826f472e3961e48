// Sections: 1. list query  2. states  3. detail  4. state change  5. returns  6. credit slips
#include "core/orders.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/list_filters.h"
#include "core/store.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace clientele::core {

namespace lf = list_filters;

// --- 1. list query ----------------------------------------------------------------------------

bool order_column_sortable(OrderColumn c) {
    return c == OrderColumn::Id || c == OrderColumn::Reference || c == OrderColumn::Date;
}

namespace {

// Past every character a text can continue with: [p, p + kTextMax) is "starts with p".
const std::string kTextMax = "\xF4\x8F\xBF\xBF";

std::string upper_ascii(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// "120", ">100", "<= 99.5": the comparison and the number; false when unreadable.
bool parse_total_filter(const std::string& text, std::string& op, double& value, int& decimals) {
    std::string s = lf::trimmed(text);
    op = "=";
    for (const char* o : {">=", "<=", ">", "<", "="})
        if (s.rfind(o, 0) == 0) {
            op = o;
            s = lf::trimmed(s.substr(std::string(o).size()));
            break;
        }
    std::replace(s.begin(), s.end(), ',', '.');
    if (s.empty())
        return false;
    char* end = nullptr;
    value = std::strtod(s.c_str(), &end);
    if (*end != '\0' || !std::isfinite(value))
        return false;
    const auto dot = s.find('.');
    decimals = dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
    return true;
}

} // namespace

ListSql order_list_sql(const OrderQuery& q) {
    std::string where = "1";
    lf::Params params;
    params.add(std::to_string(q.id_lang)); // ?1: the language of state names (the page's)
    for (const OrderFilter& f : q.filters) {
        const std::string text = lf::trimmed(f.text);
        if (text.empty())
            continue;
        switch (f.column) {
        case OrderColumn::Id:
            where += lf::all_digits(text)
                         ? " AND o.id_order = CAST(" + params.add(text) + " AS INTEGER)"
                         : std::string(" AND 0");
            break;
        case OrderColumn::Reference: {
            // References are upper case: a range of ps_orders_reference.
            const std::string p = upper_ascii(text);
            where += " AND o.reference >= " + params.add(p) + " AND o.reference < " +
                     params.add(p + kTextMax);
            break;
        }
        case OrderColumn::Customer:
            where += " AND o.id_customer IN (" + lf::customer_ids_sql(text, params) + ")";
            break;
        case OrderColumn::Date:
            where += " AND o.date_add >= " + params.add(text) + " AND o.date_add < " +
                     params.add(text + kTextMax);
            break;
        case OrderColumn::State:
            where += " AND o.current_state IN (SELECT id_order_state FROM ps_order_state_lang "
                     "WHERE name LIKE " +
                     params.add(lf::contains_pattern(text)) + " ESCAPE '\\')";
            break;
        case OrderColumn::Total: {
            std::string op;
            double value = 0;
            int decimals = 0;
            if (!parse_total_filter(text, op, value, decimals))
                throw ValidationError({{"total", "not a number: " + text, "err.not_a_number"}});
            const std::string p = params.add(std::to_string(value));
            if (op == "=") {
                // The totals that round to it: a range of the total's index (a little wider than
                // half a unit of the last decimal), then round() decides.
                decimals = std::min(decimals, 6);
                const double half = 0.5 * std::pow(10.0, -decimals) + 1e-9;
                char lo[40], hi[40];
                std::snprintf(lo, sizeof lo, "%.17g", value - half);
                std::snprintf(hi, sizeof hi, "%.17g", value + half);
                where += " AND o.total_paid_real >= CAST(" + params.add(lo) +
                         " AS REAL) AND o.total_paid_real <= CAST(" + params.add(hi) +
                         " AS REAL) AND round(o.total_paid_real, " + std::to_string(decimals) +
                         ") = CAST(" + p + " AS REAL)";
            } else
                where += " AND o.total_paid_real " + op + " CAST(" + p + " AS REAL)";
            break;
        }
        case OrderColumn::Payment:
            where +=
                " AND o.payment LIKE " + params.add(lf::contains_pattern(text)) + " ESCAPE '\\'";
            break;
        }
    }
    return {"ps_orders", "o", "id_order", where, params.values()};
}

OrderPage query_orders(Database& db, const OrderQuery& q) {
    const ListSql sql = order_list_sql(q);
    OrderPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    // Sorted by id, reference or date, ties by id; the second form keeps indexes out of it.
    auto order_by = [&](const char* plus) {
        std::string order = std::string(plus) + "o.id_order" + dir;
        if (q.sort == OrderColumn::Reference)
            order = plus + ("o.reference" + dir) + ", " + order;
        else if (q.sort == OrderColumn::Date)
            order = plus + ("o.date_add" + dir) + ", " + order;
        return order;
    };
    const std::string columns =
        "SELECT o.id_order, o.id_customer, o.current_state, o.reference, COALESCE(cu.email, ''), "
        "COALESCE(cu.firstname || ' ' || cu.lastname, ''), o.date_add, "
        "COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = "
        "o.current_state ORDER BY sl.id_lang <> CAST(?1 AS INTEGER), sl.id_lang LIMIT 1), ''), "
        "COALESCE(os.color, ''), o.payment, o.total_paid_real, o.valid";
    read_list_page(
        db, sql, columns,
        "LEFT JOIN ps_customer cu ON cu.id_customer = o.id_customer "
        "LEFT JOIN ps_order_state os ON os.id_order_state = o.current_state",
        order_by(""), q.filters.empty() ? std::string() : order_by("+"), q.limit, q.offset,
        [&](Statement& st) {
            OrderRow r;
            r.id = st.int64(0);
            r.id_customer = st.int64(1);
            r.id_state = st.int64(2);
            r.reference = st.text(3);
            r.customer_email = st.text(4);
            r.customer_name = st.text(5);
            r.date_add = st.text(6);
            r.state = st.text(7);
            r.state_color = st.text(8);
            r.payment = st.text(9);
            r.total_paid_real = st.real(10);
            r.valid = st.int64(11) != 0;
            page.rows.push_back(std::move(r));
        },
        [&] { page.rows.clear(); });
    return page;
}

// --- 2. states --------------------------------------------------------------------------------

std::vector<OrderStateInfo> list_order_states(Database& db, int id_lang) {
    std::vector<OrderStateInfo> out;
    Statement st = db.prepare(R"SQL(
SELECT s.id_order_state,
  COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = s.id_order_state
            ORDER BY sl.id_lang <> ?1, sl.id_lang LIMIT 1), ''),
  s.color, s.logable, s.paid, s.shipped, s.delivery, s.invoice
FROM ps_order_state s WHERE s.deleted = 0 ORDER BY s.id_order_state
)SQL");
    st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3) != 0, st.int64(4) != 0,
                       st.int64(5) != 0, st.int64(6) != 0, st.int64(7) != 0});
    return out;
}

std::vector<ReturnStateInfo> list_return_states(Database& db, int id_lang) {
    std::vector<ReturnStateInfo> out;
    Statement st = db.prepare(R"SQL(
SELECT s.id_order_return_state,
  COALESCE((SELECT sl.name FROM ps_order_return_state_lang sl
            WHERE sl.id_order_return_state = s.id_order_return_state
            ORDER BY sl.id_lang <> ?1, sl.id_lang LIMIT 1), ''), s.color
FROM ps_order_return_state s ORDER BY s.id_order_return_state
)SQL");
    st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2)});
    return out;
}

std::vector<int> next_return_states(int from) {
    switch (from) {
    case kReturnWaitingConfirmation:
        return {kReturnWaitingPackage, kReturnDenied};
    case kReturnWaitingPackage:
        return {kReturnPackageReceived, kReturnDenied};
    case kReturnPackageReceived:
        return {kReturnCompleted, kReturnDenied};
    default:
        return {};
    }
}

// --- 3. detail --------------------------------------------------------------------------------

std::optional<OrderDetail> load_order(Database& db, std::int64_t id_order, int id_lang) {
    OrderDetail d;
    SheetOrder& o = d.order;
    {
        Statement st = db.prepare(R"SQL(
SELECT o.id_order, o.reference, o.date_add, o.current_state,
  COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = o.current_state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  COALESCE(os.color, ''), o.total_paid_real, o.total_products_wt, o.total_shipping,
  o.total_discounts, o.payment, o.valid, COALESCE(o.id_cart, 0), o.id_address_delivery,
  o.id_address_invoice, o.id_customer, COALESCE(cu.email, ''),
  COALESCE(cu.firstname || ' ' || cu.lastname, ''), COALESCE(os.shipped, 0),
  COALESCE(os.paid, 0) OR EXISTS (SELECT 1 FROM ps_order_history h JOIN ps_order_state hs
    ON hs.id_order_state = h.id_order_state WHERE h.id_order = o.id_order AND hs.paid = 1),
  EXISTS (SELECT 1 FROM ps_order_slip s WHERE s.id_order = o.id_order AND s.shipping_cost = 1)
FROM ps_orders o LEFT JOIN ps_order_state os ON os.id_order_state = o.current_state
LEFT JOIN ps_customer cu ON cu.id_customer = o.id_customer
WHERE o.id_order = ?1
)SQL");
        st.bind_all(id_order, id_lang);
        if (!st.step())
            return std::nullopt;
        int c = 0;
        o.id = st.int64(c++);
        o.reference = st.text(c++);
        o.date_add = st.text(c++);
        o.id_state = st.int64(c++);
        o.state = st.text(c++);
        o.state_color = st.text(c++);
        o.total_paid_real = st.real(c++);
        o.total_products_wt = st.real(c++);
        o.total_shipping = st.real(c++);
        o.total_discounts = st.real(c++);
        o.payment = st.text(c++);
        o.valid = st.int64(c++) != 0;
        o.id_cart = st.int64(c++);
        o.id_address_delivery = st.int64(c++);
        o.id_address_invoice = st.int64(c++);
        d.id_customer = st.int64(c++);
        d.customer_email = st.text(c++);
        d.customer_name = st.text(c++);
        d.shipped = st.int64(c++) != 0;
        d.paid = st.int64(c++) != 0;
        d.shipping_refunded = st.int64(c++) != 0;
    }
    {
        Statement st = db.prepare(R"SQL(
SELECT d.id_order_detail, d.product_id, d.product_name, COALESCE(d.product_reference, ''),
  d.product_quantity, d.product_quantity_return, d.product_quantity_refunded,
  d.unit_price_tax_incl, d.unit_price_tax_excl, d.total_price_tax_incl, d.total_price_tax_excl,
  (SELECT COALESCE(SUM(rd.product_quantity), 0) FROM ps_order_return_detail rd
   JOIN ps_order_return r ON r.id_order_return = rd.id_order_return
   WHERE rd.id_order_detail = d.id_order_detail AND r.state <> 4)
FROM ps_order_detail d WHERE d.id_order = ?1 ORDER BY d.id_order_detail
)SQL");
        st.bind(1, id_order);
        while (st.step()) {
            SheetOrderLine l;
            l.id_order_detail = st.int64(0);
            l.product_id = st.int64(1);
            l.product_name = st.text(2);
            l.product_reference = st.text(3);
            l.quantity = st.int64(4);
            l.quantity_returned = st.int64(5);
            l.quantity_refunded = st.int64(6);
            l.unit_price_tax_incl = st.real(7);
            l.unit_price_tax_excl = st.real(8);
            l.total_price_tax_incl = st.real(9);
            l.total_price_tax_excl = st.real(10);
            d.returnable[l.id_order_detail] = std::max<std::int64_t>(0, l.quantity - st.int64(11));
            d.refundable[l.id_order_detail] =
                std::max<std::int64_t>(0, l.quantity - l.quantity_refunded);
            o.lines.push_back(std::move(l));
        }
    }
    {
        Statement st = db.prepare(R"SQL(
SELECT h.id_order_state, h.id_employee,
  COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = h.id_order_state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  COALESCE(os.color, ''), h.date_add
FROM ps_order_history h LEFT JOIN ps_order_state os ON os.id_order_state = h.id_order_state
WHERE h.id_order = ?1 ORDER BY h.date_add, h.id_order_history
)SQL");
        st.bind_all(id_order, id_lang);
        while (st.step())
            o.history.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4)});
    }
    {
        Statement st = db.prepare(R"SQL(
SELECT r.id_order_return, r.state,
  COALESCE((SELECT sl.name FROM ps_order_return_state_lang sl
            WHERE sl.id_order_return_state = r.state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  COALESCE(rs.color, ''), r.question, r.date_add, r.date_upd
FROM ps_order_return r LEFT JOIN ps_order_return_state rs ON rs.id_order_return_state = r.state
WHERE r.id_order = ?1 ORDER BY r.id_order_return
)SQL");
        st.bind_all(id_order, id_lang);
        while (st.step()) {
            OrderReturn r;
            r.head.id = st.int64(0);
            r.head.id_order = id_order;
            r.head.order_reference = o.reference;
            r.head.id_state = st.int64(1);
            r.head.state = st.text(2);
            r.head.state_color = st.text(3);
            r.head.question = st.text(4);
            r.head.date_add = st.text(5);
            r.head.date_upd = st.text(6);
            d.returns.push_back(std::move(r));
        }
    }
    if (!d.returns.empty()) {
        Statement st = db.prepare(R"SQL(
SELECT rd.id_order_return, rd.id_order_detail, d.product_name, rd.product_quantity
FROM ps_order_return r JOIN ps_order_return_detail rd ON rd.id_order_return = r.id_order_return
JOIN ps_order_detail d ON d.id_order_detail = rd.id_order_detail
WHERE r.id_order = ?1 ORDER BY rd.id_order_return, rd.id_order_detail
)SQL");
        st.bind(1, id_order);
        while (st.step())
            for (OrderReturn& r : d.returns)
                if (r.head.id == st.int64(0))
                    r.lines.push_back({st.int64(1), st.text(2), st.int64(3)});
    }
    {
        Statement st = db.prepare(R"SQL(
SELECT id_order_slip, amount, total_products_tax_incl, total_shipping_tax_incl, partial,
  date_add, shipping_cost
FROM ps_order_slip WHERE id_order = ?1 ORDER BY id_order_slip
)SQL");
        st.bind(1, id_order);
        while (st.step()) {
            CreditSlip s;
            s.head.id = st.int64(0);
            s.head.id_order = id_order;
            s.head.order_reference = o.reference;
            s.head.amount = st.real(1);
            s.head.total_products_tax_incl = st.real(2);
            s.head.total_shipping_tax_incl = st.real(3);
            s.head.partial = st.int64(4) != 0;
            s.head.date_add = st.text(5);
            s.shipping = st.int64(6) != 0;
            d.slips.push_back(std::move(s));
        }
    }
    if (!d.slips.empty()) {
        Statement st = db.prepare(R"SQL(
SELECT sd.id_order_slip, sd.id_order_detail, d.product_name, sd.product_quantity,
  sd.amount_tax_incl
FROM ps_order_slip s JOIN ps_order_slip_detail sd ON sd.id_order_slip = s.id_order_slip
JOIN ps_order_detail d ON d.id_order_detail = sd.id_order_detail
WHERE s.id_order = ?1 ORDER BY sd.id_order_slip, sd.id_order_detail
)SQL");
        st.bind(1, id_order);
        while (st.step())
            for (CreditSlip& s : d.slips)
                if (s.head.id == st.int64(0))
                    s.lines.push_back({st.int64(1), st.text(2), st.int64(3), st.real(4)});
    }
    return d;
}

// --- 4. state change --------------------------------------------------------------------------

namespace {

nlohmann::json order_key(std::int64_t id) {
    return {{"id_order", id}};
}

// The order as the commands need it, inside their transaction; throws for an unknown order.
OrderDetail must_load(Database& db, std::int64_t id_order) {
    auto d = load_order(db, id_order, 1);
    if (!d)
        throw std::invalid_argument("no order with id " + std::to_string(id_order));
    return std::move(*d);
}

} // namespace

void change_order_state(Database& db, std::int64_t id_order, std::int64_t id_order_state) {
    Transaction tx(db);
    const OrderDetail d = must_load(db, id_order);
    Statement st = db.prepare("SELECT logable, invoice, delivery FROM ps_order_state "
                              "WHERE id_order_state = ?1 AND deleted = 0");
    st.bind(1, id_order_state);
    if (!st.step())
        throw ValidationError(
            {{"id_order_state", "unknown order state", "err.unknown_order_state"}});
    const bool logable = st.int64(0) != 0, invoice = st.int64(1) != 0, delivery = st.int64(2) != 0;
    if (d.order.id_state == id_order_state)
        throw ValidationError(
            {{"id_order_state", "the order is already in this state", "err.same_state"}});
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary =
        "order " + d.order.reference + " state changed to #" + std::to_string(id_order_state);
    const std::string now = now_datetime();
    // id_employee 1: a change made in the back office (0 is the shop's own, e.g. a payment).
    db.prepare("INSERT INTO ps_order_history(id_employee, id_order, id_order_state, date_add) "
               "VALUES (1, ?1, ?2, ?3)")
        .bind_all(id_order, id_order_state, now)
        .run();
    const std::int64_t id_history = db.last_insert_id();
    audit::record(db, batch, "create", "ps_order_history", d.id_customer, nullptr,
                  audit::snapshot(db, "ps_order_history", {{"id_order_history", id_history}}),
                  summary);
    audit::tracked_update(db, batch, "ps_orders", order_key(id_order), d.id_customer, summary, [&] {
        db.prepare("UPDATE ps_orders SET current_state = ?2, valid = ?3, date_upd = ?4, "
                   "invoice_date = CASE WHEN ?5 AND invoice_date IS NULL THEN ?4 ELSE "
                   "invoice_date END, delivery_date = CASE WHEN ?6 AND delivery_date IS NULL "
                   "THEN ?4 ELSE delivery_date END WHERE id_order = ?1")
            .bind_all(id_order, id_order_state, logable, now, invoice, delivery)
            .run();
    });
    tx.commit();
}

// --- 5. returns -------------------------------------------------------------------------------

namespace {

constexpr std::size_t kQuestionMax = 2000;

// Checks chosen quantities against what is left per line; true when at least one is > 0.
bool check_lines(const OrderDetail& d, const LineQuantities& lines,
                 const std::map<std::int64_t, std::int64_t>& left, std::vector<FieldError>& e) {
    bool any = false;
    for (const auto& [id, qty] : lines) {
        const std::string field = "line[" + std::to_string(id) + "]";
        auto it = left.find(id);
        if (it == left.end()) {
            if (qty != 0)
                e.push_back(
                    {field, "is not a line of order " + d.order.reference, "err.unknown_line"});
        } else if (qty < 0) {
            e.push_back({field, "cannot be negative", "err.negative"});
        } else if (qty > it->second) {
            e.push_back({field, "at most " + std::to_string(it->second) + " for this line",
                         "err.quantity_too_high"});
        } else if (qty > 0) {
            any = true;
        }
    }
    return any;
}

// product_quantity_return: what returns that are not denied take back of the line.
void sync_returned(Database& db, std::int64_t batch, std::int64_t customer,
                   std::int64_t id_order_detail, const std::string& summary) {
    audit::tracked_update(
        db, batch, "ps_order_detail", {{"id_order_detail", id_order_detail}}, customer, summary,
        [&] {
            db.prepare("UPDATE ps_order_detail SET product_quantity_return = (SELECT "
                       "COALESCE(SUM(rd.product_quantity), 0) FROM ps_order_return_detail rd "
                       "JOIN ps_order_return r ON r.id_order_return = rd.id_order_return WHERE "
                       "rd.id_order_detail = ?1 AND r.state <> 4) WHERE id_order_detail = ?1")
                .bind_all(id_order_detail)
                .run();
        });
}

} // namespace

std::int64_t request_return(Database& db, std::int64_t id_order, const LineQuantities& lines,
                            const std::string& question) {
    Transaction tx(db);
    const OrderDetail d = must_load(db, id_order);
    std::vector<FieldError> e;
    if (!d.shipped)
        e.push_back({"id_order", "a return can be requested once the order has shipped",
                     "err.order_not_shipped"});
    const bool any = check_lines(d, lines, d.returnable, e);
    if (!any && e.empty())
        e.push_back({"lines", "choose at least one product and quantity", "err.nothing_selected"});
    if (question.size() > kQuestionMax)
        e.push_back({"question", "is longer than 2000 characters", "err.too_long"});
    if (!e.empty())
        throw ValidationError(std::move(e));
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "return requested for order " + d.order.reference;
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_order_return(id_customer, id_order, state, question, date_add, "
               "date_upd) VALUES (?1, ?2, 1, ?3, ?4, ?4)")
        .bind_all(d.id_customer, id_order, question, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_order_return", d.id_customer, nullptr,
                  audit::snapshot(db, "ps_order_return", {{"id_order_return", id}}), summary);
    for (const auto& [line, qty] : lines) {
        if (qty <= 0)
            continue;
        db.prepare("INSERT INTO ps_order_return_detail(id_order_return, id_order_detail, "
                   "product_quantity) VALUES (?1, ?2, ?3)")
            .bind_all(id, line, qty)
            .run();
        audit::record(db, batch, "create", "ps_order_return_detail", d.id_customer, nullptr,
                      audit::snapshot(db, "ps_order_return_detail",
                                      {{"id_order_return", id}, {"id_order_detail", line}}),
                      summary);
        sync_returned(db, batch, d.id_customer, line, summary);
    }
    tx.commit();
    return id;
}

void set_return_state(Database& db, std::int64_t id_order_return, int state) {
    Transaction tx(db);
    nlohmann::json row =
        audit::snapshot(db, "ps_order_return", {{"id_order_return", id_order_return}});
    if (row.is_null())
        throw std::invalid_argument("no return with id " + std::to_string(id_order_return));
    const int from = row["state"].get<int>();
    const auto next = next_return_states(from);
    if (std::find(next.begin(), next.end(), state) == next.end())
        throw ValidationError({{"state",
                                "a return in state " + std::to_string(from) +
                                    " cannot move to state " + std::to_string(state),
                                "err.return_transition"}});
    const std::int64_t customer = row["id_customer"].get<std::int64_t>();
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary =
        "return #" + std::to_string(id_order_return) + " moved to state #" + std::to_string(state);
    audit::tracked_update(db, batch, "ps_order_return", {{"id_order_return", id_order_return}},
                          customer, summary, [&] {
                              db.prepare("UPDATE ps_order_return SET state = ?2, date_upd = ?3 "
                                         "WHERE id_order_return = ?1")
                                  .bind_all(id_order_return, state, now_datetime())
                                  .run();
                          });
    if (state == kReturnDenied) {
        std::vector<std::int64_t> lines;
        Statement st = db.prepare(
            "SELECT id_order_detail FROM ps_order_return_detail WHERE id_order_return = ?1");
        st.bind(1, id_order_return);
        while (st.step())
            lines.push_back(st.int64(0));
        for (std::int64_t line : lines)
            sync_returned(db, batch, customer, line, summary);
    }
    tx.commit();
}

// --- 6. credit slips --------------------------------------------------------------------------

namespace {

double cents(double v) {
    return std::round(v * 100.0) / 100.0;
}

} // namespace

double credit_slip_amount(const OrderDetail& order, const LineQuantities& lines, bool shipping) {
    double amount = shipping ? order.order.total_shipping : 0.0;
    for (const SheetOrderLine& l : order.order.lines) {
        auto it = lines.find(l.id_order_detail);
        if (it != lines.end() && it->second > 0)
            amount += l.unit_price_tax_incl * static_cast<double>(it->second);
    }
    return cents(amount);
}

std::int64_t create_credit_slip(Database& db, std::int64_t id_order, const LineQuantities& lines,
                                bool shipping) {
    Transaction tx(db);
    const OrderDetail d = must_load(db, id_order);
    std::vector<FieldError> e;
    if (!d.paid)
        e.push_back({"id_order", "only a paid order can be refunded", "err.order_not_paid"});
    bool any = check_lines(d, lines, d.refundable, e);
    if (shipping && d.shipping_refunded)
        e.push_back({"shipping", "the shipping was already refunded", "err.shipping_refunded"});
    any = any || shipping;
    if (!any && e.empty())
        e.push_back({"lines", "choose at least one product and quantity, or the shipping",
                     "err.nothing_selected"});
    if (!e.empty())
        throw ValidationError(std::move(e));

    double products_incl = 0, products_excl = 0;
    bool complete = shipping || d.shipping_refunded || d.order.total_shipping <= 0;
    for (const SheetOrderLine& l : d.order.lines) {
        auto it = lines.find(l.id_order_detail);
        const std::int64_t qty = it == lines.end() ? 0 : std::max<std::int64_t>(0, it->second);
        products_incl += l.unit_price_tax_incl * static_cast<double>(qty);
        products_excl += l.unit_price_tax_excl * static_cast<double>(qty);
        complete = complete && qty == d.refundable.at(l.id_order_detail);
    }
    // The order keeps one shipping figure: it is refunded as is (tax included and excluded).
    const double ship = shipping ? d.order.total_shipping : 0.0;
    const double amount = credit_slip_amount(d, lines, shipping);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "credit slip for order " + d.order.reference;
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_order_slip(id_customer, id_order, conversion_rate, "
               "total_products_tax_excl, total_products_tax_incl, total_shipping_tax_excl, "
               "total_shipping_tax_incl, amount, shipping_cost, shipping_cost_amount, partial, "
               "order_slip_type, date_add, date_upd) SELECT ?1, ?2, conversion_rate, ?3, ?4, ?5, "
               "?5, ?6, ?7, ?5, ?8, 0, ?9, ?9 FROM ps_orders WHERE id_order = ?2")
        .bind_all(d.id_customer, id_order, cents(products_excl), cents(products_incl), cents(ship),
                  amount, shipping, !complete, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_order_slip", d.id_customer, nullptr,
                  audit::snapshot(db, "ps_order_slip", {{"id_order_slip", id}}), summary);
    for (const SheetOrderLine& l : d.order.lines) {
        auto it = lines.find(l.id_order_detail);
        if (it == lines.end() || it->second <= 0)
            continue;
        const std::int64_t qty = it->second;
        db.prepare("INSERT INTO ps_order_slip_detail(id_order_slip, id_order_detail, "
                   "product_quantity, amount_tax_incl) VALUES (?1, ?2, ?3, ?4)")
            .bind_all(id, l.id_order_detail, qty,
                      cents(l.unit_price_tax_incl * static_cast<double>(qty)))
            .run();
        audit::record(
            db, batch, "create", "ps_order_slip_detail", d.id_customer, nullptr,
            audit::snapshot(db, "ps_order_slip_detail",
                            {{"id_order_slip", id}, {"id_order_detail", l.id_order_detail}}),
            summary);
        audit::tracked_update(
            db, batch, "ps_order_detail", {{"id_order_detail", l.id_order_detail}}, d.id_customer,
            summary, [&] {
                db.prepare("UPDATE ps_order_detail SET product_quantity_refunded = "
                           "product_quantity_refunded + ?2 WHERE id_order_detail = ?1")
                    .bind_all(l.id_order_detail, qty)
                    .run();
            });
    }
    tx.commit();
    return id;
}

} // namespace clientele::core
