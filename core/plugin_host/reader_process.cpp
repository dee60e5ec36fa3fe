#include "plugin_host/reader_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>

#include "plugin_host/reader_main.hpp"
#include "plugin_host/reader_protocol.hpp"
#include "util/errors.hpp"

extern char** environ;

namespace gapfinder {

namespace {

using Clock = std::chrono::steady_clock;
using reader_protocol::FrameReader;

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// One run of the reader program: its output pipe, read frame by frame, and its end.
class Child {
public:
    struct Frame {
        char kind = 0;
        std::string_view payload;  // valid until the next call to next()
    };
    struct Ending {
        bool waited_too_long = false;  // stopped here, after limits.wait_seconds()
        bool exited = false;
        int status = 0;  // when exited
        int signal = 0;  // when killed
        double cpu_seconds = 0;
    };

    Child(const std::string& program, const std::vector<std::string>& args, std::chrono::seconds wait)
        : wait_budget_(wait) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(system_error("reader process: pipe"));
        // A 1 MiB pipe (Linux's default is 64 KiB; unprivileged users may go to 1 MiB)
        // lets the reader run further ahead, for fewer switches between the two
        // processes. If the system refuses, the default does.
        (void)::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);

        // posix_spawn, not fork: the server has many threads and may hold much memory,
        // and a child that only runs exec needs neither copied.
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // the server's sockets stay its own
        const int err = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (err != 0) {
            ::close(fds[0]);
            throw std::runtime_error("reader process " + program + ": " + std::strerror(err));
        }
        fd_ = fds[0];
    }

    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            reap(true);
        }
        if (fd_ >= 0) ::close(fd_);
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // The next frame; false at the end of the output (or when the wait ran out).
    bool next(Frame& frame) {
        if (!fill(5)) return false;
        uint32_t length = 0;
        for (int i = 0; i < 4; ++i)
            length |= static_cast<uint32_t>(static_cast<unsigned char>(buffer_[start_ + 1 + i])) << (8 * i);
        if (length > reader_protocol::kMaxPayload)
            throw std::runtime_error("reader process: a frame claims " + std::to_string(length) + " bytes");
        if (!fill(5 + size_t{length})) return false;
        frame.kind = buffer_[start_];
        frame.payload = std::string_view(buffer_).substr(start_ + 5, length);
        start_ += 5 + size_t{length};
        return true;
    }

    // Stops the reader at once (the sink wants no more).
    void stop() {
        if (pid_ > 0) ::kill(pid_, SIGKILL);
        finish();
    }

    // Closes the pipe and waits for the process to end (killing it if it will not).
    Ending finish() {
        if (fd_ >= 0) ::close(fd_), fd_ = -1;
        if (pid_ > 0) reap(false);
        return ending_;
    }

private:
    // Reads until n bytes from start_ are in the buffer; false at the end of the output.
    // What the last frame used is dropped only here, when more must be read, so that a
    // block holding many small frames is moved once, not once a frame.
    bool fill(size_t n) {
        if (buffer_.size() - start_ >= n) return true;
        buffer_.erase(0, start_);
        start_ = 0;
        while (buffer_.size() < n) {
            const auto left = wait_budget_ - waited_;
            if (left <= std::chrono::milliseconds(0)) {
                ending_.waited_too_long = true;
                ::kill(pid_, SIGKILL);
                return false;
            }
            pollfd p{fd_, POLLIN, 0};
            const auto start = Clock::now();
            const int ready = ::poll(&p, 1, static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(left).count()));
            waited_ += std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) throw std::runtime_error(system_error("reader process: poll"));
            if (ready == 0) continue;
            const ssize_t got = ::read(fd_, block_.get(), kBlock);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw std::runtime_error(system_error("reader process: read"));
            if (got == 0) return false;
            buffer_.append(block_.get(), static_cast<size_t>(got));
        }
        return true;
    }

    // Waits for the process; when it has not ended within a few seconds of closing its
    // output (a plugin may close it and carry on), it is killed.
    void reap(bool killed) {
        int status = 0;
        rusage usage{};
        const auto give_up = Clock::now() + std::chrono::seconds(killed ? 60 : 5);
        for (;;) {
            const pid_t done = ::wait4(pid_, &status, killed ? 0 : WNOHANG, &usage);
            if (done == pid_) break;
            if (done < 0 && errno == EINTR) continue;
            if (done < 0) {  // no such child: nothing more can be known of it
                pid_ = -1;
                return;
            }
            if (Clock::now() > give_up) {
                ::kill(pid_, SIGKILL);
                killed = true;
                continue;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        pid_ = -1;
        ending_.exited = WIFEXITED(status);
        ending_.status = ending_.exited ? WEXITSTATUS(status) : 0;
        ending_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        ending_.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }

    static constexpr size_t kBlock = 256 << 10;  // read at once
    std::unique_ptr<char[]> block_ = std::make_unique<char[]>(kBlock);
    pid_t pid_ = -1;
    int fd_ = -1;
    std::string buffer_;
    size_t start_ = 0;  // where the next frame begins in buffer_
    std::chrono::milliseconds wait_budget_, waited_{0};
    Ending ending_;
};

std::vector<std::string> limit_args(const ReaderLimits& limits) {
    return {std::to_string(limits.memory_mib), std::to_string(limits.cpu_seconds)};
}

// Why the reader ended without answering, as the person who uploaded the file should
// read it. doing: "recognising its format", "while the xlsx plugin read it".
[[noreturn]] void ended_early(const Child::Ending& end, const ReaderLimits& limits, const std::string& path,
                              const std::string& doing) {
    std::string why;
    if (end.waited_too_long) {
        why = "stopped after " + std::to_string(limits.wait_seconds()) + " s " + doing +
              " without an answer; the file may be built to make the plugin hang";
    } else if (end.signal == SIGXCPU || (end.signal == SIGKILL && end.cpu_seconds >= limits.cpu_seconds)) {
        why = "stopped " + doing + ": it used the limit of " + std::to_string(limits.cpu_seconds) +
              " s of processor time; the file may be too large, or built to make the plugin loop";
    } else if (end.exited && end.status == kReaderOutOfMemory) {
        why = "stopped " + doing + ": it needed more than the limit of " + std::to_string(limits.memory_mib) +
              " MiB of memory; the file may be too large, or built to unpack to far more than its size";
    } else if (end.signal != 0) {
        why = "the plugin crashed " + doing + " (signal " + std::to_string(end.signal) + ", " + strsignal(end.signal) +
              "); the file may be damaged, or the plugin has a fault its authors would want to know of";
    } else {
        throw std::runtime_error("the reader process ended " + doing + " " + path + " with status " +
                                 std::to_string(end.status) + " and no answer");
    }
    throw InputError(path + ": " + why, {Problem{path, 0, "", why}});
}

[[noreturn]] void throw_input_error(std::string_view payload) {
    FrameReader r(payload);
    const std::string message(r.text());
    const uint64_t count = r.count();
    std::vector<Problem> problems;
    for (uint64_t i = 0; i < count; ++i) {  // a count beyond the payload ends in "a frame ends early"
        Problem p;
        p.file = r.text();
        p.row = r.u64();
        p.column = r.text();
        p.message = r.text();
        problems.push_back(std::move(p));
    }
    throw InputError(message, std::move(problems));
}

// A frame that ends an identify or a read without its answer: bad input (the plugin's
// InputError), another failure, or a frame the protocol does not allow there.
[[noreturn]] void end_badly(const Child::Frame& frame, const std::string& doing) {
    if (frame.kind == reader_protocol::kInputError) throw_input_error(frame.payload);
    if (frame.kind == reader_protocol::kFailure) throw std::runtime_error(std::string(FrameReader(frame.payload).text()));
    throw std::runtime_error("the reader process sent a frame it should not have, " + doing);
}

}  // namespace

ReaderProcess::ReaderProcess(const PluginHost& host, std::string program, ReaderLimits limits)
    : host_(host), program_(std::move(program)), limits_(limits) {
    if (::access(program_.c_str(), X_OK) != 0)
        throw std::runtime_error("the reader program " + program_ +
                                 " is missing or not executable: the web app reads every upload in it (build or install "
                                 "gapfinder-reader beside gapfinder)");
    if (limits_.memory_mib == 0 || limits_.cpu_seconds == 0) throw std::runtime_error("reader limits must be above 0");
}

std::string ReaderProcess::default_program() {
    if (const char* env = std::getenv("GAPFINDER_READER"); env && *env) return env;
    boost::dll::fs::error_code ec;
    const auto exe = boost::dll::program_location(ec);
    return ec ? std::string("gapfinder-reader") : (exe.parent_path() / "gapfinder-reader").string();
}

std::vector<Confidence> ReaderProcess::identify(const std::string& path) const {
    std::vector<std::string> args = limit_args(limits_);
    args.push_back("identify");
    args.push_back(path);
    for (const auto& p : plugins()) args.push_back(p->path);
    Child child(program_, args, std::chrono::seconds(limits_.wait_seconds()));

    std::vector<Confidence> out;
    Child::Frame frame;
    const std::string doing = "while recognising its format";
    while (child.next(frame)) {
        switch (frame.kind) {
            case reader_protocol::kConfidence: {
                FrameReader r(frame.payload);
                const std::string id(r.text());
                const int confidence = r.i32();
                if (const Plugin* p = find(id)) out.push_back({p, std::clamp(confidence, 0, 100)});
                break;
            }
            case reader_protocol::kDone:
                child.finish();
                return out;
            default:
                end_badly(frame, doing);
        }
    }
    ended_early(child.finish(), limits_, path, doing);
}

void ReaderProcess::read(const Plugin& plugin, const std::string& path, const PluginOptions& options,
                         RowSink& sink) const {
    std::vector<std::string> args = limit_args(limits_);
    args.insert(args.end(), {"read", plugin.path, plugin.id(), path});
    for (const auto& [key, value] : options) args.insert(args.end(), {key, value});
    Child child(program_, args, std::chrono::seconds(limits_.wait_seconds()));

    std::vector<gf_str> cells;
    Child::Frame frame;
    const std::string doing = "while the " + plugin.id() + " plugin read it";
    while (child.next(frame)) {
        switch (frame.kind) {
            case reader_protocol::kHeadings:
            case reader_protocol::kRow: {
                FrameReader r(frame.payload);
                const uint64_t row = r.u64();
                r.strings(cells);
                const bool more = frame.kind == reader_protocol::kHeadings ? sink.begin(row, cells) : sink.row(row, cells);
                if (!more) {
                    child.stop();
                    return;
                }
                break;
            }
            case reader_protocol::kDone:
                child.finish();
                return;
            default:
                end_badly(frame, doing);
        }
    }
    ended_early(child.finish(), limits_, path, doing);
}

}  // namespace gapfinder
