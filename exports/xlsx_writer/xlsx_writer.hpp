// Helpers every workbook gapfinder writes shares (libxlsxwriter): the workbook's
// lifetime, cell formats, guarded text cells, row heights for wrapped text and the
// printed page. Used by the action plan (action_plan/plan_xlsx.cpp) and the EqIA
// evidence (eqia/eqia_xlsx.cpp).
#pragma once

#include <xlsxwriter.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapfinder::xlsx_writer {

// A workbook being written to path; close() writes it and throws InputError when that
// fails. Destroyed unclosed (after an error), it is closed without a check.
class Workbook {
public:
    explicit Workbook(const std::string& path);
    ~Workbook();
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    lxw_workbook* get() { return wb_; }
    void close();

private:
    std::string path_;
    lxw_workbook* wb_;
};

// A cell format: top-aligned, thin borders unless border is false.
lxw_format* format(lxw_workbook* wb, bool bold, bool wrap, uint32_t fill = 0, uint32_t font = 0, bool centre = false,
                   bool border = true);
lxw_format* with_num_format(lxw_format* f, const char* code);

// The number formats gapfinder's workbooks share.
inline constexpr const char* kPercent = "0.0%";                     // a rate 0..1: 62.0%
inline constexpr const char* kPoints = "+0.0;-0.0;0.0";             // a gap in points: -13.8
inline constexpr const char* kTarget = "0.0";                       // a target in points: 5.0
inline constexpr const char* kCount = "#,##0";                      // a base: 1,753
inline constexpr const char* kPValue = "[<0.001]\"<0.001\";0.000";  // an adjusted p: <0.001, 0.073

// Text for Excel's header and footer language: "&" doubled, at most max_bytes.
std::string header_text(std::string_view text, size_t max_bytes);

// Landscape A4, one page wide and as many tall as it takes, the heading rows on every
// page, the title at the top and "Page N of M" at the bottom of each page.
void print_setup(lxw_worksheet* ws, const std::string& title, lxw_row_t first_heading_row, lxw_row_t last_heading_row);

// Every string cell goes through these two, so that no survey label, title or comment
// can start a formula when the workbook is opened (util/spreadsheet_text.hpp).
void write_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* f);
void merge_text(lxw_worksheet* ws, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col,
                std::string_view text, lxw_format* f);

// The height, in points, a row needs to show each (text, column width) cell wrapped
// whole: LibreOffice, unlike Excel, does not grow rows when it opens a workbook.
double wrapped_height(const std::vector<std::pair<std::string_view, double>>& cells);

}  // namespace gapfinder::xlsx_writer
