// The report's inline style sheet.
#pragma once

namespace gapfinder::report {

const char* report_css();

}  // namespace gapfinder::report
