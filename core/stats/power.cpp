// Power of the two-proportion test, and the smallest difference it can find
// (stats.hpp, "Power").
#include <cmath>
#include <limits>

#include "stats/stats.hpp"

namespace gapfinder::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
}  // namespace

double two_proportion_power(double n1, double p1, double n2, double p2, double alpha) {
    if (!(n1 > 0) || !(n2 > 0)) return kNaN;
    const double z = normal_quantile_two_sided(1 - alpha);
    const double pooled = (n1 * p1 + n2 * p2) / (n1 + n2);
    const double null_se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    const double se = std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    if (!(se > 0)) return std::fabs(p1 - p2) > z * null_se ? 1.0 : 0.0;
    return normal_cdf((std::fabs(p1 - p2) - z * null_se) / se);
}

double detectable_difference(double n1, double n2, double p2, double alpha, double power, bool lower) {
    if (!(n1 > 0) || !(n2 > 0) || !(p2 >= 0 && p2 <= 1)) return kNaN;
    // Downward from p2 is upward from 1 - p2 with the outcome's labels swapped.
    const double from = lower ? 1 - p2 : p2;
    auto power_at = [&](double d) { return two_proportion_power(n1, from + d, n2, from, alpha); };
    double low = 0, high = 1 - from;
    if (!(high > 0) || power_at(high) < power) return kNaN;
    // Power rises with d on (0, 1 - from]: bisection to the last bit.
    for (int i = 0; i < 200 && high - low > 1e-15; ++i) {
        const double mid = (low + high) / 2;
        (power_at(mid) < power ? low : high) = mid;
    }
    return (low + high) / 2;
}

}  // namespace gapfinder::stats
