#include "core/lang_names.h"

#include "core/audit.h"
#include "core/db.h"
#include "core/validate.h"

namespace clientele::core {

int default_language(Database& db) {
    Statement st = db.prepare("SELECT l.id_lang FROM ps_configuration c JOIN ps_lang l ON "
                              "l.id_lang = CAST(c.value AS INTEGER) WHERE c.name = "
                              "'PS_LANG_DEFAULT'");
    if (st.step())
        return st.int32(0);
    return static_cast<int>(db.scalar_int("SELECT COALESCE(MIN(id_lang), 1) FROM ps_lang"));
}

std::vector<std::pair<int, std::string>> languages(Database& db) {
    std::vector<std::pair<int, std::string>> out;
    Statement st = db.prepare("SELECT id_lang, iso_code FROM ps_lang ORDER BY id_lang");
    while (st.step())
        out.emplace_back(st.int32(0), st.text(1));
    return out;
}

std::string text_in(const LangTexts& texts, int id_lang, const std::string& fallback) {
    auto it = texts.find(id_lang);
    return it != texts.end() && !it->second.empty() ? it->second : fallback;
}

std::string default_text(Database& db, const LangTexts& texts) {
    return text_in(texts, default_language(db));
}

void check_lang_name(std::vector<FieldError>& e, const std::string& field, const std::string& name,
                     bool default_lang, const std::string& iso, std::size_t max) {
    if (name.empty()) {
        if (default_lang)
            e.push_back(
                {field, "is required in the default language (" + iso + ")", "err.required"});
    } else if (!validate::is_generic_name(name)) {
        e.push_back({field, "contains characters a name cannot have (<>={})", "err.name_invalid"});
    } else if (!validate::fits_length(name, max)) {
        e.push_back(
            {field, "is longer than " + std::to_string(max) + " characters", "err.too_long"});
    }
}

void write_lang_rows(Database& db, std::int64_t batch, const std::string& table,
                     const std::string& key_column, std::int64_t id,
                     const std::vector<LangColumn>& columns, const std::string& summary) {
    std::string names, values, updates;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::string column = columns[c].column;
        names += ", " + column;
        values += ", ?" + std::to_string(c + 3);
        updates += (c ? ", " : "") + column + " = excluded." + column;
    }
    const std::string sql = "INSERT INTO " + table + "(" + key_column + ", id_lang" + names +
                            ") VALUES (?1, ?2" + values + ") ON CONFLICT(" + key_column +
                            ", id_lang) DO UPDATE SET " + updates;
    const int def = default_language(db);
    std::vector<std::string> fallbacks;
    for (const LangColumn& c : columns)
        fallbacks.push_back(text_in(*c.texts, def));
    for (const auto& lang : languages(db)) {
        const int id_lang = lang.first;
        audit::tracked_update(db, batch, table, {{key_column, id}, {"id_lang", id_lang}}, 0,
                              summary, [&] {
                                  Statement st = db.prepare(sql);
                                  st.bind_all(id, id_lang);
                                  for (std::size_t c = 0; c < columns.size(); ++c)
                                      st.bind(static_cast<int>(c) + 3,
                                              text_in(*columns[c].texts, id_lang, fallbacks[c]));
                                  st.run();
                              });
    }
}

LangTexts load_lang_texts(Database& db, const std::string& table, const std::string& key_column,
                          std::int64_t id, const std::string& column) {
    LangTexts out;
    Statement st = db.prepare("SELECT id_lang, " + column + " FROM " + table + " WHERE " +
                              key_column + " = ?1");
    st.bind(1, id);
    while (st.step())
        out[st.int32(0)] = st.text(1);
    return out;
}

void record_lang_rows_deleted(Database& db, std::int64_t batch, const std::string& table,
                              const std::string& key_column, std::int64_t id,
                              const std::string& summary) {
    std::vector<int> langs;
    {
        Statement st =
            db.prepare("SELECT id_lang FROM " + table + " WHERE " + key_column + " = ?1");
        st.bind(1, id);
        while (st.step())
            langs.push_back(st.int32(0));
    }
    for (int id_lang : langs) {
        nlohmann::json key{{key_column, id}, {"id_lang", id_lang}};
        audit::record(db, batch, "delete", table, 0, audit::snapshot(db, table, key), nullptr,
                      summary);
    }
}

} // namespace clientele::core
