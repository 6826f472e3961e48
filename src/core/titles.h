// Titles (Customers > Titles, PrestaShop's ps_gender): the list with usage counts, create /
// update / delete. Every write runs in one transaction and one undoable audit batch.
#pragma once

#include "core/customers.h" // FieldError, ValidationError

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clientele::core {

class Database;

enum class TitleType { Male = 0, Female = 1, Neutral = 2 };
// Gender::$definition: name isGenericName, at most 20 characters.
inline constexpr std::size_t kTitleNameMax = 20;

struct TitleRow {
    std::int64_t id = 0;
    std::string name; // in the requested language (English, then any, as fallback)
    TitleType type = TitleType::Male;
    std::int64_t customers = 0; // customers with this title
};
std::vector<TitleRow> list_titles_with_counts(Database& db, int id_lang);

struct TitleInput {
    std::map<int, std::string> names; // id_lang -> name; required in the default language
    TitleType type = TitleType::Male;
};

std::vector<FieldError> validate_title(Database& db, const TitleInput& in);
// Languages without a name get the default language's name. Throw ValidationError.
std::int64_t create_title(Database& db, const TitleInput& in);
void update_title(Database& db, std::int64_t id, const TitleInput& in);
std::optional<TitleInput> load_title(Database& db, std::int64_t id);
// Refused (ValidationError on "id_gender", code err.title_in_use) while customers use it.
void delete_title(Database& db, std::int64_t id);

} // namespace clientele::core
