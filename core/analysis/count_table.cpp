#include "analysis/count_table.hpp"

namespace gapfinder {

CountTable count_answers(const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                         std::span<const double> weights) {
    CountTable t;
    t.keys = split.key_count();
    t.codes = codes;
    const size_t cells = t.keys * codes;
    const size_t n = answers.size();
    const uint16_t* keys = split.keys.data();
    const uint8_t* a = answers.data();
    if (weights.empty()) {
        // Integer counting, then one conversion: the hot loop is an increment.
        std::vector<uint32_t> counts(cells, 0);
        for (size_t r = 0; r < n; ++r) ++counts[keys[r] * codes + a[r]];
        t.count.assign(counts.begin(), counts.end());
        return t;
    }
    t.count.assign(cells, 0);
    t.sum_w.assign(cells, 0);
    t.sum_w2.assign(cells, 0);
    for (size_t r = 0; r < n; ++r) {
        const double w = weights[r];
        if (!(w > 0)) continue;
        const size_t cell = keys[r] * codes + a[r];
        t.count[cell] += 1;
        t.sum_w[cell] += w;
        t.sum_w2[cell] += w * w;
    }
    return t;
}

}  // namespace gapfinder
