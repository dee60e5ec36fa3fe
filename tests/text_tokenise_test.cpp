// The tokeniser and stemmer of core/text/tokenise.hpp: British English comments as
// residents type them, with Latin-1 letters, typographic apostrophes and bad UTF-8.

#include <gtest/gtest.h>

#include "text/tokenise.hpp"

namespace gapfinder::text {
namespace {

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : tokenise(text)) out.push_back(t.word);
    return out;
}

TEST(Tokenise, LowerCasesAndSplitsOnPunctuation) {
    EXPECT_EQ(words("The Library's OPENING hours, wheel-chair access!"),
              (std::vector<std::string>{"the", "library's", "opening", "hours", "wheel", "chair", "access"}));
}

TEST(Tokenise, KeepsApostrophesInsideWordsOnly) {
    EXPECT_EQ(words("don\u2019t close it 'please' residents' bus"),
              (std::vector<std::string>{"don't", "close", "it", "please", "residents", "bus"}));
}

TEST(Tokenise, LowerCasesLatin1LettersAndKeepsThemInWords) {
    EXPECT_EQ(words("Café at ZOË's CRÈCHE"), (std::vector<std::string>{"café", "at", "zoë's", "crèche"}));
    EXPECT_EQ(words("3×4 ÷ 2"), (std::vector<std::string>{"3", "4", "2"}));  // × and ÷ are not letters
}

TEST(Tokenise, InvalidUtf8SeparatesWordsAndNeverThrows) {
    EXPECT_EQ(words("bus\xff" "stop \xe2\x82 route"), (std::vector<std::string>{"bus", "stop", "route"}));
    EXPECT_TRUE(words("").empty());
    EXPECT_TRUE(words(" \t\n.,").empty());
}

TEST(Tokenise, OffsetsPointIntoTheOriginalText) {
    const std::string text = "Café ramps";
    const auto tokens = tokenise(text);
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "Café");
    EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "ramps");
}

TEST(Tokenise, ClausesEndAtPunctuationAndLineBreaks) {
    const auto tokens = tokenise("not bad. the ramp; steps\nlift");
    ASSERT_EQ(tokens.size(), 6u);
    EXPECT_EQ(tokens[0].clause, tokens[1].clause);
    EXPECT_LT(tokens[1].clause, tokens[2].clause);
    EXPECT_EQ(tokens[2].clause, tokens[3].clause);
    EXPECT_LT(tokens[3].clause, tokens[4].clause);
    EXPECT_LT(tokens[4].clause, tokens[5].clause);
}

TEST(Stemmer, StemsWithSnowballEnglish) {
    Stemmer stemmer;
    EXPECT_EQ(stemmer.stem("ramps"), "ramp");
    EXPECT_EQ(stemmer.stem("wheelchairs"), "wheelchair");
    EXPECT_EQ(stemmer.stem("closing"), "close");
    EXPECT_EQ(stemmer.stem("closure"), "closur");
    EXPECT_EQ(stemmer.stem("libraries"), "librari");
    EXPECT_EQ(stemmer.stem("library"), "librari");
    EXPECT_EQ(stemmer.stem("council's"), "council");
}

TEST(Stemmer, RemembersStemsWithoutChangingThem) {
    Stemmer stemmer;
    std::vector<Token> tokens = tokenise("ramps ramps Ramps");
    stemmer.stem_all(tokens);
    for (const Token& t : tokens) EXPECT_EQ(t.stem, "ramp");
    EXPECT_EQ(stemmer.stem("ramps"), "ramp");
}

TEST(Stemmer, IsMovable) {
    Stemmer first;
    Stemmer second = std::move(first);
    EXPECT_EQ(second.stem("ramps"), "ramp");
    Stemmer third;
    third = std::move(second);
    EXPECT_EQ(third.stem("routes"), "rout");
}

// Porter2 leaves "buses" as "buse", not "bus": a codebook lists both (docs/comments.md).
TEST(Stemmer, KeepsSnowballsOwnAnswersEvenWhereTheyLookOdd) {
    Stemmer stemmer;
    EXPECT_EQ(stemmer.stem("buses"), "buse");
    EXPECT_EQ(stemmer.stem("bus"), "bus");
}

TEST(Terms, UnigramsThenBigramsWithinAClause) {
    Stemmer stemmer;
    const auto tokens = tokenise_and_stem("Bus routes, cut services", stemmer);
    EXPECT_EQ(unigrams_and_bigrams(tokens),
              (std::vector<std::string>{"bus", "rout", "cut", "servic", "bus rout", "cut servic"}));
}

}  // namespace
}  // namespace gapfinder::text
