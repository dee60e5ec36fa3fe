// How figures are written in charts and reports: fixed decimals, so the same findings
// always give the same text (the golden files depend on it). A missing figure (NaN)
// is an empty string; callers say why it is missing.
#pragma once

#include <string>

#include "analysis/findings.hpp"

namespace gapfinder::charts {

std::string percent(double share);        // 0.62 -> "62.0%"
std::string points(double pp);            // -13.75 -> "−13.8", 13.75 -> "+13.8", 0 -> "0.0" (U+2212 minus)
std::string count(double n);              // 1753 -> "1,753"
std::string p_value(double p);            // "<0.001", "0.047"
std::string fixed(double v, int decimals);
std::string interval(double low, double high);  // "56.8% to 66.9%"

// A GroupResult's figures may be shown only when it is not suppressed: every exporter
// asks these, never the NaNs, so a row that is suppressed stays hidden even if a
// figure were left in it.
inline bool shows_rate(const GroupResult& r) { return !r.suppressed && r.rate == r.rate; }
inline bool shows_comparison(const GroupResult& r) {
    return !r.suppressed && !r.undisclosed && !r.reference && r.rest_rate == r.rest_rate && r.gap_pp == r.gap_pp;
}

// A row's status in words, e.g. "Flagged gap: lower", "Suppressed (small base)".
std::string status_text(const GroupResult& r);

// "Lower", "Higher" or "" (not flagged) with the symbol that goes with it in charts.
const char* flag_symbol(const GroupResult& r);  // "▼", "▲" or ""

}  // namespace gapfinder::charts
