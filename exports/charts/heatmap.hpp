// Heatmap of groups (rows) x questions (columns), each cell coloured by the group's gap
// from its comparison on that question, on the diverging colour-blind-safe scale of
// charts/palette.hpp. Server-side SVG shared by the HTML report and the web app.
//
// Colour is never the only signal: every cell prints its gap in points; flagged gaps
// add ▼ or ▲ and a heavy border; low bases add *; suppressed cells are hatched and say
// "hidden", with no figure; the reference group says "ref". heatmap_table() gives the
// same grid as an HTML table.
#pragma once

#include <string>
#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder::charts {

struct HeatmapColumn {
    std::string question;     // question id
    std::string short_label;  // column heading, e.g. "Q1"
    std::string text;         // the question's wording, for the text alternatives
};

struct Heatmap {
    std::string id;          // unique in the page (letters, digits, '-'): prefixes element ids
    std::string title;       // e.g. "Gaps by disability"
    std::string comparison;  // what each group is compared with
    double min_base = 30;    // for the low-base key
    double min_gap_pp = 5;   // the smallest gap flagged: the key shows the colours from there
    std::vector<HeatmapColumn> columns;
    // Rows of one characteristic (or one intersection) over the questions, in any order;
    // groups appear in the order first met, undisclosed rows are left out.
    std::vector<const GroupResult*> rows;
};

std::string heatmap_svg(const Heatmap& map);
// The same grid as a <table>: groups as row headers, questions as column headers.
std::string heatmap_table(const Heatmap& map);

}  // namespace gapfinder::charts
