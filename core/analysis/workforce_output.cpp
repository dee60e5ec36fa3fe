#include "analysis/workforce_output.hpp"

#include "analysis/disclosure.hpp"

#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "util/json_writer.hpp"
#include "util/text_table.hpp"

namespace gapfinder {

std::string workforce_to_json(const WorkforceFindings& f) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().field("schema", "gapfinder-workforce/1");
    if (f.settings.below_disclosure_floor) j.field("not_for_publication", kNotForPublication);
    j.key("survey").begin_object().field("id", f.survey_id).field("title", f.survey_title).end_object();
    j.field("wave", f.wave).field("staff", f.staff).field("staff_analysed", f.staff_analysed).field("dimension", f.dimension);
    j.key("settings").begin_object();
    write_filters(j, f.settings.filters);
    j.field("level", level_name(f.settings.level));
    j.field("correction", std::string(stats::correction_name(f.settings.correction))).field("alpha", f.settings.alpha);
    j.field("suppress_below", f.settings.suppress_below).field("under_represented_below", 0.8).end_object();
    j.key("representation").begin_array();
    for (const auto& r : f.rows) {
        j.begin_object().field("dimension", r.dimension).field("category", r.category).field("category_label", r.category_label);
        j.field("characteristic", r.characteristic).field("group", r.group).field("group_label", r.group_label);
        j.field("suppressed", r.suppressed).text_or_null("suppression", r.suppression);
        j.field("in_category", r.in_category).field("category_total", r.category_total).field("share", r.share);
        j.field("staff", r.staff).field("staff_total", r.staff_total).field("staff_share", r.staff_share);
        j.field("ratio", r.ratio).text_or_null("test", r.test).field("p", r.p).field("p_adj", r.p_adj);
        j.field("under_represented", r.under_represented).end_object();
    }
    j.end_array();
    j.key("targets").begin_array();
    for (const auto& t : f.targets) {
        j.begin_object().field("id", t.target.id).field("label", t.target.label).field("dimension", t.target.dimension);
        j.key("categories").begin_array();
        for (const auto& c : t.target.categories) j.value(c);
        j.end_array().field("characteristic", t.target.characteristic).key("groups").begin_array();
        for (const auto& g : t.target.groups) j.value(g);
        j.end_array().field("target", t.target.target).field("suppressed", t.suppressed);
        j.field("in_groups", t.in_groups).field("in_scope", t.in_scope).field("share", t.share).field("p", t.p);
        j.field("below_target", t.below_target).end_object();
    }
    j.end_array().end_object();
    out += '\n';
    return out;
}

void write_workforce_table(const WorkforceFindings& f, std::ostream& out) {
    out << f.survey_title << ", wave " << f.wave << ": " << with_commas(f.staff) << " staff, by " << f.dimension << "\n";
    write_filter_line(f.settings.filters, f.staff_analysed, f.staff, "staff", out);
    if (!f.targets.empty()) {
        out << "\nTargets\n";
        TextTable t({"target", "share now", "target", "staff in scope", ""});
        for (const auto& r : f.targets)
            t.add({r.target.label, r.suppressed ? "suppressed (small numbers)" : format_percent(r.share), format_percent(r.target.target),
                   format_count(r.in_scope), r.below_target ? "BELOW TARGET" : "met"});
        t.print(out, "  ");
    }
    out << "\nEach group's share of each " << f.dimension << " against its share of all staff\n";
    TextTable t({"characteristic", "group", f.dimension, "staff there", "share", "share of all staff", "ratio", ""});
    for (const auto& r : f.rows) {
        std::string note = r.suppressed ? "suppressed (small numbers)" : "";
        if (r.under_represented) note += (note.empty() ? "" : "; ") + std::string("UNDER-REPRESENTED");
        t.add({r.characteristic, r.group_label, r.category_label, format_count(r.in_category), format_percent(r.share),
               format_percent(r.staff_share), format_fixed(r.ratio, 2), note});
    }
    t.print(out, "  ");
}

}  // namespace gapfinder
