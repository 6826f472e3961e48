// CSV writing that is safe to open in a spreadsheet: RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) are
// neutralised with a leading apostrophe, as OWASP recommends.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientele::core::csv {

struct Format {
    char delimiter = ',';
    bool bom = false; // UTF-8 byte order mark, for Excel
    const char* newline = "\r\n";
};

// Excel-friendly: UTF-8 BOM and ';' (what Excel expects in most European locales).
inline Format excel() {
    return Format{';', true, "\r\n"};
}

// The cell as it must be written (quoted when needed, formula-neutralised).
std::string cell(std::string_view value, const Format& f);
// Numbers are written as they are: "-12.5" is a number, not a formula.
std::string number_cell(double value);
void append_row(std::string& out, const std::vector<std::string>& cells, const Format& f);

} // namespace clientele::core::csv
