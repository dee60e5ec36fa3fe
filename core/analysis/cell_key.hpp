// The cell key method (docs/method.md, "Perturbation: the cell key method"): the
// defence of a flexible table builder against differencing, as the ONS (Census 2021
// custom datasets) and the ABS (TableBuilder) use it.
//
// Every respondent carries a record key, 1 to 255, drawn from a secret the store holds
// (a reader cannot compute it). A published count's cell key is the sum of its
// respondents' record keys modulo 256, and its perturbation is read from a fixed table
// by that cell key. So the same respondents always give the same count, whichever
// request or route they are reached by, and repeating a request learns nothing; two
// counts that differ by a few respondents have different cell keys, and their
// difference carries the noise of both.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/dataset.hpp"

namespace gapfinder::cell_key {

// The published parameters: cell keys modulo kRange, perturbations -kMax..kMax, with
// kShare[j + kMax] of the kRange cell keys giving perturbation j. Symmetric (no bias),
// variance 1.95, and thin tails: a perturbation of 4 has 2 keys in 256, so that a
// difference of published counts sits at the edge of its noise, where the noise would
// give it away, very rarely (docs/method.md).
constexpr int kRange = 256;
constexpr int kMax = 4;
constexpr std::array<int, 2 * kMax + 1> kShare = {2, 8, 24, 50, 88, 50, 24, 8, 2};

// A count of positive answers has the cell key (positive keys + kMix x member keys):
// odd, so that the members' keys reach every residue.
constexpr uint64_t kMix = 131;

// The perturbation a cell key gives (-kMax..kMax): keys are laid out in order of j, so
// kShare[0] keys give -kMax, and so on.
int perturbation(uint64_t key_sum);

// Variance of the perturbation: sum over j of j^2 * kShare[j] / kRange (500/256 = 1.95).
double variance();

// A count as published: count + perturbation, never below `floor` when count reaches
// it (a group shown has at least the suppression threshold), and 0 stays 0 (an empty
// cell has no respondents to draw noise from, as in the ONS method).
double perturb(double count, uint64_t key_sum, double floor = 1);

// One record key per respondent, 1..255, from the store's secret, the survey, the wave
// and the respondent's id: HMAC-SHA256 gives a key for the wave, AES-128 of each id's
// digest under it the record key. Stable for as long as the store keeps its secret.
std::vector<uint8_t> record_keys(std::string_view secret, const std::string& survey, const std::string& wave, const IdColumn& ids);

// What perturbed counts mean, in plain words, for every page and download that shows
// them (the report, the plan; the web pages say the same).
extern const char* const kPerturbedCountsInWords;

}  // namespace gapfinder::cell_key
