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

    // The lines whose totals a reader can know: every row and column, and the whole table.
    std::vector<std::vector<size_t>> lines;
    for (size_t r = 0; r < rows; ++r) {
        lines.emplace_back();
        for (size_t c = 0; c < cols; ++c) lines.back().push_back(r * cols + c);
    }
    for (size_t c = 0; c < cols; ++c) {
        lines.emplace_back();
        for (size_t r = 0; r < rows; ++r) lines.back().push_back(r * cols + c);
    }
    lines.emplace_back(counts.size());
    std::iota(lines.back().begin(), lines.back().end(), size_t{0});

    // A cell alone in a row or column whose total reaches the threshold is that total,
    // which is published elsewhere: hiding it would hide nothing, and a hidden cell that
    // can be worked out is where subtraction starts. Such cells are never chosen.
    std::vector<bool> exposed(counts.size(), false);
    for (size_t l = 0; l + 1 < lines.size(); ++l) {
        size_t present = 0, last = 0;
        double total = 0;
        for (size_t i : lines[l])
            if (!std::isnan(counts[i])) ++present, last = i, total += counts[i];
        if (present == 1 && total >= threshold) exposed[last] = true;
    }

    // While a line has hidden cells, but fewer than two or holding fewer people than the
    // threshold, its smallest shown cell is hidden too.
    auto protect = [&](const std::vector<size_t>& line) {
        size_t hidden = 0;
        double hidden_people = 0;
        for (size_t i : line)
            if (!reason[i].empty()) ++hidden, hidden_people += counts[i];
        if (hidden == 0 || (hidden >= 2 && hidden_people >= threshold)) return false;
        size_t best = SIZE_MAX;
        for (size_t i : line)
            if (reason[i].empty() && !std::isnan(counts[i]) && !exposed[i] && (best == SIZE_MAX || counts[i] < counts[best]))
                best = i;
        if (best == SIZE_MAX) return false;  // nothing left to hide in this line
        reason[best] = "secondary";
        return true;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& line : lines)
            while (protect(line)) changed = true;
    }
    return reason;
}

void suppress_small_groups(std::vector<GroupResult*>& rows, const std::vector<double>& bases, double threshold) {
    const auto reasons = suppression_reasons(bases, threshold);
    for (size_t i = 0; i < rows.size(); ++i) {
        rows[i]->suppressed = !reasons[i].empty();
        rows[i]->suppression = reasons[i];
    }
}

void suppress_cells(std::vector<GroupResult*>& rows, const std::vector<double>& bases, const Split& split, double threshold) {
    std::vector<double> counts(split.rows * split.cols, std::numeric_limits<double>::quiet_NaN());
    for (size_t g = 0; g < rows.size(); ++g) counts[split.cells[g].row * split.cols + split.cells[g].col] = bases[g];
    const auto reasons = suppress_table(counts, split.rows, split.cols, threshold);
    for (size_t g = 0; g < rows.size(); ++g) {
        const std::string& reason = reasons[split.cells[g].row * split.cols + split.cells[g].col];
        rows[g]->suppressed = !reason.empty();
        rows[g]->suppression = reason;
    }
}

void blank_suppressed(GroupResult& row) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    row.n = row.positives = row.rate = row.ci_low = row.ci_high = kNaN;
    row.rest_n = row.rest_positives = row.rest_rate = row.gap_pp = kNaN;
    row.p = row.p_adj = row.mean = row.rest_mean = row.welch_p = kNaN;
    row.n_eff = row.design_effect = row.rest_n_eff = kNaN;
    row.expected_rate = row.interaction_p = row.interaction_p_adj = kNaN;
    row.test.clear();
    row.flagged = false;
    row.low_base = false;
}

}  // namespace gapfinder
