# Reference values for design-based variance (docs/method.md, "Design-based variance"),
# computed with R's survey package on its own public data, survey::api (California
# Academic Performance Index samples, shipped with r-cran-survey):
#   apiclus1: 183 schools in 15 districts (a cluster sample, weights pw)
#   apistrat: 200 schools stratified by school type (weights pw)
# The script writes the two samples as survey files for gapfinder to ingest
# (tests/fixtures/design/*.csv), with three columns added deterministically so that a
# council's characteristics and a raking margin can be exercised: Sex, Disability, and
# blanks / "Prefer not to say" in a few cells. It then computes, for each design in
# tests/fixtures/design/*.json, what gapfinder must report:
#   rate and interval   svyciprop(~y, subset(design, group & answered), method = "xlogit")
#                       (the closed form of the default "logit", which fits it by iteration:
#                       they agree to the GLM's convergence, printed at the end)
#   effective base      p (1 - p) / SE(p)^2
#   test of the gap     svyttest(y ~ in_group, subset(design, disclosed & answered))
#   test of the means   svyttest(score ~ in_group, ...)
#   omnibus             svychisq(~group + y, design, statistic = "F") (Rao-Scott)
# and writes tests/reference/design_reference.json. tests/design_reference_test.cpp
# ingests the files, analyses them with --weighted and compares to 1e-9 relative.
#
# Run from the repository root:  Rscript scripts/reference/make_design_reference.R
# Needs r-cran-survey and r-cran-jsonlite. Deterministic: no random numbers.
suppressMessages({
  library(survey)
  library(jsonlite)
})
data(api)

out_dir <- "tests/fixtures/design"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

band <- function(api00) as.character(cut(api00, c(0, 550, 650, 750, 850, 1000), labels = 1:5))

make_file <- function(d) {
  data.frame(
    school = d$snum,
    district = d$dnum,
    # Three regions of five districts each (apiclus1), and the county, whose districts
    # are often alone in it (lonely PSUs).
    region = c("North", "Central", "South")[(match(d$dnum, sort(unique(d$dnum))) - 1) %% 3 + 1],
    county = d$cname,
    stype = d$stype,
    school_type = ifelse(d$snum %% 19 == 0, "Prefer not to say",
                         c(E = "Elementary", M = "Middle", H = "High")[as.character(d$stype)]),
    sex = ifelse(d$snum %% 2 == 0, "Female", "Male"),
    disability = ifelse(d$snum %% 3 == 0, "Yes", "No"),
    met_target = as.character(d$sch.wide),
    comp_imp = as.character(d$comp.imp),
    awards = ifelse(d$snum %% 11 == 0, "", as.character(d$awards)),
    api_band = band(d$api00),
    pw = sprintf("%.17g", d$pw),
    stringsAsFactors = FALSE)
}
files <- list(apiclus1 = make_file(apiclus1), apistrat = make_file(apistrat))
for (name in names(files))
  write.csv(files[[name]], file.path(out_dir, paste0(name, ".csv")), row.names = FALSE, na = "")

# The survey's codes, as its definitions give them: positive answers and scores.
prepare <- function(f) {
  v <- f
  for (q in c("met_target", "comp_imp", "awards")) {
    v[[paste0(q, "_y")]] <- ifelse(f[[q]] == "", NA, as.numeric(f[[q]] == "Yes"))
    v[[paste0(q, "_s")]] <- ifelse(f[[q]] == "", NA, ifelse(f[[q]] == "Yes", 1, 2))  # codes 1 Yes, 2 No
  }
  v$api_band_y <- as.numeric(as.numeric(f$api_band) >= 4)
  v$api_band_s <- as.numeric(f$api_band)
  v$school_type_g <- ifelse(f$school_type == "Prefer not to say", NA,
                            c(Elementary = "elementary", Middle = "middle", High = "high")[f$school_type])
  v$sex_g <- c(Female = "female", Male = "male")[f$sex]
  v$disability_g <- c(Yes = "disabled", No = "not_disabled")[f$disability]
  v$pw <- as.numeric(f$pw)
  v
}
population <- list(sex = data.frame(sex = c("Female", "Male"), Freq = c(3300, 2900)),
                   disability = data.frame(disability = c("Yes", "No"), Freq = c(1400, 4800)))

designs <- list(
  list(id = "api-region-clusters", file = "apiclus1", ids = ~district, strata = ~region, rake = FALSE, lonely = "fail"),
  list(id = "api-region-clusters-raked", file = "apiclus1", ids = ~district, strata = ~region, rake = TRUE, lonely = "fail"),
  list(id = "api-county-clusters", file = "apiclus1", ids = ~district, strata = ~county, rake = FALSE, lonely = "adjust"),
  list(id = "api-strata", file = "apistrat", ids = ~1, strata = ~stype, rake = FALSE, lonely = "fail"),
  list(id = "api-strata-raked", file = "apistrat", ids = ~1, strata = ~stype, rake = TRUE, lonely = "fail"))
questions <- c("met_target", "comp_imp", "awards", "api_band")
groupings <- c("school_type", "sex", "disability")

num <- function(x) unname(as.numeric(x))
reference <- list()
logit_gap <- 0
for (spec in designs) {
  options(survey.lonely.psu = spec$lonely)
  v <- prepare(files[[spec$file]])
  des <- svydesign(ids = spec$ids, strata = spec$strata, weights = ~pw, data = v, nest = TRUE)
  if (spec$rake)
    des <- rake(des, list(~sex, ~disability), population, control = list(maxit = 100, epsilon = 1e-13))
  rows <- list()
  omnibus <- list()
  for (q in questions) {
    y <- paste0(q, "_y")
    s <- paste0(q, "_s")
    for (g in groupings) {
      gv <- paste0(g, "_g")
      answered <- !is.na(v[[y]]) & !is.na(v[[gv]])
      for (group in sort(unique(na.omit(v[[gv]])))) {
        in_group <- answered & v[[gv]] == group
        dom <- subset(des, in_group)
        ci <- svyciprop(as.formula(paste0("~", y)), dom, method = "xlogit")
        logit <- svyciprop(as.formula(paste0("~", y)), dom, method = "logit")
        gap <- abs(attr(ci, "ci") - attr(logit, "ci"))  # NaN when the rate is 0 or 1
        if (all(is.finite(gap))) logit_gap <- max(logit_gap, gap)
        p <- num(coef(ci))
        se <- sqrt(num(attr(ci, "var")))
        compared <- subset(des, answered)
        compared$variables$in_group <- as.numeric(compared$variables[[gv]] == group)
        rate_test <- svyttest(as.formula(paste0(y, " ~ in_group")), compared)
        mean_test <- svyttest(as.formula(paste0(s, " ~ in_group")), compared)
        rows[[length(rows) + 1]] <- list(
          question = q, grouping = g, group = group, rate = p,
          ci_low = num(attr(ci, "ci")[1]), ci_high = num(attr(ci, "ci")[2]),
          n_eff = p * (1 - p) / se^2, p = num(rate_test$p.value), mean_p = num(mean_test$p.value),
          df = num(rate_test$parameter))
      }
      chi <- svychisq(as.formula(paste0("~", gv, " + ", y)), des, statistic = "F")
      omnibus[[length(omnibus) + 1]] <- list(
        question = q, grouping = g, f = num(chi$statistic), ndf = num(chi$parameter[1]),
        ddf = num(chi$parameter[2]), p = num(chi$p.value))
    }
  }
  reference[[spec$id]] <- list(file = spec$file, df = degf(des), rows = rows, omnibus = omnibus)
}

meta <- list(
  generated_by = "scripts/reference/make_design_reference.R",
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")))
writeLines(toJSON(list(meta = meta, designs = reference), auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/reference/design_reference.json")
# svyciprop's "logit" fits a quasibinomial GLM by iteration; "xlogit" is its closed form.
stopifnot(logit_gap < 1e-6)
cat("largest difference between the logit and xlogit intervals:", format(logit_gap, digits = 3), "\n")
cat("wrote tests/reference/design_reference.json and", out_dir, "\n")
