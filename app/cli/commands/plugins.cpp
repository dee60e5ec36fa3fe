#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/commands/listings.hpp"
#include "cli/context.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

namespace {
std::string api_text(uint32_t v) { return std::to_string(v >> 16) + "." + std::to_string(v & 0xFFFF); }
}  // namespace

// Prints the plugin table; shared with demo.
void print_plugins(PluginHost& host, std::ostream& out) {
    TextTable table({"ID", "VERSION", "API", "EXTENSIONS", "NAME", "PATH"});
    for (const auto& p : host.plugins())
        table.add({p->id(), p->version(), api_text(p->api_version), p->extensions(), p->display_name(), p->path});
    out << host.plugins().size() << " plugin(s) loaded (host plugin API " << api_text(GF_PLUGIN_API_VERSION) << ")\n";
    if (!host.plugins().empty()) table.print(out, "  ");
    if (!host.refused().empty()) {
        out << host.refused().size() << " file(s) refused:\n";
        for (const auto& r : host.refused()) out << "  " << r.path << ": " << r.reason << '\n';
    }
}

int run_plugins(const Args& raw) {
    Arguments args("plugins", "[--plugin-dir DIR]...", {}, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    Context ctx(args);
    print_plugins(ctx.plugins(), std::cout);
    return 0;
}

}  // namespace gapfinder::cli
