// Counting the terms of a set of comments for the distinctive-words statistic
// (stats/fightin_words.hpp): every occurrence of every unigram and bigram of stems
// (tokenise.hpp, unigrams_and_bigrams), summed over the comments. Occurrences, not
// comments, are counted, as Monroe, Colaresi & Quinn count words in speeches.
#pragma once

#include <string_view>
#include <vector>

#include "stats/fightin_words.hpp"
#include "text/tokenise.hpp"

namespace gapfinder::text {

// Adds the terms of one comment to `counts`.
void add_terms(std::string_view comment, Stemmer& stemmer, stats::TermCounts& counts);

// The terms of all the comments.
stats::TermCounts count_terms(const std::vector<std::string_view>& comments, Stemmer& stemmer);

}  // namespace gapfinder::text
