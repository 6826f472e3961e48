// The one translation function every user-visible string goes through, with English, French
// and Spanish catalogues (assets/i18n/*.json, embedded at build time), plus per-locale
// formatting of money, numbers and dates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientele::core::i18n {

// "en", "fr", "es". Unknown codes fall back to English.
void set_language(std::string_view iso);
const std::string& language();
const std::vector<std::string>& languages();
// The language's own name, e.g. "Français".
const char* language_name(std::string_view iso);
// PrestaShop's id_lang of the current language (1 en, 2 fr, 3 es, as seeded).
int language_id();

// Translated text for a catalogue key; the English text when missing in the current
// language; the key itself when unknown everywhere (so a missing key shows, never crashes).
// The pointer stays valid for the life of the program.
const char* tr(const char* key);

// All keys of a catalogue (for completeness tests).
std::vector<std::string> catalogue_keys(std::string_view iso);

// Formatting per locale: 1234.5 -> "1,234.50 €" (en), "1 234,50 €" (fr, es).
std::string format_money(double amount);
std::string format_number(long long n);
// A count in words: the catalogue's text for `key` with "{n}" replaced by the number ("{n}
// reviews"), or the number, a space and the text when it has no "{n}" ("results"). For one
// thing (1 in English and Spanish, 0 or 1 in French, as CLDR says) the text of `key` + "_one"
// when the catalogue has it: "1 result", "0 résultat".
std::string format_count(const char* key, long long n);
// "2024-03-05 10:00:00" or "2024-03-05" -> "03/05/2024" (en), "05/03/2024" (fr, es).
std::string format_date(std::string_view iso_datetime);

} // namespace clientele::core::i18n

namespace clientele {
using core::i18n::tr;
}
