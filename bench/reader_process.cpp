// What reading an upload in a reader process costs (core/plugin_host/reader_process.hpp):
// the same file read by the same plugin into the same counting sink, in this process
// (PluginHost) and through gapfinder-reader and its pipe (ReaderProcess), in alternating
// runs; prints the median of each and their ratio. With a survey definition, the sink is
// the DatasetBuilder an ingest reads into (the read phase of an ingest, as the web app's
// job runs it); without, a sink that only counts. bench/README.md says how to run it.
//
//   gapfinder_reader_bench FILE [RUNS] [PLUGIN_DIR] [READER] [SURVEY_JSON]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "domain/survey_definition.hpp"
#include "ingest/dataset_builder.hpp"
#include "plugin_host/reader_process.hpp"

namespace {

struct CountingSink final : gapfinder::RowSink {
    uint64_t rows = 0, bytes = 0;
    bool begin(uint64_t, std::span<const gf_str>) override { return true; }
    bool row(uint64_t, std::span<const gf_str> cells) override {
        ++rows;
        for (const gf_str& c : cells) bytes += c.size;
        return true;
    }
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [RUNS] [PLUGIN_DIR] [READER] [SURVEY_JSON]\n", argv[0]);
        return 2;
    }
    const std::string file = argv[1];
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    gapfinder::PluginHost host;
    host.load_folder(argc > 3 ? argv[3] : "build/plugins");
    const gapfinder::ReaderProcess child(host, argc > 4 ? argv[4] : gapfinder::ReaderProcess::default_program(), {});
    const gapfinder::Plugin& plugin = host.choose(file, std::nullopt);
    const std::optional<gapfinder::SurveyDefinition> survey =
        argc > 5 ? std::optional(gapfinder::SurveyDefinition::load(argv[5])) : std::nullopt;

    std::vector<double> here, there;
    CountingSink check_here, check_there;
    for (int i = 0; i < runs; ++i) {
        for (const bool in_child : {false, true}) {
            CountingSink sink;
            const auto start = std::chrono::steady_clock::now();
            if (survey) {
                gapfinder::DatasetBuilder builder(*survey, file);
                if (in_child) child.read(plugin, file, {}, builder);
                else host.read(plugin, file, {}, builder);
                sink.rows = builder.finish().rows();
            } else if (in_child) {
                child.read(plugin, file, {}, sink);
            } else {
                host.read(plugin, file, {}, sink);
            }
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            (in_child ? there : here).push_back(s);
            (in_child ? check_there : check_here) = sink;
        }
    }
    if (check_here.rows != check_there.rows || check_here.bytes != check_there.bytes) {
        std::fprintf(stderr, "the two reads differ: %llu rows, %llu bytes against %llu rows, %llu bytes\n",
                     static_cast<unsigned long long>(check_here.rows), static_cast<unsigned long long>(check_here.bytes),
                     static_cast<unsigned long long>(check_there.rows), static_cast<unsigned long long>(check_there.bytes));
        return 1;
    }
    std::printf("%s with %s into %s: %llu rows, %d runs each\n", file.c_str(), plugin.id().c_str(),
                survey ? "a DatasetBuilder" : "a counting sink", static_cast<unsigned long long>(check_here.rows), runs);
    std::printf("in this process   median %.3f s\n", median(here));
    std::printf("reader process    median %.3f s  (%.2fx)\n", median(there), median(there) / median(here));
    return 0;
}
