#include "requests/option_values.hpp"

namespace gapfinder::requests {

void add_value_option(Poco::Util::OptionSet& set, const std::string& name, const std::string& argument,
                      const std::string& description, bool required, bool repeatable) {
    set.addOption(Poco::Util::Option(name, "", description, required).argument(argument).repeatable(repeatable));
}

void add_flag(Poco::Util::OptionSet& set, const std::string& name, const std::string& description) {
    set.addOption(Poco::Util::Option(name, "", description));
}

std::string OptionValues::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& OptionValues::all(const std::string& name) const {
    static const std::vector<std::string> none;
    auto it = values_.find(name);
    return it == values_.end() ? none : it->second;
}

}  // namespace gapfinder::requests
