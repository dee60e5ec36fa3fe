// Small-group suppression, so that no person can be identified from published figures.
//
// Primary: a group whose base is under the threshold shows no rate, interval, test or
// count. Secondary (complementary): because the comparison's base is shown beside each
// group, and any characteristic's total is the same respondents again, a lone suppressed
// group's count could be recovered by subtraction; so while fewer than two groups are
// suppressed, or the suppressed groups together hold fewer people than the threshold,
// the smallest unsuppressed group is suppressed too.
#pragma once

#include <string>
#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder {

// For the bases of the disclosed groups of one table: "" (shown), "small base" or
// "secondary", one per base.
std::vector<std::string> suppression_reasons(const std::vector<double>& bases, double threshold);

// For a two-way table whose row and column totals are published (staff by pay band and
// ethnic group): the same rule applied to every row and every column in turn until
// nothing changes, so that no hidden cell can be recovered from either total.
// counts is row-major, rows x cols; one reason per cell.
std::vector<std::string> suppress_table(const std::vector<double>& counts, size_t rows, size_t cols, double threshold);

// Marks the rows of one question x one split (disclosed groups only) as above.
void suppress_small_groups(std::vector<GroupResult*>& rows, double threshold);

// Blanks every statistic of a suppressed row (keeps ids and the reason).
void blank_suppressed(GroupResult& row);

}  // namespace gapfinder
