#include "core/titles.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/lang_names.h"
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
    for (const auto& [lang, iso] : languages(db))
        check_lang_name(e, "name[" + std::to_string(lang) + "]", text_in(in.names, lang),
                        lang == def, iso, kTitleNameMax);
    const int type = static_cast<int>(in.type);
    if (type < 0 || type > 2)
        e.push_back({"type", "must be male, female or neutral", "err.title_type"});
    return e;
}

std::int64_t create_title(Database& db, const TitleInput& in) {
    auto errors = validate_title(db, in);
    if (!errors.empty())
        throw ValidationError(std::move(errors));
    Transaction tx(db);
    const std::int64_t batch = audit::begin_batch(db);
    db.prepare("INSERT INTO ps_gender(type) VALUES (?1)").bind_all(static_cast<int>(in.type)).run();
    const std::int64_t id = db.last_insert_id();
    const std::string summary = "title created: " + default_text(db, in.names);
    audit::record(db, batch, "create", "ps_gender", 0, nullptr,
                  audit::snapshot(db, "ps_gender", {{"id_gender", id}}), summary);
    write_lang_rows(db, batch, "ps_gender_lang", "id_gender", id, {{"name", &in.names}}, summary);
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
    const std::string summary = "title edited: " + default_text(db, in.names);
    audit::tracked_update(db, batch, "ps_gender", {{"id_gender", id}}, 0, summary, [&] {
        db.prepare("UPDATE ps_gender SET type = ?2 WHERE id_gender = ?1")
            .bind_all(id, static_cast<int>(in.type))
            .run();
    });
    write_lang_rows(db, batch, "ps_gender_lang", "id_gender", id, {{"name", &in.names}}, summary);
    tx.commit();
}

std::optional<TitleInput> load_title(Database& db, std::int64_t id) {
    Statement st = db.prepare("SELECT type FROM ps_gender WHERE id_gender = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    TitleInput in;
    in.type = static_cast<TitleType>(st.int32(0));
    in.names = load_lang_texts(db, "ps_gender_lang", "id_gender", id);
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
    // Names first, so undo (which replays backwards) restores the title before them.
    record_lang_rows_deleted(db, batch, "ps_gender_lang", "id_gender", id, summary);
    audit::record(db, batch, "delete", "ps_gender", 0, row, nullptr, summary);
    db.prepare("DELETE FROM ps_gender WHERE id_gender = ?1").bind_all(id).run();
    tx.commit();
}

} // namespace clientele::core
