#include "csv/csv_plugin.hpp"
#include "text/encoding.hpp"

#include <algorithm>

namespace gapfinder::csv {

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool read_options(const gf_read_request* request, FileOptions& file,
                  const std::function<bool(std::string_view, std::string_view, std::string&)>& other, const std::string& known,
                  gf_status* status) {
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        std::string problem;
        if (!take_file_option(key, value, file, problem) && !(other && other(key, value, problem)))
            problem = "unknown option \"" + std::string(key) + "\" (this plugin knows " + known + ")";
        if (!problem.empty()) {
            gf_status_set(status, GF_ERR_INPUT, 0, "", "%s", problem.c_str());
            return false;
        }
    }
    return true;
}

std::string column_name(const std::vector<std::string>& headings, size_t column) {
    return column < headings.size() && !headings[column].empty() ? headings[column] : "column " + std::to_string(column + 1);
}

int32_t parse_error_status(const ParseError& e, const std::vector<std::string>& headings, gf_status* status) {
    return gf_status_set(status, GF_ERR_INPUT, e.row, e.row ? column_name(headings, e.column).c_str() : "", "%s", e.what());
}

int32_t ragged_row_status(const Record& record, size_t cells, size_t expected, gf_status* status) {
    return gf_status_set(status, GF_ERR_INPUT, record.row, "", "has %zu cells but the heading row has %zu%s", cells,
                         expected, where_of(record).c_str());
}

std::string head_text(std::string_view head) {
    if (!text::has_utf16_bom(head)) return std::string(head);
    std::string out;
    text::utf16_to_utf8(head, out, nullptr, /*partial=*/true);
    return out;
}

bool looks_binary(std::string_view head) {
    if (text::has_utf16_bom(head)) return false;  // Excel's "Unicode Text"
    if (head.find('\0') != std::string_view::npos || head.substr(0, 2) == "PK" || head.substr(0, 4) == "$FL2" ||
        head.substr(0, 4) == "$FL3")
        return true;
    // Text has line breaks and tabs, and hardly any other control characters.
    size_t controls = 0;
    for (char c : head)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
    return controls * 1000 > head.size();
}

bool looks_tabular(std::string_view text) noexcept {
    try {
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        Reader reader(text, Reader::detect_delimiter(text));
        Record record;
        std::vector<size_t> counts;
        while (counts.size() < 11 && reader.next(record)) counts.push_back(record.cells.size());
        if (counts.size() > 2) counts.pop_back();  // may be cut off by the end of the head
        return !counts.empty() && counts.front() >= 2 &&
               std::all_of(counts.begin(), counts.end(), [&](size_t n) { return n == counts.front(); });
    } catch (...) {
        return false;  // quoting that does not hold together
    }
}

bool first_line_has_delimiter(std::string_view head) {
    const std::string_view first_line = head.substr(0, head.find_first_of("\r\n"));
    return first_line.find_first_of(",;\t") != std::string_view::npos;
}

std::vector<std::string> heading_row_of(std::string_view head) noexcept {
    try {
        if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
        Reader reader(head, Reader::detect_delimiter(head));
        Record record;
        std::vector<std::string> out;
        if (!reader.next(record)) return out;
        for (auto cell : record.cells) out.emplace_back(trim_blanks(cell));
        return out;
    } catch (...) {
        return {};  // a heading row cut off by the end of head, or not CSV at all
    }
}

}  // namespace gapfinder::csv
