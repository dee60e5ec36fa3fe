// Adjusted p-values for a family of tests, matching R's p.adjust.
#include <algorithm>
#include <limits>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "stats/stats.hpp"

namespace gapfinder::stats {

Correction parse_correction(std::string_view name) {
    if (name == "bh" || name == "BH" || name == "fdr") return Correction::benjamini_hochberg;
    if (name == "holm") return Correction::holm;
    if (name == "bonferroni") return Correction::bonferroni;
    if (name == "none") return Correction::none;
    throw std::invalid_argument("unknown correction \"" + std::string(name) + "\": use bh, holm, bonferroni or none");
}

std::string_view correction_name(Correction c) {
    switch (c) {
        case Correction::benjamini_hochberg: return "bh";
        case Correction::holm: return "holm";
        case Correction::bonferroni: return "bonferroni";
        case Correction::none: return "none";
    }
    return "none";
}

std::vector<double> adjust_p_values(std::span<const double> p, Correction method) {
    std::vector<double> adjusted(p.begin(), p.end());
    std::vector<size_t> order;  // indices of the non-missing p-values
    for (size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) order.push_back(i);
    const double n = static_cast<double>(order.size());
    if (order.empty() || method == Correction::none) return adjusted;

    if (method == Correction::bonferroni) {
        for (size_t i : order) adjusted[i] = std::min(1.0, n * p[i]);
        return adjusted;
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
    if (method == Correction::holm) {
        // Holm: the i-th smallest (1-based) times n - i + 1, made non-decreasing.
        double running = 0;
        for (size_t rank = 0; rank < order.size(); ++rank) {
            running = std::max(running, (n - static_cast<double>(rank)) * p[order[rank]]);
            adjusted[order[rank]] = std::min(1.0, running);
        }
        return adjusted;
    }
    // Benjamini-Hochberg: the i-th smallest times n / i, made non-increasing from the top.
    double running = std::numeric_limits<double>::infinity();
    for (size_t rank = order.size(); rank-- > 0;) {
        running = std::min(running, n / static_cast<double>(rank + 1) * p[order[rank]]);
        adjusted[order[rank]] = std::min(1.0, running);
    }
    return adjusted;
}

}  // namespace gapfinder::stats
