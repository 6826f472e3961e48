// Customers' secure keys from SQLite's ChaCha20 generator (sqlite3_randomness), seeded once
// from the system's entropy (/dev/urandom; crypto.getRandomValues in the browser). Asking the
// system for each key would cost a JavaScript call per byte in the web build (Emscripten
// 3.1.6 fills getentropy() one byte at a time), which made a million-row import spend most
// of its time there.
#pragma once

#include <string>

namespace clientele::core {

// 32 random hex digits: PrestaShop's customer secure_key (there md5(uniqid())).
std::string secure_key();

} // namespace clientele::core
