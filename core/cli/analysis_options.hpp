// The options `analyse` and `trend` share: which breakdown, which rules, which output.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <string>

#include "analysis/findings.hpp"
#include "analysis/settings.hpp"
#include "cli/arguments.hpp"
#include "cli/context.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder::cli {

// with_output: also --format (table, json, csv) and -o; commands with formats of their
// own add those themselves.
void add_breakdown_options(Poco::Util::OptionSet& options, bool with_output = true);
// The option's value from the command line, else the survey's analysis default, else "".
std::string setting(const Arguments& args, const SurveyDefinition& survey, const std::string& name);
// Throws InputError naming the option for a bad value.
AnalysisSettings breakdown_settings(const Arguments& args, const SurveyDefinition& survey);
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

}  // namespace gapfinder::cli
