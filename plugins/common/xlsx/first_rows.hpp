// Shared xlsx reading: the first rows of a workbook, for identify(), which must tell a
// layout (an online tool's header rows) from the rows themselves: their text may lie
// anywhere in the zip (shared strings after a large sheet), beyond the 64 KiB head.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gapfinder::xlsx {

// The first `wanted` non-blank rows of the workbook's first visible sheet, as a read sees
// them (shared strings resolved, dates as ISO 8601). Stops parsing once it has them.
// Throws Error when the file is not a readable workbook.
std::vector<std::vector<std::string>> first_rows(const std::string& path, size_t wanted);

}  // namespace gapfinder::xlsx
