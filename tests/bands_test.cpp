// Bands as data (issue 17, item 1): a survey's own bands of a numeric characteristic
// (a council's 18-34 / 35-54 / 55-74 / 75+), population profiles at finer bandings summed
// into them for raking and representativeness, the errors either can hold, and a council
// file going inspect -> ingest -> weighted findings without hand edits to its bands.
// Fixtures: tests/fixtures/bands/, written by scripts/fixtures/make_band_fixtures.py.
#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "analysis/weighting.hpp"
#include "domain/bands.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::string definition(const std::string& categories, const std::string& characteristic = "age") {
    return R"({"schema": "gapfinder-survey/1", "id": "banded", "title": "Banded", "kind": "residents_panel",
      "respondent_id_column": "ID",
      "scales": {"yn": {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [1]}},
      "questions": [{"id": "q1", "column": "Q1", "scale": "yn"}],
      "characteristics": [{"characteristic": ")" +
           characteristic + R"(", "column": "Age group", "categories": )" + categories + "}]}";
}

const std::string kCouncilBands = R"([{"id": "age_18_34", "label": "18-34", "from": 18, "to": 34},
  {"id": "age_35_54", "label": "35-54", "from": 35, "to": 54},
  {"id": "age_55_74", "label": "55-74", "from": 55, "to": 74},
  {"id": "age_75_plus", "label": "75+", "from": 75}])";

PopulationProfile profile_fixture(const std::string& id) {
    return PopulationProfile::find_in({test::fixture("bands")}, id);
}

bool same(const std::optional<Band>& b, int from, int to) { return b && b->from == from && b->to == to; }

TEST(Bands, LabelsAsCouncilsAndTheOnsWriteThem) {
    EXPECT_TRUE(same(parse_band_label("18-34"), 18, 34));
    EXPECT_TRUE(same(parse_band_label("35 to 54"), 35, 54));
    EXPECT_TRUE(same(parse_band_label("Aged 16\u201324"), 16, 24));  // an en dash, as Word types it
    EXPECT_TRUE(same(parse_band_label("75+"), 75, kOpenEnded));
    EXPECT_TRUE(same(parse_band_label("85 and over"), 85, kOpenEnded));
    EXPECT_TRUE(same(parse_band_label("65 years or older"), 65, kOpenEnded));
    EXPECT_TRUE(same(parse_band_label("Under 18"), 0, 17));
    EXPECT_FALSE(parse_band_label("40"));  // an age, not a band
    EXPECT_FALSE(parse_band_label("34-18"));
    EXPECT_FALSE(parse_band_label("Prefer not to say"));
    EXPECT_FALSE(parse_band_label("Scale 1-4 staff"));
    EXPECT_EQ((Band{75, kOpenEnded}.text()), "75+");
    EXPECT_EQ((Band{35, 54}.text()), "35-54");
}

TEST(Bands, OverlapsAndGapsAreNamed) {
    EXPECT_TRUE(check_bands({{18, 34}, {35, 54}, {55, kOpenEnded}}, "b").empty());
    const auto overlap = check_bands({{18, 40}, {35, 54}}, "b");
    ASSERT_EQ(overlap.size(), 1u);
    EXPECT_EQ(overlap[0].index, 1u);
    EXPECT_EQ(overlap[0].message, "35-54 overlaps b[0] (18-40): a value in both would be counted twice");
    const auto gap = check_bands({{40, 54}, {18, 34}}, "b");  // order does not matter
    ASSERT_EQ(gap.size(), 1u);
    EXPECT_EQ(gap[0].index, 0u);
    EXPECT_NE(gap[0].message.find("gap of 35-39 between 40-54 and b[1] (18-34)"), std::string::npos) << gap[0].message;
    // Any ordered numeric characteristic: hours of care a week, in whole hours.
    EXPECT_TRUE(check_bands({{1, 19}, {20, 49}, {50, kOpenEnded}}, "care").empty());
}

TEST(Bands, ACouncilsBandsStayAgeAndMapToTheCatalogueWhereTheyNest) {
    const auto d = SurveyDefinition::parse(definition(kCouncilBands), "banded.json");
    const Grouping* age = d.find_grouping("age");
    ASSERT_NE(age, nullptr);
    EXPECT_EQ(age->kind, Grouping::Kind::characteristic);
    EXPECT_TRUE(age->banded);
    ASSERT_EQ(age->categories.size(), 4u);
    EXPECT_EQ(age->categories[0].catalogue, "age_16_34");    // 18-34 lies inside 16 to 34
    EXPECT_EQ(age->categories[1].catalogue, "age_35_64");    // 35-54 inside 35 to 64
    EXPECT_EQ(age->categories[2].catalogue, "");             // 55-74 spans 35-64 and 65+
    EXPECT_EQ(age->categories[3].catalogue, "age_75_plus");  // the narrowest that holds it
    EXPECT_EQ(age->match("18-34"), 1);
    EXPECT_EQ(age->match("40"), 2);                  // an age in years falls into its band
    EXPECT_EQ(age->match("Aged 55 to 74"), 3);       // the band in other words
    EXPECT_EQ(age->match("65 to 74"), 3);            // a catalogue band inside one of the survey's
    EXPECT_EQ(age->match("75 and over"), 4);
    EXPECT_EQ(age->match("16 to 24"), -1);           // reaches below the survey's bands
    EXPECT_EQ(age->match("35 to 64"), -1);           // spans two of them
    EXPECT_EQ(age->match("17"), -1);
    EXPECT_EQ(age->match("Prefer not to say"), kUndisclosed);
    EXPECT_NE(age->allowed_labels().find("\"55-74\""), std::string::npos);

    // A band without a label is named by its range; a catalogue id keeps its catalogue range.
    const auto plain = SurveyDefinition::parse(definition(R"([{"id": "young", "from": 16, "to": 24},
        {"id": "age_25_34", "from": 25, "to": 34}, {"id": "older", "from": 35}])"), "plain.json");
    EXPECT_EQ(plain.find_grouping("age")->categories[0].label, "16-24");
    EXPECT_EQ(plain.find_grouping("age")->categories[2].label, "35+");
}

TEST(Bands, BadBandsInADefinitionAreNamedByFileAndField) {
    auto error = [](const std::string& categories, const std::string& characteristic = "age") {
        return error_of([&] { SurveyDefinition::parse(definition(categories, characteristic), "council.json"); });
    };
    std::string e = error(R"([{"id": "a", "from": 18, "to": 40}, {"id": "b", "from": 35, "to": 54}])");
    EXPECT_NE(e.find("council.json: characteristics[0].categories[1]: 35-54 overlaps characteristics[0].categories[0] (18-40)"),
              std::string::npos) << e;
    e = error(R"([{"id": "a", "from": 54, "to": 35}, {"id": "b", "from": 55}])");
    EXPECT_NE(e.find("council.json: characteristics[0].categories[0].to: 35 is below from (54)"), std::string::npos) << e;
    e = error(R"([{"id": "a", "from": 18, "to": 34}, {"id": "b", "from": "thirty-five"}])");
    EXPECT_NE(e.find("council.json: characteristics[0].categories[1].from: \"thirty-five\" is text: expected a whole number"),
              std::string::npos) << e;
    e = error(R"([{"id": "a", "from": 18, "to": 34.5}, {"id": "b", "from": 35}])");
    EXPECT_NE(e.find("characteristics[0].categories[0].to: the value is not a whole number"), std::string::npos) << e;
    e = error(R"([{"id": "a", "label": "18-34", "to": 34}, {"id": "b", "from": 35}])");
    EXPECT_NE(e.find("characteristics[0].categories[0].from: is required"), std::string::npos) << e;
    e = error(R"([{"id": "a", "from": 18, "to": 34}, {"id": "b", "from": 40}])");
    EXPECT_NE(e.find("council.json: characteristics[0].categories[1]: there is a gap of 35-39 between 40+ and "
                     "characteristics[0].categories[0] (18-34)"),
              std::string::npos) << e;
    e = error(R"([{"id": "age_16_34", "from": 18, "to": 34}, {"id": "b", "from": 35}])");
    EXPECT_NE(e.find("characteristics[0].categories[0].id: \"age_16_34\" is the catalogue's age band 16-34, not 18-34"),
              std::string::npos) << e;
    e = error(R"([{"id": "a", "from": 18, "to": 34, "size": 3}, {"id": "b", "from": 35}])");
    EXPECT_NE(e.find("characteristics[0].categories[0].size: is not a known field here"), std::string::npos) << e;
    e = error(R"([{"id": "f", "from": 0, "to": 1}, {"id": "m", "from": 2}])", "sex");
    EXPECT_NE(e.find("council.json: characteristics[0].categories: sex has fixed categories"), std::string::npos) << e;
}

const char* kProfileHead = R"({"schema": "gapfinder-population/1", "id": "p", "margins": {"age": {"bands": )";

TEST(Bands, BadBandsInAProfileAreNamedByFileAndField) {
    auto error = [](const std::string& bands) {
        return error_of([&] { PopulationProfile::parse(kProfileHead + bands + "}}}", "town.json"); });
    };
    std::string e = error(R"([{"from": 0, "to": 19, "count": 5}, {"from": 15, "to": 29, "count": 5}])");
    EXPECT_NE(e.find("town.json: margins.age.bands[1]: 15-29 overlaps margins.age.bands[0] (0-19)"), std::string::npos) << e;
    e = error(R"([{"from": 0, "to": "nineteen", "count": 5}, {"from": 20, "count": 5}])");
    EXPECT_NE(e.find("town.json: margins.age.bands[0].to: \"nineteen\" is text"), std::string::npos) << e;
    e = error(R"([{"from": 0, "to": 19}, {"from": 20, "count": 5}])");
    EXPECT_NE(e.find("town.json: margins.age.bands[0].count: expected a number of people"), std::string::npos) << e;
    e = error(R"([{"from": 0, "to": 19, "count": 5}, {"from": 25, "count": 5}])");
    EXPECT_NE(e.find("town.json: margins.age.bands[1]: there is a gap of 20-24"), std::string::npos) << e;
    e = error_of([] {
        PopulationProfile::parse(R"({"schema": "gapfinder-population/1", "id": "p", "margins": {"sex": {"bands": [{"from": 0, "count": 1}]}}})",
                                 "town.json");
    });
    EXPECT_NE(e.find("town.json: margins.sex.bands: sex has no numeric bands"), std::string::npos) << e;
}

std::map<std::string, double> expected_aggregates() {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(test::read_file(test::fixture("bands/expected-aggregates.json"))).extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, double> out;
    const auto age = root->getObject("age");
    for (const auto& name : age->getNames()) out[name] = age->getValue<double>(name);
    return out;
}

TEST(Bands, AProfileInSingleYearsIsSummedIntoTheSurveysBands) {
    const auto d = SurveyDefinition::parse(definition(kCouncilBands), "council.json");
    const auto profile = profile_fixture("bands-town-single-years");
    const PopulationMargin m = margin_for(*d.find_grouping("age"), *profile.find("age"), d.source, profile.source);
    const auto expected = expected_aggregates();  // worked out by the fixture script
    ASSERT_EQ(m.counts.size(), 4u);
    for (const auto& [id, n] : m.counts) EXPECT_EQ(n, expected.at(id)) << id;
    EXPECT_EQ(m.bands[3].to, kOpenEnded);

    // A survey that records the catalogue's bands gets the profile in the catalogue's finest.
    const auto catalogue_survey = SurveyDefinition::parse(
        R"({"schema": "gapfinder-survey/1", "id": "cat", "title": "Cat", "kind": "residents_panel", "respondent_id_column": "ID",
            "questions": [{"id": "q1", "column": "Q1", "scale": {"points": [{"code": 1, "label": "Yes"}], "positive": [1]}}],
            "characteristics": [{"characteristic": "age", "column": "Age"}]})",
        "cat.json");
    const PopulationMargin c = margin_for(*catalogue_survey.find_grouping("age"), *profile.find("age"), "cat.json", profile.source);
    ASSERT_EQ(c.counts.size(), 7u);
    EXPECT_EQ(c.counts[0].first, "age_16_24");
    double sixteen_to_24 = 0;
    for (size_t i = 0; i < profile.find("age")->bands.size(); ++i)
        if (profile.find("age")->bands[i].from >= 16 && profile.find("age")->bands[i].to <= 24)
            sixteen_to_24 += profile.find("age")->counts[i].second;
    EXPECT_EQ(c.counts[0].second, sixteen_to_24);
    EXPECT_EQ(c.counts[6].first, "age_75_plus");
}

TEST(Bands, BandsThatDoNotNestAreAnErrorNamingBothBandsAndFiles) {
    const auto d = SurveyDefinition::parse(definition(kCouncilBands), "surveys/council.json");
    const auto five = profile_fixture("bands-town-five-year");
    std::string e = error_of([&] { margin_for(*d.find_grouping("age"), *five.find("age"), d.source, five.source); });
    EXPECT_NE(e.find("profile band 15-19 (" + five.source + ", margins.age.bands[3]) does not nest in the survey's bands: it "
                     "straddles the edge of survey band 18-34 (age_18_34, surveys/council.json)"),
              std::string::npos) << e;

    // A margin of catalogue categories, as Census tables give them, does not fit 18-34 either.
    const auto harrow = PopulationProfile::find_in({std::string(SOURCE_DIR) + "/surveys"}, "harrow-2021");
    e = error_of([&] { margin_for(*d.find_grouping("age"), *harrow.find("age"), d.source, harrow.source); });
    EXPECT_NE(e.find("profile band 16-24 (" + harrow.source + ", margins.age.counts.age_16_24)"), std::string::npos) << e;
    EXPECT_NE(e.find("survey band 18-34 (age_18_34"), std::string::npos) << e;

    // A profile that stops short of the survey's open top band leaves it uncovered.
    const auto short_profile = PopulationProfile::parse(std::string(kProfileHead) +
                                                            R"([{"from": 18, "to": 54, "count": 5}, {"from": 55, "to": 89, "count": 5}]}}})",
                                                        "short.json");
    const auto two = SurveyDefinition::parse(
        definition(R"([{"id": "under_55", "from": 18, "to": 54}, {"id": "over_55", "label": "55+", "from": 55}])"), "two.json");
    e = error_of([&] { margin_for(*two.find_grouping("age"), *short_profile.find("age"), two.source, short_profile.source); });
    EXPECT_NE(e.find("survey band 55+ (over_55, two.json) is not wholly covered by the margin in short.json (margins.age): it has "
                     "no people for 90+"),
              std::string::npos) << e;
}

// A council file in its own bands: inspect drafts the bands, the unedited draft ingests
// the file, and the weighted analysis rakes to a single-year profile summed into them.
class BandsEndToEnd : public ::testing::Test {
protected:
    test::TempDir dir;
    std::string cwd() const { return dir.path().string(); }
};

TEST_F(BandsEndToEnd, InspectIngestAndAnalyseWeighted) {
    namespace fs = std::filesystem;
    fs::copy_file(test::fixture("bands/council-bands.csv"), dir.path() / "council-bands.csv");
    auto r = test::run_gapfinder({"inspect", "council-bands.csv", "-o", "council-bands.json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("characteristic age in the file's own bands (18-34, 35-54, 55-74, 75+)"), std::string::npos) << r.out;
    const std::string draft = test::read_file(dir.file("council-bands.json"));
    const auto parsed = SurveyDefinition::parse(draft, "council-bands.json");
    const Grouping* age = parsed.find_grouping("age");
    ASSERT_NE(age, nullptr);
    ASSERT_TRUE(age->banded);
    ASSERT_EQ(age->categories.size(), 4u);
    EXPECT_EQ(age->categories[3].id, "age_75_plus");
    EXPECT_EQ(age->categories[3].synonyms, std::vector<std::string>{"75 and over"});

    fs::create_directories(dir.path() / "surveys" / "benchmarks");
    fs::copy_file(dir.path() / "council-bands.json", dir.path() / "surveys" / "council-bands.json");
    r = test::run_gapfinder({"ingest", "council-bands.csv", "--survey", "council-bands", "--wave", "2026", "--surveys-dir", "surveys"},
                            cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Ingested 800 respondents"), std::string::npos) << r.out;

    // The one thing a draft cannot know: which population to weight to.
    Poco::JSON::Parser parser;
    auto doc = parser.parse(draft).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr population = new Poco::JSON::Object;
    population->set("profile", "bands-town-single-years");
    Poco::JSON::Array::Ptr rake_on = new Poco::JSON::Array;
    rake_on->add("age");
    rake_on->add("sex");
    population->set("rake_on", rake_on);
    doc->set("population", population);
    std::ostringstream weighted_definition;
    doc->stringify(weighted_definition, 2);
    test::write_file(dir.file("surveys/council-bands.json"), weighted_definition.str());
    fs::copy_file(test::fixture("bands/benchmarks/bands-town-single-years.json"),
                  dir.path() / "surveys" / "benchmarks" / "bands-town-single-years.json");

    r = test::run_gapfinder({"analyse", "--survey", "council-bands", "--wave", "2026", "--surveys-dir", "surveys", "--weighted",
                             "--format", "json"},
                            cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto findings = parser.parse(r.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_NE(r.out.find("\"group\":\"age_55_74\""), std::string::npos);
    EXPECT_NE(r.out.find("\"group_label\":\"55-74\""), std::string::npos);
    // Representativeness compares respondents with the profile in the survey's bands.
    const auto expected = expected_aggregates();
    auto reps = findings->getArray("representativeness");
    ASSERT_TRUE(reps);
    bool age_compared = false;
    for (size_t i = 0; i < reps->size(); ++i) {
        auto rep = reps->getObject(static_cast<unsigned>(i));
        if (rep->getValue<std::string>("characteristic") != "age") continue;
        age_compared = true;
        auto groups = rep->getArray("groups");
        ASSERT_EQ(groups->size(), 4u);
        for (size_t k = 0; k < groups->size(); ++k) {
            auto g = groups->getObject(static_cast<unsigned>(k));
            EXPECT_EQ(g->getValue<double>("population"), expected.at(g->getValue<std::string>("group")));
        }
        // 18-34 answer at 93 of 762 against 26% of the population: under-represented.
        EXPECT_TRUE(groups->getObject(0)->getValue<bool>("under_represented"));
    }
    EXPECT_TRUE(age_compared) << r.out;

    // Raking converges, and the raked age margin is the aggregated profile's.
    const auto definition = SurveyDefinition::load(dir.file("surveys/council-bands.json"));
    Store store(dir.file("gapfinder.db"));
    const Dataset data = store.load_wave(definition, "2026");
    const auto profile = PopulationProfile::find_in({dir.file("surveys")}, "bands-town-single-years");
    WeightingSummary summary;
    const auto weights = population_weights(definition, data, profile, summary);
    EXPECT_GT(summary.iterations, 1);
    EXPECT_LT(summary.max_margin_error, 1e-12);
    const size_t age_index = static_cast<size_t>(definition.find_grouping("age") - definition.groupings.data());
    std::vector<double> raked(4, 0);
    double total = 0;
    for (size_t r = 0; r < data.rows(); ++r) {
        const uint8_t code = data.groupings[age_index][r];
        if (code >= 1 && code <= 4) raked[code - 1u] += weights[r], total += weights[r];
    }
    double population_total = 0;
    for (const auto& [id, n] : expected) population_total += n;
    for (size_t k = 0; k < 4; ++k) {
        const std::string& id = definition.find_grouping("age")->categories[k].id;
        EXPECT_NEAR(raked[k] / total, expected.at(id) / population_total, 1e-12) << id;
    }
}

TEST_F(BandsEndToEnd, AProfileThatDoesNotNestStopsTheAnalysisNamingBothBands) {
    namespace fs = std::filesystem;
    fs::create_directories(dir.path() / "surveys" / "benchmarks");
    fs::copy_file(test::fixture("bands/council-bands.csv"), dir.path() / "council-bands.csv");
    auto r = test::run_gapfinder({"inspect", "council-bands.csv", "-o", "draft.json"}, cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string draft = test::read_file(dir.file("draft.json"));
    const size_t end = draft.rfind('}');
    draft.insert(end, R"(, "population": {"profile": "bands-town-five-year", "rake_on": ["age"]})");
    test::write_file(dir.file("surveys/council-bands.json"), draft);
    fs::copy_file(test::fixture("bands/benchmarks/bands-town-five-year.json"),
                  dir.path() / "surveys" / "benchmarks" / "bands-town-five-year.json");
    r = test::run_gapfinder({"ingest", "council-bands.csv", "--survey", "council-bands", "--wave", "2026", "--surveys-dir", "surveys"},
                            cwd());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"analyse", "--survey", "council-bands", "--wave", "2026", "--surveys-dir", "surveys", "--weighted"}, cwd());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("profile band 15-19"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bands-town-five-year.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("survey band 18-34 (age_18_34"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("council-bands.json"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gapfinder
