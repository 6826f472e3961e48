#include "core/titles.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/groups.h" // default_language
#include "core/validate.h"

#include <stdexcept>

namespace clientele::core {

namespace v = validate;

std::vector<TitleRow> list_titles_with_counts(Database& db, int id_lang) {
    std::vector<TitleRow> out;
    // The count walks the ps_customer(id_gender) index.
    Statement st = db.prepare(
        "SELECT g.id_gender, COALESCE((SELECT name FROM ps_gender_lang l WHERE l.id_gender = "
        "g.id_gender ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC LIMIT 1), ''), g.type, "
        "(SELECT COUNT(*) FROM ps_customer c WHERE c.id_gender = g.id_gender) FROM ps_gender g "
        "ORDER BY g.id_gender");
    st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1), static_cast<TitleType>(st.int32(2)), st.int64(3)});
    return out;
}

std::vector<FieldError> validate_title(Database& db, const TitleInput& in) {
    std::vector<FieldError> e;
    const int def = default_language(db);
    Statement langs = db.prepare("SELECT id_lang, iso_code FROM ps_lang ORDER BY id_lang");
    while (langs.step()) {
        const int lang = langs.int32(0);
        const std::string field = "name[" + std::to_string(lang) + "]";
        auto it = in.names.find(lang);
        const std::string name = it == in.names.end() ? std::string() : it->second;
        if (name.empty()) {
            if (lang == def)
                e.push_back({field, "is required in the default language (" + langs.text(1) + ")",
                             "err.required"});
        } else if (!v::is_generic_name(name)) {
            e.push_back(
                {field, "contains characters a name cannot have (<>={})", "err.name_invalid"});
        } else if (!v::fits_length(name, kTitleNameMax)) {
            e.push_back({field, "is longer than 20 characters", "err.too_long"});
        }
    }
    const int type = static_cast<int>(in.type);
    if (type < 0 || type > 2)
        e.push_back({"type", "must be male, female or neutral", "err.title_type"});
    return e;
}

namespace {

void write_names(Database& db, std::int64_t batch, std::int64_t id, const TitleInput& in,
                 const std::string& summary) {
    const int def = default_language(db);
    const std::string fallback = in.names.count(def) ? in.names.at(def) : std::string();
    std::vector<int> langs;
    {
        Statement st = db.prepare("SELECT id_lang FROM ps_lang ORDER BY id_lang");
        while (st.step())
            langs.push_back(st.int32(0));
    }
    for (int id_lang : langs) {
        auto it = in.names.find(id_lang);
        const std::string name =
            it != in.names.end() && !it->second.empty() ? it->second : fallback;
        audit::tracked_update(
            db, batch, "ps_gender_lang", {{"id_gender", id}, {"id_lang", id_lang}}, 0, summary,
            [&] {
                db.prepare("INSERT INTO ps_gender_lang(id_gender, id_lang, name) VALUES (?1, ?2, "
                           "?3) ON CONFLICT(id_gender, id_lang) DO UPDATE SET name = excluded.name")
                    .bind_all(id, id_lang, name)
                    .run();
            });
    }
}

std::string default_name(Database& db, const TitleInput& in) {
    const int def = default_language(db);
    return in.names.count(def) ? in.names.at(def) : std::string();
}

} // namespace

std::int64_t create_title(Database& db, const TitleInput& in) {
    auto errors = validate_title(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    db.prepare("INSERT INTO ps_gender(type) VALUES (?1)").bind_all(static_cast<int>(in.type)).run();
    const std::int64_t id = db.last_insert_id();
    const std::string summary = "title created: " + default_name(db, in);
    audit::record(db, batch, "create", "ps_gender", 0, nullptr,
                  audit::snapshot(db, "ps_gender", {{"id_gender", id}}), summary);
    write_names(db, batch, id, in, summary);
    tx.commit();
    return id;
}

void update_title(Database& db, std::int64_t id, const TitleInput& in) {
    auto errors = validate_title(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    if (audit::snapshot(db, "ps_gender", {{"id_gender", id}}).is_null())
        throw std::invalid_argument("no title with id " + std::to_string(id));
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "title edited: " + default_name(db, in);
    audit::tracked_update(db, batch, "ps_gender", {{"id_gender", id}}, 0, summary, [&] {
        db.prepare("UPDATE ps_gender SET type = ?2 WHERE id_gender = ?1")
            .bind_all(id, static_cast<int>(in.type))
            .run();
    });
    write_names(db, batch, id, in, summary);
    tx.commit();
}

std::optional<TitleInput> load_title(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT type FROM ps_gender WHERE id_gender = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    TitleInput in;
    in.type = static_cast<TitleType>(st.int32(0));
    Statement names = db.prepare("SELECT id_lang, name FROM ps_gender_lang WHERE id_gender = ?1");
    names.bind(1, id);
    while (names.step())
        in.names[names.int32(0)] = names.text(1);
    return in;
}

void delete_title(Database& db, std::int64_t id) {
    Transaction tx(db);
    nlohmann::json row = audit::snapshot(db, "ps_gender", {{"id_gender", id}});
    if (row.is_null())
        throw std::invalid_argument("no title with id " + std::to_string(id));
    Statement count = db.prepare("SELECT COUNT(*) FROM ps_customer WHERE id_gender = ?1");
    count.bind(1, id);
    const std::int64_t n = count.step() ? count.int64(0) : 0;
    if (n > 0)
        throw ValidationError(
            {{"id_gender",
              "is used by " + std::to_string(n) + (n == 1 ? " customer" : " customers") +
                  " and cannot be deleted",
              "err.title_in_use"}});
    const std::int64_t batch = audit::begin_batch(db);
    const std::string summary = "title deleted: #" + std::to_string(id);
    std::vector<int> langs;
    {
        Statement st = db.prepare("SELECT id_lang FROM ps_gender_lang WHERE id_gender = ?1");
        st.bind(1, id);
        while (st.step())
            langs.push_back(st.int32(0));
    }
    // Names first, so undo (which replays backwards) restores the title before them.
    for (int id_lang : langs) {
        nlohmann::json key{{"id_gender", id}, {"id_lang", id_lang}};
        audit::record(db, batch, "delete", "ps_gender_lang", 0,
                      audit::snapshot(db, "ps_gender_lang", key), nullptr, summary);
    }
    audit::record(db, batch, "delete", "ps_gender", 0, row, nullptr, summary);
    db.prepare("DELETE FROM ps_gender WHERE id_gender = ?1").bind_all(id).run();
    tx.commit();
}

} // namespace clientele::core
