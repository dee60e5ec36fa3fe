// The equality breakdown: for each question and each characteristic (and, on request,
// each pair of characteristics), every group's positive rate with its interval, the
// comparison's rate, the gap, the test and whether the gap is flagged. Definitions and
// sources are in docs/method.md; every statistic comes from stats/stats.hpp.
#pragma once

#include <cmath>
#include <span>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analysis/count_table.hpp"
#include "analysis/findings.hpp"
#include "analysis/settings.hpp"
#include "analysis/tally.hpp"
#include "domain/dataset.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"
#include "analysis/splits.hpp"

namespace gapfinder {

// Adjusts the p-values of one family of tests (the rows with a test and a p) by
// `correction` into each row's p_adj, as R's p.adjust does over the family; returns those
// rows, for the caller's flagging rules. Rows are GroupResult or CouncilComparison.
template <class Row>
std::vector<Row*> adjust_family(std::vector<Row>& rows, stats::Correction correction) {
    std::vector<double> p;
    std::vector<Row*> tested;
    for (Row& r : rows)
        if (!r.test.empty() && !std::isnan(r.p)) {
            p.push_back(r.p);
            tested.push_back(&r);
        }
    const std::vector<double> adjusted = stats::adjust_p_values(p, correction);
    for (size_t j = 0; j < tested.size(); ++j) tested[j]->p_adj = adjusted[j];
    return tested;
}

// The test of one group's positive rate against another's that the breakdown and the
// council comparisons run (docs/method.md): weighted, the two-proportion z-test on Kish
// effective bases; unweighted, the two-proportion z-test, or Fisher's exact test when an
// expected count is below min_expected.
struct RateTest {
    std::string test;  // "z" or "fisher"
    double p = std::numeric_limits<double>::quiet_NaN();
};
RateTest test_rates(const Tally& a, const Tally& b, bool weighted, double min_expected);

// profile: the survey's population profile, or null. With it the findings say how
// representative respondents are; settings.weighted rakes to it (and needs it).
// Throws InputError for an unknown question or grouping id, or weighting that fails.
Findings analyse(const SurveyDefinition& survey, const Dataset& data, const std::string& wave,
                 const AnalysisSettings& settings, const PopulationProfile* profile = nullptr);

// The same breakdown on count tables made elsewhere (merged count cubes,
// analysis/cube.hpp), without the respondents: `splits` are the groupings' splits
// (groups only; grouping_index says which grouping of the survey each is), `cross` the
// pairs' (groups and cells, as cross_splits makes them), tables[qn * splits + si] and
// cross_tables[qn * cross + p] for each question of question_index. Weighted tables
// (sums of weights) are analysed without a design: Kish's effective base stands in for
// n (docs/partnerships.md). Filters need the respondents and are not taken; perturbed
// counts (settings.perturb) need the tables' record key sums (key_sum, member_keys) and
// are then made as analyse makes them: figures from perturbed tallies, flags and
// low-base cautions from an exact pass, no p-values.
struct CountedAnalysis {
    std::vector<size_t> question_index, grouping_index;
    std::vector<Split> splits, cross;
    std::vector<CountTable> tables, cross_tables;
    bool weighted = false;
    uint64_t respondents = 0;
};
Findings analyse_counted(const SurveyDefinition& survey, const CountedAnalysis& counted, const std::string& wave,
                         const AnalysisSettings& settings);

}  // namespace gapfinder
