// Command-line parsing for one subcommand, on top of Poco::Util's OptionSet and
// OptionProcessor: the options every command shares are added here, and the rest of
// the arguments are kept as positional values.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <map>
#include <string>
#include <vector>

namespace gapfinder::cli {

class Arguments {
public:
    // Throws InputError on an unknown option, a missing value or a missing required option.
    Arguments(const std::string& command, const std::string& usage, Poco::Util::OptionSet options,
              const std::vector<std::string>& args);

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = "") const;
    const std::vector<std::string>& all(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }
    bool help_requested() const { return has("help"); }
    void print_help(std::ostream& out) const;

private:
    std::string command_, usage_;
    Poco::Util::OptionSet options_;
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positional_;
};

// Adds an option taking a value: --name VALUE or --name=VALUE.
void add_value_option(Poco::Util::OptionSet& set, const std::string& name, const std::string& argument,
                      const std::string& description, bool required = false, bool repeatable = false);
void add_flag(Poco::Util::OptionSet& set, const std::string& name, const std::string& description);

}  // namespace gapfinder::cli
