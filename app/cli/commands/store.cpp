// gapfinder store copy FROM TO: moves a whole store between backends (an SQLite file
// and a PostgreSQL database, either way round) and shows each table's count and content
// hash, which the copy has checked equal on both sides.
#include <iostream>

#include "cli/arguments.hpp"
#include "cli/commands/commands.hpp"
#include "store/store_copy.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

int run_store(const Args& raw) {
    Arguments args("store", "copy FROM TO   (each an SQLite path or a postgresql:// URL; TO must be empty)", {}, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    if (pos.empty() || pos[0] != "copy") throw InputError("gapfinder store: say copy FROM TO (see gapfinder store --help)");
    if (pos.size() != 3) throw InputError("gapfinder store copy: give exactly FROM and TO");
    if (pos[1] == pos[2]) throw InputError("gapfinder store copy: FROM and TO are the same store");

    Store from(pos[1]);
    Store to(pos[2]);
    const auto tables = copy_store(from, to);
    TextTable table({"TABLE", "ROWS", "SHA-256 OF THE ROWS"});
    for (const auto& t : tables) table.add({t.table, std::to_string(t.rows), t.content_hash});
    std::cout << "Copied " << from.path() << " to " << to.path() << "; counts and content hashes match on both:\n";
    table.print(std::cout, "  ");
    return 0;
}

}  // namespace gapfinder::cli
