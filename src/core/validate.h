// Field validators compatible with PrestaShop's back office (classes/Validate.php and the
// field definitions of Customer, Address and Country), written from scratch for Clientèle.
//
// Every function is pure (no locale, no clock, no globals) and works on UTF-8 text: input
// that is not well-formed UTF-8 is always rejected. Character classes are checked on decoded
// code points, never with std::regex.
//
// Empty input: like PrestaShop, most text validators accept "" (whether a field is required
// is a separate check). The exceptions are noted on each function.
#pragma once

#include <cstddef>
#include <string_view>

namespace clientele::core::validate {

// Maximum lengths, in code points (PrestaShop checks 'size' with mb_strlen and the MySQL
// utf8mb4 columns count characters), from the PrestaShop 8 object definitions or, where the
// definition has no 'size', from the column width in install-dev/data/db_structure.sql.
namespace limits {
// Customer (ps_customer).
inline constexpr std::size_t kCustomerFirstname = 255;
inline constexpr std::size_t kCustomerLastname = 255;
inline constexpr std::size_t kCustomerEmail = 255;
inline constexpr std::size_t kCustomerCompany = 255; // column varchar(255)
inline constexpr std::size_t kCustomerSiret = 14;    // column varchar(14)
inline constexpr std::size_t kCustomerApe = 6;       // column varchar(6) since 1.7.6
inline constexpr std::size_t kCustomerWebsite = 128; // column varchar(128)
inline constexpr std::size_t kCustomerNote = 65000;
// Address (ps_address).
inline constexpr std::size_t kAddressAlias = 32;
inline constexpr std::size_t kAddressCompany = 255;
inline constexpr std::size_t kAddressLastname = 255;
inline constexpr std::size_t kAddressFirstname = 255;
inline constexpr std::size_t kAddressAddress1 = 128;
inline constexpr std::size_t kAddressAddress2 = 128;
inline constexpr std::size_t kAddressPostcode = 12;
inline constexpr std::size_t kAddressCity = 64;
inline constexpr std::size_t kAddressOther = 300;
inline constexpr std::size_t kAddressPhone = 32;
inline constexpr std::size_t kAddressPhoneMobile = 32;
inline constexpr std::size_t kAddressVatNumber = 32; // column varchar(32)
inline constexpr std::size_t kAddressDni = 16;
// Passwords (Validate::PASSWORD_LENGTH; bcrypt only reads the first 72 bytes).
inline constexpr std::size_t kPasswordMinLength = 5;
inline constexpr std::size_t kPasswordMaxBytes = 72;
// E-mail parts (RFC 5321 section 4.5.3.1, RFC 1035 section 2.3.4), in bytes.
inline constexpr std::size_t kEmailLocalPart = 64;
inline constexpr std::size_t kEmailDomain = 255;
inline constexpr std::size_t kEmailDomainLabel = 63;
} // namespace limits

// --- UTF-8 -----------------------------------------------------------------------------------

// True when `text` is well-formed UTF-8 (no overlongs, surrogates, or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);
// Number of code points; std::string_view::npos when `text` is not valid UTF-8, so that
// `utf8_length(s) <= limit` is false for malformed input.
std::size_t utf8_length(std::string_view text);
// Valid UTF-8 and at most `max_code_points` code points (the PrestaShop 'size' check).
bool fits_length(std::string_view text, std::size_t max_code_points);

// --- Names and free text ---------------------------------------------------------------------

// Customer first/last name (isCustomerName). Not blank; no digits nor !<>,;?=+()/\@#"°*`{}_^$%:¤[]|
// A dot (or ideographic full stop 。) must end the name or be followed by one space and more
// text ("Mme. Dupont", "Jr."). Control characters are rejected.
bool is_customer_name(std::string_view name);
// Address first/last name (isName): no digits nor !<>,;?=+()@#"°{}_$%:¤| ; "" accepted.
bool is_name(std::string_view name);
// Company, alias, SIRET-as-text (isGenericName): no <>={} ; "" accepted.
bool is_generic_name(std::string_view text);
// Address lines (isAddress): no !<>?=+@{}_$% ; "" accepted.
bool is_address(std::string_view address);
// City (isCityName): no !<>;?=+@#"°{}_$% ; "" accepted.
bool is_city_name(std::string_view city);
// Multi-line free text such as the address "other" field (isMessage): no <>{} ; newlines and
// tabs allowed; "" accepted.
bool is_message(std::string_view message);

// --- E-mail ----------------------------------------------------------------------------------

// Practical RFC 5322 address: dot-atom local part (ASCII only, <= 64 bytes), '@', a domain of
// at least two labels (each <= 63 bytes, whole domain <= 255 bytes) made of letters, digits and
// inner hyphens. Internationalised domains are accepted as UTF-8 ("müller.de") and as punycode
// ("xn--mller-kva.de"). Rejects "", spaces, quoted local parts, domain literals, empty labels
// (consecutive, leading or trailing dots) and a missing or numeric TLD.
bool is_email(std::string_view email);

// --- Dates -----------------------------------------------------------------------------------

bool is_leap_year(int year);
// "YYYY-MM-DD", a real calendar date, years 0001..9999.
bool is_date(std::string_view ymd);
// "YYYY-MM-DD HH:MM:SS" with a real date and a real time of day (00:00:00..23:59:59).
bool is_datetime(std::string_view ymd_hms);
// Birth date (isBirthDate): "" and "0000-00-00" mean "not set" and are valid; otherwise a real
// date, not after `today_ymd`, and not more than 200 years before it. `today_ymd` is passed
// in (YYYY-MM-DD) to keep the function pure; false if it is not a valid date.
bool is_birth_date(std::string_view ymd, std::string_view today_ymd);

// --- Postcodes -------------------------------------------------------------------------------

// Generic postcode (isPostCode): ASCII letters, digits, spaces and dashes; "" accepted.
bool is_postcode(std::string_view postcode);
// Country-specific check (Country::checkZipCode). In `zip_code_format`, N is a digit, L an ASCII
// letter, C the country's ISO code; a space or dash is optional in the postcode; any other
// character must appear literally. Letters compare case-insensitively. An empty format accepts
// any is_postcode() value.
bool matches_zip_format(std::string_view postcode, std::string_view zip_code_format,
                        std::string_view iso_code);
// PrestaShop's default zip_code_format for an ISO 3166-1 alpha-2 code (case-insensitive), from
// install-dev/data/xml/country.xml; "" when unknown or when PrestaShop has no format (GB, IE).
std::string_view zip_format_for_country(std::string_view iso2);

// --- Business identifiers --------------------------------------------------------------------

// Phone (isPhoneNumber): digits, spaces and + . ( ) / - only; "" accepted.
bool is_phone_number(std::string_view phone);
// French SIRET (isSiret): 14 digits once spaces are removed, with a valid Luhn checksum. La
// Poste's establishments (SIREN 356000000), whose numbers use "sum of digits divisible by 5"
// instead, are accepted too. "" is rejected.
bool is_siret(std::string_view siret);
// French APE/NAF code (isApe): 3 or 4 digits then a letter ("6201Z", "511A"), or the NAF rev. 2
// printed form with a dot after two digits ("62.01Z"). "" is rejected.
bool is_ape(std::string_view ape);

enum class VatNumberRule {
    // EU shape: 2-letter country prefix then 2..13 letters/digits including at least one digit,
    // after removing spaces, dots and dashes ("FR 40 303 265 045", "DE123456789", "EL...").
    kEuFormat,
    // PrestaShop's own rule for address.vat_number: any isGenericName() text; "" accepted.
    kPrestaShopGeneric,
};
// VAT number; both rules also enforce limits::kAddressVatNumber.
bool is_vat_number(std::string_view vat, VatNumberRule rule = VatNumberRule::kEuFormat);
// Identification number (isDniLite): 1..16 of ASCII letters, digits, '-' and '.'; "" accepted.
bool is_dni_lite(std::string_view dni);

// --- Web and accounts ------------------------------------------------------------------------

// Absolute URL (isAbsoluteUrl): "http://", "https://" or "//" then a host starting with a letter
// or digit, from PrestaShop's ASCII URL character set (no spaces); "" accepted.
bool is_absolute_url(std::string_view url);
// Plain-text password (isPasswd): at least 5 code points and at most 72 bytes.
bool is_passwd(std::string_view password);

// --- Numbers ---------------------------------------------------------------------------------

// Canonical unsigned 32-bit integer (isUnsignedInt): "0".."4294967295", no sign, no leading
// zeros, no spaces.
bool is_unsigned_int(std::string_view value);
// Decimal number (isFloat): optional sign, digits, optional '.' and digits. No exponent.
bool is_float(std::string_view value);
// Non-negative amount (isPrice), e.g. the outstanding allowance: 1..10 digits, optionally '.'
// and 1..9 digits.
bool is_price(std::string_view value);
// is_float() and 0 <= value <= 100 (isPercentage).
bool is_percentage(std::string_view value);

// A value as error messages show it: in quotes, cut at 80 characters (never inside a UTF-8
// sequence) with an ellipsis.
std::string quoted(std::string_view value);

} // namespace clientele::core::validate
