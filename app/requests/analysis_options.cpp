#include "requests/analysis_options.hpp"

#include <Poco/StringTokenizer.h>

#include <algorithm>

#include "analysis/disclosure.hpp"
#include "analysis/filter.hpp"
#include "util/errors.hpp"

namespace gapfinder::requests {

std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) out.push_back(t);
    return out;
}

namespace {

double number_option(const std::string& text, const std::string& name, double fallback, double low, double high) {
    return text.empty() ? fallback : number_in_range(text, name, low, high);
}

}  // namespace

std::string setting(const OptionValues& args, const SurveyDefinition& survey, const std::string& name) {
    if (args.has(name)) return args.get(name);
    auto it = survey.analysis_defaults.find(name);
    return it == survey.analysis_defaults.end() ? "" : it->second;
}

void add_breakdown_options(Poco::Util::OptionSet& options) {
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
    add_flag(options, "below-disclosure-floor",
             "allow settings and filters below the survey's disclosure floor; the output says it is NOT FOR PUBLICATION");
}

void add_request_options(Poco::Util::OptionSet& options) {
    add_value_option(options, "survey", "ID", "the survey to analyse", true);
    add_value_option(options, "wave", "LABEL", "the wave to analyse, e.g. 2025", true);
    add_flag(options, "intersections", "also every pair of the characteristics (e.g. sex x disability)");
    add_flag(options, "weighted", "weight: rake to the population profile (population.rake_on), or use the file's weight_column; variances follow its strata and clusters");
    add_value_option(options, "compare", "WITH", "rest (default), overall, largest, or a group id such as white_british");
    add_value_option(options, "round-counts", "N", "publish counts rounded to the nearest N, e.g. 5 (default: exact)");
    add_value_option(options, "previous-wave", "LABEL",
                     "report each gap's change since this wave (the trend; default: the previous stored wave; none: no trend)");
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
    s.below_disclosure_floor = args.has("below-disclosure-floor");
    s.suppress_below = number_option(get("suppress-below"), "suppress-below", s.suppress_below, 0, 1e9);
    s.min_base = number_option(get("min-base"), "min-base", s.min_base, 0, 1e9);
    // What the request leaves unsaid starts at the survey's floor; what it says must
    // not go below it (checked before any data is loaded).
    if (!args.has("suppress-below")) s.suppress_below = std::max(s.suppress_below, survey.disclosure.suppress_below);
    if (!args.has("min-base")) s.min_base = std::max({s.min_base, survey.disclosure.min_base, s.suppress_below});
    check_disclosure_floor(survey, s);
    check_filters(survey, s);
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
    if (s.round_counts_to < survey.disclosure.round_counts_to) {
        if (!args.has("round-counts"))
            s.round_counts_to = survey.disclosure.round_counts_to;
        else if (!s.below_disclosure_floor)
            throw InputError("--round-counts " + std::to_string(s.round_counts_to) + " is below the disclosure floor of survey " +
                             survey.id + " (" + std::to_string(survey.disclosure.round_counts_to) +
                             "; its definition's \"disclosure\" settings): a request may raise it, not lower it");
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

const std::vector<std::string>& pooled_option_names() {
    static const std::vector<std::string> names = with_breakdown({"intersections", "weighted", "compare", "round-counts"});
    return names;
}

}  // namespace gapfinder::requests
