// Shared xlsx reading: one worksheet's XML, streamed row by row as text cells.
//
// A sheet lists only the cells that hold something, each with its reference ("C12"),
// type (t) and format (s); rows with nothing in them are usually absent. SheetRows turns
// each <row> into the text of its cells, numbered as Excel numbers them, and hands it to
// a RowHandler, which decides what the rows mean (one heading row for the xlsx plugin,
// two header rows for online-survey-export).
//
// Cell values become text as Excel would show them (cell_text.hpp): shared and inline
// strings, formula results, TRUE/FALSE, numbers in their shortest exact form, and
// ISO 8601 for numbers whose format is a date. An Excel error value, a formula without a
// saved result or a broken shared-string index stops the read with an Error naming the
// cell ("Responses!C12") and its row.
#pragma once

#include <Poco/SAX/DefaultHandler.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workbook.hpp"

namespace gapfinder::xlsx {

class RowHandler {
public:
    virtual ~RowHandler() = default;
    // Called as each <row> starts: false skips the row unread (rows above a heading row,
    // whose cells are then never converted, so an error value in a title is no error).
    virtual bool wants_row(uint64_t row) {
        (void)row;
        return true;
    }
    // Called as each wanted row ends. cells[c] is column c's text (empty when blank; the
    // vector may be shorter than the sheet is wide, and the handler may grow it); filled
    // lists the non-empty columns in sheet order (empty for a blank row).
    virtual void row(uint64_t row, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) = 0;
    // A column's heading, added to messages about its cells; empty when none.
    virtual std::string heading(uint32_t column) const {
        (void)column;
        return {};
    }
};

class SheetRows : public Poco::XML::DefaultHandler {
public:
    SheetRows(const Workbook& workbook, const std::string& sheet_name, RowHandler& handler);

    const std::string& sheet_name() const { return sheet_name_; }
    // The row being read.
    uint64_t current_row() const { return row_; }
    // "Responses!C12" for a column of the current row.
    std::string cell_name(uint32_t column) const;
    // Throws an Error naming the cell of the current row: the message, the cell's heading
    // (from the handler) if it has one, then the advice.
    [[noreturn]] void fail(uint32_t column, const std::string& message, const std::string& advice = "") const;

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

    const Workbook& workbook_;
    const SharedStrings& strings_;
    const std::string sheet_name_;
    const std::string sheet_ref_;  // the name as a cell reference writes it
    RowHandler& handler_;

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
};

// Spaces, tabs and line breaks off both ends.
std::string_view trim(std::string_view s);
// A cell's text for a message: quoted, and cut short if long.
std::string quote(std::string_view text);

}  // namespace gapfinder::xlsx
