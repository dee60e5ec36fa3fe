// Mean scores and Welch's t-test. Formulas are cited in stats.hpp.
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

#include "stats/stats.hpp"

namespace gapfinder::stats {

Moments moments_from_counts(std::span<const double> scores, std::span<const double> counts) {
    Moments m;
    double sum = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        m.n += counts[i];
        sum += counts[i] * scores[i];
    }
    if (!(m.n > 0)) {
        m.mean = m.variance = std::numeric_limits<double>::quiet_NaN();
        return m;
    }
    m.mean = sum / m.n;
    // Two-pass: centre first, then square, so a large mean loses no digits.
    double squares = 0;
    for (size_t i = 0; i < scores.size(); ++i) squares += counts[i] * (scores[i] - m.mean) * (scores[i] - m.mean);
    m.variance = m.n > 1 ? squares / (m.n - 1) : std::numeric_limits<double>::quiet_NaN();
    return m;
}

Moments moments_from_weighted_counts(std::span<const double> scores, std::span<const double> weight_sums,
                                     double effective_n) {
    Moments m;
    double total = 0, sum = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        total += weight_sums[i];
        sum += weight_sums[i] * scores[i];
    }
    if (!(total > 0)) {
        m.mean = m.variance = std::numeric_limits<double>::quiet_NaN();
        return m;
    }
    m.n = effective_n;
    m.mean = sum / total;
    double squares = 0;
    for (size_t i = 0; i < scores.size(); ++i) squares += weight_sums[i] * (scores[i] - m.mean) * (scores[i] - m.mean);
    m.variance = effective_n > 1 ? squares / total * effective_n / (effective_n - 1) : std::numeric_limits<double>::quiet_NaN();
    return m;
}

TestResult welch_t_test(const Moments& a, const Moments& b) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (a.n < 2 || b.n < 2) return {kNaN, kNaN, kNaN};
    const double va = a.variance / a.n, vb = b.variance / b.n;
    const double se2 = va + vb;
    if (!(se2 > 0)) return {kNaN, kNaN, kNaN};
    const double t = (a.mean - b.mean) / std::sqrt(se2);
    const double df = se2 * se2 / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    const boost::math::students_t dist(df);
    const double p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
    return {t, df, std::min(1.0, p)};
}

}  // namespace gapfinder::stats
