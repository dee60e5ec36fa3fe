// xlsx plugin: one worksheet's XML, streamed into the host's sink row by row.
//
// A sheet lists only the cells that hold something, each with its reference ("C12"),
// type (t) and format (s); rows with nothing in them are usually absent. This handler
// turns that into what the plugin API wants: a heading row, then one call per non-blank
// row with exactly as many cells as there are headings, gaps filled with empty cells,
// each row numbered as Excel numbers it. Rows above the heading row are not looked at.
//
// Cell values become text as Excel would show them (cell_text.hpp): shared and inline
// strings, formula results, TRUE/FALSE, numbers in their shortest exact form, and
// ISO 8601 for numbers whose format is a date. An Excel error value, a formula without a
// saved result, a broken shared-string index or a value right of the last heading stops
// the read with an Error naming the cell ("Responses!C12") and its row.
#pragma once

#include <gapfinder/plugin_api.h>

#include <Poco/SAX/DefaultHandler.h>

#include <cstdint>
#include <string>
#include <vector>

#include "workbook.hpp"

namespace gapfinder::xlsx {

class SheetReader : public Poco::XML::DefaultHandler {
public:
    // header_row: the heading row's number, or 0 for the first row holding a value.
    SheetReader(const Workbook& workbook, const std::string& sheet_name, uint64_t header_row, const gf_sink& sink);

    // Call after the parse: reports a sheet whose heading row never came.
    void finish() const;
    uint64_t data_rows() const { return data_rows_; }
    uint64_t heading_row() const { return heading_row_; }

    void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local, const Poco::XML::XMLString& qname,
                      const Poco::XML::Attributes& attributes) override;
    void endElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                    const Poco::XML::XMLString& qname) override;
    void characters(const Poco::XML::XMLChar ch[], int start, int length) override;

private:
    enum class Type : uint8_t { number, shared_string, inline_string, formula_string, boolean, error, iso_date, unknown };

    void start_row(const Poco::XML::Attributes& attributes);
    void start_cell(const Poco::XML::Attributes& attributes);
    void end_cell();
    void end_row();
    void convert(std::string& out) const;
    void clear_row();

    std::string cell_name(uint32_t column) const;
    // Throws an Error naming the cell: message, the cell's heading if it has one, advice.
    [[noreturn]] void fail(uint32_t column, const std::string& message, const std::string& advice = "") const;
    [[noreturn]] void fail_heading_row_missing() const;

    const Workbook& workbook_;
    const SharedStrings& strings_;
    const std::string sheet_name_;
    const std::string sheet_ref_;  // the name as a cell reference writes it
    const uint64_t header_row_;
    const gf_sink& sink_;

    // Where the parse is.
    bool in_sheet_data_ = false, in_row_ = false, in_cell_ = false, skip_row_ = false;
    uint64_t row_ = 0;
    uint32_t column_ = 0;
    int64_t last_column_ = -1;

    // The cell being read.
    Type type_ = Type::number;
    std::string type_name_;
    uint32_t style_ = 0;
    bool has_value_ = false, has_formula_ = false, has_inline_ = false;
    int in_inline_ = 0, in_phonetic_ = 0;
    std::string* capture_ = nullptr;  // where character data goes: value_, inline_ or nowhere
    std::string value_, inline_;

    // The row being read: cells_[c] is column c's text, non-empty only for columns in filled_.
    std::vector<std::string> cells_;
    std::vector<uint32_t> filled_;

    bool have_headings_ = false;
    uint64_t heading_row_ = 0;
    std::vector<std::string> headings_;
    std::vector<gf_str> views_;
    uint64_t data_rows_ = 0;
};

}  // namespace gapfinder::xlsx
