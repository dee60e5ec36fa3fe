// Bar chart of one question's groups: each group's positive rate as a bar with its
// confidence-interval whiskers, and a mark at the rate it is compared with. Server-side
// SVG shared by the HTML report and the web app (one chart code path).
//
// Accessible by construction: role="img" named by its <title> and described by a
// <desc> that reads out every bar; flagged bars carry a symbol and words as well as a
// colour; suppressed groups are listed by name with no figure; and bar_chart_table()
// gives the same figures as an HTML table.
#pragma once

#include <string>
#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder::charts {

struct BarChart {
    std::string id;          // unique in the page (letters, digits, '-'): prefixes element ids
    std::string title;       // e.g. "Treated fairly, by disability"
    std::string comparison;  // what each bar is compared with, e.g. "everyone else who disclosed"
    std::string confidence = "95%";
    // The rows to draw, in order: one question, one characteristic (or intersection).
    // Undisclosed rows are left out of the chart; suppressed rows are named, not drawn.
    std::vector<const GroupResult*> rows;
};

// "everyone else who disclosed", "all who disclosed" or "the reference group".
std::string comparison_label(const AnalysisSettings& settings);

std::string bar_chart_svg(const BarChart& chart);
// The chart's figures as a <table> with a caption, column and row headers.
std::string bar_chart_table(const BarChart& chart);

}  // namespace gapfinder::charts
