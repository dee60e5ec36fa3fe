// Runs independent tasks on every core: the analysis counts each question x split on
// its own, so two cores nearly halve it. Tasks are taken in order from a shared counter;
// the first exception thrown by any task is rethrown in the caller once all stop.
#pragma once

#include <cstddef>
#include <functional>

namespace gapfinder {

void parallel_for(size_t count, const std::function<void(size_t)>& task);

}  // namespace gapfinder
