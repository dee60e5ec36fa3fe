// Helpers shared by the tests: temporary folders and files, and running the CLI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

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
// A JSON text that must be an object (a draft, findings), parsed by Poco.
Poco::JSON::Object::Ptr parse_object(const std::string& text);
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

// The fixture every plugin's tests start from: the built plugins loaded and one of them
// chosen by id (a test failure if it was not built), reads through the real host, and a
// temporary folder for inputs written by the test.
class PluginTest : public ::testing::Test {
protected:
    using Options = std::vector<std::pair<std::string, std::string>>;
    explicit PluginTest(std::string id) : id_(std::move(id)) {}
    void SetUp() override;

    CaptureSink read_path(const std::string& path, const Options& options = {});
    // The message of the InputError that reading path throws; "" if the read succeeds, and
    // a test failure if anything else escapes (a plugin must turn every problem into a
    // clear error). partial, if given, receives what was streamed before the error.
    std::string error_of_path(const std::string& path, const Options& options = {}, CaptureSink* partial = nullptr);
    // Writes bytes to a file called name in dir and returns its path.
    std::string input_file(const std::string& name, const std::string& bytes);
    // The confidence the plugin called id gives path; -1 if it was not asked.
    int confidence(const std::string& path, const std::string& id);

    PluginHost host;
    const Plugin* plugin = nullptr;
    TempDir dir;

private:
    std::string id_;
};

// A folder where `gapfinder demo` has ingested the bundled samples into a store, made
// once per test run and shared by the suites that read them (exports, reports).
const TempDir& demo_dir();
// Runs the built gapfinder in demo_dir().
RunResult run_in_demo_dir(const std::vector<std::string>& args);

// Compares actual with the golden file at golden_path byte for byte, reporting the first
// difference (line, and the text around it); with GAPFINDER_UPDATE_GOLDEN=1 in the
// environment it rewrites the golden file instead, for a deliberate change.
void expect_golden(const std::string& actual, const std::string& golden_path);

inline std::string fixture(const std::string& name) { return std::string(FIXTURES_DIR) + "/" + name; }
inline std::string fixture_surveys() { return fixture("surveys"); }

// Workbooks (zips) edited as a person would in Excel: each named part rewritten
// through a function of its text; "B7" style references; one cell's XML replaced.
void edit_zip(const std::string& from, const std::string& to,
              const std::map<std::string, std::function<std::string(const std::string&)>>& edits);
std::string column_letter(size_t i);  // 0 -> "A", 26 -> "AA"
std::string replace_cell(const std::string& xml, const std::string& ref, const std::string& new_cell);
// One part of a zip (a workbook), as text.
std::string zip_part(const std::string& path, const std::string& name);

}  // namespace gapfinder::test
