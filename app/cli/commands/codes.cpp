// gapfinder codes: hand codes for a coded comment question through a workbook, and the
// model's suggestions (docs/comments.md, "Hand codes through a workbook"):
//   codes export  --survey S --wave W --comment C -o codes.xlsx [--suggest] [--threshold P]
//   codes import  codes.xlsx --survey S --wave W --comment C [--model-threshold P | --no-model]
//   codes suggest --survey S --wave W --comment C [--threshold P]
// The workbook's format lives in exports/coding/codes_workbook.hpp; theme coding with
// the stored codes (hand > rules > model at the chosen threshold) in core/text/comment_themes.hpp.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <unordered_set>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "coding/codes_workbook.hpp"
#include "text/classifier.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

namespace {

const char* kUsage =
    "export --survey ID --wave LABEL --comment ID -o codes.xlsx [--suggest] [--threshold P]\n"
    "       codes import FILE.xlsx --survey ID --wave LABEL --comment ID [--model-threshold P | --no-model]\n"
    "       codes suggest --survey ID --wave LABEL --comment ID [--threshold P]";

std::string probability_text(double p) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.2f", p);
    return buffer;
}

// A wave's comments for one coded comment question, with what the analysis uses now.
struct WaveComments {
    const CommentQuestion* comment = nullptr;
    Dataset data;
    size_t column = 0;                 // the comment's index in data.comments
    const CommentCoding* coding = nullptr;
    text::CommentTexts texts;          // respondent -> comment, those who commented
    std::unordered_set<std::string> respondents;
};

WaveComments load_comments(Context& ctx, const SurveyDefinition& survey, const std::string& wave, const std::string& comment_id) {
    WaveComments w;
    w.comment = survey.find_comment(comment_id);
    if (!w.comment) {
        std::string known;
        for (const auto& c : survey.comments) known += (known.empty() ? "" : ", ") + c.id;
        throw InputError("--comment " + comment_id + ": survey " + survey.id + " has no such comment question" +
                         (known.empty() ? "" : " (its comment questions: " + known + ")"));
    }
    if (!w.comment->rules)
        throw InputError("--comment " + comment_id + ": the comment question has no codebook in " + survey.source +
                         "; give it one (\"codebook\": \"codebooks/....json\") to code its comments");
    w.column = static_cast<size_t>(w.comment - survey.comments.data());
    w.data = ctx.store().load_wave(survey, wave);
    for (const auto& c : w.data.coding)
        if (c.counts.comment_id == comment_id) w.coding = &c;
    const TextColumn& texts = w.data.comments.at(w.column);
    for (size_t r = 0; r < w.data.rows(); ++r) {
        w.respondents.emplace(w.data.ids[r]);
        if (!texts[r].empty()) w.texts.emplace(std::string(w.data.ids[r]), std::string(texts[r]));
    }
    return w;
}

void print_validation(std::ostream& out, const std::vector<text::ThemeValidation>& validation, const text::Codebook& codebook,
                      double threshold) {
    TextTable table({"THEME", "LABEL", "HAND-CODED", "PRECISION", "RECALL", "TP", "FP", "FN"});
    auto figure = [](const std::optional<double>& x) { return x ? probability_text(*x) : std::string("-"); };
    for (const auto& v : validation) {
        const text::Theme* theme = codebook.find(v.theme);
        if (v.too_few_to_train)
            table.add({v.theme, theme ? theme->label : "", std::to_string(v.examples), "too few to train", "", "", "", ""});
        else
            table.add({v.theme, theme ? theme->label : "", std::to_string(v.examples), figure(v.precision), figure(v.recall),
                       std::to_string(v.true_positives), std::to_string(v.false_positives), std::to_string(v.false_negatives)});
    }
    out << "Cross-validated on the hand-coded comments (" << text::kFolds << " folds), a theme suggested at p >= "
        << probability_text(threshold) << ":\n";
    table.print(out, "  ");
    out << "Precision: the share of suggestions a coder agreed with. Recall: the share of comments raising the theme that "
           "the model finds. A theme needs at least "
        << text::kMinExamples << " hand-coded comments to be trained.\n";
}

void print_coding(std::ostream& out, const CommentCoding& c) {
    out << c.counts.comment_id << ": " << c.counts.commented << " comments: " << c.counts.hand << " coded by hand, "
        << c.counts.rules << " by the codebook's rules, " << c.counts.model << " by the model";
    if (c.counts.model_applied) out << " (at p >= " << probability_text(c.counts.model_threshold) << ")";
    else out << " (not applied: no threshold chosen)";
    out << ", " << c.counts.none << " with no theme\n";
}

double threshold_option(const Arguments& args, const std::string& name, double fallback) {
    return args.has(name) ? number_in_range<double>(args.get(name), name, 0.01, 1.0) : fallback;
}

int codes_export(const Arguments& args) {
    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const std::string wave = args.get("wave");
    WaveComments w = load_comments(ctx, survey, wave, args.get("comment"));
    if (!args.has("output")) throw InputError("gapfinder codes export: say where to write the workbook with -o FILE.xlsx");
    const text::Codebook& codebook = *w.comment->rules;
    const text::StoredCoding stored = ctx.store().comment_coding(survey.id, wave, w.comment->id);

    coding::CodesWorkbook book;
    book.survey_id = survey.id;
    book.survey_title = survey.title;
    book.wave = wave;
    book.comment_id = w.comment->id;
    book.comment_text = w.comment->text.empty() ? w.comment->column : w.comment->text;
    book.codebook_file = w.comment->codebook;
    book.codebook = &codebook;
    book.model_threshold = stored.model_threshold;
    std::vector<size_t> theme_questions;
    for (const auto& t : codebook.themes) {
        const Question* q = survey.find_question(w.comment->id + "__" + t.id);
        if (!q) throw std::logic_error("theme question " + w.comment->id + "__" + t.id + " is missing");
        theme_questions.push_back(static_cast<size_t>(q - survey.questions.data()));
    }
    std::optional<text::ThemeClassifier> model;
    if (args.has("suggest")) {
        book.suggestions = true;
        book.suggest_threshold = threshold_option(args, "threshold", 0.5);
        model.emplace(text::ThemeClassifier::train(w.texts, stored.hand, codebook));
        book.trained_themes = model->trained_themes();
        book.validation = text::cross_validate(w.texts, stored.hand, codebook, book.suggest_threshold);
    } else if (args.has("threshold")) {
        throw InputError("--threshold goes with --suggest");
    }
    const TextColumn& texts = w.data.comments.at(w.column);
    for (size_t r = 0; r < w.data.rows(); ++r) {
        if (texts[r].empty()) continue;
        coding::CodesRow row;
        row.respondent = std::string(w.data.ids[r]);
        row.comment = std::string(texts[r]);
        for (size_t t = 0; t < theme_questions.size(); ++t)
            if (w.data.answers[theme_questions[t]][r] == 1) row.themes.insert(codebook.themes[t].id);
        const uint8_t how = w.coding ? w.coding->coded_by[r] : static_cast<uint8_t>(kCodedNone);
        row.coded_by = how == kCodedByHand ? "hand" : how == kCodedByRules ? "rule" : how == kCodedByModel ? "model" : "none";
        if (how == kCodedByModel) {
            std::string ps;
            for (const auto& [theme, p] : stored.model.at(row.respondent))
                if (p >= *stored.model_threshold) ps += (ps.empty() ? " p=" : ", ") + probability_text(p);
            row.coded_by += ps;
        }
        if (model && how != kCodedByHand) row.probabilities = model->predict(row.comment);
        book.rows.push_back(std::move(row));
    }
    const std::string path = args.get("output");
    coding::write_codes_xlsx(book, path);
    std::cout << "Wrote " << book.rows.size() << " comments of " << survey.id << " wave " << wave << " (" << w.comment->id
              << ") with " << codebook.themes.size() << " theme columns to " << path << "\n";
    if (w.coding) print_coding(std::cout, *w.coding);
    if (book.suggestions) print_validation(std::cout, book.validation, codebook, book.suggest_threshold);
    return 0;
}

int codes_import(const Arguments& args) {
    if (args.positional().size() != 2) throw InputError("gapfinder codes import: give the workbook, e.g. codes import codes.xlsx --survey ID");
    const std::string path = args.positional()[1];
    if (args.has("model-threshold") && args.has("no-model")) throw InputError("--model-threshold and --no-model: choose one");
    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    // The workbook's Settings sheet names its wave and comment question, which must be
    // the ones given, so that a workbook cannot land on the wrong wave.
    const std::string wave = args.get("wave"), comment = args.get("comment");
    WaveComments w = load_comments(ctx, survey, wave, comment);
    const text::Codebook& codebook = *w.comment->rules;
    coding::ImportedCodes expected;
    expected.survey_id = survey.id;
    expected.wave = wave;
    expected.comment_id = comment;
    const coding::ImportedCodes imported =
        coding::read_codes_workbook(path, ctx.plugins(), expected, codebook, w.texts, w.respondents);

    text::StoredCoding stored = ctx.store().comment_coding(survey.id, wave, comment);
    size_t hand = 0, added = 0, changed = 0, removed = 0;
    for (const auto& [id, themes] : imported.rows) {
        auto it = stored.hand.themes_by_comment.find(id);
        if (themes) {
            ++hand;
            if (it == stored.hand.themes_by_comment.end()) ++added;
            else if (it->second != *themes) ++changed;
            stored.hand.themes_by_comment[id] = *themes;
        } else if (it != stored.hand.themes_by_comment.end()) {
            stored.hand.themes_by_comment.erase(it);
            ++removed;
        }
    }
    if (args.has("model-threshold")) stored.model_threshold = number_in_range<double>(args.get("model-threshold"), "model-threshold", 0.01, 1.0);
    if (args.has("no-model")) stored.model_threshold.reset();
    stored.model.clear();
    if (stored.model_threshold) {
        // Trained again on every hand code now stored; applied to the comments nobody hand-coded.
        const auto model = text::ThemeClassifier::train(w.texts, stored.hand, codebook);
        for (const auto& [id, comment_text] : w.texts) {
            if (stored.hand.themes_by_comment.count(id)) continue;
            text::ThemeProbabilities kept;
            for (const auto& [theme, p] : model.predict(comment_text))
                if (p >= *stored.model_threshold) kept[theme] = p;
            if (!kept.empty()) stored.model[id] = std::move(kept);
        }
    }
    stored.source = std::filesystem::path(path).filename().string();
    ctx.store().save_comment_coding(survey.id, wave, comment, stored);

    std::cout << "Read " << imported.rows.size() << " rows of " << path << ": " << hand << " hand-coded (" << added << " new, "
              << changed << " changed), " << removed << " hand code(s) withdrawn; " << stored.hand.themes_by_comment.size()
              << " hand-coded comments stored for " << survey.id << " wave " << wave << "\n";
    const Dataset after = ctx.store().load_wave(survey, wave);
    for (const auto& c : after.coding)
        if (c.counts.comment_id == comment) print_coding(std::cout, c);
    return 0;
}

int codes_suggest(const Arguments& args) {
    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const std::string wave = args.get("wave");
    WaveComments w = load_comments(ctx, survey, wave, args.get("comment"));
    const text::StoredCoding stored = ctx.store().comment_coding(survey.id, wave, w.comment->id);
    const double threshold = threshold_option(args, "threshold", 0.5);
    const auto validation = text::cross_validate(w.texts, stored.hand, *w.comment->rules, threshold);
    std::ostringstream out;
    out << survey.title << ", wave " << wave << ", " << w.comment->id << ": " << stored.hand.themes_by_comment.size()
        << " hand-coded comments of " << w.texts.size() << ".\n";
    print_validation(out, validation, *w.comment->rules, threshold);
    write_output(args, out.str(), validation.size());
    return 0;
}

}  // namespace

int run_codes(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey");
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025");
    add_value_option(options, "comment", "ID", "a comment question with a codebook, e.g. why_support");
    add_flag(options, "suggest", "export: add the model's suggestions and its cross-validated precision and recall");
    add_value_option(options, "threshold", "P", "export --suggest and suggest: a theme is suggested at p >= P (default 0.5)");
    add_value_option(options, "model-threshold", "P",
                     "import: apply the model's suggestions at p >= P to comments coded neither by hand nor by the rules");
    add_flag(options, "no-model", "import: stop applying the model's suggestions");
    add_output_options(options);
    Arguments args("codes", kUsage, options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    const std::string sub = pos.empty() ? "" : pos[0];
    if (sub != "import" && pos.size() > 1) throw InputError("gapfinder codes " + sub + ": unexpected argument \"" + pos[1] + "\"");
    auto need = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (!args.has(n)) throw InputError("gapfinder codes " + sub + ": --" + n + " is required");
    };
    if (sub == "export") return need({"survey", "wave", "comment"}), codes_export(args);
    if (sub == "import") return need({"survey", "wave", "comment"}), codes_import(args);
    if (sub == "suggest") return need({"survey", "wave", "comment"}), codes_suggest(args);
    throw InputError("gapfinder codes: say export, import or suggest (see gapfinder codes --help)");
}

}  // namespace gapfinder::cli
