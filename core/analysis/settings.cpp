#include "analysis/settings.hpp"

#include "util/errors.hpp"

namespace gapfinder {

Comparison parse_comparison(const std::string& text) {
    if (text == "rest") return {Comparison::Kind::rest, ""};
    if (text == "overall") return {Comparison::Kind::overall, ""};
    if (text == "largest") return {Comparison::Kind::largest, ""};
    if (text.empty()) throw InputError("--compare: give rest, overall, largest or a group id such as white_british");
    return {Comparison::Kind::named, text};
}

std::string comparison_name(const Comparison& c) {
    switch (c.kind) {
        case Comparison::Kind::rest: return "rest";
        case Comparison::Kind::overall: return "overall";
        case Comparison::Kind::largest: return "largest";
        case Comparison::Kind::named: return c.group;
    }
    return "rest";
}

Level parse_level(const std::string& text) {
    if (text == "recorded" || text == "detailed") return Level::recorded;
    if (text == "group") return Level::group;
    throw InputError("--level \"" + text + "\": use recorded (categories as the file gives them) or group");
}

std::string level_name(Level level) { return level == Level::group ? "group" : "recorded"; }

}  // namespace gapfinder
