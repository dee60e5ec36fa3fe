// The log-odds ratio with an informative Dirichlet prior (core/stats/fightin_words.hpp)
// against tests/reference/fightin_words_reference.json, which
// scripts/reference/make_fightin_words_reference.py computes with numpy from the paper's
// formulas on the committed counts tests/fixtures/text/fightin_words_counts.csv.

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "stats/fightin_words.hpp"
#include "text/term_counts.hpp"

namespace gapfinder::stats {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The committed counts: term,group,rest.
std::pair<TermCounts, TermCounts> committed_counts() {
    std::istringstream csv(read(std::string(SOURCE_DIR) + "/tests/fixtures/text/fightin_words_counts.csv"));
    std::string line;
    std::getline(csv, line);  // heading
    TermCounts group, rest;
    while (std::getline(csv, line)) {
        const size_t first = line.find(','), second = line.find(',', first + 1);
        const std::string term = line.substr(0, first);
        group.counts[term] = std::stod(line.substr(first + 1, second - first - 1));
        rest.counts[term] = std::stod(line.substr(second + 1));
    }
    return {group, rest};
}

void expect_close(double expected, double actual, const std::string& what) {
    EXPECT_LE(std::fabs(expected - actual), 1e-12 * std::max(1.0, std::fabs(expected)))
        << what << ": numpy " << expected << ", gapfinder " << actual;
}

TEST(FightinWords, EqualsTheNumpyReferenceTo1e12) {
    const auto [group, rest] = committed_counts();
    ASSERT_EQ(group.counts.size(), 25u);
    const Object::Ptr reference =
        Poco::JSON::Parser().parse(read(std::string(SOURCE_DIR) + "/tests/reference/fightin_words_reference.json"))
            .extract<Object::Ptr>();
    const Array::Ptr cases = reference->getArray("cases");
    ASSERT_EQ(cases->size(), 3u);
    for (size_t c = 0; c < cases->size(); ++c) {
        const Object::Ptr expected_case = cases->getObject(static_cast<unsigned>(c));
        const double a0 = expected_case->getValue<double>("prior_total");
        const Array::Ptr expected = expected_case->getArray("terms");
        const std::vector<DistinctiveTerm> actual = fightin_words(group, rest, a0);
        ASSERT_EQ(actual.size(), expected->size()) << "a0 " << a0;
        for (size_t k = 0; k < actual.size(); ++k) {
            const Object::Ptr e = expected->getObject(static_cast<unsigned>(k));
            const std::string where = "a0 " + std::to_string(a0) + ", rank " + std::to_string(k + 1);
            ASSERT_EQ(actual[k].term, e->getValue<std::string>("term")) << where;
            EXPECT_EQ(actual[k].count_group, e->getValue<double>("count_group")) << where;
            EXPECT_EQ(actual[k].count_rest, e->getValue<double>("count_rest")) << where;
            expect_close(e->getValue<double>("delta"), actual[k].delta, where + " delta");
            expect_close(e->getValue<double>("variance"), actual[k].variance, where + " variance");
            expect_close(e->getValue<double>("z"), actual[k].z, where + " z");
        }
    }
}

TEST(FightinWords, SwappingTheGroupsNegatesDeltaAndZ) {
    const auto [group, rest] = committed_counts();
    const auto forward = fightin_words(group, rest, 50);
    const auto backward = fightin_words(rest, group, 50);
    ASSERT_EQ(forward.size(), backward.size());
    for (const DistinctiveTerm& f : forward) {
        const auto b = std::find_if(backward.begin(), backward.end(), [&](const auto& t) { return t.term == f.term; });
        ASSERT_NE(b, backward.end());
        EXPECT_NEAR(f.delta, -b->delta, 1e-12) << f.term;
        EXPECT_NEAR(f.z, -b->z, 1e-12) << f.term;
        EXPECT_NEAR(f.variance, b->variance, 1e-12) << f.term;
    }
}

TEST(FightinWords, TermsInOneGroupOnlyAndEmptyInput) {
    TermCounts group, rest;
    group.counts = {{"taxi", 5}, {"bus", 5}};
    rest.counts = {{"bus", 10}, {"train", 0}};
    const auto terms = fightin_words(group, rest, 10);
    ASSERT_EQ(terms.size(), 2u);  // "train" occurs nowhere: no term
    EXPECT_EQ(terms[0].term, "taxi");
    EXPECT_GT(terms[0].z, 0);
    EXPECT_LT(terms[1].z, 0);
    EXPECT_TRUE(fightin_words(TermCounts{}, TermCounts{}, 10).empty());
}

// From comments to distinctive terms: what disabled residents write more than the rest.
TEST(FightinWords, FromCommentsTheGroupsOwnTermsComeFirst) {
    text::Stemmer stemmer;
    const TermCounts group = text::count_terms({"The ramp is too steep", "no ramp at the side door, steps everywhere",
                                                "ramps and a lift please", "keep it open, the ramp matters"},
                                               stemmer);
    const TermCounts rest = text::count_terms({"keep it open please", "open on Sundays", "the opening hours are too short",
                                               "keep the library open", "please keep it open at weekends"},
                                              stemmer);
    EXPECT_EQ(group.counts.at("ramp"), 4);  // "ramps" too
    EXPECT_EQ(group.counts.at("ramp is"), 1);
    EXPECT_EQ(group.total(), 24 + 18);  // 24 words; 18 bigrams, none across a comma
    const auto terms = fightin_words(group, rest, 10);
    ASSERT_FALSE(terms.empty());
    EXPECT_EQ(terms.front().term, "ramp");
    EXPECT_EQ(terms.back().term, "open");
}

TEST(FightinWords, RejectsANonPositivePriorAndNegativeCounts) {
    TermCounts group, rest;
    group.counts = {{"bus", 1}};
    EXPECT_THROW(fightin_words(group, rest, 0), std::invalid_argument);
    EXPECT_THROW(fightin_words(group, rest, std::nan("")), std::invalid_argument);
    rest.counts = {{"bus", -1}};
    EXPECT_THROW(fightin_words(group, rest, 1), std::invalid_argument);
}

}  // namespace
}  // namespace gapfinder::stats
