// Hand codes and how they combine with the codebook's rules (issue 19).
//
// Analysts code comments by hand (today in Excel, one column per theme). A comment is
// hand-coded when it has an entry in HandCodes, even an empty one: an entry with no
// theme means the analyst read it and ticked nothing ("hand-coded, none"), which is a
// decision, not a gap. The rule of combine(): for a hand-coded comment the hand codes
// are its codes, whatever the rules found; every other comment keeps the rules' codes.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "text/codebook.hpp"

namespace gapfinder::text {

using CommentId = std::string;
using ThemeIds = std::set<std::string>;

struct HandCodes {
    std::map<CommentId, ThemeIds> themes_by_comment;
};

enum class CodedBy { hand, rules };

struct CommentCodes {
    ThemeIds themes;
    CodedBy coded_by = CodedBy::rules;
};

// A theme id -> the model's probability for one comment (classifier.hpp).
using ThemeProbabilities = std::map<std::string, double>;

// What the store keeps for one comment question of one wave (Store::comment_coding):
// the analyst's hand codes, and, only when the analyst chose a threshold, the model's
// suggestions at or above it for comments nobody hand-coded. When a wave loads
// (comment_themes.hpp) each comment is coded by hand, else by the rules when they find a
// theme, else by these suggestions, else not at all.
struct StoredCoding {
    HandCodes hand;
    std::optional<double> model_threshold;
    std::map<CommentId, ThemeProbabilities> model;  // each theme at p >= model_threshold
    std::string source;                             // the workbook imported last, and when
    bool empty() const { return hand.themes_by_comment.empty() && !model_threshold && model.empty(); }
};

// "access;hours" <-> {"access", "hours"} (the store's and the workbook's spelling).
std::string join_themes(const ThemeIds& themes);
ThemeIds split_themes(const std::string& text);

// Every comment of either map, coded by hand where it is hand-coded, else by the rules.
std::map<CommentId, CommentCodes> combine(const HandCodes& hand, const std::map<CommentId, ThemeIds>& rules);

// Throws InputError naming `file`, the comment and the theme when a hand code names a
// theme the codebook does not have.
void check_hand_codes(const HandCodes& hand, const Codebook& codebook, const std::string& file);

}  // namespace gapfinder::text
