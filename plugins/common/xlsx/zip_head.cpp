// Shared xlsx reading: looking into the first bytes of a zip (see zip_head.hpp).
#include "zip_head.hpp"

#include <cstdint>
#include <cstring>

namespace gapfinder::xlsx {

bool head_names_xl_part(const unsigned char* head, size_t size) {
    for (size_t i = 0; i + 33 <= size; ++i) {
        if (std::memcmp(head + i, "PK\x03\x04", 4) != 0) continue;
        const size_t name_length = head[i + 26] | (head[i + 27] << 8);
        if (name_length >= 3 && std::memcmp(head + i + 30, "xl/", 3) == 0) return true;
        if (name_length >= 4 && i + 34 <= size && std::memcmp(head + i + 30, "/xl/", 4) == 0) return true;
    }
    return false;
}

}  // namespace gapfinder::xlsx
