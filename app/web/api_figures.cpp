// Figures for the pages: a wave's charts, drawn by exports/charts exactly as the HTML
// report draws them (one chart code path), and the report itself as a download. Both
// take analyse's options and run its code, so they show the numbers the findings do.
#include <algorithm>

#include "analysis/findings.hpp"
#include "charts/findings_charts.hpp"
#include "headline/headline.hpp"
#include "requests/analysis_options.hpp"
#include "requests/requests.hpp"
#include "report/report.hpp"
#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"
#include "web/upload.hpp"

namespace gapfinder::web {

namespace {

// The analysis the request's query asks for; extra: parameters beyond analyse's.
std::shared_ptr<const Findings> requested_findings(Exchange& ex, const SurveyDefinition& survey,
                                                   const std::vector<std::string>& extra, requests::OptionValues& options) {
    const std::string wave = ex.params["wave"];
    options = query_options(ex, requests::analyse_option_names(), {"intersections", "weighted"}, extra);
    require_wave(ex, survey.id, wave);
    require_previous_wave(ex, survey.id, options);
    requests::OptionValues analysis = options;
    for (const auto& name : extra) analysis.remove(name);
    return perturbed_findings(ex, survey, wave, analysis);
}

void write_bar_chart(JsonWriter& j, const charts::FindingsCharts& figures, const std::vector<GroupResult>& source,
                     const std::string& question, const std::string& characteristic, bool intersection) {
    const charts::BarChart chart = figures.bar_chart(source, question, characteristic);
    j.begin_object()
        .field("question", question)
        .field("characteristic", characteristic)
        .field("label", figures.pair_label(characteristic))
        .field("intersection", intersection)
        .field("title", chart.title)
        .field("svg", charts::bar_chart_svg(chart))
        .field("table", charts::bar_chart_table(chart))
        .end_object();
}

// GET .../charts: a heatmap per characteristic and a bar chart per flagged gap; with
// question=ID, that question's bar chart by every characteristic instead (drill-down).
void wave_charts_unaudited(Exchange& ex) {
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    requests::OptionValues options;
    const auto findings = requested_findings(ex, survey, {"question"}, options);
    const Findings& f = *findings;
    const charts::FindingsCharts figures(f, report::options_for(survey).characteristic_labels);
    const std::string question = options.get("question");
    const auto analysed = [&](const QuestionInfo& q) { return q.id == question; };
    if (!question.empty() && std::none_of(f.questions.begin(), f.questions.end(), analysed))
        throw HttpError(400, "parameter \"question\": survey " + survey.id + " has no question \"" + question + "\" in this analysis");

    std::string out;
    JsonWriter j(out);
    j.begin_object().field("survey", f.survey_id).field("wave", f.wave).field("comparison", figures.comparison());
    // The confirmed gaps in words, largest first: the report's "In brief".
    const headline::Headline words = headline::headline(f, survey);
    j.key("headline").begin_object().field("lead", words.lead).field("confirmed", static_cast<uint64_t>(words.confirmed));
    j.text_or_null("weighting", words.weighting);
    j.key("sentences").begin_array();
    for (const auto& s : words.sentences)
        j.begin_object()
            .field("text", s.text)
            .field("question", s.question)
            .field("characteristic", s.characteristic)
            .field("group", s.group)
            .end_object();
    j.end_array().end_object();
    j.key("questions").begin_array();
    for (const auto& c : figures.columns())
        j.begin_object().field("id", c.question).field("short_label", c.short_label).field("text", c.text).end_object();
    j.end_array();
    j.key("heatmaps").begin_array();
    if (question.empty())
        for (const auto& c : figures.characteristics()) {
            const charts::Heatmap map = figures.heatmap(c);
            j.begin_object()
                .field("characteristic", c)
                .field("label", figures.label_of(c))
                .field("title", map.title)
                .field("svg", charts::heatmap_svg(map))
                .field("table", charts::heatmap_table(map))
                .end_object();
        }
    j.end_array();
    j.key("bar_charts").begin_array();
    if (question.empty()) {
        for (const auto& [q, c] : charts::FindingsCharts::flagged_pairs(f.results)) write_bar_chart(j, figures, f.results, q, c, false);
        for (const auto& [q, c] : charts::FindingsCharts::flagged_pairs(f.intersections))
            write_bar_chart(j, figures, f.intersections, q, c, true);
    } else {
        for (const auto& c : figures.characteristics()) write_bar_chart(j, figures, f.results, question, c, false);
    }
    j.end_array().end_object();
    ex.send_json(200, out + "\n");
}

void wave_charts(Exchange& ex) { audited_read(ex, "charts", [&] { wave_charts_unaudited(ex); }); }

// GET .../report: the HTML report `gapfinder report` writes for the same options.
void wave_report_unaudited(Exchange& ex) {
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    requests::OptionValues options;
    const auto findings = requested_findings(ex, survey, {}, options);
    const Findings& f = *findings;
    const std::string html = report::render_report(f, requests::report_options(survey));
    record(ex, "export", "ok", "report " + survey.id + " wave " + f.wave + ", html");
    const std::string name = sanitise_file_name(survey.id + "-" + f.wave + "-report.html");
    ex.response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ex.send(200, "text/html; charset=utf-8", html);
}

void wave_report(Exchange& ex) { audited_read(ex, "report", [&] { wave_report_unaudited(ex); }); }

}  // namespace

void add_figure_routes(Router& router) {
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/charts", Access::viewer, wave_charts);
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/report", Access::viewer, wave_report);
}

}  // namespace gapfinder::web
