// Sections: 1. errors  2. encodings  3. delimiter  4. records
#include "core/csv_reader.h"

#include <cstring>

namespace clientele::core::csv {

// --- 1. errors --------------------------------------------------------------------------------

ReadError::ReadError(std::int64_t line, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line),
      reason_(message) {}

// --- 2. encodings -----------------------------------------------------------------------------

namespace {

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Windows-1252's 0x80..0x9F; the undefined bytes keep their Latin-1 (C1 control) value.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size());
    auto unit = [&](std::size_t i) -> char32_t {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return little_endian ? static_cast<char32_t>(a | (b << 8))
                             : static_cast<char32_t>((a << 8) | b);
    };
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
            const char32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        append_utf8(out, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
    }
    if (i < bytes.size())
        append_utf8(out, 0xFFFD); // an odd trailing byte
    return out;
}

// Length of the well-formed UTF-8 sequence starting with a non-ASCII byte at p[i], or 0.
std::size_t sequence_length(const unsigned char* p, std::size_t n, std::size_t i) {
    const unsigned char c = p[i];
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i + k < n && p[i + k] >= lo && p[i + k] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF)
        return cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) && cont(2) ? 3 : 0;
    if (c >= 0xF0 && c <= 0xF4)
        return cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) && cont(2) && cont(3) ? 4
                                                                                               : 0;
    return 0;
}

// Skips ASCII, eight bytes at a time; returns the index of the next non-ASCII byte (or n).
std::size_t skip_ascii(const unsigned char* p, std::size_t n, std::size_t i) {
    while (i + 8 <= n) {
        std::uint64_t chunk;
        std::memcpy(&chunk, p + i, 8);
        if (chunk & 0x8080808080808080ull)
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80)
        ++i;
    return i;
}

} // namespace

bool is_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    for (std::size_t i = skip_ascii(p, n, 0); i < n; i = skip_ascii(p, n, i)) {
        const std::size_t len = sequence_length(p, n, i);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

std::string windows1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80)
            out += ch;
        else if (c < 0xA0)
            append_utf8(out, kCp1252High[c - 0x80]);
        else
            append_utf8(out, c);
    }
    return out;
}

Decoded decode(std::string bytes) {
    Decoded d;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xFE) {
        d.text = utf16_to_utf8(std::string_view(bytes).substr(2), true);
        d.encoding = "UTF-16LE";
        return d;
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE &&
        static_cast<unsigned char>(bytes[1]) == 0xFF) {
        d.text = utf16_to_utf8(std::string_view(bytes).substr(2), false);
        d.encoding = "UTF-16BE";
        return d;
    }
    const bool bom = bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
    const std::string_view body = std::string_view(bytes).substr(bom ? 3 : 0);
    if (is_utf8(body)) {
        d.encoding = bom ? "UTF-8 with BOM" : "UTF-8";
        if (bom)
            bytes.erase(0, 3);
        d.text = std::move(bytes);
        return d;
    }
    // Not UTF-8 throughout. A file that is mostly UTF-8 with a few stray Windows-1252 bytes
    // (rows pasted from another program) keeps its UTF-8 and only those bytes are converted;
    // otherwise the whole file is Windows-1252.
    const auto* p = reinterpret_cast<const unsigned char*>(body.data());
    const std::size_t n = body.size();
    std::size_t sequences = 0, strays = 0;
    for (std::size_t i = skip_ascii(p, n, 0); i < n; i = skip_ascii(p, n, i)) {
        const std::size_t len = sequence_length(p, n, i);
        ++(len ? sequences : strays);
        i += len ? len : 1;
    }
    if (sequences <= strays) {
        d.text = windows1252_to_utf8(body);
        d.encoding = "Windows-1252";
        return d;
    }
    d.text.reserve(n + strays);
    std::size_t from = 0;
    for (std::size_t i = skip_ascii(p, n, 0); i < n; i = skip_ascii(p, n, i)) {
        const std::size_t len = sequence_length(p, n, i);
        if (len) {
            i += len;
            continue;
        }
        d.text.append(body.data() + from, i - from);
        d.text += windows1252_to_utf8(body.substr(i, 1));
        from = ++i;
    }
    d.text.append(body.data() + from, n - from);
    d.encoding = "UTF-8 with some Windows-1252";
    return d;
}

// --- 3. delimiter -----------------------------------------------------------------------------

char detect_delimiter(std::string_view line) {
    std::size_t semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (c == '\n' || c == '\r') {
            break;
        } else if (c == ';') {
            ++semicolons;
        } else if (c == ',') {
            ++commas;
        } else if (c == '\t') {
            ++tabs;
        }
    }
    if (commas > semicolons && commas >= tabs)
        return ',';
    if (tabs > semicolons && tabs > commas)
        return '\t';
    return ';';
}

// --- 4. records -------------------------------------------------------------------------------

Reader::Reader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
    if (delimiter_ == 0) {
        std::size_t p = 0;
        while (p < text_.size() && (text_[p] == '\n' || text_[p] == '\r'))
            ++p;
        delimiter_ = detect_delimiter(text_.substr(p));
    }
}

bool Reader::read_record(Record& out) {
    const std::size_t n = text_.size();
    out.error.clear();
    // Blank lines.
    while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n')
            ++pos_;
        ++pos_;
        ++line_;
    }
    if (pos_ >= n)
        return false;
    out.line = line_;
    std::size_t used = 0;
    for (;;) {
        if (used == out.fields.size())
            out.fields.emplace_back();
        std::string& f = out.fields[used++];
        f.clear();
        if (pos_ < n && text_[pos_] == '"') {
            const std::int64_t opened = line_;
            ++pos_;
            for (;;) {
                const std::size_t q = text_.find('"', pos_);
                if (q == std::string_view::npos) {
                    pos_ = n;
                    throw ReadError(opened, "a quoted field opened on line " +
                                                std::to_string(opened) + " is never closed");
                }
                for (std::size_t k = pos_; k < q; ++k) {
                    if (text_[k] == '\n' || (text_[k] == '\r' && text_[k + 1] != '\n'))
                        ++line_;
                }
                f.append(text_.data() + pos_, q - pos_);
                pos_ = q + 1;
                if (pos_ < n && text_[pos_] == '"') {
                    f += '"';
                    ++pos_;
                    continue;
                }
                break;
            }
            if (pos_ < n && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
                text_[pos_] != '\r') {
                if (out.error.empty())
                    out.error =
                        "unexpected text after the closing quote of column " + std::to_string(used);
                std::size_t e = pos_;
                while (e < n && text_[e] != delimiter_ && text_[e] != '\n' && text_[e] != '\r')
                    ++e;
                f.append(text_.data() + pos_, e - pos_);
                pos_ = e;
            }
        } else {
            std::size_t e = pos_;
            while (e < n) {
                const char c = text_[e];
                if (c == delimiter_ || c == '\n' || c == '\r')
                    break;
                ++e;
            }
            f.assign(text_.data() + pos_, e - pos_);
            pos_ = e;
        }
        if (pos_ >= n)
            break;
        const char c = text_[pos_];
        ++pos_;
        if (c == delimiter_)
            continue;
        if (c == '\r' && pos_ < n && text_[pos_] == '\n')
            ++pos_;
        ++line_;
        break;
    }
    out.fields.resize(used);
    return true;
}

bool Reader::next(Record& out) {
    while (read_record(out)) {
        if (!out.error.empty())
            return true;
        for (const std::string& f : out.fields)
            if (f.find_first_not_of(" \t") != std::string::npos)
                return true;
    }
    out.fields.clear();
    return false;
}

std::vector<std::string> header(std::string_view text, char delimiter) {
    Reader r(text, delimiter);
    Record rec;
    if (!r.next(rec))
        return {};
    return rec.fields;
}

} // namespace clientele::core::csv
