// The online-survey-export plugin, loaded from its shared library as gapfinder loads it,
// reading the exports written by scripts/fixtures/make_online_fixtures.py
// (tests/fixtures/online/): the same export as CSV and as .xlsx read to the same cells,
// value by value; metadata and personal data; multi-choice and grid questions; the
// errors for broken files; and auto-detection against the generic CSV and xlsx plugins.
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

const std::string kCarers = "Which of these apply to you? (tick all that apply)";
const std::string kServices = "Which council services have you used in the last year?";
const std::string kGrid = "How satisfied are you with each of these services?";

// IP Address, Email Address, First Name and Last Name are personal data: never sent.
const std::vector<std::string> kHeadings = {
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "Custom Data 1",
    "Overall, how satisfied are you with your local area as a place to live?",
    kCarers + ": I look after someone (a carer)",
    kCarers + ": I have a disability or long-term illness",
    kCarers + ": I am a parent of a child under 5",
    kCarers + ": None of these",
    kCarers + ": Other (please specify)",
    kServices + ": Libraries",
    kServices + ": Parks and open spaces",
    kGrid + ": Libraries",
    kGrid + ": Parks and open spaces",
    "What is your age?",
    "What is your sex?",
    "Any other comments?",
    "Any other comments? (2)",
};

const Rows kRows = {
    {"114230", "4567", "2024-03-05T14:30:11", "2024-03-05T14:41:02", "north", "Very satisfied",
     "Selected", "Selected", "Not selected", "Not selected", "",
     "Selected", "Selected",
     "", "",  // the grid question, skipped
     "34", "Female", "More bins, please", ""},
    {"114231", "4567", "2024-03-05T15:00:00", "2024-03-05T15:09:30", "", "Fairly dissatisfied",
     "", "", "", "", "",  // skipped: missing, not "Not selected"
     "Selected", "Not selected",
     "Fairly satisfied", "Very dissatisfied",  // a grid: answers as written
     "67", "Male", "The \"new\" bins, the bus route, and\nthe parks", ""},
    {"114232", "4568", "2024-03-06T09:15:00", "2024-03-06T09:20:45", "", "Neither satisfied nor dissatisfied",
     "Not selected", "Not selected", "Not selected", "Not selected", "Foster carer",  // only the "Other" box
     "", "",
     "", "Very satisfied",
     "25", "Prefer not to say", "", "Caf\xC3\xA9 in the park \xE2\x9C\x93"},
    {"114233", "4568", "2024-03-06T10:00:00", "2024-03-06T10:02:00", "", "",
     "Not selected", "Not selected", "Not selected", "Selected", "",
     "", "", "", "", "", "", "", ""},
};

class OnlineSurveyPlugin : public test::PluginTest {
protected:
    OnlineSurveyPlugin() : PluginTest("online-survey-export") {}
    Capture read(const std::string& path, const Options& options = {}) { return read_path(path, options); }
    std::string error_of(const std::string& path, const Options& options = {}) { return error_of_path(path, options); }
};

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

void expect_export(const Capture& c) {
    EXPECT_EQ(c.heading_row, 1u);
    ASSERT_EQ(c.headings, kHeadings);
    ASSERT_EQ(c.rows.size(), kRows.size());
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{3, 4, 5, 6}));
    for (size_t r = 0; r < kRows.size(); ++r) {
        ASSERT_EQ(c.rows[r].size(), kHeadings.size());
        for (size_t i = 0; i < kHeadings.size(); ++i)
            EXPECT_EQ(c.rows[r][i], kRows[r][i]) << "row " << c.row_numbers[r] << ", " << kHeadings[i];
    }
}

TEST_F(OnlineSurveyPlugin, CsvExportReadsValueByValue) { expect_export(read(test::fixture("online/consultation.csv"))); }

TEST_F(OnlineSurveyPlugin, XlsxExportReadsValueByValue) { expect_export(read(test::fixture("online/consultation.xlsx"))); }

TEST_F(OnlineSurveyPlugin, CsvAndXlsxGiveIdenticalCells) {
    const Capture csv = read(test::fixture("online/consultation.csv"));
    const Capture xlsx = read(test::fixture("online/consultation.xlsx"));
    EXPECT_EQ(csv.headings, xlsx.headings);
    EXPECT_EQ(csv.row_numbers, xlsx.row_numbers);
    ASSERT_EQ(csv.rows.size(), xlsx.rows.size());
    for (size_t r = 0; r < csv.rows.size(); ++r)
        for (size_t i = 0; i < csv.headings.size(); ++i)
            EXPECT_EQ(csv.rows[r].at(i), xlsx.rows[r].at(i)) << "row " << csv.row_numbers[r] << ", " << csv.headings[i];
}

TEST_F(OnlineSurveyPlugin, MetadataDropKeepsOnlyTheRespondentId) {
    for (const char* file : {"online/consultation.csv", "online/consultation.xlsx"}) {
        const Capture c = read(test::fixture(file), {{"metadata", "drop"}});
        ASSERT_EQ(c.headings.size(), kHeadings.size() - 4) << file;
        EXPECT_EQ(c.headings.at(0), "Respondent ID");
        EXPECT_EQ(c.headings.at(1), kHeadings.at(5));
        EXPECT_EQ(c.rows.at(1).at(0), "114231");
        EXPECT_EQ(c.rows.at(1).at(1), "Fairly dissatisfied");
    }
    EXPECT_EQ(read(test::fixture("online/consultation.csv"), {{"metadata", "keep"}}).headings, kHeadings);
}

TEST_F(OnlineSurveyPlugin, PersonalDataIsNeverSent) {
    const Capture c = read(test::fixture("online/consultation.csv"));
    for (const auto& row : c.rows)
        for (const auto& cell : row) {
            EXPECT_EQ(cell.find("@example.org"), std::string::npos) << cell;
            EXPECT_EQ(cell.find("192.0.2."), std::string::npos) << cell;
            EXPECT_NE(cell, "Smith");
        }
}

TEST_F(OnlineSurveyPlugin, BrokenCsvFilesNameTheRowAndProblem) {
    EXPECT_CONTAINS(error_of(test::fixture("online/ragged-row.csv")),
                    "ragged-row.csv: row 5: has 22 cells but the header rows have 23");
    EXPECT_CONTAINS(error_of(test::fixture("online/one-header-row.csv")),
                    "one-header-row.csv: row 2, column \"Respondent ID\": the second header row should be blank under "
                    "\"Respondent ID\" but holds \"114230\": it looks like a response, so the file has only one header row");
    EXPECT_CONTAINS(error_of(test::fixture("online/header-only.csv")),
                    "header-only.csv: row 1: the file ends after its first header row: an online survey export has two "
                    "header rows");
    EXPECT_CONTAINS(error_of(test::fixture("online/empty.csv")), "empty.csv: the file is empty");
}

TEST_F(OnlineSurveyPlugin, TextThatIsNotTheOptionIsAnErrorNamingRowAndColumn) {
    EXPECT_CONTAINS(error_of(test::fixture("online/bad-option.csv")),
                    "bad-option.csv: row 5, column \"" + kCarers + ": I have a disability or long-term illness\": the cell "
                    "holds \"Yes\", but its column is for the option \"I have a disability or long-term illness\" of the "
                    "multi-choice question");
    EXPECT_CONTAINS(error_of(test::fixture("online/bad-option.xlsx")),
                    "bad-option.xlsx: row 5, column \"Responses!L5\": the cell holds \"Yes\", but its column is for the "
                    "option \"I have a disability or long-term illness\"");
    EXPECT_CONTAINS(error_of(test::fixture("online/bad-option.xlsx")),
                    "(under the heading \"" + kCarers + ": I have a disability or long-term illness\")");
}

TEST_F(OnlineSurveyPlugin, BrokenWorkbooksNameTheCell) {
    EXPECT_CONTAINS(error_of(test::fixture("online/one-header-row.xlsx")),
                    "one-header-row.xlsx: row 2, column \"Responses!A2\": the second header row should be blank under "
                    "\"Respondent ID\" but holds \"114230\"");
    EXPECT_CONTAINS(error_of(test::fixture("online/extra-cell.xlsx")),
                    "extra-cell.xlsx: row 4, column \"Responses!Y4\": the cell holds \"see notes\", right of the last "
                    "column of the header rows (23 columns, A to W)");
    EXPECT_CONTAINS(error_of(test::fixture("xlsx/problems.xlsx"), {{"sheet", "Empty"}}),
                    "problems.xlsx: sheet \"Empty\" is empty: it has no header rows");
}

TEST_F(OnlineSurveyPlugin, TruncatedAndDamagedWorkbooks) {
    EXPECT_CONTAINS(error_of(test::fixture("online/truncated.xlsx")),
                    "truncated.xlsx: the file is truncated or damaged: the zip archive has no directory at its end");
    const std::string good = test::read_file(test::fixture("online/consultation.xlsx"));
    for (size_t keep = 1; keep < good.size(); keep += 97) {
        test::write_file(dir.file("cut.xlsx"), good.substr(0, keep));
        EXPECT_FALSE(error_of(dir.file("cut.xlsx")).empty()) << "cut to " << keep << " bytes";
    }
}

TEST_F(OnlineSurveyPlugin, CorruptBytesAnywhereNeverCrash) {
    // Flip every third byte of the workbook in turn: identify() must still answer, and a
    // read must give the export's cells or refuse with an InputError, never anything
    // else (a damaged styles part must not turn dates into plain numbers unnoticed).
    const std::string good = test::read_file(test::fixture("online/consultation.xlsx"));
    size_t refused = 0, tried = 0;
    for (size_t i = 0; i < good.size(); i += 3, ++tried) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0x5A);
        test::write_file(dir.file("flipped.xlsx"), bad);
        EXPECT_GE(confidence(dir.file("flipped.xlsx"), "online-survey-export"), 0);
        try {
            const Capture c = read(dir.file("flipped.xlsx"));
            EXPECT_EQ(c.rows, kRows) << "byte " << i;
        } catch (const InputError&) {
            ++refused;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "byte " << i << ": " << e.what();
        }
    }
    EXPECT_GT(refused, tried / 3);  // the theme and document properties are never read
}

TEST_F(OnlineSurveyPlugin, InlineCsvProblems) {
    // A question's options with no question over them, a column with no heading at all,
    // a value right of the header rows in a workbook (see the xlsx tests for that path).
    test::write_file(dir.file("orphan.csv"), ",Response\nA,\n");
    EXPECT_CONTAINS(error_of(dir.file("orphan.csv")), "orphan.csv: row 2, column \"column 1\"");
    test::write_file(dir.file("no-heading.csv"), "Respondent ID,Q1,\n,Response,\n1,Yes,\n");
    EXPECT_CONTAINS(error_of(dir.file("no-heading.csv")),
                    "no-heading.csv: row 1, column \"column 3\": the column has no heading in either header row");
    // A grid and a multi-choice question answered in a mix on the row that should decide.
    test::write_file(dir.file("mixed.csv"), "Respondent ID,Q,\n,A,B\n1,A,Maybe\n");
    EXPECT_CONTAINS(error_of(dir.file("mixed.csv")), "mixed.csv: row 3, column \"Q: B\": the cell holds \"Maybe\"");
    // No sign of a second header row at all.
    test::write_file(dir.file("plain.csv"), "ID,Q1\n1,Yes\n");
    EXPECT_CONTAINS(error_of(dir.file("plain.csv")), "plain.csv: row 2: is not the second header row of an online survey export");
}

TEST_F(OnlineSurveyPlugin, HeadingsAreMadeUniqueInFileOrder) {
    test::write_file(dir.file("dupes.csv"), "Respondent ID,Comments,Comments,comments ,Comments (2)\n,Response,Response,Response,Response\n1,a,b,c,d\n");
    const Capture c = read(dir.file("dupes.csv"));
    EXPECT_EQ(c.headings, (std::vector<std::string>{"Respondent ID", "Comments", "Comments (2)", "comments (3)", "Comments (2) (2)"}));
    EXPECT_EQ(c.rows, (Rows{{"1", "a", "b", "c", "d"}}));
}

TEST_F(OnlineSurveyPlugin, OptionsAreChecked) {
    const std::string csv = test::fixture("online/consultation.csv");
    const std::string xlsx = test::fixture("online/consultation.xlsx");
    EXPECT_CONTAINS(error_of(csv, {{"header_row", "2"}}),
                    "unknown option \"header_row\" (this plugin knows metadata, sheet, encoding and delimiter)");
    EXPECT_CONTAINS(error_of(csv, {{"metadata", "maybe"}}), "option metadata=maybe: use keep or drop");
    EXPECT_CONTAINS(error_of(csv, {{"sheet", "Responses"}}), "option sheet= is for Excel workbooks; this file is CSV");
    EXPECT_CONTAINS(error_of(xlsx, {{"encoding", "utf-8"}}), "option encoding= is for CSV files; this file is an Excel workbook");
    // sheet= as in the xlsx plugin.
    EXPECT_EQ(read(xlsx, {{"sheet", "Responses"}}).rows, kRows);
    EXPECT_EQ(read(xlsx, {{"sheet", "1"}}).rows, kRows);
    EXPECT_CONTAINS(error_of(xlsx, {{"sheet", "Answers"}}),
                    "option sheet=Answers: the workbook has no sheet of that name; its sheets are \"Responses\", \"Questions\"");
    EXPECT_CONTAINS(error_of(xlsx, {{"sheet", "Questions"}}), "consultation.xlsx: row 2: is not the second header row");
    // Forced encodings and delimiters as in the CSV plugin.
    EXPECT_EQ(read(csv, {{"encoding", "utf-8"}, {"delimiter", ","}}).rows, kRows);
}

TEST_F(OnlineSurveyPlugin, StopsWhenTheSinkAsks) {
    for (const char* file : {"online/consultation.csv", "online/consultation.xlsx"}) {
        Capture c;
        c.stop_after = 2;
        host.read(*plugin, test::fixture(file), {}, c);
        EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{3, 4})) << file;
    }
}

TEST_F(OnlineSurveyPlugin, AutoDetectionPicksItForExportsOnly) {
    const std::string csv = test::fixture("online/consultation.csv");
    const std::string xlsx = test::fixture("online/consultation.xlsx");
    EXPECT_EQ(&host.choose(csv, std::nullopt), plugin);
    EXPECT_EQ(&host.choose(xlsx, std::nullopt), plugin);
    EXPECT_EQ(confidence(csv, "online-survey-export"), 95);
    EXPECT_EQ(confidence(xlsx, "online-survey-export"), 95);
    EXPECT_GT(confidence(csv, "online-survey-export"), confidence(csv, "citizens-panel-csv"));
    EXPECT_GT(confidence(xlsx, "online-survey-export"), confidence(xlsx, "xlsx"));
    // Plain files stay with the generic plugins.
    EXPECT_EQ(host.choose(test::fixture("mini-good.csv"), std::nullopt).id(), "citizens-panel-csv");
    EXPECT_EQ(host.choose(test::fixture("xlsx/mini-good.xlsx"), std::nullopt).id(), "xlsx");
    EXPECT_EQ(host.choose(test::fixture("online/one-header-row.csv"), std::nullopt).id(), "citizens-panel-csv");
    EXPECT_LE(confidence(test::fixture("mini-good.csv"), "online-survey-export"), 10);
    EXPECT_LE(confidence(test::fixture("xlsx/mini-good.xlsx"), "online-survey-export"), 10);
    // Binary files are not CSV to it.
    EXPECT_EQ(confidence(test::fixture("sav/mini-panel.sav"), "online-survey-export"), 0);
}


// Told from the parsed first rows, not the raw head of the file: an older SurveyMonkey
// layout ("RespondentID", no space) whose header text lies in shared strings past the
// 64 KiB identify() is given, as in a real export of 1,200 respondents.
TEST_F(OnlineSurveyPlugin, WorkbookLayoutIsToldFromItsFirstRowsWhereverTheTextIs) {
    const std::string xlsx = test::fixture("online/surveymonkey-2000.xlsx");
    EXPECT_EQ(confidence(xlsx, "online-survey-export"), 95);
    EXPECT_GT(confidence(xlsx, "online-survey-export"), confidence(xlsx, "xlsx"));
    EXPECT_EQ(&host.choose(xlsx, std::nullopt), plugin);
    const Capture c = read(xlsx);
    ASSERT_EQ(c.rows.size(), 2000u);
    EXPECT_EQ(c.headings.at(4), "Overall, how satisfied are you with your local area as a place to live?");
    EXPECT_EQ(c.rows.front().at(5), "Female");
    // A workbook with one header row is still the xlsx plugin's.
    EXPECT_LE(confidence(test::fixture("online/one-header-row.xlsx"), "online-survey-export"), 10);
}

// A whole ingest through a survey definition (tests/fixtures/online/consultation.json):
// "Selected" / "Not selected" map to characteristics, grid columns are questions, and the
// CSV and the workbook give exactly the same dataset, each picked by auto-detection.
TEST(OnlineSurveyIngest, CsvAndWorkbookGiveTheSameDataset) {
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    test::TempDir dir;
    const SurveyDefinition survey = SurveyDefinition::load(test::fixture("online/consultation.json"));
    Store store{dir.file("store.db")};
    for (const auto& [file, wave] : {std::pair{"online/consultation.csv", "2024"}, std::pair{"online/consultation.xlsx", "2025"}}) {
        IngestRequest request;
        request.file = test::fixture(file);
        request.wave = wave;
        request.show_progress = false;
        EXPECT_EQ(ingest_file(host, survey, store, request).record.respondents, 4u) << file;
    }
    const Dataset csv = store.load_wave(survey, "2024");
    const Dataset xlsx = store.load_wave(survey, "2025");
    ASSERT_EQ(xlsx.rows(), 4u);
    EXPECT_EQ(xlsx.ids.text(), csv.ids.text());
    EXPECT_EQ(xlsx.answers, csv.answers);
    EXPECT_EQ(xlsx.groupings, csv.groupings);
    EXPECT_EQ(xlsx.ids[0], "114230");
    // Scale positions (0: not answered): the area question, then the grid's two statements.
    EXPECT_EQ(xlsx.answers.at(0), (std::vector<uint8_t>{1, 4, 3, kBlank}));
    EXPECT_EQ(xlsx.answers.at(1), (std::vector<uint8_t>{kBlank, 2, kBlank, kBlank}));
    EXPECT_EQ(xlsx.answers.at(2), (std::vector<uint8_t>{kBlank, 5, 1, kBlank}));
    // Caring: a carer, skipped (blank), then two who ticked other options (not carers).
    const auto& caring = xlsx.groupings.at(0);
    EXPECT_NE(caring.at(0), 0);
    EXPECT_EQ(caring.at(1), 0);
    EXPECT_NE(caring.at(2), 0);
    EXPECT_NE(caring.at(2), caring.at(0));
    EXPECT_EQ(caring.at(3), caring.at(2));
}

TEST(OnlineSurveyCli, IngestPicksThePluginByItself) {
    test::TempDir dir;
    const auto r = test::run_gapfinder({"ingest", test::fixture("online/consultation.xlsx"), "--survey", "online-consultation",
                                        "--wave", "2024", "--surveys-dir", test::fixture("online"), "--db", "x.db"},
                                       dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 4 respondents"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("with plugin online-survey-export"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gapfinder
