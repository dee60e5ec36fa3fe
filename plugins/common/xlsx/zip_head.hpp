// Shared xlsx reading: what identify() can learn from the first bytes of a zip file
// (the host gives it up to 64 KiB), without opening the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace gapfinder::xlsx {

// Whether the zip's first local headers (as far as head reaches) name an "xl/" part.
bool head_names_xl_part(const unsigned char* head, size_t size);

// The start of each zip entry in head (the first bytes of a file) whose name satisfies
// wanted, inflated as far as head holds it (at most limit bytes each), appended in order.
// For identify(): cheap, never throws, and gives up quietly on anything unexpected.
std::string inflate_head_entries(const unsigned char* head, size_t size, const std::function<bool(std::string_view)>& wanted,
                                 size_t limit = 256 * 1024) noexcept;

}  // namespace gapfinder::xlsx
