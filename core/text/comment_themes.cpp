#include "text/comment_themes.hpp"

#include <algorithm>

#include "text/rule_coder.hpp"
#include "util/parallel.hpp"

namespace gapfinder::text {

namespace {

constexpr uint8_t kMentions = 1, kDoesNotMention = 2;  // point index + 1, as answers are coded

}  // namespace

void code_comment_themes(const SurveyDefinition& survey, Dataset& data) {
    for (size_t c = 0; c < survey.comments.size() && c < data.comments.size(); ++c) {
        const CommentQuestion& comment = survey.comments[c];
        if (!comment.rules) continue;
        // The answer column of each of the codebook's themes.
        std::vector<std::vector<uint8_t>*> columns(comment.rules->themes.size(), nullptr);
        for (size_t q = 0; q < survey.questions.size(); ++q) {
            const Question& question = survey.questions[q];
            if (question.comment_id != comment.id) continue;
            for (size_t t = 0; t < columns.size(); ++t)
                if (comment.rules->themes[t].id == question.comment_theme_id) columns[t] = &data.answers[q];
        }
        const TextColumn& texts = data.comments[c];
        const size_t rows = texts.size();
        for (auto* column : columns)
            if (column) column->assign(rows, kBlank);

        // Rows in blocks on every core, each block with its own coder (a RuleCoder owns
        // a stemmer, which is for one thread); a coder costs little beside 16k comments.
        constexpr size_t kBlock = 16384;
        const size_t blocks = (rows + kBlock - 1) / kBlock;
        parallel_for(blocks, [&](size_t block) {
            RuleCoder coder(*comment.rules);
            std::vector<bool> matched(columns.size());
            for (size_t r = block * kBlock; r < std::min(rows, (block + 1) * kBlock); ++r) {
                const std::string_view text = texts[r];
                if (text.empty()) continue;  // no comment: blank for every theme
                std::fill(matched.begin(), matched.end(), false);
                for (const ThemeMatch& m : coder.code(text))
                    for (size_t t = 0; t < columns.size(); ++t)
                        if (comment.rules->themes[t].id == m.theme_id) matched[t] = true;
                for (size_t t = 0; t < columns.size(); ++t)
                    if (columns[t]) (*columns[t])[r] = matched[t] ? kMentions : kDoesNotMention;
            }
        });
    }
}

}  // namespace gapfinder::text
