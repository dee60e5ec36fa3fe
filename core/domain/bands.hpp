// Bands of an ordered numeric characteristic (age in years, or any other the catalogue
// gives numeric bands): "35-54", "75+". Surveys publish their own bands (18-34 / 35-54 /
// 55-74 / 75+ in polling), population profiles theirs (single years, ONS's 75-84 / 85+),
// and the catalogue its own; this module says how they relate. Bands are whole numbers,
// inclusive at both ends, as they are printed: "35-54" holds 35 and 54.
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"

namespace gapfinder {

struct Grouping;
struct PopulationMargin;

struct Band {
    int from = 0;
    int to = kOpenEnded;  // kOpenEnded: "and over"

    bool holds(int value) const { return from <= value && value <= to; }
    bool inside(const Band& outer) const { return outer.from <= from && to <= outer.to; }
    bool overlaps(const Band& other) const { return from <= other.to && other.from <= to; }
    // As people write it: "35-54", "75+", "40".
    std::string text() const;
};

// Reads "from" (required) and "to" (absent: open-ended, "85 and over") of a band object,
// whole numbers with to >= from; reports each problem through fail(path, message).
std::optional<Band> read_band(const Poco::JSON::Object::Ptr& object, const std::string& path,
                              const std::function<void(const std::string&, const std::string&)>& fail);

// The band a catalogue or survey category stands for, if it is one.
std::optional<Band> band_of(const Category& category);

// A problem in one list of bands, by index into the list.
struct BandProblem {
    size_t index;
    std::string message;
};

// Bands that share a value, and values left between two bands (a respondent or a person
// there could be placed nowhere). The list need not be in order; list_path names it in
// messages ("characteristics[0].categories").
std::vector<BandProblem> check_bands(const std::vector<Band>& bands, const std::string& list_path);

// "18-34", "18 to 34", "75+", "75 and over", "85 or over", "Under 18": the band a
// file's label denotes, or nothing.
std::optional<Band> parse_band_label(std::string_view label);

// The narrowest catalogue category of a characteristic that holds the band, or -1 when
// the band spans catalogue bands (or the characteristic has none).
int catalogue_band(const Characteristic& characteristic, const Band& band);

// The margin as the grouping records it. A margin given in bands (single years, ONS's
// finest bands, or catalogue categories that carry bands) is summed into the grouping's
// bands: the survey's own, or, for a survey that records the catalogue's categories, the
// catalogue's finest bands. People outside every band of the grouping (under-18s for an
// adult survey) are outside its population and left out. Any other margin is returned
// as it is. Throws InputError, naming both bands and both files, when a margin band
// straddles the edge of a grouping band or a grouping band is not wholly covered.
PopulationMargin margin_for(const Grouping& grouping, const PopulationMargin& margin, const std::string& survey_source,
                            const std::string& profile_source);

}  // namespace gapfinder
