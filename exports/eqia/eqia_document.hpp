// The EqIA as a sequence of blocks (headings, paragraphs, lists, tables, quotes), made
// once and rendered as Markdown and as HTML, so that the two say the same words.
#pragma once

#include <string>
#include <vector>

#include "eqia/eqia.hpp"

namespace gapfinder::eqia {

struct Block {
    enum class Kind { heading, paragraph, impact, list, table, quotes, note };
    Kind kind = Kind::paragraph;
    int level = 2;             // headings: 1 to 3
    std::string id;            // headings: an anchor for the contents
    std::string label, text;   // impact: label is "negative" ...; quotes: label says whose
    std::vector<std::string> items;  // list items; quotes
    std::string caption;
    std::vector<std::string> headers;
    std::vector<bool> numeric;  // per column: right-aligned
    std::vector<std::vector<std::string>> rows;  // the first cell of a row is its header
};

std::vector<Block> eqia_document(const Eqia& e);

}  // namespace gapfinder::eqia
