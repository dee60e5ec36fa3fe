// Answers to one question tallied by the keys of one split: the one pass over
// respondent-level data that an analysis makes per question and split. Every figure
// the analysis reports is then computed from these small tables.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/splits.hpp"

namespace gapfinder {

struct CountTable {
    size_t keys = 0, codes = 0;
    std::vector<double> count;   // [key * codes + answer code]: respondents
    std::vector<double> sum_w;   // the same cells summed over weights (weighted only)
    std::vector<double> sum_w2;  // and over squared weights
    // With record keys (cell key method): their sum per cell, and per key over every
    // respondent of the key whatever the answer. Empty otherwise.
    std::vector<uint64_t> key_sum, member_keys;
    bool weighted() const { return !sum_w.empty(); }
};

// codes: the number of answer codes (scale points + 1, code 0 being "not answered").
// weights: empty for an unweighted table; respondents with weight 0 are left out.
// record_keys: empty, or one per respondent to sum per cell (Dataset::record_keys).
CountTable count_answers(const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                         std::span<const double> weights, std::span<const uint8_t> record_keys = {});

// Intersections need only each answer's state (not valid / valid but not positive /
// positive), so four questions share one byte (3^4 = 81 values) and a pair of
// characteristics is counted in a quarter of the passes. Respondent-level, built once.
struct PackedStates {
    size_t questions = 0;
    std::vector<std::vector<uint8_t>> columns;  // column j holds questions 4j .. 4j+3
};
// questions: the scale of each question, in the order its answers are given.
PackedStates pack_answer_states(const std::vector<const Scale*>& scales,
                                const std::vector<const std::vector<uint8_t>*>& answers);

// Valid and positive answers per key and question, counted from packed states.
struct StateCounts {
    size_t keys = 0, questions = 0;
    std::vector<uint32_t> counts;  // [(key * questions + question) * 2 + {0: valid, 1: positive}]
    std::vector<uint32_t> respondents;  // per key: everyone, valid answer or not
    // With record keys: their sums per key and question over positive answers, and per
    // key over everyone. Empty otherwise.
    std::vector<uint64_t> positive_keys, member_keys;
    double valid(size_t key, size_t q) const { return counts[(key * questions + q) * 2]; }
    double positive(size_t key, size_t q) const { return counts[(key * questions + q) * 2 + 1]; }
};
// The cross of two splits (as cross_splits makes it) with its state counts, counted
// straight from the two splits' keys: no per-respondent cell keys are built. The
// returned split has groups but no keys.
struct CrossCounts {
    Split split;
    StateCounts counts;
};
CrossCounts count_cross_states(const Split& a, const Split& b, const PackedStates& states,
                               std::span<const uint8_t> record_keys = {});

}  // namespace gapfinder
