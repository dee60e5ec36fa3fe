#include "cli/arguments.hpp"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>

#include <cstdlib>
#include <iostream>

#include "util/errors.hpp"

namespace gapfinder::cli {

std::string Arguments::store_location() const {
    if (has("db")) return get("db");
    const char* env = std::getenv("GAPFINDER_DB");
    return env && *env ? env : "gapfinder.db";
}

Arguments::Arguments(const std::string& command, const std::string& usage, Poco::Util::OptionSet options,
                     const std::vector<std::string>& args)
    : command_(command), usage_(usage), options_(std::move(options)) {
    add_value_option(options_, "db", "PATH|URL",
                     "the store: an SQLite file, or postgresql://USER@HOST:PORT/DBNAME (default: $GAPFINDER_DB, else "
                     "gapfinder.db in the working directory)");
    // Every command's, so that each reads and writes one organisation's survey data
    // (cli/context.hpp); cube export has its own, which names the council in the cube too.
    if (!options_.hasOption("organisation"))
        add_value_option(options_, "organisation", "NAME",
                         "the council whose survey data to read and write, or whose users to manage (default: \"default\", "
                         "the organisation of a store that has only one)");
    add_value_option(options_, "plugin-dir", "DIR", "also load plugins from DIR (after the built-in folders)", false, true);
    add_value_option(options_, "surveys-dir", "DIR", "look for survey definitions in DIR first", false, true);
    add_value_option(options_, "log-file", "PATH", "also write a detailed log to PATH");
    add_flag(options_, "verbose", "log what happens, not only warnings and errors");
    add_flag(options_, "help", "show this help");

    Poco::Util::OptionProcessor processor(options_);
    processor.setUnixStyle(true);
    try {
        for (const auto& arg : args) {
            std::string name, value;
            if (processor.process(arg, name, value)) {
                if (!name.empty()) values_[name].push_back(value);
            } else {
                positional_.push_back(arg);
            }
        }
        if (!has("help")) processor.checkRequired();
    } catch (const Poco::Util::OptionException& e) {
        throw InputError("gapfinder " + command_ + ": " + e.displayText() + " (see gapfinder " + command_ + " --help)");
    }
}

void Arguments::print_help(std::ostream& out) const {
    Poco::Util::HelpFormatter help(options_);
    help.setUnixStyle(true);
    help.setCommand("gapfinder " + command_);
    help.setUsage(usage_);
    help.setWidth(100);
    help.format(out);
}

}  // namespace gapfinder::cli
