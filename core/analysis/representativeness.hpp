// Is the panel representative of the area? Each group's share of respondents against
// its share of the population profile, the ratio, a chi-square goodness-of-fit test
// per characteristic, and a flag for groups under 0.8 of their population share.
#pragma once

#include <vector>

#include "analysis/findings.hpp"
#include "domain/dataset.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

inline constexpr double kUnderRepresented = 0.8;

// One entry per characteristic that both the survey records and the profile has a
// margin for. Respondents are counted unweighted; small counts are suppressed as in
// the breakdown (suppress_below).
std::vector<Representativeness> compare_with_population(const SurveyDefinition& survey, const Dataset& data,
                                                        const PopulationProfile& profile, double suppress_below);

}  // namespace gapfinder
