// Every statistic against values computed independently by R (stats, survey) and
// cross-checked with scipy: tests/reference/stats_reference.json, made by
// scripts/reference/make_stats_reference.R. Agreement is required to 1e-9 relative, and
// a missing value (R's NA or an error) must be NaN here.
#include "stats/stats.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace gapfinder::stats {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr reference() {
    static Object::Ptr doc = [] {
        std::ifstream in(std::string(SOURCE_DIR) + "/tests/reference/stats_reference.json");
        std::stringstream text;
        text << in.rdbuf();
        Poco::JSON::Parser parser;
        return parser.parse(text.str()).extract<Object::Ptr>();
    }();
    return doc;
}

std::vector<Object::Ptr> cases(const std::string& section) {
    std::vector<Object::Ptr> out;
    for (const auto& v : *reference()->getArray(section)) out.push_back(v.extract<Object::Ptr>());
    EXPECT_FALSE(out.empty()) << section;
    return out;
}

double num(const Object::Ptr& o, const std::string& key) {
    return o->isNull(key) ? std::nan("") : o->getValue<double>(key);
}

std::vector<double> nums(const Object::Ptr& o, const std::string& key) {
    std::vector<double> out;
    for (const auto& v : *o->getArray(key)) out.push_back(v.isEmpty() ? std::nan("") : v.convert<double>());
    return out;
}

// Relative agreement to 1e-9, or both missing. Values within 1e-300 of 0 compare
// absolutely: R and we both underflow there.
void expect_close(double expected, double actual, const std::string& what) {
    if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << what << ": expected missing, got " << actual;
        return;
    }
    const double tolerance = std::max(1e-9 * std::fabs(expected), 1e-300);
    EXPECT_NEAR(actual, expected, tolerance) << what;
}

std::string describe(const Object::Ptr& o) {
    std::ostringstream s;
    o->stringify(s);
    return s.str().substr(0, 200);
}

TEST(StatsReference, WilsonInterval) {
    for (const auto& c : cases("wilson")) {
        const auto ci = wilson_interval(num(c, "x"), num(c, "n"), num(c, "confidence"));
        expect_close(num(c, "low"), ci.low, "low " + describe(c));
        expect_close(num(c, "high"), ci.high, "high " + describe(c));
    }
}

TEST(StatsReference, PooledTwoProportionZTest) {
    for (const auto& c : cases("z_test")) {
        const auto r = two_proportion_z_test(num(c, "x1"), num(c, "n1"), num(c, "x2"), num(c, "n2"));
        expect_close(num(c, "z"), r.statistic, "z " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

TEST(StatsReference, PValuesBelow1e300KeepTheirPrecision) {
    bool seen = false;
    for (const auto& c : cases("z_test")) {
        const double p = num(c, "p");
        if (!(p > 0 && p < 1e-300)) continue;
        seen = true;
        const auto r = two_proportion_z_test(num(c, "x1"), num(c, "n1"), num(c, "x2"), num(c, "n2"));
        EXPECT_NEAR(r.p / p, 1.0, 1e-9) << describe(c);
    }
    EXPECT_TRUE(seen) << "the reference should hold a p-value below 1e-300";
}

TEST(StatsReference, FisherExactAsRDefinesIt) {
    for (const auto& c : cases("fisher")) {
        auto whole = [&](const char* k) { return static_cast<long long>(num(c, k)); };
        const auto r = fisher_exact_2x2(whole("a"), whole("b"), whole("c"), whole("d"));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
        if (!std::isnan(num(c, "odds_ratio"))) expect_close(num(c, "odds_ratio"), r.statistic, "odds ratio " + describe(c));
    }
}

TEST(StatsReference, ChiSquareIndependence) {
    for (const auto& c : cases("chisq_independence")) {
        const auto r = chi_square_independence(nums(c, "positives"), nums(c, "totals"));
        expect_close(num(c, "statistic"), r.statistic, "X2 " + describe(c));
        expect_close(num(c, "df"), r.df, "df " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

TEST(StatsReference, ChiSquareGoodnessOfFit) {
    for (const auto& c : cases("chisq_gof")) {
        const auto r = chi_square_goodness_of_fit(nums(c, "observed"), nums(c, "shares"));
        expect_close(num(c, "statistic"), r.statistic, "X2 " + describe(c));
        expect_close(num(c, "df"), r.df, "df " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

TEST(StatsReference, WelchTTestFromCountTables) {
    for (const auto& c : cases("welch")) {
        const auto scores = nums(c, "scores");
        const Moments a = moments_from_counts(scores, nums(c, "counts1"));
        const Moments b = moments_from_counts(scores, nums(c, "counts2"));
        expect_close(num(c, "n1"), a.n, "n1 " + describe(c));
        expect_close(num(c, "mean1"), a.mean, "mean1 " + describe(c));
        expect_close(num(c, "var1"), a.variance, "var1 " + describe(c));
        expect_close(num(c, "mean2"), b.mean, "mean2 " + describe(c));
        expect_close(num(c, "var2"), b.variance, "var2 " + describe(c));
        const auto r = welch_t_test(a, b);
        expect_close(num(c, "t"), r.statistic, "t " + describe(c));
        expect_close(num(c, "df"), r.df, "df " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

TEST(StatsReference, PAdjustLikeR) {
    for (const auto& c : cases("p_adjust")) {
        std::string method = c->getValue<std::string>("method");
        for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto adjusted = adjust_p_values(nums(c, "p"), parse_correction(method));
        const auto expected = nums(c, "adjusted");
        ASSERT_EQ(adjusted.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) expect_close(expected[i], adjusted[i], method + " #" + std::to_string(i));
    }
}

TEST(StatsReference, GapChangeBetweenWaves) {
    for (const auto& c : cases("gap_change")) {
        const auto r = gap_change_test(num(c, "x1g"), num(c, "n1g"), num(c, "x1r"), num(c, "n1r"), num(c, "x2g"),
                                       num(c, "n2g"), num(c, "x2r"), num(c, "n2r"));
        expect_close(num(c, "change"), r.change, "change " + describe(c));
        expect_close(num(c, "z"), r.z, "z " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

// glm's deviance difference for a term that adds nothing is a rounding residue near 0
// (R's and ours differ there); its p is then near 1 on both sides.
TEST(StatsReference, InteractionTermMatchesGlm) {
    for (const auto& c : cases("interaction")) {
        const auto r = logistic_interaction_2x2(num(c, "x11"), num(c, "n11"), num(c, "x10"), num(c, "n10"), num(c, "x01"),
                                                num(c, "n01"), num(c, "x00"), num(c, "n00"));
        expect_close(num(c, "expected"), r.expected, "expected " + describe(c));
        if (num(c, "statistic") < 1e-9) {
            EXPECT_NEAR(r.statistic, num(c, "statistic"), 1e-9) << describe(c);
            EXPECT_NEAR(r.p, num(c, "p"), 1e-4) << describe(c);
            continue;
        }
        expect_close(num(c, "statistic"), r.statistic, "statistic " + describe(c));
        expect_close(num(c, "p"), r.p, "p " + describe(c));
    }
}

TEST(StatsReference, PowerMatchesPowerPropTest) {
    for (const auto& c : cases("power_prop"))
        expect_close(num(c, "power"), two_proportion_power(num(c, "n1"), num(c, "p1"), num(c, "n2"), num(c, "p2"), num(c, "alpha")),
                     describe(c));
}

// R solves upward from p2; a group behind is the same problem with the outcome's labels
// swapped (rates 1 - p), so each case is checked both ways.
TEST(StatsReference, DetectableDifferenceMatchesPowerPropTest) {
    for (const auto& c : cases("detectable")) {
        const double n1 = num(c, "n1"), n2 = num(c, "n2"), p2 = num(c, "p2"), alpha = num(c, "alpha"), power = num(c, "power");
        expect_close(num(c, "difference"), detectable_difference(n1, n2, p2, alpha, power, false), "upward " + describe(c));
        expect_close(num(c, "difference"), detectable_difference(n1, n2, 1 - p2, alpha, power, true), "downward " + describe(c));
    }
}

TEST(StatsReference, KishEffectiveBase) {
    for (const auto& c : cases("kish")) {
        double w = 0, w2 = 0;
        for (double v : nums(c, "weights")) w += v, w2 += v * v;
        expect_close(num(c, "n_eff"), kish_effective_n(w, w2), describe(c));
    }
}

TEST(StatsReference, RakingMatchesSurveyRake) {
    for (const auto& c : cases("rake")) {
        std::vector<RakingMargin> margins;
        const auto categories = c->getArray("categories");
        const auto population = c->getArray("population");
        for (size_t m = 0; m < categories->size(); ++m) {
            RakingMargin margin;
            margin.name = "margin " + std::to_string(m);
            for (const auto& v : *categories->getArray(static_cast<unsigned>(m))) margin.category.push_back(v.convert<int>());
            for (const auto& v : *population->getArray(static_cast<unsigned>(m))) margin.population.push_back(v.convert<double>());
            margins.push_back(std::move(margin));
        }
        const RakingResult r = rake(margins, {}, 1e-14, 1000);
        const auto expected = nums(c, "weights");
        ASSERT_EQ(r.weights.size(), expected.size());
        size_t left_out = 0;
        for (size_t i = 0; i < expected.size(); ++i) {
            expect_close(expected[i], r.weights[i], "weight #" + std::to_string(i));
            left_out += expected[i] == 0;
        }
        EXPECT_EQ(r.left_out, left_out);
    }
}

TEST(StatsReference, ExactBinomialTestAgainstATarget) {
    for (const auto& c : cases("binom_test")) {
        const double p = binomial_test(static_cast<long long>(num(c, "x")), static_cast<long long>(num(c, "n")), num(c, "target"));
        expect_close(num(c, "p"), p, "p " + describe(c));
    }
}

TEST(Stats, EdgeCasesAreMissingNotErrors) {
    EXPECT_TRUE(std::isnan(wilson_interval(0, 0).low));
    const auto one = wilson_interval(1, 1);
    EXPECT_GT(one.low, 0);
    EXPECT_EQ(one.high, 1.0);
    EXPECT_TRUE(std::isnan(two_proportion_z_test(5, 5, 9, 9).p));  // everyone positive: no variance
    EXPECT_TRUE(std::isnan(two_proportion_z_test(0, 0, 3, 9).p));
    EXPECT_EQ(fisher_exact_2x2(0, 0, 5, 5).p, 1.0);                 // an empty group
    EXPECT_TRUE(std::isnan(chi_square_independence(std::vector<double>{5}, std::vector<double>{9}).p));  // one group
    EXPECT_TRUE(std::isnan(welch_t_test({1, 3, 0}, {40, 3, 1}).p));
}

TEST(Stats, RakingRefusesEmptyCellsAndNamesTheMargin) {
    RakingMargin sex{"sex", {0, 0, 0, 0}, {50, 50}};  // nobody in category 1
    try {
        rake({sex});
        FAIL() << "expected a domain_error";
    } catch (const std::domain_error& e) {
        EXPECT_NE(std::string(e.what()).find("sex"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("empty cell"), std::string::npos);
    }
}

TEST(Stats, RakingThatCannotConvergeSaysSo) {
    // Two margins that contradict each other on the only respondents there are.
    RakingMargin a{"a", {0, 1}, {90, 10}};
    RakingMargin b{"b", {0, 1}, {10, 90}};
    EXPECT_THROW(rake({a, b}, {}, 1e-10, 50), std::domain_error);
}

}  // namespace
}  // namespace gapfinder::stats

namespace gapfinder::stats {
namespace {

TEST(ChiSquareExpectedCounts, CochransRule) {
    using V = std::vector<double>;
    // 3 groups x 2 columns, overall rate 0.5: expected counts are n/2 per cell.
    EXPECT_TRUE(chi_square_expected_counts_adequate(V{50, 50, 50}, V{100, 100, 100}));
    // One group of 8 gives two expected counts of 4: 2 of 6 cells (33%) under 5.
    EXPECT_FALSE(chi_square_expected_counts_adequate(V{50, 50, 4}, V{100, 100, 8}));
    // Ten groups, one small: 2 of 20 cells (10%) under 5 is allowed...
    EXPECT_TRUE(chi_square_expected_counts_adequate(V{50, 50, 50, 50, 50, 50, 50, 50, 50, 4},
                                                    V{100, 100, 100, 100, 100, 100, 100, 100, 100, 8}));
    // ...but not an expected count under 1 (a rate of 1% overall on 50 people: 0.5).
    EXPECT_FALSE(chi_square_expected_counts_adequate(V{1, 9}, V{50, 950}));
    // Undefined tests: every answer positive, or a single group.
    EXPECT_FALSE(chi_square_expected_counts_adequate(V{10, 20}, V{10, 20}));
    EXPECT_FALSE(chi_square_expected_counts_adequate(V{5}, V{9}));
}

}  // namespace
}  // namespace gapfinder::stats
