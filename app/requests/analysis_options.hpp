// The options that ask for an analysis (which breakdown, which rules), read into
// AnalysisSettings in one place for the command line and the web API alike.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/survey_definition.hpp"
#include "requests/option_values.hpp"

namespace gapfinder::requests {

// Declares --filter, --by, --questions and the rules (--min-base...).
void add_breakdown_options(Poco::Util::OptionSet& options);
// The rest of a full analysis request (analyse and report share it, so they give the
// same numbers for the same request): --survey, --wave, --intersections, --weighted,
// --compare, --round-counts and --previous-wave.
void add_request_options(Poco::Util::OptionSet& options);

// The option's value from the request, else the survey's analysis default, else "".
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
// "a, b,,c" -> {"a", "b", "c"}: how every option that takes a list reads it.
std::vector<std::string> comma_list(const std::string& text);
// The same for a partnership's pooled analysis (`pool analyse`, besides --format and
// --output; requests/pooled.hpp): no trend, as a cube holds one wave.
const std::vector<std::string>& pooled_option_names();

}  // namespace gapfinder::requests
