// Codes a wave's comments into its comment-theme questions (Question::from_comment): for
// each comment question with a codebook, each respondent who commented "mentions" (1) or
// "does not mention" (2) each theme by the codebook's rules (rule_coder.hpp); those who
// did not comment stay blank, so every theme's base is the commenters. The themes are
// then analysed exactly as questions are: rates, intervals, tests, suppression.
//
// Coding runs when a wave is loaded, not when it is stored, so that an analyst who edits
// a codebook sees every wave recoded at once, with nothing to re-ingest.
#pragma once

#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder::text {

// Fills data.answers for every comment-theme question of the survey from
// data.comments (both sized to the survey); on every core, one RuleCoder each.
void code_comment_themes(const SurveyDefinition& survey, Dataset& data);

}  // namespace gapfinder::text
