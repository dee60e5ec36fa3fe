// gapfinder words: the words and phrases that most distinguish what each group of one
// characteristic writes in a comment question, against everyone else who commented
// (Fightin' Words; core/text/distinctive_words.hpp says which groups and terms may be
// shown, and why).
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "text/distinctive_words.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

int run_words(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey", true);
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025", true);
    add_value_option(options, "comment", "ID", "a comment question, e.g. why_support", true);
    add_value_option(options, "by", "CHAR", "the characteristic (or dimension) whose groups are compared", true);
    add_value_option(options, "top", "N", "terms per list (default 15, at most 50)");
    add_value_option(options, "prior", "A0", "the prior's total a_0 (default 1000): larger shrinks rare terms harder");
    add_output_options(options);
    Arguments args("words", "--survey ID --wave LABEL --comment ID --by CHAR [--top 15] [--prior 1000] [-o FILE]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty()) throw InputError("gapfinder words: unexpected argument \"" + args.positional().front() + "\"");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    text::WordsRequest request;
    request.comment = args.get("comment");
    request.grouping = args.get("by");
    request.min_commenters = survey.disclosure.suppress_below;
    request.min_respondents = survey.disclosure.suppress_below;
    request.round_counts_to = survey.disclosure.round_counts_to;
    if (args.has("top")) request.top = number_in_range<size_t>(args.get("top"), "top", 1, 50);
    if (args.has("prior")) request.prior_total = number_in_range<double>(args.get("prior"), "prior", 1, 1e9);
    const std::string wave = args.get("wave");
    const Dataset data = ctx.store().load_wave(survey, wave);
    const text::Redactor redactor(text::Dictionary::load());
    const auto groups = text::distinctive_words(survey, data, request, redactor);

    const CommentQuestion* comment = survey.find_comment(request.comment);
    const Grouping* grouping = survey.find_grouping(request.grouping);
    std::ostringstream out;
    out << "# Words that distinguish each group: " << (comment->text.empty() ? comment->column : comment->text) << "\n\n"
        << survey.title << ", wave " << wave << ", by " << grouping->label << ". Each group against everyone else who "
        << "commented, by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; a_0 = "
        << request.prior_total << "); z above 1.96 is distinctive. Only groups of at least " << survey.disclosure.suppress_below
        << " people who commented, and only terms at least " << survey.disclosure.suppress_below
        << " different people used, are shown; terms are word stems, shown as most people typed them."
        << (request.round_counts_to > 0 ? " Counts are rounded to the nearest " + std::to_string(request.round_counts_to) + "."
                                        : std::string())
        << "\n";
    size_t shown = 0;
    auto list = [&](const std::vector<text::ShownTerm>& terms, bool group_side) {
        TextTable table({"TERM", "Z", group_side ? "PEOPLE IN THE GROUP USING IT" : "PEOPLE IN THE REST USING IT"});
        for (const auto& t : terms) {
            char z[16];
            std::snprintf(z, sizeof z, "%+.2f", t.z);
            table.add({t.term, z, std::to_string(group_side ? t.respondents_group : t.respondents_rest)});
            ++shown;
        }
        table.print(out, "  ");
    };
    for (const auto& g : groups) {
        out << "\n## " << g.group_label << "\n\n";
        // A category nobody chose reads exactly as one a few chose: leaving it out would
        // tell the two apart, and so say that someone chose the other.
        if (g.too_small) {
            out << "Too few people in this group commented to compare what they write.\n";
            continue;
        }
        out << g.commenters << " people commented.\n\nUsed more than by others:\n";
        if (g.more.empty()) out << "  (no term)\n";
        else list(g.more, true);
        out << "\nUsed less than by others:\n";
        if (g.less.empty()) out << "  (no term)\n";
        else list(g.less, false);
        if (g.withheld) out << "\n" << g.withheld << " term(s) withheld because they may be personal data (names, places).\n";
    }
    write_output(args, out.str(), shown);
    return 0;
}

}  // namespace gapfinder::cli
