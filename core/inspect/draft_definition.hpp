// A first draft of a survey definition from a file's columns, so that an analyst edits a
// draft instead of writing JSON from nothing. It recognises:
//   - characteristic columns, from common headings ("What is your ethnic group?",
//     "Do you consider yourself to be disabled?") or, failing that, from values that are
//     catalogue labels, and maps each label to a catalogue category or to undisclosed;
//   - a numeric characteristic written in the file's own bands ("18-34", "75+") as those
//     bands, which stay that characteristic (domain/bands.hpp);
//   - scale questions, from their labels (Very satisfied ... Very dissatisfied, Strongly
//     agree ... Strongly disagree, Yes / No, with "Don't know" as non-substantive);
//   - questions from columns of bare numbers on a rating's range (1-5, 0-10...), whose
//     positive codes are a guess the draft says is one, in its "notes";
//   - the respondent id, the weight and the sample design's strata and clusters, free
//     text (left out), and other short lists of values as dimensions.
// A label it cannot place is listed, never guessed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inspect/column_profile.hpp"

namespace gapfinder {

struct DraftDefinition {
    std::string json;                     // the draft definition, indented
    std::vector<std::string> recognised;  // one line per column it placed, and how
    std::vector<std::string> not_mapped;  // labels and columns it could not place
};

// min_listed: a value held by fewer respondents is neither named in not_mapped nor put
// in the draft (it is counted instead), so that an inspection shared beyond the analyst
// (the web app's, at the suppression threshold) cannot single anyone out. 0 lists all.
DraftDefinition draft_definition(const std::string& survey_id, const std::string& title, const ProfileSink& profile,
                                 uint64_t min_listed = 0);

}  // namespace gapfinder
