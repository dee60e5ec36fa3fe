// gapfinder analyse: the equality breakdown of one wave (analysis/breakdown.hpp), printed
// as a table or written as JSON or CSV; optionally with the trend from an earlier wave.
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>

#include "analysis/breakdown.hpp"
#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "analysis/trend.hpp"
#include "cli/analysis_options.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_analyse(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey to analyse", true);
    add_value_option(options, "wave", "LABEL", "the wave to analyse, e.g. 2025", true);
    add_flag(options, "intersections", "also every pair of the characteristics (e.g. sex x disability)");
    add_flag(options, "weighted", "weight to the survey's population profile (raking on population.rake_on)");
    add_value_option(options, "compare", "WITH", "rest (default), overall, largest, or a group id such as white_british");
    add_value_option(options, "round-counts", "N", "publish counts rounded to the nearest N, e.g. 5 (default: exact)");
    add_value_option(options, "previous-wave", "LABEL", "also report each gap's change since this wave (the trend)");
    add_breakdown_options(options);
    Arguments args("analyse", "--survey ID --wave LABEL [--by CHAR,...] [--intersections] [--weighted] [--compare WITH] ...",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder analyse: unexpected argument \"" + args.positional().front() + "\"");

    const std::string format = output_format(args);

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    AnalysisSettings s = breakdown_settings(args, survey);
    s.intersections = args.has("intersections");
    s.weighted = args.has("weighted");
    if (const std::string compare = setting(args, survey, "compare"); !compare.empty()) s.compare = parse_comparison(compare);
    if (const std::string v = setting(args, survey, "round-counts"); !v.empty()) {
        if (v != "0" && v != "5" && v != "10")
            throw InputError("--round-counts \"" + v + "\": use 5 or 10 (or 0 for exact counts)");
        s.round_counts_to = std::stoi(v);
    }
    const std::string wave = args.get("wave");
    std::optional<PopulationProfile> profile;
    if (!survey.population_profile.empty())
        profile = PopulationProfile::find_in(ctx.survey_folders(), survey.population_profile);
    else if (s.weighted)
        throw InputError(survey.source + ": --weighted needs \"population\": {\"profile\": ID, \"rake_on\": [...]} in the definition");
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
    auto start = Clock::now();
    const Dataset data = ctx.store().load_wave(survey, wave);
    spdlog::info("loaded {} wave {} ({} respondents) in {:.3f} s", survey.id, wave, data.rows(), seconds(start));
    start = Clock::now();
    Findings findings = analyse(survey, data, wave, s, profile ? &*profile : nullptr);
    spdlog::info("analysed in {:.3f} s: {} group rows, {} intersection rows", seconds(start), findings.results.size(),
                 findings.intersections.size());

    if (args.has("previous-wave")) {
        // The trend compares exact, unweighted gaps with the rest in both waves.
        AnalysisSettings t = s;
        t.compare = {};
        t.weighted = false;
        t.intersections = false;
        t.round_counts_to = 0;
        const std::string previous = args.get("previous-wave");
        const Findings earlier = analyse(survey, ctx.store().load_wave(survey, previous), previous, t);
        const Findings later = analyse(survey, data, wave, t);
        findings.trend = compare_waves(earlier, later, t);
    }

    const size_t rows = findings.results.size() + findings.intersections.size() + findings.trend.size();
    start = Clock::now();
    if (format == "json") {
        write_output(args, findings_to_json(findings), rows);
        spdlog::info("wrote JSON in {:.3f} s", seconds(start));
        return 0;
    }
    std::ostringstream text;
    if (format == "csv") write_findings_csv(findings, text);
    else write_findings_table(findings, text);
    write_output(args, text.str(), rows);
    return 0;
}

}  // namespace gapfinder::cli
