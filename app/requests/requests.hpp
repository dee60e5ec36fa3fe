// The requests both applications answer, each in one function, so that
// `gapfinder analyse --format json` and GET .../findings run the same code on the same
// options (the web app's counts perturbed, the command line's exact).
#pragma once

#include <string>
#include <vector>

#include "action_plan/plan.hpp"
#include "analysis/findings.hpp"
#include "domain/survey_definition.hpp"
#include "eqia/eqia.hpp"
#include "report/report.hpp"
#include "requests/option_values.hpp"
#include "store/store.hpp"

namespace gapfinder::requests {

// Which counts a request publishes (docs/method.md, "Perturbation: the cell key
// method"): the command line's exact counts, for the analyst who holds the data and the
// report and plan they approve; or the web app's, every count perturbed by the cell key
// method with the store's secret, so that no two tables a reader can ask for subtract
// to a count under the floor.
enum class Counts { exact, perturbed };

// A wave as the request needs it: with record keys when its counts are perturbed.
Dataset load_wave(Store& store, const SurveyDefinition& survey, const std::string& wave, Counts counts);

// previous-wave's value that turns the trend off.
inline constexpr const char* kNoPreviousWave = "none";

// The wave a trend compares this one with: previous-wave when given ("" for "none");
// else the wave listed before this one in the definition's waves when it is stored,
// else the stored wave whose label sorts last before this one's ("2024" before "2025");
// "" when there is none.
std::string previous_wave_for(Store& store, const SurveyDefinition& survey, const std::string& wave, const OptionValues& args);

// What `gapfinder analyse` computes: the wave loaded from the store, analysed with
// analyse_settings, with the trend since previous_wave_for() (the previous wave, by
// default). survey_folders is where the population profile is looked for.
Findings analyse_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                         const std::string& wave, const OptionValues& args, Counts counts);
// What `gapfinder export action-plan` drafts for the wave (layout, previous-wave,
// target-date, intersections and the breakdown options).
plan::ActionPlan action_plan_request(Store& store, const SurveyDefinition& survey, const std::string& wave,
                                     const OptionValues& args, Counts counts);
// The options `gapfinder export eqia` and the EqIA download take (besides --format and
// --output): proposal and the breakdown's, but not --filter or --questions.
const std::vector<std::string>& eqia_option_names();
// What `gapfinder export eqia` drafts (docs/eqia.md): the wave analysed over the proposal
// and its comment themes, compared with the rest, unweighted, at the survey's disclosure
// floor; quotes only when include_quotes (otherwise quotes_note says why there are none).
eqia::Eqia eqia_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                        const std::string& wave, const OptionValues& args, Counts counts, bool include_quotes = true,
                        const std::string& quotes_note = "");
// The HTML report's options for a survey, naming this build of gapfinder as its maker
// (gapfinder report and the web app's report download give the same bytes).
report::ReportOptions report_options(const SurveyDefinition& survey);

}  // namespace gapfinder::requests
