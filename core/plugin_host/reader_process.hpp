// Runs plugins in a child process (the gapfinder-reader program, reader_main.hpp) with
// limits on its memory and processor time, so that a plugin that crashes, loops or
// allocates without end on a hostile file fails that one identify or read with an
// InputError saying what happened, and the process that asked (the web server) lives
// on. The rows come back down a pipe into the caller's sink, so a read behaves as
// PluginHost::read does: same rows, same errors, and a sink can stop it.
#pragma once

#include <cstdint>
#include <string>

#include "plugin_host/plugin_host.hpp"

namespace gapfinder {

struct ReaderLimits {
    uint64_t memory_mib = 2048;  // address space of the reader process
    uint32_t cpu_seconds = 300;  // processor time of one identify or read
    // Waiting for the reader: beyond this without the read finishing (a plugin that
    // sleeps or blocks uses no processor time), it is stopped.
    uint32_t wait_seconds() const { return cpu_seconds * 4 + 60; }
};

class ReaderProcess final : public PluginRunner {
public:
    // host: the plugins, loaded and vetted here too (their ids, versions and files).
    // program: the gapfinder-reader executable. Throws std::runtime_error when it is
    // missing or not executable.
    ReaderProcess(const PluginHost& host, std::string program, ReaderLimits limits);

    // $GAPFINDER_READER when set, else gapfinder-reader beside the running executable.
    static std::string default_program();

    const std::vector<std::unique_ptr<Plugin>>& plugins() const override { return host_.plugins(); }
    std::vector<Confidence> identify(const std::string& path) const override;
    void read(const Plugin& plugin, const std::string& path, const PluginOptions& options,
              RowSink& sink) const override;

    const std::string& program() const { return program_; }
    const ReaderLimits& limits() const { return limits_; }

private:
    const PluginHost& host_;
    std::string program_;
    ReaderLimits limits_;
};

}  // namespace gapfinder
