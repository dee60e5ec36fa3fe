#include "action_plan/partnership_plan.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace gapfinder::plan {

namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // question, characteristic, group

Key key_of(const Row& row) { return {row.question, row.characteristic, row.group}; }

// The gaps a council's own plan would draft, by key, with the side they are on.
std::map<Key, double> drafted_gaps(const ActionPlan& plan) {
    std::map<Key, double> out;
    for (const Row& row : plan.rows)
        if (row.kind == "gap") out[key_of(row)] = row.baseline_gap_pp;
    return out;
}

}  // namespace

ActionPlan build_partnership_plan(const Findings& pooled, const std::vector<CouncilFindings>& councils,
                                  const SurveyDefinition& survey, const BuildOptions& options) {
    SurveyDefinition partnership = survey;
    if (partnership.partners.empty())
        for (const auto& c : councils) partnership.partners.push_back({c.organisation, c.organisation});

    // Each council's plan drafted alone: its rows are the gaps it shows on its own.
    std::vector<ActionPlan> council_plans;
    std::vector<std::map<Key, double>> council_gaps;
    for (const auto& c : councils) {
        council_plans.push_back(build_plan(c.findings, partnership, options));
        council_gaps.push_back(drafted_gaps(council_plans.back()));
    }
    // The councils that show a gap: the same group, on the same side of everyone else.
    auto showing = [&](const Row& row) {
        std::vector<std::string> names;
        for (size_t i = 0; i < councils.size(); ++i) {
            const auto it = council_gaps[i].find(key_of(row));
            if (it != council_gaps[i].end() && std::signbit(it->second) == std::signbit(row.baseline_gap_pp))
                names.push_back(councils[i].organisation);
        }
        return names;
    };
    auto joined = [](const std::vector<std::string>& names) {
        std::string s;
        for (const auto& n : names) s += (s.empty() ? "" : "; ") + n;
        return s;
    };

    ActionPlan plan = build_plan(pooled, partnership, options);
    std::set<Key> drafted;
    for (Row& row : plan.rows) {
        const auto names = showing(row);
        row.partners = names.empty() ? "pooled only" : joined(names);
        drafted.insert(key_of(row));
    }
    // Gaps some councils show that the partnership as a whole does not.
    for (size_t i = 0; i < councils.size(); ++i)
        for (const Row& council_row : council_plans[i].rows) {
            if (council_row.kind != "gap" || !drafted.insert(key_of(council_row)).second) continue;
            Row row = council_row;
            const auto names = showing(row);
            row.partners = joined(names);
            row.action = "In " + joined(names) + " (not confirmed across the partnership; baseline from " +
                         councils[i].organisation + "): " + row.action;
            plan.rows.push_back(std::move(row));
        }
    return plan;
}

}  // namespace gapfinder::plan
