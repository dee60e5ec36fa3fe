// A split divides respondents into groups for comparison: one grouping (a
// characteristic such as ethnic group, or a dimension such as pay band) at the level the
// analysis asks for, or the cross of two groupings (an intersection such as
// sex x disability). Each respondent gets a key: its group's index, or `undisclosed()`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

struct SplitGroup {
    std::string id, label;
};

struct Split {
    std::string id, label;            // "race", or "sex x race" for an intersection
    std::vector<SplitGroup> groups;   // only groups at least one respondent belongs to
    std::vector<uint16_t> keys;       // per respondent: index into groups, or undisclosed()
    // An intersection's groups are the cells of a two-way table: each group's row (its
    // group in the first split) and column (in the second), of rows x cols. Suppression
    // needs them to protect the cells against the table's margins. Empty otherwise.
    struct Cell {
        uint16_t row, col;
    };
    std::vector<Cell> cells;
    size_t rows = 0, cols = 0;
    uint16_t undisclosed() const { return static_cast<uint16_t>(groups.size()); }
    size_t key_count() const { return groups.size() + 1; }
};

// The split of one grouping column. With Level::group, detailed categories are counted
// in their top-level group (a category whose `group` names another category).
Split make_split(const Grouping& grouping, const std::vector<uint8_t>& codes, Level level);

// The cross of two splits: a respondent undisclosed on either is undisclosed here.
// Cells no respondent falls in are left out.
Split cross_splits(const Split& a, const Split& b);

}  // namespace gapfinder
