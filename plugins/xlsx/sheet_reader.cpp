// xlsx plugin: a worksheet's heading row and data rows into the sink (see sheet_reader.hpp).
#include "sheet_reader.hpp"

#include <algorithm>

#include "xlsx/errors.hpp"

namespace gapfinder::xlsx {

SheetReader::SheetReader(const Workbook& workbook, const std::string& sheet_name, uint64_t header_row, const gf_sink& sink)
    : rows_(workbook, sheet_name, *this), sheet_name_(sheet_name), header_row_(header_row), sink_(sink) {}

bool SheetReader::wants_row(uint64_t row) {
    if (!have_headings_ && header_row_ != 0) {
        if (row < header_row_) return false;  // above the headings: a title, notes...
        if (row > header_row_) fail_heading_row_missing();
    }
    return true;
}

std::string SheetReader::heading(uint32_t column) const {
    return have_headings_ && column < headings_.size() ? headings_[column] : std::string();
}

void SheetReader::row(uint64_t row, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) {
    if (!have_headings_) {
        if (filled.empty()) {
            if (header_row_ != 0) fail_heading_row_missing();
            return;  // a blank row before the headings
        }
        const size_t count = *std::max_element(filled.begin(), filled.end()) + size_t{1};
        headings_.resize(count);
        views_.resize(count);
        for (size_t i = 0; i < count; ++i) {
            headings_[i] = std::string(trim(cells[i]));
            views_[i] = {headings_[i].data(), headings_[i].size()};
        }
        have_headings_ = true;
        heading_row_ = row;
        if (cells.size() < count) cells.resize(count);
        if (sink_.begin(sink_.ctx, heading_row_, views_.data(), views_.size()) != 0) throw Cancelled{};
        return;
    }
    if (filled.empty()) return;  // a blank row: nothing, or formatted cells with no values
    const uint32_t last = *std::max_element(filled.begin(), filled.end());
    if (last >= headings_.size()) {
        uint32_t first_beyond = last;
        for (uint32_t c : filled)
            if (c >= headings_.size()) first_beyond = std::min(first_beyond, c);
        rows_.fail(first_beyond,
                   "the cell holds " + quote(cells[first_beyond]) + ", right of the last heading (row " +
                       std::to_string(heading_row_) + " has " + std::to_string(headings_.size()) + " heading" +
                       (headings_.size() == 1 ? "" : "s") + ", A to " +
                       column_letters(static_cast<uint32_t>(headings_.size() - 1)) + ")",
                   header_row_ == 0 ? "if the headings are further down, say which row they are on with --option header_row=ROW" : "");
    }
    for (size_t i = 0; i < headings_.size(); ++i) views_[i] = {cells[i].data(), cells[i].size()};
    if (sink_.row(sink_.ctx, row, views_.data(), views_.size()) != 0) throw Cancelled{};
    ++data_rows_;
}

void SheetReader::finish() const {
    if (have_headings_) return;
    if (header_row_ != 0) fail_heading_row_missing();
    throw input_error("sheet \"" + sheet_name_ + "\" is empty: it has no heading row");
}

void SheetReader::fail_heading_row_missing() const {
    throw Error(GF_ERR_INPUT, header_row_, "",
                "is empty on sheet \"" + sheet_name_ + "\", so it cannot be the heading row (option header_row=" +
                    std::to_string(header_row_) + ")");
}

}  // namespace gapfinder::xlsx
