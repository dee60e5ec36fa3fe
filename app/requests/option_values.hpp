// Named option values, each name with one or more values: what a command line gives a
// command and what the web API builds from a query string. Both applications hand them
// to the same option-to-settings code (analysis_options.hpp), so that a request gives
// the same result whichever door it came through.
#pragma once

#include <Poco/Util/OptionSet.h>

#include <charconv>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "util/errors.hpp"

namespace gapfinder::requests {

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
    // Every option given, by name.
    const std::map<std::string, std::vector<std::string>>& values() const { return values_; }

protected:
    std::map<std::string, std::vector<std::string>> values_;
};

// Declares an option taking a value: --name VALUE or --name=VALUE. The declarations give
// the command line its parsing and help text, and the web API its list of known names.
void add_value_option(Poco::Util::OptionSet& set, const std::string& name, const std::string& argument,
                      const std::string& description, bool required = false, bool repeatable = false);
void add_flag(Poco::Util::OptionSet& set, const std::string& name, const std::string& description);

// The text given for --NAME as a number from low to high, or an InputError naming the
// option: --alpha "7": expected a number from 0 to 1.
template <typename Number>
Number number_in_range(const std::string& text, const std::string& name, Number low, Number high) {
    Number v{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < low || v > high) {
        auto shown = [](Number n) {
            std::ostringstream s;
            s << std::setprecision(12) << n;
            return s.str();
        };
        throw InputError("--" + name + " \"" + text + "\": expected a " + (std::is_integral_v<Number> ? "whole " : "") +
                         "number from " + shown(low) + " to " + shown(high));
    }
    return v;
}

}  // namespace gapfinder::requests
