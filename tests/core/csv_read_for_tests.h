// A small RFC 4180 reader for the export tests: reads back what core/csv.h writes (quoted
// cells with "" escapes and line breaks, CRLF rows, an optional UTF-8 BOM).
#pragma once

#include <string>
#include <vector>

namespace clientele::tests {

using CsvRows = std::vector<std::vector<std::string>>;

// Every row; an empty line is a row of one empty cell. `had_bom` tells whether the text
// started with the UTF-8 byte order mark (which is not part of the first cell).
inline CsvRows read_csv(const std::string& text, char delimiter, bool* had_bom = nullptr) {
    std::size_t i = 0;
    const bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    if (had_bom)
        *had_bom = bom;
    if (bom)
        i = 3;
    CsvRows rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == delimiter) {
            row.push_back(cell);
            cell.clear();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row.push_back(cell);
            rows.push_back(row);
            row.clear();
            cell.clear();
            any = false;
        } else {
            cell += c;
        }
    }
    if (any) {
        row.push_back(cell);
        rows.push_back(row);
    }
    return rows;
}

} // namespace clientele::tests
