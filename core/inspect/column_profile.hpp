// What a file holds, column by column: the first step of describing a new survey. A
// RowSink that keeps, per column, how many cells are blank and the distinct values with
// their counts (up to a limit, beyond which a column is free text or an id).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "plugin_host/plugin_host.hpp"

namespace gapfinder {

struct ColumnProfile {
    std::string heading;
    uint64_t blank = 0;
    std::map<std::string, uint64_t> values;  // distinct non-blank cells, while few enough
    bool many_values = false;                // more distinct values than kept
    uint64_t longest = 0;                    // longest cell, in bytes
    bool repeats = false;                    // some non-blank value appears twice (an id column never does)
    bool numbers = true;                     // every non-blank cell is a number
};

// The most columns an inspection reads: far more than any survey export (a panel of 200
// questions and 20 characteristics has about 250), and a bound on what a hostile file of
// a million one-byte columns can make the profile and its report hold.
constexpr size_t kMaxInspectColumns = 5000;

class ProfileSink : public RowSink {
public:
    explicit ProfileSink(size_t max_distinct = 60) : max_distinct_(max_distinct) {}
    bool begin(uint64_t row, std::span<const gf_str> headings) override;
    bool row(uint64_t row, std::span<const gf_str> cells) override;

    const std::vector<ColumnProfile>& columns() const { return columns_; }
    uint64_t rows() const { return rows_; }
    uint64_t heading_row() const { return heading_row_; }

private:
    size_t max_distinct_;
    std::vector<ColumnProfile> columns_;
    // Hashes of each column's values while it has no repeat: dropped at its first repeat,
    // so only id-like and free-text columns keep theirs (8 bytes and a node per row).
    std::vector<std::unordered_set<uint64_t>> seen_;
    uint64_t rows_ = 0, heading_row_ = 0;
};

}  // namespace gapfinder
