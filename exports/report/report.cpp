#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "analysis/cell_key.hpp"
#include "analysis/filter.hpp"
#include "analysis/weighting.hpp"
#include "charts/bar_chart.hpp"
#include "charts/findings_charts.hpp"
#include "headline/headline.hpp"
#include "charts/format.hpp"
#include "charts/heatmap.hpp"
#include "html/escape.hpp"
#include "report/report_style.hpp"

namespace gapfinder::report {

namespace {

using charts::count;
using charts::interval;
using charts::p_value;
using charts::percent;
using charts::points;
using charts::slug;
using html::escape;

std::string yes_no(bool b) { return b ? "yes" : "no"; }

class Writer {
public:
    Writer(const Findings& f, const ReportOptions& o)
        : f_(f), o_(o), charts_(f, o.characteristic_labels), comparison_(charts_.comparison()),
          columns_(charts_.columns()), characteristics_(charts_.characteristics()) {}

    std::string render() {
        out_.reserve(256 * 1024);
        head();
        out_ += "<body>\n<a class=\"skip\" href=\"#main\">Skip to the findings</a>\n";
        header();
        out_ += "<main id=\"main\">\n";
        in_brief();
        contents();
        summary();
        questions();
        representativeness();
        gaps_by_characteristic();
        flagged_charts();
        trend();
        intersections();
        appendix();
        methodology();
        out_ += "</main>\n<footer><p>Made by " + escape(o_.generator) +
                " from the findings document (gapfinder-findings/1). Figures for groups under " + count(f_.settings.suppress_below) +
                " people are never shown.</p></footer>\n</body>\n</html>\n";
        return std::move(out_);
    }

private:
    const Findings& f_;
    const ReportOptions& o_;
    const charts::FindingsCharts charts_;
    const std::string& comparison_;
    const std::vector<charts::HeatmapColumn>& columns_;
    const std::vector<std::string>& characteristics_;
    std::string out_;

    std::string label_of(const std::string& characteristic) const { return charts_.label_of(characteristic); }
    std::string pair_label(const std::string& pair) const { return charts_.pair_label(pair); }
    std::string short_question(const std::string& id) const { return charts_.short_question(id); }
    std::string question_text(const std::string& id) const { return charts_.question_text(id); }
    // "Q1", its wording on hover and in the Questions section; the question's id
    // (sat_area) is for analysts, in the appendix tables and the JSON only.
    std::string question_cell(const std::string& id) const {
        return "<abbr title=\"" + escape(question_text(id)) + "\">" + escape(short_question(id)) + "</abbr>";
    }

    void head() {
        out_ += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"generator\" content=\"" + escape(o_.generator) + "\">\n<title>Equality gaps: " +
                escape(f_.survey_title) + ", wave " + escape(f_.wave) + "</title>\n<style>\n" + report_css() + "</style>\n</head>\n";
    }

    void header() {
        out_ += "<header>\n<p class=\"kicker\">Findings report for the public sector equality duty (Equality Act 2010, s.149)</p>\n";
        out_ += "<h1>Equality gaps: " + escape(f_.survey_title) + ", wave " + escape(f_.wave) + "</h1>\n";
        out_ += "<p>" + count(static_cast<double>(f_.respondents)) + " respondents." +
                (f_.settings.weighted ? " Weighted to the population profile." : " Unweighted.");
        if (!o_.date.empty()) out_ += " Report date: " + escape(o_.date) + ".";
        out_ += "</p>\n</header>\n";
    }

    // The confirmed gaps in plain words, largest first: what a reader who stops after
    // the first page should know (headline/headline.hpp).
    void in_brief() {
        if (!o_.survey) return;
        const headline::Headline h = headline::headline(f_, *o_.survey);
        out_ += "<section aria-labelledby=\"in-brief\" class=\"gf-in-brief\">\n<h2 id=\"in-brief\">In brief</h2>\n<p>" +
                escape(h.lead) + "</p>\n";
        if (!h.sentences.empty()) {
            out_ += "<ul class=\"gf-headline\">\n";
            for (const auto& s : h.sentences) out_ += "<li>" + escape(s.text) + "</li>\n";
            out_ += "</ul>\n";
        }
        if (!h.weighting.empty()) out_ += "<p>" + escape(h.weighting) + "</p>\n";
        out_ += "<p>A gap is confirmed when it is at least " + charts::fixed(f_.settings.gap_pp, 0) +
                " percentage points, both groups have at least " + count(f_.settings.min_base) +
                " people who answered, and it is larger than chance would give across all the comparisons made. "
                "Other differences in this report may be chance; they are shown in grey.</p>\n";
        how_to_read();
        out_ += "</section>\n";
    }

    // The terms the rest of the report uses, in plain words, for a reader who is not a
    // statistician (the method itself is in the appendix).
    void how_to_read() {
        out_ += "<h3>How to read this report</h3>\n<ul>\n"
                "<li><strong>Percentage</strong>: of the people in a group who answered a question, the share who gave a "
                "positive answer (for example \u201Cvery\u201D or \u201Cfairly satisfied\u201D). People who said "
                "\u201Cdon\u2019t know\u201D are not counted.</li>\n"
                "<li><strong>Gap</strong>: a group\u2019s percentage minus that of " + escape(comparison_) +
                ", in percentage points; \u25BC lower, \u25B2 higher.</li>\n"
                "<li><strong>Confirmed</strong> (flagged): a gap large enough to matter and larger than chance would give, "
                "allowing for the " + std::to_string(tested_comparisons()) +
                " comparisons made. A gap that is not confirmed may still be real, but this survey cannot show it.</li>\n"
                "<li><strong>Range</strong> (95% confidence interval): where the group\u2019s true percentage probably lies; "
                "small groups have wide ranges.</li>\n"
                "<li><strong>Mean score</strong>: the average answer on the question\u2019s scale, as the survey numbers "
                "the answers; on scales that number the most positive answer 1 (\u201Cvery satisfied\u201D = 1), a "
                "lower score is better.</li>\n"
                "<li><strong>Hidden</strong>: no figure is shown for a group of fewer than " + count(f_.settings.suppress_below) +
                " people who answered, so that no one can be identified.</li>\n"
                "<li><strong>Low base</strong> (*): a group of under " + count(f_.settings.min_base) +
                " people who answered; shown, never confirmed.</li>\n</ul>\n";
    }

    size_t tested_comparisons() const {
        size_t n = 0;
        for (const auto& r : f_.results) n += charts::shows_comparison(r) && !r.test.empty();
        return n;
    }

    void contents() {
        out_ += "<nav aria-labelledby=\"contents-heading\">\n<h2 id=\"contents-heading\">Contents</h2>\n<ol>\n";
        const std::pair<const char*, const char*> items[] = {
            {"summary", "Summary of flagged gaps"}, {"questions", "Questions"}, {"who-responded", "Who responded"},
            {"gaps", "Gaps by characteristic"}, {"charts", "Flagged gaps in detail"}, {"trend", "Trend"},
            {"intersections", "Intersections"}, {"appendix", "Appendix: every group on every question"},
            {"methodology", "Methodology and settings"}};
        for (const auto& [id, text] : items) out_ += std::string("<li><a href=\"#") + id + "\">" + text + "</a></li>\n";
        out_ += "</ol>\n</nav>\n";
    }

    // A wide table scrolls inside its own region, which keyboard users can reach.
    void open_scroll(const std::string& label) {
        out_ += "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"" + escape(label) + "\">\n";
    }
    void close_scroll() { out_ += "</div>\n"; }

    void flagged_table(const std::vector<const GroupResult*>& rows, const std::string& caption, bool intersection) {
        open_scroll(caption);
        out_ += "<table class=\"gf-table\"><caption>" + escape(caption) + "</caption>\n<thead><tr><th scope=\"col\">Question</th>"
                "<th scope=\"col\">" + std::string(intersection ? "Intersection" : "Characteristic") +
                "</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Positive</th><th scope=\"col\" class=\"num\">Compared with</th>" +
                std::string(intersection ? "<th scope=\"col\" class=\"num\">Its two groups predict</th>" : "") +
                "<th scope=\"col\" class=\"num\">Gap (points)</th><th scope=\"col\" class=\"num\">Base (n)</th>"
                "</tr></thead>\n<tbody>\n";
        for (const GroupResult* r : rows) {
            out_ += "<tr><td>" + question_cell(r->question) + "</td><td>" + escape(pair_label(r->characteristic)) +
                    "</td><th scope=\"row\">" + escape(r->group_label) + "</th><td class=\"num\">" + percent(r->rate) +
                    "</td><td class=\"num\">" + percent(r->rest_rate) +
                    (intersection ? "</td><td class=\"num\">" + percent(r->expected_rate) : std::string()) +
                    "</td><td class=\"num\">" + charts::flag_symbol(*r) + " " +
                    points(r->gap_pp) + (r->gap_pp < 0 ? " lower" : " higher") + "</td><td class=\"num\">" + count(r->n) +
                    "</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        close_scroll();
    }

    static std::vector<const GroupResult*> flagged(const std::vector<GroupResult>& rows) {
        std::vector<const GroupResult*> out;
        for (const auto& r : rows)
            if (r.flagged && !r.suppressed) out.push_back(&r);
        return out;
    }

    void summary() {
        const auto flags = flagged(f_.results);
        const auto cross = flagged(f_.intersections);
        size_t compared = 0, hidden = 0;
        std::set<std::string> questions, characteristics;
        for (const auto& r : f_.results) {
            compared += charts::shows_comparison(r) && !r.test.empty();
            hidden += r.suppressed;
        }
        for (const GroupResult* r : flags) questions.insert(r->question), characteristics.insert(r->characteristic);
        out_ += "<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary of flagged gaps</h2>\n";
        out_ += "<p>" + std::to_string(flags.size()) + " flagged gap(s) among " + std::to_string(compared) +
                " tested group comparisons, on " + std::to_string(questions.size()) + " of " + std::to_string(f_.questions.size()) +
                " questions and " + std::to_string(characteristics.size()) + " of " + std::to_string(characteristics_.size()) +
                " characteristics. Each group is compared with " + escape(comparison_) +
                ". A gap is flagged (confirmed) when it is larger than chance would give across all the comparisons made (at the " +
                charts::fixed(100 * f_.settings.alpha, 0) + "% level, after the correction for many comparisons), it is at least " +
                charts::fixed(f_.settings.gap_pp, 0) + " points, and both bases are at least " + count(f_.settings.min_base) + ". " +
                std::to_string(hidden) + " group result(s) are hidden to protect small groups.</p>\n";
        out_ += "<p>How small groups are protected: no figure is shown for a group of fewer than " +
                count(f_.settings.suppress_below) +
                " people who answered. Where the hidden figures could be worked out by taking the shown ones away from a "
                "total, more groups are hidden with them, so that no one can work out a small group's figures or who is "
                "in it.</p>\n";
        out_ += "<p>" + std::string(f_.settings.perturb ? cell_key::kPerturbedCountsInWords
                                                        : "Counts are exact, made with gapfinder on the command line.") +
                "</p>\n";
        if (f_.settings.intersections)
            out_ += "<p>Intersections: " + std::to_string(cross.size()) + " flagged gap(s); see <a href=\"#intersections\">Intersections</a>.</p>\n";
        if (!f_.trend.empty()) {
            size_t narrowed = 0, widened = 0;
            for (const auto& t : f_.trend) narrowed += t.status == "narrowed", widened += t.status == "widened";
            out_ += "<p>Since wave " + escape(f_.trend.front().from_wave) + ": " + std::to_string(narrowed) + " gap(s) narrowed and " +
                    std::to_string(widened) + " widened significantly; see <a href=\"#trend\">Trend</a>.</p>\n";
        }
        if (flags.empty()) out_ += "<p>No gap was flagged.</p>\n";
        else {
            flagged_table(flags, "Flagged gaps, by question", false);
            out_ += "<p class=\"note\">With two groups (for example disabled and not disabled people) the gap is tested and "
                    "listed once, on the smaller group. \u25BC marks a group with fewer positive answers than its comparison, "
                    "\u25B2 more.</p>\n";
        }
        out_ += "</section>\n";
    }

    void questions() {
        out_ += "<section aria-labelledby=\"questions\">\n<h2 id=\"questions\">Questions</h2>\n";
        out_ += "<p>The rate is the share of substantive answers that are positive; the charts name questions by number.</p>\n";
        open_scroll("Questions analysed");
        out_ += "<table class=\"gf-table\"><caption>Questions analysed</caption>\n<thead><tr><th scope=\"col\">Number</th>"
                "<th scope=\"col\">Question</th><th scope=\"col\">Theme</th></tr></thead>\n<tbody>\n";
        for (size_t i = 0; i < f_.questions.size(); ++i) {
            const auto& q = f_.questions[i];
            out_ += "<tr><th scope=\"row\">" + columns_[i].short_label + "</th><td>" + escape(q.text) + "</td><td>" +
                    escape(q.theme) + "</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        close_scroll();
        out_ += "</section>\n";
    }

    void representativeness() {
        out_ += "<section aria-labelledby=\"who-responded\">\n<h2 id=\"who-responded\">Who responded</h2>\n";
        if (f_.representativeness.empty()) {
            out_ += "<p>The survey names no population profile, so respondents are not compared with the population.</p>\n</section>\n";
            return;
        }
        size_t under = 0;
        for (const auto& r : f_.representativeness)
            for (const auto& g : r.groups) under += g.under_represented;
        out_ += "<p>Respondents compared with the population profile <code>" + escape(f_.representativeness.front().profile) +
                "</code>, unweighted. A group is under-represented when its share of respondents is under 0.8 of its share of "
                "the population: " + std::to_string(under) + " group(s) here." +
                (f_.settings.weighted ? " The analysis is weighted to correct for this (see the methodology)."
                                      : " The weighted view of these findings corrects for this on the weighting variables.") +
                "</p>\n";
        for (const auto& r : f_.representativeness) {
            const std::string caption = label_of(r.characteristic) + ": respondents and population";
            out_ += "<h3 id=\"who-" + slug(r.characteristic) + "\">" + escape(label_of(r.characteristic)) + "</h3>\n";
            open_scroll(caption);
            out_ += "<table class=\"gf-table\"><caption>" + escape(caption) + "</caption>\n<thead><tr><th scope=\"col\">Group</th>"
                    "<th scope=\"col\" class=\"num\">Respondents</th><th scope=\"col\" class=\"num\">Share of respondents</th>"
                    "<th scope=\"col\" class=\"num\">Share of population</th><th scope=\"col\" class=\"num\">Ratio</th>"
                    "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
            for (const auto& g : r.groups) {
                out_ += "<tr" + std::string(g.suppressed ? " class=\"suppressed\"" : "") + "><th scope=\"row\">" + escape(g.label) + "</th>";
                if (g.suppressed) out_ += "<td class=\"num\">hidden</td><td class=\"num\">hidden</td>";
                else out_ += "<td class=\"num\">" + count(g.respondents) + "</td><td class=\"num\">" + percent(g.respondent_share) + "</td>";
                out_ += "<td class=\"num\">" + percent(g.population_share) + "</td><td class=\"num\">" +
                        (g.suppressed ? std::string("hidden") : charts::fixed(g.ratio, 2)) + "</td><td>";
                std::string status;
                if (g.suppressed) status = "Suppressed (small group)";
                if (g.under_represented) status += std::string(status.empty() ? "" : "; ") + "\u25BC Under-represented";
                if (!g.assessed) status += "; representation not assessed (it would narrow the hidden count)";
                out_ += (status.empty() ? "Represented" : status) + "</td></tr>\n";
            }
            out_ += "</tbody></table>\n";
            close_scroll();
            out_ += "<p class=\"note\">" + count(r.respondents) + " respondents placed, " + count(r.undisclosed) +
                    " undisclosed. " +
                    (r.p < f_.settings.alpha ? "The respondents' mix differs from the population's by more than chance would give"
                                             : "The respondents' mix is within what chance would give") +
                    (std::any_of(r.groups.begin(), r.groups.end(), [](const auto& g) { return g.suppressed; })
                         ? " (hidden groups pooled into one for the test)"
                         : "") +
                    ". Source: " + escape(r.source) + ".</p>\n";
        }
        out_ += "</section>\n";
    }

    void detail_table(const std::vector<const GroupResult*>& rows, const std::string& caption) {
        const bool weighted = f_.settings.weighted;
        open_scroll(caption);
        out_ += "<table class=\"gf-table gf-detail\"><caption>" + escape(caption) + "</caption>\n<thead><tr>"
                "<th scope=\"col\">Question</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Base (n)</th>";
        if (weighted) out_ += "<th scope=\"col\" class=\"num\">Effective base</th>";
        out_ += "<th scope=\"col\" class=\"num\">Positive</th><th scope=\"col\" class=\"num\">" +
                charts::fixed(100 * f_.settings.confidence, 0) + "% interval</th><th scope=\"col\" class=\"num\">Compared with</th>"
                "<th scope=\"col\" class=\"num\">Gap (points)</th><th scope=\"col\">Test</th><th scope=\"col\" class=\"num\">Adjusted p</th>"
                "<th scope=\"col\" class=\"num\">Mean score</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
        const int span = weighted ? 9 : 8;
        for (const GroupResult* rp : rows) {
            const GroupResult& r = *rp;
            out_ += "<tr id=\"row-" + slug(r.question + " " + r.characteristic + " " + r.group) + "\"" +
                    (r.suppressed ? " class=\"suppressed\"" : r.flagged ? " class=\"flagged\"" : "") + "><td>" +
                    escape(short_question(r.question)) + "</td><th scope=\"row\">" + escape(r.group_label) + "</th>";
            if (r.suppressed) {
                out_ += "<td class=\"num\">hidden</td><td colspan=\"" + std::to_string(span) + "\">figures not shown</td>";
            } else {
                out_ += "<td class=\"num\">" + count(r.n) + "</td>";
                if (weighted) out_ += "<td class=\"num\">" + charts::fixed(r.n_eff, 1) + "</td>";
                out_ += "<td class=\"num\">" + percent(r.rate) + "</td><td class=\"num\">" + interval(r.ci_low, r.ci_high) + "</td>";
                const bool cmp = charts::shows_comparison(r);
                out_ += "<td class=\"num\">" + (cmp ? percent(r.rest_rate) : std::string()) + "</td><td class=\"num\">" +
                        (cmp ? points(r.gap_pp) : std::string()) + "</td><td>" + escape(r.test) + "</td><td class=\"num\">" +
                        (r.test.empty() ? std::string() : p_value(r.p_adj)) + "</td><td class=\"num\">" + charts::fixed(r.mean, 2) + "</td>";
            }
            const std::string symbol = charts::flag_symbol(r);
            out_ += "<td>" + (symbol.empty() ? "" : symbol + " ") + escape(charts::status_text(r)) + "</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        close_scroll();
    }

    void gaps_by_characteristic() {
        out_ += "<section aria-labelledby=\"gaps\">\n<h2 id=\"gaps\">Gaps by characteristic</h2>\n";
        out_ += "<p>For each characteristic, a heatmap of every group's gap from " + escape(comparison_) +
                " on every question, then every figure. Gaps are in percentage points: negative (orange) means fewer positive "
                "answers than the comparison, positive (purple) more. Hatched cells marked \u201chidden\u201d are suppressed "
                "small groups. Undisclosed respondents (blank or \u201cprefer not to say\u201d) are listed in the tables and never "
                "compared.</p>\n";
        for (const auto& c : characteristics_) {
            const std::string label = label_of(c), id = slug(c);
            out_ += "<section aria-labelledby=\"gaps-" + id + "\">\n<h3 id=\"gaps-" + id + "\">" + escape(label) + "</h3>\n";
            const charts::Heatmap map = charts_.heatmap(c);
            out_ += "<figure>\n" + charts::heatmap_svg(map) + "\n<figcaption>" + escape(map.title) +
                    ". Questions are numbered as in <a href=\"#questions\">Questions</a>.</figcaption>\n</figure>\n";
            out_ += "<details><summary>" + escape(map.title) + " as a table</summary>\n";
            open_scroll(map.title);
            out_ += charts::heatmap_table(map) + "\n";
            close_scroll();
            out_ += "</details>\n";
            out_ += "<p class=\"note\">Every figure of every group: <a href=\"#appendix-" + id + "\">" + escape(label) +
                    " in the appendix</a>.</p>\n";
            out_ += "</section>\n";
        }
        out_ += "</section>\n";
    }

    // The full tables, after the findings: every group's figures, tests and status, for
    // analysts and for checking. They print in a smaller type (report_style.cpp).
    void appendix() {
        out_ += "<section class=\"appendix\" aria-labelledby=\"appendix\">\n<h2 id=\"appendix\">Appendix: every group on every "
                "question</h2>\n<p>Each group's base, rate, interval, comparison, gap, test, adjusted p-value and mean score, by "
                "characteristic. Questions are numbered as in <a href=\"#questions\">Questions</a>; their ids are in the methodology.</p>\n";
        for (const auto& c : characteristics_) {
            const std::string label = label_of(c), id = slug(c);
            out_ += "<section aria-labelledby=\"appendix-" + id + "\">\n<h3 id=\"appendix-" + id + "\">" + escape(label) + "</h3>\n";
            detail_table(charts_.heatmap(c).rows, label + ": every group on every question");
            std::string omnibus;
            for (const auto& o : f_.omnibus)
                if (o.characteristic == c)
                    omnibus += (omnibus.empty() ? "" : "; ") + short_question(o.question) +
                               (o.test == "rao_scott_f" ? " Rao-Scott F " + charts::fixed(o.statistic, 2) + " on " +
                                                              charts::fixed(o.df, 2) + " and " + charts::fixed(o.denominator_df, 1)
                                                        : " chi-square " + charts::fixed(o.statistic, 1) + " on " +
                                                              charts::fixed(o.df, 0)) +
                               " df, p " + p_value(o.p);
            if (!omnibus.empty())
                out_ += "<p class=\"note\">Does the rate differ across the groups at all (unadjusted): " + escape(omnibus) + ".</p>\n";
            out_ += "</section>\n";
        }
        out_ += "</section>\n";
    }

    void bar_chart(const std::vector<GroupResult>& source, const std::string& question, const std::string& characteristic,
                   const std::string& heading_id) {
        const charts::BarChart chart = charts_.bar_chart(source, question, characteristic);
        out_ += "<h3 id=\"" + heading_id + "\">" + escape(short_question(question)) + " by " + escape(pair_label(characteristic)) +
                "</h3>\n<figure>\n" + charts::bar_chart_svg(chart) + "\n<figcaption>" + escape(chart.title) + "</figcaption>\n</figure>\n";
        out_ += "<details><summary>Figures of this chart as a table</summary>\n";
        open_scroll(chart.title);
        out_ += charts::bar_chart_table(chart) + "\n";
        close_scroll();
        out_ += "</details>\n";
    }

    void flagged_charts() {
        out_ += "<section aria-labelledby=\"charts\">\n<h2 id=\"charts\">Flagged gaps in detail</h2>\n";
        const auto pairs = charts::FindingsCharts::flagged_pairs(f_.results);
        if (pairs.empty()) out_ += "<p>No gap was flagged.</p>\n";
        else
            out_ += "<p>For each question and characteristic with a flagged gap: every group's positive rate (bar) with its " +
                    charts::fixed(100 * f_.settings.confidence, 0) + "% confidence interval (whiskers), and the rate it is compared "
                    "with (dashed mark).</p>\n";
        for (const auto& [q, c] : pairs) bar_chart(f_.results, q, c, "chart-" + slug(q + " " + c));
        out_ += "</section>\n";
    }

    void trend_table(const std::vector<const TrendResult*>& rows, const std::string& caption) {
        open_scroll(caption);
        out_ += "<table class=\"gf-table\"><caption>" + escape(caption) + "</caption>\n<thead><tr><th scope=\"col\">Question</th>"
                "<th scope=\"col\">Characteristic</th><th scope=\"col\">Group</th><th scope=\"col\" class=\"num\">Gap then</th>"
                "<th scope=\"col\" class=\"num\">Gap now</th><th scope=\"col\" class=\"num\">Change</th>"
                "<th scope=\"col\">What changed</th></tr></thead>\n<tbody>\n";
        for (const TrendResult* t : rows) {
            out_ += "<tr" + std::string(t->suppressed ? " class=\"suppressed\"" : "") + "><td>" + question_cell(t->question) +
                    "</td><td>" + escape(label_of(t->characteristic)) + "</td><th scope=\"row\">" + escape(t->group_label) + "</th>";
            if (t->suppressed) out_ += "<td colspan=\"3\">figures not shown</td><td>Suppressed (small base in a wave)</td></tr>\n";
            else
                out_ += "<td class=\"num\">" + points(t->from_gap_pp) + "</td><td class=\"num\">" + points(t->to_gap_pp) +
                        "</td><td class=\"num\">" + points(t->change_pp) + "</td><td>" +
                        escape(t->in_words) + "</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        close_scroll();
    }

    void trend() {
        out_ += "<section aria-labelledby=\"trend\">\n<h2 id=\"trend\">Trend</h2>\n";
        if (f_.trend.empty()) {
            out_ += "<p>No earlier wave was compared: none is stored before this one, or the trend was turned off "
                    "(<code>--previous-wave none</code>).</p>\n</section>\n";
            return;
        }
        size_t narrowed = 0, widened = 0, reversed = 0, hidden = 0;
        std::vector<const TrendResult*> shown, all;
        for (const auto& t : f_.trend) {
            narrowed += t.status == "narrowed", widened += t.status == "widened", reversed += t.status == "reversed";
            hidden += t.suppressed;
            all.push_back(&t);
            if (!t.suppressed && (t.status == "narrowed" || t.status == "widened" || t.status == "reversed" || t.from_flagged ||
                                  t.to_flagged))
                shown.push_back(&t);
        }
        const std::string from = f_.trend.front().from_wave, to = f_.trend.back().to_wave;
        out_ += "<p>Each group's gap from everyone else who disclosed, in wave " + escape(from) + " and wave " + escape(to) +
                " (unweighted, exact counts), and a test of the change, corrected across the " + std::to_string(f_.trend.size()) +
                " comparisons. " + std::to_string(narrowed) + " gap(s) narrowed, " + std::to_string(widened) + " widened, " +
                std::to_string(reversed) + " reversed (the group behind is now ahead, or the reverse); the rest show no significant change. " + std::to_string(hidden) +
                " comparison(s) are hidden because a group was small in a wave.</p>\n";
        if (shown.empty())
            out_ += "<p>No gap was confirmed in wave " + escape(from) + " or wave " + escape(to) +
                    ", and no change was larger than chance would give.</p>\n";
        else
            trend_table(shown, "Gaps confirmed in wave " + from + " or wave " + to + ", and changes larger than chance");
        out_ += "<details><summary>All " + std::to_string(all.size()) + " trend comparisons</summary>\n";
        trend_table(all, "Every gap, wave " + from + " to wave " + to);
        out_ += "</details>\n</section>\n";
    }

    void intersections() {
        out_ += "<section aria-labelledby=\"intersections\">\n<h2 id=\"intersections\">Intersections</h2>\n";
        if (!f_.settings.intersections) {
            out_ += "<p>Intersections were not analysed (<code>--intersections</code> adds every pair of characteristics).</p>\n</section>\n";
            return;
        }
        struct Tally { size_t cells = 0, hidden = 0, flagged = 0; };
        std::vector<std::string> pairs;
        std::map<std::string, Tally> tally;
        for (const auto& r : f_.intersections) {
            if (r.undisclosed) continue;
            if (!tally.count(r.characteristic)) pairs.push_back(r.characteristic);
            Tally& t = tally[r.characteristic];
            ++t.cells;
            t.hidden += r.suppressed;
            t.flagged += r.flagged && !r.suppressed;
        }
        const auto flags = flagged(f_.intersections);
        out_ += "<p>Every pair of characteristics (for example sex \u00D7 disability): each cell is compared with everyone else "
                "who disclosed both. A cell is flagged only when it also differs from the figure its two groups predict together "
                "(for disabled women, from disabled residents\u2019 and women\u2019s figures), in the direction of its gap and by at "
                "least the gap threshold; otherwise its gap is its groups\u2019 gaps again, already in this report. Many cells are "
                "small and hidden. This report lists the "
                "flagged cells and charts their questions; every cell is in the findings CSV and JSON.</p>\n";
        if (flags.empty()) out_ += "<p>No intersection gap was flagged.</p>\n";
        else flagged_table(flags, "Flagged intersection gaps", true);

        open_scroll("Cells of each intersection");
        out_ += "<table class=\"gf-table\"><caption>Cells of each intersection (question \u00D7 group)</caption>\n<thead><tr>"
                "<th scope=\"col\">Intersection</th><th scope=\"col\" class=\"num\">Cells</th><th scope=\"col\" class=\"num\">Shown</th>"
                "<th scope=\"col\" class=\"num\">Hidden</th><th scope=\"col\" class=\"num\">Flagged</th></tr></thead>\n<tbody>\n";
        for (const auto& p : pairs) {
            const Tally& t = tally[p];
            out_ += "<tr><th scope=\"row\">" + escape(pair_label(p)) + "</th><td class=\"num\">" + std::to_string(t.cells) +
                    "</td><td class=\"num\">" + std::to_string(t.cells - t.hidden) + "</td><td class=\"num\">" + std::to_string(t.hidden) +
                    "</td><td class=\"num\">" + std::to_string(t.flagged) + "</td></tr>\n";
        }
        out_ += "</tbody></table>\n";
        close_scroll();
        for (const auto& [q, c] : charts::FindingsCharts::flagged_pairs(f_.intersections))
            bar_chart(f_.intersections, q, c, "cross-" + slug(q + " " + c));
        out_ += "</section>\n";
    }

    void methodology() {
        const AnalysisSettings& s = f_.settings;
        out_ += "<section aria-labelledby=\"methodology\">\n<h2 id=\"methodology\">Methodology and settings</h2>\n";
        out_ += "<h3 id=\"settings\">Settings used</h3>\n";
        auto join = [](const std::vector<std::string>& items, const std::string& none) {
            std::string out;
            for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
            return out.empty() ? none : out;
        };
        const std::pair<std::string, std::string> rows[] = {
            {"Survey", f_.survey_title + " (" + f_.survey_id + ")"},
            {"Wave", f_.wave},
            {"Respondents in the wave", count(static_cast<double>(f_.respondents))},
            {"Filtered to", s.filters.empty() ? std::string("every respondent")
                                              : describe_filters(s.filters) + " (" +
                                                    count(static_cast<double>(f_.respondents_analysed)) + " analysed)"},
            {"Characteristics", join(s.by, "every characteristic and dimension of the survey")},
            {"Questions", join(s.questions, "every question")},
            {"Category level", level_name(s.level)},
            {"Compared with", comparison_name(s.compare) + " (" + comparison_ + ")"},
            {"Multiple-comparison correction", std::string(stats::correction_name(s.correction))},
            {"Significance level (adjusted p under)", charts::fixed(s.alpha, 3)},
            {"Smallest gap flagged", charts::fixed(s.gap_pp, 1) + " points"},
            {"Smallest base flagged", count(s.min_base)},
            {"Groups suppressed below", count(s.suppress_below)},
            {"Counts rounded to", s.round_counts_to ? std::to_string(s.round_counts_to) : std::string("exact")},
            {"Confidence level", charts::fixed(100 * s.confidence, 0) + "%"},
            {"Fisher's test when an expected count is under", charts::fixed(s.min_expected, 0)},
            {"Intersections", yes_no(s.intersections)},
            {"Weighted", yes_no(s.weighted)},
            {"Trend", f_.trend.empty() ? std::string("none") : "wave " + f_.trend.front().from_wave + " to wave " + f_.trend.back().to_wave},
            {"Made by", o_.generator},
        };
        out_ += "<table class=\"gf-table\"><caption>Settings of this analysis</caption>\n<thead><tr><th scope=\"col\">Setting</th>"
                "<th scope=\"col\">Value</th></tr></thead>\n<tbody>\n";
        for (const auto& [k, v] : rows) out_ += "<tr><th scope=\"row\">" + escape(k) + "</th><td>" + escape(v) + "</td></tr>\n";
        out_ += "</tbody></table>\n";
        // The ids the JSON, CSV and command line use for each question.
        out_ += "<table class=\"gf-table\"><caption>Question ids (as in the JSON and CSV)</caption>\n<thead><tr>"
                "<th scope=\"col\">Number</th><th scope=\"col\">Id</th></tr></thead>\n<tbody>\n";
        for (size_t i = 0; i < f_.questions.size(); ++i)
            out_ += "<tr><th scope=\"row\">" + columns_[i].short_label + "</th><td><code>" + escape(f_.questions[i].id) +
                    "</code></td></tr>\n";
        out_ += "</tbody></table>\n";
        // How each coded comment question's comments were coded (docs/comments.md).
        if (!f_.comment_coding.empty()) {
            out_ += "<table class=\"gf-table\"><caption>How the comments were coded into themes</caption>\n<thead><tr>"
                    "<th scope=\"col\">Comment question</th><th scope=\"col\">Comments</th><th scope=\"col\">By hand</th>"
                    "<th scope=\"col\">By the codebook\u2019s rules</th><th scope=\"col\">By the model</th>"
                    "<th scope=\"col\">No theme</th></tr></thead>\n<tbody>\n";
            for (const auto& c : f_.comment_coding) {
                const std::string model = count(static_cast<double>(c.model)) +
                                          (c.model_applied ? " (suggestions at p \u2265 " + charts::fixed(c.model_threshold, 2) + ")"
                                                           : std::string(" (not applied)"));
                out_ += "<tr><th scope=\"row\"><code>" + escape(c.comment_id) + "</code></th><td>" +
                        count(static_cast<double>(c.commented)) + "</td><td>" + count(static_cast<double>(c.hand)) + "</td><td>" +
                        count(static_cast<double>(c.rules)) + "</td><td>" + escape(model) + "</td><td>" +
                        count(static_cast<double>(c.none)) + "</td></tr>\n";
            }
            out_ += "</tbody></table>\n<p>A comment coded by hand keeps its hand codes; otherwise the codebook\u2019s rules "
                    "code it, and the model\u2019s suggestions only where the analyst chose a threshold and the rules found "
                    "no theme.</p>\n";
        }
        if (s.weighted) {
            out_ += "<p>" + escape(weighting_in_words(f_.weighting)) +
                    " Rates are weighted; bases are unweighted counts, with the effective base (the sample size a simple "
                    "random sample would need for the same precision) beside them.</p>\n";
        }
        out_ += "<h3 id=\"method\">Method</h3>\n<ul>\n";
        if (s.weighted)
            out_ += "<li>A group's <strong>rate</strong> is the weighted share of positive answers among its substantive answers "
                    "(blank and non-substantive answers such as \u201cDon\u2019t know\u201d are left out), with a design-based "
                    "interval on the logit scale.</li>\n"
                    "<li>Each group is <strong>tested</strong> against its comparison with a design-based t-test of the difference "
                    "(Taylor-linearised standard error, the design\u2019s degrees of freedom), as R\u2019s survey package does. "
                    "p-values are adjusted across the whole analysis (intersections and trend are their own families).</li>\n";
        else
            out_ += "<li>A group's <strong>rate</strong> is its positive answers over its substantive answers (blank and "
                    "non-substantive answers such as \u201cDon\u2019t know\u201d are left out), with a Wilson score interval.</li>\n"
                    "<li>Each group is <strong>tested</strong> against its comparison with a pooled two-proportion z-test, or "
                    "Fisher\u2019s exact test when an expected count is small. p-values are adjusted across the whole analysis "
                    "(intersections and trend are their own families).</li>\n";
        out_ +=
                "<li>A gap is <strong>flagged</strong> when the adjusted p, the size of the gap and both bases all pass the "
                "settings above. Groups with a base under the minimum are shown with a low-base caution and never flagged.</li>\n"
                "<li><strong>Suppression</strong>: a group with fewer valid answers than the threshold is hidden, and a second "
                "group is hidden where its figure would let the first be worked out. Hidden groups show no count, rate or "
                "gap anywhere in this report.</li>\n"
                "<li><strong>Trend</strong>: the change in each gap between waves is tested with an unpooled normal test for a "
                "difference of differences, treating the waves as independent samples.</li>\n"
                "<li><strong>Intersections</strong> are flagged only beyond what their two groups predict: the likelihood-ratio test "
                "of the interaction term of a logistic model (the cell, the rest of each of its groups, and everyone else), "
                "adjusted across the intersections, each contrast once.</li>\n"
                "<li>Each gap is a crude comparison: it is not adjusted for other characteristics.</li>\n"
                "</ul>\n<p>The method, with sources, is in gapfinder\u2019s <code>docs/method.md</code>; the figures here are those of "
                "<code>gapfinder analyse</code> with the same settings.</p>\n</section>\n";
    }
};

}  // namespace

std::string render_report(const Findings& findings, const ReportOptions& options) {
    return Writer(findings, options).render();
}

ReportOptions options_for(const SurveyDefinition& survey) {
    ReportOptions options;
    for (const auto& g : survey.groupings) options.characteristic_labels[g.id] = g.label;
    options.survey = &survey;
    return options;
}

}  // namespace gapfinder::report
