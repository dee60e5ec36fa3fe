// Listings printed by more than one command (demo reuses the plugins and surveys views).
#pragma once

#include <ostream>

#include "cli/context.hpp"

namespace gapfinder::cli {

void print_plugins(PluginHost& host, std::ostream& out);
void print_surveys(Context& ctx, std::ostream& out);

}  // namespace gapfinder::cli
