// Runs plugins against files: which plugin recognises a file, and reading it into a
// RowSink. Two ways: in this process (PluginHost, for the command line, whose user owns
// the files) or in a child process with resource limits (ReaderProcess, for the web app,
// whose uploads come from anyone with an analyst's account).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <gapfinder/plugin_api.h>

namespace gapfinder {

// What a plugin streams into; implemented by core. Return false to stop the read (the
// sink then knows why, and says so after read() returns).
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual bool begin(uint64_t row, std::span<const gf_str> headings) = 0;
    virtual bool row(uint64_t row, std::span<const gf_str> cells) = 0;

    // Batches of rows (plugin API 1.1, gf_sink.rows): a sink that can take them from
    // several plugin threads at once says how many; 0 (the default) keeps the plugin on
    // row(). rows() must then be safe to call concurrently with different batches.
    virtual unsigned batch_threads() const { return 0; }
    // row_numbers.size() rows of `columns` cells each, row after row, in file order
    // within the batch; batch numbers order batches (see plugin_api.h).
    virtual bool rows(uint64_t batch, std::span<const uint64_t> row_numbers, std::span<const gf_str> cells,
                      size_t columns) {
        (void)batch;
        for (size_t r = 0; r < row_numbers.size(); ++r)
            if (!row(row_numbers[r], cells.subspan(r * columns, columns))) return false;
        return true;
    }
};

struct Plugin {
    std::string path;
    const gf_plugin* table = nullptr;
    uint32_t api_version = 0;

    std::string id() const { return table->info->id; }
    std::string display_name() const { return table->info->display_name; }
    std::string version() const { return table->info->version; }
    std::string extensions() const { return table->info->extensions; }
    std::string description() const { return table->info->description; }
};

struct Confidence {
    const Plugin* plugin;
    int confidence;  // 0..100
};

using PluginOptions = std::vector<std::pair<std::string, std::string>>;

class PluginRunner {
public:
    virtual ~PluginRunner() = default;

    // The plugins that can be run, in load order.
    virtual const std::vector<std::unique_ptr<Plugin>>& plugins() const = 0;
    // Every plugin's confidence for this file, highest first.
    virtual std::vector<Confidence> identify(const std::string& path) const = 0;
    // Runs the plugin's read(). Throws InputError naming file, row and field when the
    // plugin reports bad input, and rethrows whatever the sink threw.
    virtual void read(const Plugin& plugin, const std::string& path, const PluginOptions& options,
                      RowSink& sink) const = 0;

    const Plugin* find(const std::string& id) const;
    // The plugin to read a file with: the one named, or the most confident. Throws
    // InputError when none fits or when two tie at the top.
    const Plugin& choose(const std::string& path, const std::optional<std::string>& plugin_id) const;
};

}  // namespace gapfinder
