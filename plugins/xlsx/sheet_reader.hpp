// xlsx plugin: one worksheet's rows, streamed into the host's sink.
//
// The shared SheetRows (common/xlsx/sheet_rows.hpp) turns the sheet's XML into rows of
// text; this handler gives them the meaning the plugin API wants: a heading row, then one
// call per non-blank row with exactly as many cells as there are headings, gaps filled
// with empty cells, each row numbered as Excel numbers it. Rows above the heading row
// are not looked at. A value right of the last heading stops the read with an Error
// naming the cell ("Responses!C12") and its row.
#pragma once

#include <gapfinder/plugin_api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xlsx/sheet_rows.hpp"

namespace gapfinder::xlsx {

class SheetReader : public RowHandler {
public:
    // header_row: the heading row's number, or 0 for the first row holding a value.
    SheetReader(const Workbook& workbook, const std::string& sheet_name, uint64_t header_row, const gf_sink& sink);

    // The SAX handler to parse the sheet's part with.
    SheetRows& parser() { return rows_; }
    // Call after the parse: reports a sheet whose heading row never came.
    void finish() const;
    uint64_t data_rows() const { return data_rows_; }
    uint64_t heading_row() const { return heading_row_; }

    bool wants_row(uint64_t row) override;
    void row(uint64_t row, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) override;
    std::string heading(uint32_t column) const override;

private:
    [[noreturn]] void fail_heading_row_missing() const;

    SheetRows rows_;
    const std::string sheet_name_;
    const uint64_t header_row_;
    const gf_sink& sink_;

    bool have_headings_ = false;
    uint64_t heading_row_ = 0;
    std::vector<std::string> headings_;
    std::vector<gf_str> views_;
    uint64_t data_rows_ = 0;
};

}  // namespace gapfinder::xlsx
