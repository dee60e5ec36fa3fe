// The reader process (core/plugin_host/reader_process.hpp): reading in a child gives the
// same rows and the same errors as reading in this process, a sink can still stop it,
// and a plugin that crashes, loops or allocates without end fails that read with an
// error saying so while this process carries on.
#include "plugin_host/reader_process.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

class ReaderProcessTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        host_ = new PluginHost;
        host_->load_folder(GAPFINDER_PLUGIN_DIR);
        host_->load_folder(TEST_PLUGIN_DIR);
        host_->load_folder(TEST_RUNAWAY_PLUGIN_DIR);
    }
    static void TearDownTestSuite() { delete host_; }

    static ReaderProcess reader(ReaderLimits limits = {}) { return ReaderProcess(*host_, GAPFINDER_READER_PATH, limits); }

    // The InputError a read throws, "" when it succeeds.
    static std::string error_of(const PluginRunner& runner, const std::string& plugin, const std::string& path,
                                std::vector<Problem>* problems = nullptr) {
        test::CaptureSink sink;
        try {
            runner.read(*runner.find(plugin), path, {}, sink);
        } catch (const InputError& e) {
            if (problems) *problems = e.problems();
            return e.what();
        }
        return "";
    }

    std::string runaway_file(const std::string& word) {
        const std::string path = dir_.file(word + ".runaway");
        test::write_file(path, "RUNAWAY " + word + "\n");
        return path;
    }

    static inline PluginHost* host_ = nullptr;
    test::TempDir dir_;
};

TEST_F(ReaderProcessTest, ReadsAndIdentifiesExactlyAsInThisProcess) {
    const ReaderProcess child = reader();
    const std::vector<std::pair<std::string, PluginOptions>> files = {
        {std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2025.csv", {}},
        {test::fixture("xlsx/two-sheets.xlsx"), {{"sheet", "2"}}},
        {test::fixture("sav/non-ascii.sav"), {{"headings", "labels"}}},
        {test::fixture("online/consultation.csv"), {}},
    };
    for (const auto& [path, options] : files) {
        SCOPED_TRACE(path);
        const auto here = host_->identify(path);
        const auto there = child.identify(path);
        ASSERT_EQ(here.size(), there.size());
        for (size_t i = 0; i < here.size(); ++i) {
            EXPECT_EQ(here[i].plugin, there[i].plugin);
            EXPECT_EQ(here[i].confidence, there[i].confidence);
        }
        const Plugin& plugin = host_->choose(path, std::nullopt);
        EXPECT_EQ(&child.choose(path, std::nullopt), &plugin);
        test::CaptureSink a, b;
        host_->read(plugin, path, options, a);
        child.read(plugin, path, options, b);
        EXPECT_GT(a.rows.size(), 0u);
        EXPECT_EQ(a.heading_row, b.heading_row);
        EXPECT_EQ(a.headings, b.headings);
        EXPECT_EQ(a.rows, b.rows);
        EXPECT_EQ(a.row_numbers, b.row_numbers);
    }
}

TEST_F(ReaderProcessTest, BadInputComesBackAsTheSameErrorWithItsPlaces) {
    const ReaderProcess child = reader();
    const std::string path = dir_.file("broken.test");
    test::write_file(path, "TEST\n");
    std::vector<Problem> here, there;
    const std::string expected = error_of(*host_, "test-reports-error", path, &here);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(error_of(child, "test-reports-error", path, &there), expected);
    ASSERT_EQ(there.size(), 1u);
    EXPECT_EQ(there[0].file, here[0].file);
    EXPECT_EQ(there[0].row, 3u);
    EXPECT_EQ(there[0].column, "Q2");
    EXPECT_EQ(there[0].message, here[0].message);

    // A file that does not exist, to identify and to read.
    EXPECT_THROW(child.identify(dir_.file("absent.csv")), InputError);
    test::CaptureSink sink;
    EXPECT_THROW(child.read(*child.find("citizens-panel-csv"), dir_.file("absent.csv"), {}, sink), InputError);
}

TEST_F(ReaderProcessTest, ASinkCanStopTheReadOrThrowAndNoProcessIsLeft) {
    const ReaderProcess child = reader();
    const std::string panel = std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2025.csv";
    const Plugin& plugin = *child.find("citizens-panel-csv");
    test::CaptureSink first_two;
    first_two.stop_after = 2;
    child.read(plugin, panel, {}, first_two);
    EXPECT_EQ(first_two.rows.size(), 2u);

    struct Throwing : RowSink {
        bool begin(uint64_t, std::span<const gf_str>) override { return true; }
        bool row(uint64_t, std::span<const gf_str>) override { throw InputError("the sink refuses"); }
    } throwing;
    EXPECT_THROW(child.read(plugin, panel, {}, throwing), InputError);
    // Both children were reaped: this process has none left to wait for.
    EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
}

TEST_F(ReaderProcessTest, APluginThatCrashesFailsThatReadOnly) {
    const ReaderProcess child = reader();
    const std::string crash = runaway_file("crash");
    EXPECT_EQ(&child.choose(crash, std::nullopt), child.find("test-runaway"));
    std::vector<Problem> problems;
    const std::string error = error_of(child, "test-runaway", crash, &problems);
    EXPECT_NE(error.find(crash + ": the plugin crashed while the test-runaway plugin read it (signal 11"), std::string::npos)
        << error;
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].file, crash);
    // And the next read is as good as ever.
    EXPECT_EQ(error_of(child, "test-runaway", runaway_file("nothing")), "");
}

TEST_F(ReaderProcessTest, APluginThatAllocatesWithoutEndMeetsTheMemoryLimit) {
    ReaderLimits limits;
    limits.memory_mib = 256;
    const std::string error = error_of(reader(limits), "test-runaway", runaway_file("memory"));
    EXPECT_NE(error.find("it needed more than the limit of 256 MiB of memory"), std::string::npos) << error;
}

TEST_F(ReaderProcessTest, APluginThatLoopsMeetsTheProcessorTimeLimit) {
    ReaderLimits limits;
    limits.cpu_seconds = 1;
    const std::string error = error_of(reader(limits), "test-runaway", runaway_file("spin"));
    EXPECT_NE(error.find("it used the limit of 1 s of processor time"), std::string::npos) << error;
}

TEST_F(ReaderProcessTest, AMissingReaderProgramIsSaidAtTheStart) {
    try {
        ReaderProcess(*host_, dir_.file("no-such-reader"), {});
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-reader is missing or not executable"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace gapfinder
