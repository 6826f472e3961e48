// Customer addresses (Customers > Addresses): the list query, create / update / delete with
// PrestaShop's Address rules, and the "required fields" setting (ps_required_field rows with
// object_name 'Address'). check_address_fields() is the one place the field rules live: the
// form and the CSV importer (core/importer.cpp) both call it.
#pragma once

#include "core/customers.h" // FieldError, ValidationError
#include "core/list_count.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace clientele::core {

class Database;

// --- shared field rules -----------------------------------------------------------------------

// What the rules need to know about the address's country (ps_country).
struct AddressCountryRules {
    std::string name; // for messages ("... for an address in France")
    std::string iso;  // ps_country.iso_code (the C in zip_code_format)
    std::string zip_format;
    bool need_zip = true;
    bool need_dni = false;
    bool contains_states = false;
};

// A country with its rules (ps_country; the name in English, else another language, else the
// ISO code).
struct CountryRecord : AddressCountryRules {
    std::int64_t id = 0, zone = 0;
};
// Every country, by id.
std::vector<CountryRecord> load_countries(Database& db);
// One country; nullopt when there is no such country.
std::optional<CountryRecord> load_country(Database& db, std::int64_t id_country);

// The address's text as entered (trimmed by the caller).
struct AddressFields {
    std::string_view alias, company, lastname, firstname, address1, address2, postcode, city, other,
        phone, phone_mobile, vat_number, dni;
    bool has_state = false;
};

// PrestaShop's Address.php rules, field by field: alias, names, address lines, city and the
// always-required fields; company, address2, postcode, other, phone, phone_mobile, vat_number
// and dni when listed in `required` (ps_required_field); the postcode's format and presence per
// country (need_zip_code, zip_code_format), the DNI when the country needs one, a state when
// the country has states. `country` may be null (unknown yet: no country rule applies).
// FieldError::field is the ps_address column; messages are English and quote the value.
std::vector<FieldError> check_address_fields(const AddressFields& in,
                                             const AddressCountryRules* country,
                                             const std::set<std::string>& required);

// --- required fields setting ------------------------------------------------------------------

// The optional columns the setting can make required, in form order.
const std::vector<std::string>& optional_address_fields();
std::set<std::string> required_address_fields(Database& db);
// Replaces the list (audited, undoable). Throws ValidationError for a field that is not in
// optional_address_fields().
void set_required_address_fields(Database& db, const std::set<std::string>& fields);

// --- list query -------------------------------------------------------------------------------

enum class AddressColumn {
    Id,
    Alias,
    Firstname,
    Lastname,
    Company,
    Address1,
    Postcode,
    City,
    Country,
    State,
    Phone,
    PhoneMobile,
    VatNumber,
    Dni,
    CustomerEmail
};

struct AddressFilter {
    AddressColumn column = AddressColumn::Alias;
    std::string text; // case-insensitive substring (postcode, id: prefix / exact)
};

struct AddressQuery {
    std::vector<AddressFilter> filters;
    AddressColumn sort = AddressColumn::Id;
    bool descending = false;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    int id_lang = 1;
    // false: the page's total is left at -1 (the UI counts with a ListCounter instead).
    bool count = true;
};

struct AddressRow {
    std::int64_t id = 0, id_customer = 0, id_country = 0, id_state = 0;
    std::string alias, firstname, lastname, company, address1, postcode, city, country, state,
        phone, phone_mobile, vat_number, dni, customer_email;
};

struct AddressPage {
    std::int64_t total = 0; // rows matching the filters
    std::vector<AddressRow> rows;
};

// Live customer addresses (deleted = 0, id_customer > 0).
AddressPage query_addresses(Database& db, const AddressQuery& q);
// The query's filter, to count.
ListSql address_list_sql(const AddressQuery& q);

// --- commands ---------------------------------------------------------------------------------

struct AddressInput {
    std::int64_t id_customer = 0;
    std::int64_t id_country = 0;
    std::int64_t id_state = 0; // 0: none
    std::string alias, company, lastname, firstname, address1, address2, postcode, city, other,
        phone, phone_mobile, vat_number, dni;
};

// All problems field by field: the customer and country exist, the state is one of the
// country's, then check_address_fields() with the shop's required fields.
std::vector<FieldError> validate_address(Database& db, const AddressInput& in);
// Throws ValidationError. Returns the new id.
std::int64_t create_address(Database& db, const AddressInput& in);
// Throws ValidationError. Like PrestaShop, an address an order uses is not edited in place: the
// edit becomes a new address and the old one is soft-deleted. Returns the id that holds the
// edit (the same id when the address was unused).
std::int64_t update_address(Database& db, std::int64_t id, const AddressInput& in);
std::optional<AddressInput> load_address(Database& db, std::int64_t id);
// True when an order refers to the address (delivery or invoice).
bool address_used_by_order(Database& db, std::int64_t id);
enum class AddressDeletion { None, Soft, Hard };
// deleted = 1 when an order uses it, else the row goes. Audited.
AddressDeletion delete_address(Database& db, std::int64_t id);

} // namespace clientele::core
