// Customer preferences (Customers > Settings in PrestaShop): the shop-wide options of the
// customer account, stored in ps_configuration under PrestaShop's own keys, validated, and
// written in one undoable audit batch. The rest of the app reads the same keys: the customer
// form shows its B2B fields when PS_B2B_ENABLE is "1", the customer sheet calls a cart
// abandoned after PS_ABANDONED_CART_HOURS, the Outstanding screen needs B2B mode.
#pragma once

#include "core/customers.h" // FieldError, ValidationError

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// PS_REGISTRATION_PROCESS_TYPE: 0 creates the account only, 1 also asks for an address.
enum class RegistrationProcess { AccountOnly = 0, Standard = 1 };

inline constexpr const char* kPrefRegistration = "PS_REGISTRATION_PROCESS_TYPE";
inline constexpr const char* kPrefCartFollowing = "PS_CART_FOLLOWING";
inline constexpr const char* kPrefWelcomeEmail = "PS_CUSTOMER_CREATION_EMAIL";
inline constexpr const char* kPrefPasswordDelay = "PS_PASSWD_TIME_FRONT";
inline constexpr const char* kPrefB2B = "PS_B2B_ENABLE";
inline constexpr const char* kPrefBirthdate = "PS_CUSTOMER_BIRTHDATE";
inline constexpr const char* kPrefOptin = "PS_CUSTOMER_OPTIN";
inline constexpr const char* kPrefAbandonedHours = "PS_ABANDONED_CART_HOURS";

// Upper bounds, so that a typo cannot make a setting absurd: a year of minutes, a year of hours.
inline constexpr std::int64_t kPasswordDelayMax = 525600;
inline constexpr std::int64_t kAbandonedHoursMax = 8760;

struct CustomerPreferences {
    RegistrationProcess registration = RegistrationProcess::AccountOnly;
    bool cart_following = false;            // re-display the last cart at login
    bool welcome_email = true;              // send the new customer a welcome e-mail
    std::int64_t password_delay = 360;      // minutes between two password regenerations
    bool b2b = false;                       // B2B mode: company fields, outstanding, risk
    bool birthdate = true;                  // ask for the birth date
    bool optin = true;                      // ask for the partners' offers opt-in
    std::int64_t abandoned_cart_hours = 24; // a cart without order is abandoned after this
};

// The stored values; a missing or unreadable key gives the default above.
CustomerPreferences load_preferences(Database& db);
// field is the key's member name ("password_delay", "abandoned_cart_hours", "registration").
std::vector<FieldError> validate_preferences(const CustomerPreferences& p);
// Writes the keys that changed, in one audited batch (ps_configuration rows, undoable).
// Throws ValidationError. Returns how many keys changed.
int save_preferences(Database& db, const CustomerPreferences& p);
// Just B2B mode (the Outstanding screen's "turn it on"); audited like save_preferences.
void set_b2b_mode(Database& db, bool on);
bool b2b_mode(Database& db);

} // namespace clientele::core
