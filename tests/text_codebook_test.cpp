// The codebook (core/text/codebook.hpp), the rule coder with its negation and exclusion
// rules (rule_coder.hpp), and hand codes winning over rules (hand_codes.hpp).

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "text/codebook.hpp"
#include "text/hand_codes.hpp"
#include "text/rule_coder.hpp"
#include "util/errors.hpp"

namespace gapfinder::text {
namespace {

const char* kCodebook = R"({"question": "why",
  "themes": [
    {"id": "access", "label": "Access to buildings", "keywords": ["ramp", "wheelchair", "step"],
     "phrases": ["disabled parking"], "exclude": ["step change"]},
    {"id": "hours", "label": "Opening hours", "keywords": ["evenings", "weekend"], "phrases": ["opening hours"]}
  ]})";

Codebook parse(const std::string& json) {
    Stemmer stemmer;
    return parse_codebook(json, "codebook.json", stemmer);
}

std::string error_of(const std::string& json) {
    try {
        parse(json);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

std::vector<std::string> theme_ids(const std::vector<ThemeMatch>& matches) {
    std::vector<std::string> ids;
    for (const ThemeMatch& m : matches) ids.push_back(m.theme_id);
    return ids;
}

TEST(Codebook, ParsesAndStemsEveryEntry) {
    const Codebook codebook = parse(kCodebook);
    EXPECT_EQ(codebook.question, "why");
    ASSERT_EQ(codebook.themes.size(), 2u);
    const Theme& access = codebook.themes[0];
    EXPECT_EQ(access.label, "Access to buildings");
    EXPECT_EQ(access.keyword_stems, (std::vector<std::string>{"ramp", "wheelchair", "step"}));
    EXPECT_EQ(access.phrase_stems, (std::vector<std::vector<std::string>>{{"disabl", "park"}}));
    EXPECT_EQ(access.exclude_stems, (std::vector<std::vector<std::string>>{{"step", "chang"}}));
    EXPECT_EQ(codebook.themes[1].keyword_stems, (std::vector<std::string>{"even", "weekend"}));
    EXPECT_EQ(codebook.find("hours"), &codebook.themes[1]);
    EXPECT_EQ(codebook.find("nope"), nullptr);
}

TEST(Codebook, ErrorsNameTheFileTheThemeAndTheField) {
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [
        {"id": "a", "label": "A", "keywords": ["x"]}, {"id": "b", "label": "B", "keywords": ["y"]},
        {"id": "access", "label": "Access", "keywords": "ramp"}]})"),
              "codebook.json: theme 3 (\"access\"): \"keywords\" must be a list of strings");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keywords": ["x", 3]}]})"),
              "codebook.json: theme 1 (\"a\"): \"keywords\" must be a list of strings");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keywords": [], "phrases": []}]})"),
              "codebook.json: theme 1 (\"a\"): needs at least one entry in \"keywords\" or \"phrases\"");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keyword": ["x"]}]})"),
              "2 problems in the codebook:\n"
              "  codebook.json: theme 1 (\"a\"): \"keyword\" is not a known field (known: id, label, keywords, phrases, exclude)\n"
              "  codebook.json: theme 1 (\"a\"): needs at least one entry in \"keywords\" or \"phrases\"");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keywords": ["x"]},
                                                        {"id": "a", "label": "A2", "keywords": ["y"]}]})"),
              "codebook.json: theme 2 (\"a\"): \"id\" is used by an earlier theme");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"label": "A", "keywords": ["x"]}]})"),
              "codebook.json: theme 1: \"id\" is missing");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "Bad Id", "label": "A", "keywords": ["x"]}]})"),
              "codebook.json: theme 1: \"id\" \"Bad Id\" may hold only a-z, 0-9, _ and -");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keywords": ["disabled parking"]}]})"),
              "codebook.json: theme 1 (\"a\"): \"keywords\" entry \"disabled parking\" is more than one word (put it in \"phrases\")");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "phrases": ["--"]}]})"),
              "codebook.json: theme 1 (\"a\"): \"phrases\" entry \"--\" has no word in it");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": []})"),
              "codebook.json: \"themes\" must be a non-empty list of theme objects");
    EXPECT_EQ(error_of(R"({"question": "why", "themes": [{"id": "a", "label": "A", "keywords": ["x"]}], "extra": 1})"),
              "codebook.json: \"extra\" is not a known field (known: question, themes)");
    EXPECT_EQ(error_of(R"({"themes": [3]})"),
              "2 problems in the codebook:\n  codebook.json: \"question\" is missing\n  codebook.json: theme 1: must be an object");
    EXPECT_EQ(error_of("{\"question\": "), "codebook.json: not valid JSON: " + [] {
        try {
            Poco::JSON::Parser().parse("{\"question\": ");
        } catch (const Poco::Exception& e) {
            return e.message();
        }
        return std::string();
    }());
    EXPECT_EQ(error_of("[1]"), "codebook.json: the codebook must be one JSON object");
}

TEST(RuleCoder, MatchesKeywordsAfterStemmingAndPhrasesAsConsecutiveStems) {
    RuleCoder coder(parse(kCodebook));
    EXPECT_EQ(theme_ids(coder.code("The RAMPS are too steep for wheelchairs")), (std::vector<std::string>{"access"}));
    EXPECT_EQ(theme_ids(coder.code("More disabled parking and longer opening hours please")),
              (std::vector<std::string>{"access", "hours"}));
    EXPECT_TRUE(coder.code("parking for the disabled").empty());     // not consecutive
    EXPECT_TRUE(coder.code("I am disabled. Parking is fine").empty());  // not in one clause
    EXPECT_TRUE(coder.code("").empty());
}

// The coder's patterns point into its own codebook: moving it must keep them valid.
TEST(RuleCoder, StillCodesAfterBeingMoved) {
    RuleCoder first(parse(kCodebook));
    RuleCoder second = std::move(first);
    EXPECT_EQ(theme_ids(second.code("longer opening hours and a ramp")), (std::vector<std::string>{"access", "hours"}));
    RuleCoder third(parse(R"({"question": "q", "themes": [{"id": "x", "label": "X", "keywords": ["bus"]}]})"));
    third = std::move(second);
    EXPECT_EQ(theme_ids(third.code("the ramp")), (std::vector<std::string>{"access"}));
}

TEST(Codebook, UnreadableFileIsAnErrorNamingIt) {
    Stemmer stemmer;
    try {
        load_codebook("/nonexistent/codebook.json", stemmer);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "/nonexistent/codebook.json: cannot open the codebook");
    }
}

TEST(RuleCoder, SpansAreTheMatchedBytesOfTheComment) {
    RuleCoder coder(parse(kCodebook));
    const std::string comment = "Ramp broken; disabled  parking full, ramp again";
    const auto matches = coder.code(comment);
    ASSERT_EQ(matches.size(), 1u);
    std::vector<std::string> spans;
    for (const Span& s : matches[0].spans) spans.push_back(comment.substr(s.begin, s.end - s.begin));
    EXPECT_EQ(spans, (std::vector<std::string>{"Ramp", "disabled  parking", "ramp"}));
}

TEST(RuleCoder, NegatorWithinThreeTokensInTheSameClauseCancelsAnOccurrence) {
    RuleCoder coder(parse(kCodebook));
    EXPECT_TRUE(coder.code("There is no ramp").empty());                            // 1 back
    EXPECT_TRUE(coder.code("I did not find the wheelchair").empty());              // 3 back: not find the
    EXPECT_TRUE(coder.code("we don't need disabled parking").empty());             // n't, 2 back
    EXPECT_TRUE(coder.code("we dont need disabled parking").empty());              // typed without apostrophe
    EXPECT_TRUE(coder.code("never any step").empty());
    EXPECT_TRUE(coder.code("without a ramp").empty());
    EXPECT_TRUE(coder.code("hardly a ramp").empty());
    EXPECT_TRUE(coder.code("you cannot see the ramp").empty());
    EXPECT_TRUE(coder.code("it isn't the ramp").empty());
    // 4 tokens back: counts.
    EXPECT_EQ(theme_ids(coder.code("no problems with the ramp")), (std::vector<std::string>{"access"}));
    // The negator is in the previous clause: counts.
    EXPECT_EQ(theme_ids(coder.code("it's not bad. The ramp is steep")), (std::vector<std::string>{"access"}));
    EXPECT_EQ(theme_ids(coder.code("not really, ramp")), (std::vector<std::string>{"access"}));
    // One negated occurrence does not cancel another that is not negated.
    EXPECT_EQ(theme_ids(coder.code("no ramp at the front and the side ramp is broken")), (std::vector<std::string>{"access"}));
    // "knot" and "nothing" are not negators; "no" inside a phrase is not looked at.
    EXPECT_EQ(theme_ids(coder.code("a knot of wheelchairs")), (std::vector<std::string>{"access"}));
}

TEST(RuleCoder, NegatorsAreTheDocumentedWords) {
    for (const char* w : {"not", "no", "never", "without", "hardly", "cannot", "don't", "can't", "won't", "isn't",
                          "dont", "cant", "wont", "isnt", "didnt", "doesnt", "wasnt", "arent", "couldnt", "wouldnt",
                          "shouldnt", "havent", "hasnt"}) {
        EXPECT_TRUE(is_negator(w)) << w;
    }
    for (const char* w : {"knot", "nothing", "now", "note", "t", "n't"}) EXPECT_EQ(is_negator(w), std::string(w) == "n't") << w;
}

TEST(RuleCoder, PhraseWithTheNegatorInsideItMatches) {
    RuleCoder coder(parse(R"({"question": "why", "themes": [{"id": "access", "label": "Access", "phrases": ["no ramp"]}]})"));
    EXPECT_EQ(theme_ids(coder.code("There is no ramp")), (std::vector<std::string>{"access"}));
}

TEST(RuleCoder, ExclusionsRemoveOnlyTheOccurrencesTheyOverlap) {
    RuleCoder coder(parse(kCodebook));
    EXPECT_TRUE(coder.code("We need a step change in how you consult").empty());
    const std::string comment = "a step change, but the step is too high";
    const auto matches = coder.code(comment);
    ASSERT_EQ(matches.size(), 1u);
    ASSERT_EQ(matches[0].spans.size(), 1u);
    EXPECT_EQ(matches[0].spans[0].begin, comment.rfind("step"));
}

TEST(HandCodes, HandCodesWinForEveryHandCodedCommentIncludingNone) {
    HandCodes hand;
    hand.themes_by_comment["r1"] = {"hours"};
    hand.themes_by_comment["r2"] = {};  // read, nothing ticked: "hand-coded, none"
    hand.themes_by_comment["r4"] = {"access"};
    const std::map<CommentId, ThemeIds> rules = {{"r1", {"access"}}, {"r2", {"access", "hours"}}, {"r3", {"hours"}}};
    const auto combined = combine(hand, rules);
    ASSERT_EQ(combined.size(), 4u);
    EXPECT_EQ(combined.at("r1").themes, (ThemeIds{"hours"}));
    EXPECT_EQ(combined.at("r1").coded_by, CodedBy::hand);
    EXPECT_TRUE(combined.at("r2").themes.empty());
    EXPECT_EQ(combined.at("r2").coded_by, CodedBy::hand);
    EXPECT_EQ(combined.at("r3").themes, (ThemeIds{"hours"}));
    EXPECT_EQ(combined.at("r3").coded_by, CodedBy::rules);
    EXPECT_EQ(combined.at("r4").coded_by, CodedBy::hand);
}

TEST(HandCodes, UnknownThemeIsAnErrorNamingCommentAndTheme) {
    const Codebook codebook = parse(kCodebook);
    HandCodes hand;
    hand.themes_by_comment["r7"] = {"acces"};
    try {
        check_hand_codes(hand, codebook, "codes.xlsx");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "codes.xlsx: comment \"r7\": theme \"acces\" is not in the codebook for question \"why\"");
    }
    hand.themes_by_comment["r7"] = {"access"};
    EXPECT_NO_THROW(check_hand_codes(hand, codebook, "codes.xlsx"));
}

}  // namespace
}  // namespace gapfinder::text
