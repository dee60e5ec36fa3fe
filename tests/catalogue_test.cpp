#include "domain/catalogue.hpp"

#include <gtest/gtest.h>

#include <set>

namespace gapfinder {
namespace {

TEST(Catalogue, HoldsTheNineProtectedCharacteristicsPlusTwo) {
    std::set<std::string> protected_ids, others;
    for (const auto& c : catalogue()) (c.protected_characteristic ? protected_ids : others).insert(c.id);
    EXPECT_EQ(protected_ids, (std::set<std::string>{"age", "disability", "gender_reassignment", "marriage_civil_partnership",
                                                    "pregnancy_maternity", "race", "religion_belief", "sex", "sexual_orientation"}));
    EXPECT_EQ(others, (std::set<std::string>{"socio_economic", "caring"}));
}

TEST(Catalogue, EthnicGroupHasNineteenCensusCategoriesInFiveGroups) {
    const Characteristic* race = find_characteristic("race");
    ASSERT_NE(race, nullptr);
    size_t detailed = 0, groups = 0;
    for (const auto& cat : race->categories) (cat.group.empty() ? groups : detailed) += 1;
    EXPECT_EQ(detailed, 19u);
    EXPECT_EQ(groups, 5u);
    EXPECT_EQ(race->categories[race->group_of(race->find("indian"))].id, "asian");
    EXPECT_EQ(race->categories[race->group_of(race->find("roma"))].id, "white");
    EXPECT_EQ(race->group_of(race->find("black")), race->find("black"));
}

TEST(Catalogue, EveryGroupReferenceResolvesAndIdsAreUnique) {
    for (const auto& c : catalogue()) {
        std::set<std::string> ids;
        for (const auto& cat : c.categories) {
            EXPECT_TRUE(ids.insert(cat.id).second) << c.id << ": " << cat.id;
            if (!cat.group.empty()) {
                const int parent = c.find(cat.group);
                ASSERT_GE(parent, 0) << c.id << ": " << cat.id;
                EXPECT_TRUE(c.categories[parent].group.empty()) << "groups are one level deep";
            }
        }
    }
}

TEST(Catalogue, MatchesOnsLabelsSynonymsAndIdsIgnoringCaseAndTypography) {
    const Characteristic* race = find_characteristic("race");
    EXPECT_EQ(race->match_label("English, Welsh, Scottish, Northern Irish or British"), race->find("white_british"));
    EXPECT_EQ(race->match_label("  white   BRITISH "), race->find("white_british"));
    EXPECT_EQ(race->match_label("white_irish"), race->find("white_irish"));
    EXPECT_EQ(race->match_label("Martian"), -1);
    const Characteristic* sex = find_characteristic("sex");
    EXPECT_EQ(sex->match_label("Man"), sex->find("male"));
    const Characteristic* disability = find_characteristic("disability");
    EXPECT_EQ(disability->match_label("Yes"), disability->find("disabled"));
    EXPECT_EQ(normalise_label("Don\xE2\x80\x99t\xC2\xA0know"), "don't know");
}

TEST(Catalogue, WholeYearsFallIntoTheNarrowestAgeBand) {
    const Characteristic* age = find_characteristic("age");
    EXPECT_EQ(age->match_label("16"), age->find("age_16_24"));
    EXPECT_EQ(age->match_label("34"), age->find("age_25_34"));
    EXPECT_EQ(age->match_label("75"), age->find("age_75_plus"));
    EXPECT_EQ(age->match_label("15"), -1);
    EXPECT_EQ(age->match_label("25-34"), age->find("age_25_34"));
}

TEST(Catalogue, PreferNotToSayIsUndisclosedNotACategory) {
    EXPECT_TRUE(is_undisclosed_label("Prefer not to say"));
    EXPECT_TRUE(is_undisclosed_label("I\xE2\x80\x99" "d prefer not to say"));
    EXPECT_FALSE(is_undisclosed_label("No"));
    for (const auto& c : catalogue()) EXPECT_EQ(c.match_label("Prefer not to say"), -1) << c.id;
}

}  // namespace
}  // namespace gapfinder
