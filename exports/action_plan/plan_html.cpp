// The action plan as one self-contained HTML page: a table with a caption, real header
// cells (scope col, colgroup and rowgroup), a section per objective or EFLG area, and
// its own small style sheet; nothing is fetched from elsewhere.
#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "html/escape.hpp"

namespace gapfinder::plan {

using html::escape;

void write_plan_html(const ActionPlan& p, std::ostream& out) {
    const TableView v = table_view(p, false);
    size_t first_mark = v.columns.size(), marks = 0;
    for (size_t i = 0; i < v.columns.size(); ++i)
        if (v.columns[i].kind == ColumnKind::mark) {
            first_mark = std::min(first_mark, i);
            ++marks;
        }
    out << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << escape(plan_title(p)) << "</title>\n"
        << "<style>\n"
           "body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:1.5rem;line-height:1.4}\n"
           "table{border-collapse:collapse;width:100%;font-size:0.9rem}\n"
           "caption{text-align:left;font-weight:bold;font-size:1.1rem;padding:0.5rem 0}\n"
           "th,td{border:1px solid #505a5f;padding:0.35rem;vertical-align:top;text-align:left}\n"
           "thead th{background:#1d70b8;color:#fff}\n"
           "tbody th[scope=rowgroup]{background:#dbe7f3;font-size:1rem}\n"
           "td.mark,th.mark{text-align:center}\n"
           ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
           "</style>\n</head>\n<body>\n<main>\n"
        << "<h1>" << escape(plan_title(p)) << "</h1>\n<p>" << escape(plan_subtitle(p)) << "</p>\n";
    if (p.rows.empty()) out << "<p>No gap was flagged, so there is no action to draft.</p>\n";
    else {
        out << "<table>\n<caption>" << escape(p.tracked_wave.empty() ? "Action plan" : "Action plan: monitoring our progress")
            << " (" << p.rows.size() << " action" << (p.rows.size() == 1 ? "" : "s") << ")</caption>\n";
        // Column groups, so that "Action relates to" heads its marks as scope="colgroup" says.
        out << "<colgroup span=\"" << first_mark << "\"></colgroup>";
        if (marks) out << "<colgroup span=\"" << marks << "\"></colgroup>";
        if (v.columns.size() > first_mark + marks) out << "<colgroup span=\"" << v.columns.size() - first_mark - marks << "\"></colgroup>";
        out << "\n<thead>\n<tr>";
        for (size_t i = 0; i < v.columns.size(); ++i) {
            if (i == first_mark) out << "<th scope=\"colgroup\" colspan=\"" << marks << "\" class=\"mark\">Action relates to</th>";
            if (v.columns[i].kind == ColumnKind::mark) continue;
            out << "<th scope=\"col\" rowspan=\"2\">" << escape(v.columns[i].heading) << "</th>";
        }
        out << "</tr>\n<tr>";
        for (const auto& c : v.columns)
            if (c.kind == ColumnKind::mark) out << "<th scope=\"col\" class=\"mark\">" << escape(c.heading) << "</th>";
        out << "</tr>\n</thead>\n";
        for (const auto& s : v.sections) {
            out << "<tbody>\n";
            if (!s.title.empty())
                out << "<tr><th scope=\"rowgroup\" colspan=\"" << v.columns.size() << "\">" << escape(s.title) << "</th></tr>\n";
            for (size_t i = 0; i < s.rows.size(); ++i) {
                out << "<tr>";
                for (const auto& c : v.columns) {
                    const std::string text = cell(p, *s.rows[i], s.refs[i], c).text;
                    if (c.kind == ColumnKind::mark)
                        out << "<td class=\"mark\">"
                            << (text.empty() ? "" : "X<span class=\"visually-hidden\"> (relates to " + escape(c.heading) + ")</span>")
                            << "</td>";
                    else out << "<td>" << escape(text) << "</td>";
                }
                out << "</tr>\n";
            }
            out << "</tbody>\n";
        }
        out << "</table>\n";
    }
    out << "</main>\n</body>\n</html>\n";
}

}  // namespace gapfinder::plan
