// Helpers shared by the tests: temporary folders and files, and running the CLI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "plugin_host/plugin_host.hpp"

namespace gapfinder::test {

// A fresh folder, removed with everything in it when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);

struct RunResult {
    int exit_code;
    std::string out, err;
};
// Runs the built gapfinder binary with args, in working directory cwd.
RunResult run_gapfinder(const std::vector<std::string>& args, const std::string& cwd);
// The same, with input on its standard input (then closed).
RunResult run_gapfinder(const std::vector<std::string>& args, const std::string& cwd, const std::string& input);

// Keeps everything a plugin streams: the headings and their row, and each row's cells
// and number. Asks the plugin to stop after stop_after rows.
struct CaptureSink : RowSink {
    uint64_t heading_row = 0;
    std::vector<std::string> headings;
    std::vector<std::vector<std::string>> rows;
    std::vector<uint64_t> row_numbers;
    size_t stop_after = SIZE_MAX;
    bool begin(uint64_t row, std::span<const gf_str> h) override {
        heading_row = row;
        for (const auto& s : h) headings.emplace_back(s.data, s.size);
        return true;
    }
    bool row(uint64_t n, std::span<const gf_str> cells) override {
        rows.emplace_back();
        for (const auto& s : cells) rows.back().emplace_back(s.data, s.size);
        row_numbers.push_back(n);
        return rows.size() < stop_after;
    }
};

inline std::string fixture(const std::string& name) { return std::string(FIXTURES_DIR) + "/" + name; }
inline std::string fixture_surveys() { return fixture("surveys"); }

}  // namespace gapfinder::test
