#include "requests/requests.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <set>

#include "analysis/breakdown.hpp"
#include "analysis/cell_key.hpp"
#include "analysis/trend.hpp"
#include "requests/analysis_options.hpp"
#include "text/dictionary.hpp"
#include "text/redact.hpp"
#include "util/errors.hpp"

#ifndef GAPFINDER_VERSION
#define GAPFINDER_VERSION "0.0.0"
#endif

namespace gapfinder::requests {

Dataset load_wave(Store& store, const SurveyDefinition& survey, const std::string& wave, Counts counts) {
    Dataset data = store.load_wave(survey, wave);
    if (counts == Counts::perturbed) data.record_keys = cell_key::record_keys(store.cell_key_secret(), survey.id, wave, data.ids);
    return data;
}

Findings analyse_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                         const std::string& wave, const OptionValues& args, Counts counts) {
    AnalysisSettings s = analyse_settings(args, survey);
    s.perturb = counts == Counts::perturbed;
    std::optional<PopulationProfile> profile;
    if (!survey.population_profile.empty())
        profile = PopulationProfile::find_in(survey_folders, survey.population_profile);
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
    auto start = Clock::now();
    const Dataset data = load_wave(store, survey, wave, counts);
    spdlog::info("loaded {} wave {} ({} respondents) in {:.3f} s", survey.id, wave, data.rows(), seconds(start));
    start = Clock::now();
    Findings findings = analyse(survey, data, wave, s, profile ? &*profile : nullptr);
    spdlog::info("analysed in {:.3f} s: {} group rows, {} intersection rows", seconds(start), findings.results.size(),
                 findings.intersections.size());

    if (const std::string previous = previous_wave_for(store, survey, wave, args); !previous.empty())
        findings.trend = trend_between(survey, load_wave(store, survey, previous, counts), previous, data, wave, s);
    return findings;
}

std::string previous_wave_for(Store& store, const SurveyDefinition& survey, const std::string& wave, const OptionValues& args) {
    if (args.has("previous-wave")) {
        const std::string named = args.get("previous-wave");
        return named == kNoPreviousWave ? "" : named;
    }
    std::set<std::string> stored;  // sorted
    for (const auto& w : store.waves(survey.id)) stored.insert(w.wave);
    for (size_t i = 1; i < survey.waves.size(); ++i)
        if (survey.waves[i].label == wave && stored.count(survey.waves[i - 1].label)) return survey.waves[i - 1].label;
    std::string latest_before;
    for (const auto& label : stored)
        if (label < wave) latest_before = label;
    return latest_before;
}

plan::ActionPlan action_plan_request(Store& store, const SurveyDefinition& survey, const std::string& wave,
                                     const OptionValues& args, Counts counts) {
    const std::string layout = args.get("layout", "harrow");
    plan::check_layout(layout);
    // Compared with the rest, unweighted and with exact counts, as trend compares, so that
    // gapfinder track can test each row's change against this baseline.
    AnalysisSettings s = breakdown_settings(args, survey);
    // A plan's baseline rows carry no filter, so track would measure a filtered gap
    // against the whole wave: refuse rather than mislead.
    if (!s.filters.empty())
        throw InputError("gapfinder export action-plan: --filter is not supported: a plan's baselines cover the whole wave, "
                         "as gapfinder track measures them");
    if (s.below_disclosure_floor)
        throw InputError("gapfinder export action-plan: --below-disclosure-floor is not supported: an action plan is drafted "
                         "to be published, so it keeps to the survey's disclosure floor");
    s.intersections = args.has("intersections");
    s.perturb = counts == Counts::perturbed;
    Findings findings = analyse(survey, load_wave(store, survey, wave, counts), wave, s);
    const std::string previous = args.has("previous-wave") && args.get("previous-wave") != kNoPreviousWave ? args.get("previous-wave") : "";
    if (!previous.empty()) {
        AnalysisSettings t = s;
        t.intersections = false;
        const Findings earlier = analyse(survey, load_wave(store, survey, previous, counts), previous, t);
        findings.trend = compare_waves(earlier, findings, t);
    }
    plan::BuildOptions options;
    options.layout = layout;
    options.keep_up_narrowing = !previous.empty();
    options.target_date = args.get("target-date");
    return plan::build_plan(findings, survey, options);
}

const std::vector<std::string>& eqia_option_names() {
    static const std::vector<std::string> names = {"proposal", "by", "level", "correction", "min-base", "suppress-below", "gap-pp", "alpha"};
    return names;
}

eqia::Eqia eqia_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                        const std::string& wave, const OptionValues& args, Counts counts, bool include_quotes,
                        const std::string& quotes_note) {
    AnalysisSettings s = breakdown_settings(args, survey);
    if (!s.filters.empty())
        throw InputError("gapfinder export eqia: --filter is not supported: an equality impact assessment covers everyone who "
                         "responded");
    if (s.below_disclosure_floor)
        throw InputError("gapfinder export eqia: --below-disclosure-floor is not supported: the evidence is drafted to be "
                         "published, so it keeps to the survey's disclosure floor");
    if (args.has("questions"))
        throw InputError("gapfinder export eqia: --questions is not supported: the evidence covers the proposal (--proposal) "
                         "and the themes of the comments that explain it");
    const std::string proposal = eqia::proposal_question(survey, args.get("proposal"));
    // The family: the proposal and the themes of the comment that explains it.
    s.questions = {proposal};
    for (const auto& c : survey.comments)
        if (c.explains == proposal && c.rules)
            for (const auto& q : survey.questions)
                if (q.comment_id == c.id) s.questions.push_back(q.id);
    s.perturb = counts == Counts::perturbed;
    std::optional<PopulationProfile> profile;
    if (!survey.population_profile.empty()) profile = PopulationProfile::find_in(survey_folders, survey.population_profile);
    const Dataset data = load_wave(store, survey, wave, counts);
    const Findings findings = analyse(survey, data, wave, s, profile ? &*profile : nullptr);
    const text::Redactor redactor(text::Dictionary::load());
    eqia::BuildOptions options;
    options.proposal = proposal;
    options.include_quotes = include_quotes;
    options.quotes_note = quotes_note;
    return eqia::build_eqia(findings, survey, data, redactor, options);
}

report::ReportOptions report_options(const SurveyDefinition& survey) {
    report::ReportOptions options = report::options_for(survey);
    options.generator = std::string("gapfinder ") + GAPFINDER_VERSION;
    return options;
}

}  // namespace gapfinder::requests
