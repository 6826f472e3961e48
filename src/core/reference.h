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
// A country's states, by name (empty when the country has none).
std::vector<NamedId> list_states(Database& db, std::int64_t id_country);
// Product categories (for category reductions), by name.
std::vector<NamedId> list_categories(Database& db, int id_lang);
// "First Last <email>" for each id that exists, in the order given (member lists, pickers).
std::vector<NamedId> customer_labels(Database& db, const std::vector<std::int64_t>& ids);

} // namespace clientele::core
