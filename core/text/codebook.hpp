// A coding frame (codebook) for one comment question (issue 19): the themes analysts
// code comments into, each recognised by keywords and phrases. Analysts write it as JSON:
//
//   {"question": "why",
//    "themes": [{"id": "access", "label": "Access to buildings",
//                "keywords": ["ramp", "wheelchair", "step"],
//                "phrases": ["disabled parking"],
//                "exclude": ["step change"]}]}
//
// - "question" (string, required): the comment question the frame codes.
// - "themes" (non-empty list, required), each theme an object with
//   "id" (required; a-z, 0-9, _ and -; unique), "label" (required, non-empty),
//   "keywords" (list of single words), "phrases" (list of one or more words) and
//   "exclude" (optional list of words or phrases). A theme needs at least one keyword
//   or phrase. Any other field is an error, so that a misspelt "keyword" is not
//   silently a theme that never matches.
// Keywords, phrases and exclusions are tokenised and stemmed exactly as comments are
// (tokenise.hpp), so "ramps" in a comment matches the keyword "ramp". How a theme
// matches a comment, with negation and exclusions, is in rule_coder.hpp.
//
// Every error names the file, the theme (by its 1-based position and its id when it
// has one) and the field, e.g.
//   codebook.json: theme 3 ("access"): "keywords" must be a list of strings
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder::text {

class Stemmer;

struct Theme {
    std::string id, label;
    std::vector<std::string> keywords, phrases, exclude;  // as the analyst wrote them
    // The same, stemmed: one stem per keyword; a sequence of stems per phrase or exclusion.
    std::vector<std::string> keyword_stems;
    std::vector<std::vector<std::string>> phrase_stems, exclude_stems;
};

struct Codebook {
    std::string question;
    std::vector<Theme> themes;  // in the file's order

    // The theme with this id, or nullptr.
    const Theme* find(std::string_view id) const;
};

// Parses a codebook; `file` names it in errors. Throws InputError listing every problem.
Codebook parse_codebook(std::string_view json, const std::string& file, Stemmer& stemmer);
// Reads and parses a codebook file.
Codebook load_codebook(const std::filesystem::path& path, Stemmer& stemmer);

}  // namespace gapfinder::text
