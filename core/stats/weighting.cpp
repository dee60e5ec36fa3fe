// Design effects and raking. Formulas are cited in stats.hpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "stats/stats.hpp"

namespace gapfinder::stats {

double kish_effective_n(double sum_w, double sum_w2) {
    if (!(sum_w2 > 0)) return 0;
    return sum_w * sum_w / sum_w2;
}

RakingResult rake(const std::vector<RakingMargin>& margins, std::span<const double> base, double tolerance,
                  int max_iterations) {
    RakingResult result;
    if (margins.empty()) throw std::domain_error("raking needs at least one margin");
    const size_t n = margins.front().category.size();
    for (const auto& m : margins) {
        if (m.category.size() != n) throw std::domain_error("margin " + m.name + " does not cover every respondent");
        for (int c : m.category)
            if (c >= static_cast<int>(m.population.size()))
                throw std::domain_error("margin " + m.name + ": category " + std::to_string(c) + " has no population figure");
    }
    if (!base.empty() && base.size() != n) throw std::domain_error("base weights do not cover every respondent");

    std::vector<char> kept(n, 1);
    for (size_t r = 0; r < n; ++r)
        for (const auto& m : margins)
            if (m.category[r] < 0) kept[r] = 0;
    result.weights.assign(n, 0.0);
    size_t kept_count = 0;
    for (size_t r = 0; r < n; ++r) {
        if (!kept[r]) continue;
        result.weights[r] = base.empty() ? 1.0 : base[r];
        ++kept_count;
    }
    result.left_out = n - kept_count;
    if (kept_count == 0) throw std::domain_error("no respondent is disclosed on every raking variable");

    std::vector<double> population_share_total(margins.size());
    for (size_t i = 0; i < margins.size(); ++i) {
        double total = 0;
        for (double p : margins[i].population) total += p;
        if (!(total > 0)) throw std::domain_error("margin " + margins[i].name + " has no population");
        population_share_total[i] = total;
    }

    // Weighted total of each category of margin i over the respondents kept.
    auto category_sums = [&](size_t i) {
        std::vector<double> sums(margins[i].population.size(), 0.0);
        for (size_t r = 0; r < n; ++r)
            if (kept[r]) sums[static_cast<size_t>(margins[i].category[r])] += result.weights[r];
        return sums;
    };
    auto worst_share_error = [&] {
        double worst = 0;
        for (size_t i = 0; i < margins.size(); ++i) {
            const auto sums = category_sums(i);
            double total = 0;
            for (double s : sums) total += s;
            for (size_t c = 0; c < sums.size(); ++c)
                worst = std::max(worst, std::fabs(sums[c] / total - margins[i].population[c] / population_share_total[i]));
        }
        return worst;
    };

    for (result.iterations = 0; result.iterations < max_iterations; ++result.iterations) {
        result.max_margin_error = worst_share_error();
        if (result.max_margin_error <= tolerance) break;
        // One pass: post-stratify to each margin in turn (Deming and Stephan 1940).
        for (size_t i = 0; i < margins.size(); ++i) {
            const auto sums = category_sums(i);
            std::vector<double> factor(sums.size(), 0.0);
            for (size_t c = 0; c < sums.size(); ++c) {
                const double population = margins[i].population[c];
                if (sums[c] > 0) {
                    if (!(population > 0))
                        throw std::domain_error("margin " + margins[i].name + ": category " + std::to_string(c) +
                                                " has respondents but no population");
                    factor[c] = population / sums[c];
                } else if (population > 0) {
                    throw std::domain_error("margin " + margins[i].name + ": category " + std::to_string(c) +
                                            " has population but no respondents to weight (an empty cell)");
                }
            }
            for (size_t r = 0; r < n; ++r)
                if (kept[r]) result.weights[r] *= factor[static_cast<size_t>(margins[i].category[r])];
        }
    }
    if (result.iterations == max_iterations) {
        result.max_margin_error = worst_share_error();
        if (result.max_margin_error > tolerance)
            throw std::domain_error("raking did not converge in " + std::to_string(max_iterations) +
                                    " iterations (largest margin error " + std::to_string(result.max_margin_error) + ")");
    }
    double total = 0;
    for (size_t r = 0; r < n; ++r) total += result.weights[r];
    const double scale = static_cast<double>(kept_count) / total;
    for (double& w : result.weights) w *= scale;
    return result;
}

}  // namespace gapfinder::stats
