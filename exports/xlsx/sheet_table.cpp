#include "xlsx/sheet_table.hpp"

#include "util/spreadsheet_text.hpp"

namespace gapfinder::xlsx {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return std::string(s);
}

struct TableSink : RowSink {
    SheetTable& t;
    explicit TableSink(SheetTable& table) : t(table) {}
    bool begin(uint64_t, std::span<const gf_str> h) override {
        for (const auto& s : h) t.headings.push_back(cell_text(std::string_view(s.data, s.size)));
        return true;
    }
    bool row(uint64_t n, std::span<const gf_str> cells) override {
        t.rows.emplace_back();
        for (const auto& s : cells) t.rows.back().push_back(cell_text(std::string_view(s.data, s.size)));
        t.numbers.push_back(n);
        return true;
    }
};

}  // namespace

// A cell as gapfinder wrote it: the formula guard of the writers taken off
// (util/spreadsheet_text.hpp), so that a wave "-1" or a group "+60" reads back as itself.
std::string cell_text(std::string_view text) { return trim(from_spreadsheet_text(text)); }

SheetTable read_sheet(const PluginRunner& plugins, const Plugin& plugin, const std::string& path, const std::string& sheet,
                      uint64_t header_row) {
    SheetTable t;
    TableSink sink(t);
    plugins.read(plugin, path, {{"sheet", sheet}, {"header_row", std::to_string(header_row)}}, sink);
    return t;
}

}  // namespace gapfinder::xlsx
