// Contacts (Customers > Customer service > Contacts, PrestaShop's ps_contact): the list,
// create / update / delete. Every write runs in one transaction and one undoable audit batch.
#pragma once

#include "core/customers.h" // FieldError, ValidationError

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

// Contact::$definition: name isGenericName (255), email isEmail (255), description isCleanHtml
// (here: valid UTF-8 without script elements).
inline constexpr std::size_t kContactNameMax = 255;
inline constexpr std::size_t kContactEmailMax = 255;
inline constexpr std::size_t kContactDescriptionMax = 65000;

struct ContactRow {
    std::int64_t id = 0;
    std::string name, description; // in the requested language (English, then any)
    std::string email;
    bool customer_service = false;
    int position = 0;
    std::int64_t threads = 0; // customer threads addressed to this contact
};
std::vector<ContactRow> list_contacts(Database& db, int id_lang);

struct ContactInput {
    std::map<int, std::string> names;        // id_lang -> name; required in the default language
    std::map<int, std::string> descriptions; // id_lang -> description; optional
    std::string email;                       // optional
    bool customer_service = false;           // save its messages as customer threads
};

std::vector<FieldError> validate_contact(Database& db, const ContactInput& in);
// Languages without a name get the default language's name. Throw ValidationError.
std::int64_t create_contact(Database& db, const ContactInput& in);
void update_contact(Database& db, std::int64_t id, const ContactInput& in);
std::optional<ContactInput> load_contact(Database& db, std::int64_t id);
// Refused (ValidationError on "id_contact", code err.contact_in_use) while threads use it.
void delete_contact(Database& db, std::int64_t id);

} // namespace clientele::core
