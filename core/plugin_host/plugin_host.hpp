// Finds, loads and vets survey-format plugins (see plugin_api.h for the contract), picks
// the one that reads a file, and runs it against a RowSink.
//
// Every accepted library stays loaded until the process exits, as Boost.DLL's FAQ
// advises: code and static data from a plugin (its gf_plugin table, its info strings)
// must never outlive the library, and nothing is gained by unloading early.
// A file that fails any check is refused with a reason; the rest still load.
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

struct RefusedPlugin {
    std::string path;
    std::string reason;
};

struct Confidence {
    const Plugin* plugin;
    int confidence;  // 0..100
};

class PluginHost {
public:
    PluginHost();
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // The folders searched by default: "plugins" beside the executable (and the
    // installed lib/gapfinder/plugins), then each folder of GAPFINDER_PLUGIN_PATH.
    static std::vector<std::string> default_folders();

    // Loads every shared library in a folder (not recursive), in name order.
    void load_folder(const std::string& folder);
    // Loads one library; returns false (and records why) if it was refused.
    bool load_file(const std::string& path);

    const std::vector<std::unique_ptr<Plugin>>& plugins() const { return plugins_; }
    const std::vector<RefusedPlugin>& refused() const { return refused_; }
    const Plugin* find(const std::string& id) const;

    // Every plugin's confidence for this file, highest first.
    std::vector<Confidence> identify(const std::string& path) const;
    // The plugin to read a file with: the one named, or the most confident. Throws
    // InputError when none fits or when two tie at the top.
    const Plugin& choose(const std::string& path, const std::optional<std::string>& plugin_id) const;

    // Runs the plugin's read(). Throws InputError naming file, row and field when the
    // plugin reports bad input, and rethrows whatever the sink threw.
    void read(const Plugin& plugin, const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& options, RowSink& sink) const;

private:
    void refuse(const std::string& path, const std::string& reason);
    struct Libraries;
    std::unique_ptr<Libraries> libraries_;
    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::vector<RefusedPlugin> refused_;
};

}  // namespace gapfinder
