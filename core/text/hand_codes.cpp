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
