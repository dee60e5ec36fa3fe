// A group's valid answers to one question, summed from a count table: what every
// statistic of the breakdown is computed from. Tallies add and subtract, so "the rest"
// of a group is the total less the group.
#pragma once

#include <limits>
#include <vector>

#include "analysis/count_table.hpp"
#include "domain/survey_definition.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

struct Tally {
    double n = 0;                  // respondents with a substantive answer
    double x = 0;                  // of whom positive
    double w = 0, wx = 0, w2 = 0;  // the same summed over weights (= n, x, n unweighted)
    std::vector<double> by_code;   // sum of weights per answer code (substantive codes),
                                   // for mean scores; empty when only states were counted
    // Cell key method (analysis/cell_key.hpp): the sums of the record keys of the
    // tally's members (everyone in its group, answered or not, so that a group's key is
    // the same on every question) and of its positive answers. Sums, not sums modulo
    // 256, so that they add and subtract like the counts (unsigned wrap-around keeps
    // them right modulo 256). Zero when the analysis does not perturb.
    uint64_t member_keys = 0, positive_keys = 0;

    explicit Tally(size_t codes = 0) : by_code(codes, 0.0) {}
    Tally& operator+=(const Tally& o);
    Tally& operator-=(const Tally& o);
    double rate() const { return w > 0 ? wx / w : std::numeric_limits<double>::quiet_NaN(); }
    double effective_n() const { return stats::kish_effective_n(w, w2); }
};

// The tally as the cell key method publishes it (analysis/cell_key.hpp): its count and
// positives each perturbed by their own cell key (the count never below `floor` when it
// reaches it), weighted sums scaled with them, and no answer-code sums, so that no mean
// score is computed from exact figures.
Tally perturbed(const Tally& t, double floor);

// A question's scale laid out by answer code (code 0 = not answered).
struct ScaleCodes {
    std::vector<double> score;
    std::vector<char> substantive, positive;
    explicit ScaleCodes(const Scale& scale);
};

// One tally per key of the table.
std::vector<Tally> tallies(const CountTable& table, const ScaleCodes& scale);


// Mean and variance of the scores (weighted: with the Kish base); NaN without by_code.
stats::Moments moments(const Tally& t, const ScaleCodes& scale, bool weighted);

}  // namespace gapfinder
