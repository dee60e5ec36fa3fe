// Design-based variance: stratified PSU covariance, raking's linearisation, the logit
// interval, the design t-test and the Rao-Scott chi-square. Formulas are cited in
// stats.hpp; tests/design_reference_test.cpp checks them, through a whole analysis,
// against R's survey package (scripts/reference/make_design_reference.R).
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "stats/stats.hpp"

namespace gapfinder::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Solves A X = B for X (A n x n, B n x m, both row-major; B is overwritten) by Gaussian
// elimination with partial pivoting. The systems here are small (a table's cells or
// interaction terms, at most a few dozen) and well conditioned by construction. False
// when A is singular.
bool solve_in_place(std::vector<double> a, std::vector<double>& b, size_t n, size_t m) {
    for (size_t col = 0; col < n; ++col) {
        size_t pivot = col;
        for (size_t r = col + 1; r < n; ++r)
            if (std::fabs(a[r * n + col]) > std::fabs(a[pivot * n + col])) pivot = r;
        if (a[pivot * n + col] == 0) return false;
        if (pivot != col) {
            for (size_t k = 0; k < n; ++k) std::swap(a[col * n + k], a[pivot * n + k]);
            for (size_t k = 0; k < m; ++k) std::swap(b[col * m + k], b[pivot * m + k]);
        }
        for (size_t r = 0; r < n; ++r) {
            if (r == col) continue;
            const double f = a[r * n + col] / a[col * n + col];
            if (f == 0) continue;
            for (size_t k = col; k < n; ++k) a[r * n + k] -= f * a[col * n + k];
            for (size_t k = 0; k < m; ++k) b[r * m + k] -= f * b[col * m + k];
        }
    }
    for (size_t r = 0; r < n; ++r)
        for (size_t k = 0; k < m; ++k) b[r * m + k] /= a[r * n + r];
    return true;
}

// C = A' B for A (n x p) and B (n x q), row-major.
std::vector<double> cross(const std::vector<double>& a, const std::vector<double>& b, size_t n, size_t p, size_t q) {
    std::vector<double> c(p * q, 0.0);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < p; ++j) {
            const double aij = a[i * p + j];
            if (aij == 0) continue;
            for (size_t k = 0; k < q; ++k) c[j * q + k] += aij * b[i * q + k];
        }
    return c;
}

}  // namespace

LonelyPsu parse_lonely_psu(std::string_view name) {
    if (name == "fail") return LonelyPsu::fail;
    if (name == "remove") return LonelyPsu::remove;
    if (name == "certainty") return LonelyPsu::certainty;
    if (name == "adjust") return LonelyPsu::adjust;
    throw std::invalid_argument("\"" + std::string(name) + "\" is not a lonely-PSU rule (fail, remove, certainty, adjust)");
}

std::string_view lonely_psu_name(LonelyPsu rule) {
    switch (rule) {
        case LonelyPsu::fail: return "fail";
        case LonelyPsu::remove: return "remove";
        case LonelyPsu::certainty: return "certainty";
        case LonelyPsu::adjust: return "adjust";
    }
    return "";
}

std::vector<double> stratified_covariance(std::span<const StratumTotals> strata, size_t p, LonelyPsu lonely) {
    std::vector<double> v(p * p, 0.0);
    for (size_t h = 0; h < strata.size(); ++h) {
        const StratumTotals& s = strata[h];
        if (!(s.psus > 0)) continue;
        if (s.psus == 1) {
            switch (lonely) {
                case LonelyPsu::fail: throw std::domain_error("stratum " + std::to_string(h) + " has a single PSU");
                case LonelyPsu::remove:
                case LonelyPsu::certainty: continue;
                case LonelyPsu::adjust:
                    for (size_t i = 0; i < p * p; ++i) v[i] += s.cross[i];
                    continue;
            }
        }
        const double scale = s.psus / (s.psus - 1);
        for (size_t a = 0; a < p; ++a)
            for (size_t b = 0; b < p; ++b)
                v[a * p + b] += scale * (s.cross[a * p + b] - s.sum[a] * s.sum[b] / s.psus);
    }
    return v;
}

std::vector<double> raking_adjustment(const std::vector<std::vector<int>>& cell_category, std::span<const double> count,
                                      std::span<const double> sum_u, int passes) {
    const size_t cells = count.size();
    std::vector<double> g(cells, 0.0), num, den;
    for (int pass = 0; pass < passes; ++pass)
        for (const std::vector<int>& category : cell_category) {
            int k = 0;
            for (int c : category) k = std::max(k, c + 1);
            num.assign(static_cast<size_t>(k), 0.0);
            den.assign(static_cast<size_t>(k), 0.0);
            for (size_t c = 0; c < cells; ++c) {
                const auto a = static_cast<size_t>(category[c]);
                num[a] += sum_u[c] - count[c] * g[c];
                den[a] += count[c];
            }
            for (size_t c = 0; c < cells; ++c) {
                const auto a = static_cast<size_t>(category[c]);
                if (den[a] > 0) g[c] += num[a] / den[a];
            }
        }
    return g;
}

double t_two_sided_p(double t, double df) {
    if (std::isnan(t) || !(df >= 1)) return kNaN;
    if (std::isinf(t)) return 0;
    const boost::math::students_t dist(df);
    return 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

Interval logit_interval(double p, double se, double df, double confidence) {
    if (!(p > 0 && p < 1) || !(se > 0) || !(df >= 1)) return {kNaN, kNaN};
    const boost::math::students_t dist(df);
    const double t = boost::math::quantile(boost::math::complement(dist, (1 - confidence) / 2));
    const double centre = std::log(p / (1 - p)), half = t * se / (p * (1 - p));
    auto expit = [](double x) { return 1 / (1 + std::exp(-x)); };
    return {expit(centre - half), expit(centre + half)};
}

RaoScottResult rao_scott_f(std::span<const double> shares, size_t rows, size_t cols, std::span<const double> covariance,
                           double design_df) {
    const RaoScottResult undefined{kNaN, kNaN, kNaN, kNaN};
    const size_t n = rows * cols;
    if (rows < 2 || cols < 2 || shares.size() != n || covariance.size() != n * n || !(design_df > 0)) return undefined;
    std::vector<double> row_share(rows, 0.0), col_share(cols, 0.0);
    for (size_t c = 0; c < cols; ++c)
        for (size_t r = 0; r < rows; ++r) row_share[r] += shares[r + c * rows], col_share[c] += shares[r + c * rows];
    double x2 = 0;  // Pearson's X^2 of the shares (the table scaled to a total of 1)
    for (size_t c = 0; c < cols; ++c)
        for (size_t r = 0; r < rows; ++r) {
            const double expected = row_share[r] * col_share[c];
            if (!(expected > 0)) return undefined;
            const double d = shares[r + c * rows] - expected;
            x2 += d * d / expected;
        }

    // The main-effects model X1 (intercept, rows 2.., columns 2..) and the interaction
    // columns, in cell space; C is the interaction columns' residual on X1.
    const size_t p1 = rows + cols - 1, q = (rows - 1) * (cols - 1);
    std::vector<double> x1(n * p1, 0.0), c(n * q, 0.0);
    for (size_t col = 0; col < cols; ++col)
        for (size_t r = 0; r < rows; ++r) {
            const size_t i = r + col * rows;
            x1[i * p1] = 1;
            if (r > 0) x1[i * p1 + r] = 1;
            if (col > 0) x1[i * p1 + rows - 1 + col] = 1;
            if (r > 0 && col > 0) c[i * q + (r - 1) + (col - 1) * (rows - 1)] = 1;
        }
    std::vector<double> beta = cross(x1, c, n, p1, q);
    if (!solve_in_place(cross(x1, x1, n, p1, p1), beta, p1, q)) return undefined;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < q; ++j) {
            double fitted = 0;
            for (size_t k = 0; k < p1; ++k) fitted += x1[i * p1 + k] * beta[k * q + j];
            c[i * q + j] -= fitted;
        }

    // Delta = (C' D^-1 C)^-1 (C' D^-1 V D^-1 C), D = diag(shares) (R's N cancels in F).
    std::vector<double> dc(n * q);  // D^-1 C
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < q; ++j) dc[i * q + j] = shares[i] > 0 ? c[i * q + j] / shares[i] : 0;
    const std::vector<double> denominator = cross(c, dc, n, q, q);
    std::vector<double> vdc(n * q, 0.0);  // V D^-1 C
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < n; ++k) {
            const double vik = covariance[i * n + k];
            if (vik == 0) continue;
            for (size_t j = 0; j < q; ++j) vdc[i * q + j] += vik * dc[k * q + j];
        }
    std::vector<double> delta = cross(dc, vdc, n, q, q);
    if (!solve_in_place(denominator, delta, q, q)) return undefined;
    double trace = 0, trace_sq = 0;
    for (size_t i = 0; i < q; ++i) {
        trace += delta[i * q + i];
        for (size_t j = 0; j < q; ++j) trace_sq += delta[i * q + j] * delta[j * q + i];
    }
    if (!(trace > 0) || !(trace_sq > 0)) return undefined;
    RaoScottResult out;
    out.f = x2 / trace;
    out.ndf = trace * trace / trace_sq;
    out.ddf = out.ndf * design_df;
    const boost::math::fisher_f dist(out.ndf, out.ddf);
    out.p = boost::math::cdf(boost::math::complement(dist, out.f));
    return out;
}

}  // namespace gapfinder::stats
