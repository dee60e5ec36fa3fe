#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "action_plan/plan.hpp"
#include "action_plan/writers.hpp"
#include "analysis/breakdown.hpp"
#include "analysis/findings_text.hpp"
#include "analysis/trend.hpp"
#include "requests/analysis_options.hpp"
#include "requests/requests.hpp"
#include "cli/commands/commands.hpp"
#include "cli/commands/listings.hpp"
#include "ingest/ingest.hpp"
#include "report/report.hpp"
#include "util/errors.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

namespace {

namespace fs = std::filesystem;

struct Sample {
    std::string file;
    const SurveyDefinition* survey;
    std::string wave;
};

// Bundled samples live in a "samples" folder beside the definitions and are named
// <survey-id>-<wave>.<ext>, so the demo needs no list of its own.
std::vector<Sample> find_samples(Context& ctx) {
    std::vector<Sample> samples;
    std::map<std::string, bool> seen;
    for (const auto& folder : ctx.surveys().folders()) {
        const fs::path dir = fs::path(folder) / "samples";
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() != ".md") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string stem = f.stem().string();
            const SurveyDefinition* best = nullptr;
            for (const auto& d : ctx.surveys().all())
                if (stem.size() > d.id.size() + 1 && stem.compare(0, d.id.size() + 1, d.id + "-") == 0 &&
                    (!best || d.id.size() > best->id.size()))
                    best = &d;
            if (best && !seen[stem]) {
                seen[stem] = true;
                samples.push_back({f.string(), best, stem.substr(best->id.size() + 1)});
            }
        }
        if (!samples.empty()) break;
    }
    return samples;
}

void print_disclosure(const SurveyDefinition& survey, const std::string& wave, const Dataset& data, std::ostream& out) {
    out << "  " << survey.id << " wave " << wave << ": " << with_commas(data.rows()) << " respondents\n";
    TextTable table({"GROUPING", "DISCLOSED", "PREFER NOT TO SAY", "BLANK", "LARGEST GROUP"});
    for (size_t g = 0; g < survey.groupings.size(); ++g) {
        const Grouping& grouping = survey.groupings[g];
        std::vector<size_t> counts(256);
        for (uint8_t code : data.groupings[g]) ++counts[code];
        size_t largest = 1;
        for (size_t c = 1; c < 255; ++c)
            if (counts[c] > counts[largest]) largest = c;
        const size_t undisclosed = counts[kUndisclosed], blank = counts[kBlank];
        const size_t disclosed = data.rows() - undisclosed - blank;
        auto pct = [&](size_t n) { return with_commas(n) + " (" + std::to_string(data.rows() ? (100 * n + data.rows() / 2) / data.rows() : 0) + "%)"; };
        table.add({grouping.id, pct(disclosed), pct(undisclosed), pct(blank),
                   largest <= grouping.categories.size() && counts[largest] ? grouping.categories[largest - 1].label + " (" + with_commas(counts[largest]) + ")" : "-"});
    }
    table.print(out, "    ");
}

}  // namespace

int run_demo(const Args& raw) {
    Arguments args("demo", "[--db PATH]", {}, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    Context ctx(args);

    std::cout << "== Plugins\n";
    print_plugins(ctx.plugins(), std::cout);

    const auto samples = find_samples(ctx);
    if (samples.empty())
        throw InputError("no bundled samples found (looked for <survey-id>-<wave>.csv in a samples folder beside the survey definitions)");
    std::cout << "\n== Ingesting " << samples.size() << " bundled sample file(s) into " << ctx.store().path() << '\n';
    for (const Sample& s : samples) {
        IngestRequest request;
        request.file = s.file;
        request.wave = s.wave;
        request.replace = true;  // the demo can be run again and again
        const IngestResult r = ingest_file(ctx.plugins(), *s.survey, ctx.store(), request);
        std::cout << "  " << s.file << " -> " << s.survey->id << " wave " << s.wave << ": "
                  << with_commas(r.record.respondents) << " respondents via " << r.record.plugin_id << '\n';
    }

    std::cout << "\n== What the store holds\n";
    print_surveys(ctx, std::cout);

    std::cout << "\n== Who answered: disclosure of each characteristic, per wave\n";
    std::vector<Dataset> waves;  // loaded once, for both sections below
    for (const Sample& s : samples) {
        waves.push_back(ctx.store().load_wave(*s.survey, s.wave));
        print_disclosure(*s.survey, s.wave, waves.back(), std::cout);
    }

    // The point of it all: which groups are less (or more) satisfied, with each survey's
    // own default settings (gapfinder analyse shows everything, not only the flags).
    std::cout << "\n== Gaps found (gapfinder analyse --survey ID --wave LABEL for the full breakdown)\n";
    for (size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        const AnalysisSettings settings = requests::breakdown_settings(args, *s.survey);
        const Findings f = analyse(*s.survey, waves[i], s.wave, settings);
        std::cout << s.survey->id << " wave " << s.wave << ": ";
        write_flagged_gaps(f, std::cout);
    }

    // And what a council does with them: a draft action plan for each survey's latest
    // wave, in the Harrow layout, for the equalities team to edit in Excel.
    std::cout << "\n== Draft action plans (gapfinder export action-plan; gapfinder track measures them again)\n";
    std::map<std::string, size_t> latest;  // survey id -> its last sample (samples are in wave order)
    for (size_t i = 0; i < samples.size(); ++i) latest[samples[i].survey->id] = i;
    for (const auto& [id, i] : latest) {
        const SurveyDefinition* survey = samples[i].survey;
        const std::string file = survey->id + "-" + samples[i].wave + "-action-plan.xlsx";
        const Findings f = analyse(*survey, waves[i], samples[i].wave, requests::breakdown_settings(args, *survey));
        plan::BuildOptions options;
        const plan::ActionPlan p = plan::build_plan(f, *survey, options);
        plan::write_plan_xlsx(p, file);
        std::cout << "  " << file << ": " << p.rows.size() << " draft action(s) for " << survey->id << " wave " << samples[i].wave
                  << '\n';
    }

    // And for councillors and the public: the findings report of each survey's latest
    // wave, with intersections and the trend since the wave before, when there is one.
    std::cout << "\n== Findings reports (gapfinder report)\n";
    for (const auto& [id, i] : latest) {
        const SurveyDefinition* survey = samples[i].survey;
        AnalysisSettings settings = requests::breakdown_settings(args, *survey);
        settings.intersections = true;
        Findings f = analyse(*survey, waves[i], samples[i].wave, settings);
        for (size_t j = 0; j < i; ++j)
            if (samples[j].survey == survey)  // samples are in wave order: the last earlier one wins
                f.trend = trend_between(*survey, waves[j], samples[j].wave, waves[i], samples[i].wave, settings);
        const report::ReportOptions options = report::options_for(*survey);
        const std::string file = survey->id + "-" + samples[i].wave + "-report.html";
        std::ofstream out(file, std::ios::binary);
        if (!(out << report::render_report(f, options)) || !out.flush()) throw InputError(file + ": cannot write there");
        std::cout << "  " << file << ": " << f.results.size() << " group results, "
                  << (f.trend.empty() ? std::string("no earlier wave") : "trend since wave " + f.trend.front().from_wave) << '\n';
    }
    // And for a consultation on a proposal: the evidence for its equality impact
    // assessment, which the equality officer confirms and attaches to the cabinet report.
    bool heading = false;
    for (const auto& [id, i] : latest) {
        const SurveyDefinition* survey = samples[i].survey;
        const bool explained = std::any_of(survey->comments.begin(), survey->comments.end(),
                                           [](const CommentQuestion& c) { return !c.explains.empty() && c.rules; });
        if (survey->kind != "consultation" || !explained) continue;
        if (!heading) std::cout << "\n== Equality impact assessment evidence (gapfinder export eqia)\n";
        heading = true;
        const eqia::Eqia e = requests::eqia_request(ctx.store(), ctx.survey_folders(), *survey, samples[i].wave,
                                                    requests::OptionValues{}, requests::Counts::exact);
        const std::string file = survey->id + "-" + samples[i].wave + "-eqia.html";
        eqia::write_eqia(e, "html", file);
        std::cout << "  " << file << ": the proposal (" << e.proposal << ") by " << e.sections.size() << " characteristics";
        for (const auto& s : e.sections)
            if (s.impact == eqia::Impact::negative) std::cout << "; " << s.label << ": draft negative impact";
        std::cout << '\n';
    }
    std::cout << "\n== The same in a browser (docs/web-app.md)\n"
                 "  gapfinder user add NAME --role admin    (once: the first account)\n"
                 "  gapfinder serve                         (then open http://127.0.0.1:8080/)\n";
    return 0;
}

}  // namespace gapfinder::cli
