// Wall-clock time for what the store keeps for the web server (sessions, sign-in limits,
// job heartbeats): every server process on the store reads it alike, where a steady
// clock's epoch is each process's own.
#pragma once

#include <chrono>
#include <cstdint>

namespace gapfinder::web {

inline int64_t unix_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline int64_t unix_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace gapfinder::web
