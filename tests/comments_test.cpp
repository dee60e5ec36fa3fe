// Comments (free-text answers): named in the survey definition, kept with their
// respondent through ingest (row by row or in parallel batches) and the store, and
// checked as issue 19 asks: blank is "no comment", bad text is refused by row, and an
// over-long comment is cut with a warning.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "analysis/breakdown.hpp"
#include "ingest/dataset_builder.hpp"
#include "ingest/ingest.hpp"
#include "store/store.hpp"
#include "text/dictionary.hpp"
#include "text/quotes.hpp"
#include "text/redact.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

// mini-panel with two comment questions added.
SurveyDefinition with_comments(const std::string& comments_json) {
    std::string json = test::read_file(test::fixture("surveys/mini-panel.json"));
    const size_t at = json.find("\"waves\"");
    json.insert(at, "\"comments\": " + comments_json + ",\n  ");
    return SurveyDefinition::parse(json, "mini-panel.json");
}

const char* kComments = R"([
    {"id": "why_area", "column": "Why do you say that?", "explains": "sat_area"},
    {"id": "other", "column": "Any other comments", "text": "Is there anything else you would like to tell us?"}])";

std::string definition_error(const std::string& comments_json) {
    try {
        with_comments(comments_json);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(CommentDefinition, ParsesAndRefusesWhatCannotBeRight) {
    const SurveyDefinition s = with_comments(kComments);
    ASSERT_EQ(s.comments.size(), 2u);
    EXPECT_EQ(s.comments[0].explains, "sat_area");
    EXPECT_EQ(s.find_comment("other")->text, "Is there anything else you would like to tell us?");

    EXPECT_NE(definition_error(R"([{"id": "why", "column": "Why", "explains": "nope"}])")
                  .find("comments[0].explains: \"nope\" is not the id of a question in this survey"),
              std::string::npos);
    EXPECT_NE(definition_error(R"([{"id": "sat_area", "column": "Why"}])").find("comments[0].id: \"sat_area\" is already the id"),
              std::string::npos);
    EXPECT_NE(definition_error(R"([{"id": "why", "column": "Ward"}])").find("comments[0].column: \"Ward\" is already used"),
              std::string::npos);
    EXPECT_NE(definition_error(R"([{"id": "why", "column": "Why", "colour": "red"}])").find("colour"), std::string::npos);
}

class CommentIngest : public ::testing::Test {
protected:
    void SetUp() override { host.load_folder(GAPFINDER_PLUGIN_DIR); }

    IngestResult ingest(const std::string& bytes, const std::string& wave, const PluginOptions& options = {}) {
        test::write_file(dir.file("panel.csv"), bytes);
        IngestRequest r;
        r.file = dir.file("panel.csv");
        r.wave = wave;
        r.options = options;
        return ingest_file(host, survey, store, r);
    }

    PluginHost host;
    test::TempDir dir;
    SurveyDefinition survey = with_comments(kComments);
    Store store{dir.file("store.db")};
};

const char* kHeader = "ID,Satisfaction with local area,Treated fairly,Sex,Age,Ethnic group,Disabled?,Ward,Why do you say that?,"
                      "Any other comments\n";

std::string panel(size_t rows, const std::string& long_comment = "") {
    std::string s = kHeader;
    for (size_t i = 0; i < rows; ++i) {
        const std::string why = i % 4 == 0   ? ""
                                : i % 4 == 1 ? "   "
                                : i % 4 == 2 ? "\"The buses, frankly, are late\nevery day\""
                                             : "Parks are lovely";
        s += "R" + std::to_string(i) + ",Very satisfied,Agree,Female,34,Indian,No,North," + why + "," +
             (i == 7 && !long_comment.empty() ? long_comment : "Bins") + "\n";
    }
    return s;
}

TEST_F(CommentIngest, CommentsKeepTheirRespondentThroughTheStore) {
    ingest(panel(12), "2024");
    const Dataset d = store.load_wave(survey, "2024");
    ASSERT_EQ(d.comments.size(), 2u);
    ASSERT_EQ(d.comments[0].size(), 12u);
    EXPECT_EQ(d.comments[0][0], "");  // blank
    EXPECT_EQ(d.comments[0][1], "");  // whitespace alone is no comment
    EXPECT_EQ(d.comments[0][2], "The buses, frankly, are late\nevery day");
    EXPECT_EQ(d.comments[0][3], "Parks are lovely");
    EXPECT_EQ(d.comments[1][11], "Bins");
    EXPECT_EQ(d.ids[2], "R2");
}

TEST_F(CommentIngest, ParallelBatchesGiveTheSameComments) {
    const std::string text = panel(3000);
    ingest(text, "serial", {{"threads", "0"}});
    ingest(text + "\n", "chunked", {{"threads", "2"}, {"chunk-kib", "4"}});  // another file: the hash differs
    const Dataset serial = store.load_wave(survey, "serial"), chunked = store.load_wave(survey, "chunked");
    ASSERT_EQ(chunked.rows(), 3000u);
    for (size_t c = 0; c < 2; ++c) {
        EXPECT_EQ(chunked.comments[c].text(), serial.comments[c].text());
        EXPECT_EQ(chunked.comments[c].offsets(), serial.comments[c].offsets());
    }
}

TEST_F(CommentIngest, AnOverLongCommentIsCutAtACharacterBoundary) {
    std::string essay;
    while (essay.size() < DatasetBuilder::kMaxCommentBytes + 100) essay += "Zo\xC3\xAB says the library matters. ";
    ingest(panel(10, essay), "2024");
    const Dataset d = store.load_wave(survey, "2024");
    const std::string_view kept = d.comments[1][7];
    EXPECT_LE(kept.size(), DatasetBuilder::kMaxCommentBytes);
    EXPECT_GT(kept.size(), DatasetBuilder::kMaxCommentBytes - 4);
    EXPECT_EQ(essay.compare(0, kept.size(), kept), 0);
    EXPECT_NE(static_cast<unsigned char>(essay[kept.size()]) & 0xC0, 0x80) << "cut inside a character";
}

TEST_F(CommentIngest, TextThatIsNotUtf8IsRefusedByRowAndColumn) {
    DatasetBuilder builder(survey, "panel.csv");
    std::vector<std::string> headings;
    std::string h = kHeader;
    h.pop_back();
    for (size_t start = 0, comma; start <= h.size(); start = comma + 1) {
        comma = h.find(',', start);
        if (comma == std::string::npos) comma = h.size();
        headings.push_back(h.substr(start, comma - start));
    }
    std::vector<gf_str> views;
    for (const auto& s : headings) views.push_back({s.data(), s.size()});
    ASSERT_TRUE(builder.begin(1, views));
    const std::vector<std::string> cells = {"R1", "Very satisfied", "Agree", "Female", "34", "Indian", "No", "North", "ok",
                                            "caf\xE9 closed"};
    std::vector<gf_str> row;
    for (const auto& s : cells) row.push_back({s.data(), s.size()});
    builder.row(2, row);
    try {
        builder.finish();
        FAIL() << "a comment that is not UTF-8 was taken";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("row 2, column \"Any other comments\": byte 4 of the comment is not UTF-8"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(CommentIngest, AWaveStoredBeforeACommentWasDefinedLoadsWithNoComments) {
    const SurveyDefinition plain = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    test::write_file(dir.file("old.csv"), test::read_file(test::fixture("mini-good.csv")));
    IngestRequest r;
    r.file = dir.file("old.csv");
    r.wave = "2023";
    ingest_file(host, plain, store, r);
    const Dataset d = store.load_wave(survey, "2023");
    ASSERT_EQ(d.comments.size(), 2u);
    ASSERT_EQ(d.comments[0].size(), d.rows());
    EXPECT_EQ(d.comments[0][0], "");
}

// A codebook turns a comment question into theme questions, coded when a wave loads and
// analysed like any question; editing the codebook recodes stored waves.
class CommentThemes : public CommentIngest {
protected:
    void SetUp() override {
        CommentIngest::SetUp();
        write_codebook(R"({"question": "why_area", "themes": [
            {"id": "transport", "label": "Transport", "keywords": ["bus", "buses", "train"]},
            {"id": "parks", "label": "Parks and green spaces", "keywords": ["park"]}]})");
    }
    void write_codebook(const std::string& json) {
        std::filesystem::create_directories(dir.file("codebooks"));
        test::write_file(dir.file("codebooks/why.json"), json);
        std::string text = test::read_file(test::fixture("surveys/mini-panel.json"));
        text.insert(text.find("\"waves\""), std::string("\"comments\": [{\"id\": \"why_area\", \"column\": \"Why do you say that?\", ") +
                                               "\"explains\": \"sat_area\", \"codebook\": \"codebooks/why.json\"}, " +
                                               "{\"id\": \"other\", \"column\": \"Any other comments\"}],\n  ");
        test::write_file(dir.file("mini-panel.json"), text);
        survey = SurveyDefinition::load(dir.file("mini-panel.json"));
    }
    size_t question(const std::string& id) const {
        for (size_t q = 0; q < survey.questions.size(); ++q)
            if (survey.questions[q].id == id) return q;
        ADD_FAILURE() << "no question " << id;
        return 0;
    }
};

TEST_F(CommentThemes, EachThemeIsAQuestionAnsweredByThoseWhoCommented) {
    ASSERT_EQ(survey.questions.size(), 4u);  // the two closed questions and the two themes
    const Question& transport = survey.questions[question("why_area__transport")];
    EXPECT_TRUE(transport.from_comment());
    EXPECT_EQ(transport.theme, "Place");  // the explained question's theme
    EXPECT_EQ(transport.outcome, "mention transport");
    EXPECT_EQ(survey.questions[question("why_area__parks")].outcome, "mention parks and green spaces");

    ingest(panel(12), "2024");
    const Dataset d = store.load_wave(survey, "2024");
    const auto& mentions_transport = d.answers[question("why_area__transport")];
    const auto& mentions_parks = d.answers[question("why_area__parks")];
    // Rows cycle: blank, whitespace, "The buses, frankly, are late...", "Parks are lovely".
    const std::vector<uint8_t> transport_codes = {0, 0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2};
    const std::vector<uint8_t> parks_codes = {0, 0, 2, 1, 0, 0, 2, 1, 0, 0, 2, 1};
    EXPECT_EQ(mentions_transport, transport_codes);
    EXPECT_EQ(mentions_parks, parks_codes);

    // The analysis takes them as questions: 6 commenters, 3 of whom mention transport.
    AnalysisSettings s;
    s.below_disclosure_floor = true;  // a 12-row panel: every cell is small
    s.suppress_below = 1;
    s.min_base = 1;
    const Findings f = analyse(survey, d, "2024", s);
    bool seen = false;
    for (const auto& r : f.results)
        if (r.question == "why_area__transport" && r.characteristic == "sex" && r.group == "female") {
            seen = true;
            EXPECT_EQ(r.n, 6);
            EXPECT_EQ(r.positives, 3);
        }
    EXPECT_TRUE(seen);
}

TEST_F(CommentThemes, EditingTheCodebookRecodesAStoredWave) {
    ingest(panel(8), "2024");
    write_codebook(R"({"question": "why_area", "themes": [
        {"id": "transport", "label": "Transport", "keywords": ["train"]},
        {"id": "parks", "label": "Parks", "keywords": ["park", "lovely"]}]})");
    const Dataset d = store.load_wave(survey, "2024");
    EXPECT_EQ(d.answers[question("why_area__transport")], (std::vector<uint8_t>{0, 0, 2, 2, 0, 0, 2, 2}));
}

TEST_F(CommentThemes, ABrokenCodebookIsNamedInTheDefinitionsError) {
    test::write_file(dir.file("codebooks/why.json"), R"({"question": "why_area", "themes": [{"id": "x", "label": "X", "keywords": "bus"}]})");
    std::string text = test::read_file(dir.file("mini-panel.json"));
    try {
        SurveyDefinition::load(dir.file("mini-panel.json"));
        FAIL() << "a broken codebook was taken";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("comments[0].codebook"), std::string::npos) << what;
        EXPECT_NE(what.find("\"keywords\" must be a list of strings"), std::string::npos) << what;
    }
}

// The bundled consultation, end to end through the command line: every theme's base and
// count by every group equals the independent recount (scripts/reference/
// recount_consultation_themes.py, its own tokeniser, negation and Snowball stemmer).
TEST(ConsultationThemes, TheSampleMatchesTheIndependentRecount) {
    test::TempDir dir;
    const std::string surveys = std::string(SOURCE_DIR) + "/surveys";
    auto r = test::run_gapfinder({"ingest", surveys + "/samples/library-consultation-2025.csv", "--survey", "library-consultation",
                                  "--wave", "2025", "--surveys-dir", surveys, "--db", "c.db"},
                                 dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = test::run_gapfinder({"analyse", "--survey", "library-consultation", "--wave", "2025", "--surveys-dir", surveys, "--db",
                             "c.db", "--format", "json", "-o", "f.json"},
                            dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::pair<double, double>> got;  // question|characteristic|group -> (n, positives)
    const auto findings = test::parse_object(test::read_file(dir.file("f.json")));
    const auto results = findings->getArray("results");
    for (size_t i = 0; i < results->size(); ++i) {
        const auto row = results->getObject(static_cast<unsigned>(i));
        if (!row->has("positives")) continue;  // suppressed
        got[row->getValue<std::string>("question") + "|" + row->getValue<std::string>("characteristic") + "|" +
            row->getValue<std::string>("group")] = {row->getValue<double>("n"), row->getValue<double>("positives")};
    }
    const auto recount =
        test::parse_object(test::read_file(std::string(SOURCE_DIR) + "/scripts/reference/library-consultation-themes.json"));
    const auto by_group = recount->getObject("by_group");
    size_t compared = 0;
    for (const auto& [characteristic, groups] : *by_group)
        for (const auto& [group, counts] : *groups.extract<Poco::JSON::Object::Ptr>()) {
            const auto c = counts.extract<Poco::JSON::Object::Ptr>();
            for (const auto& [theme, count] : *c->getObject("themes")) {
                const std::string key = "why_support__" + theme + "|" + characteristic + "|" + group;
                ASSERT_TRUE(got.count(key)) << key << " is not in gapfinder's findings";
                EXPECT_EQ(got[key].first, c->getValue<double>("commented")) << key;
                EXPECT_EQ(got[key].second, count.convert<double>()) << key;
                ++compared;
            }
        }
    EXPECT_EQ(compared, 252u);
    // The planted gap is flagged in plain words: disabled respondents raise access.
    EXPECT_NE(test::read_file(dir.file("f.json")).find("why_support__access"), std::string::npos);
}

// The bundled consultation's 2025 wave, ingested into a fresh store, with a redactor.
class ConsultationQuotes : public ::testing::Test {
protected:
    ConsultationQuotes() {
        PluginHost host;
        host.load_folder(GAPFINDER_PLUGIN_DIR);
        IngestRequest r;
        r.file = surveys + "/samples/library-consultation-2025.csv";
        r.wave = "2025";
        ingest_file(host, survey, store, r);
        data = store.load_wave(survey, "2025");
    }
    test::TempDir dir;
    const std::string surveys = std::string(SOURCE_DIR) + "/surveys";
    const SurveyDefinition survey = SurveyDefinition::load(surveys + "/library-consultation.json");
    Store store{dir.file("c.db")};
    Dataset data;
    const text::Redactor redactor{text::Dictionary::load()};
};

// Quotes, safely: across every theme and every characteristic of the bundled
// consultation, with as many quotes per group as the command allows, none of the 179
// pieces of personal data planted in its comments reaches a quote; no group under the
// threshold is quoted; and the command line prints the same.
TEST_F(ConsultationQuotes, NoPlantedPersonalDataReachesAQuote) {
    std::string all;
    size_t quotes = 0, redacted = 0, small_groups = 0;
    for (const Question& q : survey.questions) {
        if (!q.from_comment()) continue;
        for (const Grouping& g : survey.groupings) {
            text::QuoteRequest request{q.id, g.id, 10, 30};
            for (const auto& group : text::choose_quotes(survey, data, request, redactor)) {
                if (group.too_small) {
                    ++small_groups;
                    EXPECT_TRUE(group.quotes.empty());
                    EXPECT_EQ(group.commenters, 0u) << "a group too small to quote gives no count either";
                    EXPECT_EQ(group.mentioning, 0u);
                }
                for (const auto& quote : group.quotes) {
                    all += quote + "\n";
                    ++quotes;
                    if (quote.find('[') != std::string::npos) ++redacted;
                }
            }
        }
    }
    EXPECT_GT(quotes, 500u);
    EXPECT_GT(redacted, 20u) << "comments with planted personal data were among the quotes, redacted";
    EXPECT_GT(small_groups, 0u) << "some group was too small to quote";

    std::string lower = all;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto truth = test::parse_object(test::read_file(surveys + "/samples/truth/library-consultation-2025.truth.json"));
    const auto planted = truth->getArray("personal_data");
    size_t checked = 0;
    for (size_t i = 0; i < planted->size(); ++i) {
        const auto strings = planted->getObject(static_cast<unsigned>(i))->getArray("strings");
        for (size_t k = 0; k < strings->size(); ++k) {
            std::string item = strings->getElement<std::string>(static_cast<unsigned>(k));
            for (char& ch : item) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            EXPECT_EQ(lower.find(item), std::string::npos) << "planted \"" << item << "\" reached a quote";
            ++checked;
        }
    }
    EXPECT_GE(checked, 179u);

    const auto cli = test::run_gapfinder({"quotes", "--survey", "library-consultation", "--wave", "2025", "--surveys-dir", surveys,
                                          "--db", dir.file("c.db"), "--theme", "why_support__access", "--by", "disability"},
                                         dir.path().string());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_NE(cli.out.find("## Disabled"), std::string::npos) << cli.out;
    EXPECT_NE(cli.out.find("who commented mention it"), std::string::npos) << cli.out;
}

// Two routes, one figure: with the survey's counts rounded to 5, the counts beside quotes
// are the analysis's published counts for the same theme and group, never the exact ones,
// so that nobody subtracts one from the other.
TEST_F(ConsultationQuotes, CountsArePublishedAsTheAnalysisPublishesThem) {
    AnalysisSettings settings;
    settings.round_counts_to = 5;
    settings.suppress_below = survey.disclosure.suppress_below;
    const Findings findings = analyse(survey, data, "2025", settings);
    size_t compared = 0, inexact = 0;
    for (const Grouping& g : survey.groupings) {
        text::QuoteRequest request{"why_support__access", g.id, 1, survey.disclosure.suppress_below, 5};
        text::QuoteRequest exact = request;
        exact.round_counts_to = 0;
        const auto rounded = text::choose_quotes(survey, data, request, redactor);
        const auto unrounded = text::choose_quotes(survey, data, exact, redactor);
        for (size_t k = 0; k < rounded.size(); ++k) {
            const auto& quoted = rounded[k];
            if (quoted.too_small) continue;
            EXPECT_EQ(quoted.commenters % 5, 0u);
            EXPECT_EQ(quoted.mentioning % 5, 0u);
            if (quoted.commenters != unrounded[k].commenters || quoted.mentioning != unrounded[k].mentioning) ++inexact;
            for (const GroupResult& row : findings.results) {
                if (row.question != "why_support__access" || row.characteristic != g.id || row.group != quoted.group_id ||
                    row.suppressed)
                    continue;
                EXPECT_EQ(row.n, static_cast<double>(quoted.commenters)) << g.id << " " << quoted.group_id;
                EXPECT_EQ(row.positives, static_cast<double>(quoted.mentioning)) << g.id << " " << quoted.group_id;
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 20u);
    EXPECT_GT(inexact, 0u) << "some exact count was not a multiple of 5, so rounding was tested";
}

}  // namespace
}  // namespace gapfinder
