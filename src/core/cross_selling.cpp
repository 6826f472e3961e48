// Sections: 1. product search  2. buyers  3. export  4. often bought together
#include "core/cross_selling.h"

#include "core/db.h"
#include "core/i18n.h"

#include <algorithm>
#include <map>
#include <set>

namespace clientele::core {

// --- 1. product search ----------------------------------------------------------------------

namespace {

std::string like_escape(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (ch == '%' || ch == '_' || ch == '!')
            out += '!';
        out += ch;
    }
    return out;
}

constexpr const char* kProductName =
    "COALESCE((SELECT l.name FROM ps_product_lang l WHERE l.id_product = p.id_product ORDER BY "
    "l.id_lang = ?1 DESC, l.id_lang LIMIT 1), '')";

ProductHit read_hit(Statement& st) {
    return {st.int64(0), st.text(1), st.text(2)};
}

} // namespace

std::vector<ProductHit> search_products(Database& db, const std::string& text, int id_lang,
                                        int limit) {
    std::vector<ProductHit> out;
    std::int64_t id = -1;
    if (!text.empty() && text.size() < 12 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        id = std::stoll(text);
    Statement st = db.prepare(
        std::string("SELECT p.id_product, ") + kProductName +
        ", COALESCE(p.reference, '') FROM ps_product p WHERE ?2 = '' OR p.id_product = ?3 OR "
        "p.reference LIKE ?4 ESCAPE '!' OR EXISTS (SELECT 1 FROM ps_product_lang l WHERE "
        "l.id_product = p.id_product AND l.name LIKE ?5 ESCAPE '!') ORDER BY p.id_product "
        "LIMIT ?6");
    const std::string esc = like_escape(text);
    st.bind_all(id_lang, text, id, esc + "%", "%" + esc + "%", limit);
    while (st.step())
        out.push_back(read_hit(st));
    return out;
}

std::vector<ProductHit> products_by_id(Database& db, const std::vector<std::int64_t>& ids,
                                       int id_lang) {
    std::vector<ProductHit> out;
    Statement st = db.prepare(std::string("SELECT p.id_product, ") + kProductName +
                              ", COALESCE(p.reference, '') FROM ps_product p WHERE "
                              "p.id_product = ?2");
    for (std::int64_t id : ids) {
        st.reset();
        st.bind_all(id_lang, id);
        if (st.step())
            out.push_back(read_hit(st));
    }
    return out;
}

// --- 2. buyers
// --------------------------------------------------------------------------------------

namespace {

// "c.id_customer [NOT] IN (buyers of ?n)" for each product, and the list "?a, ?b" of the
// bought products; parameters numbered from `next`.
struct BuyerSql {
    std::string where, bought_list;
    std::vector<std::int64_t> params;
};

BuyerSql buyer_sql(const BuyerQuery& q, int next) {
    BuyerSql s;
    auto add = [&](std::int64_t product, bool negate) {
        const std::string p = "?" + std::to_string(next++);
        s.params.push_back(product);
        s.where += std::string(" AND c.id_customer ") + (negate ? "NOT IN" : "IN") +
                   " (SELECT o.id_customer FROM ps_order_detail d JOIN ps_orders o ON "
                   "o.id_order = d.id_order WHERE d.product_id = " +
                   p + " AND o.valid = 1)";
        return p;
    };
    for (std::int64_t id : q.bought)
        s.bought_list += (s.bought_list.empty() ? "" : ", ") + add(id, false);
    for (std::int64_t id : q.not_bought)
        add(id, true);
    return s;
}

} // namespace

std::string buyers_segment_text(const BuyerQuery& q) {
    if (q.bought.empty())
        return {};
    std::string text;
    for (std::int64_t id : q.bought)
        text += (text.empty() ? "" : " AND ") + ("bought(" + std::to_string(id) + ")");
    for (std::int64_t id : q.not_bought)
        text += " AND NOT bought(" + std::to_string(id) + ")";
    return text;
}

BuyerPage query_buyers(Database& db, const BuyerQuery& q, bool with_total) {
    BuyerPage page;
    if (q.bought.empty())
        return page;
    // Parameters: ?1 after_id, ?2 limit, ?3 offset, then the products.
    const BuyerSql s = buyer_sql(q, 4);
    const std::string from =
        " FROM ps_customer c WHERE c.deleted = 0 AND c.id_customer > ?1" + s.where;
    auto bind = [&](Statement& st, bool paged) {
        st.bind(1, q.after_id);
        if (paged)
            st.bind(2, q.limit).bind(3, q.offset);
        int i = 4;
        for (std::int64_t p : s.params)
            st.bind(i++, p);
    };
    if (with_total) {
        // ?2 and ?3 are not used here: unused numbers below the highest are allowed.
        Statement count = db.prepare("SELECT COUNT(*)" + from);
        bind(count, false);
        page.total = count.step() ? count.int64(0) : 0;
    }
    const std::string lines = " FROM ps_orders o JOIN ps_order_detail d ON d.id_order = "
                              "o.id_order WHERE o.id_customer = c.id_customer AND o.valid = 1 "
                              "AND d.product_id IN (" +
                              s.bought_list + ")";
    Statement st = db.prepare("SELECT c.id_customer, c.firstname, c.lastname, c.email, "
                              "(SELECT SUM(d.product_quantity)" +
                              lines + "), (SELECT MAX(o.date_add)" + lines + ")" + from +
                              " ORDER BY c.id_customer LIMIT ?2 OFFSET ?3");
    bind(st, true);
    while (st.step()) {
        BuyerRow r;
        r.id = st.int64(0);
        r.firstname = st.text(1);
        r.lastname = st.text(2);
        r.email = st.text(3);
        r.quantity = st.is_null(4) ? 0 : st.int64(4);
        r.last_purchase = st.is_null(5) ? "" : st.text(5);
        page.rows.push_back(std::move(r));
    }
    return page;
}

// --- 3. export
// -----------------------------------------------------------------------------------------

BuyersExportJob::BuyersExportJob(Database& db, BuyerQuery query, csv::Format format)
    : TextExportJob(db, format, 1), query_(std::move(query)) {
    query_.offset = 0;
    query_.after_id = 0;
    query_.limit = 2000;
}

std::string BuyersExportJob::title() const {
    return tr("cross.exporting");
}

bool BuyersExportJob::work(std::chrono::steady_clock::time_point deadline) {
    if (!started_) {
        started_ = true;
        total_ = query_buyers(db_, {query_.bought, query_.not_bought, 0, 0, 0}, true).total;
        write_header({tr("col.id"), tr("col.firstname"), tr("col.lastname"), tr("col.email"),
                      tr("cross.quantity"), tr("cross.last_purchase")});
    }
    while (std::chrono::steady_clock::now() < deadline) {
        BuyerPage page = query_buyers(db_, query_, false);
        for (const BuyerRow& r : page.rows) {
            csv::append_row(out_,
                            {std::to_string(r.id), csv::cell(r.firstname, format_),
                             csv::cell(r.lastname, format_), csv::cell(r.email, format_),
                             std::to_string(r.quantity), csv::cell(r.last_purchase, format_)},
                            format_);
            query_.after_id = r.id;
            ++written_;
        }
        done_ = written_;
        if (static_cast<std::int64_t>(page.rows.size()) < query_.limit)
            return true;
    }
    return false;
}

// --- 4. often bought together
// ---------------------------------------------------------------------------

std::vector<Suggestion> bought_together(Database& db, std::int64_t id_customer, int id_lang,
                                        int limit, int sample) {
    std::set<std::int64_t> mine;
    {
        Statement st = db.prepare(
            "SELECT DISTINCT d.product_id FROM ps_orders o JOIN ps_order_detail d ON d.id_order "
            "= o.id_order WHERE o.id_customer = ?1 AND o.valid = 1");
        st.bind(1, id_customer);
        while (st.step())
            mine.insert(st.int64(0));
    }
    // Orders (by id) holding each other product, over the latest lines of each of mine.
    std::map<std::int64_t, std::set<std::int64_t>> orders_of;
    Statement st = db.prepare(
        "SELECT d2.product_id, r.id_order FROM (SELECT d.id_order FROM ps_order_detail d "
        "INDEXED BY ps_order_detail_product WHERE d.product_id = ?1 ORDER BY d.id_order_detail "
        "DESC LIMIT ?2) r JOIN ps_orders o ON o.id_order = r.id_order AND o.valid = 1 AND "
        "o.id_customer <> ?3 JOIN ps_order_detail d2 ON d2.id_order = r.id_order");
    for (std::int64_t p : mine) {
        st.reset();
        st.bind_all(p, sample, id_customer);
        while (st.step()) {
            const std::int64_t other = st.int64(0);
            if (!mine.count(other))
                orders_of[other].insert(st.int64(1));
        }
    }
    std::vector<Suggestion> out;
    for (const auto& [product, orders] : orders_of)
        out.push_back({product, "", static_cast<std::int64_t>(orders.size())});
    std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
        return a.orders != b.orders ? a.orders > b.orders : a.product_id < b.product_id;
    });
    if (static_cast<int>(out.size()) > limit)
        out.resize(static_cast<std::size_t>(std::max(limit, 0)));
    Statement name = db.prepare(
        "SELECT COALESCE((SELECT l.name FROM ps_product_lang l WHERE l.id_product = ?1 ORDER BY "
        "l.id_lang = ?2 DESC, l.id_lang LIMIT 1), (SELECT product_name FROM ps_order_detail "
        "WHERE product_id = ?1 ORDER BY id_order_detail DESC LIMIT 1), '')");
    for (Suggestion& s : out) {
        name.reset();
        name.bind_all(s.product_id, id_lang);
        if (name.step())
            s.name = name.text(0);
    }
    return out;
}

} // namespace clientele::core
