// Sections: 1. helpers  2. list query  3. detail  4. reminder
#include "core/carts.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/lang_names.h"
#include "core/list_filters.h"
#include "core/store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace clientele::core {

namespace {

// --- 1. helpers -------------------------------------------------------------------------------

using list_filters::trimmed;

// Whether an order references the cart: one probe of ps_orders_cart.
constexpr const char* kOrdered = "EXISTS (SELECT 1 FROM ps_orders o WHERE o.id_cart = c.id_cart)";

} // namespace

// --- 2. list query ----------------------------------------------------------------------------

namespace {

// The status filters below are cart_status() written as SQL over `cutoff`, the shop's
// abandoned-cart cutoff (abandoned_cart_cutoff), which the page's statuses use too.
ListSql cart_filter(Database& db, const CartQuery& q, const std::string& cutoff) {
    std::string where = "1";
    list_filters::Params params;
    auto param = [&](std::string v) { return params.add(std::move(v)); };
    const std::string customer = trimmed(q.customer);
    if (!customer.empty())
        where += " AND c.id_customer IN (" + list_filters::customer_ids_sql(customer, params) + ")";
    const bool abandoned_only = q.abandoned_days > 0 || q.status == CartStatus::Abandoned;
    if (abandoned_only) {
        if (cutoff.empty())
            where += " AND 0";
        else
            where += std::string(" AND NOT ") + kOrdered + " AND c.date_upd < " + param(cutoff);
        if (q.abandoned_days > 0) {
            Statement st = db.prepare("SELECT datetime(?1, ?2)");
            st.bind_all(q.today.empty() ? now_datetime() : q.today,
                        "-" + std::to_string(q.abandoned_days) + " days");
            const std::string limit = st.step() ? st.text(0) : std::string();
            where += limit.empty() ? " AND 0" : " AND c.date_upd < " + param(limit);
        }
    } else if (q.status == CartStatus::Ordered) {
        where += std::string(" AND ") + kOrdered;
    } else if (q.status == CartStatus::InProgress) {
        where += std::string(" AND NOT ") + kOrdered;
        if (!cutoff.empty())
            where += " AND c.date_upd >= " + param(cutoff);
    }
    return {"ps_cart", "c", "id_cart", where, params.values()};
}

} // namespace

ListSql cart_list_sql(Database& db, const CartQuery& q) {
    return cart_filter(db, q, abandoned_cart_cutoff(db, q.today));
}

CartPage query_carts(Database& db, const CartQuery& q) {
    const std::string cutoff = abandoned_cart_cutoff(db, q.today);
    const ListSql sql = cart_filter(db, q, cutoff);
    CartPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    const std::string order =
        q.sort == CartSort::Date ? "c.date_upd" + dir + ", c.id_cart" + dir : "c.id_cart" + dir;
    Statement st = db.prepare(
        "SELECT c.id_cart, c.id_customer, COALESCE(cu.email, ''), "
        "COALESCE(cu.firstname || ' ' || cu.lastname, ''), "
        "(SELECT COALESCE(SUM(cp.quantity * COALESCE(p.price, 0)), 0) FROM ps_cart_product cp "
        "LEFT JOIN ps_product p ON p.id_product = cp.id_product WHERE cp.id_cart = c.id_cart), "
        "(SELECT COUNT(*) FROM ps_cart_product cp WHERE cp.id_cart = c.id_cart), "
        "c.date_add, c.date_upd, "
        "COALESCE((SELECT MIN(o.id_order) FROM ps_orders o WHERE o.id_cart = c.id_cart), 0) "
        "FROM ps_cart c LEFT JOIN ps_customer cu ON cu.id_customer = c.id_customer WHERE " +
        sql.where + " ORDER BY " + order + limit_offset_sql(sql));
    bind_page(st, sql, q.limit, q.offset);
    while (st.step()) {
        CartRow r;
        r.id = st.int64(0);
        r.id_customer = st.int64(1);
        r.customer_email = st.text(2);
        r.customer_name = st.text(3);
        r.total = st.real(4);
        r.line_count = st.int64(5);
        r.date_add = st.text(6);
        r.date_upd = st.text(7);
        r.id_order = st.int64(8);
        r.status = cart_status(r.id_order, r.date_upd, cutoff);
        page.rows.push_back(std::move(r));
    }
    return page;
}

// --- 3. detail --------------------------------------------------------------------------------

std::optional<CartDetail> load_cart(Database& db, std::int64_t id_cart, int id_lang,
                                    const std::string& today) {
    CartDetail d;
    {
        Statement st = db.prepare(
            "SELECT c.id_cart, c.date_add, c.date_upd, "
            "COALESCE((SELECT MIN(o.id_order) FROM ps_orders o WHERE o.id_cart = c.id_cart), 0), "
            "c.id_customer, COALESCE(cu.email, ''), "
            "COALESCE(cu.firstname || ' ' || cu.lastname, ''), COALESCE(cu.is_guest, 0) "
            "FROM ps_cart c LEFT JOIN ps_customer cu ON cu.id_customer = c.id_customer "
            "WHERE c.id_cart = ?1");
        st.bind(1, id_cart);
        if (!st.step())
            return std::nullopt;
        d.cart.id = st.int64(0);
        d.cart.date_add = st.text(1);
        d.cart.date_upd = st.text(2);
        d.cart.id_order = st.int64(3);
        d.id_customer = st.int64(4);
        d.customer_email = st.text(5);
        d.customer_name = st.text(6);
        d.customer_is_guest = st.int64(7) != 0;
    }
    d.cart.status = cart_status(d.cart.id_order, d.cart.date_upd, abandoned_cart_cutoff(db, today));
    Statement st = db.prepare(R"SQL(
SELECT cp.id_product,
  COALESCE((SELECT pl.name FROM ps_product_lang pl WHERE pl.id_product = cp.id_product
            ORDER BY pl.id_lang <> ?2, pl.id_lang LIMIT 1), ''),
  COALESCE(p.price, 0), cp.quantity
FROM ps_cart_product cp LEFT JOIN ps_product p ON p.id_product = cp.id_product
WHERE cp.id_cart = ?1 ORDER BY cp.date_add, cp.id_product
)SQL");
    st.bind_all(id_cart, id_lang);
    while (st.step()) {
        SheetCartLine l;
        l.product_id = st.int64(0);
        l.name = st.text(1);
        l.unit_price = st.real(2);
        l.quantity = st.int64(3);
        d.cart.total += l.unit_price * static_cast<double>(l.quantity);
        ++d.cart.line_count;
        d.cart.lines.push_back(std::move(l));
    }
    return d;
}

// --- 4. reminder ------------------------------------------------------------------------------

namespace {

constexpr const char* kDefaultSubject = "You left something in your cart";
constexpr const char* kDefaultBody =
    "Hello {firstname},\n\nYou left these products in your cart:\n{products}\n\nCome back and "
    "use the code {code} for {percent} % off your order, valid until {date_to}.\n";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string percent_text(double p) {
    char buf[32];
    if (std::fabs(p - std::round(p)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", p);
    else
        std::snprintf(buf, sizeof buf, "%.2f", p);
    return buf;
}

// "REM-" and six characters from an alphabet without look-alikes, unused so far.
std::string new_reminder_code(Database& db) {
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::random_device rd;
    std::mt19937 rng(rd());
    std::uniform_int_distribution<int> pick(0, static_cast<int>(sizeof alphabet) - 2);
    for (;;) {
        std::string code = "REM-";
        for (int i = 0; i < 6; ++i)
            code += alphabet[pick(rng)];
        Statement st = db.prepare("SELECT 1 FROM ps_cart_rule WHERE code = ?1");
        st.bind(1, code);
        if (!st.step())
            return code;
    }
}

struct ReminderTarget {
    std::optional<CartDetail> cart;
    std::string firstname, lastname;
};

ReminderTarget load_target(Database& db, std::int64_t id_cart, const std::string& today) {
    ReminderTarget t;
    // Product names in the cart's language: the customer reads the message.
    int id_lang = 1;
    {
        Statement st = db.prepare("SELECT id_lang FROM ps_cart WHERE id_cart = ?1");
        st.bind(1, id_cart);
        if (st.step())
            id_lang = st.int32(0);
    }
    t.cart = load_cart(db, id_cart, id_lang, today);
    if (t.cart && t.cart->id_customer > 0) {
        Statement st =
            db.prepare("SELECT firstname, lastname FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, t.cart->id_customer);
        if (st.step()) {
            t.firstname = st.text(0);
            t.lastname = st.text(1);
        }
    }
    return t;
}

std::vector<FieldError> check_reminder(const ReminderTarget& t, const ReminderInput& in) {
    std::vector<FieldError> e;
    if (!(in.reduction_percent > 0 && in.reduction_percent <= 100))
        e.push_back({"reduction_percent", "the reduction must be more than 0 and at most 100 %",
                     "err.reduction_range"});
    if (in.validity_days < 1 || in.validity_days > 365)
        e.push_back({"validity_days", "the validity must be 1 to 365 days", "err.validity_days"});
    if (!t.cart) {
        e.push_back({"id_cart", "no such cart", "err.unknown_cart"});
        return e;
    }
    if (t.cart->cart.status != CartStatus::Abandoned)
        e.push_back({"id_cart",
                     std::string("only an abandoned cart gets a reminder; this one is ") +
                         (t.cart->cart.status == CartStatus::Ordered ? "ordered" : "in progress"),
                     "err.cart_not_abandoned"});
    else if (t.cart->cart.lines.empty())
        e.push_back({"id_cart", "the cart is empty", "err.cart_empty"});
    else if (t.cart->id_customer <= 0 || trimmed(t.cart->customer_email).empty())
        e.push_back({"id_cart",
                     "the cart's customer is a guest without an e-mail address: there is "
                     "nobody to send a reminder to",
                     "err.reminder_no_email"});
    return e;
}

} // namespace

std::vector<FieldError> validate_reminder(Database& db, std::int64_t id_cart,
                                          const ReminderInput& in, const std::string& today) {
    return check_reminder(load_target(db, id_cart, today), in);
}

Reminder prepare_cart_reminder(Database& db, std::int64_t id_cart, const ReminderInput& in,
                               const std::string& today) {
    Transaction tx(db);
    const ReminderTarget t = load_target(db, id_cart, today);
    auto errors = check_reminder(t, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    const CartDetail& cart = *t.cart;
    const std::int64_t customer = cart.id_customer;

    Reminder r;
    r.code = new_reminder_code(db);
    r.email = trimmed(cart.customer_email);
    std::string from;
    {
        Statement st = db.prepare("SELECT datetime(?1), datetime(?1, ?2)");
        st.bind_all(today.empty() ? now_datetime() : today,
                    "+" + std::to_string(in.validity_days) + " days");
        if (st.step()) {
            from = st.text(0);
            r.date_to = st.text(1);
        }
    }
    if (from.empty()) // an unreadable `today`: now
        from = now_datetime();
    std::string products;
    for (const SheetCartLine& l : cart.cart.lines)
        products += "- " + l.name + " × " + std::to_string(l.quantity) + "\n";
    if (!products.empty())
        products.pop_back();
    auto fill = [&](const std::string& text) {
        std::string s = text;
        s = replace_all(s, "{firstname}", t.firstname);
        s = replace_all(s, "{lastname}", t.lastname);
        s = replace_all(s, "{products}", products);
        s = replace_all(s, "{code}", r.code);
        s = replace_all(s, "{percent}", percent_text(in.reduction_percent));
        s = replace_all(s, "{days}", std::to_string(in.validity_days));
        s = replace_all(s, "{date_to}", r.date_to.substr(0, 10));
        return s;
    };
    r.subject = fill(in.subject.empty() ? kDefaultSubject : in.subject);
    r.body = fill(in.body.empty() ? kDefaultBody : in.body);

    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary =
        "cart reminder prepared: cart #" + std::to_string(id_cart) + ", voucher " + r.code;
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_cart_rule(id_customer, date_from, date_to, description, quantity, "
               "quantity_per_user, code, reduction_percent, active, date_add, date_upd) VALUES "
               "(?1, ?2, ?3, ?4, 1, 1, ?5, ?6, 1, ?7, ?7)")
        .bind_all(customer, from, r.date_to,
                  "Reminder for abandoned cart #" + std::to_string(id_cart), r.code,
                  in.reduction_percent, now)
        .run();
    r.id_cart_rule = db.last_insert_id();
    audit::record(db, batch, "create", "ps_cart_rule", customer, nullptr,
                  audit::snapshot(db, "ps_cart_rule", {{"id_cart_rule", r.id_cart_rule}}), summary);
    for (const auto& [id_lang, iso] : languages(db)) {
        (void)iso;
        db.prepare("INSERT INTO ps_cart_rule_lang(id_cart_rule, id_lang, name) VALUES (?1, ?2, ?3)")
            .bind_all(r.id_cart_rule, id_lang, r.code)
            .run();
        audit::record(db, batch, "create", "ps_cart_rule_lang", customer, nullptr,
                      audit::snapshot(db, "ps_cart_rule_lang",
                                      {{"id_cart_rule", r.id_cart_rule}, {"id_lang", id_lang}}),
                      summary);
    }
    db.prepare("INSERT INTO cl_outbox(id_customer, email, subject, body, kind, date_add) VALUES "
               "(?1, ?2, ?3, ?4, 'cart_reminder', ?5)")
        .bind_all(customer, r.email, r.subject, r.body, now)
        .run();
    r.id_outbox = db.last_insert_id();
    audit::record(db, batch, "create", "cl_outbox", customer, nullptr,
                  audit::snapshot(db, "cl_outbox", {{"id", r.id_outbox}}), summary);
    tx.commit();
    return r;
}

} // namespace clientele::core
