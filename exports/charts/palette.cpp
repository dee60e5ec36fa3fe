#include "charts/palette.hpp"

#include <cmath>
#include <limits>

namespace gapfinder::charts {

const std::vector<GapBin>& gap_bins() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    static const std::vector<GapBin> bins = {
        {-inf, -10, "#b35806", "#ffffff", "\u221210 or lower"},
        {-10, -5, "#f1a340", "#0b0c0c", "\u221210 to \u22125"},
        {-5, -2, "#fee0b6", "#0b0c0c", "\u22125 to \u22122"},
        {-2, 2, "#f7f7f7", "#0b0c0c", "\u22122 to +2"},
        {2, 5, "#d8daeb", "#0b0c0c", "+2 to +5"},
        {5, 10, "#998ec3", "#0b0c0c", "+5 to +10"},
        {10, inf, "#542788", "#ffffff", "+10 or higher"},
    };
    return bins;
}

const GapBin& gap_bin(double gap_pp) {
    const auto& bins = gap_bins();
    // Round to the 0.1 points shown, so a cell's colour agrees with its figure.
    const double g = std::round(gap_pp * 10) / 10;
    if (g <= -10) return bins[0];
    if (g <= -5) return bins[1];
    if (g < -2) return bins[2];
    if (g <= 2) return bins[3];
    if (g < 5) return bins[4];
    if (g < 10) return bins[5];
    return bins[6];
}

}  // namespace gapfinder::charts
