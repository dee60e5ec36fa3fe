// Searching a wave's comments (issue 19, item 1), for analysts and admins only: a
// viewer's request is refused (403) like any route above the role. What leaves is the
// comments' text, redacted (text/redact.hpp), with the comment question each answers and
// nothing else: no characteristic, group, respondent id or row, because a rare word
// together with a label could point at one person. At most kMaxResults comments leave
// per request, with the count of all matches. Every search is in the audit log with its
// words, like every other read of a wave.
#include <mutex>

#include "store/comment_search.hpp"
#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"

namespace gapfinder::web {

namespace {

constexpr int kDefaultResults = 20;
constexpr int kMaxResults = 50;

// The dictionary is read once; Redactor::redact is const and keeps no state.
const text::Redactor& redactor() {
    static std::once_flag once;
    static std::unique_ptr<text::Redactor> made;
    std::call_once(once, [] { made = std::make_unique<text::Redactor>(text::Dictionary::load()); });
    return *made;
}

void search(Exchange& ex) {
    audited_read(ex, "comment search", [&] {
        const SurveyDefinition& survey = find_survey(ex, ex.params["survey"]);
        CommentSearchRequest request;
        request.survey_id = survey.id;
        request.wave = ex.params["wave"];
        request.limit = kDefaultResults;
        bool have_query = false;
        for (const auto& [name, value] : ex.query) {
            if (name == "q") {
                request.query = value;
                have_query = true;
            } else if (name == "comment") {
                request.comment_id = value;
            } else if (name == "limit") {
                request.limit = static_cast<size_t>(requests::number_in_range(value, "limit", 1, kMaxResults));
            } else {
                throw HttpError(400, "unknown parameter \"" + name.substr(0, 60) + "\" (known: q, comment, limit)");
            }
        }
        if (!have_query) throw HttpError(400, "give the words to look for as q, e.g. ?q=ramp");
        if (!request.comment_id.empty()) {
            bool known = false;
            for (const auto& c : survey.comments) known = known || c.id == request.comment_id;
            if (!known) throw HttpError(404, "survey " + survey.id + " has no comment question \"" + request.comment_id + "\"");
        }
        require_wave(ex, survey.id, request.wave);
        const CommentSearchResult result = search_comments_redacted(ex.store(), request, redactor());

        std::string out;
        JsonWriter j(out);
        j.begin_object()
            .field("survey", survey.id)
            .field("wave", request.wave)
            .field("query", result.query.describe())
            .text_or_null("comment", request.comment_id)
            .field("matches", result.matches)
            .field("shown", static_cast<uint64_t>(result.hits.size()))
            .field("limit", static_cast<uint64_t>(request.limit))
            .field("redacted", true);
        j.key("comments").begin_array();
        for (const auto& hit : result.hits) j.begin_object().field("comment", hit.comment_id).field("text", hit.text).end_object();
        j.end_array().end_object();
        ex.send_json(200, out + "\n");
    });
}

}  // namespace

void add_comment_routes(Router& router) {
    router.add("GET", "/api/surveys/{survey}/waves/{wave}/comments/search", Access::analyst, search);
}

}  // namespace gapfinder::web
