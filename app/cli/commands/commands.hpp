// The gapfinder subcommands. Each takes the arguments after its name and returns the
// process exit code; bad input is thrown as InputError and mapped to 1 by main.
#pragma once

#include <string>
#include <vector>

namespace gapfinder::cli {

using Args = std::vector<std::string>;

int run_plugins(const Args& args);
int run_surveys(const Args& args);
int run_ingest(const Args& args);
int run_catalogue(const Args& args);
int run_demo(const Args& args);
int run_analyse(const Args& args);
int run_trend(const Args& args);
int run_inspect(const Args& args);
int run_workforce(const Args& args);
int run_quotes(const Args& args);
int run_comments(const Args& args);
int run_words(const Args& args);
int run_codes(const Args& args);
int run_codebook(const Args& args);
int run_export(const Args& args);
int run_track(const Args& args);
int run_report(const Args& args);
int run_store(const Args& args);
// Count cubes (analysis/cube.hpp): a wave's sufficient statistics out, and the
// partnership's analysis of several.
int run_cube(const Args& args);
int run_pool(const Args& args);
// They start the web app's server and manage its accounts (library gapfinder_web).
int run_serve(const Args& args);
int run_user(const Args& args);
// Organisations and partnerships of councils (store/store.hpp, Organisation).
int run_organisation(const Args& args);
int run_partnership(const Args& args);

// "cli:" and the operating system's user name: who the audit log says acted.
std::string command_line_user();

}  // namespace gapfinder::cli
