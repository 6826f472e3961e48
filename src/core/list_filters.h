// Small pieces the paged lists of carts and orders share: LIKE patterns with literal wildcards,
// trimming, and "the customer whose e-mail, first or last name starts with the text" as a
// subquery over the customers' NOCASE indexes. Values are always bound, never spliced.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace clientele::core::list_filters {

inline std::string escape_like(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    return out;
}

// Values that start with `text` (use with ESCAPE '\').
inline std::string prefix_pattern(const std::string& text) {
    return escape_like(text) + "%";
}

// Values that contain `text` (use with ESCAPE '\').
inline std::string contains_pattern(const std::string& text) {
    return "%" + escape_like(text) + "%";
}

inline bool all_digits(const std::string& s) {
    return !s.empty() && s.size() < 18 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Collects the values of a statement's parameters: add() returns "?n" for the next one.
class Params {
public:
    std::string add(std::string value) {
        values_.push_back(std::move(value));
        return "?" + std::to_string(values_.size());
    }
    const std::vector<std::string>& values() const { return values_; }

private:
    std::vector<std::string> values_;
};

// Values of `column` that start with `text` (ASCII letters in any case, as LIKE) as a range of
// the column's NOCASE index: LIKE itself would not use an index whose collation differs from
// its column's. `text` must not be empty.
inline std::string nocase_prefix_sql(const std::string& column, const std::string& text,
                                     Params& params) {
    return column + " COLLATE NOCASE >= " + params.add(text) + " AND " + column +
           " COLLATE NOCASE < " + params.add(text + "\xF4\x8F\xBF\xBF"); // past them all
}

// "SELECT id_customer ..." of the customers whose e-mail, last name or first name starts with
// `text` (each a range of one NOCASE index), plus the customer whose id it is when it is a
// number. `text` must be trimmed and not empty.
inline std::string customer_ids_sql(const std::string& text, Params& params) {
    const std::string p = params.add(prefix_pattern(text));
    std::string sql;
    for (const char* column : {"email", "lastname", "firstname"}) {
        if (!sql.empty())
            sql += " UNION ";
        sql += std::string("SELECT id_customer FROM ps_customer WHERE ") + column + " LIKE " + p +
               " ESCAPE '\\'";
    }
    if (all_digits(text))
        sql += " UNION SELECT CAST(" + params.add(text) + " AS INTEGER)";
    return sql;
}

} // namespace clientele::core::list_filters
