// The reader process: what the gapfinder-reader program runs (app/reader). The web app
// starts one for every upload it identifies or reads (ReaderProcess), so that a plugin
// that crashes, loops or swallows memory on a hostile file ends that job, not the server.
//
//   gapfinder-reader MEMORY_MIB CPU_SECONDS identify FILE LIBRARY...
//   gapfinder-reader MEMORY_MIB CPU_SECONDS read LIBRARY PLUGIN_ID FILE [KEY VALUE]...
//
// It first limits itself (address space, processor time, no core file), then loads the
// plugin libraries and answers in frames (reader_protocol.hpp) on what was its standard
// output; anything else written there (a plugin's logging) goes to standard error.
#pragma once

namespace gapfinder {

// Exit statuses besides 0 (the answer was sent, ending in a 'D', 'E' or 'F' frame).
constexpr int kReaderUsage = 2;        // bad arguments, or a library would not load
constexpr int kReaderOutOfMemory = 3;  // an allocation failed under the memory limit

int reader_main(int argc, char** argv);

}  // namespace gapfinder
