// CSV reading for imports: RFC 4180 quoting (doubled quotes, delimiters and line breaks inside
// quoted fields), delimiter detection, line ends, blank lines, physical line numbers, and the
// encodings (UTF-8 with/without BOM, UTF-16 with BOM, Windows-1252).
#include "core/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace clientele::core;

namespace {

struct Read {
    std::vector<std::int64_t> lines;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> errors;
};

Read read_all(const std::string& text, char delimiter = 0) {
    csv::Reader r(text, delimiter);
    Read out;
    csv::Record rec;
    while (r.next(rec)) {
        out.lines.push_back(rec.line);
        out.rows.push_back(rec.fields);
        out.errors.push_back(rec.error);
    }
    return out;
}

using Row = std::vector<std::string>;

} // namespace

TEST(CsvReader, QuotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks) {
    const std::string text = "id;name;note\n"
                             "1;\"Dupont; Jean\";\"He said \"\"hi\"\"\"\n"
                             "2;\"two\nlines\";\"\"\n";
    Read r = read_all(text);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[0], (Row{"id", "name", "note"}));
    EXPECT_EQ(r.rows[1], (Row{"1", "Dupont; Jean", "He said \"hi\""}));
    EXPECT_EQ(r.rows[2], (Row{"2", "two\nlines", ""}));
}

TEST(CsvReader, RecordsKnowThePhysicalLineTheyStartOn) {
    // Line 1 header, line 2 a record whose quoted field spans lines 2-4, line 5 blank, line 6
    // a CRLF record, line 7 a record after a lone CR line end.
    const std::string text = "a,b\n"
                             "1,\"x\ny\r\nz\"\n"
                             "\n"
                             "2,w\r\n"
                             "3,v\r"
                             "4,u";
    Read r = read_all(text);
    ASSERT_EQ(r.rows.size(), 5u);
    EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 6, 7, 8}));
    EXPECT_EQ(r.rows[1], (Row{"1", "x\ny\r\nz"}));
    EXPECT_EQ(r.rows[2], (Row{"2", "w"}));
    EXPECT_EQ(r.rows[3], (Row{"3", "v"}));
    EXPECT_EQ(r.rows[4], (Row{"4", "u"}));
}

TEST(CsvReader, DetectsTheDelimiterFromTheHeaderLine) {
    EXPECT_EQ(csv::detect_delimiter("a;b;c"), ';');
    EXPECT_EQ(csv::detect_delimiter("a,b,c"), ',');
    EXPECT_EQ(csv::detect_delimiter("a\tb\tc"), '\t');
    // Delimiters inside quotes do not count; only the first line is looked at.
    EXPECT_EQ(csv::detect_delimiter("\"Groups (x,y,z...)\";Email;Name\na,b,c,d,e"), ';');
    EXPECT_EQ(csv::detect_delimiter("\"a;b\",c,d"), ',');
    // No delimiter at all (one column) and ties: PrestaShop's ';'.
    EXPECT_EQ(csv::detect_delimiter("email"), ';');
    EXPECT_EQ(csv::detect_delimiter("a;b,c"), ';');
    csv::Reader tabs("x\ty\n1\t2\n");
    EXPECT_EQ(tabs.delimiter(), '\t');
    // Leading blank lines do not hide the header.
    csv::Reader late("\r\n\r\nx,y\n");
    EXPECT_EQ(late.delimiter(), ',');
}

TEST(CsvReader, SkipsBlankLinesAndEmptySpreadsheetRows) {
    Read r = read_all("a;b\n\n;\n  ; \n1;2\n\n\n");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 5}));
}

TEST(CsvReader, KeepsEmptyFieldsAndATrailingDelimiter) {
    Read r = read_all("a;b;c\n;;\n1;;3;\n");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[1], (Row{"1", "", "3", ""}));
}

TEST(CsvReader, AnUnterminatedQuoteIsAReadErrorAtTheLineItOpens) {
    const std::string text = "a;b\n1;2\n3;\"never\nclosed\n4;5\n";
    csv::Reader r(text);
    csv::Record rec;
    ASSERT_TRUE(r.next(rec));
    ASSERT_TRUE(r.next(rec));
    try {
        r.next(rec);
        FAIL() << "expected a ReadError";
    } catch (const csv::ReadError& e) {
        EXPECT_EQ(e.line(), 3);
        EXPECT_EQ(e.reason(), "a quoted field opened on line 3 is never closed");
        EXPECT_EQ(std::string(e.what()), "line 3: a quoted field opened on line 3 is never closed");
    }
    EXPECT_FALSE(r.next(rec));
}

TEST(CsvReader, TextAfterAClosingQuoteIsARecordError) {
    Read r = read_all("a;b\n\"x\"y;2\n3;4\n");
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[1], (Row{"xy", "2"}));
    EXPECT_EQ(r.errors[1], "unexpected text after the closing quote of column 1");
    EXPECT_EQ(r.errors[2], "");
}

TEST(CsvReader, QuotesInsideAnUnquotedFieldAreKept) {
    Read r = read_all("a;b\n12\" screen;2\n");
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[1], (Row{"12\" screen", "2"}));
}

TEST(CsvReader, ProgressCountsBytes) {
    const std::string text = "a;b\n1;2\n3;4\n";
    csv::Reader r(text);
    csv::Record rec;
    EXPECT_EQ(r.offset(), 0u);
    r.next(rec);
    EXPECT_EQ(r.offset(), 4u);
    while (r.next(rec)) {
    }
    EXPECT_EQ(r.offset(), text.size());
    EXPECT_EQ(r.size(), text.size());
}

TEST(CsvReader, HeaderReadsOnlyTheFirstRecord) {
    EXPECT_EQ(csv::header("\n\"E-mail *\";Nom\nx;y\n"), (Row{"E-mail *", "Nom"}));
    EXPECT_TRUE(csv::header("").empty());
}

TEST(CsvEncoding, Utf8WithAndWithoutByteOrderMark) {
    csv::Decoded plain = csv::decode("Prénom;Nom\n");
    EXPECT_EQ(plain.encoding, "UTF-8");
    EXPECT_EQ(plain.text, "Prénom;Nom\n");
    csv::Decoded bom = csv::decode("\xEF\xBB\xBFPrénom;Nom\n");
    EXPECT_EQ(bom.encoding, "UTF-8 with BOM");
    EXPECT_EQ(bom.text, "Prénom;Nom\n");
}

TEST(CsvEncoding, InvalidUtf8IsReadAsWindows1252) {
    // "Prénom;Lefèvre;Œuvre €5 – ok" as Windows-1252 bytes.
    const std::string cp1252 = "Pr\xE9nom;Lef\xE8vre;\x8Cuvre \x80"
                               "5 \x96 ok\n";
    csv::Decoded d = csv::decode(cp1252);
    EXPECT_EQ(d.encoding, "Windows-1252");
    EXPECT_EQ(d.text, "Prénom;Lefèvre;Œuvre €5 – ok\n");
    // Bytes the code page leaves undefined keep their Latin-1 value (a C1 control).
    EXPECT_EQ(csv::windows1252_to_utf8("\x81"), "\xC2\x81");
    EXPECT_EQ(csv::windows1252_to_utf8("\xFF"), "ÿ");
}

TEST(CsvEncoding, MostlyUtf8WithStrayWindows1252BytesKeepsItsUtf8) {
    // Two UTF-8 names and one row pasted from a Windows-1252 program ("Müller" with 0xFC).
    csv::Decoded d = csv::decode("Nom\nLefèvre\nNúñez\nM\xFCller\n");
    EXPECT_EQ(d.encoding, "UTF-8 with some Windows-1252");
    EXPECT_EQ(d.text, "Nom\nLefèvre\nNúñez\nMüller\n");
    // More stray bytes than UTF-8 sequences: the whole file is Windows-1252.
    d = csv::decode("Nom\nLef\xE8vre\nN\xFA\xF1"
                    "ez\n\xC3\xA9\n");
    EXPECT_EQ(d.encoding, "Windows-1252");
    EXPECT_EQ(d.text, "Nom\nLefèvre\nNúñez\nÃ©\n");
}

TEST(CsvEncoding, Utf16WithByteOrderMark) {
    // "Né;€\n" in UTF-16LE and UTF-16BE, plus a surrogate pair (U+1F600) in LE.
    const std::string le("\xFF\xFEN\x00\xE9\x00;\x00\xAC\x20\n\x00", 12);
    EXPECT_EQ(csv::decode(le).encoding, "UTF-16LE");
    EXPECT_EQ(csv::decode(le).text, "Né;€\n");
    const std::string be("\xFE\xFF\x00N\x00\xE9\x00;\x20\xAC\x00\n", 12);
    EXPECT_EQ(csv::decode(be).encoding, "UTF-16BE");
    EXPECT_EQ(csv::decode(be).text, "Né;€\n");
    const std::string pair("\xFF\xFE\x3D\xD8\x00\xDE", 6);
    EXPECT_EQ(csv::decode(pair).text, "\xF0\x9F\x98\x80");
}

TEST(CsvEncoding, Utf8CheckIsStrict) {
    EXPECT_TRUE(csv::is_utf8("plain ASCII text that is longer than eight bytes"));
    EXPECT_TRUE(csv::is_utf8("Łukasz Wiśniewski — 東京 😀"));
    EXPECT_FALSE(csv::is_utf8("\xC0\xAF"));         // overlong '/'
    EXPECT_FALSE(csv::is_utf8("\xED\xA0\x80"));     // a surrogate
    EXPECT_FALSE(csv::is_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(csv::is_utf8("abcdefgh\xE9"));     // cut sequence after an ASCII run
    EXPECT_FALSE(csv::is_utf8("\x80"));
}
