// The log-odds ratio with an informative Dirichlet prior; formulas and source in
// fightin_words.hpp.
#include "stats/fightin_words.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gapfinder::stats {

double TermCounts::total() const {
    double sum = 0;
    for (const auto& [term, count] : counts) sum += count;
    return sum;
}

std::vector<DistinctiveTerm> fightin_words(const TermCounts& group, const TermCounts& rest, double prior_total) {
    if (!(prior_total > 0)) throw std::invalid_argument("fightin_words: the prior total a_0 must be positive");
    std::map<std::string, std::pair<double, double>> both;  // term -> (y_iw, y_jw)
    for (const auto& [term, count] : group.counts) both[term].first = count;
    for (const auto& [term, count] : rest.counts) both[term].second = count;
    for (const auto& [term, counts] : both) {
        if (counts.first < 0 || counts.second < 0) {
            throw std::invalid_argument("fightin_words: negative count for \"" + term + "\"");
        }
    }
    const double n_i = group.total(), n_j = rest.total(), corpus = n_i + n_j, a0 = prior_total;
    std::vector<DistinctiveTerm> terms;
    if (!(corpus > 0)) return terms;
    for (const auto& [term, counts] : both) {
        const auto [y_i, y_j] = counts;
        if (y_i + y_j <= 0) continue;
        const double a_w = a0 * (y_i + y_j) / corpus;  // informative prior: the corpus share, scaled to a_0
        DistinctiveTerm t;
        t.term = term;
        t.count_group = y_i;
        t.count_rest = y_j;
        // eq. 22: the difference of the two groups' posterior log-odds of w.
        t.delta = std::log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - std::log((y_j + a_w) / (n_j + a0 - y_j - a_w));
        // eq. 20: the variance, approximately the sum of the reciprocal posterior counts.
        t.variance = 1 / (y_i + a_w) + 1 / (y_j + a_w);
        t.z = t.delta / std::sqrt(t.variance);
        terms.push_back(std::move(t));
    }
    std::sort(terms.begin(), terms.end(), [](const DistinctiveTerm& a, const DistinctiveTerm& b) {
        return a.z != b.z ? a.z > b.z : a.term < b.term;
    });
    return terms;
}

}  // namespace gapfinder::stats
