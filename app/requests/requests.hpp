// The requests both applications answer, each in one function, so that
// `gapfinder analyse --format json` and GET .../findings run the same code on the same
// options and give byte-identical output (as do the plan and report downloads).
#pragma once

#include <string>
#include <vector>

#include "action_plan/plan.hpp"
#include "analysis/findings.hpp"
#include "domain/survey_definition.hpp"
#include "report/report.hpp"
#include "requests/option_values.hpp"
#include "store/store.hpp"

namespace gapfinder::requests {

// What `gapfinder analyse` computes: the wave loaded from the store, analysed with
// analyse_settings, with the trend since previous-wave when given. survey_folders is
// where the population profile is looked for.
Findings analyse_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                         const std::string& wave, const OptionValues& args);
// What `gapfinder export action-plan` drafts for the wave (layout, previous-wave,
// target-date, intersections and the breakdown options).
plan::ActionPlan action_plan_request(Store& store, const SurveyDefinition& survey, const std::string& wave,
                                     const OptionValues& args);
// The HTML report's options for a survey, naming this build of gapfinder as its maker
// (gapfinder report and the web app's report download give the same bytes).
report::ReportOptions report_options(const SurveyDefinition& survey);

}  // namespace gapfinder::requests
