#include "inspect/column_profile.hpp"

#include "util/errors.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <string_view>

namespace gapfinder {

bool ProfileSink::begin(uint64_t row, std::span<const gf_str> headings) {
    if (headings.size() > kMaxInspectColumns)
        throw InputError("row " + std::to_string(row) + " has " + std::to_string(headings.size()) +
                         " columns; gapfinder inspects files of at most " + std::to_string(kMaxInspectColumns) +
                         " columns (is the delimiter right, or is this a survey file at all?)");
    heading_row_ = row;
    for (const auto& h : headings) columns_.push_back({std::string(h.data, h.size), 0, {}, false, 0, false, true});
    seen_.assign(columns_.size(), {});
    return true;
}

bool ProfileSink::row(uint64_t, std::span<const gf_str> cells) {
    ++rows_;
    for (size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
        ColumnProfile& c = columns_[i];
        std::string_view cell(cells[i].data, cells[i].size);
        while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.remove_prefix(1);
        while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.remove_suffix(1);
        c.longest = std::max<uint64_t>(c.longest, cell.size());
        if (cell.empty()) {
            ++c.blank;
            continue;
        }
        if (c.numbers) {
            double value = 0;
            const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
            c.numbers = ec == std::errc() && end == cell.data() + cell.size();
        }
        if (!c.repeats && !seen_[i].insert(std::hash<std::string_view>{}(cell)).second) {
            c.repeats = true;
            std::unordered_set<uint64_t>().swap(seen_[i]);
        }
        if (c.many_values) continue;
        auto it = c.values.find(std::string(cell));
        if (it != c.values.end()) {
            ++it->second;
        } else if (c.values.size() < max_distinct_) {
            c.values.emplace(std::string(cell), 1);
        } else {
            c.many_values = true;
            c.values.clear();
        }
    }
    return true;
}

}  // namespace gapfinder
