// Sections: 1. section queries  2. collect and render  3. the request log  4. erase
#include "core/gdpr.h"

#include "core/audit.h"
#include "core/customers.h"
#include "core/db.h"
#include "core/db_json.h"
#include "core/store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace clientele::core {

UnknownCustomer::UnknownCustomer(std::int64_t id)
    : std::invalid_argument("no customer with id " + std::to_string(id)) {}

const GdprSection* GdprData::section(const std::string& name) const {
    for (const GdprSection& s : sections)
        if (s.name == name)
            return &s;
    return nullptr;
}

std::int64_t GdprErasure::count(const std::string& kind) const {
    std::int64_t n = 0;
    for (const auto& [k, v] : counts)
        if (k == kind)
            n += v;
    return n;
}

namespace {

// --- 1. section queries -------------------------------------------------------------------------

// Every query takes the customer as ?1 and, when it names things, the language as ?2.
// `name_in` reads a *_lang name in ?2, falling back to the first language that has one.
std::string name_in(const std::string& table, const std::string& key, const std::string& value) {
    return "(SELECT n.name FROM " + table + " n WHERE n." + key + " = " + value +
           " ORDER BY n.id_lang = ?2 DESC, n.id_lang LIMIT 1)";
}

// Columns of ps_customer that never leave the database: the password hash, the key that
// signs the customer's front-office sessions and the password reset token.
bool secret_customer_column(const std::string& column) {
    return column == "passwd" || column == "secure_key" || column == "reset_password_token";
}

std::string customer_sql(Database& db) {
    std::string cols;
    Statement st = db.prepare("SELECT name FROM pragma_table_info('ps_customer') ORDER BY cid");
    while (st.step()) {
        const std::string c = st.text(0);
        if (!secret_customer_column(c))
            cols += "c.\"" + c + "\", ";
    }
    return "SELECT " + cols + name_in("ps_gender_lang", "id_gender", "c.id_gender") +
           " AS title, " + name_in("ps_group_lang", "id_group", "c.id_default_group") +
           " AS default_group, (SELECT name FROM ps_lang WHERE id_lang = c.id_lang) AS language, "
           "(SELECT name FROM ps_shop WHERE id_shop = c.id_shop) AS shop, "
           "EXISTS (SELECT 1 FROM cl_blocked_email b WHERE b.email = c.email) AS email_blocked, "
           "s.sales, s.valid_orders, s.first_order, s.last_order, s.last_visit, s.last_visit_ip "
           "FROM ps_customer c LEFT JOIN cl_customer_stats s ON s.id_customer = c.id_customer "
           "WHERE c.id_customer = ?1";
}

struct SectionSpec {
    const char* name;
    const char* title;
    bool single;
    std::string sql;
};

std::vector<SectionSpec> section_specs(Database& db) {
    return {
        {"customer", "Customer account", true, customer_sql(db)},
        {"consents", "Consents", true,
         "SELECT newsletter, newsletter_date_add, ip_registration_newsletter, optin AS "
         "partner_offers FROM ps_customer WHERE id_customer = ?1"},
        {"groups", "Groups", false,
         "SELECT g.id_group, " + name_in("ps_group_lang", "id_group", "g.id_group") +
             " AS name, g.id_group = c.id_default_group AS is_default FROM ps_customer_group g "
             "JOIN ps_customer c ON c.id_customer = g.id_customer WHERE g.id_customer = ?1 "
             "ORDER BY g.id_group"},
        {"addresses", "Addresses", false,
         "SELECT a.*, " + name_in("ps_country_lang", "id_country", "a.id_country") +
             " AS country, (SELECT name FROM ps_state WHERE id_state = a.id_state) AS state "
             "FROM ps_address a WHERE a.id_customer = ?1 ORDER BY a.id_address"},
        {"orders", "Orders", false,
         "SELECT o.id_order, o.reference, o.date_add, o.date_upd, o.current_state AS "
         "id_order_state, " +
             name_in("ps_order_state_lang", "id_order_state", "o.current_state") +
             " AS state, o.payment, o.module, (SELECT iso_code FROM ps_currency WHERE "
             "id_currency = o.id_currency) AS currency, o.conversion_rate, o.total_products, "
             "o.total_products_wt, o.total_shipping, o.total_discounts, o.total_paid, "
             "o.total_paid_tax_incl, o.total_paid_tax_excl, o.total_paid_real, o.valid, "
             "o.invoice_number, o.invoice_date, o.delivery_number, o.delivery_date, o.id_cart, "
             "o.id_address_delivery, o.id_address_invoice, o.id_shop, o.id_lang FROM ps_orders o "
             "WHERE o.id_customer = ?1 ORDER BY o.date_add, o.id_order"},
        {"order_lines", "Order lines", false,
         "SELECT d.id_order, o.reference AS order_reference, d.id_order_detail, d.product_id, "
         "d.product_name, d.product_reference, d.product_quantity, d.product_quantity_return, "
         "d.product_quantity_refunded, d.unit_price_tax_incl, d.unit_price_tax_excl, "
         "d.total_price_tax_incl, d.total_price_tax_excl FROM ps_order_detail d JOIN ps_orders o "
         "ON o.id_order = d.id_order WHERE o.id_customer = ?1 ORDER BY o.date_add, d.id_order, "
         "d.id_order_detail"},
        {"order_history", "Order status history", false,
         "SELECT h.id_order, o.reference AS order_reference, h.id_order_history, h.date_add, "
         "h.id_order_state, " +
             name_in("ps_order_state_lang", "id_order_state", "h.id_order_state") +
             " AS state, h.id_employee FROM ps_order_history h JOIN ps_orders o ON o.id_order = "
             "h.id_order WHERE o.id_customer = ?1 ORDER BY o.date_add, h.id_order, h.date_add, "
             "h.id_order_history"},
        {"order_discounts", "Order discounts", false,
         "SELECT r.id_order, o.reference AS order_reference, r.id_order_cart_rule, "
         "r.id_cart_rule, r.name, r.value FROM ps_order_cart_rule r JOIN ps_orders o ON "
         "o.id_order = r.id_order WHERE o.id_customer = ?1 ORDER BY o.date_add, r.id_order, "
         "r.id_order_cart_rule"},
        {"carts", "Carts", false,
         "SELECT c.id_cart, c.date_add, c.date_upd, (SELECT MIN(o.id_order) FROM ps_orders o "
         "WHERE o.id_cart = c.id_cart) AS id_order, c.id_address_delivery, c.id_address_invoice, "
         "(SELECT iso_code FROM ps_currency WHERE id_currency = c.id_currency) AS currency, "
         "(SELECT name FROM ps_lang WHERE id_lang = c.id_lang) AS language, c.id_shop "
         "FROM ps_cart c WHERE c.id_customer = ?1 ORDER BY c.date_add, c.id_cart"},
        {"cart_lines", "Cart lines", false,
         "SELECT p.id_cart, p.id_product, " +
             name_in("ps_product_lang", "id_product", "p.id_product") +
             " AS product_name, p.quantity, p.date_add FROM ps_cart_product p JOIN ps_cart c ON "
             "c.id_cart = p.id_cart WHERE c.id_customer = ?1 ORDER BY c.date_add, p.id_cart, "
             "p.date_add, p.id_product"},
        {"threads", "Customer service threads", false,
         "SELECT t.id_customer_thread, t.status, t.id_contact, " +
             name_in("ps_contact_lang", "id_contact", "t.id_contact") +
             " AS contact, t.id_order, t.id_product, t.email, (SELECT name FROM ps_lang WHERE "
             "id_lang = t.id_lang) AS language, t.id_shop, t.date_add, t.date_upd FROM "
             "ps_customer_thread t WHERE t.id_customer = ?1 ORDER BY t.date_add, "
             "t.id_customer_thread"},
        {"messages", "Customer service messages", false,
         "SELECT m.id_customer_thread, m.id_customer_message, CASE WHEN m.id_employee = 0 THEN "
         "'customer' ELSE 'employee' END AS sender, m.id_employee, m.message, m.file_name, "
         "m.ip_address, m.user_agent, m.private, m.\"read\", m.date_add, m.date_upd FROM "
         "ps_customer_message m JOIN ps_customer_thread t ON t.id_customer_thread = "
         "m.id_customer_thread WHERE t.id_customer = ?1 ORDER BY t.date_add, "
         "m.id_customer_thread, m.date_add, m.id_customer_message"},
        {"connections", "Connections", false,
         "SELECT n.id_connections, n.id_guest, n.date_add, n.ip_address, n.http_referer, "
         "n.id_page, n.id_shop FROM ps_connections n JOIN ps_guest g ON g.id_guest = n.id_guest "
         "WHERE g.id_customer = ?1 ORDER BY n.date_add, n.id_connections"},
        {"vouchers", "Vouchers", false,
         "SELECT r.*, " + name_in("ps_cart_rule_lang", "id_cart_rule", "r.id_cart_rule") +
             " AS name FROM ps_cart_rule r WHERE r.id_customer = ?1 ORDER BY r.id_cart_rule"},
        {"returns", "Merchandise returns", false,
         "SELECT r.id_order_return, r.id_order, o.reference AS order_reference, r.state AS "
         "id_state, " +
             name_in("ps_order_return_state_lang", "id_order_return_state", "r.state") +
             " AS state, r.question, r.date_add, r.date_upd FROM ps_order_return r LEFT JOIN "
             "ps_orders o ON o.id_order = r.id_order WHERE r.id_customer = ?1 ORDER BY "
             "r.date_add, r.id_order_return"},
        {"return_lines", "Merchandise return lines", false,
         "SELECT rd.id_order_return, rd.id_order_detail, d.product_name, rd.product_quantity "
         "FROM ps_order_return_detail rd JOIN ps_order_return r ON r.id_order_return = "
         "rd.id_order_return LEFT JOIN ps_order_detail d ON d.id_order_detail = "
         "rd.id_order_detail WHERE r.id_customer = ?1 ORDER BY r.date_add, rd.id_order_return, "
         "rd.id_order_detail"},
        {"credit_slips", "Credit slips", false,
         "SELECT s.*, o.reference AS order_reference FROM ps_order_slip s LEFT JOIN ps_orders o "
         "ON o.id_order = s.id_order WHERE s.id_customer = ?1 ORDER BY s.date_add, "
         "s.id_order_slip"},
        {"outbox", "E-mails prepared for the customer", false,
         "SELECT id, kind, email, subject, body, date_add, sent_at FROM cl_outbox WHERE "
         "id_customer = ?1 ORDER BY date_add, id"},
        {"activity", "Activity log", false,
         "SELECT id, at, actor, action, entity AS record, summary, undone FROM cl_audit WHERE "
         "entity_id = ?1 ORDER BY id"},
    };
}

GdprSection read_section(Database& db, const SectionSpec& spec, std::int64_t id, int id_lang) {
    GdprSection s;
    s.name = spec.name;
    s.title = spec.title;
    s.single = spec.single;
    Statement st = db.prepare(spec.sql);
    st.bind(1, id);
    if (spec.sql.find("?2") != std::string::npos)
        st.bind(2, id_lang);
    for (int c = 0; c < st.column_count(); ++c)
        s.columns.push_back(st.column_name(c));
    while (st.step()) {
        std::vector<nlohmann::json> row;
        row.reserve(s.columns.size());
        for (int c = 0; c < st.column_count(); ++c)
            row.push_back(column_json(st, c));
        s.rows.push_back(std::move(row));
    }
    return s;
}

bool customer_exists(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT 1 FROM ps_customer WHERE id_customer = ?1");
    st.bind(1, id);
    return st.step();
}

// Numbers as a spreadsheet reads them: integers without a decimal part, others with up to
// 10 significant digits ("19.99", "1.2345"). A number never needs quoting or neutralising.
std::string number_text(const nlohmann::json& v) {
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    const double d = v.get<double>();
    if (!std::isfinite(d))
        return "";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
}

std::string csv_value(const nlohmann::json& v, const csv::Format& f) {
    if (v.is_null())
        return "";
    if (v.is_number())
        return number_text(v);
    if (v.is_string())
        return csv::cell(v.get<std::string>(), f);
    return csv::cell(v.dump(), f);
}

} // namespace

// --- 2. collect and render ----------------------------------------------------------------------

const std::vector<std::string>& gdpr_section_names() {
    static const std::vector<std::string> names = {
        "customer",     "consents",      "groups",          "addresses", "orders",
        "order_lines",  "order_history", "order_discounts", "carts",     "cart_lines",
        "threads",      "messages",      "connections",     "vouchers",  "returns",
        "return_lines", "credit_slips",  "outbox",          "activity"};
    return names;
}

GdprData gdpr_collect(Database& db, std::int64_t id, int id_lang) {
    if (!customer_exists(db, id))
        throw UnknownCustomer(id);
    GdprData d;
    d.id_customer = id;
    d.generated = now_datetime();
    for (const SectionSpec& spec : section_specs(db))
        d.sections.push_back(read_section(db, spec, id, id_lang));
    return d;
}

nlohmann::json gdpr_json(const GdprData& data) {
    nlohmann::json j = nlohmann::json::object();
    j["generated"] = data.generated;
    j["id_customer"] = data.id_customer;
    for (const GdprSection& s : data.sections) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : s.rows) {
            nlohmann::json o = nlohmann::json::object();
            for (std::size_t c = 0; c < s.columns.size(); ++c)
                o[s.columns[c]] = row[c];
            rows.push_back(std::move(o));
        }
        if (s.single)
            j[s.name] = rows.empty() ? nlohmann::json::object() : rows.front();
        else
            j[s.name] = std::move(rows);
    }
    return j;
}

std::string gdpr_csv(const GdprData& data, const csv::Format& f) {
    std::string out;
    if (f.bom)
        out = "\xEF\xBB\xBF";
    csv::append_row(out, {csv::cell("Personal data export", f)}, f);
    csv::append_row(out, {csv::cell("Customer ID", f), std::to_string(data.id_customer)}, f);
    csv::append_row(out, {csv::cell("Generated", f), csv::cell(data.generated, f)}, f);
    for (const GdprSection& s : data.sections) {
        out += f.newline;
        const std::size_t count = s.single ? s.columns.size() : s.rows.size();
        csv::append_row(out, {csv::cell(s.title + " (" + std::to_string(count) + ")", f)}, f);
        if (s.single) {
            csv::append_row(out, {csv::cell("Field", f), csv::cell("Value", f)}, f);
            for (std::size_t c = 0; c < s.columns.size(); ++c)
                csv::append_row(out,
                                {csv::cell(s.columns[c], f),
                                 s.rows.empty() ? std::string() : csv_value(s.rows[0][c], f)},
                                f);
            continue;
        }
        std::vector<std::string> cells;
        for (const std::string& c : s.columns)
            cells.push_back(csv::cell(c, f));
        csv::append_row(out, cells, f);
        for (const auto& row : s.rows) {
            cells.clear();
            for (const nlohmann::json& v : row)
                cells.push_back(csv_value(v, f));
            csv::append_row(out, cells, f);
        }
    }
    return out;
}

// --- 3. the request log ---------------------------------------------------------------------

namespace {

std::string reference_of(std::int64_t id) {
    return "customer #" + std::to_string(id);
}

std::int64_t log_request(Database& db, const char* type, std::int64_t id,
                         const nlohmann::json& counts) {
    db.prepare("INSERT INTO cl_gdpr_request(request_type, requested_at, reference, counts) "
               "VALUES (?1, ?2, ?3, ?4)")
        .bind_all(type, now_datetime(), reference_of(id), counts.dump())
        .run();
    return db.last_insert_id();
}

// Rows per section (only numbers: no personal data).
nlohmann::json section_counts(const GdprData& data) {
    nlohmann::json counts = nlohmann::json::object();
    for (const GdprSection& s : data.sections)
        counts[s.name] = s.rows.size();
    return counts;
}

GdprData collect_and_log(Database& db, std::int64_t id, int id_lang) {
    Transaction tx(db);
    GdprData data = gdpr_collect(db, id, id_lang);
    log_request(db, "export", id, section_counts(data));
    tx.commit();
    return data;
}

} // namespace

nlohmann::json gdpr_export_json(Database& db, std::int64_t id, int id_lang) {
    return gdpr_json(collect_and_log(db, id, id_lang));
}

std::string gdpr_export_csv(Database& db, std::int64_t id, const csv::Format& format, int id_lang) {
    return gdpr_csv(collect_and_log(db, id, id_lang), format);
}

std::vector<GdprRequest> gdpr_requests(Database& db, int limit) {
    std::vector<GdprRequest> out;
    Statement st = db.prepare("SELECT id, request_type, requested_at, reference, counts FROM "
                              "cl_gdpr_request ORDER BY id DESC LIMIT ?1");
    st.bind(1, limit > 0 ? limit : -1);
    while (st.step()) {
        GdprRequest r;
        r.id = st.int64(0);
        r.request_type = st.text(1);
        r.requested_at = st.text(2);
        r.reference = st.text(3);
        if (!st.is_null(4))
            r.counts = nlohmann::json::parse(st.text(4), nullptr, false);
        if (r.counts.is_discarded())
            r.counts = nullptr;
        out.push_back(std::move(r));
    }
    return out;
}

// --- 4. erase -----------------------------------------------------------------------------------

namespace {

// SQLite's secure_delete for the connection while it lives: deleted rows are overwritten
// with zeros in the database file instead of lingering in free pages.
class SecureDelete {
public:
    explicit SecureDelete(Database& db) : db_(db) {
        previous_ = db_.scalar_int("PRAGMA secure_delete");
        db_.exec("PRAGMA secure_delete = ON");
    }
    ~SecureDelete() {
        try {
            db_.exec(previous_ == 2   ? "PRAGMA secure_delete = FAST"
                     : previous_ == 1 ? "PRAGMA secure_delete = ON"
                                      : "PRAGMA secure_delete = OFF");
        } catch (...) {
            // A destructor must not throw; the setting only affects this connection.
        }
    }
    SecureDelete(const SecureDelete&) = delete;
    SecureDelete& operator=(const SecureDelete&) = delete;

private:
    Database& db_;
    std::int64_t previous_ = 0;
};

} // namespace

GdprErasure gdpr_erase(Database& db, std::int64_t id) {
    SecureDelete secure(db);
    Transaction tx(db);
    if (!customer_exists(db, id))
        throw UnknownCustomer(id);
    GdprErasure r;
    r.id_customer = id;
    r.anonymous_customer = anonymous_customer(db);
    if (id == r.anonymous_customer)
        throw std::invalid_argument("customer #" + std::to_string(id) +
                                    " is the anonymous customer that keeps the orders of erased "
                                    "accounts; it cannot be erased");
    // Not undoable, by design: the removal is not recorded (batch 0) and the log's entries
    // about the customer are purged below. Starting a batch ends the redo history, as any
    // new change does, so no older undone change can be replayed over the erased data.
    audit::begin_batch(db);
    r.counts = remove_account(db, id, r.anonymous_customer, AccountRemoval{0, true});
    db.prepare("DELETE FROM cl_audit WHERE entity_id = ?1").bind_all(id).run();
    r.counts.emplace_back("audit_entries", db.changes());
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [kind, n] : r.counts)
        counts[kind] = counts.value(kind, std::int64_t{0}) + n;
    r.request_id = log_request(db, "erase", id, counts);
    tx.commit();
    return r;
}

} // namespace clientele::core
