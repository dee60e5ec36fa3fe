// gapfinder analyse: the equality breakdown of one wave (analysis/breakdown.hpp), printed
// as a table or written as JSON or CSV; optionally with the trend from an earlier wave.
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <sstream>

#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "cli/request_io.hpp"
#include "requests/analysis_options.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_analyse(const Args& raw) {
    Poco::Util::OptionSet options;
    requests::add_request_options(options);
    requests::add_breakdown_options(options);
    add_counts_option(options);
    add_output_options(options);
    Arguments args("analyse", "--survey ID --wave LABEL [--by CHAR,...] [--intersections] [--weighted] [--compare WITH] ...",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder analyse: unexpected argument \"" + args.positional().front() + "\"");

    const std::string format = output_format(args);

    Context ctx(args);
    const Findings findings = analyse_request(ctx, args);

    const size_t rows = findings.results.size() + findings.intersections.size() + findings.trend.size();
    if (format == "json") {
        const auto start = std::chrono::steady_clock::now();
        write_output(args, rows, [&](std::ostream& out) { write_findings_json(findings, out); });
        spdlog::info("wrote JSON in {:.3f} s", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        return 0;
    }
    std::ostringstream text;
    if (format == "csv") write_findings_csv(findings, text);
    else write_findings_table(findings, text);
    write_output(args, text.str(), rows);
    return 0;
}

}  // namespace gapfinder::cli
