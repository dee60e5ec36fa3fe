#include "analysis/trend.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

#include "analysis/breakdown.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

namespace {

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

const char* side(double gap_pp) { return gap_pp < 0 ? "lower" : "higher"; }

}  // namespace

// Said by the size of the gap, whatever its sign, since "+0.4" meant narrowed on a group
// behind and widened on a group ahead; and whether the change was confirmed, so that a
// change that could be chance is not read as progress.
std::string change_in_words(const TrendResult& t) {
    if (t.suppressed) return "";
    const double from = std::fabs(t.from_gap_pp), to = std::fabs(t.to_gap_pp);
    std::string s;
    if (t.from_gap_pp * t.to_gap_pp < 0)
        s = "reversed, from " + one_decimal(from) + " points " + side(t.from_gap_pp) + " to " + one_decimal(to) + " points " +
            side(t.to_gap_pp);
    else if (one_decimal(from) == one_decimal(to))
        s = "unchanged at " + one_decimal(to) + " points " + side(t.to_gap_pp);
    else
        s = std::string(to < from ? "narrowed" : "widened") + " by " + one_decimal(std::fabs(to - from)) + " points, from " +
            one_decimal(from) + " to " + one_decimal(to) + " points " + side(t.to_gap_pp);
    const bool confirmed = t.status == "narrowed" || t.status == "widened" || t.status == "reversed";
    return s + (confirmed ? "; confirmed" : "; not confirmed, it could be chance");
}

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
        t.to_flagged = b.flagged;
        // In the earlier wave this contrast may have been tested on the other group (the
        // smaller one then): its flag is the contrast's.
        t.from_flagged = a.flagged;
        if (!a.mirror_of.empty())
            if (auto partner = before.find({a.question, a.characteristic, a.mirror_of}); partner != before.end())
                t.from_flagged = partner->second->flagged;
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
        t.in_words = change_in_words(t);
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
    std::vector<TrendResult> trend =
        compare_waves(analyse(survey, earlier, earlier_wave, t), analyse(survey, later, later_wave, t), t);
    if (!t.perturb) return trend;

    // With perturbed counts, as with the flags, whether a change is confirmed is decided
    // on the exact counts, so that the web says of each change what the approved report
    // says; the figures stay the perturbed ones, and the test statistics, which would
    // give exact counts back, are not published.
    AnalysisSettings exact = t;
    exact.perturb = false;
    const std::vector<TrendResult> decided =
        compare_waves(analyse(survey, earlier, earlier_wave, exact), analyse(survey, later, later_wave, exact), exact);
    using Key = std::tuple<std::string, std::string, std::string>;
    std::map<Key, const TrendResult*> by_key;
    for (const auto& d : decided) by_key[{d.question, d.characteristic, d.group}] = &d;
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    for (auto& r : trend) {
        r.z = r.p = r.p_adj = kNaN;
        const auto it = by_key.find({r.question, r.characteristic, r.group});
        if (it == by_key.end() || it->second->suppressed) r.suppressed = true;
        r.status = r.suppressed ? "" : it->second->status;
        if (it != by_key.end()) r.from_flagged = it->second->from_flagged, r.to_flagged = it->second->to_flagged;
        if (r.suppressed) {
            r.from_gap_pp = r.to_gap_pp = r.change_pp = kNaN;
            r.from_rate = r.to_rate = r.from_rest_rate = r.to_rest_rate = kNaN;
        }
        r.in_words = change_in_words(r);
    }
    return trend;
}

}  // namespace gapfinder
