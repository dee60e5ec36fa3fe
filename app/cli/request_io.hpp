// What the analysis commands share on the command line: the request read from the
// arguments, and the answer written to the terminal or to -o FILE.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "analysis/findings.hpp"
#include "cli/arguments.hpp"
#include "cli/context.hpp"
#include "domain/survey_definition.hpp"
#include "requests/requests.hpp"

namespace gapfinder::cli {

// Runs the analysis that requests::add_request_options() and add_breakdown_options() ask
// for (requests::analyse_request), with the trend from --previous-wave when given.
// survey: the definition named by --survey, if wanted.
Findings analyse_request(Context& ctx, const Arguments& args, const SurveyDefinition** survey = nullptr);
// Declares --counts exact|perturbed (analyse, report, export action-plan): exact by
// default; perturbed gives what the web app publishes for the same request.
void add_counts_option(Poco::Util::OptionSet& options);
requests::Counts counts_option(const Arguments& args);
// Declares --format (table, json, csv) and -o, for the commands whose output is a
// findings table (analyse, trend, workforce); the others declare formats of their own.
void add_output_options(Poco::Util::OptionSet& options);
// "table", "json" or "csv" from --format.
std::string output_format(const Arguments& args);
// Writes to --output FILE, or standard output.
void write_output(const Arguments& args, const std::string& text, size_t rows);
// The same, for output written as it is made.
void write_output(const Arguments& args, size_t rows, const std::function<void(std::ostream&)>& write);

}  // namespace gapfinder::cli
