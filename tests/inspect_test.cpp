// `gapfinder inspect` drafts that load: every survey file among the fixtures goes from
// inspect to ingest with the draft as written, numeric ratings become questions with the
// guess said in the draft's notes, free text is left out rather than made a dimension, and
// a polling supplier's weights, strata and clusters are drafted so that its file reaches
// weighted findings (equal to R's survey package) without a hand edit.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "domain/survey_definition.hpp"
#include "test_support.hpp"

namespace gapfinder {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;
using test::run_gapfinder;

class Inspect : public ::testing::Test {
protected:
    void SetUp() override { fs::create_directory(dir.path() / "surveys"); }
    std::string cwd() const { return dir.path().string(); }
    test::RunResult inspect(const std::string& file, const std::string& id) {
        return run_gapfinder({"inspect", file, "-o", "surveys/" + id + ".json"}, cwd());
    }
    test::RunResult ingest(const std::string& file, const std::string& id) {
        return run_gapfinder({"ingest", file, "--survey", id, "--wave", "2026", "--surveys-dir", "surveys"}, cwd());
    }
    Object::Ptr draft(const std::string& id) { return test::parse_object(test::read_file(dir.file("surveys/" + id + ".json"))); }
    test::TempDir dir;
};

// Ratings exported as codes: 1-5, 1-7, 1-10 and 0-10 become questions; the positive codes
// are a guess (the top two) that the draft says is one; a 0/1 flag and a count stay out.
TEST_F(Inspect, NumericRatingsAreQuestionsWithTheGuessInTheNotes) {
    std::string csv = "Respondent ID,Satisfaction (1-5),Recommend (0-10),Trust (1-7),Rating (1-10),Volunteer flag,Children,Ward\n";
    for (int i = 0; i < 40; ++i)
        csv += "R" + std::to_string(i) + "," + std::to_string(1 + i % 5) + "," + std::to_string(i % 11) + "," +
               std::to_string(1 + i % 7) + "," + std::to_string(1 + i % 10) + "," + std::to_string(i % 2) + "," +
               std::to_string(i % 4) + "," + (i % 2 ? "North" : "South") + "\n";
    test::write_file(dir.file("codes.csv"), csv);
    auto r = inspect("codes.csv", "codes");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 2 \"Satisfaction (1-5)\": question on numeric scale numeric1_5 (positive answers guessed"),
              std::string::npos) << r.out;
    EXPECT_NE(r.out.find("GUESS: column 2 \"Satisfaction (1-5)\" holds only the whole numbers 1 to 5 and no labels"), std::string::npos)
        << r.out;
    const Object::Ptr d = draft("codes");
    const Object::Ptr scales = d->getObject("scales");
    const std::map<std::string, std::vector<int>> expected_positive = {
        {"numeric1_5", {4, 5}}, {"numeric0_10", {9, 10}}, {"numeric1_7", {6, 7}}, {"numeric1_10", {9, 10}}};
    for (const auto& [name, positive] : expected_positive) {
        ASSERT_TRUE(scales->has(name)) << name;
        const Array::Ptr p = scales->getObject(name)->getArray("positive");
        ASSERT_EQ(p->size(), 2u) << name;
        EXPECT_EQ(p->getElement<int>(0), positive[0]) << name;
        EXPECT_EQ(p->getElement<int>(1), positive[1]) << name;
    }
    EXPECT_EQ(scales->size(), 4u) << "the flag and the count are not rating scales";
    const Array::Ptr notes = d->getArray("notes");
    ASSERT_TRUE(notes);
    EXPECT_EQ(notes->size(), 4u);
    for (size_t i = 0; i < notes->size(); ++i) EXPECT_EQ(notes->getElement<std::string>(static_cast<unsigned>(i)).rfind("GUESS: ", 0), 0u);
    EXPECT_EQ(d->getArray("questions")->size(), 4u);

    // It loads and ingests as drafted, and the guess is what the analysis counts.
    r = ingest("codes.csv", "codes");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 40 respondents"), std::string::npos) << r.out;
    const SurveyDefinition survey = SurveyDefinition::load(dir.file("surveys/codes.json"));
    const Question* q = survey.find_question(d->getArray("questions")->getObject(0)->getValue<std::string>("id"));
    ASSERT_NE(q, nullptr);
    ASSERT_EQ(q->scale.points.size(), 5u);
    EXPECT_FALSE(q->scale.points[2].positive);
    EXPECT_TRUE(q->scale.points[3].positive && q->scale.points[4].positive);
}

// A definition's notes are for people: text only, and a misspelt key is still refused.
TEST_F(Inspect, TheLoaderTakesNotesAsTextOnly) {
    const std::string base = R"({"schema": "gapfinder-survey/1", "id": "n", "title": "N", "kind": "consultation",
        "respondent_id_column": "ID", "questions": [{"id": "q1", "column": "Q1", "text": "Q1", "theme": "", "scale": "yn"}],
        "scales": {"yn": {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [1]}}, )";
    EXPECT_NO_THROW(SurveyDefinition::parse(base + R"("notes": ["GUESS: check q1"]})", "n.json"));
    try {
        SurveyDefinition::parse(base + R"("notes": ["fine", 3]})", "n.json");
        ADD_FAILURE() << "a number in notes was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("n.json: notes[1]: expected text"), std::string::npos) << e.what();
    }
    try {
        SurveyDefinition::parse(base + R"("note": ["GUESS"]})", "n.json");
        ADD_FAILURE() << "\"note\" was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("note: is not a known field here"), std::string::npos) << e.what();
    }
}

// Comments are free text, not a dimension of a category per respondent: they are drafted
// as comment questions and kept with their respondents. A short list of places stays a
// dimension, even in a small file where each appears once.
TEST_F(Inspect, FreeTextIsDraftedAsCommentsNotADimension) {
    std::string csv = "ID,Any other comments?,Other (please specify),Ward,How satisfied are you with your local area?\n";
    const char* words[] = {"bins", "parking", "more buses please", "street lights", "the park", "noise at night", "potholes",
                           "library hours"};
    const char* sat[] = {"Very satisfied", "Fairly satisfied", "Fairly dissatisfied", "Very dissatisfied"};
    for (int i = 0; i < 8; ++i)
        csv += "R" + std::to_string(i) + ",The " + words[i] + " near my house on road number " + std::to_string(i) +
               " needs looking at," + words[i] + "," + (i < 4 ? "Ward " + std::to_string(i) : "Ward " + std::to_string(i - 4)) + "," +
               sat[i % 4] + "\n";
    test::write_file(dir.file("comments.csv"), csv);
    auto r = inspect("comments.csv", "comments");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 2 \"Any other comments?\": free text; a comment question (c1_any_other_comments)"),
              std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 3 \"Other (please specify)\": free text; a comment question"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 4 \"Ward\": dimension"), std::string::npos) << r.out;
    const Object::Ptr drafted = draft("comments");
    const Array::Ptr dimensions = drafted->getArray("dimensions");
    ASSERT_TRUE(dimensions);
    ASSERT_EQ(dimensions->size(), 1u);
    EXPECT_EQ(dimensions->getObject(0)->getValue<std::string>("column"), "Ward");
    const Array::Ptr comments = drafted->getArray("comments");
    ASSERT_TRUE(comments);
    ASSERT_EQ(comments->size(), 2u);
    EXPECT_EQ(comments->getObject(0)->getValue<std::string>("column"), "Any other comments?");
    r = ingest("comments.csv", "comments");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Design columns are drafted only where the ingest would take them: with a weight, and
// with a value on every row; otherwise inspect says why.
TEST_F(Inspect, DesignColumnsNeedAWeightAndAValueOnEveryRow) {
    std::string csv = "Serial,Stratum,PSU,Do you feel safe?\n";
    for (int i = 0; i < 12; ++i)
        csv += std::to_string(100 + i) + "," + (i == 5 ? "" : i % 2 ? "North" : "South") + "," + std::to_string(i % 3) + "," +
               (i % 3 ? "Yes" : "No") + "\n";
    test::write_file(dir.file("unweighted.csv"), csv);
    auto r = inspect("unweighted.csv", "unweighted");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 3 \"PSU\" looks like the sample's clusters (cluster_column), but no weight column was found"),
              std::string::npos) << r.out;
    Object::Ptr d = draft("unweighted");
    EXPECT_FALSE(d->has("cluster_column"));
    EXPECT_FALSE(d->has("strata_column"));
    EXPECT_EQ(ingest("unweighted.csv", "unweighted").exit_code, 0);

    std::string weighted = "Serial,Stratum,PSU,Do you feel safe?,Weight\n";
    for (int i = 0; i < 12; ++i)
        weighted += std::to_string(100 + i) + "," + (i == 5 ? "" : i % 2 ? "North" : "South") + "," + std::to_string(i % 3) + "," +
                    (i % 3 ? "Yes" : "No") + "," + std::to_string(1.0 + i % 2) + "\n";
    test::write_file(dir.file("weighted.csv"), weighted);
    r = inspect("weighted.csv", "weighted");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 2 \"Stratum\" looks like the sample's strata (strata_column), but 1 cell(s) are blank"),
              std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 3 \"PSU\": the sample's clusters (cluster_column, 3 values)"), std::string::npos) << r.out;
    d = draft("weighted");
    EXPECT_FALSE(d->has("strata_column"));
    EXPECT_EQ(d->getValue<std::string>("cluster_column"), "PSU");
    EXPECT_EQ(d->getValue<std::string>("weight_column"), "Weight");
    r = ingest("weighted.csv", "weighted");
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

// R's api cluster sample as a polling supplier sends it (tests/fixtures/design/
// supplier-poll.csv: apiclus1.csv with the supplier's headings Serial, Sampling point,
// Stratum and Weight): inspect, ingest and analyse --weighted with the draft as written
// give the findings R's survey package gives for the same design
// (tests/reference/design_reference.json, "api-region-clusters").
TEST_F(Inspect, ASupplierFileReachesWeightedFindingsUnedited) {
    const std::string file = test::fixture("design/supplier-poll.csv");
    auto r = inspect(file, "supplier-poll");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("column 3 \"Stratum\": the sample's strata (strata_column, 3 values)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("column 2 \"Sampling point\": the sample's clusters (cluster_column"), std::string::npos) << r.out;
    const Object::Ptr d = draft("supplier-poll");
    EXPECT_EQ(d->getValue<std::string>("respondent_id_column"), "Serial");
    EXPECT_EQ(d->getValue<std::string>("weight_column"), "Weight");
    EXPECT_EQ(d->getValue<std::string>("strata_column"), "Stratum");
    EXPECT_EQ(d->getValue<std::string>("cluster_column"), "Sampling point");
    std::map<std::string, std::string> question_of_column;  // the reference names questions by column
    const Array::Ptr questions = d->getArray("questions");
    for (size_t i = 0; i < questions->size(); ++i) {
        const Object::Ptr q = questions->getObject(static_cast<unsigned>(i));
        question_of_column[q->getValue<std::string>("column")] = q->getValue<std::string>("id");
    }

    r = run_gapfinder({"ingest", file, "--survey", "supplier-poll", "--wave", "2000", "--surveys-dir", "surveys"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_gapfinder({"analyse", "--survey", "supplier-poll", "--wave", "2000", "--surveys-dir", "surveys", "--weighted", "--format",
                       "json"},
                      cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Object::Ptr findings = test::parse_object(r.out);
    const Object::Ptr reference = test::parse_object(test::read_file(std::string(SOURCE_DIR) + "/tests/reference/design_reference.json"))
                                      ->getObject("designs")
                                      ->getObject("api-region-clusters");
    EXPECT_EQ(findings->getObject("weighting")->getObject("design")->getValue<double>("df"), reference->getValue<double>("df"));

    std::map<std::tuple<std::string, std::string, std::string>, Object::Ptr> rows;
    const Array::Ptr results = findings->getArray("results");
    for (size_t i = 0; i < results->size(); ++i) {
        const Object::Ptr row = results->getObject(static_cast<unsigned>(i));
        rows[{row->getValue<std::string>("question"), row->getValue<std::string>("characteristic"), row->getValue<std::string>("group")}] =
            row;
    }
    const Array::Ptr want_rows = reference->getArray("rows");
    size_t compared = 0, tested = 0;
    for (size_t i = 0; i < want_rows->size(); ++i) {
        const Object::Ptr want = want_rows->getObject(static_cast<unsigned>(i));
        const std::string column = want->getValue<std::string>("question");
        ASSERT_TRUE(question_of_column.count(column)) << column << " was not drafted as a question";
        const auto key = std::make_tuple(question_of_column[column], want->getValue<std::string>("grouping"),
                                         want->getValue<std::string>("group"));
        const std::string name = column + " " + std::get<1>(key) + " " + std::get<2>(key);
        ASSERT_TRUE(rows.count(key)) << name;
        for (const char* field : {"rate", "ci_low", "ci_high", "n_eff"}) {
            if (!want->has(field) || want->get(field).isString()) continue;  // R's NaN: no logit interval at 0 or 1
            const double w = want->getValue<double>(field), g = rows[key]->getValue<double>(field);
            EXPECT_LE(std::fabs(w - g), 1e-9 * std::max(1.0, std::fabs(w))) << name << " " << field << ": R " << w << ", gapfinder " << g;
            ++compared;
        }
        // The design-based test of each group against the rest; the larger of two groups
        // mirrors the smaller's and carries none.
        if (rows[key]->has("p") && !rows[key]->isNull("p")) {
            const double w = want->getValue<double>("p"), g = rows[key]->getValue<double>("p");
            EXPECT_LE(std::fabs(w - g), 1e-9 * std::max(1.0, std::fabs(w))) << name << " p: R " << w << ", gapfinder " << g;
            ++tested;
        }
    }
    EXPECT_GE(compared, 100u);
    EXPECT_GE(tested, 12u);
}

// Every fixture file, in every plugin's format, through inspect and then ingest with the
// draft as written: the ingest succeeds, or stops only on labels inspect listed to map;
// never on the draft itself. The exceptions are named here with their reasons, and each
// is checked to fail for that reason, so that the list cannot go stale.
TEST_F(Inspect, EveryFixtureFileIngestsWithItsUneditedDraft) {
    // Not survey files.
    const auto not_a_survey_file = [](const std::string& rel) -> const char* {
        if (rel.rfind("layers/", 0) == 0) return "C++ sources for the layering check";
        if (rel.size() > 5 && rel.compare(rel.size() - 5, 5, ".json") == 0)
            return "a definition, benchmark, expected cells or label list, not a survey file";
        if (rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".md") == 0) return "documentation";
        if (rel.size() > 10 && rel.compare(rel.size() - 10, 10, ".error.txt") == 0) return "the advice expected for a refused file";
        return nullptr;
    };
    // Options a user passes to read the file, as its plugin's tests do.
    const std::map<std::string, std::vector<std::string>> options = {
        {"xlsx/mini-good.xlsx", {"header_row=2"}},
        {"xlsx/mini-good-streamed.xlsx", {"header_row=2"}},
        {"xlsx/mini-good-unsigned-descriptors.xlsx", {"header_row=2"}},
        {"xlsx/two-sheets.xlsx", {"sheet=Responses"}},
        {"xlsx/two-sheets-strict.xlsx", {"sheet=Responses"}},
    };
    // Files their plugin refuses, by design: inspect stops with an error naming the file
    // and this part of the reason.
    const std::map<std::string, std::string> refused = {
        {"online/bad-option.csv", "but its column is for the option"},
        {"online/bad-option.xlsx", "but its column is for the option"},
        {"online/empty.csv", "the file is empty"},
        {"online/extra-cell.xlsx", "right of the last column of the header rows"},
        {"online/ragged-row.csv", "has 22 cells but the header rows have 23"},
        {"online/truncated.xlsx", "the file is truncated or damaged"},
        {"real/pspp-date-past-9999.sav", "is not a date that can"},
        {"real/pspp.por", "SPSS portable file (.por), which gapfinder does not read"},
        {"xlsx/not-a-workbook.xlsx", "not an Excel workbook"},
        {"xlsx/problems.xlsx", "the cell holds the Excel error #N/A"},
        {"text/planted_personal_data.tsv", "has 2 cells but the heading line has 1"},  // the redaction tests' comments, not a survey
    };
    // Files that hold no question a draft can find: a definition needs one, so the draft
    // says it will not load, and the ingest stops on the definition, naming the field.
    const std::map<std::string, std::string> no_question = {
        {"mini-good.csv", "its answers mix labels with codes (\"2\" among \"Very satisfied\"), and Agree / Disagree is no known scale"},
        {"xlsx/mini-good.xlsx", "the workbook of mini-good.csv"},
        {"xlsx/mini-good-streamed.xlsx", "the workbook of mini-good.csv"},
        {"xlsx/mini-good-unsigned-descriptors.xlsx", "the workbook of mini-good.csv"},
        {"online/header-only.csv", "headings and no respondents"},
        {"sav/dates.sav", "dates and durations only, for the SPSS date tests"},
        {"sav/non-ascii.sav", "names and two-valued codes only, for the SPSS encoding tests"},
        {"xlsx/mac-1904.xlsx", "dates and a two-valued score only, for the 1904 date system tests"},
        {"xlsx/two-sheets.xlsx", "one cell of each kind Excel stores, for the cell tests"},
        {"xlsx/two-sheets-strict.xlsx", "one cell of each kind Excel stores, for the cell tests"},
        {"text/fightin_words_counts.csv", "term counts by group, the Fightin' Words reference's input, not responses"},
    };

    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(test::fixture(""))) {
        if (!entry.is_regular_file()) continue;
        const std::string rel = fs::relative(entry.path(), test::fixture("")).generic_string();
        if (!not_a_survey_file(rel)) files.push_back(rel);
    }
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 35u);
    for (const auto& [rel, why] : refused) EXPECT_NE(std::find(files.begin(), files.end(), rel), files.end()) << rel << " is gone";
    for (const auto& [rel, why] : no_question) EXPECT_NE(std::find(files.begin(), files.end(), rel), files.end()) << rel << " is gone";

    size_t ingested = 0, stopped_on_listed_labels = 0;
    for (size_t n = 0; n < files.size(); ++n) {
        const std::string& rel = files[n];
        SCOPED_TRACE(rel);
        const std::string path = test::fixture(rel), id = "fixture-" + std::to_string(n + 1);
        const std::string surveys = "surveys-" + std::to_string(n + 1);  // one draft a folder: a bad one stops no other
        fs::create_directory(dir.path() / surveys);
        std::vector<std::string> args = {"inspect", path, "--id", id, "-o", surveys + "/" + id + ".json"};
        std::vector<std::string> ingest_args = {"ingest", path, "--survey", id, "--wave", "2026", "--surveys-dir", surveys};
        if (const auto it = options.find(rel); it != options.end())
            for (const auto& o : it->second) {
                for (auto* a : {&args, &ingest_args}) a->insert(a->end(), {"--option", o});
            }
        auto r = run_gapfinder(args, cwd());
        if (const auto it = refused.find(rel); it != refused.end()) {
            EXPECT_EQ(r.exit_code, 1) << r.out;
            EXPECT_NE(r.err.find(it->second), std::string::npos) << r.err;
            EXPECT_NE(r.err.find(fs::path(rel).filename().string()), std::string::npos) << r.err;
            continue;
        }
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::set<std::string> to_map;
        const std::regex listed("\"([^\"]+)\" \\([0-9,]+ respondents\\) matches no category");
        for (std::sregex_iterator it(r.out.begin(), r.out.end(), listed), end; it != end; ++it) to_map.insert((*it)[1]);
        const bool said_no_question = r.out.find("no question column found") != std::string::npos;

        r = run_gapfinder(ingest_args, cwd());
        if (no_question.count(rel)) {
            EXPECT_TRUE(said_no_question) << "inspect did not say its draft has no question";
            EXPECT_EQ(r.exit_code, 1);
            EXPECT_NE(r.err.find(id + ".json: questions: must hold at least one question"), std::string::npos) << r.err;
            continue;
        }
        EXPECT_FALSE(said_no_question);
        EXPECT_EQ(r.err.find("in the survey definition"), std::string::npos) << "the unedited draft did not load: " << r.err;
        if (r.exit_code == 0) {
            EXPECT_NE(r.out.find("Ingested "), std::string::npos) << r.out;
            ++ingested;
            continue;
        }
        // Stopped: only on labels inspect listed to map, each named with its row and column.
        const std::regex refusal("row [0-9]+, column \"[^\"]+\": \"([^\"]+)\" is not an allowed answer");
        size_t refusals = 0;
        for (std::sregex_iterator it(r.err.begin(), r.err.end(), refusal), end; it != end; ++it, ++refusals)
            EXPECT_TRUE(to_map.count((*it)[1])) << (*it)[1] << " was not listed by inspect";
        EXPECT_GT(refusals, 0u) << r.err;
        ++stopped_on_listed_labels;
    }
    EXPECT_GE(ingested, 7u);
    EXPECT_GE(stopped_on_listed_labels, 10u);
}

}  // namespace
}  // namespace gapfinder
