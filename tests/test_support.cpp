#include "test_support.hpp"

#include "util/errors.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <sstream>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace gapfinder::test {

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

namespace {
// The test binary is not beside gapfinder-reader, where a server looks for it; every
// server a test starts reads its uploads with the one just built.
[[maybe_unused]] const bool kReaderFound = [] { return ::setenv("GAPFINDER_READER", GAPFINDER_READER_PATH, 0) == 0; }();
}  // namespace

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

void PluginTest::SetUp() {
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    plugin = host.find(id_);
    ASSERT_NE(plugin, nullptr) << "the " << id_ << " plugin was not built into " << GAPFINDER_PLUGIN_DIR;
}

CaptureSink PluginTest::read_path(const std::string& path, const Options& options) {
    CaptureSink c;
    host.read(*plugin, path, options, c);
    return c;
}

std::string PluginTest::error_of_path(const std::string& path, const Options& options, CaptureSink* partial) {
    CaptureSink c;
    try {
        host.read(*plugin, path, options, c);
    } catch (const InputError& e) {
        if (partial) *partial = c;
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not an InputError: " << e.what();
        return e.what();
    }
    return "";
}

std::string PluginTest::input_file(const std::string& name, const std::string& bytes) {
    write_file(dir.file(name), bytes);
    return dir.file(name);
}

int PluginTest::confidence(const std::string& path, const std::string& id) {
    for (const auto& c : host.identify(path))
        if (c.plugin->id() == id) return c.confidence;
    return -1;
}

const TempDir& demo_dir() {
    static const TempDir* dir = [] {
        auto* d = new TempDir;  // lives until the process ends, like the suites using it
        const RunResult r = run_gapfinder({"demo"}, d->path().string());
        if (r.exit_code != 0) ADD_FAILURE() << "gapfinder demo failed: " << r.err;
        return d;
    }();
    return *dir;
}

RunResult run_in_demo_dir(const std::vector<std::string>& args) { return run_gapfinder(args, demo_dir().path().string()); }

void expect_golden(const std::string& actual, const std::string& golden_path) {
    if (std::getenv("GAPFINDER_UPDATE_GOLDEN")) {
        write_file(golden_path, actual);
        std::cerr << "updated " << golden_path << "\n";
        return;
    }
    if (!std::filesystem::exists(golden_path)) {
        ADD_FAILURE() << "no golden file " << golden_path << " (make it with GAPFINDER_UPDATE_GOLDEN=1)";
        return;
    }
    const std::string expected = read_file(golden_path);
    if (actual == expected) return;
    size_t at = 0;
    while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) ++at;
    const size_t line = 1 + static_cast<size_t>(std::count(expected.begin(), expected.begin() + static_cast<long>(at), '\n'));
    const size_t from = at > 80 ? at - 80 : 0;
    ADD_FAILURE() << golden_path << " differs at line " << line << ", byte " << at << ":\n  golden: ..."
                  << expected.substr(from, 160) << "\n  actual: ..." << actual.substr(from, 160)
                  << "\n(GAPFINDER_UPDATE_GOLDEN=1 regenerates after a deliberate change)";
}

// Rewrites parts of a zip (a workbook), each through a function of its text.
void edit_zip(const std::string& from, const std::string& to,
              const std::map<std::string, std::function<std::string(const std::string&)>>& edits) {
    std::ifstream in(from, std::ios::binary);
    Poco::Zip::ZipArchive archive(in);
    std::map<std::string, std::string> parts;
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        in.clear();
        Poco::Zip::ZipInputStream zin(in, it->second);
        std::string text;
        Poco::StreamCopier::copyToString(zin, text);
        auto e = edits.find(it->first);
        parts[it->first] = e == edits.end() ? text : e->second(text);
    }
    std::ofstream out(to, std::ios::binary);
    Poco::Zip::Compress zip(out, true);
    for (const auto& [name, text] : parts) {
        std::istringstream s(text);
        zip.addFile(s, Poco::DateTime(2025, 1, 1), Poco::Path(name, Poco::Path::PATH_UNIX));
    }
    zip.close();
}

std::string column_letter(size_t i) {
    std::string s;
    for (size_t n = i + 1; n; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

std::string replace_cell(const std::string& xml, const std::string& ref, const std::string& new_cell) {
    const std::regex cell("<c r=\"" + ref + "\"[^>]*?(/>|>.*?</c>)");
    EXPECT_TRUE(std::regex_search(xml, cell)) << ref;
    return std::regex_replace(xml, cell, new_cell, std::regex_constants::format_first_only);
}

// One part of a zip (a workbook), as text.
std::string zip_part(const std::string& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    Poco::Zip::ZipArchive archive(in);
    const auto it = archive.findHeader(name);
    if (it == archive.headerEnd()) {
        ADD_FAILURE() << path << " has no " << name;
        return "";
    }
    in.clear();
    Poco::Zip::ZipInputStream zin(in, it->second);
    std::string text;
    Poco::StreamCopier::copyToString(zin, text);
    return text;
}

}  // namespace gapfinder::test
