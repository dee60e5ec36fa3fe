#include "action_plan/wording.hpp"

#include <cmath>

#include "util/text_table.hpp"

namespace gapfinder::plan {

namespace {

std::string lower_first(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z')) s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

}  // namespace

std::string points(double gap_pp) { return format_fixed(std::fabs(gap_pp), 1); }

std::string target_points(double target) {
    const double a = std::fabs(target);
    return format_fixed(a, std::fabs(a - std::round(a)) < 1e-9 ? 0 : 1);
}

std::string group_people(const std::string& c, const std::string& g, const std::string& label, const std::string& people) {
    if (c == "disability") {
        if (g == "disabled") return "disabled " + people;
        if (g == "not_disabled") return people + " who are not disabled";
        if (g == "disabled_limited_a_lot") return "disabled " + people + " whose day-to-day activities are limited a lot";
        if (g == "disabled_limited_a_little") return "disabled " + people + " whose day-to-day activities are limited a little";
    }
    if (c == "age") return people + " aged " + label;
    if (c == "sex") return lower_first(label) + " " + people;
    if (c == "race") return people + " who describe their ethnic group as " + label;
    if (c == "religion_belief") {
        if (g == "no_religion") return people + " with no religion";
        if (g == "other_religion") return people + " of another religion or belief";
        return label + " " + people;
    }
    if (c == "sexual_orientation") {
        if (g == "heterosexual") return "heterosexual " + people;
        if (g == "lgb_plus") return "lesbian, gay, bisexual and other LGB+ " + people;
        if (g == "gay_or_lesbian") return "gay or lesbian " + people;
        if (g == "bisexual") return "bisexual " + people;
        return people + " of another sexual orientation";
    }
    if (c == "gender_reassignment") {
        if (g == "gender_identity_same") return people + " whose gender identity is the same as their sex registered at birth";
        if (g == "gender_identity_different") return people + " whose gender identity is different from their sex registered at birth";
        if (g == "trans_woman") return "trans women";
        if (g == "trans_man") return "trans men";
        if (g == "non_binary") return "non-binary " + people;
    }
    if (c == "caring") {
        if (g == "carer") return people + " who are unpaid carers";
        if (g == "not_carer") return people + " who are not unpaid carers";
        if (label.rfind("Provides ", 0) == 0) return people + " who provide " + label.substr(9);  // "... 20 to 49 hours unpaid care a week"
        return people + " who are unpaid carers (" + lower_first(label) + ")";
    }
    if (c == "socio_economic") {
        if (g == "nssec_never_worked") return people + " who have never worked or are long-term unemployed";
        if (g == "nssec_student") return people + " who are full-time students";
        return people + " in " + lower_first(label);
    }
    if (c == "pregnancy_maternity") {
        if (g == "pregnant_or_recent_birth") return people + " who are pregnant or have given birth in the last 26 weeks";
    }
    return people + " in the group \"" + label + "\"";
}

std::string Wording::outcome() const {
    if (question && question->from_comment()) return question->outcome;  // "mention access to buildings"
    if (question && !question->outcome.empty()) return "say they " + question->outcome;
    const std::string text = question && !question->text.empty() ? question->text : row.question;
    return "answer positively to \"" + text + "\"";
}

std::string Wording::group() const { return group_people(row.characteristic, row.group, row.group_label, people_noun(survey.kind)); }

std::string Wording::gap_action(const TrendResult* narrowed) const {
    const std::string people = people_noun(survey.kind);
    std::string s = "Find out why " + group() + " are less likely than other " + people + " to " + outcome() + " (" +
                    format_percent(row.rate) + " against " + format_percent(row.rest_rate) + " in " +
                    wave_phrase(survey.kind, plan.wave) + ", a gap of " + points(row.gap_pp) +
                    " points), and agree with them and the services concerned the steps that will close the gap.";
    if (narrowed)
        s += " The gap has narrowed from " + points(narrowed->from_gap_pp) + " points in " +
             wave_phrase(survey.kind, narrowed->from_wave) + ".";
    return s;
}

std::string Wording::theme_action() const {
    const std::string people = people_noun(survey.kind);
    return "Respond to what " + group() + " raise more often than other " + people + ": " + format_percent(row.rate) +
           " of those who commented " + outcome() + ", against " + format_percent(row.rest_rate) + " of other " + people +
           " (" + wave_phrase(survey.kind, plan.wave) + ", " + points(row.gap_pp) +
           " points more). Weigh it in the proposal's equality impact assessment, and agree with them and the services "
           "concerned how the proposal will address it.";
}

std::string Wording::keep_up_action(const TrendResult& t) const {
    const std::string people = people_noun(survey.kind);
    return "Keep up the progress: the gap between " + group() + " and other " + people + " who " + outcome() +
           " narrowed from " + points(t.from_gap_pp) + " to " + points(t.to_gap_pp) + " points between " +
           wave_phrase(survey.kind, t.from_wave) + " and " + wave_phrase(survey.kind, t.to_wave) +
           ". Find out what made the difference and keep it going.";
}

std::string Wording::measure(const Trackability& t, bool keep_up) const {
    const std::string people = people_noun(survey.kind);
    const std::string when = plan.next_wave.empty() ? "the next " + std::string(survey.kind == "residents_panel" ? "panel"
                                                                                 : survey.kind == "staff_questionnaire" ? "staff survey"
                                                                                                                       : "consultation")
                                                    : wave_phrase(survey.kind, plan.next_wave);
    const std::string size = "with about " + format_count(row.n) + " " + people + " in the group";
    std::string s = "Gap between " + group() + " and other " + people + " who " + outcome() + (keep_up ? " is" : " falls") +
                    " below " + target_points(t.target_pp) + " points at " + when + "; baseline " + points(row.gap_pp) + " points, " +
                    format_percent(row.rate) + " vs " + format_percent(row.rest_rate) + ", n = " + format_count(row.n) + ". ";
    // What the next wave can tell apart from chance (trackability.hpp): the target is
    // set where it can, or the row says the group is too small and what would do.
    if (t.trackable) {
        s += "Trackable: " + size + ", " + when + " can confirm a gap of " + target_points(std::ceil(t.detectable_pp)) +
             " points or more";
        return s + (t.target_pp > plan.settings.gap_pp + 1e-9
                        ? ", so the target is set there rather than at " + target_points(plan.settings.gap_pp) + " points."
                        : ".");
    }
    s += "The group is too small to track a gap this size from one wave: " + size + ", " + when +
         (std::isnan(t.detectable_pp) ? " could not confirm a gap of any size"
                                      : " could only confirm a gap of " + target_points(std::ceil(t.detectable_pp)) + " points or more") +
         ", so it could not tell whether this gap of " + points(row.gap_pp) + " points has closed. ";
    std::string instead;
    if (!std::isnan(t.pooled_pp)) instead = "pool two waves (gaps of " + target_points(std::ceil(t.pooled_pp)) + " points or more)";
    if (!std::isnan(t.boost_to_n))
        instead += (instead.empty() ? "" : ", or ") + std::string("boost the sample to about ") + format_count(t.boost_to_n) +
                   " in the group (gaps of " + target_points(t.target_pp) + " points)";
    if (instead.empty()) instead = "combine this group with a related one, or report it with other evidence";
    instead[0] = static_cast<char>(instead[0] - 'a' + 'A');
    return s + instead + ".";
}

}  // namespace gapfinder::plan
