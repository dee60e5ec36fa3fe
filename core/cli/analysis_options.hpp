// The options `analyse` and `trend` share: which breakdown, which rules, which output.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <string>

#include "analysis/settings.hpp"
#include "cli/arguments.hpp"
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

}  // namespace gapfinder::cli
