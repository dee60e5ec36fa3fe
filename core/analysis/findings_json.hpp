// Findings as the JSON document described in docs/findings-json.md
// (schema "gapfinder-findings/1"): what exports and the web app read.
#pragma once

#include <string>

#include "analysis/findings.hpp"
#include "util/json_writer.hpp"

namespace gapfinder {

std::string findings_to_json(const Findings& findings);

// "filters": [{"grouping": ..., "categories": [...]}], as the findings and workforce
// documents both record them in their settings.
void write_filters(JsonWriter& j, const std::vector<Filter>& filters);

}  // namespace gapfinder
