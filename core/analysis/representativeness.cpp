#include "analysis/representativeness.hpp"

#include <algorithm>
#include <limits>

#include "analysis/population_match.hpp"
#include "analysis/suppression.hpp"
#include "domain/bands.hpp"
#include "domain/catalogue.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

std::vector<Representativeness> compare_with_population(const SurveyDefinition& survey, const Dataset& data,
                                                        const PopulationProfile& profile, double suppress_below) {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    std::vector<Representativeness> out;
    for (size_t gi = 0; gi < survey.groupings.size(); ++gi) {
        const Grouping& g = survey.groupings[gi];
        const PopulationMargin* published = g.kind == Grouping::Kind::characteristic ? profile.find(g.id) : nullptr;
        if (!published) continue;
        // Compared in the bands the survey records when the margin is finer (single years).
        const PopulationMargin fitted = margin_for(g, *published, survey.source, profile.source);
        const PopulationMargin* m = &fitted;
        const auto index = population_index(g, *m);
        std::vector<double> observed(m->counts.size(), 0);
        Representativeness r;
        r.characteristic = g.id;
        r.profile = profile.id;
        r.source = m->source;
        for (uint8_t code : data.groupings[gi]) {
            const int i = index[code];
            if (i >= 0) ++observed[static_cast<size_t>(i)];
            else if (i == kNotDisclosed) ++r.undisclosed;
            // Categories the margin cannot place (recorded more coarsely than published)
            // are left out of the comparison.
        }
        std::vector<double> population;
        for (size_t i = 0; i < m->counts.size(); ++i) {
            r.respondents += observed[i];
            population.push_back(m->counts[i].second);
        }
        const double population_total = m->total();
        const auto reasons = suppression_reasons(observed, suppress_below);

        // The test pools the hidden groups into one cell. Run on every group, its
        // statistic (published with the shown counts and the total) would be an equation
        // the hidden counts could be solved from; pooled, it depends only on their sum,
        // which the total already gives away.
        std::vector<double> test_observed, test_population;
        double hidden_observed = 0, hidden_population = 0;
        bool any_hidden = false;
        for (size_t i = 0; i < observed.size(); ++i) {
            if (reasons[i].empty()) {
                test_observed.push_back(observed[i]);
                test_population.push_back(population[i]);
            } else {
                any_hidden = true;
                hidden_observed += observed[i];
                hidden_population += population[i];
            }
        }
        if (any_hidden) {
            test_observed.push_back(hidden_observed);
            test_population.push_back(hidden_population);
        }
        const auto test = stats::chi_square_goodness_of_fit(test_observed, test_population);
        r.statistic = test.statistic;
        r.df = test.df;
        r.p = test.p;

        const Characteristic* c = find_characteristic(g.id);
        for (size_t i = 0; i < m->counts.size(); ++i) {
            RepresentativenessGroup rg;
            rg.category = m->counts[i].first;
            // The survey's own bands are named as the survey names them.
            const auto own = std::find_if(g.categories.begin(), g.categories.end(),
                                          [&](const Category& cat) { return g.banded && cat.id == rg.category; });
            const int ci = c ? c->find(rg.category) : -1;
            rg.label = own != g.categories.end() ? own->label
                       : ci >= 0                 ? c->categories[static_cast<size_t>(ci)].label
                                                 : rg.category;
            rg.population = m->counts[i].second;
            rg.population_share = rg.population / population_total;
            rg.respondents = observed[i];
            rg.respondent_share = r.respondents > 0 ? observed[i] / r.respondents : kNaN;
            rg.ratio = rg.population_share > 0 ? rg.respondent_share / rg.population_share : kNaN;
            rg.under_represented = rg.ratio < kUnderRepresented;
            if (!reasons[i].empty()) {
                rg.suppressed = true;
                rg.respondents = rg.respondent_share = rg.ratio = kNaN;
                // A group hidden for its small base has fewer than suppress_below
                // respondents, which the reader knows. "Under-represented" says no more
                // when even suppress_below respondents would be under 0.8 of the
                // expected number; otherwise it narrows the hidden count, so it is not
                // assessed. A group hidden to protect another may be large: not assessed.
                const double expected = rg.population_share * r.respondents;
                rg.assessed = reasons[i] == "small base" && suppress_below <= kUnderRepresented * expected;
                rg.under_represented = rg.assessed;
            }
            r.groups.push_back(std::move(rg));
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace gapfinder
