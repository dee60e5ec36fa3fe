// What the commands share: logging set-up and lazily created plugin host, survey
// definitions and store, each configured from the common options.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "domain/survey_definition.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"

namespace gapfinder::cli {

class Context {
public:
    explicit Context(const Arguments& args);

    PluginHost& plugins();
    const SurveyCatalogue& surveys();
    Store& store();
    std::vector<std::string> survey_folders() const;

private:
    const Arguments& args_;
    std::unique_ptr<PluginHost> plugins_;
    std::unique_ptr<SurveyCatalogue> surveys_;
    std::unique_ptr<Store> store_;
};

}  // namespace gapfinder::cli
