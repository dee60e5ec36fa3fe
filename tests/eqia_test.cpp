// The EqIA evidence export (issue 19, item 7; docs/eqia.md) on the bundled library
// consultation, whose truth is planted (surveys/samples/truth/): the planted differences
// are found as confirmed and the themes planted with no difference are not claimed; no
// planted piece of personal data and no figure of a suppressed group reaches any format.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <set>

#include "analysis/breakdown.hpp"
#include "domain/population.hpp"
#include "eqia/eqia.hpp"
#include "ingest/ingest.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "text/dictionary.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string surveys_dir() { return std::string(SOURCE_DIR) + "/surveys"; }

// Every planted personal-data string of the consultation, lower-cased.
std::vector<std::string> planted_personal_data() {
    const auto truth = test::parse_object(test::read_file(surveys_dir() + "/samples/truth/library-consultation-2025.truth.json"));
    const auto planted = truth->getArray("personal_data");
    std::vector<std::string> out;
    for (size_t i = 0; i < planted->size(); ++i) {
        const auto strings = planted->getObject(static_cast<unsigned>(i))->getArray("strings");
        for (size_t k = 0; k < strings->size(); ++k) out.push_back(lower(strings->getElement<std::string>(static_cast<unsigned>(k))));
    }
    return out;
}

// Every part of a workbook (the sheets, the shared strings...) as one text.
std::string workbook_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Poco::Zip::ZipArchive archive(in);
    std::string all;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        in.clear();
        Poco::Zip::ZipInputStream zin(in, it->second);
        std::string text;
        Poco::StreamCopier::copyToString(zin, text);
        all += text + "\n";
    }
    return all;
}

// The consultation ingested once, analysed and drafted in memory, for the content tests.
class EqiaModel : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        PluginHost host;
        host.load_folder(GAPFINDER_PLUGIN_DIR);
        survey_ = new SurveyDefinition(SurveyDefinition::load(surveys_dir() + "/library-consultation.json"));
        Store store(dir_->file("c.db"));
        IngestRequest r;
        r.file = surveys_dir() + "/samples/library-consultation-2025.csv";
        r.wave = "2025";
        r.show_progress = false;
        ingest_file(host, *survey_, store, r);
        data_ = new Dataset(store.load_wave(*survey_, "2025"));
        AnalysisSettings s;
        s.questions = {"support_proposal"};
        for (const auto& q : survey_->questions)
            if (q.comment_id == "why_support") s.questions.push_back(q.id);
        const PopulationProfile profile = PopulationProfile::find_in({surveys_dir()}, "harrow-2021");
        findings_ = new Findings(analyse(*survey_, *data_, "2025", s, &profile));
        const text::Redactor redactor(text::Dictionary::load());
        eqia_ = new eqia::Eqia(eqia::build_eqia(*findings_, *survey_, *data_, redactor, {}));
    }
    static void TearDownTestSuite() {
        delete eqia_;
        delete findings_;
        delete data_;
        delete survey_;
        delete dir_;
    }
    static const eqia::CharacteristicSection& section(const std::string& id) {
        for (const auto& s : eqia_->sections)
            if (s.id == id) return s;
        throw std::runtime_error("no section " + id);
    }
    static bool raises_more(const std::string& characteristic, const std::string& group, const std::string& theme) {
        for (const auto& d : section(characteristic).themes_more)
            if (d.group == group && d.question == "why_support__" + theme) return true;
        return false;
    }

    static inline test::TempDir* dir_ = nullptr;
    static inline SurveyDefinition* survey_ = nullptr;
    static inline Dataset* data_ = nullptr;
    static inline Findings* findings_ = nullptr;
    static inline eqia::Eqia* eqia_ = nullptr;
};

TEST_F(EqiaModel, TheProposalDefaultsToTheQuestionTheCommentsExplain) {
    EXPECT_EQ(eqia_->proposal, "support_proposal");
    EXPECT_EQ(eqia_->comment_question, "why_support");
    EXPECT_EQ(eqia_->respondents, 3000);
    EXPECT_EQ(eqia_->commenters, 2158);  // as the truth file says
    EXPECT_THROW(eqia::proposal_question(*survey_, "why_support__access"), InputError);
    EXPECT_THROW(eqia::proposal_question(*survey_, "no_such_question"), InputError);
}

TEST_F(EqiaModel, ThePlantedThemeGapsAreConfirmed) {
    EXPECT_TRUE(raises_more("disability", "disabled", "access"));
    EXPECT_TRUE(raises_more("age", "age_65_74", "digital"));
    EXPECT_TRUE(raises_more("age", "age_75_plus", "digital"));
    EXPECT_TRUE(raises_more("caring", "care_19_hours_or_less", "children"));
    // Cost is raised by supporters: a reason for the proposal, not a concern.
    for (const auto& t : eqia_->themes) {
        if (t.question == "why_support__cost") {
            EXPECT_FALSE(t.concern) << t.sentence;
        }
        if (t.question == "why_support__access") {
            EXPECT_TRUE(t.concern) << t.sentence;
        }
    }
}

TEST_F(EqiaModel, ThemesPlantedWithNoGapAreNotClaimedAsDifferences) {
    for (const auto& s : eqia_->sections)
        for (const auto* list : {&s.themes_more, &s.themes_less})
            for (const auto& d : *list)
                for (const char* flat : {"transport", "staff", "hours"})
                    EXPECT_NE(d.question, std::string("why_support__") + flat) << s.id << ": " << d.sentence;
}

TEST_F(EqiaModel, DisabledAndOlderRespondentsSupportLessAndTheDraftSaysNegative) {
    const auto& disability = section("disability");
    ASSERT_EQ(disability.support_gaps.size(), 1u);
    EXPECT_EQ(disability.support_gaps[0].group, "disabled");
    EXPECT_LT(disability.support_gaps[0].gap_pp, -5);
    EXPECT_NE(disability.support_gaps[0].sentence.find("Disabled respondents: "), std::string::npos)
        << disability.support_gaps[0].sentence;
    EXPECT_NE(disability.support_gaps[0].sentence.find("a confirmed gap of"), std::string::npos);
    EXPECT_EQ(disability.impact, eqia::Impact::negative);
    EXPECT_NE(disability.impact_reason.find("access to buildings"), std::string::npos) << disability.impact_reason;
    EXPECT_EQ(section("age").impact, eqia::Impact::negative);
    EXPECT_EQ(section("caring").impact, eqia::Impact::negative);
    // Sex was planted with no difference.
    EXPECT_EQ(section("sex").impact, eqia::Impact::none_found) << section("sex").impact_reason;
}

TEST_F(EqiaModel, CharacteristicsWithoutDataSaySo) {
    EXPECT_EQ(section("sexual_orientation").status, "not asked");
    EXPECT_EQ(section("gender_reassignment").status, "not asked");
    EXPECT_NE(section("sexual_orientation").note.find("did not ask"), std::string::npos);
    // 24 pregnant respondents: under the minimum base, so nothing can be said.
    EXPECT_EQ(section("pregnancy_maternity").status, "too few");
    EXPECT_EQ(section("pregnancy_maternity").impact, eqia::Impact::not_assessed);
    EXPECT_NE(section("pregnancy_maternity").note.find("Too few responses to say"), std::string::npos);
}

TEST_F(EqiaModel, QuotesComeOnlyFromGroupsThatRaiseAThemeMoreAndAtTheThreshold) {
    size_t groups = 0;
    for (const auto& s : eqia_->sections)
        for (const auto& q : s.quotes) {
            ++groups;
            EXPECT_GE(q.quotes.size(), 2u) << s.id << " " << q.group;
            EXPECT_LE(q.quotes.size(), 3u);
            const bool raised =
                std::any_of(s.themes_more.begin(), s.themes_more.end(), [&](const auto& d) { return d.group == q.group && d.theme == q.theme; });
            EXPECT_EQ(q.label.find(" x "), std::string::npos) << "one characteristic only: " << q.label;
            EXPECT_TRUE(raised) << s.id << " " << q.group << " " << q.theme;
        }
    EXPECT_GE(groups, 4u);  // disabled on access, 65-74 and 75+ on digital, carers on children
}

TEST_F(EqiaModel, RepresentativenessNamesWhomTheConsultationDidNotHear) {
    EXPECT_FALSE(eqia_->representativeness.empty());
    EXPECT_FALSE(eqia_->population_source.empty());
    for (const auto& n : eqia_->not_heard) {
        EXPECT_FALSE(n.groups.empty());
        EXPECT_NE(n.sentence.find("of the population"), std::string::npos) << n.sentence;
    }
}

// Every format, through the command line on the demo's store: no planted personal data,
// and no figure of a suppressed group.
TEST(EqiaExport, NoPlantedPersonalDataOrSuppressedFigureInAnyFormat) {
    const auto& dir = test::demo_dir();
    // At the survey's floor (no group of the consultation is under 10), and with the
    // threshold raised to 30, which hides the 22 pregnant respondents and the 27
    // Buddhists (and, by secondary suppression, groups that would give them away).
    std::map<std::string, std::string> outputs;
    for (const std::string format : {"md", "html", "xlsx"})
        for (const std::string threshold : {"10", "30"}) {
            const std::string file = dir.file("eqia-test-" + threshold + "." + format);
            const auto r = test::run_in_demo_dir({"export", "eqia", "--survey", "library-consultation", "--wave", "2025",
                                                  "--proposal", "support_proposal", "--suppress-below", threshold, "--format",
                                                  format, "-o", file});
            ASSERT_EQ(r.exit_code, 0) << r.err;
            EXPECT_NE(r.err.find("Wrote the EqIA evidence"), std::string::npos) << r.err;
            outputs[format + (threshold == "30" ? "-30" : "")] = format == "xlsx" ? workbook_text(file) : test::read_file(file);
        }
    EXPECT_NE(outputs["xlsx-30"].find("not shown: fewer than 30 people answered"), std::string::npos);
    size_t checked = 0;
    for (const auto& [format, text] : outputs) {
        const std::string low = lower(text);
        for (const auto& item : planted_personal_data()) {
            EXPECT_EQ(low.find(item), std::string::npos) << "planted \"" << item << "\" reached the " << format << " EqIA";
            ++checked;
        }
        EXPECT_NE(text.find("check every quote before publication"), std::string::npos) << format;
    }
    EXPECT_GE(checked, 6 * 179u);

    // Quotes were there to check: the Markdown has block quotes, some of them redacted.
    const std::string& md = outputs["md"];
    EXPECT_NE(md.find("\n> \u201C"), std::string::npos);
    EXPECT_NE(md.find("Potential impact (draft: for the officer to confirm): Negative."), std::string::npos);
    EXPECT_NE(md.find("## Whom the consultation did not hear"), std::string::npos);
    EXPECT_NE(md.find("Not asked"), std::string::npos);

    // A suppressed group's row in any table shows no figure, only "not shown" and why.
    size_t suppressed_rows = 0;
    std::istringstream lines(outputs["md-30"]);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("| ", 0) != 0 || line.find("not shown") == std::string::npos) continue;
        ++suppressed_rows;
        // Cells after the group's label: every one says "not shown" but the population share.
        std::vector<std::string> cells;
        for (size_t at = 1; at < line.size();) {
            const size_t end = line.find(" |", at);
            if (end == std::string::npos) break;
            cells.push_back(line.substr(at + 1, end - at - 1));
            at = end + 2;
        }
        ASSERT_GE(cells.size(), 3u) << line;
        for (size_t c = 1; c < cells.size(); ++c) {
            if (cells.size() == 6 && c == 3) continue;  // the representation table's population share is public
            EXPECT_TRUE(cells[c].rfind("not shown", 0) == 0) << "a suppressed row shows a figure: " << line;
        }
    }
    EXPECT_GT(suppressed_rows, 0u) << "the consultation has groups under the threshold";

    // The HTML is self-contained and accessible in its structure.
    const std::string& html = outputs["html"];
    EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("<caption>"), std::string::npos);
    EXPECT_NE(html.find("<th scope=\"row\">"), std::string::npos);
    // Headings never skip a level.
    int previous = 0;
    for (size_t at = html.find("<h"); at != std::string::npos; at = html.find("<h", at + 1)) {
        const char c = html[at + 2];
        if (c < '1' || c > '6') continue;
        const int level = c - '0';
        EXPECT_LE(level, previous + 1) << html.substr(at, 80);
        previous = level;
    }
}

TEST(EqiaExport, RefusesWhatItCannotDo) {
    auto r = test::run_in_demo_dir({"export", "eqia", "--survey", "library-consultation", "--wave", "2025", "--format", "pdf", "-o", "x.pdf"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("use xlsx, html or md"), std::string::npos) << r.err;
    r = test::run_in_demo_dir({"export", "eqia", "--survey", "library-consultation", "--wave", "2025", "--proposal", "why_support__access"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("comment theme"), std::string::npos) << r.err;
    r = test::run_in_demo_dir({"export", "eqia", "--survey", "library-consultation", "--wave", "2025", "--filter", "sex=female"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--filter"), std::string::npos) << r.err;  // refused, by the floor or by the export
    // A survey with no coded comment needs --proposal.
    r = test::run_in_demo_dir({"export", "eqia", "--survey", "citizens-panel", "--wave", "2025"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--proposal"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gapfinder
