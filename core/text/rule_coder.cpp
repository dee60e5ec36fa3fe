// Rule-based coding; the rule is stated in rule_coder.hpp.
#include "text/rule_coder.hpp"

#include <algorithm>
#include <array>

namespace gapfinder::text {

namespace {

constexpr size_t kNegationWindow = 3;

struct Occurrence {
    size_t theme;
    size_t first, last;  // token indices, inclusive
};

}  // namespace

bool is_negator(std::string_view word) {
    static constexpr std::array<std::string_view, 19> kNegators = {
        "not",  "no",   "never", "without", "hardly", "cannot", "dont",   "cant",    "isnt",  "wont",
        "didnt", "doesnt", "wasnt", "arent", "couldnt", "wouldnt", "shouldnt", "havent", "hasnt"};
    if (word.size() >= 3 && word.substr(word.size() - 3) == "n't") return true;
    return std::find(kNegators.begin(), kNegators.end(), word) != kNegators.end();
}

RuleCoder::RuleCoder(Codebook codebook) : codebook_(std::move(codebook)) {
    size_t keyword_count = 0;
    for (const Theme& theme : codebook_.themes) keyword_count += theme.keyword_stems.size();
    keyword_sequences_.reserve(keyword_count);  // the patterns point into it: no reallocation
    for (size_t t = 0; t < codebook_.themes.size(); ++t) {
        const Theme& theme = codebook_.themes[t];
        const auto add = [&](const std::vector<std::string>& stems, bool exclusion) {
            patterns_by_first_stem_[stems.front()].push_back({t, exclusion, &stems});
        };
        for (const std::string& stem : theme.keyword_stems) add(keyword_sequences_.emplace_back(1, stem), false);
        for (const auto& phrase : theme.phrase_stems) add(phrase, false);
        for (const auto& exclusion : theme.exclude_stems) add(exclusion, true);
    }
}

bool RuleCoder::occurs_at(const Pattern& pattern, const std::vector<Token>& tokens, size_t first) const {
    const std::vector<std::string>& stems = *pattern.stems;
    if (first + stems.size() > tokens.size()) return false;
    for (size_t k = 0; k < stems.size(); ++k) {
        const Token& token = tokens[first + k];
        if (token.stem != stems[k] || token.clause != tokens[first].clause) return false;
    }
    return true;
}

std::vector<ThemeMatch> RuleCoder::code(std::string_view comment) {
    return code_tokens(tokenise_and_stem(comment, stemmer_));
}

std::vector<ThemeMatch> RuleCoder::code_tokens(const std::vector<Token>& tokens) const {
    std::vector<Occurrence> found, excluded;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const auto it = patterns_by_first_stem_.find(tokens[i].stem);
        if (it == patterns_by_first_stem_.end()) continue;
        for (const Pattern& pattern : it->second) {
            if (!occurs_at(pattern, tokens, i)) continue;
            (pattern.exclusion ? excluded : found).push_back({pattern.theme, i, i + pattern.stems->size() - 1});
        }
    }
    const auto negated = [&](const Occurrence& o) {
        for (size_t back = 1; back <= kNegationWindow && back <= o.first; ++back) {
            const Token& before = tokens[o.first - back];
            if (before.clause == tokens[o.first].clause && is_negator(before.word)) return true;
        }
        return false;
    };
    const auto inside_exclusion = [&](const Occurrence& o) {
        return std::any_of(excluded.begin(), excluded.end(), [&](const Occurrence& x) {
            return x.theme == o.theme && x.first <= o.last && o.first <= x.last;
        });
    };
    std::vector<std::vector<Span>> spans(codebook_.themes.size());
    for (const Occurrence& o : found) {
        if (negated(o) || inside_exclusion(o)) continue;
        spans[o.theme].push_back({tokens[o.first].begin, tokens[o.last].end});
    }
    std::vector<ThemeMatch> matches;
    for (size_t t = 0; t < spans.size(); ++t) {
        if (spans[t].empty()) continue;
        std::sort(spans[t].begin(), spans[t].end(),
                  [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
        spans[t].erase(std::unique(spans[t].begin(), spans[t].end()), spans[t].end());
        matches.push_back({codebook_.themes[t].id, std::move(spans[t])});
    }
    return matches;
}

}  // namespace gapfinder::text
