#include "analysis/population_match.hpp"

namespace gapfinder {

std::array<int, 256> population_index(const Grouping& grouping, const PopulationMargin& margin) {
    std::array<int, 256> index;
    index.fill(kNoPopulationCategory);
    index[kBlank] = kNotDisclosed;
    index[kUndisclosed] = kNotDisclosed;
    auto margin_index = [&](const std::string& id) {
        for (size_t i = 0; i < margin.counts.size(); ++i)
            if (margin.counts[i].first == id) return static_cast<int>(i);
        return kNoPopulationCategory;
    };
    for (size_t c = 0; c < grouping.categories.size() && c + 1 < kUndisclosed; ++c) {
        const Category& category = grouping.categories[c];
        int i = margin_index(category.id);
        if (i == kNoPopulationCategory && !category.group.empty()) i = margin_index(category.group);
        index[c + 1] = i;
    }
    return index;
}

}  // namespace gapfinder
