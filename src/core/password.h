// Password hashing: bcrypt in PHP's "$2y$" format, so stored hashes are interchangeable with
// PHP's password_hash()/password_verify() (PrestaShop, imports). The same code runs natively and
// in the web build: libxcrypt's bcrypt, compiled from source by cmake/xcrypt_bcrypt.cmake.
// Only hashes are ever stored; plain passwords are never logged, and the copies made here are
// wiped after use.
#pragma once

#include <string>
#include <string_view>

namespace clientele::core::password {

// bcrypt cost = log2 of the number of key-expansion rounds. 10 is PHP's default.
inline constexpr int kDefaultCost = 10;
inline constexpr int kMinCost = 4;
inline constexpr int kMaxCost = 31;

// A new "$2y$<cost>$<22-char salt><31-char hash>" string (60 characters), salted with 16 bytes
// from getentropy() (the OS; crypto.getRandomValues in the browser and in node).
// As with PHP, only the first 72 bytes of the password count.
// Throws std::runtime_error on failure: cost outside [kMinCost, kMaxCost], a password containing
// a NUL byte or of 512 bytes or more, no system randomness. The message never includes the
// password.
std::string hash(std::string_view plain, int cost = kDefaultCost);

// True when plain matches a "$2y$", "$2b$" or "$2a$" hash (the comparison of the recomputed hash
// is constant-time). False, never an exception, for anything else: a wrong password, a
// malformed or unsupported hash, a password hash() would refuse (NUL byte, 512 bytes or more).
bool verify(std::string_view plain, std::string_view hash);

// True when text has the exact shape of a bcrypt hash that verify() accepts: "$2y$", "$2b$" or
// "$2a$", a two-digit cost in [04, 31], "$", then 53 characters of bcrypt's base-64 alphabet in
// canonical form (60 characters in all). Importers use it to accept already-hashed passwords.
bool looks_like_hash(std::string_view text);

} // namespace clientele::core::password
