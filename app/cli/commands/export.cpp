// gapfinder export action-plan: an equality action plan drafted from one wave's flagged
// gaps (exports/action_plan), in the Harrow, EFLG or simple layout, as XLSX, CSV,
// Markdown, HTML or JSON; gapfinder export eqia: the evidence for an equality impact
// assessment of a consultation's proposal (exports/eqia), as XLSX, HTML or Markdown.
#include <iostream>
#include <map>

#include "action_plan/plan.hpp"
#include "action_plan/writers.hpp"
#include "eqia/eqia.hpp"
#include "requests/analysis_options.hpp"
#include "requests/requests.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

namespace {

int export_action_plan(const Arguments& args) {
    const std::string format = plan::plan_format(args.get("format"), args.get("output"));
    plan::check_layout(args.get("layout", "harrow"));
    if (!args.has("survey") || !args.has("wave"))
        throw InputError("gapfinder export action-plan: give --survey ID and --wave LABEL");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const plan::ActionPlan p = requests::action_plan_request(ctx.store(), survey, args.get("wave"), args, counts_option(args));
    plan::write_plan(p, format, args.get("output"));
    if (args.has("output"))
        std::cerr << "Wrote an action plan of " << p.rows.size() << " row(s) (" << p.layout << " layout, " << format << ") to "
                  << args.get("output") << "\n";
    return 0;
}

int export_eqia(const Arguments& args) {
    const std::string format = eqia::eqia_format(args.get("format"), args.get("output"));
    if (!args.has("survey") || !args.has("wave")) throw InputError("gapfinder export eqia: give --survey ID and --wave LABEL");
    for (const char* name : {"layout", "previous-wave", "target-date", "intersections"})
        if (args.has(name)) throw InputError(std::string("gapfinder export eqia: --") + name + " is for action plans only");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const eqia::Eqia e =
        requests::eqia_request(ctx.store(), ctx.survey_folders(), survey, args.get("wave"), args, counts_option(args));
    eqia::write_eqia(e, format, args.get("output"));
    if (args.has("output")) {
        size_t negative = 0;
        for (const auto& s : e.sections) negative += s.impact == eqia::Impact::negative;
        std::cerr << "Wrote the EqIA evidence for " << e.proposal << " (" << format << ", " << e.sections.size()
                  << " characteristics, " << negative << " with a draft negative impact) to " << args.get("output") << "\n";
    }
    return 0;
}

}  // namespace

int run_export(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey");
    add_value_option(options, "wave", "LABEL", "the wave whose gaps the plan addresses, e.g. 2025");
    add_value_option(options, "layout", "LAYOUT", "harrow (default: grouped by objective), eflg (by EFLG area) or simple (flat)");
    add_value_option(options, "previous-wave", "LABEL", "also draft a row to keep up each gap that narrowed since this wave");
    add_value_option(options, "target-date", "TEXT", "target date of every row (default: the next wave's fieldwork date)");
    add_value_option(options, "proposal", "QUESTION", "eqia: the closed question on the proposal (default: the one a coded comment explains)");
    add_flag(options, "intersections", "also draft rows for flagged intersections (e.g. female x disabled)");
    requests::add_breakdown_options(options);
    add_counts_option(options);
    add_value_option(options, "format", "FORMAT", "xlsx, csv, md, html or json; eqia: xlsx, html or md (default: from the -o file's extension, else md)");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
    Arguments args("export",
                   "action-plan --survey ID --wave LABEL [--layout harrow|eflg|simple] [--format F] -o FILE\n"
                   "       gapfinder export eqia --survey ID --wave LABEL [--proposal QUESTION] [--format xlsx|html|md] -o FILE",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (args.positional().empty()) throw InputError("gapfinder export: say what to export: gapfinder export action-plan|eqia ...");
    const std::string what = args.positional().front();
    if (args.positional().size() > 1) throw InputError("gapfinder export: unexpected argument \"" + args.positional()[1] + "\"");
    if (what == "action-plan") return export_action_plan(args);
    if (what == "eqia") return export_eqia(args);
    throw InputError("gapfinder export: \"" + what + "\" is not something to export (use action-plan or eqia)");
}

}  // namespace gapfinder::cli
