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
constexpr size_t kPackedValues = 256;
}  // namespace

PackedAnswers pack_answers(const std::vector<size_t>& codes, const std::vector<const std::vector<uint8_t>*>& answers) {
    PackedAnswers p;
    p.questions = codes.size();
    const size_t n = answers.empty() ? 0 : answers.front()->size();
    for (size_t first = 0; first < codes.size();) {
        // As many questions as fit the byte's 256 values.
        size_t last = first, values = 1;
        while (last < codes.size() && values * codes[last] <= kPackedValues) values *= codes[last++];
        std::vector<uint8_t> column(answers[first]->begin(), answers[first]->end());
        std::vector<PackedAnswers::Slot> slots{{first, codes[first]}};
        size_t place = codes[first];
        for (size_t q = first + 1; q < last; ++q) {
            const uint8_t* a = answers[q]->data();
            for (size_t r = 0; r < n; ++r) column[r] = static_cast<uint8_t>(column[r] + place * a[r]);
            slots.push_back({q, codes[q]});
            place *= codes[q];
        }
        p.columns.push_back(std::move(column));
        p.slots.push_back(std::move(slots));
        first = last;
    }
    return p;
}

namespace {

// Counts packed answers by a key computed per respondent, then unpacks each packed
// value's count to the code of each of its questions. respondents receives the count
// of each key over everyone.
template <typename KeyOf>
std::vector<CountTable> count_codes_by(size_t keys, size_t n, KeyOf key_of, const PackedAnswers& packed,
                                       std::span<const uint8_t> record_keys, std::vector<uint32_t>& respondents) {
    std::vector<CountTable> tables(packed.questions);
    for (const auto& slots : packed.slots)
        for (const auto& slot : slots) {
            CountTable& t = tables[slot.question];
            t.keys = keys;
            t.codes = slot.codes;
            t.count.assign(keys * slot.codes, 0);
            if (!record_keys.empty()) t.key_sum.assign(keys * slot.codes, 0), t.member_keys.assign(keys, 0);
        }
    respondents.assign(keys, 0);
    std::vector<uint32_t> histogram(keys * kPackedValues * kCopies);
    std::vector<uint64_t> sums;
    for (size_t j = 0; j < packed.columns.size(); ++j) {
        std::fill(histogram.begin(), histogram.end(), 0);
        const uint8_t* v = packed.columns[j].data();
        gapfinder::histogram(n, keys * kPackedValues, histogram.data(), [&](size_t r) { return key_of(r) * kPackedValues + v[r]; });
        if (!record_keys.empty()) {
            // The record keys summed the same way, for the cell key method.
            sums.assign(keys * kPackedValues, 0);
            for (size_t r = 0; r < n; ++r) sums[key_of(r) * kPackedValues + v[r]] += record_keys[r];
        }
        for (size_t k = 0; k < keys; ++k)
            for (size_t value = 0; value < kPackedValues; ++value) {
                const uint32_t c = histogram[k * kPackedValues + value];
                if (!c) continue;
                if (j == 0) respondents[k] += c;
                size_t rest = value;
                for (const auto& slot : packed.slots[j]) {
                    const size_t code = rest % slot.codes;
                    rest /= slot.codes;
                    CountTable& t = tables[slot.question];
                    t.count[k * slot.codes + code] += c;
                    if (sums.empty()) continue;
                    const uint64_t sum = sums[k * kPackedValues + value];
                    t.key_sum[k * slot.codes + code] += sum;
                    t.member_keys[k] += sum;
                }
            }
    }
    return tables;
}

}  // namespace

CrossCounts count_cross(const Split& a, const Split& b, const PackedAnswers& packed, std::span<const uint8_t> record_keys) {
    // Dense keys over both splits' keys, undisclosed included: a.key * kb + b.key.
    const size_t ka = a.key_count(), kb = b.key_count();
    const uint16_t* ak = a.keys.data();
    const uint16_t* bk = b.keys.data();
    std::vector<uint32_t> respondents;
    const std::vector<CountTable> dense = count_codes_by(
        ka * kb, a.keys.size(), [=](size_t r) { return static_cast<size_t>(ak[r]) * kb + bk[r]; }, packed, record_keys,
        respondents);

    CrossCounts out;
    out.split.id = a.id + " x " + b.id;
    out.split.label = a.label + " x " + b.label;
    std::vector<size_t> dense_of;  // dense key of each cell kept
    for (size_t i = 0; i + 1 < ka; ++i)
        for (size_t j = 0; j + 1 < kb; ++j) {
            if (!respondents[i * kb + j]) continue;
            dense_of.push_back(i * kb + j);
            out.split.groups.push_back({a.groups[i].id + " x " + b.groups[j].id, a.groups[i].label + " x " + b.groups[j].label});
            out.split.cells.push_back({static_cast<uint16_t>(i), static_cast<uint16_t>(j)});
        }
    out.split.rows = ka - 1, out.split.cols = kb - 1;
    const size_t keys = out.split.key_count(), undisclosed = out.split.undisclosed();
    for (const CountTable& d : dense) {
        CountTable t;
        t.keys = keys;
        t.codes = d.codes;
        t.count.assign(keys * t.codes, 0);
        const bool keyed = !d.key_sum.empty();
        if (keyed) t.key_sum.assign(keys * t.codes, 0), t.member_keys.assign(keys, 0);
        auto add = [&](size_t to, size_t from) {
            for (size_t c = 0; c < t.codes; ++c) {
                t.count[to * t.codes + c] += d.count[from * t.codes + c];
                if (keyed) t.key_sum[to * t.codes + c] += d.key_sum[from * t.codes + c];
            }
            if (keyed) t.member_keys[to] += d.member_keys[from];
        };
        for (size_t cell = 0; cell < dense_of.size(); ++cell) add(cell, dense_of[cell]);
        // Everyone undisclosed on either characteristic is the cross's undisclosed.
        for (size_t i = 0; i < ka; ++i)
            for (size_t j = 0; j < kb; ++j)
                if (i + 1 == ka || j + 1 == kb) add(undisclosed, i * kb + j);
        out.tables.push_back(std::move(t));
    }
    return out;
}

}  // namespace gapfinder
