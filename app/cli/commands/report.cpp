// gapfinder report: the findings of one analysis as a self-contained, accessible HTML
// report (exports/report). Takes the same request options as analyse, so it shows the
// same numbers for the same request.
#include <fstream>
#include <iostream>

#include "cli/request_io.hpp"
#include "requests/analysis_options.hpp"
#include "requests/requests.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "report/report.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_report(const Args& raw) {
    Poco::Util::OptionSet options;
    requests::add_request_options(options);
    requests::add_breakdown_options(options);
    add_counts_option(options);
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
    add_value_option(options, "date", "TEXT", "a date to print under the title (default: none, so output is reproducible)");
    Arguments args("report", "--survey ID --wave LABEL [--weighted] [--intersections] [--previous-wave LABEL] ... -o report.html",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder report: unexpected argument \"" + args.positional().front() + "\"");

    if (args.has("below-disclosure-floor"))
        throw InputError("gapfinder report: --below-disclosure-floor is not supported: the report is made to be published, "
                         "so it keeps to the survey's disclosure floor (use gapfinder analyse for a working table)");
    Context ctx(args);
    const SurveyDefinition* survey = nullptr;
    const Findings findings = analyse_request(ctx, args, &survey);
    report::ReportOptions opts = requests::report_options(*survey);
    opts.date = args.get("date");
    const std::string html = report::render_report(findings, opts);
    if (!args.has("output")) {
        std::cout << html;
        return 0;
    }
    const std::string path = args.get("output");
    std::ofstream out(path, std::ios::binary);
    if (!(out << html) || !out.flush()) throw InputError(path + ": cannot write there");
    std::cerr << "Wrote the report of " << survey->id << " wave " << findings.wave << " to " << path << "\n";
    return 0;
}

}  // namespace gapfinder::cli
