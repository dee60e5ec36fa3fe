#!/usr/bin/python3
"""Independent second opinion on tests/reference/stats_reference.json.

Recomputes every section with scipy/numpy (not R; the interaction section's logistic
fit with statsmodels, or a numpy Newton-Raphson when statsmodels is not installed) and
checks agreement with the R-generated values to 1e-9 relative (null must match null;
an interaction statistic near 0 is compared absolutely, see interaction()). Prints one
summary line per section; exits 1 on any disagreement.

Run from the repository root:  /usr/bin/python3 scripts/reference/check_stats_reference.py

Note on fisher: scipy.stats.fisher_exact (two-sided) and R's fisher.test both sum
the probabilities of tables no more likely than the observed one, each with its
own tolerance for "equally likely" (R: relErr 1 + 1e-7). Tables whose
probabilities nearly tie the observed one could therefore be counted by one and
not the other. If a fisher case disagrees for that reason, R is the reference:
the C++ tests compare against the JSON, not scipy. (With scipy 1.10.1 and the
committed cases, all fisher p-values agree.)
"""
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
from scipy import stats

try:  # statsmodels fits the logistic model for the interaction check; numpy Newton-Raphson if it is missing
    import statsmodels
    import statsmodels.api as sm
except ImportError:
    sm = None

RTOL = 1e-9
REF = Path(__file__).resolve().parents[2] / "tests" / "reference" / "stats_reference.json"


def close(got, want):
    """got (python) vs want (JSON) to RTOL relative; None/NaN both sides counts as equal."""
    g_null = got is None or (isinstance(got, float) and math.isnan(got))
    if g_null or want is None:
        return g_null and want is None
    got = float(got)
    if math.isinf(got):  # the JSON never holds infinities
        return False
    return got == want or abs(got - want) <= RTOL * max(abs(got), abs(want))


class Section:
    def __init__(self, name):
        self.name, self.cases, self.case_no, self.bad, self.worst = name, 0, 0, [], 0.0

    def check(self, case_no, field, got, want):
        if isinstance(want, list) or isinstance(got, (list, np.ndarray)):
            got = list(got)
            ok = len(got) == len(want) and all(close(g, w) for g, w in zip(got, want))
        else:
            ok = close(got, want)
            got, want = [got], [want]
        for g, w in zip(got, want):  # largest relative difference among agreeing numbers
            if w is not None and g is not None and not math.isnan(g) and w != 0 and close(g, w):
                self.worst = max(self.worst, abs(g - w) / abs(w))
        if not ok:
            self.bad.append(f"case {case_no} {field}: checker {got!r} vs R {want!r}")


def wilson(sec, c):
    x, n, conf = c["x"], c["n"], c["confidence"]
    if n == 0:
        low = high = None
    else:
        z = stats.norm.ppf((1 + conf) / 2)
        p = x / n
        centre = p + z * z / (2 * n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        den = 1 + z * z / n
        # prop.test sets the bound to exactly 0 (x = 0) or 1 (x = n).
        low = 0.0 if x == 0 else max((centre - half) / den, 0.0)
        high = 1.0 if x == n else min((centre + half) / den, 1.0)
    return {"low": low, "high": high}


def two_sided_normal_p(z):
    # scipy's norm.sf (cephes erfc) flushes to 0 once z*z/2 exceeds ~709.78, i.e. for
    # p below ~1e-308, where R's pchisq still gives a subnormal p. There, fall back
    # to exp(norm.logsf), whose log-tail expansion is accurate (still scipy, not R).
    p = 2 * stats.norm.sf(abs(z))
    return p if p > 0 else 2 * math.exp(stats.norm.logsf(abs(z)))


def z_test(sec, c):
    x1, n1, x2, n2 = c["x1"], c["n1"], c["x2"], c["n2"]
    pbar = (x1 + x2) / (n1 + n2)
    var = pbar * (1 - pbar) * (1 / n1 + 1 / n2)
    if var == 0:
        return {"z": None, "p": None}
    z = (x1 / n1 - x2 / n2) / math.sqrt(var)
    return {"z": z, "p": two_sided_normal_p(z)}


def fisher(sec, c):
    a, b, cc, d = c["a"], c["b"], c["c"], c["d"]
    _, p = stats.fisher_exact([[a, b], [cc, d]], alternative="two-sided")
    return {"p": p, "odds_ratio": None if b * cc == 0 else a * d / (b * cc)}


def chisq_independence(sec, c):
    x = np.array(c["positives"], float)
    n = np.array(c["totals"], float)
    stat, p, dof, _ = stats.chi2_contingency(np.column_stack([x, n - x]), correction=False)
    return {"statistic": stat, "df": dof, "p": p}


def chisq_gof(sec, c):
    obs = np.array(c["observed"], float)
    shares = np.array(c["shares"], float)
    stat, p = stats.chisquare(obs, f_exp=obs.sum() * shares / shares.sum())
    return {"statistic": stat, "df": len(obs) - 1, "p": p}


def welch(sec, c):
    scores = np.array(c["scores"], float)
    x = np.repeat(scores, np.array(c["counts1"], int))
    y = np.repeat(scores, np.array(c["counts2"], int))
    v1, v2 = x.var(ddof=1), y.var(ddof=1)
    out = {"n1": len(x), "mean1": x.mean(), "var1": v1, "n2": len(y), "mean2": y.mean(), "var2": v2}
    s1, s2 = v1 / len(x), v2 / len(y)
    if s1 + s2 == 0:  # both groups constant: R's t.test stops ("data are essentially constant")
        out.update(t=None, df=None, p=None)
        return out
    with warnings.catch_warnings():  # scipy warns about the constant group; result is fine
        warnings.simplefilter("ignore", RuntimeWarning)
        res = stats.ttest_ind(x, y, equal_var=False)
    out.update(t=res.statistic, df=(s1 + s2) ** 2 / (s1 ** 2 / (len(x) - 1) + s2 ** 2 / (len(y) - 1)),
               p=res.pvalue)
    return out


def p_adjust_formula(p, method):
    p = np.array([np.nan if v is None else v for v in p], float)
    ok = ~np.isnan(p)
    q = p[ok]
    n = len(q)
    if method == "none":
        adj = q
    elif method == "bonferroni":
        adj = np.minimum(1.0, n * q)
    elif method == "holm":
        o = np.argsort(q, kind="stable")
        adj = np.empty(n)
        adj[o] = np.minimum(1.0, np.maximum.accumulate((n - np.arange(n)) * q[o]))
    elif method == "BH":
        if hasattr(stats, "false_discovery_control"):  # scipy >= 1.11
            adj = stats.false_discovery_control(q, method="bh")
        else:
            o = np.argsort(-q, kind="stable")
            i = np.arange(n, 0, -1)
            adj = np.empty(n)
            adj[o] = np.minimum(1.0, np.minimum.accumulate(n / i * q[o]))
    else:
        raise ValueError(method)
    out = np.full(len(p), np.nan)
    out[ok] = adj
    return out


def p_adjust(sec, c):
    return {"adjusted": p_adjust_formula(c["p"], c["method"])}


def gap_change(sec, c):
    r = np.array([c["x1g"] / c["n1g"], c["x1r"] / c["n1r"], c["x2g"] / c["n2g"], c["x2r"] / c["n2r"]])
    n = np.array([c["n1g"], c["n1r"], c["n2g"], c["n2r"]], float)
    change = (r[2] - r[3]) - (r[0] - r[1])
    se = math.sqrt(np.sum(r * (1 - r) / n))
    if se == 0:
        return {"change": change, "z": None, "p": None}
    z = change / se
    return {"change": change, "z": z, "p": two_sided_normal_p(z)}


def kish(sec, c):
    w = np.array(c["weights"], float)
    return {"n_eff": w.sum() ** 2 / (w ** 2).sum()}


def rake(sec, c):
    """Plain iterative proportional fitting in numpy, to a fixed point."""
    cats = [np.array(m, int) for m in c["categories"]]
    keep = np.all([m >= 0 for m in cats], axis=0)
    w = np.ones(keep.sum())
    for _ in range(100000):
        old = w.copy()
        for m, pop in zip(cats, c["population"]):
            mk = m[keep]
            sums = np.bincount(mk, weights=w, minlength=len(pop))
            w = w * (np.array(pop, float) / sums)[mk]
        if np.max(np.abs(w - old) / old) < 1e-15:
            break
    full = np.zeros(len(keep))
    full[keep] = w / w.mean()
    # the R weights must also reproduce every margin (scaled to the kept count)
    rw = np.array(c["weights"], float)
    for k, (m, pop) in enumerate(zip(cats, c["population"])):
        got = np.bincount(m[keep], weights=rw[keep], minlength=len(pop))
        want = np.array(pop, float) * keep.sum() / np.sum(pop)
        sec.check(sec.case_no, f"margin {k + 1} totals of R weights (vs population scaled to kept n)", got, list(want))
    return {"weights": full}


def binom_test(sec, c):
    # scipy's binomtest uses R's two-sided rule (tables no likelier than observed, 1e-7 tolerance)
    return {"p": stats.binomtest(c["x"], c["n"], c["target"]).pvalue}


INTERACTION_X = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 1], [1, 0, 0]], dtype=float)  # 1, a, b for cells 11, 10, 01, 00


def main_effects_fit_statsmodels(x, n):
    """sm.GLM, Binomial, on the grouped data (endog columns x, n - x; non-integer counts are
    accepted). Fitted by Newton (method="newton", no IRLS warm start): statsmodels 0.13's IRLS
    raises PerfectSeparationError whenever the fitted rates equal the observed ones to
    ~1e-8, which a main-effects model does when the odds multiply exactly."""
    res = sm.GLM(np.column_stack([x, n - x]), INTERACTION_X, family=sm.families.Binomial()).fit(
        method="newton", tol=1e-14, maxiter=100, max_start_irls=0, disp=0)
    if not res.mle_retvals["converged"]:
        return None, None
    return float(res.fittedvalues[0]), float(res.deviance)


def main_effects_fit_numpy(x, n):
    """Fallback without statsmodels: plain Newton-Raphson for the main-effects logistic fit."""
    beta = np.zeros(3)
    for _ in range(200):
        mu = 1 / (1 + np.exp(-INTERACTION_X @ beta))
        step = np.linalg.solve(INTERACTION_X.T @ (INTERACTION_X * (n * mu * (1 - mu))[:, None]),
                               INTERACTION_X.T @ (x - n * mu))
        beta += step
        if np.max(np.abs(step)) < 1e-13:
            break
    else:
        return None, None
    mu = 1 / (1 + np.exp(-INTERACTION_X @ beta))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (np.where(x > 0, x * np.log(x / (n * mu)), 0)
                 + np.where(n - x > 0, (n - x) * np.log((n - x) / (n * (1 - mu))), 0))
    return float(mu[0]), 2 * float(terms.sum())


INTERACTION_FITTER = "statsmodels GLM (Newton)" if sm is not None else "numpy Newton-Raphson (no statsmodels)"


def interaction(sec, c):
    """Main-effects logistic fit (statsmodels, not R's glm, not our C++). statistic is
    deviance(main) - deviance(full); the full model a * b has four parameters for four cells
    (saturated), so its deviance is 0 and the statistic is the main model's deviance, which
    statsmodels measures against the saturated model. The full model is not refitted:
    statsmodels 0.13 refuses an exact fit (PerfectSeparationError), and a cell with no or all
    positives puts its coefficient at infinity, where Newton never converges.

    A statistic near 0 (an interaction that adds nothing) is a rounding residue on both
    sides (about 1e-13 here, 0 or slightly negative in R): relative comparison is
    meaningless there, so it is compared absolutely, to 1e-9. Its p is near 1 and, the
    chi-square tail being infinitely steep at 0, moves by ~1e-7 for a 1e-14 change of the
    statistic, so p is then checked as scipy's chi2.sf of R's statistic (to 1e-9 relative)."""
    x = np.array([c["x11"], c["x10"], c["x01"], c["x00"]], dtype=float)
    n = np.array([c["n11"], c["n10"], c["n01"], c["n00"]], dtype=float)
    expected, dev = (main_effects_fit_statsmodels if sm is not None else main_effects_fit_numpy)(x, n)
    if expected is None:
        return {"expected": None, "statistic": None, "p": None}
    statistic = dev  # deviance(main) - deviance(full), the latter 0 (saturated)
    if c["statistic"] is not None and abs(c["statistic"]) < 1e-9:
        if abs(statistic - c["statistic"]) > 1e-9:
            sec.bad.append(f"case {sec.case_no} statistic near 0: {INTERACTION_FITTER} {statistic!r} "
                           f"vs R {c['statistic']!r} (absolute tolerance 1e-9)")
        return {"expected": expected, "p": float(stats.chi2.sf(c["statistic"], 1))}
    return {"expected": expected, "statistic": statistic, "p": float(stats.chi2.sf(statistic, 1))}


def power_formula(n1, p1, n2, p2, alpha):
    pbar = (n1 * p1 + n2 * p2) / (n1 + n2)
    z = stats.norm.ppf(1 - alpha / 2)
    return stats.norm.cdf((abs(p1 - p2) - z * math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2)))
                          / math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))


def power_prop(sec, c):
    return {"power": power_formula(c["n1"], c["p1"], c["n2"], c["p2"], c["alpha"])}


def detectable(sec, c):
    from scipy.optimize import brentq
    f = lambda d: power_formula(c["n1"], c["p2"] + d, c["n2"], c["p2"], c["alpha"]) - c["power"]
    top = 1 - c["p2"]
    if f(top) < 0:
        return {"difference": None}
    return {"difference": brentq(f, 1e-12, top, xtol=1e-15, rtol=1e-15)}


CHECKS = {"wilson": wilson, "z_test": z_test, "fisher": fisher, "chisq_independence": chisq_independence,
          "chisq_gof": chisq_gof, "welch": welch, "p_adjust": p_adjust, "gap_change": gap_change,
          "kish": kish, "rake": rake, "binom_test": binom_test, "interaction": interaction,
          "power_prop": power_prop, "detectable": detectable}


def main():
    ref = json.loads(REF.read_text())
    print(f"reference: {REF.name}  generated by {ref['generated_by']}")
    sm_version = f", statsmodels {statsmodels.__version__}" if sm is not None else ""
    print(f"checker: python {sys.version.split()[0]}, scipy {__import__('scipy').__version__}, numpy {np.__version__}{sm_version}")
    print(f"interaction fits: {INTERACTION_FITTER}")
    failed = False
    for name, fn in CHECKS.items():
        sec = Section(name)
        for i, case in enumerate(ref[name]):
            sec.cases += 1
            sec.case_no = i
            for field, got in fn(sec, case).items():
                sec.check(i, field, got, case[field])
        status = f"ok (max rel diff {sec.worst:.1e})" if not sec.bad else f"{len(sec.bad)} DISAGREEMENT(S)"
        print(f"{name:20s} {sec.cases:3d} cases  {status}")
        for msg in sec.bad:
            print(f"    {msg}")
        failed |= bool(sec.bad)
    missing = set(ref) - set(CHECKS) - {"generated_by"}
    if missing:
        print(f"unchecked sections: {sorted(missing)}")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
