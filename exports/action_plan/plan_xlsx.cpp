// The action plan as an Excel workbook, through libxlsxwriter, laid out for councillors
// to read on screen and approve on paper:
//   "Action plan": a title, the layout's headings (frozen, styled, wrapped, repeated on
//     every printed page) under an "Action relates to" band over the X matrix, a title row
//     per section, a highlighted "To be assigned" in a blank Lead cell; then the
//     machine-readable baseline columns that gapfinder track reads back, on the same rows
//     (so that they stay with their row when people sort, insert or delete rows) but
//     hidden, grouped (an analyst opens them with the outline's "+"), formatted as
//     percentages, points and counts, and outside the print area;
//   "Findings": the wave's breakdown, one row per group (suppressed groups without figures);
//   "Settings": the survey, waves and analysis settings, and where the headings are.
// Every sheet prints landscape on A4, one page wide, with the plan's title in the header
// and "Page N of M" in the footer. Cells hold full-precision values: number formats only
// change what is shown, and track reads values.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"
#include "xlsx/workbook.hpp"

namespace gapfinder::plan {

namespace {

using namespace xlsx;

constexpr lxw_row_t kHeadingRow = 3;  // 0-based: row 4 as Excel shows it
constexpr const char* kPlanSheet = "Action plan";

// The number format of a machine column, by its key; nullptr: as it is.
const char* machine_num_format(const std::string& key) {
    if (key == "baseline_rate" || key == "baseline_rest_rate" || key == "now_rate" || key == "now_rest_rate") return kPercent;
    if (key == "baseline_gap_pp" || key == "now_gap_pp" || key == "change_pp") return kPoints;
    if (key == "target_gap_pp") return kTarget;
    if (key == "baseline_n" || key == "baseline_rest_n" || key == "now_n") return kCount;
    if (key == "p_adj") return kPValue;
    return nullptr;
}

void plan_sheet(lxw_workbook* wb, const ActionPlan& p, const TableView& v) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, kPlanSheet);
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* note = format(wb, false, true, 0, 0, false, false);
    lxw_format* heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* mark_heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE, true);
    format_set_rotation(mark_heading, 90);  // reads bottom to top, so the matrix stays narrow
    format_set_align(mark_heading, LXW_ALIGN_VERTICAL_BOTTOM);
    lxw_format* band = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE, true);
    lxw_format* machine_heading = format(wb, true, true, 0xD9D9D9);
    lxw_format* machine_band = format(wb, true, true, 0xD9D9D9, 0, false);
    lxw_format* section = format(wb, true, true, 0xDBE7F3);
    lxw_format* text = format(wb, false, true);
    lxw_format* placeholder = format(wb, false, true, 0xFFF2CC, 0x9C5700);
    format_set_italic(placeholder);
    lxw_format* mark = format(wb, true, false, 0, 0, true);
    lxw_format* machine = format(wb, false, false, 0xF2F2F2, 0x505A5F);

    // The human columns come first and the machine columns after them (layout.cpp).
    const auto columns = static_cast<lxw_col_t>(v.columns.size());
    lxw_col_t human = 0, first_mark = columns, last_mark = 0;
    for (lxw_col_t c = 0; c < columns; ++c) {
        if (!v.columns[c].machine()) human = c + 1;
        if (v.columns[c].kind == ColumnKind::mark) first_mark = std::min(first_mark, c), last_mark = c;
    }
    std::vector<lxw_format*> machine_formats(columns, machine);
    for (lxw_col_t c = 0; c < columns; ++c) {
        const Column& col = v.columns[c];
        if (!col.machine()) {
            worksheet_set_column(ws, c, c, col.width, nullptr);
            continue;
        }
        // Hidden and grouped at outline level 1: out of sight on screen and on paper,
        // a click on the outline's "+" away for an analyst.
        lxw_row_col_options hidden{};
        hidden.hidden = 1;
        hidden.level = 1;
        worksheet_set_column_opt(ws, c, c, col.width + 2, nullptr, &hidden);
        if (const char* code = machine_num_format(col.key))
            machine_formats[c] = with_num_format(format(wb, false, false, 0xF2F2F2, 0x505A5F), code);
    }
    if (human < columns) {  // the outline's "+" button sits on the column after the group
        lxw_row_col_options collapsed{};
        collapsed.collapsed = 1;
        worksheet_set_column_opt(ws, columns, columns, LXW_DEF_COL_WIDTH, nullptr, &collapsed);
    }

    write_text(ws, 0, 0, plan_title(p), title);
    merge_text(ws, 1, 0, 1, human - 1, plan_subtitle(p), note);
    double human_width = 0;
    for (lxw_col_t c = 0; c < human; ++c) human_width += v.columns[c].width;
    worksheet_set_row(ws, 1, wrapped_height({{plan_subtitle(p), human_width}}), nullptr);
    if (first_mark < columns) merge_text(ws, 2, first_mark, 2, last_mark, "Action relates to:", band);
    if (human < columns) merge_text(ws, 2, human, 2, columns - 1, "Baseline: read by gapfinder track; do not edit", machine_band);
    for (lxw_col_t c = 0; c < columns; ++c) {
        const Column& col = v.columns[c];
        write_text(ws, kHeadingRow, c, col.heading,
                   col.machine() ? machine_heading : col.kind == ColumnKind::mark ? mark_heading : heading);
    }
    if (first_mark < columns) worksheet_set_row(ws, kHeadingRow, 96, nullptr);  // room for the matrix's upright headings
    worksheet_freeze_panes(ws, kHeadingRow + 1, 0);

    lxw_row_t r = kHeadingRow + 1;
    for (const auto& s : v.sections) {
        if (!s.title.empty()) {
            merge_text(ws, r, 0, r, human - 1, s.title, section);
            ++r;
        }
        for (size_t i = 0; i < s.rows.size(); ++i, ++r) {
            std::vector<Cell> cells;
            std::vector<std::pair<std::string_view, double>> wrapped;
            for (lxw_col_t c = 0; c < columns; ++c) cells.push_back(cell(p, *s.rows[i], s.refs[i], v.columns[c]));
            for (lxw_col_t c = 0; c < human; ++c)
                if (v.columns[c].kind == ColumnKind::text) wrapped.emplace_back(cells[c].text, v.columns[c].width);
            worksheet_set_row(ws, r, wrapped_height(wrapped), nullptr);
            for (lxw_col_t c = 0; c < columns; ++c) {
                const Column& col = v.columns[c];
                const Cell& x = cells[c];
                lxw_format* f = col.machine() ? machine_formats[c] : col.kind == ColumnKind::mark ? mark : text;
                if (x.is_number) worksheet_write_number(ws, r, c, x.number, f);
                else if (!x.text.empty()) write_text(ws, r, c, x.text, f);
                else if (col.key == "lead") write_text(ws, r, c, kLeadPlaceholder, placeholder);
                else worksheet_write_blank(ws, r, c, f);
            }
        }
    }
    // What prints: the title, the headings and the plan's own columns, never the baseline.
    worksheet_print_area(ws, 0, 0, std::max<lxw_row_t>(r, kHeadingRow + 1) - 1, human - 1);
    print_setup(ws, plan_title(p), 2, kHeadingRow);
}

void findings_sheet(lxw_workbook* wb, const ActionPlan& p) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Findings");
    lxw_format* heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* text = format(wb, false, true);
    lxw_format* percent = with_num_format(format(wb, false, false), kPercent);
    lxw_format* points = with_num_format(format(wb, false, false), kPoints);
    lxw_format* count = with_num_format(format(wb, false, false), kCount);
    lxw_format* pvalue = with_num_format(format(wb, false, false), kPValue);
    const char* headings[] = {"question", "characteristic", "group", "group_label", "wave", "n", "rate", "rest_rate",
                              "gap_pp", "p_adj", "flagged", "note"};
    const double widths[] = {16, 26, 26, 40, 8, 8, 8, 9, 8, 8, 8, 32};
    for (lxw_col_t c = 0; c < 12; ++c) {
        worksheet_set_column(ws, c, c, widths[c], nullptr);
        write_text(ws, 0, c, headings[c], heading);
    }
    worksheet_freeze_panes(ws, 1, 0);
    lxw_row_t r = 1;
    for (const auto& g : p.findings) {
        write_text(ws, r, 0, g.question, text);
        write_text(ws, r, 1, g.characteristic, text);
        write_text(ws, r, 2, g.group, text);
        write_text(ws, r, 3, g.group_label, text);
        write_text(ws, r, 4, p.findings_wave, text);
        auto number = [&](lxw_col_t c, double v, lxw_format* f) {
            if (std::isnan(v)) worksheet_write_blank(ws, r, c, f);
            else worksheet_write_number(ws, r, c, v, f);
        };
        number(5, g.n, count);
        number(6, g.rate, percent);
        number(7, g.rest_rate, percent);
        number(8, g.gap_pp, points);
        number(9, g.p_adj, pvalue);
        write_text(ws, r, 10, g.flagged ? "yes" : "", text);
        const std::string note = g.undisclosed    ? "not disclosed: not compared"
                                 : g.suppressed   ? (g.suppression == "secondary" ? "suppressed (protects a small group)" : "suppressed (small base)")
                                 : g.reference    ? "reference"
                                 : g.low_base     ? "low base"
                                 : g.flagged      ? (g.gap_pp < 0 ? "GAP: lower" : "GAP: higher")
                                                  : "";
        write_text(ws, r, 11, note, text);
        worksheet_set_row(ws, r,
                          wrapped_height({{g.question, widths[0]}, {g.characteristic, widths[1]}, {g.group, widths[2]},
                                          {g.group_label, widths[3]}, {note, widths[11]}}),
                          nullptr);
        ++r;
    }
    if (r > 1) worksheet_autofilter(ws, 0, 0, r - 1, 11);
    print_setup(ws, plan_title(p), 0, 0);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

void settings_sheet(lxw_workbook* wb, const ActionPlan& p) {
    std::string partners;
    for (const auto& x : p.partners) partners += (partners.empty() ? "" : "; ") + x.id + "=" + x.name;
    lxw_worksheet* ws = xlsx::key_value_sheet(wb, "Settings", {
        {"schema", "gapfinder-action-plan/1"},
        {"plan_sheet", kPlanSheet},
        {"header_row", std::to_string(kHeadingRow + 1)},
        {"survey", p.survey_id},
        {"survey_title", p.survey_title},
        {"survey_kind", p.survey_kind},
        {"organisation", p.organisation},
        {"wave", p.wave},
        {"next_wave", p.next_wave},
        {"next_wave_date", p.next_wave_date},
        {"tracked_wave", p.tracked_wave},
        {"layout", p.layout},
        {"level", p.settings.level},
        {"correction", p.settings.correction},
        {"alpha", number_text(p.settings.alpha)},
        {"gap_pp", number_text(p.settings.gap_pp)},
        {"min_base", number_text(p.settings.min_base)},
        {"suppress_below", number_text(p.settings.suppress_below)},
        {"by", join(p.settings.by)},
        {"questions", join(p.settings.questions)},
        {"intersections", p.settings.intersections ? "yes" : "no"},
        {"partners", partners},
    });
    print_setup(ws, plan_title(p), 0, 0);
}

}  // namespace

void write_plan_xlsx(const ActionPlan& p, const std::string& path) {
    Workbook wb(path);
    lxw_doc_properties props{};
    const std::string title = plan_title(p);
    props.title = const_cast<char*>(title.c_str());
    props.company = const_cast<char*>(p.organisation.c_str());
    props.comments = const_cast<char*>("Drafted by gapfinder from the survey's flagged equality gaps");
    workbook_set_properties(wb.get(), &props);
    const TableView v = table_view(p, true);
    plan_sheet(wb.get(), p, v);
    findings_sheet(wb.get(), p);
    settings_sheet(wb.get(), p);
    wb.close();
}

}  // namespace gapfinder::plan
