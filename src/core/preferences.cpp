#include "core/preferences.h"

#include "core/config.h"
#include "core/db.h"
#include "core/store.h"

#include <optional>
#include <string>
#include <utility>

namespace clientele::core {

namespace {

std::optional<std::int64_t> whole(const std::optional<std::string>& v) {
    if (!v || v->empty())
        return std::nullopt;
    try {
        std::size_t used = 0;
        const long long n = std::stoll(*v, &used);
        if (used == v->size())
            return n;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

bool flag(Database& db, const char* name, bool fallback) {
    const auto n = whole(read_config(db, name));
    return n ? *n != 0 : fallback;
}

std::int64_t number(Database& db, const char* name, std::int64_t fallback) {
    const auto n = whole(read_config(db, name));
    return n && *n >= 0 ? *n : fallback;
}

std::vector<std::pair<const char*, std::string>> as_values(const CustomerPreferences& p) {
    auto b = [](bool v) { return std::string(v ? "1" : "0"); };
    return {{kPrefRegistration, std::to_string(static_cast<int>(p.registration))},
            {kPrefCartFollowing, b(p.cart_following)},
            {kPrefWelcomeEmail, b(p.welcome_email)},
            {kPrefPasswordDelay, std::to_string(p.password_delay)},
            {kPrefB2B, b(p.b2b)},
            {kPrefBirthdate, b(p.birthdate)},
            {kPrefOptin, b(p.optin)},
            {kPrefAbandonedHours, std::to_string(p.abandoned_cart_hours)}};
}

} // namespace

CustomerPreferences load_preferences(Database& db) {
    CustomerPreferences p;
    p.registration = number(db, kPrefRegistration, 0) == 1 ? RegistrationProcess::Standard
                                                           : RegistrationProcess::AccountOnly;
    p.cart_following = flag(db, kPrefCartFollowing, p.cart_following);
    p.welcome_email = flag(db, kPrefWelcomeEmail, p.welcome_email);
    p.password_delay = number(db, kPrefPasswordDelay, p.password_delay);
    p.b2b = flag(db, kPrefB2B, p.b2b);
    p.birthdate = flag(db, kPrefBirthdate, p.birthdate);
    p.optin = flag(db, kPrefOptin, p.optin);
    p.abandoned_cart_hours = number(db, kPrefAbandonedHours, p.abandoned_cart_hours);
    return p;
}

std::vector<FieldError> validate_preferences(const CustomerPreferences& p) {
    std::vector<FieldError> e;
    const int reg = static_cast<int>(p.registration);
    if (reg != 0 && reg != 1)
        e.push_back({"registration", "must be account only or standard", "err.registration"});
    if (p.password_delay < 0)
        e.push_back({"password_delay", "must be 0 or more", "err.negative"});
    else if (p.password_delay > kPasswordDelayMax)
        e.push_back({"password_delay", "must be at most 525600 minutes (a year)", "err.too_big"});
    if (p.abandoned_cart_hours < 0)
        e.push_back({"abandoned_cart_hours", "must be 0 or more", "err.negative"});
    else if (p.abandoned_cart_hours > kAbandonedHoursMax)
        e.push_back({"abandoned_cart_hours", "must be at most 8760 hours (a year)", "err.too_big"});
    return e;
}

int save_preferences(Database& db, const CustomerPreferences& p) {
    auto errors = validate_preferences(p);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    std::int64_t batch = 0;
    int changed = 0;
    for (const auto& [name, value] : as_values(p))
        changed += write_config(db, batch, name, value, "customer preferences changed") ? 1 : 0;
    tx.commit();
    return changed;
}

void set_b2b_mode(Database& db, bool on) {
    Transaction tx(db);
    std::int64_t batch = 0;
    write_config(db, batch, kPrefB2B, on ? "1" : "0", on ? "B2B mode on" : "B2B mode off");
    tx.commit();
}

bool b2b_mode(Database& db) {
    return flag(db, kPrefB2B, false);
}

} // namespace clientele::core
