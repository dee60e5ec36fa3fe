// Colours of the charts. The gap scale is ColorBrewer's PuOr (Brewer and Harrower,
// colorbrewer2.org), a diverging scheme marked safe for colour-blind readers and for
// photocopying: orange for groups less positive than their comparison, purple for more.
// Colour is never the only signal: every cell and bar also carries its figure and a
// symbol, and suppressed cells are hatched as well as labelled.
#pragma once

#include <string>
#include <vector>

namespace gapfinder::charts {

struct GapBin {
    double from, to;      // gap in points: from < gap <= to (the outer bins are open)
    const char* fill;     // cell colour
    const char* text;     // text colour on it, at least 4.5:1 contrast
    std::string label;    // "−10 or lower" ... for the legend
};

// Seven bins: <= -10, -10..-5, -5..-2, -2..+2, +2..+5, +5..+10, >= +10.
const std::vector<GapBin>& gap_bins();
const GapBin& gap_bin(double gap_pp);

// Fixed colours, each with at least 3:1 contrast against white where it draws a shape.
inline constexpr const char* kInk = "#0b0c0c";          // text, whiskers, comparison marks
inline constexpr const char* kSecondaryInk = "#505a5f"; // outlines, hatching, axis
inline constexpr const char* kGrid = "#d9dadb";         // gridlines (decorative)
inline constexpr const char* kLowerBar = "#f1a340";     // flagged lower (PuOr)
inline constexpr const char* kHigherBar = "#998ec3";    // flagged higher (PuOr)
inline constexpr const char* kNeutralBar = "#d9dadb";   // not flagged
inline constexpr const char* kFont = "Arial, Helvetica, sans-serif";

}  // namespace gapfinder::charts
