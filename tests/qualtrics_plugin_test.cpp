// The qualtrics-export plugin on a Qualtrics data download (tests/fixtures/online/qualtrics.*,
// scripts/fixtures/make_online_fixtures.py): three header rows, personal data dropped.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace gapfinder {
namespace {

using Capture = test::CaptureSink;

class QualtricsPlugin : public test::PluginTest {
protected:
    QualtricsPlugin() : PluginTest("qualtrics-export") {}
};

TEST_F(QualtricsPlugin, IsPickedForQualtricsDownloadsOnly) {
    for (const char* file : {"online/qualtrics.csv", "online/qualtrics.xlsx"}) {
        SCOPED_TRACE(file);
        EXPECT_EQ(&host.choose(test::fixture(file), std::nullopt), plugin);
        EXPECT_EQ(confidence(test::fixture(file), "qualtrics-export"), 95);
    }
    for (const char* file : {"mini-good.csv", "xlsx/mini-good.xlsx", "online/consultation.csv", "online/consultation.xlsx",
                             "sav/mini-panel.sav"})
        EXPECT_EQ(confidence(test::fixture(file), "qualtrics-export"), 0) << file;
}

TEST_F(QualtricsPlugin, HeadingsAreTheQuestionTextAndResponsesStartOnRow4) {
    for (const char* file : {"online/qualtrics.csv", "online/qualtrics.xlsx"}) {
        SCOPED_TRACE(file);
        const Capture c = read_path(test::fixture(file));
        EXPECT_EQ(c.heading_row, 2u);
        ASSERT_EQ(c.headings.size(), 16u);
        EXPECT_EQ(c.headings.front(), "Start Date");
        EXPECT_EQ(c.headings.at(7), "Response ID");
        EXPECT_EQ(c.headings.at(11), "Overall, how satisfied are you with your local area as a place to live?");
        EXPECT_EQ(c.headings.at(13), "Any other comments?");
        EXPECT_EQ(c.headings.at(15), "Any other comments? (2)");  // a question text used twice
        ASSERT_EQ(c.rows.size(), 24u);
        EXPECT_EQ(c.row_numbers.front(), 4u);
        EXPECT_EQ(c.rows.front().at(7), "R_00xaQf3kLmN");
        EXPECT_EQ(c.rows.front().at(11), "Very satisfied");
        // Personal data is never sent: no IP address, name, e-mail or location.
        for (const auto& row : c.rows)
            for (const auto& cell : row) {
                EXPECT_EQ(cell.find("81.2.69."), std::string::npos);
                EXPECT_EQ(cell.find("@example.org"), std::string::npos);
                EXPECT_NE(cell, "Smith");
                EXPECT_NE(cell, "51.5072");
            }
    }
    // The CSV and the workbook give the same cells.
    EXPECT_EQ(read_path(test::fixture("online/qualtrics.csv")).rows, read_path(test::fixture("online/qualtrics.xlsx")).rows);
}

TEST_F(QualtricsPlugin, AThirdRowThatIsNotImportIdsIsNamed) {
    std::string csv = test::read_file(test::fixture("online/qualtrics.csv"));
    const size_t at = csv.find("{\"\"ImportId\"\":\"\"QID1\"\"}");
    ASSERT_NE(at, std::string::npos);
    csv.replace(at - 1, std::string("\"{\"\"ImportId\"\":\"\"QID1\"\"}\"").size(), "Very satisfied");
    const std::string e = error_of_path(input_file("edited.csv", csv));
    EXPECT_NE(e.find("edited.csv: row 3, column \"Overall, how satisfied are you with your local area as a place to live?\": the "
                     "third header row should hold Qualtrics's import ids"),
              std::string::npos)
        << e;
    // Cut within the header rows: no responses.
    const std::string three = csv.substr(0, csv.find("\r\n", csv.find("\r\n") + 2) + 2);
    EXPECT_NE(error_of_path(input_file("short.csv", three)).find("ends within its three header rows (2 found)"), std::string::npos);
}

// Read as a plain CSV, rows 2 and 3 counted as respondents; now inspect counts 24.
TEST_F(QualtricsPlugin, InspectCountsOnlyResponses) {
    const auto r = test::run_gapfinder({"inspect", test::fixture("online/qualtrics.csv"), "-o", "draft.json"}, dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("qualtrics-export      95          <- reads it"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(headings on row 2, 24 respondents)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"Response ID\": respondent id"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gapfinder
