// Sections: 1. statuses and checks  2. list query  3. one thread  4. commands  5. bulk job
// 6. mail: mailto and .eml
#include "core/service.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/list_filters.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace clientele::core {

namespace v = validate;

// --- 1. statuses and checks
// -----------------------------------------------------------------------

const char* thread_status_name(ThreadStatus s) {
    switch (s) {
    case ThreadStatus::Open:
        return "open";
    case ThreadStatus::Closed:
        return "closed";
    case ThreadStatus::Pending1:
        return "pending1";
    case ThreadStatus::Pending2:
        return "pending2";
    }
    return "open";
}

std::optional<ThreadStatus> parse_thread_status(const std::string& name) {
    for (ThreadStatus s :
         {ThreadStatus::Open, ThreadStatus::Closed, ThreadStatus::Pending1, ThreadStatus::Pending2})
        if (name == thread_status_name(s))
            return s;
    return std::nullopt;
}

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// CustomerMessage's message is isCleanHtml: valid UTF-8 without script elements or
// javascript: URLs (plain text with "<" or ">" is fine).
void check_message_text(std::vector<FieldError>& e, const char* field, const std::string& text) {
    if (blank(text)) {
        e.push_back({field, "is required", "err.required"});
        return;
    }
    if (!v::is_valid_utf8(text)) {
        e.push_back({field, "is not valid UTF-8 text", "err.message_invalid"});
        return;
    }
    const std::string l = lower(text);
    if (l.find("<script") != std::string::npos || l.find("javascript:") != std::string::npos)
        e.push_back({field, "must not contain scripts", "err.message_invalid"});
    else if (!v::fits_length(text, kMessageMax))
        e.push_back({field, "is too long (at most 65000 characters)", "err.too_long"});
}

// An attachment's name: optional; no path, no control characters, at most 255 characters.
void check_file_name(std::vector<FieldError>& e, const std::string& name) {
    if (name.empty())
        return;
    const bool bad_char = std::any_of(name.begin(), name.end(), [](unsigned char c) {
        return c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"';
    });
    if (bad_char || !v::is_valid_utf8(name) || name == "." || name == ".." || blank(name))
        e.push_back({"file_name", "'" + name + "' is not a file name", "err.file_name_invalid"});
    else if (!v::fits_length(name, kFileNameMax))
        e.push_back({"file_name", "is too long (at most 255 characters)", "err.too_long"});
}

nlohmann::json thread_key(std::int64_t id) {
    return {{"id_customer_thread", id}};
}

nlohmann::json message_key(std::int64_t id) {
    return {{"id_customer_message", id}};
}

std::int64_t customer_of(const nlohmann::json& thread) {
    const auto& c = thread["id_customer"];
    return c.is_number_integer() ? c.get<std::int64_t>() : 0;
}

std::optional<std::string> opt(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// --- 2. list query
// ----------------------------------------------------------------------------------

constexpr const char* kContactName =
    "COALESCE((SELECT cl.name FROM ps_contact_lang cl WHERE cl.id_contact = t.id_contact "
    "ORDER BY cl.id_lang <> ?1, cl.id_lang LIMIT 1), '')";
constexpr const char* kUnread =
    "(SELECT COUNT(*) FROM ps_customer_message m WHERE m.id_customer_thread = "
    "t.id_customer_thread AND m.id_employee = 0 AND m.\"read\" = 0)";

const char* sort_sql(ThreadColumn c) {
    switch (c) {
    case ThreadColumn::Id:
        return "t.id_customer_thread";
    case ThreadColumn::Status:
        return "t.status";
    case ThreadColumn::Contact:
        return kContactName;
    case ThreadColumn::Customer:
        return "t.email COLLATE NOCASE";
    case ThreadColumn::Order:
        return "COALESCE(t.id_order, 0)";
    case ThreadColumn::LastMessage:
        return "t.date_upd";
    case ThreadColumn::Unread:
        return kUnread;
    }
    return "t.id_customer_thread";
}

std::string thread_order(const ThreadQuery& q) {
    const std::string dir = q.descending ? " DESC" : " ASC";
    if (q.sort == ThreadColumn::Id)
        return std::string(sort_sql(q.sort)) + dir;
    return std::string(sort_sql(q.sort)) + dir + ", t.id_customer_thread" + dir;
}

} // namespace

// The WHERE clause; the page's language is ?1, filter values follow.
ListSql thread_list_sql(const ThreadQuery& q) {
    namespace lf = list_filters;
    std::string where = "1";
    lf::Params params;
    params.add(std::to_string(q.id_lang));
    auto param = [&](std::string value) { return params.add(std::move(value)); };
    for (const ThreadFilter& raw : q.filters) {
        const ThreadFilter f{raw.column, lf::trimmed(raw.text)};
        if (f.text.empty())
            continue;
        switch (f.column) {
        case ThreadColumn::Id:
            where += " AND t.id_customer_thread = " + param(f.text);
            break;
        case ThreadColumn::Status:
            where += " AND t.status = " + param(f.text);
            break;
        case ThreadColumn::Contact:
            if (lf::all_digits(f.text))
                where += " AND t.id_contact = " + param(f.text);
            else
                where += " AND t.id_contact IN (SELECT id_contact FROM ps_contact_lang WHERE name "
                         "LIKE " +
                         param(lf::contains_pattern(f.text)) + " ESCAPE '\\')";
            break;
        case ThreadColumn::Customer:
            // The thread's e-mail (a visitor's too) starts with it, or its customer's e-mail,
            // first or last name, or id: ranges of NOCASE indexes, as in the other lists.
            where += " AND (" + lf::nocase_prefix_sql("t.email", f.text, params) +
                     " OR t.id_customer IN (" + lf::customer_ids_sql(f.text, params) + "))";
            break;
        case ThreadColumn::Order: {
            const std::string prefix = param(lf::prefix_pattern(f.text));
            if (lf::all_digits(f.text))
                where += " AND (t.id_order = " + param(f.text) +
                         " OR t.id_order IN (SELECT id_order FROM ps_orders WHERE reference LIKE " +
                         prefix + " ESCAPE '\\'))";
            else
                where += " AND t.id_order IN (SELECT id_order FROM ps_orders WHERE reference "
                         "LIKE " +
                         prefix + " ESCAPE '\\')";
            break;
        }
        case ThreadColumn::LastMessage:
            where += " AND EXISTS (SELECT 1 FROM ps_customer_message m WHERE "
                     "m.id_customer_thread = t.id_customer_thread AND m.message LIKE " +
                     param(lf::contains_pattern(f.text)) + " ESCAPE '\\')";
            break;
        case ThreadColumn::Unread:
            where += std::string(f.text == "0" ? " AND NOT" : " AND") +
                     " EXISTS (SELECT 1 FROM ps_customer_message m WHERE m.id_customer_thread = "
                     "t.id_customer_thread AND m.id_employee = 0 AND m.\"read\" = 0)";
            break;
        }
    }
    return {"ps_customer_thread", "t", "id_customer_thread", std::move(where), params.values()};
}

ThreadPage query_threads(Database& db, const ThreadQuery& q) {
    const ListSql sql = thread_list_sql(q);
    ThreadPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string columns =
        std::string("SELECT t.id_customer_thread, t.status, t.id_contact, ") + kContactName +
        ", COALESCE(t.id_customer, 0), COALESCE((SELECT c.firstname || ' ' || c.lastname FROM "
        "ps_customer c WHERE c.id_customer = t.id_customer), ''), t.email, COALESCE(t.id_order, "
        "0), COALESCE((SELECT o.reference FROM ps_orders o WHERE o.id_order = t.id_order), ''), "
        "COALESCE((SELECT substr(m.message, 1, 120) FROM ps_customer_message m WHERE "
        "m.id_customer_thread = t.id_customer_thread ORDER BY m.date_add DESC, "
        "m.id_customer_message DESC LIMIT 1), ''), t.date_upd, " +
        kUnread +
        ", (SELECT COUNT(*) FROM ps_customer_message m WHERE m.id_customer_thread = "
        "t.id_customer_thread)";
    // Only the columns with an index have a walk to give up.
    const bool indexed_sort = q.sort == ThreadColumn::Id || q.sort == ThreadColumn::Status ||
                              q.sort == ThreadColumn::LastMessage;
    const bool filtered = std::any_of(q.filters.begin(), q.filters.end(),
                                      [](const ThreadFilter& f) { return !f.text.empty(); });
    read_list_page(
        db, sql, columns, "", thread_order(q),
        indexed_sort && filtered ? "+" + thread_order(q) : std::string(), q.limit, q.offset,
        [&](Statement& st) {
            ThreadRow r;
            int c = 0;
            r.id = st.int64(c++);
            r.status = st.text(c++);
            r.id_contact = st.int64(c++);
            r.contact = st.text(c++);
            r.id_customer = st.int64(c++);
            r.customer = st.text(c++);
            r.email = st.text(c++);
            r.id_order = st.int64(c++);
            r.order_reference = st.text(c++);
            r.last_message = st.text(c++);
            r.date_upd = st.text(c++);
            r.unread = st.int64(c++);
            r.messages = st.int64(c++);
            page.rows.push_back(std::move(r));
        },
        [&] { page.rows.clear(); });
    return page;
}

std::vector<std::int64_t> query_thread_ids(Database& db, const ThreadQuery& q) {
    const ListSql sql = thread_list_sql(q);
    Statement st = db.prepare("SELECT t.id_customer_thread, ?1 FROM ps_customer_thread t WHERE " +
                              sql.where + " ORDER BY " + thread_order(q));
    for (std::size_t i = 0; i < sql.params.size(); ++i)
        st.bind(static_cast<int>(i) + 1, sql.params[i]);
    std::vector<std::int64_t> ids;
    while (st.step())
        ids.push_back(st.int64(0));
    return ids;
}

// --- 3. one thread
// ------------------------------------------------------------------------------------

std::optional<ServiceThread> load_thread(Database& db, std::int64_t id, int id_lang) {
    Statement st = db.prepare(
        "SELECT t.id_customer_thread, t.id_shop, t.id_lang, t.status, t.id_contact, "
        "COALESCE((SELECT cl.name FROM ps_contact_lang cl WHERE cl.id_contact = t.id_contact "
        "ORDER BY cl.id_lang <> ?2, cl.id_lang LIMIT 1), ''), COALESCE((SELECT k.email FROM "
        "ps_contact k WHERE k.id_contact = t.id_contact), ''), COALESCE(t.id_customer, 0), "
        "COALESCE((SELECT c.firstname || ' ' || c.lastname FROM ps_customer c WHERE "
        "c.id_customer = t.id_customer), ''), t.email, COALESCE(t.id_order, 0), "
        "COALESCE(t.id_product, 0), COALESCE((SELECT o.reference FROM ps_orders o WHERE "
        "o.id_order = t.id_order), ''), t.date_add, t.date_upd FROM ps_customer_thread t WHERE "
        "t.id_customer_thread = ?1");
    st.bind_all(id, id_lang);
    if (!st.step())
        return std::nullopt;
    ServiceThread t;
    int c = 0;
    t.id = st.int64(c++);
    t.id_shop = st.int64(c++);
    t.id_lang = st.int64(c++);
    t.status = st.text(c++);
    t.id_contact = st.int64(c++);
    t.contact = st.text(c++);
    t.contact_email = st.text(c++);
    t.id_customer = st.int64(c++);
    t.customer = st.text(c++);
    t.email = st.text(c++);
    t.id_order = st.int64(c++);
    t.id_product = st.int64(c++);
    t.order_reference = st.text(c++);
    t.date_add = st.text(c++);
    t.date_upd = st.text(c++);
    Statement m = db.prepare(
        "SELECT id_customer_message, id_employee, message, COALESCE(file_name, ''), date_add, "
        "private, \"read\" FROM ps_customer_message WHERE id_customer_thread = ?1 ORDER BY "
        "date_add, id_customer_message");
    m.bind(1, id);
    while (m.step()) {
        SheetMessage msg;
        msg.id = m.int64(0);
        msg.id_employee = m.int64(1);
        msg.from_employee = msg.id_employee > 0;
        msg.message = m.text(2);
        msg.file_name = m.text(3);
        msg.date_add = m.text(4);
        msg.is_private = m.int64(5) != 0;
        msg.read = m.int64(6) != 0;
        t.messages.push_back(std::move(msg));
    }
    return t;
}

// --- 4. commands
// -----------------------------------------------------------------------------------

namespace {

std::int64_t insert_message(Database& db, std::int64_t batch, std::int64_t id_thread,
                            std::int64_t customer, std::int64_t id_employee,
                            const std::string& text, const std::string& file_name, bool is_private,
                            const std::string& now, const std::string& summary) {
    db.prepare("INSERT INTO ps_customer_message(id_customer_thread, id_employee, message, "
               "file_name, date_add, date_upd, private, \"read\") VALUES (?1, ?2, ?3, ?4, ?5, ?5, "
               "?6, 1)")
        .bind_all(id_thread, id_employee, text, opt(file_name), now, is_private)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_customer_message", customer, nullptr,
                  audit::snapshot(db, "ps_customer_message", message_key(id)), summary);
    return id;
}

void insert_outbox(Database& db, std::int64_t batch, std::int64_t customer,
                   const std::string& email, const std::string& subject, const std::string& body,
                   const std::string& now, const std::string& summary) {
    db.prepare("INSERT INTO cl_outbox(id_customer, email, subject, body, kind, date_add) VALUES "
               "(?1, ?2, ?3, ?4, 'service', ?5)")
        .bind_all(customer ? std::optional<std::int64_t>(customer) : std::nullopt, email, subject,
                  body, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "cl_outbox", customer, nullptr,
                  audit::snapshot(db, "cl_outbox", {{"id", id}}), summary);
}

std::int64_t mark_read_in(Database& db, std::int64_t batch, std::int64_t id_thread,
                          std::int64_t customer, const std::string& summary) {
    std::vector<std::int64_t> unread;
    Statement st = db.prepare("SELECT id_customer_message FROM ps_customer_message WHERE "
                              "id_customer_thread = ?1 AND \"read\" = 0");
    st.bind(1, id_thread);
    while (st.step())
        unread.push_back(st.int64(0));
    for (std::int64_t id : unread)
        audit::tracked_update(db, batch, "ps_customer_message", message_key(id), customer, summary,
                              [&] {
                                  db.prepare("UPDATE ps_customer_message SET \"read\" = 1 WHERE "
                                             "id_customer_message = ?1")
                                      .bind_all(id)
                                      .run();
                              });
    return static_cast<std::int64_t>(unread.size());
}

bool apply_status(Database& db, std::int64_t batch, std::int64_t id, ThreadStatus status) {
    nlohmann::json before = audit::snapshot(db, "ps_customer_thread", thread_key(id));
    if (before.is_null() || before["status"] == thread_status_name(status))
        return false;
    audit::tracked_update(db, batch, "ps_customer_thread", thread_key(id), customer_of(before),
                          "thread #" + std::to_string(id) + " " + thread_status_name(status), [&] {
                              db.prepare("UPDATE ps_customer_thread SET status = ?2 WHERE "
                                         "id_customer_thread = ?1")
                                  .bind_all(id, thread_status_name(status))
                                  .run();
                          });
    return true;
}

std::string contact_name(Database& db, std::int64_t id_contact, std::int64_t id_lang) {
    Statement st = db.prepare("SELECT name FROM ps_contact_lang WHERE id_contact = ?1 ORDER BY "
                              "id_lang <> ?2, id_lang LIMIT 1");
    st.bind_all(id_contact, id_lang);
    return st.step() ? st.text(0) : std::string();
}

} // namespace

std::vector<FieldError> validate_reply(const ReplyInput& in) {
    std::vector<FieldError> e;
    check_message_text(e, "message", in.message);
    check_file_name(e, in.file_name);
    if (in.subject.find_first_of("\r\n") != std::string::npos || !v::is_valid_utf8(in.subject))
        e.push_back({"subject", "must be one line of text", "err.subject_invalid"});
    else if (!v::fits_length(in.subject, kSubjectMax))
        e.push_back({"subject", "is too long (at most 255 characters)", "err.too_long"});
    return e;
}

std::int64_t add_thread_message(Database& db, std::int64_t id_thread, const ReplyInput& in) {
    auto errors = validate_reply(in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    nlohmann::json thread = audit::snapshot(db, "ps_customer_thread", thread_key(id_thread));
    if (thread.is_null())
        throw std::invalid_argument("no thread with id " + std::to_string(id_thread));
    const std::int64_t customer = customer_of(thread);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    const std::string summary = (in.is_private ? "private note on thread #" : "reply to thread #") +
                                std::to_string(id_thread);
    const std::int64_t id = insert_message(db, batch, id_thread, customer, in.id_employee,
                                           in.message, in.file_name, in.is_private, now, summary);
    if (!in.is_private)
        mark_read_in(db, batch, id_thread, customer, summary);
    audit::tracked_update(
        db, batch, "ps_customer_thread", thread_key(id_thread), customer, summary, [&] {
            db.prepare(in.is_private ? "UPDATE ps_customer_thread SET date_upd = ?2 WHERE "
                                       "id_customer_thread = ?1"
                                     : "UPDATE ps_customer_thread SET date_upd = ?2, status = "
                                       "'closed' WHERE id_customer_thread = ?1")
                .bind_all(id_thread, now)
                .run();
        });
    if (!in.is_private) {
        std::string subject = in.subject;
        if (subject.empty())
            subject = "Re: " +
                      contact_name(db, thread["id_contact"].get<std::int64_t>(),
                                   thread["id_lang"].get<std::int64_t>()) +
                      " [#" + std::to_string(id_thread) + "]";
        insert_outbox(db, batch, customer, thread["email"].get<std::string>(), subject, in.message,
                      now, summary);
    }
    tx.commit();
    return id;
}

std::int64_t mark_thread_read(Database& db, std::int64_t id_thread) {
    Transaction tx(db);
    nlohmann::json thread = audit::snapshot(db, "ps_customer_thread", thread_key(id_thread));
    if (thread.is_null())
        throw std::invalid_argument("no thread with id " + std::to_string(id_thread));
    Statement any = db.prepare("SELECT EXISTS (SELECT 1 FROM ps_customer_message WHERE "
                               "id_customer_thread = ?1 AND \"read\" = 0)");
    any.bind(1, id_thread);
    if (!any.step() || any.int64(0) == 0)
        return 0;
    const std::int64_t batch = audit::begin_batch(db);
    const std::int64_t n = mark_read_in(db, batch, id_thread, customer_of(thread),
                                        "thread #" + std::to_string(id_thread) + " read");
    tx.commit();
    return n;
}

bool set_thread_status(Database& db, std::int64_t id_thread, ThreadStatus status) {
    Transaction tx(db);
    nlohmann::json thread = audit::snapshot(db, "ps_customer_thread", thread_key(id_thread));
    if (thread.is_null())
        throw std::invalid_argument("no thread with id " + std::to_string(id_thread));
    if (thread["status"] == thread_status_name(status))
        return false;
    const std::int64_t batch = audit::begin_batch(db);
    apply_status(db, batch, id_thread, status);
    tx.commit();
    return true;
}

std::int64_t set_threads_status(Database& db, const std::vector<std::int64_t>& ids,
                                ThreadStatus status) {
    Transaction tx(db);
    std::int64_t batch = 0, changed = 0;
    for (std::int64_t id : ids) {
        nlohmann::json t = audit::snapshot(db, "ps_customer_thread", thread_key(id));
        if (t.is_null() || t["status"] == thread_status_name(status))
            continue;
        if (!batch)
            batch = audit::begin_batch(db);
        changed += apply_status(db, batch, id, status) ? 1 : 0;
    }
    tx.commit();
    return changed;
}

std::vector<FieldError> validate_compose(Database& db, const ComposeInput& in) {
    std::vector<FieldError> e;
    {
        Statement st = db.prepare("SELECT 1 FROM ps_shop WHERE id_shop = ?1");
        st.bind(1, in.id_shop);
        if (!st.step())
            e.push_back({"id_shop", "is not a known shop", "err.unknown_shop"});
    }
    {
        Statement st = db.prepare("SELECT 1 FROM ps_contact WHERE id_contact = ?1");
        st.bind(1, in.id_contact);
        if (!st.step())
            e.push_back({"id_contact", "is not a known contact", "err.unknown_contact"});
    }
    {
        Statement st =
            db.prepare("SELECT 1 FROM ps_customer WHERE id_customer = ?1 AND deleted = 0");
        st.bind(1, in.id_customer);
        if (!st.step())
            e.push_back({"id_customer", "is not a known customer", "err.unknown_customer"});
    }
    if (in.id_order != 0) {
        Statement st = db.prepare("SELECT id_customer FROM ps_orders WHERE id_order = ?1");
        st.bind(1, in.id_order);
        if (!st.step() || st.int64(0) != in.id_customer)
            e.push_back({"id_order", "is not an order of this customer", "err.order_not_customer"});
    }
    if (blank(in.subject))
        e.push_back({"subject", "is required", "err.required"});
    else if (in.subject.find_first_of("\r\n") != std::string::npos || !v::is_valid_utf8(in.subject))
        e.push_back({"subject", "must be one line of text", "err.subject_invalid"});
    else if (!v::fits_length(in.subject, kSubjectMax))
        e.push_back({"subject", "is too long (at most 255 characters)", "err.too_long"});
    check_message_text(e, "body", in.body);
    check_file_name(e, in.file_name);
    return e;
}

ComposeResult compose_message(Database& db, const ComposeInput& in) {
    auto errors = validate_compose(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    ComposeResult r;
    std::string email;
    std::int64_t id_lang = 1;
    {
        Statement st = db.prepare(
            "SELECT email, COALESCE(id_lang, 1) FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, in.id_customer);
        st.step();
        email = st.text(0);
        id_lang = st.int64(1);
    }
    {
        Statement st = db.prepare(
            "SELECT id_customer_thread FROM ps_customer_thread WHERE id_customer = ?1 AND "
            "id_shop = ?2 AND id_contact = ?3 AND COALESCE(id_order, 0) = ?4 ORDER BY date_upd "
            "DESC, id_customer_thread DESC LIMIT 1");
        st.bind_all(in.id_customer, in.id_shop, in.id_contact, in.id_order);
        if (st.step())
            r.id_thread = st.int64(0);
    }
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    const std::string summary = "message to " + email + ": " + in.subject;
    if (r.id_thread == 0) {
        char token[13];
        std::snprintf(token, sizeof token, "%012llx",
                      static_cast<unsigned long long>(
                          std::hash<std::string>{}(email + now + in.subject) & 0xffffffffffffull));
        db.prepare("INSERT INTO ps_customer_thread(id_shop, id_lang, id_contact, id_customer, "
                   "id_order, status, email, token, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, "
                   "?5, 'closed', ?6, ?7, ?8, ?8)")
            .bind_all(in.id_shop, id_lang, in.id_contact, in.id_customer,
                      in.id_order ? std::optional<std::int64_t>(in.id_order) : std::nullopt, email,
                      std::string(token), now)
            .run();
        r.id_thread = db.last_insert_id();
        r.new_thread = true;
        audit::record(db, batch, "create", "ps_customer_thread", in.id_customer, nullptr,
                      audit::snapshot(db, "ps_customer_thread", thread_key(r.id_thread)), summary);
    } else {
        audit::tracked_update(db, batch, "ps_customer_thread", thread_key(r.id_thread),
                              in.id_customer, summary, [&] {
                                  db.prepare("UPDATE ps_customer_thread SET status = 'closed', "
                                             "date_upd = ?2 WHERE id_customer_thread = ?1")
                                      .bind_all(r.id_thread, now)
                                      .run();
                              });
    }
    r.id_message = insert_message(db, batch, r.id_thread, in.id_customer, in.id_employee, in.body,
                                  in.file_name, false, now, summary);
    insert_outbox(db, batch, in.id_customer, email, in.subject, in.body, now, summary);
    tx.commit();
    return r;
}

// --- 5. bulk job
// -----------------------------------------------------------------------------------

ThreadStatusJob::ThreadStatusJob(Database& db, std::vector<std::int64_t> ids, ThreadStatus status)
    : db_(db), ids_(std::move(ids)), status_(status) {
    total_ = static_cast<std::int64_t>(ids_.size());
}

ThreadStatusJob::~ThreadStatusJob() = default; // an unfinished transaction rolls back

std::string ThreadStatusJob::title() const {
    return tr("service.bulk_status");
}

bool ThreadStatusJob::work(std::chrono::steady_clock::time_point deadline) {
    if (!tx_) {
        tx_ = std::make_unique<Transaction>(db_);
        batch_ = audit::begin_batch(db_);
    }
    constexpr std::size_t kChunk = 128;
    while (next_ < ids_.size()) {
        const std::size_t to = std::min(ids_.size(), next_ + kChunk);
        for (; next_ < to; ++next_)
            changed_ += apply_status(db_, batch_, ids_[next_], status_) ? 1 : 0;
        done_ = static_cast<std::int64_t>(next_);
        if (std::chrono::steady_clock::now() >= deadline)
            break;
    }
    if (next_ < ids_.size())
        return false;
    tx_->commit();
    tx_.reset();
    return true;
}

void ThreadStatusJob::cancel() {
    if (finished_)
        return;
    tx_.reset(); // rolls back
    changed_ = 0;
    cancelled_ = finished_ = true;
}

void ThreadStatusJob::on_failure() {
    tx_.reset();
    changed_ = 0;
}

// --- 6. mail: mailto and .eml
// -----------------------------------------------------------------------

namespace {

std::string percent_encode(const std::string& s, bool keep_at) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
            (keep_at && c == '@'))
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Line breaks of any kind become CRLF.
std::string crlf(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += t[(n >> 6) & 63];
        out += t[n & 63];
    }
    if (i < in.size()) {
        unsigned n = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size())
            n |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += t[(n >> 18) & 63];
        out += t[(n >> 12) & 63];
        out += i + 1 < in.size() ? t[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Base64 in lines of 76 characters, CRLF after each.
std::string base64_lines(const std::string& in) {
    const std::string b = base64(in);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76)
        out += b.substr(i, 76) + "\r\n";
    return out;
}

bool is_ascii_printable(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// A header value: as is when printable ASCII, else RFC 2047 encoded words of whole UTF-8
// characters (at most 45 bytes each, so a word stays under 75 characters), folded.
std::string header_text(const std::string& s) {
    if (is_ascii_printable(s))
        return s;
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t end = std::min(s.size(), i + 45);
        while (end < s.size() && end > i && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
            --end; // do not split a character
        if (!out.empty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + base64(s.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

// Quoted-printable (RFC 2045 6.7): CRLF line breaks kept, lines of at most 76 characters.
std::string quoted_printable(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    const std::string src = crlf(text);
    std::string out, line;
    auto flush_soft = [&](std::size_t next_len) {
        if (line.size() + next_len > 75) {
            out += line + "=\r\n";
            line.clear();
        }
    };
    for (std::size_t i = 0; i < src.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(src[i]);
        if (c == '\r' && i + 1 < src.size() && src[i + 1] == '\n') {
            // Trailing white space before a line break is encoded.
            if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
                const char last = line.back();
                line.pop_back();
                flush_soft(3);
                line += last == ' ' ? "=20" : "=09";
            }
            out += line + "\r\n";
            line.clear();
            ++i;
            continue;
        }
        std::string piece;
        if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t')
            piece = std::string(1, static_cast<char>(c));
        else {
            piece = "=";
            piece += hex[c >> 4];
            piece += hex[c & 15];
        }
        // A line starting with "." or "From " can be mangled by mail transports.
        if (line.empty() && (c == '.' || (c == 'F' && src.compare(i, 5, "From ") == 0)))
            piece = c == '.' ? "=2E" : "=46";
        flush_soft(piece.size());
        line += piece;
    }
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        flush_soft(3);
        line += last == ' ' ? "=20" : "=09";
    }
    out += line;
    return out;
}

// "YYYY-MM-DD HH:MM:SS" (UTC) -> "Mon, 23 Nov 2026 10:00:00 +0000".
std::string rfc5322_date(const std::string& dt) {
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    if (std::sscanf(dt.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3)
        return rfc5322_date(now_datetime());
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int offsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    mo = std::clamp(mo, 1, 12);
    const int yy = mo < 3 ? y - 1 : y;
    const int wd = (yy + yy / 4 - yy / 100 + yy / 400 + offsets[mo - 1] + d) % 7;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[wd], d,
                  months[mo - 1], y, h, mi, s);
    return buf;
}

std::string fnv_hex(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string mime_type_of(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : lower(name.substr(dot + 1));
    if (ext == "pdf")
        return "application/pdf";
    if (ext == "jpg" || ext == "jpeg")
        return "image/jpeg";
    if (ext == "png")
        return "image/png";
    if (ext == "gif")
        return "image/gif";
    if (ext == "txt")
        return "text/plain";
    if (ext == "csv")
        return "text/csv";
    return "application/octet-stream";
}

// A file name parameter: quoted ASCII, else RFC 2231 (filename*=UTF-8''...).
std::string file_param(const char* name, const std::string& value) {
    if (is_ascii_printable(value) && value.find('"') == std::string::npos &&
        value.find('\\') == std::string::npos)
        return std::string(name) + "=\"" + value + "\"";
    return std::string(name) + "*=UTF-8''" + percent_encode(value, false);
}

} // namespace

std::string mailto_link(const std::string& to, const std::string& subject,
                        const std::string& body) {
    return "mailto:" + percent_encode(to, true) + "?subject=" + percent_encode(subject, false) +
           "&body=" + percent_encode(crlf(body), false);
}

std::string build_eml(const EmlMessage& m) {
    const std::string date = m.date.empty() ? now_datetime() : m.date;
    const std::string id = fnv_hex(date + m.from + m.to + m.subject + m.body);
    std::string out;
    out += "Date: " + rfc5322_date(date) + "\r\n";
    out += "From: " + m.from + "\r\n";
    out += "To: " + m.to + "\r\n";
    out += "Subject: " + header_text(m.subject) + "\r\n";
    out += "Message-ID: <" + id + "@" + m.message_id_host + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    const std::string text_headers = "Content-Type: text/plain; charset=UTF-8\r\n"
                                     "Content-Transfer-Encoding: quoted-printable\r\n";
    std::string body = quoted_printable(m.body);
    if (m.attachment_name.empty()) {
        out += text_headers + "\r\n" + body + "\r\n";
        return out;
    }
    const std::string boundary = "=_clientele_" + id;
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n";
    out += "--" + boundary + "\r\n" + text_headers + "\r\n" + body + "\r\n";
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + mime_type_of(m.attachment_name) + "; " +
           file_param("name", m.attachment_name) + "\r\n";
    out += "Content-Transfer-Encoding: base64\r\n";
    out += "Content-Disposition: attachment; " + file_param("filename", m.attachment_name) +
           "\r\n\r\n";
    out += base64_lines(m.attachment_bytes);
    out += "--" + boundary + "--\r\n";
    return out;
}

std::string service_from_address(Database& db, std::int64_t id_contact) {
    {
        Statement st = db.prepare("SELECT email FROM ps_contact WHERE id_contact = ?1");
        st.bind(1, id_contact);
        if (st.step() && !st.text(0).empty())
            return st.text(0);
    }
    Statement st = db.prepare("SELECT value FROM ps_configuration WHERE name = 'PS_SHOP_EMAIL'");
    if (st.step() && !st.is_null(0) && !st.text(0).empty())
        return st.text(0);
    return "no-reply@clientele.invalid";
}

} // namespace clientele::core
