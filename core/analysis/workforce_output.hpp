// Workforce findings for people and programs: a plain-text table, and JSON with schema
// "gapfinder-workforce/1" (docs/findings-json.md).
#pragma once

#include <ostream>
#include <string>

#include "analysis/workforce.hpp"

namespace gapfinder {

std::string workforce_to_json(const WorkforceFindings& findings);
void write_workforce_table(const WorkforceFindings& findings, std::ostream& out);

}  // namespace gapfinder
