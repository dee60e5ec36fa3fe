// Is each gap closing? The same breakdown in two waves, and for every group shown in
// both, the change in its gap with the rest and a test of that change
// (stats::gap_change_test), corrected as one family and labelled narrowed, widened or
// no significant change. This is the "reducing any differences" indicator of council
// equality schemes.
#pragma once

#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder {

// earlier and later: unrounded findings of the same survey, compared with the rest.
// A group suppressed in either wave (any base under the threshold) is suppressed here.
std::vector<TrendResult> compare_waves(const Findings& earlier, const Findings& later, const AnalysisSettings& settings);

}  // namespace gapfinder
