// Findings as the JSON document described in docs/findings-json.md
// (schema "gapfinder-findings/1"): what exports and the web app read.
#pragma once

#include <string>

#include "analysis/findings.hpp"

namespace gapfinder {

std::string findings_to_json(const Findings& findings);

}  // namespace gapfinder
