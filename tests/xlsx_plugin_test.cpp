// The xlsx plugin, loaded from its shared library as gapfinder loads it, reading the
// workbooks written by scripts/fixtures/make_xlsx_fixtures.py (tests/fixtures/xlsx/):
// every cell's text, the errors for damaged or awkward workbooks, and a whole ingest
// that must give exactly the dataset the same survey gives as CSV.
#include <gtest/gtest.h>

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <streambuf>

#include "ingest/ingest.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"
#include "zip_parts.hpp"

namespace gapfinder {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Options = std::vector<std::pair<std::string, std::string>>;

using Capture = test::CaptureSink;

const std::vector<std::string> kPanelHeadings = {"ID", "Satisfaction with local area", "Treated fairly", "Sex",
                                                 "Age", "Ethnic group", "Disabled?", "Ward"};
// tests/fixtures/mini-good.csv, cell by cell.
const Rows kPanelRows = {
    {"R1", "Very satisfied", "Agree", "Female", "34", "White - British", "No", "North"},
    {"R2", "Fairly dissatisfied", "Disagree", "Male", "67", "Indian", "Yes", "South"},
    {"R3", "Don't know", "", "Prefer not to say", "25-34", "Black, Black British, Black Welsh, Caribbean or African", "No",
     "Southside"},
    {"R4", "2", "1", "F", "", "Other", "Prefer not to say", "North"},
};

class XlsxPlugin : public test::PluginTest {
protected:
    XlsxPlugin() : PluginTest("xlsx") {}
    Capture read(const std::string& path, const Options& options = {}) { return read_path(path, options); }
    std::string error_of(const std::string& path, const Options& options = {}) { return error_of_path(path, options); }
    std::string copy_of(const std::string& fixture, const std::string& name, size_t keep = std::string::npos) {
        const std::string bytes = test::read_file(test::fixture(fixture));
        test::write_file(dir.file(name), bytes.substr(0, keep));
        return dir.file(name);
    }
};

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

TEST_F(XlsxPlugin, PanelWorkbookWithATitleRowReadsLikeTheCsv) {
    const Capture c = read(test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "2"}});
    EXPECT_EQ(c.heading_row, 2u);
    EXPECT_EQ(c.headings, kPanelHeadings);
    // Row 5 is missing from the sheet and row 7 has only formatted, empty cells: both
    // are blank rows, skipped but still counted, so row numbers match Excel's.
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{3, 4, 6, 8}));
    ASSERT_EQ(c.rows.size(), kPanelRows.size());
    for (size_t r = 0; r < kPanelRows.size(); ++r)
        for (size_t i = 0; i < kPanelHeadings.size(); ++i)
            EXPECT_EQ(c.rows[r].at(i), kPanelRows[r][i]) << "row " << c.row_numbers[r] << ", " << kPanelHeadings[i];

    // And the same as the CSV plugin makes of mini-good.csv.
    Capture csv;
    host.read(*host.find("citizens-panel-csv"), test::fixture("mini-good.csv"), {}, csv);
    EXPECT_EQ(c.headings, csv.headings);
    EXPECT_EQ(c.rows, csv.rows);
}

TEST_F(XlsxPlugin, ZipWithDataDescriptorsAsJavaWritersMakeThem) {
    const Capture c = read(test::fixture("xlsx/mini-good-streamed.xlsx"), {{"header_row", "2"}});
    EXPECT_EQ(c.headings, kPanelHeadings);
    EXPECT_EQ(c.rows, kPanelRows);
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{3, 4, 6, 8}));
}

// Viscovery SOMine leaves out the data descriptor's optional signature (readxl issue 506):
// only the central directory says where each entry ends.
TEST_F(XlsxPlugin, ZipWithUnsignedDataDescriptorsReadsByItsDirectory) {
    const Capture c = read(test::fixture("xlsx/mini-good-unsigned-descriptors.xlsx"), {{"header_row", "2"}});
    EXPECT_EQ(c.headings, kPanelHeadings);
    EXPECT_EQ(c.rows, kPanelRows);
    // A byte changed inside the sheet's deflated data fails its checksum, or its deflate
    // stream, and the message names the part.
    std::string damaged = test::read_file(test::fixture("xlsx/mini-good-unsigned-descriptors.xlsx"));
    const size_t sheet = damaged.find("xl/worksheets/sheet1.xml");
    damaged[sheet + 24 + 40] = static_cast<char>(damaged[sheet + 24 + 40] ^ 0x01);
    const std::string e = error_of(input_file("damaged.xlsx", damaged), {{"header_row", "2"}});
    EXPECT_CONTAINS(e, "damaged.xlsx: ");
    EXPECT_CONTAINS(e, "xl/worksheets/sheet1.xml");
    EXPECT_CONTAINS(e, "damaged");
}

TEST_F(XlsxPlugin, WithoutHeaderRowTheTitleIsTheHeadingAndTheErrorSaysWhatToDo) {
    const std::string e = error_of(test::fixture("xlsx/mini-good.xlsx"));
    EXPECT_CONTAINS(e, "mini-good.xlsx: row 2, column \"Responses!B2\": the cell holds \"Satisfaction with local area\", "
                       "right of the last heading (row 1 has 1 heading, A to A)");
    EXPECT_CONTAINS(e, "--option header_row=ROW");
    // A heading row that is blank, or beyond the data, is reported as such.
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "5"}}),
                    "row 5: is empty on sheet \"Responses\", so it cannot be the heading row (option header_row=5)");
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "7"}}), "row 7: is empty");
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "40"}}), "row 40: is empty");
    // The heading row may also be a data row's: everything above it is ignored.
    const Capture c = read(test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "4"}});
    EXPECT_EQ(c.headings.at(0), "R2");
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{6, 8}));
}

TEST_F(XlsxPlugin, FirstVisibleSheetByDefaultOthersByNameOrPosition) {
    const std::string path = test::fixture("xlsx/two-sheets.xlsx");
    const Capture notes = read(path);  // the first sheet, "Lookup", is hidden
    EXPECT_EQ(notes.headings, (std::vector<std::string>{"Notes"}));
    EXPECT_EQ(notes.rows, (Rows{{"The responses are on the next sheet."}}));

    const Capture by_name = read(path, {{"sheet", "Responses"}});
    EXPECT_EQ(by_name.headings.at(0), "ID");
    EXPECT_EQ(read(path, {{"sheet", "3"}}).rows, by_name.rows);  // positions count hidden sheets
    EXPECT_EQ(read(path, {{"sheet", "responses"}}).rows, by_name.rows);  // Excel's names ignore case
    EXPECT_EQ(read(path, {{"sheet", "2"}}).headings, notes.headings);
    EXPECT_EQ(read(path, {{"sheet", "Lookup"}}).headings, (std::vector<std::string>{"Code", "Label"}));

    EXPECT_CONTAINS(error_of(path, {{"sheet", "Answers"}}),
                    "two-sheets.xlsx: option sheet=Answers: the workbook has no sheet of that name; its sheets are "
                    "\"Lookup\", \"Notes\", \"Responses\"");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "4"}}), "option sheet=4: the workbook has 3 sheets (\"Lookup\", \"Notes\", \"Responses\")");
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/problems.xlsx"), {{"sheet", "Chart1"}}),
                    "sheet \"Chart1\" is a chart sheet, not a worksheet of rows and columns");
}

TEST_F(XlsxPlugin, EveryKindOfCellBecomesTheTextExcelShows) {
    const Capture c = read(test::fixture("xlsx/two-sheets.xlsx"), {{"sheet", "Responses"}});
    EXPECT_EQ(c.headings, (std::vector<std::string>{"ID", "Submitted", "Consent", "Comment", "Score", "Time", "Formula"}));
    const Rows expected = {
        // shared string, date (built-in format 14), boolean, rich text without its
        // phonetic guide, 0.1 exactly, a time (h:mm), a formula's text result
        {"R1", "2024-03-05", "TRUE", "Very good service", "0.1", "14:30:00", "R1-x"},
        // inline string, custom date-time format, FALSE, inline rich text keeping its
        // spaces, an integer without ".0", a number whose format only quotes "days", a
        // formula's numeric result
        {"R2", "2024-03-05T14:30:00", "FALSE", "  two runs", "3", "2.5", "6"},
        // a number in the ID column, Excel's phantom 1900-02-29, a blank cell, _xHHHH_
        // escapes (and an escaped underscore), [Red] is no date, [h]:mm:ss elapsed time,
        // an empty formula result
        {"1001", "1900-02-29", "", "line one\r\nline two, _x0041_ stays", "-4.25", "36:00:00", ""},
        // cells without r attributes; the day after the phantom day; UTF-8 text; a long
        // date format with a locale tag
        {"R4", "1900-03-01", "TRUE", "Zo\xC3\xAB O\xE2\x80\x99" "Brien \xE2\x9C\x93 \xF0\x9F\x99\x82", "100000", "1900-02-28", ""},
        // a date format on a value with a time; the shortest text that reads back exactly;
        // built-in date-time format 22
        {"R5", "2024-03-05T12:00:00", "", "", "0.30000000000000004", "2024-03-05T18:00:00", ""},
        {"R6", "", "", "", "1e-07", "12345678901234568", ""},
        {"R7", "", "", "", "1.5e+21", "0", ""},
    };
    ASSERT_EQ(c.rows.size(), expected.size());
    for (size_t r = 0; r < expected.size(); ++r)
        for (size_t i = 0; i < expected[r].size(); ++i)
            EXPECT_EQ(c.rows[r].at(i), expected[r][i]) << "row " << c.row_numbers[r] << ", " << c.headings[i];
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(XlsxPlugin, StrictOpenXmlReadsTheSame) {
    const std::string strict = test::fixture("xlsx/two-sheets-strict.xlsx");
    EXPECT_EQ(read(strict).headings, (std::vector<std::string>{"Notes"}));
    const Capture a = read(strict, {{"sheet", "Responses"}});
    const Capture b = read(test::fixture("xlsx/two-sheets.xlsx"), {{"sheet", "Responses"}});
    EXPECT_EQ(a.headings, b.headings);
    EXPECT_EQ(a.rows, b.rows);
    EXPECT_EQ(a.rows.at(0).at(1), "2024-03-05");
}

TEST_F(XlsxPlugin, Mac1904DateSystemFromOpenpyxl) {
    const Capture c = read(test::fixture("xlsx/mac-1904.xlsx"));
    EXPECT_EQ(c.headings, (std::vector<std::string>{"ID", "Date", "Timestamp", "Score", "Agreed"}));
    EXPECT_EQ(c.rows, (Rows{{"A1", "2024-03-05", "2024-03-05T14:30:00", "4.5", "TRUE"},
                            {"A2", "1904-01-01", "1904-01-02T06:00:00", "7", "FALSE"}}));
}

TEST_F(XlsxPlugin, BadCellsAreErrorsNamingTheCell) {
    const std::string path = test::fixture("xlsx/problems.xlsx");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "ErrorCell"}}),
                    "problems.xlsx: row 12, column \"ErrorCell!C12\": the cell holds the Excel error #N/A (under the heading \"Sex\")");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "BadIndex"}}),
                    "row 3, column \"BadIndex!B3\": the cell refers to shared string 99, but the workbook has only");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "Extra cell"}}),
                    "row 3, column \"'Extra cell'!E3\": the cell holds \"a note\", right of the last heading (row 1 has 3 headings, A to C)");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "NoResult"}}),
                    "row 2, column \"NoResult!B2\": the cell holds a formula but no saved result");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "BadNumber"}}),
                    "row 2, column \"BadNumber!B2\": the cell should hold a number but holds \"3O\"");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "Empty"}}), "problems.xlsx: sheet \"Empty\" is empty: it has no heading row");
    EXPECT_CONTAINS(error_of(path, {{"sheet", "HugeCell"}}),
                    "row 2, column \"HugeCell!B2\": the cell holds more than 1 MiB of text, far beyond Excel's limit");
    // The cells before the error were streamed; the error still stops the read.
    Capture c;
    EXPECT_THROW(host.read(*plugin, path, {{"sheet", "ErrorCell"}}, c), InputError);
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{2}));
}

TEST_F(XlsxPlugin, MalformedXmlNamesThePartAndLine) {
    const std::string e = error_of(test::fixture("xlsx/problems.xlsx"), {{"sheet", "BadXml"}});
    EXPECT_CONTAINS(e, "problems.xlsx: the workbook part xl/worksheets/sheet6.xml is not well-formed XML: ");
    EXPECT_CONTAINS(e, " at line 5, column ");
    EXPECT_CONTAINS(e, "the file is damaged");
}

TEST_F(XlsxPlugin, FilesThatAreNotWorkbooksAreExplained) {
    test::write_file(dir.file("text.xlsx"), "ID,Name\n1,Ann\n");
    EXPECT_CONTAINS(error_of(dir.file("text.xlsx")), "text.xlsx: the file is not an Excel workbook (.xlsx): it is not a zip archive");
    test::write_file(dir.file("empty.xlsx"), "");
    EXPECT_CONTAINS(error_of(dir.file("empty.xlsx")), "the file is empty");
    test::write_file(dir.file("old.xls"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    EXPECT_CONTAINS(error_of(dir.file("old.xls")), "an old-style .xls workbook, or an .xlsx protected with a password");
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/not-a-workbook.xlsx")),
                    "the file is a zip archive but not an Excel workbook: it is a Word document");
    EXPECT_CONTAINS(error_of(dir.file("missing.xlsx")), "missing.xlsx: cannot open the file");
}

TEST_F(XlsxPlugin, TruncatedWorkbooksAreErrorsAtEveryLength) {
    const size_t size = test::read_file(test::fixture("xlsx/mini-good.xlsx")).size();
    EXPECT_CONTAINS(error_of(copy_of("xlsx/mini-good.xlsx", "half.xlsx", size / 2), {{"header_row", "2"}}),
                    "half.xlsx: the file is truncated or damaged: the zip archive has no directory at its end");
    for (size_t keep = 1; keep < size; keep += 7) {
        const std::string e = error_of(copy_of("xlsx/mini-good.xlsx", "cut.xlsx", keep), {{"header_row", "2"}});
        EXPECT_FALSE(e.empty()) << "a copy cut to " << keep << " of " << size << " bytes was read as complete";
    }
}

TEST_F(XlsxPlugin, CorruptBytesAnywhereNeverCrash) {
    // Flip each byte in turn: the plugin must read the workbook or refuse it with an
    // InputError; nothing else may escape, and data it does read must be right.
    const std::string good = test::read_file(test::fixture("xlsx/mini-good.xlsx"));
    size_t refused = 0;
    for (size_t i = 0; i < good.size(); ++i) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0x5A);
        test::write_file(dir.file("flipped.xlsx"), bad);
        try {
            const Capture c = read(dir.file("flipped.xlsx"), {{"header_row", "2"}});
            EXPECT_EQ(c.rows, kPanelRows) << "byte " << i;
        } catch (const InputError&) {
            ++refused;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "byte " << i << ": " << e.what();
        }
    }
    EXPECT_GT(refused, good.size() / 2);
}

TEST_F(XlsxPlugin, OptionsAreChecked) {
    const std::string path = test::fixture("xlsx/mini-good.xlsx");
    EXPECT_CONTAINS(error_of(path, {{"encoding", "utf-8"}}), "unknown option \"encoding\" (this plugin knows sheet, header_row and max_unpacked_mib)");
    for (const char* bad : {"0", "-1", "lots", "65537", "99999999999999999999"})
        EXPECT_CONTAINS(error_of(path, {{"max_unpacked_mib", bad}}),
                        "option max_unpacked_mib=" + std::string(bad) + ": give the most the workbook may unpack to, in MiB (1 to 65536; "
                        "the default is 512)");
    EXPECT_CONTAINS(error_of(path, {{"header_row", "0"}}), "option header_row=0: give the number of the row holding the headings");
    EXPECT_CONTAINS(error_of(path, {{"header_row", "two"}}), "option header_row=two");
    EXPECT_CONTAINS(error_of(path, {{"sheet", ""}}), "option sheet= needs a sheet's name");
}

TEST_F(XlsxPlugin, StopsWhenTheSinkAsks) {
    Capture c;
    c.stop_after = 2;
    host.read(*plugin, test::fixture("xlsx/mini-good.xlsx"), {{"header_row", "2"}}, c);
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{3, 4}));
}

TEST_F(XlsxPlugin, IdentifyPrefersXlsxForWorkbooksAndLeavesCsvToCsv) {
    auto confidence = [&](const std::string& path, const std::string& id) {
        for (const auto& c : host.identify(path))
            if (c.plugin->id() == id) return c.confidence;
        return -1;
    };
    const std::string workbook = test::fixture("xlsx/mini-good.xlsx");
    EXPECT_EQ(&host.choose(workbook, std::nullopt), plugin);
    EXPECT_EQ(confidence(workbook, "xlsx"), 90);
    EXPECT_EQ(confidence(workbook, "citizens-panel-csv"), 0);
    // A workbook under another name is still recognised from its xl/ parts; another zip is not.
    EXPECT_EQ(confidence(copy_of("xlsx/mini-good.xlsx", "export.zip"), "xlsx"), 60);
    EXPECT_EQ(confidence(copy_of("xlsx/mini-good-streamed.xlsx", "export2.zip"), "xlsx"), 60);
    EXPECT_EQ(confidence(copy_of("xlsx/not-a-workbook.xlsx", "letter.zip"), "xlsx"), 10);
    // CSV stays with the CSV plugin.
    const std::string csv = test::fixture("mini-good.csv");
    EXPECT_EQ(host.choose(csv, std::nullopt).id(), "citizens-panel-csv");
    EXPECT_EQ(confidence(csv, "xlsx"), 0);
    test::write_file(dir.file("old.xls"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    EXPECT_EQ(host.choose(dir.file("old.xls"), std::nullopt).id(), "xlsx");  // to explain what to do with it
}

// Hostile zips, made here rather than kept as files: the zip structure's numbers are
// checked before Poco reads any of them (plugins/common/xlsx/zip_directory.hpp), and what a
// workbook unpacks to is limited (plugins/common/xlsx/budgets.hpp).

uint64_t le(const std::string& bytes, size_t at, int size) {
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes.at(at + static_cast<size_t>(i)));
    return v;
}
void put_le(std::string& bytes, size_t at, uint64_t value, int size) {
    for (int i = 0; i < size; ++i, value >>= 8) bytes.at(at + static_cast<size_t>(i)) = static_cast<char>(value & 0xFF);
}
std::string le_bytes(uint64_t value, int size) {
    std::string out(static_cast<size_t>(size), '\0');
    put_le(out, 0, value, size);
    return out;
}

// Bytes made as they are read: prefix, then unit count times, then suffix. Zipping it
// streams hundreds of megabytes through Poco::Zip::Compress without holding them.
class RepeatedText : public std::streambuf {
public:
    RepeatedText(std::string prefix, const std::string& unit, uint64_t count, std::string suffix)
        : prefix_(std::move(prefix)), suffix_(std::move(suffix)), unit_size_(unit.size()), left_(count) {
        while (block_.size() < (1 << 16)) block_ += unit;
    }

protected:
    int_type underflow() override {
        if (stage_ == 0) {
            chunk_ = prefix_;
            stage_ = 1;
        } else if (stage_ == 1 && left_ > 0) {
            const uint64_t units = std::min<uint64_t>(left_, block_.size() / unit_size_);
            chunk_.assign(block_, 0, static_cast<size_t>(units * unit_size_));
            left_ -= units;
        } else if (stage_ <= 2) {
            chunk_ = suffix_;
            stage_ = 3;
        } else {
            return traits_type::eof();
        }
        if (chunk_.empty()) return underflow();
        setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
        return traits_type::to_int_type(chunk_[0]);
    }

private:
    std::string prefix_, suffix_, block_, chunk_;
    size_t unit_size_;
    uint64_t left_;
    int stage_ = 0;
};

const std::string kSheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

// A one-sheet workbook zipped by Poco::Zip::Compress, the sheet (and the shared strings, if
// given) read from streams.
void zip_workbook(std::ostream& out, std::istream& sheet, std::istream* shared_strings = nullptr, bool zip64 = false) {
    const std::string rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    std::istringstream workbook(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + kSheetNs + "\" xmlns:r=\"" +
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Data\" sheetId=\"1\" "
        "r:id=\"rId1\"/></sheets></workbook>");
    std::istringstream rels(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" +
        rel_type + "worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
        (shared_strings ? "<Relationship Id=\"rId2\" Type=\"" + rel_type + "sharedStrings\" Target=\"sharedStrings.xml\"/>" : "") +
        "</Relationships>");
    Poco::Zip::Compress zip(out, true, zip64);
    const Poco::DateTime when(2025, 1, 1);
    zip.addFile(workbook, when, Poco::Path("xl/workbook.xml", Poco::Path::PATH_UNIX));
    zip.addFile(rels, when, Poco::Path("xl/_rels/workbook.xml.rels", Poco::Path::PATH_UNIX));
    if (shared_strings) zip.addFile(*shared_strings, when, Poco::Path("xl/sharedStrings.xml", Poco::Path::PATH_UNIX));
    zip.addFile(sheet, when, Poco::Path("xl/worksheets/sheet1.xml", Poco::Path::PATH_UNIX));
    zip.close();
}

// A small workbook: heading "ID", one row "R1".
const std::string kSmallSheet = "<worksheet xmlns=\"" + kSheetNs +
                                "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ID</t></is></c></row>"
                                "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>R1</t></is></c></row></sheetData></worksheet>";
std::string small_workbook(bool zip64 = false) {
    std::istringstream sheet(kSmallSheet);
    std::ostringstream out;
    zip_workbook(out, sheet, nullptr, zip64);
    return out.str();
}

// The end record of a zip without a comment: its last 22 bytes.
size_t end_record(const std::string& zip) {
    const size_t at = zip.size() - 22;
    EXPECT_EQ(zip.substr(at, 4), std::string("PK\x05\x06", 4));
    return at;
}

// Sets what the zip entry name declares it unpacks to, in its directory entry and local header.
void declare_unpacked_size(std::string& zip, const std::string& name, uint32_t size) {
    const size_t end = end_record(zip);
    size_t at = static_cast<size_t>(le(zip, end + 16, 4));
    for (uint64_t i = 0, n = le(zip, end + 10, 2); i < n; ++i) {
        const size_t name_size = le(zip, at + 28, 2);
        if (zip.substr(at + 46, name_size) == name) {
            put_le(zip, at + 24, size, 4);
            put_le(zip, static_cast<size_t>(le(zip, at + 42, 4)) + 22, size, 4);
            return;
        }
        at += 46 + name_size + le(zip, at + 30, 2) + le(zip, at + 32, 2);
    }
    ADD_FAILURE() << "no zip entry " << name;
}

// The zip with its end record's numbers moved to a ZIP64 end record and locator, as a
// writer of archives over 4 GiB makes them, with the record's fields as given.
struct Zip64End {
    uint64_t record_size = 44;  // the record's length after this field: 44 with no extensible data
    std::optional<uint64_t> entries{}, directory_size{}, directory_at{}, record_at{};  // the true ones when not given
};
std::string with_zip64_end(const std::string& zip, const Zip64End& z) {
    const size_t end = end_record(zip);
    const uint64_t entries = z.entries.value_or(le(zip, end + 10, 2));
    const std::string record = std::string("PK\x06\x06", 4) + le_bytes(z.record_size, 8) + le_bytes(45, 2) + le_bytes(45, 2) +
                               le_bytes(0, 4) + le_bytes(0, 4) + le_bytes(entries, 8) + le_bytes(entries, 8) +
                               le_bytes(z.directory_size.value_or(le(zip, end + 12, 4)), 8) +
                               le_bytes(z.directory_at.value_or(le(zip, end + 16, 4)), 8);
    const std::string locator = std::string("PK\x06\x07", 4) + le_bytes(0, 4) + le_bytes(z.record_at.value_or(end), 8) + le_bytes(1, 4);
    const std::string saturated = std::string("PK\x05\x06", 4) + le_bytes(0, 2) + le_bytes(0, 2) + le_bytes(0xFFFF, 2) +
                                  le_bytes(0xFFFF, 2) + le_bytes(0xFFFFFFFF, 4) + le_bytes(0xFFFFFFFF, 4) + le_bytes(0, 2);
    return zip.substr(0, end) + record + locator + saturated;
}

TEST_F(XlsxPlugin, ZipDirectoryBeyondTheEndOfTheFileIsDamaged) {
    // Poco walks the file from the front and never looks at these numbers: without the
    // check the workbook read as if nothing were wrong.
    const std::string good = test::read_file(test::fixture("xlsx/mini-good.xlsx"));
    const size_t end = end_record(good);
    std::string beyond = good;
    put_le(beyond, end + 16, good.size() + 1000, 4);
    EXPECT_CONTAINS(error_of(input_file("beyond.xlsx", beyond), {{"header_row", "2"}}),
                    "beyond.xlsx: the file is damaged: its end record puts the zip directory at byte " +
                        std::to_string(good.size() + 1000) + ", beyond the end of the file (" + std::to_string(good.size()) +
                        " bytes)");
    std::string long_directory = good;
    put_le(long_directory, end + 12, 0xFFFFFFF0, 4);
    EXPECT_CONTAINS(error_of(input_file("long.xlsx", long_directory)),
                    "the file is damaged: its end record gives the zip directory 4294967280 bytes from byte");
    std::string many = good;
    put_le(many, end + 8, 0xFFFE, 2);
    put_le(many, end + 10, 0xFFFE, 2);
    EXPECT_CONTAINS(error_of(input_file("many.xlsx", many)), "the file is damaged: its end record counts 65534 entries, more than");
    // A directory entry whose local header or data lies outside the file.
    std::string local = good;
    const size_t directory = static_cast<size_t>(le(good, end + 16, 4));
    put_le(local, directory + 42, 0x7FFFFFFF, 4);
    EXPECT_CONTAINS(error_of(input_file("local.xlsx", local)),
                    "the file is damaged: the local header of zip entry \"[Content_Types].xml\" is said to be at byte 2147483647, "
                    "beyond the end of the file");
    std::string data = good;
    put_le(data, directory + 20, 0x7FFFFFFF, 4);
    EXPECT_CONTAINS(error_of(input_file("data.xlsx", data)),
                    "the file is damaged: zip entry \"[Content_Types].xml\" is said to hold 2147483647 bytes from byte");
    // Bytes between two entries, the directory's offsets moved to match: Poco walked the
    // file from the front and would have parsed them as a ZIP64 end record, of a length
    // made of the text after it. Read by the directory, they are never looked at.
    const size_t second = static_cast<size_t>(le(good, directory + 46 + le(good, directory + 28, 2) + 42, 4));
    const std::string hidden = std::string("PK\x06\x06", 4) + "hidden text";
    std::string gap = good.substr(0, second) + hidden + good.substr(second);
    put_le(gap, end + hidden.size() + 16, directory + hidden.size(), 4);
    for (size_t at = directory + hidden.size(), i = 0; i < le(good, end + 10, 2); ++i) {
        if (const uint64_t local_at = le(gap, at + 42, 4); local_at >= second) put_le(gap, at + 42, local_at + hidden.size(), 4);
        at += 46 + le(gap, at + 28, 2) + le(gap, at + 30, 2) + le(gap, at + 32, 2);
    }
    EXPECT_EQ(read(input_file("gap.xlsx", gap), {{"header_row", "2"}}).rows, kPanelRows);
    // And the genuine file still reads.
    EXPECT_EQ(read(input_file("good.xlsx", good), {{"header_row", "2"}}).rows, kPanelRows);
}

TEST_F(XlsxPlugin, Zip64EndRecordsOutsideTheFileAreDamaged) {
    // A genuine ZIP64 end record and locator read, whether Poco or this test wrote them.
    const std::string small = small_workbook();
    EXPECT_EQ(read(input_file("zip64-by-poco.xlsx", small_workbook(true))).rows, (Rows{{"R1"}}));
    EXPECT_EQ(read(input_file("zip64.xlsx", with_zip64_end(small, {}))).rows, (Rows{{"R1"}}));

    // The locator points past the end of the file.
    const std::string past = with_zip64_end(small, {.record_at = uint64_t{1} << 40});
    EXPECT_CONTAINS(error_of(input_file("locator.xlsx", past)),
                    "locator.xlsx: the file is damaged: its ZIP64 locator puts the ZIP64 end record at byte 1099511627776, "
                    "beyond the end of the file (" + std::to_string(past.size()) + " bytes)");
    // The record's length is text taken for a number (what the fuzzer found: Poco allocated
    // 0x696c6e69223d73d4 bytes for the record's "extensible data", which AddressSanitizer
    // reports and the release build turned into "out of memory").
    EXPECT_CONTAINS(error_of(input_file("record.xlsx", with_zip64_end(small, {.record_size = 0x696c6e69223d7400}))),
                    "the file is damaged: the ZIP64 end record at byte " + std::to_string(end_record(small)) +
                        " says it is 7596568069292258304 bytes long, but the locator follows it after 44 bytes");
    // Absurd sizes and offsets for the directory.
    EXPECT_CONTAINS(error_of(input_file("at.xlsx", with_zip64_end(small, {.directory_at = uint64_t{1} << 62}))),
                    "the file is damaged: its end record puts the zip directory at byte 4611686018427387904, beyond the end of the file");
    EXPECT_CONTAINS(error_of(input_file("size.xlsx", with_zip64_end(small, {.directory_size = ~uint64_t{0} - 10}))),
                    "the file is damaged: its end record gives the zip directory 18446744073709551605 bytes from byte");
    EXPECT_CONTAINS(error_of(input_file("entries.xlsx", with_zip64_end(small, {.entries = uint64_t{1} << 40}))),
                    "the file is damaged: its end record counts 1099511627776 entries, more than a directory of");
    // An end record saying that there is a ZIP64 record, without the locator.
    std::string no_locator = small;
    put_le(no_locator, end_record(small) + 16, 0xFFFFFFFF, 4);
    EXPECT_CONTAINS(error_of(input_file("no-locator.xlsx", no_locator)),
                    "the file is damaged: its end record (at byte " + std::to_string(end_record(small)) +
                        ") refers to a ZIP64 end record, but there is no ZIP64 locator before it");
}

// A zip of stored entries whose sizes follow their data, in data descriptors (general
// purpose flag bit 3), as a streaming writer makes them.
std::string zip_with_descriptors(const std::vector<std::pair<std::string, std::string>>& parts) {
    std::string out, directory;
    for (const auto& [name, data] : parts) {
        const uint64_t crc = fuzz::crc32(data), size = data.size(), offset = out.size();
        out += std::string("PK\x03\x04", 4) + le_bytes(20, 2) + le_bytes(0x08, 2) + le_bytes(0, 2) + le_bytes(0, 2) +
               le_bytes(0x21, 2) + le_bytes(0, 12) + le_bytes(name.size(), 2) + le_bytes(0, 2) + name + data;
        out += std::string("PK\x07\x08", 4) + le_bytes(crc, 4) + le_bytes(size, 4) + le_bytes(size, 4);
        directory += std::string("PK\x01\x02", 4) + le_bytes(20, 2) + le_bytes(20, 2) + le_bytes(0x08, 2) + le_bytes(0, 2) +
                     le_bytes(0, 2) + le_bytes(0x21, 2) + le_bytes(crc, 4) + le_bytes(size, 4) + le_bytes(size, 4) +
                     le_bytes(name.size(), 2) + le_bytes(0, 12) + le_bytes(offset, 4) + name;
    }
    return out + directory + std::string("PK\x05\x06", 4) + le_bytes(0, 4) + le_bytes(parts.size(), 2) +
           le_bytes(parts.size(), 2) + le_bytes(directory.size(), 4) + le_bytes(out.size(), 4) + le_bytes(0, 2);
}

TEST_F(XlsxPlugin, FalseDataDescriptorInsideAnEntryIsOnlyData) {
    const std::string workbook = "<workbook xmlns=\"" + kSheetNs + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
                                 "2006/relationships\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const std::string rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
                             "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                             "Target=\"worksheets/sheet1.xml\"/></Relationships>";
    const auto zip = [&](const std::string& sheet) {
        return zip_with_descriptors({{"xl/workbook.xml", workbook}, {"xl/_rels/workbook.xml.rels", rels}, {"xl/worksheets/sheet1.xml", sheet}});
    };
    EXPECT_EQ(read(input_file("streamed.xlsx", zip(kSmallSheet))).rows, (Rows{{"R1"}}));
    // Poco found where such an entry ends by searching its data for a descriptor whose
    // size matched the distance searched, then read on from there: a false one in the
    // data, followed by a ZIP64 end record, made it allocate 7.6 EB. Read by the
    // directory, they are only bytes of the sheet, which the XML parser refuses (binary
    // bytes in a comment) rather than the zip reader taking them for records.
    const std::string before = kSmallSheet.substr(0, kSmallSheet.find("<sheetData>")) + "<!-- ";
    const std::string hostile = before + "PK\x07\x08" + le_bytes(0, 4) + le_bytes(before.size(), 4) + le_bytes(0, 4) + "PK\x06\x06" +
                                le_bytes(0x696c6e69223d7400, 8) + " -->" + kSmallSheet.substr(before.size() - 5);
    EXPECT_CONTAINS(error_of(input_file("false.xlsx", zip(hostile))),
                    "false.xlsx: the workbook part xl/worksheets/sheet1.xml is not well-formed XML: invalid token at line 1");
}

TEST_F(XlsxPlugin, SharedStringsPastTheirBudgetAreRefused) {
    // 8,200 strings of 32 KiB (each within Excel's limits, all far within the per-string
    // limit): 269 MB of shared strings in a 0.3 MB file, streamed into the zip here, and
    // held by the reader up to its limit of 256 MiB only. Without the budget the whole lot
    // was held, and the workbook read.
    RepeatedText strings_text("<sst xmlns=\"" + kSheetNs + "\">", "<si><t>" + std::string(32768, 'a') + "</t></si>", 8200, "</sst>");
    std::istream strings(&strings_text);
    std::istringstream sheet("<worksheet xmlns=\"" + kSheetNs +
                             "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" "
                             "t=\"s\"><v>1</v></c></row></sheetData></worksheet>");
    const std::string path = dir.file("strings.xlsx");
    {
        std::ofstream out(path, std::ios::binary);
        zip_workbook(out, sheet, &strings);
    }
    EXPECT_LT(std::filesystem::file_size(path), 1u << 20);
    EXPECT_CONTAINS(error_of(path), "strings.xlsx: the workbook's shared strings (the text of its cells) take more than 256 MiB (8190 "
                                    "strings so far); "
                                    "a survey of 100,000 respondents and 60 questions unpacks to about 270 MB, so the file is "
                                    "damaged, or made to exhaust memory");
}

TEST_F(XlsxPlugin, WorkbookUnpackingPastTheBudgetIsRefused) {
    // A sheet of 520 MiB (mostly spaces between its rows) in a 0.5 MB file.
    RepeatedText sheet_text("<worksheet xmlns=\"" + kSheetNs +
                                "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ID</t></is></c></row>",
                            std::string(1024, ' '), 520 * 1024, "</sheetData></worksheet>");
    std::istream sheet(&sheet_text);
    const std::string path = dir.file("sheet.xlsx");
    {
        std::ofstream out(path, std::ios::binary);
        zip_workbook(out, sheet);
    }
    EXPECT_LT(std::filesystem::file_size(path), 1u << 20);
    // Its zip directory says so: refused before anything is inflated.
    EXPECT_CONTAINS(error_of(path), "sheet.xlsx: the workbook is too large to read: by the sizes its zip directory declares, reading "
                                    "xl/worksheets/sheet1.xml unpacks it to 520 MiB, more than 512 MiB; a survey of 100,000 "
                                    "respondents");
    // ... and says how to read it anyway, for a file the user trusts.
    EXPECT_CONTAINS(error_of(path), "; if you trust this file, raise the limit for it with --option max_unpacked_mib=521");
    // Its zip directory lies: the part is refused at the first byte past what it declares.
    std::string lying = test::read_file(path);
    declare_unpacked_size(lying, "xl/worksheets/sheet1.xml", 4096);
    EXPECT_CONTAINS(error_of(input_file("lying.xlsx", lying)),
                    "lying.xlsx: the workbook part xl/worksheets/sheet1.xml unpacks to more than the 4096 bytes its zip directory "
                    "gives: the file is damaged");
}

TEST_F(XlsxPlugin, TheUnpackingBudgetIsTheUsersForOneFile) {
    // A 3 MiB sheet: refused under a 2 MiB budget, read under a 4 MiB one.
    RepeatedText sheet_text("<worksheet xmlns=\"" + kSheetNs +
                                "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ID</t></is></c></row>",
                            std::string(1024, ' '), 3 * 1024,
                            "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>R1</t></is></c></row></sheetData></worksheet>");
    std::istream sheet(&sheet_text);
    const std::string path = dir.file("sheet.xlsx");
    {
        std::ofstream out(path, std::ios::binary);
        zip_workbook(out, sheet);
    }
    EXPECT_CONTAINS(error_of(path, {{"max_unpacked_mib", "2"}}),
                    "sheet.xlsx: the workbook is too large to read: by the sizes its zip directory declares, reading "
                    "xl/worksheets/sheet1.xml unpacks it to 3 MiB, more than 2 MiB");
    const Capture c = read(path, {{"max_unpacked_mib", "4"}});
    ASSERT_EQ(c.rows.size(), 1u);
    EXPECT_EQ(c.rows[0], (std::vector<std::string>{"R1"}));
}

// A whole ingest of the workbook gives exactly the dataset the CSV gives.
TEST(XlsxIngest, WorkbookAndCsvGiveTheSameDataset) {
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    test::TempDir dir;
    const SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    Store store{dir.file("store.db")};

    IngestRequest csv;
    csv.file = test::fixture("mini-good.csv");
    csv.wave = "2024";
    csv.show_progress = false;
    EXPECT_EQ(ingest_file(host, survey, store, csv).record.respondents, 4u);

    IngestRequest xlsx;
    xlsx.file = test::fixture("xlsx/mini-good.xlsx");
    xlsx.wave = "2025";
    xlsx.options = {{"header_row", "2"}};
    xlsx.show_progress = false;
    EXPECT_EQ(ingest_file(host, survey, store, xlsx).record.respondents, 4u);

    const Dataset from_csv = store.load_wave(survey, "2024");
    const Dataset from_xlsx = store.load_wave(survey, "2025");
    ASSERT_EQ(from_xlsx.rows(), 4u);
    EXPECT_EQ(from_xlsx.ids.text(), from_csv.ids.text());
    EXPECT_EQ(from_xlsx.ids.offsets(), from_csv.ids.offsets());
    EXPECT_EQ(from_xlsx.answers, from_csv.answers);
    EXPECT_EQ(from_xlsx.groupings, from_csv.groupings);
    EXPECT_EQ(from_xlsx.weights, from_csv.weights);
    // Not vacuous: the answers are those store_test.cpp expects of mini-good.csv.
    EXPECT_EQ(from_xlsx.ids[0], "R1");
    EXPECT_EQ(from_xlsx.answers[0], (std::vector<uint8_t>{1, 4, 6, 2}));
    EXPECT_EQ(from_xlsx.answers[1], (std::vector<uint8_t>{1, 2, kBlank, 1}));

}

}  // namespace
}  // namespace gapfinder
