// Assisted coding of comments (issue 19, item 3): a supervised fastText classifier,
// trained locally from the council's own hand codes, that suggests themes for the
// comments nobody has coded yet, each with a probability.
//
// - Training: each hand-coded comment becomes one line of fastText's format,
//   "__label__<theme> ... <words>", its words as tokenise() gives them (lower case,
//   punctuation gone), written to a temporary file because fastText's C++ API trains
//   from a file. The loss is one-vs-all ("ova"): one independent yes/no per theme, so a
//   comment can raise several themes and each probability stands alone. A comment
//   hand-coded with no theme trains as the pseudo-label kNoThemeLabel, because fastText
//   skips lines without labels and those comments are the negatives every theme needs.
// - Themes with fewer than kMinExamples hand-coded comments are "too few to train":
//   they are left out of the model and never suggested.
// - Determinism: one thread and a fixed seed, so two trainings on the same data give the
//   same model and the same probabilities (the tests check it).
// - Precedence when codes are applied: hand codes, then the codebook's rules, then model
//   suggestions at or above a threshold the analyst chooses; without a threshold no
//   suggestion is applied. Each comment records how it was coded.
// - Cross-validation: k-fold over the hand-coded comments gives each theme's precision
//   and recall at a threshold, so the analyst knows what a suggestion is worth.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "text/codebook.hpp"
#include "text/hand_codes.hpp"

namespace fasttext {
class FastText;
}

namespace gapfinder::text {

// fastText's settings (docs/comments.md, "Assisted coding", says why these values).
struct ClassifierOptions {
    int epoch = 25;         // passes over the data: few examples need many passes
    double learning_rate = 0.5;
    int dim = 50;           // word-vector size: themes are coarse, 50 is plenty
    int word_ngrams = 2;    // word pairs too, so "not safe" differs from "safe"
    int bucket = 200000;    // hash buckets for word pairs: 200,000 x 50 floats = 40 MB
    int seed = 1;
};

inline constexpr size_t kMinExamples = 10;
inline const std::string kNoThemeLabel = "#none";  // '#' is never in a theme id

// The comments to code: id -> text.
using CommentTexts = std::map<CommentId, std::string>;

class ThemeClassifier {
public:
    // Trains on the hand-coded comments of `comments`. Throws InputError naming the
    // problem when no comment is hand-coded, when a hand code names a theme the codebook
    // does not have or a comment `comments` does not have, or when a theme of the
    // codebook has no hand-coded example at all (a theme nobody has ever ticked is more
    // likely a renamed id or the wrong file than a theme to leave out quietly).
    static ThemeClassifier train(const CommentTexts& comments, const HandCodes& hand, const Codebook& codebook,
                                 const ClassifierOptions& options = {});

    ThemeClassifier(ThemeClassifier&&) noexcept;
    ThemeClassifier& operator=(ThemeClassifier&&) noexcept;
    ~ThemeClassifier();

    // The probability of each trained theme for one comment.
    ThemeProbabilities predict(const std::string& text) const;

    // The themes in the model, and those left out as too few to train, codebook order.
    const std::vector<std::string>& trained_themes() const { return trained_; }
    const std::vector<std::string>& too_few_to_train() const { return too_few_; }
    // Hand-coded examples per theme of the codebook.
    const std::map<std::string, size_t>& examples() const { return examples_; }

private:
    ThemeClassifier() = default;

    std::unique_ptr<fasttext::FastText> model_;
    std::vector<std::string> trained_, too_few_;
    std::map<std::string, size_t> examples_;
};

// How one comment ended up coded: its themes and "hand", "rule", "model p=0.87" (the
// probability of each applied theme, in theme-id order, for several) or "none".
struct AppliedCodes {
    ThemeIds themes;
    std::string coded_by;
};

// The model's suggestions for every comment that is not hand-coded, kept beside the hand
// and rule codes so that applying them at a threshold is cheap and can be repeated.
class Suggestions {
public:
    // `rules`: the codebook's rule codes by comment (RuleCoder); may omit comments.
    Suggestions(const CommentTexts& comments, const HandCodes& hand, std::map<CommentId, ThemeIds> rules,
                const ThemeClassifier& classifier);

    // The probability of each trained theme, for each comment not hand-coded.
    const std::map<CommentId, ThemeProbabilities>& probabilities() const { return probabilities_; }

    // Every comment's codes by precedence: hand, else rules (when they found a theme),
    // else the model's themes with p >= threshold. No threshold (the default) applies
    // no suggestion. Throws InputError when the threshold is outside (0, 1].
    std::map<CommentId, AppliedCodes> apply(std::optional<double> threshold = std::nullopt) const;

private:
    std::map<CommentId, ThemeIds> hand_, rules_;
    std::vector<CommentId> comments_;
    std::map<CommentId, ThemeProbabilities> probabilities_;
};

// One theme's cross-validated figures. precision and recall are empty when undefined
// (nothing suggested, or nothing to find); both are empty when too_few_to_train.
struct ThemeValidation {
    std::string theme;
    size_t examples = 0;  // hand-coded comments with the theme
    bool too_few_to_train = false;
    size_t true_positives = 0, false_positives = 0, false_negatives = 0;
    std::optional<double> precision, recall;
};

inline constexpr size_t kFolds = 5;

// k-fold cross-validation on the hand-coded comments: the i-th of them in comment-id
// order goes to fold i mod k; each fold is predicted by a model trained on the others and
// a theme counts as suggested at p >= threshold. One entry per codebook theme, in order.
// Throws as ThemeClassifier::train does, and when a threshold is outside (0, 1] or there
// are fewer hand-coded comments than folds.
std::vector<ThemeValidation> cross_validate(const CommentTexts& comments, const HandCodes& hand,
                                            const Codebook& codebook, double threshold,
                                            const ClassifierOptions& options = {}, size_t folds = kFolds);

// A comment as fastText sees it: its tokenised words, lower case, separated by spaces.
std::string normalise_for_model(const std::string& text);

}  // namespace gapfinder::text
