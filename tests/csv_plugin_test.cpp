// The citizens-panel-csv plugin, loaded from its shared library as gapfinder loads it.
#include <gtest/gtest.h>

#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

using Capture = test::CaptureSink;

// Reads CSV text written to a file.
class CsvPlugin : public test::PluginTest {
protected:
    CsvPlugin() : PluginTest("citizens-panel-csv") {}
    Capture read(const std::string& bytes, const Options& options = {}) {
        return read_path(input_file("input.csv", bytes), options);
    }
    std::string error_of(const std::string& bytes, const Options& options = {}) {
        return error_of_path(input_file("input.csv", bytes), options);
    }
};

TEST_F(CsvPlugin, Utf8WithByteOrderMarkAndCrlf) {
    const Capture c = read("\xEF\xBB\xBFID,Name\r\n1,Zo\xC3\xAB\r\n2,\"Smith, J\"\r\n");
    EXPECT_EQ(c.headings, (std::vector<std::string>{"ID", "Name"}));
    ASSERT_EQ(c.rows.size(), 2u);
    EXPECT_EQ(c.rows[0][1], "Zo\xC3\xAB");
    EXPECT_EQ(c.rows[1][1], "Smith, J");
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{2, 3}));
}

TEST_F(CsvPlugin, EmbeddedNewlinesKeepSpreadsheetRowNumbers) {
    const Capture c = read("ID,Comment\n1,\"first\nsecond\"\n2,ok\n");
    ASSERT_EQ(c.rows.size(), 2u);
    EXPECT_EQ(c.rows[0][1], "first\nsecond");
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{2, 3}));
}

TEST_F(CsvPlugin, ExcelWindows1252IsConvertedNotMangled) {
    const Capture c = read("ID,Name,Ethnic group\n1,Zo\xEB O\x92" "Brien,White\n2,Ana,\x93Other\x94\n");
    ASSERT_EQ(c.rows.size(), 2u);
    EXPECT_EQ(c.rows[0][1], "Zo\xC3\xAB O\xE2\x80\x99" "Brien");
    EXPECT_EQ(c.rows[1][2], "\xE2\x80\x9COther\xE2\x80\x9D");
    EXPECT_EQ(c.rows[1][1], "Ana");
}

TEST_F(CsvPlugin, ByteUndefinedInBothEncodingsNamesRowAndColumn) {
    const std::string e = error_of("ID,Name\n1,ok\n2,bad\x81name\n");
    EXPECT_NE(e.find("input.csv: row 3, column \"Name\": byte 0x81"), std::string::npos) << e;
}

TEST_F(CsvPlugin, ForcedUtf8RefusesLatin1AndSuggestsTheFix) {
    const std::string e = error_of("ID,Name\n1,Zo\xEB\n", {{"encoding", "utf-8"}});
    EXPECT_NE(e.find("row 2, column \"Name\": byte 0xEB"), std::string::npos) << e;
    EXPECT_NE(e.find("encoding=windows-1252"), std::string::npos) << e;
}

TEST_F(CsvPlugin, RaggedRowAndBrokenQuotingNameTheRow) {
    EXPECT_NE(error_of("a,b,c\n1,2,3\n4,5\n").find("row 3: has 2 cells but the heading row has 3"), std::string::npos);
    const std::string e = error_of("a,b\n1,\"open\n2,3\n");
    EXPECT_NE(e.find("row 2, column \"b\": a quoted field starting on line 2 is never closed"), std::string::npos) << e;
}

TEST_F(CsvPlugin, EmptyUtf16AndUnknownOptions) {
    EXPECT_NE(error_of("").find("the file is empty"), std::string::npos);
    EXPECT_NE(error_of("\xFF\xFEI\0D\0").find("UTF-16"), std::string::npos);
    EXPECT_NE(error_of("a\n1\n", {{"sheet", "2"}}).find("unknown option \"sheet\""), std::string::npos);
}

// Excel's "Unicode Text": tab-separated UTF-16 with a byte order mark, either byte order
// (LibreOffice's own such file is in tests/fixtures/real/).
TEST_F(CsvPlugin, Utf16UnicodeTextIsRead) {
    const auto utf16 = [](const std::u16string& text, bool big_endian) {
        std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
        for (char16_t u : text) {
            const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
            out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
        }
        return out;
    };
    const std::u16string text = u"ID\tWard\r\nR1\tSt Mary\u2019s\r\nR2\tG\u00F6ttingen \U0001F600\r\n";
    for (bool big_endian : {false, true}) {
        const Capture c = read(utf16(text, big_endian));
        EXPECT_EQ(c.headings, (std::vector<std::string>{"ID", "Ward"}));
        EXPECT_EQ(c.rows, (std::vector<std::vector<std::string>>{{"R1", "St Mary\u2019s"}, {"R2", "G\u00F6ttingen \U0001F600"}}));
    }
    // A lone surrogate is named by its byte, with the way out.
    std::string broken = utf16(u"ID\tWard\r\nR1\t", false) + std::string("\x00\xD8", 2) + utf16(u"x", false).substr(2);
    const std::string e = error_of(broken);
    EXPECT_NE(e.find("the file is UTF-16 (as Excel's \"Unicode Text\" writes) but breaks off or holds a lone surrogate at byte 26; "
                     "save it as \"CSV UTF-8\" instead"),
              std::string::npos)
        << e;
}

// A CSV plugin claims a file of another extension only when it reads as a table, and never
// one with control characters: an unknown file is "no plugin recognises it", not a CSV
// error on row 5.
TEST_F(CsvPlugin, UnknownFilesAreNotClaimed) {
    test::write_file(dir.file("export.dat"), "ID,Q1,Q2\n1,2,3\n4,5,6\n");
    test::write_file(dir.file("notes.dat"), "Dear colleague,\nplease find the survey attached.\nThanks, A\n");
    test::write_file(dir.file("binary.dat"), std::string("\x01\x02\x03header,1\x04\x05\n", 14) + std::string(200, 'x'));
    const auto csv_confidence = [&](const std::string& file) {
        int best = 0;
        for (const auto& c : host.identify(dir.file(file)))
            if (c.plugin->id().find("csv") != std::string::npos) best = std::max(best, c.confidence);
        return best;
    };
    EXPECT_GT(csv_confidence("export.dat"), 0);
    EXPECT_EQ(csv_confidence("notes.dat"), 0);
    EXPECT_EQ(csv_confidence("binary.dat"), 0);
}

TEST_F(CsvPlugin, SemicolonFilesAreDetected) {
    const Capture c = read("ID;Name\n1;\"A;B\"\n");
    EXPECT_EQ(c.rows.at(0).at(1), "A;B");
}

TEST_F(CsvPlugin, IdentifyPrefersCsvTextAndRejectsBinary) {
    test::write_file(dir.file("a.csv"), "ID,Q1\n1,2\n");
    test::write_file(dir.file("a.xlsx"), std::string("PK\x03\x04\0\0", 6));
    const auto csv = host.identify(dir.file("a.csv"));
    ASSERT_FALSE(csv.empty());
    EXPECT_EQ(csv.front().plugin->id(), "citizens-panel-csv");
    EXPECT_GE(csv.front().confidence, 60);
    // A zip (an .xlsx) is never text to the text readers; the xlsx plugin may claim it.
    for (const auto& c : host.identify(dir.file("a.xlsx"))) {
        if (c.plugin->id() == "citizens-panel-csv" || c.plugin->id() == "template-tsv") {
            EXPECT_EQ(c.confidence, 0) << c.plugin->id();
        }
    }
    EXPECT_NE(host.choose(dir.file("a.xlsx"), std::nullopt).id(), "citizens-panel-csv");
}

TEST_F(CsvPlugin, TemplatePluginReadsTabSeparatedText) {
    const Plugin* tsv = host.find("template-tsv");
    ASSERT_NE(tsv, nullptr);
    test::write_file(dir.file("t.tsv"), "ID\tQ1\r\n1\tYes\r\n2\tNo\r\n");
    EXPECT_EQ(&host.choose(dir.file("t.tsv"), std::nullopt), tsv);
    Capture c;
    host.read(*tsv, dir.file("t.tsv"), {}, c);
    EXPECT_EQ(c.rows, (std::vector<std::vector<std::string>>{{"1", "Yes"}, {"2", "No"}}));
}

}  // namespace
}  // namespace gapfinder
