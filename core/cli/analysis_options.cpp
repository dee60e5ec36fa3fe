#include "cli/analysis_options.hpp"

#include <Poco/StringTokenizer.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include "analysis/breakdown.hpp"
#include "analysis/filter.hpp"
#include "analysis/trend.hpp"
#include "util/errors.hpp"

#ifndef GAPFINDER_VERSION
#define GAPFINDER_VERSION "0.0.0"
#endif

namespace gapfinder::cli {

namespace {

std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) out.push_back(t);
    return out;
}

double number_option(const std::string& text, const std::string& name, double fallback, double low, double high) {
    return text.empty() ? fallback : number_in_range(text, name, low, high);
}

}  // namespace

std::string setting(const OptionValues& args, const SurveyDefinition& survey, const std::string& name) {
    if (args.has(name)) return args.get(name);
    auto it = survey.analysis_defaults.find(name);
    return it == survey.analysis_defaults.end() ? "" : it->second;
}

void add_breakdown_options(Poco::Util::OptionSet& options, bool with_output) {
    add_value_option(options, "filter", "DIMENSION=CATEGORY[,CATEGORY...]",
                     "only respondents in these categories of a characteristic or dimension (repeatable; all must hold)", false,
                     true);
    add_value_option(options, "by", "CHAR,...", "characteristics or dimensions to break down by (default: all)");
    add_value_option(options, "questions", "ID,...", "questions to analyse (default: all)");
    add_value_option(options, "level", "LEVEL", "recorded (default): categories as recorded; group: top-level groups");
    add_value_option(options, "correction", "METHOD", "bh (default), holm, bonferroni or none");
    add_value_option(options, "min-base", "N", "smallest base for a gap to be flagged (default 30)");
    add_value_option(options, "suppress-below", "N", "groups with fewer valid answers are suppressed (default 10)");
    add_value_option(options, "gap-pp", "X", "smallest gap in percentage points to flag (default 5)");
    add_value_option(options, "alpha", "A", "significance level after correction (default 0.05)");
    if (!with_output) return;
    add_value_option(options, "format", "FORMAT", "table (default), json or csv");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
}

AnalysisSettings breakdown_settings(const OptionValues& args, const SurveyDefinition& survey) {
    auto get = [&](const std::string& name) { return setting(args, survey, name); };
    AnalysisSettings s;
    std::vector<Filter> filters;
    for (const auto& text : args.all("filter")) filters.push_back(parse_filter(text));
    s.filters = resolve_filters(survey, filters);  // an unknown name stops here, before any data is loaded
    s.by = comma_list(args.get("by"));
    s.questions = comma_list(args.get("questions"));
    if (!get("level").empty()) s.level = parse_level(get("level"));
    if (!get("correction").empty()) {
        try {
            s.correction = stats::parse_correction(get("correction"));
        } catch (const std::invalid_argument& e) {
            throw InputError(std::string("--correction: ") + e.what());
        }
    }
    s.suppress_below = number_option(get("suppress-below"), "suppress-below", s.suppress_below, 0, 1e9);
    s.min_base = number_option(get("min-base"), "min-base", s.min_base, 0, 1e9);
    if (s.min_base < s.suppress_below)
        throw InputError("the minimum base (" + std::to_string(s.min_base) + ") must not be below the suppression threshold (" +
                         std::to_string(s.suppress_below) + ")");
    s.gap_pp = number_option(get("gap-pp"), "gap-pp", s.gap_pp, 0, 100);
    s.alpha = number_option(get("alpha"), "alpha", s.alpha, 0, 1);
    return s;
}

AnalysisSettings analyse_settings(const OptionValues& args, const SurveyDefinition& survey) {
    AnalysisSettings s = breakdown_settings(args, survey);
    s.intersections = args.has("intersections");
    s.weighted = args.has("weighted");
    if (const std::string compare = setting(args, survey, "compare"); !compare.empty()) s.compare = parse_comparison(compare);
    if (const std::string v = setting(args, survey, "round-counts"); !v.empty()) {
        if (v != "0" && v != "5" && v != "10")
            throw InputError("--round-counts \"" + v + "\": use 5 or 10 (or 0 for exact counts)");
        s.round_counts_to = std::stoi(v);
    }
    return s;
}

namespace {
const std::vector<std::string> kBreakdownNames = {"filter", "by", "questions", "level", "correction",
                                                  "min-base", "suppress-below", "gap-pp", "alpha"};
std::vector<std::string> with_breakdown(std::vector<std::string> names) {
    names.insert(names.end(), kBreakdownNames.begin(), kBreakdownNames.end());
    return names;
}
}  // namespace

const std::vector<std::string>& analyse_option_names() {
    static const std::vector<std::string> names =
        with_breakdown({"intersections", "weighted", "compare", "round-counts", "previous-wave"});
    return names;
}

const std::vector<std::string>& action_plan_option_names() {
    static const std::vector<std::string> names =
        with_breakdown({"layout", "previous-wave", "target-date", "intersections"});
    return names;
}

Findings analyse_request(Store& store, const std::vector<std::string>& survey_folders, const SurveyDefinition& survey,
                         const std::string& wave, const OptionValues& args) {
    const AnalysisSettings s = analyse_settings(args, survey);
    std::optional<PopulationProfile> profile;
    if (!survey.population_profile.empty())
        profile = PopulationProfile::find_in(survey_folders, survey.population_profile);
    else if (s.weighted)
        throw InputError(survey.source + ": --weighted needs \"population\": {\"profile\": ID, \"rake_on\": [...]} in the definition");
    using Clock = std::chrono::steady_clock;
    auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
    auto start = Clock::now();
    const Dataset data = store.load_wave(survey, wave);
    spdlog::info("loaded {} wave {} ({} respondents) in {:.3f} s", survey.id, wave, data.rows(), seconds(start));
    start = Clock::now();
    Findings findings = analyse(survey, data, wave, s, profile ? &*profile : nullptr);
    spdlog::info("analysed in {:.3f} s: {} group rows, {} intersection rows", seconds(start), findings.results.size(),
                 findings.intersections.size());

    if (args.has("previous-wave")) {
        const std::string previous = args.get("previous-wave");
        findings.trend = trend_between(survey, store.load_wave(survey, previous), previous, data, wave, s);
    }
    return findings;
}

plan::ActionPlan action_plan_request(Store& store, const SurveyDefinition& survey, const std::string& wave,
                                     const OptionValues& args) {
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
    s.intersections = args.has("intersections");
    Findings findings = analyse(survey, store.load_wave(survey, wave), wave, s);
    if (args.has("previous-wave")) {
        const std::string previous = args.get("previous-wave");
        AnalysisSettings t = s;
        t.intersections = false;
        const Findings earlier = analyse(survey, store.load_wave(survey, previous), previous, t);
        findings.trend = compare_waves(earlier, findings, t);
    }
    plan::BuildOptions options;
    options.layout = layout;
    options.keep_up_narrowing = args.has("previous-wave");
    options.target_date = args.get("target-date");
    return plan::build_plan(findings, survey, options);
}

std::string output_format(const Arguments& args) {
    const std::string format = args.get("format", "table");
    if (format != "table" && format != "json" && format != "csv")
        throw InputError("--format \"" + format + "\": use table, json or csv");
    return format;
}

void write_output(const Arguments& args, const std::string& text, size_t rows) {
    if (!args.has("output")) {
        std::cout << text;
        return;
    }
    const std::string path = args.get("output");
    std::ofstream out(path, std::ios::binary);
    if (!(out << text) || !out.flush()) throw InputError(path + ": cannot write there");
    std::cerr << "Wrote " << rows << " rows to " << path << "\n";
}

void add_request_options(Poco::Util::OptionSet& options) {
    add_value_option(options, "survey", "ID", "the survey to analyse", true);
    add_value_option(options, "wave", "LABEL", "the wave to analyse, e.g. 2025", true);
    add_flag(options, "intersections", "also every pair of the characteristics (e.g. sex x disability)");
    add_flag(options, "weighted", "weight to the survey's population profile (raking on population.rake_on)");
    add_value_option(options, "compare", "WITH", "rest (default), overall, largest, or a group id such as white_british");
    add_value_option(options, "round-counts", "N", "publish counts rounded to the nearest N, e.g. 5 (default: exact)");
    add_value_option(options, "previous-wave", "LABEL", "also report each gap's change since this wave (the trend)");
}

Findings analyse_request(Context& ctx, const Arguments& args, const SurveyDefinition** survey_out) {
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    if (survey_out) *survey_out = &survey;
    return analyse_request(ctx.store(), ctx.survey_folders(), survey, args.get("wave"), args);
}

report::ReportOptions report_options(const SurveyDefinition& survey) {
    report::ReportOptions options = report::options_for(survey);
    options.generator = std::string("gapfinder ") + GAPFINDER_VERSION;
    return options;
}

}  // namespace gapfinder::cli
