#include "eqia/eqia_document.hpp"

#include <cmath>

#include "util/text_table.hpp"

namespace gapfinder::eqia {

namespace {

std::string upper_first(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string slug(const std::string& id) {
    std::string out;
    for (char c : id) out += (c == '_' ? '-' : c);
    return out;
}

Block heading(int level, const std::string& text, const std::string& id = "") {
    Block b;
    b.kind = Block::Kind::heading;
    b.level = level;
    b.text = text;
    b.id = id;
    return b;
}

Block paragraph(const std::string& text, Block::Kind kind = Block::Kind::paragraph) {
    Block b;
    b.kind = kind;
    b.text = text;
    return b;
}

Block list(std::vector<std::string> items) {
    Block b;
    b.kind = Block::Kind::list;
    b.items = std::move(items);
    return b;
}

std::string impact_words(Impact i) {
    switch (i) {
        case Impact::negative: return "Negative";
        case Impact::positive: return "Positive";
        case Impact::none_found: return "None found";
        default: return "Not assessed";
    }
}

std::string range(double low, double high) { return format_percent(low) + " to " + format_percent(high); }

Block support_table(const Eqia& e, const CharacteristicSection& s) {
    Block t;
    t.kind = Block::Kind::table;
    t.caption = s.label + ": support for the proposal by group";
    t.headers = {"Group", "Support", "95% range", "Base (people)", "Others' support", "Gap (points)",
                 "Confirmed?"};
    t.numeric = {false, true, true, true, true, true, false};
    for (const GroupSupport& g : s.support) {
        if (g.suppressed) {
            t.rows.push_back({g.label, "not shown", "not shown", "not shown", "not shown", "not shown",
                              "not shown: " + g.suppressed_reason});
            continue;
        }
        std::string status = g.confirmed ? (g.gap_pp < 0 ? "Yes: lower" : "Yes: higher")
                                         : g.low_base ? "Too few to confirm (under " + format_count(e.settings.min_base) + ")"
                                                      : "No";
        t.rows.push_back({g.label, format_percent(g.rate), range(g.ci_low, g.ci_high), format_count(g.n),
                          format_percent(g.rest_rate), (g.gap_pp > 0 ? "+" : "") + format_fixed(g.gap_pp, 1), status});
    }
    return t;
}

}  // namespace

std::vector<Block> eqia_document(const Eqia& e) {
    const std::string& people = e.people;
    std::vector<Block> d;
    d.push_back(heading(1, eqia_title(e)));
    d.push_back(paragraph(
        (e.organisation.empty() ? std::string() : e.organisation + ". ") + "Wave " + e.wave + ": " + format_count(e.respondents) +
        " " + people + (e.commenters > 0 ? ", of whom " + format_count(e.commenters) + " explained their answer in a comment" : "") +
        ". The proposal: \u201C" + e.proposal_text + "\u201D"));
    d.push_back(paragraph("Draft evidence for an equality impact assessment, drawn from the consultation by gapfinder. Each "
                          "\u201Cpotential impact\u201D line is a draft for the equality officer to confirm. Quotes are redacted "
                          "automatically: check every quote before publication.",
                          Block::Kind::note));

    // Contents.
    Block contents;
    contents.kind = Block::Kind::list;
    contents.label = "contents";
    contents.items = {"#summary|Summary: potential impact by characteristic"};
    for (const auto& s : e.sections) contents.items.push_back("#" + slug(s.id) + "|" + s.label);
    contents.items.push_back("#not-heard|Whom the consultation did not hear");
    contents.items.push_back("#method|How these figures were made");
    d.push_back(heading(2, "Contents", "contents"));
    d.push_back(contents);

    // Summary.
    d.push_back(heading(2, "Summary: potential impact by characteristic", "summary"));
    Block summary;
    summary.kind = Block::Kind::table;
    summary.caption = "Potential impact by protected characteristic (drafts for the officer to confirm)";
    summary.headers = {"Characteristic", "Potential impact (draft)", "Why"};
    summary.numeric = {false, false, false};
    for (const auto& s : e.sections)
        summary.rows.push_back({s.label, s.status == "asked" || s.impact != Impact::not_assessed ? impact_words(s.impact)
                                         : s.status == "not asked" ? "Not asked"
                                         : s.status == "too few"   ? "Too few responses to say"
                                                                   : "Not analysed",
                                s.status == "not asked"      ? "The consultation did not ask about it: use other evidence."
                                : s.status == "not analysed" ? s.note
                                                             : s.impact_reason});
    d.push_back(summary);

    if (!e.themes.empty()) {
        d.push_back(heading(3, "Which comment themes are concerns", "themes"));
        std::vector<std::string> items;
        for (const auto& t : e.themes) items.push_back(t.sentence);
        d.push_back(list(items));
    }

    // One section per characteristic.
    for (const auto& s : e.sections) {
        d.push_back(heading(2, s.label, slug(s.id)));
        if (s.status == "not asked" || s.status == "not analysed") {
            d.push_back(paragraph(s.note));
            continue;
        }
        Block impact;
        impact.kind = Block::Kind::impact;
        impact.label = impact_name(s.impact);
        impact.text = "Potential impact (draft: for the officer to confirm): " + impact_words(s.impact) + ". " + s.impact_reason;
        d.push_back(impact);
        if (s.status == "too few") d.push_back(paragraph(s.note));

        d.push_back(heading(3, "Support for the proposal", slug(s.id) + "-support"));
        d.push_back(support_table(e, s));
        if (s.support_gaps.empty()) d.push_back(paragraph("No group's support differs from that of other " + people + " by a confirmed gap."));
        else {
            std::vector<std::string> items;
            for (const auto& g : s.support_gaps) items.push_back(g.sentence);
            d.push_back(paragraph("Confirmed gaps in support:"));
            d.push_back(list(items));
        }

        d.push_back(heading(3, "Themes raised more or less than others", slug(s.id) + "-themes"));
        if (s.themes_more.empty() && s.themes_less.empty())
            d.push_back(paragraph("No group raises a theme more or less than other " + people +
                                  " by a confirmed gap; differences that could be chance are not presented."));
        else {
            std::vector<std::string> items;
            for (const auto& t : s.themes_more) items.push_back(t.sentence + (t.concern ? "" : " (a reason given for the proposal)"));
            for (const auto& t : s.themes_less) items.push_back(t.sentence + (t.concern ? "" : " (a reason given for the proposal)"));
            d.push_back(list(items));
        }

        if (!s.themes_more.empty()) {
            d.push_back(heading(3, "In their words", slug(s.id) + "-quotes"));
            if (!e.quotes_included) d.push_back(paragraph(e.quotes_note));
            else if (s.quotes.empty())
                d.push_back(paragraph("No comment can be quoted: the groups are too small to quote safely."));
            for (const auto& q : s.quotes) {
                Block b;
                b.kind = Block::Kind::quotes;
                b.label = upper_first(q.label) + ", on " + q.theme + " (redacted; check before publication)";
                b.items = q.quotes;
                d.push_back(b);
            }
        }
    }

    // Whom the consultation did not hear.
    d.push_back(heading(2, "Whom the consultation did not hear", "not-heard"));
    if (e.representativeness.empty())
        d.push_back(paragraph("The consultation names no population profile, so its respondents cannot be compared with the "
                              "population: say in the assessment whom it reached by other means."));
    else {
        d.push_back(paragraph("Respondents compared with the population profile " + e.population_source +
                              " (each table names its source). A group is under-represented when its share of respondents is under 0.8 of its share of the "
                              "population: the consultation heard less from it, and the assessment should seek its views "
                              "another way."));
        if (e.not_heard.empty()) d.push_back(paragraph("No group is under-represented among the respondents."));
        else {
            std::vector<std::string> items;
            for (const auto& n : e.not_heard) items.push_back(n.sentence);
            d.push_back(paragraph("Under-represented groups:"));
            d.push_back(list(items));
        }
        for (const auto& r : e.representativeness) {
            Block t;
            t.kind = Block::Kind::table;
            std::string label = r.characteristic;
            for (const auto& s : e.sections)
                if (s.id == r.characteristic) label = s.label;
            t.caption = label + ": respondents and population";
            t.headers = {"Group", "Respondents", "Share of respondents", "Share of population", "Ratio", "Heard?"};
            t.numeric = {false, true, true, true, true, false};
            for (const auto& g : r.groups) {
                if (g.suppressed)
                    t.rows.push_back({g.label, "not shown", "not shown", format_percent(g.population_share), "not shown",
                                      "not shown: fewer than " + format_count(e.settings.suppress_below) + " people"});
                else
                    t.rows.push_back({g.label, format_count(g.respondents), format_percent(g.respondent_share),
                                      format_percent(g.population_share), format_fixed(g.ratio, 2),
                                      !g.assessed ? "Not assessed" : g.under_represented ? "Under-represented" : "Yes"});
            }
            d.push_back(t);
            d.push_back(paragraph("Source: " + r.source + "."));
        }
    }

    d.push_back(heading(2, "How these figures were made", "method"));
    d.push_back(list(e.method));
    return d;
}

}  // namespace gapfinder::eqia
