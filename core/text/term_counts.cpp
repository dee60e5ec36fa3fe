// Term counts for distinctive words; see term_counts.hpp.
#include "text/term_counts.hpp"

namespace gapfinder::text {

void add_terms(std::string_view comment, Stemmer& stemmer, stats::TermCounts& counts) {
    for (const std::string& term : unigrams_and_bigrams(tokenise_and_stem(comment, stemmer))) counts.counts[term] += 1;
}

stats::TermCounts count_terms(const std::vector<std::string_view>& comments, Stemmer& stemmer) {
    stats::TermCounts counts;
    for (std::string_view comment : comments) add_terms(comment, stemmer, counts);
    return counts;
}

}  // namespace gapfinder::text
