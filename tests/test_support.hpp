// Helpers shared by the tests: temporary folders and files, and running the CLI.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

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

inline std::string fixture(const std::string& name) { return std::string(FIXTURES_DIR) + "/" + name; }
inline std::string fixture_surveys() { return fixture("surveys"); }

}  // namespace gapfinder::test
