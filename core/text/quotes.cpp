#include "text/quotes.hpp"

#include <algorithm>
#include <functional>

#include "util/errors.hpp"

namespace gapfinder::text {

std::vector<GroupQuotes> choose_quotes(const SurveyDefinition& survey, const Dataset& data, const QuoteRequest& request,
                                       const Redactor& redactor) {
    const Question* theme = survey.find_question(request.theme_question);
    if (!theme || !theme->from_comment())
        throw InputError("\"" + request.theme_question + "\" is not a coded comment theme of survey " + survey.id +
                         " (a theme question is named comment__theme, e.g. why_support__access)");
    const Grouping* grouping = survey.find_grouping(request.grouping);
    if (!grouping) throw InputError("\"" + request.grouping + "\" is not a characteristic or dimension of survey " + survey.id);
    const size_t q = static_cast<size_t>(theme - survey.questions.data());
    const size_t g = static_cast<size_t>(grouping - survey.groupings.data());
    size_t c = 0;
    while (c < survey.comments.size() && survey.comments[c].id != theme->comment_id) ++c;
    const TextColumn& comments = data.comments.at(c);
    const std::vector<uint8_t>& mentions = data.answers.at(q);
    const std::vector<uint8_t>& groups = data.groupings.at(g);

    std::vector<GroupQuotes> out;
    for (size_t k = 0; k < grouping->categories.size(); ++k) {
        const uint8_t code = static_cast<uint8_t>(k + 1);
        GroupQuotes entry{grouping->categories[k].id, grouping->categories[k].label, 0, 0, {}, false};
        // (order key, row): a fixed order that does not follow the file's.
        std::vector<std::pair<size_t, size_t>> candidates;
        for (size_t r = 0; r < data.rows(); ++r) {
            if (groups[r] != code || mentions[r] == kBlank) continue;
            ++entry.commenters;
            if (mentions[r] != 1) continue;
            ++entry.mentioning;
            const size_t length = comments[r].size();
            const bool good_length = length >= 40 && length <= 400;
            const size_t key = std::hash<std::string>{}(std::string(data.ids[r]) + "\x1f" + theme->id);
            candidates.emplace_back((good_length ? 0 : size_t(1) << 63) | (key >> 1), r);
        }
        entry.too_small = static_cast<double>(entry.commenters) < request.min_commenters;
        if (entry.too_small) {
            entry.commenters = entry.mentioning = 0;
        } else {
            const auto published = [&](size_t count) {
                return static_cast<size_t>(round_count(static_cast<double>(count), request.round_counts_to));
            };
            entry.commenters = published(entry.commenters);
            entry.mentioning = published(entry.mentioning);
            std::sort(candidates.begin(), candidates.end());
            for (size_t i = 0; i < candidates.size() && entry.quotes.size() < request.per_group; ++i)
                entry.quotes.push_back(redactor.redact(comments[candidates[i].second]));
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace gapfinder::text
