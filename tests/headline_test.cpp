// The headline (exports/headline): confirmed gaps only, largest first, each said from
// the side of the group behind (a comment theme's from the group tested), in the
// question's outcome wording.
#include "headline/headline.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace gapfinder {
namespace {

GroupResult row(const std::string& question, const std::string& characteristic, const std::string& group,
                const std::string& label, double rate, double rest_rate, bool flagged) {
    GroupResult r;
    r.question = question;
    r.characteristic = characteristic;
    r.group = group;
    r.group_label = label;
    r.n = 300;
    r.rate = rate;
    r.rest_rate = rest_rate;
    r.gap_pp = 100 * (rate - rest_rate);
    r.flagged = flagged;
    return r;
}

class HeadlineTest : public ::testing::Test {
protected:
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
};

TEST_F(HeadlineTest, ConfirmedGapsOnlyLargestFirstInTheOutcomesWords) {
    Findings f;
    f.wave = "2025";
    f.results = {
        row("sat_area", "age", "age_16_24", "16 to 24", 0.637, 0.799, true),
        row("sat_area", "race", "caribbean", "Caribbean", 0.50, 0.80, false),  // larger, not confirmed
        row("treated_fairly", "disability", "disabled", "Disabled", 0.62, 0.758, true),
    };
    const headline::Headline h = headline::headline(f, survey);
    EXPECT_EQ(h.confirmed, 2u);
    EXPECT_EQ(h.lead, "2 gaps between groups were confirmed, largest first:");
    ASSERT_EQ(h.sentences.size(), 2u);
    EXPECT_EQ(h.sentences[0].text,
              "Residents aged 16 to 24: 63.7% say they are satisfied with their local area as a place to live, against 79.9% "
              "of other residents (16.2 points lower).");
    EXPECT_EQ(h.sentences[1].group, "disabled");
    EXPECT_EQ(h.sentences[1].text.rfind("Disabled residents: 62.0% say they ", 0), 0u) << h.sentences[1].text;
    EXPECT_NE(h.sentences[1].text.find("(13.8 points lower)"), std::string::npos);
}

TEST_F(HeadlineTest, ATwoGroupContrastIsSaidFromTheGroupBehind) {
    Findings f;
    f.wave = "2025";
    // The smaller group carries the test and is ahead; its mirror is behind.
    GroupResult ahead = row("sat_council", "sex", "male", "Male", 0.65, 0.55, true);
    GroupResult behind = row("sat_council", "sex", "female", "Female", 0.55, 0.65, false);
    behind.mirror_of = "male";
    f.results = {behind, ahead};
    const headline::Headline h = headline::headline(f, survey);
    ASSERT_EQ(h.sentences.size(), 1u);
    EXPECT_EQ(h.lead, "1 gap between groups was confirmed:");
    EXPECT_EQ(h.sentences[0].group, "female");
    EXPECT_EQ(h.sentences[0].text.rfind("Female residents: 55.0% say they are satisfied with the way the council runs things", 0), 0u)
        << h.sentences[0].text;
    EXPECT_NE(h.sentences[0].text.find("(10.0 points lower)"), std::string::npos);
}

// Mentioning a comment theme is neither ahead nor behind: the gap is said from the group
// tested, the group that raises the theme more here, not turned round into "respondents
// who are not disabled ... lower".
TEST_F(HeadlineTest, ACommentThemeIsSaidFromTheGroupTested) {
    const SurveyDefinition consultation =
        SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/library-consultation.json");
    Findings f;
    f.wave = "2025";
    GroupResult tested = row("why_support__access", "disability", "disabled", "Disabled under the Equality Act", 0.262, 0.095, true);
    GroupResult mirror = row("why_support__access", "disability", "not_disabled", "Not disabled", 0.095, 0.262, false);
    mirror.mirror_of = "disabled";
    f.results = {tested, mirror};
    const headline::Headline h = headline::headline(f, consultation);
    ASSERT_EQ(h.sentences.size(), 1u);
    EXPECT_EQ(h.sentences[0].group, "disabled") << h.sentences[0].text;
    EXPECT_NE(h.sentences[0].text.find("26.2% mention access to buildings, against 9.5%"), std::string::npos)
        << h.sentences[0].text;
    EXPECT_NE(h.sentences[0].text.find("(16.7 points higher)"), std::string::npos) << h.sentences[0].text;
}

TEST_F(HeadlineTest, NoneConfirmedIsSaidAndALongListIsCut) {
    Findings f;
    f.wave = "2024";
    f.results = {row("sat_area", "race", "caribbean", "Caribbean", 0.5, 0.8, false)};
    const headline::Headline none = headline::headline(f, survey);
    EXPECT_EQ(none.confirmed, 0u);
    EXPECT_TRUE(none.sentences.empty());
    EXPECT_EQ(none.lead.rfind("No gap between groups was confirmed in wave 2024", 0), 0u) << none.lead;

    f.results.clear();
    for (int i = 0; i < 7; ++i) f.results.push_back(row("sat_area", "age", "age_16_24", "16 to 24", 0.5, 0.6 + 0.01 * i, true));
    const headline::Headline many = headline::headline(f, survey, 5);
    EXPECT_EQ(many.confirmed, 7u);
    EXPECT_EQ(many.sentences.size(), 5u);
    EXPECT_EQ(many.lead, "7 gaps between groups were confirmed. The 5 largest:");
    EXPECT_NE(many.sentences[0].text.find("(16.0 points lower)"), std::string::npos);
}

// Weighted, the headline says why it confirms fewer gaps, with the effective sample size.
TEST_F(HeadlineTest, TheWeightedViewSaysWhyItConfirmsWhatItDoes) {
    Findings f;
    f.wave = "2025";
    f.settings.weighted = true;
    f.weighting.kept = 2400;
    f.weighting.design_effect = 1.6;
    f.weighting.unweighted_flagged = 3;
    f.results = {row("sat_area", "age", "age_16_24", "16 to 24", 0.637, 0.799, true)};
    const headline::Headline h = headline::headline(f, survey);
    EXPECT_NE(h.weighting.find("the 2,400 residents weighted carry the information of about 1,500 (design effect 1.60), so a "
                               "gap must be larger to be confirmed: 1 gap confirmed weighted, against 3 gaps unweighted."),
              std::string::npos)
        << h.weighting;
    f.settings.weighted = false;
    EXPECT_EQ(headline::headline(f, survey).weighting, "");
}

}  // namespace
}  // namespace gapfinder
