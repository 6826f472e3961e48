#include "core/csv.h"

#include <cstdio>

namespace clientele::core::csv {

std::string cell(std::string_view value, const Format& f) {
    std::string v(value);
    if (!v.empty() &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    bool quote = false;
    for (char c : v)
        quote = quote || c == f.delimiter || c == '"' || c == '\n' || c == '\r';
    if (!quote)
        return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string number_cell(double value) {
    char buf[48];
    if (value == static_cast<double>(static_cast<long long>(value)))
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value));
    else
        std::snprintf(buf, sizeof buf, "%.2f", value);
    return buf;
}

void append_row(std::string& out, const std::vector<std::string>& cells, const Format& f) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            out += f.delimiter;
        out += cells[i];
    }
    out += f.newline;
}

} // namespace clientele::core::csv
