// CSV reading for imports: whatever a spreadsheet or a shop exports. RFC 4180 quoting (doubled
// quotes, delimiters and line breaks inside quoted fields), the delimiter detected from the
// header line (';', ',' or tab), CRLF, LF or CR line ends, blank lines skipped, and the text
// decoded to UTF-8 first: UTF-8 with or without a byte order mark, UTF-16 with a byte order mark
// (Excel's "Unicode text"), and anything that is not valid UTF-8 read as Windows-1252 (a
// superset of Latin-1 for printable characters). Every record knows the physical line it
// starts on (1-based; the header is normally line 1), so errors can point at the line a user
// sees in an editor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clientele::core::csv {

// A file that cannot be read as CSV at all from `line` on (e.g. a quote that is never closed).
class ReadError : public std::runtime_error {
public:
    ReadError(std::int64_t line, const std::string& message);
    std::int64_t line() const { return line_; }
    // The message without the "line N: " prefix that what() carries.
    const std::string& reason() const { return reason_; }

private:
    std::int64_t line_;
    std::string reason_;
};

// --- Encodings -------------------------------------------------------------------------------

struct Decoded {
    std::string text; // UTF-8, without a byte order mark
    // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252", or "UTF-8 with some
    // Windows-1252" (a UTF-8 file with stray single-byte characters, which alone are converted)
    std::string encoding;
};

// The bytes as UTF-8 text and the encoding they were found in. Moves the input when it is
// already UTF-8 (no copy for big files). Input that is not valid UTF-8 is Windows-1252, unless
// well-formed UTF-8 sequences outnumber the invalid bytes (then only those bytes are).
Decoded decode(std::string bytes);
// Well-formed UTF-8 (same rules as validate::is_valid_utf8, with a fast path for ASCII).
bool is_utf8(std::string_view bytes);
// Windows-1252 to UTF-8; the five bytes the code page leaves undefined map to U+0081 etc.
std::string windows1252_to_utf8(std::string_view bytes);

// --- Records ---------------------------------------------------------------------------------

// ';', ',' or '\t': the one that occurs most often outside quotes in `header_line`; ';' (the
// PrestaShop default) on a tie or when there is none.
char detect_delimiter(std::string_view header_line);

struct Record {
    std::int64_t line = 0;           // physical line the record starts on (1-based)
    std::vector<std::string> fields; // as read, unquoted; not trimmed
    std::string error;               // a recoverable defect (text after a closing quote)
};

// Reads records one by one from UTF-8 text the caller keeps alive (see decode()).
class Reader {
public:
    // delimiter 0: detected from the first non-blank line.
    explicit Reader(std::string_view text, char delimiter = 0);

    char delimiter() const { return delimiter_; }
    // The next record, skipping blank lines and lines whose fields are all empty (what
    // spreadsheets write for empty rows: ";;;;"). False at the end of the text. Throws
    // ReadError for a quoted field that is never closed (the rest of the text is consumed).
    bool next(Record& out);
    // Bytes consumed so far and in all, for progress.
    std::size_t offset() const { return pos_; }
    std::size_t size() const { return text_.size(); }
    // The physical line the reader is on (1-based).
    std::int64_t line() const { return line_; }

private:
    bool read_record(Record& out);
    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
};

// The first record of `text` (the header) without reading further; empty when there is none.
std::vector<std::string> header(std::string_view text, char delimiter = 0);

} // namespace clientele::core::csv
