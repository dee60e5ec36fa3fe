// gapfinder comments search: the comments of a stored wave that contain some words or
// phrases, redacted before they are printed (store/comment_search.hpp).
#include <iostream>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "store/comment_search.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

namespace {

const char* kUsage = "search --survey ID --wave LABEL [--comment ID] [--limit 20] \"WORDS or \\\"a phrase\\\"\"";

}  // namespace

int run_comments(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey");
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025");
    add_value_option(options, "comment", "ID", "one comment question, e.g. why_support (default: every one)");
    add_value_option(options, "limit", "N", "comments shown (default 20, at most 1000); the count of matches is not limited");
    add_output_options(options);
    Arguments args("comments", kUsage, options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    if (pos.empty() || pos[0] != "search")
        throw InputError("gapfinder comments: say search, e.g. gapfinder comments search --survey ID --wave LABEL \"ramp\"");
    if (pos.size() < 2) throw InputError("gapfinder comments search: give the words to look for, e.g. \"ramp wheelchair\"");
    for (const char* required : {"survey", "wave"})
        if (!args.has(required)) throw InputError(std::string("gapfinder comments search: --") + required + " is required");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    CommentSearchRequest request;
    request.survey_id = survey.id;
    request.wave = args.get("wave");
    for (size_t i = 1; i < pos.size(); ++i) request.query += (i > 1 ? " " : "") + pos[i];
    if (args.has("comment")) {
        request.comment_id = args.get("comment");
        std::string known;
        bool found = false;
        for (const auto& c : survey.comments) {
            known += (known.empty() ? "" : ", ") + c.id;
            found = found || c.id == request.comment_id;
        }
        if (!found)
            throw InputError("--comment " + request.comment_id + ": survey " + survey.id + " has no such comment question" +
                             (known.empty() ? std::string(" (it has none)") : " (it has: " + known + ")"));
    }
    if (args.has("limit")) request.limit = static_cast<size_t>(number_in_range(args.get("limit"), "--limit", 1, 1000));

    const text::Redactor redactor(text::Dictionary::load());
    const CommentSearchResult result = search_comments_redacted(ctx.store(), request, redactor);

    std::ostringstream out;
    out << result.matches << " comment(s) match " << result.query.describe() << " in " << survey.title << ", wave "
        << request.wave << (request.comment_id.empty() ? "" : " (" + request.comment_id + ")");
    if (result.matches > result.hits.size()) out << "; the first " << result.hits.size() << " are shown";
    out << ". Comments are redacted (e-mails, phone numbers, postcodes, web addresses, street addresses and names); "
           "check them before publishing.\n";
    for (const auto& hit : result.hits) {
        std::string one_line = hit.text;
        for (char& ch : one_line)
            if (ch == '\n' || ch == '\r') ch = ' ';
        out << "\n[" << hit.comment_id << "] " << one_line << "\n";
    }
    write_output(args, out.str(), result.hits.size());
    return 0;
}

}  // namespace gapfinder::cli
