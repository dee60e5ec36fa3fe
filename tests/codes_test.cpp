// Hand codes, suggestions and distinctive words on the command line (issue 19, items 2
// to 4), on the bundled library consultation:
//   - a codes workbook exported, edited as an analyst would (cells changed, "hand"
//     typed), saved again by Gnumeric's ssconvert, and imported: the hand codes win over
//     the rules, and the analysed theme counts by group move by exactly the edits;
//   - a bad workbook (unknown theme column, a cell that is not 1/0, an unknown
//     respondent) is refused naming file, sheet, row and column, and the store is unchanged;
//   - the stored codes on both backends, and the model applied only at a chosen threshold;
//   - the codebook through a sheet and back;
//   - distinctive words by group that never show planted personal data.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <Poco/JSON/Object.h>

#include "analysis/breakdown.hpp"
#include "coding/codebook_workbook.hpp"
#include "ingest/ingest.hpp"
#include "store/store.hpp"
#include "store_location.hpp"
#include "test_support.hpp"
#include "text/dictionary.hpp"
#include "text/distinctive_words.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"
#include "xlsx/sheet_table.hpp"

namespace gapfinder {
namespace {

const std::string kSurveys = std::string(SOURCE_DIR) + "/surveys";
const std::string kSample = kSurveys + "/samples/library-consultation-2025.csv";
const char* kSheetPart = "xl/worksheets/sheet1.xml";  // "Codes", the first sheet

bool have_ssconvert() { return std::system("command -v ssconvert >/dev/null 2>&1") == 0; }

// Opens and saves a workbook with Gnumeric, as an analyst using it would.
void resave_with_gnumeric(const std::string& from, const std::string& to) {
    const std::string command = "ssconvert --export-type=Gnumeric_Excel:xlsx2 '" + from + "' '" + to + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// Rewrites cells of a sheet's XML in one pass: reference ("C5") -> the new cell's XML.
std::string set_cells(const std::string& xml, const std::map<std::string, std::string>& cells) {
    std::string out;
    size_t last = 0, pos = 0, replaced = 0;
    while ((pos = xml.find("<c r=\"", pos)) != std::string::npos) {
        const size_t ref_end = xml.find('"', pos + 6);
        const std::string ref = xml.substr(pos + 6, ref_end - pos - 6);
        const size_t gt = xml.find('>', ref_end);
        const size_t end = xml[gt - 1] == '/' ? gt + 1 : xml.find("</c>", gt) + 4;
        if (auto it = cells.find(ref); it != cells.end()) {
            out.append(xml, last, pos - last);
            out += it->second;
            last = end;
            ++replaced;
        }
        pos = end;
    }
    out.append(xml, last);
    EXPECT_EQ(replaced, cells.size()) << "cells not found in the sheet";
    return out;
}

std::string number_cell(const std::string& ref) { return "<c r=\"" + ref + "\"><v>1</v></c>"; }
std::string blank_cell(const std::string& ref) { return "<c r=\"" + ref + "\"/>"; }
std::string text_cell(const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

class Consultation : public ::testing::Test {
protected:
    void SetUp() override {
        host.load_folder(GAPFINDER_PLUGIN_DIR);
        const auto r = gf({"ingest", kSample, "--survey", "library-consultation", "--wave", "2025"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    test::RunResult gf(std::vector<std::string> args) {
        for (const char* a : {"--surveys-dir", kSurveys.c_str(), "--db", "c.db"}) args.push_back(a);
        return test::run_gapfinder(args, dir.path().string());
    }
    std::string file(const std::string& name) const { return dir.file(name); }
    xlsx::SheetTable sheet(const std::string& path, const std::string& name) {
        return xlsx::read_sheet(host, host.choose(path, std::nullopt), path, name, 1);
    }
    // question|group -> (n, positives) of the analysis by disability.
    std::map<std::string, std::pair<double, double>> rates(const std::string& json_file) {
        std::map<std::string, std::pair<double, double>> out;
        const auto findings = test::parse_object(test::read_file(file(json_file)));
        const auto results = findings->getArray("results");
        for (size_t i = 0; i < results->size(); ++i) {
            const auto row = results->getObject(static_cast<unsigned>(i));
            if (!row->has("positives") || row->isNull("positives")) continue;
            out[row->getValue<std::string>("question") + "|" + row->getValue<std::string>("group")] = {
                row->getValue<double>("n"), row->getValue<double>("positives")};
        }
        return out;
    }
    size_t column(const xlsx::SheetTable& t, const std::string& heading) {
        for (size_t i = 0; i < t.headings.size(); ++i)
            if (t.headings[i] == heading) return i;
        ADD_FAILURE() << "no column " << heading;
        return 0;
    }
    test::TempDir dir;
    PluginHost host;
};

// What the edits of the round trip did, by respondent.
struct Edits {
    std::set<std::string> access_added, access_removed, confirmed;
    std::map<std::string, std::string> cells;  // reference -> new cell
};

// Edits an exported workbook as an analyst would: 30 rule-coded comments lose "access",
// 30 comments coded "none" gain it, 5 rule-coded ones are confirmed by typing "hand".
Edits analyst_edits(const xlsx::SheetTable& t, size_t access, size_t coded_by) {
    Edits e;
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const auto& row = t.rows[i];
        const std::string row_number = std::to_string(t.numbers[i]);
        const std::string access_ref = test::column_letter(access) + row_number;
        if (row[coded_by] == "rule" && row[access] == "1" && e.access_removed.size() < 30) {
            e.access_removed.insert(row[0]);
            e.cells[access_ref] = blank_cell(access_ref);
        } else if (row[coded_by] == "none" && e.access_added.size() < 30) {
            e.access_added.insert(row[0]);
            e.cells[access_ref] = number_cell(access_ref);
        } else if (row[coded_by] == "rule" && row[access].empty() && e.confirmed.size() < 5) {
            e.confirmed.insert(row[0]);
            const std::string ref = test::column_letter(coded_by) + row_number;
            e.cells[ref] = text_cell(ref, "hand");
        }
    }
    return e;
}

TEST_F(Consultation, HandCodesRoundTripThroughAGnumericWorkbookAndWinOverTheRules) {
    if (!have_ssconvert()) GTEST_SKIP() << "ssconvert (Debian gnumeric) is not installed: scripts/install-deps.sh installs it";
    auto r = gf({"analyse", "--survey", "library-consultation", "--wave", "2025", "--by", "disability", "--format", "json", "-o",
                 "before.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "codes.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("0 coded by hand"), std::string::npos) << r.out;

    const xlsx::SheetTable exported = sheet(file("codes.xlsx"), "Codes");
    ASSERT_GT(exported.rows.size(), 1000u);
    const size_t access = column(exported, "access"), coded_by = column(exported, "coded_by");
    EXPECT_EQ(exported.headings[0], "respondent_id");
    EXPECT_EQ(exported.headings[1], "comment");
    for (const char* theme : {"transport", "digital", "children", "cost", "staff", "hours"}) column(exported, theme);
    const Edits edits = analyst_edits(exported, access, coded_by);
    ASSERT_EQ(edits.access_removed.size(), 30u);
    ASSERT_EQ(edits.access_added.size(), 30u);
    ASSERT_EQ(edits.confirmed.size(), 5u);
    test::edit_zip(file("codes.xlsx"), file("edited.xlsx"),
                   {{kSheetPart, [&](const std::string& xml) { return set_cells(xml, edits.cells); }}});
    resave_with_gnumeric(file("edited.xlsx"), file("gnumeric.xlsx"));
    // Gnumeric wrote its own workbook, not a copy.
    EXPECT_NE(std::filesystem::file_size(file("gnumeric.xlsx")), std::filesystem::file_size(file("edited.xlsx")));

    r = gf({"codes", "import", "gnumeric.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("65 hand-coded (65 new, 0 changed)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("65 coded by hand"), std::string::npos) << r.out;

    // Each edited comment is coded as the analyst said, whatever the rules find.
    const SurveyDefinition survey = SurveyDefinition::load(kSurveys + "/library-consultation.json");
    Store store(file("c.db"));
    const Dataset data = store.load_wave(survey, "2025");
    const size_t q = static_cast<size_t>(survey.find_question("why_support__access") - survey.questions.data());
    const size_t g = static_cast<size_t>(survey.find_grouping("disability") - survey.groupings.data());
    std::map<std::string, double> expected_change;  // disability group -> change in positives
    size_t checked = 0;
    for (size_t row = 0; row < data.rows(); ++row) {
        const std::string id(data.ids[row]);
        const bool added = edits.access_added.count(id), removed = edits.access_removed.count(id);
        if (!added && !removed) continue;
        EXPECT_EQ(data.answers[q][row], added ? 1 : 2) << id;
        EXPECT_EQ(data.coding.at(0).coded_by[row], kCodedByHand) << id;
        const uint8_t code = data.groupings[g][row];
        if (code != kBlank)  // "Prefer not to say" has a row of its own, "undisclosed"
            expected_change[code == kUndisclosed ? "undisclosed" : survey.groupings[g].categories[code - 1].id] += added ? 1 : -1;
        ++checked;
    }
    EXPECT_EQ(checked, 60u);

    // The analysed numbers move by exactly the edits, group by group; bases stay.
    r = gf({"analyse", "--survey", "library-consultation", "--wave", "2025", "--by", "disability", "--format", "json", "-o",
            "after.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto before = rates("before.json"), after = rates("after.json");
    size_t groups = 0;
    for (const auto& [key, counts] : before) {
        if (key.rfind("why_support__access|", 0) != 0) continue;
        const std::string group = key.substr(key.find('|') + 1);
        ASSERT_TRUE(after.count(key)) << key;
        EXPECT_EQ(after.at(key).first, counts.first) << key;
        EXPECT_EQ(after.at(key).second, counts.second + expected_change[group]) << key;
        ++groups;
    }
    EXPECT_GE(groups, 2u);
    double moved = 0;
    for (const auto& [group, change] : expected_change) moved += std::abs(change);
    EXPECT_GT(moved, 0);

    // The findings say how the comments were coded.
    const auto coding = test::parse_object(test::read_file(file("after.json")))->getArray("comment_coding");
    ASSERT_EQ(coding->size(), 1u);
    const auto c = coding->getObject(0);
    EXPECT_EQ(c->getValue<std::string>("comment"), "why_support");
    EXPECT_EQ(c->getValue<int>("hand"), 65);
    EXPECT_EQ(c->getValue<int>("model"), 0);
    EXPECT_TRUE(c->isNull("model_threshold"));
    EXPECT_EQ(c->getValue<int>("hand") + c->getValue<int>("rules") + c->getValue<int>("none"), c->getValue<int>("commented"));

    // Exported again, the hand codes come back as hand codes; importing that unchanged
    // workbook changes nothing.
    r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "again.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const xlsx::SheetTable again = sheet(file("again.xlsx"), "Codes");
    size_t hand_rows = 0;
    for (const auto& row : again.rows) {
        if (row[coded_by] != "hand") continue;
        ++hand_rows;
        if (edits.access_added.count(row[0])) {
            EXPECT_EQ(row[access], "1") << row[0];
        }
        if (edits.access_removed.count(row[0])) {
            EXPECT_EQ(row[access], "") << row[0];
        }
    }
    EXPECT_EQ(hand_rows, 65u);
    const int64_t version = store.data_version();
    r = gf({"codes", "import", "again.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("65 hand-coded (0 new, 0 changed), 0 hand code(s) withdrawn"), std::string::npos) << r.out;
    EXPECT_GT(store.data_version(), version) << "a new import moves the version the web app's findings are kept by";
}

TEST_F(Consultation, ABadWorkbookIsRefusedNamingRowAndColumnAndSavesNothing) {
    auto r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "codes.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const xlsx::SheetTable t = sheet(file("codes.xlsx"), "Codes");
    const size_t access = column(t, "access"), coded_by = column(t, "coded_by");
    // Good edits first, so that a half-written import would show.
    const Edits good = analyst_edits(t, access, coded_by);
    Store store(file("c.db"));
    const int64_t version = store.data_version();
    const std::string last = std::to_string(t.numbers.back());

    struct Case {
        std::string name;
        std::map<std::string, std::string> cells;
        std::vector<std::string> expect;
    };
    const std::string access_col = test::column_letter(access);
    const std::vector<Case> cases = {
        {"unknown theme column", {{access_col + "1", text_cell(access_col + "1", "acess")}},
         {"bad.xlsx: sheet \"Codes\": row 1, column \"acess\"", "is not a theme of the codebook", "access, transport"}},
        {"not 1 or 0", {{access_col + last, text_cell(access_col + last, "yes")}},
         {"bad.xlsx: sheet \"Codes\": row " + last + ", column \"access\": \"yes\" is not 1"}},
        {"unknown respondent", {{"A" + last, text_cell("A" + last, "LC25-99999")}},
         {"bad.xlsx: sheet \"Codes\": row " + last + ", column \"respondent_id\": \"LC25-99999\" is not a respondent"}},
        {"coded_by", {{test::column_letter(coded_by) + last, text_cell(test::column_letter(coded_by) + last, "Jo")}},
         {"row " + last + ", column \"coded_by\": \"Jo\" is not hand, rule, model or none"}},
    };
    for (const auto& c : cases) {
        std::map<std::string, std::string> cells = good.cells;
        for (const auto& [ref, cell] : c.cells) cells[ref] = cell;
        test::edit_zip(file("codes.xlsx"), file("bad.xlsx"), {{kSheetPart, [&](const std::string& xml) { return set_cells(xml, cells); }}});
        r = gf({"codes", "import", "bad.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support"});
        EXPECT_EQ(r.exit_code, 1) << c.name << "\n" << r.out;
        for (const auto& e : c.expect) EXPECT_NE(r.err.find(e), std::string::npos) << c.name << ": " << r.err;
        EXPECT_EQ(store.data_version(), version) << c.name << ": the store changed";
        EXPECT_TRUE(store.comment_coding("library-consultation", "2025", "why_support").empty()) << c.name;
    }
    // A workbook of another wave or comment question is refused before any row is read.
    r = gf({"codes", "import", "codes.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "other"});
    EXPECT_EQ(r.exit_code, 1);
    r = gf({"codes", "import", "codes.xlsx", "--survey", "library-consultation", "--wave", "2024", "--comment", "why_support"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(store.data_version(), version);
}

// Suggestions: cross-validated figures, the workbook's columns, and the model applied
// only at the threshold the analyst chose, recorded in the findings.
TEST_F(Consultation, SuggestionsAreAppliedOnlyAtAChosenThreshold) {
    auto r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "codes.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // An analyst confirms the first 600 comments as coded (the rules are right on this sample).
    const xlsx::SheetTable t = sheet(file("codes.xlsx"), "Codes");
    const size_t coded_by = column(t, "coded_by");
    std::map<std::string, std::string> cells;
    for (size_t i = 0; i < 600; ++i) {
        const std::string ref = test::column_letter(coded_by) + std::to_string(t.numbers[i]);
        cells[ref] = text_cell(ref, "hand");
    }
    test::edit_zip(file("codes.xlsx"), file("confirmed.xlsx"), {{kSheetPart, [&](const std::string& xml) { return set_cells(xml, cells); }}});
    r = gf({"codes", "import", "confirmed.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("(not applied: no threshold chosen)"), std::string::npos) << r.out;

    r = gf({"codes", "suggest", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("PRECISION"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("600 hand-coded comments"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("access"), std::string::npos) << r.out;

    r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "s.xlsx",
            "--suggest", "--threshold", "0.6"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const xlsx::SheetTable suggested = sheet(file("s.xlsx"), "Codes");
    const size_t p_access = column(suggested, "p_access");
    size_t with_p = 0;
    for (size_t i = 0; i < suggested.rows.size(); ++i) {
        const bool hand = suggested.rows[i][coded_by] == "hand";
        if (hand) {
            EXPECT_EQ(suggested.rows[i][p_access], "") << "a hand-coded comment gets no suggestion";
        } else {
            with_p += !suggested.rows[i][p_access].empty();
        }
    }
    EXPECT_EQ(with_p, suggested.rows.size() - 600);
    const xlsx::SheetTable model = sheet(file("s.xlsx"), "Model");
    ASSERT_GE(model.rows.size(), 7u);
    EXPECT_EQ(model.headings[3], "precision");

    // The model applies only when a threshold is chosen, to comments neither hand- nor rule-coded.
    r = gf({"codes", "import", "confirmed.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support",
            "--model-threshold", "0.5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("(at p >= 0.50)"), std::string::npos) << r.out;
    r = gf({"analyse", "--survey", "library-consultation", "--wave", "2025", "--by", "disability", "--format", "json", "-o", "m.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto c = test::parse_object(test::read_file(file("m.json")))->getArray("comment_coding")->getObject(0);
    EXPECT_EQ(c->getValue<int>("hand"), 600);
    EXPECT_EQ(c->getValue<double>("model_threshold"), 0.5);
    EXPECT_EQ(c->getValue<int>("hand") + c->getValue<int>("rules") + c->getValue<int>("model") + c->getValue<int>("none"),
              c->getValue<int>("commented"));
    // Exported, a model-coded row says so with its probability.
    r = gf({"codes", "export", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "-o", "m.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    size_t model_rows = 0;
    for (const auto& row : sheet(file("m.xlsx"), "Codes").rows) model_rows += row[coded_by].rfind("model p=", 0) == 0;
    EXPECT_EQ(model_rows, static_cast<size_t>(c->getValue<int>("model")));

    r = gf({"codes", "import", "confirmed.xlsx", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support",
            "--no-model"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(" 0 by the model (not applied"), std::string::npos) << r.out;
}

// The codebook as a sheet and back: the same themes after Gnumeric saved it; a sheet
// error names the theme and the field as the JSON loader does.
TEST_F(Consultation, TheCodebookRoundTripsThroughASheet) {
    const std::string codebook = kSurveys + "/codebooks/library-consultation-why.json";
    auto r = gf({"codebook", "export", codebook, "-o", "codebook.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string workbook = "codebook.xlsx";
    if (have_ssconvert()) {
        resave_with_gnumeric(file("codebook.xlsx"), file("codebook-gnumeric.xlsx"));
        workbook = "codebook-gnumeric.xlsx";
    }
    r = gf({"codebook", "import", workbook, "-o", "back.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    text::Stemmer stemmer;
    const text::Codebook a = text::load_codebook(codebook, stemmer), b = text::load_codebook(file("back.json"), stemmer);
    EXPECT_EQ(a.question, b.question);
    ASSERT_EQ(a.themes.size(), b.themes.size());
    for (size_t i = 0; i < a.themes.size(); ++i) {
        EXPECT_EQ(a.themes[i].id, b.themes[i].id);
        EXPECT_EQ(a.themes[i].label, b.themes[i].label);
        EXPECT_EQ(a.themes[i].keywords, b.themes[i].keywords);
        EXPECT_EQ(a.themes[i].phrases, b.themes[i].phrases);
        EXPECT_EQ(a.themes[i].exclude, b.themes[i].exclude);
    }
    // Two words in "keywords" of the first theme (row 2): named by theme and field.
    const xlsx::SheetTable t = sheet(file("codebook.xlsx"), "Codebook");
    EXPECT_EQ(t.headings, (std::vector<std::string>{"id", "label", "keywords", "phrases", "exclude"}));
    test::edit_zip(file("codebook.xlsx"), file("bad.xlsx"),
                   {{kSheetPart, [&](const std::string& xml) { return set_cells(xml, {{"C2", text_cell("C2", "ramp; step free")}}); }}});
    r = gf({"codebook", "import", "bad.xlsx", "-o", "bad.json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.xlsx: sheet \"Codebook\": theme 1 (\"access\")"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\"keywords\""), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(file("bad.json")));
}

// Two routes, one figure: with counts rounded to 5, the commenters a words list gives for
// a group are the base the analysis publishes for a theme of that comment and group, and
// every count it shows is a multiple of 5.
TEST_F(Consultation, DistinctiveWordsCountsAreRoundedAsTheAnalysisRoundsThem) {
    const SurveyDefinition survey = SurveyDefinition::load(kSurveys + "/library-consultation.json");
    Store store(file("c.db"));
    const Dataset data = store.load_wave(survey, "2025");
    const text::Redactor redactor(text::Dictionary::load());
    AnalysisSettings settings;
    settings.round_counts_to = 5;
    const Findings findings = analyse(survey, data, "2025", settings);
    text::WordsRequest request;
    request.comment = "why_support";
    request.grouping = "disability";
    request.round_counts_to = 5;
    size_t compared = 0;
    for (const auto& group : text::distinctive_words(survey, data, request, redactor)) {
        if (group.too_small) continue;
        EXPECT_EQ(group.commenters % 5, 0u) << group.group_id;
        for (const auto& t : group.more) EXPECT_EQ(t.respondents_group % 5, 0u) << t.term;
        for (const auto& t : group.less) EXPECT_EQ(t.respondents_rest % 5, 0u) << t.term;
        for (const GroupResult& row : findings.results)
            if (row.question == "why_support__access" && row.characteristic == "disability" && row.group == group.group_id &&
                !row.suppressed) {
                EXPECT_EQ(row.n, static_cast<double>(group.commenters)) << group.group_id;
                ++compared;
            }
    }
    EXPECT_GE(compared, 2u);
}

// Distinctive words by every characteristic: only groups and terms that reach the
// suppression threshold, and none of the personal data planted in the comments.
TEST_F(Consultation, DistinctiveWordsShowNoPlantedPersonalData) {
    const SurveyDefinition survey = SurveyDefinition::load(kSurveys + "/library-consultation.json");
    Store store(file("c.db"));
    const Dataset data = store.load_wave(survey, "2025");
    const text::Redactor redactor(text::Dictionary::load());
    const double k = survey.disclosure.suppress_below;
    std::string all;
    size_t terms = 0, too_small = 0;
    bool disabled_access = false;
    for (const Grouping& g : survey.groupings) {
        for (const char* comment : {"why_support", "other"}) {
            text::WordsRequest request;
            request.comment = comment;
            request.grouping = g.id;
            request.top = 50;
            request.min_commenters = request.min_respondents = k;
            for (const auto& group : text::distinctive_words(survey, data, request, redactor)) {
                if (group.too_small) {
                    ++too_small;
                    EXPECT_TRUE(group.more.empty() && group.less.empty());
                    EXPECT_LT(static_cast<double>(group.commenters), k);
                }
                for (const auto& t : group.more) {
                    EXPECT_GE(static_cast<double>(t.respondents_group), k) << t.term;
                    EXPECT_GT(t.z, 0);
                    all += t.term + "\n";
                    ++terms;
                    if (g.id == "disability" && group.group_id == "disabled" && std::string(comment) == "why_support" &&
                        (t.term == "wheelchair" || t.term == "ramp" || t.term == "disabled access"))
                        disabled_access = true;
                }
                for (const auto& t : group.less) {
                    EXPECT_GE(static_cast<double>(t.respondents_rest), k) << t.term;
                    all += t.term + "\n";
                    ++terms;
                }
            }
        }
    }
    EXPECT_GT(terms, 200u);
    EXPECT_GT(too_small, 0u) << "some group is below the threshold";
    EXPECT_TRUE(disabled_access) << "disabled respondents' access words are distinctive";

    // The command line's lists, for every characteristic.
    for (const Grouping& g : survey.groupings) {
        const auto r = gf({"words", "--survey", "library-consultation", "--wave", "2025", "--comment", "why_support", "--by", g.id,
                           "--top", "50"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // Every category has its heading, chosen by nobody or by a few alike: the list
        // does not tell "nobody" from "too few".
        for (const auto& c : g.categories)
            EXPECT_NE(r.out.find("\n## " + c.label + "\n"), std::string::npos) << g.id << ": no heading for " << c.label;
        all += r.out;
    }
    std::string lower = all;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::set<std::string> words;
    for (const auto& token : text::tokenise(lower)) words.insert(token.word);
    const text::Dictionary dictionary = text::Dictionary::load();
    const auto truth = test::parse_object(test::read_file(kSurveys + "/samples/truth/library-consultation-2025.truth.json"));
    const auto planted = truth->getArray("personal_data");
    size_t checked = 0;
    for (size_t i = 0; i < planted->size(); ++i) {
        const auto item = planted->getObject(static_cast<unsigned>(i));
        const auto strings = item->getArray("strings");
        for (size_t s = 0; s < strings->size(); ++s) {
            std::string text = strings->getElement<std::string>(static_cast<unsigned>(s));
            for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            EXPECT_EQ(lower.find(text), std::string::npos) << "planted \"" << text << "\" reached the words";
            ++checked;
            // No word of a planted name either, unless it is an ordinary English word (Green, Mark).
            if (item->getValue<std::string>("kind").rfind("name", 0) != 0) continue;
            for (const auto& token : text::tokenise(text)) {
                if (!dictionary.contains(token.word) && token.word != "mr" && token.word != "mrs" && token.word != "ms" &&
                    token.word != "dr" && token.word != "cllr") {
                    EXPECT_FALSE(words.count(token.word)) << "a word of the planted name \"" << text << "\" reached the words";
                }
            }
        }
    }
    EXPECT_GE(checked, 179u);
}

// The store keeps hand codes and suggestions on both backends, and a wave loads them:
// hand > rules > model (at or above the stored threshold) > none.
class CommentCodingStore : public ::testing::TestWithParam<db::Backend> {};

TEST_P(CommentCodingStore, KeepsHandCodesAndSuggestionsAndAppliesThemInOrder) {
    if (GetParam() == db::Backend::postgresql && test::postgresql_test_url().empty())
        GTEST_SKIP() << "no PostgreSQL server: set GAPFINDER_TEST_PG_URL";
    test::StoreLocation location(GetParam());
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    const SurveyDefinition survey = SurveyDefinition::load(kSurveys + "/library-consultation.json");
    Store store(location.location());
    IngestRequest request;
    request.file = kSample;
    request.wave = "2025";
    request.show_progress = false;
    ingest_file(host, survey, store, request);
    const Dataset before = store.load_wave(survey, "2025");
    ASSERT_EQ(before.coding.size(), 1u);
    EXPECT_EQ(before.coding[0].counts.hand, 0u);
    const size_t q = static_cast<size_t>(survey.find_question("why_support__access") - survey.questions.data());
    // A rule-coded comment with access, a rule-coded one without, two coded by nothing.
    std::string with_access, without_access, none_high, none_low;
    for (size_t r = 0; r < before.rows(); ++r) {
        const uint8_t how = before.coding[0].coded_by[r];
        const std::string id(before.ids[r]);
        if (how == kCodedByRules && before.answers[q][r] == 1 && with_access.empty()) with_access = id;
        else if (how == kCodedByRules && before.answers[q][r] == 2 && without_access.empty()) without_access = id;
        else if (how == kCodedNone && none_high.empty()) none_high = id;
        else if (how == kCodedNone && none_low.empty()) none_low = id;
    }
    text::StoredCoding coding;
    coding.hand.themes_by_comment[with_access] = {};  // hand-coded, none
    coding.hand.themes_by_comment[without_access] = {"access", "hours"};
    coding.model_threshold = 0.8;
    coding.model[none_high] = {{"access", 0.93}};
    coding.model[none_low] = {{"access", 0.5}};  // below the threshold: not applied
    coding.source = "codes.xlsx";
    store.save_comment_coding("library-consultation", "2025", "why_support", coding);

    const text::StoredCoding back = store.comment_coding("library-consultation", "2025", "why_support");
    EXPECT_EQ(back.hand.themes_by_comment, coding.hand.themes_by_comment);
    ASSERT_TRUE(back.model_threshold);
    EXPECT_DOUBLE_EQ(*back.model_threshold, 0.8);
    EXPECT_EQ(back.model, coding.model);
    EXPECT_EQ(back.source, "codes.xlsx");

    const Dataset after = store.load_wave(survey, "2025");
    const auto& counts = after.coding[0].counts;
    EXPECT_EQ(counts.hand, 2u);
    EXPECT_EQ(counts.model, 1u);
    EXPECT_TRUE(counts.model_applied);
    EXPECT_EQ(counts.rules, before.coding[0].counts.rules - 2);
    EXPECT_EQ(counts.none, before.coding[0].counts.none - 1);
    for (size_t r = 0; r < after.rows(); ++r) {
        const std::string id(after.ids[r]);
        const int expected = id == with_access || id == none_low                ? 2
                             : id == without_access || id == none_high       ? 1
                                                                              : before.answers[q][r];
        EXPECT_EQ(after.answers[q][r], expected) << id;
    }
    // An empty coding removes it all.
    store.save_comment_coding("library-consultation", "2025", "why_support", {});
    EXPECT_TRUE(store.comment_coding("library-consultation", "2025", "why_support").empty());
    EXPECT_EQ(store.load_wave(survey, "2025").coding[0].counts.rules, before.coding[0].counts.rules);
    // Codes for a wave that does not exist are refused.
    EXPECT_THROW(store.save_comment_coding("library-consultation", "2030", "why_support", coding), InputError);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommentCodingStore, ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

}  // namespace
}  // namespace gapfinder
