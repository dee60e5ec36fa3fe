// Whether the next wave can tell if a row's gap has closed: the smallest gap it could
// confirm for a group of the row's size (a power calculation, stats::detectable_difference),
// and, when that is larger than the gap itself, what would make the group trackable
// (two waves pooled, or a boosted sample). The row's target and measure follow from it.
#pragma once

namespace gapfinder::plan {

// The power a plan's figures assume: 80%, the convention of survey and trial design
// (Cohen 1988, s.2.4), at the analysis's own significance level.
inline constexpr double kPlanningPower = 0.8;

struct Trackability {
    // The smallest gap, in points, that one more wave of the same size would confirm
    // with kPlanningPower; NaN when no gap could be (the group is too small for any).
    double detectable_pp;
    bool trackable;        // detectable_pp, rounded up to a whole point, is below the gap now
    double target_pp;      // the larger of the threshold and detectable_pp (rounded up to a whole point), when trackable
    double pooled_pp;      // the same for two waves pooled (twice the people); NaN when none
    double boost_to_n;     // about how many in the group would confirm a gap of the threshold; NaN when none would
};

// For a group of n (rate behind or ahead of the rest by gap_pp) against rest_n at
// rest_rate, tested at alpha, with the plan's threshold gap in points.
Trackability trackability(double n, double rest_n, double rest_rate, double gap_pp, double alpha, double threshold_pp);

}  // namespace gapfinder::plan
