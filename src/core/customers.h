// Customer commands: create, update, delete (two modes), guest conversion, notes and the bulk
// variants. Each validates first, runs in one transaction, writes the audit log (undoable),
// and commits, which tells the platform to persist.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace clientele::core {

class Database;

// Every editable PrestaShop customer field. Empty strings mean "not set".
struct CustomerInput {
    int id_gender = 0;
    std::string firstname, lastname, email;
    std::optional<std::string> password; // plain text, only when setting/changing it
    std::string birthday;                // YYYY-MM-DD or empty
    bool active = true;
    bool newsletter = false;
    bool optin = false;
    bool is_guest = false;
    int id_lang = 1;
    int id_shop = 1;
    std::vector<std::int64_t> groups; // group access; must contain the default group
    std::int64_t id_default_group = 3;
    // B2B
    std::string company, siret, ape, website;
    double outstanding_allow_amount = 0;
    int max_payment_days = 60;
    int id_risk = 0;
    std::string note;
};

struct FieldError {
    std::string field;   // "email", "firstname", ...
    std::string message; // English, ready to show; the UI translates by `code`
    std::string code;    // translation key, e.g. "err.email_invalid"
};

class ValidationError : public std::runtime_error {
public:
    explicit ValidationError(std::vector<FieldError> errors);
    const std::vector<FieldError>& errors() const { return errors_; }

private:
    std::vector<FieldError> errors_;
};

struct ValidateOptions {
    std::string today;                // YYYY-MM-DD; empty: the current date
    std::optional<std::int64_t> self; // the customer being edited (for e-mail uniqueness)
    bool password_required = false;   // creating a non-guest account
};

// All problems of an input, field by field (empty when valid). Also checks that the e-mail is
// not used by another non-guest, non-deleted account, nor blocked by a "keep data" delete.
std::vector<FieldError> validate_customer(Database& db, const CustomerInput& in,
                                          const ValidateOptions& options);

// Another live non-guest account with this e-mail (case-insensitive), if any.
std::optional<std::int64_t> find_account_by_email(Database& db, const std::string& email,
                                                  std::optional<std::int64_t> except = {});

// Throws ValidationError. Returns the new id. The password is stored only as a bcrypt hash.
std::int64_t create_customer(Database& db, const CustomerInput& in, const std::string& today = "");
// Throws ValidationError; the password changes only when `in.password` is set.
void update_customer(Database& db, std::int64_t id, const CustomerInput& in,
                     const std::string& today = "");
// The stored values as an input (password unset), for editing.
std::optional<CustomerInput> load_customer_input(Database& db, std::int64_t id);

enum class DeleteMode {
    // Removes the account so the e-mail can register again; orders, returns, credit slips and
    // vouchers used on an order are kept, attached to the shop's anonymous customer (as
    // PrestaShop's GDPR module does).
    AllowReregistration,
    // Keeps every record (deleted = 1) and blocks the e-mail from registering again.
    KeepDataBlockEmail,
};

enum class Flag { Active, Newsletter, Optin };

// Bulk commands: one transaction and one undoable batch each. `batch` joins an audit batch
// that is already open (a time-boxed job applies one action chunk by chunk as one batch);
// 0 starts a new one.
struct BulkResult {
    std::int64_t changed = 0;
    bool cancelled = false;
};

BulkResult set_flag(Database& db, const std::vector<std::int64_t>& ids, Flag flag, bool value,
                    std::int64_t batch = 0);
BulkResult add_to_group(Database& db, const std::vector<std::int64_t>& ids, std::int64_t id_group,
                        std::int64_t batch = 0);
// The default group cannot be removed: those customers are left unchanged and counted out.
BulkResult remove_from_group(Database& db, const std::vector<std::int64_t>& ids,
                             std::int64_t id_group, std::int64_t batch = 0);
// Also adds the group to the customers' groups when missing.
BulkResult set_default_group(Database& db, const std::vector<std::int64_t>& ids,
                             std::int64_t id_group, std::int64_t batch = 0);
BulkResult delete_customers(Database& db, const std::vector<std::int64_t>& ids, DeleteMode mode,
                            std::int64_t batch = 0);

// One bulk action of the customers grid, as data (for jobs, confirmations and the CLI).
enum class BulkKind {
    Enable,
    Disable,
    NewsletterOn,
    NewsletterOff,
    OptinOn,
    OptinOff,
    AddToGroup,
    RemoveFromGroup,
    SetDefaultGroup,
    DeleteAllowReregistration,
    DeleteKeepData
};
struct BulkAction {
    BulkKind kind = BulkKind::Enable;
    std::int64_t id_group = 0; // for the group actions
};
BulkResult apply_bulk(Database& db, const BulkAction& action, const std::vector<std::int64_t>& ids,
                      std::int64_t batch = 0);
// Translation key of the action's name ("bulk.enable", ...).
const char* bulk_label_key(BulkKind kind);

void set_note(Database& db, std::int64_t id, const std::string& note);
// Guest -> customer: needs a password and an e-mail no other account uses.
void convert_guest(Database& db, std::int64_t id, const std::string& password);

// The anonymous customer that keeps orders of erased accounts (created on first use).
std::int64_t anonymous_customer(Database& db);

// How remove_account treats what hangs on the account. The "allow re-registration" delete
// records every change in its batch (undoable) and keeps threads and visits without the link;
// the GDPR erase (core/gdpr.h) passes no batch and erase_personal_data (final).
struct AccountRemoval {
    std::int64_t batch = 0;           // audit batch recording each change; 0: nothing recorded
    bool erase_personal_data = false; // delete, never recorded: threads with their messages,
                                      // visits (ps_guest, ps_connections), prepared e-mails
                                      // (cl_outbox) and the block on the e-mail
};

// Removes account `id` (a hard delete) inside the caller's transaction: group memberships,
// addresses and vouchers no order used are deleted; orders, returns, credit slips and vouchers
// used on an order move to `anonymous`; carts (and, unless erased, threads and visits) keep no
// customer. Returns how many rows of each kind were deleted or moved, in a fixed order:
// customer, groups, addresses, vouchers, [messages, threads, connections, guests, outbox,
// blocked_emails when erasing], orders, returns, credit_slips, vouchers_on_orders, carts,
// [threads, guests when not erasing].
std::vector<std::pair<std::string, std::int64_t>>
remove_account(Database& db, std::int64_t id, std::int64_t anonymous, const AccountRemoval& how);

} // namespace clientele::core
