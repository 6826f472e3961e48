// Consents and account safety. The consent log: every change of a customer's newsletter or
// partner-offers flag (and a customer created with one on) is a cl_consent_log row written by
// SQLite triggers (migration 4), whatever code made the change. Who made it — the source
// (form, import, bulk, api; 'app' by default) and an IP when known — comes from cl_state, which
// a caller sets for the length of its change with ConsentSource.
// The demo account: PrestaShop installs pub@prestashop.com with a published password; while
// that account is active and still has one of those passwords, anyone can sign in with it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// --- consent log ------------------------------------------------------------------------------

// "undo": an undo or redo replaying the audit log (a customer it brings back gets its old
// consent rows back, not a new one).
inline constexpr const char* kConsentSources[] = {"app", "form", "import", "bulk", "api", "undo"};

// Sets cl_state.consent_source / consent_ip until destroyed (then back to 'app', no IP). Use it
// inside the caller's transaction, around the writes it labels. Throws std::invalid_argument
// for a source that is not one of kConsentSources.
class ConsentSource {
public:
    ConsentSource(Database& db, const std::string& source, const std::string& ip = "");
    ~ConsentSource();
    ConsentSource(const ConsentSource&) = delete;
    ConsentSource& operator=(const ConsentSource&) = delete;

private:
    Database& db_;
};

struct ConsentEntry {
    std::int64_t id = 0, id_customer = 0;
    std::string consent; // "newsletter" or "optin"
    bool given = false;  // false: withdrawn
    std::string date, ip, source;
};

// A customer's consent changes, newest first (at most `limit`).
std::vector<ConsentEntry> consent_log(Database& db, std::int64_t id_customer, int limit = 200);
std::int64_t consent_log_count(Database& db, std::int64_t id_customer);

// --- the demo account -------------------------------------------------------------------------

inline constexpr const char* kDemoAccountEmail = "pub@prestashop.com";
// The passwords PrestaShop has published for it (the installer's fixtures and the demo shop).
const std::vector<std::string>& published_demo_passwords();

struct DemoAccountStatus {
    std::int64_t id_customer = 0; // 0: no live account with that e-mail
    bool active = false;
    bool public_password = false; // its hash verifies one of published_demo_passwords()
    // True while the account can be signed into with a published password.
    bool exposed() const { return id_customer > 0 && active && public_password; }
};

// One indexed look-up; bcrypt runs only when the stored hash is one not checked before (the
// result is remembered per hash), so calling it every frame is cheap.
DemoAccountStatus demo_account_status(Database& db);
// Disables the account (audited, undoable). No-op without one.
void disable_demo_account(Database& db);
// Sets a new password (audited, undoable). Throws ValidationError ("password",
// err.password_short; err.password_public when it is one of the published ones).
void change_demo_account_password(Database& db, const std::string& new_password);

} // namespace clientele::core
