#include "csv/csv_reader.hpp"
#include "text/encoding.hpp"

#include <gtest/gtest.h>

namespace gapfinder {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text, char delimiter = ',') {
    csv::Reader reader(text, delimiter);
    csv::Record r;
    std::vector<std::vector<std::string>> rows;
    while (reader.next(r)) rows.emplace_back(r.cells.begin(), r.cells.end());
    return rows;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotedFieldsEscapesAndEmbeddedNewlines) {
    EXPECT_EQ(read_all("a,\"b,c\",\"say \"\"hi\"\"\"\n1,\"two\nlines\",3\n"),
              (Rows{{"a", "b,c", "say \"hi\""}, {"1", "two\nlines", "3"}}));
}

TEST(CsvReader, LineEndingsCrlfLfAndCrAndNoFinalNewline) {
    EXPECT_EQ(read_all("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
    EXPECT_EQ(read_all("a,b\r1,2\r3,4"), (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(read_all("a,\"x\r\ny\"\r\n"), (Rows{{"a", "x\r\ny"}}));
}

TEST(CsvReader, EmptyCellsAndTrailingDelimiter) {
    EXPECT_EQ(read_all(",,\n\"\",x,\n"), (Rows{{"", "", ""}, {"", "x", ""}}));
}

TEST(CsvReader, RowsCountAsASpreadsheetShowsThem) {
    csv::Reader reader("h1,h2\n\n\"a\nb\",c\nd,e\n", ',');
    csv::Record r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.row, 1u);
    ASSERT_TRUE(reader.next(r));  // the blank line is row 2
    EXPECT_EQ(r.row, 3u);
    EXPECT_EQ(r.line, 3u);
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.row, 4u);
    EXPECT_EQ(r.line, 5u);  // the embedded newline pushed lines past rows
    EXPECT_FALSE(reader.next(r));
}

TEST(CsvReader, UnterminatedQuoteNamesWhereItStarted) {
    csv::Reader reader("a,b\n1,\"never closed\n2,3\n", ',');
    csv::Record r;
    ASSERT_TRUE(reader.next(r));
    try {
        reader.next(r);
        FAIL();
    } catch (const csv::ParseError& e) {
        EXPECT_EQ(e.row, 2u);
        EXPECT_EQ(e.column, 1u);
        EXPECT_NE(std::string(e.what()).find("starting on line 2 is never closed"), std::string::npos);
    }
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
    csv::Reader reader("\"a\"b,c\n", ',');
    csv::Record r;
    EXPECT_THROW(reader.next(r), csv::ParseError);
    EXPECT_EQ(read_all("\"a\"  ,c\n"), (Rows{{"a", "c"}}));  // spaces before the delimiter are fine
}

TEST(CsvReader, DetectsTheDelimiterOutsideQuotes) {
    EXPECT_EQ(csv::Reader::detect_delimiter("a;b;c\n1,2;3"), ';');
    EXPECT_EQ(csv::Reader::detect_delimiter("\"a;b;c\",d\n"), ',');
    EXPECT_EQ(csv::Reader::detect_delimiter("a\tb\n"), '\t');
    EXPECT_EQ(read_all("a;\"b;c\"\n", ';'), (Rows{{"a", "b;c"}}));
}

TEST(Encoding, Utf8Validation) {
    size_t bad = 99;
    EXPECT_TRUE(text::is_valid_utf8("plain ascii text that is longer than eight bytes"));
    EXPECT_TRUE(text::is_valid_utf8("Zo\xC3\xAB \xE2\x80\x99 \xF0\x9F\x98\x80"));
    EXPECT_FALSE(text::is_valid_utf8("Zo\xEB", &bad));
    EXPECT_EQ(bad, 2u);
    EXPECT_FALSE(text::is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(text::is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(text::is_valid_utf8("abc\xE2\x80"));       // truncated
}

TEST(Encoding, Windows1252ToUtf8) {
    std::string out;
    EXPECT_TRUE(text::windows1252_to_utf8("Zo\xEB \x92 \x80", out));
    EXPECT_EQ(out, "Zo\xC3\xAB \xE2\x80\x99 \xE2\x82\xAC");
    size_t bad = 0;
    out.clear();
    EXPECT_FALSE(text::windows1252_to_utf8("ab\x81", out, &bad));
    EXPECT_EQ(bad, 2u);
}

}  // namespace
}  // namespace gapfinder
