// Column-aligned plain-text tables for the terminal.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace gapfinder {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> headings) { rows_.push_back(std::move(headings)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void print(std::ostream& out, const std::string& indent = "") const;

private:
    std::vector<std::vector<std::string>> rows_;
};

// 1234567 -> "1,234,567"
std::string with_commas(unsigned long long n);

// Figures for tables; a missing figure (NaN) is an empty cell.
std::string format_fixed(double v, int decimals);  // 0.1234, 2 -> "0.12"
std::string format_count(double v);                // 1234.0 -> "1,234"
std::string format_percent(double share);          // 0.1234 -> "12.3%"

}  // namespace gapfinder
