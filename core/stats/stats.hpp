// The statistics of gapfinder, in one place: every interval, test, correction and
// weight the analysis reports is computed here and nowhere else. Each function cites
// its formula; tests/stats_test.cpp checks each against values computed independently
// with R (stats, survey) by scripts/reference/make_stats_reference.R, cross-checked with
// scipy by scripts/reference/check_stats_reference.py. The distinctive words of comments
// (issue 19) are in fightin_words.hpp, checked against numpy the same way.
//
// Conventions: counts are doubles so that weighted (effective) counts use the same
// code; a statistic that is undefined for its input (an interval for n = 0, a test with
// a zero standard error) is NaN, never an exception, and callers show it as missing.
// Probabilities are computed from complements (erfc, Q-functions) so that p-values far
// below 1e-300 keep their precision until they underflow to 0, as R's do.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder::stats {

// ---- Proportions -------------------------------------------------------------------

struct Interval {
    double low, high;
};

// Wilson score interval for x successes in n trials (Wilson 1927; Newcombe 1998,
// method 3), without continuity correction; R: prop.test(x, n, correct = FALSE)$conf.int.
//   centre = (p + z^2/2n) / (1 + z^2/n),  half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
// z is the two-sided normal quantile for `confidence`. NaN bounds when n <= 0.
Interval wilson_interval(double x, double n, double confidence = 0.95);

// Two-sided normal quantile: z such that P(|Z| <= z) = confidence.
double normal_quantile_two_sided(double confidence);

// Two-sided p-value of a standard normal statistic: 2 Phi(-|z|) = erfc(|z| / sqrt 2).
double normal_two_sided_p(double z);

struct TestResult {
    double statistic;  // z, t or chi-square; NaN when undefined
    double df;         // degrees of freedom where the test has them, else NaN
    double p;          // two-sided (or upper-tail for chi-square); NaN when undefined
};

// Pooled two-proportion z-test (Agresti, Categorical Data Analysis, 3rd ed., 2013, s.3.1.3):
//   p = (x1 + x2) / (n1 + n2),  z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)).
// z^2 is Pearson's X^2 of the 2x2 table, so p equals R's prop.test(correct = FALSE).
TestResult two_proportion_z_test(double x1, double n1, double x2, double n2);

// True when every expected count of the 2x2 table {x1, n1-x1; x2, n2-x2} under
// independence is at least min_expected (Cochran 1954's rule for the z / chi-square test).
bool expected_counts_at_least(double x1, double n1, double x2, double n2, double min_expected = 5);

// Fisher's exact test of the 2x2 table {a, b; c, d}, two-sided as R's fisher.test defines
// it: the sum of the hypergeometric probabilities of every table with the same margins
// that is no more likely than the observed one (with R's relative tolerance 1e-7).
// statistic is the plain sample odds ratio a d / (b c) (inf when b c = 0; not R's
// conditional maximum-likelihood estimate).
TestResult fisher_exact_2x2(long long a, long long b, long long c, long long d);

// Exact binomial test of x successes in n trials against a share p0, two-sided as R's
// binom.test defines it: the probability of every count no more likely than x (with
// R's relative tolerance 1e-7). For a group's share of a pay band against a target.
double binomial_test(long long x, long long n, double p0);

// Pearson's chi-square test of independence of a k x 2 table (group by positive or
// not), without continuity correction; R: chisq.test(cbind(x, n - x), correct = FALSE).
// Groups with n = 0 are dropped; NaN when fewer than two groups or a column is empty.
TestResult chi_square_independence(std::span<const double> positives, std::span<const double> totals);

// Whether the chi-square approximation of that test can be trusted, by Cochran's rule
// (Cochran 1954, "Some methods for strengthening the common chi-square tests"; Agresti,
// Categorical Data Analysis, 3rd ed., 3.2.4): no expected count under 1 and at most 20%
// of them under 5. R's chisq.test warns on any expected count under 5, a stricter rule.
// False when the test itself is undefined.
bool chi_square_expected_counts_adequate(std::span<const double> positives, std::span<const double> totals);

// Pearson's chi-square goodness-of-fit test of observed counts against expected
// shares (rescaled to sum to 1); R: chisq.test(observed, p = shares, rescale.p = TRUE).
TestResult chi_square_goodness_of_fit(std::span<const double> observed, std::span<const double> shares);

// ---- Means -------------------------------------------------------------------------

// Summary of scores: count, mean and sample variance (n - 1 denominator); mean and
// variance are NaN when there is nothing to summarise.
struct Moments {
    double n = 0, mean = 0, variance = 0;
};

// Moments of a variable that takes value scores[i] counts[i] times (a count table row).
// Computed with centred sums, so no precision is lost to large means.
Moments moments_from_counts(std::span<const double> scores, std::span<const double> counts);

// Weighted moments from per-score sums of weights: mean = sum w s / sum w, and the
// variance sum w (s - mean)^2 / sum w scaled by n_eff / (n_eff - 1), with n = n_eff,
// the Kish effective base (so that Welch's test sees the information the weights leave).
Moments moments_from_weighted_counts(std::span<const double> scores, std::span<const double> weight_sums,
                                     double effective_n);

// Welch's unequal-variances t-test (Welch 1947) with the Welch-Satterthwaite df:
//   t = (m1 - m2) / sqrt(v1/n1 + v2/n2),
//   df = (v1/n1 + v2/n2)^2 / ((v1/n1)^2/(n1-1) + (v2/n2)^2/(n2-1)),
// two-sided p from Student's t (Boost.Math); R: t.test(x, y, var.equal = FALSE).
// NaN when either n < 2 or both variances are 0.
TestResult welch_t_test(const Moments& a, const Moments& b);

// ---- Multiple comparisons ------------------------------------------------------------

enum class Correction { benjamini_hochberg, holm, bonferroni, none };

// "bh", "holm", "bonferroni", "none"; throws std::invalid_argument otherwise.
Correction parse_correction(std::string_view name);
std::string_view correction_name(Correction c);

// Adjusted p-values, as R's p.adjust(p, method) computes them: BH (Benjamini and
// Hochberg 1995) step-up, Holm (1979) step-down, Bonferroni; all capped at 1. NaN inputs
// are left NaN and do not count in the family size (R's n = sum(!is.na(p))).
std::vector<double> adjust_p_values(std::span<const double> p, Correction method);

// ---- Change between waves ------------------------------------------------------------

// Whether a gap between group g and its comparison r changed between wave 1 and wave 2:
//   z = ((p2g - p2r) - (p1g - p1r)) / sqrt(sum over the four rates of p (1 - p) / n)
// (the unpooled normal test for a difference of independent differences; Fleiss, Levin
// and Paik, Statistical Methods for Rates and Proportions, 3rd ed., 2003, s.10.3).
struct GapChange {
    double change;  // in proportion units (not points)
    double z, p;    // NaN when the standard error is 0 or any n is 0
};
GapChange gap_change_test(double x1g, double n1g, double x1r, double n1r, double x2g, double n2g, double x2r,
                          double n2r);

// ---- Intersections --------------------------------------------------------------------

// Whether an intersection (group A and group B, e.g. disabled women) differs from what
// its two groups explain: the likelihood-ratio test of the interaction term of the
// logistic model logit P(y) = b0 + b1 a + b2 b + b3 a b, fitted to four cells of
// respondents: 11 in both groups, 10 in A only, 01 in B only, 00 in neither (Agresti,
// Categorical Data Analysis, 3rd ed., 2013, s.5.3.4 and s.4.4.4, the deviance difference
// of nested models). With b3 the model is saturated (deviance 0), so the statistic is the
// deviance of the main-effects model, fitted by Newton-Raphson (Fisher scoring, as R's
// glm), and p its chi-square tail on 1 df; R:
//   anova(glm(cbind(x, n - x) ~ a + b, binomial), glm(cbind(x, n - x) ~ a * b, binomial)).
// `expected` is the intersection's rate that the main effects alone predict (the fitted
// rate of cell 11), to show beside its own. Counts may be weighted (effective) counts.
// All NaN when a cell is empty, a total has no one, or the fit does not converge.
struct InteractionTest {
    double expected;   // the main-effects model's rate for the intersection cell
    double statistic;  // likelihood-ratio chi-square, 1 df
    double p;
};
InteractionTest logistic_interaction_2x2(double x11, double n11, double x10, double n10, double x01, double n01,
                                         double x00, double n00);

// ---- Power ---------------------------------------------------------------------------

// Power of the two-sided pooled two-proportion z-test (two_proportion_z_test) at level
// alpha for groups of n1 and n2 with true rates p1 and p2, by the normal approximation
// (Fleiss, Levin and Paik 2003, s.4.2, eq. 4.14, generalised to unequal groups):
//   power = Phi((|p1 - p2| - z_{1-alpha/2} sqrt(pbar qbar (1/n1 + 1/n2))) / sqrt(p1 q1/n1 + p2 q2/n2)),
//   pbar = (n1 p1 + n2 p2) / (n1 + n2),
// counting only the tail the difference lies in; for n1 = n2 exactly R's
// power.prop.test(n, p1, p2, sig.level = alpha)$power (strict = FALSE). NaN for n <= 0.
double two_proportion_power(double n1, double p1, double n2, double p2, double alpha);

// The smallest difference d that a group of n1 respondents would need from a comparison
// of n2 at rate p2 for that test to find it with the given power: two_proportion_power(n1,
// p2 -/+ d, n2, p2, alpha) = power, below p2 when `lower`, above otherwise. For n1 = n2
// (upward) R's power.prop.test(n, p1 = p2, power = power, sig.level = alpha)$p2 - p2.
// NaN when even a rate of 0 (lower) or 1 (upper) would not reach the power.
double detectable_difference(double n1, double n2, double p2, double alpha, double power, bool lower);

// ---- Weights -------------------------------------------------------------------------

// Kish's effective sample size (Kish, Survey Sampling, 1965, s.11.7): (sum w)^2 / sum w^2.
double kish_effective_n(double sum_w, double sum_w2);

// One raking variable: each respondent's category (0..k-1, or -1 when undisclosed on
// it) and the population total of each category.
struct RakingMargin {
    std::string name;
    std::vector<int> category;        // one per respondent
    std::vector<double> population;   // one per category
};

struct RakingResult {
    std::vector<double> weights;  // one per respondent; 0 for those left out; mean 1 over the rest
    size_t left_out = 0;          // respondents undisclosed on some raking variable
    int iterations = 0;
    double max_margin_error = 0;  // largest |weighted share - population share| at the end
};

// Raking by iterative proportional fitting (Deming and Stephan 1940), as R's
// survey::rake does: each margin in turn is matched exactly by post-stratification, until
// every weighted share is within `tolerance` of its population share or max_iterations
// passes. Respondents undisclosed on any margin are left out (weight 0). Weights start
// at `base` (empty: 1) and end scaled to mean 1 over the respondents kept.
// Throws std::domain_error naming the margin and category when a category with
// population has no respondents, or when the fit does not converge.
RakingResult rake(const std::vector<RakingMargin>& margins, std::span<const double> base = {},
                  double tolerance = 1e-13, int max_iterations = 100);

// ---- Design-based variance (complex samples) ------------------------------------------
//
// Weighted estimates from a sample with strata and clusters (PSUs) get their variance by
// Taylor linearisation (Binder 1983, "On the variances of asymptotically normal
// estimators from complex surveys"; Wolter, Introduction to Variance Estimation, 2nd
// ed., 2007, ch. 6), exactly as R's survey package computes it (survey:::svyrecvar, one
// stage, sampling with replacement, no finite population correction). An estimate is
// described by its influence values x_i, one per respondent; the callers sum them per PSU
// (T_hj, the total of PSU j of stratum h) and pass, per stratum, the sum and the cross
// products of those totals.

// What to do with a stratum that has a single PSU, by R's options(survey.lonely.psu):
// fail (an error), remove and certainty (it adds no variance; the same without a finite
// population correction), adjust (its total is centred at the grand mean, zero, rather
// than at its stratum's mean: conservative). R's "average" is not offered.
enum class LonelyPsu { fail, remove, certainty, adjust };
// "fail", "remove", "certainty", "adjust"; throws std::invalid_argument otherwise.
LonelyPsu parse_lonely_psu(std::string_view name);
std::string_view lonely_psu_name(LonelyPsu rule);

// One stratum's PSU totals for p estimates: psus = n_h, every PSU the stratum has in the
// design (those without a respondent of the domain count, with totals 0: domain
// estimation); sum[a] = sum_j T_hja; cross[a * p + b] = sum_j T_hja T_hjb.
struct StratumTotals {
    double psus = 0;
    std::vector<double> sum, cross;
};

// The p x p covariance (row-major) of the estimates:
//   V = sum_h n_h / (n_h - 1) sum_j (T_hj - Tbar_h)(T_hj - Tbar_h)',  Tbar_h = sum_j T_hj / n_h.
// A stratum with n_h = 1 follows `lonely`; with LonelyPsu::fail it throws std::domain_error
// naming the stratum's index (callers check first and name it in words).
std::vector<double> stratified_covariance(std::span<const StratumTotals> strata, size_t p, LonelyPsu lonely);

// Raking's part in the linearisation (Deville and Sarndal 1992, "Calibration estimators
// in survey sampling"), as R's survey:::svyrecvar does it for a raked design: ten passes
// of x <- x - w * ave(x / w, margin) over the margins in turn, which approximate the
// residuals of x / w regressed on the margins' categories. Every respondent in one joint
// raking cell (one category on each margin) moves by the same amount, so the passes run
// over cells: cell_category[m][c] is cell c's category on margin m, count[c] its
// respondents, sum_u[c] the sum over them of u_i = x_i / w_i. Returns g, one per cell:
// the residual of respondent i is w_i (u_i - g[cell of i]).
std::vector<double> raking_adjustment(const std::vector<std::vector<int>>& cell_category, std::span<const double> count,
                                      std::span<const double> sum_u, int passes = 10);

// Confidence interval for a proportion p with design-based standard error se on df
// degrees of freedom, on the logit scale (R: svyciprop(method = "logit"), whose
// quasibinomial fit gives exactly this; Korn and Graubard, Analysis of Health Surveys,
// 1999, s.5.2):  expit(logit(p) -/+ t_{df, 1 - alpha/2} se / (p (1 - p))).
// NaN bounds when p is 0 or 1, se is 0 or df < 1.
Interval logit_interval(double p, double se, double df, double confidence = 0.95);

// Two-sided p-value of a t statistic on df degrees of freedom: 2 P(T_df > |t|); the
// design-based t-test of a difference is estimate / se on the design's df less one
// (R: svyttest(y ~ group, design)). NaN when t is NaN or df < 1.
double t_two_sided_p(double t, double df);

// The Rao-Scott second-order corrected chi-square for an r x c table of a complex
// sample (Rao and Scott 1984, "On chi-squared tests for multiway contingency tables with
// cell proportions estimated from survey data"), as R's svychisq(statistic = "F")
// computes it: Pearson's X^2 of the weighted cell shares divided by the trace of the
// design effect matrix Delta, referred to an F distribution on d, d * df degrees of
// freedom with d = tr(Delta)^2 / tr(Delta^2) and df the design's degrees of freedom.
// shares: the r * c cell shares in R's expand.grid order (rows fastest), summing to 1;
// covariance: their (r c) x (r c) design covariance, row-major.
struct RaoScottResult {
    double f = 0, ndf = 0, ddf = 0, p = 0;  // NaN when undefined (an empty row or column)
};
RaoScottResult rao_scott_f(std::span<const double> shares, size_t rows, size_t cols, std::span<const double> covariance,
                           double design_df);

}  // namespace gapfinder::stats
