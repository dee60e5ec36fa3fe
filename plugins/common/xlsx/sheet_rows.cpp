// Shared xlsx reading: streaming a worksheet row by row (see sheet_rows.hpp).
#include "sheet_rows.hpp"

#include <algorithm>

#include "errors.hpp"
#include "sax_util.hpp"
#include "text/value_text.hpp"

namespace gapfinder::xlsx {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

std::string quote(std::string_view text) {
    if (text.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
        return "\"" + std::string(text.substr(0, cut)) + "...\"";
    }
    return "\"" + std::string(text) + "\"";
}

SheetRows::SheetRows(const Workbook& workbook, const std::string& sheet_name, RowHandler& handler)
    : workbook_(workbook),
      strings_(workbook.shared_strings()),
      sheet_name_(sheet_name),
      sheet_ref_(quoted_sheet_name(sheet_name)),
      handler_(handler) {}

void SheetRows::startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local,
                               const Poco::XML::XMLString&, const Poco::XML::Attributes& attributes) {
    if (!is_spreadsheet_ns(uri)) return;
    if (!in_sheet_data_) {
        in_sheet_data_ = local == "sheetData";
        return;
    }
    if (!in_row_) {
        if (local == "row") {
            in_row_ = true;
            start_row(attributes);
        }
        return;
    }
    if (!in_cell_) {
        if (local == "c") {
            in_cell_ = true;
            start_cell(attributes);
        }
        return;
    }
    if (local == "v") {
        has_value_ = true;
        capture_ = &value_;
    } else if (local == "f") {
        has_formula_ = true;
    } else if (local == "is") {
        has_inline_ = true;
        ++in_inline_;
    } else if (local == "rPh") {
        ++in_phonetic_;
    } else if (local == "t" && in_inline_ > 0 && in_phonetic_ == 0) {
        capture_ = &inline_;
    }
}

void SheetRows::endElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local, const Poco::XML::XMLString&) {
    if (!in_sheet_data_ || !is_spreadsheet_ns(uri)) return;
    if (in_cell_) {
        if (local == "c") {
            in_cell_ = false;
            end_cell();
        } else if (local == "v" || local == "t") {
            capture_ = nullptr;
        } else if (local == "is") {
            --in_inline_;
        } else if (local == "rPh") {
            --in_phonetic_;
        }
    } else if (in_row_) {
        if (local == "row") {
            in_row_ = false;
            end_row();
        }
    } else if (local == "sheetData") {
        in_sheet_data_ = false;
    }
}

void SheetRows::characters(const Poco::XML::XMLChar ch[], int start, int length) {
    if (!capture_) return;
    capture_->append(ch + start, static_cast<size_t>(length));
    if (capture_->size() > kMaxTextBytes)
        fail(column_, "the cell holds more than " + std::to_string(kMaxTextBytes >> 20) +
                          " MiB of text, far beyond Excel's limit of 32,767 characters", "the file is damaged");
}

void SheetRows::start_row(const Poco::XML::Attributes& attributes) {
    uint64_t number = row_ + 1;  // a row without r follows the previous one
    if (const std::string* r = attribute(attributes, "r"); r && (!parse_unsigned(*r, number) || number == 0))
        throw Error(GF_ERR_INPUT, row_ + 1, "",
                    "sheet \"" + sheet_name_ + "\" has a row numbered " + quote(*r) + ", which is not a row number; the file is damaged");
    // Excel writes rows in ascending order (ECMA-376 Part 1, 18.3.1.73); a row numbered at
    // or before the one read last would reach the host out of order, or twice.
    if (row_ != 0 && number <= row_)
        throw Error(GF_ERR_INPUT, number, "",
                    "sheet \"" + sheet_name_ + "\" has " +
                        (number == row_ ? "two rows numbered " + std::to_string(number)
                                        : "row " + std::to_string(number) + " after row " + std::to_string(row_)) +
                        ", but a sheet's rows are stored once each, in order; the file is damaged");
    row_ = number;
    last_column_ = -1;
    skip_row_ = !handler_.wants_row(row_);
}

void SheetRows::start_cell(const Poco::XML::Attributes& attributes) {
    uint32_t column = static_cast<uint32_t>(last_column_ + 1);  // a cell without r follows the previous one
    if (const std::string* r = attribute(attributes, "r")) {
        uint64_t ignored_row = 0;
        if (!parse_cell_ref(*r, column, ignored_row))
            throw Error(GF_ERR_INPUT, row_, "", "sheet \"" + sheet_name_ + "\" has a cell with the reference " + quote(*r) +
                                                    ", which is not a cell; the file is damaged");
    } else if (column >= kMaxColumns) {
        throw Error(GF_ERR_INPUT, row_, "", "sheet \"" + sheet_name_ + "\" has a row with more than 16384 cells; the file is damaged");
    }
    column_ = column;
    last_column_ = column;

    const std::string* t = attribute(attributes, "t");
    type_name_ = t ? *t : "n";
    type_ = type_name_ == "n"           ? Type::number
            : type_name_ == "s"         ? Type::shared_string
            : type_name_ == "inlineStr" ? Type::inline_string
            : type_name_ == "str"       ? Type::formula_string
            : type_name_ == "b"         ? Type::boolean
            : type_name_ == "e"         ? Type::error
            : type_name_ == "d"         ? Type::iso_date
                                        : Type::unknown;
    uint64_t style = 0;
    const std::string* s = attribute(attributes, "s");
    style_ = s && parse_unsigned(*s, style) && style < UINT32_MAX ? static_cast<uint32_t>(style) : 0;
    value_.clear();
    inline_.clear();
    has_value_ = has_formula_ = has_inline_ = false;
    in_inline_ = in_phonetic_ = 0;
    capture_ = nullptr;
}

void SheetRows::end_cell() {
    capture_ = nullptr;
    if (skip_row_) return;
    if (column_ >= cells_.size()) cells_.resize(column_ + 1);
    std::string& out = cells_[column_];
    out.clear();
    convert(out);
    if (!out.empty()) filled_.push_back(column_);
}

void SheetRows::convert(std::string& out) const {
    const bool no_result = !has_value_ && has_formula_;
    if (no_result && type_ != Type::inline_string)
        fail(column_, "the cell holds a formula but no saved result",
             "the program that wrote the workbook did not calculate it: open it in Excel and save it, so that the results are stored");
    switch (type_) {
        case Type::shared_string: {
            const std::string_view text = trim(value_);
            if (text.empty()) return;
            uint64_t index = 0;
            if (!parse_unsigned(text, index))
                fail(column_, "the cell's shared-string index " + quote(value_) + " is not a number", "the file is damaged");
            if (index >= strings_.size())
                fail(column_,
                     "the cell refers to shared string " + std::to_string(index) + ", but the workbook has only " +
                         std::to_string(strings_.size()) + " (numbered from 0)",
                     "the file is damaged");
            out = strings_[index];
            return;
        }
        case Type::inline_string:
            out = has_inline_ ? inline_ : value_;
            decode_escapes(out);
            return;
        case Type::formula_string:
            out = value_;
            decode_escapes(out);
            return;
        case Type::boolean: {
            const std::string_view v = trim(value_);
            if (v.empty()) return;
            if (v == "1" || v == "true") out = "TRUE";
            else if (v == "0" || v == "false") out = "FALSE";
            else fail(column_, "the cell should hold TRUE or FALSE (1 or 0) but holds " + quote(value_), "the file is damaged");
            return;
        }
        case Type::error:
            fail(column_, "the cell holds the Excel error " + (value_.empty() ? std::string("value") : value_));
        case Type::iso_date: {  // t="d": already ISO 8601; a date at midnight is just the date
            out = trim(value_);
            if (out.size() == 19 && out.compare(10, 9, "T00:00:00") == 0) out.resize(10);
            return;
        }
        case Type::number: {
            const std::string_view v = trim(value_);
            if (v.empty()) return;
            double number = 0;
            if (!parse_number(v, number)) fail(column_, "the cell should hold a number but holds " + quote(value_), "the file is damaged");
            const DateKind kind = workbook_.date_kind(style_);
            if (kind != DateKind::none && append_date(number, kind, workbook_.date1904(), out)) return;
            text::append_number(number, out);
            return;
        }
        case Type::unknown:
            fail(column_, "the cell has the type t=" + quote(type_name_) + ", which is not an Excel cell type", "the file is damaged");
    }
}

void SheetRows::end_row() {
    if (skip_row_) {
        skip_row_ = false;
        return;
    }
    handler_.row(row_, cells_, filled_);
    clear_row();
}

void SheetRows::clear_row() {
    for (uint32_t c : filled_) cells_[c].clear();
    filled_.clear();
}

std::string SheetRows::cell_name(uint32_t column) const {
    return sheet_ref_ + "!" + column_letters(column) + std::to_string(row_);
}

void SheetRows::fail(uint32_t column, const std::string& message, const std::string& advice) const {
    std::string text = message;
    if (const std::string heading = handler_.heading(column); !heading.empty()) text += " (under the heading \"" + heading + "\")";
    if (!advice.empty()) text += "; " + advice;
    throw Error(GF_ERR_INPUT, row_, cell_name(column), text);
}

}  // namespace gapfinder::xlsx
