// Disclosure control attacked as a reader who can subtract would attack it: on the
// bundled samples, for every question, every characteristic and every pair of them,
// the published tables must leave no hidden count that a margin gives back, alone or as
// a total under the threshold (docs/method.md, "Small-group suppression" and "The
// disclosure floor"). The bundled consultation's coded comment themes are attacked
// like any question.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/breakdown.hpp"
#include "domain/survey_definition.hpp"
#include "store/store.hpp"
#include "test_support.hpp"

namespace gapfinder {
namespace {

// What the reader sees (the published findings) beside what the store knows (the same
// analysis with nothing hidden), for one wave of a bundled survey.
struct Published {
    Findings shown, truth;
};

Published analyse_both(const std::string& survey_id, const std::string& wave) {
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/" + survey_id + ".json");
    Store store(test::demo_dir().file("gapfinder.db"));
    const Dataset data = store.load_wave(survey, wave);
    AnalysisSettings s;
    s.intersections = true;
    AnalysisSettings exact = s;
    exact.below_disclosure_floor = true;
    exact.suppress_below = 0;  // every base shown, none with a valid answer included
    exact.min_base = 0;
    return {analyse(survey, data, wave, s), analyse(survey, data, wave, exact)};
}

// The exact base of every row, by question, characteristic and group.
std::map<std::string, double> exact_bases(const std::vector<GroupResult>& rows) {
    std::map<std::string, double> out;
    for (const auto& r : rows) out[r.question + "|" + r.characteristic + "|" + r.group] = r.n;
    return out;
}

// One table as the attacker sees it: each cell's exact count (which the attacker wants)
// and whether it is published, and its lines (a characteristic's groups; or the rows and
// columns of an intersection), each a list of cells whose total the attacker may know.
struct AttackedTable {
    std::vector<double> exact;
    std::vector<bool> known;  // published, or worked out
    std::vector<bool> small;  // under the threshold: the counts that must stay hidden
    std::vector<std::vector<size_t>> lines;
    std::vector<bool> total_published;  // per line: its total is always known, whatever its size
};

// The attacker subtracts: a line whose total is known and that has one unknown cell
// gives that cell; repeated until nothing more comes out. Afterwards no cell under the
// threshold may be known, and no line may leave its unknown cells holding fewer than
// the threshold between them. A line's total is known when it is published
// (total_published: a characteristic's whole table, an intersection's whole table), or
// when a reader can ask for it and it reaches the threshold (reachable: a row or column
// of an intersection, which the table filtered to every category of the other
// characteristic gives, when the survey allows that filter).
void expect_attack_fails(AttackedTable t, const std::vector<bool>& reachable, double threshold, const std::string& where) {
    auto total_known = [&](size_t l) {
        if (t.total_published[l]) return true;
        if (!reachable[l]) return false;
        double total = 0;
        for (size_t c : t.lines[l]) total += t.exact[c];
        return total >= threshold;
    };
    for (bool learned = true; learned;) {
        learned = false;
        for (size_t l = 0; l < t.lines.size(); ++l) {
            const auto& line = t.lines[l];
            if (!total_known(l)) continue;
            size_t unknown = 0, last = 0;
            for (size_t c : line)
                if (!t.known[c]) ++unknown, last = c;
            if (unknown == 1) t.known[last] = learned = true;
        }
    }
    for (size_t c = 0; c < t.exact.size(); ++c)
        EXPECT_FALSE(t.small[c] && t.known[c]) << where << ": a count of " << t.exact[c] << " is worked out by subtraction";
    for (size_t l = 0; l < t.lines.size(); ++l) {
        const auto& line = t.lines[l];
        if (!total_known(l)) continue;
        double unknown_people = 0;
        size_t unknown = 0;
        for (size_t c : line)
            if (!t.known[c]) ++unknown, unknown_people += t.exact[c];
        if (unknown > 0) {
            EXPECT_GE(unknown_people, threshold) << where << ": hidden cells of a line hold " << unknown_people;
        }
    }
}

class Disclosure : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(Disclosure, NoHiddenCountComesBackFromItsTableOrItsMargins) {
    const auto [survey_id, wave] = GetParam();
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/" + survey_id + ".json");
    const Published p = analyse_both(survey_id, wave);
    const double threshold = p.shown.settings.suppress_below;
    ASSERT_EQ(threshold, survey.disclosure.suppress_below);

    // Builds one AttackedTable per question x characteristic (or pair) from the rows;
    // lines_of gives the lines a row is in: (name, total published, total reachable).
    struct Line {
        std::string name;
        bool published, reachable;
    };
    auto attack = [&](const std::vector<GroupResult>& shown, const std::vector<GroupResult>& truth, auto lines_of) {
        const auto exact = exact_bases(truth);
        struct Building {
            AttackedTable table;
            std::vector<bool> reachable;
            std::map<std::string, size_t> line_index;
        };
        std::map<std::string, Building> tables;
        for (const auto& r : shown) {
            if (r.undisclosed) continue;
            Building& b = tables[r.question + "|" + r.characteristic];
            const size_t cell = b.table.exact.size();
            const double n = exact.at(r.question + "|" + r.characteristic + "|" + r.group);
            b.table.exact.push_back(n);
            b.table.known.push_back(!r.suppressed);
            b.table.small.push_back(n < threshold);
            EXPECT_EQ(r.suppressed, std::isnan(r.n)) << r.question << " " << r.characteristic << " " << r.group;
            for (const Line& line : lines_of(r)) {
                auto [it, added] = b.line_index.emplace(line.name, b.table.lines.size());
                if (added) {
                    b.table.lines.emplace_back();
                    b.table.total_published.push_back(line.published);
                    b.reachable.push_back(line.reachable);
                }
                b.table.lines[it->second].push_back(cell);
            }
        }
        for (auto& [where, b] : tables) expect_attack_fails(b.table, b.reachable, threshold, where);
        return tables.size();
    };
    // A characteristic's groups add up to everyone who disclosed it, which every row's
    // "rest" gives away.
    EXPECT_GT(attack(p.shown.results, p.truth.results,
                     [](const GroupResult&) { return std::vector<Line>{{"all", true, true}}; }),
              10u);
    // An intersection is a two-way table: a row is one group of the first characteristic
    // across the second's groups (its total reachable when the survey lets readers
    // filter on the second), a column the other way, and the whole table, whose total
    // is always known (a cell's n plus its rest).
    EXPECT_GT(attack(p.shown.intersections, p.truth.intersections,
                     [&](const GroupResult& r) {
                         const size_t x = r.group.find(" x "), y = r.characteristic.find(" x ");
                         const std::string first = r.characteristic.substr(0, y), second = r.characteristic.substr(y + 3);
                         return std::vector<Line>{{"row " + r.group.substr(0, x), false, survey.disclosure.allows_filter_by(second)},
                                                  {"column " + r.group.substr(x + 3), false, survey.disclosure.allows_filter_by(first)},
                                                  {"all", true, true}};
                     }),
              100u);
}

INSTANTIATE_TEST_SUITE_P(BundledSamples, Disclosure,
                         ::testing::Values(std::make_pair(std::string("citizens-panel"), std::string("2024")),
                                           std::make_pair(std::string("citizens-panel"), std::string("2025")),
                                           std::make_pair(std::string("staff-survey"), std::string("2025")),
                                           // its comment themes are questions too: the same
                                           // subtraction aimed at every theme's tables
                                           std::make_pair(std::string("library-consultation"), std::string("2025"))),
                         [](const auto& info) {
                             std::string name = info.param.first + "_" + info.param.second;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

}  // namespace
}  // namespace gapfinder
