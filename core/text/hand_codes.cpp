// Combining hand codes with rule codes; the rule is in hand_codes.hpp.
#include "text/hand_codes.hpp"

#include "util/errors.hpp"

namespace gapfinder::text {

std::map<CommentId, CommentCodes> combine(const HandCodes& hand, const std::map<CommentId, ThemeIds>& rules) {
    std::map<CommentId, CommentCodes> combined;
    for (const auto& [comment, themes] : rules) combined[comment] = {themes, CodedBy::rules};
    // Hand codes win, including an empty set ("hand-coded, none").
    for (const auto& [comment, themes] : hand.themes_by_comment) combined[comment] = {themes, CodedBy::hand};
    return combined;
}

std::string join_themes(const ThemeIds& themes) {
    std::string out;
    for (const std::string& t : themes) out += (out.empty() ? "" : ";") + t;
    return out;
}

ThemeIds split_themes(const std::string& text) {
    ThemeIds out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.insert(item);
        start = end + 1;
    }
    return out;
}

void check_hand_codes(const HandCodes& hand, const Codebook& codebook, const std::string& file) {
    for (const auto& [comment, themes] : hand.themes_by_comment) {
        for (const std::string& theme : themes) {
            if (!codebook.find(theme)) {
                throw InputError(file + ": comment \"" + comment + "\": theme \"" + theme +
                                 "\" is not in the codebook for question \"" + codebook.question + "\"");
            }
        }
    }
}

}  // namespace gapfinder::text
