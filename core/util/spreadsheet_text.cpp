#include "util/spreadsheet_text.hpp"

namespace gapfinder {

bool needs_formula_guard(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
        // Text that already starts with an apostrophe before a formula start is guarded
        // too: otherwise reading back could not tell it from text we guarded.
        case '\'': return needs_formula_guard(text.substr(1));
        default: return false;
    }
}

std::string spreadsheet_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 1);
    if (needs_formula_guard(text)) out += '\'';
    out += text;
    return out;
}

std::string from_spreadsheet_text(std::string_view text) {
    if (!text.empty() && text.front() == '\'' && needs_formula_guard(text.substr(1))) text.remove_prefix(1);
    return std::string(text);
}

std::string csv_text_field(std::string_view text) {
    const std::string guarded = spreadsheet_text(text);
    if (guarded.find_first_of(",\"\r\n") == std::string::npos) return guarded;
    std::string out = "\"";
    for (char c : guarded) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace gapfinder
