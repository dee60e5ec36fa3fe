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
    bool weighted() const { return !sum_w.empty(); }
};

// codes: the number of answer codes (scale points + 1, code 0 being "not answered").
// weights: empty for an unweighted table; respondents with weight 0 are left out.
CountTable count_answers(const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                         std::span<const double> weights);

}  // namespace gapfinder
