// The staff-survey-csv plugin, loaded from its shared library as gapfinder loads it:
// identification against citizens-panel-csv, the fixture read back value by value, the
// derived length-of-service and earnings bands on their boundaries, and every error.
#include <gtest/gtest.h>

#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

using Capture = test::CaptureSink;
using Options = std::vector<std::pair<std::string, std::string>>;
using Rows = std::vector<std::vector<std::string>>;

const std::string kFixture = test::fixture("staff/hr-export.csv");

// Reads CSV text written to a file, or (read_path) a fixture.
class StaffPlugin : public test::PluginTest {
protected:
    StaffPlugin() : PluginTest("staff-survey-csv") {}
    Capture read(const std::string& bytes, const Options& options = {}) {
        return read_path(input_file("staff.csv", bytes), options);
    }
    std::string error_of(const std::string& bytes, const Options& options = {}) {
        return error_of_path(input_file("staff.csv", bytes), options);
    }
    // The values of one column, row by row.
    static std::vector<std::string> column(const Capture& c, const std::string& heading) {
        std::vector<std::string> out;
        const auto it = std::find(c.headings.begin(), c.headings.end(), heading);
        if (it == c.headings.end()) return {"<no column " + heading + ">"};
        for (const auto& row : c.rows) out.push_back(row.at(static_cast<size_t>(it - c.headings.begin())));
        return out;
    }
};

TEST_F(StaffPlugin, ReadsTheHrExportValueByValue) {
    const Capture c = read_path(kFixture);
    // Name and e-mail are dropped; the two derived columns come last.
    EXPECT_EQ(c.headings, (std::vector<std::string>{"Staff number", "Directorate", "Grade", "FTE salary", "Contract type",
                                                    "Start date", "Date completed", "Q1 I am treated fairly", "Sex",
                                                    "Length of service band", "Earnings band"}));
    EXPECT_EQ(c.heading_row, 1u);
    ASSERT_EQ(c.rows.size(), 11u);
    EXPECT_EQ(c.row_numbers.front(), 2u);
    EXPECT_EQ(c.row_numbers.back(), 12u);
    EXPECT_EQ(c.rows[0], (std::vector<std::string>{"E01", "Place", "PO4-PO7", "\xC2\xA3" "90,000", "Permanent", "2025-06-15",
                                                   "2025-06-15", "Agree", "Female", "Less than 1 year", "Top 5% of earners"}));
    EXPECT_EQ(c.rows[9], (std::vector<std::string>{"E10", "Place", "Scale 1-4", "", "Permanent", "2020-02-29", "2023-02-28",
                                                   "Agree", "Female", "1 to 2 years", ""}));
    // Completed years to each row's completion date (tests/fixtures/staff/README.md).
    EXPECT_EQ(column(c, "Length of service band"),
              (std::vector<std::string>{"Less than 1 year", "Less than 1 year", "1 to 2 years", "1 to 2 years", "3 to 5 years",
                                        "6 to 10 years", "More than 10 years", "6 to 10 years", "", "1 to 2 years",
                                        "3 to 5 years"}));
    // Ten salaries: the top 5% is rank 1, only the 90,000.
    EXPECT_EQ(column(c, "Earnings band"),
              (std::vector<std::string>{"Top 5% of earners", "Other earners", "Other earners", "Other earners", "Other earners",
                                        "Other earners", "Other earners", "Other earners", "Other earners", "",
                                        "Other earners"}));
    for (const auto& row : c.rows)
        for (const auto& cell : row) EXPECT_EQ(cell.find("@example.org"), std::string::npos) << cell;
}

TEST_F(StaffPlugin, EveryoneOnTheCutOffSalaryIsATopEarner) {
    // Top 20% of ten: rank 2 is 80,000, and both staff paid it are in (3 of 10).
    Capture c = read_path(kFixture, {{"top_earners", "20"}});
    std::vector<std::string> expected(11, "Other earners");
    expected[0] = expected[1] = expected[2] = "Top 20% of earners";
    expected[9] = "";
    EXPECT_EQ(column(c, "Earnings band"), expected);
    // 40%: rank 4 is 60,000.
    c = read_path(kFixture, {{"top_earners", "40%"}});
    expected[3] = "Top 40% of earners";
    for (size_t i : {0, 1, 2}) expected[i] = "Top 40% of earners";
    EXPECT_EQ(column(c, "Earnings band"), expected);
    // 2.5%: still rank 1.
    c = read_path(kFixture, {{"top_earners", "2.5"}});
    EXPECT_EQ(column(c, "Earnings band").front(), "Top 2.5% of earners");
    EXPECT_EQ(column(c, "Earnings band")[1], "Other earners");
}

TEST_F(StaffPlugin, AReferenceDateOptionWinsOverTheCompletionDate) {
    const Capture c = read_path(kFixture, {{"reference_date", "2026-06-15"}});
    EXPECT_EQ(column(c, "Length of service band"),
              (std::vector<std::string>{"1 to 2 years", "1 to 2 years", "1 to 2 years", "3 to 5 years", "3 to 5 years",
                                        "More than 10 years", "More than 10 years", "6 to 10 years", "", "6 to 10 years",
                                        "6 to 10 years"}));
    // Day-first too; and bands of one's own.
    const Capture d = read_path(kFixture, {{"reference_date", "15/06/2025"}, {"service_bands", "1,2,10"}});
    EXPECT_EQ(column(d, "Length of service band"),
              (std::vector<std::string>{"Less than 1 year", "Less than 1 year", "1 year", "2 to 9 years", "2 to 9 years",
                                        "More than 9 years", "More than 9 years", "2 to 9 years", "", "2 to 9 years", "2 to 9 years"}));
}

TEST_F(StaffPlugin, DerivationsCanBeTurnedOffAndMoreColumnsDropped) {
    const Capture c = read_path(kFixture, {{"start_date_column", "none"}, {"salary_column", "none"}, {"drop_columns", "Staff number; sex"}});
    EXPECT_EQ(c.headings, (std::vector<std::string>{"Directorate", "Grade", "FTE salary", "Contract type", "Start date",
                                                    "Date completed", "Q1 I am treated fairly"}));
    EXPECT_EQ(c.rows.at(0).size(), 7u);
}

TEST_F(StaffPlugin, ColumnsCanBeNamedWhenTheirHeadingsAreNotRecognised) {
    const Capture c = read("ID,Joined,Pay,Answered\n1,2020-01-01,50000,2025-01-01\n2,2024-06-01,20000,2025-01-01\n",
                           {{"start_date_column", "joined"}, {"salary_column", "PAY"}, {"reference_date_column", "Answered"}});
    EXPECT_EQ(c.headings.back(), "Earnings band");
    EXPECT_EQ(c.rows, (Rows{{"1", "2020-01-01", "50000", "2025-01-01", "3 to 5 years", "Top 5% of earners"},
                            {"2", "2024-06-01", "20000", "2025-01-01", "Less than 1 year", "Other earners"}}));
}

TEST_F(StaffPlugin, PoundSignsInAnExcelWindows1252Export) {
    const Capture c = read("ID,FTE salary\n1,\"\xA3" "45,250\"\n2,\xA3" "31000.50\n");
    EXPECT_EQ(column(c, "Earnings band"), (std::vector<std::string>{"Top 5% of earners", "Other earners"}));
    EXPECT_EQ(c.rows[0][1], "\xC2\xA3" "45,250");
}

TEST_F(StaffPlugin, IdentifyPicksItForStaffExportsAndTheCitizensPluginForResidents) {
    auto confidence = [&](const std::string& path, const std::string& id) {
        for (const auto& c : host.identify(path))
            if (c.plugin->id() == id) return c.confidence;
        return -1;
    };
    EXPECT_EQ(confidence(kFixture, "staff-survey-csv"), 90);
    EXPECT_EQ(host.choose(kFixture, std::nullopt).id(), "staff-survey-csv");
    const std::string sample = std::string(SOURCE_DIR) + "/surveys/samples/staff-survey-2025.csv";
    EXPECT_EQ(host.choose(sample, std::nullopt).id(), "staff-survey-csv");
    EXPECT_GT(confidence(sample, "staff-survey-csv"), confidence(sample, "citizens-panel-csv"));

    // Residents' files: the bundled panel, the mini fixture, and one with a single job-like heading.
    for (const std::string& residents : {std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2024.csv",
                                         test::fixture("mini-good.csv")}) {
        EXPECT_EQ(host.choose(residents, std::nullopt).id(), "citizens-panel-csv") << residents;
        EXPECT_LT(confidence(residents, "staff-survey-csv"), confidence(residents, "citizens-panel-csv"));
    }
    test::write_file(dir.file("contact.csv"), "ID,Which department did you contact?,Satisfied\n1,Housing,Yes\n");
    EXPECT_EQ(host.choose(dir.file("contact.csv"), std::nullopt).id(), "citizens-panel-csv");
    // Headings quoted, with a byte order mark, semicolons: still a staff export.
    test::write_file(dir.file("semi.csv"), "\xEF\xBB\xBF\"Staff number\";\"Department\";\"Pay band\"\r\n1;HR;B\r\n");
    EXPECT_EQ(confidence(dir.file("semi.csv"), "staff-survey-csv"), 90);
    // Under another name a staff export is still claimed, below the citizens plugin's .csv.
    test::write_file(dir.file("staff.txt"), "Employee number,Directorate,Grade\n1,Place,PO1\n");
    EXPECT_EQ(host.choose(dir.file("staff.txt"), std::nullopt).id(), "staff-survey-csv");
    // Never a binary file.
    test::write_file(dir.file("a.csv"), std::string("PK\x03\x04\0\0", 6));
    EXPECT_EQ(confidence(dir.file("a.csv"), "staff-survey-csv"), 0);
}

TEST_F(StaffPlugin, BrokenFilesAreErrorsNamingRowAndColumn) {
    EXPECT_NE(error_of("").find("staff.csv: the file is empty"), std::string::npos);
    EXPECT_NE(error_of("\n\n").find("the file is empty"), std::string::npos);
    std::string e = error_of("ID,Directorate,Grade\n1,Place,PO1\n2,Place\n");
    EXPECT_NE(e.find("staff.csv: row 3: has 2 cells but the heading row has 3"), std::string::npos) << e;
    // Ragged rows are caught in the first pass, before the cut-off is computed.
    e = error_of("ID,FTE salary\n1,30000\n2,40000,extra\n");
    EXPECT_NE(e.find("row 3: has 3 cells but the heading row has 2"), std::string::npos) << e;
    e = error_of("ID,Directorate\n1,Pl\x81" "ce\n");
    EXPECT_NE(e.find("row 2, column \"Directorate\": byte 0x81"), std::string::npos) << e;
    e = error_of("ID,Directorate\n1,\"Place\n");
    EXPECT_NE(e.find("row 2, column \"Directorate\": a quoted field starting on line 2 is never closed"), std::string::npos) << e;
    EXPECT_NE(error_of("\xFF\xFEI\0D\0").find("UTF-16"), std::string::npos);
    EXPECT_NE(error_of(std::string("ID\n1\0\n", 6)).find("NUL"), std::string::npos);
}

TEST_F(StaffPlugin, DatesAndSalariesThatAreNotAreErrors) {
    const std::string head = "ID,Start date,Date completed,FTE salary\n";
    std::string e = error_of(head + "1,2020-01-01,2025-06-01,30000\n2,31/02/2020,2025-06-01,30000\n");
    EXPECT_NE(e.find("row 3, column \"Start date\": \"31/02/2020\" is not a date"), std::string::npos) << e;
    e = error_of(head + "1,06/13/2020,2025-06-01,30000\n");  // month first: never assumed
    EXPECT_NE(e.find("row 2, column \"Start date\": \"06/13/2020\" is not a date"), std::string::npos) << e;
    e = error_of(head + "1,2020-01-01,soon,30000\n");
    EXPECT_NE(e.find("row 2, column \"Date completed\": \"soon\" is not a date"), std::string::npos) << e;
    e = error_of(head + "1,2025-06-02,2025-06-01,30000\n");
    EXPECT_NE(e.find("row 2, column \"Start date\": the start date 2025-06-02 is after the date length of service is measured "
                     "to (2025-06-01)"), std::string::npos) << e;
    e = error_of(head + "1,2020-01-01,2025-06-01,30000\n2,2020-01-01,2025-06-01,n/a\n");
    EXPECT_NE(e.find("row 3, column \"FTE salary\": \"n/a\" is not an annual salary"), std::string::npos) << e;
    e = error_of(head + "1,2020-01-01,2025-06-01,\"30,00\"\n");
    EXPECT_NE(e.find("row 2, column \"FTE salary\": \"30,00\" is not an annual salary"), std::string::npos) << e;
    e = error_of(head + "1,2020-01-01,2025-06-01,-30000\n");
    EXPECT_NE(e.find("row 2, column \"FTE salary\": \"-30000\""), std::string::npos) << e;
    e = error_of(head + "1,2020-01-01,2025-06-01,0\n");
    EXPECT_NE(e.find("row 2, column \"FTE salary\": \"0\" is not a salary above zero"), std::string::npos) << e;
    // No date to measure to.
    e = error_of("ID,Start date\n1,2020-01-01\n");
    EXPECT_NE(e.find("row 1, column \"Start date\": length of service needs a date to measure to"), std::string::npos) << e;
    EXPECT_NE(e.find("reference_date=YYYY-MM-DD"), std::string::npos) << e;
}

TEST_F(StaffPlugin, OptionsAreCheckedAndUnknownOnesRefused) {
    const std::string file = "ID,Start date,FTE salary\n1,2020-01-01,30000\n";
    std::string e = error_of(file, {{"sheet", "1"}});
    EXPECT_NE(e.find("unknown option \"sheet\" (this plugin knows encoding, delimiter, reference_date"), std::string::npos) << e;
    EXPECT_NE(error_of(file, {{"reference_date", "today"}}).find("option reference_date=today"), std::string::npos);
    EXPECT_NE(error_of(file, {{"reference_date", "2025-02-29"}}).find("option reference_date=2025-02-29"), std::string::npos);
    for (const char* bad : {"0", "100", "five", "-5", "1,5"})
        EXPECT_NE(error_of(file, {{"reference_date", "2025-01-01"}, {"top_earners", bad}}).find("option top_earners="),
                  std::string::npos) << bad;
    for (const char* bad : {"3,2", "0,5", "", "1,,3", "x"})
        EXPECT_NE(error_of(file, {{"reference_date", "2025-01-01"}, {"service_bands", bad}}).find("option service_bands="),
                  std::string::npos) << bad;
    EXPECT_NE(error_of(file, {{"encoding", "latin9"}}).find("option encoding=latin9"), std::string::npos);
    e = error_of(file, {{"reference_date", "2025-01-01"}, {"salary_column", "Pay"}});
    EXPECT_NE(e.find("row 1: option salary_column=Pay: the file has no such column; its headings: \"ID\", \"Start date\""),
              std::string::npos) << e;
    e = error_of(file, {{"drop_columns", "Surname"}});
    EXPECT_NE(e.find("option drop_columns: the file has no column \"Surname\""), std::string::npos) << e;
}

TEST_F(StaffPlugin, AmbiguousOrClashingColumnsAreErrors) {
    std::string e = error_of("ID,Start date,Continuous service date\n1,2020-01-01,2019-01-01\n", {{"reference_date", "2025-01-01"}});
    EXPECT_NE(e.find("columns \"Start date\", \"Continuous service date\" all look like the start date; name one with --option "
                     "start_date_column=HEADING"), std::string::npos) << e;
    e = error_of("ID,FTE salary,Earnings band\n1,30000,High\n");
    EXPECT_NE(e.find("column \"Earnings band\": the file already has a column of this name"), std::string::npos) << e;
    // Without the derivation, the file's own column is passed on.
    const Capture c = read("ID,FTE salary,Earnings band\n1,30000,High\n", {{"salary_column", "none"}});
    EXPECT_EQ(c.rows, (Rows{{"1", "30000", "High"}}));
}

}  // namespace
}  // namespace gapfinder
