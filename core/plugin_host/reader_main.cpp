#include "plugin_host/reader_main.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "plugin_host/plugin_host.hpp"
#include "plugin_host/reader_protocol.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

using reader_protocol::FrameWriter;

int protocol_fd = -1;

// Frames go out in blocks of about 256 KiB; a failed write means the parent has gone (or
// stopped the read), and there is nothing left to do but leave.
class Output {
public:
    // The buffer to append a frame to; then sent().
    std::string& buffer() { return buffer_; }
    void sent() {
        if (buffer_.size() >= (256u << 10)) flush();
    }
    void flush() {
        size_t at = 0;
        while (at < buffer_.size()) {
            const ssize_t n = ::write(protocol_fd, buffer_.data() + at, buffer_.size() - at);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) _exit(0);
            at += static_cast<size_t>(n);
        }
        buffer_.clear();
    }

private:
    std::string buffer_;
};

class FrameSink final : public RowSink {
public:
    explicit FrameSink(Output& out) : out_(out) {}
    bool begin(uint64_t row, std::span<const gf_str> headings) override {
        FrameWriter(out_.buffer(), reader_protocol::kHeadings).u64(row).strings(headings).end();
        out_.sent();
        return true;
    }
    bool row(uint64_t row, std::span<const gf_str> cells) override {
        FrameWriter(out_.buffer(), reader_protocol::kRow).u64(row).strings(cells).end();
        out_.sent();
        return true;
    }

private:
    Output& out_;
};

bool whole_number(std::string_view text, uint64_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

void limit(int resource, rlim_t soft, rlim_t hard) {
    const rlimit value{soft, hard};
    if (setrlimit(resource, &value) != 0) std::perror("gapfinder-reader: setrlimit");
}

// Runs out of memory the one way a C++ plugin cannot catch and carry on from: the parent
// then says which limit was met instead of reporting a crash.
void out_of_memory() { _exit(kReaderOutOfMemory); }

int usage() {
    std::fputs("usage: gapfinder-reader MEMORY_MIB CPU_SECONDS identify FILE LIBRARY...\n"
               "       gapfinder-reader MEMORY_MIB CPU_SECONDS read LIBRARY PLUGIN_ID FILE [KEY VALUE]...\n"
               "(started by the web app for each upload; see docs/architecture.md)\n",
               stderr);
    return kReaderUsage;
}

}  // namespace

int reader_main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    uint64_t memory_mib = 0, cpu_seconds = 0;
    if (args.size() < 4 || !whole_number(args[0], memory_mib) || !whole_number(args[1], cpu_seconds) || memory_mib == 0 ||
        cpu_seconds == 0)
        return usage();
    const std::string command = args[2];
    if (!(command == "identify" && args.size() >= 5) && !(command == "read" && args.size() >= 6 && args.size() % 2 == 0))
        return usage();

    // Limits first: nothing a plugin does happens outside them. The hard processor limit
    // is a second above the soft one, so a plugin that catches SIGXCPU is still killed.
    limit(RLIMIT_AS, static_cast<rlim_t>(memory_mib) << 20, static_cast<rlim_t>(memory_mib) << 20);
    limit(RLIMIT_CPU, static_cast<rlim_t>(cpu_seconds), static_cast<rlim_t>(cpu_seconds) + 1);
    limit(RLIMIT_CORE, 0, 0);
    std::set_new_handler(out_of_memory);

    // The frames keep standard output to themselves: what else would be written there
    // (a plugin's logging) goes to standard error.
    protocol_fd = ::dup(STDOUT_FILENO);
    if (protocol_fd < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        std::perror("gapfinder-reader: dup");
        return kReaderUsage;
    }

    Output out;
    try {
        PluginHost host;
        if (command == "identify") {
            for (size_t i = 4; i < args.size(); ++i)
                if (!host.load_file(args[i])) return kReaderUsage;
            for (const Confidence& c : host.identify(args[3]))
                FrameWriter(out.buffer(), reader_protocol::kConfidence).text(c.plugin->id()).i32(c.confidence).end();
        } else {
            if (!host.load_file(args[3])) return kReaderUsage;
            const Plugin* plugin = host.find(args[4]);
            if (!plugin) return kReaderUsage;
            PluginOptions options;
            for (size_t i = 6; i + 1 < args.size(); i += 2) options.emplace_back(args[i], args[i + 1]);
            FrameSink sink(out);
            host.read(*plugin, args[5], options, sink);
        }
        FrameWriter(out.buffer(), reader_protocol::kDone).end();
    } catch (const InputError& e) {
        FrameWriter frame(out.buffer(), reader_protocol::kInputError);
        frame.text(e.what()).count(e.problems().size());
        for (const Problem& p : e.problems()) frame.text(p.file).u64(p.row).text(p.column).text(p.message);
        frame.end();
    } catch (const std::bad_alloc&) {
        out_of_memory();
    } catch (const std::exception& e) {
        FrameWriter(out.buffer(), reader_protocol::kFailure).text(e.what()).end();
    }
    out.flush();
    return 0;
}

}  // namespace gapfinder
