#include "analysis/findings_json.hpp"

#include "analysis/cell_key.hpp"

#include "analysis/disclosure.hpp"

#include "util/json_writer.hpp"

#include <string_view>

namespace gapfinder {

namespace {

void write_row(JsonWriter& j, const GroupResult& r, bool weighted, bool intersection) {
    j.begin_object();
    j.field("question", r.question).field("characteristic", r.characteristic).field("group", r.group);
    j.field("group_label", r.group_label).field("undisclosed", r.undisclosed).field("reference", r.reference);
    j.field("suppressed", r.suppressed).text_or_null("suppression", r.suppression).field("low_base", r.low_base);
    j.field("n", r.n).field("positives", r.positives).field("rate", r.rate);
    j.field("ci_low", r.ci_low).field("ci_high", r.ci_high);
    j.field("rest_n", r.rest_n).field("rest_positives", r.rest_positives).field("rest_rate", r.rest_rate);
    j.field("gap_pp", r.gap_pp).text_or_null("test", r.test).field("p", r.p).field("p_adj", r.p_adj);
    j.field("mean", r.mean).field("rest_mean", r.rest_mean).field("welch_p", r.welch_p);
    if (weighted) j.field("n_eff", r.n_eff).field("design_effect", r.design_effect).field("rest_n_eff", r.rest_n_eff);
    if (intersection)
        j.field("expected_rate", r.expected_rate).field("interaction_p", r.interaction_p).field("interaction_p_adj", r.interaction_p_adj);
    j.field("flagged", r.flagged).text_or_null("mirror_of", r.mirror_of);
    j.end_object();
}

void write_rows(JsonWriter& j, const char* name, const std::vector<GroupResult>& rows, bool weighted) {
    j.key(name).begin_array();
    const bool intersections = std::string_view(name) == "intersections";
    for (const auto& r : rows) write_row(j, r, weighted, intersections);
    j.end_array();
}

void write_strings(JsonWriter& j, const char* name, const std::vector<std::string>& items) {
    j.key(name).begin_array();
    for (const auto& s : items) j.value(s);
    j.end_array();
}

}  // namespace

void write_filters(JsonWriter& j, const std::vector<Filter>& filters) {
    j.key("filters").begin_array();
    for (const auto& f : filters) {
        j.begin_object().field("grouping", f.grouping);
        write_strings(j, "categories", f.categories);
        j.end_object();
    }
    j.end_array();
}

namespace {

void write_findings(JsonWriter& j, const Findings& f) {
    const AnalysisSettings& s = f.settings;
    const bool weighted = s.weighted;
    j.begin_object();
    j.field("schema", "gapfinder-findings/1");
    if (s.below_disclosure_floor) j.field("not_for_publication", kNotForPublication);
    j.key("survey").begin_object().field("id", f.survey_id).field("title", f.survey_title).end_object();
    j.field("wave", f.wave).field("respondents", f.respondents).field("respondents_analysed", f.respondents_analysed);
    if (weighted) {
        const WeightingSummary& w = f.weighting;
        j.key("weighting").begin_object().field("method", w.method).field("profile", w.profile);
        write_strings(j, "variables", w.variables);
        j.field("respondents_kept", w.kept).field("respondents_left_out", w.left_out).field("iterations", w.iterations);
        j.field("max_margin_error", w.max_margin_error).field("design_effect", w.design_effect);
        j.field("unweighted_flagged", w.unweighted_flagged);
        j.key("design").begin_object().field("variance", "taylor_linearisation");
        j.text_or_null("weight_column", w.weight_column).text_or_null("strata_column", w.strata_column);
        j.text_or_null("cluster_column", w.cluster_column).field("strata", w.strata).field("psus", w.psus);
        j.field("df", w.design_df).field("lonely_psu", w.lonely_psu);
        write_strings(j, "lonely_strata", w.lonely_strata);
        j.end_object().end_object();
    }

    j.key("settings").begin_object();
    write_filters(j, s.filters);
    write_strings(j, "by", s.by);
    write_strings(j, "questions", s.questions);
    j.field("level", level_name(s.level)).field("compare", comparison_name(s.compare));
    j.field("correction", std::string(stats::correction_name(s.correction)));
    j.field("alpha", s.alpha).field("gap_pp", s.gap_pp).field("min_base", s.min_base);
    j.field("suppress_below", s.suppress_below).field("round_counts_to", s.round_counts_to);
    j.field("confidence", s.confidence).field("min_expected", s.min_expected);
    j.field("intersections", s.intersections).field("weighted", s.weighted);
    j.end_object();

    // Which counts these are, with the cell key method's published parameters.
    j.key("counts").begin_object();
    if (s.perturb) {
        j.field("kind", "perturbed").field("method", "cell key").field("key_range", cell_key::kRange);
        j.field("max_perturbation", cell_key::kMax).field("variance", cell_key::variance());
        j.key("perturbation_shares").begin_array();
        for (int share : cell_key::kShare) j.value(share);
        j.end_array();
    } else {
        j.field("kind", "exact");
    }
    j.end_object();

    j.key("questions").begin_array();
    for (const auto& q : f.questions)
        j.begin_object().field("id", q.id).field("text", q.text).field("theme", q.theme).end_object();
    j.end_array();

    write_rows(j, "results", f.results, weighted);

    auto write_omnibus = [&](const char* key, const std::vector<OmnibusResult>& tests) {
        j.key(key).begin_array();
        for (const auto& t : tests) {
            j.begin_object().field("question", t.question).field("characteristic", t.characteristic);
            j.field("groups", t.groups).field("test", t.test).field("statistic", t.statistic);
            j.field("df", t.df);
            if (t.test == "rao_scott_f") j.field("denominator_df", t.denominator_df);
            j.field("p", t.p).field("small_expected", t.small_expected).end_object();
        }
        j.end_array();
    };
    write_omnibus("omnibus", f.omnibus);

    write_rows(j, "intersections", f.intersections, weighted);
    write_omnibus("intersection_omnibus", f.intersection_omnibus);

    j.key("representativeness").begin_array();
    for (const auto& r : f.representativeness) {
        j.begin_object().field("characteristic", r.characteristic).field("profile", r.profile).field("source", r.source);
        j.field("respondents", r.respondents).field("undisclosed", r.undisclosed);
        j.field("test", "chi_square_goodness_of_fit").field("statistic", r.statistic).field("df", r.df).field("p", r.p);
        j.key("groups").begin_array();
        for (const auto& g : r.groups) {
            j.begin_object().field("group", g.category).field("group_label", g.label).field("suppressed", g.suppressed);
            j.field("respondents", g.respondents).field("respondent_share", g.respondent_share);
            j.field("population", g.population).field("population_share", g.population_share);
            j.field("ratio", g.ratio);
            if (g.assessed) j.field("under_represented", g.under_represented);
            else j.key("under_represented").null();
            j.end_object();
        }
        j.end_array().end_object();
    }
    j.end_array();

    // Only for a survey with coded comments, so that other findings stay byte for byte.
    if (!f.comment_coding.empty()) {
        j.key("comment_coding").begin_array();
        for (const auto& c : f.comment_coding) {
            j.begin_object().field("comment", c.comment_id).field("commented", c.commented).field("hand", c.hand);
            j.field("rules", c.rules).field("model", c.model).field("none", c.none);
            if (c.model_applied) j.field("model_threshold", c.model_threshold);
            else j.key("model_threshold").null();
            j.end_object();
        }
        j.end_array();
    }

    j.key("trend").begin_array();
    for (const auto& t : f.trend) {
        j.begin_object().field("question", t.question).field("characteristic", t.characteristic).field("group", t.group);
        j.field("group_label", t.group_label).field("from_wave", t.from_wave).field("to_wave", t.to_wave);
        j.field("suppressed", t.suppressed).field("from_rate", t.from_rate).field("from_rest_rate", t.from_rest_rate);
        j.field("from_gap_pp", t.from_gap_pp).field("to_rate", t.to_rate).field("to_rest_rate", t.to_rest_rate);
        j.field("to_gap_pp", t.to_gap_pp).field("change_pp", t.change_pp).field("z", t.z).field("p", t.p);
        j.field("p_adj", t.p_adj).text_or_null("status", t.status);
        j.field("from_flagged", t.from_flagged).field("to_flagged", t.to_flagged).text_or_null("in_words", t.in_words).end_object();
    }
    j.end_array();

    j.end_object();
}

}  // namespace

std::string findings_to_json(const Findings& f) {
    std::string out;
    out.reserve(512 * (f.results.size() + f.intersections.size()) + 4096);
    JsonWriter j(out);
    write_findings(j, f);
    out += '\n';
    return out;
}

void write_findings_json(const Findings& f, std::ostream& out) {
    std::string buffer;
    JsonWriter j(buffer, out);
    write_findings(j, f);
    j.finish();
    out << '\n';
}

}  // namespace gapfinder
