#include "analysis/findings_text.hpp"

#include "analysis/weighting.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "analysis/filter.hpp"
#include "util/spreadsheet_text.hpp"
#include "util/text_table.hpp"

namespace gapfinder {

namespace {

std::string signed_points(double v) { return std::isnan(v) ? "" : (v > 0 ? "+" : "") + format_fixed(v, 1); }

std::string p_value(double p) {
    if (std::isnan(p)) return "";
    if (p < 0.001) return "<0.001";
    return format_fixed(p, 3);
}

std::string status(const GroupResult& r) {
    if (r.undisclosed) return "not compared";
    if (r.suppressed) return r.suppression == "secondary" ? "suppressed (protects a small group)" : "suppressed (small base)";
    if (r.reference) return "reference";
    if (r.flagged) return r.gap_pp < 0 ? "GAP: lower" : "GAP: higher";
    if (!r.mirror_of.empty()) return "tested as " + r.mirror_of;  // one contrast, one test
    if (r.low_base) return "low base";
    return "";
}

std::string csv_number(double v) {
    if (std::isnan(v) || std::isinf(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

void csv_rows(const std::vector<GroupResult>& rows, const char* kind, bool weighted, std::ostream& out) {
    for (const auto& r : rows) {
        out << kind << ',' << csv_text_field(r.question) << ',' << csv_text_field(r.characteristic) << ','
            << csv_text_field(r.group) << ',' << csv_text_field(r.group_label) << ',' << r.undisclosed << ',' << r.reference
            << ',' << r.suppressed << ',' << csv_text_field(r.suppression) << ',' << r.low_base;
        for (double v : {r.n, r.positives, r.rate, r.ci_low, r.ci_high, r.rest_n, r.rest_positives, r.rest_rate, r.gap_pp})
            out << ',' << csv_number(v);
        out << ',' << csv_text_field(r.test);
        for (double v : {r.p, r.p_adj, r.mean, r.rest_mean, r.welch_p}) out << ',' << csv_number(v);
        if (weighted) out << ',' << csv_number(r.n_eff) << ',' << csv_number(r.design_effect);
        out << ',' << r.flagged << ',' << csv_text_field(r.mirror_of) << "\r\n";
    }
}

}  // namespace

void write_filter_line(const std::vector<Filter>& filters, uint64_t analysed, uint64_t all, const std::string& who,
                       std::ostream& out) {
    if (filters.empty()) return;
    out << "Filtered to " << describe_filters(filters) << ": " << with_commas(analysed) << " of " << with_commas(all) << " "
        << who << " analysed\n";
}

void write_flagged_gaps(const Findings& f, std::ostream& out) {
    size_t flagged = 0;
    for (const auto& r : f.results) flagged += r.flagged;
    out << "Flagged gaps: " << flagged << "\n";
    if (!flagged) return;
    TextTable t({"question", "characteristic", "group", "rate", "compared", "gap (points)", "n", "p adj"});
    for (const auto& r : f.results)
        if (r.flagged)
            t.add({r.question, r.characteristic, r.group_label, format_percent(r.rate), format_percent(r.rest_rate), signed_points(r.gap_pp),
                   format_count(r.n), p_value(r.p_adj)});
    t.print(out, "  ");
}

void write_findings_table(const Findings& f, std::ostream& out) {
    const AnalysisSettings& s = f.settings;
    out << f.survey_title << ", wave " << f.wave << ": " << with_commas(f.respondents) << " respondents\n";
    write_filter_line(f.settings.filters, f.respondents_analysed, f.respondents, "respondents", out);
    if (s.weighted) out << weighting_in_words(f.weighting) << "\n";
    out << "Compared with: " << comparison_name(s.compare) << "; correction " << stats::correction_name(s.correction)
        << "; flagged when adjusted p < " << s.alpha << ", |gap| >= " << s.gap_pp << " points and n >= " << s.min_base
        << "; groups under " << s.suppress_below << " suppressed.\n\n";

    std::map<std::string, const QuestionInfo*> question;
    for (const auto& q : f.questions) question[q.id] = &q;

    write_flagged_gaps(f, out);

    std::string current;
    TextTable* table = nullptr;
    std::vector<std::unique_ptr<TextTable>> tables;
    auto flush = [&] {
        if (table) table->print(out, "  ");
    };
    for (const auto& r : f.results) {
        if (r.question != current) {
            flush();
            current = r.question;
            const QuestionInfo* q = question[r.question];
            out << "\n" << r.question << ": " << (q ? q->text : "") << "\n";
            tables.push_back(std::make_unique<TextTable>(std::vector<std::string>{
                "characteristic", "group", "n", "positive", "95% CI", "compared", "gap", "test", "p adj", "mean", ""}));
            table = tables.back().get();
        }
        table->add({r.characteristic, r.group_label, format_count(r.n), format_percent(r.rate),
                    std::isnan(r.ci_low) ? "" : format_fixed(100 * r.ci_low, 1) + "-" + format_fixed(100 * r.ci_high, 1),
                    format_percent(r.rest_rate), signed_points(r.gap_pp), r.test, p_value(r.p_adj), format_fixed(r.mean, 2), status(r)});
    }
    flush();

    if (!f.representativeness.empty()) {
        out << "\nRepresentativeness of respondents against " << f.representativeness.front().profile << "\n";
        TextTable t({"characteristic", "group", "respondents", "share", "population share", "ratio", ""});
        for (const auto& r : f.representativeness)
            for (const auto& g : r.groups)
                t.add({r.characteristic, g.label, format_count(g.respondents), format_percent(g.respondent_share),
                       format_percent(g.population_share), format_fixed(g.ratio, 2),
                       std::string(g.suppressed ? "suppressed (small group)" : "") +
                           (g.under_represented ? (g.suppressed ? "; " : "") + std::string("UNDER-REPRESENTED") : "") +
                           (g.assessed ? "" : "; not assessed")});
        t.print(out, "  ");
        for (const auto& r : f.representativeness)
            out << "  " << r.characteristic << ": chi-square " << format_fixed(r.statistic, 1) << " on " << format_fixed(r.df, 0)
                << " df, p " << p_value(r.p) << "\n";
    }

    write_trend_table(f, out);

    if (!f.intersections.empty()) {
        size_t cells = 0, flagged_cells = 0;
        for (const auto& r : f.intersections) {
            cells += !r.undisclosed;
            flagged_cells += r.flagged;
        }
        out << "\nIntersections: " << cells << " cells, " << flagged_cells << " flagged gap(s)\n";
        if (flagged_cells) {
            TextTable t({"question", "intersection", "group", "rate", "compared", "gap (points)", "n", "p adj"});
            for (const auto& r : f.intersections)
                if (r.flagged)
                    t.add({r.question, r.characteristic, r.group_label, format_percent(r.rate), format_percent(r.rest_rate),
                           signed_points(r.gap_pp), format_count(r.n), p_value(r.p_adj)});
            t.print(out, "  ");
        }
    }
}

void write_trend_table(const Findings& f, std::ostream& out) {
    if (f.trend.empty()) return;
    size_t narrowed = 0, widened = 0, reversed = 0;
    for (const auto& t : f.trend)
        narrowed += t.status == "narrowed", widened += t.status == "widened", reversed += t.status == "reversed";
    out << "\nTrend " << f.trend.front().from_wave << " to " << f.trend.back().to_wave << ": " << narrowed
        << " gap(s) narrowed, " << widened << " widened, " << reversed << " reversed (change tested against zero, " << stats::correction_name(f.settings.correction)
        << " correction)\n";
    TextTable t({"question", "characteristic", "group", "waves", "gap then", "gap now", "change", "p adj", "in words"});
    for (const auto& r : f.trend)
        t.add({r.question, r.characteristic, r.group_label, r.from_wave + "-" + r.to_wave, signed_points(r.from_gap_pp),
               signed_points(r.to_gap_pp), signed_points(r.change_pp), p_value(r.p_adj),
               r.suppressed ? "suppressed (small base)" : r.in_words});
    t.print(out, "  ");
}

void write_trend_csv(const Findings& f, std::ostream& out) {
    out << "question,characteristic,group,group_label,from_wave,to_wave,suppressed,from_rate,from_rest_rate,from_gap_pp,"
           "to_rate,to_rest_rate,to_gap_pp,change_pp,z,p,p_adj,status\r\n";
    for (const auto& t : f.trend) {
        out << csv_text_field(t.question) << ',' << csv_text_field(t.characteristic) << ',' << csv_text_field(t.group) << ','
            << csv_text_field(t.group_label) << ',' << csv_text_field(t.from_wave) << ',' << csv_text_field(t.to_wave) << ','
            << t.suppressed;
        for (double v : {t.from_rate, t.from_rest_rate, t.from_gap_pp, t.to_rate, t.to_rest_rate, t.to_gap_pp, t.change_pp,
                         t.z, t.p, t.p_adj})
            out << ',' << csv_number(v);
        out << ',' << csv_text_field(t.status) << "\r\n";
    }
}

void write_findings_csv(const Findings& f, std::ostream& out) {
    const bool weighted = f.settings.weighted;
    out << "kind,question,characteristic,group,group_label,undisclosed,reference,suppressed,suppression,low_base,"
           "n,positives,rate,ci_low,ci_high,rest_n,rest_positives,rest_rate,gap_pp,test,p,p_adj,mean,rest_mean,welch_p,"
        << (weighted ? "n_eff,design_effect," : "") << "flagged,mirror_of\r\n";
    csv_rows(f.results, "group", weighted, out);
    csv_rows(f.intersections, "intersection", weighted, out);
}

}  // namespace gapfinder
