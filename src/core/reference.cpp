#include "core/reference.h"

#include "core/db.h"

#include <algorithm>

namespace clientele::core {

namespace {
// Names fall back to English (id_lang 1), then to any language, so a record created in one
// language still shows in another. `table`, `key` and `order` are constants of this file.
std::vector<NamedId> lang_names(Database& db, const std::string& table, const std::string& key,
                                int id_lang, const char* fallback = "''") {
    const std::string sql = "SELECT t." + key + ", COALESCE((SELECT name FROM " + table +
                            "_lang l WHERE l." + key + " = t." + key +
                            " ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC LIMIT 1), " +
                            fallback + ") FROM " + table + " t ORDER BY t." + key;
    std::vector<NamedId> out;
    Statement st = db.prepare(sql);
    st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}

std::vector<NamedId> plain_names(Database& db, const char* sql) {
    std::vector<NamedId> out;
    Statement st = db.prepare(sql);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}
} // namespace

std::vector<NamedId> list_titles(Database& db, int id_lang) {
    return lang_names(db, "ps_gender", "id_gender", id_lang);
}

std::vector<NamedId> list_groups(Database& db, int id_lang) {
    return lang_names(db, "ps_group", "id_group", id_lang);
}

std::vector<NamedId> list_risks(Database& db, int id_lang) {
    return lang_names(db, "ps_risk", "id_risk", id_lang);
}

std::vector<NamedId> list_languages(Database& db) {
    return plain_names(db, "SELECT id_lang, name FROM ps_lang ORDER BY id_lang");
}

std::vector<NamedId> list_shops(Database& db) {
    return plain_names(db, "SELECT id_shop, name FROM ps_shop ORDER BY id_shop");
}

std::vector<NamedId> list_countries(Database& db, int id_lang) {
    std::vector<NamedId> out = lang_names(db, "ps_country", "id_country", id_lang, "t.iso_code");
    std::sort(out.begin(), out.end(),
              [](const NamedId& a, const NamedId& b) { return a.name < b.name; });
    return out;
}

std::vector<NamedId> list_states(Database& db, std::int64_t id_country) {
    std::vector<NamedId> out;
    Statement st = db.prepare("SELECT id_state, name FROM ps_state WHERE id_country = ?1 "
                              "ORDER BY name, id_state");
    st.bind(1, id_country);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}

std::vector<NamedId> list_categories(Database& db, int id_lang) {
    std::vector<NamedId> out = lang_names(db, "ps_category", "id_category", id_lang);
    std::sort(out.begin(), out.end(),
              [](const NamedId& a, const NamedId& b) { return a.name < b.name; });
    return out;
}

std::vector<NamedId> customer_labels(Database& db, const std::vector<std::int64_t>& ids) {
    std::vector<NamedId> out;
    Statement st = db.prepare("SELECT firstname || ' ' || lastname || ' <' || email || '>' "
                              "FROM ps_customer WHERE id_customer = ?1");
    for (std::int64_t id : ids) {
        st.reset();
        st.bind(1, id);
        if (st.step())
            out.push_back({id, st.text(0)});
    }
    return out;
}

} // namespace clientele::core
