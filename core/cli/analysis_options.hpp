// The options `analyse` and `trend` share: which breakdown, which rules, which output.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <string>
#include <vector>

#include "action_plan/plan.hpp"
#include "analysis/findings.hpp"
#include "analysis/settings.hpp"
#include "cli/arguments.hpp"
#include "cli/context.hpp"
#include "report/report.hpp"
#include "domain/survey_definition.hpp"
#include "store/store.hpp"

namespace gapfinder::cli {

// with_output: also --format (table, json, csv) and -o; commands with formats of their
// own add those themselves.
void add_breakdown_options(Poco::Util::OptionSet& options, bool with_output = true);
// The options take OptionValues, so that the command line and the web API's query
// parameters (web/api_findings.cpp) go through the very same code.

// The option's value from the command line, else the survey's analysis default, else "".
std::string setting(const OptionValues& args, const SurveyDefinition& survey, const std::string& name);
// Throws InputError naming the option for a bad value.
AnalysisSettings breakdown_settings(const OptionValues& args, const SurveyDefinition& survey);
// breakdown_settings plus what `analyse` adds: intersections, weighted, compare, round-counts.
AnalysisSettings analyse_settings(const OptionValues& args, const SurveyDefinition& survey);

// The names `analyse` takes besides the common ones (--db...), for callers that accept
// options from elsewhere and must refuse unknown ones.
const std::vector<std::string>& analyse_option_names();
// The same for `export action-plan` (besides --format and --output).
const std::vector<std::string>& action_plan_option_names();

// What `gapfinder analyse` computes: the wave loaded from the store, analysed with
// analyse_settings, with the trend since previous-wave when given. survey_folders is
// where the population profile is looked for.
Findings analyse_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                         const std::string& wave, const OptionValues& args);
// What `gapfinder export action-plan` drafts for the wave (layout, previous-wave,
// target-date, intersections and the breakdown options).
plan::ActionPlan action_plan_request(Store& store, const SurveyDefinition& survey, const std::string& wave,
                                     const OptionValues& args);
// "table", "json" or "csv" from --format.
std::string output_format(const Arguments& args);
// Writes to --output FILE, or standard output.
void write_output(const Arguments& args, const std::string& text, size_t rows);

// The rest of a full analysis request (analyse and report share it, so they give the
// same numbers for the same request): --survey, --wave, --intersections, --weighted,
// --compare, --round-counts and --previous-wave.
void add_request_options(Poco::Util::OptionSet& options);
// Runs the analysis those options and add_breakdown_options() ask for, with the trend
// from --previous-wave when given. survey: the definition named by --survey, if wanted.
Findings analyse_request(Context& ctx, const Arguments& args, const SurveyDefinition** survey = nullptr);

// The HTML report's options for a survey, naming this build of gapfinder as its maker
// (gapfinder report and the web app's report download give the same bytes).
report::ReportOptions report_options(const SurveyDefinition& survey);

}  // namespace gapfinder::cli
