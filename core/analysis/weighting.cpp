#include "analysis/weighting.hpp"

#include <cstdio>
#include <stdexcept>

#include "analysis/population_match.hpp"
#include "domain/bands.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"

namespace gapfinder {

std::vector<double> population_weights(const SurveyDefinition& survey, const Dataset& data,
                                       const PopulationProfile& profile, WeightingSummary& summary,
                                       std::vector<std::vector<int>>* raking_categories) {
    if (survey.rake_on.empty())
        throw InputError(survey.source + ": --weighted needs population.rake_on, the characteristics to weight on");
    std::vector<stats::RakingMargin> margins;
    for (const std::string& id : survey.rake_on) {
        const Grouping* g = survey.find_grouping(id);
        const PopulationMargin* published = profile.find(id);
        if (!published)
            throw InputError(survey.source + ": population.rake_on names " + id + ", but " + profile.source +
                             " has no margin for it");
        // A margin in finer bands than the survey's is summed into the survey's bands first.
        const PopulationMargin fitted = margin_for(*g, *published, survey.source, profile.source);
        const PopulationMargin* m = &fitted;
        const auto index = population_index(*g, *m);
        const auto& codes = data.groupings[static_cast<size_t>(g - survey.groupings.data())];
        stats::RakingMargin margin;
        margin.name = id;
        margin.category.reserve(codes.size());
        std::vector<double> respondents(m->counts.size(), 0);
        for (size_t r = 0; r < codes.size(); ++r) {
            const int i = index[codes[r]];
            if (i == kNoPopulationCategory)
                throw InputError("cannot weight on " + id + ": respondent " + std::string(data.ids[r]) + " is recorded as \"" +
                                 g->categories[codes[r] - 1u].label + "\", which " + profile.source +
                                 " gives no population figure for");
            margin.category.push_back(i);
            if (i >= 0) ++respondents[static_cast<size_t>(i)];
        }
        for (size_t i = 0; i < m->counts.size(); ++i) {
            if (m->counts[i].second > 0 && respondents[i] == 0)
                throw InputError("cannot weight on " + id + ": nobody who answered is in category \"" + m->counts[i].first +
                                 "\", which has " + std::to_string(static_cast<long long>(m->counts[i].second)) +
                                 " people in " + profile.id + " (an empty cell: merge categories or drop " + id +
                                 " from population.rake_on)");
            margin.population.push_back(m->counts[i].second);
        }
        margins.push_back(std::move(margin));
    }
    stats::RakingResult raked;
    try {
        raked = stats::rake(margins, data.weights);
    } catch (const std::domain_error& e) {
        throw InputError(std::string("cannot weight ") + survey.id + " to " + profile.id + ": " + e.what());
    }
    if (raking_categories)
        for (const auto& m : margins) raking_categories->push_back(m.category);
    summary.method = "raking";
    summary.profile = profile.id;
    summary.variables = survey.rake_on;
    summary.left_out = raked.left_out;
    summary.kept = data.rows() - raked.left_out;
    summary.iterations = raked.iterations;
    summary.max_margin_error = raked.max_margin_error;
    double w = 0, w2 = 0;
    for (double x : raked.weights) w += x, w2 += x * x;
    summary.design_effect = static_cast<double>(summary.kept) / stats::kish_effective_n(w, w2);
    return raked.weights;
}

std::vector<double> analysis_weights(const SurveyDefinition& survey, const Dataset& data, const PopulationProfile* profile,
                                     WeightingSummary& summary, std::vector<std::vector<int>>& raking_categories) {
    if (!survey.weight_column.empty() && data.weights.size() != data.rows())
        throw InputError(survey.source + ": weight_column \"" + survey.weight_column +
                         "\" is not stored for every respondent of this wave (a file was ingested before the definition "
                         "named it); ingest the wave's files again with --replace");
    if (!survey.rake_on.empty()) {
        if (!profile)
            throw InputError(survey.source + ": --weighted needs a population profile (\"population\": {\"profile\": ...})");
        return population_weights(survey, data, *profile, summary, &raking_categories);
    }
    if (survey.weight_column.empty())
        throw InputError(survey.source + ": --weighted needs weights: a weight_column (a supplier's weights), or a population "
                                         "profile and population.rake_on to rake to");
    summary.method = "supplied";
    double w = 0, w2 = 0;
    for (double x : data.weights) {
        w += x, w2 += x * x;
        summary.kept += x > 0;
    }
    if (!(w > 0)) throw InputError(survey.source + ": every weight in \"" + survey.weight_column + "\" is 0");
    summary.left_out = data.rows() - summary.kept;
    summary.design_effect = static_cast<double>(summary.kept) / stats::kish_effective_n(w, w2);
    return data.weights;
}

void describe_design(const SurveyDefinition& survey, const SampleDesign& design, WeightingSummary& summary) {
    summary.weight_column = survey.weight_column;
    summary.strata_column = survey.strata_column;
    summary.cluster_column = survey.cluster_column;
    summary.strata = 0;
    for (double psus : design.stratum_psus) summary.strata += psus > 0;
    summary.psus = static_cast<uint64_t>(design.df) + summary.strata;
    summary.design_df = design.df;
    summary.lonely_psu = std::string(stats::lonely_psu_name(design.lonely));
    summary.lonely_strata = design.lonely_strata;
}

std::string weighting_in_words(const WeightingSummary& w) {
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
        return out;
    };
    auto fixed = [](double v, int digits) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", digits, v);
        return std::string(buf);
    };
    std::string out = w.method == "raking"
                          ? "Weighted to " + w.profile + " by raking on " + join(w.variables) +
                                (w.weight_column.empty() ? "" : " from the file's weights (\"" + w.weight_column + "\")") + " (" +
                                std::to_string(w.iterations) + " passes, largest margin error " +
                                fixed(100 * w.max_margin_error, 4) + " points)"
                          : "Weighted by the file's own weights (\"" + w.weight_column + "\")";
    out += ": " + std::to_string(w.kept) + " respondents kept, " + std::to_string(w.left_out) + " left out" +
           (w.method == "raking" ? " (undisclosed on a weighting variable)" : " (weight 0)") +
           "; Kish design effect of the weights " + fixed(w.design_effect, 2) + ". Intervals, tests and effective bases " +
           "are design-based (Taylor linearisation";
    if (w.method == "raking") out += ", allowing for the raking";
    out += w.strata_column.empty() ? "" : ", " + std::to_string(w.strata) + " strata (\"" + w.strata_column + "\")";
    out += w.cluster_column.empty() ? ", each respondent its own sampling unit"
                                    : ", " + std::to_string(w.psus) + " clusters (\"" + w.cluster_column + "\")";
    out += ", " + fixed(w.design_df, 0) + " degrees of freedom)";
    if (!w.lonely_strata.empty())
        out += "; " + std::to_string(w.lonely_strata.size()) + (w.lonely_strata.size() == 1 ? " stratum has" : " strata have") +
               " a single " + (w.cluster_column.empty() ? "respondent" : "cluster") + ", handled by R's \"" + w.lonely_psu +
               "\" rule";
    return out + ".";
}

}  // namespace gapfinder
