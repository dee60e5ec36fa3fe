// gapfinder analyse: the equality breakdown of one wave (analysis/breakdown.hpp), printed
// as a table or written as JSON or CSV; optionally with the trend from an earlier wave.
#include <iostream>
#include <sstream>

#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
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
    const Findings findings = analyse_request(ctx.store(), ctx.survey_folders(), survey, args.get("wave"), args);

    const size_t rows = findings.results.size() + findings.intersections.size() + findings.trend.size();
    if (format == "json") {
        write_output(args, findings_to_json(findings), rows);
        return 0;
    }
    std::ostringstream text;
    if (format == "csv") write_findings_csv(findings, text);
    else write_findings_table(findings, text);
    write_output(args, text.str(), rows);
    return 0;
}

}  // namespace gapfinder::cli
