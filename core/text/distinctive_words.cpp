#include "text/distinctive_words.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "stats/fightin_words.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder::text {

namespace {

struct TermTally {
    double count = 0;       // occurrences
    size_t respondents = 0;  // different people
};
using Tally = std::unordered_map<std::string, TermTally>;

// A term the redactor would touch in lower case or capitalised mid-sentence.
bool looks_personal(const std::string& term, const Redactor& redactor) {
    std::string capitalised = term;
    bool start = true;
    for (char& c : capitalised) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ';
    }
    for (const std::string& text : {"the " + term + " here", "the " + capitalised + " here"})
        if (redactor.redact(text) != text) return true;
    return false;
}

}  // namespace

std::vector<GroupWords> distinctive_words(const SurveyDefinition& survey, const Dataset& data, const WordsRequest& request,
                                          const Redactor& redactor) {
    const CommentQuestion* comment = survey.find_comment(request.comment);
    if (!comment) {
        std::string known;
        for (const auto& c : survey.comments) known += (known.empty() ? "" : ", ") + c.id;
        throw InputError("\"" + request.comment + "\" is not a comment question of survey " + survey.id +
                         (known.empty() ? " (it has none)" : " (its comment questions: " + known + ")"));
    }
    const Grouping* grouping = survey.find_grouping(request.grouping);
    if (!grouping) throw InputError("\"" + request.grouping + "\" is not a characteristic or dimension of survey " + survey.id);
    const size_t c = static_cast<size_t>(comment - survey.comments.data());
    const size_t g = static_cast<size_t>(grouping - survey.groupings.data());
    const TextColumn& texts = data.comments.at(c);
    const std::vector<uint8_t>& groups = data.groupings.at(g);
    const size_t categories = grouping->categories.size();

    // Per category: each term's occurrences and users; the spellings of each term.
    std::vector<Tally> tallies(categories);
    std::vector<size_t> commenters(categories);
    std::unordered_map<std::string, std::map<std::string, size_t>> spellings;
    Stemmer stemmer;
    for (size_t r = 0; r < data.rows(); ++r) {
        const uint8_t code = groups[r];
        if (code == kBlank || code == kUndisclosed || code > categories || texts[r].empty()) continue;
        Tally& tally = tallies[code - 1];
        ++commenters[code - 1];
        const std::vector<Token> tokens = tokenise_and_stem(texts[r], stemmer);
        std::unordered_map<std::string, bool> seen;
        auto add = [&](std::string stem, std::string word) {
            TermTally& t = tally[stem];
            t.count += 1;
            if (seen.emplace(stem, true).second) ++t.respondents;
            ++spellings[stem][std::move(word)];
        };
        for (const Token& token : tokens) add(token.stem, token.word);
        for (size_t i = 1; i < tokens.size(); ++i)
            if (tokens[i].clause == tokens[i - 1].clause)
                add(tokens[i - 1].stem + ' ' + tokens[i].stem, tokens[i - 1].word + ' ' + tokens[i].word);
    }
    auto spelling = [&](const std::string& stem) {
        const auto& forms = spellings[stem];
        return std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    };

    std::vector<GroupWords> out;
    for (size_t k = 0; k < categories; ++k) {
        GroupWords entry{grouping->categories[k].id, grouping->categories[k].label, commenters[k], false, {}, {}, 0};
        entry.too_small = static_cast<double>(commenters[k]) < request.min_commenters;
        if (entry.too_small) {
            out.push_back(std::move(entry));
            continue;
        }
        stats::TermCounts group, rest;
        Tally rest_tally;
        for (const auto& [term, t] : tallies[k]) group.counts[term] = t.count;
        for (size_t other = 0; other < categories; ++other) {
            if (other == k) continue;
            for (const auto& [term, t] : tallies[other]) {
                rest.counts[term] += t.count;
                TermTally& r = rest_tally[term];
                r.count += t.count;
                r.respondents += t.respondents;
            }
        }
        const auto ranked = stats::fightin_words(group, rest, request.prior_total);
        auto users = [](const Tally& tally, const std::string& term) {
            auto it = tally.find(term);
            return it == tally.end() ? size_t(0) : it->second.respondents;
        };
        // Counts leave rounded as the survey publishes counts (round_counts_to), the
        // statistics computed from the exact ones, as the analysis does.
        auto published = [&](double v) { return round_count(v, request.round_counts_to); };
        auto show = [&](const stats::DistinctiveTerm& d) {
            ShownTerm s{spelling(d.term),
                        d.term,
                        d.z,
                        d.delta,
                        published(d.count_group),
                        published(d.count_rest),
                        static_cast<size_t>(published(static_cast<double>(users(tallies[k], d.term)))),
                        static_cast<size_t>(published(static_cast<double>(users(rest_tally, d.term))))};
            return s;
        };
        entry.commenters = static_cast<size_t>(published(static_cast<double>(entry.commenters)));
        for (const auto& d : ranked) {
            if (entry.more.size() >= request.top || d.z <= 0) break;
            if (static_cast<double>(users(tallies[k], d.term)) < request.min_respondents) continue;
            ShownTerm s = show(d);
            if (looks_personal(s.term, redactor)) ++entry.withheld;
            else entry.more.push_back(std::move(s));
        }
        for (auto it = ranked.rbegin(); it != ranked.rend(); ++it) {
            if (entry.less.size() >= request.top || it->z >= 0) break;
            if (static_cast<double>(users(rest_tally, it->term)) < request.min_respondents) continue;
            ShownTerm s = show(*it);
            if (looks_personal(s.term, redactor)) ++entry.withheld;
            else entry.less.push_back(std::move(s));
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace gapfinder::text
