// gapfinder track: each row of a plan measured again on a later wave. The gap's change
// since the baseline is tested with stats::gap_change_test (as gapfinder trend does),
// corrected across the plan's rows (the plan's own family: the gaps it set out to
// close), and given a status:
//   closed                 the gap is now under the row's target (the success measure is met)
//   narrowed / widened     the change is significant after correction, and |gap| fell / rose
//   no significant change  otherwise
//   not measured           the group is suppressed or absent in the new wave
#pragma once

#include <map>
#include <string>

#include "action_plan/plan.hpp"

namespace gapfinder::plan {

// baselines: the findings of each baseline wave the rows name; now: the new wave. Both
// analysed with analysis_settings(plan.settings). Throws InputError, naming source and
// the row, when a row's baseline is not in its wave or differs from the plan's figure.
void track_plan(ActionPlan& plan, const SurveyDefinition& survey, const std::map<std::string, Findings>& baselines,
                const Findings& now, const std::string& source);

}  // namespace gapfinder::plan
