// Command-line parsing for one subcommand, on top of Poco::Util's OptionSet and
// OptionProcessor: the options every command shares are added here, and the rest of
// the arguments are kept as positional values.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <map>
#include <string>
#include <vector>

namespace gapfinder::cli {

// Named option values, each name with one or more values: what a command line gives a
// command, and what the web API builds from a query string, so that both feed the same
// option-to-settings code (analysis_options.hpp) and give the same results.
class OptionValues {
public:
    OptionValues() = default;
    explicit OptionValues(std::map<std::string, std::vector<std::string>> values) : values_(std::move(values)) {}
    virtual ~OptionValues() = default;

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    // The last value given, or fallback.
    std::string get(const std::string& name, const std::string& fallback = "") const;
    const std::vector<std::string>& all(const std::string& name) const;
    void add(const std::string& name, const std::string& value) { values_[name].push_back(value); }
    void remove(const std::string& name) { values_.erase(name); }

protected:
    std::map<std::string, std::vector<std::string>> values_;
};

class Arguments : public OptionValues {
public:
    // Throws InputError on an unknown option, a missing value or a missing required option.
    Arguments(const std::string& command, const std::string& usage, Poco::Util::OptionSet options,
              const std::vector<std::string>& args);

    const std::vector<std::string>& positional() const { return positional_; }
    bool help_requested() const { return has("help"); }
    void print_help(std::ostream& out) const;

private:
    std::string command_, usage_;
    Poco::Util::OptionSet options_;
    std::vector<std::string> positional_;
};

// Adds an option taking a value: --name VALUE or --name=VALUE.
void add_value_option(Poco::Util::OptionSet& set, const std::string& name, const std::string& argument,
                      const std::string& description, bool required = false, bool repeatable = false);
void add_flag(Poco::Util::OptionSet& set, const std::string& name, const std::string& description);

}  // namespace gapfinder::cli
