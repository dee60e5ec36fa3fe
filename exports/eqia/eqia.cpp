#include "eqia/eqia.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "action_plan/plan.hpp"
#include "action_plan/wording.hpp"
#include "domain/catalogue.hpp"
#include "headline/headline.hpp"
#include "stats/stats.hpp"
#include "text/quotes.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::eqia {

namespace {

std::string upper_first(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// "access to buildings" from a theme question's outcome "mention access to buildings".
std::string theme_label(const Question& q) {
    const std::string prefix = "mention ";
    return q.outcome.rfind(prefix, 0) == 0 ? q.outcome.substr(prefix.size()) : q.text;
}

const Question* find_question(const SurveyDefinition& survey, const std::string& id) {
    for (const auto& q : survey.questions)
        if (q.id == id) return &q;
    return nullptr;
}

size_t question_index(const SurveyDefinition& survey, const std::string& id) {
    for (size_t i = 0; i < survey.questions.size(); ++i)
        if (survey.questions[i].id == id) return i;
    return survey.questions.size();
}

// Which themes are concerns: support for the proposal among commenters who mention the
// theme, against commenters who do not. A theme whose mentioners support the proposal
// more, by a confirmed difference (the analysis's alpha, after Holm's correction across
// the themes, and at least its gap threshold), is a reason given for the proposal; every
// other theme a consultation's "why" raises is read as a concern.
std::vector<ThemeStance> theme_stances(const SurveyDefinition& survey, const Dataset& data, const std::string& proposal,
                                       const std::vector<const Question*>& themes, const AnalysisSettings& s) {
    std::vector<ThemeStance> out;
    const size_t p = question_index(survey, proposal);
    const Scale& scale = survey.questions[p].scale;
    const std::vector<uint8_t>& support = data.answers.at(p);
    std::vector<double> pvalues;
    for (const Question* t : themes) {
        const std::vector<uint8_t>& mentions = data.answers.at(question_index(survey, t->id));
        ThemeStance st;
        st.question = t->id;
        st.label = theme_label(*t);
        for (size_t r = 0; r < data.rows(); ++r) {
            if (mentions[r] == kBlank || support[r] == kBlank) continue;
            const ScalePoint& point = scale.points.at(support[r] - 1u);
            if (!point.substantive) continue;
            const bool supports = point.positive;
            if (mentions[r] == 1) st.mentioning += 1, st.support_mentioning += supports;
            else st.others += 1, st.support_others += supports;
        }
        double pv = 1;
        if (st.mentioning > 0 && st.others > 0)
            pv = stats::two_proportion_z_test(st.support_mentioning, st.mentioning, st.support_others, st.others).p;
        pvalues.push_back(std::isnan(pv) ? 1 : pv);
        out.push_back(std::move(st));
    }
    const std::vector<double> adjusted = stats::adjust_p_values(pvalues, stats::Correction::holm);
    for (size_t i = 0; i < out.size(); ++i) {
        ThemeStance& st = out[i];
        const double rm = st.mentioning > 0 ? st.support_mentioning / st.mentioning : 0;
        const double ro = st.others > 0 ? st.support_others / st.others : 0;
        st.concern = !(adjusted[i] < s.alpha && (rm - ro) * 100 >= s.gap_pp);
        st.sentence = upper_first(st.label) + ": " + format_percent(rm) + " of those who mention it support the proposal, against " +
                      format_percent(ro) + " of others who commented; " +
                      (st.concern ? "read as a concern about the proposal." : "a reason given for the proposal, not a concern.");
    }
    return out;
}

std::string suppressed_reason(const GroupResult& r, const AnalysisSettings& s) {
    if (r.suppression == "secondary") return "hidden to protect a smaller group";
    return "fewer than " + format_count(s.suppress_below) + " people answered";
}

std::string join_and(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
    return out;
}

// What the confirmed differences say of each group, in the order first met:
// "Disabled respondents support the proposal less (9.1 points) and raise access to
// buildings more (16.7 points)."
struct Signals {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_group;
    void add(const std::string& who, const std::string& what) {
        for (auto& [w, items] : by_group)
            if (w == who) return items.push_back(what);
        by_group.push_back({who, {what}});
    }
    bool empty() const { return by_group.empty(); }
    std::string sentences() const {
        std::string out;
        for (const auto& [who, items] : by_group) out += (out.empty() ? "" : " ") + upper_first(who) + " " + join_and(items) + ".";
        return out + " All by confirmed gaps.";
    }
};

std::string lower_first(std::string s) {
    // "Race (ethnic group)" -> "race (ethnic group)", but "NS-SEC" stays.
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z')) s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string not_asked_note(const std::string& label) {
    return "Not asked: the consultation did not ask about " + lower_first(label) +
           ", so it gives no evidence here. Use other evidence (service data, the Census, engagement with groups) for this "
           "characteristic.";
}

}  // namespace

std::string impact_name(Impact impact) {
    switch (impact) {
        case Impact::negative: return "negative";
        case Impact::positive: return "positive";
        case Impact::none_found: return "none found";
        default: return "not assessed";
    }
}

std::string proposal_question(const SurveyDefinition& survey, const std::string& proposal) {
    if (!proposal.empty()) {
        const Question* q = find_question(survey, proposal);
        if (!q) throw InputError("--proposal " + proposal + ": survey " + survey.id + " has no such question");
        if (q->from_comment())
            throw InputError("--proposal " + proposal + ": that is a comment theme; name the closed question the consultation asked");
        return proposal;
    }
    for (const auto& c : survey.comments)
        if (!c.explains.empty() && c.rules) return c.explains;
    throw InputError("survey " + survey.id + ": give --proposal QUESTION (no coded comment names the closed question it explains)");
}

std::string eqia_title(const Eqia& e) { return "Equality impact assessment: evidence from the consultation, " + e.survey_title; }

Eqia build_eqia(const Findings& f, const SurveyDefinition& survey, const Dataset& data, const text::Redactor& redactor,
                const BuildOptions& options) {
    Eqia e;
    e.survey_id = survey.id;
    e.survey_title = survey.title;
    e.organisation = survey.organisation;
    e.wave = f.wave;
    e.proposal = proposal_question(survey, options.proposal);
    const Question* proposal = find_question(survey, e.proposal);
    e.proposal_text = proposal->text.empty() ? proposal->column : proposal->text;
    e.outcome = proposal->outcome.empty() ? "support the proposal" : proposal->outcome;
    e.settings = f.settings;
    e.perturbed = f.settings.perturb;
    e.respondents = static_cast<double>(f.respondents_analysed);
    e.quotes_included = options.include_quotes;
    e.quotes_note = options.quotes_note;
    const std::string people = plan::people_noun(survey.kind);
    e.people = people;
    const AnalysisSettings& s = f.settings;

    // The comment that explains the proposal, and its themes.
    std::vector<const Question*> themes;
    for (const auto& c : survey.comments)
        if (c.explains == e.proposal && c.rules) {
            e.comment_question = c.id;
            break;
        }
    for (const auto& q : survey.questions)
        if (q.from_comment() && q.comment_id == e.comment_question && !e.comment_question.empty()) themes.push_back(&q);
    if (!themes.empty()) {
        const std::vector<uint8_t>& mentions = data.answers.at(question_index(survey, themes.front()->id));
        for (uint8_t m : mentions) e.commenters += m != kBlank;
        e.themes = theme_stances(survey, data, e.proposal, themes, s);
    }
    std::map<std::string, const ThemeStance*> stance;
    for (const auto& st : e.themes) stance[st.question] = &st;

    for (const Characteristic& c : catalogue()) {
        CharacteristicSection sec;
        sec.id = c.id;
        sec.label = c.label;
        const Grouping* g = survey.find_grouping(c.id);
        std::vector<const GroupResult*> rows;
        for (const auto& r : f.results)
            if (r.question == e.proposal && r.characteristic == c.id) rows.push_back(&r);
        if (!g || g->kind != Grouping::Kind::characteristic) {
            sec.status = "not asked";
            sec.note = not_asked_note(c.label);
            e.sections.push_back(std::move(sec));
            continue;
        }
        if (rows.empty()) {
            sec.status = "not analysed";
            sec.note = "Not analysed: this export was asked for other characteristics only.";
            e.sections.push_back(std::move(sec));
            continue;
        }
        size_t testable = 0;
        std::vector<std::string> small;
        for (const GroupResult* r : rows) {
            if (r->undisclosed) continue;
            GroupSupport gs;
            gs.group = r->group;
            gs.label = r->group_label;
            gs.suppressed = r->suppressed;
            gs.low_base = r->low_base;
            gs.reference = r->reference;
            if (r->suppressed) gs.suppressed_reason = suppressed_reason(*r, s);
            else {
                gs.n = r->n, gs.rate = r->rate, gs.ci_low = r->ci_low, gs.ci_high = r->ci_high;
                gs.rest_rate = r->rest_rate, gs.gap_pp = r->gap_pp, gs.p_adj = r->p_adj;
            }
            gs.confirmed = r->flagged && !r->suppressed;
            if (!r->suppressed && !r->low_base) ++testable;
            else if (r->suppression != "secondary") small.push_back(r->group_label);  // hidden to protect another: not small
            sec.support.push_back(std::move(gs));
        }
        // Mirror rows (the larger of two groups) confirm through their partner.
        for (auto& gs : sec.support)
            for (const GroupResult* r : rows)
                if (r->group == gs.group && !r->mirror_of.empty())
                    for (const GroupResult* m : rows)
                        if (m->group == r->mirror_of && m->flagged) gs.confirmed = true;
        if (testable < 2) {
            sec.status = "too few";
            sec.note = "Too few responses to say: " + (small.empty() ? std::string("the groups") : join_and(small)) +
                       (small.size() == 1 ? " is" : " are") + " under the " + format_count(s.min_base) +
                       " people needed to confirm a gap (figures under " + format_count(s.suppress_below) +
                       " people are not shown). The consultation cannot show whether the proposal affects this "
                       "characteristic differently; look for other evidence.";
        }

        // Confirmed support gaps, each said once, from the group behind.
        std::set<std::string> said;
        for (const GroupResult* r : rows) {
            if (!r->flagged || r->suppressed) continue;
            const GroupResult& x = headline::said_from(f, survey, *r);
            if (!said.insert(x.group).second) continue;
            Difference d;
            d.question = e.proposal;
            d.group = x.group, d.label = x.group_label;
            d.n = x.n, d.rate = x.rate, d.rest_rate = x.rest_rate, d.gap_pp = x.gap_pp, d.p_adj = r->p_adj;
            d.sentence = upper_first(plan::group_people(c.id, x.group, x.group_label, people)) + ": " + format_percent(x.rate) +
                         " " + e.outcome + ", against " + format_percent(x.rest_rate) + " of other " + people +
                         ", a confirmed gap of " + plan::points(x.gap_pp) + " points " + (x.gap_pp < 0 ? "lower" : "higher") + ".";
            sec.support_gaps.push_back(std::move(d));
        }

        // Confirmed theme gaps.
        for (const Question* t : themes)
            for (const auto& r : f.results) {
                if (r.question != t->id || r.characteristic != c.id || !r.flagged || r.suppressed) continue;
                Difference d;
                d.question = t->id;
                d.theme = theme_label(*t);
                d.group = r.group, d.label = r.group_label;
                d.n = r.n, d.rate = r.rate, d.rest_rate = r.rest_rate, d.gap_pp = r.gap_pp, d.p_adj = r.p_adj;
                d.concern = stance.count(t->id) ? stance[t->id]->concern : true;
                d.sentence = upper_first(plan::group_people(c.id, r.group, r.group_label, people)) + ": " +
                             format_percent(r.rate) + " of those who commented mention " + d.theme + ", against " +
                             format_percent(r.rest_rate) + " of other " + people + " who commented (" + plan::points(r.gap_pp) +
                             " points " + (r.gap_pp > 0 ? "more" : "less") + ", confirmed).";
                (r.gap_pp > 0 ? sec.themes_more : sec.themes_less).push_back(std::move(d));
            }

        // Quotes: for each group that raises a theme more, from the comments that mention it.
        if (options.include_quotes && !themes.empty()) {
            for (const Difference& d : sec.themes_more) {
                text::QuoteRequest request;
                request.theme_question = d.question;
                request.grouping = c.id;
                request.per_group = options.quotes_per_group;
                request.min_commenters = std::max(s.suppress_below, survey.disclosure.suppress_below);
                for (const auto& gq : text::choose_quotes(survey, data, request, redactor)) {
                    if (gq.group_id != d.group || gq.too_small || gq.quotes.empty()) continue;
                    sec.quotes.push_back({d.group, upper_first(plan::group_people(c.id, d.group, d.label, people)), d.theme, gq.quotes});
                }
            }
        }

        // The draft impact, from the confirmed differences, said group by group.
        Signals negative, positive;
        for (const Difference& d : sec.support_gaps)
            (d.gap_pp < 0 ? negative : positive)
                .add(plan::group_people(c.id, d.group, d.label, people),
                     std::string(d.gap_pp < 0 ? "support the proposal less" : "support the proposal more") + " (" +
                         plan::points(d.gap_pp) + " points)");
        for (const Difference& d : sec.themes_more)
            if (d.concern)
                negative.add(plan::group_people(c.id, d.group, d.label, people),
                             "raise " + d.theme + " more (" + plan::points(d.gap_pp) + " points)");
        for (const Difference& d : sec.themes_less)
            if (d.concern)
                positive.add(plan::group_people(c.id, d.group, d.label, people),
                             "raise " + d.theme + " less (" + plan::points(d.gap_pp) + " points)");
        if (!negative.empty()) {
            sec.impact = Impact::negative;
            sec.impact_reason = negative.sentences();
        } else if (!positive.empty()) {
            sec.impact = Impact::positive;
            sec.impact_reason = positive.sentences();
        } else if (sec.status == "too few") {
            sec.impact = Impact::not_assessed;
            sec.impact_reason = join_and(small) + (small.size() == 1 ? " is" : " are") + " under the " +
                                format_count(s.min_base) + " people needed to confirm a gap.";
        } else {
            sec.impact = Impact::none_found;
            sec.impact_reason = "No group differs from other " + people + " by a confirmed gap in support or in the concerns it raises" +
                                (small.empty() ? "" : "; too few responses to say for " + join_and(small)) + ".";
        }
        e.sections.push_back(std::move(sec));
    }

    // Whom the consultation did not hear.
    e.representativeness = f.representativeness;
    for (const Representativeness& r : f.representativeness) {
        if (e.population_source.empty()) e.population_source = r.profile;
        NotHeard nh;
        nh.characteristic = r.characteristic;
        const Characteristic* c = find_characteristic(r.characteristic);
        nh.label = c ? c->label : r.characteristic;
        for (const auto& g : r.groups)
            if (g.assessed && !g.suppressed && g.under_represented) nh.groups.push_back(g.label);
        if (nh.groups.empty()) continue;
        std::vector<std::string> named;
        for (const auto& g : r.groups)
            if (g.assessed && !g.suppressed && g.under_represented)
                named.push_back(g.label + " (" + format_percent(g.respondent_share) + " of " + people + ", " +
                                format_percent(g.population_share) + " of the population)");
        nh.sentence = upper_first(nh.label) + ": " + join_and(named) + ".";
        e.not_heard.push_back(std::move(nh));
    }

    const std::string correction = std::string(stats::correction_name(s.correction));
    e.method = {
        "Support is the share of " + people + " who answered the closed question (\"" + e.proposal_text +
            "\") with a positive answer; \"Don't know\" and blank answers are left out of the base. Each group is compared with "
            "all other " + people + " who answered, with a z-test (Fisher's exact test for small counts).",
        "A gap is confirmed when it is at least " + format_fixed(s.gap_pp, 0) + " points, the group has at least " +
            format_count(s.min_base) + " people, and the test's p-value is under " + format_fixed(s.alpha, 2) +
            " after correcting for the number of comparisons made (" +
            (correction == "bh" ? std::string("Benjamini-Hochberg") : correction) +
            ", across the proposal and every comment theme by every characteristic). A gap that is not confirmed could be "
            "chance and is not presented as a difference.",
        "Comment themes are coded from the comments by the consultation's codebook (keywords and phrases, negation "
        "handled); a theme's base is the people who commented. A theme is read as a concern unless those who mention it "
        "support the proposal more than others who commented, by a confirmed difference.",
        "Groups with fewer than " + format_count(s.suppress_below) +
            " people are not shown (and a second group is hidden where subtraction would reveal the first); groups under " +
            format_count(s.min_base) + " are shown but never confirmed.",
        "Quotes come only from groups of at least " + format_count(std::max(s.suppress_below, survey.disclosure.suppress_below)) +
            " people who commented, are labelled with one characteristic only, and are redacted automatically (e-mail "
            "addresses, phone numbers, postcodes, web and street addresses, names). Redaction can miss things: check every "
            "quote before publication.",
        "The potential impact lines are drafts drawn from the data: negative where a group supports the proposal less or "
        "raises a concern more, by a confirmed gap; positive where confirmed the other way; none found otherwise. They are "
        "for the equality officer to confirm, with the other evidence the assessment draws on.",
    };
    if (e.perturbed)
        e.method.push_back("Counts were perturbed by the cell key method, as every figure the web app publishes is; rates may "
                           "differ slightly from the exact figures of the command line.");
    return e;
}

}  // namespace gapfinder::eqia
