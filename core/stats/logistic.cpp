// The interaction test of a logistic model on four cells (stats.hpp, "Intersections").
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "stats/stats.hpp"

namespace gapfinder::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// x log(x / m) with 0 log 0 = 0: one term of a binomial deviance.
double x_log(double x, double m) { return x > 0 ? x * std::log(x / m) : 0.0; }

// Solves the 3 x 3 system a z = b by Gaussian elimination with partial pivoting;
// false when a is singular (a fit that has run off to infinity).
bool solve3(std::array<std::array<double, 3>, 3> a, std::array<double, 3> b, std::array<double, 3>& z) {
    for (int c = 0; c < 3; ++c) {
        int pivot = c;
        for (int r = c + 1; r < 3; ++r)
            if (std::fabs(a[r][c]) > std::fabs(a[pivot][c])) pivot = r;
        if (!(std::fabs(a[pivot][c]) > 1e-300)) return false;
        std::swap(a[c], a[pivot]);
        std::swap(b[c], b[pivot]);
        for (int r = c + 1; r < 3; ++r) {
            const double f = a[r][c] / a[c][c];
            for (int k = c; k < 3; ++k) a[r][k] -= f * a[c][k];
            b[r] -= f * b[c];
        }
    }
    for (int c = 2; c >= 0; --c) {
        double v = b[c];
        for (int k = c + 1; k < 3; ++k) v -= a[c][k] * z[k];
        z[c] = v / a[c][c];
    }
    return true;
}

}  // namespace

InteractionTest logistic_interaction_2x2(double x11, double n11, double x10, double n10, double x01, double n01,
                                         double x00, double n00) {
    const std::array<double, 4> x{x11, x10, x01, x00}, n{n11, n10, n01, n00};
    // Design rows (intercept, a, b) of the main-effects model, in the cells' order.
    static constexpr std::array<std::array<double, 3>, 4> kDesign{{{1, 1, 1}, {1, 1, 0}, {1, 0, 1}, {1, 0, 0}}};
    for (int i = 0; i < 4; ++i)
        if (!(n[i] > 0) || !(x[i] >= 0) || x[i] > n[i]) return {kNaN, kNaN, kNaN};

    // Start from R's glm starting rates, (x + 1/2) / (n + 1), as logits reduced to the
    // main effects; then Fisher scoring until the deviance stops changing (R's
    // glm.control rule, with a tighter epsilon).
    std::array<double, 4> eta;
    for (int i = 0; i < 4; ++i) {
        const double start = (x[i] + 0.5) / (n[i] + 1);
        eta[i] = std::log(start / (1 - start));
    }
    std::array<double, 3> beta{eta[3], (eta[1] - eta[3] + eta[0] - eta[2]) / 2, (eta[2] - eta[3] + eta[0] - eta[1]) / 2};
    auto deviance = [&](const std::array<double, 3>& b, std::array<double, 4>* mu_out) {
        double d = 0;
        for (int i = 0; i < 4; ++i) {
            const double eta = b[0] + b[1] * kDesign[i][1] + b[2] * kDesign[i][2];
            const double mu = 1 / (1 + std::exp(-eta));
            if (mu_out) (*mu_out)[i] = mu;
            d += 2 * (x_log(x[i], n[i] * mu) + x_log(n[i] - x[i], n[i] * (1 - mu)));
        }
        return d;
    };
    std::array<double, 4> mu{};
    double dev = deviance(beta, &mu);
    bool converged = false;
    for (int iteration = 0; iteration < 100 && !converged; ++iteration) {
        std::array<std::array<double, 3>, 3> info{};
        std::array<double, 3> score{};
        for (int i = 0; i < 4; ++i) {
            const double w = n[i] * mu[i] * (1 - mu[i]);
            for (int r = 0; r < 3; ++r) {
                score[r] += kDesign[i][r] * (x[i] - n[i] * mu[i]);
                for (int c = 0; c < 3; ++c) info[r][c] += kDesign[i][r] * w * kDesign[i][c];
            }
        }
        std::array<double, 3> step{};
        if (!solve3(info, score, step)) return {kNaN, kNaN, kNaN};
        for (int r = 0; r < 3; ++r) beta[r] += step[r];
        const double previous = dev;
        dev = deviance(beta, &mu);
        // Newton converges quadratically, so a change under 1e-12 is at rounding level: a
        // tighter rule can chase rounding noise in the last bits without end.
        double largest_step = 0;
        for (double v : step) largest_step = std::max(largest_step, std::fabs(v));
        converged = std::fabs(dev - previous) / (std::fabs(dev) + 0.1) < 1e-12 || largest_step < 1e-13;
    }
    if (!converged || !std::isfinite(dev)) return {kNaN, kNaN, kNaN};
    const double statistic = std::max(0.0, dev);
    // Upper tail of chi-square on 1 df: P(Z^2 > s) = erfc(sqrt(s / 2)).
    return {mu[0], statistic, std::erfc(std::sqrt(statistic / 2))};
}

}  // namespace gapfinder::stats
