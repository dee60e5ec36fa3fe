// gapfinder trend: whether each group's gap narrowed or widened between waves
// (analysis/trend.hpp), for consecutive pairs of the waves given.
#include <iostream>
#include <sstream>

#include "analysis/breakdown.hpp"
#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "analysis/trend.hpp"
#include "cli/request_io.hpp"
#include "requests/analysis_options.hpp"
#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_trend(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "the survey", true);
    add_value_option(options, "waves", "A,B[,C...]", "the waves to compare, oldest first, e.g. 2024,2025", true);
    requests::add_breakdown_options(options);
    add_output_options(options);
    Arguments args("trend", "--survey ID --waves 2024,2025 [--by CHAR,...] [--format table|json|csv]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty())
        throw InputError("gapfinder trend: unexpected argument \"" + args.positional().front() + "\"");
    const std::string format = output_format(args);
    std::vector<std::string> waves;
    {
        std::istringstream list(args.get("waves"));
        for (std::string w; std::getline(list, w, ',');)
            if (!w.empty()) waves.push_back(w);
    }
    if (waves.size() < 2) throw InputError("--waves: give at least two waves, oldest first, e.g. --waves 2024,2025");

    Context ctx(args);
    const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
    const AnalysisSettings s = requests::breakdown_settings(args, survey);
    std::vector<Findings> by_wave;
    for (const auto& w : waves) by_wave.push_back(analyse(survey, ctx.store().load_wave(survey, w), w, s));
    // The last wave's findings carry the trend of every consecutive pair.
    Findings& latest = by_wave.back();
    for (size_t i = 0; i + 1 < by_wave.size(); ++i) {
        auto pair = compare_waves(by_wave[i], by_wave[i + 1], s);
        latest.trend.insert(latest.trend.end(), pair.begin(), pair.end());
    }

    std::ostringstream text;
    if (format == "json") text << findings_to_json(latest);
    else if (format == "csv") write_trend_csv(latest, text);
    else {
        text << latest.survey_title << "\n";
        write_filter_line(latest.settings.filters, latest.respondents_analysed, latest.respondents, "respondents", text);
        write_trend_table(latest, text);
    }
    write_output(args, text.str(), latest.trend.size());
    return 0;
}

}  // namespace gapfinder::cli
