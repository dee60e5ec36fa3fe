// Plugin loading: a good plugin, ones built against other API versions, a failing
// factory, files that are not plugins, and the errors a plugin reports.
#include "plugin_host/plugin_host.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

std::string reason_for(const PluginHost& host, const std::string& file) {
    for (const auto& r : host.refused())
        if (r.path.size() >= file.size() && r.path.compare(r.path.size() - file.size(), file.size(), file) == 0) return r.reason;
    return "(not refused)";
}

struct CountingSink : RowSink {
    int rows = 0;
    int stop_after = 1000;
    bool throw_on_row = false;
    bool begin(uint64_t, std::span<const gf_str>) override { return true; }
    bool row(uint64_t, std::span<const gf_str>) override {
        if (throw_on_row) throw InputError("sink says no");
        return ++rows < stop_after;
    }
};

TEST(PluginHost, LoadsGoodPluginsAndRefusesTheRestWithReasons) {
    PluginHost host;
    host.load_folder(TEST_PLUGIN_DIR);
    EXPECT_NE(host.find("test-good"), nullptr);
    EXPECT_NE(host.find("test-reports-error"), nullptr);
    EXPECT_EQ(host.plugins().size(), 3u);
    EXPECT_NE(host.find("test-api-1-0"), nullptr) << "a plugin built for an older minor version must still load";
    EXPECT_NE(reason_for(host, "test-old-api.so").find("built against plugin API 0.9, but this gapfinder provides 1.1"),
              std::string::npos);
    EXPECT_NE(reason_for(host, "test-newer-minor.so").find("built against plugin API 1.2"), std::string::npos);
    EXPECT_NE(reason_for(host, "test-factory-fails.so").find("factory gapfinder_plugin_entry returned no plugin"),
              std::string::npos);
    EXPECT_NE(reason_for(host, "not-a-plugin.so").find("not a gapfinder plugin"), std::string::npos);
    EXPECT_NE(reason_for(host, "junk.so").find("not a loadable shared library"), std::string::npos);
    EXPECT_EQ(host.refused().size(), 5u);
}

// A plugin built for API 1.0 knows nothing of batches: given a sink that takes them, it
// still streams row by row, and the host reads it as before.
TEST(PluginHost, APluginBuiltForApi10ReadsRowByRowIntoABatchingSink) {
    struct BatchingSink : RowSink {
        int row_calls = 0;
        bool begin(uint64_t, std::span<const gf_str>) override { return true; }
        bool row(uint64_t, std::span<const gf_str>) override { return ++row_calls > 0; }
        unsigned batch_threads() const override { return 4; }
        bool rows(uint64_t, std::span<const uint64_t>, std::span<const gf_str>, size_t) override {
            ADD_FAILURE() << "a 1.0 plugin cannot give batches";
            return false;
        }
    };
    PluginHost host;
    ASSERT_TRUE(host.load_file(std::string(TEST_PLUGIN_DIR) + "/test-api-1-0.so"));
    const Plugin* p = host.find("test-api-1-0");
    EXPECT_EQ(p->api_version, 1u << 16);
    BatchingSink sink;
    host.read(*p, "unused.test", {}, sink);
    EXPECT_EQ(sink.row_calls, 2);
}

TEST(PluginHost, MetadataIsReadableAndASecondCopyOfAnIdIsRefused) {
    PluginHost host;
    ASSERT_TRUE(host.load_file(std::string(TEST_PLUGIN_DIR) + "/test-good.so"));
    const Plugin* p = host.find("test-good");
    EXPECT_EQ(p->display_name(), "Test plugin");
    EXPECT_EQ(p->version(), "0.1.0");
    EXPECT_EQ(p->extensions(), ".test");
    EXPECT_EQ(p->api_version, GF_PLUGIN_API_VERSION);
    EXPECT_FALSE(host.load_file(std::string(TEST_PLUGIN_DIR) + "/test-good.so"));
    EXPECT_NE(host.refused().back().reason.find("already provided"), std::string::npos);
}

TEST(PluginHost, PluginErrorsComeBackWithFileRowAndField) {
    PluginHost host;
    host.load_folder(TEST_PLUGIN_DIR);
    CountingSink sink;
    try {
        host.read(*host.find("test-reports-error"), "survey.test", {}, sink);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "survey.test: row 3, column \"Q2\": value \"?\" is broken");
    }
    EXPECT_EQ(sink.rows, 1);
}

TEST(PluginHost, SinkCanStopAReadAndItsExceptionsNeverCrossThePlugin) {
    PluginHost host;
    host.load_folder(TEST_PLUGIN_DIR);
    CountingSink stopper;
    stopper.stop_after = 1;
    host.read(*host.find("test-good"), "x.test", {}, stopper);
    EXPECT_EQ(stopper.rows, 1);
    CountingSink thrower;
    thrower.throw_on_row = true;
    EXPECT_THROW(host.read(*host.find("test-good"), "x.test", {}, thrower), InputError);
}

TEST(PluginHost, IdentifyRanksAndForcedPluginMustExist) {
    PluginHost host;
    host.load_folder(TEST_PLUGIN_DIR);
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    test::TempDir dir;
    test::write_file(dir.file("data.test"), "TEST data");
    EXPECT_THROW(host.choose(dir.file("data.test"), std::nullopt), InputError);  // two test plugins tie at 90
    EXPECT_EQ(host.choose(dir.file("data.test"), std::string("test-good")).id(), "test-good");
    try {
        host.choose(dir.file("data.test"), std::string("nope"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no plugin with id \"nope\""), std::string::npos);
    }
}

TEST(PluginHost, PluginCodeStaysLoadedAfterTheHostIsGone) {
    const gf_plugin* table = nullptr;
    {
        PluginHost host;
        ASSERT_TRUE(host.load_file(std::string(TEST_PLUGIN_DIR) + "/test-good.so"));
        table = host.find("test-good")->table;
    }
    // Reading the table and calling into the library would crash had it been unloaded.
    EXPECT_STREQ(table->info->id, "test-good");
    const unsigned char head[] = "TEST";
    EXPECT_EQ(table->identify("x", head, 4), 90);
}

}  // namespace
}  // namespace gapfinder
