#include "analysis/trend.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "analysis/breakdown.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

std::vector<TrendResult> compare_waves(const Findings& earlier, const Findings& later, const AnalysisSettings& s) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    using Key = std::tuple<std::string, std::string, std::string>;
    std::map<Key, const GroupResult*> before;
    for (const auto& r : earlier.results)
        if (!r.undisclosed && !r.reference) before[{r.question, r.characteristic, r.group}] = &r;

    std::vector<TrendResult> out;
    for (const auto& b : later.results) {
        // A mirror row's contrast is its pair's: one trend for the two (docs/method.md).
        if (b.undisclosed || b.reference || !b.mirror_of.empty()) continue;
        auto it = before.find({b.question, b.characteristic, b.group});
        if (it == before.end()) continue;  // a group seen in only one wave
        const GroupResult& a = *it->second;
        TrendResult t;
        t.question = b.question;
        t.characteristic = b.characteristic;
        t.group = b.group;
        t.group_label = b.group_label;
        t.from_wave = earlier.wave;
        t.to_wave = later.wave;
        t.from_gap_pp = t.to_gap_pp = t.change_pp = t.z = t.p = t.p_adj = kNaN;
        t.from_rate = t.to_rate = t.from_rest_rate = t.to_rest_rate = kNaN;
        t.suppressed = a.suppressed || b.suppressed || a.rest_n < s.suppress_below || b.rest_n < s.suppress_below;
        if (!t.suppressed) {
            t.from_rate = a.rate, t.from_rest_rate = a.rest_rate, t.from_gap_pp = a.gap_pp;
            t.to_rate = b.rate, t.to_rest_rate = b.rest_rate, t.to_gap_pp = b.gap_pp;
            const auto change = stats::gap_change_test(a.positives, a.n, a.rest_positives, a.rest_n, b.positives, b.n,
                                                       b.rest_positives, b.rest_n);
            t.change_pp = 100 * change.change;
            t.z = change.z;
            t.p = change.p;
        }
        out.push_back(std::move(t));
    }

    std::vector<double> p;
    for (const auto& t : out) p.push_back(t.p);
    const auto adjusted = stats::adjust_p_values(p, s.correction);
    for (size_t i = 0; i < out.size(); ++i) {
        TrendResult& t = out[i];
        t.p_adj = adjusted[i];
        if (t.suppressed) continue;
        if (std::isnan(t.p_adj) || t.p_adj >= s.alpha) t.status = "no significant change";
        // A gap that changes side (a group behind is now ahead, or the reverse) has not
        // narrowed, whatever its size: say so, since the action it calls for differs.
        else if (t.from_gap_pp * t.to_gap_pp < 0) t.status = "reversed";
        else t.status = std::fabs(t.to_gap_pp) < std::fabs(t.from_gap_pp) ? "narrowed" : "widened";
    }
    return out;
}

std::vector<TrendResult> trend_between(const SurveyDefinition& survey, const Dataset& earlier, const std::string& earlier_wave,
                                       const Dataset& later, const std::string& later_wave, const AnalysisSettings& s) {
    AnalysisSettings t = s;
    t.compare = {};
    t.weighted = false;
    t.intersections = false;
    t.round_counts_to = 0;
    return compare_waves(analyse(survey, earlier, earlier_wave, t), analyse(survey, later, later_wave, t), t);
}

}  // namespace gapfinder
