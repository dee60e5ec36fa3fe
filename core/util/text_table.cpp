#include "util/text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gapfinder {

namespace {
// Width in characters, not bytes, so that labels with accents still line up.
size_t display_width(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

void TextTable::print(std::ostream& out, const std::string& indent) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_)
        for (size_t i = 0; i < row.size(); ++i) {
            if (widths.size() <= i) widths.push_back(0);
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    for (size_t r = 0; r < rows_.size(); ++r) {
        std::string line = indent;
        for (size_t i = 0; i < rows_[r].size(); ++i) {
            line += rows_[r][i];
            if (i + 1 < rows_[r].size()) line += std::string(widths[i] - display_width(rows_[r][i]) + 2, ' ');
        }
        out << line << '\n';
    }
}

std::string with_commas(unsigned long long n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string format_fixed(double v, int decimals) {
    if (std::isnan(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string format_count(double v) { return std::isnan(v) ? "" : with_commas(static_cast<unsigned long long>(std::llround(v))); }

std::string format_percent(double share) { return std::isnan(share) ? "" : format_fixed(100 * share, 1) + "%"; }

}  // namespace gapfinder
