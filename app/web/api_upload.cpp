// Uploads: inspecting a file (which plugin reads it, its columns, a draft definition)
// and ingesting one into a wave as a job whose progress GET /api/jobs/{id} reports.
// Files are streamed to the server's private upload folder under random names and
// deleted once read; the name the browser sent is only shown and recorded.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "domain/wave_label.hpp"
#include "ingest/ingest.hpp"
#include "inspect/column_profile.hpp"
#include "inspect/draft_definition.hpp"
#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"
#include "web/audit.hpp"
#include "web/upload.hpp"

namespace gapfinder::web {

namespace {

// Distinct values seen fewer times than this are not listed by inspect: a rare value
// in a small file can point at one person.
constexpr uint64_t kInspectMinCount = 10;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Messages name the file as the user knows it, never the temporary path, and the
// survey definition by its file name, not where it sits on the server.
std::string scrub(const std::string& text, const Upload& upload, const std::string& definition = "") {
    std::string out = replace_all(text, upload.file->path(), upload.display_name);
    if (!definition.empty()) {
        const size_t slash = definition.find_last_of('/');
        out = replace_all(out, definition, slash == std::string::npos ? definition : definition.substr(slash + 1));
    }
    return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::vector<std::pair<std::string, std::string>> plugin_options(const Upload& upload) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto it = upload.fields.find("option");
    if (it == upload.fields.end()) return out;
    for (const auto& kv : it->second) {
        const size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw HttpError(400, "option \"" + kv + "\": expected KEY=VALUE");
        out.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return out;
}

std::optional<std::string> plugin_choice(const Upload& upload) {
    const std::string id = upload.field("plugin");
    return id.empty() ? std::nullopt : std::optional(id);
}

std::string survey_id_from(const std::string& file) {
    std::string id;
    const std::string base = file.substr(0, file.rfind('.'));
    for (char ch : base) {
        if (std::isalnum(static_cast<unsigned char>(ch))) id += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        else if (!id.empty() && id.back() != '-') id += '-';
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.empty() ? "new-survey" : id;
}

void inspect(Exchange& ex) {
    // A partnership's users upload nothing: the route is as absent to them as ingest is.
    if (ex.partnership_user()) throw HttpError(404, "a partnership holds no files of its own: nothing to inspect");
    Upload upload = receive_upload(ex.request, ex.app.upload_dir(), ex.app.config().max_upload_bytes);
    const std::string& path = upload.file->path();
    std::string out;
    try {
        const auto ranked = ex.app.plugins().identify(path);
        const Plugin& chosen = ex.app.plugins().choose(path, plugin_choice(upload));
        ProfileSink profile;
        ex.app.plugins().read(chosen, path, plugin_options(upload), profile);
        const std::string id = upload.field("id", survey_id_from(upload.display_name));
        const DraftDefinition draft = draft_definition(id, "Draft from " + upload.display_name, profile, kInspectMinCount);

        JsonWriter j(out);
        j.begin_object().field("file", upload.display_name).field("bytes", upload.bytes).field("plugin", chosen.id());
        j.key("candidates").begin_array();
        for (const auto& c : ranked) j.begin_object().field("plugin", c.plugin->id()).field("confidence", c.confidence).end_object();
        j.end_array();
        j.field("heading_row", profile.heading_row()).field("respondents", profile.rows());
        j.key("columns").begin_array();
        for (size_t i = 0; i < profile.columns().size(); ++i) {
            const ColumnProfile& c = profile.columns()[i];
            j.begin_object().field("index", static_cast<uint64_t>(i + 1)).field("heading", c.heading).field("blank", c.blank);
            j.field("many_values", c.many_values);
            uint64_t rare = 0;
            j.key("values").begin_array();
            if (!c.many_values) {
                std::vector<std::pair<uint64_t, std::string>> sorted;
                for (const auto& [value, count] : c.values) sorted.emplace_back(count, value);
                std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
                for (const auto& [count, value] : sorted) {
                    if (count < kInspectMinCount) {
                        ++rare;
                        continue;
                    }
                    j.begin_object().field("value", value).field("count", count).end_object();
                }
            }
            j.end_array();
            j.field("distinct", c.many_values ? uint64_t{0} : static_cast<uint64_t>(c.values.size()));
            j.field("rare_values_not_listed", rare);
            j.end_object();
        }
        j.end_array();
        j.key("recognised").begin_array();
        for (const auto& line : draft.recognised) j.value(line);
        j.end_array();
        j.key("not_mapped").begin_array();
        for (const auto& line : draft.not_mapped) j.value(line);
        j.end_array();
        j.end_object();
        // The draft is a JSON document of its own: put it in as an object.
        out.pop_back();
        out += ",\"draft\":" + draft.json + "}\n";
    } catch (const InputError& e) {
        std::vector<Problem> problems = e.problems();
        for (auto& p : problems) {
            p.file = scrub(p.file, upload);
            p.message = scrub(p.message, upload);
        }
        record(ex, "inspect", "failed", upload.display_name + ": " + first_line(scrub(e.what(), upload)));
        throw HttpError(422, scrub(e.what(), upload), problems);
    }
    record(ex, "inspect", "ok", upload.display_name + " (" + std::to_string(upload.bytes) + " bytes)");
    upload.file.reset();  // deleted before the answer goes
    ex.send_json(200, out);
}

// The upload read through a survey's definition exactly as an ingest would read it, and
// stored nowhere: the respondents it holds, or every problem by file, row and column, so
// that the page can say "ready" or show the rows that would fail before anything is
// stored.
void check(Exchange& ex) {
    require_council(ex, ex.params["survey"]);
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    Upload upload = receive_upload(ex.request, ex.app.upload_dir(), ex.app.config().max_upload_bytes);
    IngestRequest request;
    request.file = upload.file->path();
    request.display_name = upload.display_name;
    request.plugin_id = plugin_choice(upload);
    request.options = plugin_options(upload);
    request.show_progress = false;
    std::string out;
    try {
        const ReadResult read = read_for_survey(ex.app.plugins(), survey, request);
        JsonWriter j(out);
        j.begin_object()
            .field("survey", survey.id)
            .field("file", upload.display_name)
            .field("plugin", read.plugin->id())
            .field("respondents", static_cast<uint64_t>(read.data.rows()))
            .field("ready", true)
            .end_object();
        out += "\n";
    } catch (const InputError& e) {
        std::vector<Problem> problems = e.problems();
        for (auto& p : problems) {
            p.file = scrub(p.file, upload);
            p.message = scrub(p.message, upload, survey.source);
        }
        const std::string message = scrub(e.what(), upload, survey.source);
        record(ex, "check", "failed", survey.id + ": " + upload.display_name + ": " + first_line(message));
        throw HttpError(422, message, problems);
    }
    record(ex, "check", "ok", survey.id + ": " + upload.display_name + " (" + std::to_string(upload.bytes) + " bytes)");
    upload.file.reset();
    ex.send_json(200, out);
}

std::string job_json(const JobStatus& s) {
    std::string out;
    JsonWriter j(out);
    j.begin_object()
        .field("id", s.id)
        .field("kind", s.kind)
        .field("state", s.state)
        .field("phase", s.phase)
        .field("survey", s.survey)
        .field("wave", s.wave)
        .field("file", s.file)
        .field("rows_read", s.rows_read)
        .field("user", s.user_name)
        .field("started_at", s.started_at)
        .text_or_null("finished_at", s.finished_at)
        .end_object();
    // result and error are JSON of their own: splice them in.
    out.pop_back();
    out += ",\"result\":" + (s.result_json.empty() ? std::string("null") : s.result_json);
    out += ",\"error\":";
    if (s.state == "failed") {
        std::string e = error_json(s.error, s.problems);
        while (!e.empty() && e.back() == '\n') e.pop_back();
        out += e;
    } else {
        out += "null";
    }
    out += "}\n";
    return out;
}

void ingest(Exchange& ex) {
    require_council(ex, ex.params["survey"]);
    const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
    const std::string wave = ex.params["wave"];
    for (const auto& [name, value] : ex.query)
        if (name != "wait") throw HttpError(400, "unknown parameter \"" + name.substr(0, 60) + "\"");
    // The store would refuse the label in the job; refusing it now spares the upload.
    check_wave_label(wave);
    Upload upload = receive_upload(ex.request, ex.app.upload_dir(), ex.app.config().max_upload_bytes);

    IngestRequest request;
    request.file = upload.file->path();
    request.display_name = upload.display_name;
    request.wave = wave;
    request.plugin_id = plugin_choice(upload);
    request.options = plugin_options(upload);
    const std::string replace = upload.field("replace", "0");
    request.replace = replace == "1" || replace == "true" || replace == "yes";
    request.show_progress = false;

    JobStatus initial;
    initial.kind = "ingest";
    initial.user_id = ex.user->id;
    initial.user_name = ex.user->name;
    initial.survey = survey.id;
    initial.wave = wave;
    initial.file = upload.display_name;

    const std::string db_path = ex.app.config().db_path;
    const PluginRunner& plugins = ex.app.plugins();
    const std::string user = ex.user->name, address = ex.address;
    const int64_t organisation = ex.user->organisation_id;  // whose wave it becomes
    const auto file = upload.file;  // kept until the job is done, then deleted
    const Upload names{{}, upload.file, upload.display_name, upload.bytes};
    db::Database& db = ex.store().database();
    const std::string id = ex.app.jobs().start(db, initial, [=, &survey, &plugins](const Jobs::Update& update) {
        IngestRequest r = request;
        r.on_progress = [&](uint64_t rows) { update([rows](JobStatus& s) { s.rows_read = rows; }); };
        update([](JobStatus& s) { s.phase = "reading"; });
        std::string detail = survey.id + " wave " + r.wave + ": " + names.display_name;
        // The upload is deleted as soon as it has been read, before the job says it is done.
        struct RemoveAfterwards {
            const std::string& path;
            ~RemoveAfterwards() { std::remove(path.c_str()); }
        } remove_afterwards{r.file};
        try {
            Store store(db_path);
            store.use_organisation(organisation);
            try {
                const IngestResult result = ingest_file(plugins, survey, store, r);
                std::remove(r.file.c_str());
                std::string json;
                JsonWriter j(json);
                j.begin_object()
                    .field("survey", survey.id)
                    .field("wave", result.record.wave)
                    .field("file", result.record.file_name)
                    .field("plugin", result.record.plugin_id)
                    .field("plugin_version", result.record.plugin_version)
                    .field("respondents", result.record.respondents)
                    .field("sha256", result.record.content_hash)
                    .end_object();
                audit(store.database(), user, address, "ingest", "ok",
                      detail + ", " + std::to_string(result.record.respondents) + " respondents via " + result.record.plugin_id, organisation);
                update([&](JobStatus& s) {
                    s.rows_read = result.record.respondents;
                    s.phase = "done";
                    s.result_json = json;
                    s.state = "succeeded";
                });
            } catch (const InputError& e) {
                std::remove(r.file.c_str());
                std::vector<Problem> problems = e.problems();
                for (auto& p : problems) {
                    p.file = scrub(p.file, names);
                    p.message = scrub(p.message, names, survey.source);
                }
                const std::string message = scrub(e.what(), names, survey.source);
                audit(store.database(), user, address, "ingest", "failed", detail + ": " + first_line(message), organisation);
                update([&](JobStatus& s) {
                    s.phase = "done";
                    s.error = message;
                    s.problems = problems;
                    s.state = "failed";
                });
            }
        } catch (const std::exception& e) {
            std::remove(r.file.c_str());
            spdlog::error("ingest job for {}: {}", detail, e.what());
            update([](JobStatus& s) {
                s.phase = "done";
                s.error = "internal error; the server log has the detail. Nothing was stored.";
                s.state = "failed";
            });
        }
    });
    (void)file;

    const auto wait = std::find_if(ex.query.begin(), ex.query.end(), [](const auto& q) { return q.first == "wait"; });
    if (wait != ex.query.end() && (wait->second == "1" || wait->second == "true")) {
        const auto status = ex.app.jobs().wait(id, std::chrono::minutes(10));
        if (status && status->state == "succeeded") {
            ex.send_json(201, job_json(*status));
            return;
        }
        if (status && status->state == "failed") {
            const int code = status->error.rfind("internal error", 0) == 0 ? 500 : 422;
            ex.send_json(code, error_json(status->error, status->problems));
            return;
        }
    }
    ex.response.set("Location", "/api/jobs/" + id);
    ex.send_json(202, job_json(*Jobs::get(db, id)));
}

void job(Exchange& ex) {
    // From the store: the job may run on another server process.
    const auto status = Jobs::get(ex.store().database(), ex.params["job"]);
    // Another user's job is as good as absent, unless the caller is an admin of the
    // starter's organisation.
    auto admin_of_starter = [&] {
        if (ex.user->role != Role::admin) return false;
        const auto starter = Accounts(ex.store().database()).find(status->user_id);
        return starter && starter->organisation_id == ex.user->organisation_id;
    };
    if (!status || (status->user_id != ex.user->id && !admin_of_starter())) throw HttpError(404, "no such job");
    ex.send_json(200, job_json(*status));
}

}  // namespace

void add_upload_routes(Router& router) {
    router.add("POST", "/api/inspect", Access::analyst, inspect);
    router.add("POST", "/api/surveys/{survey}/check", Access::analyst, check);
    router.add("POST", "/api/surveys/{survey}/waves/{wave}/ingest", Access::analyst, ingest);
    router.add("GET", "/api/jobs/{job}", Access::analyst, job);
}

}  // namespace gapfinder::web
