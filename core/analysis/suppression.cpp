#include "analysis/suppression.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

std::vector<std::string> suppress_table(const std::vector<double>& counts, size_t rows, size_t cols, double threshold) {
    std::vector<std::string> reason(counts.size());
    for (size_t i = 0; i < counts.size(); ++i)
        if (counts[i] < threshold) reason[i] = "small base";
    // One line of the table (a row or a column) by its cell indices.
    auto protect = [&](const std::vector<size_t>& line) {
        size_t hidden = 0;
        double hidden_people = 0;
        for (size_t i : line)
            if (!reason[i].empty()) ++hidden, hidden_people += counts[i];
        if (hidden == 0 || (hidden >= 2 && hidden_people >= threshold)) return false;
        size_t best = SIZE_MAX;
        for (size_t i : line)
            if (reason[i].empty() && (best == SIZE_MAX || counts[i] < counts[best])) best = i;
        if (best == SIZE_MAX) return false;  // the whole line is hidden already
        reason[best] = "secondary";
        return true;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t r = 0; r < rows; ++r) {
            std::vector<size_t> line;
            for (size_t c = 0; c < cols; ++c) line.push_back(r * cols + c);
            while (protect(line)) changed = true;
        }
        for (size_t c = 0; c < cols; ++c) {
            std::vector<size_t> line;
            for (size_t r = 0; r < rows; ++r) line.push_back(r * cols + c);
            while (protect(line)) changed = true;
        }
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
    row.n_eff = row.design_effect = row.rest_n_eff = kNaN;
    row.test.clear();
    row.flagged = false;
    row.low_base = false;
}

}  // namespace gapfinder
