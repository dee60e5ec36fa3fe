#include "analysis/count_table.hpp"

#include <algorithm>

namespace gapfinder {

namespace {

// Survey data repeats itself: consecutive respondents often land in the same cell, and
// incrementing one counter twice in a row waits on the store before it. Counting into
// kCopies interleaved copies of the histogram and adding them up at the end keeps the
// increments independent (about twice as fast here). counts must hold cells * kCopies
// zeros; the total is left in the first `cells`.
constexpr size_t kCopies = 4;

template <typename CellOf>
void histogram(size_t n, size_t cells, uint32_t* counts, CellOf cell_of) {
    uint32_t* c0 = counts;
    uint32_t* c1 = counts + cells;
    uint32_t* c2 = counts + 2 * cells;
    uint32_t* c3 = counts + 3 * cells;
    size_t r = 0;
    for (; r + 4 <= n; r += 4) {
        ++c0[cell_of(r)];
        ++c1[cell_of(r + 1)];
        ++c2[cell_of(r + 2)];
        ++c3[cell_of(r + 3)];
    }
    for (; r < n; ++r) ++c0[cell_of(r)];
    for (size_t i = 0; i < cells; ++i) c0[i] += c1[i] + c2[i] + c3[i];
}

}  // namespace

CountTable count_answers(const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                         std::span<const double> weights, std::span<const uint8_t> record_keys) {
    CountTable t;
    t.keys = split.key_count();
    t.codes = codes;
    const size_t cells = t.keys * codes;
    const size_t n = answers.size();
    const uint16_t* keys = split.keys.data();
    const uint8_t* a = answers.data();
    if (!record_keys.empty()) {
        t.key_sum.assign(cells, 0);
        t.member_keys.assign(t.keys, 0);
        for (size_t r = 0; r < n; ++r) {
            t.key_sum[keys[r] * codes + a[r]] += record_keys[r];
            t.member_keys[keys[r]] += record_keys[r];
        }
    }
    if (weights.empty()) {
        // Integer counting, then one conversion: the hot loop is an increment.
        std::vector<uint32_t> counts(cells * kCopies, 0);
        histogram(n, cells, counts.data(), [&](size_t r) { return keys[r] * codes + a[r]; });
        t.count.assign(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(cells));
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

namespace {

// Counts packed states by a key computed per respondent, then unpacks each packed
// value's count to the state of each of its questions.
template <typename KeyOf>
StateCounts count_states_by(size_t keys, size_t n, KeyOf key_of, const PackedStates& states,
                            std::span<const uint8_t> record_keys) {
    StateCounts out;
    out.keys = keys;
    out.questions = states.questions;
    out.counts.assign(out.keys * out.questions * 2, 0);
    std::vector<uint32_t> histogram(keys * kPackedValues * kCopies);
    for (size_t j = 0; j < states.columns.size(); ++j) {
        std::fill(histogram.begin(), histogram.end(), 0);
        const uint8_t* v = states.columns[j].data();
        gapfinder::histogram(n, keys * kPackedValues, histogram.data(), [&](size_t r) { return key_of(r) * kPackedValues + v[r]; });
        for (size_t k = 0; k < keys; ++k)
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
        if (!record_keys.empty()) {
            // The record keys summed the same way, for the cell key method: positive
            // answers per key and question, and (once) everyone per key.
            if (j == 0) out.positive_keys.assign(out.keys * out.questions, 0), out.member_keys.assign(keys, 0);
            std::vector<uint64_t> sums(keys * kPackedValues, 0);
            for (size_t r = 0; r < n; ++r) sums[key_of(r) * kPackedValues + v[r]] += record_keys[r];
            for (size_t k = 0; k < keys; ++k)
                for (size_t value = 0; value < kPackedValues; ++value) {
                    const uint64_t sum = sums[k * kPackedValues + value];
                    if (j == 0) out.member_keys[k] += sum;
                    size_t rest = value;
                    for (size_t q = j * kPerByte; q < std::min((j + 1) * kPerByte, out.questions); ++q, rest /= 3)
                        if (rest % 3 == 2) out.positive_keys[k * out.questions + q] += sum;
                }
        }
        // Column 0's histogram also says which keys hold anybody at all.
        if (j == 0) {
            out.respondents.assign(keys, 0);
            for (size_t k = 0; k < keys; ++k)
                for (size_t value = 0; value < kPackedValues; ++value) out.respondents[k] += histogram[k * kPackedValues + value];
        }
    }
    return out;
}

}  // namespace

CrossCounts count_cross_states(const Split& a, const Split& b, const PackedStates& states, std::span<const uint8_t> record_keys) {
    // Dense keys over both splits' keys, undisclosed included: a.key * (kb + 1) + b.key.
    const size_t ka = a.key_count(), kb = b.key_count();
    const uint16_t* ak = a.keys.data();
    const uint16_t* bk = b.keys.data();
    const StateCounts dense =
        count_states_by(ka * kb, a.keys.size(), [=](size_t r) { return static_cast<size_t>(ak[r]) * kb + bk[r]; }, states,
                        record_keys);

    CrossCounts out;
    out.split.id = a.id + " x " + b.id;
    out.split.label = a.label + " x " + b.label;
    std::vector<size_t> dense_of;  // dense key of each cell kept
    for (size_t i = 0; i + 1 < ka; ++i)
        for (size_t j = 0; j + 1 < kb; ++j) {
            if (dense.respondents.empty() || !dense.respondents[i * kb + j]) continue;
            dense_of.push_back(i * kb + j);
            out.split.groups.push_back({a.groups[i].id + " x " + b.groups[j].id, a.groups[i].label + " x " + b.groups[j].label});
            out.split.cells.push_back({static_cast<uint16_t>(i), static_cast<uint16_t>(j)});
        }
    out.split.rows = ka - 1, out.split.cols = kb - 1;
    StateCounts& c = out.counts;
    c.keys = out.split.key_count();
    c.questions = dense.questions;
    c.counts.assign(c.keys * c.questions * 2, 0);
    c.respondents.assign(c.keys, 0);
    const bool keyed = !dense.positive_keys.empty();
    if (keyed) c.positive_keys.assign(c.keys * c.questions, 0), c.member_keys.assign(c.keys, 0);
    auto add = [&](size_t to, size_t from) {
        for (size_t q = 0; q < c.questions * 2; ++q) c.counts[to * c.questions * 2 + q] += dense.counts[from * c.questions * 2 + q];
        c.respondents[to] += dense.respondents.empty() ? 0 : dense.respondents[from];
        if (!keyed) return;
        for (size_t q = 0; q < c.questions; ++q) c.positive_keys[to * c.questions + q] += dense.positive_keys[from * c.questions + q];
        c.member_keys[to] += dense.member_keys[from];
    };
    for (size_t cell = 0; cell < dense_of.size(); ++cell) add(cell, dense_of[cell]);
    // Everyone undisclosed on either characteristic is the cross's undisclosed.
    const size_t undisclosed = out.split.undisclosed();
    for (size_t i = 0; i < ka; ++i)
        for (size_t j = 0; j < kb; ++j)
            if (i + 1 == ka || j + 1 == kb) add(undisclosed, i * kb + j);
    return out;
}

}  // namespace gapfinder
