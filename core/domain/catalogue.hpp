// The standard characteristic catalogue: the nine protected characteristics of the
// Equality Act 2010 plus socio-economic status and caring responsibility, each with the
// harmonised categories of the GSS/ONS standards used in Census 2021.
//
// Categories form a two-level tree: a detailed category (e.g. "indian") names the
// broader group it rolls up to ("asian"). A file may record either level; analysis can
// compare detailed categories or their groups. Ids are stable: they are written to the
// store and used in survey definitions, so never rename one.
//
// "Prefer not to say" and blanks are *undisclosed*: never a category, never compared.
#pragma once

#include <climits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder {

inline constexpr int kNotBanded = INT_MIN;  // a category that is not a numeric band
inline constexpr int kOpenEnded = INT_MAX;  // the top of an open band, "75 and over"

struct Category {
    std::string id;                     // e.g. "white_british"
    std::string label;                  // the ONS wording
    std::string group;                  // id of the broader group; empty for a top-level group
    std::vector<std::string> synonyms;  // other wordings recognised in files ("Man", "Yes")
    // Numeric bands only (ages): whole numbers, inclusive; the same fields carry a survey's
    // own bands (domain/bands.hpp).
    int from = kNotBanded, to = kNotBanded;
    // A survey's own band: the narrowest catalogue category that holds it, or empty when
    // it spans catalogue bands (55-74 across 35-64 and 65+).
    std::string catalogue = {};
};

struct Characteristic {
    std::string id;                     // e.g. "race"
    std::string label;                  // e.g. "Race (ethnic group)"
    bool protected_characteristic;      // by the Equality Act 2010 s.4
    std::string standard;               // where the categories come from
    std::vector<Category> categories;   // top-level groups and detailed categories

    // True when its categories are numeric bands, which a survey may redefine as its own.
    bool banded() const;
    // Index into categories, or -1.
    int find(std::string_view category_id) const;
    // Index of the category a file label denotes (its id, ONS label or a synonym,
    // compared after normalise_label), or -1. Numeric ages fall into their age band.
    int match_label(std::string_view label) const;
    // Index of the top-level group of category i (i itself when it is top level).
    int group_of(int i) const;
    // Comma-separated labels, for error messages that list what is allowed.
    std::string allowed_labels() const;
};

// Every characteristic in a fixed order.
const std::vector<Characteristic>& catalogue();
const Characteristic* find_characteristic(std::string_view id);

// True for wordings that mean the respondent chose not to disclose ("Prefer not to say").
bool is_undisclosed_label(std::string_view label);

// Lower-cases ASCII, trims, collapses runs of white space, and folds typographic
// apostrophes and dashes to ASCII, so that "Don’t know " matches "don't know".
std::string normalise_label(std::string_view label);

}  // namespace gapfinder
