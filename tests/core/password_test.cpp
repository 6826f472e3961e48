#include "core/password.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

using namespace std::string_literals;
namespace password = clientele::core::password;

namespace {
// Vectors computed by other implementations. Cost 4 or 5 where there is a choice, to stay fast.
struct Vector {
    const char* plain;
    const char* hash;
};

// PHP's documentation of password_verify().
constexpr Vector kPhpDoc = {"rasmuslerdorf",
                            "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"};

constexpr Vector kVectors[] = {
    kPhpDoc,
    // Openwall crypt_blowfish's test vectors.
    {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
    {"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are "
     "ignored",
     "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"},
    // passlib's, from libxcrypt's known-answer table (test/ka-table.inc).
    {"abc", "$2b$04$abcdefghijklmnopqrstuuCi15uRb1eH7NAlJ/TgeJertyknQpYn2"},
    {"U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
    {"\xd0\xc1\xd2\xcf\xcc\xd8", "$2y$04$abcdefghijklmnopqrstuuoaE0x.b2rUEITWgPdg.GEcU4ePHLh6m"},
};
} // namespace

TEST(Password, HashHasPhpFormatWithDefaultCost) {
    const std::string h = password::hash("correct horse battery staple");
    EXPECT_EQ(h.size(), 60u);
    EXPECT_EQ(h.substr(0, 7), "$2y$10$");
    EXPECT_TRUE(password::looks_like_hash(h));
}

TEST(Password, SaltMakesEveryHashDifferent) {
    const std::string a = password::hash("same password", 4);
    const std::string b = password::hash("same password", 4);
    EXPECT_NE(a, b);
    EXPECT_NE(a.substr(7, 22), b.substr(7, 22)); // the salts differ
    EXPECT_TRUE(password::verify("same password", a));
    EXPECT_TRUE(password::verify("same password", b));
}

TEST(Password, VerifiesRightAndRejectsWrong) {
    const std::string h = password::hash("Clientèle 2024!", 4);
    EXPECT_TRUE(password::verify("Clientèle 2024!", h));
    EXPECT_FALSE(password::verify("clientèle 2024!", h));
    EXPECT_FALSE(password::verify("Clientèle 2024", h));
    EXPECT_FALSE(password::verify("Clientèle 2024!!", h));
    EXPECT_FALSE(password::verify("", h));

    const std::string empty = password::hash("", 4);
    EXPECT_TRUE(password::verify("", empty));
    EXPECT_FALSE(password::verify(" ", empty));
}

TEST(Password, PhpDocumentationVector) {
    EXPECT_TRUE(password::verify(kPhpDoc.plain, kPhpDoc.hash));
    EXPECT_FALSE(password::verify("rasmuslerdorF", kPhpDoc.hash));
}

TEST(Password, KnownVectors2y2b2a) {
    for (const Vector& v : kVectors) {
        SCOPED_TRACE(v.hash);
        EXPECT_TRUE(password::looks_like_hash(v.hash));
        EXPECT_TRUE(password::verify(v.plain, v.hash));
        EXPECT_FALSE(password::verify("x" + std::string(v.plain), v.hash));
    }
}

TEST(Password, OnlyTheFirst72BytesCountLikePhp) {
    const std::string first72(72, 'k');
    const std::string h = password::hash(first72 + "tail one", 4);
    EXPECT_TRUE(password::verify(first72 + "tail two", h));
    EXPECT_FALSE(password::verify(first72.substr(0, 71), h));
}

TEST(Password, CostIsRespected) {
    for (int cost : {4, 5, 7}) {
        const std::string h = password::hash("pw", cost);
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "$2y$%02d$", cost);
        EXPECT_EQ(h.substr(0, 7), prefix);
        EXPECT_TRUE(password::verify("pw", h));
    }
    EXPECT_THROW(password::hash("pw", 3), std::runtime_error);
    EXPECT_THROW(password::hash("pw", 32), std::runtime_error);
    EXPECT_THROW(password::hash("pw", -1), std::runtime_error);
    // The cost is part of the hash: the same salt and password at another cost do not match.
    const std::string h4 = password::hash("pw", 4);
    std::string h5 = h4;
    h5[5] = '5';
    EXPECT_TRUE(password::verify("pw", h4));
    EXPECT_FALSE(password::verify("pw", h5));
}

TEST(Password, RejectsPasswordsLibxcryptCannotTake) {
    EXPECT_THROW(password::hash("abc\0def"s, 4), std::runtime_error);
    EXPECT_THROW(password::hash(std::string(512, 'a'), 4), std::runtime_error);
    EXPECT_NO_THROW(password::hash(std::string(511, 'a'), 4));
    // "abc\0def" must not verify as "abc" (what a C string would see).
    const std::string abc = password::hash("abc", 4);
    EXPECT_FALSE(password::verify("abc\0def"s, abc));
    EXPECT_TRUE(password::verify("abc", abc));
}

TEST(Password, MalformedHashesAreFalseNotCrashes) {
    const std::string good = kPhpDoc.hash;
    const std::string plain = kPhpDoc.plain;
    auto with = [&](std::size_t pos, char c) {
        std::string s = good;
        s[pos] = c;
        return s;
    };
    const std::string bad[] = {
        "",
        "$",
        "$2y$",
        "$2y$10$",
        "$2y$10$.vGA1O9wmRjrwAVXD98HNO", // a setting (salt only), not a hash
        "not a hash at all",
        good.substr(0, 59),
        good + "a",
        good + '\0',
        "*0",
        "*1",
        with(2, 'x'), // $2x$: the buggy pre-2011 variant, not enabled
        with(2, 'c'), // no such variant
        with(1, '3'), // $3y$
        with(0, '#'),
        with(3, '_'),
        with(6, '_'),
        with(4, 'a'),                    // cost "a0"
        with(5, '3').replace(4, 1, "0"), // cost 03: below bcrypt's minimum
        with(4, '3').replace(5, 1, "2"), // cost 32: above bcrypt's maximum
        with(20, '*'),                   // not in bcrypt's alphabet
        with(20, '+'),
        with(20, '\0'),
        with(40, ' '),
        with(59, '\n'),
        with(28, 'P'),                        // non-canonical last salt character
        with(59, 'b'),                        // non-canonical last hash character
        "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/", // md5crypt
        "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
        "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",                               // sha512crypt
        "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7", // yescrypt
    };
    for (const std::string& h : bad) {
        SCOPED_TRACE(h);
        EXPECT_FALSE(password::looks_like_hash(h));
        EXPECT_FALSE(password::verify(plain, h));
    }
    // A well-formed hash of another password is simply a mismatch.
    EXPECT_TRUE(password::looks_like_hash(with(40, 'A')));
    EXPECT_FALSE(password::verify(plain, with(40, 'A')));
}
