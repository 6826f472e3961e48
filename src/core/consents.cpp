#include "core/consents.h"

#include "core/customers.h"
#include "core/db.h"
#include "core/password.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace clientele::core {

// --- consent log ------------------------------------------------------------------------------

ConsentSource::ConsentSource(Database& db, const std::string& source, const std::string& ip)
    : db_(db) {
    if (std::find(std::begin(kConsentSources), std::end(kConsentSources), source) ==
        std::end(kConsentSources))
        throw std::invalid_argument("unknown consent source '" + source + "'");
    db_.prepare("UPDATE cl_state SET consent_source = ?1, consent_ip = ?2")
        .bind_all(source, ip.empty() ? std::optional<std::string>() : std::optional(ip))
        .run();
}

ConsentSource::~ConsentSource() {
    try {
        db_.exec("UPDATE cl_state SET consent_source = 'app', consent_ip = NULL");
    } catch (const std::exception&) {
        // The transaction it belonged to was rolled back: the row is back to its defaults.
    }
}

std::vector<ConsentEntry> consent_log(Database& db, std::int64_t id_customer, int limit) {
    std::vector<ConsentEntry> out;
    Statement st = db.prepare(
        "SELECT id, id_customer, consent, given, date_add, COALESCE(ip, ''), source FROM "
        "cl_consent_log WHERE id_customer = ?1 ORDER BY id DESC LIMIT ?2");
    st.bind_all(id_customer, limit);
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.text(2), st.int64(3) != 0, st.text(4),
                       st.text(5), st.text(6)});
    return out;
}

std::int64_t consent_log_count(Database& db, std::int64_t id_customer) {
    Statement st = db.prepare("SELECT COUNT(*) FROM cl_consent_log WHERE id_customer = ?1");
    st.bind(1, id_customer);
    return st.step() ? st.int64(0) : 0;
}

// --- the demo account -------------------------------------------------------------------------

const std::vector<std::string>& published_demo_passwords() {
    // "123456789": PrestaShop's installer fixtures; "prestashop_demo": the demo shop's account.
    static const std::vector<std::string> list = {"123456789", "prestashop_demo"};
    return list;
}

namespace {

bool is_public_hash(const std::string& hash) {
    static std::map<std::string, bool> known; // hash -> verdict (bcrypt is slow on purpose)
    auto it = known.find(hash);
    if (it != known.end())
        return it->second;
    bool pub = false;
    for (const std::string& p : published_demo_passwords())
        pub = pub || password::verify(p, hash);
    if (known.size() > 64)
        known.clear();
    known.emplace(hash, pub);
    return pub;
}

} // namespace

DemoAccountStatus demo_account_status(Database& db) {
    DemoAccountStatus s;
    Statement st = db.prepare("SELECT id_customer, active, passwd FROM ps_customer WHERE email = "
                              "?1 COLLATE NOCASE AND deleted = 0 AND is_guest = 0 ORDER BY "
                              "active DESC, id_customer LIMIT 1");
    st.bind(1, kDemoAccountEmail);
    if (!st.step())
        return s;
    s.id_customer = st.int64(0);
    s.active = st.int64(1) != 0;
    s.public_password = is_public_hash(st.text(2));
    return s;
}

void disable_demo_account(Database& db) {
    const DemoAccountStatus s = demo_account_status(db);
    if (s.id_customer > 0 && s.active)
        set_flag(db, {s.id_customer}, Flag::Active, false);
}

void change_demo_account_password(Database& db, const std::string& new_password) {
    const auto& pub = published_demo_passwords();
    if (std::find(pub.begin(), pub.end(), new_password) != pub.end())
        throw ValidationError({{"password", "this password is published: choose another one",
                                "err.password_public"}});
    const DemoAccountStatus s = demo_account_status(db);
    if (s.id_customer <= 0)
        return;
    std::optional<CustomerInput> in = load_customer_input(db, s.id_customer);
    if (!in)
        return;
    in->password = new_password;
    update_customer(db, s.id_customer, *in);
}

} // namespace clientele::core
