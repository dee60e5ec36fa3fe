// Findings for people: a plain-text report for the terminal, and CSV with one line per
// group (the JSON's result fields as columns) for spreadsheets.
#pragma once

#include <ostream>

#include "analysis/findings.hpp"

namespace gapfinder {

void write_findings_table(const Findings& findings, std::ostream& out);
void write_findings_csv(const Findings& findings, std::ostream& out);
// Only the flagged gaps, one line each (the demo's summary).
void write_flagged_gaps(const Findings& findings, std::ostream& out);
// The trend section alone (gapfinder trend), as a table or as CSV.
void write_trend_table(const Findings& findings, std::ostream& out);
void write_trend_csv(const Findings& findings, std::ostream& out);

}  // namespace gapfinder
