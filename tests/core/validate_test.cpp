#include "core/validate.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

using namespace clientele::core::validate;

namespace {

// Malformed UTF-8 samples: lone continuation byte, truncated 2-byte sequence, overlong '/',
// UTF-16 surrogate (U+D800), code point past U+10FFFF, invalid lead byte.
const std::string kBadUtf8[] = {
    std::string("Jos\x80"),       std::string("Jos\xC3"),          std::string("a\xC0\xAF"),
    std::string("\xED\xA0\x80x"), std::string("\xF4\x90\x80\x80"), std::string("\xFF"),
};

} // namespace

TEST(Validate, Utf8LengthCountsCodePointsAndRejectsMalformed) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("é"), 1u);
    EXPECT_EQ(utf8_length("Łódź"), 4u);
    EXPECT_EQ(utf8_length("日本"), 2u);
    EXPECT_EQ(utf8_length("😀"), 1u);
    EXPECT_TRUE(is_valid_utf8("Ærøskøbing"));
    for (const auto& bad : kBadUtf8) {
        EXPECT_FALSE(is_valid_utf8(bad)) << bad;
        EXPECT_EQ(utf8_length(bad), std::string_view::npos);
        EXPECT_FALSE(fits_length(bad, 100));
    }
    EXPECT_TRUE(fits_length("Émilie", 6));
    EXPECT_FALSE(fits_length("Émilie", 5));
    EXPECT_TRUE(fits_length(std::string(255, 'a'), limits::kCustomerLastname));
    EXPECT_FALSE(fits_length(std::string(256, 'a'), limits::kCustomerLastname));
}

TEST(Validate, LimitsMatchPrestaShopDefinitions) {
    EXPECT_EQ(limits::kCustomerFirstname, 255u);
    EXPECT_EQ(limits::kCustomerEmail, 255u);
    EXPECT_EQ(limits::kCustomerSiret, 14u);
    EXPECT_EQ(limits::kCustomerApe, 6u);
    EXPECT_EQ(limits::kCustomerWebsite, 128u);
    EXPECT_EQ(limits::kCustomerNote, 65000u);
    EXPECT_EQ(limits::kAddressAlias, 32u);
    EXPECT_EQ(limits::kAddressPostcode, 12u);
    EXPECT_EQ(limits::kAddressCity, 64u);
    EXPECT_EQ(limits::kAddressOther, 300u);
    EXPECT_EQ(limits::kAddressDni, 16u);
    EXPECT_EQ(limits::kAddressVatNumber, 32u);
}

TEST(Validate, CustomerNameAcceptsRealNames) {
    for (const char* name :
         {"Dupont", "Émilie", "José", "Muñoz", "Straße", "Łukasz", "Œdipe", "Jean-Luc", "O'Brien",
          "Mme. Dupont", "J. R. R. Tolkien", "Jr.", "van der Berg", "Zoë", "Ørsted", "山田",
          "Иванов", "山田。", "Nguyễn Văn A"}) {
        EXPECT_TRUE(is_customer_name(name)) << name;
    }
}

TEST(Validate, CustomerNameRejectsBlacklistBlankAndBadDots) {
    for (const char* name :
         {"",       " ",   "\t",         "R2D2",         "Jean!", "a<b",        "a,b",
          "a;b",    "a?b", "a=b",        "a+b",          "(a)",   "a/b",        "a\\b",
          "a@b",    "#a",  "a\"b",       "a°b",          "a*b",   "a`b",        "{a}",
          "a_b",    "a^b", "$a",         "a%b",          "a:b",   "a¤b",        "[a]",
          "a|b",    "a.b", "Mme.Dupont", "Mme.  Dupont", "Jr. ",  "山田。花子", "Jean\nLuc",
          "Ann\x7F"}) {
        EXPECT_FALSE(is_customer_name(name)) << name;
    }
    for (const auto& bad : kBadUtf8) {
        EXPECT_FALSE(is_customer_name(bad));
    }
}

TEST(Validate, NameGenericAddressCityAndMessage) {
    // isName: looser than isCustomerName (dots, slashes, brackets, * are fine), empty ok.
    EXPECT_TRUE(is_name(""));
    EXPECT_TRUE(is_name("Jean-Luc O'Brien"));
    EXPECT_TRUE(is_name("St. Mary/Ann"));
    EXPECT_TRUE(is_name("Françoise"));
    EXPECT_FALSE(is_name("Louis 14"));
    EXPECT_FALSE(is_name("a@b"));
    EXPECT_FALSE(is_name("a:b"));
    EXPECT_FALSE(is_name("a|b"));

    EXPECT_TRUE(is_generic_name(""));
    EXPECT_TRUE(is_generic_name("Société Générale & Fils (SA) #2"));
    EXPECT_TRUE(is_generic_name("Bureau"));
    for (const char* bad : {"<b>", "a>b", "a=b", "{x}", "a}"}) {
        EXPECT_FALSE(is_generic_name(bad)) << bad;
    }

    EXPECT_TRUE(is_address(""));
    EXPECT_TRUE(is_address("12, rue de l'Église"));
    EXPECT_TRUE(is_address("Apt. 4/B #12; bâtiment C"));
    for (const char* bad : {"Rue!", "a<b", "a?", "a=b", "a+b", "a@b", "{", "a_b", "$5", "100%"}) {
        EXPECT_FALSE(is_address(bad)) << bad;
    }

    EXPECT_TRUE(is_city_name(""));
    EXPECT_TRUE(is_city_name("Saint-Étienne"));
    EXPECT_TRUE(is_city_name("Kraków"));
    EXPECT_TRUE(is_city_name("L'Haÿ-les-Roses"));
    EXPECT_TRUE(is_city_name("Paris 15"));
    for (const char* bad : {"a;b", "a#b", "a\"b", "a°b", "a!b", "a_b"}) {
        EXPECT_FALSE(is_city_name(bad)) << bad;
    }

    EXPECT_TRUE(is_message(""));
    EXPECT_TRUE(is_message("Digicode 1234A\nSonner deux fois; merci !\tÉtage 3 = porte gauche"));
    EXPECT_FALSE(is_message("<script>"));
    EXPECT_FALSE(is_message("a > b"));
    EXPECT_FALSE(is_message("{{ x }}"));
    EXPECT_FALSE(is_message(std::string("a\0b", 3)));
    EXPECT_FALSE(is_message(kBadUtf8[0]));
}

TEST(Validate, EmailAcceptsPracticalAddresses) {
    for (const char* email :
         {"a@b.fr", "jean.dupont@example.com", "first.last+tag@sub.example.co.uk",
          "o'brien@example.ie", "user_name-1@ex-ample.org", "x!#$%&'*+/=?^_`{|}~-@example.com",
          "CONTACT@EXAMPLE.FR", "contact@müller.de", "info@café.fr", "user@xn--mller-kva.de",
          "user@пример.рф", "user@example.xn--p1ai", "user@例え.jp", "a@1example.com"}) {
        EXPECT_TRUE(is_email(email)) << email;
    }
    const std::string local64(64, 'a');
    EXPECT_TRUE(is_email(local64 + "@example.com"));
    const std::string label63(63, 'b');
    EXPECT_TRUE(is_email("a@" + label63 + ".com"));
}

TEST(Validate, EmailRejectsMalformedAddresses) {
    for (const char* email : {"",
                              "plain",
                              "@example.com",
                              "user@",
                              "user@@example.com",
                              "a@b@example.com",
                              "user@localhost",
                              "user@example",
                              "user@example.c",
                              "user@192.168.0.1",
                              "user@[192.168.0.1]",
                              "\"quoted\"@example.com",
                              "jean dupont@example.com",
                              "user@exa mple.com",
                              " user@example.com",
                              "user@example.com ",
                              ".user@example.com",
                              "user.@example.com",
                              "us..er@example.com",
                              "user@.example.com",
                              "user@example.com.",
                              "user@example..com",
                              "user@-example.com",
                              "user@example-.com",
                              "user@exa_mple.com",
                              "josé@exemple.fr",
                              "user@ab--cd.com",
                              "user@xn--.com",
                              "user@xn--mller-kva.d",
                              "user@☃.com",
                              "user@例え。jp",
                              "user@example.123"}) {
        EXPECT_FALSE(is_email(email)) << email;
    }
    EXPECT_FALSE(is_email(std::string(65, 'a') + "@example.com"));
    EXPECT_FALSE(is_email("a@" + std::string(64, 'b') + ".com"));
    std::string long_domain;
    for (int i = 0; i < 5; ++i) {
        long_domain += std::string(60, 'c') + ".";
    }
    EXPECT_FALSE(is_email("a@" + long_domain + "com")); // 308 bytes > 255
    EXPECT_FALSE(is_email(std::string("user@m\xC3ller.de")));
}

TEST(Validate, DatesAndDatetimes) {
    EXPECT_TRUE(is_leap_year(2024));
    EXPECT_TRUE(is_leap_year(2000));
    EXPECT_FALSE(is_leap_year(1900));
    EXPECT_FALSE(is_leap_year(2023));

    EXPECT_TRUE(is_date("2024-02-29"));
    EXPECT_TRUE(is_date("2000-02-29"));
    EXPECT_TRUE(is_date("1999-12-31"));
    EXPECT_TRUE(is_date("0001-01-01"));
    for (const char* bad : {"", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",
                            "2024-00-10", "2024-01-00", "0000-00-00", "2024-1-05", "24-01-05",
                            "2024/01/05", "2024-01-05 10:00:00", "2024-01-05x", "２０２４-01-05"}) {
        EXPECT_FALSE(is_date(bad)) << bad;
    }

    EXPECT_TRUE(is_datetime("2024-02-29 23:59:59"));
    EXPECT_TRUE(is_datetime("2024-01-05 00:00:00"));
    for (const char* bad : {"2024-01-05", "2024-01-05T10:00:00", "2024-01-05 24:00:00",
                            "2024-01-05 10:60:00", "2024-01-05 10:00:60", "2023-02-29 10:00:00",
                            "2024-01-05 1:00:00", "2024-01-05 10:00:00.5"}) {
        EXPECT_FALSE(is_datetime(bad)) << bad;
    }
}

TEST(Validate, BirthDates) {
    const char* today = "2024-06-15";
    EXPECT_TRUE(is_birth_date("", today));
    EXPECT_TRUE(is_birth_date("0000-00-00", today));
    EXPECT_TRUE(is_birth_date("1985-03-12", today));
    EXPECT_TRUE(is_birth_date("2000-02-29", today)); // leap day in a leap year
    EXPECT_TRUE(is_birth_date("2024-06-15", today)); // born today
    EXPECT_TRUE(is_birth_date("1824-06-15", today)); // exactly 200 years
    EXPECT_FALSE(is_birth_date("1824-06-14", today));
    EXPECT_FALSE(is_birth_date("2024-06-16", today)); // tomorrow
    EXPECT_FALSE(is_birth_date("2001-02-29", today)); // not a leap year
    EXPECT_FALSE(is_birth_date("1900-02-29", today)); // century, not a leap year
    EXPECT_FALSE(is_birth_date("0085-05-01", today)); // two-digit year typed as four
    EXPECT_FALSE(is_birth_date("15/06/1990", today));
    EXPECT_FALSE(is_birth_date("1990-6-15", today));
    EXPECT_FALSE(is_birth_date("1990-06-15", "not a date"));

    // Today is a leap day: 200 years back lands on a leap day too, or rolls to 1 March.
    EXPECT_TRUE(is_birth_date("1824-02-29", "2024-02-29"));
    EXPECT_FALSE(is_birth_date("1824-02-28", "2024-02-29"));
    EXPECT_TRUE(is_birth_date("1800-03-01", "2000-02-29"));
    EXPECT_FALSE(is_birth_date("1800-02-28", "2000-02-29"));
}

TEST(Validate, GenericPostcodes) {
    for (const char* ok : {"", "75001", "SW1A 1AA", "1012 AB", "K1A 0B1", "1000-001", "d02 x285"}) {
        EXPECT_TRUE(is_postcode(ok)) << ok;
    }
    for (const char* bad : {"75001!", "750_01", "75.001", "7500é", "75001\n"}) {
        EXPECT_FALSE(is_postcode(bad)) << bad;
    }
}

TEST(Validate, PostcodesPerCountryFormat) {
    const auto check = [](std::string_view code, std::string_view iso) {
        return matches_zip_format(code, zip_format_for_country(iso), iso);
    };
    // France: five digits.
    EXPECT_TRUE(check("75001", "FR"));
    EXPECT_TRUE(check("97400", "fr"));
    EXPECT_FALSE(check("7500", "FR"));
    EXPECT_FALSE(check("750011", "FR"));
    EXPECT_FALSE(check("2A004", "FR"));
    // United Kingdom: PrestaShop ships no format, any generic postcode passes.
    EXPECT_TRUE(check("SW1A 1AA", "GB"));
    EXPECT_TRUE(check("M1 1AE", "GB"));
    EXPECT_FALSE(check("SW1A_1AA", "GB"));
    // United States: five digits only (PrestaShop's format has no ZIP+4).
    EXPECT_TRUE(check("94105", "US"));
    EXPECT_FALSE(check("9410", "US"));
    EXPECT_FALSE(check("94105-1234", "US"));
    // Canada: LNL NLN, the space optional, letters in either case.
    EXPECT_TRUE(check("K1A 0B1", "CA"));
    EXPECT_TRUE(check("K1A0B1", "CA"));
    EXPECT_TRUE(check("h2x 1y4", "CA"));
    EXPECT_FALSE(check("K1A-0B1", "CA"));
    EXPECT_FALSE(check("1KA 0B1", "CA"));
    EXPECT_FALSE(check("K1A 0B", "CA"));
    // Netherlands: NNNN LL.
    EXPECT_TRUE(check("1012 AB", "NL"));
    EXPECT_TRUE(check("1012AB", "NL"));
    EXPECT_FALSE(check("1012 A1", "NL"));
    EXPECT_FALSE(check("101 ABC", "NL"));
    // Dashes are optional too; C is the ISO code; other characters are literal.
    EXPECT_TRUE(check("1000-001", "PT"));
    EXPECT_TRUE(check("1000001", "PT"));
    EXPECT_TRUE(check("01-234", "PL"));
    EXPECT_TRUE(check("LV-1050", "LV"));
    EXPECT_TRUE(check("lv1050", "LV"));
    EXPECT_FALSE(check("LT-1050", "LV"));
    EXPECT_TRUE(check("AD500", "AD"));
    EXPECT_TRUE(check("98000", "MC"));
    EXPECT_FALSE(check("97000", "MC"));
    EXPECT_FALSE(matches_zip_format("LV-1050", "C-NNNN", ""));
    // Empty format: generic rule.
    EXPECT_TRUE(matches_zip_format("D02 X285", "", "IE"));
    EXPECT_FALSE(matches_zip_format("D02/X285", "", "IE"));
}

TEST(Validate, ZipFormatTable) {
    const std::pair<const char*, const char*> expected[] = {
        {"FR", "NNNNN"},    {"ES", "NNNNN"},     {"DE", "NNNNN"},    {"GB", ""},
        {"US", "NNNNN"},    {"IT", "NNNNN"},     {"BE", "NNNN"},     {"NL", "NNNN LL"},
        {"PT", "NNNN-NNN"}, {"PL", "NN-NNN"},    {"CH", "NNNN"},     {"AT", "NNNN"},
        {"CA", "LNL NLN"},  {"IE", ""},          {"LU", "NNNN"},     {"DK", "NNNN"},
        {"SE", "NNN NN"},   {"FI", "NNNNN"},     {"NO", "NNNN"},     {"CZ", "NNN NN"},
        {"MX", "NNNNN"},    {"BR", "NNNNN-NNN"}, {"JP", "NNN-NNNN"}, {"AU", "NNNN"},
    };
    for (const auto& [iso, format] : expected) {
        EXPECT_EQ(zip_format_for_country(iso), format) << iso;
    }
    EXPECT_EQ(zip_format_for_country("nl"), "NNNN LL");
    EXPECT_EQ(zip_format_for_country("ZZ"), "");
    EXPECT_EQ(zip_format_for_country("FRA"), "");
    EXPECT_EQ(zip_format_for_country(""), "");
}

TEST(Validate, PhoneNumbers) {
    for (const char* ok : {"", "0123456789", "+33 1 23 45 67 89", "+1 (555) 123-4567",
                           "01.23.45.67.89", "0612/345678"}) {
        EXPECT_TRUE(is_phone_number(ok)) << ok;
    }
    for (const char* bad : {"06 12 34 56 7x", "+33#1", "phone", "0612345678 ext 2", "０６"}) {
        EXPECT_FALSE(is_phone_number(bad)) << bad;
    }
}

TEST(Validate, Siret) {
    EXPECT_TRUE(is_siret("73282932000074"));
    EXPECT_TRUE(is_siret("732 829 320 00074"));
    EXPECT_TRUE(is_siret("44306184100047"));
    EXPECT_FALSE(is_siret("73282932000075")); // checksum off by one
    EXPECT_FALSE(is_siret("7328293200007"));  // 13 digits
    EXPECT_FALSE(is_siret("732829320000740"));
    EXPECT_FALSE(is_siret("7328293200007A"));
    EXPECT_FALSE(is_siret("732-829-320-00074"));
    EXPECT_FALSE(is_siret(""));
    // La Poste: fails Luhn, passes the sum-of-digits-divisible-by-5 rule.
    EXPECT_TRUE(is_siret("35600000049837"));
    EXPECT_FALSE(is_siret("35600000049838"));
    EXPECT_FALSE(is_siret("35600100049831")); // digit sum divisible by 5, but not La Poste
}

TEST(Validate, Ape) {
    for (const char* ok : {"6201Z", "6201z", "511A", "62.01Z", "47.11F"}) {
        EXPECT_TRUE(is_ape(ok)) << ok;
    }
    for (const char* bad : {"", "Z", "6201", "62011Z", "62Z", "6201ZZ", "62-01Z", "6.201Z", "62.01",
                            "A201Z", "62.0AZ"}) {
        EXPECT_FALSE(is_ape(bad)) << bad;
    }
}

TEST(Validate, VatNumbers) {
    for (const char* ok :
         {"FR40303265045", "FR 40 303 265 045", "fr40303265045", "DE123456789", "EL094259216",
          "NL004495445B01", "ATU12345678", "ES-B12345678", "BE0.123.456.789", "IE1234567FA"}) {
        EXPECT_TRUE(is_vat_number(ok)) << ok;
    }
    for (const char* bad : {"", "FR", "FR1", "123456789", "F123456789", "FRABCDEFG",
                            "FR12345678901234", "FR 40_303", "FR4030326504é"}) {
        EXPECT_FALSE(is_vat_number(bad)) << bad;
    }
    // PrestaShop's own rule is isGenericName: anything but <>={} within 32 characters.
    EXPECT_TRUE(is_vat_number("", VatNumberRule::kPrestaShopGeneric));
    EXPECT_TRUE(is_vat_number("CHE-123.456.789 MWST", VatNumberRule::kPrestaShopGeneric));
    EXPECT_FALSE(is_vat_number("CHE-123.456.789 MWST"));
    EXPECT_FALSE(is_vat_number("<FR40303265045>", VatNumberRule::kPrestaShopGeneric));
    EXPECT_FALSE(is_vat_number(std::string(33, '1'), VatNumberRule::kPrestaShopGeneric));
    EXPECT_FALSE(is_vat_number(kBadUtf8[0], VatNumberRule::kPrestaShopGeneric));
}

TEST(Validate, DniLite) {
    for (const char* ok : {"", "12345678Z", "X-1234567-L", "A.B.C", "1234567890123456"}) {
        EXPECT_TRUE(is_dni_lite(ok)) << ok;
    }
    for (const char* bad : {"12345678 Z", "12345678901234567", "ÑÑ123", "12_34", "12/34"}) {
        EXPECT_FALSE(is_dni_lite(bad)) << bad;
    }
}

TEST(Validate, AbsoluteUrls) {
    for (const char* ok : {"", "http://example.com", "https://www.example.fr/shop?id=1&x=%20",
                           "//cdn.example.com/a.png", "HTTPS://EXAMPLE.COM",
                           "https://user@example.com:8080/path#frag", "https://1.2.3.4/"}) {
        EXPECT_TRUE(is_absolute_url(ok)) << ok;
    }
    for (const char* bad :
         {"example.com", "www.example.com", "ftp://example.com", "javascript:alert(1)", "http://",
          "https://", "http:///x", "http://exa mple.com", "https://example.com/<script>",
          "https://müller.de", "/relative/path", "http:/example.com"}) {
        EXPECT_FALSE(is_absolute_url(bad)) << bad;
    }
}

TEST(Validate, Passwords) {
    EXPECT_TRUE(is_passwd("abcde"));
    EXPECT_TRUE(is_passwd("correct horse battery staple"));
    EXPECT_TRUE(is_passwd("ééééé")); // 5 code points, 10 bytes
    EXPECT_TRUE(is_passwd(std::string(72, 'x')));
    EXPECT_FALSE(is_passwd(""));
    EXPECT_FALSE(is_passwd("abcd"));
    EXPECT_FALSE(is_passwd(std::string(73, 'x')));
    EXPECT_FALSE(is_passwd(std::string(40, 'x') + std::string(20, 'x') + "éééééééé")); // 76 B
    EXPECT_FALSE(is_passwd("abcde\xC3"));
}

TEST(Validate, Numbers) {
    for (const char* ok : {"0", "1", "42", "4294967295"}) {
        EXPECT_TRUE(is_unsigned_int(ok)) << ok;
    }
    for (const char* bad :
         {"", "-1", "+1", "01", "4294967296", "99999999999", "1.0", " 1", "1e3"}) {
        EXPECT_FALSE(is_unsigned_int(bad)) << bad;
    }

    for (const char* ok : {"0", "-2", "+3", "1.5", "-0.25", "1000000.000001"}) {
        EXPECT_TRUE(is_float(ok)) << ok;
    }
    for (const char* bad : {"", "-", "1.", ".5", "1,5", "1e3", "abc", "1.2.3", " 1"}) {
        EXPECT_FALSE(is_float(bad)) << bad;
    }

    for (const char* ok : {"0", "0.00", "1500", "1500.50", "9999999999.999999999"}) {
        EXPECT_TRUE(is_price(ok)) << ok;
    }
    for (const char* bad : {"", "-1", "+1", "1,50", "12345678901", "1.1234567890", "1."}) {
        EXPECT_FALSE(is_price(bad)) << bad;
    }

    for (const char* ok : {"0", "0.0", "-0", "5", "50.5", "99.999", "100", "100.000", "007"}) {
        EXPECT_TRUE(is_percentage(ok)) << ok;
    }
    for (const char* bad : {"", "-0.1", "-5", "100.01", "101", "1000", "abc", "50%"}) {
        EXPECT_FALSE(is_percentage(bad)) << bad;
    }
}
