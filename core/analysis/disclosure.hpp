// Disclosure control of a request (docs/method.md, "Disclosure control"): the survey's
// floor, which a request may raise and never lower, and the filters it may use. The
// analysis checks every request against it, whichever application made the request, so
// that no door reaches a table the floor forbids.
#pragma once

#include <cstdint>

#include "analysis/settings.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// Throws InputError naming the first setting below the survey's floor and the floor
// (--suppress-below 5 is below this survey's disclosure floor of 10), unless
// settings.below_disclosure_floor.
void check_disclosure_floor(const SurveyDefinition& survey, const AnalysisSettings& settings);

// Throws InputError naming the filter when one uses a grouping the survey does not let
// requests filter on, or when together they leave fewer respondents than the survey's
// min_filtered_respondents. The message never gives the number left: that number would
// itself be a count below the floor. Unless settings.below_disclosure_floor.
void check_filters(const SurveyDefinition& survey, const AnalysisSettings& settings);
// With perturbed counts (settings.perturb), the query space is kept to what the
// perturbation protects: each filter names one category, or one group of categories,
// of its grouping. Throws InputError naming the filter otherwise.
void check_filters_for_perturbed_counts(const AnalysisSettings& settings);
void check_filtered_respondents(const SurveyDefinition& survey, const AnalysisSettings& settings, uint64_t respondents_left);

// The line every output made below the floor starts with.
extern const char* const kNotForPublication;

}  // namespace gapfinder
