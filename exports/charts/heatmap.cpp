#include "charts/heatmap.hpp"

#include <algorithm>
#include <map>

#include "charts/format.hpp"
#include "charts/palette.hpp"
#include "charts/svg.hpp"
#include "html/escape.hpp"

namespace gapfinder::charts {

namespace {

using svg::num;

constexpr double kLabelWidth = 270, kLeft = 280, kCell = 78, kRow = 34, kTop = 40;

struct Grid {
    std::vector<std::string> groups, labels;
    std::map<std::pair<std::string, std::string>, const GroupResult*> cells;  // (group, question)
};

Grid grid_of(const Heatmap& h) {
    Grid g;
    for (const GroupResult* r : h.rows) {
        if (r->undisclosed) continue;
        if (!g.cells.count({r->group, r->question}) &&
            std::find(g.groups.begin(), g.groups.end(), r->group) == g.groups.end()) {
            g.groups.push_back(r->group);
            g.labels.push_back(r->group_label);
        }
        g.cells[{r->group, r->question}] = r;
    }
    return g;
}

// The text in a cell, the same in the chart and the table.
std::string cell_text(const GroupResult* r) {
    if (!r) return "";
    if (r->suppressed) return "hidden";
    if (r->reference) return "ref";
    if (!shows_comparison(*r)) return "\u2013";
    std::string s = points(r->gap_pp);
    if (r->flagged) s += std::string(" ") + flag_symbol(*r);
    else if (r->low_base) s += "*";
    return s;
}

std::string cell_words(const GroupResult* r) {
    if (!r) return "not asked";
    if (r->suppressed) return "hidden: " + status_text(*r);
    if (r->reference) return "reference group";
    if (!shows_comparison(*r)) return "no comparison";
    std::string s = points(r->gap_pp) + " points";
    if (r->flagged) s += r->gap_pp < 0 ? ", flagged lower" : ", flagged higher";
    else if (r->low_base) s += ", low base";
    return s;
}

}  // namespace

std::string heatmap_svg(const Heatmap& h) {
    const Grid g = grid_of(h);
    const size_t ncol = h.columns.size();
    const double grid_bottom = kTop + kRow * g.groups.size();
    const double width = std::max(kLeft + kCell * ncol + 10, 780.0);
    const double height = grid_bottom + 118;
    const std::string title_id = h.id + "-title", desc_id = h.id + "-desc", hatch_id = h.id + "-hatch";

    // The description sums the chart up; heatmap_table() has every cell.
    size_t flagged = 0, hidden = 0;
    std::string flagged_list;
    for (const auto& [key, r] : g.cells) {
        (void)key;
        hidden += r->suppressed;
    }
    for (const auto& group : g.groups)
        for (const auto& c : h.columns) {
            auto it = g.cells.find({group, c.question});
            if (it == g.cells.end() || it->second->suppressed || !it->second->flagged) continue;
            ++flagged;
            flagged_list += " " + it->second->group_label + " on " + c.short_label + " (" + points(it->second->gap_pp) + " points).";
        }
    std::string desc = "Gap in percentage points between each group and " + h.comparison + ", for " +
                       std::to_string(g.groups.size()) + " groups and " + std::to_string(ncol) +
                       " questions. Only flagged gaps, the ones the tests confirmed, are coloured: orange lower, purple "
                       "higher; the other cells show their gap in grey, not confirmed. " + std::to_string(flagged) + " flagged gap(s)." +
                       flagged_list + " " + std::to_string(hidden) + " cell(s) hidden to protect small groups.";

    std::string o;
    o.reserve(8192 + 600 * g.cells.size());
    o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gf-chart gf-heatmap\" id=\"" + html::escape(h.id) +
         "\" role=\"img\" aria-labelledby=\"" + title_id + " " + desc_id + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
         "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" font-family=\"" + kFont + "\" font-size=\"13\">";
    o += "<title id=\"" + title_id + "\">" + html::escape(h.title) + "</title>";
    o += "<desc id=\"" + desc_id + "\">" + html::escape(desc) + "</desc>";
    o += "<defs><pattern id=\"" + hatch_id +
         "\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
         "<rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"" +
         std::string(kSecondaryInk) + "\" stroke-width=\"2\"/></pattern></defs>";
    o += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";

    for (size_t c = 0; c < ncol; ++c)
        o += "<text x=\"" + num(kLeft + kCell * c + kCell / 2) + "\" y=\"" + num(kTop - 12) +
             "\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"" + kInk + "\">" + html::escape(h.columns[c].short_label) +
             "</text>";

    const std::string halo = " stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\"";
    for (size_t i = 0; i < g.groups.size(); ++i) {
        const double y = kTop + kRow * i;
        o += svg::text_lines(svg::wrap(g.labels[i], 40, 2), kLabelWidth, y + kRow / 2 + 4, 14,
                             "text-anchor=\"end\" fill=\"" + std::string(kInk) + "\"");
        for (size_t c = 0; c < ncol; ++c) {
            auto it = g.cells.find({g.groups[i], h.columns[c].question});
            const GroupResult* r = it == g.cells.end() ? nullptr : it->second;
            const double x = kLeft + kCell * c;
            std::string fill = "#ffffff", ink = kInk, extra;
            if (r && r->suppressed) {
                fill = "url(#" + hatch_id + ")";
                extra = halo;
            } else if (r && r->flagged) {
                // Colour is for confirmed gaps alone: a strong colour on a gap the tests
                // did not confirm read as "act on this" (a 23-point gap of 52 people
                // looked as urgent as the confirmed ones). The rest keep their figure,
                // in grey on white.
                const GapBin& bin = gap_bin(r->gap_pp);
                fill = bin.fill;
                ink = bin.text;
            } else if (r && shows_comparison(*r) && !r->reference) {
                ink = kSecondaryInk;
            }
            o += "<rect x=\"" + num(x + 1) + "\" y=\"" + num(y + 1) + "\" width=\"" + num(kCell - 2) + "\" height=\"" +
                 num(kRow - 2) + "\" fill=\"" + fill + "\" stroke=\"" + (r && r->flagged ? kInk : kSecondaryInk) +
                 "\" stroke-width=\"" + (r && r->flagged ? "3" : "1") + "\"/>";
            o += "<text x=\"" + num(x + kCell / 2) + "\" y=\"" + num(y + kRow / 2 + 4) + "\" text-anchor=\"middle\" fill=\"" + ink +
                 "\"" + (r && r->flagged ? " font-weight=\"bold\"" : "") + (r && r->suppressed ? " font-style=\"italic\"" : "") +
                 extra + ">" + html::escape(cell_text(r)) + "</text>";
        }
    }

    // Key: the colour scale with its ranges, then the symbols.
    const double ky = grid_bottom + 20;
    // Only the bins a flagged gap can fall in (a flag needs at least the minimum gap,
    // 5 points by default): the pale middle bins would only be seen in the key.
    std::vector<GapBin> bins;
    for (const GapBin& b : gap_bins())
        if (b.from < -h.min_gap_pp || b.to > h.min_gap_pp) bins.push_back(b);
    const double kw = 96;
    o += "<g class=\"gf-key\"><text x=\"10\" y=\"" + num(ky + 12) + "\" fill=\"" + kInk + "\">Flagged gap (points):</text>";
    for (size_t b = 0; b < bins.size(); ++b) {
        const double x = 160 + kw * b;
        o += "<rect x=\"" + num(x) + "\" y=\"" + num(ky) + "\" width=\"" + num(kw - 4) + "\" height=\"18\" fill=\"" + bins[b].fill +
             "\" stroke=\"" + kSecondaryInk + "\"/>";
        o += "<text x=\"" + num(x + (kw - 4) / 2) + "\" y=\"" + num(ky + 13) + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" +
             bins[b].text + "\">" + html::escape(bins[b].label) + "</text>";
    }
    const double ky2 = ky + 40;
    o += "<rect x=\"10\" y=\"" + num(ky2 - 12) + "\" width=\"60\" height=\"18\" fill=\"url(#" + hatch_id + ")\" stroke=\"" +
         kSecondaryInk + "\"/><text x=\"40\" y=\"" + num(ky2 + 1) + "\" text-anchor=\"middle\" font-style=\"italic\" fill=\"" + kInk +
         "\"" + halo + ">hidden</text>";
    o += "<text x=\"78\" y=\"" + num(ky2 + 1) + "\" fill=\"" + kInk +
         "\">suppressed small group   \u25BC \u25B2 flagged gap (heavy border)   * low base (under " + count(h.min_base) +
         "), never flagged   ref: reference group</text>";
    o += "<text x=\"10\" y=\"" + num(ky2 + 24) + "\" fill=\"" + kInk + "\">Each group is compared with " + html::escape(h.comparison) +
         "; negative gaps mean fewer positive answers.</text>";
    o += "<text x=\"10\" y=\"" + num(ky2 + 46) + "\" fill=\"" + kSecondaryInk +
         "\">Grey figures on white: gaps the tests did not confirm, so no colour.</text>";
    o += "</g></svg>";
    return o;
}

std::string heatmap_table(const Heatmap& h) {
    const Grid g = grid_of(h);
    std::string o = "<table class=\"gf-table gf-grid\"><caption>" + html::escape(h.title) +
                    ": gap in points from " + html::escape(h.comparison) + "</caption><thead><tr><th scope=\"col\">Group</th>";
    for (const auto& c : h.columns)
        o += "<th scope=\"col\"><abbr title=\"" + html::escape(c.text) + "\">" + html::escape(c.short_label) + "</abbr></th>";
    o += "</tr></thead><tbody>";
    for (size_t i = 0; i < g.groups.size(); ++i) {
        o += "<tr><th scope=\"row\">" + html::escape(g.labels[i]) + "</th>";
        for (const auto& c : h.columns) {
            auto it = g.cells.find({g.groups[i], c.question});
            const GroupResult* r = it == g.cells.end() ? nullptr : it->second;
            o += "<td>" + html::escape(cell_words(r)) + "</td>";
        }
        o += "</tr>";
    }
    return o + "</tbody></table>";
}

}  // namespace gapfinder::charts
