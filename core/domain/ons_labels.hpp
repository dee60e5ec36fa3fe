// The wordings ONS publishes for the Census 2021 classifications (and the GSS harmonised
// questions councils copy onto their forms), each with the catalogue category it denotes.
// Kept as a table rather than spread through the catalogue's synonyms so that a new
// published list is a block of data to add and review against its source, and so that
// tests/fixtures/ons/census2021-labels.json can check it independently.
#pragma once

#include <span>

namespace gapfinder {

struct PublishedLabel {
    const char* characteristic;  // catalogue id; "" for a wording that means the same in every list
    const char* label;           // exactly as published (matched after normalise_label)
    const char* category;        // catalogue category id, or "undisclosed"
    const char* source;          // the classification it is published in, for docs and reviews
};

std::span<const PublishedLabel> published_labels();

}  // namespace gapfinder
