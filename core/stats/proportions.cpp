// Intervals and tests for proportions. Formulas are cited in stats.hpp.
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/stats.hpp"

namespace gapfinder::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double normal_quantile_two_sided(double confidence) {
    const boost::math::normal standard;
    return boost::math::quantile(boost::math::complement(standard, (1 - confidence) / 2));
}

double normal_two_sided_p(double z) {
    if (std::isnan(z)) return kNaN;
    // erfc keeps relative precision deep into the tail, where 2 * (1 - Phi) would be 0.
    return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

Interval wilson_interval(double x, double n, double confidence) {
    if (!(n > 0)) return {kNaN, kNaN};
    const double z = normal_quantile_two_sided(confidence);
    const double p = x / n, z2 = z * z;
    const double denominator = 1 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / denominator;
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    // At p = 0 or 1 the bound is exactly 0 or 1 (as R's prop.test sets it), not the
    // rounding residue of centre - half.
    return {p <= 0 ? 0.0 : std::max(0.0, centre - half), p >= 1 ? 1.0 : std::min(1.0, centre + half)};
}

TestResult two_proportion_z_test(double x1, double n1, double x2, double n2) {
    if (!(n1 > 0) || !(n2 > 0)) return {kNaN, kNaN, kNaN};
    const double pooled = (x1 + x2) / (n1 + n2);
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (!(se > 0)) return {kNaN, kNaN, kNaN};
    const double z = (x1 / n1 - x2 / n2) / se;
    return {z, kNaN, normal_two_sided_p(z)};
}

bool expected_counts_at_least(double x1, double n1, double x2, double n2, double min_expected) {
    const double n = n1 + n2;
    if (!(n > 0)) return false;
    const double positives = x1 + x2, negatives = n - positives;
    const double smallest_row = std::min(n1, n2), smallest_column = std::min(positives, negatives);
    return smallest_row * smallest_column / n >= min_expected;
}

TestResult fisher_exact_2x2(long long a, long long b, long long c, long long d) {
    if (a < 0 || b < 0 || c < 0 || d < 0) return {kNaN, kNaN, kNaN};
    // With the margins fixed, a follows the hypergeometric distribution: m = a + c "white
    // balls" (positives), n = b + d others, k = a + b drawn (the group). This mirrors
    // R's fisher.test: log densities, normalised by their maximum, and every table at
    // most (1 + 1e-7) times as likely as the observed one counted.
    const long long m = a + c, n = b + d, k = a + b;
    const long long lo = std::max(0LL, k - n), hi = std::min(k, m);
    const double odds_ratio = (b * c == 0) ? (a * d == 0 ? kNaN : std::numeric_limits<double>::infinity())
                                           : static_cast<double>(a) * static_cast<double>(d) /
                                                 (static_cast<double>(b) * static_cast<double>(c));
    if (hi <= lo) return {odds_ratio, kNaN, 1.0};
    auto log_choose = [](long long N, long long r) {
        using boost::math::lgamma;
        return lgamma(static_cast<double>(N + 1)) - lgamma(static_cast<double>(r + 1)) -
               lgamma(static_cast<double>(N - r + 1));
    };
    std::vector<double> log_d(static_cast<size_t>(hi - lo + 1));
    double max_log = -std::numeric_limits<double>::infinity();
    for (long long x = lo; x <= hi; ++x) {
        const double v = log_choose(m, x) + log_choose(n, k - x);
        log_d[static_cast<size_t>(x - lo)] = v;
        max_log = std::max(max_log, v);
    }
    double total = 0;
    for (double& v : log_d) total += (v = std::exp(v - max_log));
    const double observed = log_d[static_cast<size_t>(a - lo)] * (1 + 1e-7);
    double p = 0;
    for (double v : log_d)
        if (v <= observed) p += v;
    return {odds_ratio, kNaN, std::min(1.0, p / total)};
}

double binomial_test(long long x, long long n, double p0) {
    if (n <= 0 || x < 0 || x > n || !(p0 >= 0 && p0 <= 1)) return kNaN;
    if (p0 == 0) return x == 0 ? 1.0 : 0.0;
    if (p0 == 1) return x == n ? 1.0 : 0.0;
    const boost::math::binomial_distribution<double> dist(static_cast<double>(n), p0);
    const double d = boost::math::pdf(dist, static_cast<double>(x)) * (1 + 1e-7);
    const double m = static_cast<double>(n) * p0;
    if (static_cast<double>(x) == m) return 1.0;
    // Count the outcomes on the other side of the mean that are no more likely than x,
    // then add both tails (R: pbinom(x) + pbinom(n - y, lower = FALSE), or mirrored).
    long long y = 0;
    double p;
    if (static_cast<double>(x) < m) {
        for (long long i = static_cast<long long>(std::ceil(m)); i <= n; ++i) y += boost::math::pdf(dist, static_cast<double>(i)) <= d;
        p = boost::math::cdf(dist, static_cast<double>(x)) +
            (n - y < n ? boost::math::cdf(boost::math::complement(dist, static_cast<double>(n - y))) : 0.0);
    } else {
        for (long long i = 0; i <= static_cast<long long>(std::floor(m)); ++i) y += boost::math::pdf(dist, static_cast<double>(i)) <= d;
        p = (y > 0 ? boost::math::cdf(dist, static_cast<double>(y - 1)) : 0.0) +
            boost::math::cdf(boost::math::complement(dist, static_cast<double>(x - 1)));
    }
    return std::min(1.0, p);
}

TestResult chi_square_independence(std::span<const double> positives, std::span<const double> totals) {
    double all_positive = 0, all = 0;
    size_t groups = 0;
    for (size_t i = 0; i < totals.size(); ++i) {
        if (!(totals[i] > 0)) continue;
        all_positive += positives[i];
        all += totals[i];
        ++groups;
    }
    const double all_negative = all - all_positive;
    if (groups < 2 || !(all_positive > 0) || !(all_negative > 0)) return {kNaN, kNaN, kNaN};
    // X^2 = sum over cells of (O - E)^2 / E (Pearson 1900), E = row total x column share.
    double x2 = 0;
    for (size_t i = 0; i < totals.size(); ++i) {
        if (!(totals[i] > 0)) continue;
        const double e_pos = totals[i] * all_positive / all, e_neg = totals[i] * all_negative / all;
        const double o_pos = positives[i], o_neg = totals[i] - positives[i];
        x2 += (o_pos - e_pos) * (o_pos - e_pos) / e_pos + (o_neg - e_neg) * (o_neg - e_neg) / e_neg;
    }
    const double df = static_cast<double>(groups - 1);
    const boost::math::chi_squared dist(df);
    return {x2, df, boost::math::cdf(boost::math::complement(dist, x2))};
}

bool chi_square_expected_counts_adequate(std::span<const double> positives, std::span<const double> totals) {
    double all_positive = 0, all = 0;
    for (size_t i = 0; i < totals.size(); ++i) {
        if (!(totals[i] > 0)) continue;
        all_positive += positives[i];
        all += totals[i];
    }
    if (!(all_positive > 0) || !(all - all_positive > 0)) return false;
    size_t cells = 0, under_five = 0;
    for (size_t i = 0; i < totals.size(); ++i) {
        if (!(totals[i] > 0)) continue;
        for (const double e : {totals[i] * all_positive / all, totals[i] * (all - all_positive) / all}) {
            if (e < 1) return false;
            ++cells;
            under_five += e < 5;
        }
    }
    return cells >= 4 && 5 * under_five <= cells;  // at most 20%
}

TestResult chi_square_goodness_of_fit(std::span<const double> observed, std::span<const double> shares) {
    if (observed.size() != shares.size() || observed.size() < 2) return {kNaN, kNaN, kNaN};
    double n = 0, share_total = 0;
    for (size_t i = 0; i < observed.size(); ++i) {
        n += observed[i];
        share_total += shares[i];
    }
    if (!(n > 0) || !(share_total > 0)) return {kNaN, kNaN, kNaN};
    double x2 = 0;
    for (size_t i = 0; i < observed.size(); ++i) {
        const double expected = n * shares[i] / share_total;
        if (!(expected > 0)) return {kNaN, kNaN, kNaN};
        x2 += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    const double df = static_cast<double>(observed.size() - 1);
    const boost::math::chi_squared dist(df);
    return {x2, df, boost::math::cdf(boost::math::complement(dist, x2))};
}

GapChange gap_change_test(double x1g, double n1g, double x1r, double n1r, double x2g, double n2g, double x2r,
                          double n2r) {
    if (!(n1g > 0) || !(n1r > 0) || !(n2g > 0) || !(n2r > 0)) return {kNaN, kNaN, kNaN};
    const double p1g = x1g / n1g, p1r = x1r / n1r, p2g = x2g / n2g, p2r = x2r / n2r;
    const double change = (p2g - p2r) - (p1g - p1r);
    const double variance =
        p1g * (1 - p1g) / n1g + p1r * (1 - p1r) / n1r + p2g * (1 - p2g) / n2g + p2r * (1 - p2r) / n2r;
    if (!(variance > 0)) return {change, kNaN, kNaN};
    const double z = change / std::sqrt(variance);
    return {change, z, normal_two_sided_p(z)};
}

}  // namespace gapfinder::stats
