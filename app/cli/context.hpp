// What the commands share: logging set-up and lazily created plugin host, survey
// definitions and store, each configured from the common options.
#pragma once

#include <memory>
#include <optional>
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
    // The store, limited to the --organisation's survey data (Store::use_organisation).
    // A partnership is refused: it holds no rows (its analyses are gapfinder pool's).
    Store& store();
    // The store with the --organisation found, a partnership too: for managing users.
    Store& store_for_accounts();
    // Which organisation --organisation names ("default" when not given).
    const Organisation& organisation();
    // cube export's --organisation names the council in the cube: the store's
    // organisation of that name when it has one, else "default" (a store of one council).
    void organisation_may_be_unknown() { organisation_may_be_unknown_ = true; }
    std::vector<std::string> survey_folders() const;

private:
    const Arguments& args_;
    std::unique_ptr<PluginHost> plugins_;
    std::unique_ptr<SurveyCatalogue> surveys_;
    std::unique_ptr<Store> store_;
    std::optional<Organisation> organisation_;
    bool organisation_may_be_unknown_ = false;
};

}  // namespace gapfinder::cli
