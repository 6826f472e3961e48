// Snapshot export and import (see snapshot.h and docs/snapshot.schema.json).
//
// Sections: 1. the tables of a snapshot  2. JSON text: writing values, base64, UTF-8
// 3. reading a row line  4. line sources  5. the export job  6. the import job  7. helpers
//
// Table and column names only come from the database's own schema (sqlite_schema,
// pragma_table_list, pragma_table_info); a name read from a snapshot is looked up there and the
// schema's spelling, double-quoted, is what reaches the SQL. Values are always bound.
#include "core/snapshot.h"

#include "core/i18n.h"

#include "core/bulk_load.h"
#include "core/db.h"
#include "core/schema.h"
#include "core/store.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>
#include <optional>
#include <ostream>

namespace clientele::core {

namespace {

using Clock = std::chrono::steady_clock;

// How often the row loops look at the clock (a power of two).
constexpr std::int64_t kClockEvery = 32;
// The export hands its text to the sink in pieces of about this size.
constexpr std::size_t kFlushBytes = 64 * 1024;

// --- 1. the tables of a snapshot --------------------------------------------------------------

// Ordinary tables the app derives from the others or keeps for itself: never in a snapshot.
// cl_customer_stats is recomputed by rebuild_derived at the end of an import; cl_state holds
// the bulk-load flag the import itself sets.
bool app_internal(std::string_view name) {
    return name == "cl_customer_stats" || name == "cl_state";
}

std::string ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// Columns in declaration order (generated and hidden columns are not listed: they are not
// stored) and the primary key's columns in key order.
struct TableShape {
    std::vector<std::string> columns, key;
    bool without_rowid = false;
};

TableShape shape_of(Database& db, const std::string& table) {
    TableShape s;
    std::vector<std::pair<int, std::string>> key;
    Statement st = db.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    while (st.step()) {
        s.columns.push_back(st.text(0));
        if (st.int64(1) > 0)
            key.emplace_back(st.int32(1), st.text(0));
    }
    std::sort(key.begin(), key.end());
    for (auto& k : key)
        s.key.push_back(k.second);
    Statement wr =
        db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1");
    wr.bind(1, table);
    s.without_rowid = wr.step() && wr.int64(0) != 0;
    return s;
}

// Rows in a stable order: rowid, or the primary key of a WITHOUT ROWID table.
std::string select_sql(const std::string& table, const TableShape& s) {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < s.columns.size(); ++i)
        sql += (i ? ", " : "") + ident(s.columns[i]);
    sql += " FROM " + ident(table) + " ORDER BY ";
    if (s.without_rowid) {
        for (std::size_t i = 0; i < s.key.size(); ++i)
            sql += (i ? ", " : "") + ident(s.key[i]);
    } else {
        sql += "rowid";
    }
    return sql;
}

// What a name in sqlite_schema is to a snapshot, for the import's messages.
enum class TableKind { Missing, Snapshot, NotInSnapshot };

// --- 2. JSON text: writing values, base64, UTF-8 ----------------------------------------------

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// nlohmann writes the shortest text that reads back as the same double, always with a '.' or
// an exponent so that it reads back as a real. SQLite never stores NaN (it becomes NULL).
void append_real(std::string& out, double v) {
    if (std::isinf(v))
        out += v > 0 ? R"({"real":"Infinity"})" : R"({"real":"-Infinity"})";
    else if (std::isnan(v))
        out += "null";
    else
        out += nlohmann::json(v).dump();
}

// Length of the valid UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return k < s.size() && b(k) >= lo && b(k) <= hi;
    };
    unsigned c = b(i);
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c == 0xE0)
        return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    if (c == 0xED)
        return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    if (c == 0xF0)
        return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c == 0xF4)
        return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    return 0;
}

// Appends `s` as a JSON string (UTF-8 kept as it is, quotes, backslashes and control
// characters escaped). Returns false, appending nothing, when `s` is not valid UTF-8.
bool append_string(std::string& out, std::string_view s) {
    const std::size_t start = out.size();
    out += '"';
    std::size_t i = 0, run = 0; // run: start of the bytes not yet copied
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_sequence(s, i);
            if (n == 0) {
                out.resize(start);
                return false;
            }
            i += n;
            continue;
        }
        out.append(s.data() + run, i - run);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        }
        run = ++i;
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
    return true;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void append_base64(std::string& out, const unsigned char* p, std::size_t n) {
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned(p[i]) << 16) | (unsigned(p[i + 1]) << 8) | p[i + 2];
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += kBase64[(v >> 6) & 63];
        out += kBase64[v & 63];
    }
    if (n - i == 1) {
        unsigned v = unsigned(p[i]) << 16;
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += "==";
    } else if (n - i == 2) {
        unsigned v = (unsigned(p[i]) << 16) | (unsigned(p[i + 1]) << 8);
        out += kBase64[v >> 18];
        out += kBase64[(v >> 12) & 63];
        out += kBase64[(v >> 6) & 63];
        out += '=';
    }
}

// Strict standard base64 with padding; false when `in` is not that.
bool decode_base64(std::string_view in, std::string& out) {
    out.clear();
    if (in.size() % 4 != 0)
        return false;
    auto digit = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    for (std::size_t i = 0; i < in.size(); i += 4) {
        const bool last = i + 4 == in.size();
        int pad = 0;
        if (last && in[i + 3] == '=')
            pad = in[i + 2] == '=' ? 2 : 1;
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            int d = k >= 4 - pad ? 0 : digit(in[i + static_cast<std::size_t>(k)]);
            if (d < 0)
                return false;
            v = (v << 6) | static_cast<unsigned>(d);
        }
        out += static_cast<char>(v >> 16);
        if (pad < 2)
            out += static_cast<char>((v >> 8) & 255);
        if (pad < 1)
            out += static_cast<char>(v & 255);
    }
    return true;
}

// One column of the current row, as the export writes it.
void append_value(std::string& out, sqlite3_stmt* st, int col) {
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        append_int(out, sqlite3_column_int64(st, col));
        break;
    case SQLITE_FLOAT:
        append_real(out, sqlite3_column_double(st, col));
        break;
    case SQLITE_TEXT: {
        const char* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
        std::string_view s(p, static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
        if (!append_string(out, s)) {
            out += R"({"text_base64":")";
            append_base64(out, reinterpret_cast<const unsigned char*>(s.data()), s.size());
            out += "\"}";
        }
        break;
    }
    case SQLITE_BLOB: {
        const void* p = sqlite3_column_blob(st, col);
        out += R"({"base64":")";
        append_base64(out, static_cast<const unsigned char*>(p),
                      static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
        out += "\"}";
        break;
    }
    default:
        out += "null";
    }
}

std::string iso_now() {
    std::string s = now_datetime(); // "YYYY-MM-DD HH:MM:SS", UTC
    s[10] = 'T';
    return s + "Z";
}

// --- 3. reading a row line --------------------------------------------------------------------

enum class CellKind { Null, Integer, Real, Text, Blob };

struct Cell {
    CellKind kind = CellKind::Null;
    std::int64_t i = 0;
    double d = 0;
    std::string_view text; // Text and Blob: into the line or into `buf`
    std::string buf;
};

// A row line is a JSON array of scalars (and of the one-key objects above). This reader does
// only that, without building a document, and says what is wrong and where.
class RowReader {
public:
    RowReader(std::string_view line, std::vector<Cell>& cells) : s_(line), cells_(cells) {}

    // Fills cells_[0..n) and returns n.
    std::size_t read() {
        std::size_t n = 0;
        space();
        expect('[');
        space();
        if (peek() == ']') {
            ++p_;
        } else {
            while (true) {
                if (n == cells_.size())
                    cells_.emplace_back();
                value(cells_[n]);
                ++n;
                space();
                char c = next();
                if (c == ']')
                    break;
                if (c != ',')
                    fail("expected ',' or ']'");
                space();
            }
        }
        space();
        if (p_ != s_.size())
            fail("text after the row");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw SnapshotError("invalid row (" + what + " at character " + std::to_string(p_ + 1) +
                            ")");
    }
    char peek() const { return p_ < s_.size() ? s_[p_] : '\0'; }
    char next() {
        if (p_ >= s_.size())
            fail("unexpected end of line");
        return s_[p_++];
    }
    void expect(char c) {
        if (next() != c)
            fail(std::string("expected '") + c + "'");
    }
    void space() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\r'))
            ++p_;
    }
    void word(std::string_view w) {
        if (s_.substr(p_, w.size()) != w)
            fail("unknown value");
        p_ += w.size();
    }

    void value(Cell& c) {
        char ch = peek();
        if (ch == '"') {
            c.kind = CellKind::Text;
            string(c);
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            number(c);
        } else if (ch == 'n') {
            word("null");
            c.kind = CellKind::Null;
        } else if (ch == 't' || ch == 'f') {
            word(ch == 't' ? "true" : "false");
            c.kind = CellKind::Integer;
            c.i = ch == 't';
        } else if (ch == '{') {
            object(c);
        } else {
            fail("unknown value");
        }
    }

    void number(Cell& c) {
        const std::size_t start = p_;
        bool real = false;
        auto digits = [&] {
            std::size_t from = p_;
            while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9')
                ++p_;
            if (p_ == from)
                fail("invalid number");
        };
        if (peek() == '-')
            ++p_;
        if (peek() == '0')
            ++p_;
        else
            digits();
        if (peek() == '.') {
            real = true;
            ++p_;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            real = true;
            ++p_;
            if (peek() == '+' || peek() == '-')
                ++p_;
            digits();
        }
        std::string_view token = s_.substr(start, p_ - start);
        if (!real) {
            auto r = std::from_chars(token.data(), token.data() + token.size(), c.i);
            if (r.ec != std::errc() || r.ptr != token.data() + token.size()) {
                p_ = start;
                fail("integer out of range");
            }
            c.kind = CellKind::Integer;
            return;
        }
        // nlohmann reads reals whatever the C locale says the decimal point is.
        c.d = nlohmann::json::parse(token.begin(), token.end()).get<double>();
        c.kind = CellKind::Real;
    }

    // A JSON string into c.text (a view into the line when it has no escapes, else into c.buf).
    void string(Cell& c) {
        expect('"');
        const std::size_t start = p_;
        bool escaped = false;
        while (true) {
            if (p_ >= s_.size())
                fail("unterminated string");
            unsigned char ch = static_cast<unsigned char>(s_[p_]);
            if (ch == '"')
                break;
            if (ch == '\\') {
                escaped = true;
                p_ += 2;
                continue;
            }
            if (ch < 0x20)
                fail("control character in a string");
            if (ch < 0x80) {
                ++p_;
                continue;
            }
            std::size_t n = utf8_sequence(s_, p_);
            if (n == 0)
                fail("invalid UTF-8");
            p_ += n;
        }
        const std::size_t end = p_++;
        if (!escaped) {
            c.text = s_.substr(start, end - start);
            return;
        }
        c.buf.clear();
        for (std::size_t i = start; i < end; ++i) {
            if (s_[i] != '\\') {
                c.buf += s_[i];
                continue;
            }
            char e = s_[++i];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                c.buf += e;
                break;
            case 'b':
                c.buf += '\b';
                break;
            case 'f':
                c.buf += '\f';
                break;
            case 'n':
                c.buf += '\n';
                break;
            case 'r':
                c.buf += '\r';
                break;
            case 't':
                c.buf += '\t';
                break;
            case 'u': {
                unsigned cp = hex4(i + 1);
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (i + 6 >= end || s_[i + 1] != '\\' || s_[i + 2] != 'u')
                        fail("unpaired surrogate");
                    unsigned lo = hex4(i + 3);
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        fail("unpaired surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail("unpaired surrogate");
                }
                append_utf8(c.buf, cp);
                break;
            }
            default:
                p_ = i;
                fail("invalid escape");
            }
        }
        c.text = c.buf;
    }

    unsigned hex4(std::size_t at) {
        unsigned v = 0;
        for (std::size_t k = at; k < at + 4; ++k) {
            char h = k < s_.size() ? s_[k] : '\0';
            int d = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
            if (d < 0) {
                p_ = k;
                fail("invalid \\u escape");
            }
            v = v * 16 + static_cast<unsigned>(d);
        }
        return v;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 63));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 63));
            out += static_cast<char>(0x80 | (cp & 63));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 63));
            out += static_cast<char>(0x80 | ((cp >> 6) & 63));
            out += static_cast<char>(0x80 | (cp & 63));
        }
    }

    // {"base64":"…"}, {"text_base64":"…"} or {"real":"Infinity" | "-Infinity"}.
    void object(Cell& c) {
        expect('{');
        space();
        Cell key;
        string(key);
        const std::string k(key.text);
        space();
        expect(':');
        space();
        if (peek() != '"')
            fail("expected a string");
        string(c);
        space();
        expect('}');
        if (k == "base64" || k == "text_base64") {
            std::string bytes;
            if (!decode_base64(c.text, bytes))
                fail("invalid base64");
            c.buf = std::move(bytes);
            c.text = c.buf;
            c.kind = k == "base64" ? CellKind::Blob : CellKind::Text;
        } else if (k == "real" && (c.text == "Infinity" || c.text == "-Infinity")) {
            c.d = c.text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
            c.kind = CellKind::Real;
        } else {
            fail("unknown value object");
        }
    }

    std::string_view s_;
    std::size_t p_ = 0;
    std::vector<Cell>& cells_;
};

} // namespace

// --- 1. (continued) the tables of a snapshot, in loading order -----------------------------------

namespace snapshot {

int oldest_loadable_schema_version() {
    return 1;
}

std::vector<std::string> tables(Database& db) {
    // Ordinary tables only: pragma_table_list says 'virtual' for the full-text index and
    // 'shadow' for the tables it keeps its data in.
    std::vector<std::string> names;
    Statement st = db.prepare(
        "SELECT s.name FROM sqlite_schema s JOIN pragma_table_list t ON t.schema = 'main' AND "
        "t.name = s.name WHERE s.type = 'table' AND t.type = 'table' AND s.name NOT LIKE "
        "'sqlite!_%' ESCAPE '!' ORDER BY s.rowid");
    while (st.step()) {
        std::string name = st.text(0);
        if (!app_internal(name))
            names.push_back(std::move(name));
    }
    // Parents before children, so that loading in this order never leaves a foreign key
    // waiting for its parent; the creation order decides between independent tables.
    std::vector<std::vector<std::size_t>> parents(names.size());
    Statement fk = db.prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)");
    for (std::size_t i = 0; i < names.size(); ++i) {
        fk.reset();
        fk.bind(1, names[i]);
        while (fk.step()) {
            std::string parent = fk.text(0);
            for (std::size_t j = 0; j < names.size(); ++j)
                if (j != i && same_name(names[j], parent))
                    parents[i].push_back(j);
        }
    }
    std::vector<std::string> ordered;
    std::vector<bool> placed(names.size(), false);
    while (ordered.size() < names.size()) {
        std::size_t pick = names.size();
        for (std::size_t i = 0; i < names.size() && pick == names.size(); ++i) {
            if (placed[i])
                continue;
            bool ready = std::all_of(parents[i].begin(), parents[i].end(),
                                     [&](std::size_t p) { return placed[p]; });
            if (ready)
                pick = i;
        }
        if (pick == names.size()) // a cycle: take the first one left
            pick = static_cast<std::size_t>(std::find(placed.begin(), placed.end(), false) -
                                            placed.begin());
        placed[pick] = true;
        ordered.push_back(names[pick]);
    }
    return ordered;
}

} // namespace snapshot

// --- 4. line sources --------------------------------------------------------------------------

StreamLineSource::StreamLineSource(std::istream& in) : in_(in) {
    auto here = in_.tellg();
    if (here != std::istream::pos_type(-1) && in_.seekg(0, std::ios::end)) {
        auto end = in_.tellg();
        if (end != std::istream::pos_type(-1))
            total_ = static_cast<std::int64_t>(end - here);
        in_.seekg(here);
    }
    in_.clear();
}

bool StreamLineSource::next(std::string_view& line) {
    if (!std::getline(in_, line_)) {
        if (in_.bad())
            throw SnapshotError("cannot read the snapshot");
        return false;
    }
    read_ += static_cast<std::int64_t>(line_.size()) + (in_.eof() ? 0 : 1);
    line = line_;
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return true;
}

bool StringLineSource::next(std::string_view& line) {
    if (pos_ >= text_.size())
        return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string::npos)
        end = text_.size();
    line = std::string_view(text_).substr(pos_, end - pos_);
    pos_ = end + 1;
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return true;
}

// --- 5. the export job ------------------------------------------------------------------------

SnapshotExportJob::SnapshotExportJob(Database& db, SnapshotSink sink, std::string created)
    : db_(db), sink_(std::move(sink)), created_(std::move(created)) {
    total_ = 1; // progress 0 until the rows are counted
    if (created_.empty())
        created_ = iso_now();
}

SnapshotExportJob::SnapshotExportJob(Database& db, std::ostream& out, std::string created)
    : SnapshotExportJob(
          db,
          [&out](std::string_view s) {
              out.write(s.data(), static_cast<std::streamsize>(s.size()));
              if (!out)
                  throw SnapshotError("cannot write the snapshot");
          },
          std::move(created)) {}

SnapshotExportJob::~SnapshotExportJob() {
    try {
        end_read();
    } catch (...) {
    }
}

std::string SnapshotExportJob::title() const {
    return tr("job.snapshot_export");
}

void SnapshotExportJob::flush() {
    if (buffer_.empty())
        return;
    sink_(buffer_);
    bytes_written_ += static_cast<std::int64_t>(buffer_.size());
    buffer_.clear();
}

void SnapshotExportJob::end_read() {
    rows_.reset();
    if (own_read_) {
        own_read_ = false;
        db_.exec("COMMIT"); // only read: nothing to write, and no commit listener to wake
    }
}

void SnapshotExportJob::cancel() {
    if (finished_)
        return;
    try {
        end_read();
    } catch (...) {
    }
    buffer_.clear();
    cancelled_ = finished_ = true;
}

void SnapshotExportJob::on_failure() {
    try {
        end_read();
    } catch (...) {
    }
    buffer_.clear();
}

bool SnapshotExportJob::work(Clock::time_point deadline) {
    if (phase_ == Phase::Start) {
        // One read transaction from the first count to the last row: a consistent snapshot.
        if (!db_.in_transaction()) {
            db_.exec("BEGIN");
            own_read_ = true;
        }
        for (const std::string& name : snapshot::tables(db_)) {
            TableShape shape = shape_of(db_, name);
            tables_.push_back({name, shape.columns, select_sql(name, shape), 0});
        }
        phase_ = Phase::Count;
    }
    if (phase_ == Phase::Count) {
        for (; current_ < tables_.size(); ++current_) {
            if (Clock::now() >= deadline)
                return false;
            Table& t = tables_[current_];
            t.rows = db_.scalar_int("SELECT COUNT(*) FROM " + ident(t.name));
        }
        total_ = 0;
        for (const Table& t : tables_)
            total_ += t.rows;
        current_ = 0;
        phase_ = Phase::Header;
    }
    if (phase_ == Phase::Header) {
        nlohmann::ordered_json h;
        h["format"] = snapshot::kFormat;
        h["format_version"] = snapshot::kFormatVersion;
        h["schema_version"] = schema_version(db_);
        h["created"] = created_;
        h["app"] = "clientele";
        h["tables"] = tables_.size();
        h["rows"] = total_;
        buffer_ += h.dump();
        buffer_ += '\n';
        phase_ = Phase::Tables;
    }
    std::int64_t n = 0;
    while (phase_ == Phase::Tables) {
        if (current_ == tables_.size()) {
            phase_ = Phase::End;
            break;
        }
        Table& t = tables_[current_];
        if (!rows_) {
            nlohmann::ordered_json line;
            line["table"] = t.name;
            line["columns"] = t.columns;
            line["rows"] = t.rows;
            buffer_ += line.dump();
            buffer_ += '\n';
            rows_ = std::make_unique<Statement>(db_.prepare(t.select));
            table_rows_ = 0;
        }
        sqlite3_stmt* st = rows_->handle();
        const int columns = static_cast<int>(t.columns.size());
        while (rows_->step()) {
            buffer_ += '[';
            for (int c = 0; c < columns; ++c) {
                if (c)
                    buffer_ += ',';
                append_value(buffer_, st, c);
            }
            buffer_ += "]\n";
            ++table_rows_;
            ++rows_written_;
            done_ = rows_written_;
            if (buffer_.size() >= kFlushBytes)
                flush();
            if (++n % kClockEvery == 0 && Clock::now() >= deadline) {
                flush();
                return false;
            }
        }
        rows_.reset();
        if (table_rows_ != t.rows)
            throw SnapshotError("table " + t.name + " changed during the export");
        ++tables_written_;
        ++current_;
    }
    if (phase_ == Phase::End) {
        nlohmann::ordered_json end;
        end["end"] = true;
        end["tables"] = tables_written_;
        end["rows"] = rows_written_;
        buffer_ += end.dump();
        buffer_ += '\n';
        flush();
        end_read();
    }
    return true;
}

// --- 6. the import job ------------------------------------------------------------------------

struct SnapshotImportJob::Cells {
    std::vector<Cell> cells;
};

SnapshotImportJob::SnapshotImportJob(Database& db, std::unique_ptr<LineSource> source)
    : db_(db), source_(std::move(source)), cells_(std::make_unique<Cells>()) {
    total_ = 1; // progress 0 until the header says how much follows
}

SnapshotImportJob::SnapshotImportJob(Database& db, std::istream& in)
    : SnapshotImportJob(db, std::make_unique<StreamLineSource>(in)) {}

SnapshotImportJob::SnapshotImportJob(Database& db, std::string text)
    : SnapshotImportJob(db, std::make_unique<StringLineSource>(std::move(text))) {}

SnapshotImportJob::~SnapshotImportJob() {
    release(); // an unfinished import rolls back
}

std::string SnapshotImportJob::title() const {
    if (phase_ == Phase::Rebuild && bulk_)
        return std::string(tr("job.snapshot_import")) + " · " + tr(bulk_->stage_key());
    return tr("job.snapshot_import");
}

void SnapshotImportJob::release() {
    insert_.reset();
    bulk_.reset();
    tx_.reset(); // rolls back unless committed
}

void SnapshotImportJob::cancel() {
    if (finished_)
        return;
    release();
    cancelled_ = finished_ = true;
}

void SnapshotImportJob::on_failure() {
    release();
}

void SnapshotImportJob::update_progress() {
    if (by_rows_) {
        done_ = rows_loaded_;
    } else {
        done_ = source_->bytes_read();
        total_ = std::max<std::int64_t>(source_->bytes_total(), done_);
    }
}

namespace {

[[noreturn]] void line_error(std::int64_t line, const std::string& what) {
    throw SnapshotError("line " + std::to_string(line) + ": " + what);
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

nlohmann::json parse_object(std::int64_t line, std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        line_error(line, "invalid JSON");
    return j;
}

// An integer member, or nullopt when absent; an error when present but not an integer.
std::optional<std::int64_t> int_member(std::int64_t line, const nlohmann::json& j,
                                       const char* key) {
    auto it = j.find(key);
    if (it == j.end())
        return std::nullopt;
    if (!it->is_number_integer())
        line_error(line, std::string("\"") + key + "\" must be a whole number");
    return it->get<std::int64_t>();
}

} // namespace

void SnapshotImportJob::read_header() {
    std::string_view line;
    bool found = false;
    while (source_->next(line)) {
        ++line_no_;
        if (!trimmed(line).empty()) {
            found = true;
            break;
        }
    }
    if (!found)
        throw SnapshotError("the file is empty: not a Clientèle snapshot");
    nlohmann::json h = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (h.is_discarded() || !h.is_object() || !h.contains("format"))
        throw SnapshotError("not a Clientèle snapshot: line " + std::to_string(line_no_) +
                            " is not a snapshot header");
    if (!h["format"].is_string() || h["format"].get<std::string>() != snapshot::kFormat)
        throw SnapshotError("not a Clientèle snapshot (format " + h["format"].dump() + ")");
    auto format_version = int_member(line_no_, h, "format_version");
    auto schema = int_member(line_no_, h, "schema_version");
    if (!format_version || *format_version < 1)
        throw SnapshotError("invalid snapshot header: no format_version");
    if (!schema)
        throw SnapshotError("invalid snapshot header: no schema_version");
    if (*format_version > snapshot::kFormatVersion)
        throw SnapshotError("snapshot format version " + std::to_string(*format_version) +
                            " is newer than this app's (" +
                            std::to_string(snapshot::kFormatVersion) +
                            "): update Clientèle to open it");
    const int current = core::schema_version(db_);
    if (*schema > current)
        throw SnapshotError("snapshot schema version " + std::to_string(*schema) +
                            " is newer than this app's (" + std::to_string(current) +
                            "): update Clientèle to open it");
    if (*schema < snapshot::oldest_loadable_schema_version())
        throw SnapshotError("snapshot schema version " + std::to_string(*schema) +
                            " is too old: this app can only migrate snapshots of schema version " +
                            std::to_string(snapshot::oldest_loadable_schema_version()) + " to " +
                            std::to_string(current));
    schema_version_ = static_cast<int>(*schema);
    if (auto rows = int_member(line_no_, h, "rows"); rows && *rows >= 0) {
        by_rows_ = true;
        total_ = *rows;
    }
}

void SnapshotImportJob::clear_tables(Clock::time_point deadline) {
    // Children first, so that deleting a parent finds no child left to check or cascade to.
    // A step empties at least one table, so that every step moves on.
    while (clear_next_ < targets_.size()) {
        const std::string& t = targets_[targets_.size() - 1 - clear_next_];
        db_.exec("DELETE FROM " + ident(t));
        ++clear_next_;
        if (Clock::now() >= deadline)
            return;
    }
}

void SnapshotImportJob::begin_table(std::string_view text) {
    nlohmann::json j = parse_object(line_no_, text);
    const nlohmann::json& name = j["table"];
    if (!name.is_string())
        line_error(line_no_, "\"table\" must be a table name");
    const std::string wanted = name.get<std::string>();
    auto it = std::find_if(targets_.begin(), targets_.end(),
                           [&](const std::string& t) { return same_name(t, wanted); });
    if (it == targets_.end()) {
        Statement st = db_.prepare("SELECT 1 FROM sqlite_schema WHERE name = ?1 COLLATE NOCASE");
        st.bind(1, wanted);
        if (st.step())
            line_error(line_no_, "table " + wanted +
                                     " is derived or internal: it cannot be loaded from a "
                                     "snapshot");
        line_error(line_no_, "table " + wanted + " does not exist in this database");
    }
    for (const std::string& s : seen_)
        if (s == *it)
            line_error(line_no_, "table " + *it + " appears twice");
    table_ = *it;
    seen_.push_back(table_);

    const nlohmann::json& cols = j["columns"];
    if (!cols.is_array() || cols.empty())
        line_error(line_no_, "\"columns\" must list the columns of " + table_);
    const TableShape shape = shape_of(db_, table_);
    std::vector<std::string> columns;
    for (const nlohmann::json& c : cols) {
        if (!c.is_string())
            line_error(line_no_, "\"columns\" must be names");
        const std::string col = c.get<std::string>();
        auto found = std::find_if(shape.columns.begin(), shape.columns.end(),
                                  [&](const std::string& s) { return same_name(s, col); });
        if (found == shape.columns.end())
            line_error(line_no_, "table " + table_ + " has no column " + col);
        if (std::find(columns.begin(), columns.end(), *found) != columns.end())
            line_error(line_no_, "column " + col + " appears twice");
        columns.push_back(*found);
    }
    auto rows = int_member(line_no_, j, "rows");
    if (!rows || *rows < 0)
        line_error(line_no_, "\"rows\" must give the number of rows of " + table_);
    declared_rows_ = *rows;
    table_rows_ = 0;
    columns_ = columns.size();

    std::string sql = "INSERT INTO " + ident(table_) + " (";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        sql += (i ? ", " : "") + ident(columns[i]);
        values += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    sql += ") VALUES (" + values + ")";
    insert_ = std::make_unique<Statement>(db_.prepare(sql));
}

void SnapshotImportJob::end_table() {
    if (!insert_)
        return;
    if (table_rows_ != declared_rows_)
        line_error(line_no_, "table " + table_ + " announces " + std::to_string(declared_rows_) +
                                 " rows but " + std::to_string(table_rows_) + " follow");
    insert_.reset();
    ++tables_loaded_;
}

void SnapshotImportJob::insert_row(std::string_view text) {
    if (!insert_)
        line_error(line_no_, "a row before any table line");
    std::vector<Cell>& cells = cells_->cells;
    std::size_t n = 0;
    try {
        n = RowReader(text, cells).read();
    } catch (const SnapshotError& e) {
        line_error(line_no_, e.what());
    } catch (const std::exception& e) { // a real nlohmann could not read
        line_error(line_no_, std::string("invalid row (") + e.what() + ")");
    }
    if (n != columns_)
        line_error(line_no_, std::to_string(n) + " values for the " + std::to_string(columns_) +
                                 " columns of " + table_);
    if (table_rows_ == declared_rows_)
        line_error(line_no_, "more rows than the " + std::to_string(declared_rows_) + " table " +
                                 table_ + " announces");
    Statement& st = *insert_;
    st.reset();
    for (std::size_t i = 0; i < n; ++i) {
        const int at = static_cast<int>(i + 1);
        const Cell& c = cells[i];
        switch (c.kind) {
        case CellKind::Null:
            st.bind(at, Null{});
            break;
        case CellKind::Integer:
            st.bind(at, c.i);
            break;
        case CellKind::Real:
            st.bind(at, c.d);
            break;
        case CellKind::Text:
            st.bind(at, c.text); // never a null pointer: views into the line or a buffer
            break;
        case CellKind::Blob:
            st.bind_blob(at, c.text.data(), c.text.size());
            break;
        }
    }
    try {
        st.run();
    } catch (const DbError& e) {
        std::string what = e.what();
        if (what.rfind("step: ", 0) == 0)
            what.erase(0, 6);
        line_error(line_no_, what + " (table " + table_ + ")");
    }
    ++table_rows_;
    ++rows_loaded_;
}

void SnapshotImportJob::finish_lines(std::string_view text) {
    end_table();
    nlohmann::json j = parse_object(line_no_, text);
    if (j["end"] != true)
        line_error(line_no_, "\"end\" must be true");
    auto tables = int_member(line_no_, j, "tables");
    auto rows = int_member(line_no_, j, "rows");
    if (!tables || !rows)
        line_error(line_no_, "the end line must count the tables and rows");
    if (*tables != tables_loaded_ || *rows != rows_loaded_)
        line_error(line_no_, "the end line counts " + std::to_string(*tables) + " tables and " +
                                 std::to_string(*rows) + " rows, the snapshot holds " +
                                 std::to_string(tables_loaded_) + " tables and " +
                                 std::to_string(rows_loaded_) + " rows");
    // Only blank lines may follow.
    std::string_view line;
    while (source_->next(line)) {
        ++line_no_;
        if (!trimmed(line).empty())
            line_error(line_no_, "text after the end line");
    }
}

bool SnapshotImportJob::load(Clock::time_point deadline) {
    std::string_view line;
    std::int64_t n = 0;
    while (true) {
        if (++n % kClockEvery == 0 && Clock::now() >= deadline)
            return false;
        if (!source_->next(line))
            throw SnapshotError("the snapshot is truncated: it ends at line " +
                                std::to_string(line_no_) + " without its end line");
        ++line_no_;
        std::string_view t = trimmed(line);
        if (t.empty())
            continue;
        if (t.front() == '[') {
            insert_row(t);
            continue;
        }
        if (t.front() != '{')
            line_error(line_no_, "expected a table line, a row or the end line");
        // A table line or the end line: few, so the general JSON reader is fine.
        nlohmann::json probe = parse_object(line_no_, t);
        if (probe.contains("table")) {
            end_table();
            begin_table(t);
        } else if (probe.contains("end")) {
            finish_lines(t);
            return true;
        } else if (probe.contains("format")) {
            line_error(line_no_, "a second snapshot header");
        } else {
            line_error(line_no_, "expected a table line, a row or the end line");
        }
    }
}

// One table's foreign keys (a whole shop's can take seconds: a table per step). The first
// table with broken ones refuses the snapshot.
void SnapshotImportJob::check_foreign_keys(const std::string& table) {
    Statement st = db_.prepare("SELECT * FROM pragma_foreign_key_check(?1)");
    st.bind(1, table);
    std::int64_t count = 0;
    std::string first;
    while (st.step()) {
        if (count++ == 0) {
            first = (st.is_null(1) ? "a row of " + st.text(0)
                                   : "row " + st.text(1) + " of " + st.text(0)) +
                    " refers to a missing row of " + st.text(2);
        }
    }
    if (count)
        throw SnapshotError("the snapshot breaks " + std::to_string(count) +
                            (count == 1 ? " foreign key: " : " foreign keys; the first: ") + first);
}

bool SnapshotImportJob::work(Clock::time_point deadline) {
    switch (phase_) {
    case Phase::Header:
        read_header(); // refuses before anything changes
        targets_ = snapshot::tables(db_);
        tx_ = std::make_unique<Transaction>(db_);
        // Rows may come before the rows they refer to: check foreign keys once, at the end.
        db_.exec("PRAGMA defer_foreign_keys = ON");
        // The derived figures and the search index go first: the delete triggers then have
        // nothing to update.
        db_.exec("DELETE FROM cl_customer_stats");
        empty_search_index(db_);
        phase_ = Phase::Clear;
        [[fallthrough]];
    case Phase::Clear:
        clear_tables(deadline);
        if (clear_next_ < targets_.size())
            return false;
        bulk_ = std::make_unique<BulkLoad>(db_, std::vector<std::string>{BulkLoad::kShopTables});
        phase_ = Phase::Load;
        [[fallthrough]];
    case Phase::Load: {
        const bool done = load(deadline);
        update_progress();
        if (!done)
            return false;
        loaded_total_ = total_;
        phase_ = Phase::Check;
        return false; // the checks and the rebuild are long: let the caller breathe first
    }
    case Phase::Check:
        if (check_next_ < targets_.size()) {
            check_foreign_keys(targets_[check_next_++]);
            return false;
        }
        phase_ = Phase::Rebuild;
        return false; // each part of the rebuild is done whole: it starts with a step of its own
    case Phase::Rebuild: {
        // Indexes, cl_customer_stats, the full-text index: a part per step.
        const bool done = bulk_->finish_step(deadline);
        done_ = bulk_->stage_done();
        total_ = bulk_->stage_total();
        if (!done)
            return false;
        bulk_.reset();
        phase_ = Phase::Commit;
        return false;
    }
    case Phase::Commit:
        tx_->commit();
        tx_.reset();
        // Progress ends in the units of the load (rows, or bytes), not the rebuild's.
        done_ = total_ = loaded_total_;
        return true;
    }
    return true;
}

// --- 7. helpers -------------------------------------------------------------------------------

namespace {
SnapshotSummary run_job(Job& job) {
    auto start = Clock::now();
    run_to_completion(job);
    if (!job.error().empty())
        throw SnapshotError(job.error());
    SnapshotSummary s;
    s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return s;
}
} // namespace

SnapshotSummary export_snapshot(Database& db, std::ostream& out) {
    SnapshotExportJob job(db, out);
    SnapshotSummary s = run_job(job);
    out.flush();
    if (!out)
        throw SnapshotError("cannot write the snapshot");
    s.tables = job.tables_written();
    s.rows = job.rows_written();
    s.bytes = job.bytes_written();
    return s;
}

SnapshotSummary import_snapshot(Database& db, std::istream& in) {
    auto source = std::make_unique<StreamLineSource>(in);
    StreamLineSource& src = *source;
    SnapshotImportJob job(db, std::move(source));
    SnapshotSummary s = run_job(job);
    s.tables = job.tables_loaded();
    s.rows = job.rows_loaded();
    s.bytes = src.bytes_read();
    return s;
}

} // namespace clientele::core
