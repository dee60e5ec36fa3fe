// One ingest: pick the plugin, stream the file through a DatasetBuilder, then store
// the dataset as one transaction. Any problem leaves the store untouched.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/survey_definition.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"

namespace gapfinder {

struct IngestRequest {
    std::string file;
    std::string wave;
    std::optional<std::string> plugin_id;                       // else chosen by identify()
    std::vector<std::pair<std::string, std::string>> options;   // passed to the plugin
    bool replace = false;
    bool show_progress = true;  // report rows and rows/s on stderr once past one second
    // The name messages and the store use for the file, when it differs from the file's
    // own name (the web app reads uploads from temporary files).
    std::string display_name;
    // Called every few thousand rows with the rows read so far (from the reading thread).
    std::function<void(uint64_t rows)> on_progress;
};

struct IngestResult {
    IngestRecord record;
    double read_seconds = 0, store_seconds = 0;
};

// SHA-256 of a file's bytes, as lower-case hex.
std::string file_sha256(const std::string& path);

// A file read through a survey definition, as an ingest reads it, stored nowhere.
struct ReadResult {
    Dataset data;
    const Plugin* plugin = nullptr;
    double read_seconds = 0;
};

// The read half of an ingest: choose the plugin, read every row into the survey's
// codes, and check them all. Throws InputError naming every problem (file, row,
// column), exactly as ingest_file would; the web app's check before storing.
ReadResult read_for_survey(const PluginRunner& plugins, const SurveyDefinition& survey, const IngestRequest& request);

// Throws InputError (bad file, definition mismatch, duplicate) or std::runtime_error.
IngestResult ingest_file(const PluginRunner& plugins, const SurveyDefinition& survey, Store& store,
                         const IngestRequest& request);

}  // namespace gapfinder
