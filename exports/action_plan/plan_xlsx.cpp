// The action plan as an Excel workbook, through libxlsxwriter:
//   "Action plan": a title, the layout's headings (frozen, styled, wrapped) under an
//     "Action relates to" band over the X matrix, a title row per section, then the
//     machine-readable baseline columns that gapfinder track reads back;
//   "Findings": the wave's breakdown, one row per group (suppressed groups without figures);
//   "Settings": the survey, waves and analysis settings, and where the headings are.
#include <xlsxwriter.h>

#include <cmath>
#include <string_view>

#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "util/errors.hpp"
#include "util/spreadsheet_text.hpp"
#include "util/text_table.hpp"

namespace gapfinder::plan {

namespace {

constexpr lxw_row_t kHeadingRow = 3;  // 0-based: row 4 as Excel shows it
constexpr const char* kPlanSheet = "Action plan";

class Workbook {
public:
    explicit Workbook(const std::string& path) : path_(path), wb_(workbook_new(path.c_str())) {
        if (!wb_) throw InputError(path + ": cannot create the workbook there");
    }
    ~Workbook() {
        if (wb_) workbook_close(wb_);  // only after a failure: close() below clears wb_
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    lxw_workbook* get() { return wb_; }
    void close() {
        const lxw_error e = workbook_close(wb_);
        wb_ = nullptr;
        if (e != LXW_NO_ERROR) throw InputError(path_ + ": cannot write the workbook: " + lxw_strerror(e));
    }

private:
    std::string path_;
    lxw_workbook* wb_;
};

lxw_format* format(lxw_workbook* wb, bool bold, bool wrap, uint32_t fill = 0, uint32_t font = 0, bool centre = false, bool border = true) {
    lxw_format* f = workbook_add_format(wb);
    if (bold) format_set_bold(f);
    if (wrap) format_set_text_wrap(f);
    if (fill) format_set_bg_color(f, fill);
    if (font) format_set_font_color(f, font);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (centre) format_set_align(f, LXW_ALIGN_CENTER);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    return f;
}

// Every string cell goes through these two, so that no survey label, title or setting
// can start a formula when the workbook is opened (util/spreadsheet_text.hpp); numbers
// are written with worksheet_write_number and left as they are. The plan reader takes
// the guard off again (from_spreadsheet_text).
void write_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* f) {
    worksheet_write_string(ws, row, col, spreadsheet_text(text).c_str(), f);
}

void merge_text(lxw_worksheet* ws, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col,
                std::string_view text, lxw_format* f) {
    worksheet_merge_range(ws, first_row, first_col, last_row, last_col, spreadsheet_text(text).c_str(), f);
}

void plan_sheet(lxw_workbook* wb, const ActionPlan& p, const TableView& v) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, kPlanSheet);
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* note = format(wb, false, true, 0, 0, false, false);
    lxw_format* heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* band = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE, true);
    lxw_format* machine_heading = format(wb, true, true, 0xD9D9D9);
    lxw_format* machine_band = format(wb, true, true, 0xD9D9D9, 0, true);
    lxw_format* section = format(wb, true, true, 0xDBE7F3);
    lxw_format* text = format(wb, false, true);
    lxw_format* mark = format(wb, true, false, 0, 0, true);
    lxw_format* machine = format(wb, false, false, 0xF2F2F2, 0x505A5F);

    const auto columns = static_cast<lxw_col_t>(v.columns.size());
    lxw_col_t human = 0, first_mark = columns, last_mark = 0;
    for (lxw_col_t c = 0; c < columns; ++c) {
        const Column& col = v.columns[c];
        if (!col.machine()) human = c + 1;
        if (col.kind == ColumnKind::mark) first_mark = std::min(first_mark, c), last_mark = c;
        worksheet_set_column(ws, c, c, col.width, nullptr);
    }
    write_text(ws, 0, 0, plan_title(p), title);
    merge_text(ws, 1, 0, 1, human - 1, plan_subtitle(p), note);
    worksheet_set_row(ws, 1, 32, nullptr);
    if (first_mark < columns) {
        if (last_mark > first_mark) merge_text(ws, 2, first_mark, 2, last_mark, "Action relates to:", band);
        else write_text(ws, 2, first_mark, "Action relates to:", band);
    }
    if (human < columns)
        merge_text(ws, 2, human, 2, columns - 1, "Baseline: read by gapfinder track; do not edit", machine_band);
    for (lxw_col_t c = 0; c < columns; ++c)
        write_text(ws, kHeadingRow, c, v.columns[c].heading, v.columns[c].machine() ? machine_heading : heading);
    worksheet_freeze_panes(ws, kHeadingRow + 1, 0);

    lxw_row_t r = kHeadingRow + 1;
    for (const auto& s : v.sections) {
        if (!s.title.empty()) {
            if (human > 1) merge_text(ws, r, 0, r, human - 1, s.title, section);
            else write_text(ws, r, 0, s.title, section);
            ++r;
        }
        for (size_t i = 0; i < s.rows.size(); ++i, ++r)
            for (lxw_col_t c = 0; c < columns; ++c) {
                const Column& col = v.columns[c];
                const Cell x = cell(p, *s.rows[i], s.refs[i], col);
                lxw_format* f = col.machine() ? machine : col.kind == ColumnKind::mark ? mark : text;
                if (x.is_number) worksheet_write_number(ws, r, c, x.number, f);
                else if (!x.text.empty()) write_text(ws, r, c, x.text, f);
                else worksheet_write_blank(ws, r, c, f);
            }
    }
}

void findings_sheet(lxw_workbook* wb, const ActionPlan& p) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Findings");
    lxw_format* heading = format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* text = format(wb, false, false);
    lxw_format* percent = format(wb, false, false);
    format_set_num_format(percent, "0.0%");
    lxw_format* points = format(wb, false, false);
    format_set_num_format(points, "+0.0;-0.0;0.0");
    lxw_format* count = format(wb, false, false);
    format_set_num_format(count, "#,##0");
    lxw_format* pvalue = format(wb, false, false);
    format_set_num_format(pvalue, "0.000");
    const char* headings[] = {"question", "characteristic", "group", "group_label", "wave", "n", "rate", "rest_rate",
                              "gap_pp", "p_adj", "flagged", "note"};
    const double widths[] = {16, 18, 22, 40, 8, 8, 8, 9, 8, 8, 8, 34};
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
        ++r;
    }
    if (r > 1) worksheet_autofilter(ws, 0, 0, r - 1, 11);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

void settings_sheet(lxw_workbook* wb, const ActionPlan& p) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Settings");
    lxw_format* heading = format(wb, true, false, 0x1D70B8, LXW_COLOR_WHITE);
    worksheet_set_column(ws, 0, 0, 18, nullptr);
    worksheet_set_column(ws, 1, 1, 60, nullptr);
    write_text(ws, 0, 0, "key", heading);
    write_text(ws, 0, 1, "value", heading);
    std::string partners;
    for (const auto& x : p.partners) partners += (partners.empty() ? "" : "; ") + x.id + "=" + x.name;
    const std::pair<const char*, std::string> items[] = {
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
    };
    lxw_row_t r = 1;
    for (const auto& [key, value] : items) {
        write_text(ws, r, 0, key, nullptr);
        if (!value.empty()) write_text(ws, r, 1, value, nullptr);
        ++r;
    }
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
