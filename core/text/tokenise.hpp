// Tokenising and stemming of free-text comments (issue 19): the one place where a
// comment becomes words, so that the codebook's rules, the distinctive-words statistics
// and the redaction of quotes all see the same words.
//
// Rules (British English comments as residents type them):
//   - Text is read as UTF-8. A word is a run of letters and digits: ASCII, and the
//     letters of Latin-1 (U+00C0-U+00FF except the signs × and ÷), so "café" and "Zoë"
//     are one word each. Any other character, and any byte that is not valid UTF-8,
//     separates words: the tokeniser never throws, because ingest, not this module,
//     decides what to do with bad encoding.
//   - Words are lower-cased: ASCII, and the upper-case Latin-1 letters (U+00C0-U+00DE).
//   - An apostrophe (' or the typographic ’) between two word characters stays in the
//     word, as the ASCII ': "don't", "council's", "o'neill". At a word's edge it is
//     punctuation: "residents'" is "residents".
//   - Every other character is punctuation and splits: "wheel-chair" is two words.
//   - A clause ends at . , ; : ! ? and at a line break. Each token carries its clause's
//     number, so that rules that look back (negation in rule_coder.hpp) and bigrams
//     stay inside one clause.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sb_stemmer;

namespace gapfinder::text {

struct Token {
    std::string word;    // lower-cased, apostrophes as '
    std::string stem;    // Snowball English stem of word; empty until a Stemmer fills it
    size_t begin = 0;    // byte offsets of the word in the original text: [begin, end)
    size_t end = 0;
    size_t clause = 0;   // clause number, from 0
};

// The words of `text`, in order, with offsets and clause numbers; stems are left empty.
std::vector<Token> tokenise(std::string_view text);

// Snowball's English (Porter2) stemmer, UTF-8. libstemmer's sb_stemmer keeps state
// between calls and is not thread-safe, so each thread (or each object that stems)
// owns its own Stemmer; it is movable, not copyable. Comments share a small vocabulary,
// so each Stemmer remembers the stems it has computed (up to kMaxRemembered words, then
// it starts again): coding 100,000 comments then stems each distinct word once.
class Stemmer {
public:
    Stemmer();  // throws std::runtime_error if libstemmer has no English stemmer
    ~Stemmer();
    Stemmer(Stemmer&& other) noexcept;
    Stemmer& operator=(Stemmer&& other) noexcept;
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;

    // The stem of one lower-cased word ("wheelchairs" -> "wheelchair", "ramps" -> "ramp").
    std::string stem(std::string_view word);
    // Fills each token's stem.
    void stem_all(std::vector<Token>& tokens);

    static constexpr size_t kMaxRemembered = 100000;

private:
    std::string compute_stem(std::string_view word);

    sb_stemmer* stemmer_;
    std::unordered_map<std::string, std::string> remembered_;
};

// tokenise, then stem every token.
std::vector<Token> tokenise_and_stem(std::string_view text, Stemmer& stemmer);

// The terms counted for distinctive words: each stem, and each pair of consecutive stems
// in the same clause joined by one space ("bus", "rout", "bus rout"). Order: all
// unigrams, then all bigrams, each in text order. Tokens must be stemmed.
std::vector<std::string> unigrams_and_bigrams(const std::vector<Token>& tokens);

}  // namespace gapfinder::text
