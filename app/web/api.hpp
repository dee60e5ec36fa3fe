// The JSON API under /api/ (docs/api.md): one file per area, each adding its routes.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include <memory>

#include "analysis/cube.hpp"
#include "analysis/findings.hpp"
#include "requests/option_values.hpp"
#include "util/errors.hpp"
#include "domain/survey_definition.hpp"
#include "web/router.hpp"

namespace gapfinder::web {

void add_api_routes(Router& router);

void add_session_routes(Router& router);  // api_session.cpp: sign in and out, /api/me
void add_survey_routes(Router& router);   // api_surveys.cpp: surveys, waves, findings, action plans
void add_upload_routes(Router& router);   // api_upload.cpp: inspect, ingest, jobs
void add_admin_routes(Router& router);    // api_admin.cpp: audit log, users
void add_figure_routes(Router& router);   // api_figures.cpp: a wave's charts and its HTML report
void add_comment_routes(Router& router);  // api_comments.cpp: searching a wave's comments (analysts)

// Partnership users (api_partnership.cpp) read the pooled analysis of the member
// councils' waves, never a council's own: their survey routes answer from these.
// The waves of a survey at least one member holds, with how many members hold each.
struct PooledWave {
    std::string wave;
    int members = 0;
};
std::vector<PooledWave> pooled_waves(Exchange& ex, const std::string& survey_id);
// Each member's count cube of the wave with its record keys, for perturbed counts
// (requests/pooled.hpp), or 404 as for a wave that does not exist when no member holds it.
std::vector<CountCube> partnership_cubes(Exchange& ex, const SurveyDefinition& survey, const std::string& wave,
                                         const requests::OptionValues& options);

// Helpers the handlers share (api.cpp).

// The survey definition, or 404: also for one the user may not see (api.cpp; the same
// answer as for a survey that does not exist, so that no organisation learns what
// another holds).
const SurveyDefinition& find_survey(Exchange& ex, const std::string& id);
// A council's analysts and admins, who upload, and so see every survey definition.
bool may_upload(Exchange& ex);
// 404, as for a survey that does not exist, for a partnership's user: a partnership
// holds no rows, so routes that read or write them (ingest, check, inspect) have none.
void require_council(Exchange& ex, const std::string& survey_id);
// 404 unless the store holds the wave of the survey.
void require_wave(Exchange& ex, const std::string& survey_id, const std::string& wave);
// 404 unless the earlier wave a request names (previous_wave) is stored; "none" names none.
void require_previous_wave(Exchange& ex, const std::string& survey_id, const requests::OptionValues& options);
// The findings of a wave for the options, with perturbed counts as every web route
// gives them: from the app's cache when the store has not changed since they were
// computed for the same options (web/findings_cache.hpp), otherwise computed and kept.
std::shared_ptr<const Findings> perturbed_findings(Exchange& ex, const SurveyDefinition& survey, const std::string& wave,
                                                   const requests::OptionValues& options);
// Query parameters as the command line's options: previous_wave -> previous-wave; flags
// (listed in flags) take 1/true/yes or 0/false/no; a parameter not in allowed is a 400,
// so that a misspelt option is never silently ignored.
requests::OptionValues query_options(const Exchange& ex, const std::vector<std::string>& allowed,
                                const std::vector<std::string>& flags, const std::vector<std::string>& also_allowed = {});
// The body as a JSON object, or 400/415.
Poco::JSON::Object::Ptr json_body(Exchange& ex);
// The audit log, written through the request's store connection.
void record(Exchange& ex, const std::string& action, const std::string& outcome, const std::string& detail,
            const std::string& user = "");

// What a read of a wave asked for, every query parameter as sent:
// "findings citizens-panel wave 2025 ?by=race&filter=sex=female".
std::string read_detail(const Exchange& ex, const std::string& what);
// Runs a read of a wave's figures (findings, charts, report, plan) and writes it to the
// audit log with the user, survey, wave and every option: "ok" just before the answer is
// sent (if that write fails, the answer is not sent), "refused" with the reason when the
// request was bad (a setting below the disclosure floor...). Every read is logged,
// because a differencing attack is a series of reads that are each allowed.
template <typename Handler>
void audited_read(Exchange& ex, const std::string& what, Handler&& handle) {
    const std::string detail = read_detail(ex, what);
    ex.before_send = [&ex, detail] { record(ex, "read", "ok", detail); };
    try {
        handle();
    } catch (const std::exception& e) {
        // The error response must not be logged as an answer; what went wrong is.
        const bool refused = dynamic_cast<const HttpError*>(&e) || dynamic_cast<const InputError*>(&e);
        if (!ex.sent()) {
            ex.before_send = nullptr;
            record(ex, "read", refused ? "refused" : "failed", detail + (refused ? std::string(": ") + e.what() : ""));
        }
        throw;
    }
}

}  // namespace gapfinder::web
