// Small-group suppression, so that no person can be identified from published figures.
//
// Primary: a group whose valid base is under the threshold shows no rate, interval,
// test or count. Secondary (complementary): because the comparison's base is shown
// beside each group, a lone suppressed group's count could be recovered by subtraction
// (the total of any characteristic is the same respondents again); so while fewer than
// two groups are suppressed, or the suppressed groups together hold fewer people than
// the threshold, the smallest unsuppressed group is suppressed too.
#pragma once

#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder {

// rows: the disclosed groups of one question x one split (undisclosed rows excluded).
void suppress_small_groups(std::vector<GroupResult*>& rows, double threshold);

// Blanks every statistic of a suppressed row (keeps ids and the reason).
void blank_suppressed(GroupResult& row);

}  // namespace gapfinder
