// Weights that make respondents stand for the population: raking (stats::rake) to the
// margins of the survey's population profile, on the characteristics the definition
// names in population.rake_on.
#pragma once

#include <string>
#include <vector>

#include "analysis/design_variance.hpp"

#include "analysis/findings.hpp"
#include "domain/dataset.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// One weight per respondent (0 for those undisclosed on a raking variable), mean 1 over
// the rest. Throws InputError when the survey names no raking variables, a variable has
// no margin in the profile, a recorded category has no population figure, a population
// category has no respondents, or the raking does not converge.
// raking_categories, when given, receives each raking margin's category per respondent
// (-1: left out), for the design-based variances that account for the raking.
std::vector<double> population_weights(const SurveyDefinition& survey, const Dataset& data,
                                       const PopulationProfile& profile, WeightingSummary& summary,
                                       std::vector<std::vector<int>>* raking_categories = nullptr);

// The weights of a weighted analysis: raked to the population when the survey names
// population.rake_on (from its supplier's weights, if any), else the supplier's weights
// as they are. Throws InputError when the survey has neither, or its stored wave lacks
// the weight column.
std::vector<double> analysis_weights(const SurveyDefinition& survey, const Dataset& data, const PopulationProfile* profile,
                                     WeightingSummary& summary, std::vector<std::vector<int>>& raking_categories);

}  // namespace gapfinder

namespace gapfinder {

// Records the design a weighted analysis's variances use, for the findings' settings.
void describe_design(const SurveyDefinition& survey, const SampleDesign& design, WeightingSummary& summary);

// The weighting and design in one plain paragraph for reports ("Weighted to harrow-2021
// by raking on age, sex ...; variances by Taylor linearisation over 3 strata ...").
std::string weighting_in_words(const WeightingSummary& w);

}  // namespace gapfinder
