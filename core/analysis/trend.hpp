// Is each gap closing? The same breakdown in two waves, and for every group shown in
// both, the change in its gap with the rest and a test of that change
// (stats::gap_change_test), corrected as one family and labelled narrowed, widened or
// no significant change. This is the "reducing any differences" indicator of council
// equality schemes.
#pragma once

#include <string>
#include <vector>

#include "analysis/findings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// earlier and later: unrounded findings of the same survey, compared with the rest.
// A group suppressed in either wave (any base under the threshold) is suppressed here.
std::vector<TrendResult> compare_waves(const Findings& earlier, const Findings& later, const AnalysisSettings& settings);

// "narrowed by 7.3 points, from 13.8 to 6.5 points lower; not confirmed, it could be
// chance": a trend row's change in words, by the size of the gap (whatever its sign)
// and whether the change was confirmed. "" for a suppressed row.
std::string change_in_words(const TrendResult& t);

// The trend for a request made with settings s: both waves analysed as trend compares
// them (exact, unweighted gaps with the rest, no intersections), whatever s asks of the
// main analysis, then compare_waves().
std::vector<TrendResult> trend_between(const SurveyDefinition& survey, const Dataset& earlier, const std::string& earlier_wave,
                                       const Dataset& later, const std::string& later_wave, const AnalysisSettings& s);

}  // namespace gapfinder
