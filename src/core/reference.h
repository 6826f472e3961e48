// Small reference lists the forms and filters offer: titles, groups, risks, languages, shops,
// countries, with names in the requested language.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

struct NamedId {
    std::int64_t id = 0;
    std::string name;
};

std::vector<NamedId> list_titles(Database& db, int id_lang);
std::vector<NamedId> list_groups(Database& db, int id_lang);
std::vector<NamedId> list_risks(Database& db, int id_lang);
std::vector<NamedId> list_languages(Database& db);
std::vector<NamedId> list_shops(Database& db);
std::vector<NamedId> list_countries(Database& db, int id_lang);

} // namespace clientele::core
