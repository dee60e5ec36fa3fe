#include "headline/headline.hpp"

#include <algorithm>
#include <cmath>

#include "action_plan/plan.hpp"
#include "action_plan/wording.hpp"
#include "util/text_table.hpp"

namespace gapfinder::headline {

namespace {

std::string upper_first(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

const Question* question_of(const SurveyDefinition& survey, const std::string& id) {
    for (const auto& q : survey.questions)
        if (q.id == id) return &q;
    return nullptr;
}

// "say they are satisfied with ...", or the question quoted when the definition gives no
// outcome wording.
std::string outcome(const Question* q, const std::string& id) {
    if (q && q->from_comment()) return q->outcome;  // "mention access to buildings"
    if (q && !q->outcome.empty()) return "say they " + q->outcome;
    return "answer positively to \u201C" + (q && !q->text.empty() ? q->text : id) + "\u201D";
}

// Who the group is compared with, in words: "other residents", "all residents who said",
// or the reference group's people.
std::string comparison(const Findings& f, const GroupResult& r, const std::string& people) {
    switch (f.settings.compare.kind) {
        case Comparison::Kind::overall:
            return "all " + people + " who said";
        case Comparison::Kind::largest:
        case Comparison::Kind::named:
            for (const auto& ref : f.results)
                if (ref.reference && ref.question == r.question && ref.characteristic == r.characteristic)
                    return plan::group_people(ref.characteristic, ref.group, ref.group_label, people);
            [[fallthrough]];
        default:
            return "other " + people;
    }
}

}  // namespace

const GroupResult& said_from(const Findings& f, const SurveyDefinition& survey, const GroupResult& flagged) {
    if (flagged.gap_pp < 0) return flagged;
    if (const Question* q = survey.find_question(flagged.question); q && q->from_comment()) return flagged;
    for (const auto& m : f.results)
        if (m.mirror_of == flagged.group && m.question == flagged.question && m.characteristic == flagged.characteristic &&
            !m.suppressed && m.gap_pp < 0)
            return m;
    return flagged;
}

Headline headline(const Findings& f, const SurveyDefinition& survey, size_t limit) {
    const std::string people = plan::people_noun(survey.kind);
    std::vector<const GroupResult*> rows;
    for (const auto& r : f.results)
        if (r.flagged && !r.suppressed) rows.push_back(&said_from(f, survey, r));
    // Largest first; ties in findings order, so that the same findings give the same words.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const GroupResult* a, const GroupResult* b) { return std::fabs(a->gap_pp) > std::fabs(b->gap_pp); });

    Headline h;
    h.confirmed = rows.size();
    if (f.settings.weighted && f.weighting.design_effect > 0) {
        const WeightingSummary& w = f.weighting;
        const double effective = static_cast<double>(w.kept) / w.design_effect;
        const auto gaps = [](uint64_t n) { return std::to_string(n) + (n == 1 ? " gap" : " gaps"); };
        h.weighting = "These figures are weighted to the population, so each group counts as it does in the area. "
                      "Weighting costs precision: the " + format_count(static_cast<double>(w.kept)) + " " + people +
                      " weighted carry the information of about " + format_count(std::round(effective)) +
                      " (design effect " + format_fixed(w.design_effect, 2) + "), so a gap must be larger to be confirmed: " +
                      gaps(rows.size()) + " confirmed weighted, against " + gaps(w.unweighted_flagged) +
                      " unweighted. Publish the weighted rates as the estimates for the area's " + people +
                      ", and the gaps confirmed here; a gap confirmed only unweighted describes the people who answered, "
                      "not the area, and is worth watching rather than acting on alone.";
    }
    if (rows.empty()) {
        h.lead = "No gap between groups was confirmed in wave " + f.wave +
                 ": the differences in the tables below are within what chance alone would give, or the groups are too "
                 "small to tell.";
        return h;
    }
    h.lead = rows.size() == 1 ? "1 gap between groups was confirmed:"
                              : std::to_string(rows.size()) + " gaps between groups were confirmed" +
                                    (rows.size() > limit ? ". The " + std::to_string(limit) + " largest:" : ", largest first:");
    for (size_t i = 0; i < rows.size() && i < limit; ++i) {
        const GroupResult& r = *rows[i];
        Sentence s;
        s.question = r.question;
        s.characteristic = r.characteristic;
        s.group = r.group;
        s.gap_pp = r.gap_pp;
        s.text = upper_first(plan::group_people(r.characteristic, r.group, r.group_label, people)) + ": " +
                 format_percent(r.rate) + " " + outcome(question_of(survey, r.question), r.question) + ", against " +
                 format_percent(r.rest_rate) + " of " + comparison(f, r, people) + " (" + plan::points(r.gap_pp) + " points " +
                 (r.gap_pp < 0 ? "lower" : "higher") + ").";
        h.sentences.push_back(std::move(s));
    }
    return h;
}

}  // namespace gapfinder::headline
