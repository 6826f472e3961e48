#include "core/random.h"

#include <sqlite3.h>

namespace clientele::core {

std::string secure_key() {
    static const char* hex = "0123456789abcdef";
    unsigned char bytes[16];
    sqlite3_randomness(static_cast<int>(sizeof bytes), bytes);
    std::string out(32, '0');
    for (std::size_t i = 0; i < sizeof bytes; ++i) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    return out;
}

} // namespace clientele::core
