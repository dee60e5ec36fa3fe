// Writing an action plan in each format, and reading one back (docs/action-plans.md).
#pragma once

#include <ostream>
#include <string>

#include "action_plan/plan.hpp"
#include "plugin_host/plugin_host.hpp"

namespace gapfinder::plan {

// JSON, schema "gapfinder-action-plan/1".
std::string plan_to_json(const ActionPlan& plan);
// Throws InputError naming the source and the JSON path of a bad value.
ActionPlan plan_from_json(const std::string& text, const std::string& source);

// RFC 4180, UTF-8 with a byte order mark, CRLF; one header row. Like the workbook, no
// text cell starts a formula (util/spreadsheet_text.hpp); numbers are written as numbers.
void write_plan_csv(const ActionPlan& plan, std::ostream& out);
// A title, then a GFM table per section; no label can become HTML, a link or a cell.
void write_plan_markdown(const ActionPlan& plan, std::ostream& out);
// One self-contained, accessible HTML page.
void write_plan_html(const ActionPlan& plan, std::ostream& out);
// An Excel workbook: the plan, the findings and the settings, one sheet each.
// Throws InputError when the file cannot be written.
void write_plan_xlsx(const ActionPlan& plan, const std::string& path);

// "xlsx", "csv", "md", "html" or "json" from a --format value or, when empty, from the
// output file's extension; throws InputError otherwise.
std::string plan_format(const std::string& format, const std::string& output);
// Writes the plan to path (or standard output for text formats when path is empty).
void write_plan(const ActionPlan& plan, const std::string& format, const std::string& path);

// Reads a plan written by write_plan_json, or a workbook written by write_plan_xlsx and
// perhaps edited since, through whichever plugin reads it. Throws InputError naming the
// file, row and column of a malformed row.
ActionPlan read_plan(const std::string& path, const PluginHost& plugins);

}  // namespace gapfinder::plan
