#include "analysis/suppression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gapfinder {

std::vector<std::string> suppression_reasons(const std::vector<double>& bases, double threshold) {
    std::vector<std::string> reason(bases.size());
    double hidden_people = 0;
    size_t hidden = 0;
    for (size_t i = 0; i < bases.size(); ++i)
        if (bases[i] < threshold) {
            reason[i] = "small base";
            hidden_people += bases[i];
            ++hidden;
        }
    if (hidden == 0) return reason;
    // Smallest first, so secondary suppression hides as little as it can.
    std::vector<size_t> open;
    for (size_t i = 0; i < bases.size(); ++i)
        if (reason[i].empty()) open.push_back(i);
    std::stable_sort(open.begin(), open.end(), [&](size_t a, size_t b) { return bases[a] < bases[b]; });
    for (size_t i : open) {
        if (hidden >= 2 && hidden_people >= threshold) break;
        reason[i] = "secondary";
        hidden_people += bases[i];
        ++hidden;
    }
    return reason;
}

void suppress_small_groups(std::vector<GroupResult*>& rows, double threshold) {
    std::vector<double> bases;
    for (const GroupResult* r : rows) bases.push_back(r->n);
    const auto reasons = suppression_reasons(bases, threshold);
    for (size_t i = 0; i < rows.size(); ++i) {
        rows[i]->suppressed = !reasons[i].empty();
        rows[i]->suppression = reasons[i];
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
