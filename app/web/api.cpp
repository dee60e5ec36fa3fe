#include "web/api.hpp"

#include <Poco/JSON/Parser.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "domain/population.hpp"
#include "requests/requests.hpp"
#include "web/app.hpp"
#include "web/audit.hpp"

namespace gapfinder::web {

void add_api_routes(Router& router) {
    add_session_routes(router);
    add_survey_routes(router);
    add_upload_routes(router);
    add_admin_routes(router);
    add_figure_routes(router);
    add_comment_routes(router);
}

namespace {

// Whether the user's organisation (a partnership: any of its members) holds a wave of the survey.
bool holds_waves(Exchange& ex, const std::string& survey_id) {
    if (ex.partnership_user()) return !pooled_waves(ex, survey_id).empty();
    for (const auto& w : ex.store().waves(survey_id))
        if (w.ingests > 0) return true;
    return false;
}

}  // namespace

const SurveyDefinition& find_survey(Exchange& ex, const std::string& id) {
    const SurveyDefinition* survey = ex.app.surveys().find(id);
    // Definitions are the server's, shared: a council's analysts see them all, to upload
    // to. Anyone else sees those their organisation holds waves of (a partnership: its
    // members), and any other is as absent as a survey that does not exist, so that
    // whether another organisation holds it is not disclosed.
    if (!survey || (!may_upload(ex) && !holds_waves(ex, survey->id))) throw HttpError(404, "no survey \"" + id + "\"");
    return *survey;
}

bool may_upload(Exchange& ex) { return ex.user && ex.user->role >= Role::analyst && !ex.partnership_user(); }

void require_council(Exchange& ex, const std::string& survey_id) {
    if (ex.partnership_user()) throw HttpError(404, "no survey \"" + survey_id + "\"");
}

void require_wave(Exchange& ex, const std::string& survey_id, const std::string& wave) {
    for (const auto& w : ex.store().waves(survey_id))
        if (w.wave == wave && w.ingests > 0) return;
    throw HttpError(404, "survey " + survey_id + " has no wave \"" + wave + "\"");
}

void require_previous_wave(Exchange& ex, const std::string& survey_id, const requests::OptionValues& options) {
    if (options.has("previous-wave") && options.get("previous-wave") != requests::kNoPreviousWave)
        require_wave(ex, survey_id, options.get("previous-wave"));
}

std::shared_ptr<const Findings> perturbed_findings(Exchange& ex, const SurveyDefinition& survey, const std::string& wave,
                                                   const requests::OptionValues& options) {
    // Everything the findings depend on: the survey (its definition is fixed for the
    // server's life), the wave, the options, the store's data version (every wave, so
    // that trends are covered, and the cell key secret) and the population profile's
    // file, which is read afresh for each analysis.
    // The cell key secret is made on first use, which moves the version: make it first,
    // or the very first analysis would be kept under a version already gone.
    // The organisation first: two councils' waves of the same label are different data,
    // and one must never be served the other's findings.
    ex.store().cell_key_secret();
    std::string key = "organisation " + std::to_string(ex.store().organisation()) + '\n' + survey.id + '\n' + wave + '\n' +
                      std::to_string(ex.store().data_version()) + '\n';
    if (!survey.population_profile.empty()) {
        const std::string path = PopulationProfile::locate(ex.app.survey_folders(), survey.population_profile);
        std::error_code ec;
        const auto size = path.empty() ? 0 : std::filesystem::file_size(path, ec);
        const auto written = path.empty() ? std::filesystem::file_time_type{} : std::filesystem::last_write_time(path, ec);
        key += path + '\n' + std::to_string(size) + '\n' + std::to_string(written.time_since_epoch().count()) + '\n';
    }
    for (const auto& [name, values] : options.values()) {
        key += name;
        for (const auto& v : values) key += '\x1f' + v;
        key += '\n';
    }
    return ex.app.findings_cache().get(key, [&] {
        return requests::analyse_request(ex.store(), ex.app.survey_folders(), survey, wave, options, requests::Counts::perturbed);
    });
}

requests::OptionValues query_options(const Exchange& ex, const std::vector<std::string>& allowed,
                                const std::vector<std::string>& flags, const std::vector<std::string>& also_allowed) {
    requests::OptionValues out;
    for (const auto& [raw_name, value] : ex.query) {
        std::string name = raw_name;
        std::replace(name.begin(), name.end(), '_', '-');
        const bool known = std::find(allowed.begin(), allowed.end(), name) != allowed.end() ||
                           std::find(also_allowed.begin(), also_allowed.end(), name) != also_allowed.end();
        if (!known) throw HttpError(400, "unknown parameter \"" + raw_name.substr(0, 60) + "\"");
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            if (value == "1" || value == "true" || value == "yes") out.add(name, "");
            else if (value == "0" || value == "false" || value == "no" || value.empty()) out.remove(name);
            else throw HttpError(400, "parameter \"" + raw_name + "\": use 1 or 0");
        } else {
            out.add(name, value);
        }
    }
    return out;
}

Poco::JSON::Object::Ptr json_body(Exchange& ex) {
    if (ex.request.getContentType().rfind("application/json", 0) != 0)
        throw HttpError(415, "send the body as application/json");
    const std::string text = ex.body(ex.app.config().max_json_bytes);
    try {
        Poco::JSON::Parser parser;
        auto result = parser.parse(text);
        auto object = result.extract<Poco::JSON::Object::Ptr>();
        if (!object) throw HttpError(400, "the body must be a JSON object");
        return object;
    } catch (const HttpError&) {
        throw;
    } catch (const Poco::Exception&) {
        throw HttpError(400, "the body is not valid JSON");
    } catch (const std::exception&) {
        throw HttpError(400, "the body must be a JSON object");
    }
}

std::string read_detail(const Exchange& ex, const std::string& what) {
    std::string detail = what + " " + ex.params.at("survey") + " wave " + ex.params.at("wave");
    for (size_t i = 0; i < ex.query.size(); ++i)
        detail += (i ? "&" : " ?") + ex.query[i].first + "=" + ex.query[i].second;
    constexpr size_t kLongest = 2000;  // the request line is bounded; this keeps each entry readable
    if (detail.size() > kLongest) detail = detail.substr(0, kLongest) + "... (cut)";
    return detail;
}

namespace {

// Whose entry it is: the signed-in user's organisation, else (a sign-in) the named
// account's, if there is one: its admins see the attempts on it.
std::optional<int64_t> audit_organisation(Exchange& ex, const std::string& user) {
    if (ex.user) return ex.user->organisation_id;
    try {
        check_user_name(user);  // only a possible name is looked up (PostgreSQL refuses bytes that are not UTF-8)
    } catch (const InputError&) {
        return std::nullopt;
    }
    const auto account = Accounts(ex.store().database()).find(user);
    return account ? std::optional<int64_t>(account->organisation_id) : std::nullopt;
}

}  // namespace

void record(Exchange& ex, const std::string& action, const std::string& outcome, const std::string& detail,
            const std::string& user) {
    try {
        const std::string who = user.empty() ? ex.who() : user;
        audit(ex.store().database(), who, ex.address, action, outcome, detail, audit_organisation(ex, who));
    } catch (const std::exception& e) {
        // An action that cannot be audited must not look as if it was.
        spdlog::error("audit log write failed: {}", e.what());
        throw;
    }
}

}  // namespace gapfinder::web
