// The EqIA as an Excel workbook (libxlsxwriter, through xlsx/): a Summary sheet
// (each characteristic's draft potential impact and why, its confirmed gaps and
// themes), then Support, Themes, Quotes, Representation and Method. A suppressed group's
// row has no figures, only why. Printed landscape A4, one page wide, headings repeated.
#include <cmath>

#include "eqia/eqia.hpp"
#include "util/text_table.hpp"
#include "xlsx/workbook.hpp"

namespace gapfinder::eqia {

namespace {

using namespace xlsx;

struct Sheet {
    lxw_worksheet* ws;
    lxw_format* text;
    std::vector<double> widths;
    lxw_row_t row = 0;
};

Sheet add_sheet(lxw_workbook* wb, const Eqia& e, const char* name, const std::vector<std::pair<std::string, double>>& columns,
                const std::string& intro) {
    Sheet s{workbook_add_worksheet(wb, name), format(wb, false, true), {}, 0};
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* note = format(wb, false, true, 0, 0, false, false);
    lxw_format* heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    write_text(s.ws, 0, 0, eqia_title(e) + ": " + name, title);
    double total = 0;
    for (const auto& c : columns) total += c.second;
    merge_text(s.ws, 1, 0, 1, static_cast<lxw_col_t>(columns.size() - 1), intro, note);
    worksheet_set_row(s.ws, 1, wrapped_height({{intro, total}}), nullptr);
    for (lxw_col_t c = 0; c < columns.size(); ++c) {
        worksheet_set_column(s.ws, c, c, columns[c].second, nullptr);
        write_text(s.ws, 2, c, columns[c].first, heading);
        s.widths.push_back(columns[c].second);
    }
    worksheet_freeze_panes(s.ws, 3, 0);
    print_setup(s.ws, eqia_title(e), 2, 2);
    s.row = 3;
    return s;
}

// A row of cells: text, or a number with a format (NaN: blank).
struct Value {
    Value(std::string t) : text(std::move(t)) {}  // NOLINT: implicit, so that a row reads as a list
    Value(const char* t) : text(t) {}
    Value(double n, lxw_format* format) : number(n), f(format) {}
    std::string text;
    double number = std::nan("");
    lxw_format* f = nullptr;
};

void write_row(Sheet& s, const std::vector<Value>& values) {
    std::vector<std::pair<std::string_view, double>> wrapped;
    for (size_t c = 0; c < values.size(); ++c) {
        const Value& v = values[c];
        const auto col = static_cast<lxw_col_t>(c);
        if (v.f) {
            if (std::isnan(v.number)) worksheet_write_blank(s.ws, s.row, col, v.f);
            else worksheet_write_number(s.ws, s.row, col, v.number, v.f);
        } else {
            write_text(s.ws, s.row, col, v.text, s.text);
            wrapped.emplace_back(v.text, s.widths[c]);
        }
    }
    worksheet_set_row(s.ws, s.row, wrapped_height(wrapped), nullptr);
    ++s.row;
}

std::string impact_words(const CharacteristicSection& s) {
    if (s.status == "not asked") return "Not asked";
    if (s.status == "not analysed") return "Not analysed";
    if (s.impact == Impact::not_assessed) return "Too few responses to say";
    return s.impact == Impact::negative ? "Negative" : s.impact == Impact::positive ? "Positive" : "None found";
}

std::string sentences(const std::vector<Difference>& d) {
    std::string out;
    for (const auto& x : d) out += (out.empty() ? "" : "\n") + x.sentence;
    return out;
}

}  // namespace

void write_eqia_xlsx(const Eqia& e, const std::string& path) {
    Workbook wb(path);
    lxw_doc_properties props{};
    const std::string title = eqia_title(e);
    props.title = const_cast<char*>(title.c_str());
    props.company = const_cast<char*>(e.organisation.c_str());
    props.comments = const_cast<char*>("Draft EqIA evidence drafted by gapfinder; potential impacts are for the officer to confirm");
    workbook_set_properties(wb.get(), &props);
    lxw_workbook* w = wb.get();
    lxw_format* percent = with_num_format(format(w, false, false), kPercent);
    lxw_format* points = with_num_format(format(w, false, false), kPoints);
    lxw_format* count = with_num_format(format(w, false, false), kCount);
    lxw_format* pvalue = with_num_format(format(w, false, false), kPValue);
    lxw_format* ratio = with_num_format(format(w, false, false), "0.00");

    Sheet sum = add_sheet(w, e, "Summary",
                          {{"Characteristic", 24}, {"Potential impact (draft)", 16}, {"Why", 50}, {"Confirmed gaps in support", 50},
                           {"Themes raised more or less (confirmed)", 50}},
                          "Wave " + e.wave + ", " + format_count(e.respondents) + " " + e.people + ". The proposal: \u201C" +
                              e.proposal_text + "\u201D. Each potential impact is a draft for the equality officer to confirm; "
                              "check every quote before publication.");
    for (const auto& s : e.sections) {
        std::vector<Difference> themes = s.themes_more;
        themes.insert(themes.end(), s.themes_less.begin(), s.themes_less.end());
        write_row(sum, {{s.label}, {impact_words(s)},
                        {s.status == "not asked" || s.status == "not analysed" ? s.note : s.impact_reason},
                        {sentences(s.support_gaps)}, {sentences(themes)}});
    }

    Sheet sup = add_sheet(w, e, "Support",
                          {{"Characteristic", 22}, {"Group", 34}, {"Base", 9}, {"Support", 9}, {"95% low", 9}, {"95% high", 9},
                           {"Others' support", 10}, {"Gap (points)", 9}, {"p (adjusted)", 9}, {"Confirmed", 10}, {"Note", 36}},
                          "Support for the proposal (\u201C" + e.outcome + "\u201D) by group. Groups under " +
                              format_count(e.settings.suppress_below) + " people are not shown.");
    for (const auto& s : e.sections)
        for (const auto& g : s.support) {
            if (g.suppressed) {
                const double nan = std::nan("");
                write_row(sup, {{s.label}, {g.label}, {nan, count}, {nan, percent}, {nan, percent}, {nan, percent},
                                {nan, percent}, {nan, points}, {nan, pvalue}, {""}, {"not shown: " + g.suppressed_reason}});
                continue;
            }
            write_row(sup, {{s.label}, {g.label}, {g.n, count}, {g.rate, percent}, {g.ci_low, percent},
                            {g.ci_high, percent}, {g.rest_rate, percent}, {g.gap_pp, points}, {g.p_adj, pvalue},
                            {g.confirmed ? "yes" : ""},
                            {g.low_base ? "too few to confirm (under " + format_count(e.settings.min_base) + ")" : ""}});
        }

    Sheet th = add_sheet(w, e, "Themes",
                         {{"Characteristic", 22}, {"Group", 30}, {"Theme", 24}, {"Raised", 8}, {"Base (commented)", 10},
                          {"Group's rate", 9}, {"Others' rate", 9}, {"Gap (points)", 9}, {"p (adjusted)", 9}, {"Concern?", 10}},
                         "Comment themes a group raises more or less than others, by a confirmed gap only.");
    for (const auto& s : e.sections)
        for (const auto* list : {&s.themes_more, &s.themes_less})
            for (const auto& d : *list)
                write_row(th, {{s.label}, {d.label}, {d.theme}, {d.gap_pp > 0 ? "more" : "less"}, {d.n, count},
                               {d.rate, percent}, {d.rest_rate, percent}, {d.gap_pp, points}, {d.p_adj, pvalue},
                               {d.concern ? "concern" : "reason for"}});

    Sheet qs = add_sheet(w, e, "Quotes", {{"Characteristic", 22}, {"Group", 30}, {"Theme", 24}, {"Quote (redacted)", 80}},
                         e.quotes_included ? "Redacted automatically; check every quote before publication. Only groups of at "
                                             "least " + format_count(e.settings.suppress_below) + " who commented are quoted."
                                           : e.quotes_note);
    for (const auto& s : e.sections)
        for (const auto& q : s.quotes)
            for (const auto& text : q.quotes) write_row(qs, {{s.label}, {q.label}, {q.theme}, {text}});

    Sheet rep = add_sheet(w, e, "Representation",
                          {{"Characteristic", 22}, {"Group", 34}, {"Respondents", 11}, {"Share of respondents", 11},
                           {"Share of population", 11}, {"Ratio", 8}, {"Heard?", 20}},
                          e.representativeness.empty()
                              ? "The consultation names no population profile, so respondents are not compared with the population."
                              : "Respondents against the population (" + e.population_source +
                                    "); under 0.8 of the population share is under-represented: whom the consultation did not hear.");
    for (const auto& r : e.representativeness) {
        std::string label = r.characteristic;
        for (const auto& s : e.sections)
            if (s.id == r.characteristic) label = s.label;
        for (const auto& g : r.groups) {
            const double nan = std::nan("");
            if (g.suppressed)
                write_row(rep, {{label}, {g.label}, {nan, count}, {nan, percent}, {g.population_share, percent},
                                {nan, ratio}, {"not shown: small group"}});
            else
                write_row(rep, {{label}, {g.label}, {g.respondents, count}, {g.respondent_share, percent},
                                {g.population_share, percent}, {g.ratio, ratio},
                                {!g.assessed ? "not assessed" : g.under_represented ? "under-represented" : "yes"}});
        }
    }

    Sheet m = add_sheet(w, e, "Method", {{"How these figures were made", 120}}, "Survey " + e.survey_id + ", wave " + e.wave + ".");
    for (const auto& p : e.method) write_row(m, {{p}});
    for (const auto& t : e.themes) write_row(m, {{t.sentence}});
    wb.close();
}

}  // namespace gapfinder::eqia
