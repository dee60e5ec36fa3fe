// Shared xlsx reading: what identify() can learn from the first bytes of a zip file
// (the host gives it up to 64 KiB), without opening the file.
#pragma once

#include <cstddef>

namespace gapfinder::xlsx {

// Whether the zip's first local headers (as far as head reaches) name an "xl/" part.
bool head_names_xl_part(const unsigned char* head, size_t size);

}  // namespace gapfinder::xlsx
