// Tokenising and Snowball stemming; the rules are in tokenise.hpp.
#include "text/tokenise.hpp"

#include <libstemmer.h>

#include <stdexcept>
#include <utility>

#include "text/utf8.hpp"

namespace gapfinder::text {

namespace {

bool is_apostrophe(char32_t c) { return c == U'\'' || c == U'\u2019'; }

bool ends_clause(char32_t c) {
    switch (c) {
        case U'.': case U',': case U';': case U':': case U'!': case U'?': case U'\n': case U'\r':
            return true;
        default:
            return false;
    }
}

}  // namespace

std::vector<Token> tokenise(std::string_view text) {
    std::vector<Token> tokens;
    Token current;
    bool in_word = false;
    size_t clause = 0;
    const auto finish_word = [&](size_t end) {
        if (!in_word) return;
        current.end = end;
        tokens.push_back(std::move(current));
        current = Token{};
        in_word = false;
    };
    tokens.reserve(text.size() / 5 + 1);  // about one word in five bytes of English
    for (size_t pos = 0; pos < text.size();) {
        // ASCII letters and digits, most of any comment, without the general decoding.
        const char byte = text[pos];
        if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z')) {
            if (!in_word) {
                in_word = true;
                current.begin = pos;
                current.clause = clause;
            }
            current.word += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte + ('a' - 'A')) : byte;
            ++pos;
            continue;
        }
        const CodePoint c = decode_utf8(text, pos);
        if (is_word_char(c.value)) {
            if (!in_word) {
                in_word = true;
                current.begin = pos;
                current.clause = clause;
            }
            const size_t first = current.word.size();
            current.word.append(text.substr(pos, c.length));
            // Latin-1's capitals U+00C0-U+00DE are C3 80-C3 9E; their small letters are 0x20 on.
            if (is_upper(c.value)) current.word[first + 1] = static_cast<char>(current.word[first + 1] + 0x20);
        } else if (in_word && is_apostrophe(c.value) && pos + c.length < text.size() &&
                   is_word_char(decode_utf8(text, pos + c.length).value)) {
            current.word += '\'';  // inside a word: "don't", "council's"
        } else {
            finish_word(pos);
            if (ends_clause(c.value)) ++clause;
        }
        pos += c.length;
    }
    finish_word(text.size());
    return tokens;
}

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {
    if (!stemmer_) throw std::runtime_error("libstemmer has no English (UTF-8) stemmer");
}

Stemmer::~Stemmer() {
    if (stemmer_) sb_stemmer_delete(stemmer_);
}

Stemmer::Stemmer(Stemmer&& other) noexcept
    : stemmer_(std::exchange(other.stemmer_, nullptr)), remembered_(std::move(other.remembered_)) {}

Stemmer& Stemmer::operator=(Stemmer&& other) noexcept {
    if (this != &other) {
        if (stemmer_) sb_stemmer_delete(stemmer_);
        stemmer_ = std::exchange(other.stemmer_, nullptr);
        remembered_ = std::move(other.remembered_);
    }
    return *this;
}

std::string Stemmer::stem(std::string_view word) {
    const std::string key(word);
    if (const auto it = remembered_.find(key); it != remembered_.end()) return it->second;
    if (remembered_.size() >= kMaxRemembered) remembered_.clear();
    return remembered_.emplace(key, compute_stem(word)).first->second;
}

std::string Stemmer::compute_stem(std::string_view word) {
    const sb_symbol* stemmed =
        sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    // NULL only when libstemmer cannot allocate; keeping the word is the safe fallback.
    if (!stemmed) return std::string(word);
    return std::string(reinterpret_cast<const char*>(stemmed), static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

void Stemmer::stem_all(std::vector<Token>& tokens) {
    for (Token& token : tokens) {
        const auto it = remembered_.find(token.word);
        token.stem = it != remembered_.end() ? it->second : stem(token.word);
    }
}

std::vector<Token> tokenise_and_stem(std::string_view text, Stemmer& stemmer) {
    std::vector<Token> tokens = tokenise(text);
    stemmer.stem_all(tokens);
    return tokens;
}

std::vector<std::string> unigrams_and_bigrams(const std::vector<Token>& tokens) {
    std::vector<std::string> terms;
    terms.reserve(tokens.size() * 2);
    for (const Token& token : tokens) terms.push_back(token.stem);
    for (size_t i = 1; i < tokens.size(); ++i) {
        if (tokens[i].clause == tokens[i - 1].clause) terms.push_back(tokens[i - 1].stem + ' ' + tokens[i].stem);
    }
    return terms;
}

}  // namespace gapfinder::text
