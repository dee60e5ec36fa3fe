// Every input the fuzzers found a bug with (tests/fuzz/regressions/<plugin id>/), replayed
// in the normal build through the real plugin host, so that the bugs stay fixed without
// a fuzzing build. Each file is its own test, named after its folder and file.
//
// A file is read as the fuzz driver reads it (tests/fuzz/fuzz_input.hpp: a control byte
// choosing options and when to stop, then the file), and must end cleanly: rows that keep
// the plugin contract (tests/fuzz/contract.hpp), then OK, or an input error whose message
// names the file and says what is wrong. A crash, an exception other than InputError, or a
// contract breach fails. The regressions of the CSV reader (csv-reader/) are read by the
// reader itself, with the delimiter the control byte gives; those of a -parts target
// (xlsx-parts/) are zipped from their parts first, as the fuzz target does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "contract.hpp"
#include "csv/csv_reader.hpp"
#include "fuzz_input.hpp"
#include "zip_parts.hpp"
#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

namespace fs = std::filesystem;

struct Regression {
    std::string target;  // a plugin id, or csv-reader
    std::string path;
};

// How gtest shows a parameter (and ctest names the test): the file, from the regressions folder.
void PrintTo(const Regression& r, std::ostream* os) { *os << r.target << "/" << fs::path(r.path).filename().string(); }

std::vector<Regression> all_regressions() {
    std::vector<Regression> out;
    const fs::path root = fs::path(SOURCE_DIR) / "tests" / "fuzz" / "regressions";
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator(root, ec)) {
        if (!dir.is_directory()) continue;
        for (const auto& file : fs::directory_iterator(dir.path()))
            if (file.is_regular_file() && file.path().filename().string().front() != '.')
                out.push_back({dir.path().filename().string(), file.path().string()});
    }
    std::sort(out.begin(), out.end(), [](const Regression& a, const Regression& b) { return a.path < b.path; });
    return out;
}

std::string test_name(const ::testing::TestParamInfo<Regression>& info) {
    std::string name = info.param.target + "_" + fs::path(info.param.path).filename().string();
    for (char& c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
    return name;
}

// The host's RowSink, holding the plugin to the contract.
struct CheckingSink : RowSink {
    explicit CheckingSink(fuzz::ContractChecker& checker) : checker(checker) {}
    bool begin(uint64_t row, std::span<const gf_str> headings) override {
        return checker.begin(row, headings.data(), headings.size()) == 0;
    }
    bool row(uint64_t row, std::span<const gf_str> cells) override { return checker.row(row, cells.data(), cells.size()) == 0; }
    fuzz::ContractChecker& checker;
};

class FuzzRegression : public ::testing::TestWithParam<Regression> {};

TEST_P(FuzzRegression, EndsCleanly) {
    const Regression& r = GetParam();
    const std::string bytes = test::read_file(r.path);

    if (r.target == "csv-reader") {  // as tests/fuzz/csv_reader_fuzzer.cpp reads it
        if (bytes.empty()) return;
        const std::string text = bytes.substr(1);
        char delimiter = bytes[0];
        if (delimiter == 0) delimiter = csv::Reader::detect_delimiter(text);
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') delimiter = ',';
        csv::Reader reader(text, delimiter);
        csv::Record record;
        uint64_t last_row = 0;
        try {
            while (reader.next(record)) {
                EXPECT_GT(record.row, last_row);
                EXPECT_GE(record.line, record.row);
                EXPECT_FALSE(record.cells.empty());
                last_row = record.row;
            }
        } catch (const csv::ParseError& e) {
            EXPECT_GT(e.row, last_row);
            EXPECT_STRNE(e.what(), "");
        }
        return;
    }

    const fuzz::TargetName target = fuzz::parse_target_name(r.target);
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    const Plugin* plugin = host.find(target.plugin);
    ASSERT_NE(plugin, nullptr) << "no plugin \"" << target.plugin << "\" for the regressions in " << r.target << "/";
    const std::string extensions = plugin->extensions();
    const fuzz::Input input = fuzz::decode(target.plugin, extensions, bytes);

    test::TempDir dir;
    const std::string path = dir.file(fuzz::file_name(extensions));
    test::write_file(path, target.zip_parts ? fuzz::zip_of(fuzz::split_parts(input.file)) : std::string(input.file));
    for (const Confidence& c : host.identify(path)) EXPECT_TRUE(c.confidence >= 0 && c.confidence <= 100);

    fuzz::ContractChecker checker(input.stop_after, input.stop_at_headings);
    CheckingSink sink(checker);
    try {
        host.read(*plugin, path, input.options, sink);
        if (checker.violation().empty() && !checker.asked_to_stop()) {
            EXPECT_TRUE(checker.begun()) << "the plugin returned OK without calling begin()";
        }
    } catch (const InputError& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
        EXPECT_GT(message.size(), path.size() + 2) << message;
        EXPECT_TRUE(fuzz::valid_utf8(message)) << message;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a clean end: " << e.what();
    }
    EXPECT_EQ(checker.violation(), "");
}

// Found through the spss-sav fuzzer (a long ReadStat message): gf_status_set() cut text at
// the byte where field or message was full, which could split a UTF-8 character.
TEST(StatusSet, CutsLongTextAtACharacterBoundary) {
    gf_status status{};
    std::string long_text(300, 'a');
    for (int i = 0; i < 400; ++i) long_text += "\xC3\xAB";  // e with diaeresis, two bytes
    for (size_t shift = 0; shift < 4; ++shift) {
        const std::string text = long_text.substr(0, long_text.size() - shift) + "\xE2\x80\x99";
        gf_status_set(&status, GF_ERR_INPUT, 3, text.c_str(), "%s and %s", text.c_str(), text.c_str());
        EXPECT_TRUE(fuzz::valid_utf8(status.field)) << shift;
        EXPECT_TRUE(fuzz::valid_utf8(status.message)) << shift;
        EXPECT_GE(std::strlen(status.field), sizeof status.field - 4);
        EXPECT_GE(std::strlen(status.message), sizeof status.message - 4);
    }
    gf_status_set(&status, GF_ERR_INPUT, 3, "Name", "short \xE2\x80\x99 text");
    EXPECT_STREQ(status.field, "Name");
    EXPECT_STREQ(status.message, "short \xE2\x80\x99 text");
}

INSTANTIATE_TEST_SUITE_P(Regressions, FuzzRegression, ::testing::ValuesIn(all_regressions()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FuzzRegression);

}  // namespace
}  // namespace gapfinder
