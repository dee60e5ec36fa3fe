// Action plans end to end: golden files of every text format for the bundled samples,
// the XLSX read back cell by cell through the xlsx plugin, a plan edited (as JSON and
// as a workbook) then tracked on the next panel wave, the errors for malformed rows and
// definitions, and the status rules of track on made-up findings.
//
// Golden files live in tests/golden/action-plan/. After a deliberate change, regenerate
// them with   GAPFINDER_UPDATE_GOLDEN=1 ctest --test-dir build -R ActionPlan
// and review the diff; without the variable any difference fails.
#include <gtest/gtest.h>

#include <Poco/DateTime.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <regex>
#include <sstream>

#include "action_plan/layout.hpp"
#include "action_plan/plan.hpp"
#include "action_plan/track.hpp"
#include "action_plan/trackability.hpp"
#include "action_plan/writers.hpp"
#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder {
namespace {

using test::column_letter;
using test::edit_zip;
using test::replace_cell;
using test::zip_part;

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

const std::string kGolden = std::string(SOURCE_DIR) + "/tests/golden/action-plan/";

// The bundled samples' store (gapfinder demo ingests them), shared with other suites.
class ActionPlan : public ::testing::Test {
protected:
    static std::string file(const std::string& name) { return test::demo_dir().file(name); }
    static test::RunResult gapfinder(const std::vector<std::string>& args) { return test::run_in_demo_dir(args); }
    // Compares a file the CLI wrote with its golden copy, byte for byte.
    static void expect_golden(const std::string& written, const std::string& golden) {
        test::expect_golden(test::read_file(file(written)), kGolden + golden);
    }
};

struct GoldenCase {
    std::string name;
    std::vector<std::string> args;
};

TEST_F(ActionPlan, EveryTextFormatMatchesItsGoldenFile) {
    const std::vector<GoldenCase> cases = {
        {"panel-2024-harrow", {"--survey", "citizens-panel", "--wave", "2024"}},
        {"panel-2025-eflg", {"--survey", "citizens-panel", "--wave", "2025", "--previous-wave", "2024", "--layout", "eflg"}},
        {"staff-2025-simple", {"--survey", "staff-survey", "--wave", "2025", "--layout", "simple"}},
    };
    for (const auto& c : cases)
        for (const std::string format : {"md", "csv", "html", "json"}) {
            const std::string out = c.name + "." + format;
            std::vector<std::string> args = {"export", "action-plan"};
            args.insert(args.end(), c.args.begin(), c.args.end());
            args.insert(args.end(), {"-o", out});
            const auto r = gapfinder(args);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            expect_golden(out, out);
        }
    // A tracked plan, in two formats.
    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "-o", "base.json"}).exit_code, 0);
    for (const std::string format : {"md", "json"}) {
        const std::string out = "panel-2024-tracked-2025." + format;
        const auto r = gapfinder({"track", "--plan", "base.json", "--survey", "citizens-panel", "--wave", "2025", "-o", out});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        expect_golden(out, out);
    }
}

TEST_F(ActionPlan, TextFormatsFollowTheirConventions) {
    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "-o", "c.csv"}).exit_code, 0);
    const std::string csv = test::read_file(file("c.csv"));
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBFObjective,Action,Directorate / Lead,Target Date,How will we measure our success,Age,", 0), 0u);
    EXPECT_CONTAINS(csv, "\r\n");
    EXPECT_EQ(csv.find("\n\n"), std::string::npos);
    EXPECT_CONTAINS(csv, ",Chairs of the Directorate Equalities Task Groups,October 2025,");

    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "--format", "html", "-o", "p.html"}).exit_code, 0);
    const std::string html = test::read_file(file("p.html"));
    EXPECT_CONTAINS(html, "<caption>");
    EXPECT_CONTAINS(html, "<th scope=\"col\" rowspan=\"2\">Action</th>");
    EXPECT_CONTAINS(html, "<th scope=\"colgroup\"");
    EXPECT_CONTAINS(html, "<th scope=\"rowgroup\"");
    EXPECT_CONTAINS(html, "lang=\"en-GB\"");
    EXPECT_EQ(html.find("http"), std::string::npos) << "the page must fetch nothing";
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_CONTAINS(html, "Citizens&#39; Panel");  // escaped

    const auto bad = gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "--layout", "luton"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_CONTAINS(bad.err, "--layout \"luton\"");
    const auto no_file = gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "--format", "xlsx"});
    EXPECT_EQ(no_file.exit_code, 1);
    EXPECT_CONTAINS(no_file.err, "needs -o");
}

// Reads one sheet of a workbook through the xlsx plugin.
test::CaptureSink read_sheet(const std::string& path, const std::string& sheet, const std::string& header_row) {
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    test::CaptureSink c;
    host.read(host.choose(path, std::nullopt), path, {{"sheet", sheet}, {"header_row", header_row}}, c);
    return c;
}

// The CSV export's cells, split by RFC 4180 rules.
std::vector<std::vector<std::string>> parse_csv(std::string text) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().emplace_back();
        else if (c == '\r') continue;
        else if (c == '\n') rows.emplace_back(1);
        else rows.back().back() += c;
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

TEST_F(ActionPlan, XlsxReadsBackCellByCellLikeTheCsv) {
    for (const std::string layout : {"harrow", "eflg", "simple"}) {
        SCOPED_TRACE(layout);
        const std::vector<std::string> base = {"export", "action-plan", "--survey", "citizens-panel", "--wave", "2025",
                                               "--previous-wave", "2024", "--layout", layout};
        auto args = base;
        args.insert(args.end(), {"-o", "x.xlsx"});
        ASSERT_EQ(gapfinder(args).exit_code, 0);
        args = base;
        args.insert(args.end(), {"-o", "x.csv"});
        ASSERT_EQ(gapfinder(args).exit_code, 0);
        const auto csv = parse_csv(test::read_file(file("x.csv")));
        const test::CaptureSink sheet = read_sheet(file("x.xlsx"), "Action plan", "4");
        // The CSV has the section (objective or EFLG area) as a first column; the sheet
        // has it as a title row above its rows.
        const size_t offset = layout == "simple" ? 0 : 1;
        ASSERT_EQ(sheet.headings.size() + offset, csv[0].size());
        for (size_t i = 0; i < sheet.headings.size(); ++i) EXPECT_EQ(sheet.headings[i], csv[0][i + offset]);
        size_t csv_row = 1;
        std::string section;
        for (const auto& cells : sheet.rows) {
            size_t filled = 0;
            for (const auto& x : cells) filled += !x.empty();
            if (offset && filled == 1 && !cells[0].empty()) {
                section = cells[0];
                continue;
            }
            ASSERT_LT(csv_row, csv.size());
            if (offset) {
                EXPECT_EQ(section, csv[csv_row][0]);
            }
            // A blank lead shows the placeholder the council replaces; every other cell
            // reads back as the CSV has it.
            for (size_t i = 0; i < cells.size(); ++i) {
                const std::string& want = csv[csv_row][i + offset];
                const bool lead = sheet.headings[i] == "Directorate / Lead" || sheet.headings[i] == "Responsible Officer" ||
                                  sheet.headings[i] == "Lead";
                EXPECT_EQ(cells[i], lead && want.empty() ? std::string(plan::kLeadPlaceholder) : want)
                    << "row " << csv_row << ", column " << sheet.headings[i];
            }
            ++csv_row;
        }
        EXPECT_EQ(csv_row, csv.size()) << "every CSV row is in the sheet";
        EXPECT_GE(csv.size(), 2u);  // a heading and at least one action
    }

    const test::CaptureSink settings = read_sheet(file("x.xlsx"), "Settings", "1");
    std::map<std::string, std::string> kv;
    for (const auto& r : settings.rows) kv[r[0]] = r[1];
    EXPECT_EQ(kv["schema"], "gapfinder-action-plan/1");
    EXPECT_EQ(kv["survey"], "citizens-panel");
    EXPECT_EQ(kv["wave"], "2025");
    EXPECT_EQ(kv["next_wave"], "2026");
    EXPECT_EQ(kv["header_row"], "4");

    // The findings sheet: every group of the wave, suppressed ones without figures.
    const test::CaptureSink findings = read_sheet(file("x.xlsx"), "Findings", "1");
    ASSERT_GE(findings.headings.size(), 12u);
    EXPECT_EQ(findings.headings[0], "question");
    size_t suppressed = 0, flagged = 0;
    for (const auto& r : findings.rows) {
        if (r[11].rfind("suppressed", 0) == 0) {
            ++suppressed;
            EXPECT_EQ(r[5], "") << "a suppressed group shows no n";
            EXPECT_EQ(r[6], "") << "a suppressed group shows no rate";
        }
        flagged += r[10] == "yes";
    }
    EXPECT_GT(suppressed, 0u);
    EXPECT_GT(flagged, 0u);
}

// The sheet cell (e.g. "AB7") holding a column of the row about a question.
std::string cell_of(const test::CaptureSink& sheet, const std::string& question, const std::string& heading) {
    size_t col = 0, qcol = 0;
    for (size_t i = 0; i < sheet.headings.size(); ++i) {
        if (sheet.headings[i] == heading) col = i;
        if (sheet.headings[i] == "question_id") qcol = i;
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r)
        if (sheet.rows[r][qcol] == question) return column_letter(col) + std::to_string(sheet.row_numbers[r]);
    ADD_FAILURE() << "no row for " << question;
    return "";
}

// The number format code of a sheet cell ("G5"): its s attribute, that xf of cellXfs in
// styles.xml, and that numFmt's code (or "builtin N" for Excel's other built-in formats).
std::string format_code_of(const std::string& sheet_xml, const std::string& styles_xml, const std::string& ref) {
    std::smatch m;
    if (!std::regex_search(sheet_xml, m, std::regex("<c r=\"" + ref + "\" s=\"([0-9]+)\""))) return "unstyled";
    const size_t index = std::stoul(m[1]);
    const size_t xfs = styles_xml.find("<cellXfs");
    std::string rest = styles_xml.substr(xfs, styles_xml.find("</cellXfs>") - xfs);
    std::vector<std::string> xf;
    const std::regex element("<xf [^>]*>");
    for (auto i = std::sregex_iterator(rest.begin(), rest.end(), element); i != std::sregex_iterator(); ++i)
        xf.push_back(i->str());
    if (index >= xf.size()) return "no xf " + std::to_string(index);
    if (!std::regex_search(xf[index], m, std::regex("numFmtId=\"([0-9]+)\""))) return "builtin 0";
    const std::string id = m[1];
    if (std::regex_search(styles_xml, m, std::regex("<numFmt numFmtId=\"" + id + "\" formatCode=\"([^\"]*)\""))) return m[1];
    return id == "3" ? "#,##0" : "builtin " + id;  // Excel's built-in 3 is #,##0
}

// The <col> element of a sheet covering a 0-based column, or "" when none does.
std::string col_element(const std::string& sheet_xml, size_t column) {
    const std::regex col("<col min=\"([0-9]+)\" max=\"([0-9]+)\"[^>]*>");
    for (auto i = std::sregex_iterator(sheet_xml.begin(), sheet_xml.end(), col); i != std::sregex_iterator(); ++i)
        if (std::stoul((*i)[1]) <= column + 1 && column + 1 <= std::stoul((*i)[2])) return i->str();
    return "";
}

// What a councillor prints: landscape A4, one page wide, the headings on every page, the
// plan's title and page numbers, and only the plan's own columns; the baseline columns
// track reads are on the same rows, hidden and outside the print area, formatted as
// percentages, points and counts while the cells keep every digit.
TEST_F(ActionPlan, TheWorkbookPrintsOnlyThePlanLandscapeAndOnePageWide) {
    for (const std::string layout : {"harrow", "eflg", "simple"}) {
        SCOPED_TRACE(layout);
        ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "--layout", layout, "-o", "print.xlsx"})
                      .exit_code,
                  0);
        const std::string workbook = zip_part(file("print.xlsx"), "xl/workbook.xml");
        const std::string plan = zip_part(file("print.xlsx"), "xl/worksheets/sheet1.xml");
        const std::string findings = zip_part(file("print.xlsx"), "xl/worksheets/sheet2.xml");
        const std::string styles = zip_part(file("print.xlsx"), "xl/styles.xml");
        const test::CaptureSink sheet = read_sheet(file("print.xlsx"), "Action plan", "4");

        // Print setup on every sheet: landscape, A4, fit to one page wide, any number tall.
        // (fitToWidth is 1 when absent, ECMA-376 18.3.1.63, and libxlsxwriter leaves it out.)
        for (const std::string* xml : {&plan, &findings}) {
            std::smatch m;
            ASSERT_TRUE(std::regex_search(*xml, m, std::regex("<pageSetup [^>]*/>")));
            const std::string setup = m.str();
            EXPECT_CONTAINS(setup, "paperSize=\"9\"");
            EXPECT_CONTAINS(setup, "orientation=\"landscape\"");
            EXPECT_CONTAINS(setup, "fitToHeight=\"0\"");
            // libxlsxwriter leaves out fitToWidth when it is 1, the default.
            if (setup.find("fitToWidth=") != std::string::npos) {
                EXPECT_CONTAINS(setup, "fitToWidth=\"1\"");
            }
            ASSERT_TRUE(std::regex_search(*xml, m, std::regex("<sheetPr>.*?</sheetPr>")));
            EXPECT_CONTAINS(m.str(), "<pageSetUpPr fitToPage=\"1\"/>");
            ASSERT_TRUE(std::regex_search(*xml, m, std::regex("<pageMargins [^>]*/>")));
            EXPECT_CONTAINS(m.str(), "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.7\" bottom=\"0.6\"");
            ASSERT_TRUE(std::regex_search(*xml, m, std::regex("<headerFooter>.*?</headerFooter>")));
            EXPECT_CONTAINS(m.str(), "<oddHeader>&amp;C&amp;\"-,Bold\"" + std::string(layout == "eflg" ? "Equality and Diversity" : "Equality") + " Action Plan - Harrow Citizens' Panel");
            EXPECT_CONTAINS(m.str(), "<oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>");
        }
        // The band and headings (rows 3 and 4) repeat on every printed page, and are frozen.
        EXPECT_CONTAINS(workbook, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Action plan'!$3:$4</definedName>");
        EXPECT_CONTAINS(workbook, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">Findings!$1:$1</definedName>");
        EXPECT_NE(plan.find("<pane ySplit=\"4\" topLeftCell=\"A5\" activePane=\"bottomLeft\" state=\"frozen\"/>"), std::string::npos);

        // The machine columns: all after the plan's own, each hidden (grouped, for an
        // analyst to open), and the print area stops at the last of the plan's own.
        const auto first_machine = std::find(sheet.headings.begin(), sheet.headings.end(), "row_kind");
        ASSERT_NE(first_machine, sheet.headings.end());
        const size_t human = static_cast<size_t>(first_machine - sheet.headings.begin());
        for (size_t c = 0; c < sheet.headings.size(); ++c) {
            const std::string col = col_element(plan, c);
            if (c < human) {
                EXPECT_EQ(col.find("hidden=\"1\""), std::string::npos) << sheet.headings[c] << " is the plan's own: " << col;
            } else {
                EXPECT_CONTAINS(col, "hidden=\"1\"");
                EXPECT_CONTAINS(col, "outlineLevel=\"1\"");
            }
        }
        EXPECT_CONTAINS(workbook, "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'Action plan'!$A$1:$" +
                                      column_letter(human - 1) + "$" + std::to_string(sheet.row_numbers.back()) + "</definedName>");

        // Number formats: rates as percentages, gaps in points, bases with thousands
        // separators, on the plan and the Findings sheet; the values keep every digit.
        const std::string q = sheet.rows.back()[static_cast<size_t>(std::find(sheet.headings.begin(), sheet.headings.end(), "question_id") -
                                                                     sheet.headings.begin())];
        EXPECT_EQ(format_code_of(plan, styles, cell_of(sheet, q, "baseline_rate")), "0.0%");
        EXPECT_EQ(format_code_of(plan, styles, cell_of(sheet, q, "baseline_rest_rate")), "0.0%");
        EXPECT_EQ(format_code_of(plan, styles, cell_of(sheet, q, "baseline_gap_pp")), "+0.0;-0.0;0.0");
        EXPECT_EQ(format_code_of(plan, styles, cell_of(sheet, q, "baseline_n")), "#,##0");
        EXPECT_EQ(format_code_of(plan, styles, cell_of(sheet, q, "target_gap_pp")), "0.0");
        EXPECT_EQ(format_code_of(findings, styles, "G2"), "0.0%");  // rate
        EXPECT_EQ(format_code_of(findings, styles, "H2"), "0.0%");  // rest_rate
        EXPECT_EQ(format_code_of(findings, styles, "I2"), "+0.0;-0.0;0.0");
        EXPECT_EQ(format_code_of(findings, styles, "F2"), "#,##0");  // n
        const std::string rate = cell_of(sheet, "sat_area", "baseline_rate");
        EXPECT_TRUE(std::regex_search(plan, std::regex("<c r=\"" + rate + "\" s=\"[0-9]+\"><v>0.635036496350365</v></c>"))) << rate;

        // The Action and How will we measure cells wrap in wide columns.
        for (const std::string heading : {"Action", "Action required", "How will we measure our success", "Outcome"}) {
            const auto at = std::find(sheet.headings.begin(), sheet.headings.end(), heading);
            if (at == sheet.headings.end()) continue;
            const size_t c = static_cast<size_t>(at - sheet.headings.begin());
            std::smatch m;
            const std::string col = col_element(plan, c);
            ASSERT_TRUE(std::regex_search(col, m, std::regex("width=\"([0-9.]+)\""))) << col;
            EXPECT_GE(std::stod(m[1]), 35) << heading;
            const std::string ref = column_letter(c) + std::to_string(sheet.row_numbers.back());
            ASSERT_TRUE(std::regex_search(plan, m, std::regex("<c r=\"" + ref + "\" s=\"([0-9]+)\""))) << ref;
            const size_t xfs = styles.find("<cellXfs");
            std::string rest = styles.substr(xfs);
            const std::regex xf("<xf [^>]*>(<alignment[^>]*>)?");
            auto it = std::sregex_iterator(rest.begin(), rest.end(), xf);
            std::advance(it, std::stoul(m[1]));
            EXPECT_CONTAINS(it->str(), "wrapText=\"1\"");
        }
    }
}

// A blank lead is shown as a highlighted "To be assigned" and read back as blank; a lead
// the council typed is read back as typed.
TEST_F(ActionPlan, ABlankLeadShowsAPlaceholderAndReadsBackBlank) {
    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "-o", "lead.xlsx"}).exit_code, 0);
    const test::CaptureSink sheet = read_sheet(file("lead.xlsx"), "Action plan", "4");
    const std::string blank = cell_of(sheet, "sat_area", "Directorate / Lead");  // the theme names no lead
    const std::string named = cell_of(sheet, "treated_fairly", "Directorate / Lead");
    const auto text_at = [&](const std::string& ref) {
        for (size_t r = 0; r < sheet.rows.size(); ++r)
            for (size_t c = 0; c < sheet.rows[r].size(); ++c)
                if (column_letter(c) + std::to_string(sheet.row_numbers[r]) == ref) return sheet.rows[r][c];
        return std::string("(no cell)");
    };
    EXPECT_EQ(text_at(blank), "To be assigned");
    EXPECT_EQ(text_at(named), "Chairs of the Directorate Equalities Task Groups");
    // Highlighted: the placeholder's style has a fill of its own, the typed lead's none.
    const std::string plan = zip_part(file("lead.xlsx"), "xl/worksheets/sheet1.xml");
    std::smatch a, b;
    ASSERT_TRUE(std::regex_search(plan, a, std::regex("<c r=\"" + blank + "\" s=\"([0-9]+)\"")));
    ASSERT_TRUE(std::regex_search(plan, b, std::regex("<c r=\"" + named + "\" s=\"([0-9]+)\"")));
    EXPECT_NE(a[1], b[1]);

    const auto lead_of = [&](const std::string& json_file, const std::string& question) {
        Poco::JSON::Parser parser;
        const auto doc = parser.parse(test::read_file(file(json_file))).extract<Poco::JSON::Object::Ptr>();
        for (const auto& v : *doc->getArray("rows")) {
            const auto row = v.extract<Poco::JSON::Object::Ptr>();
            if (!row->isNull("baseline") && row->getObject("baseline")->getValue<std::string>("question") == question)
                return row->getValue<std::string>("lead");
        }
        return std::string("(no row)");
    };
    // Read back (by track) as no lead, through a tracked workbook and back again.
    auto r = gapfinder({"track", "--plan", "lead.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "lead1.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = gapfinder({"track", "--plan", "lead1.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "lead2.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(lead_of("lead2.json", "sat_area"), "");
    EXPECT_EQ(lead_of("lead2.json", "treated_fairly"), "Chairs of the Directorate Equalities Task Groups");
    // Typed over, in any case, with spaces around it, it is still the placeholder.
    edit_zip(file("lead.xlsx"), file("lead3.xlsx"),
             {{"xl/worksheets/sheet1.xml", [&](const std::string& xml) {
                   std::string s = replace_cell(xml, blank, "<c r=\"" + blank + "\" t=\"inlineStr\"><is><t> to be ASSIGNED </t></is></c>");
                   return replace_cell(s, named, "<c r=\"" + named + "\" t=\"inlineStr\"><is><t>Community Safety</t></is></c>");
               }}});
    r = gapfinder({"track", "--plan", "lead3.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "lead3.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(lead_of("lead3.json", "sat_area"), "");
    EXPECT_EQ(lead_of("lead3.json", "treated_fairly"), "Community Safety");
    EXPECT_TRUE(plan::is_lead_placeholder("To be assigned"));
    EXPECT_FALSE(plan::is_lead_placeholder("To be assigned by the chief executive"));
}

std::map<std::string, std::string> statuses(const std::string& json_text) {
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(json_text).extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, std::string> out;
    for (const auto& v : *doc->getArray("rows")) {
        const auto row = v.extract<Poco::JSON::Object::Ptr>();
        const std::string key = row->isNull("baseline") ? "added: " + row->getValue<std::string>("action")
                                                         : row->getObject("baseline")->getValue<std::string>("question") + "/" +
                                                               row->getObject("baseline")->getValue<std::string>("group");
        out[key] = row->getObject("progress") ? row->getObject("progress")->getValue<std::string>("status") : "";
    }
    return out;
}

// Planted in the samples (surveys/samples/README.md): the disabled gap in fair treatment
// narrows from 13.8 to 6.5 points, under its drafted target of 8 (the smallest gap the
// next panel can confirm for 350 people); the young residents' gap stays where it was.
// (The planted 10-point gap in satisfaction with the council is not confirmed in 2024,
// at adjusted p 0.073, so it has no row.)
const std::map<std::string, std::string> kUneditedStatuses = {
    {"sat_area/age_16_24", "no significant change"},
    {"treated_fairly/disabled", "closed"},
};

TEST_F(ActionPlan, AnEditedJsonPlanIsTrackedOnTheNextWave) {
    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "-o", "plan.json"}).exit_code, 0);
    auto r = gapfinder({"track", "--plan", "plan.json", "--survey", "citizens-panel", "--wave", "2025", "-o", "t0.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(statuses(test::read_file(file("t0.json"))), kUneditedStatuses);

    // What the equalities team does: rewords an action, names a lead, sets a stricter
    // target for fair treatment (5 points), and adds an action of its own.
    Poco::JSON::Parser parser;
    auto doc = parser.parse(test::read_file(file("plan.json"))).extract<Poco::JSON::Object::Ptr>();
    auto rows = doc->getArray("rows");
    for (size_t i = 0; i < rows->size(); ++i) {
        auto row = rows->getObject(static_cast<unsigned>(i));
        if (row->getObject("baseline")->getValue<std::string>("question") == "treated_fairly") {
            row->set("action", "Run two listening events with Harrow Association of Disabled People");
            row->set("target_gap_pp", 5);
        }
        if (row->getObject("baseline")->getValue<std::string>("question") == "sat_area") row->set("lead", "Youth Parliament");
    }
    Poco::JSON::Object::Ptr added = new Poco::JSON::Object;
    added->set("action", "Review the consultation toolkit");
    added->set("lead", "Policy and Partnerships");
    added->set("baseline", Poco::Dynamic::Var());
    rows->add(added);
    std::ostringstream edited;
    Poco::JSON::Stringifier::stringify(doc, edited, 2);
    test::write_file(file("edited.json"), edited.str());

    r = gapfinder({"track", "--plan", "edited.json", "--survey", "citizens-panel", "--wave", "2025", "-o", "t1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "2 no significant change, 1 not measured");
    const std::string tracked = test::read_file(file("t1.json"));
    EXPECT_EQ(statuses(tracked), (std::map<std::string, std::string>{
                                     {"sat_area/age_16_24", "no significant change"},
                                     {"treated_fairly/disabled", "no significant change"},  // 6.5 points is over the edited target of 5
                                     {"added: Review the consultation toolkit", ""},
                                 }));
    EXPECT_CONTAINS(tracked, "Run two listening events with Harrow Association of Disabled People");
    EXPECT_CONTAINS(tracked, "\"lead\":\"Youth Parliament\"");
    EXPECT_CONTAINS(tracked, "\"tracked_wave\":\"2025\"");
    // A tracked plan tracks again, and keeps what was edited in the workbook it becomes.
    r = gapfinder({"track", "--plan", "t1.json", "--survey", "citizens-panel", "--wave", "2025", "-o", "t2.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = gapfinder({"track", "--plan", "t2.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "t3.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(statuses(test::read_file(file("t3.json"))), statuses(tracked));
}

TEST_F(ActionPlan, AnEditedWorkbookIsTrackedOnTheNextWave) {
    ASSERT_EQ(gapfinder({"export", "action-plan", "--survey", "citizens-panel", "--wave", "2024", "-o", "plan.xlsx"}).exit_code, 0);
    auto r = gapfinder({"track", "--plan", "plan.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "w0.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(statuses(test::read_file(file("w0.json"))), kUneditedStatuses);

    // Edited as Excel would save it: a lead typed over, an X mark added, the target of
    // the fair-treatment row set to 5 points.
    const test::CaptureSink sheet = read_sheet(file("plan.xlsx"), "Action plan", "4");
    const std::string lead = cell_of(sheet, "sat_area", "Directorate / Lead");
    const std::string x = cell_of(sheet, "sat_area", "Socio-economic");
    const std::string target = cell_of(sheet, "treated_fairly", "target_gap_pp");
    edit_zip(file("plan.xlsx"), file("edited.xlsx"),
             {{"xl/worksheets/sheet1.xml", [&](const std::string& xml) {
                   std::string s = replace_cell(xml, lead, "<c r=\"" + lead + "\" t=\"inlineStr\"><is><t>Customer Services</t></is></c>");
                   s = replace_cell(s, x, "<c r=\"" + x + "\" t=\"inlineStr\"><is><t>x</t></is></c>");
                   return replace_cell(s, target, "<c r=\"" + target + "\"><v>5</v></c>");
               }}});
    r = gapfinder({"track", "--plan", "edited.xlsx", "--survey", "citizens-panel", "--wave", "2025", "-o", "w1.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string tracked = test::read_file(file("w1.json"));
    auto expected = kUneditedStatuses;
    expected["treated_fairly/disabled"] = "no significant change";
    EXPECT_EQ(statuses(tracked), expected);
    EXPECT_CONTAINS(tracked, "\"lead\":\"Customer Services\"");
    EXPECT_CONTAINS(tracked, "\"relates_to\":[\"age\",\"socio_economic\"]");
    // And written back as a workbook in the EFLG layout, the progress columns are there.
    r = gapfinder({"track", "--plan", "edited.xlsx", "--survey", "citizens-panel", "--wave", "2025", "--layout", "eflg", "-o", "w2.xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const test::CaptureSink progress = read_sheet(file("w2.xlsx"), "Action plan", "4");
    EXPECT_NE(std::find(progress.headings.begin(), progress.headings.end(), "Status (2025)"), progress.headings.end());
    EXPECT_NE(std::find(progress.headings.begin(), progress.headings.end(), "now_gap_pp"), progress.headings.end());

    // A malformed row is named by file, row and column.
    edit_zip(file("plan.xlsx"), file("broken.xlsx"),
             {{"xl/worksheets/sheet1.xml", [&](const std::string& xml) {
                   return replace_cell(xml, target, "<c r=\"" + target + "\" t=\"inlineStr\"><is><t>about five</t></is></c>");
               }}});
    r = gapfinder({"track", "--plan", "broken.xlsx", "--survey", "citizens-panel", "--wave", "2025"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_CONTAINS(r.err, "broken.xlsx: row " + target.substr(target.find_first_of("0123456789")) +
                               ", column \"target_gap_pp\": \"about five\" is not a number");
    const std::string gap = cell_of(sheet, "sat_area", "baseline_gap_pp");
    edit_zip(file("plan.xlsx"), file("moved.xlsx"),
             {{"xl/worksheets/sheet1.xml", [&](const std::string& xml) { return replace_cell(xml, gap, "<c r=\"" + gap + "\"><v>-3</v></c>"); }}});
    r = gapfinder({"track", "--plan", "moved.xlsx", "--survey", "citizens-panel", "--wave", "2025"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_CONTAINS(r.err, "moved.xlsx: row " + gap.substr(gap.find_first_of("0123456789")) + ", column \"baseline_gap_pp\": the plan says -3");

    r = gapfinder({"track", "--plan", "plan.xlsx", "--survey", "staff-survey", "--wave", "2025"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_CONTAINS(r.err, "drafted from survey \"citizens-panel\"");
    r = gapfinder({"track", "--plan", "c.csv", "--survey", "citizens-panel", "--wave", "2025"});
    EXPECT_EQ(r.exit_code, 1);
}

TEST_F(ActionPlan, AFilteredPlanIsRefusedSinceTrackMeasuresTheWholeWave) {
    const auto r = gapfinder({"export", "action-plan", "--survey", "staff-survey", "--wave", "2025", "--filter",
                              "directorate=place", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_CONTAINS(r.err, "--filter is not supported");
}

// The definition's new fields are checked like the rest, each error naming its path.
TEST(ActionPlanDefinition, UnknownKeysBadDatesAndUnknownThemesAreErrors) {
    const std::string base = test::read_file(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
    auto error_of = [&](const std::string& from, const std::string& to) {
        std::string text = base;
        const size_t at = text.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        try {
            SurveyDefinition::parse(text, "panel.json");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_CONTAINS(error_of("\"fieldwork\": \"2025-10\"", "\"fieldwork\": \"Oct 2025\""),
                    "panel.json: waves[1].fieldwork: \"Oct 2025\" is not a date");
    EXPECT_CONTAINS(error_of("\"fieldwork\": \"2025-10\"", "\"fieldwork\": \"2025-02-30\""), "waves[1].fieldwork");
    EXPECT_CONTAINS(error_of("\"fieldwork\": \"2025-10\"", "\"fieldwork\": \"2025-10\", \"date\": \"x\""),
                    "waves[1].date: is not a known field here");
    EXPECT_CONTAINS(error_of("\"action_plan\": {", "\"action_plans\": {"), "action_plans: is not a known field here");
    EXPECT_CONTAINS(error_of("\"theme\": \"Cohesion\", \"objective\"", "\"theme\": \"Cohesian\", \"objective\""),
                    "action_plan.themes[4].theme: \"Cohesian\" is not the theme of any question");
    EXPECT_CONTAINS(error_of("\"eflg_area\": \"engagement\"", "\"eflg_area\": \"satisfaction\""),
                    "action_plan.themes[1].eflg_area: \"satisfaction\" is not an EFLG area");
    EXPECT_CONTAINS(error_of("\"lead\": \"Community and Environment\"", "\"owner\": \"Community and Environment\""),
                    "action_plan.themes[4].owner: is not a known field here");
    EXPECT_CONTAINS(error_of("\"action_plan\": {", "\"action_plan\": {\"partners\": [{\"id\": \"HBC\", \"name\": \"Harrow\"}],"), "");
    EXPECT_CONTAINS(error_of("\"lead\": \"Community and Environment\"", "\"partners\": [\"NWL\"]"),
                    "action_plan.themes[4].partners[0]: \"NWL\" is not the id of a partner");
    EXPECT_CONTAINS(error_of("\"outcome\": \"can influence", "\"outcomes\": \"can influence"), "questions[4].outcomes: is not a known field here");
}

// Made-up findings, for the rules of build and track that the samples do not reach.
GroupResult group(const std::string& q, const std::string& c, const std::string& g, double x, double n, double xr, double nr,
                  bool flagged) {
    GroupResult r;
    r.question = q, r.characteristic = c, r.group = g, r.group_label = g;
    r.n = n, r.positives = x, r.rate = x / n, r.rest_n = nr, r.rest_positives = xr, r.rest_rate = xr / nr;
    r.gap_pp = 100 * (r.rate - r.rest_rate);
    r.test = "z", r.p = r.p_adj = flagged ? 1e-6 : 0.5;
    r.flagged = flagged;
    return r;
}

TEST(ActionPlanModel, TrackSaysNarrowedWidenedClosedAndNotMeasured) {
    std::string json = test::read_file(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
    json.replace(json.find("\"action_plan\": {"), 16,
                 "\"action_plan\": {\"partners\": [{\"id\": \"HBC\", \"name\": \"Harrow Borough Council\"}, "
                 "{\"id\": \"BDC\", \"name\": \"Barnet District Council\"}],");
    json.replace(json.find("\"lead\": \"Community and Environment\""), 35,
                 "\"lead\": \"Community and Environment\", \"partners\": [\"HBC\"]");
    const SurveyDefinition survey = SurveyDefinition::parse(json, "panel.json");
    Findings before;
    before.survey_id = survey.id, before.wave = "2024";
    before.results = {group("treated_fairly", "disability", "disabled", 400, 1000, 800, 1000, true),
                      group("influence", "race", "black", 200, 1000, 400, 1000, true),
                      group("cohesion", "sex", "female", 300, 1000, 450, 1000, true),
                      group("sat_council", "age", "age_16_24", 300, 1000, 450, 1000, true),
                      group("sat_area", "disability", "disabled", 300, 1000, 450, 1000, true),
                      group("informed", "directorate", "place", 300, 1000, 450, 1000, true),  // not an equality group
                      group("informed", "disability", "not_disabled", 800, 1000, 400, 1000, true)};  // the front side
    plan::BuildOptions options;
    options.layout = "eflg";
    plan::ActionPlan p = plan::build_plan(before, survey, options);
    ASSERT_EQ(p.rows.size(), 5u);
    EXPECT_EQ(p.rows[0].target_date, "October 2025");
    EXPECT_EQ(p.rows[2].partners, "HBC");   // cohesion names its partner
    EXPECT_EQ(p.rows[0].partners, "ALL");   // a theme that names none is everyone's
    EXPECT_EQ(p.rows[0].relates_to, std::vector<std::string>{"disability"});
    EXPECT_EQ(p.rows[0].measure,
              "Gap between disabled residents and other residents who say they are treated fairly by local public services falls "
              "below 6 points at the 2025 panel; baseline 40.0 points, 40.0% vs 80.0%, n = 1,000. Trackable: with about 1,000 "
              "residents in the group, the 2025 panel can confirm a gap of 6 points or more, so the target is set there rather "
              "than at 5 points.");
    std::ostringstream csv;
    plan::write_plan_csv(p, csv);
    EXPECT_CONTAINS(csv.str(), "Cross-ref to Partner authority");
    EXPECT_CONTAINS(csv.str(), "\r\n4. Responsive services and customer care,4.1,Fair treatment,");

    Findings after = before;
    after.wave = "2025";
    after.results = {group("treated_fairly", "disability", "disabled", 700, 1000, 790, 1000, true),  // 40 -> 9: narrowed
                     group("influence", "race", "black", 100, 1000, 400, 1000, true),            // 20 -> 30: widened
                     group("cohesion", "sex", "female", 440, 1000, 450, 1000, false),            // 15 -> 1: closed
                     group("sat_council", "age", "age_16_24", 295, 1000, 450, 1000, true)};      // 15 -> 15.5: no change
    GroupResult hidden = group("sat_area", "disability", "disabled", 0, 1, 450, 1000, false);
    hidden.suppressed = true;
    hidden.suppression = "small base";
    hidden.n = hidden.rate = hidden.gap_pp = std::numeric_limits<double>::quiet_NaN();
    after.results.push_back(hidden);
    plan::track_plan(p, survey, {{"2024", before}}, after, "plan.json");
    std::map<std::string, std::string> got;
    for (const auto& r : p.rows) got[r.question] = r.progress->status;
    EXPECT_EQ(got, (std::map<std::string, std::string>{{"treated_fairly", "narrowed"},
                                                       {"influence", "widened"},
                                                       {"cohesion", "closed"},
                                                       {"sat_council", "no significant change"},
                                                       {"sat_area", "not measured"}}));
    std::ostringstream md;
    plan::write_plan_markdown(p, md);
    EXPECT_CONTAINS(md.str(), "Not measured in the 2025 panel: too few people in the group answered");
    EXPECT_EQ(md.str().find("| 0 |"), std::string::npos);
    EXPECT_CONTAINS(md.str(), "Gap now 9.0 points (70.0% vs 79.0%, n = 1,000), was 40.0 in the 2024 panel; narrowed, but not yet below 6 points");

    // A group that was behind and is now well ahead has not "narrowed" its gap.
    plan::ActionPlan again = plan::build_plan(before, survey, options);
    Findings later = after;
    later.results[0] = group("treated_fairly", "disability", "disabled", 900, 1000, 790, 1000, true);  // -40 -> +11
    plan::track_plan(again, survey, {{"2024", before}}, later, "plan.json");
    EXPECT_EQ(again.rows[0].progress->status, "reversed");
    std::ostringstream reversed_md;
    plan::write_plan_markdown(again, reversed_md);
    EXPECT_CONTAINS(reversed_md.str(), "reversed: the group is now ahead by more than 6 points");

    // A row whose baseline no longer matches the store is refused, naming the row.
    p.rows[1].baseline_gap_pp = -25;
    p.rows[1].origin = "rows[1]";
    try {
        plan::track_plan(p, survey, {{"2024", before}}, after, "plan.json");
        ADD_FAILURE() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_CONTAINS(std::string(e.what()), "plan.json: rows[1], column \"baseline_gap_pp\": the plan says -25");
    }
}

// A comment theme is a concern a group raises, not a gap to close: the row is drafted
// from the group that raises it more (even when its mirror carries the flag), a group
// that mentions a theme less gets no row, and a closed question's gap is still drafted
// from the group behind.
TEST(ActionPlanModel, ACommentThemeIsDraftedFromTheGroupRaisingItMore) {
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/library-consultation.json");
    Findings f;
    f.survey_id = survey.id, f.wave = "2025";
    GroupResult not_disabled = group("why_support__access", "disability", "not_disabled", 148, 1566, 123, 470, true);  // 9.5% vs 26.2%
    GroupResult disabled = group("why_support__access", "disability", "disabled", 123, 470, 148, 1566, false);
    disabled.mirror_of = "not_disabled";
    f.results = {disabled, not_disabled,
                 group("why_support__digital", "age", "age_16_24", 10, 163, 300, 1990, true),   // mentions less: no row
                 group("support_proposal", "disability", "disabled", 138, 609, 665, 2091, true)};  // 22.7% vs 31.8%
    const plan::ActionPlan p = plan::build_plan(f, survey, {});
    ASSERT_EQ(p.rows.size(), 2u);
    const plan::Row& theme = p.rows[0];
    EXPECT_EQ(theme.question, "why_support__access");
    EXPECT_EQ(theme.group, "disabled");
    EXPECT_CONTAINS(theme.action, "Respond to what disabled respondents raise more often than other respondents: 26.2% of "
                                  "those who commented mention access to buildings, against 9.5% of other respondents "
                                  "(the 2025 consultation, 16.7 points more).");
    EXPECT_CONTAINS(theme.action, "equality impact assessment");
    EXPECT_EQ(theme.action.find("less likely"), std::string::npos) << theme.action;
    EXPECT_EQ(p.rows[1].question, "support_proposal");
    EXPECT_CONTAINS(p.rows[1].action, "Find out why disabled respondents are less likely than other respondents to");
}

// Each row's target is a gap the next wave can confirm for a group of that size (80%
// power, trackability.hpp): a large group keeps the threshold, a middling one gets the
// smallest confirmable gap, and a group too small to track says so and what would do.
TEST(ActionPlanModel, EachRowsTargetIsAGapTheNextWaveCanConfirm) {
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
    Findings f;
    f.survey_id = survey.id, f.wave = "2024";
    f.results = {group("treated_fairly", "disability", "disabled", 3000, 5000, 4000, 5000, true),  // 60% vs 80%
                 group("sat_council", "age", "age_16_24", 30, 60, 780, 1000, true),             // 50% vs 78%
                 group("cohesion", "sex", "female", 26, 40, 800, 1000, true)};                  // 65% vs 80%
    plan::ActionPlan p = plan::build_plan(f, survey, {});
    ASSERT_EQ(p.rows.size(), 3u);
    auto detectable = [](double n, double nr, double rest_rate) {
        return 100 * stats::detectable_difference(n, nr, rest_rate, 0.05, 0.8, true);
    };

    const plan::Row& large = p.rows[0];
    EXPECT_DOUBLE_EQ(large.detectable_gap_pp, detectable(5000, 5000, 0.8));
    EXPECT_LT(large.detectable_gap_pp, 3);
    EXPECT_EQ(large.target_gap_pp, 5);
    EXPECT_CONTAINS(large.measure, "falls below 5 points at the 2025 panel; baseline 20.0 points, 60.0% vs 80.0%, n = 5,000. "
                                   "Trackable: with about 5,000 residents in the group, the 2025 panel can confirm a gap of 3 points or more.");

    const plan::Row& middling = p.rows[1];
    const double d = detectable(60, 1000, 0.78);
    EXPECT_DOUBLE_EQ(middling.detectable_gap_pp, d);
    EXPECT_GT(d, 5);
    EXPECT_LT(d, 28);
    EXPECT_EQ(middling.target_gap_pp, std::ceil(d));
    EXPECT_CONTAINS(middling.measure, "falls below " + std::to_string(static_cast<int>(std::ceil(d))) + " points");
    EXPECT_CONTAINS(middling.measure, "so the target is set there rather than at 5 points.");

    const plan::Row& small = p.rows[2];
    EXPECT_GT(small.detectable_gap_pp, 15);  // more than its gap now
    EXPECT_EQ(small.target_gap_pp, 5);
    const plan::Trackability t = plan::trackability(40, 1000, 0.8, -15, 0.05, 5);
    EXPECT_FALSE(t.trackable);
    EXPECT_DOUBLE_EQ(t.pooled_pp, detectable(80, 2000, 0.8));
    EXPECT_LE(detectable(t.boost_to_n, 1000, 0.8), 5);  // the smallest group that confirms 5 points
    EXPECT_GT(detectable(t.boost_to_n - 1, 1000, 0.8), 5);
    auto whole = [](double v) { return std::to_string(static_cast<int>(std::ceil(v))); };
    EXPECT_CONTAINS(small.measure, "The group is too small to track a gap this size from one wave: with about 40 residents in the group, the 2025 panel could "
                                   "only confirm a gap of " + whole(small.detectable_gap_pp) + " points or more, so it could not tell whether this "
                                   "gap of 15.0 points has closed. "
                                   "Pool two waves (gaps of " + whole(t.pooled_pp) + " points or more), or boost the sample to about " +
                                   format_count(t.boost_to_n) + " in the group (gaps of 5 points).");
}

}  // namespace
}  // namespace gapfinder
