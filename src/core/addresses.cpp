// Sections: 1. shared field rules  2. required fields setting  3. list query  4. commands
#include "core/addresses.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/list_filters.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>

namespace clientele::core {

namespace v = validate;

using validate::quoted;

// --- 1. shared field rules ----------------------------------------------------------------------

std::vector<FieldError> check_address_fields(const AddressFields& in,
                                             const AddressCountryRules* country,
                                             const std::set<std::string>& required) {
    std::vector<FieldError> e;
    auto fail = [&](const char* field, const char* code, std::string message) {
        e.push_back({field, std::move(message), code});
    };
    auto text = [&](const char* field, std::string_view s, bool (*valid)(std::string_view),
                    std::size_t max_length, const char* what, bool always_required,
                    const char* invalid_code) {
        if (s.empty()) {
            if (always_required || required.count(field))
                fail(field, "err.required", std::string(what) + " is required");
            return;
        }
        if (!valid(s))
            fail(field, invalid_code, std::string("invalid ") + what + " " + quoted(s));
        else if (s.size() > max_length && !v::fits_length(s, max_length))
            fail(field, "err.too_long",
                 std::string(what) + " is longer than " + std::to_string(max_length) +
                     " characters");
    };
    text("alias", in.alias, v::is_generic_name, v::limits::kAddressAlias, "alias", true,
         "err.alias_invalid");
    text("company", in.company, v::is_generic_name, v::limits::kAddressCompany, "company", false,
         "err.company_invalid");
    text("lastname", in.lastname, v::is_name, v::limits::kAddressLastname, "last name", true,
         "err.name_invalid");
    text("firstname", in.firstname, v::is_name, v::limits::kAddressFirstname, "first name", true,
         "err.name_invalid");
    text("address1", in.address1, v::is_address, v::limits::kAddressAddress1, "address", true,
         "err.address_invalid");
    text("address2", in.address2, v::is_address, v::limits::kAddressAddress2, "address (2)", false,
         "err.address_invalid");
    text("city", in.city, v::is_city_name, v::limits::kAddressCity, "city", true,
         "err.city_invalid");
    text("other", in.other, v::is_message, v::limits::kAddressOther, "other information", false,
         "err.message_invalid");
    text("phone", in.phone, v::is_phone_number, v::limits::kAddressPhone, "phone number", false,
         "err.phone_invalid");
    text("phone_mobile", in.phone_mobile, v::is_phone_number, v::limits::kAddressPhoneMobile,
         "mobile phone number", false, "err.phone_invalid");
    if (!in.vat_number.empty() &&
        !v::is_vat_number(in.vat_number, v::VatNumberRule::kPrestaShopGeneric))
        fail("vat_number", "err.vat_invalid", "invalid VAT number " + quoted(in.vat_number));
    else if (in.vat_number.empty() && required.count("vat_number"))
        fail("vat_number", "err.required", "VAT number is required");

    if (!in.has_state && country && country->contains_states)
        fail("id_state", "err.state_required",
             "a state is required for an address in " + country->name);

    const std::string_view postcode = in.postcode;
    if (!postcode.empty() &&
        (!v::is_postcode(postcode) || !v::fits_length(postcode, v::limits::kAddressPostcode))) {
        fail("postcode", "err.postcode_invalid", "invalid postcode " + quoted(postcode));
    } else if (country && country->need_zip && !country->zip_format.empty()) {
        if (postcode.empty())
            fail("postcode", "err.required",
                 "postcode is required for an address in " + country->name);
        else if (!v::matches_zip_format(postcode, country->zip_format, country->iso))
            fail("postcode", "err.postcode_invalid",
                 "invalid postcode " + quoted(postcode) + " for " + country->name + " (expected " +
                     country->zip_format + ")");
    } else if (postcode.empty() && required.count("postcode")) {
        fail("postcode", "err.required", "postcode is required");
    }

    if (!in.dni.empty()) {
        if (!v::is_dni_lite(in.dni))
            fail("dni", "err.dni_invalid", "invalid identification number " + quoted(in.dni));
    } else if (required.count("dni") || (country && country->need_dni)) {
        fail("dni", "err.required",
             country && country->need_dni
                 ? "identification number is required for an address in " + country->name
                 : std::string("identification number is required"));
    }
    return e;
}

namespace {

// The country's name: English first (id_lang 1), else the lowest id_lang, else the ISO code.
const char* const kCountrySelect =
    "SELECT c.id_country, c.id_zone, c.iso_code, c.contains_states, "
    "c.need_identification_number, c.need_zip_code, c.zip_code_format, COALESCE((SELECT name "
    "FROM ps_country_lang l WHERE l.id_country = c.id_country ORDER BY l.id_lang = 1 DESC, "
    "l.id_lang LIMIT 1), c.iso_code) FROM ps_country c ";

CountryRecord read_country(const Statement& st) {
    CountryRecord c;
    c.id = st.int64(0);
    c.zone = st.int64(1);
    c.iso = st.text(2);
    c.contains_states = st.int64(3) != 0;
    c.need_dni = st.int64(4) != 0;
    c.need_zip = st.int64(5) != 0;
    c.zip_format = st.text(6);
    c.name = st.text(7);
    return c;
}

} // namespace

std::vector<CountryRecord> load_countries(Database& db) {
    std::vector<CountryRecord> out;
    Statement st = db.prepare(std::string(kCountrySelect) + "ORDER BY c.id_country");
    while (st.step())
        out.push_back(read_country(st));
    return out;
}

std::optional<CountryRecord> load_country(Database& db, std::int64_t id_country) {
    Statement st = db.prepare(std::string(kCountrySelect) + "WHERE c.id_country = ?1");
    st.bind(1, id_country);
    if (!st.step())
        return std::nullopt;
    return read_country(st);
}

// --- 2. required fields setting -----------------------------------------------------------------

const std::vector<std::string>& optional_address_fields() {
    static const std::vector<std::string> fields = {
        "company", "address2", "postcode", "other", "phone", "phone_mobile", "vat_number", "dni"};
    return fields;
}

std::set<std::string> required_address_fields(Database& db) {
    std::set<std::string> out;
    Statement st =
        db.prepare("SELECT field_name FROM ps_required_field WHERE object_name = 'Address'");
    while (st.step())
        out.insert(st.text(0));
    return out;
}

void set_required_address_fields(Database& db, const std::set<std::string>& fields) {
    const auto& allowed = optional_address_fields();
    for (const std::string& f : fields)
        if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
            throw ValidationError(
                {{"required_fields", "'" + f + "' cannot be made required", "err.unknown_field"}});
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    std::vector<std::pair<std::int64_t, std::string>> current;
    {
        Statement st = db.prepare("SELECT id_required_field, field_name FROM ps_required_field "
                                  "WHERE object_name = 'Address'");
        while (st.step())
            current.emplace_back(st.int64(0), st.text(1));
    }
    for (const auto& row : current) {
        if (fields.count(row.second))
            continue;
        const std::int64_t id = row.first;
        audit::tracked_update(db, batch, "ps_required_field", {{"id_required_field", id}}, 0,
                              "address required fields changed", [&] {
                                  db.prepare("DELETE FROM ps_required_field WHERE "
                                             "id_required_field = ?1")
                                      .bind_all(id)
                                      .run();
                              });
    }
    for (const std::string& f : fields) {
        bool present = false;
        for (const auto& row : current)
            present = present || row.second == f;
        if (present)
            continue;
        db.prepare("INSERT INTO ps_required_field(object_name, field_name) VALUES ('Address', ?1)")
            .bind_all(f)
            .run();
        const std::int64_t id = db.last_insert_id();
        audit::record(db, batch, "create", "ps_required_field", 0, nullptr,
                      audit::snapshot(db, "ps_required_field", {{"id_required_field", id}}),
                      "address required fields changed");
    }
    tx.commit();
}

// --- 3. list query ------------------------------------------------------------------------------

namespace {

// Every column as a constant SQL expression over a (ps_address), c (ps_customer).
const char* column_sql(AddressColumn c) {
    switch (c) {
    case AddressColumn::Id:
        return "a.id_address";
    case AddressColumn::Alias:
        return "a.alias";
    case AddressColumn::Firstname:
        return "a.firstname";
    case AddressColumn::Lastname:
        return "a.lastname";
    case AddressColumn::Company:
        return "COALESCE(a.company, '')";
    case AddressColumn::Address1:
        return "a.address1";
    case AddressColumn::Postcode:
        return "COALESCE(a.postcode, '')";
    case AddressColumn::City:
        return "a.city";
    case AddressColumn::Country:
        return "COALESCE((SELECT l.name FROM ps_country_lang l WHERE l.id_country = a.id_country "
               "ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC LIMIT 1), '')";
    case AddressColumn::State:
        return "COALESCE((SELECT s.name FROM ps_state s WHERE s.id_state = a.id_state), '')";
    case AddressColumn::Phone:
        return "COALESCE(a.phone, '')";
    case AddressColumn::PhoneMobile:
        return "COALESCE(a.phone_mobile, '')";
    case AddressColumn::VatNumber:
        return "COALESCE(a.vat_number, '')";
    case AddressColumn::Dni:
        return "COALESCE(a.dni, '')";
    case AddressColumn::CustomerEmail:
        return "COALESCE((SELECT c.email FROM ps_customer c WHERE c.id_customer = a.id_customer), "
               "'')";
    }
    return "a.id_address";
}

} // namespace

ListSql address_list_sql(const AddressQuery& q) {
    namespace lf = list_filters;
    // The unary + keeps the customer index for the customer filter: never a range of all of it.
    std::string where = "a.deleted = 0 AND +a.id_customer > 0";
    lf::Params params;
    params.add(std::to_string(q.id_lang)); // ?1: the language of country and state names
    for (const AddressFilter& f : q.filters) {
        const std::string text = lf::trimmed(f.text);
        if (text.empty())
            continue;
        switch (f.column) {
        case AddressColumn::Id:
            where += " AND a.id_address = CAST(" + params.add(lf::all_digits(text) ? text : "0") +
                     " AS INTEGER)";
            break;
        case AddressColumn::CustomerEmail:
            // The customer's e-mail, first or last name starts with it (their NOCASE indexes),
            // or a customer id, as in the lists of carts and orders.
            where += " AND a.id_customer IN (" + lf::customer_ids_sql(text, params) + ")";
            break;
        case AddressColumn::Country: {
            const std::string p = params.add(lf::contains_pattern(text));
            where +=
                " AND a.id_country IN (SELECT id_country FROM ps_country_lang WHERE name LIKE " +
                p + " ESCAPE '\\' UNION SELECT id_country FROM ps_country WHERE iso_code LIKE " +
                p + " ESCAPE '\\')";
            break;
        }
        case AddressColumn::City: // prefixes: ranges of their NOCASE indexes
        case AddressColumn::Postcode:
            where += " AND " + lf::nocase_prefix_sql(f.column == AddressColumn::City ? "a.city"
                                                                                     : "a.postcode",
                                                     text, params);
            break;
        default:
            where += std::string(" AND ") + column_sql(f.column) + " LIKE " +
                     params.add(lf::contains_pattern(text)) + " ESCAPE '\\'";
            break;
        }
    }
    return {"ps_address", "a", "id_address", std::move(where), params.values()};
}

AddressPage query_addresses(Database& db, const AddressQuery& q) {
    const ListSql sql = address_list_sql(q);
    AddressPage page;
    page.total = q.count ? count_list(db, sql) : -1;
    const std::string dir = q.descending ? " DESC" : " ASC";
    // The sort column, ties by id; the second form keeps indexes out of it.
    auto order_by = [&](const char* plus) {
        std::string order = plus + std::string(column_sql(q.sort));
        if (q.sort != AddressColumn::Id)
            order += " COLLATE NOCASE" + dir + ", " + plus + "a.id_address" + dir;
        else
            order += dir;
        return order;
    };
    const std::string columns =
        std::string("SELECT a.id_address, a.id_customer, a.id_country, COALESCE(a.id_state, 0), "
                    "a.alias, a.firstname, a.lastname, ") +
        column_sql(AddressColumn::Company) + ", a.address1, " +
        column_sql(AddressColumn::Postcode) + ", a.city, " + column_sql(AddressColumn::Country) +
        ", " + column_sql(AddressColumn::State) + ", " + column_sql(AddressColumn::Phone) + ", " +
        column_sql(AddressColumn::PhoneMobile) + ", " + column_sql(AddressColumn::VatNumber) +
        ", " + column_sql(AddressColumn::Dni) + ", " + column_sql(AddressColumn::CustomerEmail);
    auto read_row = [&](Statement& st) {
        AddressRow r;
        r.id = st.int64(0);
        r.id_customer = st.int64(1);
        r.id_country = st.int64(2);
        r.id_state = st.int64(3);
        r.alias = st.text(4);
        r.firstname = st.text(5);
        r.lastname = st.text(6);
        r.company = st.text(7);
        r.address1 = st.text(8);
        r.postcode = st.text(9);
        r.city = st.text(10);
        r.country = st.text(11);
        r.state = st.text(12);
        r.phone = st.text(13);
        r.phone_mobile = st.text(14);
        r.vat_number = st.text(15);
        r.dni = st.text(16);
        r.customer_email = st.text(17);
        page.rows.push_back(std::move(r));
    };
    const bool filtered = std::any_of(q.filters.begin(), q.filters.end(),
                                      [](const AddressFilter& f) { return !f.text.empty(); });
    read_list_page(db, sql, columns, "", order_by(""), filtered ? order_by("+") : std::string(),
                   q.limit, q.offset, read_row, [&] { page.rows.clear(); });
    return page;
}

// --- 4. commands --------------------------------------------------------------------------------

std::vector<FieldError> validate_address(Database& db, const AddressInput& in) {
    std::vector<FieldError> e;
    {
        Statement st = db.prepare("SELECT deleted FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, in.id_customer);
        if (!st.step() || st.int64(0) != 0)
            e.push_back({"id_customer", "is not a known customer", "err.unknown_customer"});
    }
    const std::optional<CountryRecord> country = load_country(db, in.id_country);
    if (!country)
        e.push_back({"id_country", "country is required", "err.required"});
    if (in.id_state != 0) {
        Statement st = db.prepare("SELECT id_country FROM ps_state WHERE id_state = ?1");
        st.bind(1, in.id_state);
        if (!st.step())
            e.push_back({"id_state", "is not a known state", "err.unknown_state"});
        else if (st.int64(0) != in.id_country)
            e.push_back({"id_state", "is not a state of the address's country",
                         "err.state_not_in_country"});
    }
    AddressFields f;
    f.alias = in.alias;
    f.company = in.company;
    f.lastname = in.lastname;
    f.firstname = in.firstname;
    f.address1 = in.address1;
    f.address2 = in.address2;
    f.postcode = in.postcode;
    f.city = in.city;
    f.other = in.other;
    f.phone = in.phone;
    f.phone_mobile = in.phone_mobile;
    f.vat_number = in.vat_number;
    f.dni = in.dni;
    f.has_state = in.id_state != 0;
    auto rules =
        check_address_fields(f, country ? &*country : nullptr, required_address_fields(db));
    e.insert(e.end(), rules.begin(), rules.end());
    return e;
}

namespace {

nlohmann::json address_key(std::int64_t id) {
    return {{"id_address", id}};
}

std::optional<std::string> opt(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::int64_t insert_address(Database& db, std::int64_t batch, const AddressInput& in,
                            const std::string& summary) {
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_address(id_country, id_state, id_customer, alias, company, "
               "lastname, firstname, address1, address2, postcode, city, other, phone, "
               "phone_mobile, vat_number, dni, date_add, date_upd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
               "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)")
        .bind_all(in.id_country,
                  in.id_state ? std::optional<std::int64_t>(in.id_state) : std::nullopt,
                  in.id_customer, in.alias, opt(in.company), in.lastname, in.firstname, in.address1,
                  opt(in.address2), opt(in.postcode), in.city, opt(in.other), opt(in.phone),
                  opt(in.phone_mobile), opt(in.vat_number), opt(in.dni), now)
        .run();
    const std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_address", in.id_customer, nullptr,
                  audit::snapshot(db, "ps_address", address_key(id)), summary);
    return id;
}

} // namespace

std::int64_t create_address(Database& db, const AddressInput& in) {
    auto errors = validate_address(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::int64_t id = insert_address(db, batch, in, "address created: " + in.alias);
    tx.commit();
    return id;
}

bool address_used_by_order(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT EXISTS (SELECT 1 FROM ps_orders WHERE id_address_delivery = "
                              "?1 OR id_address_invoice = ?1)");
    st.bind(1, id);
    return st.step() && st.int64(0) != 0;
}

std::int64_t update_address(Database& db, std::int64_t id, const AddressInput& in) {
    auto errors = validate_address(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    nlohmann::json before = audit::snapshot(db, "ps_address", address_key(id));
    if (before.is_null() || before["deleted"] != 0)
        throw std::invalid_argument("no address with id " + std::to_string(id));
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    std::int64_t result = id;
    if (address_used_by_order(db, id)) {
        // Orders keep the address they were placed with.
        audit::tracked_update(db, batch, "ps_address", address_key(id), in.id_customer,
                              "address replaced: " + in.alias, [&] {
                                  db.prepare("UPDATE ps_address SET deleted = 1, date_upd = ?2 "
                                             "WHERE id_address = ?1")
                                      .bind_all(id, now)
                                      .run();
                              });
        result = insert_address(db, batch, in, "address edited: " + in.alias);
    } else {
        audit::tracked_update(
            db, batch, "ps_address", address_key(id), in.id_customer, "address edited: " + in.alias,
            [&] {
                db.prepare("UPDATE ps_address SET id_country = ?2, id_state = ?3, id_customer = "
                           "?4, alias = ?5, company = ?6, lastname = ?7, firstname = ?8, address1 "
                           "= ?9, address2 = ?10, postcode = ?11, city = ?12, other = ?13, phone = "
                           "?14, phone_mobile = ?15, vat_number = ?16, dni = ?17, date_upd = ?18 "
                           "WHERE id_address = ?1")
                    .bind_all(id, in.id_country,
                              in.id_state ? std::optional<std::int64_t>(in.id_state) : std::nullopt,
                              in.id_customer, in.alias, opt(in.company), in.lastname, in.firstname,
                              in.address1, opt(in.address2), opt(in.postcode), in.city,
                              opt(in.other), opt(in.phone), opt(in.phone_mobile),
                              opt(in.vat_number), opt(in.dni), now)
                    .run();
            });
    }
    tx.commit();
    return result;
}

std::optional<AddressInput> load_address(Database& db, std::int64_t id) {
    Statement st = db.prepare(
        "SELECT id_customer, id_country, COALESCE(id_state, 0), alias, COALESCE(company, ''), "
        "lastname, firstname, address1, COALESCE(address2, ''), COALESCE(postcode, ''), city, "
        "COALESCE(other, ''), COALESCE(phone, ''), COALESCE(phone_mobile, ''), "
        "COALESCE(vat_number, ''), COALESCE(dni, '') FROM ps_address WHERE id_address = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    AddressInput in;
    in.id_customer = st.int64(0);
    in.id_country = st.int64(1);
    in.id_state = st.int64(2);
    std::string* texts[] = {&in.alias,    &in.company,  &in.lastname,     &in.firstname,
                            &in.address1, &in.address2, &in.postcode,     &in.city,
                            &in.other,    &in.phone,    &in.phone_mobile, &in.vat_number,
                            &in.dni};
    int col = 3;
    for (std::string* t : texts)
        *t = st.text(col++);
    return in;
}

AddressDeletion delete_address(Database& db, std::int64_t id) {
    Transaction tx(db);
    nlohmann::json before = audit::snapshot(db, "ps_address", address_key(id));
    if (before.is_null() || before["deleted"] != 0)
        return AddressDeletion::None;
    const std::int64_t customer = before["id_customer"].get<std::int64_t>();
    const std::int64_t batch = audit::begin_batch(db);
    const bool used = address_used_by_order(db, id);
    audit::tracked_update(
        db, batch, "ps_address", address_key(id), customer,
        "address deleted: " + before["alias"].get<std::string>(), [&] {
            if (used)
                db.prepare("UPDATE ps_address SET deleted = 1, date_upd = ?2 "
                           "WHERE id_address = ?1")
                    .bind_all(id, now_datetime())
                    .run();
            else
                db.prepare("DELETE FROM ps_address WHERE id_address = ?1").bind_all(id).run();
        });
    tx.commit();
    return used ? AddressDeletion::Soft : AddressDeletion::Hard;
}

} // namespace clientele::core
