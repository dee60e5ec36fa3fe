// The action plan as Markdown: a title, then one GitHub-flavoured table per section.
#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"

namespace gapfinder::plan {

namespace {

// Labels come from survey definitions and edited plans, and a Markdown viewer renders
// raw HTML and links: so <, > and & become entities (no tag such as <img onerror=...>
// can form), [ and ] are escaped (no link or image), a backslash is escaped so that it
// cannot undo the escape after it, and | is escaped so a label stays in its table cell.
std::string md(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '|': out += "\\|"; break;
            case '[': out += "\\["; break;
            case ']': out += "\\]"; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "<br>"; break;
            case '\r': break;
            default: out += c;
        }
    }
    return out;
}

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
