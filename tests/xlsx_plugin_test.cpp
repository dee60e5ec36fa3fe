// The xlsx plugin, loaded from its shared library as gapfinder loads it, reading the
// workbooks written by scripts/fixtures/make_xlsx_fixtures.py (tests/fixtures/xlsx/):
// every cell's text, the errors for damaged or awkward workbooks, and a whole ingest
// that must give exactly the dataset the same survey gives as CSV.
#include <gtest/gtest.h>

#include <cstdint>

#include "ingest/ingest.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

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
    EXPECT_CONTAINS(error_of(path, {{"encoding", "utf-8"}}), "unknown option \"encoding\" (this plugin knows sheet and header_row)");
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
