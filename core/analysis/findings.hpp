// The result of an analysis: what `gapfinder analyse` prints and writes as JSON
// (docs/findings-json.md), and what exports and the web app read.
//
// Missing values (a rate that is suppressed, a test that could not run) are NaN here
// and null in JSON.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"

namespace gapfinder {

// One group of one characteristic (or one cell of an intersection) on one question.
struct GroupResult {
    std::string question;
    std::string characteristic;  // grouping id; "sex x race" for an intersection
    std::string group;           // category id; "female x asian" for an intersection
    std::string group_label;
    bool undisclosed = false;     // blank or "Prefer not to say": never compared
    bool reference = false;       // the group others are compared with (largest / named)
    bool suppressed = false;
    std::string suppression;      // "small base" or "secondary" (to protect another group)
    bool low_base = false;        // at or over the suppression threshold but under min_base
    double n = 0, positives = 0, rate = 0, ci_low = 0, ci_high = 0;
    double rest_n = 0, rest_positives = 0, rest_rate = 0;  // the comparison's figures
    double gap_pp = 0;
    std::string test;  // "z", "fisher", or empty when no test ran
    double p = 0, p_adj = 0;
    double mean = 0, rest_mean = 0, welch_p = 0;
    double n_eff = 0, design_effect = 0;  // weighted analyses only
    double rest_n_eff = 0;                // weighted only: the comparison's effective base
    bool flagged = false;
    // Set on the larger of a characteristic's two answering groups, compared with the
    // rest: its contrast is the other group's seen from the far side (the same test), so
    // it carries no test and no flag, and names the group whose row does.
    std::string mirror_of;
    // Intersections only (NaN elsewhere): the rate that the cell's two groups alone
    // predict (the main effects of a logistic model), and the test of whether the cell
    // differs from it (stats::logistic_interaction_2x2), adjusted over the intersections'
    // family. An intersection is flagged only when it does, in the direction of its gap
    // and by at least the gap threshold: otherwise its gap restates its groups' gaps.
    double expected_rate = std::numeric_limits<double>::quiet_NaN();
    double interaction_p = std::numeric_limits<double>::quiet_NaN();
    double interaction_p_adj = std::numeric_limits<double>::quiet_NaN();
    // Which four cells the interaction test compares, as "row r x column c" in the
    // intersection's table, where a characteristic with two answering groups names the
    // first of them for both: their cells are the same four cells, so one test, counted
    // once in the correction. Internal (not published).
    std::string interaction_contrast;
};

// Chi-square test of independence of one question over one characteristic's groups.
// Weighted with a design: the Rao-Scott F (stats::rao_scott_f), on df and denominator_df.
struct OmnibusResult {
    std::string question, characteristic;
    int groups = 0;
    std::string test = "chi_square";  // or "rao_scott_f"
    double statistic = 0, df = 0, p = 0;
    double denominator_df = std::numeric_limits<double>::quiet_NaN();  // the F's; NaN for chi-square
    bool small_expected = false;  // Cochran's rule fails: the chi-square p is approximate at best
};

// How respondents compare with the population on one characteristic.
struct RepresentativenessGroup {
    std::string category, label;
    bool suppressed = false;      // respondents' count and share hidden (small group)
    double respondents = 0, respondent_share = 0;  // among those compared
    double population = 0, population_share = 0;
    double ratio = 0;             // respondent share / population share
    bool under_represented = false;  // ratio under 0.8
    bool assessed = true;            // false: hidden, and the flag would say more than suppression does
};

struct Representativeness {
    std::string characteristic, profile, source;
    double respondents = 0;   // disclosed and matched to a population category
    double undisclosed = 0;   // blank or prefer not to say
    double statistic = 0, df = 0, p = 0;  // chi-square goodness of fit, hidden groups pooled
    std::vector<RepresentativenessGroup> groups;
};

// What the weighting did (weighted analyses only).
struct WeightingSummary {
    std::string method;   // "raking" (to profile) or "supplied" (the file's weight column as it is)
    std::string profile;
    std::vector<std::string> variables;
    uint64_t kept = 0, left_out = 0;  // left out: undisclosed on a raking variable
    int iterations = 0;
    double max_margin_error = 0;
    double design_effect = 0;  // Kish: n / n_eff over all respondents kept
    // The same analysis unweighted flags this many gaps (results only): the weighted view
    // says why its own count differs (the effective sample size).
    uint64_t unweighted_flagged = 0;
    // The design the variances are linearised on (docs/method.md, "Design-based variance").
    std::string weight_column, strata_column, cluster_column;  // empty: none
    uint64_t strata = 0, psus = 0;  // PSUs: respondents when there are no clusters
    double design_df = 0;           // PSUs less strata
    std::string lonely_psu;         // the rule for a stratum with one PSU
    std::vector<std::string> lonely_strata;
};

// How one group's gap moved between two waves.
struct TrendResult {
    std::string question, characteristic, group, group_label;
    std::string from_wave, to_wave;
    bool suppressed = false;  // a base under the threshold in either wave
    double from_gap_pp = 0, to_gap_pp = 0, change_pp = 0;
    double from_rate = 0, to_rate = 0, from_rest_rate = 0, to_rest_rate = 0;
    double z = 0, p = 0, p_adj = 0;
    std::string status;  // "narrowed", "widened", "reversed" (changed sign), "no significant change", or "" when suppressed
    bool from_flagged = false, to_flagged = false;  // the gap was confirmed in the earlier, the later wave
    // The change in plain words: "narrowed by 7.3 points, from 13.8 to 6.5 points lower;
    // not confirmed, it could be chance". "" when suppressed.
    std::string in_words;
};

struct QuestionInfo {
    std::string id, text, theme;
};

struct Findings {
    std::string survey_id, survey_title, wave;
    uint64_t respondents = 0;        // in the wave
    uint64_t respondents_analysed = 0;  // after settings.filters (all of the wave without)
    AnalysisSettings settings;
    std::vector<QuestionInfo> questions;
    std::vector<GroupResult> results;        // one family for the correction
    std::vector<OmnibusResult> omnibus;
    std::vector<GroupResult> intersections;  // their own family
    std::vector<OmnibusResult> intersection_omnibus;  // per question and pair: across the pair's shown cells
    std::vector<Representativeness> representativeness;  // when the survey names a population
    WeightingSummary weighting;                          // when weighted
    std::vector<TrendResult> trend;                      // when compared with an earlier wave
    // How each coded comment question's comments were coded (hand, rules, model, none),
    // over the whole wave; empty when the survey codes no comments.
    std::vector<CommentCodingCounts> comment_coding;
};

}  // namespace gapfinder
