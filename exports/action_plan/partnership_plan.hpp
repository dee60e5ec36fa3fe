// A partnership's action plan (issue 20, item 4): one plan for several councils, drafted
// from the partnership's pooled findings and each council's own, with the partner
// cross-reference taken from the data: which councils show each gap on their own.
//
// - Every gap confirmed in the pooled findings is a row, drafted as build_plan drafts it.
// - Every gap confirmed in one or more councils but not pooled is a row too, drafted from
//   the first such council's findings (its baseline is that council's), its action
//   prefixed with the councils that show it.
// - A row's partners are the councils whose own findings confirm the same gap (the same
//   question, characteristic and group, on the same side); "pooled only" when none does
//   alone: the gap shows only when the councils' respondents are counted together.
// The councils are the plan's partners when the survey definition names none.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "action_plan/plan.hpp"

namespace gapfinder::plan {

struct CouncilFindings {
    std::string organisation;  // as the council's cube names it, e.g. "Council A"
    Findings findings;         // the council's own analysis (its cube alone)
};

ActionPlan build_partnership_plan(const Findings& pooled, const std::vector<CouncilFindings>& councils,
                                  const SurveyDefinition& survey, const BuildOptions& options);

}  // namespace gapfinder::plan
