// Counting: the packed answer codes that intersections count must give exactly the
// tables a pass per question over the cross's keys gives, for any number of questions,
// any mix of scale lengths (so bytes hold one, two or several questions) and with the
// record keys of the cell key method summed alike.
#include "analysis/count_table.hpp"

#include <gtest/gtest.h>

#include <random>

#include "test_support.hpp"

namespace gapfinder {
namespace {

TEST(CountTable, PackedCodesCountLikeFullTablesForSplitsAndPairs) {
    const SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    std::mt19937 random(2026);
    const size_t n = 5003;
    // Codes per question (scale points + 1): 5-point with "Don't know", yes/no/n.a.,
    // an 11-point 0-10 scale, a yes/no, and odd counts so that bytes fill unevenly.
    const std::vector<size_t> codes{7, 4, 12, 3, 7, 12, 12, 3, 4, 7, 2};
    std::vector<std::vector<uint8_t>> answers(codes.size(), std::vector<uint8_t>(n));
    for (size_t q = 0; q < codes.size(); ++q)
        for (auto& a : answers[q]) a = static_cast<uint8_t>(random() % codes[q]);
    std::vector<const std::vector<uint8_t>*> answer_columns;
    for (const auto& a : answers) answer_columns.push_back(&a);
    const PackedAnswers packed = pack_answers(codes, answer_columns);
    ASSERT_EQ(packed.questions, codes.size());
    ASSERT_LT(packed.columns.size(), codes.size()) << "some byte holds more than one question";

    std::vector<uint8_t> record_keys(n);
    for (auto& k : record_keys) k = static_cast<uint8_t>(random() % 256);

    // Two splits over race (7 recorded categories plus undisclosed) and sex.
    const Grouping& race = *survey.find_grouping("race");
    const Grouping& sex = *survey.find_grouping("sex");
    std::vector<uint8_t> race_codes(n), sex_codes(n);
    for (size_t r = 0; r < n; ++r) {
        race_codes[r] = r % 11 == 0 ? kUndisclosed : static_cast<uint8_t>(1 + random() % 7);
        sex_codes[r] = r % 13 == 0 ? kBlank : static_cast<uint8_t>(1 + random() % 2);
    }
    const Split a = make_split(race, race_codes, Level::recorded);
    const Split b = make_split(sex, sex_codes, Level::recorded);
    const Split cross = cross_splits(a, b);
    for (const bool keyed : {false, true}) {
        const std::span<const uint8_t> keys = keyed ? std::span<const uint8_t>(record_keys) : std::span<const uint8_t>();
        // One split's tables, column by column, as the main analysis counts them.
        for (size_t column = 0; column < packed.columns.size(); ++column) {
            const auto tables = count_packed_column(a, packed, column, keys);
            ASSERT_EQ(tables.size(), packed.columns[column].slots.size());
            for (size_t s = 0; s < tables.size(); ++s) {
                const size_t q = packed.columns[column].slots[s].question;
                const CountTable full = count_answers(a, answers[q], codes[q], {}, keys);
                EXPECT_EQ(tables[s].count, full.count) << "race, question " << q;
                EXPECT_EQ(tables[s].key_sum, full.key_sum) << "race, question " << q;
                EXPECT_EQ(tables[s].member_keys, full.member_keys) << "race, question " << q;
            }
        }
        const CrossCounts counted = count_cross(a, b, packed, keys);
        ASSERT_EQ(counted.split.groups.size(), cross.groups.size());
        for (size_t g = 0; g < cross.groups.size(); ++g) EXPECT_EQ(counted.split.groups[g].id, cross.groups[g].id);
        ASSERT_EQ(counted.tables.size(), codes.size());
        for (size_t q = 0; q < codes.size(); ++q) {
            const CountTable full = count_answers(cross, answers[q], codes[q], {}, keys);
            const CountTable& t = counted.tables[q];
            EXPECT_EQ(t.keys, full.keys) << "question " << q;
            EXPECT_EQ(t.codes, full.codes) << "question " << q;
            EXPECT_EQ(t.count, full.count) << "question " << q << (keyed ? " with record keys" : "");
            EXPECT_EQ(t.key_sum, full.key_sum) << "question " << q;
            EXPECT_EQ(t.member_keys, full.member_keys) << "question " << q;
        }
    }
}

}  // namespace
}  // namespace gapfinder
