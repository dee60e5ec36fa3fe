#include "analysis/splits.hpp"

#include <array>
#include <stdexcept>

namespace gapfinder {

Split make_split(const Grouping& grouping, const std::vector<uint8_t>& codes, Level level) {
    Split split;
    split.id = grouping.id;
    split.label = grouping.label;
    // Which category each code counts as at this level.
    std::vector<int> target(grouping.categories.size());
    for (size_t i = 0; i < grouping.categories.size(); ++i) {
        target[i] = static_cast<int>(i);
        if (level != Level::group || grouping.categories[i].group.empty()) continue;
        for (size_t j = 0; j < grouping.categories.size(); ++j)
            if (grouping.categories[j].id == grouping.categories[i].group) target[i] = static_cast<int>(j);
    }
    std::array<uint64_t, 256> seen{};
    for (uint8_t c : codes) ++seen[c];
    // Groups in catalogue order, so tables read the same way in every wave.
    std::vector<int> group_of_category(grouping.categories.size(), -1);
    for (size_t i = 0; i < grouping.categories.size(); ++i) {
        if (!seen[i + 1]) continue;
        group_of_category[static_cast<size_t>(target[i])] = 0;  // mark as used
    }
    for (size_t i = 0; i < grouping.categories.size(); ++i) {
        if (group_of_category[i] < 0) continue;
        group_of_category[i] = static_cast<int>(split.groups.size());
        split.groups.push_back({grouping.categories[i].id, grouping.categories[i].label});
    }
    if (split.groups.size() >= 0xFFFF) throw std::length_error("too many groups in " + grouping.id);
    std::array<uint16_t, 256> key_of{};
    key_of.fill(split.undisclosed());
    for (size_t i = 0; i < grouping.categories.size(); ++i)
        if (seen[i + 1]) key_of[i + 1] = static_cast<uint16_t>(group_of_category[static_cast<size_t>(target[i])]);
    split.keys.resize(codes.size());
    for (size_t r = 0; r < codes.size(); ++r) split.keys[r] = key_of[codes[r]];
    return split;
}

Split cross_splits(const Split& a, const Split& b) {
    Split split;
    split.id = a.id + " x " + b.id;
    split.label = a.label + " x " + b.label;
    const size_t ka = a.groups.size(), kb = b.groups.size();
    std::vector<uint64_t> seen(ka * kb, 0);
    for (size_t r = 0; r < a.keys.size(); ++r)
        if (a.keys[r] < ka && b.keys[r] < kb) ++seen[a.keys[r] * kb + b.keys[r]];
    std::vector<uint16_t> cell_key(ka * kb, 0);
    for (size_t i = 0; i < ka; ++i)
        for (size_t j = 0; j < kb; ++j) {
            if (!seen[i * kb + j]) continue;
            if (split.groups.size() + 1 >= 0xFFFF) throw std::length_error("too many cells in " + split.id);
            cell_key[i * kb + j] = static_cast<uint16_t>(split.groups.size());
            split.groups.push_back({a.groups[i].id + " x " + b.groups[j].id, a.groups[i].label + " x " + b.groups[j].label});
            split.cells.push_back({static_cast<uint16_t>(i), static_cast<uint16_t>(j)});
        }
    split.rows = ka, split.cols = kb;
    split.keys.resize(a.keys.size());
    for (size_t r = 0; r < a.keys.size(); ++r)
        split.keys[r] = (a.keys[r] < ka && b.keys[r] < kb) ? cell_key[a.keys[r] * kb + b.keys[r]] : split.undisclosed();
    return split;
}

}  // namespace gapfinder
