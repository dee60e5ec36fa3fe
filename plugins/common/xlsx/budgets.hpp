// Shared xlsx reading: how much one workbook may unpack to, in one place.
//
// An .xlsx is a zip, and deflate packs repetitive XML up to about 1,000 to 1: a 1.4 MB
// file whose sharedStrings.xml unpacked to 1.5 GB once took a server to 2 GB of memory.
// So the sizes the zip directory declares for the parts a read unpacks are counted before
// each is inflated (package.cpp), no part may unpack past its declared size
// (zip_entry.hpp), and the shared strings, the one thing held in memory, are counted
// again as they accumulate (workbook.cpp).
//
// Why these sizes. A large genuine survey workbook: a council's 100,000 respondents by 60
// questions, as Excel writes it (<c r="AF54321" t="s"><v>17</v></c>, about 34 bytes a
// cell, plus the <row> elements) is about 200 MB of sheet XML. Its shared strings are the
// answer labels (a few hundred KB) plus any free text: three comment columns of 200
// characters, different on every row, add about 65 MB. About 270 MB unpacked in all,
// 65 MB of it shared strings (estimated by writing the bundled citizens-panel sample,
// widened to 60 columns and 100,000 rows, as Excel's XML). The budgets leave about twice
// that for the whole read and four times that for the shared strings; a workbook beyond
// them is far larger than any survey, and is refused as damaged (or built to exhaust
// memory) before it can take the host down.
// Per cell, cell_text.hpp's kMaxTextBytes (1 MiB) still applies.
#pragma once

#include <cstdint>
#include <string>

namespace gapfinder::xlsx {

// Bytes inflated from all the parts one read unpacks (relationships, workbook, styles,
// shared strings, the sheet), by the sizes the zip directory declares for them: a giant,
// honest or not, is refused unread.
constexpr uint64_t kMaxUnpackedBytes = uint64_t{512} << 20;  // 512 MiB

// What the shared strings hold in memory: their text, plus 8 bytes of index per string (so
// that millions of empty <si/> count too). The buffers holding them may reach about twice
// this while they grow.
constexpr uint64_t kMaxSharedStringBytes = uint64_t{256} << 20;  // 256 MiB

inline std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }
// How every message refusing a workbook over a budget ends.
inline constexpr const char* kOverBudget =
    "; a survey of 100,000 respondents and 60 questions unpacks to about 270 MB, so the file is damaged, or made to "
    "exhaust memory";

}  // namespace gapfinder::xlsx
