// Choosing a few comments to quote for a theme, group by group, safely (issue 19, item 6):
//   - only from a group of one characteristic (never a combination, which could point at
//     one person) whose commenters number at least the survey's suppression threshold;
//     never from "not disclosed" or blank;
//   - only comments that mention the theme, by the same coding the analysis uses;
//   - every quote redacted (redact.hpp) before it leaves this function;
//   - the counts beside them rounded as the survey publishes counts, and none given for
//     a group too small to quote;
//   - chosen by a fixed order (a hash of the respondent id and the theme), so the same
//     wave gives the same quotes every time, preferring comments of 40 to 400 bytes.
#pragma once

#include <string>
#include <vector>

#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "text/redact.hpp"

namespace gapfinder::text {

struct GroupQuotes {
    std::string group_id, group_label;
    // Who commented in the group, and of them who mention the theme: rounded as the
    // survey publishes counts (round_counts_to), and 0 for a group too small to quote, so
    // that no count leaves here that the analysis would not publish.
    size_t commenters = 0;
    size_t mentioning = 0;
    std::vector<std::string> quotes;  // redacted; empty when the group is too small to quote
    bool too_small = false;
};

struct QuoteRequest {
    std::string theme_question;  // a comment-theme question id, e.g. "why_support__access"
    std::string grouping;        // a characteristic or dimension id
    size_t per_group = 3;
    double min_commenters = 10;  // at least the survey's suppression threshold
    int round_counts_to = 0;     // the survey's disclosure floor's (0: exact)
};

// One entry per category of the grouping, in the catalogue's order. Throws InputError
// naming the question or grouping when they are not in the survey.
std::vector<GroupQuotes> choose_quotes(const SurveyDefinition& survey, const Dataset& data, const QuoteRequest& request,
                                       const Redactor& redactor);

}  // namespace gapfinder::text
