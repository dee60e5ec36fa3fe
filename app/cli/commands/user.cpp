// gapfinder user add|list|set-role|set-password|remove: the web app's accounts. Passwords
// are read from standard input (--password-stdin) or typed at a prompt, never taken
// from the command line, where other users could see them in the process list.
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"
#include "web/audit.hpp"
#include "web/auth.hpp"

namespace gapfinder::cli {

namespace {

std::string prompt_hidden(const std::string& prompt) {
    std::cerr << prompt << std::flush;
    termios old{};
    const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << '\n';
    return line;
}

std::string read_password(const Arguments& args) {
    if (args.has("password-stdin")) {
        std::string line;
        if (!std::getline(std::cin, line)) throw InputError("--password-stdin: nothing on standard input");
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    if (!isatty(STDIN_FILENO))
        throw InputError("give the password on standard input with --password-stdin, or run this in a terminal");
    const std::string first = prompt_hidden("Password (at least " + std::to_string(web::kMinPasswordLength) + " characters): ");
    web::check_password_rules(first);
    if (prompt_hidden("Same password again: ") != first) throw InputError("the two passwords differ; nothing was changed");
    return first;
}

}  // namespace

std::string command_line_user() {
    const char* user = std::getenv("USER");
    return std::string("cli:") + (user && *user ? user : "unknown");
}

int run_user(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "role", "ROLE", "admin, analyst or viewer");
    add_flag(options, "password-stdin", "read the password from the first line of standard input");
    Arguments args("user",
                   "add NAME --role admin|analyst|viewer [--organisation ORG] [--password-stdin] | list | "
                   "set-role NAME --role ROLE | set-password NAME [--password-stdin] | remove NAME\n"
                   "       Each acts on the users of --organisation (default: \"default\") only.",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    if (pos.empty()) throw InputError("gapfinder user: say add, list, set-role, set-password or remove (see gapfinder user --help)");
    const std::string action = pos[0];
    const size_t want = action == "list" ? 1 : 2;
    if (pos.size() != want)
        throw InputError("gapfinder user " + action + ": " + (want == 1 ? "takes no NAME" : "give exactly one NAME"));

    Context ctx(args);
    // One organisation's users: another's are "no user named", as they are to its admins.
    Store& store = ctx.store_for_accounts();
    const int64_t organisation = store.organisation();
    auto& db = store.database();
    web::Accounts accounts(db, organisation);
    if (action == "list") {
        TextTable table({"NAME", "ROLE", "CREATED", "UPDATED"});
        for (const auto& u : accounts.list()) table.add({u.name, web::role_name(u.role), u.created_at, u.updated_at});
        table.print(std::cout, "");
        return 0;
    }
    const std::string name = pos[1];
    if (action == "add") {
        if (!args.has("role")) throw InputError("gapfinder user add: give --role admin, analyst or viewer");
        const web::Role role = web::parse_role(args.get("role"));
        web::check_user_name(name);
        const auto user = accounts.add(name, role, read_password(args));
        web::audit(db, command_line_user(), "cli", "user_add", "ok",
                   user.name + " as " + web::role_name(user.role) + " in " + ctx.organisation().name, organisation);
        std::cout << "Added " << user.name << " (" << web::role_name(user.role) << ") to " << ctx.organisation().name << "\n";
    } else if (action == "set-role") {
        if (!args.has("role")) throw InputError("gapfinder user set-role: give --role admin, analyst or viewer");
        const web::Role role = web::parse_role(args.get("role"));
        accounts.set_role(name, role);
        web::audit(db, command_line_user(), "cli", "user_set_role", "ok", name + " to " + web::role_name(role), organisation);
        std::cout << name << " is now " << web::role_name(role) << " (from their next sign-in)\n";
    } else if (action == "set-password") {
        if (!accounts.find(name)) throw InputError("no user named \"" + name + "\"");
        accounts.set_password(name, read_password(args));
        web::audit(db, command_line_user(), "cli", "user_set_password", "ok", name, organisation);
        std::cout << "Changed the password of " << name << "\n";
    } else if (action == "remove") {
        accounts.remove(name);
        web::audit(db, command_line_user(), "cli", "user_remove", "ok", name, organisation);
        std::cout << "Removed " << name << "\n";
    } else {
        throw InputError("gapfinder user: \"" + action + "\" is not add, list, set-role, set-password or remove");
    }
    return 0;
}

}  // namespace gapfinder::cli
