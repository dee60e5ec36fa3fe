#include "domain/survey_definition.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

const char* kMinimal = R"({
  "schema": "gapfinder-survey/1", "id": "t", "title": "T", "kind": "consultation",
  "respondent_id_column": "id",
  "questions": [
    {"id": "q1", "column": "Q1", "scale": {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [1]}},
    {"id": "q2", "column": "Q2", "scale": {"points": [{"code": 1, "label": "Agree"}, {"code": 2, "label": "Disagree"},
                                                      {"code": 3, "label": "Agree"}, {"code": 4, "label": "Not sure"}],
                                           "positive": [1, 6], "non_substantive": [1]}}
  ],
  "characteristics": [{"characteristic": "ethnicity", "column": "E"},
                      {"characteristic": "race", "column": "R", "map": {"Other": "other"}}]
})";

std::string problems_of(const std::string& json) {
    try {
        SurveyDefinition::parse(json, "def.json");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(SurveyDefinition, LoadsTheFixtureAndCodesCells) {
    const auto d = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    EXPECT_EQ(d.id, "mini-panel");
    ASSERT_EQ(d.questions.size(), 2u);
    const Scale& s = d.questions[0].scale;
    EXPECT_EQ(s.match("Very satisfied"), 1);
    EXPECT_EQ(s.match("don\xE2\x80\x99t know"), 6);
    EXPECT_EQ(s.match("9"), 6);
    EXPECT_EQ(s.match(""), kBlank);
    EXPECT_EQ(s.match("7"), -1);
    EXPECT_TRUE(s.points[1].positive);
    EXPECT_FALSE(s.points[5].substantive);
    const Grouping* race = d.find_grouping("race");
    ASSERT_NE(race, nullptr);
    EXPECT_EQ(race->match("White - British"), 1 + find_characteristic("race")->find("white_british"));
    EXPECT_EQ(race->match("Prefer not to say"), kUndisclosed);
    EXPECT_EQ(race->match("Klingon"), -1);
    const Grouping* ward = d.find_grouping("ward");
    ASSERT_NE(ward, nullptr);
    EXPECT_EQ(ward->match("Southside"), 2);
}

TEST(SurveyDefinition, ReportsEveryProblemByJsonPath) {
    const std::string p = problems_of(kMinimal);
    EXPECT_NE(p.find("def.json: questions[1].scale.points[2].label: \"Agree\" appears twice on the scale"), std::string::npos) << p;
    EXPECT_NE(p.find("questions[1].scale.positive: code 6 is not on the scale"), std::string::npos) << p;
    EXPECT_NE(p.find("questions[1].scale.non_substantive: code 1 cannot be both positive and non-substantive"), std::string::npos) << p;
    EXPECT_NE(p.find("characteristics[0].characteristic: \"ethnicity\" is not in the catalogue"), std::string::npos) << p;
    EXPECT_NE(p.find("characteristics[1].map[\"Other\"]: \"other\" is not a category of race"), std::string::npos) << p;
}

TEST(SurveyDefinition, RequiredFieldsAndJsonSyntax) {
    EXPECT_NE(problems_of(R"({"schema": "gapfinder-survey/1"})").find("id: is required"), std::string::npos);
    EXPECT_NE(problems_of(R"({"schema": "gapfinder-survey/1"})").find("questions: is required"), std::string::npos);
    EXPECT_NE(problems_of(R"({"schema": "gapfinder-survey/2", "id": "x"})").find("schema: \"gapfinder-survey/2\" is not a known schema"),
              std::string::npos);
    EXPECT_NE(problems_of("{\"id\": ").find("def.json: not valid JSON"), std::string::npos);
    EXPECT_NE(problems_of("[1]").find("must hold one JSON object"), std::string::npos);
}

TEST(SurveyDefinition, ColumnsCannotBeClaimedTwice) {
    const std::string p = problems_of(R"({"schema": "gapfinder-survey/1", "id": "t", "title": "T", "kind": "consultation",
      "respondent_id_column": "id",
      "questions": [{"id": "q1", "column": "Q1", "scale": {"points": [{"code": 1, "label": "Yes"}], "positive": [1]}}],
      "characteristics": [{"characteristic": "sex", "column": "q1"}]})");
    EXPECT_NE(p.find("characteristics[0].column: \"q1\" is already used by another field"), std::string::npos) << p;
}

TEST(SurveyCatalogue, FindsDefinitionsAndNamesUnknownIds) {
    SurveyCatalogue cat({test::fixture_surveys(), "/nonexistent"});
    EXPECT_NE(cat.find("mini-panel"), nullptr);
    try {
        cat.get("nope");
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("known: mini-panel"), std::string::npos) << e.what();
    }
}

TEST(SurveyCatalogue, BundledDefinitionsAreValid) {
    SurveyCatalogue cat({std::string(SOURCE_DIR) + "/surveys"});
    EXPECT_NE(cat.find("citizens-panel"), nullptr);
    EXPECT_NE(cat.find("staff-survey"), nullptr);
}

const char* kWithPopulationAndDefaults = R"({
  "schema": "gapfinder-survey/1", "id": "t", "title": "T", "kind": "consultation",
  "respondent_id_column": "id",
  "questions": [{"id": "q1", "column": "Q1", "scale": {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [1]}}],
  "characteristics": [{"characteristic": "sex", "column": "S"}],
  "population": {"profile": "town-2021", "rake_on": ["sex"]},
  "analysis": {"level": "group", "min_base": 50, "correction": "holm"}
})";

TEST(SurveyDefinition, ReadsThePopulationAndAnalysisDefaults) {
    const auto d = SurveyDefinition::parse(kWithPopulationAndDefaults, "def.json");
    EXPECT_EQ(d.population_profile, "town-2021");
    ASSERT_EQ(d.rake_on.size(), 1u);
    EXPECT_EQ(d.analysis_defaults.at("level"), "group");
    EXPECT_EQ(d.analysis_defaults.at("min-base"), "50");
    EXPECT_EQ(d.analysis_defaults.at("correction"), "holm");
}

TEST(SurveyDefinition, DisclosureFloorHasSafeDefaultsAndFiltersOnDimensionsOnly) {
    auto d = SurveyDefinition::parse(kWithPopulationAndDefaults, "def.json");
    EXPECT_EQ(d.disclosure.suppress_below, 10);
    EXPECT_EQ(d.disclosure.min_base, 30);
    EXPECT_EQ(d.disclosure.round_counts_to, 0);
    EXPECT_EQ(d.disclosure.min_filtered_respondents, 50u);
    EXPECT_TRUE(d.disclosure.filter_by.empty());  // a characteristic is never a filter unless listed
    EXPECT_FALSE(d.disclosure.allows_filter_by("sex"));

    std::string json = kWithPopulationAndDefaults;
    json.replace(json.find("\"population\""), 0,
                 R"("dimensions": [{"id": "team", "label": "Team", "column": "T", "categories": [{"id": "a", "label": "A"}]}],
                    "disclosure": {"suppress_below": 20, "min_base": 50, "round_counts": 5, "min_filtered_respondents": 200,
                                   "filter_by": ["sex", "team"]}, )");
    d = SurveyDefinition::parse(json, "def.json");
    EXPECT_EQ(d.disclosure.suppress_below, 20);
    EXPECT_EQ(d.disclosure.round_counts_to, 5);
    EXPECT_EQ(d.disclosure.min_filtered_respondents, 200u);
    EXPECT_TRUE(d.disclosure.allows_filter_by("sex"));
    EXPECT_TRUE(d.disclosure.allows_filter_by("team"));
}

TEST(SurveyDefinition, DisclosureProblemsAreNamedByPath) {
    std::string json = kWithPopulationAndDefaults;
    json.replace(json.find("\"population\""), 0,
                 R"("disclosure": {"suppress_below": 60, "min_base": 40, "round_counts": 7, "filter_by": ["race"], "k": 1}, )");
    const std::string p = problems_of(json);
    EXPECT_NE(p.find("disclosure.k: is not a known field here"), std::string::npos) << p;
    EXPECT_NE(p.find("disclosure.round_counts: use 0, 5 or 10"), std::string::npos) << p;
    EXPECT_NE(p.find("disclosure.min_base: must not be below disclosure.suppress_below"), std::string::npos) << p;
    EXPECT_NE(p.find("disclosure.filter_by[0]: \"race\" is not a characteristic or dimension of this survey"), std::string::npos)
        << p;
    // The survey's own analysis defaults may not go below its floor either.
    json = kWithPopulationAndDefaults;
    json.replace(json.find("\"population\""), 0, R"("disclosure": {"min_base": 60, "suppress_below": 20}, )");
    EXPECT_NE(problems_of(json).find("analysis.min_base: 50 is below the disclosure floor (disclosure.min_base: 60)"),
              std::string::npos)
        << problems_of(json);
}

TEST(SurveyDefinition, BadPopulationAndAnalysisSettingsAreNamedByPath) {
    std::string json = kWithPopulationAndDefaults;
    json.replace(json.find("[\"sex\"]"), 7, "[\"sex\", \"race\"]");
    json.replace(json.find("\"holm\""), 6, "\"sidak\"");
    json.replace(json.find("\"min_base\": 50"), 14, "\"min_base\": \"50\", \"colour\": \"red\"");
    const std::string p = problems_of(json);
    EXPECT_NE(p.find("population.rake_on[1]: \"race\" is not a characteristic this survey records"), std::string::npos) << p;
    EXPECT_NE(p.find("analysis.correction: \"sidak\" is not one of bh, holm, bonferroni, none"), std::string::npos) << p;
    EXPECT_NE(p.find("analysis.min_base: expected a number"), std::string::npos) << p;
    EXPECT_NE(p.find("analysis.colour: is not an analysis setting"), std::string::npos) << p;
}

TEST(SurveyDefinition, WorkforceTargetsAreCheckedAgainstTheDefinition) {
    std::string json = kWithPopulationAndDefaults;
    json.replace(json.find("\"analysis\""), 0,
                 "\"workforce_targets\": [{\"id\": \"t\", \"label\": \"T\", \"dimension\": \"grade\", "
                 "\"characteristic\": \"sex\", \"groups\": [\"female\", \"martian\"], \"target\": 11}], ");
    const std::string p = problems_of(json);
    EXPECT_NE(p.find("workforce_targets[0].dimension: \"grade\" is not a dimension of this survey"), std::string::npos) << p;
    EXPECT_NE(p.find("workforce_targets[0].groups[1]: \"martian\" is not a category of sex"), std::string::npos) << p;
    EXPECT_NE(p.find("workforce_targets[0].target: expected a share between 0 and 1"), std::string::npos) << p;
}

}  // namespace
}  // namespace gapfinder
