#include "cli/request_io.hpp"

#include <fstream>
#include <iostream>

#include "analysis/disclosure.hpp"
#include "requests/requests.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

Findings analyse_request(Context& ctx, const Arguments& args, const SurveyDefinition** survey_out) {
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    if (survey_out) *survey_out = &survey;
    return requests::analyse_request(ctx.store(), ctx.survey_folders(), survey, args.get("wave"), args, counts_option(args));
}

void add_counts_option(Poco::Util::OptionSet& options) {
    add_value_option(options, "counts", "KIND",
                     "exact (default) or perturbed: the cell key method's counts, as the web app publishes them");
}

requests::Counts counts_option(const Arguments& args) {
    const std::string kind = args.get("counts", "exact");
    if (kind == "exact") return requests::Counts::exact;
    if (kind == "perturbed") return requests::Counts::perturbed;
    throw InputError("--counts \"" + kind + "\": use exact or perturbed");
}

void add_output_options(Poco::Util::OptionSet& options) {
    add_value_option(options, "format", "FORMAT", "table (default), json or csv");
    options.addOption(Poco::Util::Option("output", "o", "write to FILE instead of the terminal").argument("FILE"));
}

std::string output_format(const Arguments& args) {
    const std::string format = args.get("format", "table");
    if (format != "table" && format != "json" && format != "csv")
        throw InputError("--format \"" + format + "\": use table, json or csv");
    return format;
}

void write_output(const Arguments& args, const std::string& text, size_t rows) {
    write_output(args, rows, [&](std::ostream& out) { out << text; });
}

void write_output(const Arguments& args, size_t rows, const std::function<void(std::ostream&)>& write) {
    // Below the floor the output says so on its face: the JSON documents carry
    // "not_for_publication" themselves; tables and CSV start with the notice.
    const bool below_floor = args.has("below-disclosure-floor");
    const std::string format = args.get("format", "table");
    const std::string notice = below_floor && format != "json" ? std::string(kNotForPublication) + (format == "csv" ? "\r\n" : "\n") : "";
    if (!args.has("output")) {
        std::cout << notice;
        write(std::cout);
        return;
    }
    const std::string path = args.get("output");
    std::ofstream out(path, std::ios::binary);
    out << notice;
    if (out) write(out);
    if (!out || !out.flush()) throw InputError(path + ": cannot write there");
    std::cerr << "Wrote " << rows << " rows to " << path << "\n";
    if (below_floor) std::cerr << "warning: " << kNotForPublication << "\n";
}

}  // namespace gapfinder::cli
