// Distinctive words by group (issue 19, item 4): for each group of one characteristic,
// the terms (word stems and pairs of stems) its commenters use most, and least, against
// everyone else who commented, by the Fightin' Words statistic (stats/fightin_words.hpp).
// It is where a codebook starts: the words a group uses more are themes to look for.
//
// Every list is a published table whose reader may run unlimited queries, so:
//   - a group is listed only when at least `min_commenters` (the survey's suppression
//     threshold) of its people commented; "not disclosed" and blank are never listed,
//     and are left out of "the rest";
//   - a term is shown for a group only when at least `min_respondents` (the same
//     threshold) different people in the group used it, and for "the rest" only when at
//     least that many of the rest did, so a rare word, such as a name, a street or a
//     number, never appears however the query is put;
//   - each shown term, in the words people typed it (its most frequent spelling), goes
//     through the redactor (redact.hpp), in lower case and capitalised, as a second
//     guard: a term the redactor would change is withheld, and the count withheld said;
//   - the counts shown (commenters, people using a term, occurrences) are rounded as the
//     survey publishes counts (round_counts_to), so no route gives one exact.
#pragma once

#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "text/redact.hpp"

namespace gapfinder::text {

struct WordsRequest {
    std::string comment;   // a comment question's id
    std::string grouping;  // a characteristic or dimension id
    size_t top = 15;       // terms per list
    double min_commenters = 10;
    double min_respondents = 10;
    double prior_total = 1000;  // a_0 of the informative Dirichlet prior
    int round_counts_to = 0;    // the survey's: the counts shown are rounded as it publishes counts
};

struct ShownTerm {
    std::string term;  // as typed, most often: "wheelchair", "bus route"
    std::string stem;  // the stems counted: "wheelchair", "bus rout"
    double z = 0, delta = 0;
    double count_group = 0, count_rest = 0;  // occurrences
    size_t respondents_group = 0, respondents_rest = 0;  // different people using it
};

struct GroupWords {
    std::string group_id, group_label;
    size_t commenters = 0;
    bool too_small = false;
    std::vector<ShownTerm> more;  // the group uses them more than the rest, by z
    std::vector<ShownTerm> less;  // the rest use them more, by -z
    size_t withheld = 0;  // terms left out by the redactor's guard
};

// One entry per category of the grouping, in the catalogue's order. Throws InputError
// naming the comment question or grouping when the survey lacks them.
std::vector<GroupWords> distinctive_words(const SurveyDefinition& survey, const Dataset& data, const WordsRequest& request,
                                          const Redactor& redactor);

}  // namespace gapfinder::text
