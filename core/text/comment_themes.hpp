// Codes a wave's comments into its comment-theme questions (Question::from_comment): for
// each comment question with a codebook, each respondent who commented "mentions" (1) or
// "does not mention" (2) each theme; those who did not comment stay blank, so every
// theme's base is the commenters. The themes are then analysed exactly as questions are:
// rates, intervals, tests, suppression.
//
// Each comment is coded, in this order (docs/comments.md, "Hand codes through a
// workbook"):
//   1. by hand, when the analyst hand-coded it (an empty set is "hand-coded, none");
//   2. by the codebook's rules (rule_coder.hpp), when they find at least one theme;
//   3. by the model's suggestions, only when the analyst chose a threshold: the themes
//      stored with the codes at or above it;
//   4. not at all: "does not mention" every theme.
// Dataset::coding counts how many comments each way took.
//
// Coding runs when a wave is loaded, not when it is stored, so that an analyst who edits
// a codebook sees every wave recoded at once, with nothing to re-ingest.
#pragma once

#include <vector>

#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "text/hand_codes.hpp"

namespace gapfinder::text {

// Fills data.answers for every comment-theme question of the survey from
// data.comments (both sized to the survey), and data.coding; on every core, one
// RuleCoder each. `stored[c]` is what the store holds for survey.comments[c] (may be
// shorter than the comments, or hold empty codings). Throws InputError when a stored
// code names a theme the codebook no longer has.
void code_comment_themes(const SurveyDefinition& survey, Dataset& data, const std::vector<StoredCoding>& stored = {});

}  // namespace gapfinder::text
