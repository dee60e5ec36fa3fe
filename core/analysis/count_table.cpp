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
constexpr size_t kByteValues = 256;
}  // namespace

PackedAnswers pack_answers(const std::vector<size_t>& codes, const std::vector<const std::vector<uint8_t>*>& answers) {
    PackedAnswers p;
    p.questions = codes.size();
    const size_t n = answers.empty() ? 0 : answers.front()->size();
    for (size_t first = 0; first < codes.size();) {
        // As many questions as fit the byte's 256 values.
        PackedAnswers::Column column;
        column.values.assign(answers[first]->begin(), answers[first]->end());
        column.slots.push_back({first, codes[first]});
        column.radix = codes[first];
        size_t q = first + 1;
        for (; q < codes.size() && column.radix * codes[q] <= kByteValues; ++q) {
            const uint8_t* a = answers[q]->data();
            const size_t place = column.radix;
            for (size_t r = 0; r < n; ++r) column.values[r] = static_cast<uint8_t>(column.values[r] + place * a[r]);
            column.slots.push_back({q, codes[q]});
            column.radix *= codes[q];
        }
        p.columns.push_back(std::move(column));
        first = q;
    }
    return p;
}

namespace {

// Counts one packed column by a key computed per respondent, then unpacks each packed
// value's count to the code of each of the column's questions, adding to tables (one
// per slot, sized). respondents, when given, receives the count of each key over
// everyone.
template <typename KeyOf>
void count_column(size_t keys, size_t n, KeyOf key_of, const PackedAnswers::Column& column,
                  std::span<const uint8_t> record_keys, std::span<CountTable> tables, std::vector<uint32_t>* respondents) {
    // The histogram is as wide as the column's values really are (49 for two 7-code
    // questions, not 256), so that it stays in cache for crosses of many keys.
    const size_t radix = column.radix;
    std::vector<uint32_t> histogram(keys * radix * kCopies, 0);
    const uint8_t* v = column.values.data();
    gapfinder::histogram(n, keys * radix, histogram.data(), [&](size_t r) { return key_of(r) * radix + v[r]; });
    std::vector<uint64_t> sums;
    if (!record_keys.empty()) {
        // The record keys summed the same way, for the cell key method.
        sums.assign(keys * radix, 0);
        for (size_t r = 0; r < n; ++r) sums[key_of(r) * radix + v[r]] += record_keys[r];
    }
    if (respondents) respondents->assign(keys, 0);
    for (size_t k = 0; k < keys; ++k)
        for (size_t value = 0; value < radix; ++value) {
            const uint32_t c = histogram[k * radix + value];
            if (!c) continue;
            if (respondents) (*respondents)[k] += c;
            size_t rest = value;
            for (size_t s = 0; s < column.slots.size(); ++s) {
                const size_t codes = column.slots[s].codes;
                const size_t code = rest % codes;
                rest /= codes;
                CountTable& t = tables[s];
                t.count[k * codes + code] += c;
                if (sums.empty()) continue;
                const uint64_t sum = sums[k * radix + value];
                t.key_sum[k * codes + code] += sum;
                t.member_keys[k] += sum;
            }
        }
}

// Empty tables for a column's questions over `keys` keys.
std::vector<CountTable> tables_for(const PackedAnswers::Column& column, size_t keys, bool keyed) {
    std::vector<CountTable> tables(column.slots.size());
    for (size_t s = 0; s < tables.size(); ++s) {
        CountTable& t = tables[s];
        t.keys = keys;
        t.codes = column.slots[s].codes;
        t.count.assign(keys * t.codes, 0);
        if (keyed) t.key_sum.assign(keys * t.codes, 0), t.member_keys.assign(keys, 0);
    }
    return tables;
}

}  // namespace

std::vector<CountTable> count_packed_column(const Split& split, const PackedAnswers& packed, size_t column,
                                            std::span<const uint8_t> record_keys) {
    const PackedAnswers::Column& c = packed.columns[column];
    std::vector<CountTable> tables = tables_for(c, split.key_count(), !record_keys.empty());
    const uint16_t* keys = split.keys.data();
    count_column(split.key_count(), split.keys.size(), [=](size_t r) { return static_cast<size_t>(keys[r]); }, c, record_keys,
                 tables, nullptr);
    return tables;
}

CrossCounts count_cross(const Split& a, const Split& b, const PackedAnswers& packed, std::span<const uint8_t> record_keys) {
    // Dense keys over both splits' keys, undisclosed included: a.key * kb + b.key.
    const size_t ka = a.key_count(), kb = b.key_count();
    const uint16_t* ak = a.keys.data();
    const uint16_t* bk = b.keys.data();
    auto dense_key = [=](size_t r) { return static_cast<size_t>(ak[r]) * kb + bk[r]; };
    std::vector<CountTable> dense(packed.questions);
    std::vector<uint32_t> respondents;
    for (size_t j = 0; j < packed.columns.size(); ++j) {
        const PackedAnswers::Column& column = packed.columns[j];
        std::vector<CountTable> tables = tables_for(column, ka * kb, !record_keys.empty());
        count_column(ka * kb, a.keys.size(), dense_key, column, record_keys, tables, j == 0 ? &respondents : nullptr);
        for (size_t s = 0; s < tables.size(); ++s) dense[column.slots[s].question] = std::move(tables[s]);
    }

    CrossCounts out;
    out.split.id = a.id + " x " + b.id;
    out.split.label = a.label + " x " + b.label;
    std::vector<size_t> dense_of;  // dense key of each cell kept
    for (size_t i = 0; i + 1 < ka; ++i)
        for (size_t j = 0; j + 1 < kb; ++j) {
            if (respondents.empty() || !respondents[i * kb + j]) continue;
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
