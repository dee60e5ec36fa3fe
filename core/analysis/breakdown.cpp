#include "analysis/breakdown.hpp"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <tuple>

#include "analysis/cell_key.hpp"
#include "analysis/count_table.hpp"
#include "analysis/design_variance.hpp"
#include "analysis/disclosure.hpp"
#include "analysis/filter.hpp"
#include "analysis/tally.hpp"
#include "analysis/representativeness.hpp"
#include "analysis/splits.hpp"
#include "analysis/suppression.hpp"
#include "analysis/weighting.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"
#include "util/parallel.hpp"

namespace gapfinder {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The statistics of group g against a comparison: `shown` is what the row reports as
// the comparison, `tested` what the test compares g with (they differ for --compare
// overall: testing g against the overall rate is testing it against the rest, since
// p_g - p_all = (1 - n_g/N)(p_g - p_rest)).
// What one pass of break_down computes. With perturbed counts a row is made twice:
// its figures from the perturbed counts (no tests: their p-values are not published),
// and its tests from the exact counts (no figures: only the flags are kept).
struct Pass {
    bool figures = true, tests = true;
};

// A weighted analysis's design (null for unweighted rows and for the perturbed figures,
// which come from published tallies): group `key` is compared with the respondents of
// `tested`'s keys (every other disclosed group, or the reference group).
struct DesignContrast {
    const DesignTable* table = nullptr;
    size_t key = 0;
    DesignTable::Keys tested = DesignTable::Keys::all_but;
    size_t tested_key = 0;
};

// Influence coefficients per answer code of a rate (positive or not) or a mean score
// over respondents with a substantive answer, whose weights sum to w: sign (v - centre) / w.
std::vector<double> rate_influence(const ScaleCodes& scale, double centre, double w, double sign) {
    std::vector<double> c(scale.score.size(), 0.0);
    for (size_t code = 1; code < c.size(); ++code)
        if (scale.substantive[code]) c[code] = sign * ((scale.positive[code] ? 1.0 : 0.0) - centre) / w;
    return c;
}
std::vector<double> mean_influence(const ScaleCodes& scale, double centre, double w, double sign) {
    std::vector<double> c(scale.score.size(), 0.0);
    for (size_t code = 1; code < c.size(); ++code)
        if (scale.substantive[code]) c[code] = sign * (scale.score[code] - centre) / w;
    return c;
}

// The effective base of a rate p whose design variance is var: the sample size a simple
// random sample would need for that variance, p (1 - p) / var. Where that is undefined
// (every answer alike), Kish's base from the weights.
double design_effective_n(double p, double var, double kish) {
    return p > 0 && p < 1 && var > 0 ? p * (1 - p) / var : kish;
}

// Design-based test of a group against its comparison (R: svyttest(y ~ group) on the
// respondents compared), for the rate and, with figures, the mean score.
void design_test(GroupResult& row, const Tally& g, const Tally& tested, const ScaleCodes& scale, const DesignContrast& d,
                 Pass pass) {
    using Part = DesignTable::Part;
    const DesignTable& table = *d.table;
    const double pg = g.rate(), pt = tested.rate();
    const Part contrast[2] = {{DesignTable::Keys::one, d.key, rate_influence(scale, pg, g.w, 1)},
                              {d.tested, d.tested_key, rate_influence(scale, pt, tested.w, -1)}};
    const double df = table.domain_df(contrast, scale.substantive) - 1;
    row.test = "design_t";
    row.p = stats::t_two_sided_p((pg - pt) / std::sqrt(table.variance(contrast)), df);
    const Part rest{d.tested, d.tested_key, rate_influence(scale, pt, tested.w, 1)};
    row.rest_n_eff = design_effective_n(pt, table.variance({&rest, 1}), tested.effective_n());
    if (!pass.figures || g.by_code.empty()) return;
    const double mg = moments(g, scale, true).mean, mt = moments(tested, scale, true).mean;
    const Part means[2] = {{DesignTable::Keys::one, d.key, mean_influence(scale, mg, g.w, 1)},
                           {d.tested, d.tested_key, mean_influence(scale, mt, tested.w, -1)}};
    row.welch_p = stats::t_two_sided_p((mg - mt) / std::sqrt(table.variance(means)), df);
}

}  // namespace

RateTest test_rates(const Tally& a, const Tally& b, bool weighted, double min_expected) {
    if (weighted) {
        // Weighted rates: the Kish effective base stands in for n.
        const double na = a.effective_n(), nb = b.effective_n();
        return {"z", stats::two_proportion_z_test(a.rate() * na, na, b.rate() * nb, nb).p};
    }
    if (stats::expected_counts_at_least(a.x, a.n, b.x, b.n, min_expected))
        return {"z", stats::two_proportion_z_test(a.x, a.n, b.x, b.n).p};
    auto whole = [](double v) { return static_cast<long long>(std::llround(v)); };
    return {"fisher", stats::fisher_exact_2x2(whole(a.x), whole(a.n - a.x), whole(b.x), whole(b.n - b.x)).p};
}

namespace {

void compare(GroupResult& row, const Tally& g, const Tally& shown, const Tally& tested, const ScaleCodes& scale,
             bool weighted, const AnalysisSettings& s, Pass pass, const DesignContrast& design) {
    row.rest_n = shown.n;
    row.rest_positives = shown.x;
    row.rest_rate = shown.rate();
    row.gap_pp = 100 * (row.rate - row.rest_rate);
    if (pass.figures) row.rest_mean = moments(shown, scale, weighted).mean;
    if (!pass.tests || !(g.n > 0) || !(tested.n > 0)) return;
    if (design.table) {
        design_test(row, g, tested, scale, design, pass);
        return;
    }
    if (weighted) row.rest_n_eff = tested.effective_n();
    RateTest t = test_rates(g, tested, weighted, s.min_expected);
    row.test = std::move(t.test);
    row.p = t.p;
    if (pass.figures) row.welch_p = stats::welch_t_test(moments(g, scale, weighted), moments(tested, scale, weighted)).p;
}

// For the cells of an intersection (rows[first..], one per cell of `split`): the rate
// each cell's two groups alone predict, and, in a test pass, whether the cell differs
// from it (stats::logistic_interaction_2x2), on four cells of the respondents who
// disclosed both characteristics: the cell, the rest of its row (its first group
// without the second), the rest of its column, and everyone else. The margins are
// tables a reader can have (suppression.hpp, suppress_cells), so the figures come from
// published tallies like the rest's.
template <typename Publish>
void test_interactions(std::vector<GroupResult>& rows, size_t first, const Split& split, const std::vector<Tally>& by_key,
                       const Tally& disclosed, Publish published, bool weighted, Pass pass) {
    const size_t k = split.groups.size(), codes = disclosed.by_code.size();
    std::vector<Tally> row_total(split.rows, Tally(codes)), col_total(split.cols, Tally(codes));
    for (size_t g = 0; g < k; ++g) {
        row_total[split.cells[g].row] += by_key[g];
        col_total[split.cells[g].col] += by_key[g];
    }
    // A characteristic with two answering groups: both of its groups give the same four
    // cells, so the contrast is named by the first of them.
    auto canonical = [](const std::vector<Tally>& totals, size_t i) {
        std::vector<size_t> answering;
        for (size_t j = 0; j < totals.size(); ++j)
            if (totals[j].n > 0) answering.push_back(j);
        return answering.size() == 2 ? answering[0] : i;
    };
    for (size_t g = 0; g < k; ++g) {
        if (!(by_key[g].n > 0)) continue;
        const size_t r = split.cells[g].row, c = split.cells[g].col;
        Tally row_only = row_total[r], col_only = col_total[c], neither = disclosed;
        row_only -= by_key[g];
        col_only -= by_key[g];
        neither -= row_total[r];
        neither -= col_total[c];
        neither += by_key[g];
        double x[4], n[4];
        const Tally* cells[4] = {&by_key[g], &row_only, &col_only, &neither};
        for (int i = 0; i < 4; ++i) {
            const Tally t = published(*cells[i]);
            n[i] = weighted ? t.effective_n() : t.n;
            x[i] = t.rate() * n[i];
        }
        const auto test = stats::logistic_interaction_2x2(x[0], n[0], x[1], n[1], x[2], n[2], x[3], n[3]);
        GroupResult& row = rows[first + g];
        row.expected_rate = test.expected;
        if (pass.tests) row.interaction_p = test.p;
        row.interaction_contrast =
            "row " + std::to_string(canonical(row_total, r)) + " x column " + std::to_string(canonical(col_total, c));
    }
}

// Rows for one question and one split from its tallies (one per key), appended to
// `rows`; the omnibus test to `omnibus`.
void break_down(const Question& q, const Split& split, const std::vector<Tally>& by_key, bool weighted,
                const AnalysisSettings& s, std::vector<GroupResult>& rows, std::vector<OmnibusResult>* omnibus,
                Pass pass = {}, const DesignTable* design = nullptr) {
    const ScaleCodes scale(q.scale);
    const size_t k = split.groups.size();
    Tally disclosed(by_key.front().by_code.size());
    for (size_t g = 0; g < k; ++g) disclosed += by_key[g];

    // The reference group, when groups are compared with one group rather than the rest.
    int reference = -1;
    if (s.compare.kind == Comparison::Kind::largest) {
        for (size_t g = 0; g < k; ++g)
            if (reference < 0 || by_key[g].n > by_key[static_cast<size_t>(reference)].n) reference = static_cast<int>(g);
    } else if (s.compare.kind == Comparison::Kind::named) {
        for (size_t g = 0; g < k; ++g)
            if (split.groups[g].id == s.compare.group) reference = static_cast<int>(g);
    }

    // What a row publishes: the exact tally, or, with the cell key method, each count
    // perturbed by its own cell key; the rest's and the reference's too, so that every
    // figure and test comes from published counts. Suppression goes by the exact bases.
    auto published = [&](const Tally& t) { return s.perturb ? perturbed(t, s.suppress_below) : t; };
    std::vector<double> exact_bases;
    const size_t first = rows.size();
    for (size_t g = 0; g < k; ++g) {
        const Tally t = published(by_key[g]);
        exact_bases.push_back(by_key[g].n);
        GroupResult row;
        row.question = q.id;
        row.characteristic = split.id;
        row.group = split.groups[g].id;
        row.group_label = split.groups[g].label;
        row.n = t.n;
        row.positives = t.x;
        row.rate = t.rate();
        double n_eff = weighted ? t.effective_n() : t.n;
        stats::Interval ci{kNaN, kNaN};
        if (design && t.n > 0) {
            // The group's rate with its design-based variance (R: svyciprop(method =
            // "logit") on the group), and the effective base that variance implies.
            const DesignTable::Part part{DesignTable::Keys::one, g, rate_influence(scale, row.rate, t.w, 1)};
            const double var = design->variance({&part, 1});
            ci = stats::logit_interval(row.rate, std::sqrt(var), design->domain_df({&part, 1}, scale.substantive),
                                       s.confidence);
            n_eff = design_effective_n(row.rate, var, n_eff);
        }
        if (pass.figures) {
            // Without a design, or where its interval is undefined (a rate of 0 or 1):
            // Wilson's, on the effective base.
            if (std::isnan(ci.low)) ci = stats::wilson_interval(row.rate * n_eff, n_eff, s.confidence);
            row.ci_low = ci.low;
            row.ci_high = ci.high;
            row.mean = moments(t, scale, weighted).mean;
        }
        row.rest_n = row.rest_positives = row.rest_rate = row.gap_pp = kNaN;
        row.p = row.p_adj = row.rest_mean = row.welch_p = kNaN;
        row.n_eff = weighted ? n_eff : kNaN;
        row.rest_n_eff = kNaN;
        row.design_effect = weighted && n_eff > 0 ? t.n / n_eff : kNaN;
        if (reference >= 0) {
            if (static_cast<int>(g) == reference) row.reference = true;
            else {
                const Tally ref = published(by_key[static_cast<size_t>(reference)]);
                compare(row, t, ref, ref, scale, weighted, s, pass,
                        {design, g, DesignTable::Keys::one, static_cast<size_t>(reference)});
            }
        } else {
            Tally rest = disclosed;
            rest -= by_key[g];
            rest = published(rest);
            compare(row, t, s.compare.kind == Comparison::Kind::overall ? published(disclosed) : rest, rest, scale, weighted, s,
                    pass, {design, g, DesignTable::Keys::all_but, g});
        }
        rows.push_back(std::move(row));
    }

    if (!split.cells.empty()) test_interactions(rows, first, split, by_key, disclosed, published, weighted, pass);

    // Two answering groups compared with the rest make one contrast, not two: "disabled
    // against not disabled" and "not disabled against disabled" are one test seen from
    // each side, and counting both doubled the flags, the plan's rows and the
    // correction's family. The smaller group carries the test (the one an equality duty
    // asks about, as a rule); the larger keeps its figures and points to it. Chosen by
    // the exact bases, so that both passes of a perturbed analysis choose alike.
    if (reference < 0) {
        std::vector<size_t> answering;
        for (size_t g = 0; g < k; ++g)
            if (by_key[g].n > 0) answering.push_back(g);
        if (answering.size() == 2) {
            const size_t a = answering[0], b = answering[1];
            const size_t tested = by_key[b].n < by_key[a].n ? b : a;
            GroupResult& mirror = rows[first + (tested == a ? b : a)];
            mirror.test.clear();
            mirror.p = mirror.p_adj = mirror.welch_p = kNaN;
            mirror.mirror_of = split.groups[tested].id;
        }
    }

    std::vector<GroupResult*> group_rows;
    for (size_t i = first; i < rows.size(); ++i) group_rows.push_back(&rows[i]);
    if (split.cells.empty()) suppress_small_groups(group_rows, exact_bases, s.suppress_below);
    else suppress_cells(group_rows, exact_bases, split, s.suppress_below);
    const bool reference_hidden = reference >= 0 && rows[first + static_cast<size_t>(reference)].suppressed;
    std::vector<double> omnibus_x, omnibus_n;
    std::vector<size_t> omnibus_keys;
    for (GroupResult* r : group_rows) {
        if (r->suppressed) {
            blank_suppressed(*r);
            continue;
        }
        if (reference_hidden) {  // comparing with a hidden group would reveal it
            r->rest_n = r->rest_positives = r->rest_rate = r->gap_pp = r->rest_mean = r->p = r->welch_p = r->rest_n_eff = kNaN;
            r->test.clear();
        }
        // Weighted, the information a group carries is its effective base, not its head
        // count: the minimum base applies to that (docs/method.md).
        r->low_base = (weighted ? r->n_eff : r->n) < s.min_base;
        const double n_eff = weighted ? r->n_eff : r->n;
        omnibus_x.push_back(r->rate * n_eff);
        omnibus_n.push_back(n_eff);
        if (r->n > 0) omnibus_keys.push_back(static_cast<size_t>(r - &rows[first]));
        if (s.round_counts_to > 0) {
            // Published rates come from the rounded counts, as NHS statistics do, so
            // that a rate cannot give the exact count back.
            r->n = round_count(r->n, s.round_counts_to);
            r->positives = round_count(r->positives, s.round_counts_to);
            r->rest_n = round_count(r->rest_n, s.round_counts_to);
            r->rest_positives = round_count(r->rest_positives, s.round_counts_to);
            if (!weighted) {
                r->rate = r->n > 0 ? r->positives / r->n : kNaN;
                if (!std::isnan(r->rest_n)) r->rest_rate = r->rest_n > 0 ? r->rest_positives / r->rest_n : kNaN;
                if (!std::isnan(r->rest_rate)) r->gap_pp = 100 * (r->rate - r->rest_rate);
            }
        }
    }
    if (omnibus && omnibus_n.size() >= 2) {
        OmnibusResult o{q.id, split.id, static_cast<int>(omnibus_n.size())};
        o.small_expected = !stats::chi_square_expected_counts_adequate(omnibus_x, omnibus_n);
        if (design) {
            // The groups shown, by positive or not, with the Rao-Scott correction for
            // the design (R: svychisq(~group + positive, design)).
            std::vector<double> shares;
            const auto covariance = design->table_covariance(omnibus_keys, scale.substantive, scale.positive, shares);
            const auto f = stats::rao_scott_f(shares, omnibus_keys.size(), 2, covariance, design->design().df);
            o.test = "rao_scott_f";
            o.groups = static_cast<int>(omnibus_keys.size());
            o.statistic = f.f, o.df = f.ndf, o.denominator_df = f.ddf, o.p = f.p;
        } else {
            const auto chi = stats::chi_square_independence(omnibus_x, omnibus_n);
            o.statistic = chi.statistic, o.df = chi.df, o.p = chi.p;
        }
        omnibus->push_back(std::move(o));
    }

    // Undisclosed respondents: their base, and their rate once the base is large enough.
    const Tally& exact_u = by_key[split.undisclosed()];
    const Tally u = published(exact_u);
    GroupResult row;
    blank_suppressed(row);
    row.question = q.id;
    row.characteristic = split.id;
    row.group = "undisclosed";
    row.group_label = "Not disclosed (blank or prefer not to say)";
    row.undisclosed = true;
    row.n = round_count(u.n, s.round_counts_to);
    if (exact_u.n >= s.suppress_below) {
        row.rate = u.rate();
        row.positives = round_count(u.x, s.round_counts_to);
    }
    rows.push_back(std::move(row));
}

// The intersections' interaction tests as one family (each contrast once), and the
// rule that an intersection is a gap of its own only when it differs from what its two
// groups predict: significantly, in the direction of its gap, by the gap threshold.
// Rows without an expected rate (not an intersection) are left as they are.
void adjust_interactions(std::vector<GroupResult>& rows, const AnalysisSettings& s) {
    std::map<std::tuple<std::string, std::string, std::string>, size_t> contrast;  // -> index into p
    std::vector<double> p;
    std::vector<std::optional<size_t>> family_index(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const GroupResult& r = rows[i];
        if (std::isnan(r.interaction_p)) continue;
        auto [it, fresh] = contrast.try_emplace({r.question, r.characteristic, r.interaction_contrast}, p.size());
        if (fresh) p.push_back(r.interaction_p);
        family_index[i] = it->second;
    }
    const std::vector<double> adjusted = stats::adjust_p_values(p, s.correction);
    for (size_t i = 0; i < rows.size(); ++i) {
        GroupResult& r = rows[i];
        if (family_index[i]) r.interaction_p_adj = adjusted[*family_index[i]];
        if (std::isnan(r.expected_rate) && r.interaction_contrast.empty()) continue;
        const double beyond_pp = 100 * (r.rate - r.expected_rate);
        r.flagged = r.flagged && r.interaction_p_adj < s.alpha && beyond_pp * r.gap_pp > 0 &&
                    std::fabs(beyond_pp) >= s.gap_pp - 1e-9;
    }
}

// Adjusts the p-values of one family and flags the gaps that pass every rule.
void correct_and_flag(std::vector<GroupResult>& rows, const AnalysisSettings& s) {
    for (GroupResult* tested : adjust_family(rows, s.correction)) {
        GroupResult& r = *tested;
        // Both sides of the comparison need the minimum base: with two groups, the
        // larger group's "rest" is the smaller group. The gap threshold allows for the
        // rounding of 100 (p_g - p_r), so that 55% vs 60% counts as 5 points.
        const double rest_base = std::isnan(r.rest_n_eff) ? r.rest_n : r.rest_n_eff;
        r.flagged = !r.low_base && rest_base >= s.min_base && r.p_adj < s.alpha &&
                    std::fabs(r.gap_pp) >= s.gap_pp - 1e-9;
    }
    adjust_interactions(rows, s);
}

// A group may be named by id ("white_british") or as people write it ("White British"):
// a label is matched through each grouping's catalogue wordings. Throws InputError,
// listing the groups there are, when none of the splits has it.
void resolve_named_group(const SurveyDefinition& survey, const std::vector<size_t>& grouping_index,
                         const std::vector<Split>& splits, AnalysisSettings& settings) {
    if (settings.compare.kind != Comparison::Kind::named) return;
    {
        auto present = [&](const std::string& id) {
            for (const Split& split : splits)
                for (const auto& g : split.groups)
                    if (g.id == id) return true;
            return false;
        };
        if (!present(settings.compare.group))
            for (size_t i = 0; i < grouping_index.size(); ++i) {
                const Grouping& g = survey.groupings[grouping_index[i]];
                const int code = g.match(settings.compare.group);
                if (code > 0 && code != kUndisclosed && present(g.categories[static_cast<size_t>(code - 1)].id)) {
                    settings.compare.group = g.categories[static_cast<size_t>(code - 1)].id;
                    break;
                }
            }
        if (!present(settings.compare.group)) {
            std::string groups;
            for (const Split& split : splits)
                for (const auto& g : split.groups) groups += (groups.empty() ? "" : ", ") + g.id;
            throw InputError("--compare " + settings.compare.group + ": no such group among the characteristics analysed (at level " +
                             level_name(settings.level) + "); groups: " + groups);
        }
    }
}

template <typename T, typename Id>
std::string known_ids(const std::vector<T>& items, Id id) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + id(item);
    return out;
}

// The rows of one question x split, broken down on its own (in parallel) into its own
// slot; the slots are joined in a fixed order: question, then split.
struct Slot {
    std::vector<GroupResult> rows;
    std::vector<OmnibusResult> omnibus;
    std::vector<GroupResult> exact_rows;  // with perturbed counts: the same rows, exact, for the flags
};

// How an analysis makes its rows from tallies, whether they come from respondents
// (analyse) or from count tables made elsewhere (analyse_counted): with perturbed
// counts, each slot is also broken down exactly, so that the gaps flagged are the ones
// the exact analysis (the approved report and plan) flags (docs/method.md,
// "Perturbation: the cell key method").
class Passes {
public:
    explicit Passes(const AnalysisSettings& settings) : settings_(settings), exact_(settings) { exact_.perturb = false; }

    // table: the question x split's design (weighted analyses of respondents), or null.
    void break_down_into(const Question& q, const Split& split, const std::vector<Tally>& by_key, bool weighted, Slot& slot,
                         const DesignTable* table) const {
        if (!settings_.perturb) {
            break_down(q, split, by_key, weighted, settings_, slot.rows, &slot.omnibus, {}, table);
            return;
        }
        // Perturbed figures come from published tallies alone, so not from the design's
        // exact sums; the flags, from the exact analysis, use the design.
        break_down(q, split, by_key, weighted, settings_, slot.rows, &slot.omnibus, {.figures = true, .tests = false});
        break_down(q, split, by_key, weighted, exact_, slot.exact_rows, nullptr, {.figures = false, .tests = true}, table);
    }

    // The slots' rows (and omnibus tests) in order, as one family corrected and flagged.
    void join(std::vector<Slot>& slots, std::vector<GroupResult>& rows, std::vector<OmnibusResult>* omnibus) const {
        size_t total = 0;
        for (const auto& s : slots) total += s.rows.size();
        rows.reserve(total);
        std::vector<GroupResult> exact;
        for (auto& s : slots) {
            std::move(s.rows.begin(), s.rows.end(), std::back_inserter(rows));
            std::move(s.exact_rows.begin(), s.exact_rows.end(), std::back_inserter(exact));
            if (omnibus) std::move(s.omnibus.begin(), s.omnibus.end(), std::back_inserter(*omnibus));
        }
        correct_and_flag(rows, settings_);
        if (!settings_.perturb) return;
        // The flags and low-base cautions of the exact analysis, one yes or no per row;
        // the p-values would give exact counts back, so none is published.
        correct_and_flag(exact, exact_);
        for (size_t i = 0; i < rows.size(); ++i) {
            rows[i].flagged = exact[i].flagged;
            rows[i].low_base = exact[i].low_base;
            rows[i].test = exact[i].test;
            rows[i].p = rows[i].p_adj = kNaN;
            rows[i].interaction_p = rows[i].interaction_p_adj = kNaN;
        }
    }

private:
    const AnalysisSettings& settings_;
    AnalysisSettings exact_;
};

}  // namespace

Findings analyse(const SurveyDefinition& survey, const Dataset& wave_data, const std::string& wave,
                 const AnalysisSettings& requested, const PopulationProfile* profile) {
    AnalysisSettings settings = requested;
    Findings f;
    f.survey_id = survey.id;
    f.survey_title = survey.title;
    f.wave = wave;
    f.respondents = wave_data.rows();
    for (const auto& c : wave_data.coding) f.comment_coding.push_back(c.counts);
    // A filter restricts everything that follows to the respondents it names.
    settings.filters = resolve_filters(survey, requested.filters);
    check_disclosure_floor(survey, settings);
    check_filters(survey, settings);
    check_filters_for_perturbed_counts(settings);
    std::optional<Dataset> filtered;
    if (!settings.filters.empty()) filtered = filter_respondents(survey, wave_data, settings.filters);
    const Dataset& data = filtered ? *filtered : wave_data;
    check_filtered_respondents(survey, settings, data.rows());
    f.respondents_analysed = data.rows();
    std::span<const uint8_t> record_keys;
    if (settings.perturb) {
        if (data.record_keys.size() != data.rows())
            throw std::logic_error("analyse: perturbed counts asked for without the wave's record keys");
        record_keys = data.record_keys;
        // A filtered population's size is a count like any other.
        if (!settings.filters.empty()) {
            uint64_t keys = 0;
            for (uint8_t key : record_keys) keys += key;
            f.respondents_analysed = static_cast<uint64_t>(
                cell_key::perturb(static_cast<double>(data.rows()), keys, survey.disclosure.min_filtered_respondents));
        }
    }
    if (!settings.filters.empty() && settings.weighted)
        throw InputError("--weighted with --filter: weighting rakes to the whole population's margins, which a filtered "
                         "group of respondents does not share; analyse the filtered group unweighted");
    // How a filtered group compares with the whole population says nothing about bias.
    if (profile && settings.filters.empty())
        f.representativeness = compare_with_population(survey, data, *profile, settings.suppress_below);
    const bool weighted = settings.weighted;
    std::vector<double> weights;
    std::optional<SampleDesign> design;
    if (weighted) {
        std::vector<std::vector<int>> raking_categories;
        weights = analysis_weights(survey, data, profile, f.weighting, raking_categories);
        design = make_sample_design(survey, data, raking_categories);
        describe_design(survey, *design, f.weighting);
    }

    std::vector<size_t> question_index;
    if (settings.questions.empty()) {
        for (size_t i = 0; i < survey.questions.size(); ++i) question_index.push_back(i);
    } else {
        for (const auto& id : settings.questions) {
            const Question* q = survey.find_question(id);
            if (!q)
                throw InputError("--questions: survey " + survey.id + " has no question \"" + id + "\"; its questions: " +
                                 known_ids(survey.questions, [](const Question& x) { return x.id; }));
            question_index.push_back(static_cast<size_t>(q - survey.questions.data()));
        }
    }
    std::vector<size_t> grouping_index;
    if (settings.by.empty()) {
        for (size_t i = 0; i < survey.groupings.size(); ++i) grouping_index.push_back(i);
    } else {
        for (const auto& id : settings.by) {
            const Grouping* g = survey.find_grouping(id);
            if (!g)
                throw InputError("--by: survey " + survey.id + " records no characteristic or dimension \"" + id +
                                 "\"; it records: " + known_ids(survey.groupings, [](const Grouping& x) { return x.id; }));
            grouping_index.push_back(static_cast<size_t>(g - survey.groupings.data()));
        }
    }

    std::vector<Split> splits;
    for (size_t g : grouping_index) splits.push_back(make_split(survey.groupings[g], data.groupings[g], settings.level));
    resolve_named_group(survey, grouping_index, splits, settings);
    f.settings = settings;
    // Pairs of splits for intersections, as index pairs into splits.
    std::vector<std::pair<size_t, size_t>> pairs;
    if (settings.intersections)
        for (size_t a = 0; a < splits.size(); ++a)
            for (size_t b = a + 1; b < splits.size(); ++b) pairs.emplace_back(a, b);

    for (size_t qi : question_index) {
        const Question& q = survey.questions[qi];
        f.questions.push_back({q.id, q.text, q.theme});
    }
    const size_t nq = question_index.size();

    // Each question x split is counted and broken down into its own slot (Passes).
    const Passes passes(settings);
    // Weighted, each question x split also sums its weights by the design's units, for
    // design-based variances; null otherwise.
    auto design_table = [&](const Split& split, const Question& q, size_t qi) -> std::optional<DesignTable> {
        if (!design) return std::nullopt;
        return DesignTable(*design, split, data.answers[qi], q.scale.points.size() + 1, weights);
    };
    // Unweighted, answers are counted several questions to a pass (count_table.hpp);
    // weighted, each question needs its weights' sums per cell, so a table each.
    PackedAnswers packed;
    if (!weighted) {
        std::vector<size_t> codes;
        std::vector<const std::vector<uint8_t>*> answers;
        for (size_t qi : question_index) {
            codes.push_back(survey.questions[qi].scale.points.size() + 1);
            answers.push_back(&data.answers[qi]);
        }
        packed = pack_answers(codes, answers);
    }
    std::vector<Slot> main_slots(nq * splits.size());
    if (!weighted) {
        // One task per split and packed column: each counts its questions in one pass.
        const size_t columns = packed.columns.size();
        parallel_for(splits.size() * columns, [&](size_t i) {
            const size_t si = i / columns, column = i % columns;
            const std::vector<CountTable> tables = count_packed_column(splits[si], packed, column, record_keys);
            for (size_t s = 0; s < tables.size(); ++s) {
                const size_t qn = packed.columns[column].slots[s].question;
                const Question& q = survey.questions[question_index[qn]];
                passes.break_down_into(q, splits[si], tallies(tables[s], ScaleCodes(q.scale)), false,
                                       main_slots[qn * splits.size() + si], nullptr);
            }
        });
    } else {
        parallel_for(main_slots.size(), [&](size_t i) {
            const size_t qn = i / splits.size(), si = i % splits.size();
            const Question& q = survey.questions[question_index[qn]];
            const CountTable table =
                count_answers(splits[si], data.answers[question_index[qn]], q.scale.points.size() + 1, weights, record_keys);
            const auto by_design = design_table(splits[si], q, question_index[qn]);
            passes.break_down_into(q, splits[si], tallies(table, ScaleCodes(q.scale)), true, main_slots[i],
                                   by_design ? &*by_design : nullptr);
        });
    }

    // Intersections: one task per pair, with an omnibus test per pair and question.
    // Unweighted, they count the packed answers too; weighted, full tables.
    std::vector<Slot> cross_slots(nq * pairs.size());
    if (!pairs.empty()) {
        parallel_for(pairs.size(), [&](size_t p) {
            const Split& a = splits[pairs[p].first];
            const Split& b = splits[pairs[p].second];
            if (!weighted) {
                const CrossCounts cross = count_cross(a, b, packed, record_keys);
                for (size_t qn = 0; qn < nq; ++qn) {
                    const Question& q = survey.questions[question_index[qn]];
                    passes.break_down_into(q, cross.split, tallies(cross.tables[qn], ScaleCodes(q.scale)), false,
                                           cross_slots[qn * pairs.size() + p], nullptr);
                }
                return;
            }
            const Split cross = cross_splits(a, b);
            for (size_t qn = 0; qn < nq; ++qn) {
                const Question& q = survey.questions[question_index[qn]];
                const CountTable table =
                    count_answers(cross, data.answers[question_index[qn]], q.scale.points.size() + 1, weights, record_keys);
                const auto by_design = design_table(cross, q, question_index[qn]);
                passes.break_down_into(q, cross, tallies(table, ScaleCodes(q.scale)), true, cross_slots[qn * pairs.size() + p],
                                       by_design ? &*by_design : nullptr);
            }
        });
    }
    passes.join(main_slots, f.results, &f.omnibus);
    passes.join(cross_slots, f.intersections, &f.intersection_omnibus);
    if (weighted) {
        // Weighting spends precision (the effective base is n / design effect), so the
        // weighted view confirms fewer gaps as a rule: count the unweighted ones, so that
        // the difference can be explained rather than left as a surprise.
        AnalysisSettings unweighted = settings;
        unweighted.weighted = false;
        unweighted.intersections = false;
        for (const auto& r : analyse(survey, wave_data, wave, unweighted, profile).results)
            f.weighting.unweighted_flagged += r.flagged && !r.suppressed;
    }
    return f;
}

Findings analyse_counted(const SurveyDefinition& survey, const CountedAnalysis& counted, const std::string& wave,
                         const AnalysisSettings& requested) {
    AnalysisSettings settings = requested;
    if (!settings.filters.empty()) throw std::logic_error("analyse_counted: filters need the respondents");
    check_disclosure_floor(survey, settings);
    Findings f;
    f.survey_id = survey.id;
    f.survey_title = survey.title;
    f.wave = wave;
    f.respondents = f.respondents_analysed = counted.respondents;
    resolve_named_group(survey, counted.grouping_index, counted.splits, settings);
    f.settings = settings;
    for (size_t qi : counted.question_index) {
        const Question& q = survey.questions[qi];
        f.questions.push_back({q.id, q.text, q.theme});
    }
    const size_t nq = counted.question_index.size(), ns = counted.splits.size(), np = counted.cross.size();
    if (counted.tables.size() != nq * ns || counted.cross_tables.size() != nq * np)
        throw std::logic_error("analyse_counted: one table per question and split");
    const Passes passes(settings);
    auto run = [&](const std::vector<Split>& splits, const std::vector<CountTable>& tables, std::vector<GroupResult>& rows,
                   std::vector<OmnibusResult>& omnibus) {
        if (settings.perturb)
            for (const CountTable& t : tables)
                if (t.member_keys.size() != t.keys)
                    throw std::logic_error("analyse_counted: perturbed counts asked for without record keys' sums");
        std::vector<Slot> slots(tables.size());
        parallel_for(slots.size(), [&](size_t i) {
            const size_t qn = i / splits.size(), si = i % splits.size();
            const Question& q = survey.questions[counted.question_index[qn]];
            passes.break_down_into(q, splits[si], tallies(tables[i], ScaleCodes(q.scale)), counted.weighted, slots[i], nullptr);
        });
        passes.join(slots, rows, &omnibus);
    };
    if (ns > 0) run(counted.splits, counted.tables, f.results, f.omnibus);
    if (np > 0) run(counted.cross, counted.cross_tables, f.intersections, f.intersection_omnibus);
    return f;
}

}  // namespace gapfinder
