// Reading back one sheet of a workbook gapfinder wrote, through whichever plugin reads
// the file (the xlsx plugin), as ingest does: the core and the exporters stay free of
// any workbook parser. Cells come back as text with the formula guard of
// xlsx/workbook.hpp taken off and surrounding blanks trimmed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "plugin_host/plugin_runner.hpp"

namespace gapfinder::xlsx {

struct SheetTable {
    std::vector<std::string> headings;
    std::vector<std::vector<std::string>> rows;
    std::vector<uint64_t> numbers;  // each row's number as the spreadsheet shows it
};

// The sheet's rows under the headings on `header_row` (1-based, as Excel numbers rows).
// Throws InputError from the plugin, naming the file, when the sheet is not there.
SheetTable read_sheet(const PluginRunner& plugins, const Plugin& plugin, const std::string& path, const std::string& sheet,
                      uint64_t header_row);

// The text of a cell gapfinder wrote: the guard off, blanks trimmed.
std::string cell_text(std::string_view text);

}  // namespace gapfinder::xlsx
