// Sections: 1. validation  2. create, update, load  3. bulk commands  4. delete and guests
#include "core/customers.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/password.h"
#include "core/random.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>
#include <functional>

namespace clientele::core {

namespace v = validate;

ValidationError::ValidationError(std::vector<FieldError> errors)
    : std::runtime_error(errors.empty() ? "invalid input"
                                        : errors.front().field + ": " + errors.front().message),
      errors_(std::move(errors)) {}

namespace {

nlohmann::json customer_key(std::int64_t id) {
    return {{"id_customer", id}};
}

bool group_exists(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT 1 FROM ps_group WHERE id_group = ?1");
    st.bind(1, id);
    return st.step();
}

bool email_blocked(Database& db, const std::string& email) {
    Statement st = db.prepare("SELECT 1 FROM cl_blocked_email WHERE email = ?1");
    st.bind(1, email);
    return st.step();
}

} // namespace

// --- 1. validation ------------------------------------------------------------------------------

std::optional<std::int64_t> find_account_by_email(Database& db, const std::string& email,
                                                  std::optional<std::int64_t> except) {
    Statement st = db.prepare(
        // The unary + keep SQLite on the e-mail index (the index on `deleted` would walk every
        // live customer of a big shop).
        "SELECT id_customer FROM ps_customer WHERE email = ?1 COLLATE NOCASE AND +is_guest = 0 "
        "AND +deleted = 0 AND +id_customer != ?2 ORDER BY +id_customer LIMIT 1");
    st.bind_all(email, except.value_or(-1));
    if (st.step())
        return st.int64(0);
    return std::nullopt;
}

std::vector<FieldError> validate_customer(Database& db, const CustomerInput& in,
                                          const ValidateOptions& o) {
    std::vector<FieldError> e;
    auto add = [&](const char* field, const char* code, const std::string& message) {
        e.push_back({field, message, code});
    };
    auto name = [&](const char* field, const std::string& value) {
        if (value.empty())
            add(field, "err.required", "is required");
        else if (!v::is_customer_name(value))
            add(field, "err.name_invalid", "contains characters a name cannot have");
        else if (!v::fits_length(value, v::limits::kCustomerFirstname))
            add(field, "err.too_long", "is longer than 255 characters");
    };
    name("firstname", in.firstname);
    name("lastname", in.lastname);

    if (in.email.empty())
        add("email", "err.required", "is required");
    else if (!v::is_email(in.email) || !v::fits_length(in.email, v::limits::kCustomerEmail))
        add("email", "err.email_invalid", "is not a valid e-mail address");
    else if (!in.is_guest && find_account_by_email(db, in.email, o.self))
        add("email", "err.email_taken", "is already used by another account");
    else if (!in.is_guest && !o.self && email_blocked(db, in.email))
        add("email", "err.email_blocked", "belongs to a deleted account and cannot register again");

    if (in.password) {
        if (!v::is_passwd(*in.password))
            add("password", "err.password_short", "needs at least 5 characters (at most 72 bytes)");
    } else if (o.password_required && !in.is_guest) {
        add("password", "err.required", "is required");
    }

    const std::string today = o.today.empty() ? today_date() : o.today;
    if (!in.birthday.empty() && !v::is_birth_date(in.birthday, today))
        add("birthday", "err.birthday_invalid",
            "must be a real date, not in the future and less than 200 years ago");

    if (in.id_gender != 0) {
        Statement st = db.prepare("SELECT 1 FROM ps_gender WHERE id_gender = ?1");
        st.bind(1, in.id_gender);
        if (!st.step())
            add("id_gender", "err.unknown_title", "is not a known title");
    }
    if (!group_exists(db, in.id_default_group))
        add("id_default_group", "err.unknown_group", "is not a known group");
    else if (std::find(in.groups.begin(), in.groups.end(), in.id_default_group) == in.groups.end())
        add("id_default_group", "err.default_group_not_member",
            "must be one of the customer's groups");
    for (std::int64_t g : in.groups)
        if (!group_exists(db, g))
            add("groups", "err.unknown_group", "contains an unknown group");

    if (!in.company.empty() && (!v::is_generic_name(in.company) ||
                                !v::fits_length(in.company, v::limits::kCustomerCompany)))
        add("company", "err.company_invalid", "is not a valid company name");
    if (!in.siret.empty() && !v::is_siret(in.siret))
        add("siret", "err.siret_invalid", "is not a valid SIRET (14 digits with a valid checksum)");
    if (!in.ape.empty() && !v::is_ape(in.ape))
        add("ape", "err.ape_invalid", "is not a valid APE code (e.g. 6201Z)");
    if (!in.website.empty() && (!v::is_absolute_url(in.website) ||
                                !v::fits_length(in.website, v::limits::kCustomerWebsite)))
        add("website", "err.website_invalid", "is not a valid web address");
    if (in.outstanding_allow_amount < 0)
        add("outstanding_allow_amount", "err.negative", "cannot be negative");
    if (in.max_payment_days < 0)
        add("max_payment_days", "err.negative", "cannot be negative");
    if (in.id_risk < 0 || in.id_risk > 4)
        add("id_risk", "err.unknown_risk", "is not a known risk level");
    if (!in.note.empty() && !v::fits_length(in.note, v::limits::kCustomerNote))
        add("note", "err.too_long", "is too long");
    return e;
}

// --- 2. create, update, load --------------------------------------------------------------------

namespace {

void write_groups(Database& db, std::int64_t batch, std::int64_t id,
                  const std::vector<std::int64_t>& groups) {
    std::vector<std::int64_t> current;
    Statement st = db.prepare("SELECT id_group FROM ps_customer_group WHERE id_customer = ?1");
    st.bind(1, id);
    while (st.step())
        current.push_back(st.int64(0));
    for (std::int64_t g : current) {
        if (std::find(groups.begin(), groups.end(), g) != groups.end())
            continue;
        nlohmann::json key{{"id_customer", id}, {"id_group", g}};
        audit::tracked_update(db, batch, "ps_customer_group", key, id, "group removed", [&] {
            db.prepare("DELETE FROM ps_customer_group WHERE id_customer = ?1 AND id_group = ?2")
                .bind_all(id, g)
                .run();
        });
    }
    for (std::int64_t g : groups) {
        if (std::find(current.begin(), current.end(), g) != current.end())
            continue;
        nlohmann::json key{{"id_customer", id}, {"id_group", g}};
        audit::tracked_update(db, batch, "ps_customer_group", key, id, "group added", [&] {
            db.prepare(
                  "INSERT OR IGNORE INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)")
                .bind_all(id, g)
                .run();
        });
    }
}

// Binds every input field to ?1..?24 in the order of kCustomerColumns.
void bind_input(Statement& st, const CustomerInput& in) {
    auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : s; };
    st.bind_all(in.id_gender, in.firstname, in.lastname, in.email, opt(in.birthday), in.active,
                in.newsletter, in.optin, in.is_guest, in.id_lang, in.id_shop, in.id_default_group,
                opt(in.company), opt(in.siret), opt(in.ape), opt(in.website),
                in.outstanding_allow_amount, in.max_payment_days, in.id_risk, opt(in.note));
}

} // namespace

std::int64_t create_customer(Database& db, const CustomerInput& in, const std::string& today) {
    ValidateOptions o;
    o.today = today;
    o.password_required = true;
    auto errors = validate_customer(db, in, o);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    // Hash outside the transaction: bcrypt takes tens of milliseconds.
    std::string hash = in.password ? password::hash(*in.password) : std::string();
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    Statement st = db.prepare(
        "INSERT INTO ps_customer(id_gender, firstname, lastname, email, birthday, active, "
        "newsletter, optin, is_guest, id_lang, id_shop, id_default_group, company, siret, ape, "
        "website, outstanding_allow_amount, max_payment_days, id_risk, note, passwd, "
        "last_passwd_gen, secure_key, newsletter_date_add, date_add, date_upd) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
        "?23, ?24, ?22, ?22)");
    bind_input(st, in);
    st.bind(21, hash);
    st.bind(22, now);
    st.bind(23, secure_key());
    st.bind(24, in.newsletter ? std::optional<std::string>(now) : std::nullopt);
    st.run();
    std::int64_t id = db.last_insert_id();
    audit::record(db, batch, "create", "ps_customer", id, nullptr,
                  audit::snapshot(db, "ps_customer", customer_key(id)),
                  "customer created: " + in.firstname + " " + in.lastname);
    write_groups(db, batch, id, in.groups);
    tx.commit();
    return id;
}

void update_customer(Database& db, std::int64_t id, const CustomerInput& in,
                     const std::string& today) {
    ValidateOptions o;
    o.today = today;
    o.self = id;
    auto errors = validate_customer(db, in, o);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    std::string hash = in.password ? password::hash(*in.password) : std::string();
    Transaction tx(db);
    nlohmann::json before = audit::snapshot(db, "ps_customer", customer_key(id));
    if (before.is_null())
        throw std::invalid_argument("no customer with id " + std::to_string(id));
    std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    // Newsletter date and IP follow PrestaShop: set when subscribing, cleared when leaving.
    Statement st = db.prepare(
        "UPDATE ps_customer SET id_gender = ?1, firstname = ?2, lastname = ?3, email = ?4, "
        "birthday = ?5, active = ?6, newsletter = ?7, optin = ?8, is_guest = ?9, id_lang = ?10, "
        "id_shop = ?11, id_default_group = ?12, company = ?13, siret = ?14, ape = ?15, "
        "website = ?16, outstanding_allow_amount = ?17, max_payment_days = ?18, id_risk = ?19, "
        "note = ?20, passwd = CASE WHEN ?21 = '' THEN passwd ELSE ?21 END, "
        "last_passwd_gen = CASE WHEN ?21 = '' THEN last_passwd_gen ELSE ?22 END, "
        "newsletter_date_add = CASE WHEN ?7 = 0 THEN NULL WHEN newsletter = 1 THEN "
        "newsletter_date_add ELSE ?22 END, date_upd = ?22 WHERE id_customer = ?23");
    bind_input(st, in);
    st.bind(21, hash);
    st.bind(22, now);
    st.bind(23, id);
    st.run();
    audit::record(db, batch, "update", "ps_customer", id, before,
                  audit::snapshot(db, "ps_customer", customer_key(id)),
                  "customer edited: " + in.firstname + " " + in.lastname);
    write_groups(db, batch, id, in.groups);
    tx.commit();
}

std::optional<CustomerInput> load_customer_input(Database& db, std::int64_t id) {
    Statement st = db.prepare(
        "SELECT id_gender, firstname, lastname, email, COALESCE(birthday, ''), active, newsletter, "
        "optin, is_guest, COALESCE(id_lang, 1), id_shop, id_default_group, COALESCE(company, ''), "
        "COALESCE(siret, ''), COALESCE(ape, ''), COALESCE(website, ''), outstanding_allow_amount, "
        "max_payment_days, id_risk, COALESCE(note, '') FROM ps_customer WHERE id_customer = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    CustomerInput in;
    in.id_gender = st.int32(0);
    in.firstname = st.text(1);
    in.lastname = st.text(2);
    in.email = st.text(3);
    in.birthday = st.text(4) == "0000-00-00" ? "" : st.text(4);
    in.active = st.int64(5) != 0;
    in.newsletter = st.int64(6) != 0;
    in.optin = st.int64(7) != 0;
    in.is_guest = st.int64(8) != 0;
    in.id_lang = st.int32(9);
    in.id_shop = st.int32(10);
    in.id_default_group = st.int64(11);
    in.company = st.text(12);
    in.siret = st.text(13);
    in.ape = st.text(14);
    in.website = st.text(15);
    in.outstanding_allow_amount = st.real(16);
    in.max_payment_days = st.int32(17);
    in.id_risk = st.int32(18);
    in.note = st.text(19);
    Statement g = db.prepare(
        "SELECT id_group FROM ps_customer_group WHERE id_customer = ?1 ORDER BY id_group");
    g.bind(1, id);
    while (g.step())
        in.groups.push_back(g.int64(0));
    return in;
}

// --- 3. bulk commands ---------------------------------------------------------------------------

namespace {

// Runs `change(id)` for each id inside one transaction and one audit batch, recording the
// customer row's before/after; returns how many rows changed.
template <typename F>
BulkResult bulk_on_customers(Database& db, const std::vector<std::int64_t>& ids, std::int64_t batch,
                             const std::string& summary, F&& change) {
    BulkResult r;
    Transaction tx(db);
    if (batch == 0)
        batch = audit::begin_batch(db);
    for (std::int64_t id : ids) {
        nlohmann::json before = audit::snapshot(db, "ps_customer", customer_key(id));
        if (before.is_null())
            continue;
        if (!change(batch, id))
            continue;
        nlohmann::json after = audit::snapshot(db, "ps_customer", customer_key(id));
        if (before != after)
            audit::record(db, batch, "update", "ps_customer", id, before, after, summary);
        ++r.changed;
    }
    tx.commit();
    return r;
}

const char* const kJoinGroup =
    "INSERT OR IGNORE INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)";

// Runs `sql` (?1 the customer, ?2 the group) on the customer's membership of the group,
// recorded in `batch`; true when it changed a row.
bool change_membership(Database& db, std::int64_t batch, std::int64_t id, std::int64_t id_group,
                       const char* sql, const char* summary) {
    bool changed = false;
    audit::tracked_update(db, batch, "ps_customer_group",
                          {{"id_customer", id}, {"id_group", id_group}}, id, summary, [&] {
                              db.prepare(sql).bind_all(id, id_group).run();
                              changed = db.changes() > 0;
                          });
    return changed;
}

} // namespace

BulkResult set_flag(Database& db, const std::vector<std::int64_t>& ids, Flag flag, bool value,
                    std::int64_t batch) {
    const char* sql = nullptr;
    const char* summary = nullptr;
    switch (flag) {
    case Flag::Active:
        sql = "UPDATE ps_customer SET active = ?2, date_upd = ?3 WHERE id_customer = ?1 AND active "
              "!= ?2";
        summary = value ? "enabled" : "disabled";
        break;
    case Flag::Newsletter:
        sql = "UPDATE ps_customer SET newsletter = ?2, newsletter_date_add = CASE WHEN ?2 THEN ?3 "
              "ELSE NULL END, date_upd = ?3 WHERE id_customer = ?1 AND newsletter != ?2";
        summary = value ? "newsletter subscribed" : "newsletter unsubscribed";
        break;
    case Flag::Optin:
        sql = "UPDATE ps_customer SET optin = ?2, date_upd = ?3 WHERE id_customer = ?1 AND optin "
              "!= ?2";
        summary = value ? "partner offers accepted" : "partner offers declined";
        break;
    }
    const std::string now = now_datetime();
    Statement st = db.prepare(sql);
    return bulk_on_customers(db, ids, batch, summary, [&](std::int64_t, std::int64_t id) {
        st.reset();
        st.bind_all(id, value, now).run();
        return db.changes() > 0;
    });
}

BulkResult add_to_group(Database& db, const std::vector<std::int64_t>& ids, std::int64_t id_group,
                        std::int64_t batch_id) {
    if (!group_exists(db, id_group))
        throw std::invalid_argument("no group with id " + std::to_string(id_group));
    return bulk_on_customers(
        db, ids, batch_id, "added to a group", [&](std::int64_t batch, std::int64_t id) {
            return change_membership(db, batch, id, id_group, kJoinGroup, "added to a group");
        });
}

BulkResult remove_from_group(Database& db, const std::vector<std::int64_t>& ids,
                             std::int64_t id_group, std::int64_t batch_id) {
    return bulk_on_customers(
        db, ids, batch_id, "removed from a group", [&](std::int64_t batch, std::int64_t id) {
            // The customer's default group stays.
            return change_membership(db, batch, id, id_group,
                                     "DELETE FROM ps_customer_group WHERE id_customer = ?1 AND "
                                     "id_group = ?2 AND ?2 != (SELECT id_default_group FROM "
                                     "ps_customer WHERE id_customer = ?1)",
                                     "removed from a group");
        });
}

BulkResult set_default_group(Database& db, const std::vector<std::int64_t>& ids,
                             std::int64_t id_group, std::int64_t batch_id) {
    if (!group_exists(db, id_group))
        throw std::invalid_argument("no group with id " + std::to_string(id_group));
    const std::string now = now_datetime();
    return bulk_on_customers(
        db, ids, batch_id, "default group changed", [&](std::int64_t batch, std::int64_t id) {
            change_membership(db, batch, id, id_group, kJoinGroup, "added to a group");
            db.prepare("UPDATE ps_customer SET id_default_group = ?2, date_upd = ?3 WHERE "
                       "id_customer = ?1 AND id_default_group != ?2")
                .bind_all(id, id_group, now)
                .run();
            return db.changes() > 0;
        });
}

// --- 4. delete and guests -----------------------------------------------------------------------

std::int64_t anonymous_customer(Database& db) {
    Statement st = db.prepare(
        "SELECT id_customer FROM ps_customer WHERE email = 'anonymous@anonymous.com' LIMIT 1");
    if (st.step())
        return st.int64(0);
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_customer(id_default_group, firstname, lastname, email, active, "
               "is_guest, date_add, date_upd) VALUES (1, 'Anonymous', 'Anonymous', "
               "'anonymous@anonymous.com', 0, 1, ?1, ?1)")
        .bind_all(now)
        .run();
    std::int64_t id = db.last_insert_id();
    db.prepare("INSERT INTO ps_customer_group(id_customer, id_group) VALUES (?1, 1)")
        .bind_all(id)
        .run();
    return id;
}

namespace {

std::vector<std::int64_t> ids_of(Database& db, const std::string& sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

// Rows that belong to a customer and go away with the account.
struct OwnedRows {
    const char* table;
    const char* key_column;
    const char* select; // ids of the rows owned by customer ?1
    const char* count;  // name in the counts
};
const OwnedRows kOwned[] = {
    {"ps_address", "id_address", "SELECT id_address FROM ps_address WHERE id_customer = ?1",
     "addresses"},
    {"ps_cart_rule", "id_cart_rule",
     "SELECT id_cart_rule FROM ps_cart_rule WHERE id_customer = ?1 AND id_cart_rule NOT IN "
     "(SELECT id_cart_rule FROM ps_order_cart_rule)",
     "vouchers"},
    // The account's own records in Clientèle's tables (their foreign keys cascade): deleted
    // one by one so that undo brings them back with the account.
    {"cl_loyalty_conversion", "id", "SELECT id FROM cl_loyalty_conversion WHERE id_customer = ?1",
     "loyalty_conversions"},
    {"cl_subscription", "id_subscription",
     "SELECT id_subscription FROM cl_subscription WHERE id_customer = ?1", "subscriptions"},
    {"cl_product_review", "id_review",
     "SELECT id_review FROM cl_product_review WHERE id_customer = ?1", "reviews"},
    {"cl_consent_log", "id", "SELECT id FROM cl_consent_log WHERE id_customer = ?1", "consents"},
};

// Rows that stay without the account: to the anonymous customer (what orders need) or to
// no customer. `personal` rows are deleted instead when personal data is erased.
struct DetachedRows {
    const char* table;
    const char* pk;
    const char* select; // ids of the rows of customer ?1
    bool to_anonymous;  // else to "no customer" (NULL for threads, 0 elsewhere)
    bool personal;
    const char* count;
};
const DetachedRows kDetached[] = {
    {"ps_orders", "id_order", "SELECT id_order FROM ps_orders WHERE id_customer = ?1", true, false,
     "orders"},
    {"ps_order_return", "id_order_return",
     "SELECT id_order_return FROM ps_order_return WHERE id_customer = ?1", true, false, "returns"},
    {"ps_order_slip", "id_order_slip",
     "SELECT id_order_slip FROM ps_order_slip WHERE id_customer = ?1", true, false, "credit_slips"},
    // A voucher an order used is part of that order (ps_order_cart_rule refers to it).
    {"ps_cart_rule", "id_cart_rule",
     "SELECT id_cart_rule FROM ps_cart_rule WHERE id_customer = ?1 AND id_cart_rule IN "
     "(SELECT id_cart_rule FROM ps_order_cart_rule)",
     true, false, "vouchers_on_orders"},
    {"ps_cart", "id_cart", "SELECT id_cart FROM ps_cart WHERE id_customer = ?1", false, false,
     "carts"},
    {"ps_customer_thread", "id_customer_thread",
     "SELECT id_customer_thread FROM ps_customer_thread WHERE id_customer = ?1", false, true,
     "threads"},
    {"ps_guest", "id_guest", "SELECT id_guest FROM ps_guest WHERE id_customer = ?1", false, true,
     "guests"},
};

// Personal data deleted by an erase, child rows first (set-based: an erase is not recorded).
struct ErasedRows {
    const char* sql; // deletes the rows of customer ?1
    const char* count;
};
const ErasedRows kErased[] = {
    {"DELETE FROM ps_customer_message WHERE id_customer_thread IN (SELECT id_customer_thread "
     "FROM ps_customer_thread WHERE id_customer = ?1)",
     "messages"},
    {"DELETE FROM ps_customer_thread WHERE id_customer = ?1", "threads"},
    {"DELETE FROM ps_connections WHERE id_guest IN (SELECT id_guest FROM ps_guest WHERE "
     "id_customer = ?1)",
     "connections"},
    {"DELETE FROM ps_guest WHERE id_customer = ?1", "guests"},
    {"DELETE FROM cl_outbox WHERE id_customer = ?1", "outbox"},
    {"DELETE FROM cl_blocked_email WHERE email = (SELECT email FROM ps_customer WHERE "
     "id_customer = ?1)",
     "blocked_emails"},
};

} // namespace

std::vector<std::pair<std::string, std::int64_t>>
remove_account(Database& db, std::int64_t id, std::int64_t anonymous, const AccountRemoval& how) {
    std::vector<std::pair<std::string, std::int64_t>> counts;
    auto counted = [&](const char* name, std::size_t n) {
        counts.emplace_back(name, static_cast<std::int64_t>(n));
    };
    // Each change is logged in the batch so undo restores it; without a batch it just happens.
    auto change = [&](const std::string& table, const nlohmann::json& key,
                      const std::string& summary, const std::function<void()>& run) {
        if (how.batch)
            audit::tracked_update(db, how.batch, table, key, id, summary, run);
        else
            run();
    };

    const auto gids =
        ids_of(db, "SELECT id_group FROM ps_customer_group WHERE id_customer = ?1", id);
    for (std::int64_t g : gids)
        change("ps_customer_group", {{"id_customer", id}, {"id_group", g}}, "group removed", [&] {
            db.prepare("DELETE FROM ps_customer_group WHERE id_customer = ?1 AND id_group = ?2")
                .bind_all(id, g)
                .run();
        });
    counted("groups", gids.size());

    for (const OwnedRows& o : kOwned) {
        const auto rows = ids_of(db, o.select, id);
        Statement del =
            db.prepare(std::string("DELETE FROM ") + o.table + " WHERE " + o.key_column + " = ?1");
        for (std::int64_t row : rows)
            change(o.table, {{o.key_column, row}}, "removed with the account", [&] {
                del.reset();
                del.bind(1, row);
                del.run();
            });
        counted(o.count, rows.size());
    }

    if (how.erase_personal_data)
        for (const ErasedRows& e : kErased) {
            db.prepare(e.sql).bind_all(id).run();
            counted(e.count, static_cast<std::size_t>(db.changes()));
        }

    for (const DetachedRows& d : kDetached) {
        if (d.personal && how.erase_personal_data)
            continue; // deleted above
        const std::string table = d.table, pk = d.pk;
        const auto rows = ids_of(db, d.select, id);
        Statement move =
            db.prepare("UPDATE " + table + " SET id_customer = ?2 WHERE " + pk + " = ?1");
        for (std::int64_t row : rows)
            change(table, {{pk, row}}, "detached from the account", [&] {
                move.reset();
                move.bind(1, row);
                if (d.to_anonymous)
                    move.bind(2, anonymous);
                else if (table == "ps_customer_thread")
                    move.bind(2, Null{});
                else
                    move.bind(2, std::int64_t{0});
                move.run();
            });
        counted(d.count, rows.size());
    }

    std::size_t removed = 0;
    change("ps_customer", customer_key(id), "customer deleted", [&] {
        db.prepare("DELETE FROM ps_customer WHERE id_customer = ?1").bind_all(id).run();
        removed = static_cast<std::size_t>(db.changes());
    });
    counts.insert(counts.begin(), {"customer", static_cast<std::int64_t>(removed)});
    return counts;
}

BulkResult delete_customers(Database& db, const std::vector<std::int64_t>& ids, DeleteMode mode,
                            std::int64_t batch) {
    BulkResult r;
    Transaction tx(db);
    if (batch == 0)
        batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    std::int64_t anonymous = 0;
    for (std::int64_t id : ids) {
        Statement st = db.prepare("SELECT email, deleted FROM ps_customer WHERE id_customer = ?1");
        st.bind(1, id);
        if (!st.step())
            continue;
        const std::string email = st.text(0);
        if (mode == DeleteMode::AllowReregistration) {
            if (!anonymous)
                anonymous = anonymous_customer(db);
            if (id == anonymous)
                continue;
            remove_account(db, id, anonymous, {batch, false});
        } else {
            if (st.int64(1) != 0)
                continue;
            audit::tracked_update(db, batch, "ps_customer", customer_key(id), id,
                                  "customer deleted (data kept, e-mail blocked)", [&] {
                                      db.prepare("UPDATE ps_customer SET deleted = 1, active = 0, "
                                                 "date_upd = ?2 WHERE id_customer = ?1")
                                          .bind_all(id, now)
                                          .run();
                                  });
            audit::tracked_update(db, batch, "cl_blocked_email", {{"email", email}}, id,
                                  "e-mail blocked", [&] {
                                      db.prepare("INSERT OR IGNORE INTO cl_blocked_email(email, "
                                                 "date_add) VALUES (?1, ?2)")
                                          .bind_all(email, now)
                                          .run();
                                  });
        }
        ++r.changed;
    }
    tx.commit();
    return r;
}

BulkResult apply_bulk(Database& db, const BulkAction& a, const std::vector<std::int64_t>& ids,
                      std::int64_t batch) {
    switch (a.kind) {
    case BulkKind::Enable:
        return set_flag(db, ids, Flag::Active, true, batch);
    case BulkKind::Disable:
        return set_flag(db, ids, Flag::Active, false, batch);
    case BulkKind::NewsletterOn:
        return set_flag(db, ids, Flag::Newsletter, true, batch);
    case BulkKind::NewsletterOff:
        return set_flag(db, ids, Flag::Newsletter, false, batch);
    case BulkKind::OptinOn:
        return set_flag(db, ids, Flag::Optin, true, batch);
    case BulkKind::OptinOff:
        return set_flag(db, ids, Flag::Optin, false, batch);
    case BulkKind::AddToGroup:
        return add_to_group(db, ids, a.id_group, batch);
    case BulkKind::RemoveFromGroup:
        return remove_from_group(db, ids, a.id_group, batch);
    case BulkKind::SetDefaultGroup:
        return set_default_group(db, ids, a.id_group, batch);
    case BulkKind::DeleteAllowReregistration:
        return delete_customers(db, ids, DeleteMode::AllowReregistration, batch);
    case BulkKind::DeleteKeepData:
        return delete_customers(db, ids, DeleteMode::KeepDataBlockEmail, batch);
    }
    return {};
}

const char* bulk_label_key(BulkKind kind) {
    static const std::pair<BulkKind, const char*> keys[] = {
        {BulkKind::Enable, "bulk.enable"},
        {BulkKind::Disable, "bulk.disable"},
        {BulkKind::NewsletterOn, "bulk.newsletter_on"},
        {BulkKind::NewsletterOff, "bulk.newsletter_off"},
        {BulkKind::OptinOn, "bulk.optin_on"},
        {BulkKind::OptinOff, "bulk.optin_off"},
        {BulkKind::AddToGroup, "bulk.add_group"},
        {BulkKind::RemoveFromGroup, "bulk.remove_group"},
        {BulkKind::SetDefaultGroup, "bulk.default_group"},
        {BulkKind::DeleteAllowReregistration, "bulk.delete_reregister"},
        {BulkKind::DeleteKeepData, "bulk.delete_keep"},
    };
    for (const auto& [k, key] : keys)
        if (k == kind)
            return key;
    return "bulk.enable";
}

void set_note(Database& db, std::int64_t id, const std::string& note) {
    if (!v::fits_length(note, v::limits::kCustomerNote))
        throw ValidationError({{"note", "is too long", "err.too_long"}});
    Transaction tx(db);
    std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(
        db, batch, "ps_customer", customer_key(id), id, "private note edited", [&] {
            db.prepare("UPDATE ps_customer SET note = ?2, date_upd = ?3 WHERE id_customer = ?1")
                .bind_all(id, note, now_datetime())
                .run();
        });
    tx.commit();
}

void convert_guest(Database& db, std::int64_t id, const std::string& plain) {
    auto in = load_customer_input(db, id);
    if (!in)
        throw std::invalid_argument("no customer with id " + std::to_string(id));
    if (!in->is_guest)
        throw ValidationError({{"is_guest", "is already a customer account", "err.not_guest"}});
    in->is_guest = false;
    in->password = plain;
    // A registered customer belongs to the Customer group (PrestaShop's PS_CUSTOMER_GROUP).
    if (std::find(in->groups.begin(), in->groups.end(), 3) == in->groups.end())
        in->groups.push_back(3);
    in->id_default_group = 3;
    update_customer(db, id, *in);
}

} // namespace clientele::core
