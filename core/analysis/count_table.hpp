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

// Unweighted analyses count several questions in one pass. Their answer codes share one
// byte (mixed radix: the product of their codes is at most 256, so two 5-point scales
// with "Don't know" and blank, or five yes/no questions), and one histogram pass over a
// split's keys counts them all: the full code counts that rates, means and tests need,
// at a fraction of a pass per question. Built once per analysis.
struct PackedAnswers {
    struct Slot {
        size_t question, codes;  // codes: the question's radix in its byte
    };
    struct Column {
        std::vector<uint8_t> values;  // per respondent
        size_t radix = 1;             // values run from 0 to radix - 1: the product of the slots' codes
        std::vector<Slot> slots;      // its questions, least significant first
    };
    size_t questions = 0;
    std::vector<Column> columns;
};
// codes[q]: the number of answer codes of question q (scale points + 1).
PackedAnswers pack_answers(const std::vector<size_t>& codes, const std::vector<const std::vector<uint8_t>*>& answers);

// The unweighted count tables of one packed column's questions by a split's keys, one
// per slot, equal to count_answers' for each question.
std::vector<CountTable> count_packed_column(const Split& split, const PackedAnswers& packed, size_t column,
                                            std::span<const uint8_t> record_keys = {});

// The cross of two splits (as cross_splits makes it) with one unweighted count table
// per question, counted straight from the two splits' keys: no per-respondent cell keys
// are built. The returned split has groups but no keys.
struct CrossCounts {
    Split split;
    std::vector<CountTable> tables;  // per question, over the cross's keys
};
CrossCounts count_cross(const Split& a, const Split& b, const PackedAnswers& packed,
                        std::span<const uint8_t> record_keys = {});

}  // namespace gapfinder
