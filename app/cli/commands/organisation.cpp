// gapfinder organisation add|list and gapfinder partnership add|list: the councils that
// share a store, and partnerships of them with users of their own (docs/deployment.md).
// Every survey wave and user belongs to one organisation; a store made before them has
// one, "default".
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"
#include "web/audit.hpp"

namespace gapfinder::cli {

namespace {

std::vector<std::string> split_names(const std::string& list) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t comma = list.find(',', start);
        std::string name = list.substr(start, comma - start);
        const size_t first = name.find_first_not_of(' '), last = name.find_last_not_of(' ');
        if (first != std::string::npos) out.push_back(name.substr(first, last - first + 1));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

std::string joined_names(const std::vector<Organisation>& organisations) {
    std::string out;
    for (const auto& o : organisations) out += (out.empty() ? "" : ", ") + o.name;
    return out;
}

void list_organisations(Store& store, bool partnerships) {
    TextTable table(partnerships ? std::vector<std::string>{"NAME", "MEMBERS", "CREATED"}
                                 : std::vector<std::string>{"NAME", "KIND", "CREATED"});
    for (const auto& o : store.organisations()) {
        if (partnerships && !o.partnership()) continue;
        table.add({o.name, partnerships ? joined_names(store.members(o.id)) : o.kind, o.created_at});
    }
    table.print(std::cout, "");
}

// One NAME after the action, or none for list.
std::string name_for(const Arguments& args, const std::string& command) {
    const auto& pos = args.positional();
    if (pos.empty() || (pos[0] != "add" && pos[0] != "list"))
        throw InputError("gapfinder " + command + ": say add NAME or list (see gapfinder " + command + " --help)");
    const size_t want = pos[0] == "list" ? 1 : 2;
    if (pos.size() != want)
        throw InputError("gapfinder " + command + " " + pos[0] + ": " + (want == 1 ? "takes no NAME" : "give exactly one NAME"));
    return want == 2 ? pos[1] : "";
}

}  // namespace

int run_organisation(const Args& raw) {
    Poco::Util::OptionSet options;
    Arguments args("organisation", "add NAME | list\n       A council sharing this store; partnerships: gapfinder partnership",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const std::string name = name_for(args, "organisation");
    Context ctx(args);
    Store& store = ctx.store_for_accounts();
    if (name.empty()) return list_organisations(store, false), 0;
    const Organisation added = store.add_organisation(name, Organisation::kCouncil);
    web::audit(store.database(), command_line_user(), "cli", "organisation_add", "ok", added.name + " (council)", added.id);
    std::cout << "Added the council " << added.name << "; gapfinder user add NAME --role ROLE --organisation \"" << added.name
              << "\" gives it users\n";
    return 0;
}

int run_partnership(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "members", "\"A,B,C\"", "add: the councils in the partnership, by name, comma-separated");
    Arguments args("partnership",
                   "add NAME --members \"A,B,C\" | list\n"
                   "       A partnership of councils: its users read pooled outputs of its members' data, never their rows.\n"
                   "       add again with more --members to add councils to an existing partnership.",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const std::string name = name_for(args, "partnership");
    Context ctx(args);
    Store& store = ctx.store_for_accounts();
    if (name.empty()) return list_organisations(store, true), 0;
    const std::vector<std::string> members = split_names(args.get("members"));
    if (members.empty()) throw InputError("gapfinder partnership add: give its councils as --members \"A,B,C\"");
    // All of it or none: a misspelt member leaves no half-made partnership behind.
    db::Transaction tx(store.database());
    const auto existing = store.find_organisation(name);
    if (existing && !existing->partnership())
        throw InputError("\"" + existing->name + "\" is a council, not a partnership: only a partnership has members");
    const Organisation partnership = existing ? *existing : store.add_organisation(name, Organisation::kPartnership);
    for (const std::string& member : members) store.add_member(partnership.name, member);
    web::audit(store.database(), command_line_user(), "cli", existing ? "partnership_add_members" : "partnership_add", "ok",
               partnership.name + ": " + joined_names(store.members(partnership.id)), partnership.id);
    tx.commit();
    std::cout << (existing ? "The partnership " : "Added the partnership ") << partnership.name << " of "
              << joined_names(store.members(partnership.id)) << "\n";
    return 0;
}

}  // namespace gapfinder::cli
