// The store's schema history. Step i takes a store from user_version i to i + 1; each
// runs in its own transaction. Only ever append: a released step never changes.
#pragma once

#include <string>
#include <vector>

namespace gapfinder {

const std::vector<std::string>& migrations();

}  // namespace gapfinder
