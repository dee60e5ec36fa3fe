#include "csv/csv_plugin.hpp"

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

int32_t ragged_row_status(const DecodedFile& file, size_t cells, size_t expected, gf_status* status) {
    return gf_status_set(status, GF_ERR_INPUT, file.record().row, "", "has %zu cells but the heading row has %zu%s", cells,
                         expected, file.where().c_str());
}

bool looks_binary(std::string_view head) {
    return head.find('\0') != std::string_view::npos || head.substr(0, 2) == "PK" || head.substr(0, 4) == "$FL2" ||
           head.substr(0, 4) == "$FL3";
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
