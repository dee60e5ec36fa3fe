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
#include "analysis/splits.hpp"

namespace gapfinder {

// For the bases of the disclosed groups of one table: "" (shown), "small base" or
// "secondary", one per base.
std::vector<std::string> suppression_reasons(const std::vector<double>& bases, double threshold);

// For a two-way table whose row, column and grand totals are published (staff by pay
// band and ethnic group): the same rule applied to every row, every column and the
// whole table in turn until nothing changes, so that no hidden cell can be recovered
// from any total. A cell alone in its row or column (whose total, when it reaches the
// threshold, is that cell) is never chosen as a secondary cell, so that no hidden cell
// can be worked out to start a chain of subtractions. counts is row-major, rows x cols;
// one reason per cell. A NaN count is a cell that is not in the table (no one is in it):
// it is shown as absent, so it is never hidden and never chosen to hide another.
std::vector<std::string> suppress_table(const std::vector<double>& counts, size_t rows, size_t cols, double threshold);

// Marks the rows of one question x one split (disclosed groups only) as above, by
// their exact bases (one per row: with the cell key method, the rows show perturbed ones).
void suppress_small_groups(std::vector<GroupResult*>& rows, const std::vector<double>& bases, double threshold);

// Marks the cells of one question x one intersection (rows: the split's groups, in
// order) as a two-way table with its margins (suppress_table): each margin, a group of
// either characteristic, is a total a reader can get (from the characteristic's own
// table, or filtered to the other's categories), so no row or column of the table may
// have a lone hidden cell, or hidden cells holding fewer people than the threshold.
void suppress_cells(std::vector<GroupResult*>& rows, const std::vector<double>& bases, const Split& split, double threshold);

// Blanks every statistic of a suppressed row (keeps ids and the reason).
void blank_suppressed(GroupResult& row);

}  // namespace gapfinder
