// The action-plan model: one draft row per flagged gap (and, on request, per gap that
// narrowed and should keep narrowing), built from the in-memory Findings and the survey
// definition; written as XLSX, CSV, Markdown, HTML or JSON in the Harrow, EFLG or simple
// layout (docs/action-plans.md), read back after people have edited it, and tracked on
// a later wave. Every figure comes from the Findings, except each row's power
// calculation (trackability.hpp, from the stats module), which sets its target.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/findings.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder::plan {

// A column of the "action relates to" matrix: Age, Disability, Gender ...
struct MatrixColumn {
    std::string id;     // the catalogue characteristic, e.g. "sex"
    std::string label;  // the heading councils use, e.g. "Gender"
};
// Harrow's seven columns, then the other characteristics the survey records.
std::vector<MatrixColumn> matrix_columns(const SurveyDefinition& survey);
// The heading for a characteristic id ("sex" -> "Gender").
std::string matrix_label(const std::string& characteristic);

// How a row's gap stands on a later wave (gapfinder track).
struct Progress {
    std::string wave;
    bool measured = false;      // false: suppressed or missing in the new wave; figures are NaN
    std::string note;           // why not measured
    double gap_pp = 0, rate = 0, rest_rate = 0, n = 0;
    double change_pp = 0, p = 0, p_adj = 0;  // test of the change in gap since the baseline
    std::string status;  // "closed", "narrowed", "no significant change", "widened", "not measured"
};

struct Row {
    // What people edit (kept as edited when the plan is read back).
    std::string kind;       // "gap", "narrowed" (keep it up) or "added" (by hand, no baseline)
    std::string objective;  // the section a Harrow plan groups by
    std::string theme;
    std::string eflg_area;  // an EFLG area id, or empty
    std::string action, lead, target_date, measure;
    std::string partners;   // cross-reference to partner authorities: "ALL" or "HBBC; MBC"
    std::vector<std::string> relates_to;  // matrix column ids marked X
    // The machine-readable baseline: which gap the row is about and how big it was.
    std::string question, characteristic, group, group_label;
    std::string baseline_wave;
    double baseline_gap_pp = 0, baseline_rate = 0, baseline_rest_rate = 0, baseline_n = 0, baseline_rest_n = 0;
    double target_gap_pp = 5;  // the gap the row aims to get under
    // The smallest gap the next wave could confirm for a group of this size (trackability.hpp);
    // NaN when unknown (a row read from a spreadsheet, or a group too small for any).
    double detectable_gap_pp = std::numeric_limits<double>::quiet_NaN();
    std::optional<Progress> progress;
    std::string origin;  // where the row was read from, for messages ("row 7", "rows[3]"); not written

    bool has_baseline() const { return !question.empty(); }
};

// The analysis settings a plan was drafted with; tracking uses the same ones.
struct PlanSettings {
    std::string level = "recorded", correction = "bh";
    double alpha = 0.05, gap_pp = 5, min_base = 30, suppress_below = 10;
    std::vector<std::string> by, questions;
    bool intersections = false;
    bool perturbed = false;  // drafted from the web app's perturbed counts (not stored: track is exact)
};

struct ActionPlan {
    std::string survey_id, survey_title, survey_kind, organisation;
    std::string wave;                      // the baseline wave
    std::string next_wave, next_wave_date;  // the default target; may be empty
    std::string layout = "harrow";         // harrow, eflg or simple
    PlanSettings settings;
    std::vector<Partner> partners;
    std::vector<Row> rows;
    std::string tracked_wave;                  // set by track
    std::vector<GroupResult> findings;         // the wave's breakdown, for the findings sheet
    std::string findings_wave;
};

struct BuildOptions {
    std::string layout = "harrow";
    bool keep_up_narrowing = false;  // also a row per gap that narrowed significantly (needs findings.trend)
    std::string target_date;         // overrides the next wave's date
};

// Throws InputError for an unknown layout.
ActionPlan build_plan(const Findings& findings, const SurveyDefinition& survey, const BuildOptions& options);

void check_layout(const std::string& layout);  // harrow, eflg or simple; throws InputError
PlanSettings plan_settings(const AnalysisSettings& settings);
AnalysisSettings analysis_settings(const PlanSettings& settings);  // compare with the rest, unweighted, exact

// Words for people: "residents", "staff" or "respondents".
std::string people_noun(const std::string& survey_kind);
// "the 2025 panel", "the 2025 staff survey".
std::string wave_phrase(const std::string& survey_kind, const std::string& wave);
// "2025-10" -> "October 2025"; "2025-10-15" -> "15 October 2025"; anything else as given.
std::string display_date(const std::string& iso);

}  // namespace gapfinder::plan
