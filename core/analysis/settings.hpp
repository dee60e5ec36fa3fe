// What one analysis is asked to do: the options of `gapfinder analyse`, with the
// defaults documented in docs/method.md.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "stats/stats.hpp"

namespace gapfinder {

// A published count rounded to the nearest multiple of `step` (round_counts_to; 0 or less
// leaves it exact, as it does NaN). Every output that shows counts of a survey rounds
// them alike, so that two routes never give one figure exact and rounded.
inline double round_count(double v, int step) { return step > 0 && !std::isnan(v) ? std::round(v / step) * step : v; }

// How each group's rate is compared.
struct Comparison {
    enum class Kind { rest, overall, largest, named };
    Kind kind = Kind::rest;
    std::string group;  // category id for Kind::named, e.g. "white_british"
};

// Categories as the file records them, or rolled up to their top-level groups
// (e.g. the 19 ethnic groups of Census 2021 into 5).
enum class Level { recorded, group };

// Restricts an analysis to the respondents in some categories of one grouping
// (--filter pay_band=senior_management). Several filters must all hold.
struct Filter {
    std::string grouping;                 // characteristic or dimension id
    std::vector<std::string> categories;  // category ids (a characteristic's group id takes in its categories)
};

struct AnalysisSettings {
    std::vector<Filter> filters;  // empty = every respondent of the wave
    std::vector<std::string> by;  // grouping ids; empty = every grouping of the survey
    std::vector<std::string> questions;  // question ids; empty = every question
    bool intersections = false;
    bool weighted = false;
    Comparison compare;
    Level level = Level::recorded;
    stats::Correction correction = stats::Correction::benjamini_hochberg;
    double min_base = 30;        // below: shown with a low-base caution, never flagged
    double suppress_below = 10;  // below: no rate, CI or test shown
    double gap_pp = 5;           // smallest |gap| in percentage points that is flagged
    double alpha = 0.05;
    double confidence = 0.95;
    double min_expected = 5;     // smallest expected count for the z-test; else Fisher
    int round_counts_to = 0;     // 0: exact; 5: published counts rounded to the nearest 5
    // Asked for with --below-disclosure-floor (the command line only): the survey's
    // disclosure floor does not apply, and the output says it is not for publication.
    bool below_disclosure_floor = false;
    // The web app's published figures: every count perturbed by the cell key method,
    // and every rate, interval and test computed from the perturbed counts
    // (docs/method.md). Needs the dataset's record keys. The command line is exact.
    bool perturb = false;
};

Comparison parse_comparison(const std::string& text);
std::string comparison_name(const Comparison& c);
Level parse_level(const std::string& text);
std::string level_name(Level level);

}  // namespace gapfinder
