// gapfinder report: the HTML findings report of the bundled samples, checked against its
// golden copy, against analyse's numbers for the same request, and for what it must
// never show (a suppressed group's figures). tests/browser checks it in a real browser.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "charts/heatmap.hpp"
#include "test_support.hpp"

namespace gapfinder {
namespace {

const std::vector<std::string> kRequest = {"--survey", "citizens-panel", "--wave", "2025", "--by", "age,disability,race",
                                           "--intersections", "--previous-wave", "2024"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

Poco::JSON::Object::Ptr analyse_json(const std::vector<std::string>& request) {
    const auto r = test::run_in_demo_dir(with(with({"analyse"}, request), {"--format", "json"}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
}

std::string report(const std::vector<std::string>& request) {
    const auto r = test::run_in_demo_dir(with({"report"}, request));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
}

TEST(Report, MatchesItsGoldenFile) {
    test::expect_golden(report(kRequest), std::string(SOURCE_DIR) + "/tests/golden/report/citizens-panel-2025.html");
}

TEST(Report, IsSelfContained) {
    const std::string html = report(kRequest);
    // No scripts, and nothing fetched: every URL is the SVG namespace.
    EXPECT_EQ(html.find("<script"), std::string::npos);
    const std::regex url(R"((https?:)?//[^"' )<]+)");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
        EXPECT_EQ(it->str(), "http://www.w3.org/2000/svg");
    EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos);
}

TEST(Report, ShowsTheNumbersAnalyseGivesForTheSameRequest) {
    const std::string html = report(kRequest);
    const auto findings = analyse_json(kRequest);
    const auto results = findings->getArray("results");
    size_t flagged = 0, tested = 0;
    for (size_t i = 0; i < results->size(); ++i) {
        const auto r = results->getObject(static_cast<unsigned>(i));
        if (r->getValue<bool>("flagged")) {
            ++flagged;
            // Each flagged gap's rate appears as analyse's rate, to one decimal place.
            char rate[32];
            std::snprintf(rate, sizeof rate, "%.1f%%", 100 * r->getValue<double>("rate"));
            EXPECT_NE(html.find(rate), std::string::npos) << r->getValue<std::string>("group_label") << " " << rate;
        }
        tested += !r->isNull("p_adj");
    }
    ASSERT_GT(flagged, 0u);
    const std::string summary = std::to_string(flagged) + " flagged gap(s) among " + std::to_string(tested) + " tested";
    EXPECT_NE(html.find(summary), std::string::npos) << summary;
}

// The findings read in plain words: question ids, p-values and command-line options
// are for analysts, in the appendix and the methodology after the findings, and the
// JSON. (The SVG charts' own ids are markup, not text: tags are left out.)
TEST(Report, TheFindingsBeforeTheAppendixShowNoIdsOrPValues) {
    const std::string html = report(kRequest);
    const size_t appendix = html.find("<h2 id=\"appendix\">");
    const size_t methodology = html.find("<h2 id=\"methodology\">");
    ASSERT_NE(appendix, std::string::npos);
    ASSERT_LT(html.find("<h2 id=\"intersections\">"), appendix);
    ASSERT_LT(appendix, methodology);
    const std::string main = std::regex_replace(html.substr(html.find("<main"), appendix - html.find("<main")), std::regex("<[^>]*>"), " ");
    for (const char* internal : {"sat_area", "treated_fairly", "citizens-panel", "Adjusted p", "adjusted p ", " df, p ", "--weighted",
                                 "--intersections", "docs/method.md"})
        EXPECT_EQ(main.find(internal), std::string::npos) << internal;
    const std::string rest = html.substr(appendix);
    EXPECT_NE(rest.find("Adjusted p"), std::string::npos);  // the appendix keeps them
    EXPECT_NE(rest.find("<code>sat_area</code>"), std::string::npos);
}

TEST(Report, NeverShowsASuppressedGroupsFigures) {
    const std::string html = report(kRequest);
    const auto results = analyse_json(kRequest)->getArray("results");
    size_t suppressed = 0;
    for (size_t i = 0; i < results->size(); ++i) suppressed += results->getObject(static_cast<unsigned>(i))->getValue<bool>("suppressed");
    ASSERT_GT(suppressed, 0u) << "the request should hide some small groups";
    // Every table row of a suppressed group says "hidden" and holds no rate.
    const std::regex row(R"(<tr class="suppressed">(.*?)</tr>)");
    size_t rows = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it, ++rows) {
        const std::string cells = (*it)[1].str();
        EXPECT_EQ(cells.find('%'), std::string::npos) << cells;
        EXPECT_TRUE(cells.find("hidden") != std::string::npos || cells.find("not shown") != std::string::npos) << cells;
    }
    EXPECT_GE(rows, suppressed);
}

}  // namespace
}  // namespace gapfinder

namespace gapfinder {
namespace {

GroupResult cell(const std::string& group, double gap, bool flagged) {
    GroupResult r;
    r.question = "q1";
    r.characteristic = "race";
    r.group = group;
    r.group_label = group;
    r.n = 60;
    r.rate = 0.5;
    r.rest_n = 600;
    r.rest_rate = 0.5 - gap / 100;
    r.gap_pp = gap;
    r.test = "z";
    r.flagged = flagged;
    return r;
}

// The fill of the cell whose text is `text` in a heatmap's SVG.
std::string fill_of(const std::string& svg, const std::string& text) {
    const size_t at = svg.find(">" + text + "<");
    const size_t rect = svg.rfind("<rect ", at);
    const size_t fill = svg.find("fill=\"", rect) + 6;
    return svg.substr(fill, svg.find('"', fill) - fill);
}

// Colour goes to confirmed gaps alone: a large gap the tests did not confirm is white
// with a grey figure, and the key offers only the colours a flagged gap can take.
TEST(Heatmap, OnlyFlaggedGapsAreColoured) {
    const GroupResult confirmed = cell("caribbean", -12.0, true), unconfirmed = cell("roma", -23.0, false),
                      small = cell("arab", 3.0, false);
    charts::Heatmap h;
    h.id = "race";
    h.title = "Gaps by race";
    h.comparison = "everyone else";
    h.columns = {{"q1", "Q1", "Question one"}};
    h.rows = {&confirmed, &unconfirmed, &small};
    const std::string svg = charts::heatmap_svg(h);
    EXPECT_EQ(fill_of(svg, "\u221212.0 \u25BC"), "#b35806");  // flagged, 10 or more points lower
    EXPECT_EQ(fill_of(svg, "\u221223.0"), "#ffffff");
    EXPECT_EQ(fill_of(svg, "+3.0"), "#ffffff");
    EXPECT_NE(svg.find("gaps the tests did not confirm, so no colour"), std::string::npos);
    EXPECT_EQ(svg.find("#fee0b6"), std::string::npos) << "the key shows a colour no flagged gap can have";
    EXPECT_NE(svg.find("Only flagged gaps, the ones the tests confirmed, are coloured"), std::string::npos);
}

}  // namespace
}  // namespace gapfinder
