// The EqIA as Markdown: the document's blocks as headings, paragraphs, lists, GFM
// tables and block quotes; every label and quote escaped (markdown/escape.hpp).
#include "eqia/eqia.hpp"
#include "eqia/eqia_document.hpp"
#include "markdown/escape.hpp"

namespace gapfinder::eqia {

using markdown::escape;

void write_eqia_markdown(const Eqia& e, std::ostream& out) {
    bool first = true;
    for (const Block& b : eqia_document(e)) {
        if (!first) out << "\n";
        first = false;
        switch (b.kind) {
            case Block::Kind::heading:
                out << std::string(static_cast<size_t>(b.level), '#') << ' ' << escape(b.text) << "\n";
                break;
            case Block::Kind::paragraph: out << escape(b.text) << "\n"; break;
            case Block::Kind::note: out << "*" << escape(b.text) << "*\n"; break;
            case Block::Kind::impact: out << "**" << escape(b.text) << "**\n"; break;
            case Block::Kind::list:
                for (const auto& item : b.items) {
                    if (b.label == "contents") {
                        const size_t bar = item.find('|');
                        out << "- " << escape(item.substr(bar + 1)) << "\n";
                    } else out << "- " << escape(item) << "\n";
                }
                break;
            case Block::Kind::table: {
                out << "**" << escape(b.caption) << "**\n\n|";
                for (const auto& h : b.headers) out << ' ' << escape(h) << " |";
                out << "\n|";
                for (size_t c = 0; c < b.headers.size(); ++c) out << (c < b.numeric.size() && b.numeric[c] ? " ---: |" : " --- |");
                out << "\n";
                for (const auto& row : b.rows) {
                    out << '|';
                    for (const auto& cell : row) out << ' ' << escape(cell) << " |";
                    out << "\n";
                }
                break;
            }
            case Block::Kind::quotes:
                out << escape(b.label) << ":\n";
                for (const auto& q : b.items) {
                    std::string one_line = q;
                    for (char& ch : one_line)
                        if (ch == '\n' || ch == '\r') ch = ' ';
                    out << "\n> \u201C" << escape(one_line) << "\u201D\n";
                }
                break;
        }
    }
}

}  // namespace gapfinder::eqia
