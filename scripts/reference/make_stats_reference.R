# Reference values for the gapfinder statistics unit tests.
#
# Run from the repository root:
#   Rscript scripts/reference/make_stats_reference.R
# Writes tests/reference/stats_reference.json. Every value comes from R (stats;
# survey for raking). Numbers are written with 17 significant digits (integral
# values as plain integers) so every double round-trips exactly; NA/NaN/Inf are
# written as null. jsonlite is only used to check the output parses: its own
# toJSON() caps numbers at 15 significant digits, so this script formats them.
suppressPackageStartupMessages({ library(stats); library(survey); library(jsonlite) })

out_path <- "tests/reference/stats_reference.json"
nz <- function(v) if (is.null(v) || length(v) == 0) NA_real_ else as.numeric(v)
quiet <- function(expr) suppressWarnings(tryCatch(expr, error = function(e) NULL))

# ---- wilson: prop.test(x, n, correct = FALSE)$conf.int ------------------------
wilson_case <- function(x, n, confidence = 0.95) {
  ci <- quiet(prop.test(x, n, conf.level = confidence, correct = FALSE)$conf.int)
  list(x = x, n = n, confidence = confidence, low = nz(ci[1]), high = nz(ci[2]))
}
wilson <- list(
  wilson_case(0, 1), wilson_case(1, 1), wilson_case(0, 50), wilson_case(50, 50),
  wilson_case(round(212 * 0.61), 212), wilson_case(7, 10), wilson_case(3, 20),
  wilson_case(4567, 10000), wilson_case(999999, 1000000),
  wilson_case(7, 10, 0.90), wilson_case(3, 20, 0.99), wilson_case(0, 0))

# ---- z_test: pooled two-proportion z; p from prop.test ------------------------
z_case <- function(x1, n1, x2, n2) {
  pbar <- (x1 + x2) / (n1 + n2)
  z <- (x1 / n1 - x2 / n2) / sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
  p <- quiet(prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$p.value)
  list(x1 = x1, n1 = n1, x2 = x2, n2 = n2, z = nz(z), p = nz(p))
}
# n1 = n2 = N with rates 0.6 vs 0.5: the N (multiple of 10) whose p is nearest
# 1e-310 among those with 1e-320 < p < 1e-300 (a subnormal p).
z_p <- function(N) z_case(0.6 * N, N, 0.5 * N, N)$p
grid <- seq(60000, 80000, by = 10)
lp <- sapply(grid, function(N) log10(z_p(N)))
ok <- is.finite(lp) & lp > -320 & lp < -300
stopifnot(any(ok))
N_sub <- grid[ok][which.min(abs(lp[ok] + 310))]
z_test <- list(
  z_case(130, 212, 1500, 2000), z_case(45, 100, 600, 2000),           # typical
  z_case(50, 100, 1000, 2000),                                       # equal rates, p = 1
  z_case(0.6 * N_sub, N_sub, 0.5 * N_sub, N_sub),                    # 1e-320 < p < 1e-300
  z_case(600000, 1000000, 300000, 1000000),                          # p underflows to 0
  z_case(20, 20, 300, 300), z_case(0, 20, 0, 300))                   # pbar 1 / 0 -> null
stopifnot(z_test[[4]]$p > 1e-320, z_test[[4]]$p < 1e-300, z_test[[5]]$p == 0)

# ---- fisher: fisher.test p; plain sample odds ratio ad/(bc) --------------------
fisher_case <- function(a, b, c, d) {
  p <- fisher.test(matrix(c(a, c, b, d), 2))$p.value
  list(a = a, b = b, c = c, d = d, p = p, odds_ratio = if (b * c == 0) NA else a * d / (b * c))
}
fisher <- Map(fisher_case,
  c(3, 1, 0, 5, 2, 0, 1, 12, 0, 25, 200, 45), c(1, 9, 5, 0, 7, 0, 0, 0, 12, 5, 0, 5),
  c(1, 11, 5, 0, 8, 10, 40, 300, 100, 200, 0, 10), c(3, 3, 0, 5, 2, 10, 60, 100, 300, 800, 200, 40))
names(fisher) <- NULL

# ---- chisq_independence: chisq.test(cbind(x, n - x), correct = FALSE) --------
indep_case <- function(x, n) {
  r <- suppressWarnings(chisq.test(cbind(x, n - x), correct = FALSE))
  list(positives = I(x), totals = I(n), statistic = unname(r$statistic),
       df = unname(r$parameter), p = r$p.value)
}
chisq_independence <- list(
  indep_case(c(130, 1500), c(212, 2000)),                            # 2 groups
  indep_case(c(40, 55, 70), c(100, 110, 120)),                       # 3 groups
  indep_case(c(12, 30, 45, 60, 20), c(40, 80, 100, 110, 50)),        # 5 groups
  indep_case(c(5, 9, 14, 20, 26, 31, 40), c(50, 52, 55, 60, 58, 57, 61)),  # 7 groups
  indep_case(c(2000, 2600, 3200), c(8000, 8000, 8000)),              # tiny p
  indep_case(c(1, 3, 0, 2), c(4, 5, 3, 6)))                          # small expected (R warns)

# ---- chisq_gof: chisq.test(observed, p = shares, rescale.p = TRUE) -----------
gof_case <- function(obs, shares) {
  r <- suppressWarnings(chisq.test(obs, p = shares, rescale.p = TRUE))
  list(observed = I(obs), shares = I(shares), statistic = unname(r$statistic),
       df = unname(r$parameter), p = r$p.value)
}
chisq_gof <- list(
  gof_case(c(48, 52), c(0.5, 0.5)),
  gof_case(c(120, 260, 310, 210, 100), c(0.12, 0.25, 0.3, 0.22, 0.11)),
  gof_case(c(150, 300, 420, 480, 460, 420, 300),
           c(26905, 38925, 41060, 33347, 29204, 21406, 18769)),      # population counts
  gof_case(c(2, 1, 7), c(1, 1, 2)),                                  # small expected
  gof_case(c(5000, 3000, 2000), c(1, 1, 1)))                         # tiny p

# ---- welch: t.test(rep(scores, counts1), rep(scores, counts2)) ---------------
welch_case <- function(scores, c1, c2) {
  x <- rep(scores, c1); y <- rep(scores, c2)
  r <- quiet(t.test(x, y, var.equal = FALSE))
  list(scores = I(scores), counts1 = I(c1), counts2 = I(c2),
       n1 = length(x), mean1 = mean(x), var1 = nz(var(x)),
       n2 = length(y), mean2 = mean(y), var2 = nz(var(y)),
       t = nz(unname(r$statistic)), df = nz(unname(r$parameter)), p = nz(r$p.value))
}
welch <- list(
  welch_case(1:5, c(10, 25, 60, 80, 37), c(150, 300, 600, 700, 250)),        # 5-point scale
  welch_case(0:10, c(3, 2, 5, 8, 10, 20, 25, 30, 40, 25, 12),
                   c(20, 25, 40, 60, 90, 120, 150, 170, 160, 100, 65)),      # 0-10 scale
  welch_case(0:1, c(80, 132), c(484, 1516)),                                 # 0/1 scale
  welch_case(1:5, c(0, 1, 0, 1, 0), c(30, 60, 90, 70, 40)),                  # group 1 n = 2
  welch_case(1:5, c(60, 120, 300, 600, 520), c(240, 400, 600, 500, 260)),     # tiny p
  welch_case(1:5, c(0, 0, 12, 0, 0), c(5, 10, 20, 15, 8)),                   # group 1 constant
  welch_case(1:5, c(0, 0, 12, 0, 0), c(0, 0, 0, 30, 0)))                     # both constant -> null

# ---- p_adjust: p.adjust for each method on four vectors ----------------------
p_vectors <- list(
  c(0.01, 0.04, 0.03, 0.04, 0.2, 0.5, 0.01, 0.001, 0.04, 0.3, 0.03, 0.8),    # 12 with ties
  c(0.02, NA, 0.001, 0.3, 0.04, NA, 0.5),                                    # NAs
  c(0.9, 0.95, 0.999, 1, 0.98, 0.9999999),                                   # near 1
  c(1e-310, 1e-20, 0.003, 0.04, 0.6))                                        # subnormal
p_adjust <- unlist(lapply(p_vectors, function(p) lapply(c("BH", "holm", "bonferroni", "none"),
  function(m) list(method = m, p = I(p), adjusted = I(p.adjust(p, method = m))))), recursive = FALSE)

# ---- gap_change: difference of two gaps, unpooled normal test ----------------
gap_case <- function(x1g, n1g, x1r, n1r, x2g, n2g, x2r, n2r) {
  r <- c(x1g / n1g, x1r / n1r, x2g / n2g, x2r / n2r); n <- c(n1g, n1r, n2g, n2r)
  change <- (r[3] - r[4]) - (r[1] - r[2])
  se <- sqrt(sum(r * (1 - r) / n))
  z <- if (se > 0) change / se else NA
  list(x1g = x1g, n1g = n1g, x1r = x1r, n1r = n1r, x2g = x2g, n2g = n2g, x2r = x2r,
       n2r = n2r, change = change, z = z, p = 2 * pnorm(-abs(z)))
}
gap_change <- list(
  gap_case(131, 212, 1516, 2000, 150, 216, 1510, 1995),              # narrowing
  gap_case(60, 200, 900, 1800, 66, 220, 1000, 2000),                 # no change
  gap_case(150, 300, 1200, 2000, 120, 300, 1300, 2000),              # widening
  gap_case(0, 40, 500, 500, 25, 25, 0, 600))                         # se = 0 -> null

# ---- kish: (sum w)^2 / sum w^2 ------------------------------------------------
kish_case <- function(w) list(weights = I(w), n_eff = sum(w)^2 / sum(w^2))
kish <- list(kish_case(rep(1, 10)), kish_case(c(0.5, 1, 1.5, 2, 0.8, 1.2)),
             kish_case(c(0.2, 0.2, 0.2, 5)), kish_case(c(1.3, 0, 0.7, 2.4, 0, 0.6, 1)))

# ---- rake: survey::rake, weights rescaled to mean 1 over kept respondents ----
rake_case <- function(cats, pops) {
  nm <- paste0("m", seq_along(cats))
  keep <- Reduce(`&`, lapply(cats, function(v) v >= 0))
  df <- as.data.frame(setNames(lapply(seq_along(cats), function(i)
    factor(cats[[i]][keep], levels = seq_along(pops[[i]]) - 1)), nm))
  stopifnot(all(sapply(df, function(f) all(table(f) > 0))))
  df$w <- 1
  des <- svydesign(ids = ~1, weights = ~w, data = df)
  margins <- lapply(seq_along(pops), function(i) setNames(data.frame(
    factor(seq_along(pops[[i]]) - 1, levels = seq_along(pops[[i]]) - 1), pops[[i]]), c(nm[i], "Freq")))
  raked <- rake(des, lapply(nm, function(v) as.formula(paste0("~", v))), margins,
                control = list(maxit = 1000, epsilon = 1e-13, verbose = FALSE))
  w <- weights(raked); w <- w / mean(w)
  full <- numeric(length(keep)); full[keep] <- w
  list(categories = lapply(cats, I), population = lapply(pops, I), weights = I(full))
}
set.seed(20240501)
sex <- sample(0:1, 60, TRUE, c(0.42, 0.58)); age <- sample(0:3, 60, TRUE, c(0.15, 0.3, 0.3, 0.25))
sex[5] <- -1; age[17] <- -1; sex[40] <- -1; age[40] <- -1               # 3 left out
set.seed(20240502)
sex2 <- sample(0:1, 200, TRUE, c(0.45, 0.55)); age2 <- sample(0:4, 200, TRUE)
region <- sample(0:2, 200, TRUE, c(0.5, 0.3, 0.2))
sex2[c(3, 77)] <- -1; age2[c(12, 77, 150)] <- -1; region[c(99, 180)] <- -1  # 6 left out
rake_out <- list(
  rake_case(list(sex, age), list(c(48000, 52000), c(21000, 30000, 28000, 21000))),
  rake_case(list(sex2, age2, region),
            list(c(98000, 102000), c(30000, 42000, 45000, 43000, 40000), c(90000, 70000, 40000))))

# ---- binom_test: exact binomial test against a target share, two-sided ----------
# (workforce representation against a target, e.g. 11% of senior managers BME)
binom_case <- function(x, n, p0) list(x = x, n = n, target = p0, p = binom.test(x, n, p0)$p.value)
binom_test <- list(
  binom_case(3, 40, 0.11), binom_case(9, 40, 0.11), binom_case(0, 25, 0.11), binom_case(25, 25, 0.9),
  binom_case(12, 30, 0.5), binom_case(15, 30, 0.5), binom_case(150, 2000, 0.11), binom_case(400, 2000, 0.11),
  binom_case(1, 1, 0.3), binom_case(0, 1, 0.3), binom_case(7, 100, 0.07), binom_case(30, 1000, 0.2),
  binom_case(0, 10, 0), binom_case(10, 10, 1), binom_case(2, 10, 0))

# ---- interaction: LR test of a:b in glm(cbind(x, n - x) ~ a * b, binomial) ----
# Four cells: 11 in both groups, 10 in the first only, 01 in the second only, 00 in
# neither. expected = the main-effects model's fitted rate of cell 11; statistic =
# deviance(main) - deviance(full), not clamped (a term that adds nothing leaves a
# rounding residue near 0); p its chi-square tail on 1 df. quiet() also silences R's
# warning about non-integer (weighted) counts.
# Convergence: main must converge. full has four parameters for four cells (saturated),
# so its deviance falls to rounding noise (~1e-13); glm's rule
# |dev - dev_old| / (|dev| + 0.1) < 1e-14 cannot be met at that level and glm reports
# "did not converge" after 100 iterations although the fit is exact. full therefore
# counts as converged when glm says so or its deviance is below 1e-10. Anything else,
# or a value that is not finite, is written as null.
interaction_case <- function(x11, n11, x10, n10, x01, n01, x00, n00) {
  x <- c(x11, x10, x01, x00); n <- c(n11, n10, n01, n00)
  a <- c(1, 1, 0, 0); b <- c(1, 0, 1, 0)
  ctl <- glm.control(epsilon = 1e-14, maxit = 100)
  main <- quiet(glm(cbind(x, n - x) ~ a + b, family = binomial, control = ctl))
  full <- quiet(glm(cbind(x, n - x) ~ a * b, family = binomial, control = ctl))
  ok <- !is.null(main) && !is.null(full) && main$converged &&
        (full$converged || abs(deviance(full)) < 1e-10)
  expected <- statistic <- p <- NA
  if (ok) {
    expected <- unname(fitted(main)[1])
    statistic <- deviance(main) - deviance(full)
    p <- pchisq(statistic, 1, lower.tail = FALSE)
    if (!all(is.finite(c(expected, statistic, p)))) expected <- statistic <- p <- NA
  }
  list(x11 = x11, n11 = n11, x10 = x10, n10 = n10, x01 = x01, n01 = n01, x00 = x00, n00 = n00,
       expected = expected, statistic = statistic, p = p)
}
interaction <- list(
  interaction_case(40, 100, 70, 150, 500, 900, 700, 1000),     # disabled women, typical sizes
  interaction_case(100, 300, 150, 300, 400, 600, 480, 600),    # odds that multiply: no interaction
  interaction_case(50, 300, 150, 300, 400, 600, 480, 600),     # a cell beyond its groups
  interaction_case(30, 400, 300, 500, 450, 600, 500, 700),     # very strong interaction, p ~ 1e-46
  interaction_case(31, 250, 210, 400, 330, 500, 1200, 1600),   # strong interaction, p ~ 1e-12
  interaction_case(3, 12, 60, 100, 150, 250, 800, 1200),       # a small cell
  interaction_case(0, 15, 40, 90, 120, 200, 600, 900),         # no positive answers in the cell
  interaction_case(20, 20, 70, 100, 160, 200, 500, 800),       # all positive in the cell
  interaction_case(23.7, 51.3, 61.2, 98.4, 140.8, 230.1, 402.5, 611.9),  # effective (weighted) counts
  interaction_case(900, 1500, 100, 200, 300, 400, 50, 100))    # the cell larger than the rest
stopifnot(abs(interaction[[2]]$statistic) < 1e-9, interaction[[5]]$p > 1e-13, interaction[[5]]$p < 1e-11,
          !anyNA(unlist(interaction)))

# ---- power_prop: power of the pooled two-proportion z-test (strict = FALSE) -----
power_formula <- function(n1, p1, n2, p2, alpha) {
  pbar <- (n1 * p1 + n2 * p2) / (n1 + n2)
  pnorm((abs(p1 - p2) - qnorm(1 - alpha / 2) * sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))) /
          sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
}
power_case <- function(n1, p1, n2, p2, alpha = 0.05) {
  power <- if (n1 == n2) power.prop.test(n = n1, p1 = p1, p2 = p2, sig.level = alpha)$power
           else power_formula(n1, p1, n2, p2, alpha)
  list(n1 = n1, p1 = p1, n2 = n2, p2 = p2, alpha = alpha, power = power)
}
stopifnot(abs(power_case(350, 0.62, 350, 0.758)$power - power_formula(350, 0.62, 350, 0.758, 0.05)) < 1e-14)
power_prop <- list(
  power_case(100, 0.5, 100, 0.6), power_case(350, 0.62, 350, 0.758), power_case(1000, 0.8, 1000, 0.78, 0.01),
  power_case(66, 0.5, 2000, 0.7), power_case(350, 0.62, 1753, 0.758), power_case(20, 0.9, 500, 0.6),
  power_case(137, 0.635, 2375, 0.801, 0.01), power_case(5000, 0.3, 5000, 0.31))

# ---- detectable: smallest d with power(n1, p2 + d, n2, p2) = power -----------------
detectable_case <- function(n1, n2, p2, power = 0.8, alpha = 0.05) {
  f <- function(d) power_formula(n1, p2 + d, n2, p2, alpha) - power
  d <- if (n1 == n2) {
    r <- quiet(power.prop.test(n = n1, p1 = p2, power = power, sig.level = alpha, tol = 1e-13)$p2)
    # power.prop.test extends its search past 1 when no rate reaches the power: none does.
    if (is.null(r) || r > 1) NA else r - p2
  } else if (f(1 - p2) < 0) NA else uniroot(f, c(1e-12, 1 - p2), tol = 1e-14)$root
  list(n1 = n1, n2 = n2, p2 = p2, alpha = alpha, power = power, difference = d)
}
detectable <- list(
  detectable_case(20, 20, 0.6), detectable_case(150, 150, 0.3), detectable_case(500, 500, 0.85),
  detectable_case(2000, 2000, 0.6, 0.9), detectable_case(66, 2000, 0.6), detectable_case(150, 10000, 0.85),
  detectable_case(500, 2000, 0.3, 0.8, 0.01), detectable_case(350, 1753, 0.242), detectable_case(20, 10000, 0.3),
  detectable_case(2000, 10000, 0.85), detectable_case(3, 3, 0.6))

# ---- serialise ----------------------------------------------------------------
num <- function(v) ifelse(!is.finite(v), "null",
  ifelse(v == round(v) & abs(v) < 2^53, sprintf("%.0f", v), sprintf("%.17g", v)))
to_json <- function(x) {
  if (is.list(x) && !is.null(names(x)))
    return(paste0("{", paste0(encodeString(names(x), quote = '"'), ":",
                              vapply(x, to_json, ""), collapse = ","), "}"))
  if (is.list(x)) return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
  if (is.character(x)) return(encodeString(x, quote = '"'))
  if (inherits(x, "AsIs") || length(x) != 1) return(paste0("[", paste(num(unclass(x)), collapse = ","), "]"))
  num(x)
}
doc <- list(
  generated_by = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                      script = "scripts/reference/make_stats_reference.R"),
  wilson = wilson, z_test = z_test, fisher = fisher, chisq_independence = chisq_independence,
  chisq_gof = chisq_gof, welch = welch, p_adjust = p_adjust, gap_change = gap_change,
  kish = kish, rake = rake_out, binom_test = binom_test, interaction = interaction, power_prop = power_prop,
  detectable = detectable)
sections <- vapply(names(doc), function(s) {
  body <- if (s == "generated_by") to_json(doc[[s]])
          else paste0("[\n  ", paste(vapply(doc[[s]], to_json, ""), collapse = ",\n  "), "\n ]")
  paste0(" ", encodeString(s, quote = '"'), ": ", body)
}, "")
dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
writeLines(c("{", paste(sections, collapse = ",\n"), "}"), out_path)
invisible(fromJSON(out_path, simplifyVector = FALSE))   # must parse
cat("wrote", out_path, ":", paste(sprintf("%s=%d", names(doc)[-1], lengths(doc[-1])), collapse = " "), "\n")
