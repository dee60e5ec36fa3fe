#include "ingest/ingest.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/Path.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <unistd.h>

#include "domain/wave_label.hpp"
#include "ingest/dataset_builder.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

std::string file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the file");
    Poco::Crypto::DigestEngine engine("SHA256");  // OpenSSL's, with the CPU's SHA extensions
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        engine.update(buffer.data(), static_cast<unsigned>(in.gcount()));
    }
    return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

ReadResult read_for_survey(const PluginRunner& plugins, const SurveyDefinition& survey, const IngestRequest& request) {
    const Plugin& plugin = plugins.choose(request.file, request.plugin_id);
    spdlog::info("reading {} with plugin {} {}", request.file, plugin.id(), plugin.version());

    const auto start = Clock::now();
    const std::string name = request.display_name.empty() ? request.file : request.display_name;
    DatasetBuilder builder(survey, name);
    const bool tty = isatty(fileno(stderr));
    auto last_report = start;
    bool reported = false;
    if (request.show_progress || request.on_progress)
        builder.on_progress = [&](uint64_t rows) {
            if (request.on_progress) request.on_progress(rows);
            if (!request.show_progress) return;
            const auto now = Clock::now();
            if (now - start < std::chrono::seconds(1) || now - last_report < std::chrono::milliseconds(500)) return;
            last_report = now;
            reported = true;
            std::fprintf(stderr, "%s  %llu rows read, %.0f rows/s%s", tty ? "\r" : "", static_cast<unsigned long long>(rows),
                         static_cast<double>(rows) / seconds_since(start), tty ? "" : "\n");
        };

    try {
        plugins.read(plugin, request.file, request.options, builder);
    } catch (const InputError& e) {
        builder.fail(e);
    }
    ReadResult result{builder.finish(), &plugin, seconds_since(start)};
    if (reported)
        std::fprintf(stderr, "%s  %zu rows read in %.2f s (%.0f rows/s)\n", tty ? "\r" : "", result.data.rows(),
                     result.read_seconds, static_cast<double>(result.data.rows()) / result.read_seconds);
    return result;
}

IngestResult ingest_file(const PluginRunner& plugins, const SurveyDefinition& survey, Store& store,
                         const IngestRequest& request) {
    // The store checks the label too; checking first saves reading a large file for nothing.
    check_wave_label(request.wave);
    // Hash on the second core while the plugin parses on this one.
    auto hash = std::async(std::launch::async, [&] { return file_sha256(request.file); });
    ReadResult read = read_for_survey(plugins, survey, request);
    const Plugin& plugin = *read.plugin;
    const Dataset& data = read.data;
    const double read_seconds = read.read_seconds;
    const std::string name = request.display_name.empty() ? request.file : request.display_name;

    IngestRecord meta;
    meta.file_name = Poco::Path(name).getFileName();
    meta.content_hash = hash.get();
    meta.plugin_id = plugin.id();
    meta.plugin_version = plugin.version();
    const auto store_start = Clock::now();
    IngestResult result;
    result.record = store.add_ingest(survey, request.wave, data, meta, request.replace);
    result.read_seconds = read_seconds;
    result.store_seconds = seconds_since(store_start);
    return result;
}

}  // namespace gapfinder
