// The name detectors; their rules are in redact_names.hpp.
#include "text/redact_names.hpp"

#include <algorithm>
#include <vector>

#include "text/name_lists.hpp"
#include "text/tokenise.hpp"
#include "text/utf8.hpp"

namespace gapfinder::text {

namespace {

// Titles after which the next word is a name whatever its case.
bool is_abbreviated_title(std::string_view title) {
    return title == "mr" || title == "mrs" || title == "ms" || title == "mx" || title == "dr" || title == "cllr";
}

// What the detectors need to know about one token.
struct Word {
    std::string key;  // lower-case, without a possessive 's
    bool capitalised = false;  // first letter upper case, not all capitals
    bool letters_only = true;
    bool sentence_start = false;
};

Word describe(std::string_view text, const Token& token) {
    Word w;
    w.key = token.word;
    if (w.key.size() > 2 && w.key.compare(w.key.size() - 2, 2, "'s") == 0) w.key.resize(w.key.size() - 2);
    size_t letters = 0, upper = 0;
    bool first_upper = false;
    for (size_t pos = token.begin; pos < token.end;) {
        const CodePoint c = decode_utf8(text, pos);
        const bool digit = c.value >= '0' && c.value <= '9';
        if (digit) w.letters_only = false;
        if (!digit && c.value != '\'' && c.value != U'\u2019') {
            if (letters == 0) first_upper = is_upper(c.value);
            ++letters;
            if (is_upper(c.value)) ++upper;
        }
        pos += c.length;
    }
    w.capitalised = first_upper && !(letters >= 2 && upper == letters);
    // Back over spaces, quotes and brackets: the text's start, . ! ? or a line break
    // makes this the first word of a sentence.
    size_t pos = token.begin;
    while (pos > 0 && std::string_view(" \t\"'([*-").find(text[pos - 1]) != std::string_view::npos) --pos;
    w.sentence_start = pos == 0 || std::string_view(".!?\n\r").find(text[pos - 1]) != std::string_view::npos;
    // A typographic opening quote (U+201C, U+2018) before the word counts as a quote too.
    if (!w.sentence_start && pos >= 3 && (text.substr(pos - 3, 3) == "\u201C" || text.substr(pos - 3, 3) == "\u2018")) {
        size_t before = pos - 3;
        while (before > 0 && text[before - 1] == ' ') --before;
        w.sentence_start = before == 0 || std::string_view(".!?\n\r").find(text[before - 1]) != std::string_view::npos;
    }
    return w;
}

}  // namespace

NameRedactor::NameRedactor(Dictionary dictionary) : dictionary_(std::move(dictionary)) {
    forenames_.insert(uk_forenames().begin(), uk_forenames().end());
    surnames_.insert(uk_surnames().begin(), uk_surnames().end());
    titles_.insert(name_titles().begin(), name_titles().end());
    not_people_.insert(non_personal_proper_nouns().begin(), non_personal_proper_nouns().end());
}

std::string NameRedactor::redact(std::string_view text) const {
    const std::vector<Token> tokens = tokenise(text);
    std::vector<Word> words;
    words.reserve(tokens.size());
    for (const Token& token : tokens) words.push_back(describe(text, token));

    const auto listed = [&](const Word& w) { return forenames_.count(w.key) || surnames_.count(w.key); };
    // The dictionary lists "I" and its contractions only capitalised.
    const auto ordinary = [&](const Word& w) { return w.key == "i" || w.key.starts_with("i'") || dictionary_.contains(w.key); };
    const auto not_a_person = [&](const Word& w) { return not_people_.count(w.key) > 0; };
    std::vector<bool> name(tokens.size(), false);

    for (size_t i = 0; i < tokens.size(); ++i) {
        const Word& w = words[i];
        if (!w.letters_only || not_a_person(w) || titles_.count(w.key)) continue;
        if (listed(w) && !ordinary(w)) name[i] = true;                                       // (a) 1
        else if (listed(w) && w.capitalised && !w.sentence_start) name[i] = true;           // (a) 2
        else if (w.capitalised && !w.sentence_start && !ordinary(w)) name[i] = true;        // (b)
    }
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {                                        // (a) 3
        // "will" and "may" are modal verbs far more often than forenames: "will read" is not a name.
        const bool modal = words[i].key == "will" || words[i].key == "may";
        if (!modal && forenames_.count(words[i].key) && surnames_.count(words[i + 1].key) && words[i + 1].letters_only) {
            name[i] = name[i + 1] = true;
        }
    }
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {                                        // (a) 4
        if (!titles_.count(words[i].key)) continue;
        const Word& next = words[i + 1];
        if (!next.letters_only) continue;
        if (!is_abbreviated_title(words[i].key) && !next.capitalised && !listed(next)) continue;
        name[i + 1] = true;
        if (i + 2 < tokens.size() && words[i + 2].letters_only && (words[i + 2].capitalised || listed(words[i + 2]))) {
            name[i + 2] = true;
        }
    }
    // A capitalised list word beside a name is part of it.
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (name[i] || !words[i].capitalised || !listed(words[i])) continue;
            if ((i > 0 && name[i - 1]) || (i + 1 < tokens.size() && name[i + 1])) name[i] = changed = true;
        }
    }

    std::string out;
    out.reserve(text.size());
    size_t copied = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!name[i]) continue;
        const std::string_view gap = text.substr(copied, tokens[i].begin - copied);
        const bool joins_previous = i > 0 && name[i - 1] && copied == tokens[i - 1].end &&
                                    std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' '; });
        if (!joins_previous) {
            out += gap;
            out += "[name]";
        }
        copied = tokens[i].end;
    }
    out += text.substr(copied);
    return out;
}

}  // namespace gapfinder::text
