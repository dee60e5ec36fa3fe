// gapfinder: find and act on gaps in satisfaction between groups of people.
#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <map>

#include "cli/commands/commands.hpp"
#include "util/errors.hpp"
#include "util/large_pages.hpp"

#ifndef GAPFINDER_VERSION
#define GAPFINDER_VERSION "0.0.0"
#endif

namespace {

using Command = int (*)(const gapfinder::cli::Args&);

struct CommandInfo {
    Command run;
    const char* summary;
};

const std::map<std::string, CommandInfo>& commands() {
    using namespace gapfinder::cli;
    static const std::map<std::string, CommandInfo> all = {
        {"plugins", {run_plugins, "list loaded survey-format plugins and any refused files"}},
        {"surveys", {run_surveys, "list survey definitions and the waves ingested into the store"}},
        {"ingest", {run_ingest, "read a survey file into the store: ingest FILE --survey ID --wave LABEL"}},
        {"analyse", {run_analyse, "break satisfaction down by group and flag gaps: analyse --survey ID --wave LABEL"}},
        {"trend", {run_trend, "has each gap narrowed or widened: trend --survey ID --waves 2024,2025"}},
        {"report", {run_report, "the findings as an accessible HTML report: report --survey ID --wave LABEL -o report.html"}},
        {"inspect", {run_inspect, "which plugin reads a file, its columns, and a draft survey definition"}},
        {"comments", {run_comments, "search the comments of a wave, redacted: comments search --survey ID --wave LABEL \"WORDS\""}},
        {"quotes", {run_quotes, "redacted comments that mention a theme, by group: quotes --survey ID --wave LABEL --theme C__T --by CHAR"}},
        {"words", {run_words, "the words that distinguish each group's comments: words --survey ID --wave LABEL --comment ID --by CHAR"}},
        {"codes", {run_codes, "hand codes for comments through a workbook: codes export|import|suggest --survey ID --wave LABEL --comment ID"}},
        {"codebook", {run_codebook, "a comment codebook as an editable workbook and back: codebook export|import FILE -o FILE"}},
        {"workforce", {run_workforce, "staff representation by pay band, and the survey's targets"}},
        {"export", {run_export, "draft an equality action plan from the gaps: export action-plan --survey ID --wave LABEL -o plan.xlsx"}},
        {"track", {run_track, "measure a plan's gaps again on a later wave: track --plan plan.xlsx --survey ID --wave LABEL"}},
        {"cube", {run_cube, "a wave as a count cube for a partnership, instead of its rows: cube export --survey ID --wave LABEL --organisation NAME -o A.cube"}},
        {"pool", {run_pool, "the partnership's analysis of councils' count cubes: pool analyse A.cube B.cube ... [--format text|json]"}},
        {"catalogue", {run_catalogue, "list the standard characteristics and their categories"}},
        {"demo", {run_demo, "ingest the bundled sample surveys and show what the store holds"}},
        {"serve", {run_serve, "the web app: serve [--port 8080] [--bind 127.0.0.1] [--db PATH|URL]"}},
        {"store", {run_store, "copy a whole store to another backend and check it: store copy FROM TO"}},
        {"user", {run_user, "web app accounts: user add NAME --role admin|analyst|viewer [--organisation ORG] [--password-stdin]"}},
        {"organisation", {run_organisation, "councils sharing the store: organisation add NAME | organisation list"}},
        {"partnership", {run_partnership, "a partnership of councils, with users of its own: partnership add NAME --members \"A,B,C\""}},
    };
    return all;
}

void usage(std::ostream& out) {
    out << "usage: gapfinder COMMAND [OPTIONS]   (gapfinder COMMAND --help for its options)\n\ncommands:\n";
    for (const auto& [name, info] : commands()) out << "  " << name << std::string(14 - name.size(), ' ') << info.summary << '\n';
    out << "\nexit codes: 0 ok, 1 bad input or usage, 2 internal error\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(std::cerr);
        return 1;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") return usage(std::cout), 0;
    if (name == "--version") return std::cout << "gapfinder " << GAPFINDER_VERSION << '\n', 0;
    const auto it = commands().find(name);
    if (it == commands().end()) {
        std::cerr << "gapfinder: unknown command \"" << name << "\"\n";
        usage(std::cerr);
        return 1;
    }
    // Commands that run and end get large pages for their large buffers; the server,
    // which runs for days, keeps malloc's defaults and so gives memory back.
    if (name != "serve") gapfinder::prefer_large_pages();
    try {
        return it->second.run(gapfinder::cli::Args(argv + 2, argv + argc));
    } catch (const gapfinder::InputError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const Poco::Exception& e) {
        std::cerr << "internal error: " << e.displayText() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << e.what() << '\n';
        return 2;
    }
}
