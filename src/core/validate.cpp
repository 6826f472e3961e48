// PrestaShop-compatible field validators (see validate.h for the contract of each function).
//
// Sections:
//   1. UTF-8 decoding            strict decoder shared by every text check
//   2. Character classes         ASCII helpers, Unicode spaces, IDN letters
//   3. Names and free text       blacklist validators (isCustomerName, isName, ...)
//   4. E-mail                    dot-atom local part, IDN-aware domain
//   5. Dates                     calendar dates, datetimes, birth dates
//   6. Postcodes                 isPostCode, zip_code_format matching, country table
//   7. Business identifiers      phone, SIRET, APE, VAT, DNI
//   8. Web and accounts          absolute URL, password
//   9. Numbers                   unsigned int, float, price, percentage
#include "core/validate.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace clientele::core::validate {

namespace {

// ============================================================================================
// 1. UTF-8 decoding
// ============================================================================================

// Decodes the code point starting at `pos` and advances `pos`. Rejects what PHP's /u
// modifier rejects (PrestaShop's patterns fail on malformed UTF-8): stray continuation
// bytes, truncated sequences, overlong forms, UTF-16 surrogates and values past U+10FFFF.
bool decode_next(std::string_view text, std::size_t& pos, char32_t& out) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t extra = 0;
    char32_t cp = 0;
    char32_t smallest = 0;
    if (lead < 0x80) {
        out = lead;
        ++pos;
        return true;
    }
    if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        cp = lead & 0x1F;
        smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        cp = lead & 0x0F;
        smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        cp = lead & 0x07;
        smallest = 0x10000;
    } else {
        return false; // continuation byte in lead position, or 0xF8..0xFF
    }
    if (text.size() - pos <= extra) {
        return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto byte = static_cast<unsigned char>(text[pos + k]);
        if ((byte & 0xC0) != 0x80) {
            return false;
        }
        cp = (cp << 6) | (byte & 0x3F);
    }
    if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
    }
    pos += extra + 1;
    out = cp;
    return true;
}

// Whole-string decode; nullopt for malformed input so callers reject it in one place.
std::optional<std::u32string> decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t cp = 0;
        if (!decode_next(text, pos, cp)) {
            return std::nullopt;
        }
        out.push_back(cp);
    }
    return out;
}

// ============================================================================================
// 2. Character classes
// ============================================================================================

bool is_ascii_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_alnum(char32_t c) {
    return is_ascii_digit(c) || is_ascii_letter(c);
}
char ascii_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool all_of_bytes(std::string_view text, bool (*pred)(char32_t)) {
    for (const char c : text) {
        if (!pred(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

bool contains(std::u32string_view set, char32_t c) {
    return set.find(c) != std::u32string_view::npos;
}

// C0 and C1 controls: never legitimate in a name or an address line.
bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

// White space as PCRE's \s sees it in Unicode mode, so "blank" and "dot then space" behave
// like PrestaShop's patterns for no-break and ideographic spaces too.
bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

// Non-ASCII code points allowed in an internationalised domain label. Without Unicode tables
// we accept everything beyond ASCII except the blocks that hold no letters (punctuation,
// symbols, arrows, box drawing, emoji, private use, specials, noncharacters), which is what
// matters in practice: "müller", "café", "пример" and "例え" pass; "☃" and "。" do not.
bool is_idn_letter(char32_t c) {
    static constexpr std::array<std::pair<char32_t, char32_t>, 16> kNonLetters{{
        {0x0000, 0x00BF},    // ASCII (handled separately), C1 controls, Latin-1 punctuation
        {0x00D7, 0x00D7},    // multiplication sign
        {0x00F7, 0x00F7},    // division sign
        {0x2000, 0x2BFF},    // general punctuation ... miscellaneous symbols and arrows
        {0x2E00, 0x2E7F},    // supplemental punctuation
        {0x3000, 0x303F},    // CJK symbols and punctuation (incl. the ideographic full stop)
        {0xE000, 0xF8FF},    // private use area
        {0xFDD0, 0xFDEF},    // noncharacters
        {0xFE10, 0xFE1F},    // vertical forms
        {0xFE30, 0xFE6F},    // CJK compatibility and small form variants
        {0xFEFF, 0xFEFF},    // byte order mark
        {0xFF00, 0xFF0F},    // fullwidth punctuation
        {0xFFF0, 0xFFFF},    // specials
        {0x1F000, 0x1FAFF},  // emoji and pictographs
        {0xE0000, 0xE007F},  // tags
        {0xF0000, 0x10FFFF}, // supplementary private use
    }};
    for (const auto& [first, last] : kNonLetters) {
        if (c >= first && c <= last) {
            return false;
        }
    }
    return (c & 0xFFFE) != 0xFFFE; // U+xxFFFE / U+xxFFFF are noncharacters in every plane
}

// ============================================================================================
// 3. Names and free text
// ============================================================================================

// The shared shape of PrestaShop's text rules: "none of these characters", evaluated on code
// points. Controls are rejected too (a tightening: PrestaShop lets a tab through), except line
// breaks and tabs in multi-line fields.
enum class LineBreaks { kReject, kAllow };

bool has_none_of(std::string_view text, std::u32string_view forbidden, LineBreaks breaks) {
    const auto cps = decode(text);
    if (!cps) {
        return false;
    }
    for (const char32_t c : *cps) {
        const bool allowed_break =
            breaks == LineBreaks::kAllow && (c == '\n' || c == '\r' || c == '\t');
        if ((is_control(c) && !allowed_break) || contains(forbidden, c)) {
            return false;
        }
    }
    return true;
}

// isCustomerName's dot rule: a dot ends the name, or is followed by exactly one space and
// more text, so initials and titles pass ("J. R. R. Tolkien", "Mme. Dupont") but a dot used
// as a separator ("a.b") or padded ("Mme.  Dupont") does not.
bool dot_is_well_placed(const std::u32string& cps, std::size_t i) {
    if (i + 1 == cps.size()) {
        return true;
    }
    return is_space(cps[i + 1]) && i + 2 < cps.size() && !is_space(cps[i + 2]);
}

} // namespace

bool is_customer_name(std::string_view name) {
    // Digits and punctuation that never occur in a person's name (PrestaShop's CustomerName
    // constraint). The dots are handled by dot_is_well_placed.
    static constexpr std::u32string_view kForbidden =
        U"0123456789!<>,;?=+()/\\@#\"\u00B0*`{}_^$%:\u00A4[]|";
    const auto cps = decode(name);
    if (!cps) {
        return false;
    }
    bool has_text = false;
    for (std::size_t i = 0; i < cps->size(); ++i) {
        const char32_t c = (*cps)[i];
        if (c == '.' || c == U'\u3002') {
            if (!dot_is_well_placed(*cps, i)) {
                return false;
            }
        } else if (is_control(c) || contains(kForbidden, c)) {
            return false;
        }
        has_text = has_text || !is_space(c);
    }
    return has_text; // the pattern's (?!\s*$): blank names are refused
}

bool is_name(std::string_view name) {
    // isName: the older, looser rule still used for address first/last names.
    return has_none_of(name, U"0123456789!<>,;?=+()@#\"\u00B0{}_$%:\u00A4|", LineBreaks::kReject);
}

bool is_generic_name(std::string_view text) {
    // isGenericName: only what could open HTML or a template tag.
    return has_none_of(text, U"<>={}", LineBreaks::kReject);
}

bool is_address(std::string_view address) {
    // isAddress: street lines keep digits, commas, dots, slashes and '#'.
    return has_none_of(address, U"!<>?=+@{}_$%", LineBreaks::kReject);
}

bool is_city_name(std::string_view city) {
    // isCityName: like isAddress, minus ; # " and the degree sign.
    return has_none_of(city, U"!<>;?=+@#\"\u00B0{}_$%", LineBreaks::kReject);
}

bool is_message(std::string_view message) {
    // isMessage: free text, only markup delimiters are refused.
    return has_none_of(message, U"<>{}", LineBreaks::kAllow);
}

// ============================================================================================
// 4. E-mail
// ============================================================================================

namespace {

// RFC 5322 atext. Non-ASCII local parts (RFC 6531) are refused on purpose: PrestaShop's
// SwiftMailerValidation refuses them too, and many relays cannot deliver to them.
bool is_atext(char32_t c) {
    return is_ascii_alnum(c) || contains(U"!#$%&'*+-/=?^_`{|}~", c);
}

bool is_dot_atom(std::string_view local) {
    if (local.empty() || local.size() > limits::kEmailLocalPart || local.front() == '.' ||
        local.back() == '.' || local.find("..") != std::string_view::npos) {
        return false;
    }
    for (const char c : local) {
        if (c != '.' && !is_atext(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

bool starts_with_xn(std::string_view label) {
    return label.size() >= 2 && ascii_upper(label[0]) == 'X' && ascii_upper(label[1]) == 'N';
}

// One DNS label: letters (ASCII or IDN), digits and inner hyphens, 1..63 bytes. Hyphens in
// positions 3-4 are reserved by IDNA for "xn--" punycode, which must then be pure ASCII.
// The 63 limit is applied to the UTF-8 bytes of a Unicode label, not to its punycode form.
bool is_domain_label(std::string_view label) {
    if (label.empty() || label.size() > limits::kEmailDomainLabel || label.front() == '-' ||
        label.back() == '-') {
        return false;
    }
    const auto cps = decode(label);
    if (!cps) {
        return false;
    }
    bool ascii = true;
    for (const char32_t c : *cps) {
        if (c >= 0x80) {
            ascii = false;
        }
        if (!is_ascii_alnum(c) && c != '-' && !is_idn_letter(c)) {
            return false;
        }
    }
    if (label.size() >= 4 && label.substr(2, 2) == "--") {
        return ascii && starts_with_xn(label) && label.size() > 4;
    }
    return true;
}

// The TLD must be alphabetic ("fr", "рф") or punycode ("xn--p1ai"); this refuses numeric
// endings such as "user@192.168.0.1" and one-letter TLDs.
bool is_top_level_label(std::string_view label) {
    if (starts_with_xn(label) && label.substr(2, 2) == "--") {
        return true;
    }
    const auto cps = decode(label);
    if (!cps || cps->size() < 2) {
        return false;
    }
    for (const char32_t c : *cps) {
        if (!is_ascii_letter(c) && !is_idn_letter(c)) {
            return false;
        }
    }
    return true;
}

bool is_email_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > limits::kEmailDomain) {
        return false;
    }
    std::size_t labels = 0;
    std::string_view last;
    for (std::size_t start = 0;;) {
        const std::size_t dot = domain.find('.', start);
        last = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!is_domain_label(last)) {
            return false; // also catches "..", a leading dot and a trailing dot
        }
        ++labels;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return labels >= 2 && is_top_level_label(last);
}

} // namespace

bool is_email(std::string_view email) {
    // Exactly one '@': a dot-atom local part cannot contain one (no quoted local parts).
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    return is_valid_utf8(email) && is_dot_atom(email.substr(0, at)) &&
           is_email_domain(email.substr(at + 1));
}

// ============================================================================================
// 5. Dates
// ============================================================================================

namespace {

struct Ymd {
    int year;
    int month;
    int day;
};

bool operator<(const Ymd& a, const Ymd& b) {
    return std::tie(a.year, a.month, a.day) < std::tie(b.year, b.month, b.day);
}

// Reads `count` ASCII digits at `pos` (fixed width: "2024-3-5" is not accepted).
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (i >= text.size() || !is_ascii_digit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// "YYYY-MM-DD" at the start of `text` as a real calendar date (checkdate() in PHP).
std::optional<Ymd> parse_ymd(std::string_view text) {
    Ymd d{};
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 0, 4, d.year) ||
        !read_digits(text, 5, 2, d.month) || !read_digits(text, 8, 2, d.day)) {
        return std::nullopt;
    }
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > days_in_month(d.year, d.month)) {
        return std::nullopt;
    }
    return d;
}

} // namespace

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool is_date(std::string_view ymd) {
    return ymd.size() == 10 && parse_ymd(ymd).has_value();
}

bool is_datetime(std::string_view ymd_hms) {
    // PrestaShop only checks the time's shape; a real time of day is required here.
    int h = 0, m = 0, s = 0;
    return ymd_hms.size() == 19 && parse_ymd(ymd_hms) && ymd_hms[10] == ' ' && ymd_hms[13] == ':' &&
           ymd_hms[16] == ':' && read_digits(ymd_hms, 11, 2, h) && read_digits(ymd_hms, 14, 2, m) &&
           read_digits(ymd_hms, 17, 2, s) && h < 24 && m < 60 && s < 60;
}

bool is_birth_date(std::string_view ymd, std::string_view today_ymd) {
    // isBirthDate: "not set" is fine; otherwise no future dates and no dates more than 200
    // years back (which catches two-digit years typed as "0085-...").
    if (ymd.empty() || ymd == "0000-00-00") {
        return true;
    }
    const auto date = ymd.size() == 10 ? parse_ymd(ymd) : std::nullopt;
    const auto today = today_ymd.size() == 10 ? parse_ymd(today_ymd) : std::nullopt;
    if (!date || !today) {
        return false;
    }
    // PHP's DateTime::sub(P200Y) rolls 29 February onto 1 March in a non-leap year.
    Ymd oldest{today->year - 200, today->month, today->day};
    if (oldest.month == 2 && oldest.day == 29 && !is_leap_year(oldest.year)) {
        oldest = Ymd{oldest.year, 3, 1};
    }
    return !(*today < *date) && !(*date < oldest);
}

// ============================================================================================
// 6. Postcodes
// ============================================================================================

bool is_postcode(std::string_view postcode) {
    // isPostCode: the union of every country's postcode alphabet.
    return all_of_bytes(postcode,
                        [](char32_t c) { return is_ascii_alnum(c) || c == ' ' || c == '-'; });
}

namespace {

bool same_letter(char a, char b) {
    return ascii_upper(a) == ascii_upper(b);
}

// Country::checkZipCode turns the format into a case-insensitive regex where ' ' and '-'
// become optional; this is the same language matched directly with backtracking over the
// optional separators (formats are at most a dozen characters).
bool match_zip(std::string_view code, std::string_view format, std::string_view iso) {
    if (format.empty()) {
        return code.empty();
    }
    const char f = format.front();
    const std::string_view rest = format.substr(1);
    if (f == ' ' || f == '-') {
        return (!code.empty() && code.front() == f && match_zip(code.substr(1), rest, iso)) ||
               match_zip(code, rest, iso);
    }
    if (f == 'C') {
        if (iso.empty() || code.size() < iso.size()) {
            return false;
        }
        for (std::size_t i = 0; i < iso.size(); ++i) {
            if (!same_letter(code[i], iso[i])) {
                return false;
            }
        }
        return match_zip(code.substr(iso.size()), rest, iso);
    }
    if (code.empty()) {
        return false;
    }
    const auto c = static_cast<unsigned char>(code.front());
    const bool ok = f == 'N'   ? is_ascii_digit(c)
                    : f == 'L' ? is_ascii_letter(c)
                               : same_letter(code.front(), f);
    return ok && match_zip(code.substr(1), rest, iso);
}

} // namespace

bool matches_zip_format(std::string_view postcode, std::string_view zip_code_format,
                        std::string_view iso_code) {
    if (zip_code_format.empty()) {
        return is_postcode(postcode); // no country rule: PrestaShop falls back to isPostCode
    }
    return match_zip(postcode, zip_code_format, iso_code);
}

std::string_view zip_format_for_country(std::string_view iso2) {
    // PrestaShop's shipped zip_code_format values. GB and IE have none in PrestaShop (UK
    // postcodes have several shapes; Irish Eircodes are optional), so they return "".
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 34> kFormats{{
        {"AD", "CNNN"},   {"AR", "LNNNNLLL"},  {"AT", "NNNN"},    {"AU", "NNNN"},
        {"BE", "NNNN"},   {"BR", "NNNNN-NNN"}, {"CA", "LNL NLN"}, {"CH", "NNNN"},
        {"CN", "NNNNNN"}, {"CZ", "NNN NN"},    {"DE", "NNNNN"},   {"DK", "NNNN"},
        {"ES", "NNNNN"},  {"FI", "NNNNN"},     {"FR", "NNNNN"},   {"GB", ""},
        {"GR", "NNNNN"},  {"HR", "NNNNN"},     {"HU", "NNNN"},    {"IE", ""},
        {"IT", "NNNNN"},  {"JP", "NNN-NNNN"},  {"LU", "NNNN"},    {"LV", "C-NNNN"},
        {"MC", "980NN"},  {"MX", "NNNNN"},     {"NL", "NNNN LL"}, {"NO", "NNNN"},
        {"PL", "NN-NNN"}, {"PT", "NNNN-NNN"},  {"RO", "NNNNNN"},  {"SE", "NNN NN"},
        {"SK", "NNN NN"}, {"US", "NNNNN"},
    }};
    if (iso2.size() != 2) {
        return {};
    }
    const char key[2] = {ascii_upper(iso2[0]), ascii_upper(iso2[1])};
    for (const auto& [iso, format] : kFormats) {
        if (iso == std::string_view(key, 2)) {
            return format;
        }
    }
    return {};
}

// ============================================================================================
// 7. Business identifiers
// ============================================================================================

bool is_phone_number(std::string_view phone) {
    // isPhoneNumber: the characters people use to write numbers, nothing else.
    return all_of_bytes(phone,
                        [](char32_t c) { return is_ascii_digit(c) || contains(U"+. ()/-", c); });
}

bool is_siret(std::string_view siret) {
    // isSiret: 9-digit SIREN + 5-digit establishment number, Luhn checksum over all 14.
    // PrestaShop counts spaces in the length and reads letters as 0; we drop spaces and
    // refuse anything else.
    std::string digits;
    for (const char c : siret) {
        if (c == ' ') {
            continue;
        }
        if (!is_ascii_digit(static_cast<unsigned char>(c))) {
            return false;
        }
        digits.push_back(c);
    }
    if (digits.size() != limits::kCustomerSiret) {
        return false;
    }
    int luhn = 0;
    int plain = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        const int d = digits[i] - '0';
        const int weighted = (i % 2 == 0) ? 2 * d : d; // even length: doubling starts on the left
        luhn += weighted > 9 ? weighted - 9 : weighted;
        plain += d;
    }
    // La Poste (SIREN 356000000) numbers its many establishments with a mod-5 rule instead.
    const bool la_poste = digits.compare(0, 9, "356000000") == 0 && plain % 5 == 0;
    return luhn % 10 == 0 || la_poste;
}

bool is_ape(std::string_view ape) {
    // isApe accepts 3-4 digits and a letter (NAF 1993/2003 "511A", NAF rev. 2 "6201Z"); the
    // ape column was widened to 6 for the dotted form printed by INSEE ("62.01Z").
    const auto digits = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            if (!is_ascii_digit(static_cast<unsigned char>(ape[i]))) {
                return false;
            }
        }
        return true;
    };
    const auto ends_with_letter = [&] {
        return is_ascii_letter(static_cast<unsigned char>(ape.back()));
    };
    if (ape.size() == 6 && ape[2] == '.') {
        return digits(0, 2) && digits(3, 5) && ends_with_letter();
    }
    return (ape.size() == 4 || ape.size() == 5) && digits(0, ape.size() - 1) && ends_with_letter();
}

bool is_vat_number(std::string_view vat, VatNumberRule rule) {
    if (!fits_length(vat, limits::kAddressVatNumber)) {
        return false;
    }
    if (rule == VatNumberRule::kPrestaShopGeneric) {
        return is_generic_name(vat); // Address.vat_number uses isGenericName
    }
    // EU shape (VIES): country prefix ("EL" for Greece, "XI" for Northern Ireland) and 2 to 13
    // national characters, which always include digits. Per-country checksums are not checked.
    std::string compact;
    for (const char c : vat) {
        if (c != ' ' && c != '.' && c != '-') {
            compact.push_back(ascii_upper(c));
        }
    }
    if (compact.size() < 4 || compact.size() > 15 ||
        !is_ascii_letter(static_cast<unsigned char>(compact[0])) ||
        !is_ascii_letter(static_cast<unsigned char>(compact[1]))) {
        return false;
    }
    bool has_digit = false;
    for (std::size_t i = 2; i < compact.size(); ++i) {
        const auto c = static_cast<unsigned char>(compact[i]);
        if (!is_ascii_alnum(c)) {
            return false;
        }
        has_digit = has_digit || is_ascii_digit(c);
    }
    return has_digit;
}

bool is_dni_lite(std::string_view dni) {
    // isDniLite: national ID numbers (Spanish NIF/NIE, Mexican RFC, ...), shape only.
    return dni.size() <= limits::kAddressDni &&
           all_of_bytes(dni, [](char32_t c) { return is_ascii_alnum(c) || c == '-' || c == '.'; });
}

// ============================================================================================
// 8. Web and accounts
// ============================================================================================

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (!same_letter(text[i], prefix[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

bool is_absolute_url(std::string_view url) {
    // isAbsoluteUrl: http(s) or protocol-relative, PrestaShop's URL alphabet. Deliberately
    // stricter: no spaces, and the host must start with a letter or digit ("http:///x" fails).
    // Schemes compare case-insensitively (RFC 3986 section 3.1).
    if (url.empty()) {
        return true;
    }
    std::string_view rest;
    if (starts_with_ci(url, "http://")) {
        rest = url.substr(7);
    } else if (starts_with_ci(url, "https://")) {
        rest = url.substr(8);
    } else if (url.substr(0, 2) == "//") {
        rest = url.substr(2);
    } else {
        return false;
    }
    return !rest.empty() && is_ascii_alnum(static_cast<unsigned char>(rest.front())) &&
           all_of_bytes(rest, [](char32_t c) {
               return is_ascii_alnum(c) || contains(U"$~:;#,%&_=()[].?+-@/", c);
           });
}

bool is_passwd(std::string_view password) {
    // isPasswd counts 5..72 characters; bcrypt silently ignores what lies past 72 *bytes*, so
    // the upper bound is in bytes here (a 72-character accented password would be truncated).
    const std::size_t length = utf8_length(password);
    return password.size() <= limits::kPasswordMaxBytes && length != std::string_view::npos &&
           length >= limits::kPasswordMinLength;
}

// ============================================================================================
// 9. Numbers
// ============================================================================================

namespace {

// Splits "[sign]digits[.digits]" (no exponent, at least one digit before any dot).
struct Decimal {
    bool negative = false;
    std::string_view whole;
    std::string_view fraction;
};

std::optional<Decimal> parse_decimal(std::string_view text) {
    Decimal d;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        d.negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const std::size_t dot = text.find('.');
    d.whole = text.substr(0, dot);
    d.fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    const auto digits_only = [](std::string_view s) {
        return all_of_bytes(s, [](char32_t c) { return is_ascii_digit(c); });
    };
    if (d.whole.empty() || !digits_only(d.whole) || !digits_only(d.fraction) ||
        (dot != std::string_view::npos && d.fraction.empty())) {
        return std::nullopt;
    }
    return d;
}

bool all_zero(std::string_view digits) {
    return digits.find_first_not_of('0') == digits.npos;
}

} // namespace

bool is_unsigned_int(std::string_view value) {
    // isUnsignedInt: the string must be its own canonical integer form and fit in 32 bits.
    if (value.empty() || value.size() > 10 || (value.size() > 1 && value.front() == '0') ||
        !all_of_bytes(value, [](char32_t c) { return is_ascii_digit(c); })) {
        return false;
    }
    unsigned long long n = 0;
    for (const char c : value) {
        n = n * 10 + static_cast<unsigned long long>(c - '0');
    }
    return n <= 4294967295ULL;
}

bool is_float(std::string_view value) {
    return parse_decimal(value).has_value();
}

bool is_price(std::string_view value) {
    // isPrice: unsigned, up to 10 integer and 9 decimal digits (decimal(20,6) columns).
    const auto d = parse_decimal(value);
    return d && value.front() != '-' && value.front() != '+' && d->whole.size() <= 10 &&
           d->fraction.size() <= 9;
}

bool is_percentage(std::string_view value) {
    // isPercentage: compared textually so no locale or rounding gets involved.
    const auto d = parse_decimal(value);
    if (!d) {
        return false;
    }
    std::string_view whole = d->whole;
    whole.remove_prefix(std::min(whole.find_first_not_of('0'), whole.size()));
    if (d->negative) {
        return whole.empty() && all_zero(d->fraction); // "-0" and "-0.0" are zero
    }
    return whole.size() < 3 || (whole == "100" && all_zero(d->fraction));
}

// ============================================================================================
// UTF-8 public helpers (declared first in the header, defined last: they only use section 1)
// ============================================================================================

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t cp = 0;
        if (!decode_next(text, pos, cp)) {
            return false;
        }
    }
    return true;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) {
        char32_t cp = 0;
        if (!decode_next(text, pos, cp)) {
            return std::string_view::npos;
        }
    }
    return count;
}

bool fits_length(std::string_view text, std::size_t max_code_points) {
    const std::size_t n = utf8_length(text);
    return n != std::string_view::npos && n <= max_code_points;
}

std::string quoted(std::string_view value) {
    std::string s(value.substr(0, 80));
    if (value.size() > 80) {
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80)
            s.pop_back();
        if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0)
            s.pop_back();
        s += "…";
    }
    return "'" + s + "'";
}

} // namespace clientele::core::validate
