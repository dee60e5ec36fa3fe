#include "analysis/suppression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gapfinder {

void suppress_small_groups(std::vector<GroupResult*>& rows, double threshold) {
    double suppressed_n = 0;
    size_t suppressed = 0;
    for (GroupResult* r : rows)
        if (r->n < threshold) {
            r->suppressed = true;
            r->suppression = "small base";
            suppressed_n += r->n;
            ++suppressed;
        }
    if (suppressed == 0) return;
    // Smallest first, so secondary suppression hides as little as it can.
    std::vector<GroupResult*> open;
    for (GroupResult* r : rows)
        if (!r->suppressed) open.push_back(r);
    std::stable_sort(open.begin(), open.end(), [](const GroupResult* a, const GroupResult* b) { return a->n < b->n; });
    for (GroupResult* r : open) {
        if (suppressed >= 2 && suppressed_n >= threshold) break;
        r->suppressed = true;
        r->suppression = "secondary";
        suppressed_n += r->n;
        ++suppressed;
    }
}

void blank_suppressed(GroupResult& row) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    row.n = row.positives = row.rate = row.ci_low = row.ci_high = kNaN;
    row.rest_n = row.rest_positives = row.rest_rate = row.gap_pp = kNaN;
    row.p = row.p_adj = row.mean = row.rest_mean = row.welch_p = kNaN;
    row.n_eff = row.design_effect = kNaN;
    row.test.clear();
    row.flagged = false;
    row.low_base = false;
}

}  // namespace gapfinder
