// The headline of a wave's findings: the confirmed gaps in plain words, largest first,
// for the top of the findings page and the report's first page. One sentence a gap,
// with the question's own outcome wording and no test statistics:
//
//   "Residents aged 16 to 24: 63.7% say they are satisfied with their local area as a
//    place to live, against 79.9% of other residents (16.2 points lower)."
//
// A contrast of two groups is said from the side of the group behind (its mirror row,
// when the flagged row is the group ahead). Intersections are not in the headline.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/findings.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder::headline {

struct Sentence {
    std::string text;
    std::string question, characteristic, group;  // the row it says
    double gap_pp = 0;
};

struct Headline {
    std::string lead;                 // "2 gaps between groups were confirmed. The largest:", or why none
    std::vector<Sentence> sentences;  // largest gap first, at most the limit asked for
    size_t confirmed = 0;             // every confirmed gap, said or not
    // Weighted findings only: why the weighted view confirms what it does, with the
    // effective sample size, and which figures to publish. "" unweighted.
    std::string weighting;
};

Headline headline(const Findings& findings, const SurveyDefinition& survey, size_t limit = 5);

// The row to say a flagged gap from: itself, or for a two-group contrast whose flagged
// group is ahead, its mirror (the group behind), so that the sentence names who is behind.
// A comment theme has no "behind": mentioning a theme is neither good nor bad, so its gap
// is said from the group tested ("Disabled respondents: 26% mention access to buildings,
// against 9%"), not turned round to "not disabled ... lower".
const GroupResult& said_from(const Findings& findings, const SurveyDefinition& survey, const GroupResult& flagged);

}  // namespace gapfinder::headline
