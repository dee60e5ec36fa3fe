#include "analysis/weighting.hpp"

#include <stdexcept>

#include "analysis/population_match.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"

namespace gapfinder {

std::vector<double> population_weights(const SurveyDefinition& survey, const Dataset& data,
                                       const PopulationProfile& profile, WeightingSummary& summary) {
    if (survey.rake_on.empty())
        throw InputError(survey.source + ": --weighted needs population.rake_on, the characteristics to weight on");
    std::vector<stats::RakingMargin> margins;
    for (const std::string& id : survey.rake_on) {
        const Grouping* g = survey.find_grouping(id);
        const PopulationMargin* m = profile.find(id);
        if (!m)
            throw InputError(survey.source + ": population.rake_on names " + id + ", but " + profile.source +
                             " has no margin for it");
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

}  // namespace gapfinder
