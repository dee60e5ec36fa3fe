#include "test_support.hpp"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace gapfinder::test {

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("gapfinder-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

static RunResult finish(Poco::ProcessHandle& handle, Poco::Pipe& out, Poco::Pipe& err);

RunResult run_gapfinder(const std::vector<std::string>& args, const std::string& cwd) {
    Poco::Pipe out, err;
    Poco::ProcessHandle handle = Poco::Process::launch(GAPFINDER_BINARY, args, cwd, nullptr, &out, &err);
    return finish(handle, out, err);
}

RunResult run_gapfinder(const std::vector<std::string>& args, const std::string& cwd, const std::string& input) {
    Poco::Pipe in, out, err;
    Poco::ProcessHandle handle = Poco::Process::launch(GAPFINDER_BINARY, args, cwd, &in, &out, &err);
    {
        Poco::PipeOutputStream in_stream(in);
        in_stream << input;
    }
    in.close(Poco::Pipe::CLOSE_WRITE);
    return finish(handle, out, err);
}

static RunResult finish(Poco::ProcessHandle& handle, Poco::Pipe& out, Poco::Pipe& err) {
    Poco::PipeInputStream out_stream(out), err_stream(err);
    std::string out_text, err_text;
    // Drain stderr on another thread so neither pipe can fill up and stall the child.
    std::thread drain_err([&] { Poco::StreamCopier::copyToString(err_stream, err_text); });
    Poco::StreamCopier::copyToString(out_stream, out_text);
    drain_err.join();
    const int code = handle.wait();
    return {code, out_text, err_text};
}

}  // namespace gapfinder::test
