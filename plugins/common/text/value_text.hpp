// Numbers, dates and times as the text every plugin sends for them, so that the same value
// arrives as the same cell whether it came from CSV, Excel or SPSS: a survey definition
// compares cells with labels and codes as text.
#pragma once

#include <cstdint>
#include <string>

namespace gapfinder::text {

// Appends the shortest text that reads back as the same double. Where to switch to an
// exponent follows ECMAScript's Number::toString (ECMA-262, 6.1.6.1.20), which spreadsheets
// and browsers share: plain decimals for magnitudes from 1e-6 up to 1e21 (so 3 is "3", 0.1
// is "0.1", a respondent id 1000000 is "1000000"). Outside, the exponent is written as
// std::to_chars writes it, with its sign and at least two digits ("7.05e-09", "1e-07",
// "1.5e+21"), not as ECMAScript would ("7.05e-9"). -0 is "0". NaN and infinities are
// "NaN", "inf" and "-inf".
void append_number(double value, std::string& out);

// Days from 1970-01-01 to a proleptic Gregorian date, and back (H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms").
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
void civil_from_days(int64_t days, int64_t& year, unsigned& month, unsigned& day);

// Appends YYYY-MM-DD for a day counted from 1970-01-01. False (nothing appended) when
// the year falls outside 0001-9999.
bool append_iso_date(int64_t days_since_1970, std::string& out);
// Appends HH:MM:SS; hours may pass 24 (an elapsed time).
void append_clock(int64_t hours, int64_t seconds_of_hour, std::string& out);

}  // namespace gapfinder::text
