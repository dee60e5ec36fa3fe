// A population profile: how many people of each category live in the area a survey
// stands for, per characteristic, from published Census tables (surveys/benchmarks/,
// schema "gapfinder-population/1"). Weighting rakes to it; representativeness compares
// respondents with it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/bands.hpp"

namespace gapfinder {

struct PopulationMargin {
    std::string characteristic;  // catalogue id, e.g. "race"
    std::string source, url;
    std::vector<std::pair<std::string, double>> counts;  // category id -> people, in file order
    // A margin given in numeric bands ("bands": single years, ONS's finest bands): one per
    // count, which is then keyed by the band's id, or its text ("85+") when it has none.
    // domain/bands.hpp sums them into the bands a survey records.
    std::vector<Band> bands;
    double total() const;
};

struct PopulationProfile {
    std::string source;  // the file it was read from
    std::string id, area, population;
    std::vector<PopulationMargin> margins;

    const PopulationMargin* find(const std::string& characteristic) const;

    // Parses and validates (catalogue characteristics and categories, positive counts);
    // throws InputError naming the file and JSON path of every problem.
    static PopulationProfile parse(const std::string& json_text, const std::string& source);
    // Looks for <folder>/benchmarks/<id>.json in each folder in turn.
    static PopulationProfile find_in(const std::vector<std::string>& folders, const std::string& id);
    // The file find_in would read, or "" when there is none.
    static std::string locate(const std::vector<std::string>& folders, const std::string& id);
};

}  // namespace gapfinder
