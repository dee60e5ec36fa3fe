// The findings report: one self-contained HTML document (inline CSS and SVG, no
// scripts, no external URLs) for `gapfinder report` and `gapfinder demo`. Sections and
// accessibility decisions are described in docs/report.md.
#pragma once

#include <map>
#include <string>

#include "analysis/findings.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder::report {

struct ReportOptions {
    // Grouping id -> label ("disability" -> "Disability"); ids without one are shown
    // with underscores as spaces.
    std::map<std::string, std::string> characteristic_labels;
    std::string generator = "gapfinder";  // e.g. "gapfinder 0.1.0", named in the appendix
    std::string date;                     // shown under the title when set (no clock is read)
    // The survey, for the headline's wording (its questions' outcomes, its kind of
    // people); without it the report has no headline. Must outlive the rendering.
    const SurveyDefinition* survey = nullptr;
};

// The options for a survey's report: its groupings' labels, and the survey itself.
ReportOptions options_for(const SurveyDefinition& survey);

// Deterministic: the same findings and options give the same bytes.
std::string render_report(const Findings& findings, const ReportOptions& options);

}  // namespace gapfinder::report
