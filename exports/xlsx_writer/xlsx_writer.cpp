#include "xlsx_writer/xlsx_writer.hpp"

#include <algorithm>
#include <cmath>

#include "util/errors.hpp"
#include "util/spreadsheet_text.hpp"

namespace gapfinder::xlsx_writer {

Workbook::Workbook(const std::string& path) : path_(path), wb_(workbook_new(path.c_str())) {
    if (!wb_) throw InputError(path + ": cannot create the workbook there");
}

Workbook::~Workbook() {
    if (wb_) workbook_close(wb_);  // only after a failure: close() clears wb_
}

void Workbook::close() {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR) throw InputError(path_ + ": cannot write the workbook: " + lxw_strerror(e));
}

lxw_format* format(lxw_workbook* wb, bool bold, bool wrap, uint32_t fill, uint32_t font, bool centre, bool border) {
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

lxw_format* with_num_format(lxw_format* f, const char* code) {
    format_set_num_format(f, code);
    return f;
}

// Header and footer text is Excel's little language: "&" starts a code, "&&" is an
// ampersand, and the whole string may be at most 255 characters.
std::string header_text(std::string_view text, size_t max_bytes) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;  // not a UTF-8 continuation byte
        if (starts_character && out.size() + 4 > max_bytes) {
            out += "...";
            break;
        }
        if (text[i] == '&') out += '&';
        out += text[i];
    }
    return out;
}

void print_setup(lxw_worksheet* ws, const std::string& title, lxw_row_t first_heading_row, lxw_row_t last_heading_row) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, first_heading_row, last_heading_row);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.6);  // inches: left, right, top, bottom
    lxw_header_footer_options edge{};
    edge.margin = 0.3;
    const std::string header = "&C&\"-,Bold\"" + header_text(title, 200);
    worksheet_set_header_opt(ws, header.c_str(), &edge);
    worksheet_set_footer_opt(ws, "&L&A&RPage &P of &N", &edge);  // &A: the sheet's name
}

void write_text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* f) {
    worksheet_write_string(ws, row, col, spreadsheet_text(text).c_str(), f);
}

void merge_text(lxw_worksheet* ws, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col,
                std::string_view text, lxw_format* f) {
    if (first_row == last_row && first_col == last_col) write_text(ws, first_row, first_col, text, f);
    else worksheet_merge_range(ws, first_row, first_col, last_row, last_col, spreadsheet_text(text).c_str(), f);
}

// Estimated from each cell's characters and its column's width (about 1.2 characters of
// 11-point text to a width unit, less a couple for the word that does not fit at the end
// of a line); 15 points a line.
double wrapped_height(const std::vector<std::pair<std::string_view, double>>& cells) {
    size_t lines = 1;
    for (const auto& [text, width] : cells) {
        const double per_line = std::max(4.0, width * 1.2 - 2);
        size_t cell_lines = 0, chars = 0;
        auto end_paragraph = [&] { cell_lines += std::max<size_t>(1, static_cast<size_t>(std::ceil(chars / per_line))); };
        for (const char c : text) {
            if (c == '\n') end_paragraph(), chars = 0;
            else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;  // count UTF-8 characters, not bytes
        }
        end_paragraph();
        lines = std::max(lines, cell_lines);
    }
    return 15.0 * static_cast<double>(lines) + 2;
}

}  // namespace gapfinder::xlsx_writer
