#include "analysis/workforce.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "analysis/disclosure.hpp"
#include "analysis/filter.hpp"
#include "analysis/splits.hpp"
#include "analysis/suppression.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

size_t grouping_index(const SurveyDefinition& survey, const std::string& id, Grouping::Kind kind, const char* what) {
    const Grouping* g = survey.find_grouping(id);
    if (!g || g->kind != kind) {
        std::string known;
        for (const auto& x : survey.groupings)
            if (x.kind == kind) known += (known.empty() ? "" : ", ") + x.id;
        throw InputError("survey " + survey.id + " has no " + what + " \"" + id + "\" (it has: " + known + ")");
    }
    return static_cast<size_t>(g - survey.groupings.data());
}

// Whether a grouping code falls in any of the given categories, directly or through
// its top-level group (a target names "disabled"; staff record "limited a lot").
std::vector<char> codes_in(const Grouping& g, const std::vector<std::string>& ids) {
    std::vector<char> in(256, 0);
    for (size_t c = 0; c < g.categories.size() && c + 1 < kUndisclosed; ++c)
        for (const auto& id : ids)
            if (g.categories[c].id == id || g.categories[c].group == id) in[c + 1] = 1;
    return in;
}

}  // namespace

WorkforceFindings workforce_representation(const SurveyDefinition& survey, const Dataset& wave_data, const std::string& wave,
                                           const std::string& dimension, const AnalysisSettings& requested) {
    WorkforceFindings f;
    f.survey_id = survey.id;
    f.survey_title = survey.title;
    f.wave = wave;
    f.dimension = dimension;
    f.staff = wave_data.rows();
    AnalysisSettings settings = requested;
    settings.filters = resolve_filters(survey, requested.filters);
    check_disclosure_floor(survey, settings);
    check_filters(survey, settings);
    // Shares and targets are then those of the filtered staff (one directorate...).
    std::optional<Dataset> filtered;
    if (!settings.filters.empty()) filtered = filter_respondents(survey, wave_data, settings.filters);
    const Dataset& data = filtered ? *filtered : wave_data;
    check_filtered_respondents(survey, settings, data.rows());
    f.staff_analysed = data.rows();
    f.settings = settings;

    const size_t di = grouping_index(survey, dimension, Grouping::Kind::dimension, "dimension");
    const Split bands = make_split(survey.groupings[di], data.groupings[di], Level::recorded);
    std::vector<size_t> characteristics;
    if (settings.by.empty()) {
        for (size_t i = 0; i < survey.groupings.size(); ++i)
            if (survey.groupings[i].kind == Grouping::Kind::characteristic) characteristics.push_back(i);
    } else {
        for (const auto& id : settings.by)
            characteristics.push_back(grouping_index(survey, id, Grouping::Kind::characteristic, "characteristic"));
    }

    const size_t nb = bands.groups.size();
    for (size_t ci : characteristics) {
        const Split groups = make_split(survey.groupings[ci], data.groupings[ci], settings.level);
        const size_t ng = groups.groups.size();
        // counts[band][group] over staff disclosed on both.
        std::vector<double> counts(nb * ng, 0);
        for (size_t r = 0; r < data.rows(); ++r)
            if (bands.keys[r] < nb && groups.keys[r] < ng) ++counts[bands.keys[r] * ng + groups.keys[r]];
        std::vector<double> band_total(nb, 0), group_total(ng, 0);
        double total = 0;
        for (size_t b = 0; b < nb; ++b)
            for (size_t g = 0; g < ng; ++g) {
                band_total[b] += counts[b * ng + g];
                group_total[g] += counts[b * ng + g];
                total += counts[b * ng + g];
            }
        // Band totals and group totals are both published beside the cells.
        const auto reasons = suppress_table(counts, nb, ng, settings.suppress_below);
        for (size_t b = 0; b < nb; ++b) {
            for (size_t g = 0; g < ng; ++g) {
                WorkforceRow row;
                row.dimension = dimension;
                row.category = bands.groups[b].id;
                row.category_label = bands.groups[b].label;
                row.characteristic = groups.id;
                row.group = groups.groups[g].id;
                row.group_label = groups.groups[g].label;
                const double x = counts[b * ng + g], n = band_total[b];
                row.in_category = x;
                row.category_total = n;
                row.share = n > 0 ? x / n : kNaN;
                row.staff = group_total[g];
                row.staff_total = total;
                row.staff_share = total > 0 ? group_total[g] / total : kNaN;
                row.ratio = row.staff_share > 0 ? row.share / row.staff_share : kNaN;
                // In the band against outside it: is the group's share different?
                const double xo = group_total[g] - x, no = total - n;
                row.p = kNaN;
                if (n > 0 && no > 0) {
                    if (stats::expected_counts_at_least(x, n, xo, no, settings.min_expected)) {
                        row.test = "z";
                        row.p = stats::two_proportion_z_test(x, n, xo, no).p;
                    } else {
                        row.test = "fisher";
                        auto whole = [](double v) { return static_cast<long long>(std::llround(v)); };
                        row.p = stats::fisher_exact_2x2(whole(x), whole(n - x), whole(xo), whole(no - xo)).p;
                    }
                }
                row.suppression = reasons[b * ng + g];
                row.suppressed = !row.suppression.empty();
                if (row.suppressed) {
                    row.in_category = row.share = row.ratio = row.p = kNaN;
                    row.test.clear();
                }
                f.rows.push_back(std::move(row));
            }
        }
    }
    std::vector<double> p;
    for (const auto& r : f.rows) p.push_back(r.p);
    const auto adjusted = stats::adjust_p_values(p, settings.correction);
    for (size_t i = 0; i < f.rows.size(); ++i) {
        f.rows[i].p_adj = adjusted[i];
        f.rows[i].under_represented = f.rows[i].ratio < 0.8 && f.rows[i].p_adj < settings.alpha;
    }

    for (const WorkforceTarget& t : survey.workforce_targets) {
        TargetResult tr;
        tr.target = t;
        const Grouping& ch = *survey.find_grouping(t.characteristic);
        const auto& ch_codes = data.groupings[static_cast<size_t>(&ch - survey.groupings.data())];
        const std::vector<char> counted = codes_in(ch, t.groups);
        std::vector<char> in_scope(256, 1);
        const std::vector<uint8_t>* dim_codes = nullptr;
        if (!t.dimension.empty()) {
            const Grouping& dim = *survey.find_grouping(t.dimension);
            dim_codes = &data.groupings[static_cast<size_t>(&dim - survey.groupings.data())];
            in_scope = t.categories.empty() ? std::vector<char>(256, 1) : codes_in(dim, t.categories);
            in_scope[kBlank] = in_scope[kUndisclosed] = 0;
        }
        for (size_t r = 0; r < data.rows(); ++r) {
            if (ch_codes[r] == kBlank || ch_codes[r] == kUndisclosed) continue;
            if (dim_codes && !in_scope[(*dim_codes)[r]]) continue;
            ++tr.in_scope;
            tr.in_groups += counted[ch_codes[r]];
        }
        tr.share = tr.in_scope > 0 ? tr.in_groups / tr.in_scope : kNaN;
        tr.p = stats::binomial_test(static_cast<long long>(tr.in_groups), static_cast<long long>(tr.in_scope), t.target);
        tr.below_target = tr.share < t.target;
        // Few people in (or out of) the groups: publish whether the target is met, not the count.
        if (tr.in_groups < settings.suppress_below || tr.in_scope - tr.in_groups < settings.suppress_below) {
            tr.suppressed = true;
            tr.in_groups = tr.share = tr.p = kNaN;
        }
        f.targets.push_back(std::move(tr));
    }
    return f;
}

}  // namespace gapfinder
