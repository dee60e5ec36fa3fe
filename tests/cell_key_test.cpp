// The cell key method (analysis/cell_key.hpp, docs/method.md "Perturbation: the cell key
// method"): its published table, its record keys, and its promises on the bundled
// panel: the same respondents give the same figures by any route, a shown base never
// goes under the threshold, suppression follows the exact counts, and every figure
// stays within the published perturbation of the exact one.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "analysis/breakdown.hpp"
#include "analysis/cell_key.hpp"
#include "analysis/trend.hpp"
#include "domain/survey_definition.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

TEST(CellKey, ThePerturbationTableIsThePublishedOne) {
    std::map<int, int> keys_per_value;
    for (int key = 0; key < cell_key::kRange; ++key) ++keys_per_value[cell_key::perturbation(static_cast<uint64_t>(key))];
    for (int j = -cell_key::kMax; j <= cell_key::kMax; ++j)
        EXPECT_EQ(keys_per_value[j], cell_key::kShare[static_cast<size_t>(j + cell_key::kMax)]) << "perturbation " << j;
    EXPECT_NEAR(cell_key::variance(), 500.0 / 256.0, 1e-12);
    // A cell key is the sum modulo 256: adding 256 to the sum changes nothing.
    EXPECT_EQ(cell_key::perturbation(1000), cell_key::perturbation(1000 + 256));
    // 0 stays 0; a count that reaches the floor never goes under it.
    EXPECT_EQ(cell_key::perturb(0, 17, 10), 0);
    for (int key = 0; key < cell_key::kRange; ++key) {
        EXPECT_GE(cell_key::perturb(10, static_cast<uint64_t>(key), 10), 10);
        EXPECT_GE(cell_key::perturb(3, static_cast<uint64_t>(key), 10), 1);
    }
}

TEST(CellKey, RecordKeysAreStableSecretAndSpreadOverTheirRange) {
    IdColumn ids;
    for (int i = 0; i < 25500; ++i) ids.push_back("R" + std::to_string(i));
    const auto keys = cell_key::record_keys("secret one", "panel", "2025", ids);
    EXPECT_EQ(keys, cell_key::record_keys("secret one", "panel", "2025", ids));
    std::map<int, int> histogram;
    for (uint8_t k : keys) ++histogram[k];
    EXPECT_EQ(histogram.count(0), 0u);
    EXPECT_EQ(histogram.size(), 255u);
    for (const auto& [key, count] : histogram) {
        // 100 expected per key; 6 standard deviations either side.
        EXPECT_GT(count, 40) << "key " << key;
        EXPECT_LT(count, 160) << "key " << key;
    }
    // Another secret, survey or wave gives other keys: about 1 in 255 agree by chance.
    for (const auto& other : {cell_key::record_keys("secret two", "panel", "2025", ids),
                              cell_key::record_keys("secret one", "staff", "2025", ids),
                              cell_key::record_keys("secret one", "panel", "2024", ids)}) {
        size_t same = 0;
        for (size_t i = 0; i < keys.size(); ++i) same += keys[i] == other[i];
        EXPECT_LT(same, keys.size() / 100);
    }
}

class PerturbedPanel : public ::testing::Test {
protected:
    void SetUp() override {
        survey_ = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
        Store store(test::demo_dir().file("gapfinder.db"));
        data_ = store.load_wave(survey_, "2025");
        data_.record_keys = cell_key::record_keys("a fixed test secret", survey_.id, "2025", data_.ids);
    }
    Findings run(AnalysisSettings s, bool perturb) const {
        s.perturb = perturb;
        return analyse(survey_, data_, "2025", s);
    }
    SurveyDefinition survey_;
    Dataset data_;
};

TEST_F(PerturbedPanel, EveryFigureIsWithinThePerturbationAndSuppressionFollowsTheExactCounts) {
    AnalysisSettings s;
    s.intersections = true;
    s.by = {"age", "sex", "disability", "race", "sexual_orientation"};
    const Findings exact = run(s, false), shown = run(s, true);
    const Findings again = run(s, true);
    for (const auto* rows : {&exact.results, &exact.intersections}) {
        const auto& published = rows == &exact.results ? shown.results : shown.intersections;
        const auto& repeated = rows == &exact.results ? again.results : again.intersections;
        ASSERT_EQ(rows->size(), published.size());
        size_t moved = 0;
        for (size_t i = 0; i < rows->size(); ++i) {
            const GroupResult &e = (*rows)[i], &p = published[i];
            ASSERT_EQ(e.group, p.group);
            EXPECT_EQ(e.suppressed, p.suppressed) << e.question << " " << e.group;
            if (e.suppressed || e.undisclosed) continue;
            EXPECT_EQ(p.n, repeated[i].n);  // the same request, the same figures
            EXPECT_EQ(p.positives, repeated[i].positives);
            EXPECT_GE(p.n, s.suppress_below) << e.question << " " << e.group;
            EXPECT_LE(std::fabs(p.n - e.n), cell_key::kMax) << e.question << " " << e.group;
            EXPECT_LE(std::fabs(p.positives - e.positives), cell_key::kMax) << e.question << " " << e.group;
            EXPECT_LE(p.positives, p.n);
            EXPECT_NEAR(p.rate, p.positives / p.n, 1e-12);  // rates from the published counts
            EXPECT_TRUE(std::isnan(p.mean));                // no mean score from exact answers
            EXPECT_TRUE(std::isnan(p.p_adj));               // no p-value to invert
            EXPECT_EQ(p.flagged, e.flagged) << e.question << " " << e.group;  // the approved analysis's flags
            EXPECT_EQ(p.low_base, e.low_base) << e.question << " " << e.group;
            moved += p.n != e.n || p.positives != e.positives;
        }
        EXPECT_GT(moved, rows->size() / 4);  // the noise is there
    }
}

// The trend on perturbed counts says of each change what the exact trend says (confirmed
// or not, flagged in either wave), and publishes no test statistic.
TEST_F(PerturbedPanel, TrendStatusesAreTheExactAnalysissAndItsTestsAreWithheld) {
    Store store(test::demo_dir().file("gapfinder.db"));
    Dataset earlier = store.load_wave(survey_, "2024");
    earlier.record_keys = cell_key::record_keys("a fixed test secret", survey_.id, "2024", earlier.ids);
    AnalysisSettings s;
    const auto exact = trend_between(survey_, earlier, "2024", data_, "2025", s);
    s.perturb = true;
    const auto shown = trend_between(survey_, earlier, "2024", data_, "2025", s);
    ASSERT_EQ(exact.size(), shown.size());
    size_t statuses = 0;
    for (size_t i = 0; i < exact.size(); ++i) {
        ASSERT_EQ(exact[i].group, shown[i].group);
        EXPECT_TRUE(std::isnan(shown[i].p) && std::isnan(shown[i].p_adj) && std::isnan(shown[i].z));
        if (exact[i].suppressed || shown[i].suppressed) continue;
        EXPECT_EQ(shown[i].status, exact[i].status) << exact[i].question << " " << exact[i].group;
        EXPECT_EQ(shown[i].from_flagged, exact[i].from_flagged);
        EXPECT_EQ(shown[i].to_flagged, exact[i].to_flagged);
        statuses += shown[i].from_flagged || shown[i].to_flagged;
        EXPECT_NE(shown[i].in_words.find(shown[i].status == "no significant change" ? "not confirmed" : "; confirmed"),
                  std::string::npos) << shown[i].in_words;
    }
    // Gaps confirmed in a wave are said so. (No change in the panel is confirmed on the
    // exact counts; from the perturbed counts, small groups showed "confirmed" reversals.)
    EXPECT_GT(statuses, 0u);
}

// The promise that defeats differencing by routes: a cell reached as a row of an
// intersection and as a group of a filtered table is the same respondents, so it shows
// the same base and positives, on every question.
TEST_F(PerturbedPanel, TheSameRespondentsShowTheSameFiguresWhicheverRouteReachesThem) {
    AnalysisSettings cross;
    cross.intersections = true;
    cross.by = {"age", "race"};
    const Findings intersection = run(cross, true);
    std::map<std::string, const GroupResult*> cells;
    for (const auto& r : intersection.intersections) cells[r.question + "|" + r.group] = &r;
    size_t compared = 0;
    for (const std::string age : {"age_25_34", "age_35_44", "age_45_54"}) {
        AnalysisSettings filtered;
        filtered.filters = {{"age", {age}}};
        filtered.by = {"race"};
        for (const auto& r : run(filtered, true).results) {
            if (r.undisclosed || r.suppressed) continue;
            const auto it = cells.find(r.question + "|" + age + " x " + r.group);
            ASSERT_NE(it, cells.end()) << r.question << " " << age << " " << r.group;
            if (it->second->suppressed) continue;
            EXPECT_EQ(r.n, it->second->n) << r.question << " " << age << " x " << r.group;
            EXPECT_EQ(r.positives, it->second->positives) << r.question << " " << age << " x " << r.group;
            ++compared;
        }
    }
    EXPECT_GT(compared, 50u);
}

TEST_F(PerturbedPanel, AFilterToSeveralCategoriesIsRefusedNamingIt) {
    AnalysisSettings s;
    s.filters = {{"age", {"age_16_24", "age_25_34"}}};
    try {
        run(s, true);
        FAIL() << "a filter to two categories was answered with perturbed counts";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("--filter age = age_16_24, age_25_34"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(run(s, false));  // the command line's exact counts may
}

}  // namespace
}  // namespace gapfinder
