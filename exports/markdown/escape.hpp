// Text made safe for a Markdown document, shared by the action plan and the EqIA.
// Labels and quotes come from survey definitions, edited plans and residents, and a
// Markdown viewer renders raw HTML and links: so <, > and & become entities (no tag such
// as <img onerror=...> can form), [ and ] are escaped (no link or image), a backslash is
// escaped so that it cannot undo the escape after it, | is escaped so that the text
// stays in its table cell, and a line break becomes <br>.
#pragma once

#include <string>
#include <string_view>

namespace gapfinder::markdown {

inline std::string escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '|': out += "\\|"; break;
            case '[': out += "\\["; break;
            case ']': out += "\\]"; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "<br>"; break;
            case '\r': break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace gapfinder::markdown
