#include "ingest/ingest.hpp"

#include <cstdio>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

int run_ingest(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey definition the file follows", true);
    add_value_option(options, "wave", "LABEL", "the wave the file belongs to, e.g. 2025", true);
    add_value_option(options, "plugin", "ID", "read with this plugin instead of the one identify() picks");
    add_value_option(options, "option", "KEY=VALUE", "pass an option to the plugin (e.g. encoding=windows-1252)", false, true);
    add_flag(options, "replace", "replace an earlier ingest of the same file (same content or name) in this wave");
    Arguments args("ingest", "FILE --survey ID --wave LABEL [--plugin ID] [--replace]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (args.positional().size() != 1) throw InputError("gapfinder ingest: give exactly one FILE (see gapfinder ingest --help)");

    Context ctx(args);
    IngestRequest request;
    request.file = args.positional().front();
    request.wave = args.get("wave");
    request.replace = args.has("replace");
    if (args.has("plugin")) request.plugin_id = args.get("plugin");
    for (const auto& kv : args.all("option")) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError("--option \"" + kv + "\": expected KEY=VALUE");
        request.options.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const IngestResult r = ingest_file(ctx.plugins(), survey, ctx.store(), request);
    char timing[64];
    std::snprintf(timing, sizeof timing, "read %.2f s, store %.2f s", r.read_seconds, r.store_seconds);
    std::cout << "Ingested " << with_commas(r.record.respondents) << " respondents from " << request.file << " into "
              << survey.id << " wave " << r.record.wave << " with plugin " << r.record.plugin_id << " (" << timing << ")\n";
    return 0;
}

}  // namespace gapfinder::cli
