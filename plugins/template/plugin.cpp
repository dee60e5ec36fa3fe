// template-tsv: the smallest complete gapfinder plugin, to copy when adding a format.
//
// It reads tab-separated text (.tsv): one heading line, then one respondent per line,
// cells separated by TAB, no quoting. Copy this folder, rename the id, and replace
// read_file() with your format's reader. See docs/writing-a-plugin.md.
//
// The rules it shows:
//   - include <gapfinder/plugin_api.h> and nothing else from gapfinder;
//   - export exactly gapfinder_plugin_api_version() and gapfinder_plugin_entry();
//   - identify() looks at the name and the first bytes only, and is cheap;
//   - read() streams rows to the sink, never throws, and reports bad input with a row
//     and a column through gf_status_set();
//   - every string it hands over is UTF-8: bytes that are not are reported, never passed
//     on (convert a format's own encoding first, as plugins/common/csv does).
#include <gapfinder/plugin_api.h>

#include <fstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells(1);
    for (char c : line) {
        if (c == '\t') cells.emplace_back();
        else cells.back().push_back(c);
    }
    return cells;
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629:
// no overlong forms, surrogates or code points past U+10FFFF), or npos if there is none.
size_t first_bad_utf8(const std::string& s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    for (size_t i = 0, n = s.size(); i < n;) {
        const unsigned c = p[i];
        size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) ok = k == 1 ? (p[i + k] >= lo && p[i + k] <= hi) : (p[i + k] & 0xC0) == 0x80;
        if (!ok) return i;
        i += len;
    }
    return std::string::npos;
}

std::vector<gf_str> views(const std::vector<std::string>& cells) {
    std::vector<gf_str> out;
    out.reserve(cells.size());
    for (const auto& c : cells) out.push_back({c.data(), c.size()});
    return out;
}

int32_t read_file(const gf_read_request* request, const gf_sink* sink, gf_status* status) {
    std::ifstream in(request->path, std::ios::binary);
    if (!in) return gf_status_set(status, GF_ERR_IO, 0, "", "cannot open the file");

    std::string line;
    uint64_t row = 0;
    size_t expected = 0;
    std::vector<std::string> headings;  // to name a column in errors
    while (std::getline(in, line)) {
        ++row;
        if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
        if (line.empty()) continue;
        const std::vector<std::string> cells = split_tabs(line);
        for (size_t i = 0; i < cells.size(); ++i) {
            if (const size_t bad = first_bad_utf8(cells[i]); bad != std::string::npos) {
                const std::string column =
                    i < headings.size() && !headings[i].empty() ? headings[i] : "column " + std::to_string(i + 1);
                return gf_status_set(status, GF_ERR_INPUT, row, column.c_str(),
                                     "byte 0x%02X at character %zu is not valid UTF-8; save the file as UTF-8",
                                     static_cast<unsigned char>(cells[i][bad]), bad + 1);
            }
        }
        const std::vector<gf_str> cell_views = views(cells);
        if (expected == 0) {  // the heading line
            expected = cells.size();
            headings = cells;
            if (sink->begin(sink->ctx, row, cell_views.data(), cell_views.size()) != 0) return GF_ERR_CANCELLED;
            continue;
        }
        if (cells.size() != expected)
            return gf_status_set(status, GF_ERR_INPUT, row, "", "has %zu cells but the heading line has %zu", cells.size(),
                                 expected);
        // A non-zero answer means the host has seen enough (it keeps its own reasons).
        if (sink->row(sink->ctx, row, cell_views.data(), cell_views.size()) != 0) return GF_ERR_CANCELLED;
    }
    if (expected == 0) return gf_status_set(status, GF_ERR_INPUT, 0, "", "the file is empty");
    return GF_OK;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string name = path ? path : "";
    const bool tsv_name = name.size() >= 4 && name.compare(name.size() - 4, 4, ".tsv") == 0;
    bool has_tab = false;
    for (size_t i = 0; i < head_size && head[i] != '\n'; ++i) {
        if (head[i] == 0) return 0;  // binary, not text
        has_tab = has_tab || head[i] == '\t';
    }
    return tsv_name ? (has_tab ? 70 : 40) : 0;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    try {
        if (host && host->log) host->log(host->ctx, GF_LOG_DEBUG, gf_str_of("template-tsv: reading"));
        return read_file(request, sink, status);
    } catch (...) {
        // No exception may cross the boundary: turn everything into a status.
        return gf_status_set(status, GF_ERR_INTERNAL, 0, "", "unexpected failure");
    }
}

// Static, immutable, and valid for as long as the library is loaded.
const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "template-tsv",                      // id: stable, [a-z0-9-]+
    "Tab-separated text (template)",     // display name
    "1.0.0",                             // this plugin's own version
    ".tsv",                              // extensions
    "Minimal example plugin: tab-separated text with one heading line",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

// The two exports. The first must stay side-effect free: the host calls it before
// anything else to check the API version.
extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
