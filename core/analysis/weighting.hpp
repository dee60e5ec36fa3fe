// Weights that make respondents stand for the population: raking (stats::rake) to the
// margins of the survey's population profile, on the characteristics the definition
// names in population.rake_on.
#pragma once

#include <vector>

#include "analysis/findings.hpp"
#include "domain/dataset.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// One weight per respondent (0 for those undisclosed on a raking variable), mean 1 over
// the rest. Throws InputError when the survey names no raking variables, a variable has
// no margin in the profile, a recorded category has no population figure, a population
// category has no respondents, or the raking does not converge.
std::vector<double> population_weights(const SurveyDefinition& survey, const Dataset& data,
                                       const PopulationProfile& profile, WeightingSummary& summary);

}  // namespace gapfinder
