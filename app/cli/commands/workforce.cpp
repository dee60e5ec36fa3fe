// gapfinder workforce: each group's share of each pay band (or other dimension) against
// its share of all staff, and the survey's representation targets
// (analysis/workforce.hpp).
#include <iostream>
#include <sstream>

#include "analysis/workforce_output.hpp"
#include "cli/request_io.hpp"
#include "requests/analysis_options.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_workforce(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the staff survey", true);
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025", true);
    add_value_option(options, "dimension", "ID", "the dimension to break down (default: pay_band, else the first)");
    requests::add_breakdown_options(options);
    add_output_options(options);
    Arguments args("workforce", "--survey ID --wave LABEL [--dimension pay_band] [--by CHAR,...] [--format table|json]",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder workforce: unexpected argument \"" + args.positional().front() + "\"");
    const std::string format = output_format(args);
    if (format == "csv") throw InputError("gapfinder workforce: --format table or json");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const AnalysisSettings s = requests::breakdown_settings(args, survey);
    std::string dimension = args.get("dimension");
    if (dimension.empty()) {
        for (const auto& g : survey.groupings)
            if (g.kind == Grouping::Kind::dimension && (dimension.empty() || g.id == "pay_band")) dimension = g.id;
        if (dimension.empty()) throw InputError("survey " + survey.id + " has no dimensions (pay band, directorate...) to break down");
    }
    const std::string wave = args.get("wave");
    const WorkforceFindings f = workforce_representation(survey, ctx.store().load_wave(survey, wave), wave, dimension, s);
    if (format == "json") return write_output(args, workforce_to_json(f), f.rows.size() + f.targets.size()), 0;
    std::ostringstream text;
    write_workforce_table(f, text);
    write_output(args, text.str(), f.rows.size() + f.targets.size());
    return 0;
}

}  // namespace gapfinder::cli
