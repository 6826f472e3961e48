#include "core/i18n.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace clientele::core;

TEST(I18n, CataloguesHaveTheSameKeys) {
    auto en = i18n::catalogue_keys("en"), fr = i18n::catalogue_keys("fr"),
         es = i18n::catalogue_keys("es");
    std::sort(en.begin(), en.end());
    std::sort(fr.begin(), fr.end());
    std::sort(es.begin(), es.end());
    EXPECT_FALSE(en.empty());
    EXPECT_EQ(en, fr);
    EXPECT_EQ(en, es);
}

TEST(I18n, TranslatesAndFallsBack) {
    i18n::set_language("fr");
    EXPECT_STREQ(clientele::tr("nav.customers"), "Clients");
    i18n::set_language("es");
    EXPECT_STREQ(clientele::tr("nav.customers"), "Clientes");
    i18n::set_language("de"); // unknown: English
    EXPECT_EQ(i18n::language(), "en");
    EXPECT_STREQ(clientele::tr("nav.customers"), "Customers");
    const char* unknown = clientele::tr("no.such.key");
    EXPECT_STREQ(unknown, "no.such.key");
    EXPECT_EQ(unknown, clientele::tr("no.such.key")); // stable pointer
}

TEST(I18n, FormatsPerLocale) {
    i18n::set_language("en");
    EXPECT_EQ(i18n::format_money(1234.5), "€1,234.50");
    EXPECT_EQ(i18n::format_number(1234567), "1,234,567");
    EXPECT_EQ(i18n::format_date("2024-03-05 10:00:00"), "03/05/2024");
    i18n::set_language("fr");
    EXPECT_EQ(i18n::format_money(1234.5), "1\u202f234,50\u00a0€");
    EXPECT_EQ(i18n::format_money(-0.5), "-0,50\u00a0€");
    EXPECT_EQ(i18n::format_date("2024-03-05"), "05/03/2024");
    i18n::set_language("en");
}

// One thing takes the singular: 1 in English and Spanish, 0 and 1 in French.
TEST(I18n, CountsTakeTheSingularForOneThing) {
    i18n::set_language("en");
    EXPECT_EQ(i18n::format_count("customers.results", 1), "1 result");
    EXPECT_EQ(i18n::format_count("customers.results", 0), "0 results");
    EXPECT_EQ(i18n::format_count("customers.results", 1234), "1,234 results");
    EXPECT_EQ(i18n::format_count("address.results", 1), "1 address");
    EXPECT_EQ(i18n::format_count("data.imported", 1), "1 imported"); // no singular of its own
    i18n::set_language("fr");
    EXPECT_EQ(i18n::format_count("customers.results", 0), "0 résultat");
    EXPECT_EQ(i18n::format_count("orders.results", 1), "1 commande");
    EXPECT_EQ(i18n::format_count("orders.results", 2), "2 commandes");
    i18n::set_language("es");
    EXPECT_EQ(i18n::format_count("customers.results", 0), "0 resultados");
    EXPECT_EQ(i18n::format_count("address.results", 1), "1 dirección");
    // Texts with the number inside.
    i18n::set_language("en");
    EXPECT_EQ(i18n::format_count("reviews.results", 1), "1 review");
    EXPECT_EQ(i18n::format_count("reviews.results", 2), "2 reviews");
    EXPECT_EQ(i18n::format_count("reviews.approve_ticked", 1), "Approve ticked (1)");
    i18n::set_language("fr");
    EXPECT_EQ(i18n::format_count("titles.in_use", 0),
              "Utilisé par 0 client : suppression impossible.");
    i18n::set_language("en");
}

// Every "_one" text has its plural, and both have the number inside or neither does.
TEST(I18n, SingularsMatchTheirPlurals) {
    for (const std::string& iso : i18n::languages()) {
        i18n::set_language(iso);
        const auto keys = i18n::catalogue_keys(iso);
        const std::set<std::string> all(keys.begin(), keys.end());
        for (const std::string& k : keys) {
            if (k.size() < 5 || k.compare(k.size() - 4, 4, "_one") != 0)
                continue;
            const std::string plural = k.substr(0, k.size() - 4);
            ASSERT_TRUE(all.count(plural)) << iso << ": " << k << " without " << plural;
            const bool a = std::string(i18n::tr(k.c_str())).find("{n}") != std::string::npos;
            const bool b = std::string(i18n::tr(plural.c_str())).find("{n}") != std::string::npos;
            EXPECT_EQ(a, b) << iso << ": " << k;
        }
    }
    i18n::set_language("en");
}

// Every tr("key") literal in the sources must exist in the English catalogue.
TEST(I18n, EveryKeyUsedInTheSourcesIsInTheCatalogue) {
#ifdef __EMSCRIPTEN__
    GTEST_SKIP() << "source tree scan runs in the native build";
#else
    auto keys = i18n::catalogue_keys("en");
    std::set<std::string> known(keys.begin(), keys.end());
    // tr("key"), and format_count("key", n).
    std::regex call(R"re((?:tr|format_count)\("([a-z_]+\.[a-z0-9_.]+)"[,)])re");
    int scanned = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::string(CLIENTELE_SOURCE_DIR) + "/src")) {
        if (entry.path().extension() != ".cpp")
            continue;
        const std::string f = entry.path().string();
        ++scanned;
        std::ifstream in(f);
        ASSERT_TRUE(in) << f;
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it)
            EXPECT_TRUE(known.count((*it)[1])) << f << " uses unknown key " << (*it)[1];
    }
    EXPECT_GT(scanned, 5);
#endif
}
