// Text for a cell of a CSV or XLSX export. Excel, LibreOffice and Google Sheets run a
// cell that starts with = + - or @ as a formula, and may first strip a leading tab or
// carriage return, so a survey label such as =HYPERLINK(...) could act on the machine of
// whoever opens the file (OWASP "CSV injection"). Text starting with any of those six
// gets a leading apostrophe, which those programs show as text. Only text goes through here: a number written as a number
// (a gap of -10.0) is data, and altering it would break the sheet's sums.
#pragma once

#include <string>
#include <string_view>

namespace gapfinder {

// True when a spreadsheet could read the text as a formula, or when it is one
// apostrophe away from such text (so that reading back is exact; see below).
bool needs_formula_guard(std::string_view text);

// The text as it may go into a text cell: unchanged, or with a leading apostrophe.
std::string spreadsheet_text(std::string_view text);

// The inverse, for a sheet gapfinder wrote and now reads back (gapfinder track):
// removes the apostrophe spreadsheet_text added, and only that one, so that
// from_spreadsheet_text(spreadsheet_text(x)) == x for every x.
std::string from_spreadsheet_text(std::string_view text);

// A text field of an RFC 4180 CSV file: guarded as above, then quoted when it holds a
// comma, a quote or a line break. Every CSV writer uses this for text, so that none can
// forget the guard.
std::string csv_text_field(std::string_view text);

}  // namespace gapfinder
