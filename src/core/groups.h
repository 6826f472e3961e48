// Customer groups (Customers > Groups): the list with member counts, create / update / delete,
// category reductions, module restrictions and membership commands. Every write validates,
// runs in one transaction, records its rows in one audit batch (undoable) and commits.
#pragma once

#include "core/customers.h"  // FieldError, ValidationError, BulkResult
#include "core/lang_names.h" // default_language

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// PrestaShop's three groups (PS_UNIDENTIFIED_GROUP, PS_GUEST_GROUP, PS_CUSTOMER_GROUP).
inline constexpr std::int64_t kVisitorGroup = 1;
inline constexpr std::int64_t kGuestGroup = 2;
inline constexpr std::int64_t kCustomerGroup = 3;
// Group names: isGenericName, at most 32 characters (Group::$definition).
inline constexpr std::size_t kGroupNameMax = 32;

enum class PriceDisplay { TaxIncluded = 0, TaxExcluded = 1 };

struct GroupRow {
    std::int64_t id = 0;
    std::string name;     // in the requested language (English, then any, as fallback)
    double reduction = 0; // percent
    PriceDisplay price_display = PriceDisplay::TaxIncluded;
    bool show_prices = true;
    std::int64_t members = 0;
    std::string date_add;
};

// Every group with its member count (ps_customer_group's (id_group, id_customer) index).
std::vector<GroupRow> list_groups_with_counts(Database& db, int id_lang);
std::int64_t group_member_count(Database& db, std::int64_t id_group);

struct GroupInput {
    std::map<int, std::string> names; // id_lang -> name; required in the default language
    double reduction = 0;             // percent, 0..100
    PriceDisplay price_display = PriceDisplay::TaxIncluded;
    bool show_prices = true;
};

std::vector<FieldError> validate_group(Database& db, const GroupInput& in);
// Languages without a name get the default language's name. Throw ValidationError.
std::int64_t create_group(Database& db, const GroupInput& in);
void update_group(Database& db, std::int64_t id, const GroupInput& in);
std::optional<GroupInput> load_group(Database& db, std::int64_t id);

// Refused (ValidationError on field "id_group") for Visitor, Guest and Customer, and for a group
// that is some customer's default group ("... is the default group of N customers"). Removes the
// memberships, category reductions and module restrictions with the group, all recorded.
void delete_group(Database& db, std::int64_t id);

// --- category reductions (ps_group_reduction; stored as a fraction, shown in percent) -----------

struct CategoryReduction {
    std::int64_t id_category = 0;
    std::string category; // name in the requested language
    double reduction = 0; // percent
};
std::vector<CategoryReduction> list_category_reductions(Database& db, std::int64_t id_group,
                                                        int id_lang = 1);
// One per group and category: setting it again replaces it. Throws ValidationError.
void set_category_reduction(Database& db, std::int64_t id_group, std::int64_t id_category,
                            double percent);
// False when there was none.
bool remove_category_reduction(Database& db, std::int64_t id_group, std::int64_t id_category);
// The reduction in percent a member of the group gets on a product of the category: the
// category's reduction when the group has one for it, else the group's reduction.
double effective_reduction(Database& db, std::int64_t id_group, std::int64_t id_category);

// --- module restrictions (ps_module_group) ------------------------------------------------------

struct ModuleAccess {
    std::int64_t id_module = 0;
    std::string name;
    bool allowed = false;
};
std::vector<ModuleAccess> list_module_access(Database& db, std::int64_t id_group,
                                             std::int64_t id_shop = 1);
// Exactly these modules are allowed for the group in the shop. Throws ValidationError for an
// unknown module.
void set_allowed_modules(Database& db, std::int64_t id_group,
                         const std::vector<std::int64_t>& modules, std::int64_t id_shop = 1);

// --- members ----------------------------------------------------------------------------------

// Member ids, ordered, a page at a time.
std::vector<std::int64_t> group_members(Database& db, std::int64_t id_group,
                                        std::int64_t offset = 0, std::int64_t limit = 100);
BulkResult add_members(Database& db, std::int64_t id_group, const std::vector<std::int64_t>& ids);
// Customers whose default group this is keep it (counted out).
BulkResult remove_members(Database& db, std::int64_t id_group,
                          const std::vector<std::int64_t>& ids);
// Moves members of `from` to `to` (all of them when `ids` is empty; ids that are not members of
// `from` are ignored). A customer whose default group was `from` gets `to` as default. One
// transaction, one undoable batch. Throws std::invalid_argument for unknown or equal groups.
BulkResult move_members(Database& db, std::int64_t from, std::int64_t to,
                        const std::vector<std::int64_t>& ids = {});

} // namespace clientele::core
