// The customer sheet: one query per section, each driven by an index on id_customer (orders,
// carts and threads are joined once for all their lines, history and messages, then
// distributed in C++ rather than queried per parent).
//
// Sections: 1. helpers (column reader, dates, names in a language)  2. identity, account and
// B2B  3. groups  4. orders, lines, history and purchased products  5. addresses
// 6. vouchers  7. carts  8. messages  9. connections, returns, credit slips, timeline
// 10. load_customer_sheet  11. JSON
#include "core/customer_sheet.h"

#include "core/outstanding.h"

#include "core/db.h"
#include "core/store.h"

#include <cstdio>
#include <unordered_map>

namespace clientele::core {

namespace {

// --- 1. helpers -------------------------------------------------------------------------------

// Reads the columns of the current row left to right, so long SELECT lists cannot drift out
// of step with hand-written column numbers. NULL text reads as "", NULL numbers as 0.
class Cols {
public:
    explicit Cols(const Statement& st) : st_(st) {}
    std::int64_t i64() { return st_.int64(i_++); }
    int i32() { return st_.int32(i_++); }
    double real() { return st_.real(i_++); }
    bool flag() { return st_.int64(i_++) != 0; }
    std::string str() { return st_.text(i_++); }

private:
    const Statement& st_;
    int i_ = 0;
};

// Whole years between a "YYYY-MM-DD" birthday and a "YYYY-MM-DD..." date. PrestaShop writes
// "0000-00-00" for "no birthday", so impossible dates give no age rather than a silly one.
std::optional<int> age_at(const std::string& birthday, const std::string& today) {
    int by = 0, bm = 0, bd = 0, ty = 0, tm = 0, td = 0;
    if (birthday.size() < 10 || today.size() < 10)
        return std::nullopt;
    if (std::sscanf(birthday.c_str(), "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
        std::sscanf(today.c_str(), "%4d-%2d-%2d", &ty, &tm, &td) != 3)
        return std::nullopt;
    if (by < 1 || bm < 1 || bm > 12 || bd < 1 || bd > 31)
        return std::nullopt;
    int age = ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
    if (age < 0)
        return std::nullopt;
    return age;
}

// "now" as a full "YYYY-MM-DD HH:MM:SS" so it compares with stored datetimes as text.
std::string normalize_now(const std::string& today) {
    if (today.empty())
        return now_datetime();
    if (today.size() == 10)
        return today + " 00:00:00";
    return today;
}

// Names in a language come from ps_*_lang tables. Each lookup below is the same correlated
// subquery: `ORDER BY id_lang <> ?2, id_lang LIMIT 1` prefers the requested language and
// otherwise takes the lowest language that has a name, using the (id, id_lang) primary key.

// --- 2. identity, account and B2B -------------------------------------------------------------

constexpr const char* kCustomerSql = R"SQL(
SELECT c.id_customer, c.id_shop_group, c.id_shop, c.id_gender,
  COALESCE((SELECT g.name FROM ps_gender_lang g WHERE g.id_gender = c.id_gender
            ORDER BY g.id_lang <> ?2, g.id_lang LIMIT 1), ''),
  c.firstname, c.lastname, c.email, c.birthday, c.id_lang, l.name, s.name, c.id_default_group,
  COALESCE((SELECT gl.name FROM ps_group_lang gl WHERE gl.id_group = c.id_default_group
            ORDER BY gl.id_lang <> ?2, gl.id_lang LIMIT 1), ''),
  c.last_passwd_gen, c.reset_password_validity, c.newsletter, c.newsletter_date_add,
  c.ip_registration_newsletter, c.optin, c.show_public_prices, c.note, c.active, c.is_guest,
  c.deleted, c.date_add, c.date_upd,
  st.last_visit, st.last_visit_ip, st.sales, st.valid_orders, st.first_order, st.last_order,
  c.company, c.siret, c.ape, c.website, c.id_risk,
  COALESCE((SELECT rl.name FROM ps_risk_lang rl WHERE rl.id_risk = c.id_risk
            ORDER BY rl.id_lang <> ?2, rl.id_lang LIMIT 1), ''),
  r.color, c.outstanding_allow_amount, c.max_payment_days
FROM ps_customer c
LEFT JOIN ps_lang l ON l.id_lang = c.id_lang
LEFT JOIN ps_shop s ON s.id_shop = c.id_shop
LEFT JOIN cl_customer_stats st ON st.id_customer = c.id_customer
LEFT JOIN ps_risk r ON r.id_risk = c.id_risk
WHERE c.id_customer = ?1
)SQL";

// Outstanding, as documented on SheetB2B: valid orders still in a state that is not paid.
// The conversion rate brings other currencies to the default one (a 0 rate counts as 1).
bool load_identity(Database& db, std::int64_t id, int id_lang, const std::string& today,
                   CustomerSheet& sheet) {
    Statement st = db.prepare(kCustomerSql);
    st.bind_all(id, id_lang);
    if (!st.step())
        return false;
    Cols c(st);
    SheetCustomer& cu = sheet.customer;
    cu.id = c.i64();
    cu.id_shop_group = c.i64();
    cu.id_shop = c.i64();
    cu.id_gender = c.i32();
    cu.title = c.str();
    cu.firstname = c.str();
    cu.lastname = c.str();
    cu.email = c.str();
    cu.birthday = c.str();
    cu.id_lang = c.i32();
    cu.language = c.str();
    cu.shop = c.str();
    cu.id_default_group = c.i64();
    cu.default_group = c.str();
    cu.last_passwd_gen = c.str();
    cu.reset_password_validity = c.str();
    cu.newsletter = c.flag();
    cu.newsletter_date_add = c.str();
    cu.ip_registration_newsletter = c.str();
    cu.optin = c.flag();
    cu.show_public_prices = c.flag();
    cu.note = c.str();
    cu.active = c.flag();
    cu.is_guest = c.flag();
    cu.deleted = c.flag();
    cu.date_add = c.str();
    cu.date_upd = c.str();
    cu.last_visit = c.str();
    cu.last_visit_ip = c.str();
    cu.sales = c.real();
    cu.valid_orders = c.i64();
    cu.first_order = c.str();
    cu.last_order = c.str();
    cu.age = age_at(cu.birthday, today);
    // Best-customer rank: 1 + live customers with more sales. Counted as everyone with more
    // sales (a count over the sales index alone) less the few deleted accounts among them:
    // a join checking each account's deleted flag reads the customers table once per match,
    // or all of it when SQLite walks the deleted index instead (150 ms at a million).
    if (cu.valid_orders > 0) {
        Statement rank = db.prepare(
            "SELECT 1 + (SELECT COUNT(*) FROM cl_customer_stats WHERE sales > ?1) - "
            "(SELECT COUNT(*) FROM ps_customer c JOIN cl_customer_stats s ON s.id_customer = "
            "c.id_customer WHERE c.deleted = 1 AND s.sales > ?1)");
        rank.bind(1, cu.sales);
        if (rank.step())
            cu.best_rank = rank.int64(0);
    }

    SheetB2B& b = sheet.b2b;
    b.company = c.str();
    b.siret = c.str();
    b.ape = c.str();
    b.website = c.str();
    b.id_risk = c.i32();
    b.risk = c.str();
    b.risk_color = c.str();
    b.outstanding_allow_amount = c.real();
    b.max_payment_days = c.i32();

    b.outstanding = customer_outstanding(db, id); // the Outstanding screen's own rule
    b.over_allowance = b.outstanding > b.outstanding_allow_amount;
    return true;
}

// --- 3. groups --------------------------------------------------------------------------------

void load_groups(Database& db, std::int64_t id, int id_lang, CustomerSheet& sheet) {
    Statement st = db.prepare(R"SQL(
SELECT cg.id_group,
  COALESCE((SELECT gl.name FROM ps_group_lang gl WHERE gl.id_group = cg.id_group
            ORDER BY gl.id_lang <> ?2, gl.id_lang LIMIT 1), '')
FROM ps_customer_group cg WHERE cg.id_customer = ?1 ORDER BY cg.id_group
)SQL");
    st.bind_all(id, id_lang);
    while (st.step()) {
        Cols c(st);
        SheetGroup g;
        g.id = c.i64();
        g.name = c.str();
        g.is_default = g.id == sheet.customer.id_default_group;
        sheet.groups.push_back(std::move(g));
    }
}

// --- 4. orders, lines, history and purchased products -------------------------------------

void load_orders(Database& db, std::int64_t id, int id_lang, CustomerSheet& sheet) {
    std::unordered_map<std::int64_t, std::size_t> index; // id_order -> position in orders
    {
        Statement st = db.prepare(R"SQL(
SELECT o.id_order, o.reference, o.date_add, o.current_state,
  COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = o.current_state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  os.color, o.total_paid_real, o.total_products_wt, o.total_shipping, o.total_discounts,
  o.payment, o.valid, o.id_cart, o.id_address_delivery, o.id_address_invoice
FROM ps_orders o LEFT JOIN ps_order_state os ON os.id_order_state = o.current_state
WHERE o.id_customer = ?1 ORDER BY o.date_add DESC, o.id_order DESC
)SQL");
        st.bind_all(id, id_lang);
        while (st.step()) {
            Cols c(st);
            SheetOrder o;
            o.id = c.i64();
            o.reference = c.str();
            o.date_add = c.str();
            o.id_state = c.i64();
            o.state = c.str();
            o.state_color = c.str();
            o.total_paid_real = c.real();
            o.total_products_wt = c.real();
            o.total_shipping = c.real();
            o.total_discounts = c.real();
            o.payment = c.str();
            o.valid = c.flag();
            o.id_cart = c.i64();
            o.id_address_delivery = c.i64();
            o.id_address_invoice = c.i64();
            index.emplace(o.id, sheet.orders.size());
            sheet.orders.push_back(std::move(o));
        }
    }
    if (sheet.orders.empty())
        return;
    {
        Statement st = db.prepare(R"SQL(
SELECT d.id_order, d.id_order_detail, d.product_id, d.product_name, d.product_reference,
  d.product_quantity, d.product_quantity_return, d.product_quantity_refunded,
  d.unit_price_tax_incl, d.unit_price_tax_excl, d.total_price_tax_incl, d.total_price_tax_excl
FROM ps_orders o JOIN ps_order_detail d ON d.id_order = o.id_order
WHERE o.id_customer = ?1 ORDER BY d.id_order_detail
)SQL");
        st.bind(1, id);
        while (st.step()) {
            Cols c(st);
            auto it = index.find(c.i64());
            if (it == index.end())
                continue;
            SheetOrderLine l;
            l.id_order_detail = c.i64();
            l.product_id = c.i64();
            l.product_name = c.str();
            l.product_reference = c.str();
            l.quantity = c.i64();
            l.quantity_returned = c.i64();
            l.quantity_refunded = c.i64();
            l.unit_price_tax_incl = c.real();
            l.unit_price_tax_excl = c.real();
            l.total_price_tax_incl = c.real();
            l.total_price_tax_excl = c.real();
            sheet.orders[it->second].lines.push_back(std::move(l));
        }
    }
    {
        Statement st = db.prepare(R"SQL(
SELECT h.id_order, h.id_order_state, h.id_employee,
  COALESCE((SELECT sl.name FROM ps_order_state_lang sl WHERE sl.id_order_state = h.id_order_state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  os.color, h.date_add
FROM ps_orders o JOIN ps_order_history h ON h.id_order = o.id_order
LEFT JOIN ps_order_state os ON os.id_order_state = h.id_order_state
WHERE o.id_customer = ?1 ORDER BY h.date_add, h.id_order_history
)SQL");
        st.bind_all(id, id_lang);
        while (st.step()) {
            Cols c(st);
            auto it = index.find(c.i64());
            if (it == index.end())
                continue;
            SheetOrderEvent e;
            e.id_order_state = c.i64();
            e.id_employee = c.i64();
            e.state = c.str();
            e.color = c.str();
            e.date_add = c.str();
            sheet.orders[it->second].history.push_back(std::move(e));
        }
    }
    // Bare d.product_name next to the single max() aggregate: SQLite takes it from the row
    // holding the max, i.e. the name printed on the most recent order.
    Statement st = db.prepare(R"SQL(
SELECT d.product_id, d.product_name, SUM(d.product_quantity), COUNT(DISTINCT o.id_order),
  MAX(o.date_add) AS last_purchase
FROM ps_orders o JOIN ps_order_detail d ON d.id_order = o.id_order
WHERE o.id_customer = ?1 AND o.valid = 1
GROUP BY d.product_id ORDER BY last_purchase DESC, d.product_id
)SQL");
    st.bind(1, id);
    while (st.step()) {
        Cols c(st);
        SheetProduct p;
        p.product_id = c.i64();
        p.name = c.str();
        p.quantity = c.i64();
        p.orders = c.i64();
        p.last_purchase = c.str();
        sheet.products.push_back(std::move(p));
    }
}

// --- 5. addresses -----------------------------------------------------------------------------

void load_addresses(Database& db, std::int64_t id, int id_lang, CustomerSheet& sheet) {
    Statement st = db.prepare(R"SQL(
SELECT a.id_address, a.alias, a.company, a.firstname, a.lastname, a.address1, a.address2,
  a.postcode, a.city, a.other, a.phone, a.phone_mobile, a.vat_number, a.dni, a.id_country,
  COALESCE((SELECT cl.name FROM ps_country_lang cl WHERE cl.id_country = a.id_country
            ORDER BY cl.id_lang <> ?2, cl.id_lang LIMIT 1), ''),
  a.id_state, s.name, a.date_add, a.date_upd, a.active, a.deleted
FROM ps_address a LEFT JOIN ps_state s ON s.id_state = a.id_state
WHERE a.id_customer = ?1 ORDER BY a.deleted, a.id_address
)SQL");
    st.bind_all(id, id_lang);
    while (st.step()) {
        Cols c(st);
        SheetAddress a;
        a.id = c.i64();
        a.alias = c.str();
        a.company = c.str();
        a.firstname = c.str();
        a.lastname = c.str();
        a.address1 = c.str();
        a.address2 = c.str();
        a.postcode = c.str();
        a.city = c.str();
        a.other = c.str();
        a.phone = c.str();
        a.phone_mobile = c.str();
        a.vat_number = c.str();
        a.dni = c.str();
        a.id_country = c.i64();
        a.country = c.str();
        a.id_state = c.i64();
        a.state = c.str();
        a.date_add = c.str();
        a.date_upd = c.str();
        a.active = c.flag();
        a.deleted = c.flag();
        sheet.addresses.push_back(std::move(a));
    }
}

// --- 6. vouchers ------------------------------------------------------------------------------

void load_vouchers(Database& db, std::int64_t id, int id_lang, const std::string& now,
                   CustomerSheet& sheet) {
    Statement st = db.prepare(R"SQL(
SELECT r.id_cart_rule,
  COALESCE((SELECT rl.name FROM ps_cart_rule_lang rl WHERE rl.id_cart_rule = r.id_cart_rule
            ORDER BY rl.id_lang <> ?2, rl.id_lang LIMIT 1), ''),
  r.code, r.description, r.reduction_percent, r.reduction_amount, r.minimum_amount,
  r.free_shipping, r.date_from, r.date_to, r.quantity, r.quantity_per_user, r.active,
  r.active = 1 AND r.quantity > 0 AND r.date_from <= ?3 AND r.date_to >= ?3
FROM ps_cart_rule r WHERE r.id_customer = ?1 ORDER BY r.id_cart_rule
)SQL");
    st.bind_all(id, id_lang, now);
    while (st.step()) {
        Cols c(st);
        SheetVoucher v;
        v.id = c.i64();
        v.name = c.str();
        v.code = c.str();
        v.description = c.str();
        v.reduction_percent = c.real();
        v.reduction_amount = c.real();
        v.minimum_amount = c.real();
        v.free_shipping = c.flag();
        v.date_from = c.str();
        v.date_to = c.str();
        v.quantity = c.i64();
        v.quantity_per_user = c.i64();
        v.active = c.flag();
        v.usable = c.flag();
        sheet.vouchers.push_back(std::move(v));
    }
}

// --- 7. carts ---------------------------------------------------------------------------------

void load_carts(Database& db, std::int64_t id, int id_lang, const std::string& now,
                CustomerSheet& sheet) {
    // An unreadable `now` gives no cutoff (no cart is called abandoned on a guess).
    const std::string cutoff = abandoned_cart_cutoff(db, now);
    std::unordered_map<std::int64_t, std::size_t> index;
    {
        // ps_orders_cart makes the "was it ordered" lookup one index probe per cart.
        Statement st = db.prepare(R"SQL(
SELECT c.id_cart, c.date_add, c.date_upd,
  COALESCE((SELECT MIN(o.id_order) FROM ps_orders o WHERE o.id_cart = c.id_cart), 0)
FROM ps_cart c WHERE c.id_customer = ?1 ORDER BY c.date_add DESC, c.id_cart DESC
)SQL");
        st.bind(1, id);
        while (st.step()) {
            Cols c(st);
            SheetCart cart;
            cart.id = c.i64();
            cart.date_add = c.str();
            cart.date_upd = c.str();
            cart.id_order = c.i64();
            cart.status = cart_status(cart.id_order, cart.date_upd, cutoff);
            index.emplace(cart.id, sheet.carts.size());
            sheet.carts.push_back(std::move(cart));
        }
    }
    if (sheet.carts.empty())
        return;
    Statement st = db.prepare(R"SQL(
SELECT cp.id_cart, cp.id_product,
  COALESCE((SELECT pl.name FROM ps_product_lang pl WHERE pl.id_product = cp.id_product
            ORDER BY pl.id_lang <> ?2, pl.id_lang LIMIT 1), ''),
  p.price, cp.quantity
FROM ps_cart c JOIN ps_cart_product cp ON cp.id_cart = c.id_cart
LEFT JOIN ps_product p ON p.id_product = cp.id_product
WHERE c.id_customer = ?1 ORDER BY cp.id_cart, cp.date_add, cp.id_product
)SQL");
    st.bind_all(id, id_lang);
    while (st.step()) {
        Cols c(st);
        auto it = index.find(c.i64());
        if (it == index.end())
            continue;
        SheetCartLine l;
        l.product_id = c.i64();
        l.name = c.str();
        l.unit_price = c.real();
        l.quantity = c.i64();
        SheetCart& cart = sheet.carts[it->second];
        cart.total += l.unit_price * static_cast<double>(l.quantity);
        ++cart.line_count;
        cart.lines.push_back(std::move(l));
    }
}

// --- 8. messages ------------------------------------------------------------------------------

void load_messages(Database& db, std::int64_t id, int id_lang, CustomerSheet& sheet) {
    std::unordered_map<std::int64_t, std::size_t> index;
    {
        Statement st = db.prepare(R"SQL(
SELECT t.id_customer_thread, t.status, t.id_contact,
  COALESCE((SELECT cl.name FROM ps_contact_lang cl WHERE cl.id_contact = t.id_contact
            ORDER BY cl.id_lang <> ?2, cl.id_lang LIMIT 1), ''),
  t.id_order, t.id_product, t.email, t.date_add, t.date_upd
FROM ps_customer_thread t WHERE t.id_customer = ?1
ORDER BY t.date_upd DESC, t.id_customer_thread DESC
)SQL");
        st.bind_all(id, id_lang);
        while (st.step()) {
            Cols c(st);
            SheetThread t;
            t.id = c.i64();
            t.status = c.str();
            t.id_contact = c.i64();
            t.contact = c.str();
            t.id_order = c.i64();
            t.id_product = c.i64();
            t.email = c.str();
            t.date_add = c.str();
            t.date_upd = c.str();
            index.emplace(t.id, sheet.messages.size());
            sheet.messages.push_back(std::move(t));
        }
    }
    if (sheet.messages.empty())
        return;
    Statement st = db.prepare(R"SQL(
SELECT m.id_customer_thread, m.id_customer_message, m.id_employee, m.message, m.file_name,
  m.date_add, m.private, m."read"
FROM ps_customer_thread t JOIN ps_customer_message m ON m.id_customer_thread = t.id_customer_thread
WHERE t.id_customer = ?1 ORDER BY m.date_add, m.id_customer_message
)SQL");
    st.bind(1, id);
    while (st.step()) {
        Cols c(st);
        auto it = index.find(c.i64());
        if (it == index.end())
            continue;
        SheetMessage m;
        m.id = c.i64();
        m.id_employee = c.i64();
        m.from_employee = m.id_employee > 0;
        m.message = c.str();
        m.file_name = c.str();
        m.date_add = c.str();
        m.is_private = c.flag();
        m.read = c.flag();
        sheet.messages[it->second].messages.push_back(std::move(m));
    }
}

// --- 9. connections, returns, credit slips, timeline ------------------------------------------

void load_connections(Database& db, std::int64_t id, CustomerSheet& sheet) {
    // Connections belong to visitors (ps_guest); a customer is linked to their guest rows.
    Statement st = db.prepare(R"SQL(
SELECT c.id_connections, c.date_add, c.ip_address, c.http_referer
FROM ps_guest g JOIN ps_connections c ON c.id_guest = g.id_guest
WHERE g.id_customer = ?1 ORDER BY c.date_add DESC, c.id_connections DESC LIMIT ?2
)SQL");
    st.bind_all(id, kSheetConnections);
    while (st.step()) {
        Cols c(st);
        SheetConnection x;
        x.id = c.i64();
        x.date = c.str();
        x.ip = c.str();
        x.referer = c.str();
        sheet.connections.push_back(std::move(x));
    }
}

void load_returns(Database& db, std::int64_t id, int id_lang, CustomerSheet& sheet) {
    Statement st = db.prepare(R"SQL(
SELECT r.id_order_return, r.id_order, o.reference, r.state,
  COALESCE((SELECT sl.name FROM ps_order_return_state_lang sl
            WHERE sl.id_order_return_state = r.state
            ORDER BY sl.id_lang <> ?2, sl.id_lang LIMIT 1), ''),
  rs.color, r.question, r.date_add, r.date_upd
FROM ps_order_return r
LEFT JOIN ps_orders o ON o.id_order = r.id_order
LEFT JOIN ps_order_return_state rs ON rs.id_order_return_state = r.state
WHERE r.id_customer = ?1 ORDER BY r.date_add DESC, r.id_order_return DESC
)SQL");
    st.bind_all(id, id_lang);
    while (st.step()) {
        Cols c(st);
        SheetReturn r;
        r.id = c.i64();
        r.id_order = c.i64();
        r.order_reference = c.str();
        r.id_state = c.i64();
        r.state = c.str();
        r.state_color = c.str();
        r.question = c.str();
        r.date_add = c.str();
        r.date_upd = c.str();
        sheet.returns.push_back(std::move(r));
    }
}

void load_credit_slips(Database& db, std::int64_t id, CustomerSheet& sheet) {
    Statement st = db.prepare(R"SQL(
SELECT s.id_order_slip, s.id_order, o.reference, s.amount, s.total_products_tax_incl,
  s.total_shipping_tax_incl, s.partial, s.date_add
FROM ps_order_slip s LEFT JOIN ps_orders o ON o.id_order = s.id_order
WHERE s.id_customer = ?1 ORDER BY s.date_add DESC, s.id_order_slip DESC
)SQL");
    st.bind(1, id);
    while (st.step()) {
        Cols c(st);
        SheetCreditSlip s;
        s.id = c.i64();
        s.id_order = c.i64();
        s.order_reference = c.str();
        s.amount = c.real();
        s.total_products_tax_incl = c.real();
        s.total_shipping_tax_incl = c.real();
        s.partial = c.flag();
        s.date_add = c.str();
        sheet.credit_slips.push_back(std::move(s));
    }
}

void load_timeline(Database& db, std::int64_t id, CustomerSheet& sheet) {
    // cl_audit.entity is the table changed and entity_id the customer the change belongs to
    // (see audit.h), so the customer's whole activity is one range of cl_audit_customer.
    Statement st = db.prepare(R"SQL(
SELECT id, at, actor, action, entity, summary, undone FROM cl_audit
WHERE entity_id = ?1 ORDER BY id DESC LIMIT ?2
)SQL");
    st.bind_all(id, kSheetTimeline);
    while (st.step()) {
        Cols c(st);
        SheetEvent e;
        e.id = c.i64();
        e.at = c.str();
        e.actor = c.str();
        e.action = c.str();
        e.entity = c.str();
        e.summary = c.str();
        e.undone = c.flag();
        sheet.timeline.push_back(std::move(e));
    }
}

} // namespace

const char* cart_status_name(CartStatus s) {
    switch (s) {
    case CartStatus::Ordered:
        return "ordered";
    case CartStatus::Abandoned:
        return "abandoned";
    case CartStatus::InProgress:
        break;
    }
    return "in_progress";
}

// The abandoned-cart limit: PS_ABANDONED_CART_HOURS, 24 when unset or not a whole number >= 0.
int abandoned_cart_hours(Database& db) {
    Statement st =
        db.prepare("SELECT value FROM ps_configuration WHERE name = 'PS_ABANDONED_CART_HOURS'");
    if (!st.step() || st.is_null(0))
        return 24;
    std::string v = st.text(0);
    try {
        std::size_t used = 0;
        int h = std::stoi(v, &used);
        if (used == v.size() && h >= 0)
            return h;
    } catch (const std::exception&) {
        // fall through to the default: a bad setting must not hide the sheet
    }
    return 24;
}

std::string abandoned_cart_cutoff(Database& db, const std::string& today) {
    // SQLite's date functions, so that a bare date, a full datetime and month/day boundaries
    // all behave.
    Statement st = db.prepare("SELECT datetime(?1, ?2)");
    st.bind_all(normalize_now(today), "-" + std::to_string(abandoned_cart_hours(db)) + " hours");
    return st.step() ? st.text(0) : std::string();
}

CartStatus cart_status(std::int64_t id_order, const std::string& date_upd,
                       const std::string& cutoff) {
    if (id_order > 0)
        return CartStatus::Ordered;
    if (!cutoff.empty() && date_upd < cutoff)
        return CartStatus::Abandoned;
    return CartStatus::InProgress;
}

// --- 10. load_customer_sheet ------------------------------------------------------------------

std::optional<CustomerSheet> load_customer_sheet(Database& db, std::int64_t id_customer,
                                                 int id_lang, const std::string& today) {
    const std::string now = normalize_now(today);
    // One read transaction: every section sees the same snapshot, and SQLite takes the shared
    // lock once instead of once per statement. Inside a caller's transaction we simply read
    // within it. Nothing is written, so COMMIT and ROLLBACK are equivalent here; committing
    // directly (not through Transaction) keeps the commit listeners, which persist and refresh
    // after changes, quiet for a read.
    bool own = !db.in_transaction();
    if (own)
        db.exec("BEGIN");
    try {
        CustomerSheet sheet;
        std::optional<CustomerSheet> result;
        if (load_identity(db, id_customer, id_lang, now.substr(0, 10), sheet)) {
            load_groups(db, id_customer, id_lang, sheet);
            load_orders(db, id_customer, id_lang, sheet);
            load_addresses(db, id_customer, id_lang, sheet);
            load_vouchers(db, id_customer, id_lang, now, sheet);
            load_carts(db, id_customer, id_lang, now, sheet);
            load_messages(db, id_customer, id_lang, sheet);
            load_connections(db, id_customer, sheet);
            load_returns(db, id_customer, id_lang, sheet);
            load_credit_slips(db, id_customer, sheet);
            load_timeline(db, id_customer, sheet);
            result = std::move(sheet);
        }
        if (own)
            db.exec("COMMIT");
        return result;
    } catch (...) {
        if (own && db.in_transaction()) {
            try {
                db.exec("ROLLBACK");
            } catch (...) {
                // keep the original error
            }
        }
        throw;
    }
}

// --- 11. JSON ---------------------------------------------------------------------------------

namespace {

using nlohmann::json;

template <typename T, typename F> json array_of(const std::vector<T>& items, F&& one) {
    json a = json::array();
    for (const T& item : items)
        a.push_back(one(item));
    return a;
}

json customer_json(const SheetCustomer& c) {
    return json{{"id", c.id},
                {"id_shop_group", c.id_shop_group},
                {"id_shop", c.id_shop},
                {"shop", c.shop},
                {"id_gender", c.id_gender},
                {"title", c.title},
                {"firstname", c.firstname},
                {"lastname", c.lastname},
                {"email", c.email},
                {"birthday", c.birthday},
                {"age", c.age ? json(*c.age) : json(nullptr)},
                {"id_lang", c.id_lang},
                {"language", c.language},
                {"id_default_group", c.id_default_group},
                {"default_group", c.default_group},
                {"last_passwd_gen", c.last_passwd_gen},
                {"reset_password_validity", c.reset_password_validity},
                {"newsletter", c.newsletter},
                {"newsletter_date_add", c.newsletter_date_add},
                {"ip_registration_newsletter", c.ip_registration_newsletter},
                {"optin", c.optin},
                {"show_public_prices", c.show_public_prices},
                {"note", c.note},
                {"active", c.active},
                {"is_guest", c.is_guest},
                {"deleted", c.deleted},
                {"date_add", c.date_add},
                {"date_upd", c.date_upd},
                {"last_visit", c.last_visit},
                {"last_visit_ip", c.last_visit_ip},
                {"sales", c.sales},
                {"valid_orders", c.valid_orders},
                {"best_rank", c.best_rank ? nlohmann::json(*c.best_rank) : nlohmann::json(nullptr)},
                {"first_order", c.first_order},
                {"last_order", c.last_order}};
}

json b2b_json(const SheetB2B& b) {
    return json{{"company", b.company},
                {"siret", b.siret},
                {"ape", b.ape},
                {"website", b.website},
                {"id_risk", b.id_risk},
                {"risk", b.risk},
                {"risk_color", b.risk_color},
                {"outstanding_allow_amount", b.outstanding_allow_amount},
                {"max_payment_days", b.max_payment_days},
                {"outstanding", b.outstanding},
                {"over_allowance", b.over_allowance}};
}

json order_json(const SheetOrder& o) {
    return json{{"id", o.id},
                {"reference", o.reference},
                {"date_add", o.date_add},
                {"id_state", o.id_state},
                {"state", o.state},
                {"state_color", o.state_color},
                {"total_paid_real", o.total_paid_real},
                {"total_products_wt", o.total_products_wt},
                {"total_shipping", o.total_shipping},
                {"total_discounts", o.total_discounts},
                {"payment", o.payment},
                {"valid", o.valid},
                {"id_cart", o.id_cart},
                {"id_address_delivery", o.id_address_delivery},
                {"id_address_invoice", o.id_address_invoice},
                {"lines", array_of(o.lines,
                                   [](const SheetOrderLine& l) {
                                       return json{
                                           {"id_order_detail", l.id_order_detail},
                                           {"product_id", l.product_id},
                                           {"product_name", l.product_name},
                                           {"product_reference", l.product_reference},
                                           {"quantity", l.quantity},
                                           {"quantity_returned", l.quantity_returned},
                                           {"quantity_refunded", l.quantity_refunded},
                                           {"unit_price_tax_incl", l.unit_price_tax_incl},
                                           {"unit_price_tax_excl", l.unit_price_tax_excl},
                                           {"total_price_tax_incl", l.total_price_tax_incl},
                                           {"total_price_tax_excl", l.total_price_tax_excl}};
                                   })},
                {"history", array_of(o.history, [](const SheetOrderEvent& e) {
                     return json{{"id_order_state", e.id_order_state},
                                 {"id_employee", e.id_employee},
                                 {"state", e.state},
                                 {"color", e.color},
                                 {"date_add", e.date_add}};
                 })}};
}

json address_json(const SheetAddress& a) {
    return json{{"id", a.id},
                {"alias", a.alias},
                {"company", a.company},
                {"firstname", a.firstname},
                {"lastname", a.lastname},
                {"address1", a.address1},
                {"address2", a.address2},
                {"postcode", a.postcode},
                {"city", a.city},
                {"other", a.other},
                {"phone", a.phone},
                {"phone_mobile", a.phone_mobile},
                {"vat_number", a.vat_number},
                {"dni", a.dni},
                {"id_country", a.id_country},
                {"country", a.country},
                {"id_state", a.id_state},
                {"state", a.state},
                {"date_add", a.date_add},
                {"date_upd", a.date_upd},
                {"active", a.active},
                {"deleted", a.deleted}};
}

json voucher_json(const SheetVoucher& v) {
    return json{{"id", v.id},
                {"name", v.name},
                {"code", v.code},
                {"description", v.description},
                {"reduction_percent", v.reduction_percent},
                {"reduction_amount", v.reduction_amount},
                {"minimum_amount", v.minimum_amount},
                {"free_shipping", v.free_shipping},
                {"date_from", v.date_from},
                {"date_to", v.date_to},
                {"quantity", v.quantity},
                {"quantity_per_user", v.quantity_per_user},
                {"active", v.active},
                {"usable", v.usable}};
}

json cart_json(const SheetCart& c) {
    return json{{"id", c.id},
                {"date_add", c.date_add},
                {"date_upd", c.date_upd},
                {"total", c.total},
                {"line_count", c.line_count},
                {"status", cart_status_name(c.status)},
                {"id_order", c.id_order},
                {"lines", array_of(c.lines, [](const SheetCartLine& l) {
                     return json{{"product_id", l.product_id},
                                 {"name", l.name},
                                 {"unit_price", l.unit_price},
                                 {"quantity", l.quantity}};
                 })}};
}

json thread_json(const SheetThread& t) {
    return json{{"id", t.id},
                {"status", t.status},
                {"id_contact", t.id_contact},
                {"contact", t.contact},
                {"id_order", t.id_order},
                {"id_product", t.id_product},
                {"email", t.email},
                {"date_add", t.date_add},
                {"date_upd", t.date_upd},
                {"messages", array_of(t.messages, [](const SheetMessage& m) {
                     return json{{"id", m.id},
                                 {"id_employee", m.id_employee},
                                 {"from_employee", m.from_employee},
                                 {"message", m.message},
                                 {"file_name", m.file_name},
                                 {"date_add", m.date_add},
                                 {"private", m.is_private},
                                 {"read", m.read}};
                 })}};
}

} // namespace

json customer_sheet_json(const CustomerSheet& s) {
    json j = json::object();
    j["customer"] = customer_json(s.customer);
    j["b2b"] = b2b_json(s.b2b);
    j["groups"] = array_of(s.groups, [](const SheetGroup& g) {
        return json{{"id", g.id}, {"name", g.name}, {"is_default", g.is_default}};
    });
    j["orders"] = array_of(s.orders, order_json);
    j["products"] = array_of(s.products, [](const SheetProduct& p) {
        return json{{"product_id", p.product_id},
                    {"name", p.name},
                    {"quantity", p.quantity},
                    {"orders", p.orders},
                    {"last_purchase", p.last_purchase}};
    });
    j["addresses"] = array_of(s.addresses, address_json);
    j["vouchers"] = array_of(s.vouchers, voucher_json);
    j["carts"] = array_of(s.carts, cart_json);
    j["messages"] = array_of(s.messages, thread_json);
    j["connections"] = array_of(s.connections, [](const SheetConnection& c) {
        return json{{"id", c.id}, {"date", c.date}, {"ip", c.ip}, {"referer", c.referer}};
    });
    j["returns"] = array_of(s.returns, [](const SheetReturn& r) {
        return json{{"id", r.id},
                    {"id_order", r.id_order},
                    {"order_reference", r.order_reference},
                    {"id_state", r.id_state},
                    {"state", r.state},
                    {"state_color", r.state_color},
                    {"question", r.question},
                    {"date_add", r.date_add},
                    {"date_upd", r.date_upd}};
    });
    j["credit_slips"] = array_of(s.credit_slips, [](const SheetCreditSlip& c) {
        return json{{"id", c.id},
                    {"id_order", c.id_order},
                    {"order_reference", c.order_reference},
                    {"amount", c.amount},
                    {"total_products_tax_incl", c.total_products_tax_incl},
                    {"total_shipping_tax_incl", c.total_shipping_tax_incl},
                    {"partial", c.partial},
                    {"date_add", c.date_add}};
    });
    j["timeline"] = array_of(s.timeline, [](const SheetEvent& e) {
        return json{{"id", e.id},         {"at", e.at},         {"actor", e.actor},
                    {"action", e.action}, {"entity", e.entity}, {"summary", e.summary},
                    {"undone", e.undone}};
    });
    return j;
}

} // namespace clientele::core
