// Reading: the surveys and their waves, a wave's findings, and its action plan.
// Only aggregates leave here: findings are the suppression-checked document that
// `gapfinder analyse --format json` writes, produced by the very same code
// (cli/analysis_options.hpp) from the same options.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "action_plan/writers.hpp"
#include "analysis/findings_json.hpp"
#include "eqia/eqia.hpp"
#include "requests/analysis_options.hpp"
#include "requests/pooled.hpp"
#include "requests/requests.hpp"
#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"
#include "web/upload.hpp"

namespace gapfinder::web {

namespace {

void write_wave(JsonWriter& j, const WaveSummary& w) {
    j.begin_object()
        .field("wave", w.wave)
        .field("respondents", w.respondents)
        .field("files", w.ingests)
        .field("last_ingested_at", w.last_ingested_at)
        .end_object();
}

// A partnership user's wave: how many member councils hold it, and no count of people
// (a member's could be under the survey's suppression threshold).
void write_pooled_wave(JsonWriter& j, const PooledWave& w) {
    j.begin_object().field("wave", w.wave).field("members", static_cast<int64_t>(w.members)).field("pooled", true).end_object();
}

template <typename WriteWaves>
void write_survey(JsonWriter& j, const SurveyDefinition& d, WriteWaves&& write_waves) {
    j.begin_object().field("id", d.id).field("title", d.title).field("kind", d.kind);
    j.key("questions").begin_array();
    for (const auto& q : d.questions) j.begin_object().field("id", q.id).field("text", q.text).field("theme", q.theme).end_object();
    j.end_array();
    // The comment questions, for the comment search (analysts; GET .../comments/search).
    j.key("comments").begin_array();
    for (const auto& c : d.comments)
        j.begin_object().field("id", c.id).field("text", c.text.empty() ? c.column : c.text).end_object();
    j.end_array();
    j.key("groupings").begin_array();
    for (const auto& g : d.groupings) {
        j.begin_object()
            .field("id", g.id)
            .field("label", g.label)
            .field("kind", g.kind == Grouping::Kind::characteristic ? "characteristic" : "dimension");
        j.key("categories").begin_array();
        for (const auto& c : g.categories) {
            j.begin_object().field("id", c.id).field("label", c.label);
            if (!c.group.empty()) j.field("group", c.group);  // the top-level group it rolls up to
            j.end_object();
        }
        j.end_array().end_object();
    }
    j.end_array();
    j.field("weighting_available", !d.rake_on.empty() || !d.weight_column.empty());
    // The floor every findings request keeps to, and the groupings a filter may use, so
    // that the pages offer only what the API will answer.
    const DisclosureFloor& floor = d.disclosure;
    j.key("disclosure").begin_object().field("suppress_below", floor.suppress_below).field("min_base", floor.min_base);
    j.field("round_counts_to", floor.round_counts_to).field("min_filtered_respondents", floor.min_filtered_respondents);
    j.key("filter_by").begin_array();
    for (const auto& id : floor.filter_by) j.value(id);
    j.end_array().end_object();
    j.key("waves").begin_array();
    write_waves();
    j.end_array().end_object();
}

// The surveys the user may see (find_survey): a council's analysts every definition, to
// upload to; anyone else those their organisation (a partnership: its members) holds.
void surveys(Exchange& ex) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().key("surveys").begin_array();
    if (ex.partnership_user()) {
        for (const auto& d : ex.app.surveys().all())
            if (const auto waves = pooled_waves(ex, d.id); !waves.empty())
                write_survey(j, d, [&] { for (const auto& w : waves) write_pooled_wave(j, w); });
    } else {
        const auto waves = ex.store().waves();
        const bool uploader = may_upload(ex);
        for (const auto& d : ex.app.surveys().all()) {
            const bool held = std::any_of(waves.begin(), waves.end(),
                                          [&](const WaveSummary& w) { return w.survey_id == d.id && w.ingests > 0; });
            if (held || uploader)
                write_survey(j, d, [&] {
                    for (const auto& w : waves)
                        if (w.survey_id == d.id && w.ingests > 0) write_wave(j, w);
                });
        }
    }
    j.end_array().end_object();
    ex.send_json(200, out + "\n");
}

void survey_waves(Exchange& ex) {
    const SurveyDefinition& d = find_survey(ex, ex.params["survey"]);
    std::string out;
    JsonWriter j(out);
    j.begin_object().field("survey", d.id).key("waves").begin_array();
    if (ex.partnership_user())
        for (const auto& w : pooled_waves(ex, d.id)) write_pooled_wave(j, w);
    for (const auto& w : ex.store().waves(d.id)) {  // none for a partnership, which holds no waves
        if (w.ingests == 0) continue;
        j.begin_object()
            .field("wave", w.wave)
            .field("respondents", w.respondents)
            .field("last_ingested_at", w.last_ingested_at);
        j.key("files").begin_array();
        for (const auto& i : ex.store().ingests(d.id, w.wave))
            j.begin_object()
                .field("file", i.file_name)
                .field("plugin", i.plugin_id)
                .field("plugin_version", i.plugin_version)
                .field("respondents", i.respondents)
                .field("ingested_at", i.ingested_at)
                .field("sha256", i.content_hash)
                .end_object();
        j.end_array().end_object();
    }
    j.end_array().end_object();
    ex.send_json(200, out + "\n");
}

// A partnership user's findings: the pooled analysis of the members' cubes, the JSON of
// `gapfinder pool analyse --counts perturbed --format json` (perturbed counts, as every
// web route publishes them, at the survey's disclosure floor; it refuses filters).
void pooled_findings(Exchange& ex, const SurveyDefinition& survey, const std::string& wave) {
    const requests::OptionValues options = query_options(ex, requests::pooled_option_names(), {"intersections", "weighted"});
    const PooledFindings pooled = requests::pooled_analysis(survey, partnership_cubes(ex, survey, wave, options), options,
                                                            requests::Counts::perturbed);
    std::ostringstream json;
    write_pooled_json(pooled, json);
    ex.send_json(200, json.str());
}

void findings(Exchange& ex) {
    audited_read(ex, "findings", [&] {
        const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
        const std::string wave = ex.params["wave"];
        if (ex.partnership_user()) return pooled_findings(ex, survey, wave);
        const requests::OptionValues options = query_options(ex, requests::analyse_option_names(), {"intersections", "weighted"});
        require_wave(ex, survey.id, wave);
        require_previous_wave(ex, survey.id, options);
        ex.send_json(200, findings_to_json(*perturbed_findings(ex, survey, wave, options)));
    });
}

std::string content_type(const std::string& format) {
    if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (format == "csv") return "text/csv; charset=utf-8";
    if (format == "md") return "text/markdown; charset=utf-8";
    if (format == "html") return "text/html; charset=utf-8";
    return "application/json; charset=utf-8";
}

// A workbook's bytes: libxlsxwriter writes files, so write to a temporary file in the
// upload folder (removed on the way out) and read it back.
template <typename Write>
std::string workbook_bytes(Exchange& ex, Write&& write) {
    TempFile file(ex.app.upload_dir() + "/" + random_hex(16) + ".xlsx");
    write(file.path());
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A council's plan for its wave, or a partnership user's partnership plan (`gapfinder
// pool plan`: the pooled findings and each member's own, from its cube alone).
plan::ActionPlan plan_for(Exchange& ex, const SurveyDefinition& survey, const std::string& wave, std::string& format) {
    if (ex.partnership_user()) {
        const requests::OptionValues options =
            query_options(ex, requests::pooled_option_names(), {"intersections", "weighted"}, {"format", "layout"});
        format = plan::plan_format(options.get("format", "xlsx"), "");
        const std::string layout = options.get("layout", "eflg");
        plan::check_layout(layout);
        return requests::pooled_plan(survey, partnership_cubes(ex, survey, wave, options), options, layout,
                                     requests::Counts::perturbed);
    }
    const requests::OptionValues options = query_options(ex, requests::action_plan_option_names(), {"intersections"}, {"format"});
    format = plan::plan_format(options.get("format", "xlsx"), "");
    require_wave(ex, survey.id, wave);
    require_previous_wave(ex, survey.id, options);
    return requests::action_plan_request(ex.store(), survey, wave, options, requests::Counts::perturbed);
}

void action_plan_download(Exchange& ex) {
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    const std::string wave = ex.params["wave"];
    std::string format;
    const plan::ActionPlan p = plan_for(ex, survey, wave, format);

    std::string bytes;
    if (format == "xlsx") {
        bytes = workbook_bytes(ex, [&](const std::string& path) { plan::write_plan_xlsx(p, path); });
    } else if (format == "json") {
        bytes = plan::plan_to_json(p);
    } else {
        std::ostringstream s;
        if (format == "csv") plan::write_plan_csv(p, s);
        else if (format == "md") plan::write_plan_markdown(p, s);
        else plan::write_plan_html(p, s);
        bytes = s.str();
    }
    const std::string name = sanitise_file_name(survey.id + "-" + wave + "-action-plan." + format);
    record(ex, "export", "ok",
           "action plan " + survey.id + " wave " + wave + ", " + p.layout + " layout, " + format + ", " +
               std::to_string(p.rows.size()) + " row(s)");
    ex.response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ex.send(200, content_type(format), bytes);
}

void action_plan(Exchange& ex) { audited_read(ex, "action plan", [&] { action_plan_download(ex); }); }

// GET .../eqia?format=xlsx|html|md: the EqIA evidence `gapfinder export eqia` drafts, with
// the web app's perturbed counts. Quotes are redacted automatically but no one has
// checked them yet, so they go only to analysts and admins, who check them before
// publication; a viewer's copy says so in their place.
void eqia_download(Exchange& ex) {
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    const std::string wave = ex.params["wave"];
    const requests::OptionValues options = query_options(ex, requests::eqia_option_names(), {}, {"format"});
    const std::string format = eqia::eqia_format(options.get("format", "html"), "");
    require_wave(ex, survey.id, wave);
    const bool quotes = ex.user && ex.user->role != Role::viewer;
    const eqia::Eqia e = requests::eqia_request(
        ex.store(), ex.app.survey_folders(), survey, wave, options, requests::Counts::perturbed, quotes,
        "Quotes are left out of this copy: they are redacted automatically but not yet checked by an officer, so only "
        "analysts download them, to check before publication.");
    std::string bytes;
    if (format == "xlsx") {
        bytes = workbook_bytes(ex, [&](const std::string& path) { eqia::write_eqia_xlsx(e, path); });
    } else {
        std::ostringstream s;
        if (format == "md") eqia::write_eqia_markdown(e, s);
        else eqia::write_eqia_html(e, s);
        bytes = s.str();
    }
    const std::string name = sanitise_file_name(survey.id + "-" + wave + "-eqia." + format);
    record(ex, "export", "ok",
           "eqia " + survey.id + " wave " + wave + ", proposal " + e.proposal + ", " + format + (quotes ? ", with quotes" : ", without quotes"));
    ex.response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ex.send(200, content_type(format), bytes);
}

void eqia_read(Exchange& ex) { audited_read(ex, "eqia", [&] { eqia_download(ex); }); }

}  // namespace

void add_survey_routes(Router& router) {
    router.add("GET", "/api/surveys", Access::viewer, surveys);
    router.add("GET", "/api/surveys/{survey}/waves", Access::viewer, survey_waves);
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/findings", Access::viewer, findings);
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/action-plan", Access::viewer, action_plan);
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/eqia", Access::viewer, eqia_read);
}

}  // namespace gapfinder::web
