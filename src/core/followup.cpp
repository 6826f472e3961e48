// Sections: 1. settings  2. candidates  3. the run  4. statistics
#include "core/followup.h"

#include "core/config.h"

#include "core/audit.h"
#include "core/customer_sheet.h"
#include "core/customer_vouchers.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/store.h"

#include <cmath>
#include <cstdio>

namespace clientele::core {

const char* followup_event_name(FollowupEvent e) {
    switch (e) {
    case FollowupEvent::AbandonedCart:
        return "abandoned_cart";
    case FollowupEvent::Thanks:
        return "thanks";
    case FollowupEvent::BestCustomer:
        return "best_customer";
    case FollowupEvent::Inactive:
        break;
    }
    return "inactive";
}

// --- 1. settings --------------------------------------------------------------------------------

namespace {

std::string key(const char* what, int n) {
    return std::string("PS_FOLLOW_UP_") + what + "_" + std::to_string(n);
}

std::optional<double> number(const std::optional<std::string>& v) {
    if (!v || v->empty())
        return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (*end != '\0' || !std::isfinite(d))
        return std::nullopt;
    return d;
}

std::string number_text(double v) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::vector<std::pair<std::string, std::string>> as_values(const FollowupSettings& s) {
    std::vector<std::pair<std::string, std::string>> out;
    for (int n = 1; n <= 4; ++n) {
        const FollowupEventSettings& e = s.events[n - 1];
        out.emplace_back(key("ENABLE", n), e.enabled ? "1" : "0");
        out.emplace_back(key("AMOUNT", n), number_text(e.percent));
        out.emplace_back(key("DAYS", n), std::to_string(e.validity_days));
    }
    out.emplace_back("PS_FOLLOW_UP_THRESHOLD_3", number_text(s.best_threshold));
    out.emplace_back("PS_FOLLOW_UP_DAYS_THRESHOLD_4", std::to_string(s.inactive_days));
    return out;
}

} // namespace

FollowupSettings load_followup_settings(Database& db) {
    FollowupSettings s;
    for (int n = 1; n <= 4; ++n) {
        FollowupEventSettings& e = s.events[n - 1];
        if (auto v = number(read_config(db, key("ENABLE", n))))
            e.enabled = *v != 0;
        if (auto v = number(read_config(db, key("AMOUNT", n))))
            e.percent = *v;
        if (auto v = number(read_config(db, key("DAYS", n))))
            e.validity_days = static_cast<int>(*v);
    }
    if (auto v = number(read_config(db, "PS_FOLLOW_UP_THRESHOLD_3")))
        s.best_threshold = *v;
    if (auto v = number(read_config(db, "PS_FOLLOW_UP_DAYS_THRESHOLD_4")))
        s.inactive_days = static_cast<int>(*v);
    return s;
}

std::vector<FieldError> validate_followup_settings(const FollowupSettings& s) {
    std::vector<FieldError> e;
    for (int n = 1; n <= 4; ++n) {
        const FollowupEventSettings& ev = s.events[n - 1];
        if (!(ev.percent > 0 && ev.percent <= 100))
            e.push_back({"percent_" + std::to_string(n),
                         "the reduction must be more than 0 and at most 100 %",
                         "err.reduction_range"});
        if (ev.validity_days < 1 || ev.validity_days > 365)
            e.push_back({"days_" + std::to_string(n), "the validity must be 1 to 365 days",
                         "err.validity_days"});
    }
    if (!(s.best_threshold > 0) || !std::isfinite(s.best_threshold))
        e.push_back({"threshold_3", "the amount must be more than 0", "err.threshold"});
    if (s.inactive_days < 1 || s.inactive_days > 3650)
        e.push_back({"days_threshold_4", "must be 1 to 3650 days", "err.inactive_days"});
    return e;
}

int save_followup_settings(Database& db, const FollowupSettings& s) {
    auto errors = validate_followup_settings(s);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    std::int64_t batch = 0;
    int changed = 0;
    for (const auto& [name, value] : as_values(s))
        changed += write_config(db, batch, name, value, "follow-up settings changed") ? 1 : 0;
    tx.commit();
    return changed;
}

// --- 2. candidates ----------------------------------------------------------------------------

namespace {

// The customers a segment allows, as a JSON array for json_each (bound, never spliced).
std::string ids_json(const std::vector<std::int64_t>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? "," : "") + std::to_string(ids[i]);
    return out + "]";
}

// Every event's selection as "SELECT id_customer, id_cart, id_order ..." with its parameters:
// ?1 the lower date, ?2 the upper date (or the threshold), ?3 the segment's ids (JSON).
struct Selection {
    std::string sql;
    std::string low, high;
    double threshold = 0;
    bool empty = false; // nothing can match (an unreadable date)
};

constexpr const char* kReachable =
    " AND cu.deleted = 0 AND trim(cu.email) <> ''"; // someone to write to
constexpr const char* kRegistered = " AND cu.is_guest = 0 AND cu.active = 1";

Selection selection(Database& db, FollowupEvent event, const FollowupSettings& s,
                    const std::string& today, bool segment) {
    Selection q;
    const std::string now = datetime_of(db, today);
    const std::string only =
        segment ? " AND cu.id_customer IN (SELECT value FROM json_each(?3))" : std::string();
    switch (event) {
    case FollowupEvent::AbandonedCart:
        // cart_status() as SQL over the same cutoff: no order and older than the cutoff.
        q.low = datetime_of(db, today, -kFollowupWindowDays);
        q.high = abandoned_cart_cutoff(db, today);
        q.sql = std::string("SELECT c.id_customer, c.id_cart, 0 FROM ps_cart c JOIN ps_customer "
                            "cu ON cu.id_customer = c.id_customer WHERE c.date_upd >= ?1 AND "
                            "c.date_upd < ?2 AND NOT EXISTS (SELECT 1 FROM ps_orders o WHERE "
                            "o.id_cart = c.id_cart) AND EXISTS (SELECT 1 FROM ps_cart_product cp "
                            "WHERE cp.id_cart = c.id_cart) AND NOT EXISTS (SELECT 1 FROM "
                            "ps_log_email l WHERE l.id_cart = c.id_cart AND l.id_email_type = 1)") +
                kReachable + only + " ORDER BY c.id_cart";
        break;
    case FollowupEvent::Thanks:
        q.low = datetime_of(db, today, -kFollowupWindowDays);
        q.high = now;
        q.sql = std::string("SELECT o.id_customer, COALESCE(o.id_cart, 0), o.id_order FROM "
                            "ps_orders o JOIN ps_customer cu ON cu.id_customer = o.id_customer "
                            "WHERE o.date_add >= ?1 AND o.date_add <= ?2 AND o.valid = 1 AND NOT "
                            "EXISTS (SELECT 1 FROM ps_log_email l WHERE l.id_order = o.id_order "
                            "AND l.id_email_type = 2)") +
                kReachable + kRegistered + only + " ORDER BY o.id_order";
        break;
    case FollowupEvent::BestCustomer:
        q.low = datetime_of(db, today, -kBestCustomerDays);
        q.high = now;
        q.threshold = s.best_threshold;
        q.sql = std::string("SELECT o.id_customer, 0, 0 FROM ps_orders o JOIN ps_customer cu ON "
                            "cu.id_customer = o.id_customer WHERE o.date_add >= ?1 AND o.date_add "
                            "<= ?2 AND o.valid = 1 AND NOT EXISTS (SELECT 1 FROM ps_log_email l "
                            "WHERE l.id_customer = o.id_customer AND l.id_email_type = 3)") +
                kReachable + kRegistered + only +
                " GROUP BY o.id_customer HAVING SUM(o.total_paid_real / o.conversion_rate) >= ?4 "
                "ORDER BY o.id_customer";
        break;
    case FollowupEvent::Inactive:
        q.low = datetime_of(db, today, -s.inactive_days);
        q.sql = std::string("SELECT s.id_customer, 0, 0 FROM cl_customer_stats s JOIN "
                            "ps_customer cu ON cu.id_customer = s.id_customer WHERE s.last_order "
                            "< ?1 AND NOT EXISTS (SELECT 1 FROM ps_log_email l WHERE "
                            "l.id_customer = s.id_customer AND l.id_email_type = 4)") +
                kReachable + kRegistered + only + " ORDER BY s.id_customer";
        q.high = "-"; // no upper date: ?2 is not used
        break;
    }
    q.empty = q.low.empty() || q.high.empty();
    return q;
}

void bind_selection(Statement& st, const Selection& q, FollowupEvent event,
                    const std::vector<std::int64_t>* only) {
    st.bind(1, q.low);
    if (event != FollowupEvent::Inactive)
        st.bind(2, q.high);
    if (only)
        st.bind(3, ids_json(*only));
    if (event == FollowupEvent::BestCustomer)
        st.bind(4, q.threshold);
}

} // namespace

std::vector<FollowupCandidate> followup_candidates(Database& db, FollowupEvent event,
                                                   const FollowupSettings& s,
                                                   const std::string& today,
                                                   const std::vector<std::int64_t>* only) {
    std::vector<FollowupCandidate> out;
    const Selection q = selection(db, event, s, today, only != nullptr);
    if (q.empty)
        return out;
    Statement st = db.prepare(q.sql);
    bind_selection(st, q, event, only);
    while (st.step())
        out.push_back({event, st.int64(0), st.int64(1), st.int64(2)});
    return out;
}

std::int64_t count_followup_candidates(Database& db, FollowupEvent event, const FollowupSettings& s,
                                       const std::string& today,
                                       const std::vector<std::int64_t>* only) {
    const Selection q = selection(db, event, s, today, only != nullptr);
    if (q.empty)
        return 0;
    Statement st = db.prepare("SELECT COUNT(*) FROM (" + q.sql + ")");
    bind_selection(st, q, event, only);
    return st.step() ? st.int64(0) : 0;
}

std::array<std::int64_t, 4> preview_followup(Database& db, const FollowupSettings& s,
                                             const std::string& today,
                                             const std::vector<std::int64_t>* only) {
    std::array<std::int64_t, 4> out{};
    for (FollowupEvent e : kFollowupEvents)
        out[followup_index(e)] = count_followup_candidates(db, e, s, today, only);
    return out;
}

// --- 3. the run ---------------------------------------------------------------------------------

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

std::string event_key(const char* what, FollowupEvent e) {
    return std::string("followup.") + what + "_" + std::to_string(static_cast<int>(e));
}

} // namespace

FollowupRunJob::FollowupRunJob(Database& db, std::string today,
                               std::optional<std::vector<std::int64_t>> only)
    : db_(db), today_(std::move(today)), only_(std::move(only)) {}

FollowupRunJob::~FollowupRunJob() = default; // an unfinished transaction rolls back

std::string FollowupRunJob::title() const {
    return tr("followup.run_title");
}

bool FollowupRunJob::work(std::chrono::steady_clock::time_point deadline) {
    if (!tx_) {
        tx_ = std::make_unique<Transaction>(db_);
        settings_ = load_followup_settings(db_);
        now_ = datetime_of(db_, today_);
        if (now_.empty())
            throw std::invalid_argument("unreadable date '" + today_ + "'");
    }
    // One event's selection per step (each is one indexed query), then the vouchers.
    while (gathered_ < kFollowupEvents.size()) {
        const FollowupEvent e = kFollowupEvents[gathered_++];
        if (settings_.of(e).enabled) {
            auto found = followup_candidates(db_, e, settings_, today_, only_ ? &*only_ : nullptr);
            todo_.insert(todo_.end(), found.begin(), found.end());
            total_ = static_cast<std::int64_t>(todo_.size());
            return false;
        }
    }
    while (static_cast<std::size_t>(done_) < todo_.size()) {
        send(todo_[static_cast<std::size_t>(done_)]);
        ++done_;
        if ((done_ & 31) == 0 && std::chrono::steady_clock::now() >= deadline)
            return false;
    }
    tx_->commit();
    tx_.reset();
    return true;
}

void FollowupRunJob::send(const FollowupCandidate& c) {
    if (!batch_)
        batch_ = audit::begin_batch(db_);
    const FollowupEventSettings& ev = settings_.of(c.event);
    std::string firstname, lastname, email;
    {
        Statement st = db_.prepare(
            "SELECT firstname, lastname, trim(email) FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, c.id_customer);
        if (st.step()) {
            firstname = st.text(0);
            lastname = st.text(1);
            email = st.text(2);
        }
    }
    const int n = static_cast<int>(c.event);
    CustomerVoucher v;
    v.id_customer = c.id_customer;
    v.code = unused_voucher_code(db_, "FLW-" + std::to_string(n) + "-", 10);
    v.name = tr(event_key("voucher", c.event).c_str());
    v.description = std::string("Follow-up: ") + followup_event_name(c.event);
    v.date_from = now_;
    v.date_to = datetime_of(db_, now_, ev.validity_days);
    v.reduction_percent = ev.percent;
    const std::string summary =
        std::string("follow-up sent (") + followup_event_name(c.event) + "): voucher " + v.code;
    const std::int64_t id_rule = create_customer_voucher(db_, batch_, v, summary);

    auto fill = [&](std::string s) {
        s = replace_all(s, "{firstname}", firstname);
        s = replace_all(s, "{lastname}", lastname);
        s = replace_all(s, "{code}", v.code);
        s = replace_all(s, "{percent}", number_text(ev.percent));
        s = replace_all(s, "{days}", std::to_string(ev.validity_days));
        s = replace_all(s, "{date_to}", v.date_to.substr(0, 10));
        s = replace_all(s, "{days_threshold}", std::to_string(settings_.inactive_days));
        return s;
    };
    const std::string subject = fill(tr(event_key("subject", c.event).c_str()));
    const std::string body = fill(tr(event_key("body", c.event).c_str()));
    db_.prepare("INSERT INTO cl_outbox(id_customer, email, subject, body, kind, date_add) VALUES "
                "(?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_all(c.id_customer, email, subject, body,
                  std::string("followup_") + followup_event_name(c.event), now_)
        .run();
    const std::int64_t id_outbox = db_.last_insert_id();
    audit::record(db_, batch_, "create", "cl_outbox", c.id_customer, nullptr,
                  audit::snapshot(db_, "cl_outbox", {{"id", id_outbox}}), summary);
    db_.prepare("INSERT INTO ps_log_email(id_email_type, id_cart_rule, id_customer, id_cart, "
                "id_order, date_add) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_all(n, id_rule, c.id_customer,
                  c.id_cart > 0 ? std::optional<std::int64_t>(c.id_cart) : std::nullopt,
                  c.id_order > 0 ? std::optional<std::int64_t>(c.id_order) : std::nullopt, now_)
        .run();
    const std::int64_t id_log = db_.last_insert_id();
    audit::record(db_, batch_, "create", "ps_log_email", c.id_customer, nullptr,
                  audit::snapshot(db_, "ps_log_email", {{"id_log_email", id_log}}), summary);
    ++result_.sent[followup_index(c.event)];
    if (result_.codes.size() < 20)
        result_.codes.push_back(v.code);
}

void FollowupRunJob::cancel() {
    if (finished_)
        return;
    tx_.reset(); // rolls back
    cancelled_ = true;
    finished_ = true;
    result_ = FollowupRunResult{};
}

void FollowupRunJob::on_failure() {
    tx_.reset();
    result_ = FollowupRunResult{};
}

FollowupRunResult run_followup(Database& db, const std::string& today) {
    FollowupRunJob job(db, today);
    run_to_completion(job);
    if (!job.error().empty())
        throw std::runtime_error(job.error());
    return job.result();
}

// --- 4. statistics ----------------------------------------------------------------------------

std::vector<FollowupStats> followup_stats(Database& db, const std::string& today, int days) {
    std::vector<FollowupStats> out;
    for (FollowupEvent e : kFollowupEvents)
        out.push_back({e, 0, 0, 0});
    const std::string since = datetime_of(db, today, -days);
    if (since.empty())
        return out;
    // The log's date index gives the period; each voucher's use is one probe of
    // ps_order_cart_rule_rule.
    Statement st = db.prepare(
        "SELECT l.id_email_type, COUNT(*), SUM(EXISTS (SELECT 1 FROM ps_order_cart_rule ocr JOIN "
        "ps_orders o ON o.id_order = ocr.id_order WHERE ocr.id_cart_rule = l.id_cart_rule AND "
        "o.valid = 1)) FROM ps_log_email l WHERE l.date_add >= ?1 GROUP BY l.id_email_type");
    st.bind(1, since);
    while (st.step()) {
        const int n = st.int32(0);
        if (n < 1 || n > 4)
            continue;
        FollowupStats& s = out[static_cast<std::size_t>(n - 1)];
        s.sent = st.int64(1);
        s.used = st.int64(2);
        s.conversion =
            s.sent ? static_cast<double>(s.used) * 100.0 / static_cast<double>(s.sent) : 0;
    }
    return out;
}

} // namespace clientele::core
