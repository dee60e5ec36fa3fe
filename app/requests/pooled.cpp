#include "requests/pooled.hpp"

#include <optional>

#include "action_plan/partnership_plan.hpp"
#include "analysis/weighting.hpp"
#include "domain/population.hpp"
#include "requests/analysis_options.hpp"

namespace gapfinder::requests {

CountCube wave_cube(const std::vector<std::string>& survey_folders, const SurveyDefinition& survey, const Dataset& data,
                    const std::string& wave, const CubeOptions& options, bool weighted) {
    CubeOptions o = options;
    if (weighted) {
        std::optional<PopulationProfile> profile;
        if (!survey.population_profile.empty()) profile = PopulationProfile::find_in(survey_folders, survey.population_profile);
        WeightingSummary summary;
        std::vector<std::vector<int>> raking_categories;
        o.weights = analysis_weights(survey, data, profile ? &*profile : nullptr, summary, raking_categories);
    }
    return build_cube(survey, data, wave, o);
}

std::vector<CountCube> member_cubes(Store& store, const std::vector<Organisation>& members,
                                    const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                                    const std::string& wave, const OptionValues& args, Counts counts) {
    struct Rescope {
        Store& store;
        int64_t was;
        ~Rescope() { store.use_organisation(was); }
    } rescope{store, store.organisation()};
    std::vector<CountCube> cubes;
    for (const Organisation& member : members) {
        store.use_organisation(member.id);
        if (store.ingests(survey.id, wave).empty()) continue;
        CubeOptions o;
        o.organisation = member.name;
        o.intersections = args.has("intersections");
        if (args.has("level")) o.level = parse_level(args.get("level"));  // pooled at the cubes' level
        const Dataset data = load_wave(store, survey, wave, counts);  // with record keys when perturbed
        o.record_keys = data.record_keys;
        cubes.push_back(wave_cube(survey_folders, survey, data, wave, o, args.has("weighted")));
    }
    return cubes;
}

namespace {
AnalysisSettings pooled_settings(const SurveyDefinition& survey, const OptionValues& args, Counts counts) {
    AnalysisSettings s = analyse_settings(args, survey);
    s.perturb = counts == Counts::perturbed;
    return s;
}
}  // namespace

PooledFindings pooled_analysis(const SurveyDefinition& survey, const std::vector<CountCube>& cubes, const OptionValues& args,
                               Counts counts) {
    return analyse_pooled(survey, cubes, pooled_settings(survey, args, counts));
}

plan::ActionPlan pooled_plan(const SurveyDefinition& survey, const std::vector<CountCube>& cubes, const OptionValues& args,
                             const std::string& layout, Counts counts) {
    const AnalysisSettings settings = pooled_settings(survey, args, counts);
    const PooledFindings pooled = analyse_pooled(survey, cubes, settings);
    // Each council's own findings, from its cube alone, say which councils show a gap.
    std::vector<plan::CouncilFindings> councils;
    for (const CountCube& cube : cubes)
        councils.push_back({cube.parts.empty() ? cube.survey_id : cube.parts.front().organisation,
                            analyse_pooled(survey, {cube}, settings).findings});
    plan::BuildOptions build;
    build.layout = layout;
    return plan::build_partnership_plan(pooled.findings, councils, survey, build);
}

}  // namespace gapfinder::requests
