// Count cubes (issue 20, item 3): seven councils' waves as cubes, merged, analysed, and
// compared with the analysis of the union of their rows, figure by figure, to 1e-12;
// merges in every order; refusals by name; the file format's round trip.
#include "action_plan/partnership_plan.hpp"
#include "action_plan/writers.hpp"
#include "analysis/cube.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <tuple>
#include <numeric>
#include <random>
#include <sstream>

#include "analysis/breakdown.hpp"
#include "analysis/cell_key.hpp"
#include "analysis/count_table.hpp"
#include "analysis/splits.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

constexpr size_t kCouncils = 7, kPerCouncil = 3000;

SurveyDefinition panel() { return SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json"); }

// A generated partnership: each council's residents, with skewed group sizes (some
// groups small enough to be suppressed), a planted gap for disabled residents, a planted
// difference for council 3, undisclosed and blank answers, and weights (some 0).
std::vector<Dataset> councils(const SurveyDefinition& survey, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Dataset> out(kCouncils);
    const size_t disability = static_cast<size_t>(survey.find_grouping("disability") - survey.groupings.data());
    for (size_t c = 0; c < kCouncils; ++c) {
        Dataset& d = out[c];
        d.answers.resize(survey.questions.size());
        d.groupings.resize(survey.groupings.size());
        for (size_t r = 0; r < kPerCouncil; ++r) {
            d.ids.push_back("C" + std::to_string(c) + "-" + std::to_string(r));
            for (size_t g = 0; g < survey.groupings.size(); ++g) {
                const size_t k = survey.groupings[g].categories.size();
                const double v = u(rng);
                uint8_t code;
                if (v < 0.04) code = kUndisclosed;
                else if (v < 0.06) code = kBlank;
                else {
                    // Geometric-ish: the first categories common, the last rare.
                    size_t i = 0;
                    while (i + 1 < k && u(rng) < 0.45) ++i;
                    code = static_cast<uint8_t>(i + 1);
                }
                d.groupings[g].push_back(code);
            }
            const bool disabled = d.groupings[disability].back() == 1;
            for (size_t q = 0; q < survey.questions.size(); ++q) {
                const auto& points = survey.questions[q].scale.points;
                if (u(rng) < 0.05) {
                    d.answers[q].push_back(0);
                    continue;
                }
                // Lower codes are the positive ones on the panel's scales; shift for
                // disabled residents and for council 3.
                double shift = (disabled ? 0.15 : 0) + (c == 3 ? 0.12 : 0);
                double v = std::clamp(u(rng) + shift, 0.0, 0.999999);
                d.answers[q].push_back(static_cast<uint8_t>(1 + static_cast<size_t>(v * static_cast<double>(points.size()))));
            }
            // Weights on a grid of 2^-16, so that every sum of them (and of their squares)
            // is exact in a double whatever the order: the union's row-order sums and the
            // cubes' sums then agree exactly, and the comparison tests poolability rather
            // than summation order (docs/partnerships.md, "Weighted sums").
            const double w = u(rng) < 0.02 ? 0.0 : std::exp(0.5 * (u(rng) - 0.5)) * (1 + 0.1 * static_cast<double>(c));
            d.weights.push_back(std::ldexp(std::round(std::ldexp(w, 16)), -16));
        }
    }
    return out;
}

Dataset union_of(const std::vector<Dataset>& parts) {
    Dataset all = parts.front();
    for (size_t i = 1; i < parts.size(); ++i) {
        all.ids.append(parts[i].ids);
        for (size_t q = 0; q < all.answers.size(); ++q)
            all.answers[q].insert(all.answers[q].end(), parts[i].answers[q].begin(), parts[i].answers[q].end());
        for (size_t g = 0; g < all.groupings.size(); ++g)
            all.groupings[g].insert(all.groupings[g].end(), parts[i].groupings[g].begin(), parts[i].groupings[g].end());
        all.weights.insert(all.weights.end(), parts[i].weights.begin(), parts[i].weights.end());
    }
    return all;
}

// The record keys of a council's wave, from one store's secret.
std::vector<uint8_t> keys_of(const SurveyDefinition& survey, const Dataset& part) {
    return cell_key::record_keys("the store's secret", survey.id, "2025", part.ids);
}

std::vector<CountCube> cubes_of(const SurveyDefinition& survey, const std::vector<Dataset>& parts, bool weighted,
                                bool keyed = false) {
    std::vector<CountCube> out;
    for (size_t c = 0; c < parts.size(); ++c) {
        CubeOptions o;
        o.organisation = "Council " + std::string(1, static_cast<char>('A' + c));
        if (weighted) o.weights = parts[c].weights;
        if (keyed) o.record_keys = keys_of(survey, parts[c]);
        out.push_back(build_cube(survey, parts[c], "2025", o));
    }
    return out;
}

// Equal to 1e-12 relative (absolute near zero), or both missing.
void expect_close(double a, double b, const std::string& what) {
    if (std::isnan(a) || std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what << ": " << a << " against " << b;
        return;
    }
    EXPECT_LE(std::fabs(a - b), 1e-12 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)))) << what << ": " << a << " against " << b;
}

size_t compared = 0;

void expect_same_rows(const std::vector<GroupResult>& a, const std::vector<GroupResult>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        const GroupResult& x = a[i];
        const GroupResult& y = b[i];
        const std::string at = x.question + "/" + x.characteristic + "/" + x.group;
        ASSERT_EQ(x.question, y.question) << at;
        ASSERT_EQ(x.characteristic, y.characteristic) << at;
        ASSERT_EQ(x.group, y.group) << at;
        EXPECT_EQ(x.group_label, y.group_label) << at;
        EXPECT_EQ(x.undisclosed, y.undisclosed) << at;
        EXPECT_EQ(x.reference, y.reference) << at;
        EXPECT_EQ(x.suppressed, y.suppressed) << at;
        EXPECT_EQ(x.suppression, y.suppression) << at;
        EXPECT_EQ(x.low_base, y.low_base) << at;
        EXPECT_EQ(x.test, y.test) << at;
        EXPECT_EQ(x.flagged, y.flagged) << at;
        EXPECT_EQ(x.mirror_of, y.mirror_of) << at;
        EXPECT_EQ(x.interaction_contrast, y.interaction_contrast) << at;
        const double GroupResult::*fields[] = {&GroupResult::n,         &GroupResult::positives,     &GroupResult::rate,
                                               &GroupResult::ci_low,    &GroupResult::ci_high,       &GroupResult::rest_n,
                                               &GroupResult::rest_positives, &GroupResult::rest_rate, &GroupResult::gap_pp,
                                               &GroupResult::p,         &GroupResult::p_adj,         &GroupResult::mean,
                                               &GroupResult::rest_mean, &GroupResult::welch_p,       &GroupResult::n_eff,
                                               &GroupResult::design_effect, &GroupResult::rest_n_eff, &GroupResult::expected_rate,
                                               &GroupResult::interaction_p, &GroupResult::interaction_p_adj};
        for (auto f : fields) {
            expect_close(x.*f, y.*f, at);
            ++compared;
        }
    }
}

void expect_same_omnibus(const std::vector<OmnibusResult>& a, const std::vector<OmnibusResult>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        const std::string at = a[i].question + "/" + a[i].characteristic;
        EXPECT_EQ(a[i].question, b[i].question);
        EXPECT_EQ(a[i].characteristic, b[i].characteristic) << at;
        EXPECT_EQ(a[i].groups, b[i].groups) << at;
        EXPECT_EQ(a[i].test, b[i].test) << at;
        EXPECT_EQ(a[i].small_expected, b[i].small_expected) << at;
        expect_close(a[i].statistic, b[i].statistic, at);
        expect_close(a[i].df, b[i].df, at);
        expect_close(a[i].p, b[i].p, at);
        expect_close(a[i].denominator_df, b[i].denominator_df, at);
        compared += 4;
    }
}

void expect_same_findings(const Findings& rows, const Findings& pooled) {
    EXPECT_EQ(rows.respondents, pooled.respondents);
    expect_same_rows(rows.results, pooled.results);
    expect_same_rows(rows.intersections, pooled.intersections);
    expect_same_omnibus(rows.omnibus, pooled.omnibus);
    expect_same_omnibus(rows.intersection_omnibus, pooled.intersection_omnibus);
}

class CubeTest : public ::testing::Test {
protected:
    SurveyDefinition survey = panel();
    std::vector<Dataset> parts = councils(survey, 20261205);
    Dataset all = union_of(parts);
};

TEST_F(CubeTest, PooledCubesGiveTheUnionOfRowsAnalysisForEveryFigure) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, false);
    std::vector<AnalysisSettings> variants(5);
    for (auto& s : variants) s.intersections = true;
    variants[1].compare.kind = Comparison::Kind::overall;
    variants[1].correction = stats::Correction::holm;
    variants[2].compare.kind = Comparison::Kind::largest;
    variants[2].round_counts_to = 5;
    variants[3].compare = {Comparison::Kind::named, "Female"};  // by its wording, as people write it
    variants[3].by = {"race", "disability", "sex"};
    variants[4].by = {"disability", "age"};  // pairs the other way round from the cube's
    variants[4].questions = {"treated_fairly", "informed"};
    variants[4].suppress_below = 20;
    variants[4].min_base = 50;
    compared = 0;
    for (const auto& s : variants) {
        const Findings from_rows = analyse(survey, all, "2025", s);
        const PooledFindings pooled = analyse_pooled(survey, cubes, s);
        ASSERT_FALSE(from_rows.results.empty());
        ASSERT_FALSE(from_rows.intersections.empty());
        expect_same_findings(from_rows, pooled.findings);
        EXPECT_EQ(from_rows.settings.compare.group, pooled.findings.settings.compare.group);
    }
    // The comparison covers flags, suppression and small-count tests, not only the easy rows.
    size_t flagged = 0, suppressed = 0, fisher = 0;
    const Findings f = analyse(survey, all, "2025", variants[0]);
    for (const auto* rows : {&f.results, &f.intersections})
        for (const auto& r : *rows) flagged += r.flagged, suppressed += r.suppressed, fisher += r.test == "fisher";
    EXPECT_GT(flagged, 0u);
    EXPECT_GT(suppressed, 0u);
    EXPECT_GT(fisher, 0u);
    EXPECT_GT(compared, 100000u);
}

// Weighted cubes hold each council's own weights' sums. The design-based variances of
// one wave are not poolable (docs/partnerships.md), so the pooled analysis runs without
// a design, on Kish's effective base: the same as the analysis of the union's own count
// tables (count_answers, as the breakdown counts them) without a design.
TEST_F(CubeTest, WeightedPooledCubesGiveTheUnionsWeightedTables) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, true);
    AnalysisSettings s;
    s.intersections = true;
    s.weighted = true;
    s.by = {"disability", "race", "sex", "age"};
    CountedAnalysis counted;
    counted.weighted = true;
    counted.respondents = all.rows();
    for (size_t q = 0; q < survey.questions.size(); ++q) counted.question_index.push_back(q);
    for (const auto& id : s.by) {
        const size_t g = static_cast<size_t>(survey.find_grouping(id) - survey.groupings.data());
        counted.grouping_index.push_back(g);
        counted.splits.push_back(make_split(survey.groupings[g], all.groupings[g], Level::recorded));
    }
    for (size_t a = 0; a < counted.splits.size(); ++a)
        for (size_t b = a + 1; b < counted.splits.size(); ++b)
            counted.cross.push_back(cross_splits(counted.splits[a], counted.splits[b]));
    for (size_t q = 0; q < survey.questions.size(); ++q) {
        const size_t codes = survey.questions[q].scale.points.size() + 1;
        for (const auto& split : counted.splits) counted.tables.push_back(count_answers(split, all.answers[q], codes, all.weights));
        for (const auto& split : counted.cross)
            counted.cross_tables.push_back(count_answers(split, all.answers[q], codes, all.weights));
    }
    const Findings from_rows = analyse_counted(survey, counted, "2025", s);
    const PooledFindings pooled = analyse_pooled(survey, cubes, s);
    expect_same_findings(from_rows, pooled.findings);
    EXPECT_EQ(pooled.findings.weighting.kept + pooled.findings.weighting.left_out, all.rows());
    size_t kept = 0;
    double w = 0, w2 = 0;
    for (double x : all.weights)
        if (x > 0) ++kept, w += x, w2 += x * x;
    EXPECT_EQ(pooled.findings.weighting.kept, kept);
    expect_close(pooled.findings.weighting.design_effect, kept / stats::kish_effective_n(w, w2), "design effect");
}

TEST_F(CubeTest, MergingIsAssociativeAndCommutativeExactly) {
    for (bool keyed : {false, true}) {
        SCOPED_TRACE(keyed ? "with record keys" : "without record keys");
        const std::vector<CountCube> cubes = cubes_of(survey, parts, true, keyed);
        const CountCube& a = cubes[0];
        const CountCube& b = cubes[1];
        const CountCube& c = cubes[2];
        const CountCube left = merge_cubes(merge_cubes(a, b), c);
        EXPECT_TRUE(left == merge_cubes(a, merge_cubes(b, c)));
        std::vector<size_t> order = {0, 1, 2};
        do {
            EXPECT_TRUE(left == merge_cubes(merge_cubes(cubes[order[0]], cubes[order[1]]), cubes[order[2]]));
        } while (std::next_permutation(order.begin(), order.end()));
        // All seven, in shuffled orders and groupings, bit for bit the same cube.
        const CountCube in_order = merge_cubes(cubes);
        std::mt19937 rng(7);
        for (int round = 0; round < 5; ++round) {
            std::vector<CountCube> shuffled = cubes;
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            const CountCube halves = merge_cubes(merge_cubes(std::vector<CountCube>(shuffled.begin(), shuffled.begin() + 3)),
                                                 merge_cubes(std::vector<CountCube>(shuffled.begin() + 3, shuffled.end())));
            EXPECT_TRUE(in_order == halves);
            EXPECT_EQ(write_cube(in_order), write_cube(halves));
        }
        // And the merged cube is the union's own cube.
        CubeOptions o;
        o.weights = all.weights;
        if (keyed)
            for (const Dataset& part : parts)
                for (uint8_t k : keys_of(survey, part)) o.record_keys.push_back(k);
        const CountCube whole = build_cube(survey, all, "2025", o);
        EXPECT_EQ(whole.respondents, in_order.respondents);
        EXPECT_EQ(whole.keyed, keyed);
        EXPECT_TRUE(whole.splits == in_order.splits);
        EXPECT_TRUE(whole.sum_w == in_order.sum_w && whole.sum_w2 == in_order.sum_w2);
    }
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST_F(CubeTest, CubesOfAnotherDefinitionOrSchemaVersionAreRefusedByName) {
    const std::vector<CountCube> cubes = cubes_of(survey, std::vector<Dataset>(parts.begin(), parts.begin() + 2), false);
    // Another definition: the staff survey.
    const SurveyDefinition staff = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/staff-survey.json");
    CountCube other = cubes[1];
    other.survey_id = staff.id;
    other.fingerprint = definition_fingerprint(staff);
    std::string e = error_of([&] { merge_cubes(cubes[0], other); });
    EXPECT_NE(e.find("survey definitions differ"), std::string::npos) << e;
    EXPECT_NE(e.find("survey citizens-panel"), std::string::npos) << e;
    EXPECT_NE(e.find("survey " + staff.id), std::string::npos) << e;
    // The same survey id with a changed definition (a scale's positive codes).
    SurveyDefinition changed = survey;
    changed.questions[0].scale.points[1].positive = !changed.questions[0].scale.points[1].positive;
    EXPECT_NE(definition_fingerprint(changed), cubes[0].fingerprint);
    CountCube changed_cube = build_cube(changed, parts[1], "2025", {"Council Z", Level::recorded, true, {}, {}});
    e = error_of([&] { merge_cubes(cubes[0], changed_cube); });
    EXPECT_NE(e.find(cubes[0].fingerprint.substr(0, 12)), std::string::npos) << e;
    EXPECT_NE(e.find(changed_cube.fingerprint.substr(0, 12)), std::string::npos) << e;
    e = error_of([&] { analyse_pooled(survey, {cubes[0], changed_cube}, {}); });
    EXPECT_NE(e.find("fingerprint"), std::string::npos) << e;
    // Another cube schema version, in memory and in a file: version 1 (before record
    // keys) is refused by name, not read in part.
    ASSERT_EQ(kCubeSchemaVersion, 2u);
    CountCube v3 = cubes[1];
    v3.schema_version = 3;
    e = error_of([&] { merge_cubes(cubes[0], v3); });
    EXPECT_NE(e.find("cube schema version 2"), std::string::npos) << e;
    EXPECT_NE(e.find("cube schema version 3"), std::string::npos) << e;
    std::string bytes = write_cube(cubes[0]);
    bytes[8] = 1;
    e = error_of([&] { read_cube(bytes, "council-a.cube"); });
    EXPECT_NE(e.find("council-a.cube is a count cube of schema version 1"), std::string::npos) << e;
    EXPECT_NE(e.find("reads cube schema version 2"), std::string::npos) << e;
    // A cube with record keys and one without: named both.
    const std::vector<CountCube> keyed = cubes_of(survey, std::vector<Dataset>(parts.begin(), parts.begin() + 2), false, true);
    e = error_of([&] { merge_cubes(keyed[0], cubes[1]); });
    EXPECT_NE(e.find("record keys"), std::string::npos) << e;
    EXPECT_NE(e.find("Council A 2025"), std::string::npos) << e;
    EXPECT_NE(e.find("Council B 2025"), std::string::npos) << e;
    // Not a cube, damaged, truncated; and the same council twice.
    EXPECT_NE(error_of([&] { read_cube("id,answer\n1,2\n", "rows.csv"); }).find("rows.csv is not a gapfinder count cube"),
              std::string::npos);
    bytes = write_cube(cubes[0]);
    bytes[bytes.size() / 2] ^= 1;
    EXPECT_NE(error_of([&] { read_cube(bytes, "x.cube"); }).find("checksum"), std::string::npos);
    EXPECT_NE(error_of([&] { read_cube(write_cube(cubes[0]).substr(0, 100), "x.cube"); }).find("x.cube"), std::string::npos);
    e = error_of([&] { merge_cubes(cubes[0], cubes[0]); });
    EXPECT_NE(e.find("counted twice"), std::string::npos) << e;
    // A pooled analysis refuses what cubes cannot answer.
    AnalysisSettings s;
    s.filters = {{"sex", {"female"}}};
    EXPECT_NE(error_of([&] { analyse_pooled(survey, cubes, s); }).find("--filter"), std::string::npos);
    s = {};
    s.weighted = true;
    EXPECT_NE(error_of([&] { analyse_pooled(survey, cubes, s); }).find("unweighted"), std::string::npos);
    s = {};
    s.level = Level::group;
    EXPECT_NE(error_of([&] { analyse_pooled(survey, cubes, s); }).find("--level group"), std::string::npos);
    s = {};
    s.suppress_below = 3;
    EXPECT_NE(error_of([&] { analyse_pooled(survey, cubes, s); }).find("disclosure floor"), std::string::npos);
    s = {};
    s.perturb = true;
    EXPECT_NE(error_of([&] { analyse_pooled(survey, cubes, s); }).find("no record keys"), std::string::npos);
}

TEST_F(CubeTest, TheFileFormatRoundTripsBitForBit) {
    for (bool weighted : {false, true}) {
        const CountCube merged = merge_cubes(cubes_of(survey, parts, weighted, weighted));
        EXPECT_EQ(merged.keyed, weighted);
        const std::string bytes = write_cube(merged);
        const CountCube back = read_cube(bytes, "partnership.cube");
        EXPECT_TRUE(back == merged);
        EXPECT_EQ(write_cube(back), bytes);
    }
}

// Bit for bit, or both missing.
void expect_identical(double a, double b, const std::string& what) {
    if (std::isnan(a) || std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a) && std::isnan(b)) << what << ": " << a << " against " << b;
    } else {
        EXPECT_EQ(a, b) << what;
    }
}

// A council's cube with record keys, analysed alone with perturbed counts, publishes
// what the council's own perturbed analysis of its rows publishes: the same cells with
// the same key sums give the same perturbations.
TEST_F(CubeTest, AKeyedCubeAnalysedPerturbedIsTheCouncilsOwnPerturbedAnalysisBitForBit) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, false, true);
    std::vector<AnalysisSettings> variants(3);
    for (auto& s : variants) s.perturb = true, s.intersections = true;
    variants[1].compare.kind = Comparison::Kind::largest;
    variants[1].round_counts_to = 5;
    variants[2].by = {"disability", "age"};
    variants[2].suppress_below = 20;
    size_t differ = 0, rows = 0;
    for (size_t c : {size_t{0}, size_t{3}})
        for (const auto& s : variants) {
            Dataset own = parts[c];
            own.record_keys = keys_of(survey, own);
            const Findings from_rows = analyse(survey, own, "2025", s);
            const Findings from_cube = analyse_pooled(survey, {cubes[c]}, s).findings;
            AnalysisSettings exact = s;
            exact.perturb = false;
            const Findings exact_rows = analyse(survey, own, "2025", exact);
            for (const auto& [a, b] : {std::pair{&from_rows.results, &from_cube.results},
                                       std::pair{&from_rows.intersections, &from_cube.intersections}}) {
                ASSERT_EQ(a->size(), b->size());
                for (size_t i = 0; i < a->size(); ++i) {
                    const GroupResult &x = (*a)[i], &y = (*b)[i];
                    const std::string at = x.question + "/" + x.characteristic + "/" + x.group;
                    ASSERT_EQ(x.group, y.group) << at;
                    EXPECT_EQ(x.suppressed, y.suppressed) << at;
                    EXPECT_EQ(x.flagged, y.flagged) << at;
                    EXPECT_EQ(x.low_base, y.low_base) << at;
                    EXPECT_EQ(x.test, y.test) << at;
                    for (auto f : {&GroupResult::n, &GroupResult::positives, &GroupResult::rate, &GroupResult::ci_low,
                                   &GroupResult::ci_high, &GroupResult::rest_n, &GroupResult::rest_positives,
                                   &GroupResult::rest_rate, &GroupResult::gap_pp, &GroupResult::p, &GroupResult::p_adj,
                                   &GroupResult::mean})
                        expect_identical(x.*f, y.*f, at);
                    EXPECT_TRUE(std::isnan(y.p)) << at;  // no published p-values
                    ++rows;
                }
            }
            // Perturbation happened: some published count is not the exact one.
            for (size_t i = 0; i < from_cube.results.size(); ++i)
                differ += !from_cube.results[i].suppressed && from_cube.results[i].n != exact_rows.results[i].n;
        }
    EXPECT_GT(rows, 1000u);
    EXPECT_GT(differ, 0u);
}

// Perturbed, each council's comparison row publishes its own cell as its own perturbed
// findings do, with the flags of the exact comparison.
TEST_F(CubeTest, PerturbedCouncilComparisonsPublishEachCouncilsOwnPerturbedCounts) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, false, true);
    AnalysisSettings s;
    s.by = {"disability", "race"};
    AnalysisSettings perturbed_settings = s;
    perturbed_settings.perturb = true;
    const PooledFindings exact = analyse_pooled(survey, cubes, s);
    const PooledFindings pooled = analyse_pooled(survey, cubes, perturbed_settings);
    ASSERT_EQ(exact.councils.size(), pooled.councils.size());
    std::map<std::string, Findings> own;
    for (size_t c = 0; c < cubes.size(); ++c) {
        Dataset rows = parts[c];
        rows.record_keys = keys_of(survey, rows);
        own["Council " + std::string(1, static_cast<char>('A' + c))] = analyse(survey, rows, "2025", perturbed_settings);
    }
    size_t matched = 0, differ = 0, flagged = 0;
    for (size_t i = 0; i < pooled.councils.size(); ++i) {
        const CouncilComparison &r = pooled.councils[i], &e = exact.councils[i];
        EXPECT_EQ(r.suppressed, e.suppressed);
        EXPECT_EQ(r.flagged, e.flagged);
        EXPECT_EQ(r.low_base, e.low_base);
        EXPECT_TRUE(std::isnan(r.p) && std::isnan(r.p_adj));
        flagged += r.flagged;
        if (r.suppressed) continue;
        differ += r.n != e.n || r.others_n != e.others_n || r.partnership_n != e.partnership_n;
        for (const auto& g : own.at(r.organisation).results)
            if (g.question == r.question && g.characteristic == r.characteristic && g.group == r.group && !g.suppressed) {
                EXPECT_EQ(g.n, r.n) << r.organisation << " " << r.question << " " << r.group;
                EXPECT_EQ(g.positives, r.positives) << r.organisation << " " << r.question << " " << r.group;
                ++matched;
            }
    }
    // The partnership's own rows match its comparison rows' partnership figures.
    for (const auto& r : pooled.councils) {
        if (std::isnan(r.partnership_n)) continue;
        for (const auto& g : pooled.findings.results)
            if (g.question == r.question && g.characteristic == r.characteristic && g.group == r.group) {
                EXPECT_EQ(g.n, r.partnership_n) << r.question << " " << r.group;
            }
    }
    EXPECT_GT(matched, 100u);
    EXPECT_GT(differ, 0u);
    EXPECT_GT(flagged, 0u);
    // Weighted cubes perturb too (weighted sums scaled with their counts), with the
    // exact analysis's flags.
    const std::vector<CountCube> weighted = cubes_of(survey, parts, true, true);
    s.weighted = perturbed_settings.weighted = true;
    const PooledFindings weighted_exact = analyse_pooled(survey, weighted, s);
    const PooledFindings weighted_perturbed = analyse_pooled(survey, weighted, perturbed_settings);
    ASSERT_EQ(weighted_exact.findings.results.size(), weighted_perturbed.findings.results.size());
    for (size_t i = 0; i < weighted_exact.findings.results.size(); ++i)
        EXPECT_EQ(weighted_exact.findings.results[i].flagged, weighted_perturbed.findings.results[i].flagged);
    ASSERT_EQ(weighted_exact.councils.size(), weighted_perturbed.councils.size());
    for (size_t i = 0; i < weighted_exact.councils.size(); ++i)
        EXPECT_EQ(weighted_exact.councils[i].flagged, weighted_perturbed.councils[i].flagged);
}

TEST_F(CubeTest, CouncilsAreComparedWithThePartnershipAverageUnderSuppression) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, false);
    AnalysisSettings s;
    s.by = {"disability", "race"};
    const PooledFindings pooled = analyse_pooled(survey, cubes, s);
    ASSERT_FALSE(pooled.councils.empty());
    EXPECT_EQ(pooled.parts.size(), kCouncils);
    size_t council_d_flags = 0, other_flags = 0, hidden = 0;
    for (const auto& r : pooled.councils) {
        if (r.suppressed) {
            ++hidden;
            EXPECT_TRUE(std::isnan(r.n) && std::isnan(r.rate) && r.in_words.empty());
            continue;
        }
        EXPECT_GE(r.n, s.suppress_below) << r.organisation << " " << r.group;
        if (r.flagged) {
            (r.organisation == "Council D" ? council_d_flags : other_flags) += 1;
            EXPECT_NE(r.in_words.find("; confirmed"), std::string::npos);
            EXPECT_LT(r.p_adj, s.alpha);
        }
    }
    // Council D (the fourth) was planted 12 points behind on every question.
    EXPECT_GT(council_d_flags, 0u);
    EXPECT_GT(hidden, 0u);
    for (const auto& r : pooled.councils)
        if (r.flagged && r.organisation == "Council D" && r.group == "not_disabled" && r.question == "treated_fairly") {
            EXPECT_NE(r.in_words.find("Council D, "), std::string::npos) << r.in_words;
            EXPECT_NE(r.in_words.find("points behind the partnership average"), std::string::npos) << r.in_words;
        }
    // Within each question x group, councils are suppressed as a table's groups are:
    // never one council alone hidden.
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<int, int>> hidden_of;
    for (const auto& r : pooled.councils) {
        auto& h = hidden_of[{r.question, r.characteristic, r.group}];
        h.first += r.suppressed;
        h.second += 1;
    }
    for (const auto& [key, h] : hidden_of) EXPECT_NE(h.first, 1) << std::get<0>(key) << " " << std::get<2>(key);
    // The JSON document parses and holds the partnership's findings.
    std::ostringstream json;
    write_pooled_json(pooled, json);
    const auto doc = test::parse_object(json.str());
    EXPECT_EQ(doc->getValue<std::string>("schema"), "gapfinder-pooled/1");
    EXPECT_EQ(doc->getArray("councils")->size(), pooled.councils.size());
    EXPECT_EQ(doc->getObject("findings")->getArray("results")->size(), pooled.findings.results.size());
}

// The commands end to end: two waves of the bundled panel stand in for two councils.
TEST(CubeCli, ExportThenPoolAnalyseAndRefuseByName) {
    test::TempDir dir;
    const std::string cwd = dir.path().string();
    for (const std::string wave : {"2024", "2025"}) {
        const auto r = test::run_gapfinder({"ingest", std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-" + wave + ".csv",
                                            "--survey", "citizens-panel", "--wave", wave},
                                           cwd);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto r = test::run_gapfinder({"cube", "export", "--survey", "citizens-panel", "--wave", "2024", "--organisation", "Council A",
                                  "-o", "a.cube"},
                                 cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("send it only to the partnership's trusted analyst"), std::string::npos) << r.err;
    r = test::run_gapfinder({"cube", "export", "--survey", "citizens-panel", "--wave", "2025", "--organisation", "Council B",
                             "-o", "b.cube"},
                            cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "b.cube", "--by", "disability,sex", "--format", "json", "-o", "p.json"},
                            cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = test::parse_object(test::read_file(dir.file("p.json")));
    EXPECT_EQ(doc->getArray("parts")->size(), 2u);
    EXPECT_GT(doc->getArray("councils")->size(), 0u);
    EXPECT_EQ(doc->getObject("findings")->getValue<uint64_t>("respondents"),
              test::parse_object(test::read_file(dir.file("p.json")))->getArray("parts")->getObject(0)->getValue<uint64_t>("respondents") +
                  doc->getArray("parts")->getObject(1)->getValue<uint64_t>("respondents"));
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "b.cube", "--by", "disability", "--intersections"}, cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Partnership analysis of 2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("against the partnership average"), std::string::npos) << r.out;
    // Refused by name: another cube schema version, another level, below the floor.
    std::string bytes = test::read_file(dir.file("b.cube"));
    bytes[8] = 9;
    test::write_file(dir.file("v9.cube"), bytes);
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "v9.cube"}, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("v9.cube is a count cube of schema version 9"), std::string::npos) << r.err;
    r = test::run_gapfinder({"cube", "export", "--survey", "citizens-panel", "--wave", "2025", "--organisation", "Council C",
                             "--level", "group", "-o", "c.cube"},
                            cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "c.cube"}, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("levels"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Council A 2024"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Council C 2025"), std::string::npos) << r.err;
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "b.cube", "--suppress-below", "2"}, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("disclosure floor"), std::string::npos) << r.err;
    r = test::run_gapfinder({"pool", "plan", "a.cube", "b.cube", "--format", "json", "-o", "plan.json"}, cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("Wrote a partnership action plan of"), std::string::npos) << r.err;
    const auto plan_doc = test::parse_object(test::read_file(dir.file("plan.json")));
    EXPECT_EQ(plan_doc->getValue<std::string>("layout"), "eflg");
    EXPECT_EQ(plan_doc->getArray("partners")->size(), 2u);
    // Perturbed counts: cube export holds record keys unless told not to.
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "b.cube", "--by", "disability", "--counts", "perturbed", "--format",
                             "json", "-o", "perturbed.json"},
                            cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::parse_object(test::read_file(dir.file("perturbed.json")))
                  ->getObject("findings")->getObject("counts")->getValue<std::string>("kind"),
              "perturbed");
    r = test::run_gapfinder({"pool", "plan", "a.cube", "b.cube", "--counts", "perturbed", "--format", "json", "-o", "pp.json"}, cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"cube", "export", "--survey", "citizens-panel", "--wave", "2025", "--organisation", "Council D",
                             "--no-keys", "-o", "d.cube"},
                            cwd);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"pool", "analyse", "d.cube", "--counts", "perturbed"}, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no record keys"), std::string::npos) << r.err;
    r = test::run_gapfinder({"pool", "analyse", "a.cube", "d.cube"}, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("record keys"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Council D 2025"), std::string::npos) << r.err;
}

// The partnership's plan (issue 20, item 4): rows from the pooled gaps and from gaps
// councils show alone, each row's partner cross-reference the councils whose own
// findings confirm that gap on the same side, or "pooled only".
TEST_F(CubeTest, ThePartnershipPlanNamesTheCouncilsThatShowEachGap) {
    const std::vector<CountCube> cubes = cubes_of(survey, parts, false);
    AnalysisSettings s;
    const PooledFindings pooled = analyse_pooled(survey, cubes, s);
    std::vector<plan::CouncilFindings> councils;
    std::vector<plan::ActionPlan> alone;
    plan::BuildOptions eflg;
    eflg.layout = "eflg";
    for (const CountCube& cube : cubes) {
        councils.push_back({cube.parts.front().organisation, analyse_pooled(survey, {cube}, s).findings});
        alone.push_back(plan::build_plan(councils.back().findings, survey, eflg));
    }
    const plan::ActionPlan pooled_plan = plan::build_plan(pooled.findings, survey, eflg);
    const plan::ActionPlan p = plan::build_partnership_plan(pooled.findings, councils, survey, eflg);
    ASSERT_EQ(p.partners.size(), kCouncils) << "the councils are the partners when the definition names none";
    auto drafts = [](const plan::ActionPlan& a, const plan::Row& row) {
        for (const plan::Row& r : a.rows)
            if (r.question == row.question && r.characteristic == row.characteristic && r.group == row.group &&
                std::signbit(r.baseline_gap_pp) == std::signbit(row.baseline_gap_pp))
                return true;
        return false;
    };
    size_t pooled_rows = 0, council_rows = 0, named = 0;
    for (const plan::Row& row : p.rows) {
        const bool from_pool = drafts(pooled_plan, row);
        (from_pool ? pooled_rows : council_rows) += 1;
        if (!from_pool) {
            EXPECT_EQ(row.action.rfind("In ", 0), 0u) << row.action;
        }
        std::string expected;
        for (size_t c = 0; c < councils.size(); ++c)
            if (drafts(alone[c], row)) expected += (expected.empty() ? "" : "; ") + councils[c].organisation;
        EXPECT_EQ(row.partners, expected.empty() ? "pooled only" : expected) << row.question << " " << row.group;
        named += !expected.empty();
    }
    EXPECT_EQ(pooled_rows, pooled_plan.rows.size());
    EXPECT_GT(pooled_rows, 0u);
    EXPECT_GT(named, 0u) << "some gap shows in a council on its own";
    // It writes as any plan does, in the EFLG layout with the partner column.
    test::TempDir dir;
    plan::write_plan(p, "xlsx", dir.file("partnership.xlsx"));
    std::ostringstream md;
    plan::write_plan_markdown(p, md);
    EXPECT_NE(md.str().find("Council "), std::string::npos);
}

}  // namespace
}  // namespace gapfinder
