#include "action_plan/trackability.hpp"

#include <cmath>
#include <limits>

#include "stats/stats.hpp"

namespace gapfinder::plan {

Trackability trackability(double n, double rest_n, double rest_rate, double gap_pp, double alpha, double threshold_pp) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const bool lower = gap_pp < 0;
    auto detectable_pp = [&](double group_n, double others_n) {
        return 100 * stats::detectable_difference(group_n, others_n, rest_rate, alpha, kPlanningPower, lower);
    };
    Trackability t{detectable_pp(n, rest_n), false, threshold_pp, kNaN, kNaN};
    // Targets are whole points: a gap the wave can confirm, rounded up, must still be
    // below the gap now, or the wave could not tell whether it has closed.
    t.trackable = std::ceil(t.detectable_pp) < std::fabs(gap_pp);
    if (t.trackable) {
        t.target_pp = std::fmax(threshold_pp, std::ceil(t.detectable_pp));
        return t;
    }
    t.pooled_pp = detectable_pp(2 * n, 2 * rest_n);
    // The group size (the rest as it is) at which the threshold gap becomes confirmable:
    // detectable gaps shrink as the group grows, so bisect on whole people.
    double low = n, high = 1e7;
    if (!(detectable_pp(high, rest_n) <= threshold_pp)) return t;
    while (high - low > 1) {
        const double mid = std::floor((low + high) / 2);
        (detectable_pp(mid, rest_n) <= threshold_pp ? high : low) = mid;
    }
    t.boost_to_n = high;
    return t;
}

}  // namespace gapfinder::plan
