// Findings for people: a plain-text report for the terminal, and CSV with one line per
// group (the JSON's result fields as columns) for spreadsheets.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/findings.hpp"

namespace gapfinder {

void write_findings_table(const Findings& findings, std::ostream& out);
void write_findings_csv(const Findings& findings, std::ostream& out);
// Only the flagged gaps, one line each (the demo's summary).
void write_flagged_gaps(const Findings& findings, std::ostream& out);
// The trend section alone (gapfinder trend), as a table or as CSV.
void write_trend_table(const Findings& findings, std::ostream& out);
void write_trend_csv(const Findings& findings, std::ostream& out);
// "Filtered to pay_band = senior_management: 120 of 3,046 staff analysed", or nothing
// when there is no filter: the header line of every filtered analysis.
void write_filter_line(const std::vector<Filter>& filters, uint64_t analysed, uint64_t all, const std::string& who,
                       std::ostream& out);

}  // namespace gapfinder
