#include "action_plan/layout.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "action_plan/wording.hpp"
#include "analysis/cell_key.hpp"
#include "util/text_table.hpp"

namespace gapfinder::plan {

namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string signed_points(double v) { return std::isnan(v) ? "" : (v > 0 ? "+" : "") + format_fixed(v, 1); }

}  // namespace

bool is_lead_placeholder(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.size() != kLeadPlaceholder.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (fold(text[i]) != fold(kLeadPlaceholder[i])) return false;
    }
    return true;
}

std::string number_text(double v) {
    if (std::isnan(v) || std::isinf(v)) return "";
    // 15 significant digits, as many as Excel keeps, so that a workbook cell and the
    // CSV cell hold the same number.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

std::string eflg_title(const std::string& id) {
    const auto& areas = eflg_areas();
    for (size_t i = 0; i < areas.size(); ++i)
        if (areas[i].id == id) return std::to_string(i + 1) + ". " + areas[i].label;
    return "Not yet placed in an EFLG area";
}

std::string eflg_area_from_title(const std::string& title) {
    const auto& areas = eflg_areas();
    for (size_t i = 0; i < areas.size(); ++i)
        if (title == eflg_title(areas[i].id) || title == areas[i].label || title == areas[i].id) return areas[i].id;
    return "";
}

std::string plan_title(const ActionPlan& p) {
    std::string t = p.layout == "eflg" ? "Equality and Diversity Action Plan" : "Equality Action Plan";
    return t + (p.tracked_wave.empty() ? "" : ": monitoring our progress") + " - " + p.survey_title;
}

std::string plan_subtitle(const ActionPlan& p) {
    std::string s = "Draft actions for the gaps found in " + wave_phrase(p.survey_kind, p.wave);
    if (!p.tracked_wave.empty()) s += ", measured again in " + wave_phrase(p.survey_kind, p.tracked_wave);
    s += ". A gap is flagged when the adjusted p is under " + number_text(p.settings.alpha) + ", it is at least " +
         number_text(p.settings.gap_pp) + " points and the group has at least " + number_text(p.settings.min_base) +
         " people; groups under " + number_text(p.settings.suppress_below) +
         " are not shown, nor any figure from which a hidden group could be worked out.";
    s += p.settings.perturbed ? " " + std::string(cell_key::kPerturbedCountsInWords) : " Counts are exact, made with gapfinder on the command line.";
    return s;
}

TableView table_view(const ActionPlan& p, bool machine) {
    TableView v;
    v.matrix.clear();
    // The matrix: the plan's own columns, from the rows and the standard set.
    const std::vector<std::string> harrow = {"age", "disability", "sex", "race", "religion_belief", "sexual_orientation", "socio_economic"};
    for (const auto& id : harrow) v.matrix.push_back({id, matrix_label(id)});
    for (const auto& id : {"gender_reassignment", "marriage_civil_partnership", "pregnancy_maternity", "caring"}) {
        bool used = false;
        for (const auto& r : p.rows) used = used || has(r.relates_to, id);
        for (const auto& f : p.findings) used = used || f.characteristic == id;
        if (used) v.matrix.push_back({id, matrix_label(id)});
    }

    auto add = [&](std::string key, std::string heading, double width, ColumnKind kind = ColumnKind::text) {
        v.columns.push_back({std::move(key), std::move(heading), width, kind});
    };
    if (p.layout == "harrow") {
        v.section_heading = "Objective";
        add("action", "Action", 45);
        add("lead", "Directorate / Lead", 18);
        add("target_date", "Target Date", 11);
        add("measure", "How will we measure our success", 35);
    } else if (p.layout == "eflg") {
        v.section_heading = "EFLG area";
        add("ref", "Ref", 5);
        add("theme", "Commitments", 16);
        add("lead", "Responsible Officer", 18);
        add("action", "Action required", 45);
        add("measure", "Outcome", 35);
        add("target_date", "Target/Date", 11);
        if (!p.partners.empty()) add("partners", "Cross-ref to Partner authority", 14);
    } else {
        add("objective", "Objective", 24);
        add("theme", "Theme", 14);
        add("action", "Action", 45);
        add("lead", "Lead", 18);
        add("target_date", "Target date", 11);
        add("measure", "How will we measure our success", 35);
    }
    // Narrow: the workbook writes the matrix's headings upright.
    for (const auto& m : v.matrix) add("x:" + m.id, m.label, 4.5, ColumnKind::mark);
    if (!p.tracked_wave.empty()) {
        add("status", "Status (" + p.tracked_wave + ")", 13);
        add("progress", "Progress (" + p.tracked_wave + ")", 35);
    }
    if (machine) {
        using K = ColumnKind;
        add("row_kind", "row_kind", 10, K::machine_text);
        add("question_id", "question_id", 16, K::machine_text);
        add("characteristic", "characteristic", 16, K::machine_text);
        add("group", "group", 16, K::machine_text);
        add("baseline_wave", "baseline_wave", 10, K::machine_text);
        add("baseline_gap_pp", "baseline_gap_pp", 10, K::machine_number);
        add("baseline_rate", "baseline_rate", 10, K::machine_number);
        add("baseline_rest_rate", "baseline_rest_rate", 10, K::machine_number);
        add("baseline_n", "baseline_n", 10, K::machine_number);
        add("baseline_rest_n", "baseline_rest_n", 10, K::machine_number);
        add("target_gap_pp", "target_gap_pp", 10, K::machine_number);
        if (!p.tracked_wave.empty()) {
            add("now_wave", "now_wave", 10, K::machine_text);
            add("now_gap_pp", "now_gap_pp", 10, K::machine_number);
            add("now_rate", "now_rate", 10, K::machine_number);
            add("now_rest_rate", "now_rest_rate", 10, K::machine_number);
            add("now_n", "now_n", 10, K::machine_number);
            add("change_pp", "change_pp", 10, K::machine_number);
            add("p_adj", "p_adj", 10, K::machine_number);
        }
    } else {
        add("baseline", "Baseline", 40);
    }

    // Sections, in the order their first row appears (Harrow), in the framework's order
    // (EFLG), or one (simple).
    auto section_of = [&](const Row& r) -> std::string {
        if (p.layout == "harrow") return r.objective.empty() ? r.theme : r.objective;
        if (p.layout == "eflg") return eflg_title(r.eflg_area);
        return "";
    };
    for (const auto& r : p.rows) {
        const std::string title = section_of(r);
        auto it = std::find_if(v.sections.begin(), v.sections.end(), [&](const Section& s) { return s.title == title; });
        if (it == v.sections.end()) {
            v.sections.push_back({title, {}, {}});
            it = v.sections.end() - 1;
        }
        it->rows.push_back(&r);
    }
    if (p.layout == "eflg")
        std::stable_sort(v.sections.begin(), v.sections.end(), [](const Section& a, const Section& b) {
            auto order = [](const Section& s) {
                const std::string id = eflg_area_from_title(s.title);
                const auto& areas = eflg_areas();
                for (size_t i = 0; i < areas.size(); ++i)
                    if (areas[i].id == id) return i;
                return areas.size();
            };
            return order(a) < order(b);
        });
    for (auto& s : v.sections) {
        const std::string number = p.layout == "eflg" ? s.title.substr(0, s.title.find('.')) : "";
        for (size_t i = 0; i < s.rows.size(); ++i)
            s.refs.push_back(p.layout == "eflg" && !eflg_area_from_title(s.title).empty() ? number + "." + std::to_string(i + 1) : "");
    }
    return v;
}

std::string progress_text(const ActionPlan& p, const Row& r) {
    if (!r.progress) return r.has_baseline() ? "" : "Not measured: the row has no baseline";
    const Progress& g = *r.progress;
    if (!g.measured) return "Not measured in " + wave_phrase(p.survey_kind, g.wave) + ": " + g.note;
    std::string s = "Gap now " + points(g.gap_pp) + " points (" + format_percent(g.rate) + " vs " + format_percent(g.rest_rate) +
                    ", n = " + format_count(g.n) + "), was " + points(r.baseline_gap_pp) + " in " +
                    wave_phrase(p.survey_kind, r.baseline_wave) + "; ";
    if (g.status == "closed") s += "below the target of " + target_points(r.target_gap_pp) + " points";
    else if (g.status == "narrowed") s += "narrowed, but not yet below " + target_points(r.target_gap_pp) + " points";
    else if (g.status == "widened") s += "widened";
    else if (g.status == "reversed") s += "reversed: the group is now ahead by more than " + target_points(r.target_gap_pp) + " points";
    else s += "no significant change";
    return s + " (change " + signed_points(g.change_pp) + " points, adjusted p " +
           (std::isnan(g.p_adj) ? std::string("n/a") : g.p_adj < 0.001 ? std::string("<0.001") : format_fixed(g.p_adj, 3)) + ")";
}

Cell cell(const ActionPlan& p, const Row& r, const std::string& ref, const Column& c) {
    auto text = [](std::string s) { return Cell{std::move(s), false, 0}; };
    auto num = [](double v) {
        if (std::isnan(v)) return Cell{"", false, 0};
        const std::string t = number_text(v);
        return Cell{t, true, std::strtod(t.c_str(), nullptr)};
    };
    const std::string& k = c.key;
    if (k == "ref") return text(ref);
    if (k == "objective") return text(r.objective);
    if (k == "theme") return text(r.theme);
    if (k == "action") return text(r.action);
    if (k == "lead") return text(r.lead);
    if (k == "target_date") return text(r.target_date);
    if (k == "measure") return text(r.measure);
    if (k == "partners") return text(r.partners);
    if (k.rfind("x:", 0) == 0) return text(has(r.relates_to, k.substr(2)) ? "X" : "");
    if (k == "status") return text(r.progress ? r.progress->status : (r.has_baseline() ? "" : "not measured"));
    if (k == "progress") return text(progress_text(p, r));
    if (k == "baseline") {
        if (!r.has_baseline()) return text("");
        return text(r.question + " / " + r.characteristic + " / " + r.group + ", " + r.baseline_wave + ": gap " +
                    signed_points(r.baseline_gap_pp) + " points (" + format_percent(r.baseline_rate) + " vs " +
                    format_percent(r.baseline_rest_rate) + ", n = " + format_count(r.baseline_n) + "); target under " +
                    target_points(r.target_gap_pp) + " points");
    }
    if (k == "row_kind") return text(r.kind);
    if (k == "question_id") return text(r.question);
    if (k == "characteristic") return text(r.characteristic);
    if (k == "group") return text(r.group);
    if (k == "baseline_wave") return text(r.baseline_wave);
    if (!r.has_baseline()) return text("");
    if (k == "baseline_gap_pp") return num(r.baseline_gap_pp);
    if (k == "baseline_rate") return num(r.baseline_rate);
    if (k == "baseline_rest_rate") return num(r.baseline_rest_rate);
    if (k == "baseline_n") return num(r.baseline_n);
    if (k == "baseline_rest_n") return num(r.baseline_rest_n);
    if (k == "target_gap_pp") return num(r.target_gap_pp);
    const Progress* g = r.progress ? &*r.progress : nullptr;
    if (k == "now_wave") return text(g ? g->wave : "");
    if (!g || !g->measured) return text("");
    if (k == "now_gap_pp") return num(g->gap_pp);
    if (k == "now_rate") return num(g->rate);
    if (k == "now_rest_rate") return num(g->rest_rate);
    if (k == "now_n") return num(g->n);
    if (k == "change_pp") return num(g->change_pp);
    if (k == "p_adj") return num(g->p_adj);
    return text("");
}

}  // namespace gapfinder::plan
