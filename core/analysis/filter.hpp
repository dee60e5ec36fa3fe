// --filter: restricting an analysis to some respondents, such as the staff of one
// directorate or pay band, before anything is counted. Everything downstream (the
// breakdown, suppression, tests, workforce shares and targets) sees only them, so
// small-number suppression applies to the filtered base.
#pragma once

#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// "pay_band=po4_po7,senior_management" as written on the command line; names are not
// checked here. Throws InputError for text without "=" or without a category.
Filter parse_filter(const std::string& text);

// Each filter with its grouping and categories as ids: a category may be given by id,
// by a characteristic's group id (asian, disabled), or by a label the definition or the
// catalogue knows ("Senior management", "Man"). Throws InputError naming the valid
// groupings, or the valid categories, when one is unknown.
std::vector<Filter> resolve_filters(const SurveyDefinition& survey, const std::vector<Filter>& filters);

// The respondents in every filter's categories (blank and undisclosed never match).
// Filters must be resolved. Returns a copy; with no filters, a copy of all of data.
Dataset filter_respondents(const SurveyDefinition& survey, const Dataset& data, const std::vector<Filter>& filters);

// "pay_band = senior_management; race = asian, black", for output headers.
std::string describe_filters(const std::vector<Filter>& filters);

}  // namespace gapfinder
