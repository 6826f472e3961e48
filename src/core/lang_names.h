// Per-language texts of the PrestaShop objects that keep them in a *_lang table (groups, titles,
// contacts): the shop's languages, the default language, checking a name, writing the _lang rows
// with the default language's text where a language has none, reading them back and recording
// their deletion. Table and column names are the callers' constants, never user input.
#pragma once

#include "core/customers.h" // FieldError

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace clientele::core {

class Database;

// id_lang -> text.
using LangTexts = std::map<int, std::string>;

// The shop's default language (PS_LANG_DEFAULT, else 1).
int default_language(Database& db);
// The shop's languages, (id_lang, iso_code), by id_lang.
std::vector<std::pair<int, std::string>> languages(Database& db);

// The text in `id_lang`, or `fallback` when there is none or it is empty.
std::string text_in(const LangTexts& texts, int id_lang, const std::string& fallback = {});
// The text in the shop's default language ("" when there is none).
std::string default_text(Database& db, const LangTexts& texts);

// Appends the problem with one language's name, if any, to `e`: required in the default
// language (`iso` names it in the message), a generic name (isGenericName), at most `max`
// characters. `field` is the form field ("name[1]").
void check_lang_name(std::vector<FieldError>& e, const std::string& field, const std::string& name,
                     bool default_lang, const std::string& iso, std::size_t max);

// One text column of a _lang table and its texts.
struct LangColumn {
    const char* column;
    const LangTexts* texts;
};

// Inserts or updates the row of every shop language in `table` (key (key_column, id_lang)),
// each column taking the language's text or, when it has none, the default language's.
// Every row is audited (tracked_update) in `batch` with `summary`.
void write_lang_rows(Database& db, std::int64_t batch, const std::string& table,
                     const std::string& key_column, std::int64_t id,
                     const std::vector<LangColumn>& columns, const std::string& summary);

// The `column` texts of the object's rows in `table`.
LangTexts load_lang_texts(Database& db, const std::string& table, const std::string& key_column,
                          std::int64_t id, const std::string& column = "name");

// Records (audit "delete" in `batch`) every row of the object in `table`, before the object's
// delete removes them by cascade.
void record_lang_rows_deleted(Database& db, std::int64_t batch, const std::string& table,
                              const std::string& key_column, std::int64_t id,
                              const std::string& summary);

} // namespace clientele::core
