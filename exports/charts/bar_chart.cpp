#include "charts/bar_chart.hpp"

#include <algorithm>

#include "charts/format.hpp"
#include "charts/palette.hpp"
#include "charts/svg.hpp"
#include "html/escape.hpp"

namespace gapfinder::charts {

namespace {

using svg::num;

constexpr double kWidth = 760, kLabelWidth = 250, kPlotLeft = 262, kPlotWidth = 300, kRow = 36, kTop = 34, kBarHeight = 16;

std::vector<const GroupResult*> drawn_rows(const BarChart& c) {
    std::vector<const GroupResult*> rows;
    for (const GroupResult* r : c.rows)
        if (!r->undisclosed) rows.push_back(r);
    return rows;
}

const char* bar_fill(const GroupResult& r) {
    if (!r.flagged) return kNeutralBar;
    return r.gap_pp < 0 ? kLowerBar : kHigherBar;
}

// What a reader needs about one bar, in words (the <desc>, and screen readers).
std::string describe(const GroupResult& r, const std::string& confidence) {
    std::string s = r.group_label + ": ";
    if (r.suppressed) return s + status_text(r) + ", no figures shown.";
    if (!shows_rate(r)) return s + "no rate.";
    s += percent(r.rate);
    if (r.ci_low == r.ci_low) s += " (" + confidence + " interval " + interval(r.ci_low, r.ci_high) + ")";
    if (r.reference) return s + ", the reference group.";
    if (shows_comparison(r)) s += ", compared with " + percent(r.rest_rate) + ", gap " + points(r.gap_pp) + " points";
    if (r.flagged) s += r.gap_pp < 0 ? ", flagged: lower" : ", flagged: higher";
    else if (r.low_base) s += ", low base, not flagged";
    return s + ".";
}

}  // namespace

std::string comparison_label(const AnalysisSettings& s) {
    switch (s.compare.kind) {
        case Comparison::Kind::rest: return "everyone else who disclosed";
        case Comparison::Kind::overall: return "all who disclosed";
        default: return "the reference group";
    }
}

std::string bar_chart_svg(const BarChart& c) {
    const auto rows = drawn_rows(c);
    const double plot_bottom = kTop + kRow * rows.size();
    const double height = plot_bottom + 62;
    auto x_of = [](double share) { return kPlotLeft + kPlotWidth * std::min(1.0, std::max(0.0, share)); };
    const std::string title_id = c.id + "-title", desc_id = c.id + "-desc";

    std::string desc = "Positive answers, each group's rate with its " + c.confidence + " confidence interval, compared with " +
                       c.comparison + ". ";
    for (const GroupResult* r : rows) desc += describe(*r, c.confidence) + " ";
    desc.pop_back();

    std::string o;
    o.reserve(4096 + 1024 * rows.size());
    o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gf-chart gf-bar-chart\" id=\"" + html::escape(c.id) +
         "\" role=\"img\" aria-labelledby=\"" + title_id + " " + desc_id + "\" viewBox=\"0 0 " + num(kWidth) + " " +
         num(height) + "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" font-family=\"" + kFont +
         "\" font-size=\"13\">";
    o += "<title id=\"" + title_id + "\">" + html::escape(c.title) + "</title>";
    o += "<desc id=\"" + desc_id + "\">" + html::escape(desc) + "</desc>";
    o += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>";

    // Axis: gridlines every 25%, labelled above the plot.
    for (int t = 0; t <= 100; t += 25) {
        const double x = x_of(t / 100.0);
        o += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop - 6) + "\" x2=\"" + num(x) + "\" y2=\"" + num(plot_bottom) +
             "\" stroke=\"" + kGrid + "\" stroke-width=\"1\"/>";
        // The last label ends at its line, clear of the value column's heading.
        o += "<text x=\"" + num(x) + "\" y=\"" + num(kTop - 12) + "\" text-anchor=\"" + (t == 100 ? "end" : "middle") +
             "\" fill=\"" + kSecondaryInk + "\">" +
             std::to_string(t) + "%</text>";
    }
    o += "<text x=\"" + num(kPlotLeft + kPlotWidth + 12) + "\" y=\"" + num(kTop - 12) + "\" fill=\"" + kSecondaryInk +
         "\">rate, gap in points</text>";

    for (size_t i = 0; i < rows.size(); ++i) {
        const GroupResult& r = *rows[i];
        const double y = kTop + kRow * i, mid = y + kRow / 2;
        o += "<g class=\"gf-bar\">";
        o += svg::text_lines(svg::wrap(r.group_label, 36, 2), kLabelWidth, mid + 4, 14,
                             "text-anchor=\"end\" fill=\"" + std::string(kInk) + "\"");
        if (r.suppressed) {
            o += "<text x=\"" + num(kPlotLeft + 6) + "\" y=\"" + num(mid + 4) + "\" fill=\"" + kInk + "\" font-style=\"italic\">" +
                 html::escape(status_text(r)) + "</text></g>";
            continue;
        }
        if (!shows_rate(r)) {
            o += "<text x=\"" + num(kPlotLeft + 6) + "\" y=\"" + num(mid + 4) + "\" fill=\"" + kInk + "\">no rate</text></g>";
            continue;
        }
        const double x = x_of(r.rate);
        o += "<rect x=\"" + num(kPlotLeft) + "\" y=\"" + num(mid - kBarHeight / 2) + "\" width=\"" + num(x - kPlotLeft) +
             "\" height=\"" + num(kBarHeight) + "\" fill=\"" + bar_fill(r) + "\" stroke=\"" + kSecondaryInk + "\"/>";
        if (r.ci_low == r.ci_low && r.ci_high == r.ci_high) {
            const double lo = x_of(r.ci_low), hi = x_of(r.ci_high);
            o += "<path d=\"M" + num(lo) + " " + num(mid) + "H" + num(hi) + "M" + num(lo) + " " + num(mid - 5) + "V" +
                 num(mid + 5) + "M" + num(hi) + " " + num(mid - 5) + "V" + num(mid + 5) + "\" stroke=\"" + kInk +
                 "\" stroke-width=\"1.5\" fill=\"none\"/>";
        }
        if (shows_comparison(r)) {
            const double cx = x_of(r.rest_rate);
            o += "<path d=\"M" + num(cx) + " " + num(mid - kRow / 2 + 2) + "V" + num(mid + kRow / 2 - 2) + "\" stroke=\"" + kInk +
                 "\" stroke-width=\"2.5\" stroke-dasharray=\"4 2\"/>";
        }
        std::string value = percent(r.rate);
        if (r.reference) value += "  reference";
        else if (shows_comparison(r)) value += "  " + points(r.gap_pp);
        const std::string symbol = flag_symbol(r);
        if (!symbol.empty()) value += " " + symbol + (r.gap_pp < 0 ? " lower" : " higher");
        else if (r.low_base) value += "  low base";
        o += "<text x=\"" + num(kPlotLeft + kPlotWidth + 12) + "\" y=\"" + num(mid + 4) + "\" fill=\"" + kInk + "\"" +
             (r.flagged ? " font-weight=\"bold\"" : "") + ">" + html::escape(value) + "</text></g>";
    }

    // Key: what the marks mean, in words and shapes.
    const double ky = plot_bottom + 22;
    o += "<g class=\"gf-key\">";
    o += "<path d=\"M" + num(kPlotLeft) + " " + num(ky) + "H" + num(kPlotLeft + 24) + "M" + num(kPlotLeft) + " " +
         num(ky - 5) + "V" + num(ky + 5) + "M" + num(kPlotLeft + 24) + " " + num(ky - 5) + "V" + num(ky + 5) + "\" stroke=\"" +
         kInk + "\" stroke-width=\"1.5\" fill=\"none\"/>";
    o += "<text x=\"" + num(kPlotLeft + 30) + "\" y=\"" + num(ky + 4) + "\" fill=\"" + kInk + "\">" + html::escape(c.confidence) +
         " confidence interval</text>";
    o += "<path d=\"M" + num(kPlotLeft + 220) + " " + num(ky - 9) + "V" + num(ky + 9) + "\" stroke=\"" + kInk +
         "\" stroke-width=\"2.5\" stroke-dasharray=\"4 2\"/>";
    o += "<text x=\"" + num(kPlotLeft + 228) + "\" y=\"" + num(ky + 4) + "\" fill=\"" + kInk + "\">compared with " +
         html::escape(c.comparison) + "</text>";
    const double ky2 = ky + 24;
    o += "<rect x=\"" + num(kPlotLeft) + "\" y=\"" + num(ky2 - 7) + "\" width=\"14\" height=\"14\" fill=\"" + kLowerBar +
         "\" stroke=\"" + kSecondaryInk + "\"/><text x=\"" + num(kPlotLeft + 20) + "\" y=\"" + num(ky2 + 4) + "\" fill=\"" +
         kInk + "\">\u25BC flagged lower</text>";
    o += "<rect x=\"" + num(kPlotLeft + 140) + "\" y=\"" + num(ky2 - 7) + "\" width=\"14\" height=\"14\" fill=\"" + kHigherBar +
         "\" stroke=\"" + kSecondaryInk + "\"/><text x=\"" + num(kPlotLeft + 160) + "\" y=\"" + num(ky2 + 4) + "\" fill=\"" +
         kInk + "\">\u25B2 flagged higher</text>";
    o += "<rect x=\"" + num(kPlotLeft + 290) + "\" y=\"" + num(ky2 - 7) + "\" width=\"14\" height=\"14\" fill=\"" + kNeutralBar +
         "\" stroke=\"" + kSecondaryInk + "\"/><text x=\"" + num(kPlotLeft + 310) + "\" y=\"" + num(ky2 + 4) + "\" fill=\"" +
         kInk + "\">not flagged</text>";
    o += "</g></svg>";
    return o;
}

std::string bar_chart_table(const BarChart& c) {
    std::string o = "<table class=\"gf-table\"><caption>" + html::escape(c.title) + ": figures</caption><thead><tr>"
                    "<th scope=\"col\">Group</th><th scope=\"col\">Positive</th><th scope=\"col\">" + html::escape(c.confidence) +
                    " interval</th><th scope=\"col\">Compared with</th><th scope=\"col\">Gap (points)</th>"
                    "<th scope=\"col\">Status</th></tr></thead><tbody>";
    for (const GroupResult* rp : drawn_rows(c)) {
        const GroupResult& r = *rp;
        o += "<tr><th scope=\"row\">" + html::escape(r.group_label) + "</th>";
        if (r.suppressed) {
            o += "<td colspan=\"4\">not shown</td>";
        } else {
            o += "<td>" + percent(r.rate) + "</td><td>" + interval(r.ci_low, r.ci_high) + "</td>";
            o += "<td>" + (shows_comparison(r) ? percent(r.rest_rate) : std::string()) + "</td>";
            o += "<td>" + (shows_comparison(r) ? points(r.gap_pp) : std::string()) + "</td>";
        }
        const std::string symbol = flag_symbol(r);
        o += "<td>" + (symbol.empty() ? "" : symbol + " ") + html::escape(status_text(r)) + "</td></tr>";
    }
    return o + "</tbody></table>";
}

}  // namespace gapfinder::charts
