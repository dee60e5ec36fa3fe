#include "action_plan/track.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::plan {

namespace {

const GroupResult* find_row(const Findings& f, const Row& r) {
    for (const auto* rows : {&f.results, &f.intersections})
        for (const auto& g : *rows)
            if (g.question == r.question && g.characteristic == r.characteristic && g.group == r.group && !g.undisclosed) return &g;
    return nullptr;
}

}  // namespace

void track_plan(ActionPlan& plan, const SurveyDefinition& survey, const std::map<std::string, Findings>& baselines,
                const Findings& now, const std::string& source) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const AnalysisSettings settings = analysis_settings(plan.settings);
    std::vector<double> p;
    std::vector<Row*> tested;
    for (Row& r : plan.rows) {
        if (!r.has_baseline()) continue;
        auto where = [&](const std::string& column) { return source + ": " + r.origin + ", column \"" + column + "\": "; };
        const auto b = baselines.find(r.baseline_wave);
        if (b == baselines.end()) throw InputError(where("baseline_wave") + "wave \"" + r.baseline_wave + "\" was not analysed");
        const GroupResult* a = find_row(b->second, r);
        if (!a)
            throw InputError(where("group") + "wave " + r.baseline_wave + " has no group \"" + r.group + "\" of \"" + r.characteristic +
                             "\" on question \"" + r.question + "\"; the baseline columns must name a gap the plan was drafted from");
        if (a->suppressed || std::isnan(a->gap_pp))
            throw InputError(where("group") + "the group is suppressed in wave " + r.baseline_wave + " with the plan's settings");
        if (std::fabs(a->gap_pp - r.baseline_gap_pp) > 0.051) {
            std::ostringstream m;
            m << "the plan says " << r.baseline_gap_pp << " but wave " << r.baseline_wave << " in the store gives "
              << format_fixed(a->gap_pp, 1) << " points; was the wave ingested again, or the cell edited?";
            throw InputError(where("baseline_gap_pp") + m.str());
        }
        // What the definition says, for rows read from a layout that leaves it out.
        const Question* q = survey.find_question(r.question);
        if (r.theme.empty() && q) r.theme = q->theme;
        const ThemePlan* tp = survey.find_theme_plan(r.theme);
        if (r.objective.empty()) r.objective = tp && !tp->objective.empty() ? tp->objective : r.theme;
        if (r.eflg_area.empty() && tp) r.eflg_area = tp->eflg_area;
        if (r.group_label.empty()) r.group_label = a->group_label;
        if (std::isnan(r.baseline_rate)) r.baseline_rate = a->rate;
        if (std::isnan(r.baseline_rest_rate)) r.baseline_rest_rate = a->rest_rate;
        if (std::isnan(r.baseline_n)) r.baseline_n = a->n;
        if (std::isnan(r.baseline_rest_n)) r.baseline_rest_n = a->rest_n;

        Progress g;
        g.wave = now.wave;
        g.gap_pp = g.rate = g.rest_rate = g.n = g.change_pp = g.p = g.p_adj = kNaN;
        const GroupResult* c = find_row(now, r);
        if (!c) {
            g.note = "the group has no respondents in this wave";
            g.status = "not measured";
        } else if (c->suppressed || c->rest_n < settings.suppress_below || std::isnan(c->gap_pp)) {
            g.note = "too few people in the group answered (fewer than " + format_fixed(settings.suppress_below, 0) + "), so it is suppressed";
            g.status = "not measured";
        } else {
            g.measured = true;
            g.gap_pp = c->gap_pp, g.rate = c->rate, g.rest_rate = c->rest_rate, g.n = c->n;
            const auto change = stats::gap_change_test(a->positives, a->n, a->rest_positives, a->rest_n, c->positives, c->n,
                                                       c->rest_positives, c->rest_n);
            g.change_pp = 100 * change.change;
            g.p = change.p;
        }
        r.progress = g;
        if (g.measured) {
            p.push_back(g.p);
            tested.push_back(&r);
        }
    }
    const auto adjusted = stats::adjust_p_values(p, settings.correction);
    for (size_t i = 0; i < tested.size(); ++i) {
        Row& r = *tested[i];
        Progress& g = *r.progress;
        g.p_adj = adjusted[i];
        if (std::fabs(g.gap_pp) < r.target_gap_pp) g.status = "closed";
        else if (!std::isnan(g.p_adj) && g.p_adj < settings.alpha)
            g.status = g.gap_pp * r.baseline_gap_pp < 0                          ? "reversed"
                       : std::fabs(g.gap_pp) < std::fabs(r.baseline_gap_pp) ? "narrowed"
                                                                             : "widened";
        else g.status = "no significant change";
    }
    plan.tracked_wave = now.wave;
    plan.findings = now.results;
    plan.findings_wave = now.wave;
}

}  // namespace gapfinder::plan
