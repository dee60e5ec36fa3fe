// The equality breakdown: comparisons, test choice, suppression, the correction family,
// flags, levels and intersections, on datasets whose counts are known exactly. Each
// figure is checked against the stats module (itself checked against R in
// stats_test.cpp) and against counts worked out by hand.
#include "analysis/breakdown.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <cmath>

#include "analysis/findings_json.hpp"
#include "stats/stats.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

// Answer codes of the mini-panel's treated_fairly question: 1 Agree (positive),
// 2 Disagree, 3 Not applicable (non-substantive), 0 blank.
constexpr uint8_t kAgree = 1, kDisagree = 2, kNotApplicable = 3;

class AnalysisTest : public ::testing::Test {
protected:
    AnalysisTest() : survey(SurveyDefinition::load(test::fixture("surveys/mini-panel.json"))) {
        data.answers.resize(survey.questions.size());
        data.groupings.resize(survey.groupings.size());
    }

    uint8_t code(const std::string& grouping, const std::string& category) const {
        const Grouping* g = survey.find_grouping(grouping);
        for (size_t i = 0; i < g->categories.size(); ++i)
            if (g->categories[i].id == category) return static_cast<uint8_t>(i + 1);
        ADD_FAILURE() << "no category " << category;
        return 0;
    }
    size_t grouping_index(const std::string& id) const { return static_cast<size_t>(survey.find_grouping(id) - survey.groupings.data()); }

    // Adds `count` respondents: `positive` of them agree, the rest disagree, each in the
    // given categories (grouping id -> category id, or "" for undisclosed).
    void add(const std::map<std::string, std::string>& groups, int count, int positive, uint8_t other_answer = kDisagree) {
        for (int i = 0; i < count; ++i) {
            data.ids.push_back("R" + std::to_string(data.rows() + 1));
            data.answers[0].push_back(i < positive ? 1 : 3);  // sat_area: very satisfied / neither
            data.answers[1].push_back(i < positive ? kAgree : other_answer);
            for (size_t g = 0; g < survey.groupings.size(); ++g) {
                auto it = groups.find(survey.groupings[g].id);
                data.groupings[g].push_back(it == groups.end() || it->second.empty() ? kUndisclosed
                                                                                        : code(it->first, it->second));
            }
        }
    }

    const GroupResult& row(const Findings& f, const std::string& question, const std::string& characteristic,
                           const std::string& group) const {
        for (const auto& r : f.results)
            if (r.question == question && r.characteristic == characteristic && r.group == group) return r;
        for (const auto& r : f.intersections)
            if (r.question == question && r.characteristic == characteristic && r.group == group) return r;
        throw std::runtime_error("no row " + question + "/" + characteristic + "/" + group);
    }

    // Sex x disability on treated_fairly, with the intersection.
    static AnalysisSettings sex_by_disability() {
        AnalysisSettings s;
        s.by = {"sex", "disability"};
        s.questions = {"treated_fairly"};
        s.intersections = true;
        return s;
    }

    // Sex x disability in four cells (520 respondents disclosed on both, 395 agreeing),
    // and 40 women undisclosed on disability.
    void add_four_cells_and_undisclosed() {
        add({{"sex", "female"}, {"disability", "disabled"}}, 60, 30);
        add({{"sex", "male"}, {"disability", "disabled"}}, 50, 35);
        add({{"sex", "female"}, {"disability", "not_disabled"}}, 200, 160);
        add({{"sex", "male"}, {"disability", "not_disabled"}}, 210, 170);
        add({{"sex", "female"}, {"disability", ""}}, 40, 0);
    }

    // Odds of a positive answer that multiply: 4 for men who are not disabled, halved for
    // women, quartered for disabled people; disabled women's own positives as given
    // (100 of 300 is what the two groups predict).
    void add_multiplying_odds(int disabled_women_positive) {
        add({{"sex", "male"}, {"disability", "not_disabled"}}, 600, 480);    // odds 4
        add({{"sex", "female"}, {"disability", "not_disabled"}}, 600, 400);  // odds 2
        add({{"sex", "male"}, {"disability", "disabled"}}, 300, 150);        // odds 1
        add({{"sex", "female"}, {"disability", "disabled"}}, 300, disabled_women_positive);
    }

    AnalysisSettings only(const std::string& by) {
        AnalysisSettings s;
        s.by = {by};
        s.questions = {"treated_fairly"};
        return s;
    }

    SurveyDefinition survey;
    Dataset data;
};

TEST_F(AnalysisTest, GroupAgainstTheRestUsesWilsonAndThePooledZTest) {
    add({{"disability", "disabled"}}, 100, 62);
    add({{"disability", "not_disabled"}}, 1000, 758);
    add({{"disability", ""}}, 20, 15);
    const Findings f = analyse(survey, data, "2024", only("disability"));

    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_EQ(d.n, 100);
    EXPECT_EQ(d.positives, 62);
    EXPECT_DOUBLE_EQ(d.rate, 0.62);
    const auto ci = stats::wilson_interval(62, 100);
    EXPECT_DOUBLE_EQ(d.ci_low, ci.low);
    EXPECT_DOUBLE_EQ(d.ci_high, ci.high);
    EXPECT_EQ(d.rest_n, 1000);  // the undisclosed 20 are in nobody's rest
    EXPECT_DOUBLE_EQ(d.rest_rate, 0.758);
    EXPECT_NEAR(d.gap_pp, -13.8, 1e-12);
    EXPECT_EQ(d.test, "z");
    EXPECT_DOUBLE_EQ(d.p, stats::two_proportion_z_test(62, 100, 758, 1000).p);
    EXPECT_TRUE(d.flagged);
    // Mean score on the Agree(1)/Disagree(2) scale.
    EXPECT_DOUBLE_EQ(d.mean, (62 * 1 + 38 * 2) / 100.0);

    const GroupResult& u = row(f, "treated_fairly", "disability", "undisclosed");
    EXPECT_TRUE(u.undisclosed);
    EXPECT_EQ(u.n, 20);
    EXPECT_DOUBLE_EQ(u.rate, 0.75);
    EXPECT_TRUE(u.test.empty());
    EXPECT_TRUE(std::isnan(u.p));
    EXPECT_FALSE(u.flagged);
}

TEST_F(AnalysisTest, NonSubstantiveAndBlankAnswersAreOutsideTheBase) {
    add({{"disability", "disabled"}}, 40, 30, kNotApplicable);  // 10 "Not applicable"
    add({{"disability", "not_disabled"}}, 60, 30, 0);           // 30 blank
    const Findings f = analyse(survey, data, "2024", only("disability"));
    EXPECT_EQ(row(f, "treated_fairly", "disability", "disabled").n, 30);
    EXPECT_DOUBLE_EQ(row(f, "treated_fairly", "disability", "disabled").rate, 1.0);
    EXPECT_EQ(row(f, "treated_fairly", "disability", "not_disabled").n, 30);
}

TEST_F(AnalysisTest, FisherRunsWhenAnExpectedCountIsUnderFive) {
    add({{"disability", "disabled"}}, 12, 12);
    add({{"disability", "not_disabled"}}, 100, 95);
    const Findings f = analyse(survey, data, "2024", only("disability"));
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_EQ(d.test, "fisher");
    EXPECT_DOUBLE_EQ(d.p, stats::fisher_exact_2x2(12, 0, 95, 5).p);
}

TEST_F(AnalysisTest, SmallGroupsAreSuppressedAndCannotBeRecoveredBySubtraction) {
    add({{"race", "white_british"}}, 300, 200);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "african"}}, 40, 20);
    add({{"race", "chinese"}}, 6, 1);  // under 10: suppressed
    const Findings f = analyse(survey, data, "2024", only("race"));

    const GroupResult& small = row(f, "treated_fairly", "race", "chinese");
    EXPECT_TRUE(small.suppressed);
    EXPECT_EQ(small.suppression, "small base");
    EXPECT_TRUE(std::isnan(small.n) && std::isnan(small.rate) && std::isnan(small.p));
    // One suppressed group alone would be total - shown; the next smallest goes too.
    const GroupResult& second = row(f, "treated_fairly", "race", "african");
    EXPECT_TRUE(second.suppressed);
    EXPECT_EQ(second.suppression, "secondary");
    EXPECT_TRUE(std::isnan(second.ci_low));
    // Suppressed people still count in the others' rest.
    const GroupResult& wb = row(f, "treated_fairly", "race", "white_british");
    EXPECT_FALSE(wb.suppressed);
    EXPECT_EQ(wb.rest_n, 246);
    EXPECT_EQ(wb.rest_positives, 171);
    // JSON says null, not 0.
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(findings_to_json(f)).extract<Poco::JSON::Object::Ptr>();
    bool seen = false;
    for (const auto& v : *doc->getArray("results")) {
        const auto o = v.extract<Poco::JSON::Object::Ptr>();
        if (o->getValue<std::string>("group") != "chinese") continue;
        seen = true;
        EXPECT_TRUE(o->isNull("n"));
        EXPECT_TRUE(o->isNull("rate"));
        EXPECT_TRUE(o->getValue<bool>("suppressed"));
    }
    EXPECT_TRUE(seen);
}

TEST_F(AnalysisTest, SecondarySuppressionContinuesUntilTheHiddenGroupsHoldEnoughPeople) {
    add({{"race", "white_british"}}, 300, 200);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "chinese"}}, 3, 1);
    add({{"race", "african"}}, 4, 2);  // two suppressed, but 7 people between them
    add({{"race", "arab"}}, 50, 25);
    const Findings f = analyse(survey, data, "2024", only("race"));
    EXPECT_TRUE(row(f, "treated_fairly", "race", "arab").suppressed);
    EXPECT_EQ(row(f, "treated_fairly", "race", "arab").suppression, "secondary");
    EXPECT_FALSE(row(f, "treated_fairly", "race", "indian").suppressed);
}

TEST_F(AnalysisTest, UndisclosedRateIsShownOnlyFromTheSuppressionThreshold) {
    add({{"sex", "female"}}, 100, 60);
    add({{"sex", "male"}}, 100, 50);
    add({{"sex", ""}}, 9, 9);
    const Findings f = analyse(survey, data, "2024", only("sex"));
    const GroupResult& u = row(f, "treated_fairly", "sex", "undisclosed");
    EXPECT_EQ(u.n, 9);
    EXPECT_TRUE(std::isnan(u.rate));
}

TEST_F(AnalysisTest, LowBaseGroupsAreShownButNeverFlagged) {
    add({{"disability", "disabled"}}, 25, 5);  // 20% against 80%: a huge gap, but n < 30
    add({{"disability", "not_disabled"}}, 500, 400);
    const Findings f = analyse(survey, data, "2024", only("disability"));
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_FALSE(d.suppressed);
    EXPECT_TRUE(d.low_base);
    EXPECT_LT(d.p_adj, 1e-6);
    EXPECT_FALSE(d.flagged);
    // Nor is the other group, whose comparison is those 25 people.
    EXPECT_FALSE(row(f, "treated_fairly", "disability", "not_disabled").flagged);
}

TEST_F(AnalysisTest, AGapOfExactlyTheThresholdIsFlagged) {
    add({{"sex", "female"}}, 2000, 1100);  // 55%
    add({{"sex", "male"}}, 2000, 1200);    // 60%
    const Findings f = analyse(survey, data, "2024", only("sex"));
    EXPECT_TRUE(row(f, "treated_fairly", "sex", "female").flagged);
}

TEST_F(AnalysisTest, ANamedComparisonGroupMayBeGivenAsPeopleWriteIt) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "indian"}}, 200, 150);
    AnalysisSettings s = only("race");
    s.compare = parse_comparison("White British");
    const Findings f = analyse(survey, data, "2024", s);
    EXPECT_TRUE(row(f, "treated_fairly", "race", "white_british").reference);
    EXPECT_EQ(f.settings.compare.group, "white_british");
}

TEST_F(AnalysisTest, ASingleDisclosedGroupHasNothingToBeComparedWith) {
    add({{"sex", "female"}}, 50, 20);
    add({{"sex", ""}}, 5, 1);
    const Findings f = analyse(survey, data, "2024", only("sex"));
    const GroupResult& r = row(f, "treated_fairly", "sex", "female");
    EXPECT_EQ(r.n, 50);
    EXPECT_EQ(r.rest_n, 0);
    EXPECT_TRUE(r.test.empty());
    EXPECT_TRUE(std::isnan(r.p));
    EXPECT_FALSE(r.flagged);
    EXPECT_TRUE(f.omnibus.empty());
}

TEST_F(AnalysisTest, ANamedComparisonGroupThatIsNotThereIsAnError) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "indian"}}, 200, 150);
    AnalysisSettings s = only("race");
    s.compare = parse_comparison("white_britsh");
    EXPECT_THROW(analyse(survey, data, "2024", s), InputError);
    s.level = Level::group;  // white_british is rolled up into white
    s.compare = parse_comparison("white_british");
    EXPECT_THROW(analyse(survey, data, "2024", s), InputError);
}

TEST_F(AnalysisTest, SmallGapsAreNotFlaggedHoweverSignificant) {
    add({{"sex", "female"}}, 20000, 16000);
    add({{"sex", "male"}}, 20000, 15400);  // 3 points, p far below 0.05
    const Findings f = analyse(survey, data, "2024", only("sex"));
    EXPECT_LT(row(f, "treated_fairly", "sex", "female").p_adj, 1e-10);
    EXPECT_FALSE(row(f, "treated_fairly", "sex", "female").flagged);
}

TEST_F(AnalysisTest, CompareWithTheLargestGroupRunsOneTestFewer) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "african"}}, 100, 60);
    AnalysisSettings s = only("race");
    s.compare = parse_comparison("largest");
    const Findings f = analyse(survey, data, "2024", s);
    const GroupResult& ref = row(f, "treated_fairly", "race", "white_british");
    EXPECT_TRUE(ref.reference);
    EXPECT_TRUE(ref.test.empty());
    const GroupResult& af = row(f, "treated_fairly", "race", "african");
    EXPECT_EQ(af.rest_n, 300);
    EXPECT_DOUBLE_EQ(af.rest_rate, 0.8);
    EXPECT_NEAR(af.gap_pp, -20, 1e-12);
    EXPECT_DOUBLE_EQ(af.p, stats::two_proportion_z_test(60, 100, 240, 300).p);
    // Family of k - 1 = 2 tests.
    const auto adjusted = stats::adjust_p_values(
        std::vector<double>{row(f, "treated_fairly", "race", "indian").p, af.p}, stats::Correction::benjamini_hochberg);
    EXPECT_DOUBLE_EQ(af.p_adj, adjusted[1]);
}

TEST_F(AnalysisTest, CompareWithANamedGroup) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "african"}}, 100, 60);
    AnalysisSettings s = only("race");
    s.compare = parse_comparison("indian");
    const Findings f = analyse(survey, data, "2024", s);
    EXPECT_TRUE(row(f, "treated_fairly", "race", "indian").reference);
    EXPECT_DOUBLE_EQ(row(f, "treated_fairly", "race", "african").rest_rate, 0.75);
}

TEST_F(AnalysisTest, CompareWithOverallShowsTheOverallRateButTestsAgainstTheRest) {
    add({{"disability", "disabled"}}, 100, 50);
    add({{"disability", "not_disabled"}}, 300, 240);
    AnalysisSettings s = only("disability");
    s.compare = parse_comparison("overall");
    const Findings f = analyse(survey, data, "2024", s);
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_EQ(d.rest_n, 400);
    EXPECT_DOUBLE_EQ(d.rest_rate, 290.0 / 400);
    EXPECT_NEAR(d.gap_pp, 100 * (0.5 - 290.0 / 400), 1e-12);
    EXPECT_DOUBLE_EQ(d.p, stats::two_proportion_z_test(50, 100, 240, 300).p);
}

TEST_F(AnalysisTest, OneCorrectionFamilyAcrossQuestionsAndCharacteristics) {
    add({{"sex", "female"}, {"disability", "disabled"}}, 80, 40);
    add({{"sex", "male"}, {"disability", "not_disabled"}}, 120, 90);
    add({{"sex", "female"}, {"disability", "not_disabled"}}, 100, 70);
    AnalysisSettings s;
    s.by = {"sex", "disability"};
    for (auto method : {stats::Correction::benjamini_hochberg, stats::Correction::holm, stats::Correction::bonferroni}) {
        s.correction = method;
        const Findings f = analyse(survey, data, "2024", s);
        std::vector<double> p, p_adj;
        for (const auto& r : f.results)
            if (!r.test.empty()) p.push_back(r.p), p_adj.push_back(r.p_adj);
        EXPECT_EQ(p.size(), 4u);  // 2 questions x 2 characteristics x 1 contrast (two groups each)
        const auto expected = stats::adjust_p_values(p, method);
        for (size_t i = 0; i < p.size(); ++i) EXPECT_DOUBLE_EQ(p_adj[i], expected[i]);
    }
}

// Two answering groups compared with the rest are one contrast: the smaller group's row
// is tested and can be flagged, the larger's shows the same gap from the other side and
// names it. With a third group, or a reference group, every group has its own test.
TEST_F(AnalysisTest, TwoGroupsMakeOneContrastTestedOnTheSmallerGroup) {
    add({{"disability", "disabled"}}, 300, 120);
    add({{"disability", "not_disabled"}}, 1000, 800);
    add({{"disability", ""}}, 40, 20);  // undisclosed: never a group of the contrast
    const Findings f = analyse(survey, data, "2024", only("disability"));
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    const GroupResult& nd = row(f, "treated_fairly", "disability", "not_disabled");
    EXPECT_EQ(d.test, "z");
    EXPECT_TRUE(d.flagged);
    EXPECT_TRUE(d.mirror_of.empty());
    EXPECT_DOUBLE_EQ(d.p, stats::two_proportion_z_test(120, 300, 800, 1000).p);
    EXPECT_EQ(nd.mirror_of, "disabled");
    EXPECT_TRUE(nd.test.empty());
    EXPECT_TRUE(std::isnan(nd.p) && std::isnan(nd.p_adj) && std::isnan(nd.welch_p));
    EXPECT_FALSE(nd.flagged);
    EXPECT_NEAR(nd.gap_pp, -d.gap_pp, 1e-12);  // the same gap, from the other side
    EXPECT_DOUBLE_EQ(nd.rate, 0.8);

    // The smaller group is tested whichever is listed first.
    data = Dataset();
    data.answers.resize(survey.questions.size());
    data.groupings.resize(survey.groupings.size());
    add({{"disability", "disabled"}}, 1000, 800);
    add({{"disability", "not_disabled"}}, 300, 120);
    const Findings g = analyse(survey, data, "2024", only("disability"));
    EXPECT_EQ(row(g, "treated_fairly", "disability", "disabled").mirror_of, "not_disabled");
    EXPECT_TRUE(row(g, "treated_fairly", "disability", "not_disabled").flagged);

    // Against the larger group as reference there is one comparison already.
    AnalysisSettings largest = only("disability");
    largest.compare = parse_comparison("largest");
    const Findings h = analyse(survey, data, "2024", largest);
    EXPECT_TRUE(row(h, "treated_fairly", "disability", "disabled").mirror_of.empty());
    EXPECT_TRUE(row(h, "treated_fairly", "disability", "disabled").reference);
}

TEST_F(AnalysisTest, OmnibusChiSquareOverTheDisclosedGroups) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "african"}}, 100, 60);
    add({{"race", ""}}, 50, 0);
    const Findings f = analyse(survey, data, "2024", only("race"));
    ASSERT_EQ(f.omnibus.size(), 1u);
    const std::vector<double> x{240, 150, 60}, n{300, 200, 100};
    const auto expected = stats::chi_square_independence(x, n);
    EXPECT_EQ(f.omnibus[0].groups, 3);
    EXPECT_DOUBLE_EQ(f.omnibus[0].statistic, expected.statistic);
    EXPECT_DOUBLE_EQ(f.omnibus[0].p, expected.p);
}

TEST_F(AnalysisTest, GroupLevelRollsDetailedCategoriesUp) {
    add({{"race", "white_british"}}, 300, 240);
    add({{"race", "white_irish"}}, 50, 30);
    add({{"race", "indian"}}, 200, 150);
    add({{"race", "pakistani"}}, 100, 50);
    AnalysisSettings s = only("race");
    s.level = Level::group;
    const Findings f = analyse(survey, data, "2024", s);
    const GroupResult& asian = row(f, "treated_fairly", "race", "asian");
    EXPECT_EQ(asian.n, 300);
    EXPECT_EQ(asian.positives, 200);
    EXPECT_EQ(row(f, "treated_fairly", "race", "white").n, 350);
    EXPECT_THROW(row(f, "treated_fairly", "race", "indian"), std::runtime_error);
}

TEST_F(AnalysisTest, IntersectionsLeaveOutPeopleUndisclosedOnEitherAndFormTheirOwnFamily) {
    add_four_cells_and_undisclosed();
    const Findings f = analyse(survey, data, "2024", sex_by_disability());
    const GroupResult& cell = row(f, "treated_fairly", "sex x disability", "female x disabled");
    EXPECT_EQ(cell.n, 60);
    EXPECT_EQ(cell.rest_n, 460);  // 520 disclosed on both, less the cell
    EXPECT_EQ(cell.rest_positives, 365);
    EXPECT_EQ(row(f, "treated_fairly", "sex x disability", "undisclosed").n, 40);
    std::vector<double> p;
    for (const auto& r : f.intersections)
        if (!r.test.empty()) p.push_back(r.p);
    ASSERT_EQ(p.size(), 4u);
    EXPECT_DOUBLE_EQ(cell.p_adj, stats::adjust_p_values(p, stats::Correction::benjamini_hochberg)[0]);
}

// Intersection rows are whole rows: the mean score, the rest's and Welch's test on
// them, as a characteristic's own rows have, and an omnibus chi-square per pair and
// question across the cells shown.
TEST_F(AnalysisTest, IntersectionRowsCarryMeansWelchAndAnOmnibusPerPair) {
    add_four_cells_and_undisclosed();
    const Findings f = analyse(survey, data, "2024", sex_by_disability());
    const GroupResult& cell = row(f, "treated_fairly", "sex x disability", "female x disabled");
    // Agree scores 1, Disagree 2: a mean of 1 + the share disagreeing; the sample
    // variance of a two-valued score is n/(n-1) p(1-p).
    auto two_point = [](double n, double agree) {
        const double p = agree / n;
        return stats::Moments{n, 1 + (1 - p), n / (n - 1) * p * (1 - p)};
    };
    const stats::Moments own = two_point(60, 30), rest = two_point(460, 365);
    EXPECT_DOUBLE_EQ(cell.mean, own.mean);
    EXPECT_DOUBLE_EQ(cell.rest_mean, rest.mean);
    EXPECT_NEAR(cell.welch_p, stats::welch_t_test(own, rest).p, 1e-12);
    EXPECT_LT(cell.welch_p, 1e-4);

    const OmnibusResult* omnibus = nullptr;
    for (const auto& o : f.intersection_omnibus)
        if (o.question == "treated_fairly" && o.characteristic == "sex x disability") omnibus = &o;
    ASSERT_NE(omnibus, nullptr);
    EXPECT_EQ(omnibus->groups, 4);
    EXPECT_EQ(omnibus->test, "chi_square");
    // Expected counts by hand: 395 agree of 520 disclosed on both.
    const double x[] = {30, 35, 160, 170}, n[] = {60, 50, 200, 210};
    double chi = 0;
    for (int i = 0; i < 4; ++i) {
        const double agree = n[i] * 395 / 520, disagree = n[i] - agree;
        chi += (x[i] - agree) * (x[i] - agree) / agree + (n[i] - x[i] - disagree) * (n[i] - x[i] - disagree) / disagree;
    }
    EXPECT_NEAR(omnibus->statistic, chi, 1e-9 * chi);
    EXPECT_EQ(omnibus->df, 3);
    // Not among the characteristics' own omnibus tests.
    for (const auto& o : f.omnibus) EXPECT_NE(o.characteristic, "sex x disability");

    Poco::JSON::Parser parser;
    const auto json = parser.parse(findings_to_json(f)).extract<Poco::JSON::Object::Ptr>();
    const auto tests = json->getArray("intersection_omnibus");
    ASSERT_EQ(tests->size(), 1u);
    EXPECT_EQ(tests->getObject(0)->getValue<std::string>("characteristic"), "sex x disability");
}

// Odds that multiply (female halves them, disabled quarters them) explain disabled
// women's 33% exactly: their gap with everyone else is large and significant, but it
// restates the two groups' gaps, so it is not an intersection's gap of its own.
TEST_F(AnalysisTest, AnIntersectionThatItsTwoGroupsExplainIsNotFlagged) {
    add_multiplying_odds(100);  // odds 1/2
    const Findings f = analyse(survey, data, "2024", sex_by_disability());
    EXPECT_TRUE(row(f, "treated_fairly", "sex", "female").flagged);
    EXPECT_TRUE(row(f, "treated_fairly", "disability", "disabled").flagged);
    const GroupResult& cell = row(f, "treated_fairly", "sex x disability", "female x disabled");
    EXPECT_LT(cell.gap_pp, -30);
    EXPECT_LT(cell.p_adj, 1e-20);
    EXPECT_NEAR(cell.expected_rate, 1.0 / 3, 1e-9);
    EXPECT_NEAR(cell.interaction_p, 1, 1e-9);
    EXPECT_FALSE(cell.flagged);
    for (const auto& r : f.intersections) EXPECT_FALSE(r.flagged) << r.group;
}

// Disabled women at 1 in 6 where their groups predict 1 in 3: the cell adds something.
// The four cells of a two-by-two intersection are one interaction test (each cell's
// four-way split is the same respondents), so the family holds it once.
TEST_F(AnalysisTest, AnIntersectionBeyondItsGroupsIsFlaggedAndItsTestCountedOnce) {
    add_multiplying_odds(50);
    const Findings f = analyse(survey, data, "2024", sex_by_disability());
    const GroupResult& cell = row(f, "treated_fairly", "sex x disability", "female x disabled");
    const auto test = stats::logistic_interaction_2x2(50, 300, 150, 300, 400, 600, 480, 600);
    EXPECT_DOUBLE_EQ(cell.expected_rate, test.expected);
    EXPECT_DOUBLE_EQ(cell.interaction_p, test.p);
    EXPECT_NEAR(cell.interaction_p_adj, test.p, 1e-12 * test.p);  // one test in the family, not four
    EXPECT_LT(100 * (cell.rate - cell.expected_rate), -5);
    EXPECT_TRUE(cell.flagged);
    // Not disabled men are ahead of everyone else, but less than their groups predict
    // (the same interaction seen from the far corner): no gap of their own.
    const GroupResult& far = row(f, "treated_fairly", "sex x disability", "male x not_disabled");
    EXPECT_EQ(far.interaction_p_adj, cell.interaction_p_adj);
    EXPECT_GT(far.gap_pp, 0);
    EXPECT_LT(far.rate, far.expected_rate);
    EXPECT_FALSE(far.flagged);
}

TEST_F(AnalysisTest, CountsCanBePublishedRoundedToFive) {
    add({{"disability", "disabled"}}, 103, 62);
    add({{"disability", "not_disabled"}}, 1001, 758);
    AnalysisSettings s = only("disability");
    s.round_counts_to = 5;
    const Findings f = analyse(survey, data, "2024", s);
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_EQ(d.n, 105);
    EXPECT_EQ(d.positives, 60);
    EXPECT_EQ(d.rest_n, 1000);
    EXPECT_DOUBLE_EQ(d.rate, 60.0 / 105);  // published rates from the published counts
    EXPECT_DOUBLE_EQ(d.p, stats::two_proportion_z_test(62, 103, 758, 1001).p);  // tests from the exact ones
}

TEST_F(AnalysisTest, UnknownIdsAreNamedWithTheAlternatives) {
    add({{"sex", "female"}}, 10, 5);
    AnalysisSettings s;
    s.by = {"ethnicity"};
    try {
        analyse(survey, data, "2024", s);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("\"ethnicity\""), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("race"), std::string::npos);
    }
}

}  // namespace
}  // namespace gapfinder

namespace gapfinder {
namespace {

const char* kProfile = R"({
  "schema": "gapfinder-population/1", "id": "test-town", "area": "Test town", "population": "residents 16+",
  "margins": {
    "sex": {"source": "made up", "counts": {"female": 600, "male": 400}},
    "disability": {"source": "made up", "counts": {"disabled": 200, "not_disabled": 800}},
    "race": {"source": "made up", "counts": {"white": 500, "asian": 500}}
  }
})";

class WeightedAnalysisTest : public AnalysisTest {
protected:
    WeightedAnalysisTest() : profile(PopulationProfile::parse(kProfile, "test-town.json")) { survey.rake_on = {"sex", "disability"}; }
    PopulationProfile profile;
};

TEST_F(WeightedAnalysisTest, RakesToThePopulationAndUsesTheDesignVariance) {
    add({{"sex", "female"}, {"disability", "disabled"}}, 30, 12);
    add({{"sex", "female"}, {"disability", "not_disabled"}}, 170, 136);
    add({{"sex", "male"}, {"disability", "disabled"}}, 20, 10);
    add({{"sex", "male"}, {"disability", "not_disabled"}}, 280, 210);
    add({{"sex", ""}, {"disability", "disabled"}}, 15, 5);  // left out of the weighted analysis
    AnalysisSettings s = only("disability");
    s.weighted = true;
    const Findings f = analyse(survey, data, "2024", s, &profile);
    EXPECT_EQ(f.weighting.left_out, 15u);
    EXPECT_EQ(f.weighting.kept, 500u);
    EXPECT_LT(f.weighting.max_margin_error, 1e-10);

    // The same weights by hand, from stats::rake, then the row's figures from them.
    std::vector<stats::RakingMargin> margins(2);
    margins[0] = {"sex", {}, {600, 400}};
    margins[1] = {"disability", {}, {200, 800}};
    auto push = [&](int sex, int disability, int count) {
        for (int i = 0; i < count; ++i) margins[0].category.push_back(sex), margins[1].category.push_back(disability);
    };
    push(0, 0, 30), push(0, 1, 170), push(1, 0, 20), push(1, 1, 280), push(-1, 0, 15);
    const auto w = stats::rake(margins).weights;
    double sw = 0, sw2 = 0, swx = 0;
    for (size_t r = 0; r < data.rows(); ++r) {
        if (margins[1].category[r] != 0 || w[r] == 0) continue;
        sw += w[r], sw2 += w[r] * w[r];
        if (data.answers[1][r] == kAgree) swx += w[r];
    }
    const GroupResult& d = row(f, "treated_fairly", "disability", "disabled");
    EXPECT_EQ(d.n, 50);  // unweighted, for suppression
    EXPECT_NEAR(d.rate, swx / sw, 1e-12);
    // The rate's design variance respondent by respondent, as R's survey:::svyrecvar
    // computes it for a raked sample without strata or clusters: influence values x,
    // ten passes of x <- x - w ave(x / w, margin) over the respondents kept, then
    // n / (n - 1) sum (x - mean x)^2 over every respondent of the file (the 15 left out
    // of the raking are sampled units whose x is 0). tests/design_reference_test.cpp
    // checks the same machinery against R itself.
    const size_t n = data.rows();
    std::vector<double> x(n, 0.0);
    for (size_t r = 0; r < n; ++r)
        if (margins[1].category[r] == 0 && w[r] > 0) x[r] = w[r] * ((data.answers[1][r] == kAgree) - d.rate) / sw;
    for (int pass = 0; pass < 10; ++pass)
        for (const auto& m : margins) {
            double sum[2] = {0, 0}, count[2] = {0, 0};
            for (size_t r = 0; r < n; ++r)
                if (w[r] > 0) sum[m.category[r]] += x[r] / w[r], ++count[m.category[r]];
            for (size_t r = 0; r < n; ++r)
                if (w[r] > 0) x[r] -= w[r] * sum[m.category[r]] / count[m.category[r]];
        }
    double mean = 0, var = 0;
    for (double v : x) mean += v / static_cast<double>(n);
    for (double v : x) var += (v - mean) * (v - mean);
    var *= static_cast<double>(n) / static_cast<double>(n - 1);
    EXPECT_NEAR(d.n_eff, d.rate * (1 - d.rate) / var, 1e-9);
    // Raking to the disability margin makes the design effect smaller than Kish's.
    EXPECT_LT(d.design_effect, 50 / (sw * sw / sw2));
    // The minimum base applies to the effective base, on both sides of the comparison.
    EXPECT_EQ(d.low_base, d.n_eff < s.min_base);
    EXPECT_GT(d.rest_n_eff, 0);
    EXPECT_LT(d.rest_n_eff, d.rest_n);
    AnalysisSettings strict = s;
    strict.min_base = 49;  // the head count (50) passes, the effective base does not
    ASSERT_LT(d.n_eff, 49);
    const Findings strict_f = analyse(survey, data, "2024", strict, &profile);
    const GroupResult& strict_d = row(strict_f, "treated_fairly", "disability", "disabled");
    EXPECT_TRUE(strict_d.low_base);
    EXPECT_FALSE(strict_d.flagged);
    EXPECT_NEAR(d.design_effect, 50 / d.n_eff, 1e-9);
    const auto ci = stats::logit_interval(d.rate, std::sqrt(var), 50 - 1);
    EXPECT_NEAR(d.ci_low, ci.low, 1e-12);
    EXPECT_NEAR(d.ci_high, ci.high, 1e-12);
    EXPECT_EQ(d.test, "design_t");  // always, when weighted
    // The weighted disabled share equals the population's 20% exactly.
    double disabled_w = 0, all_w = 0;
    for (size_t r = 0; r < data.rows(); ++r) {
        all_w += w[r];
        if (margins[1].category[r] == 0) disabled_w += w[r];
    }
    EXPECT_NEAR(disabled_w / all_w, 0.2, 1e-10);
}

TEST_F(WeightedAnalysisTest, AnEmptyCellIsAClearError) {
    add({{"sex", "female"}, {"disability", "not_disabled"}}, 50, 30);
    add({{"sex", "male"}, {"disability", "not_disabled"}}, 50, 30);
    AnalysisSettings s = only("disability");
    s.weighted = true;
    try {
        analyse(survey, data, "2024", s, &profile);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("\"disabled\""), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("empty cell"), std::string::npos) << e.what();
    }
}

TEST_F(WeightedAnalysisTest, RepresentativenessComparesSharesWithThePopulation) {
    add({{"sex", "female"}, {"race", "white_british"}}, 300, 100);
    add({{"sex", "male"}, {"race", "white_irish"}}, 100, 50);
    add({{"sex", "male"}, {"race", "indian"}}, 5, 1);
    add({{"sex", ""}}, 20, 10);
    const Findings f = analyse(survey, data, "2024", only("sex"), &profile);
    ASSERT_EQ(f.representativeness.size(), 3u);  // sex, race, disability (nobody disclosed it)
    const Representativeness& sex = f.representativeness[0];
    EXPECT_EQ(sex.characteristic, "sex");
    EXPECT_EQ(sex.respondents, 405);
    EXPECT_EQ(sex.undisclosed, 20);
    const auto expected = stats::chi_square_goodness_of_fit(std::vector<double>{300, 105}, std::vector<double>{600, 400});
    EXPECT_DOUBLE_EQ(sex.p, expected.p);
    EXPECT_NEAR(sex.groups[1].ratio, (105.0 / 405) / 0.4, 1e-12);
    EXPECT_TRUE(sex.groups[1].under_represented);
    EXPECT_FALSE(sex.groups[0].under_represented);
    // Detailed categories count in the margin's groups. 5 Asian respondents: hidden,
    // and so is the only other group. With 202.5 expected, fewer than 10 is certainly
    // under 0.8 of it, so the flag shows; the White group, hidden to protect it, is not
    // assessed. The test pools both hidden groups: one cell, no test.
    const Representativeness& race = f.representativeness[1];
    EXPECT_EQ(race.characteristic, "race");
    EXPECT_EQ(race.respondents, 405);
    EXPECT_TRUE(race.groups[1].suppressed);
    EXPECT_TRUE(std::isnan(race.groups[1].respondents));
    EXPECT_TRUE(race.groups[1].assessed);
    EXPECT_TRUE(race.groups[1].under_represented);
    EXPECT_TRUE(race.groups[0].suppressed);
    EXPECT_FALSE(race.groups[0].assessed);
    EXPECT_TRUE(std::isnan(race.statistic));
}

TEST_F(WeightedAnalysisTest, RepresentativenessHidesWhatWouldNarrowAHiddenCount) {
    // 3 race groups in the profile: White 500, Asian 480, Black 20 (2% of the population).
    PopulationProfile three = PopulationProfile::parse(R"({
      "schema": "gapfinder-population/1", "id": "t", "area": "T", "population": "all",
      "margins": {"race": {"source": "made up", "counts": {"white": 500, "asian": 480, "black": 20}}}})",
                                                       "t.json");
    add({{"race", "white_british"}}, 300, 100);
    add({{"race", "indian"}}, 200, 100);
    add({{"race", "african"}}, 4, 1);       // expected 10.1: "under 0.8 of it" would say "fewer than 8"
    add({{"race", "caribbean"}}, 3, 1);
    const Findings f = analyse(survey, data, "2024", only("race"), &three);
    ASSERT_EQ(f.representativeness.size(), 1u);
    const Representativeness& race = f.representativeness[0];
    EXPECT_TRUE(race.groups[2].suppressed);
    EXPECT_FALSE(race.groups[2].assessed);  // 0.8 x 10.1 < 10: the flag would narrow the count
    EXPECT_FALSE(race.groups[2].under_represented);
    // Black (7) is hidden, and Asian (200) with it so that 7 cannot be worked out from the
    // total; the test pools the two, so it depends on their sum, 207, alone.
    EXPECT_TRUE(race.groups[1].suppressed);
    const auto pooled = stats::chi_square_goodness_of_fit(std::vector<double>{300, 207}, std::vector<double>{500, 500});
    EXPECT_DOUBLE_EQ(race.statistic, pooled.statistic);
    EXPECT_DOUBLE_EQ(race.df, 1);
}

TEST(PopulationProfile, ProblemsAreNamedByJsonPath) {
    const char* bad = R"({"schema": "gapfinder-population/1", "id": "x", "margins": {
        "sex": {"counts": {"female": 10, "martian": 3}}, "height": {"counts": {}}}})";
    try {
        PopulationProfile::parse(bad, "x.json");
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("x.json: margins.sex.counts.martian: is not a category of sex"), std::string::npos) << m;
        EXPECT_NE(m.find("margins.height"), std::string::npos) << m;
    }
}

TEST(PopulationProfile, TheBundledHarrowProfileLoads) {
    const auto p = PopulationProfile::find_in({std::string(SOURCE_DIR) + "/surveys"}, "harrow-2021");
    ASSERT_NE(p.find("race"), nullptr);
    EXPECT_NEAR(p.find("race")->total(), 209625, 10);
}

}  // namespace
}  // namespace gapfinder

#include "analysis/trend.hpp"

namespace gapfinder {
namespace {

TEST_F(AnalysisTest, TrendTestsTheChangeInEachGapAndLabelsIt) {
    // Wave 1: disabled 120/300 vs 800/1000; wave 2: 200/300 vs 780/1000 (narrowed).
    add({{"disability", "disabled"}}, 300, 120);
    add({{"disability", "not_disabled"}}, 1000, 800);
    add({{"sex", "female"}}, 5, 5);  // a group too small to follow
    const Findings first = analyse(survey, data, "2024", only("disability"));
    data = Dataset();
    data.answers.resize(survey.questions.size());
    data.groupings.resize(survey.groupings.size());
    add({{"disability", "disabled"}}, 300, 200);
    add({{"disability", "not_disabled"}}, 1000, 780);
    const Findings second = analyse(survey, data, "2025", only("disability"));
    const auto trend = compare_waves(first, second, only("disability"));
    ASSERT_EQ(trend.size(), 1u);  // one contrast: not disabled is its mirror
    const TrendResult& d = trend[0];
    EXPECT_EQ(d.group, "disabled");
    const auto expected = stats::gap_change_test(120, 300, 800, 1000, 200, 300, 780, 1000);
    EXPECT_NEAR(d.change_pp, 100 * expected.change, 1e-9);
    EXPECT_DOUBLE_EQ(d.z, expected.z);
    EXPECT_DOUBLE_EQ(d.p, expected.p);
    EXPECT_EQ(d.status, "narrowed");
    EXPECT_EQ(d.from_wave, "2024");
    EXPECT_EQ(d.to_wave, "2025");
}

TEST_F(AnalysisTest, TrendSaysReversedWhenAGapChangesSide) {
    // Disabled residents were 40 points behind (40% vs 80%) and are 10 points ahead
    // (90% vs 80%): a significant change, but not a narrowing.
    add({{"disability", "disabled"}}, 300, 120);
    add({{"disability", "not_disabled"}}, 1000, 800);
    const Findings first = analyse(survey, data, "2024", only("disability"));
    data = Dataset();
    data.answers.resize(survey.questions.size());
    data.groupings.resize(survey.groupings.size());
    add({{"disability", "disabled"}}, 300, 270);
    add({{"disability", "not_disabled"}}, 1000, 800);
    const Findings second = analyse(survey, data, "2025", only("disability"));
    const auto trend = compare_waves(first, second, only("disability"));
    ASSERT_EQ(trend.size(), 1u);
    EXPECT_LT(trend[0].from_gap_pp, 0);
    EXPECT_GT(trend[0].to_gap_pp, 0);
    EXPECT_EQ(trend[0].status, "reversed");
}

// A change is said by the size of the gap, whatever its sign ("+0.4" narrowed a gap
// behind and widened a gap ahead), and says whether it was confirmed.
TEST(TrendWords, SayTheChangeBySizeAndWhetherItWasConfirmed) {
    TrendResult t;
    t.from_gap_pp = -13.8, t.to_gap_pp = -6.5, t.status = "no significant change";
    EXPECT_EQ(change_in_words(t), "narrowed by 7.3 points, from 13.8 to 6.5 points lower; not confirmed, it could be chance");
    t.from_gap_pp = 6.0, t.to_gap_pp = 6.4, t.status = "widened";
    EXPECT_EQ(change_in_words(t), "widened by 0.4 points, from 6.0 to 6.4 points higher; confirmed");
    t.from_gap_pp = -16.6, t.to_gap_pp = -16.2, t.status = "no significant change";
    EXPECT_EQ(change_in_words(t), "narrowed by 0.4 points, from 16.6 to 16.2 points lower; not confirmed, it could be chance");
    t.from_gap_pp = -4.0, t.to_gap_pp = 3.1, t.status = "reversed";
    EXPECT_EQ(change_in_words(t), "reversed, from 4.0 points lower to 3.1 points higher; confirmed");
    t.from_gap_pp = -5.02, t.to_gap_pp = -4.98, t.status = "no significant change";
    EXPECT_EQ(change_in_words(t), "unchanged at 5.0 points lower; not confirmed, it could be chance");
    t.suppressed = true;
    EXPECT_EQ(change_in_words(t), "");
}

TEST_F(AnalysisTest, TrendIsSuppressedWhenAnyBaseIsSmall) {
    add({{"disability", "disabled"}}, 8, 4);
    add({{"disability", "not_disabled"}}, 100, 80);
    const Findings first = analyse(survey, data, "2024", only("disability"));
    const Findings second = analyse(survey, data, "2025", only("disability"));
    const auto trend = compare_waves(first, second, only("disability"));
    for (const auto& t : trend) {
        EXPECT_TRUE(t.suppressed);
        EXPECT_TRUE(std::isnan(t.change_pp));
        EXPECT_TRUE(t.status.empty());
    }
}

}  // namespace
}  // namespace gapfinder

#include "analysis/suppression.hpp"
#include "analysis/workforce.hpp"

namespace gapfinder {
namespace {

TEST(Suppression, ATwoWayTableProtectsEveryRowAndColumn) {
    // 3 bands x 3 groups; one cell of 4. Its row and its column each need a second
    // hidden cell, and those in turn need partners in their own lines.
    const std::vector<double> counts = {50, 40, 4,
                                        60, 45, 30,
                                        70, 55, 35};
    const auto reasons = suppress_table(counts, 3, 3, 10);
    EXPECT_EQ(reasons[2], "small base");
    for (size_t r = 0; r < 3; ++r) {
        size_t hidden_row = 0, hidden_col = 0;
        for (size_t c = 0; c < 3; ++c) hidden_row += !reasons[r * 3 + c].empty(), hidden_col += !reasons[c * 3 + r].empty();
        EXPECT_NE(hidden_row, 1u) << "row " << r;
        EXPECT_NE(hidden_col, 1u) << "column " << r;
    }
}

TEST_F(AnalysisTest, WorkforceSharesOfEachBandAgainstAllStaff) {
    add({{"ward", "north"}, {"race", "white_british"}}, 60, 30);
    add({{"ward", "north"}, {"race", "indian"}}, 40, 20);
    add({{"ward", "south"}, {"race", "white_british"}}, 20, 10);
    add({{"ward", "south"}, {"race", "indian"}}, 80, 40);
    add({{"ward", "south"}, {"race", ""}}, 7, 3);  // undisclosed: in no share
    AnalysisSettings s;
    s.by = {"race"};
    const WorkforceFindings f = workforce_representation(survey, data, "2024", "ward", s);
    ASSERT_EQ(f.rows.size(), 4u);
    const auto it = std::find_if(f.rows.begin(), f.rows.end(),
                                 [](const WorkforceRow& w) { return w.category == "north" && w.group == "indian"; });
    ASSERT_NE(it, f.rows.end());
    const WorkforceRow& r = *it;
    EXPECT_EQ(r.category, "north");
    EXPECT_EQ(r.group, "indian");
    EXPECT_EQ(r.in_category, 40);
    EXPECT_EQ(r.category_total, 100);
    EXPECT_DOUBLE_EQ(r.share, 0.4);
    EXPECT_DOUBLE_EQ(r.staff_share, 120.0 / 200);
    EXPECT_DOUBLE_EQ(r.ratio, 0.4 / 0.6);
    EXPECT_EQ(r.test, "z");
    EXPECT_DOUBLE_EQ(r.p, stats::two_proportion_z_test(40, 100, 80, 100).p);
    EXPECT_TRUE(r.under_represented);  // ratio 0.67, p far under 0.05
}

TEST_F(AnalysisTest, WorkforceTargetsAreTestedAgainstTheirShare) {
    survey.workforce_targets.push_back({"asian_north", "Asian staff in the north", "ward", {"north"}, "race", {"asian"}, 0.5});
    survey.workforce_targets.push_back({"few", "Black staff", "", {}, "race", {"black"}, 0.1});
    add({{"ward", "north"}, {"race", "white_british"}}, 60, 30);
    add({{"ward", "north"}, {"race", "indian"}}, 40, 20);
    add({{"ward", "south"}, {"race", "african"}}, 3, 1);
    AnalysisSettings s;
    s.by = {"race"};
    const WorkforceFindings f = workforce_representation(survey, data, "2024", "ward", s);
    ASSERT_EQ(f.targets.size(), 2u);
    const TargetResult& t = f.targets[0];
    EXPECT_EQ(t.in_scope, 100);  // the north only
    EXPECT_EQ(t.in_groups, 40);  // Indian counts as Asian
    EXPECT_DOUBLE_EQ(t.share, 0.4);
    EXPECT_DOUBLE_EQ(t.p, stats::binomial_test(40, 100, 0.5));
    EXPECT_TRUE(t.below_target);
    const TargetResult& few = f.targets[1];  // 3 Black staff: shown as below target, not counted
    EXPECT_TRUE(few.suppressed);
    EXPECT_TRUE(std::isnan(few.share));
    EXPECT_TRUE(few.below_target);
}

}  // namespace
}  // namespace gapfinder
