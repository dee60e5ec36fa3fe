// Shared xlsx reading: looking into the first bytes of a zip (see zip_head.hpp).
#include "zip_head.hpp"

#include <Poco/InflatingStream.h>

#include <cstdint>
#include <cstring>
#include <sstream>

namespace gapfinder::xlsx {

namespace {

uint32_t u16(const unsigned char* p) { return static_cast<uint32_t>(p[0] | (p[1] << 8)); }
uint32_t u32(const unsigned char* p) { return u16(p) | (u16(p + 2) << 16); }

}  // namespace

bool head_names_xl_part(const unsigned char* head, size_t size) {
    for (size_t i = 0; i + 33 <= size; ++i) {
        if (std::memcmp(head + i, "PK\x03\x04", 4) != 0) continue;
        const size_t name_length = head[i + 26] | (head[i + 27] << 8);
        if (name_length >= 3 && std::memcmp(head + i + 30, "xl/", 3) == 0) return true;
        if (name_length >= 4 && i + 34 <= size && std::memcmp(head + i + 30, "/xl/", 4) == 0) return true;
    }
    return false;
}

std::string inflate_head_entries(const unsigned char* head, size_t size, const std::function<bool(std::string_view)>& wanted,
                                 size_t limit) noexcept {
    std::string out;
    try {
        size_t i = 0;
        // Local file headers follow one another from the start of the archive.
        while (head && i + 30 <= size && std::memcmp(head + i, "PK\x03\x04", 4) == 0) {
            const uint32_t flags = u16(head + i + 6), method = u16(head + i + 8);
            const size_t compressed = u32(head + i + 18), name_length = u16(head + i + 26), extra = u16(head + i + 28);
            const size_t data = i + 30 + name_length + extra;
            if (data > size) break;
            const std::string_view name(reinterpret_cast<const char*>(head + i + 30), name_length);
            const bool sized = !(flags & 0x08);  // otherwise the size follows the data: unknown here
            const size_t available = std::min(size - data, sized ? compressed : size - data);
            if (wanted(name) && !(flags & 0x01)) {
                const std::string bytes(reinterpret_cast<const char*>(head + data), available);
                if (method == 0) {
                    out.append(bytes, 0, std::min(bytes.size(), limit));
                } else if (method == 8) {
                    std::istringstream raw(bytes);
                    Poco::InflatingInputStream inflate(raw, -15);  // raw deflate, as zip entries hold it
                    // A stream cut short by the end of head fails there: keep what came before
                    // (a character at a time, as a block read would lose its last buffer).
                    char c = 0;
                    for (size_t taken = 0; taken < limit && inflate.get(c); ++taken) out += c;
                }
            }
            if (!sized) break;  // the next header's place is unknown
            i = data + compressed;
        }
    } catch (...) {
        // identify() must never fail: what was inflated so far is still evidence.
    }
    return out;
}

}  // namespace gapfinder::xlsx
