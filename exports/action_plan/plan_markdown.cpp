// The action plan as Markdown: a title, then one GitHub-flavoured table per section.
#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "markdown/escape.hpp"

namespace gapfinder::plan {

namespace {

std::string md(const std::string& s) { return markdown::escape(s); }

}  // namespace

void write_plan_markdown(const ActionPlan& p, std::ostream& out) {
    const TableView v = table_view(p, false);
    out << "# " << md(plan_title(p)) << "\n\n" << md(plan_subtitle(p)) << "\n";
    if (p.rows.empty()) out << "\nNo gap was flagged, so there is no action to draft.\n";
    for (const auto& s : v.sections) {
        out << "\n## " << md(s.title.empty() ? "Actions" : s.title) << "\n\n|";
        for (const auto& c : v.columns) out << ' ' << md(c.heading) << " |";
        out << "\n|";
        for (const auto& c : v.columns) out << (c.kind == ColumnKind::mark ? " :-: |" : " --- |");
        out << '\n';
        for (size_t i = 0; i < s.rows.size(); ++i) {
            out << '|';
            for (const auto& c : v.columns) out << ' ' << md(cell(p, *s.rows[i], s.refs[i], c).text) << " |";
            out << '\n';
        }
    }
}

}  // namespace gapfinder::plan
