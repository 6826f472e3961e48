#include "core/i18n.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>

extern const unsigned char clientele_catalogue_en[];
extern const unsigned long clientele_catalogue_en_size;
extern const unsigned char clientele_catalogue_fr[];
extern const unsigned long clientele_catalogue_fr_size;
extern const unsigned char clientele_catalogue_es[];
extern const unsigned long clientele_catalogue_es_size;

namespace clientele::core::i18n {

namespace {

using Catalogue = std::unordered_map<std::string, std::string>;

Catalogue parse(const unsigned char* data, unsigned long size) {
    Catalogue c;
    auto j = nlohmann::json::parse(data, data + size);
    for (auto& [k, v] : j.items())
        c.emplace(k, v.get<std::string>());
    return c;
}

const Catalogue& catalogue(std::string_view iso) {
    static const Catalogue en = parse(clientele_catalogue_en, clientele_catalogue_en_size);
    static const Catalogue fr = parse(clientele_catalogue_fr, clientele_catalogue_fr_size);
    static const Catalogue es = parse(clientele_catalogue_es, clientele_catalogue_es_size);
    if (iso == "fr")
        return fr;
    if (iso == "es")
        return es;
    return en;
}

std::string& current() {
    static std::string lang = "en";
    return lang;
}

// Unknown keys are remembered so tr() can return a stable pointer for them too.
std::unordered_map<std::string, std::unique_ptr<std::string>>& unknown_keys() {
    static std::unordered_map<std::string, std::unique_ptr<std::string>> m;
    return m;
}

std::string group_thousands(long long n, const char* sep) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    int count = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (count && count % 3 == 0)
            out.insert(0, sep);
        out.insert(out.begin(), *it);
        ++count;
    }
    return n < 0 ? "-" + out : out;
}

} // namespace

void set_language(std::string_view iso) {
    current() = (iso == "fr" || iso == "es") ? std::string(iso) : std::string("en");
}

const std::string& language() {
    return current();
}

const std::vector<std::string>& languages() {
    static const std::vector<std::string> list = {"en", "fr", "es"};
    return list;
}

const char* language_name(std::string_view iso) {
    if (iso == "fr")
        return "Français";
    if (iso == "es")
        return "Español";
    return "English";
}

int language_id() {
    if (current() == "fr")
        return 2;
    if (current() == "es")
        return 3;
    return 1;
}

const char* tr(const char* key) {
    const Catalogue& c = catalogue(current());
    if (auto it = c.find(key); it != c.end())
        return it->second.c_str();
    const Catalogue& en = catalogue("en");
    if (auto it = en.find(key); it != en.end())
        return it->second.c_str();
    auto& unknown = unknown_keys();
    auto [it, inserted] = unknown.try_emplace(key, nullptr);
    if (inserted)
        it->second = std::make_unique<std::string>(key);
    return it->second->c_str();
}

std::vector<std::string> catalogue_keys(std::string_view iso) {
    std::vector<std::string> keys;
    for (auto& [k, v] : catalogue(iso))
        keys.push_back(k);
    return keys;
}

std::string format_number(long long n) {
    // French and Spanish group with a narrow no-break space (U+202F), as CLDR does.
    return group_thousands(n, current() == "en" ? "," : "\u202f");
}

std::string format_count(const char* key, long long n) {
    const bool one = n == 1 || (n == 0 && current() == "fr");
    const std::string singular = std::string(key) + "_one";
    const bool has_singular =
        catalogue(current()).count(singular) > 0 || catalogue("en").count(singular) > 0;
    std::string text = tr(one && has_singular ? singular.c_str() : key);
    const std::size_t at = text.find("{n}");
    if (at == std::string::npos)
        return format_number(n) + " " + text;
    text.replace(at, 3, format_number(n));
    return text;
}

std::string format_money(double amount) {
    double rounded = std::round(amount * 100.0) / 100.0;
    long long whole = static_cast<long long>(rounded);
    int cents =
        static_cast<int>(std::llround(std::fabs(rounded - static_cast<double>(whole)) * 100.0));
    std::string sign = (rounded < 0 && whole == 0) ? "-" : "";
    char frac[4];
    std::snprintf(frac, sizeof frac, "%02d", cents);
    if (current() == "en")
        return sign + "€" + group_thousands(whole, ",") + "." + frac;
    return sign + group_thousands(whole, "\u202f") + "," + frac + "\u00a0€";
}

std::string format_date(std::string_view s) {
    if (s.size() < 10)
        return std::string(s);
    std::string y(s.substr(0, 4)), m(s.substr(5, 2)), d(s.substr(8, 2));
    if (current() == "en")
        return m + "/" + d + "/" + y;
    return d + "/" + m + "/" + y;
}

} // namespace clientele::core::i18n
