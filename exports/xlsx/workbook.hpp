// What every workbook gapfinder writes shares (libxlsxwriter): the workbook's lifetime,
// cell formats, text cells behind the formula guard, row heights for wrapped text and
// the print set-up. The action plan (action_plan/plan_xlsx.cpp), the coding workbooks
// (coding/) and the EqIA evidence (eqia/eqia_xlsx.cpp) all write through these, so that no sheet forgets the guard.
#pragma once

#include <xlsxwriter.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapfinder::xlsx {

// Owns an lxw_workbook: close() writes it and reports failure; the destructor only frees
// a workbook whose writing failed half-way.
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

// A format: bold, wrapped, fill and font colours (0: default), centred, thin borders;
// always aligned to the top of the cell.
lxw_format* format(lxw_workbook* wb, bool bold, bool wrap, uint32_t fill = 0, uint32_t font = 0, bool centre = false,
                   bool border = true);
lxw_format* with_num_format(lxw_format* f, const char* code);

// The number formats gapfinder's workbooks share.
inline constexpr const char* kPercent = "0.0%";                     // a rate 0..1: 62.0%
inline constexpr const char* kPoints = "+0.0;-0.0;0.0";             // a gap in points: -13.8
inline constexpr const char* kTarget = "0.0";                       // a target in points: 5.0
inline constexpr const char* kCount = "#,##0";                      // a base: 1,753
inline constexpr const char* kPValue = "[<0.001]\"<0.001\";0.000";  // an adjusted p: <0.001, 0.073

// Every string cell goes through these two, so that no survey label, title, comment or
// setting can start a formula when the workbook is opened (util/spreadsheet_text.hpp);
// numbers are written with worksheet_write_number and left as they are. Readers take the
// guard off again (from_spreadsheet_text).
void write_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* f);
void merge_text(lxw_worksheet* ws, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col,
                std::string_view text, lxw_format* f);

// The height, in points, a row needs to show each (text, column width) whole when wrapped.
double wrapped_height(const std::vector<std::pair<std::string_view, double>>& cells);

// Header or footer text in Excel's little language ("&" escaped), at most max_bytes.
std::string header_text(std::string_view text, size_t max_bytes);

// Landscape A4, one page wide, the heading rows on every page, `title` at the top and
// "Page N of M" at the bottom of each page.
void print_setup(lxw_worksheet* ws, const std::string& title, lxw_row_t first_heading_row, lxw_row_t last_heading_row);

// A sheet of "key" and "value" columns (headings on row 1) that a reader finds its
// settings in, and a sheet of explanatory text, one paragraph a row.
lxw_worksheet* key_value_sheet(lxw_workbook* wb, const char* name, const std::vector<std::pair<std::string, std::string>>& items);
void text_sheet(lxw_workbook* wb, const char* name, const std::vector<std::string>& lines);

}  // namespace gapfinder::xlsx
