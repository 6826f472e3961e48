// Sections: 1. keys  2. the scan job  3. merge
#include "core/duplicates.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/i18n.h"

#include <algorithm>
#include <map>
#include <set>

namespace clientele::core {

// --- 1. keys ------------------------------------------------------------------------------------

namespace {

std::string ascii_lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// FNV-1a: the same hash on every platform.
std::uint64_t hash_of(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

constexpr int kChunk = 2000;

} // namespace

const char* duplicate_reason_name(DuplicateReason r) {
    switch (r) {
    case DuplicateReason::Email:
        return "email";
    case DuplicateReason::NamePostcode:
        return "name_postcode";
    case DuplicateReason::Phone:
        return "phone";
    }
    return "";
}

std::string email_key(const std::string& email) {
    std::string e = ascii_lower(trimmed(email));
    const auto at = e.rfind('@');
    if (at == std::string::npos || at == 0)
        return e;
    std::string local = e.substr(0, at);
    local.erase(std::remove(local.begin(), local.end(), '.'), local.end());
    return local + e.substr(at);
}

std::string name_postcode_key(const std::string& firstname, const std::string& lastname,
                              const std::string& postcode) {
    std::string pc;
    for (char c : postcode)
        if (c != ' ' && c != '-')
            pc += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    const std::string f = ascii_lower(trimmed(firstname)), l = ascii_lower(trimmed(lastname));
    if (pc.empty() || f.empty() || l.empty())
        return "";
    return f + "|" + l + "|" + pc;
}

std::string phone_key(const std::string& phone) {
    std::string digits;
    for (char c : phone)
        if (c >= '0' && c <= '9')
            digits += c;
    return digits.size() >= 6 ? digits : "";
}

// --- 2. the scan job
// ------------------------------------------------------------------------------

DuplicateScanJob::DuplicateScanJob(Database& db) : db_(db) {}

std::string DuplicateScanJob::title() const {
    return tr("dup.scanning");
}

void DuplicateScanJob::cancel() {
    cancelled_ = finished_ = true;
    for (auto& e : entries_)
        std::vector<Entry>().swap(e);
    candidates_.clear();
    groups_.clear();
}

bool DuplicateScanJob::scan_customers(std::chrono::steady_clock::time_point deadline) {
    Statement st = db_.prepare("SELECT id_customer, email FROM ps_customer WHERE id_customer > ?1 "
                               "AND deleted = 0 ORDER BY id_customer LIMIT ?2");
    do {
        st.reset();
        st.bind_all(after_, kChunk);
        int n = 0;
        while (st.step()) {
            ++n;
            after_ = st.int64(0);
            if (after_ == anonymous_)
                continue;
            const std::string key = email_key(st.text(1));
            if (!key.empty())
                entries_[0].push_back({hash_of(key), after_});
        }
        done_ += n;
        if (n < kChunk)
            return true;
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

bool DuplicateScanJob::scan_addresses(std::chrono::steady_clock::time_point deadline) {
    Statement st = db_.prepare(
        "SELECT a.id_address, a.id_customer, c.firstname, c.lastname, COALESCE(a.postcode, ''), "
        "COALESCE(a.phone, ''), COALESCE(a.phone_mobile, '') FROM ps_address a JOIN ps_customer c "
        "ON c.id_customer = a.id_customer WHERE a.id_address > ?1 AND a.deleted = 0 AND "
        "c.deleted = 0 ORDER BY a.id_address LIMIT ?2");
    do {
        st.reset();
        st.bind_all(after_, kChunk);
        int n = 0;
        while (st.step()) {
            ++n;
            after_ = st.int64(0);
            const std::int64_t id = st.int64(1);
            if (id == anonymous_)
                continue;
            const std::string np = name_postcode_key(st.text(2), st.text(3), st.text(4));
            if (!np.empty())
                entries_[1].push_back({hash_of(np), id});
            for (int col : {5, 6}) {
                const std::string ph = phone_key(st.text(col));
                if (!ph.empty())
                    entries_[2].push_back({hash_of(ph), id});
            }
        }
        done_ += n;
        if (n < kChunk)
            return true;
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

// Sorts one reason's keys and keeps the hashes shared by at least two accounts.
void DuplicateScanJob::collect(int reason) {
    std::vector<Entry>& v = entries_[reason];
    std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.id < b.id;
    });
    v.erase(std::unique(
                v.begin(), v.end(),
                [](const Entry& a, const Entry& b) { return a.hash == b.hash && a.id == b.id; }),
            v.end());
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i + 1;
        while (j < v.size() && v[j].hash == v[i].hash)
            ++j;
        if (j - i >= 2) {
            std::vector<std::int64_t> ids;
            for (std::size_t k = i; k < j; ++k)
                ids.push_back(v[k].id);
            candidates_.emplace_back(reason, std::move(ids));
            hashes_.push_back(v[i].hash);
        }
        i = j;
    }
    std::vector<Entry>().swap(v);
}

// Reads the real keys of a candidate's accounts and keeps those that are really shared.
bool DuplicateScanJob::verify(std::chrono::steady_clock::time_point deadline) {
    Statement email = db_.prepare("SELECT email FROM ps_customer WHERE id_customer = ?1");
    Statement names =
        db_.prepare("SELECT firstname, lastname FROM ps_customer WHERE id_customer = ?1");
    Statement addresses = db_.prepare(
        "SELECT COALESCE(postcode, ''), COALESCE(phone, ''), COALESCE(phone_mobile, '') FROM "
        "ps_address WHERE id_customer = ?1 AND deleted = 0");
    while (checked_ < candidates_.size()) {
        const auto& [reason, ids] = candidates_[checked_];
        const std::uint64_t hash = hashes_[checked_];
        ++checked_;
        std::map<std::string, std::vector<std::int64_t>> by_key;
        for (std::int64_t id : ids) {
            std::set<std::string> keys;
            if (reason == 0) {
                email.reset();
                email.bind(1, id);
                if (email.step())
                    keys.insert(email_key(email.text(0)));
            } else {
                std::string first, last;
                names.reset();
                names.bind(1, id);
                if (names.step()) {
                    first = names.text(0);
                    last = names.text(1);
                }
                addresses.reset();
                addresses.bind(1, id);
                while (addresses.step()) {
                    if (reason == 1)
                        keys.insert(name_postcode_key(first, last, addresses.text(0)));
                    else
                        for (int col : {1, 2})
                            keys.insert(phone_key(addresses.text(col)));
                }
            }
            for (const std::string& k : keys)
                if (!k.empty() && hash_of(k) == hash)
                    by_key[k].push_back(id);
        }
        for (auto& [key, members] : by_key) {
            if (members.size() < 2)
                continue;
            DuplicateGroup g;
            g.ids = members;
            g.matches.push_back({static_cast<DuplicateReason>(reason), key});
            groups_.push_back(std::move(g));
        }
        done_ = static_cast<std::int64_t>(checked_);
        if (std::chrono::steady_clock::now() >= deadline)
            break;
    }
    return checked_ >= candidates_.size();
}

bool DuplicateScanJob::work(std::chrono::steady_clock::time_point deadline) {
    switch (phase_) {
    case 0: {
        Statement st = db_.prepare("SELECT id_customer FROM ps_customer WHERE email = "
                                   "'anonymous@anonymous.com' LIMIT 1");
        anonymous_ = st.step() ? st.int64(0) : 0;
        total_ = db_.scalar_int("SELECT COUNT(*) FROM ps_customer WHERE deleted = 0") +
                 db_.scalar_int("SELECT COUNT(*) FROM ps_address WHERE deleted = 0");
        phase_ = 1;
        return false;
    }
    case 1:
        if (scan_customers(deadline)) {
            phase_ = 2;
            after_ = 0;
        }
        return false;
    case 2:
        if (scan_addresses(deadline))
            phase_ = 3;
        return false;
    case 3:
    case 4:
    case 5:
        collect(phase_ - 3);
        if (++phase_ == 6) {
            done_ = 0;
            total_ = static_cast<std::int64_t>(candidates_.size());
        }
        return false;
    case 6:
        if (!verify(deadline))
            return false;
        break;
    }
    // One group per set of accounts, with every reason they share.
    std::map<std::vector<std::int64_t>, std::size_t> index;
    std::vector<DuplicateGroup> merged;
    for (DuplicateGroup& g : groups_) {
        auto it = index.find(g.ids);
        if (it == index.end()) {
            index.emplace(g.ids, merged.size());
            merged.push_back(std::move(g));
        } else {
            auto& m = merged[it->second].matches;
            m.insert(m.end(), g.matches.begin(), g.matches.end());
        }
    }
    std::sort(merged.begin(), merged.end(),
              [](const DuplicateGroup& a, const DuplicateGroup& b) { return a.ids < b.ids; });
    groups_ = std::move(merged);
    candidates_.clear();
    hashes_.clear();
    return true;
}

std::vector<DuplicateGroup> find_duplicates(Database& db) {
    DuplicateScanJob job(db);
    run_to_completion(job);
    if (!job.error().empty())
        throw std::runtime_error(job.error());
    return job.groups();
}

// --- 3. merge
// ---------------------------------------------------------------------------------------

namespace {

// Rows that name the customer in an id_customer column and move to the kept account.
struct MovedRows {
    const char* table;
    const char* pk;
    const char* count;
};
const MovedRows kMoved[] = {
    {"ps_orders", "id_order", "orders"},
    {"ps_order_return", "id_order_return", "returns"},
    {"ps_order_slip", "id_order_slip", "credit_slips"},
    {"ps_address", "id_address", "addresses"},
    {"ps_cart", "id_cart", "carts"},
    {"ps_cart_rule", "id_cart_rule", "vouchers"},
    {"ps_customer_thread", "id_customer_thread", "threads"},
    {"ps_guest", "id_guest", "guests"},
    {"cl_outbox", "id", "outbox"},
};

std::vector<std::int64_t> ids_of(Database& db, const std::string& sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::int64_t count_of(Database& db, const std::string& sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step() ? st.int64(0) : 0;
}

void check_merge(Database& db, std::int64_t keep, std::int64_t other) {
    auto fail = [](const char* message, const char* code) {
        throw ValidationError({{"other", message, code}});
    };
    if (keep == other)
        fail("an account cannot be merged into itself", "err.merge_same");
    for (std::int64_t id : {keep, other}) {
        Statement st = db.prepare("SELECT email FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, id);
        if (!st.step())
            fail("there is no such customer", "err.merge_missing");
        if (st.text(0) == "anonymous@anonymous.com")
            fail("the anonymous customer keeps erased accounts' orders and cannot be merged",
                 "err.merge_anonymous");
    }
}

} // namespace

std::vector<std::pair<std::string, std::int64_t>> merge_preview(Database& db, std::int64_t keep,
                                                                std::int64_t other) {
    check_merge(db, keep, other);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const MovedRows& m : kMoved) {
        out.emplace_back(
            m.count,
            count_of(db, std::string("SELECT COUNT(*) FROM ") + m.table + " WHERE id_customer = ?1",
                     other));
        if (std::string(m.table) == "ps_customer_thread")
            out.emplace_back("messages",
                             count_of(db,
                                      "SELECT COUNT(*) FROM ps_customer_message WHERE "
                                      "id_customer_thread IN (SELECT id_customer_thread FROM "
                                      "ps_customer_thread WHERE id_customer = ?1)",
                                      other));
        if (std::string(m.table) == "ps_guest")
            out.emplace_back("connections",
                             count_of(db,
                                      "SELECT COUNT(*) FROM ps_connections WHERE id_guest IN "
                                      "(SELECT id_guest FROM ps_guest WHERE id_customer = ?1)",
                                      other));
    }
    out.emplace_back(
        "groups",
        count_of(db, "SELECT COUNT(*) FROM ps_customer_group WHERE id_customer = ?1", other));
    out.emplace_back("audit_entries",
                     count_of(db, "SELECT COUNT(*) FROM cl_audit WHERE entity_id = ?1", other));
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> merge_customers(Database& db, std::int64_t keep,
                                                                  std::int64_t other) {
    Transaction tx(db);
    auto counts = merge_preview(db, keep, other);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary =
        "customer #" + std::to_string(other) + " merged into #" + std::to_string(keep);

    // The other account's audit trail first (before this batch writes rows of its own).
    for (std::int64_t row :
         ids_of(db, "SELECT id FROM cl_audit WHERE entity_id = ?1 ORDER BY id", other))
        audit::tracked_update(db, batch, "cl_audit", {{"id", row}}, keep, summary, [&] {
            db.prepare("UPDATE cl_audit SET entity_id = ?2 WHERE id = ?1")
                .bind_all(row, keep)
                .run();
        });

    for (const MovedRows& m : kMoved) {
        const std::string table = m.table, pk = m.pk;
        Statement move =
            db.prepare("UPDATE " + table + " SET id_customer = ?2 WHERE " + pk + " = ?1");
        for (std::int64_t row :
             ids_of(db, "SELECT " + pk + " FROM " + table + " WHERE id_customer = ?1", other))
            audit::tracked_update(db, batch, table, {{pk, row}}, keep, summary, [&] {
                move.reset();
                move.bind_all(row, keep);
                move.run();
            });
    }

    // Group memberships: the kept account joins the other's groups, the other's rows go.
    for (std::int64_t g :
         ids_of(db, "SELECT id_group FROM ps_customer_group WHERE id_customer = ?1", other)) {
        audit::tracked_update(db, batch, "ps_customer_group",
                              {{"id_customer", keep}, {"id_group", g}}, keep, summary, [&] {
                                  db.prepare("INSERT OR IGNORE INTO ps_customer_group(id_customer, "
                                             "id_group) VALUES (?1, ?2)")
                                      .bind_all(keep, g)
                                      .run();
                              });
        audit::tracked_update(db, batch, "ps_customer_group",
                              {{"id_customer", other}, {"id_group", g}}, keep, summary, [&] {
                                  db.prepare("DELETE FROM ps_customer_group WHERE id_customer = ?1 "
                                             "AND id_group = ?2")
                                      .bind_all(other, g)
                                      .run();
                              });
    }

    // The kept account's last visit may now be one of the other's (visits follow ps_guest).
    audit::tracked_update(
        db, batch, "cl_customer_stats", {{"id_customer", keep}}, keep, summary, [&] {
            db.prepare("UPDATE cl_customer_stats SET (last_visit, last_visit_ip) = "
                       "(SELECT c.date_add, c.ip_address FROM ps_connections c JOIN "
                       "ps_guest g ON g.id_guest = c.id_guest WHERE g.id_customer = "
                       "?1 ORDER BY c.date_add DESC LIMIT 1) WHERE id_customer = ?1 "
                       "AND EXISTS (SELECT 1 FROM ps_guest g JOIN ps_connections c "
                       "ON c.id_guest = g.id_guest WHERE g.id_customer = ?1)")
                .bind_all(keep)
                .run();
        });

    // The other's derived row goes with the account (cascade); recorded so that undo gives
    // back its last visit, which no trigger recomputes.
    const nlohmann::json stats = audit::snapshot(db, "cl_customer_stats", {{"id_customer", other}});
    if (!stats.is_null())
        audit::record(db, batch, "delete", "cl_customer_stats", keep, stats, nullptr, summary);
    // The account row keeps its password hash in the log, so that undo gives back an account
    // its owner can still sign in to.
    const nlohmann::json account = audit::snapshot(db, "ps_customer", {{"id_customer", other}});
    db.prepare("DELETE FROM ps_customer WHERE id_customer = ?1").bind_all(other).run();
    audit::record(db, batch, "delete", "ps_customer", keep, account, nullptr, summary, true);
    tx.commit();
    return counts;
}

} // namespace clientele::core
