// The classifier half of bench/comments_bench.py: on the comments of a stored wave,
// code every comment with the codebook's rules, train the fastText classifier on the
// hand-coded sample, predict the rest and apply hand > rules > model (threshold 0.5), as
// assisted coding does (core/text/classifier.hpp). Writes what the benchmark verifies:
// the rule-coded count of each theme (which the Python peer must match exactly), the
// applied codes' counts and sources, and each comment's model themes (for the loose
// agreement with scikit-learn's).
//
//   gapfinder_comments_bench --db DB --definition SURVEY.json --wave W --comment ID
//                            --hand-codes CSV --out JSON [--predictions CSV] [--threshold 0.5]
//
// The hand-codes CSV has a header and rows "respondent,themes" (themes joined by ';',
// empty for "none"); scripts/generate_consultation.py --hand-codes writes it.
// This replaces the timing test TextClassifier.BenchTrainAndPredict100k (tests do not time).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "domain/survey_definition.hpp"
#include "store/store.hpp"
#include "text/classifier.hpp"
#include "text/codebook.hpp"
#include "text/rule_coder.hpp"
#include "util/json_writer.hpp"

namespace {

using namespace gapfinder;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// One CSV field at a time, with quotes; enough for the hand-codes file.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field)), field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field)), field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
    std::map<std::string, std::string> out;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument " + key);
        out[key.substr(2)] = argv[i + 1];
    }
    for (const char* required : {"db", "definition", "wave", "comment", "hand-codes", "out"})
        if (!out.count(required)) throw std::runtime_error(std::string("--") + required + " is required");
    return out;
}

}  // namespace

int main(int argc, char** argv) try {
    const auto args = parse_args(argc, argv);
    const double threshold = args.count("threshold") ? std::stod(args.at("threshold")) : 0.5;
    const auto start = clock_type::now();
    std::map<std::string, double> wall, cpu;
    auto lap = [&, t = clock_type::now(), c = cpu_seconds()](const std::string& step) mutable {
        wall[step] = seconds_since(t);
        cpu[step] = cpu_seconds() - c;
        t = clock_type::now();
        c = cpu_seconds();
    };

    const SurveyDefinition survey = SurveyDefinition::load(args.at("definition"));
    const CommentQuestion* question = nullptr;
    size_t column = 0;
    for (size_t c = 0; c < survey.comments.size(); ++c)
        if (survey.comments[c].id == args.at("comment")) question = &survey.comments[c], column = c;
    if (!question || !question->rules) throw std::runtime_error("no coded comment question " + args.at("comment"));
    const text::Codebook& codebook = *question->rules;

    // The stored wave, as an analysis loads it (which codes its theme questions too).
    Store store(args.at("db"));
    const Dataset data = store.load_wave(survey, args.at("wave"));
    text::CommentTexts comments;
    for (size_t r = 0; r < data.rows(); ++r) {
        const std::string_view c = data.comments[column][r];
        if (c.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos) comments.emplace(std::string(data.ids[r]), std::string(c));
    }
    lap("load");

    text::HandCodes hand;
    const auto rows = read_csv(args.at("hand-codes"));
    for (size_t i = 1; i < rows.size(); ++i) {
        if (rows[i].empty() || rows[i][0].empty()) continue;
        text::ThemeIds themes;
        if (rows[i].size() > 1) {
            std::string t;
            std::istringstream list(rows[i][1]);
            while (std::getline(list, t, ';'))
                if (!t.empty()) themes.insert(t);
        }
        hand.themes_by_comment[rows[i][0]] = themes;
    }
    lap("hand codes");

    text::RuleCoder coder(codebook);
    std::map<text::CommentId, text::ThemeIds> rules;
    std::map<std::string, uint64_t> rule_counts;
    for (const auto& theme : codebook.themes) rule_counts[theme.id] = 0;
    for (const auto& [id, text] : comments) {
        text::ThemeIds found;
        for (const auto& m : coder.code(text)) found.insert(m.theme_id), ++rule_counts[m.theme_id];
        if (!found.empty()) rules.emplace(id, std::move(found));
    }
    lap("rules");

    const text::ThemeClassifier classifier = text::ThemeClassifier::train(comments, hand, codebook);
    lap("train");
    const text::Suggestions suggestions(comments, hand, rules, classifier);
    lap("predict");
    const auto applied = suggestions.apply(threshold);
    lap("apply");

    std::map<std::string, uint64_t> applied_counts, sources;
    for (const auto& theme : codebook.themes) applied_counts[theme.id] = 0;
    for (const auto& [id, codes] : applied) {
        for (const auto& t : codes.themes) ++applied_counts[t];
        ++sources[codes.coded_by.rfind("model", 0) == 0 ? "model" : codes.coded_by];
    }
    if (args.count("predictions")) {
        // The model's themes (p >= threshold) for every comment that is not hand-coded.
        std::ofstream out(args.at("predictions"), std::ios::binary);
        out << "respondent,themes\n";
        for (const auto& [id, probabilities] : suggestions.probabilities()) {
            std::string themes;
            for (const auto& [theme, p] : probabilities)
                if (p >= threshold) themes += (themes.empty() ? "" : ";") + theme;
            out << id << "," << themes << "\n";
        }
    }
    lap("write");

    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    std::string json;
    JsonWriter j(json);
    j.begin_object()
        .field("comments", static_cast<uint64_t>(comments.size()))
        .field("hand_coded", static_cast<uint64_t>(hand.themes_by_comment.size()))
        .field("threshold", threshold);
    j.key("rule_counts").begin_object();
    for (const auto& [theme, n] : rule_counts) j.field(theme, n);
    j.end_object().key("applied_counts").begin_object();
    for (const auto& [theme, n] : applied_counts) j.field(theme, n);
    j.end_object().key("coded_by").begin_object();
    for (const auto& [source, n] : sources) j.field(source, n);
    j.end_object().key("trained_themes").begin_array();
    for (const auto& t : classifier.trained_themes()) j.value(t);
    j.end_array().key("seconds").begin_object();
    for (const auto& [step, s] : wall) j.field(step, s);
    j.end_object().key("cpu_seconds").begin_object();
    for (const auto& [step, s] : cpu) j.field(step, s);
    j.end_object().field("total_seconds", seconds_since(start)).field("peak_rss_kib", static_cast<int64_t>(u.ru_maxrss));
    j.end_object();
    std::ofstream(args.at("out"), std::ios::binary) << json << "\n";
    std::cout << "coded " << comments.size() << " comments: " << sources["hand"] << " by hand, " << sources["rule"]
              << " by rules, " << sources["model"] << " by the model, " << sources["none"] << " none\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "gapfinder_comments_bench: " << e.what() << "\n";
    return 1;
}
