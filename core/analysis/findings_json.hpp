// Findings as the JSON document described in docs/findings-json.md
// (schema "gapfinder-findings/1"): what exports and the web app read.
#pragma once

#include <ostream>
#include <string>

#include "analysis/findings.hpp"
#include "util/json_writer.hpp"

namespace gapfinder {

std::string findings_to_json(const Findings& findings);
// The same document written to a stream as it is made (a file of 100 MB never sits in
// memory whole).
void write_findings_json(const Findings& findings, std::ostream& out);

// "filters": [{"grouping": ..., "categories": [...]}], as the findings and workforce
// documents both record them in their settings.
void write_filters(JsonWriter& j, const std::vector<Filter>& filters);

}  // namespace gapfinder
