// Structure-aware inputs for zip-based formats (the fuzz-<id>-parts targets, e.g.
// fuzz-xlsx-parts): the input is a list of parts in plain text,
//
//   @@ [Content_Types].xml
//   <?xml ...?><Types ...>...</Types>
//   @@ xl/workbook.xml
//   <workbook ...>...
//
// each part starting on a line "@@ NAME" and running to the next such line (text before
// the first is ignored), and is packed into a zip archive of stored (uncompressed)
// entries with correct CRCs before the plugin reads it. A mutation of the XML then
// reaches the plugin's XML handlers, instead of failing the zip's checksums as a mutated
// .xlsx almost always does. Shared by the fuzz driver and the regression test.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder::fuzz {

inline uint32_t crc32(std::string_view data) {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

struct Part {
    std::string_view name, data;
};

inline std::vector<Part> split_parts(std::string_view text) {
    std::vector<Part> parts;
    size_t at = text.rfind("@@ ", 0) == 0 ? 0 : text.find("\n@@ ");
    if (at != 0 && at != std::string_view::npos) ++at;  // past the line break
    while (at != std::string_view::npos) {
        const size_t name_begin = at + 3;
        const size_t name_end = std::min(text.find('\n', name_begin), text.size());  // the name's line break, or the end
        const size_t next = name_end < text.size() ? text.find("\n@@ ", name_end) : std::string_view::npos;
        const size_t data_end = next == std::string_view::npos ? text.size() : next;
        const std::string_view data = data_end > name_end ? text.substr(name_end + 1, data_end - name_end - 1) : std::string_view();
        parts.push_back({text.substr(name_begin, name_end - name_begin), data});
        at = next == std::string_view::npos ? next : next + 1;
    }
    return parts;
}

// A zip archive (PKWARE APPNOTE 6.3: local headers, central directory, end record) of
// stored entries.
inline std::string zip_of(const std::vector<Part>& parts) {
    std::string out, directory;
    auto u16 = [](std::string& s, uint32_t v) {
        s += static_cast<char>(v & 0xFF);
        s += static_cast<char>((v >> 8) & 0xFF);
    };
    auto u32 = [&](std::string& s, uint32_t v) {
        u16(s, v & 0xFFFF);
        u16(s, v >> 16);
    };
    uint32_t count = 0;
    for (const Part& p : parts) {
        if (p.name.size() > 0xFFFF || p.data.size() > 0xFFFFFFF0u || count == 0xFFFF) break;
        const uint32_t offset = static_cast<uint32_t>(out.size()), crc = crc32(p.data), size = static_cast<uint32_t>(p.data.size());
        const auto name_size = static_cast<uint32_t>(p.name.size());
        u32(out, 0x04034b50);                  // local file header
        u16(out, 20); u16(out, 0); u16(out, 0);  // version needed, flags, method: stored
        u16(out, 0); u16(out, 0x21);           // time, date (1980-01-01)
        u32(out, crc); u32(out, size); u32(out, size);
        u16(out, name_size); u16(out, 0);
        out += p.name;
        out += p.data;
        u32(directory, 0x02014b50);            // central directory header
        u16(directory, 20); u16(directory, 20); u16(directory, 0); u16(directory, 0);
        u16(directory, 0); u16(directory, 0x21);
        u32(directory, crc); u32(directory, size); u32(directory, size);
        u16(directory, name_size); u16(directory, 0); u16(directory, 0);  // name, extra, comment lengths
        u16(directory, 0); u16(directory, 0); u32(directory, 0);          // disk, internal and external attributes
        u32(directory, offset);
        directory += p.name;
        ++count;
    }
    const auto directory_offset = static_cast<uint32_t>(out.size());
    out += directory;
    u32(out, 0x06054b50);  // end of central directory
    u16(out, 0); u16(out, 0); u16(out, count); u16(out, count);
    u32(out, static_cast<uint32_t>(directory.size())); u32(out, directory_offset);
    u16(out, 0);
    return out;
}

}  // namespace gapfinder::fuzz
