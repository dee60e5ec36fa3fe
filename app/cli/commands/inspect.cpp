// gapfinder inspect: which plugin reads a file, what its columns hold, and a draft
// survey definition to start from (inspect/draft_definition.hpp).
#include <Poco/File.h>
#include <Poco/Path.h>

#include <fstream>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "inspect/column_profile.hpp"
#include "inspect/draft_definition.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

namespace {

std::string survey_id_from(const std::string& file) {
    std::string id;
    for (char ch : Poco::Path(file).getBaseName()) {
        if (std::isalnum(static_cast<unsigned char>(ch))) id += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        else if (!id.empty() && id.back() != '-') id += '-';
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.empty() ? "new-survey" : id;
}

std::string summary(const ColumnProfile& c) {
    if (c.many_values) return "many different values";
    std::vector<std::pair<uint64_t, std::string>> top;
    for (const auto& [value, count] : c.values) top.emplace_back(count, value);
    std::sort(top.rbegin(), top.rend());
    std::string out;
    for (size_t i = 0; i < top.size() && i < 3; ++i)
        out += (i ? "; " : "") + top[i].second.substr(0, 40) + " (" + with_commas(top[i].first) + ")";
    if (top.size() > 3) out += "; ...";
    return out;
}

}  // namespace

int run_inspect(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "plugin", "ID", "read with this plugin instead of the most confident one");
    add_value_option(options, "option", "KEY=VALUE", "pass an option to the plugin (e.g. sheet=Responses)", false, true);
    add_value_option(options, "id", "SURVEY_ID", "the id to give the draft definition (default: from the file name)");
    options.addOption(Poco::Util::Option("output", "o", "write the draft definition to FILE (default: <file>-draft.json)")
                          .argument("FILE"));
    add_flag(options, "replace", "overwrite the draft file if it exists");
    Arguments args("inspect", "FILE [--plugin ID] [--option KEY=VALUE] [-o DRAFT.json]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (args.positional().size() != 1) throw InputError("gapfinder inspect: give exactly one FILE (see gapfinder inspect --help)");
    const std::string file = args.positional().front();
    if (!Poco::File(file).exists()) throw InputError(file + ": no such file");

    Context ctx(args);
    std::cout << "== Which plugin reads " << file << "\n";
    TextTable plugins({"plugin", "confidence", ""});
    const auto ranked = ctx.plugins().identify(file);
    const Plugin& chosen = ctx.plugins().choose(file, args.has("plugin") ? std::optional(args.get("plugin")) : std::nullopt);
    for (const auto& c : ranked)
        plugins.add({c.plugin->id(), std::to_string(c.confidence), c.plugin == &chosen ? "<- reads it" : ""});
    plugins.print(std::cout, "  ");

    std::vector<std::pair<std::string, std::string>> plugin_options;
    for (const auto& kv : args.all("option")) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError("--option \"" + kv + "\": expected KEY=VALUE");
        plugin_options.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    ProfileSink profile;
    ctx.plugins().read(chosen, file, plugin_options, profile);

    std::cout << "\n== Columns (headings on row " << profile.heading_row() << ", " << with_commas(profile.rows())
              << " respondents)\n";
    TextTable columns({"#", "heading", "blank", "distinct", "most common"});
    for (size_t i = 0; i < profile.columns().size(); ++i) {
        const ColumnProfile& c = profile.columns()[i];
        columns.add({std::to_string(i + 1), c.heading.substr(0, 60), with_commas(c.blank),
                     c.many_values ? "many" : with_commas(c.values.size()), summary(c)});
    }
    columns.print(std::cout, "  ");

    const std::string id = args.get("id", survey_id_from(file));
    const DraftDefinition draft = draft_definition(id, "Draft from " + Poco::Path(file).getFileName(), profile);
    std::cout << "\n== Recognised\n";
    for (const auto& line : draft.recognised) std::cout << "  " << line << "\n";
    std::cout << "\n== Not mapped (" << draft.not_mapped.size() << "): edit the draft for these\n";
    for (const auto& line : draft.not_mapped) std::cout << "  " << line << "\n";

    const std::string output = args.get("output", id + "-draft.json");
    if (Poco::File(output).exists() && !args.has("replace"))
        throw InputError(output + " already exists; give another -o FILE or --replace");
    std::ofstream out(output, std::ios::binary);
    if (!(out << draft.json) || !out.flush()) throw InputError(output + ": cannot write the draft there");
    std::cout << "\nWrote the draft definition to " << output
              << ". Check kind, title, themes and the question ids, then put it in a surveys folder.\n";
    return 0;
}

}  // namespace gapfinder::cli
