// A partnership's analysis of its councils' count cubes (analysis/cube.hpp), in one
// place for both doors: `gapfinder cube export` and `pool analyse|plan` on cube files,
// and the web app's partnership users, whose cubes are built from each member
// council's wave in the shared store (docs/partnerships.md).
#pragma once

#include <string>
#include <vector>

#include "action_plan/plan.hpp"
#include "analysis/cube.hpp"
#include "domain/survey_definition.hpp"
#include "requests/option_values.hpp"
#include "requests/requests.hpp"
#include "store/store.hpp"

namespace gapfinder::requests {

// The cube of a loaded wave as `cube export` makes it; with weighted, also the sums of
// the wave's analysis weights (raked to its own population profile, looked for in
// survey_folders, or supplied); with options.record_keys, their sums.
CountCube wave_cube(const std::vector<std::string>& survey_folders, const SurveyDefinition& survey, const Dataset& data,
                    const std::string& wave, const CubeOptions& options, bool weighted);

// Each member council's cube of the wave, named by the council, from the store scoped
// to each in turn (and left scoped as it was); members that hold no such wave are left
// out, so the result is empty when none does. With Counts::perturbed, each cube holds
// its wave's record keys from the store's cell key secret (cell_key::record_keys, as
// load_wave gives them): the pooled outputs can then publish each council's cells
// exactly as that council's own perturbed findings do, so that neither route gives the
// other's perturbation away.
std::vector<CountCube> member_cubes(Store& store, const std::vector<Organisation>& members,
                                    const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                                    const std::string& wave, const OptionValues& args, Counts counts);

// What `pool analyse` computes: the merged cubes analysed with the options of
// pooled_option_names(), at the survey's disclosure floor; perturbed counts need cubes
// with record keys.
PooledFindings pooled_analysis(const SurveyDefinition& survey, const std::vector<CountCube>& cubes, const OptionValues& args,
                               Counts counts);

// What `pool plan` drafts: one plan from the pooled findings and each council's own (its
// cube alone), in the layout (eflg, harrow or simple).
plan::ActionPlan pooled_plan(const SurveyDefinition& survey, const std::vector<CountCube>& cubes, const OptionValues& args,
                             const std::string& layout, Counts counts);

}  // namespace gapfinder::requests
