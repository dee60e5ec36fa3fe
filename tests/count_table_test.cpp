// Counting: the packed answer states that intersections use must give exactly the
// counts a full table of codes gives, for any number of questions (not only multiples of
// four) and any mix of blank, non-substantive, negative and positive answers.
#include "analysis/count_table.hpp"

#include <gtest/gtest.h>

#include <random>

#include "analysis/tally.hpp"
#include "test_support.hpp"

namespace gapfinder {
namespace {

TEST(CountTable, PackedStatesCountLikeFullTablesAcrossPairs) {
    const SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    const Scale& five_point = survey.questions[0].scale;  // 1-5 and a non-substantive "Don't know"
    const Scale& agree = survey.questions[1].scale;       // Agree / Disagree / Not applicable
    std::mt19937 random(2026);
    const size_t n = 5003, questions = 9;
    std::vector<const Scale*> scales;
    std::vector<std::vector<uint8_t>> answers(questions, std::vector<uint8_t>(n));
    for (size_t q = 0; q < questions; ++q) {
        scales.push_back(q % 2 ? &agree : &five_point);
        for (auto& a : answers[q]) a = static_cast<uint8_t>(random() % (scales[q]->points.size() + 1));
    }
    std::vector<const std::vector<uint8_t>*> answer_columns;
    for (const auto& a : answers) answer_columns.push_back(&a);
    const PackedStates states = pack_answer_states(scales, answer_columns);

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
    const CrossCounts packed = count_cross_states(a, b, states);
    ASSERT_EQ(packed.split.groups.size(), cross.groups.size());
    for (size_t g = 0; g < cross.groups.size(); ++g) EXPECT_EQ(packed.split.groups[g].id, cross.groups[g].id);

    for (size_t q = 0; q < questions; ++q) {
        const CountTable full = count_answers(cross, answers[q], scales[q]->points.size() + 1, {});
        const auto expected = tallies(full, ScaleCodes(*scales[q]));
        const auto from_states = tallies(packed.counts, q);
        ASSERT_EQ(expected.size(), from_states.size());
        for (size_t k = 0; k < expected.size(); ++k) {
            EXPECT_EQ(from_states[k].n, expected[k].n) << "question " << q << " key " << k;
            EXPECT_EQ(from_states[k].x, expected[k].x) << "question " << q << " key " << k;
        }
    }
}

}  // namespace
}  // namespace gapfinder
