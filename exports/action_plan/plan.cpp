#include "action_plan/plan.hpp"

#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "action_plan/wording.hpp"
#include "util/errors.hpp"

namespace gapfinder::plan {

namespace {

struct Known {
    const char* id;
    const char* label;
};
// Harrow's "Action relates to" columns, in its order, then the rest of the catalogue.
constexpr Known kHarrowColumns[] = {{"age", "Age"},
                                    {"disability", "Disability"},
                                    {"sex", "Gender"},
                                    {"race", "Race"},
                                    {"religion_belief", "Religion or Belief"},
                                    {"sexual_orientation", "Sexual Orientation"},
                                    {"socio_economic", "Socio-economic"}};
constexpr Known kOtherColumns[] = {{"gender_reassignment", "Gender Reassignment"},
                                   {"marriage_civil_partnership", "Marriage and Civil Partnership"},
                                   {"pregnancy_maternity", "Pregnancy and Maternity"},
                                   {"caring", "Carers"}};

// The characteristics of a grouping id ("sex x disability" for an intersection), or
// empty when any part is not a catalogue characteristic (a dimension such as directorate).
std::vector<std::string> characteristics_of(const SurveyDefinition& survey, const std::string& grouping) {
    std::vector<std::string> parts;
    size_t from = 0;
    for (;;) {
        const size_t at = grouping.find(" x ", from);
        parts.push_back(grouping.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos) break;
        from = at + 3;
    }
    for (const auto& p : parts) {
        const Grouping* g = survey.find_grouping(p);
        if (!g || g->kind != Grouping::Kind::characteristic) return {};
    }
    return parts;
}

}  // namespace

std::vector<MatrixColumn> matrix_columns(const SurveyDefinition& survey) {
    std::vector<MatrixColumn> out;
    for (const auto& k : kHarrowColumns) out.push_back({k.id, k.label});
    for (const auto& k : kOtherColumns)
        if (survey.find_grouping(k.id)) out.push_back({k.id, k.label});
    return out;
}

std::string matrix_label(const std::string& characteristic) {
    for (const auto& k : kHarrowColumns)
        if (characteristic == k.id) return k.label;
    for (const auto& k : kOtherColumns)
        if (characteristic == k.id) return k.label;
    return characteristic;
}

void check_layout(const std::string& layout) {
    if (layout != "harrow" && layout != "eflg" && layout != "simple")
        throw InputError("--layout \"" + layout + "\": use harrow, eflg or simple");
}

PlanSettings plan_settings(const AnalysisSettings& s) {
    PlanSettings p;
    p.level = level_name(s.level);
    p.correction = std::string(stats::correction_name(s.correction));
    p.alpha = s.alpha, p.gap_pp = s.gap_pp, p.min_base = s.min_base, p.suppress_below = s.suppress_below;
    p.by = s.by, p.questions = s.questions;
    p.intersections = s.intersections;
    p.perturbed = s.perturb;
    return p;
}

AnalysisSettings analysis_settings(const PlanSettings& p) {
    AnalysisSettings s;
    s.level = parse_level(p.level);
    s.correction = stats::parse_correction(p.correction);
    s.alpha = p.alpha, s.gap_pp = p.gap_pp, s.min_base = p.min_base, s.suppress_below = p.suppress_below;
    s.by = p.by, s.questions = p.questions;
    s.intersections = p.intersections;
    return s;  // compared with the rest, unweighted, exact counts: what trend compares
}

ActionPlan build_plan(const Findings& f, const SurveyDefinition& survey, const BuildOptions& options) {
    check_layout(options.layout);
    ActionPlan plan;
    plan.survey_id = survey.id;
    plan.survey_title = survey.title;
    plan.survey_kind = survey.kind;
    plan.organisation = survey.organisation;
    plan.wave = f.wave;
    if (const WaveInfo* next = survey.next_wave(f.wave)) {
        plan.next_wave = next->label;
        plan.next_wave_date = next->fieldwork;
    }
    plan.layout = options.layout;
    plan.settings = plan_settings(f.settings);
    plan.partners = survey.partners;
    plan.findings = f.results;
    plan.findings_wave = f.wave;

    using Key = std::tuple<std::string, std::string, std::string>;
    std::map<Key, const TrendResult*> trend;
    for (const auto& t : f.trend)
        if (t.to_wave == f.wave && !t.suppressed) trend[{t.question, t.characteristic, t.group}] = &t;
    std::set<Key> drafted;

    const std::string target_date =
        !options.target_date.empty() ? options.target_date : display_date(plan.next_wave_date);
    auto make_row = [&](const GroupResult& r, const std::vector<std::string>& chars, const std::string& kind) {
        Row row;
        row.kind = kind;
        const Question* q = survey.find_question(r.question);
        row.theme = q ? q->theme : "";
        const ThemePlan* tp = survey.find_theme_plan(row.theme);
        row.objective = tp && !tp->objective.empty() ? tp->objective : row.theme;
        row.eflg_area = tp ? tp->eflg_area : "";
        row.lead = tp ? tp->lead : "";
        row.target_date = target_date;
        if (!survey.partners.empty()) {
            if (!tp || tp->partners.empty()) row.partners = "ALL";
            else
                for (const auto& p : tp->partners) row.partners += (row.partners.empty() ? "" : "; ") + p;
        }
        row.relates_to = chars;
        row.question = r.question;
        row.characteristic = r.characteristic;
        row.group = r.group;
        row.group_label = r.group_label;
        row.baseline_wave = f.wave;
        row.baseline_gap_pp = r.gap_pp;
        row.baseline_rate = r.rate;
        row.baseline_rest_rate = r.rest_rate;
        row.baseline_n = r.n;
        row.baseline_rest_n = r.rest_n;
        const Trackability tracking = trackability(r.n, r.rest_n, r.rest_rate, r.gap_pp, f.settings.alpha, f.settings.gap_pp);
        row.target_gap_pp = tracking.target_pp;
        row.detectable_gap_pp = tracking.detectable_pp;
        const Wording w{survey, q, r, plan};
        auto it = trend.find({r.question, r.characteristic, r.group});
        const TrendResult* t = it == trend.end() ? nullptr : it->second;
        if (kind == "gap" && q && q->from_comment()) {
            row.action = w.theme_action();
            row.measure = w.measure(tracking, false);
        } else if (kind == "gap") {
            row.action = w.gap_action(t && t->status == "narrowed" ? t : nullptr);
            row.measure = w.measure(tracking, false);
        } else {
            row.action = w.keep_up_action(*t);
            row.measure = w.measure(tracking, true);
        }
        drafted.insert({r.question, r.characteristic, r.group});
        plan.rows.push_back(std::move(row));
    };

    // A gap is drafted from the side of the group that is behind. With two groups one
    // row carries the contrast's test and flag and the other is its mirror (the same gap
    // seen from the other side): when the flagged group is ahead, the row is drafted
    // from its mirror. With more groups, the groups behind have rows of their own.
    // Suppressed and undisclosed rows are never flagged.
    // A comment theme is drafted the other way round: from the group that raises it more
    // often, because a concern a group raises more is what an equality duty asks about;
    // a group that mentions a theme less gets no action.
    auto is_theme = [&](const GroupResult& r) {
        const Question* q = survey.find_question(r.question);
        return q && q->from_comment();
    };
    auto draft = [&](const std::vector<GroupResult>& rows) {
        for (const auto& flagged : rows) {
            if (!flagged.flagged || flagged.suppressed || flagged.undisclosed || flagged.reference) continue;
            const double sign = is_theme(flagged) ? -1 : 1;  // the side to draft from has sign * gap < 0
            const GroupResult* behind = &flagged;
            if (!(sign * flagged.gap_pp < 0)) {
                behind = nullptr;
                for (const auto& m : rows)
                    if (m.mirror_of == flagged.group && m.question == flagged.question &&
                        m.characteristic == flagged.characteristic && sign * m.gap_pp < 0 && !m.suppressed)
                        behind = &m;
                if (!behind) continue;
            }
            const auto chars = characteristics_of(survey, behind->characteristic);
            if (chars.empty()) continue;  // dimensions (directorate, pay band) are not equality groups
            make_row(*behind, chars, "gap");
        }
    };
    draft(f.results);
    if (options.keep_up_narrowing)
        for (const auto& r : f.results) {
            if (r.suppressed || r.undisclosed || r.reference || !(r.gap_pp < 0) || is_theme(r)) continue;
            if (drafted.count({r.question, r.characteristic, r.group})) continue;
            auto it = trend.find({r.question, r.characteristic, r.group});
            if (it == trend.end() || it->second->status != "narrowed" || !(it->second->from_gap_pp < 0)) continue;
            const auto chars = characteristics_of(survey, r.characteristic);
            if (!chars.empty()) make_row(r, chars, "narrowed");
        }
    draft(f.intersections);
    return plan;
}

std::string people_noun(const std::string& kind) {
    if (kind == "residents_panel") return "residents";
    if (kind == "staff_questionnaire") return "staff";
    return "respondents";
}

std::string wave_phrase(const std::string& kind, const std::string& wave) {
    if (kind == "residents_panel") return "the " + wave + " panel";
    if (kind == "staff_questionnaire") return "the " + wave + " staff survey";
    return "the " + wave + " consultation";
}

std::string display_date(const std::string& iso) {
    static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
    auto digits = [&](size_t from, size_t n) {
        int v = 0;
        for (size_t i = from; i < from + n; ++i) {
            if (i >= iso.size() || iso[i] < '0' || iso[i] > '9') return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    if ((iso.size() == 7 || iso.size() == 10) && iso[4] == '-') {
        const int month = digits(5, 2);
        if (digits(0, 4) >= 0 && month >= 1 && month <= 12) {
            const std::string my = std::string(kMonths[month - 1]) + " " + iso.substr(0, 4);
            if (iso.size() == 7) return my;
            if (iso[7] == '-' && digits(8, 2) > 0) return std::to_string(digits(8, 2)) + " " + my;
        }
    }
    return iso;
}

}  // namespace gapfinder::plan
