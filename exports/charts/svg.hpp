// Small helpers for writing SVG text by hand (charts/ only).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "html/escape.hpp"

namespace gapfinder::charts::svg {

// A coordinate with one decimal, trailing ".0" dropped: stable, short text.
inline std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    if (s == "-0") s = "0";
    return s;
}

// Characters of a UTF-8 string (not bytes), for rough text widths.
inline size_t chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Splits text at spaces into lines of at most width characters (a longer word keeps
// its own line); at most max_lines, the last one ending "…" if text was cut.
inline std::vector<std::string> wrap(std::string_view text, size_t width, size_t max_lines) {
    std::vector<std::string> lines;
    std::string line;
    size_t pos = 0;
    bool cut = false;
    while (pos < text.size()) {
        size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string word(text.substr(pos, end - pos));
        pos = end + 1;
        if (!line.empty() && chars(line) + 1 + chars(word) > width) {
            if (lines.size() + 1 == max_lines) {
                cut = true;
                break;
            }
            lines.push_back(line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (cut) line += "\u2026";
    if (!line.empty()) lines.push_back(line);
    return lines;
}

// <text> with one <tspan> per line, the block centred vertically on y.
inline std::string text_lines(const std::vector<std::string>& lines, double x, double y, double line_height,
                              const std::string& attributes) {
    std::string out = "<text x=\"" + num(x) + "\" y=\"" + num(y - line_height * (lines.size() - 1) / 2.0) + "\" " + attributes + ">";
    for (size_t i = 0; i < lines.size(); ++i)
        out += "<tspan x=\"" + num(x) + "\"" + (i ? " dy=\"" + num(line_height) + "\"" : "") + ">" + html::escape(lines[i]) + "</tspan>";
    return out + "</text>";
}

}  // namespace gapfinder::charts::svg
