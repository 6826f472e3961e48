#include "core/random.h"

#include <sqlite3.h>

#include <climits>

namespace clientele::core {

void random_bytes(unsigned char* out, std::size_t n) {
    while (n > 0) {
        const int chunk = n > INT_MAX ? INT_MAX : static_cast<int>(n);
        sqlite3_randomness(chunk, out);
        out += chunk;
        n -= static_cast<std::size_t>(chunk);
    }
}

std::string secure_key() {
    static const char* hex = "0123456789abcdef";
    unsigned char bytes[16];
    random_bytes(bytes, sizeof bytes);
    std::string out(32, '0');
    for (std::size_t i = 0; i < sizeof bytes; ++i) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    return out;
}

} // namespace clientele::core
