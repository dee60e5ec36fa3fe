// Shared xlsx reading: what a workbook says about its sheets, before any row is read.
//
//   _rels/.rels                    which part is the workbook (normally xl/workbook.xml)
//   xl/workbook.xml                the sheets in tab order (name, r:id), and date1904
//   xl/_rels/workbook.xml.rels     r:id -> the sheet's part, styles and shared strings
//   xl/styles.xml                  cellXfs: each cell format's number format, which is
//                                  all that tells a date from a number
//   xl/sharedStrings.xml           the text of t="s" cells, rich-text runs joined and
//                                  phonetic guides (<rPh>) left out
//
// The shared strings are the only thing held in memory (packed into one buffer), as a
// sheet may refer to any of them at any time; the sheet itself is streamed elsewhere.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cell_text.hpp"
#include "package.hpp"

namespace gapfinder::xlsx {

struct SheetInfo {
    std::string name;
    std::string part;  // the sheet's XML part; empty when its relationship is missing
    std::string kind;  // "worksheet", "chartsheet", "dialogsheet", "xlMacrosheet"...
    bool hidden = false;  // state="hidden" or "veryHidden": no tab shows in Excel
};

class SharedStrings {
public:
    size_t size() const { return offsets_.size() - 1; }
    std::string_view operator[](size_t i) const {
        return std::string_view(text_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    void push_back(std::string_view s) {
        text_.append(s);
        offsets_.push_back(text_.size());
    }
    // What the strings hold, as kMaxSharedStringBytes counts it: text, and an index entry each.
    uint64_t held_bytes() const { return text_.size() + (offsets_.size() - 1) * sizeof(size_t); }

private:
    std::string text_;
    std::vector<size_t> offsets_{0};
};

class Workbook {
public:
    // Reads the package relationships, the workbook part and its relationships. Throws
    // Error when the file is a zip but not a workbook.
    explicit Workbook(Package& package);

    const std::vector<SheetInfo>& sheets() const { return sheets_; }
    bool date1904() const { return date1904_; }
    // The parts load_cell_data() reads (either may be absent from the package).
    const std::string& styles_part() const { return styles_part_; }
    const std::string& shared_strings_part() const { return shared_strings_part_; }

    // Reads styles and shared strings (once a sheet has been chosen: a wrong sheet name
    // is reported without reading them).
    void load_cell_data();
    const SharedStrings& shared_strings() const { return shared_strings_; }
    // What the number format of cell format (style) s makes of a number.
    DateKind date_kind(uint32_t s) const { return s < cell_formats_.size() ? cell_formats_[s] : DateKind::none; }

private:
    Package& package_;
    std::string workbook_part_, styles_part_, shared_strings_part_;
    std::vector<SheetInfo> sheets_;
    bool date1904_ = false;
    SharedStrings shared_strings_;
    std::vector<DateKind> cell_formats_;
};

// True for the SpreadsheetML namespace, transitional (what Excel saves) or strict.
bool is_spreadsheet_ns(std::string_view uri);

// The sheet a `sheet=` option names (a name, matched exactly then ignoring case, or a
// 1-based position; hidden sheets count), or by default the first worksheet that is not
// hidden. Throws an Error listing the sheets when there is no such worksheet. note() is
// told which sheet was chosen when the workbook has several and none was named.
const SheetInfo& choose_sheet(const Workbook& workbook, const std::string& requested,
                              const std::function<void(const std::string&)>& note);

// Opens what a read of one sheet needs: checks the sheet's part exists and that the sizes
// the zip directory declares for it, the styles and the shared strings keep within
// kMaxUnpackedBytes, then loads the styles and shared strings. Throws an Error for a
// damaged workbook, or one too large.
void prepare_sheet(Package& package, Workbook& workbook, const SheetInfo& sheet);

}  // namespace gapfinder::xlsx
