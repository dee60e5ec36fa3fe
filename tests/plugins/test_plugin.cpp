// Misbehaving and well-behaved plugins for plugin_host_test, built from this one file
// with different TEST_PLUGIN_KIND values:
//   good           a working plugin that streams three fixed rows
//   reports-error  reads, then reports bad input at row 3, column "Q2"
//   old-api        claims plugin API 0.9 (major mismatch)
//   newer-minor    claims an API minor version newer than the host's
//   api-1-0        built for plugin API 1.0: rows one at a time, none of 1.1's batches
//   factory-fails  its factory returns NULL
//   runaway        reads files that start "RUNAWAY", and does what the next word says:
//                  "crash" (SIGSEGV), "memory" (allocates until it cannot), "spin"
//                  (loops for ever); anything else reads as the good plugin does
#include <gapfinder/plugin_api.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#define KIND_GOOD 1
#define KIND_REPORTS_ERROR 2
#define KIND_OLD_API 3
#define KIND_NEWER_MINOR 4
#define KIND_FACTORY_FAILS 5
#define KIND_RUNAWAY 6
#define KIND_API_1_0 7

namespace {

#if TEST_PLUGIN_KIND == KIND_OLD_API
constexpr uint32_t kApi = (0u << 16) | 9u;
#elif TEST_PLUGIN_KIND == KIND_API_1_0
constexpr uint32_t kApi = (1u << 16) | 0u;
#elif TEST_PLUGIN_KIND == KIND_NEWER_MINOR
constexpr uint32_t kApi = (uint32_t(GF_PLUGIN_API_MAJOR) << 16) | (GF_PLUGIN_API_MINOR + 1);
#else
constexpr uint32_t kApi = GF_PLUGIN_API_VERSION;
#endif

#if TEST_PLUGIN_KIND == KIND_RUNAWAY
int32_t identify(const char*, const unsigned char* head, size_t size) noexcept {
    return size >= 7 && std::memcmp(head, "RUNAWAY", 7) == 0 ? 95 : 0;
}

// What the file asks for; volatile, so that the compiler keeps the loops as written.
void misbehave(const char* path) noexcept {
    std::ifstream in(path);
    std::string word;
    in >> word >> word;
    if (word == "crash") {
        std::raise(SIGSEGV);
    } else if (word == "memory") {
        std::vector<std::unique_ptr<char[]>> blocks;
        for (;;) {
            blocks.emplace_back(new char[64 << 20]);
            std::memset(blocks.back().get(), 1, 64 << 20);
        }
    } else if (word == "spin") {
        volatile unsigned long turns = 0;
        for (;;) turns = turns + 1;
    }
}
#else
int32_t identify(const char*, const unsigned char* head, size_t size) noexcept {
    return size >= 4 && head[0] == 'T' && head[1] == 'E' && head[2] == 'S' && head[3] == 'T' ? 90 : 0;
}
#endif

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
#if TEST_PLUGIN_KIND == KIND_RUNAWAY
    misbehave(request->path);
#else
    (void)request;
#endif
    host->log(host->ctx, GF_LOG_INFO, gf_str_of("test plugin reading"));
    const gf_str headings[] = {gf_str_of("id"), gf_str_of("Q1"), gf_str_of("Q2")};
    if (sink->begin(sink->ctx, 1, headings, 3) != 0) return GF_ERR_CANCELLED;
    const gf_str row2[] = {gf_str_of("A"), gf_str_of("Yes"), gf_str_of("No")};
    if (sink->row(sink->ctx, 2, row2, 3) != 0) return GF_ERR_CANCELLED;
#if TEST_PLUGIN_KIND == KIND_REPORTS_ERROR
    return gf_status_set(status, GF_ERR_INPUT, 3, "Q2", "value %s is broken", "\"?\"");
#else
    (void)status;
    const gf_str row3[] = {gf_str_of("B"), gf_str_of("No"), gf_str_of("Yes")};
    if (sink->row(sink->ctx, 3, row3, 3) != 0) return GF_ERR_CANCELLED;
    return GF_OK;
#endif
}

const gf_plugin_info kInfo = {sizeof(gf_plugin_info), TEST_PLUGIN_ID, "Test plugin", "0.1.0", ".test", "for the tests"};
const gf_plugin kPlugin = {sizeof(gf_plugin), kApi, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return kApi; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) {
#if TEST_PLUGIN_KIND == KIND_FACTORY_FAILS
    return nullptr;
#else
    return &kPlugin;
#endif
}
