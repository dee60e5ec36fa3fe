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

#include "plugin_host/plugin_runner.hpp"

namespace gapfinder {

struct RefusedPlugin {
    std::string path;
    std::string reason;
};

class PluginHost final : public PluginRunner {
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

    const std::vector<std::unique_ptr<Plugin>>& plugins() const override { return plugins_; }
    const std::vector<RefusedPlugin>& refused() const { return refused_; }

    // In this process.
    std::vector<Confidence> identify(const std::string& path) const override;
    void read(const Plugin& plugin, const std::string& path, const PluginOptions& options,
              RowSink& sink) const override;

private:
    void refuse(const std::string& path, const std::string& reason);
    struct Libraries;
    std::unique_ptr<Libraries> libraries_;
    std::vector<std::unique_ptr<Plugin>> plugins_;
    std::vector<RefusedPlugin> refused_;
};

}  // namespace gapfinder
