// Plain-English drafts for councillors: the action and "how will we measure our
// success" of each row, naming the question, the group, both rates and the gap, with
// figures formatted as the text output formats them (util/text_table).
#pragma once

#include <string>

#include "action_plan/plan.hpp"
#include "action_plan/trackability.hpp"

namespace gapfinder::plan {

// "disabled residents", "residents aged 16 to 24", "staff who describe their ethnic
// group as Pakistani"; a group without a phrase of its own is named by its label.
std::string group_people(const std::string& characteristic, const std::string& group, const std::string& label,
                         const std::string& people);

// "13.8" for a gap of -13.8 points (one decimal, as the text output shows gaps).
std::string points(double gap_pp);
// "5" for a target of 5 points, "7.5" for 7.5.
std::string target_points(double target);

struct Wording {
    const SurveyDefinition& survey;
    const Question* question;  // may be null
    const GroupResult& row;
    const ActionPlan& plan;

    // "say they are treated fairly by local public services", or "answer positively to "...""
    std::string outcome() const;
    std::string group() const;
    std::string gap_action(const TrendResult* narrowed) const;
    // A comment theme a group raises more than others: not a gap to close but something
    // to answer in the proposal's equality impact assessment (a concern, or a reason for
    // the proposal: the EqIA says which).
    std::string theme_action() const;
    std::string keep_up_action(const TrendResult& narrowed) const;
    // "Gap ... falls below 8 points at the 2026 panel; baseline ...", then whether that
    // wave can track a group of this size and, if not, what would.
    std::string measure(const Trackability& trackability, bool keep_up) const;
};

}  // namespace gapfinder::plan
