#include "analysis/findings_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>
#include <sstream>

namespace gapfinder {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// NaN (a suppressed or undefined figure) is null.
Poco::Dynamic::Var number(double v) { return std::isnan(v) || std::isinf(v) ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v); }
Poco::Dynamic::Var text_or_null(const std::string& s) { return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s); }

Object::Ptr row_json(const GroupResult& r, bool weighted) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("question", r.question);
    o->set("characteristic", r.characteristic);
    o->set("group", r.group);
    o->set("group_label", r.group_label);
    o->set("undisclosed", r.undisclosed);
    o->set("reference", r.reference);
    o->set("suppressed", r.suppressed);
    o->set("suppression", text_or_null(r.suppression));
    o->set("low_base", r.low_base);
    o->set("n", number(r.n));
    o->set("positives", number(r.positives));
    o->set("rate", number(r.rate));
    o->set("ci_low", number(r.ci_low));
    o->set("ci_high", number(r.ci_high));
    o->set("rest_n", number(r.rest_n));
    o->set("rest_positives", number(r.rest_positives));
    o->set("rest_rate", number(r.rest_rate));
    o->set("gap_pp", number(r.gap_pp));
    o->set("test", text_or_null(r.test));
    o->set("p", number(r.p));
    o->set("p_adj", number(r.p_adj));
    o->set("mean", number(r.mean));
    o->set("rest_mean", number(r.rest_mean));
    o->set("welch_p", number(r.welch_p));
    if (weighted) {
        o->set("n_eff", number(r.n_eff));
        o->set("design_effect", number(r.design_effect));
    }
    o->set("flagged", r.flagged);
    return o;
}

Array::Ptr rows_json(const std::vector<GroupResult>& rows, bool weighted) {
    Array::Ptr a = new Array;
    for (const auto& r : rows) a->add(row_json(r, weighted));
    return a;
}

Array::Ptr strings(const std::vector<std::string>& items) {
    Array::Ptr a = new Array;
    for (const auto& s : items) a->add(s);
    return a;
}

}  // namespace

std::string findings_to_json(const Findings& f) {
    const AnalysisSettings& s = f.settings;
    const bool weighted = s.weighted;
    Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    doc->set("schema", "gapfinder-findings/1");
    Object::Ptr survey = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    survey->set("id", f.survey_id);
    survey->set("title", f.survey_title);
    doc->set("survey", survey);
    doc->set("wave", f.wave);
    doc->set("respondents", f.respondents);
    if (weighted) {
        const WeightingSummary& w = f.weighting;
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("method", "raking");
        o->set("profile", w.profile);
        o->set("variables", strings(w.variables));
        o->set("respondents_kept", w.kept);
        o->set("respondents_left_out", w.left_out);
        o->set("iterations", w.iterations);
        o->set("max_margin_error", w.max_margin_error);
        o->set("design_effect", number(w.design_effect));
        doc->set("weighting", o);
    }

    Object::Ptr settings = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    settings->set("by", strings(s.by));
    settings->set("questions", strings(s.questions));
    settings->set("level", level_name(s.level));
    settings->set("compare", comparison_name(s.compare));
    settings->set("correction", std::string(stats::correction_name(s.correction)));
    settings->set("alpha", s.alpha);
    settings->set("gap_pp", s.gap_pp);
    settings->set("min_base", s.min_base);
    settings->set("suppress_below", s.suppress_below);
    settings->set("round_counts_to", s.round_counts_to);
    settings->set("confidence", s.confidence);
    settings->set("min_expected", s.min_expected);
    settings->set("intersections", s.intersections);
    settings->set("weighted", s.weighted);
    doc->set("settings", settings);

    Array::Ptr questions = new Array;
    for (const auto& q : f.questions) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("id", q.id);
        o->set("text", q.text);
        o->set("theme", q.theme);
        questions->add(o);
    }
    doc->set("questions", questions);
    doc->set("results", rows_json(f.results, weighted));

    Array::Ptr omnibus = new Array;
    for (const auto& t : f.omnibus) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("question", t.question);
        o->set("characteristic", t.characteristic);
        o->set("groups", t.groups);
        o->set("test", "chi_square");
        o->set("statistic", number(t.statistic));
        o->set("df", number(t.df));
        o->set("p", number(t.p));
        omnibus->add(o);
    }
    doc->set("omnibus", omnibus);
    doc->set("intersections", rows_json(f.intersections, weighted));

    Array::Ptr representativeness = new Array;
    for (const auto& r : f.representativeness) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("characteristic", r.characteristic);
        o->set("profile", r.profile);
        o->set("source", r.source);
        o->set("respondents", number(r.respondents));
        o->set("undisclosed", number(r.undisclosed));
        o->set("test", "chi_square_goodness_of_fit");
        o->set("statistic", number(r.statistic));
        o->set("df", number(r.df));
        o->set("p", number(r.p));
        Array::Ptr groups = new Array;
        for (const auto& g : r.groups) {
            Object::Ptr go = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            go->set("group", g.category);
            go->set("group_label", g.label);
            go->set("suppressed", g.suppressed);
            go->set("respondents", number(g.respondents));
            go->set("respondent_share", number(g.respondent_share));
            go->set("population", number(g.population));
            go->set("population_share", number(g.population_share));
            go->set("ratio", number(g.ratio));
            go->set("under_represented", g.under_represented);
            groups->add(go);
        }
        o->set("groups", groups);
        representativeness->add(o);
    }
    doc->set("representativeness", representativeness);

    Array::Ptr trend = new Array;
    for (const auto& t : f.trend) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("question", t.question);
        o->set("characteristic", t.characteristic);
        o->set("group", t.group);
        o->set("group_label", t.group_label);
        o->set("from_wave", t.from_wave);
        o->set("to_wave", t.to_wave);
        o->set("suppressed", t.suppressed);
        o->set("from_rate", number(t.from_rate));
        o->set("from_rest_rate", number(t.from_rest_rate));
        o->set("from_gap_pp", number(t.from_gap_pp));
        o->set("to_rate", number(t.to_rate));
        o->set("to_rest_rate", number(t.to_rest_rate));
        o->set("to_gap_pp", number(t.to_gap_pp));
        o->set("change_pp", number(t.change_pp));
        o->set("z", number(t.z));
        o->set("p", number(t.p));
        o->set("p_adj", number(t.p_adj));
        o->set("status", text_or_null(t.status));
        trend->add(o);
    }
    doc->set("trend", trend);

    std::ostringstream out;
    doc->stringify(out);  // compact: an analysis with intersections holds many thousand rows
    out << '\n';
    return out.str();
}

}  // namespace gapfinder
