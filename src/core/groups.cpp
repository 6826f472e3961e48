// Sections: 1. helpers  2. list and validation  3. create, update, delete  4. category
// reductions  5. module restrictions  6. members
#include "core/groups.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/lang_names.h"
#include "core/store.h"
#include "core/validate.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace clientele::core {

namespace v = validate;

// --- 1. helpers ---------------------------------------------------------------------------------

namespace {

nlohmann::json group_key(std::int64_t id) {
    return {{"id_group", id}};
}

bool exists(Database& db, const char* sql, std::int64_t id) {
    Statement st = db.prepare(sql);
    st.bind(1, id);
    return st.step();
}

bool group_exists(Database& db, std::int64_t id) {
    return exists(db, "SELECT 1 FROM ps_group WHERE id_group = ?1", id);
}

// Records the deletion of every row `select` returns (the table's key columns, named as in the
// table, for parameter ?1 = `id`), before a delete removes them (directly or by cascade).
// `entity_column` names the column holding the customer the row belongs to, if any.
void record_deleted(Database& db, std::int64_t batch, const std::string& table,
                    const std::string& select, std::int64_t id, const char* entity_column,
                    const std::string& summary) {
    std::vector<nlohmann::json> keys;
    {
        Statement st = db.prepare(select);
        st.bind(1, id);
        while (st.step()) {
            nlohmann::json key = nlohmann::json::object();
            for (int c = 0; c < st.column_count(); ++c)
                key[st.column_name(c)] = st.int64(c);
            keys.push_back(std::move(key));
        }
    }
    for (const nlohmann::json& key : keys) {
        nlohmann::json before = audit::snapshot(db, table, key);
        if (before.is_null())
            continue;
        const std::int64_t entity =
            entity_column ? before.value(entity_column, std::int64_t{0}) : std::int64_t{0};
        audit::record(db, batch, "delete", table, entity, before, nullptr, summary);
    }
}

} // namespace

// --- 2. list and validation ---------------------------------------------------------------------

std::vector<GroupRow> list_groups_with_counts(Database& db, int id_lang) {
    std::vector<GroupRow> out;
    Statement st = db.prepare(
        "SELECT g.id_group, COALESCE((SELECT name FROM ps_group_lang l WHERE l.id_group = "
        "g.id_group ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC LIMIT 1), ''), g.reduction, "
        "g.price_display_method, g.show_prices, (SELECT COUNT(*) FROM ps_customer_group cg WHERE "
        "cg.id_group = g.id_group), g.date_add FROM ps_group g ORDER BY g.id_group");
    st.bind(1, id_lang);
    while (st.step()) {
        GroupRow r;
        r.id = st.int64(0);
        r.name = st.text(1);
        r.reduction = st.real(2);
        r.price_display = st.int64(3) ? PriceDisplay::TaxExcluded : PriceDisplay::TaxIncluded;
        r.show_prices = st.int64(4) != 0;
        r.members = st.int64(5);
        r.date_add = st.text(6);
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t group_member_count(Database& db, std::int64_t id_group) {
    Statement st = db.prepare("SELECT COUNT(*) FROM ps_customer_group WHERE id_group = ?1");
    st.bind(1, id_group);
    return st.step() ? st.int64(0) : 0;
}

std::vector<FieldError> validate_group(Database& db, const GroupInput& in) {
    std::vector<FieldError> e;
    const int def = default_language(db);
    for (const auto& [lang, iso] : languages(db))
        check_lang_name(e, "name[" + std::to_string(lang) + "]", text_in(in.names, lang),
                        lang == def, iso, kGroupNameMax);
    if (!(in.reduction >= 0 && in.reduction <= 100)) // also refuses NaN
        e.push_back({"reduction", "must be between 0 and 100 %", "err.percentage"});
    if (in.price_display != PriceDisplay::TaxIncluded &&
        in.price_display != PriceDisplay::TaxExcluded)
        e.push_back(
            {"price_display_method", "must be tax included or tax excluded", "err.price_display"});
    return e;
}

// --- 3. create, update, delete ------------------------------------------------------------------

std::int64_t create_group(Database& db, const GroupInput& in) {
    auto errors = validate_group(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    db.prepare("INSERT INTO ps_group(reduction, price_display_method, show_prices, date_add, "
               "date_upd) VALUES (?1, ?2, ?3, ?4, ?4)")
        .bind_all(in.reduction, static_cast<int>(in.price_display), in.show_prices, now)
        .run();
    const std::int64_t id = db.last_insert_id();
    const std::string summary = "group created: " + default_text(db, in.names);
    audit::record(db, batch, "create", "ps_group", 0, nullptr,
                  audit::snapshot(db, "ps_group", group_key(id)), summary);
    write_lang_rows(db, batch, "ps_group_lang", "id_group", id, {{"name", &in.names}}, summary);
    tx.commit();
    return id;
}

void update_group(Database& db, std::int64_t id, const GroupInput& in) {
    auto errors = validate_group(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    if (!group_exists(db, id))
        throw std::invalid_argument("no group with id " + std::to_string(id));
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "group edited: " + default_text(db, in.names);
    audit::tracked_update(db, batch, "ps_group", group_key(id), 0, summary, [&] {
        db.prepare("UPDATE ps_group SET reduction = ?2, price_display_method = ?3, show_prices = "
                   "?4, date_upd = ?5 WHERE id_group = ?1")
            .bind_all(id, in.reduction, static_cast<int>(in.price_display), in.show_prices,
                      now_datetime())
            .run();
    });
    write_lang_rows(db, batch, "ps_group_lang", "id_group", id, {{"name", &in.names}}, summary);
    tx.commit();
}

std::optional<GroupInput> load_group(Database& db, std::int64_t id) {
    Statement st = db.prepare(
        "SELECT reduction, price_display_method, show_prices FROM ps_group WHERE id_group = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    GroupInput in;
    in.reduction = st.real(0);
    in.price_display = st.int64(1) ? PriceDisplay::TaxExcluded : PriceDisplay::TaxIncluded;
    in.show_prices = st.int64(2) != 0;
    in.names = load_lang_texts(db, "ps_group_lang", "id_group", id);
    return in;
}

void delete_group(Database& db, std::int64_t id) {
    if (id == kVisitorGroup || id == kGuestGroup || id == kCustomerGroup)
        throw ValidationError({{"id_group",
                                "Visitor, Guest and Customer are PrestaShop's default groups and "
                                "cannot be deleted",
                                "err.group_protected"}});
    Transaction tx(db);
    if (!group_exists(db, id))
        throw std::invalid_argument("no group with id " + std::to_string(id));
    Statement count = db.prepare("SELECT COUNT(*) FROM ps_customer WHERE id_default_group = ?1");
    count.bind(1, id);
    const std::int64_t n = count.step() ? count.int64(0) : 0;
    if (n > 0)
        throw ValidationError({{"id_group",
                                "is the default group of " + std::to_string(n) +
                                    (n == 1 ? " customer" : " customers") +
                                    ": give them another default group first (move the members)",
                                "err.group_is_default"}});
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "group deleted: #" + std::to_string(id);
    // Children first, so undo (which replays backwards) restores the group before them.
    record_deleted(db, batch, "ps_customer_group",
                   "SELECT id_customer, id_group FROM ps_customer_group WHERE id_group = ?1", id,
                   "id_customer", summary);
    record_deleted(db, batch, "ps_group_reduction",
                   "SELECT id_group_reduction FROM ps_group_reduction WHERE id_group = ?1", id,
                   nullptr, summary);
    record_deleted(db, batch, "ps_module_group",
                   "SELECT id_module, id_shop, id_group FROM ps_module_group WHERE id_group = ?1",
                   id, nullptr, summary);
    record_deleted(db, batch, "ps_group_lang",
                   "SELECT id_group, id_lang FROM ps_group_lang WHERE id_group = ?1", id, nullptr,
                   summary);
    record_deleted(db, batch, "ps_group", "SELECT id_group FROM ps_group WHERE id_group = ?1", id,
                   nullptr, summary);
    // The foreign keys cascade to memberships, names, reductions and module restrictions.
    db.prepare("DELETE FROM ps_group WHERE id_group = ?1").bind_all(id).run();
    tx.commit();
}

// --- 4. category reductions ---------------------------------------------------------------------

std::vector<CategoryReduction> list_category_reductions(Database& db, std::int64_t id_group,
                                                        int id_lang) {
    std::vector<CategoryReduction> out;
    Statement st = db.prepare(
        "SELECT r.id_category, COALESCE((SELECT name FROM ps_category_lang l WHERE l.id_category = "
        "r.id_category ORDER BY l.id_lang = ?2 DESC, l.id_lang = 1 DESC LIMIT 1), ''), "
        "r.reduction FROM ps_group_reduction r WHERE r.id_group = ?1 ORDER BY r.id_category");
    st.bind_all(id_group, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.real(2) * 100.0});
    return out;
}

void set_category_reduction(Database& db, std::int64_t id_group, std::int64_t id_category,
                            double percent) {
    std::vector<FieldError> e;
    if (!group_exists(db, id_group))
        e.push_back({"id_group", "is not a known group", "err.unknown_group"});
    if (!exists(db, "SELECT 1 FROM ps_category WHERE id_category = ?1", id_category))
        e.push_back({"id_category", "is not a known category", "err.unknown_category"});
    if (!(percent >= 0 && percent <= 100))
        e.push_back({"reduction", "must be between 0 and 100 %", "err.percentage"});
    if (!e.empty())
        throw ValidationError(std::move(e));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    Statement find = db.prepare(
        "SELECT id_group_reduction FROM ps_group_reduction WHERE id_group = ?1 AND id_category = "
        "?2");
    find.bind_all(id_group, id_category);
    const std::string summary = "category reduction set";
    if (find.step()) {
        const std::int64_t rid = find.int64(0);
        audit::tracked_update(db, batch, "ps_group_reduction", {{"id_group_reduction", rid}}, 0,
                              summary, [&] {
                                  db.prepare("UPDATE ps_group_reduction SET reduction = ?2 WHERE "
                                             "id_group_reduction = ?1")
                                      .bind_all(rid, percent / 100.0)
                                      .run();
                              });
    } else {
        db.prepare("INSERT INTO ps_group_reduction(id_group, id_category, reduction) VALUES (?1, "
                   "?2, ?3)")
            .bind_all(id_group, id_category, percent / 100.0)
            .run();
        const std::int64_t rid = db.last_insert_id();
        audit::record(db, batch, "create", "ps_group_reduction", 0, nullptr,
                      audit::snapshot(db, "ps_group_reduction", {{"id_group_reduction", rid}}),
                      summary);
    }
    tx.commit();
}

bool remove_category_reduction(Database& db, std::int64_t id_group, std::int64_t id_category) {
    Transaction tx(db);
    Statement find = db.prepare(
        "SELECT id_group_reduction FROM ps_group_reduction WHERE id_group = ?1 AND id_category = "
        "?2");
    find.bind_all(id_group, id_category);
    if (!find.step())
        return false;
    const std::int64_t rid = find.int64(0);
    const std::int64_t batch = audit::begin_batch(db);
    audit::tracked_update(db, batch, "ps_group_reduction", {{"id_group_reduction", rid}}, 0,
                          "category reduction removed", [&] {
                              db.prepare("DELETE FROM ps_group_reduction WHERE "
                                         "id_group_reduction = ?1")
                                  .bind_all(rid)
                                  .run();
                          });
    tx.commit();
    return true;
}

double effective_reduction(Database& db, std::int64_t id_group, std::int64_t id_category) {
    Statement st = db.prepare(
        "SELECT COALESCE((SELECT r.reduction * 100.0 FROM ps_group_reduction r WHERE r.id_group = "
        "g.id_group AND r.id_category = ?2), g.reduction) FROM ps_group g WHERE g.id_group = ?1");
    st.bind_all(id_group, id_category);
    return st.step() ? st.real(0) : 0.0;
}

// --- 5. module restrictions ---------------------------------------------------------------------

std::vector<ModuleAccess> list_module_access(Database& db, std::int64_t id_group,
                                             std::int64_t id_shop) {
    std::vector<ModuleAccess> out;
    Statement st = db.prepare(
        "SELECT m.id_module, m.name, EXISTS (SELECT 1 FROM ps_module_group mg WHERE mg.id_module = "
        "m.id_module AND mg.id_shop = ?2 AND mg.id_group = ?1) FROM ps_module m ORDER BY m.name");
    st.bind_all(id_group, id_shop);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.int64(2) != 0});
    return out;
}

void set_allowed_modules(Database& db, std::int64_t id_group,
                         const std::vector<std::int64_t>& modules, std::int64_t id_shop) {
    std::vector<FieldError> e;
    if (!group_exists(db, id_group))
        e.push_back({"id_group", "is not a known group", "err.unknown_group"});
    if (!exists(db, "SELECT 1 FROM ps_shop WHERE id_shop = ?1", id_shop))
        e.push_back({"id_shop", "is not a known shop", "err.unknown_shop"});
    for (std::int64_t m : modules)
        if (!exists(db, "SELECT 1 FROM ps_module WHERE id_module = ?1", m)) {
            e.push_back({"modules", "contains an unknown module", "err.unknown_module"});
            break;
        }
    if (!e.empty())
        throw ValidationError(std::move(e));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "group module restrictions changed";
    for (const ModuleAccess& m : list_module_access(db, id_group, id_shop)) {
        const bool want = std::find(modules.begin(), modules.end(), m.id_module) != modules.end();
        if (want == m.allowed)
            continue;
        const std::int64_t id_module = m.id_module;
        nlohmann::json key{{"id_module", id_module}, {"id_shop", id_shop}, {"id_group", id_group}};
        audit::tracked_update(db, batch, "ps_module_group", key, 0, summary, [&] {
            db.prepare(want ? "INSERT INTO ps_module_group(id_module, id_shop, id_group) VALUES "
                              "(?1, ?2, ?3)"
                            : "DELETE FROM ps_module_group WHERE id_module = ?1 AND id_shop = ?2 "
                              "AND id_group = ?3")
                .bind_all(id_module, id_shop, id_group)
                .run();
        });
    }
    tx.commit();
}

// --- 6. members ---------------------------------------------------------------------------------

std::vector<std::int64_t> group_members(Database& db, std::int64_t id_group, std::int64_t offset,
                                        std::int64_t limit) {
    std::vector<std::int64_t> out;
    Statement st = db.prepare("SELECT id_customer FROM ps_customer_group WHERE id_group = ?1 "
                              "ORDER BY id_customer LIMIT ?3 OFFSET ?2");
    st.bind_all(id_group, offset, limit);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

BulkResult add_members(Database& db, std::int64_t id_group, const std::vector<std::int64_t>& ids) {
    return add_to_group(db, ids, id_group);
}

BulkResult remove_members(Database& db, std::int64_t id_group,
                          const std::vector<std::int64_t>& ids) {
    return remove_from_group(db, ids, id_group);
}

BulkResult move_members(Database& db, std::int64_t from, std::int64_t to,
                        const std::vector<std::int64_t>& ids) {
    if (!group_exists(db, from) || !group_exists(db, to))
        throw std::invalid_argument("move_members: unknown group");
    if (from == to)
        throw std::invalid_argument("move_members: the source and target groups are the same");
    BulkResult r;
    Transaction tx(db);
    std::vector<std::int64_t> members = ids;
    if (members.empty())
        members = group_members(db, from, 0, -1);
    const std::int64_t batch = audit::begin_batch(db);
    const std::string now = now_datetime();
    Statement is_member =
        db.prepare("SELECT 1 FROM ps_customer_group WHERE id_customer = ?1 AND id_group = ?2");
    Statement del =
        db.prepare("DELETE FROM ps_customer_group WHERE id_customer = ?1 AND id_group = ?2");
    Statement add = db.prepare(
        "INSERT OR IGNORE INTO ps_customer_group(id_customer, id_group) VALUES (?1, ?2)");
    Statement set_default = db.prepare("UPDATE ps_customer SET id_default_group = ?3, date_upd = "
                                       "?4 WHERE id_customer = ?1 AND id_default_group = ?2");
    const std::string summary = "members moved to another group";
    for (std::int64_t id : members) {
        is_member.reset();
        is_member.bind_all(id, from);
        if (!is_member.step())
            continue;
        is_member.reset();
        audit::tracked_update(db, batch, "ps_customer_group",
                              {{"id_customer", id}, {"id_group", to}}, id, summary, [&] {
                                  add.reset();
                                  add.bind_all(id, to).run();
                              });
        audit::tracked_update(db, batch, "ps_customer", {{"id_customer", id}}, id, summary, [&] {
            set_default.reset();
            set_default.bind_all(id, from, to, now).run();
        });
        audit::tracked_update(db, batch, "ps_customer_group",
                              {{"id_customer", id}, {"id_group", from}}, id, summary, [&] {
                                  del.reset();
                                  del.bind_all(id, from).run();
                              });
        ++r.changed;
    }
    tx.commit();
    return r;
}

} // namespace clientele::core
