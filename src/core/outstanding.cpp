#include "core/outstanding.h"

#include "core/db.h"
#include "core/store.h"

#include <algorithm>
#include <cctype>

namespace clientele::core {

namespace {

// The orders that count (see outstanding.h), for the customer expression `who`.
std::string counted(const std::string& who) {
    return "FROM ps_orders o JOIN ps_order_state os ON os.id_order_state = o.current_state "
           "WHERE o.id_customer = " +
           who + " AND o.valid = 1 AND os.paid = 0";
}

const std::string kAmount = "(SELECT COALESCE(SUM(o.total_paid_real / "
                            "COALESCE(NULLIF(o.conversion_rate, 0), 1)), 0) " +
                            counted("c.id_customer") + ")";
// The counted orders whose payment days have run out by ?2 (now).
const std::string kOverdue = "(SELECT COALESCE(SUM(o.total_paid_real / "
                             "COALESCE(NULLIF(o.conversion_rate, 0), 1)), 0) " +
                             counted("c.id_customer") +
                             " AND datetime(o.date_add, '+' || c.max_payment_days || ' days') < "
                             "?2)";
const std::string kUnpaid = "(SELECT COUNT(*) " + counted("c.id_customer") + ")";
const std::string kOldest = "(SELECT MIN(o.date_add) " + counted("c.id_customer") + ")";

std::string now_of(const std::string& today) {
    if (today.empty())
        return now_datetime();
    return today.size() == 10 ? today + " 00:00:00" : today;
}

std::string column_sql(OutstandingColumn c) {
    switch (c) {
    case OutstandingColumn::Id:
        return "c.id_customer";
    case OutstandingColumn::Customer:
        return "c.lastname COLLATE NOCASE";
    case OutstandingColumn::Company:
        return "c.company COLLATE NOCASE";
    case OutstandingColumn::Risk:
        return "c.id_risk";
    case OutstandingColumn::Allowance:
        return "c.outstanding_allow_amount";
    case OutstandingColumn::Outstanding:
        return kAmount;
    case OutstandingColumn::Overdue:
        return kOverdue;
    case OutstandingColumn::UnpaidOrders:
        return kUnpaid;
    case OutstandingColumn::OldestUnpaid:
        return "COALESCE(" + kOldest + ", '')";
    case OutstandingColumn::PaymentDays:
        return "c.max_payment_days";
    }
    return "c.id_customer";
}

std::string like_escaped(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    return out;
}

// WHERE over c (ps_customer); filter values from ?3 on (?1 language, ?2 now).
std::string where_of(const OutstandingQuery& q, std::vector<std::string>& values) {
    // The business customers come from the partial index on the company (a few percent of the
    // customers); the unary + keeps SQLite from reading them through the index on `deleted`,
    // which holds nearly every customer under 0.
    std::string where = "+c.deleted = 0 AND c.company IS NOT NULL AND c.company <> ''";
    auto param = [&](std::string v) {
        values.push_back(std::move(v));
        return "?" + std::to_string(values.size() + 2);
    };
    for (const OutstandingFilter& f : q.filters) {
        if (f.text.empty())
            continue;
        switch (f.column) {
        case OutstandingColumn::Id:
            where += " AND c.id_customer = " + param(f.text);
            break;
        case OutstandingColumn::Customer: {
            const std::string prefix = param(like_escaped(f.text) + "%");
            const std::string any = param("%" + like_escaped(f.text) + "%");
            where += " AND (c.lastname LIKE " + prefix + " ESCAPE '\\' OR c.firstname LIKE " +
                     prefix + " ESCAPE '\\' OR c.email LIKE " + any + " ESCAPE '\\')";
            break;
        }
        case OutstandingColumn::Company:
            where +=
                " AND c.company LIKE " + param("%" + like_escaped(f.text) + "%") + " ESCAPE '\\'";
            break;
        case OutstandingColumn::Risk:
            where += " AND c.id_risk = " + param(f.text);
            break;
        case OutstandingColumn::OldestUnpaid:
            where += " AND " + kOldest + " <= " + param(f.text);
            break;
        default:
            where += " AND " + column_sql(f.column) + " >= CAST(" + param(f.text) + " AS REAL)";
            break;
        }
    }
    if (q.owing_only)
        where += " AND " + kAmount + " > 0";
    if (q.over_only)
        where += " AND " + kAmount + " > c.outstanding_allow_amount";
    return where;
}

} // namespace

double customer_outstanding(Database& db, std::int64_t id_customer) {
    Statement st = db.prepare(
        "SELECT COALESCE(SUM(o.total_paid_real / COALESCE(NULLIF(o.conversion_rate, 0), 1)), 0) " +
        counted("?1"));
    st.bind(1, id_customer);
    return st.step() ? st.real(0) : 0.0;
}

ListSql outstanding_list_sql(const OutstandingQuery& q) {
    std::vector<std::string> values;
    std::string where = where_of(q, values);
    // ?1: the language of risk names, ?2: "now" (the overdue rule); the filters' values follow.
    values.insert(values.begin(), {std::to_string(q.id_lang), now_of(q.today)});
    return {"ps_customer", "c", "id_customer", std::move(where), std::move(values)};
}

OutstandingPage query_outstanding(Database& db, const OutstandingQuery& q) {
    const ListSql sql = outstanding_list_sql(q);
    const std::string& now = sql.params[1];
    OutstandingPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    std::string order = column_sql(q.sort) + dir;
    if (q.sort != OutstandingColumn::Id)
        order += ", c.id_customer" + dir;
    // The sort picks the page's customers first: their amounts are computed for the page only,
    // not for every business customer the sort reads (it still computes its own column).
    read_list_page(
        db, sql,
        "SELECT c.id_customer, c.firstname, c.lastname, c.email, c.company, c.id_risk, "
        "COALESCE((SELECT rl.name FROM ps_risk_lang rl WHERE rl.id_risk = c.id_risk ORDER BY "
        "rl.id_lang <> ?1, rl.id_lang LIMIT 1), ''), COALESCE((SELECT r.color FROM ps_risk r "
        "WHERE r.id_risk = c.id_risk), ''), c.outstanding_allow_amount, " +
            kAmount + ", " + kOverdue + ", " + kUnpaid + ", COALESCE(" + kOldest +
            ", ''), c.max_payment_days",
        "", order, "", q.limit, q.offset,
        [&](Statement& st) {
            OutstandingRow r;
            int c = 0;
            r.id = st.int64(c++);
            r.firstname = st.text(c++);
            r.lastname = st.text(c++);
            r.email = st.text(c++);
            r.company = st.text(c++);
            r.id_risk = st.int64(c++);
            r.risk = st.text(c++);
            r.risk_color = st.text(c++);
            r.allowance = st.real(c++);
            r.outstanding = st.real(c++);
            r.overdue_amount = st.real(c++);
            r.unpaid_orders = st.int64(c++);
            r.oldest_unpaid = st.text(c++);
            r.max_payment_days = st.int32(c++);
            r.over_allowance = r.outstanding > r.allowance + 1e-9;
            page.rows.push_back(std::move(r));
        },
        [] {}, std::chrono::milliseconds(0));
    // Overdue: the oldest counted order plus the payment days is before now.
    Statement due = db.prepare("SELECT datetime(?1, '+' || ?2 || ' days') < ?3");
    for (OutstandingRow& r : page.rows) {
        if (r.oldest_unpaid.empty())
            continue;
        due.reset();
        due.bind_all(r.oldest_unpaid, r.max_payment_days, now);
        r.overdue = due.step() && due.int64(0) != 0;
    }
    return page;
}

std::vector<OutstandingOrder> outstanding_orders(Database& db, std::int64_t id_customer,
                                                 int id_lang, const std::string& today) {
    std::vector<OutstandingOrder> out;
    Statement st = db.prepare(
        "SELECT o.id_order, o.reference, o.date_add, COALESCE((SELECT sl.name FROM "
        "ps_order_state_lang sl WHERE sl.id_order_state = o.current_state ORDER BY sl.id_lang <> "
        "?2, sl.id_lang LIMIT 1), ''), o.total_paid_real / COALESCE(NULLIF(o.conversion_rate, 0), "
        "1), datetime(o.date_add, '+' || (SELECT max_payment_days FROM ps_customer WHERE "
        "id_customer = ?1) || ' days'), ?3 " +
        counted("?1") + " ORDER BY o.date_add, o.id_order");
    st.bind_all(id_customer, id_lang, now_of(today));
    while (st.step()) {
        OutstandingOrder o;
        o.id = st.int64(0);
        o.reference = st.text(1);
        o.date_add = st.text(2);
        o.state = st.text(3);
        o.amount = st.real(4);
        o.due_date = st.text(5);
        o.overdue = !o.due_date.empty() && o.due_date < st.text(6);
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace clientele::core
