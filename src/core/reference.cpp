#include "core/reference.h"

#include "core/db.h"

namespace clientele::core {

namespace {
// Names fall back to English (id_lang 1), then to any language, so a record created in one
// language still shows in another.
std::vector<NamedId> named(Database& db, const char* sql, int id_lang) {
    std::vector<NamedId> out;
    Statement st = db.prepare(sql);
    if (id_lang > 0)
        st.bind(1, id_lang);
    while (st.step())
        out.push_back({st.int64(0), st.text(1)});
    return out;
}
} // namespace

std::vector<NamedId> list_titles(Database& db, int id_lang) {
    return named(db,
                 "SELECT g.id_gender, COALESCE((SELECT name FROM ps_gender_lang l WHERE "
                 "l.id_gender = g.id_gender ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC "
                 "LIMIT 1), '') FROM ps_gender g ORDER BY g.id_gender",
                 id_lang);
}

std::vector<NamedId> list_groups(Database& db, int id_lang) {
    return named(db,
                 "SELECT g.id_group, COALESCE((SELECT name FROM ps_group_lang l WHERE "
                 "l.id_group = g.id_group ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC "
                 "LIMIT 1), '') FROM ps_group g ORDER BY g.id_group",
                 id_lang);
}

std::vector<NamedId> list_risks(Database& db, int id_lang) {
    return named(db,
                 "SELECT r.id_risk, COALESCE((SELECT name FROM ps_risk_lang l WHERE "
                 "l.id_risk = r.id_risk ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC "
                 "LIMIT 1), '') FROM ps_risk r ORDER BY r.id_risk",
                 id_lang);
}

std::vector<NamedId> list_languages(Database& db) {
    return named(db, "SELECT id_lang, name FROM ps_lang ORDER BY id_lang", 0);
}

std::vector<NamedId> list_shops(Database& db) {
    return named(db, "SELECT id_shop, name FROM ps_shop ORDER BY id_shop", 0);
}

std::vector<NamedId> list_countries(Database& db, int id_lang) {
    return named(db,
                 "SELECT c.id_country, COALESCE((SELECT name FROM ps_country_lang l WHERE "
                 "l.id_country = c.id_country ORDER BY l.id_lang = ?1 DESC, l.id_lang = 1 DESC "
                 "LIMIT 1), c.iso_code) AS n FROM ps_country c ORDER BY n",
                 id_lang);
}

} // namespace clientele::core
