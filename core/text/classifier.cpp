// Assisted coding with fastText; the method is in classifier.hpp and docs/comments.md.
#include "text/classifier.hpp"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder::text {
namespace {

const std::string kLabelPrefix = "__label__";

// A temporary file that is removed however training ends.
class TemporaryFile {
public:
    TemporaryFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "gapfinder-train-XXXXXX").string();
        int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("cannot create a temporary file for training in " + pattern);
        close(fd);
        path_ = pattern;
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::map<std::string, size_t> count_examples(const HandCodes& hand, const Codebook& codebook) {
    std::map<std::string, size_t> examples;
    for (const Theme& theme : codebook.themes) examples[theme.id] = 0;
    for (const auto& [comment, themes] : hand.themes_by_comment) {
        for (const std::string& theme : themes) ++examples[theme];
    }
    return examples;
}

// The checks both training and cross-validation need before anything is trained.
void check_training_set(const CommentTexts& comments, const HandCodes& hand, const Codebook& codebook,
                        const std::map<std::string, size_t>& examples) {
    if (hand.themes_by_comment.empty()) {
        throw InputError("assisted coding: the training set is empty: no comment of question \"" +
                         codebook.question + "\" is hand-coded");
    }
    check_hand_codes(hand, codebook, "hand codes");
    for (const auto& [comment, themes] : hand.themes_by_comment) {
        if (!comments.contains(comment)) {
            throw InputError("assisted coding: hand codes: comment \"" + comment + "\" is not among the comments");
        }
    }
    for (const Theme& theme : codebook.themes) {
        if (examples.at(theme.id) == 0) {
            throw InputError("assisted coding: theme \"" + theme.id +
                             "\" has no hand-coded example: code at least " + std::to_string(kMinExamples) +
                             " comments with it, or remove it from the codebook");
        }
    }
}

fasttext::Args fasttext_args(const std::string& input, const ClassifierOptions& options) {
    fasttext::Args args;
    args.input = input;
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::ova;
    args.epoch = options.epoch;
    args.lr = options.learning_rate;
    args.dim = options.dim;
    args.wordNgrams = options.word_ngrams;
    args.bucket = options.bucket;
    args.minCount = 1;
    args.minn = 0;  // no character n-grams: comments are short and the vocabulary small
    args.maxn = 0;
    args.thread = 1;  // one thread, so that training is deterministic
    args.seed = options.seed;
    args.verbose = 0;
    return args;
}

// Trains a fastText model on `hand`'s comments, labelled with the themes of `trained`.
std::unique_ptr<fasttext::FastText> train_model(const CommentTexts& comments, const HandCodes& hand,
                                                const std::set<std::string>& trained, const ClassifierOptions& options) {
    TemporaryFile file;
    {
        std::ofstream out(file.path(), std::ios::binary);
        for (const auto& [comment, themes] : hand.themes_by_comment) {
            bool labelled = false;
            for (const std::string& theme : themes) {
                if (!trained.contains(theme)) continue;
                out << kLabelPrefix << theme << ' ';
                labelled = true;
            }
            if (!labelled) out << kLabelPrefix << kNoThemeLabel << ' ';
            out << normalise_for_model(comments.at(comment)) << '\n';
        }
        if (!out.flush()) throw std::runtime_error("cannot write the training data to " + file.path());
    }
    auto model = std::make_unique<fasttext::FastText>();
    try {
        model->train(fasttext_args(file.path(), options));
    } catch (const std::invalid_argument& e) {
        // fastText's words for a training set without words ("Empty vocabulary...").
        throw InputError(std::string("assisted coding: fastText cannot train on the hand-coded comments: ") + e.what());
    }
    return model;
}

ThemeProbabilities predict_with(const fasttext::FastText& model, const std::vector<std::string>& trained,
                                const std::string& text) {
    ThemeProbabilities probabilities;
    for (const std::string& theme : trained) probabilities[theme] = 0.0;  // a label the fold never saw
    std::istringstream line(normalise_for_model(text) + "\n");
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    model.predictLine(line, predictions, -1, 0.0);  // -1: every label
    for (const auto& [p, label] : predictions) {
        std::string theme = label.substr(kLabelPrefix.size());
        if (auto it = probabilities.find(theme); it != probabilities.end()) it->second = p;
    }
    return probabilities;
}

void check_threshold(double threshold) {
    if (!(threshold > 0.0 && threshold <= 1.0)) {
        throw InputError("assisted coding: the threshold must be above 0 and at most 1, not " +
                         std::to_string(threshold));
    }
}

std::string format_probabilities(const ThemeIds& themes, const ThemeProbabilities& probabilities) {
    std::string text = "model p=";
    bool first = true;
    for (const std::string& theme : themes) {
        char p[16];
        std::snprintf(p, sizeof p, "%.2f", probabilities.at(theme));
        text += (first ? "" : ", ") + std::string(p);
        first = false;
    }
    return text;
}

}  // namespace

std::string normalise_for_model(const std::string& text) {
    std::string words;
    for (const Token& token : tokenise(text)) {
        if (!words.empty()) words += ' ';
        words += token.word;
    }
    return words;
}

ThemeClassifier ThemeClassifier::train(const CommentTexts& comments, const HandCodes& hand, const Codebook& codebook,
                                       const ClassifierOptions& options) {
    ThemeClassifier classifier;
    classifier.examples_ = count_examples(hand, codebook);
    check_training_set(comments, hand, codebook, classifier.examples_);
    std::set<std::string> trained;
    for (const Theme& theme : codebook.themes) {
        bool enough = classifier.examples_.at(theme.id) >= kMinExamples;
        (enough ? classifier.trained_ : classifier.too_few_).push_back(theme.id);
        if (enough) trained.insert(theme.id);
    }
    classifier.model_ = train_model(comments, hand, trained, options);
    return classifier;
}

ThemeClassifier::ThemeClassifier(ThemeClassifier&&) noexcept = default;
ThemeClassifier& ThemeClassifier::operator=(ThemeClassifier&&) noexcept = default;
ThemeClassifier::~ThemeClassifier() = default;

ThemeProbabilities ThemeClassifier::predict(const std::string& text) const {
    return predict_with(*model_, trained_, text);
}

Suggestions::Suggestions(const CommentTexts& comments, const HandCodes& hand, std::map<CommentId, ThemeIds> rules,
                         const ThemeClassifier& classifier)
    : hand_(hand.themes_by_comment), rules_(std::move(rules)) {
    std::set<CommentId> all;
    for (const auto& [id, text] : comments) all.insert(id);
    for (const auto& [id, themes] : hand_) all.insert(id);
    for (const auto& [id, themes] : rules_) all.insert(id);
    comments_.assign(all.begin(), all.end());
    for (const auto& [id, text] : comments) {
        if (!hand_.contains(id)) probabilities_[id] = classifier.predict(text);
    }
}

std::map<CommentId, AppliedCodes> Suggestions::apply(std::optional<double> threshold) const {
    if (threshold) check_threshold(*threshold);
    std::map<CommentId, AppliedCodes> applied;
    for (const CommentId& id : comments_) {
        AppliedCodes& codes = applied[id];
        if (auto hand = hand_.find(id); hand != hand_.end()) {
            codes = {hand->second, "hand"};  // even an empty set: the analyst decided
            continue;
        }
        if (auto rules = rules_.find(id); rules != rules_.end() && !rules->second.empty()) {
            codes = {rules->second, "rule"};
            continue;
        }
        codes.coded_by = "none";
        auto probabilities = probabilities_.find(id);
        if (!threshold || probabilities == probabilities_.end()) continue;
        for (const auto& [theme, p] : probabilities->second) {
            if (p >= *threshold) codes.themes.insert(theme);
        }
        if (!codes.themes.empty()) codes.coded_by = format_probabilities(codes.themes, probabilities->second);
    }
    return applied;
}

std::vector<ThemeValidation> cross_validate(const CommentTexts& comments, const HandCodes& hand,
                                            const Codebook& codebook, double threshold,
                                            const ClassifierOptions& options, size_t folds) {
    check_threshold(threshold);
    std::map<std::string, size_t> examples = count_examples(hand, codebook);
    check_training_set(comments, hand, codebook, examples);
    if (folds < 2 || hand.themes_by_comment.size() < folds) {
        throw InputError("assisted coding: cross-validation needs at least " + std::to_string(std::max<size_t>(folds, 2)) +
                         " hand-coded comments and 2 folds; there are " +
                         std::to_string(hand.themes_by_comment.size()) + " comments and " + std::to_string(folds) +
                         " folds");
    }
    std::set<std::string> trained_set;
    std::vector<std::string> trained;
    std::map<std::string, ThemeValidation> by_theme;
    for (const Theme& theme : codebook.themes) {
        ThemeValidation& v = by_theme[theme.id];
        v.theme = theme.id;
        v.examples = examples.at(theme.id);
        v.too_few_to_train = v.examples < kMinExamples;
        if (!v.too_few_to_train) {
            trained_set.insert(theme.id);
            trained.push_back(theme.id);
        }
    }
    for (size_t fold = 0; fold < folds; ++fold) {
        HandCodes training;
        std::vector<const std::pair<const CommentId, ThemeIds>*> held_out;
        size_t i = 0;
        for (const auto& entry : hand.themes_by_comment) {  // comment-id order: deterministic folds
            if (i++ % folds == fold) held_out.push_back(&entry);
            else training.themes_by_comment.insert(entry);
        }
        auto model = train_model(comments, training, trained_set, options);
        for (const auto* entry : held_out) {
            ThemeProbabilities p = predict_with(*model, trained, comments.at(entry->first));
            for (const std::string& theme : trained) {
                bool suggested = p.at(theme) >= threshold, coded = entry->second.contains(theme);
                ThemeValidation& v = by_theme[theme];
                v.true_positives += suggested && coded;
                v.false_positives += suggested && !coded;
                v.false_negatives += !suggested && coded;
            }
        }
    }
    std::vector<ThemeValidation> result;
    for (const Theme& theme : codebook.themes) {
        ThemeValidation& v = by_theme[theme.id];
        if (!v.too_few_to_train) {
            size_t suggested = v.true_positives + v.false_positives, coded = v.true_positives + v.false_negatives;
            if (suggested) v.precision = double(v.true_positives) / double(suggested);
            if (coded) v.recall = double(v.true_positives) / double(coded);
        }
        result.push_back(v);
    }
    return result;
}

}  // namespace gapfinder::text
