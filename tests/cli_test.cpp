// The gapfinder executable end to end, as a user runs it.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <map>

#include "inspect/column_profile.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

using test::run_gapfinder;

class Cli : public ::testing::Test {
protected:
    test::TempDir dir;
    std::string cwd() const { return dir.path().string(); }
};

TEST_F(Cli, DemoIngestsTheBundledSamplesAndCanRunAgain) {
    auto r = run_gapfinder({"demo"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("citizens-panel-csv"), std::string::npos);
    EXPECT_NE(r.out.find("citizens-panel wave 2024"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("citizens-panel wave 2025"), std::string::npos);
    EXPECT_NE(r.out.find("staff-survey wave 2025"), std::string::npos);
    EXPECT_NE(r.out.find("staff-survey-2025.csv -> staff-survey wave 2025: 3,046 respondents via staff-survey-csv"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("citizens-panel-2024.csv -> citizens-panel wave 2024: 2,512 respondents via citizens-panel-csv"),
              std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "gapfinder.db"));  // the default store
    // The consultation's EqIA evidence (docs/eqia.md).
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "library-consultation-2025-eqia.html"));
    EXPECT_NE(r.out.find("Disability: draft negative impact"), std::string::npos) << r.out;
    r = run_gapfinder({"demo"}, cwd());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = run_gapfinder({"surveys"}, cwd());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2024"), std::string::npos) << r.out;
}

TEST_F(Cli, PluginsListsRefusedFilesWithReasons) {
    const auto r = run_gapfinder({"plugins", "--plugin-dir", TEST_PLUGIN_DIR}, cwd());
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("citizens-panel-csv"), std::string::npos);
    EXPECT_NE(r.out.find("test-good"), std::string::npos);
    EXPECT_NE(r.out.find("5 file(s) refused"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("built against plugin API 0.9"), std::string::npos);
}

TEST_F(Cli, IngestReportsBadInputWithExitCodeOne) {
    test::write_file(dir.file("bad.csv"),
                     "ID,Satisfaction with local area,Treated fairly,Sex,Age,Ethnic group,Disabled?,Ward\n"
                     "R1,Very satisfied,Agree,Female,34,Martian,No,North\n");
    const auto r = run_gapfinder({"ingest", "bad.csv", "--survey", "mini-panel", "--wave=2024", "--surveys-dir",
                                  test::fixture_surveys()}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.csv: row 2, column \"Ethnic group\": \"Martian\" is not an allowed answer"), std::string::npos) << r.err;

    const auto ok = run_gapfinder({"ingest", test::fixture("mini-good.csv"), "--survey", "mini-panel", "--wave", "2024",
                                   "--surveys-dir", test::fixture_surveys(), "--db", "x.db"}, cwd());
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("Ingested 4 respondents"), std::string::npos) << ok.out;
}

// Bounded by what the input can make: a single-line file of 400,000 headings (3 MB)
// gives an error of a few KiB, not one that lists them all (4.3 MB before; a 45 MB line
// once gave a 94 MB error).
TEST_F(Cli, AHugeBadFileGivesABoundedError) {
    std::string line;
    for (int i = 0; i < 400000; ++i) line += (i ? ",h" : "h") + std::to_string(i);
    test::write_file(dir.file("oneline.csv"), line);
    const auto r = run_gapfinder({"ingest", "oneline.csv", "--survey", "mini-panel", "--wave=2024", "--surveys-dir",
                                  test::fixture_surveys()}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("oneline.csv"), std::string::npos) << r.err.substr(0, 300);
    EXPECT_LT(r.err.size(), 3 * kMaxErrorBytes) << "an error of " << r.err.size() << " bytes";
}

// A file of a million one-byte columns is refused by inspect with a reason, before the
// profile of a million columns is made.
TEST_F(Cli, InspectRefusesAFileOfAbsurdlyManyColumns) {
    std::string wide;
    for (size_t i = 0; i < kMaxInspectColumns + 1; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
    wide += "\n";
    for (size_t i = 0; i < kMaxInspectColumns + 1; ++i) wide += i ? ",1" : "1";
    wide += "\n";
    test::write_file(dir.file("wide.csv"), wide);
    const auto r = run_gapfinder({"inspect", "wide.csv", "--plugin", "citizens-panel-csv"}, cwd());
    EXPECT_EQ(r.exit_code, 1) << r.out.substr(0, 300);
    EXPECT_NE(r.err.find("columns; gapfinder inspects files of at most " + std::to_string(kMaxInspectColumns)), std::string::npos)
        << r.err.substr(0, 400);
}

TEST(Errors, TextAndProblemsAreBoundedOnACharacterBoundary) {
    const std::string long_text = std::string(kMaxErrorBytes - 1, 'a') + "\xC3\xA9" + std::string(10000, 'b');  // é across the cut
    const InputError e(long_text);
    const std::string what = e.what();
    EXPECT_LT(what.size(), kMaxErrorBytes + 64);
    EXPECT_EQ(what.substr(0, kMaxErrorBytes - 1), std::string(kMaxErrorBytes - 1, 'a'));
    EXPECT_EQ(what.substr(kMaxErrorBytes - 1, 4), "... ");  // the cut backs off the whole character
    std::vector<Problem> problems(kMaxProblems * 3, Problem{"f.csv", 2, "c", std::string(5000, 'm')});
    const InputError many("3 problems", problems);
    EXPECT_EQ(many.problems().size(), kMaxProblems);
    EXPECT_LT(many.problems()[0].message.size(), kMaxProblemBytes + 64);
    EXPECT_NE(std::string(many.what()).find("the first 50 of 150 problems are listed"), std::string::npos) << many.what();
}

TEST_F(Cli, UsageErrorsExitWithOne) {
    EXPECT_EQ(run_gapfinder({"ingest", "x.csv", "--survey", "mini-panel"}, cwd()).exit_code, 1);  // no --wave
    EXPECT_EQ(run_gapfinder({"frobnicate"}, cwd()).exit_code, 1);
    EXPECT_EQ(run_gapfinder({"plugins", "--bogus"}, cwd()).exit_code, 1);
    const auto r = run_gapfinder({"ingest", "missing.csv", "--survey", "nope", "--wave", "1"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no survey definition with id \"nope\""), std::string::npos) << r.err;
    EXPECT_EQ(run_gapfinder({"--help"}, cwd()).exit_code, 0);
}

TEST_F(Cli, AStoreThatIsNotAGapfinderStoreIsRefused) {
    test::write_file(dir.file("notes.db"), "shopping list: milk, eggs, and a database that is not one");
    const auto r = run_gapfinder({"surveys", "--db", "notes.db"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("notes.db"), std::string::npos) << r.err;
}

// GAPFINDER_DB names the store when --db does not; a server URL's password never shows.
TEST_F(Cli, TheStoreComesFromGapfinderDbUnlessDbIsGiven) {
    struct Environment {
        explicit Environment(const std::string& value) { ::setenv("GAPFINDER_DB", value.c_str(), 1); }
        ~Environment() { ::unsetenv("GAPFINDER_DB"); }
    };
    test::write_file(dir.file("notes.db"), "shopping list: milk, eggs, and a database that is not one");
    {
        Environment env(dir.file("notes.db"));
        const auto refused = run_gapfinder({"surveys"}, cwd());
        EXPECT_EQ(refused.exit_code, 1);
        EXPECT_NE(refused.err.find("notes.db"), std::string::npos) << refused.err;
        const auto given = run_gapfinder({"surveys", "--db", "other.db"}, cwd());
        EXPECT_EQ(given.exit_code, 0) << given.err;
        EXPECT_NE(given.out.find("store other.db"), std::string::npos) << given.out;
    }
    Environment env("postgresql://ada:s3cret-Pa55word@127.0.0.1:1/gapfinder");
    const auto unreachable = run_gapfinder({"surveys"}, cwd());
    EXPECT_EQ(unreachable.exit_code, 1);
    EXPECT_NE(unreachable.err.find("PostgreSQL at 127.0.0.1:1/gapfinder as ada"), std::string::npos) << unreachable.err;
    EXPECT_EQ(unreachable.err.find("s3cret"), std::string::npos) << unreachable.err;
}

TEST_F(Cli, AnalyseFindsThePlantedDisabilityGapInTheBundledPanel) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const auto r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2024", "--format", "json",
                                  "--intersections", "--by", "disability,sex,age"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(doc->getValue<std::string>("schema"), "gapfinder-findings/1");
    EXPECT_EQ(doc->getObject("settings")->getValue<std::string>("correction"), "bh");
    const char* fields[] = {"question", "characteristic", "group", "undisclosed", "suppressed", "n", "positives", "rate",
                            "ci_low", "ci_high", "rest_n", "rest_positives", "rest_rate", "gap_pp", "test", "p",
                            "p_adj", "mean", "rest_mean", "welch_p", "flagged"};
    bool found = false;
    for (const auto& v : *doc->getArray("results")) {
        const auto row = v.extract<Poco::JSON::Object::Ptr>();
        for (const char* f : fields) ASSERT_TRUE(row->has(f)) << f;
        if (row->getValue<std::string>("question") == "treated_fairly" && row->getValue<std::string>("group") == "disabled") {
            found = true;
            EXPECT_TRUE(row->getValue<bool>("flagged"));
            EXPECT_NEAR(row->getValue<double>("gap_pp"), -13.8, 0.1);  // surveys/samples/README.md
        }
    }
    EXPECT_TRUE(found);
    EXPECT_GT(doc->getArray("intersections")->size(), 0u);
    EXPECT_GT(doc->getArray("omnibus")->size(), 0u);

    const auto csv = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--format", "csv", "-o", "f.csv"}, cwd());
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(test::read_file(dir.file("f.csv")).rfind("kind,question,characteristic,group,", 0), 0u);
    const auto table = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025"}, cwd());
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("Flagged gaps:"), std::string::npos);
    // The staff definition analyses ethnic groups at the group level by default (BME
    // vs White in surveys/samples/README.md); the command line can say otherwise.
    EXPECT_NE(table.out.find("Asian, Asian British or Asian Welsh"), std::string::npos);
    const auto recorded = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--level", "recorded",
                                         "--by", "race", "--format", "json"}, cwd());
    ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
    EXPECT_NE(recorded.out.find("\"level\":\"recorded\""), std::string::npos);
    EXPECT_NE(recorded.out.find("\"group\":\"indian\""), std::string::npos);
}

TEST_F(Cli, WeightedAnalysisRakesThePanelToHarrowAndReportsRepresentativeness) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const auto r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--weighted", "--format", "json",
                                  "--by", "disability,age"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    const auto weighting = doc->getObject("weighting");
    ASSERT_TRUE(weighting);
    EXPECT_EQ(weighting->getValue<std::string>("profile"), "harrow-2021");
    EXPECT_LT(weighting->getValue<double>("max_margin_error"), 1e-10);
    EXPECT_GT(weighting->getValue<int>("respondents_left_out"), 0);
    const auto row = doc->getArray("results")->getObject(0);
    EXPECT_TRUE(row->has("n_eff"));
    EXPECT_TRUE(row->has("design_effect"));
    // The panel under-represents 16-24s (surveys/samples/README.md).
    bool young_flagged = false;
    for (const auto& v : *doc->getArray("representativeness")) {
        const auto r2 = v.extract<Poco::JSON::Object::Ptr>();
        if (r2->getValue<std::string>("characteristic") != "age") continue;
        for (const auto& g : *r2->getArray("groups")) {
            const auto go = g.extract<Poco::JSON::Object::Ptr>();
            if (go->getValue<std::string>("group") == "age_16_24") young_flagged = go->getValue<bool>("under_represented");
        }
    }
    EXPECT_TRUE(young_flagged);
    // The staff survey names no population: weighting is refused with the reason.
    const auto staff = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--weighted"}, cwd());
    EXPECT_EQ(staff.exit_code, 1);
    EXPECT_NE(staff.err.find("population"), std::string::npos) << staff.err;
}

TEST_F(Cli, TrendReportsEachGapAcrossTheTwoPanelWaves) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const auto r = run_gapfinder({"trend", "--survey", "citizens-panel", "--waves", "2024,2025", "--format", "json",
                                  "--by", "disability"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    bool found = false;
    for (const auto& v : *doc->getArray("trend")) {
        const auto t = v.extract<Poco::JSON::Object::Ptr>();
        if (t->getValue<std::string>("question") != "treated_fairly" || t->getValue<std::string>("group") != "disabled") continue;
        found = true;
        // Planted: -14 in 2024, -6 in 2025 (surveys/samples/README.md).
        EXPECT_NEAR(t->getValue<double>("from_gap_pp"), -13.8, 0.1);
        EXPECT_NEAR(t->getValue<double>("to_gap_pp"), -6.5, 0.1);
        EXPECT_FALSE(t->isNull("status"));
        // Confirmed in both waves (by disability alone, the family is small); the
        // narrowing itself is not confirmed.
        EXPECT_TRUE(t->getValue<bool>("from_flagged"));
        EXPECT_TRUE(t->getValue<bool>("to_flagged"));
        EXPECT_EQ(t->getValue<std::string>("in_words"),
                  "narrowed by 7.3 points, from 13.8 to 6.5 points lower; not confirmed, it could be chance");
    }
    EXPECT_TRUE(found);
    // The trend is on by default, against the previous stored wave, and off with "none".
    const auto by_default = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--by", "disability"}, cwd());
    ASSERT_EQ(by_default.exit_code, 0) << by_default.err;
    EXPECT_NE(by_default.out.find("Trend 2024 to 2025"), std::string::npos) << by_default.out;
    const auto off = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--by", "disability",
                                    "--previous-wave", "none"}, cwd());
    ASSERT_EQ(off.exit_code, 0) << off.err;
    EXPECT_EQ(off.out.find("Trend "), std::string::npos);
    const auto first = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2024", "--by", "disability"}, cwd());
    EXPECT_EQ(first.out.find("Trend "), std::string::npos) << "2024 has no earlier wave";
    const auto table = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--previous-wave", "2024"}, cwd());
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("Trend 2024 to 2025"), std::string::npos);
    EXPECT_EQ(run_gapfinder({"trend", "--survey", "citizens-panel", "--waves", "2024"}, cwd()).exit_code, 1);
}

TEST_F(Cli, AnalyseExplainsBadRequests) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    auto r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2024", "--by", "ethnicity"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("\"ethnicity\""), std::string::npos) << r.err;
    r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "1999"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("1999"), std::string::npos) << r.err;
    r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2024", "--correction", "sidak"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2024", "--min-base", "5"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
}

std::string inspect_sample(bool with_unknown_label) {
    std::string csv = "Respondent ID,How satisfied are you with your local area?,Do you consider yourself to be disabled?,"
                      "What is your ethnic group?,Ward\n";
    const char* sat[] = {"Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied",
                         "Very dissatisfied", "Don't know"};
    const char* disabled[] = {"Yes", "No", "No", "Prefer not to say"};
    const char* ethnic[] = {"\"White: English, Welsh, Scottish, Northern Irish or British\"", "Asian or Asian British: Indian",
                            "\"Black, Black British, Caribbean or African: Caribbean\"", "I would prefer not to say"};
    for (int i = 0; i < 48; ++i)
        csv += "R" + std::to_string(i) + "," + sat[i % 6] + "," + disabled[i % 4] + "," +
               (with_unknown_label && i == 7 ? "Martian" : ethnic[i % 4]) + "," + (i % 3 ? "North" : "South") + "\n";
    return csv;
}

TEST_F(Cli, InspectDraftsADefinitionThatIngestsTheFile) {
    test::write_file(dir.file("town-panel.csv"), inspect_sample(false));
    auto r = run_gapfinder({"inspect", "town-panel.csv", "-o", "town-panel.json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("citizens-panel-csv"), std::string::npos);
    EXPECT_NE(r.out.find("<- reads it"), std::string::npos);
    EXPECT_NE(r.out.find("question on scale satisfaction5"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("characteristic disability"), std::string::npos);
    EXPECT_NE(r.out.find("characteristic race (4 label(s) mapped, 0 not)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("dimension with 2 values"), std::string::npos);

    // The draft is a valid definition: put it in a surveys folder and ingest the file.
    std::filesystem::create_directory(dir.path() / "surveys");
    std::filesystem::copy_file(dir.path() / "town-panel.json", dir.path() / "surveys" / "town-panel.json");
    r = run_gapfinder({"ingest", "town-panel.csv", "--survey", "town-panel", "--wave", "2026", "--surveys-dir", "surveys"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 48 respondents"), std::string::npos) << r.out;
    r = run_gapfinder({"analyse", "--survey", "town-panel", "--wave", "2026", "--surveys-dir", "surveys", "--format", "json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"group\":\"white_british\""), std::string::npos);
}

// What a draft must get right before anything else, from real exports: the weight, a
// unique id, no blank-headed columns, the real "Age" over a question that mentions age,
// and dimension ids that clash with nothing.
TEST_F(Cli, InspectDraftsWhatMattersRight) {
    std::string csv = "STORE_ID,CASEID,Would you support an age cutoff at your kids' table?,Age,,Sex,What is your sex?,Ward,Ward?,WT_FINAL\n";
    const char* cutoff[] = {"Yes", "No", "Not sure"};
    for (int i = 0; i < 30; ++i)
        csv += "S" + std::to_string(i % 3) + ",C" + std::to_string(1000 + i) + "," + cutoff[i % 3] + "," + std::to_string(20 + i) +
               ",x," + (i % 2 ? "A" : "B") + "," + (i % 2 ? "Female" : "Male") + "," + (i % 2 ? "North" : "South") + "," +
               (i % 3 ? "East" : "West") + "," + std::to_string(0.5 + (i % 4) * 0.25) + "\n";
    test::write_file(dir.file("stores.csv"), csv);
    auto r = run_gapfinder({"inspect", "stores.csv", "-o", "stores.json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 2 \"CASEID\": respondent id"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 3 \"Would you support an age cutoff at your kids' table?\": question on scale yes_no"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("column 4 \"Age\": characteristic age"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 5 has no heading; left out"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 7 \"What is your sex?\": characteristic sex"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 10 \"WT_FINAL\": the survey's weight"), std::string::npos) << r.out;
    Poco::JSON::Parser parser;
    const auto draft = parser.parse(test::read_file(dir.file("stores.json"))).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(draft->getValue<std::string>("respondent_id_column"), "CASEID");
    EXPECT_EQ(draft->getValue<std::string>("weight_column"), "WT_FINAL");
    std::vector<std::string> dimension_ids;
    const auto dimensions = draft->getArray("dimensions");
    for (size_t i = 0; i < dimensions->size(); ++i) {
        const auto d = dimensions->getObject(static_cast<unsigned>(i));
        dimension_ids.push_back(d->getValue<std::string>("id"));
        EXPECT_FALSE(d->getValue<std::string>("column").empty());
    }
    EXPECT_EQ(dimension_ids, (std::vector<std::string>{"store_id", "sex_2", "ward", "ward_2"}));
    // And it ingests as drafted.
    std::filesystem::create_directory(dir.path() / "surveys");
    std::filesystem::copy_file(dir.path() / "stores.json", dir.path() / "surveys" / "stores.json");
    r = run_gapfinder({"ingest", "stores.csv", "--survey", "stores", "--wave", "2026", "--surveys-dir", "surveys"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 30 respondents"), std::string::npos) << r.out;
}

// A real SurveyMonkey export repeats "... - Other (please specify)": only a heading the
// definition uses must be unique, and that one is refused by name.
TEST_F(Cli, RepeatedHeadingsMatterOnlyWhereTheDefinitionUsesThem) {
    std::string csv = "Respondent ID,How satisfied are you with your local area?,Other (please specify),Ward,Other (please specify)\n";
    const char* sat[] = {"Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied",
                         "Very dissatisfied"};
    for (int i = 0; i < 20; ++i)
        csv += "R" + std::to_string(i) + "," + sat[i % 5] + "," + (i % 4 ? "" : "parking") + "," + (i % 2 ? "North" : "South") +
               "," + (i % 5 ? "" : "bins") + "\n";
    test::write_file(dir.file("repeats.csv"), csv);
    auto r = run_gapfinder({"inspect", "repeats.csv", "-o", "repeats.json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("columns 3 and 5 share the heading \"Other (please specify)\"; left out, since an ingest cannot tell "
                         "them apart (rename them in the file to use them)"),
              std::string::npos)
        << r.out;
    std::filesystem::create_directory(dir.path() / "surveys");
    std::filesystem::copy_file(dir.path() / "repeats.json", dir.path() / "surveys" / "repeats.json");
    r = run_gapfinder({"ingest", "repeats.csv", "--survey", "repeats", "--wave", "2026", "--surveys-dir", "surveys"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 20 respondents"), std::string::npos) << r.out;

    // A definition that uses the repeated heading is refused, naming it and its columns.
    std::string draft = test::read_file(dir.file("repeats.json"));
    const size_t ward = draft.find("\"column\": \"Ward\"");
    ASSERT_NE(ward, std::string::npos) << draft;
    draft.replace(ward, std::string("\"column\": \"Ward\"").size(), "\"column\": \"Other (please specify)\"");
    test::write_file((dir.path() / "surveys" / "repeats.json").string(), draft);
    r = run_gapfinder({"ingest", "repeats.csv", "--survey", "repeats", "--wave", "2026", "--surveys-dir", "surveys"}, cwd());
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("column \"Other (please specify)\": the survey definition"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("uses this heading, which appears 2 times (columns 3 and 5), so which column it means cannot be told"),
              std::string::npos)
        << r.err;
}

TEST_F(Cli, InspectListsWhatItCannotMapAndNeverOverwritesSilently) {
    test::write_file(dir.file("odd.csv"), inspect_sample(true));
    auto r = run_gapfinder({"inspect", "odd.csv"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"Martian\" (1 respondents) matches no category"), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "odd-draft.json"));
    r = run_gapfinder({"inspect", "odd.csv"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
    EXPECT_EQ(run_gapfinder({"inspect", "missing.csv"}, cwd()).exit_code, 1);
}

TEST_F(Cli, WorkforceReportsTheStaffTargets) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const auto r = run_gapfinder({"workforce", "--survey", "staff-survey", "--wave", "2025", "--format", "json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(doc->getValue<std::string>("dimension"), "pay_band");
    bool seen = false;
    for (const auto& v : *doc->getArray("targets")) {
        const auto t = v.extract<Poco::JSON::Object::Ptr>();
        if (t->getValue<std::string>("id") != "bme_senior") continue;
        seen = true;
        // Planted: BME staff are 39% of senior management (surveys/samples/README.md).
        EXPECT_NEAR(t->getValue<double>("share"), 0.39, 0.01);
        EXPECT_TRUE(t->getValue<bool>("below_target"));
    }
    EXPECT_TRUE(seen);
    EXPECT_EQ(run_gapfinder({"workforce", "--survey", "staff-survey", "--wave", "2025", "--dimension", "ward"}, cwd()).exit_code, 1);
}

Poco::JSON::Object::Ptr parse_json(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

// Rows of one grouping on one question, by group id: n, or -1 when suppressed.
std::map<std::string, double> group_ns(const Poco::JSON::Object::Ptr& doc, const std::string& question, const std::string& grouping) {
    std::map<std::string, double> out;
    for (const auto& v : *doc->getArray("results")) {
        const auto row = v.extract<Poco::JSON::Object::Ptr>();
        if (row->getValue<std::string>("question") != question || row->getValue<std::string>("characteristic") != grouping) continue;
        out[row->getValue<std::string>("group")] = row->getValue<bool>("suppressed") && !row->getValue<bool>("undisclosed")
                                                       ? -1
                                                       : row->getValue<double>("n");
    }
    return out;
}

TEST_F(Cli, StaffExportIngestsThroughTheStaffPluginAndFiltersToADirectorate) {
    const std::vector<std::string> common = {"--surveys-dir", test::fixture_surveys(), "--db", "staff.db"};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), common.begin(), common.end());
        return run_gapfinder(args, cwd());
    };
    auto r = with({"ingest", test::fixture("staff/hr-export.csv"), "--survey", "mini-staff", "--wave", "2025", "--verbose"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 11 respondents"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("with plugin staff-survey-csv"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("dropped 2 column(s) of direct identifiers, never stored: \"Full name\", \"Email\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 of the 10 staff with a salary are paid at least 90000"), std::string::npos) << r.err;

    // Place: E01, E02, E05, E06, E09 and E10 (tests/fixtures/staff/README.md).
    // Six people are below any disclosure floor: only --below-disclosure-floor shows them,
    // and the output says it is not for publication.
    r = with({"analyse", "--survey", "mini-staff", "--wave", "2025", "--filter", "directorate=Place", "--by", "length_of_service",
              "--suppress-below", "0", "--min-base", "0", "--format", "json", "--below-disclosure-floor"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = parse_json(r.out);
    EXPECT_NE(doc->getValue<std::string>("not_for_publication").find("NOT FOR PUBLICATION"), std::string::npos);
    EXPECT_EQ(doc->getValue<int>("respondents"), 11);
    EXPECT_EQ(doc->getValue<int>("respondents_analysed"), 6);
    EXPECT_EQ(group_ns(doc, "treated_fairly", "length_of_service"),
              (std::map<std::string, double>{{"under_1", 2}, {"years_1_2", 1}, {"years_3_5", 1}, {"years_6_10", 1},
                                             {"undisclosed", 1}}));  // no one in Place has over 10 years: no row
    // Without the flag the filter is refused, named, and the count it would leave is not said.
    r = with({"analyse", "--survey", "mini-staff", "--wave", "2025", "--filter", "directorate=place", "--by", "length_of_service",
              "--format", "json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--filter directorate = place: leaves too few respondents to publish"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(" 6 "), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    // Suppression applies to the filtered base: six people, every group under 10.
    r = with({"analyse", "--survey", "mini-staff", "--wave", "2025", "--filter", "directorate=place", "--by", "length_of_service",
              "--format", "json", "--below-disclosure-floor"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const auto& [group, n] : group_ns(parse_json(r.out), "treated_fairly", "length_of_service"))
        if (group != "undisclosed") {
            EXPECT_EQ(n, -1) << group;
        }

    // The derived earnings band reaches the store: one top earner, a woman.
    r = with({"workforce", "--survey", "mini-staff", "--wave", "2025", "--dimension", "earnings", "--format", "json",
              "--suppress-below", "0", "--min-base", "0", "--below-disclosure-floor"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    doc = parse_json(r.out);
    const auto target = doc->getArray("targets")->getObject(0);
    EXPECT_EQ(target->getValue<double>("in_scope"), 1);
    EXPECT_EQ(target->getValue<double>("in_groups"), 1);
}

TEST_F(Cli, FilterRestrictsAnalyseWorkforceAndTrendAndExplainsMistakes) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    // 91 staff give their grade as Senior management (surveys/samples/staff-survey-2025.csv).
    for (const char* filter : {"pay_band=senior_management", "pay_band = Senior management", "pay_band=senior management"}) {
        const auto r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", filter, "--by", "race",
                                      "--format", "json"}, cwd());
        ASSERT_EQ(r.exit_code, 0) << filter << ": " << r.err;
        const auto doc = parse_json(r.out);
        EXPECT_EQ(doc->getValue<int>("respondents"), 3046);
        EXPECT_EQ(doc->getValue<int>("respondents_analysed"), 91) << filter;
        const auto filters = doc->getObject("settings")->getArray("filters");
        ASSERT_EQ(filters->size(), 1u);
        EXPECT_EQ(filters->getObject(0)->getValue<std::string>("grouping"), "pay_band");
        EXPECT_EQ(filters->getObject(0)->getArray("categories")->getElement<std::string>(0), "senior_management");
        // No group of 91 can be bigger than 91, and small ones are suppressed.
        double total = 0;
        bool suppressed = false;
        for (const auto& [group, n] : group_ns(doc, "treated_fairly", "race")) {
            if (n >= 0) total += n;
            suppressed = suppressed || n < 0;
        }
        EXPECT_LE(total, 91);
        EXPECT_TRUE(suppressed);
    }
    // Two filters both hold; a characteristic's group takes in its categories. The staff
    // survey lets requests filter on its dimensions only, so race takes the explicit flag.
    auto r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", "directorate=place", "--filter",
                            "race=asian,black", "--level", "recorded", "--format", "json"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--filter race = asian, black: survey staff-survey does not allow filtering on race"), std::string::npos)
        << r.err;
    r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", "directorate=place", "--filter",
                       "race=asian,black", "--level", "recorded", "--format", "json", "--below-disclosure-floor"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parse_json(r.out)->getValue<int>("respondents_analysed"), 362);
    r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", "pay_band=senior_management"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Filtered to pay_band = senior_management: 91 of 3,046 respondents analysed"), std::string::npos) << r.out;

    r = run_gapfinder({"workforce", "--survey", "staff-survey", "--wave", "2025", "--filter", "directorate=Place", "--format", "json"},
                      cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = parse_json(r.out);
    EXPECT_EQ(doc->getValue<int>("staff"), 3046);
    EXPECT_EQ(doc->getValue<int>("staff_analysed"), 766);
    EXPECT_EQ(doc->getObject("settings")->getArray("filters")->getObject(0)->getValue<std::string>("grouping"), "directorate");
    r = run_gapfinder({"workforce", "--survey", "staff-survey", "--wave", "2025", "--filter", "directorate=Place"}, cwd());
    EXPECT_NE(r.out.find("Filtered to directorate = place: 766 of 3,046 staff analysed"), std::string::npos) << r.out;

    r = run_gapfinder({"trend", "--survey", "citizens-panel", "--waves", "2024,2025", "--by", "disability", "--filter", "sex=Female",
                       "--format", "json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    doc = parse_json(r.out);
    EXPECT_EQ(doc->getValue<int>("respondents_analysed"), 1289);  // women in the 2025 panel
    EXPECT_GT(doc->getArray("trend")->size(), 0u);
    r = run_gapfinder({"trend", "--survey", "citizens-panel", "--waves", "2024,2025", "--by", "disability", "--filter", "sex=female"},
                      cwd());
    EXPECT_NE(r.out.find("Filtered to sex = female: 1,289 of 2,437 respondents analysed"), std::string::npos) << r.out;

    // Mistakes name the valid choices.
    r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", "pay_band=grade_9"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("\"grade_9\" is not a category of pay_band; its categories: scale_1_4 (Scale 1-4)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("senior_management (Senior management)"), std::string::npos) << r.err;
    r = run_gapfinder({"workforce", "--survey", "staff-survey", "--wave", "2025", "--filter", "ward=north"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("records no characteristic or dimension \"ward\"; it records: age, sex"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("directorate, pay_band, contract, length_of_service, earnings"), std::string::npos) << r.err;
    r = run_gapfinder({"trend", "--survey", "citizens-panel", "--waves", "2024,2025", "--filter", "sex"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("write DIMENSION=CATEGORY"), std::string::npos) << r.err;
    r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--filter", "disability=Prefer not to say"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--weighted", "--filter", "sex=female"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--weighted with --filter"), std::string::npos) << r.err;
}

TEST_F(Cli, StaffAnswersBreakDownByJobDimensions) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const auto r = run_gapfinder({"analyse", "--survey", "staff-survey", "--wave", "2025", "--by", "directorate,earnings",
                                  "--format", "json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = parse_json(r.out);
    const auto ns = group_ns(doc, "treated_fairly", "directorate");
    for (const char* id : {"adults_health", "childrens_services", "place", "resources", "community", "undisclosed"})
        EXPECT_EQ(ns.count(id), 1u) << id;
    EXPECT_GT(ns.at("place"), 600);  // of 766 Place staff, those who answered Q1
    EXPECT_LE(ns.at("place"), 766);
    const auto earn = group_ns(doc, "treated_fairly", "earnings");
    EXPECT_GT(earn.at("top_5_percent"), 100);
    EXPECT_LE(earn.at("top_5_percent"), 161);  // the top 5% of earners, ties at the cut-off included
    bool omnibus = false;
    for (const auto& v : *doc->getArray("omnibus"))
        omnibus = omnibus || v.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("characteristic") == "directorate";
    EXPECT_TRUE(omnibus);
}

// The survey's disclosure floor: the command line goes below it only with one explicit
// flag, and then every output says it is not for publication; a report or a plan never.
TEST_F(Cli, GoingBelowTheDisclosureFloorNeedsTheFlagAndIsMarked) {
    ASSERT_EQ(run_gapfinder({"demo"}, cwd()).exit_code, 0);
    const std::vector<std::string> below = {"analyse", "--survey", "citizens-panel", "--wave", "2025", "--by",
                                            "sexual_orientation", "--questions", "sat_council", "--suppress-below", "0",
                                            "--min-base", "0"};
    auto r = run_gapfinder(below, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--suppress-below 0 is below the disclosure floor of survey citizens-panel (10;"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "");

    auto with_flag = below;
    with_flag.push_back("--below-disclosure-floor");
    r = run_gapfinder(with_flag, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("NOT FOR PUBLICATION: made below this survey's disclosure floor", 0), 0u) << r.out.substr(0, 200);
    with_flag.insert(with_flag.end(), {"--format", "csv"});
    r = run_gapfinder(with_flag, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("NOT FOR PUBLICATION", 0), 0u);
    with_flag.back() = "json";
    r = run_gapfinder(with_flag, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(parse_json(r.out)->getValue<std::string>("not_for_publication").find("NOT FOR PUBLICATION"), std::string::npos);
    // At the floor, nothing is marked.
    r = run_gapfinder({"analyse", "--survey", "citizens-panel", "--wave", "2025", "--questions", "sat_council", "--format", "json"},
                      cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(parse_json(r.out)->has("not_for_publication"));

    // Published documents keep to the floor whatever is asked.
    r = run_gapfinder({"report", "--survey", "citizens-panel", "--wave", "2025", "--below-disclosure-floor", "-o", "r.html"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--below-disclosure-floor is not supported: the report is made to be published"), std::string::npos)
        << r.err;
    r = run_gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2025", "--below-disclosure-floor", "-o",
                       "p.json", "--format", "json"},
                      cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--below-disclosure-floor is not supported: an action plan is drafted to be published"),
              std::string::npos)
        << r.err;
    r = run_gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2025", "--suppress-below", "5", "-o",
                       "p.json", "--format", "json"},
                      cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--suppress-below 5 is below the disclosure floor"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gapfinder
