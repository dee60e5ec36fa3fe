#include "plugin_host/plugin_runner.hpp"

#include "util/errors.hpp"

namespace gapfinder {

const Plugin* PluginRunner::find(const std::string& id) const {
    for (const auto& p : plugins())
        if (p->id() == id) return p.get();
    return nullptr;
}

const Plugin& PluginRunner::choose(const std::string& path, const std::optional<std::string>& plugin_id) const {
    if (plugin_id) {
        if (const Plugin* p = find(*plugin_id)) return *p;
        std::string known;
        for (const auto& p : plugins()) known += (known.empty() ? "" : ", ") + p->id();
        throw InputError("no plugin with id \"" + *plugin_id + "\" is loaded (loaded: " + (known.empty() ? "none" : known) + ")");
    }
    const auto ranked = identify(path);
    if (ranked.empty() || ranked.front().confidence == 0)
        throw InputError(path + ": no loaded plugin recognises this file (see `gapfinder plugins`; use --plugin ID to force one)");
    if (ranked.size() > 1 && ranked[1].confidence == ranked[0].confidence)
        throw InputError(path + ": plugins " + ranked[0].plugin->id() + " and " + ranked[1].plugin->id() +
                         " are equally sure they can read this file; choose one with --plugin ID");
    return *ranked.front().plugin;
}

}  // namespace gapfinder
