// The action plan as CSV: RFC 4180 quoting, CRLF line ends, UTF-8 with a byte order
// mark so that Excel opens it as UTF-8. One header row; the section (objective or EFLG
// area) is a column of its own rather than a title row, so every line is a plan row.
// Text fields cannot start a formula (util/spreadsheet_text.hpp); number columns are
// written as numbers, a negative gap included.
#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "util/spreadsheet_text.hpp"

namespace gapfinder::plan {

namespace {

std::string field(const Cell& c) { return c.is_number ? c.text : csv_text_field(c.text); }

}  // namespace

void write_plan_csv(const ActionPlan& p, std::ostream& out) {
    const TableView v = table_view(p, true);
    out << "\xEF\xBB\xBF";
    bool first = true;
    auto sep = [&] {
        if (!first) out << ',';
        first = false;
    };
    if (!v.section_heading.empty()) sep(), out << csv_text_field(v.section_heading);
    for (const auto& c : v.columns) sep(), out << csv_text_field(c.heading);
    out << "\r\n";
    for (const auto& s : v.sections)
        for (size_t i = 0; i < s.rows.size(); ++i) {
            first = true;
            if (!v.section_heading.empty()) sep(), out << csv_text_field(s.title);
            for (const auto& c : v.columns) sep(), out << field(cell(p, *s.rows[i], s.refs[i], c));
            out << "\r\n";
        }
}

}  // namespace gapfinder::plan
