// Command-line parsing for one subcommand, on top of Poco::Util's OptionSet and
// OptionProcessor: the options every command shares are added here, and the rest of
// the arguments are kept as positional values.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <ostream>
#include <string>
#include <vector>

#include "requests/option_values.hpp"

namespace gapfinder::cli {

using requests::add_flag;
using requests::add_value_option;
using requests::number_in_range;
using requests::OptionValues;

class Arguments : public OptionValues {
public:
    // Throws InputError on an unknown option, a missing value or a missing required option.
    Arguments(const std::string& command, const std::string& usage, Poco::Util::OptionSet options,
              const std::vector<std::string>& args);

    const std::vector<std::string>& positional() const { return positional_; }
    bool help_requested() const { return has("help"); }
    // The store: --db, else the GAPFINDER_DB environment variable, else gapfinder.db.
    std::string store_location() const;
    void print_help(std::ostream& out) const;

private:
    std::string command_, usage_;
    Poco::Util::OptionSet options_;
    std::vector<std::string> positional_;
};

}  // namespace gapfinder::cli
