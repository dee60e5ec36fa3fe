// gapfinder cube export and gapfinder pool analyse: a council's wave as a count cube,
// sent instead of its rows, and the partnership's analysis of several councils' cubes
// (core/analysis/cube.hpp, docs/partnerships.md).
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "action_plan/writers.hpp"
#include "analysis/cell_key.hpp"
#include "analysis/cube.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "requests/analysis_options.hpp"
#include "requests/pooled.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_cube(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey", true);
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025", true);
    add_value_option(options, "organisation", "NAME",
                     "who the cube comes from, as the partnership will name it, e.g. \"Council A\"; the store's council of "
                     "that name when it has one (gapfinder organisation list), else its \"default\"",
                     true);
    add_value_option(options, "level", "LEVEL", "recorded (default) or group: the level the partnership will analyse at");
    add_flag(options, "weighted", "also hold the sums of this wave's analysis weights (raked to its own population, or supplied)");
    add_flag(options, "no-intersections", "leave out the pairs of groupings (a smaller cube; no pooled intersections)");
    add_flag(options, "no-keys",
             "leave out the record keys' sums (from this store's cell key secret), without which the partnership cannot "
             "publish perturbed counts (pool analyse --counts perturbed)");
    options.addOption(Poco::Util::Option("output", "o", "the cube file to write").argument("FILE").required(true));
    Arguments args("cube", "export --survey ID --wave LABEL --organisation NAME [--weighted] [--level group] -o FILE.cube",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    if (pos.size() != 1 || pos[0] != "export") throw InputError("gapfinder cube: say export (see gapfinder cube --help)");

    Context ctx(args);
    ctx.organisation_may_be_unknown();
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const std::string wave = args.get("wave");
    const Dataset data = ctx.store().load_wave(survey, wave);
    CubeOptions o;
    o.organisation = args.get("organisation");
    if (o.organisation.empty()) throw InputError("--organisation: give the name the partnership knows you by");
    if (args.has("level")) o.level = parse_level(args.get("level"));
    o.intersections = !args.has("no-intersections");
    // The keys come from this store's own secret: each council's cells then have keys
    // that are unpredictable and the same whichever route reaches them, which is all the
    // cell key method asks of them (docs/partnerships.md).
    if (!args.has("no-keys")) o.record_keys = cell_key::record_keys(ctx.store().cell_key_secret(), survey.id, wave, data.ids);
    const CountCube cube = requests::wave_cube(ctx.survey_folders(), survey, data, wave, o, args.has("weighted"));
    const std::string bytes = write_cube(cube);
    const std::string path = args.get("output");
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out || !out.flush()) throw InputError(path + ": cannot write there");
    std::cerr << "Wrote the count cube of " << o.organisation << "'s " << survey.id << " wave " << wave << " ("
              << data.rows() << " respondents, " << cube.splits.size() << " splits, " << bytes.size() << " bytes) to " << path
              << ".\nA cube holds counts as small as one person: send it only to the partnership's trusted analyst, "
                 "as you would the rows.\n";
    return 0;
}

int run_pool(const Args& raw) {
    Poco::Util::OptionSet options;
    requests::add_breakdown_options(options);
    add_flag(options, "intersections", "also every pair of the characteristics (the cubes must hold pairs)");
    add_flag(options, "weighted", "use the weights the cubes hold (each council's own); Kish effective bases, no design");
    add_value_option(options, "compare", "WITH", "rest (default), overall, largest, or a group id such as white_british");
    add_value_option(options, "round-counts", "N", "publish counts rounded to the nearest N, e.g. 5 (default: exact)");
    add_counts_option(options);
    add_value_option(options, "format", "FORMAT", "analyse: text (default) or json; plan: xlsx, csv, md, html or json");
    add_value_option(options, "layout", "LAYOUT", "plan: eflg (default), harrow or simple");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
    Arguments args("pool",
                   "analyse A.cube B.cube ... [--by CHAR,...] [--counts exact|perturbed] [--format text|json] [-o FILE]\n"
                   "       gapfinder pool plan A.cube B.cube ... [--counts exact|perturbed] [--layout eflg|harrow|simple] -o FILE",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    if (pos.empty() || (pos[0] != "analyse" && pos[0] != "plan"))
        throw InputError("gapfinder pool: say analyse CUBE... or plan CUBE... (see gapfinder pool --help)");
    const bool planning = pos[0] == "plan";
    if (pos.size() < 2) throw InputError("gapfinder pool " + pos[0] + ": give one or more cube files");
    const std::string format = planning ? plan::plan_format(args.get("format"), args.get("output")) : args.get("format", "text");
    if (!planning && format != "text" && format != "table" && format != "json")
        throw InputError("--format \"" + format + "\": use text or json");
    if (planning) plan::check_layout(args.get("layout", "eflg"));

    std::vector<CountCube> cubes;
    for (size_t i = 1; i < pos.size(); ++i) {
        std::ifstream in(pos[i], std::ios::binary);
        if (!in) throw InputError(pos[i] + ": cannot read it");
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        cubes.push_back(read_cube(bytes, pos[i]));
    }
    Context ctx(args);
    const SurveyDefinition* survey = ctx.surveys().find(cubes.front().survey_id);
    if (!survey)
        throw InputError(pos[1] + " is a cube of survey " + cubes.front().survey_id +
                         ", which no survey definition here has: add its definition to --surveys-dir");
    for (size_t i = 0; i < cubes.size(); ++i) check_cube_definition(cubes[i], *survey, pos[i + 1]);
    if (planning) {
        const plan::ActionPlan p = requests::pooled_plan(*survey, cubes, args, args.get("layout", "eflg"), counts_option(args));
        plan::write_plan(p, format, args.get("output"));
        if (!args.get("output").empty())
            std::cerr << "Wrote a partnership action plan of " << p.rows.size() << " row(s) from " << cubes.size() << " cube(s) ("
                      << p.layout << " layout, " << format << ") to " << args.get("output") << "\n";
        return 0;
    }
    const PooledFindings pooled = requests::pooled_analysis(*survey, cubes, args, counts_option(args));
    const size_t rows = pooled.findings.results.size() + pooled.findings.intersections.size() + pooled.councils.size();
    if (format == "json") {
        write_output(args, rows, [&](std::ostream& out) { write_pooled_json(pooled, out); });
        return 0;
    }
    std::ostringstream text;
    write_pooled_text(pooled, text);
    write_output(args, text.str(), rows);
    return 0;
}

}  // namespace gapfinder::cli
