// Coding comments by a codebook's rules (issue 19): which themes a comment raises, and
// where, so that a quote can highlight the words that coded it.
//
// The rule, on the comment's tokens after stemming (tokenise.hpp):
//   1. A keyword occurs where a token's stem equals the keyword's stem. A phrase (or an
//      exclusion) occurs where consecutive tokens of one clause have its stems in order.
//   2. Negation: an occurrence does not count when any of the (up to) 3 tokens just
//      before its first token is in the same clause and is a negator. Negators, compared
//      on the lower-cased word (not the stem): not, no, never, without, hardly, cannot,
//      any word ending in n't (don't, can't, isn't, won't...), and the same words typed
//      without the apostrophe (dont, cant, isnt, wont, didnt, doesnt, wasnt, arent,
//      couldnt, wouldnt, shouldnt, havent, hasnt). So "there is no ramp" and "I did not
//      find the wheelchair access" do not count "ramp" and "wheelchair"; "no problems
//      with the ramp" does (the negator is 4 tokens back), and so does "it's not
//      bad. The ramp is steep" (another clause). A phrase's own words are not looked
//      at, so an analyst who wants "no ramp" to code as access adds the phrase "no ramp".
//   3. Exclusion: an occurrence does not count when any of its tokens is part of an
//      occurrence of one of the theme's "exclude" entries (negated or not): with the
//      keyword "step" and the exclusion "step change", "a step change in service" does
//      not code, while "a step change, but the step is too high" does, once.
//   4. A theme matches when at least one occurrence of its keywords or phrases counts.
// The spans are the byte ranges, in the original comment, of every counted occurrence.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/codebook.hpp"
#include "text/tokenise.hpp"

namespace gapfinder::text {

struct Span {
    size_t begin = 0, end = 0;  // bytes of the comment: [begin, end)
    bool operator==(const Span&) const = default;
};

struct ThemeMatch {
    std::string theme_id;
    std::vector<Span> spans;  // in text order, without duplicates
};

// True for the negators of rule 2 (a lower-cased word).
bool is_negator(std::string_view word);

// Applies a codebook's rules. It owns a Stemmer, so like one it is for one thread at a
// time: give each worker its own RuleCoder.
class RuleCoder {
public:
    explicit RuleCoder(Codebook codebook);

    // The themes the comment matches, in the codebook's order.
    std::vector<ThemeMatch> code(std::string_view comment);
    // The same for a comment already tokenised and stemmed.
    std::vector<ThemeMatch> code_tokens(const std::vector<Token>& tokens) const;

    const Codebook& codebook() const { return codebook_; }

private:
    struct Pattern {
        size_t theme;
        bool exclusion;
        const std::vector<std::string>* stems;
    };
    bool occurs_at(const Pattern& pattern, const std::vector<Token>& tokens, size_t first) const;

    Codebook codebook_;
    std::vector<std::vector<std::string>> keyword_sequences_;  // each keyword as a one-stem sequence
    std::unordered_map<std::string, std::vector<Pattern>> patterns_by_first_stem_;
    Stemmer stemmer_;
};

}  // namespace gapfinder::text
