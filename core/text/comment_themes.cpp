#include "text/comment_themes.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "text/rule_coder.hpp"
#include "util/errors.hpp"
#include "util/parallel.hpp"

namespace gapfinder::text {

namespace {

constexpr uint8_t kMentions = 1, kDoesNotMention = 2;  // point index + 1, as answers are coded
enum Way { kHand, kRules, kModel, kNone, kWays };
constexpr uint8_t kWayCode[kWays] = {kCodedByHand, kCodedByRules, kCodedByModel, kCodedNone};

void check_stored(const SurveyDefinition& survey, const CommentQuestion& comment, const StoredCoding& coding) {
    auto check = [&](const std::string& theme, const std::string& respondent, const char* how) {
        if (!comment.rules->find(theme))
            throw InputError("survey " + survey.id + ": the " + how + " stored for comment \"" + comment.id + "\" (respondent " +
                             respondent + ") name theme \"" + theme + "\", which its codebook " + comment.codebook +
                             " no longer has; restore the theme, or export the codes, fix the column and import them again");
    };
    for (const auto& [respondent, themes] : coding.hand.themes_by_comment)
        for (const auto& theme : themes) check(theme, respondent, "hand codes");
    for (const auto& [respondent, themes] : coding.model)
        for (const auto& [theme, p] : themes) check(theme, respondent, "model suggestions");
}

}  // namespace

void code_comment_themes(const SurveyDefinition& survey, Dataset& data, const std::vector<StoredCoding>& stored) {
    data.coding.clear();
    static const StoredCoding kNothing;
    for (size_t c = 0; c < survey.comments.size() && c < data.comments.size(); ++c) {
        const CommentQuestion& comment = survey.comments[c];
        if (!comment.rules) continue;
        const Codebook& codebook = *comment.rules;
        const StoredCoding& coding = c < stored.size() ? stored[c] : kNothing;
        check_stored(survey, comment, coding);
        // The answer column of each of the codebook's themes.
        std::vector<std::vector<uint8_t>*> columns(codebook.themes.size(), nullptr);
        for (size_t q = 0; q < survey.questions.size(); ++q) {
            const Question& question = survey.questions[q];
            if (question.comment_id != comment.id) continue;
            for (size_t t = 0; t < columns.size(); ++t)
                if (codebook.themes[t].id == question.comment_theme_id) columns[t] = &data.answers[q];
        }
        auto theme_index = [&](const std::string& id) {
            for (size_t t = 0; t < codebook.themes.size(); ++t)
                if (codebook.themes[t].id == id) return t;
            return codebook.themes.size();
        };
        // Respondent id -> its stored codes as theme positions (the maps' keys outlive the views).
        std::unordered_map<std::string_view, std::vector<size_t>> hand, model;
        for (const auto& [respondent, themes] : coding.hand.themes_by_comment) {
            auto& positions = hand[respondent];
            for (const auto& theme : themes) positions.push_back(theme_index(theme));
        }
        if (coding.model_threshold)
            for (const auto& [respondent, themes] : coding.model) {
                std::vector<size_t> positions;
                for (const auto& [theme, p] : themes)
                    if (p >= *coding.model_threshold) positions.push_back(theme_index(theme));
                if (!positions.empty()) model[respondent] = std::move(positions);
            }

        const TextColumn& texts = data.comments[c];
        const size_t rows = texts.size();
        for (auto* column : columns)
            if (column) column->assign(rows, kBlank);

        // Rows in blocks on every core, each block with its own coder (a RuleCoder owns
        // a stemmer, which is for one thread); a coder costs little beside 16k comments.
        constexpr size_t kBlock = 16384;
        const size_t blocks = (rows + kBlock - 1) / kBlock;
        std::vector<std::array<uint64_t, kWays>> counts(blocks, std::array<uint64_t, kWays>{});
        CommentCoding result;
        result.coded_by.assign(rows, kNoComment);
        parallel_for(blocks, [&](size_t block) {
            RuleCoder coder(codebook);
            std::vector<bool> matched(columns.size());
            for (size_t r = block * kBlock; r < std::min(rows, (block + 1) * kBlock); ++r) {
                const std::string_view text = texts[r];
                if (text.empty()) continue;  // no comment: blank for every theme
                std::fill(matched.begin(), matched.end(), false);
                Way way = kNone;
                if (auto h = hand.find(data.ids[r]); h != hand.end()) {
                    way = kHand;
                    for (size_t t : h->second) matched[t] = true;
                } else {
                    for (const ThemeMatch& m : coder.code(text)) {
                        const size_t t = theme_index(m.theme_id);
                        if (t < matched.size()) matched[t] = true, way = kRules;
                    }
                    if (way == kNone)
                        if (auto m = model.find(data.ids[r]); m != model.end()) {
                            way = kModel;
                            for (size_t t : m->second) matched[t] = true;
                        }
                }
                ++counts[block][way];
                result.coded_by[r] = kWayCode[way];
                for (size_t t = 0; t < columns.size(); ++t)
                    if (columns[t]) (*columns[t])[r] = matched[t] ? kMentions : kDoesNotMention;
            }
        });
        CommentCodingCounts& summary = result.counts;
        summary.comment_id = comment.id;
        for (const auto& block : counts) {
            summary.hand += block[kHand];
            summary.rules += block[kRules];
            summary.model += block[kModel];
            summary.none += block[kNone];
        }
        summary.commented = summary.hand + summary.rules + summary.model + summary.none;
        summary.model_applied = coding.model_threshold.has_value();
        summary.model_threshold = coding.model_threshold.value_or(0);
        data.coding.push_back(std::move(result));
    }
}

}  // namespace gapfinder::text
