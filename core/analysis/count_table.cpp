#include "analysis/count_table.hpp"

#include <algorithm>

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

namespace {
constexpr size_t kPerByte = 4;    // questions per packed byte
constexpr size_t kPackedValues = 81;  // 3^4
}  // namespace

PackedStates pack_answer_states(const std::vector<const Scale*>& scales,
                                const std::vector<const std::vector<uint8_t>*>& answers) {
    PackedStates p;
    p.questions = scales.size();
    const size_t n = answers.empty() ? 0 : answers.front()->size();
    for (size_t first = 0; first < scales.size(); first += kPerByte) {
        std::vector<uint8_t> column(n, 0);
        uint8_t place = 1;
        for (size_t q = first; q < std::min(first + kPerByte, scales.size()); ++q, place *= 3) {
            // state: 0 not valid, 1 valid, 2 positive; times this question's place value
            uint8_t add[256] = {};
            for (size_t i = 0; i < scales[q]->points.size(); ++i) {
                const ScalePoint& point = scales[q]->points[i];
                if (point.substantive) add[i + 1] = static_cast<uint8_t>(place * (point.positive ? 2 : 1));
            }
            const uint8_t* a = answers[q]->data();
            for (size_t r = 0; r < n; ++r) column[r] = static_cast<uint8_t>(column[r] + add[a[r]]);
        }
        p.columns.push_back(std::move(column));
    }
    return p;
}

StateCounts count_states(const Split& split, const PackedStates& states) {
    StateCounts out;
    out.keys = split.key_count();
    out.questions = states.questions;
    out.counts.assign(out.keys * out.questions * 2, 0);
    const size_t n = split.keys.size();
    const uint16_t* keys = split.keys.data();
    std::vector<uint32_t> histogram(out.keys * kPackedValues);
    for (size_t j = 0; j < states.columns.size(); ++j) {
        std::fill(histogram.begin(), histogram.end(), 0);
        const uint8_t* v = states.columns[j].data();
        for (size_t r = 0; r < n; ++r) ++histogram[keys[r] * kPackedValues + v[r]];
        // Unpack: each packed value's count goes to the state of each of its questions.
        for (size_t k = 0; k < out.keys; ++k)
            for (size_t value = 0; value < kPackedValues; ++value) {
                const uint32_t c = histogram[k * kPackedValues + value];
                if (!c) continue;
                size_t rest = value;
                for (size_t q = j * kPerByte; q < std::min((j + 1) * kPerByte, out.questions); ++q, rest /= 3) {
                    const size_t state = rest % 3;
                    uint32_t* cell = &out.counts[(k * out.questions + q) * 2];
                    if (state >= 1) cell[0] += c;
                    if (state == 2) cell[1] += c;
                }
            }
    }
    return out;
}

}  // namespace gapfinder
