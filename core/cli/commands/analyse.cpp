// gapfinder analyse: the equality breakdown of one wave (analysis/breakdown.hpp), printed
// as a table or written as JSON or CSV.
#include <Poco/StringTokenizer.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "analysis/breakdown.hpp"
#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

namespace {

std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) out.push_back(t);
    return out;
}

double number_option(const Arguments& args, const std::string& name, double fallback, double low, double high) {
    if (!args.has(name)) return fallback;
    const std::string text = args.get(name);
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < low || v > high)
        throw InputError("--" + name + " \"" + text + "\": expected a number from " + std::to_string(low) + " to " +
                         std::to_string(high));
    return v;
}

}  // namespace

int run_analyse(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey to analyse", true);
    add_value_option(options, "wave", "LABEL", "the wave to analyse, e.g. 2025", true);
    add_value_option(options, "by", "CHAR,...", "characteristics or dimensions to break down by (default: all)");
    add_value_option(options, "questions", "ID,...", "questions to analyse (default: all)");
    add_flag(options, "intersections", "also every pair of the characteristics (e.g. sex x disability)");
    add_flag(options, "weighted", "weight to the survey's population profile (raking on population.rake_on)");
    add_value_option(options, "compare", "WITH", "rest (default), overall, largest, or a group id such as white_british");
    add_value_option(options, "level", "LEVEL", "recorded (default): categories as recorded; group: top-level groups");
    add_value_option(options, "correction", "METHOD", "bh (default), holm, bonferroni or none");
    add_value_option(options, "min-base", "N", "smallest base for a gap to be flagged (default 30)");
    add_value_option(options, "suppress-below", "N", "groups with fewer valid answers are suppressed (default 10)");
    add_value_option(options, "gap-pp", "X", "smallest gap in percentage points to flag (default 5)");
    add_value_option(options, "alpha", "A", "significance level after correction (default 0.05)");
    add_value_option(options, "round-counts", "N", "publish counts rounded to the nearest N, e.g. 5 (default: exact)");
    add_value_option(options, "format", "FORMAT", "table (default), json or csv");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
    Arguments args("analyse", "--survey ID --wave LABEL [--by CHAR,...] [--intersections] [--compare WITH] ...", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder analyse: unexpected argument \"" + args.positional().front() + "\"");

    AnalysisSettings s;
    s.by = comma_list(args.get("by"));
    s.questions = comma_list(args.get("questions"));
    s.intersections = args.has("intersections");
    s.weighted = args.has("weighted");
    if (args.has("compare")) s.compare = parse_comparison(args.get("compare"));
    if (args.has("level")) s.level = parse_level(args.get("level"));
    if (args.has("correction")) {
        try {
            s.correction = stats::parse_correction(args.get("correction"));
        } catch (const std::invalid_argument& e) {
            throw InputError(std::string("--correction: ") + e.what());
        }
    }
    s.suppress_below = number_option(args, "suppress-below", s.suppress_below, 0, 1e9);
    s.min_base = number_option(args, "min-base", s.min_base, 0, 1e9);
    if (s.min_base < s.suppress_below)
        throw InputError("--min-base (" + args.get("min-base", "30") + ") must not be below --suppress-below (" +
                         args.get("suppress-below", "10") + ")");
    s.gap_pp = number_option(args, "gap-pp", s.gap_pp, 0, 100);
    s.alpha = number_option(args, "alpha", s.alpha, 0, 1);
    s.round_counts_to = static_cast<int>(number_option(args, "round-counts", 0, 0, 1000));
    const std::string format = args.get("format", "table");
    if (format != "table" && format != "json" && format != "csv")
        throw InputError("--format \"" + format + "\": use table, json or csv");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const std::string wave = args.get("wave");
    const Dataset data = ctx.store().load_wave(survey, wave);
    std::optional<PopulationProfile> profile;
    if (!survey.population_profile.empty())
        profile = PopulationProfile::find_in(ctx.survey_folders(), survey.population_profile);
    else if (s.weighted)
        throw InputError(survey.source + ": --weighted needs \"population\": {\"profile\": ID, \"rake_on\": [...]} in the definition");
    const Findings findings = analyse(survey, data, wave, s, profile ? &*profile : nullptr);

    std::ostringstream text;
    if (format == "json") text << findings_to_json(findings);
    else if (format == "csv") write_findings_csv(findings, text);
    else write_findings_table(findings, text);
    if (!args.has("output")) {
        std::cout << text.str();
        return 0;
    }
    const std::string path = args.get("output");
    std::ofstream out(path, std::ios::binary);
    if (!(out << text.str()) || !out.flush()) throw InputError(path + ": cannot write the findings there");
    std::cerr << "Wrote " << findings.results.size() + findings.intersections.size() << " rows to " << path << "\n";
    return 0;
}

}  // namespace gapfinder::cli
