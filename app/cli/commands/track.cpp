// gapfinder track: reads an action plan written by gapfinder export (JSON, or a workbook
// that people may have edited), measures each row's gap again on a later wave, and
// writes the plan with its progress: closed, narrowed, no significant change, widened.
#include <iostream>
#include <map>

#include "action_plan/plan.hpp"
#include "action_plan/track.hpp"
#include "action_plan/writers.hpp"
#include "analysis/breakdown.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_track(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "plan", "FILE", "the plan: a .json or .xlsx written by gapfinder export (edited or not)", true);
    add_value_option(options, "survey", "ID", "the survey the plan was drafted from", true);
    add_value_option(options, "wave", "LABEL", "the new wave to measure the gaps on, e.g. 2025", true);
    add_value_option(options, "layout", "LAYOUT", "harrow, eflg or simple (default: the plan's own)");
    add_value_option(options, "format", "FORMAT", "xlsx, csv, md, html or json (default: from the -o file's extension, else md)");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
    Arguments args("track", "--plan plan.xlsx --survey ID --wave NEW [--format F] [-o FILE]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty()) throw InputError("gapfinder track: unexpected argument \"" + args.positional().front() + "\"");
    const std::string format = plan::plan_format(args.get("format"), args.get("output"));

    Context ctx(args);
    const std::string source = args.get("plan");
    plan::ActionPlan p = plan::read_plan(source, ctx.plugins());
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    if (p.survey_id != survey.id)
        throw InputError(source + ": the plan was drafted from survey \"" + p.survey_id + "\", not \"" + survey.id + "\"");
    if (args.has("layout")) {
        p.layout = args.get("layout");
        plan::check_layout(p.layout);
    }
    AnalysisSettings s;
    try {
        s = plan::analysis_settings(p.settings);
    } catch (const std::invalid_argument& e) {
        throw InputError(source + ": the plan's settings: " + e.what());
    }
    const std::string wave = args.get("wave");
    std::map<std::string, Findings> baselines;
    for (const auto& r : p.rows) {
        if (!r.has_baseline() || baselines.count(r.baseline_wave)) continue;
        if (r.baseline_wave == wave)
            throw InputError(source + ": " + r.origin + ": the baseline is wave " + wave + " itself; track the plan on a later wave");
        baselines.emplace(r.baseline_wave, analyse(survey, ctx.store().load_wave(survey, r.baseline_wave), r.baseline_wave, s));
    }
    const Findings now = analyse(survey, ctx.store().load_wave(survey, wave), wave, s);
    plan::track_plan(p, survey, baselines, now, source);
    plan::write_plan(p, format, args.get("output"));
    if (args.has("output")) {
        std::map<std::string, int> count;
        for (const auto& r : p.rows) ++count[r.progress ? r.progress->status : "not measured"];
        std::cout << "Tracked " << p.rows.size() << " row(s) of " << source << " on wave " << wave << ":";
        const char* sep = " ";
        for (const char* status : {"closed", "narrowed", "no significant change", "widened", "not measured"})
            if (count[status]) std::cout << sep << count[status] << ' ' << status, sep = ", ";
        std::cout << "\nWrote " << args.get("output") << "\n";
    }
    return 0;
}

}  // namespace gapfinder::cli
