// gapfinder quotes: a few redacted comments that mention a theme, group by group
// (core/text/quotes.hpp says which groups may be quoted and how quotes are chosen).
#include <iostream>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/request_io.hpp"
#include "text/quotes.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_quotes(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey", true);
    add_value_option(options, "wave", "LABEL", "the wave, e.g. 2025", true);
    add_value_option(options, "theme", "ID", "a coded comment theme, e.g. why_support__access", true);
    add_value_option(options, "by", "CHAR", "the characteristic (or dimension) whose groups are quoted", true);
    add_value_option(options, "per-group", "N", "quotes per group (default 3, at most 10)");
    add_output_options(options);
    Arguments args("quotes", "--survey ID --wave LABEL --theme COMMENT__THEME --by CHAR [--per-group 3] [-o FILE]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder quotes: unexpected argument \"" + args.positional().front() + "\"");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    text::QuoteRequest request;
    request.theme_question = args.get("theme");
    request.grouping = args.get("by");
    request.min_commenters = survey.disclosure.suppress_below;
    request.round_counts_to = survey.disclosure.round_counts_to;
    if (args.has("per-group")) {
        const std::string n = args.get("per-group");
        if (n.empty() || n.size() > 2 || n.find_first_not_of("0123456789") != std::string::npos || std::stoul(n) < 1 ||
            std::stoul(n) > 10)
            throw InputError("--per-group " + n + ": give a whole number from 1 to 10");
        request.per_group = std::stoul(n);
    }
    const std::string wave = args.get("wave");
    const Dataset data = ctx.store().load_wave(survey, wave);
    const text::Redactor redactor(text::Dictionary::load());
    const auto groups = text::choose_quotes(survey, data, request, redactor);

    const Question* theme = survey.find_question(request.theme_question);
    std::ostringstream out;
    out << "# " << theme->text << "\n\n"
        << survey.title << ", wave " << wave << ". Quotes are redacted (e-mails, phone numbers, postcodes, web "
        << "addresses, street addresses and names) and come only from groups of at least "
        << survey.disclosure.suppress_below << " people who commented; check them before publishing.\n";
    size_t shown = 0;
    for (const auto& g : groups) {
        out << "\n## " << g.group_label << "\n\n";
        if (g.too_small) {
            out << "Too few people in this group commented to quote any of them.\n";
            continue;
        }
        out << g.mentioning << " of " << g.commenters << " who commented mention it"
            << (request.round_counts_to > 0 ? " (counts rounded to the nearest " + std::to_string(request.round_counts_to) + ")"
                                            : std::string())
            << ".\n";
        for (const auto& q : g.quotes) {
            std::string one_line = q;
            for (char& ch : one_line)
                if (ch == '\n' || ch == '\r') ch = ' ';
            out << "\n> " << one_line << "\n";
            ++shown;
        }
    }
    write_output(args, out.str(), shown);
    return 0;
}

}  // namespace gapfinder::cli
