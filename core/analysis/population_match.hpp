// Which population category each recorded category counts in. A population margin may
// be published at a coarser level than the survey records (ethnic group in 5 groups,
// the survey in 19 categories): a category counts in itself if the margin has it,
// else in its top-level group.
#pragma once

#include <array>
#include <string>

#include "domain/population.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

inline constexpr int kNotDisclosed = -1;
inline constexpr int kNoPopulationCategory = -2;

// Per grouping code (0..255): the index into margin.counts, kNotDisclosed for blank and
// undisclosed codes, or kNoPopulationCategory.
std::array<int, 256> population_index(const Grouping& grouping, const PopulationMargin& margin);

}  // namespace gapfinder
