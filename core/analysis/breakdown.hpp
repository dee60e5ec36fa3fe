// The equality breakdown: for each question and each characteristic (and, on request,
// each pair of characteristics), every group's positive rate with its interval, the
// comparison's rate, the gap, the test and whether the gap is flagged. Definitions and
// sources are in docs/method.md; every statistic comes from stats/stats.hpp.
#pragma once

#include <span>
#include <string>

#include "analysis/findings.hpp"
#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/population.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// profile: the survey's population profile, or null. With it the findings say how
// representative respondents are; settings.weighted rakes to it (and needs it).
// Throws InputError for an unknown question or grouping id, or weighting that fails.
Findings analyse(const SurveyDefinition& survey, const Dataset& data, const std::string& wave,
                 const AnalysisSettings& settings, const PopulationProfile* profile = nullptr);

}  // namespace gapfinder
