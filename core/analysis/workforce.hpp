// Workforce representation, as council equality schemes report it: each group's share
// of a pay band (or any dimension's category) against the group's share of all staff,
// with a test and a flag for under-representation, and each target the survey sets
// ("11% BME in the top 5% of earners") against the share achieved.
#pragma once

#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

struct WorkforceRow {
    std::string dimension, category, category_label;   // e.g. pay_band / senior_management
    std::string characteristic, group, group_label;    // e.g. race / black
    bool suppressed = false;
    std::string suppression;
    double in_category = 0, category_total = 0, share = 0;  // the group among staff in the category
    double staff = 0, staff_total = 0, staff_share = 0;     // the group among all staff
    double ratio = 0;                                       // share / staff_share
    std::string test;                                       // "z" or "fisher": in the category vs outside it
    double p = 0, p_adj = 0;
    bool under_represented = false;  // ratio under 0.8 and p_adj under alpha
};

struct TargetResult {
    WorkforceTarget target;
    bool suppressed = false;      // fewer people in the target groups than the threshold
    double in_groups = 0, in_scope = 0, share = 0;  // staff in the groups / staff in scope
    double p = 0;                 // exact binomial test of share = target
    bool below_target = false;
};

struct WorkforceFindings {
    std::string survey_id, survey_title, wave, dimension;
    uint64_t staff = 0;           // in the wave
    uint64_t staff_analysed = 0;  // after settings.filters
    AnalysisSettings settings;
    std::vector<WorkforceRow> rows;
    std::vector<TargetResult> targets;
};

// dimension: the dimension to break down (e.g. "pay_band"); settings.by names the
// characteristics (empty: every characteristic the survey records). Throws InputError
// for unknown ids.
WorkforceFindings workforce_representation(const SurveyDefinition& survey, const Dataset& data, const std::string& wave,
                                           const std::string& dimension, const AnalysisSettings& settings);

}  // namespace gapfinder
