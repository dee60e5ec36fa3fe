// Distinctive words: which terms one group of commenters uses more, or less, than the
// rest, by the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
// Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying
// the Content of Political Conflict", Political Analysis 16(4): 372-403, section 3.5.
//
// For each term w, with y_iw its count in the group i, y_jw its count in the rest j,
// n_i and n_j the groups' total counts, and a_w the prior count of w (a_0 = sum of a_w):
//   delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
//           - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))           (eq. 22)
//   var(delta_w) ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)              (eq. 20)
//   z_w = delta_w / sqrt(var(delta_w))
// The prior is informative: a_w = a_0 * (y_iw + y_jw) / (n_i + n_j), the term's share of
// the whole corpus (both groups) scaled to the chosen total a_0. A larger a_0 shrinks
// rare terms' deltas harder towards 0; MCQ's informative prior uses a corpus of about
// the same size as the data, and a_0 between a few hundred and the corpus size is usual.
// Positive z: the group uses the term more than the rest; |z| > 1.96 is the paper's
// (two-sided, unadjusted) threshold for calling a term distinctive.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace gapfinder::stats {

// How often each term occurs in one set of comments (unigrams and bigrams of stems,
// text/tokenise.hpp), and the total of those counts.
struct TermCounts {
    std::map<std::string, double> counts;
    double total() const;
};

struct DistinctiveTerm {
    std::string term;
    double delta = 0;     // log-odds ratio, group against rest
    double variance = 0;  // its approximate variance
    double z = 0;         // delta / sqrt(variance)
    double count_group = 0, count_rest = 0;
};

// Every term that occurs in either group, ranked by z from the most characteristic of
// the group to the most characteristic of the rest (ties by term). prior_total is a_0 and
// must be positive; an empty result when both groups are empty. Throws
// std::invalid_argument on a non-positive prior_total or a negative count.
std::vector<DistinctiveTerm> fightin_words(const TermCounts& group, const TermCounts& rest, double prior_total);

}  // namespace gapfinder::stats
