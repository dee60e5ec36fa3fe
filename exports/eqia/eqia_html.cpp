// The EqIA as one self-contained, accessible HTML page: inline style, no scripts,
// nothing fetched; lang="en-GB", headings in order, tables with captions and th scope,
// text at 4.5:1 or more, and every impact said in words (its colour only repeats it).
#include "eqia/eqia.hpp"
#include "eqia/eqia_document.hpp"
#include "html/escape.hpp"

namespace gapfinder::eqia {

using html::escape;

namespace {

// GOV.UK colours: text #0b0c0c on white (19:1); the impact boxes' borders carry the
// colour, their text stays #0b0c0c on a pale fill (over 15:1).
constexpr const char* kStyle =
    "body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;margin:0;line-height:1.45}\n"
    "main{max-width:60rem;margin:0 auto;padding:1.5rem}\n"
    "h1{font-size:1.9rem;margin:0 0 1rem}h2{font-size:1.45rem;margin:2.2rem 0 .6rem;padding-top:.6rem;border-top:2px solid #b1b4b6}\n"
    "h3{font-size:1.15rem;margin:1.4rem 0 .4rem}\n"
    "a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
    ".note{border-left:5px solid #1d70b8;background:#f3f2f1;padding:.6rem 1rem}\n"
    ".impact{border:3px solid #505a5f;background:#f3f2f1;padding:.6rem 1rem;font-weight:bold}\n"
    ".impact-negative{border-color:#d4351c;background:#fbeeeb}\n"
    ".impact-positive{border-color:#00703c;background:#edf6f0}\n"
    "table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.95rem}\n"
    "caption{text-align:left;font-weight:bold;padding:.3rem 0}\n"
    "th,td{border-bottom:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}\n"
    "thead th{border-bottom:2px solid #0b0c0c}\n"
    "td.num,th.num{text-align:right}td.num{white-space:nowrap}\n"
    "blockquote{margin:.5rem 0 .5rem 1rem;padding:.2rem 0 .2rem 1rem;border-left:4px solid #b1b4b6}\n"
    ".quotes-label{font-weight:bold;margin-top:1rem}\n"
    "@media print{h2{break-before:auto}.impact,.note{break-inside:avoid}a{color:#0b0c0c}}\n";

}  // namespace

void write_eqia_html(const Eqia& e, std::ostream& out) {
    out << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << escape(eqia_title(e)) << "</title>\n<style>\n" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
    for (const Block& b : eqia_document(e)) {
        switch (b.kind) {
            case Block::Kind::heading: {
                const std::string tag = "h" + std::to_string(b.level);
                out << "<" << tag << (b.id.empty() ? "" : " id=\"" + escape(b.id) + "\"") << ">" << escape(b.text) << "</" << tag
                    << ">\n";
                break;
            }
            case Block::Kind::paragraph: out << "<p>" << escape(b.text) << "</p>\n"; break;
            case Block::Kind::note: out << "<p class=\"note\">" << escape(b.text) << "</p>\n"; break;
            case Block::Kind::impact: {
                std::string cls = b.label == "none found" ? "none" : b.label == "not assessed" ? "not-assessed" : b.label;
                out << "<p class=\"impact impact-" << escape(cls) << "\">" << escape(b.text) << "</p>\n";
                break;
            }
            case Block::Kind::list:
                out << (b.label == "contents" ? "<nav aria-labelledby=\"contents\"><ul>\n" : "<ul>\n");
                for (const auto& item : b.items) {
                    if (b.label == "contents") {
                        const size_t bar = item.find('|');
                        out << "<li><a href=\"" << escape(item.substr(0, bar)) << "\">" << escape(item.substr(bar + 1))
                            << "</a></li>\n";
                    } else out << "<li>" << escape(item) << "</li>\n";
                }
                out << (b.label == "contents" ? "</ul></nav>\n" : "</ul>\n");
                break;
            case Block::Kind::table:
                out << "<table>\n<caption>" << escape(b.caption) << "</caption>\n<thead><tr>";
                for (size_t c = 0; c < b.headers.size(); ++c)
                    out << "<th scope=\"col\"" << (c < b.numeric.size() && b.numeric[c] ? " class=\"num\"" : "") << ">"
                        << escape(b.headers[c]) << "</th>";
                out << "</tr></thead>\n<tbody>\n";
                for (const auto& row : b.rows) {
                    out << "<tr>";
                    for (size_t c = 0; c < row.size(); ++c) {
                        if (c == 0) out << "<th scope=\"row\">" << escape(row[c]) << "</th>";
                        else
                            out << "<td" << (c < b.numeric.size() && b.numeric[c] ? " class=\"num\"" : "") << ">" << escape(row[c])
                                << "</td>";
                    }
                    out << "</tr>\n";
                }
                out << "</tbody>\n</table>\n";
                break;
            case Block::Kind::quotes:
                out << "<p class=\"quotes-label\">" << escape(b.label) << "</p>\n";
                for (const auto& q : b.items) out << "<blockquote><p>" << escape(q) << "</p></blockquote>\n";
                break;
        }
    }
    out << "</main>\n</body>\n</html>\n";
}

}  // namespace gapfinder::eqia
