// The libFuzzer driver every plugin's fuzz-<id> target is built with (see
// gapfinder_add_fuzz_target in the top-level CMakeLists.txt): the plugin's own sources are
// linked in, and it is called only through its C entry point, as the host calls it.
//
// Each input: the first byte picks the options and when the sink stops (fuzz_input.hpp),
// the rest is written to an in-memory file (memfd) that the plugin reads by path. The
// driver calls identify() on the file's first 64 KiB and read() with a sink that checks
// the plugin contract (contract.hpp); any breach prints what was broken and traps, so
// libFuzzer saves the input. Crashes, AddressSanitizer and UndefinedBehaviorSanitizer
// reports, leaks and hangs are caught by libFuzzer itself.
//
// Built with GAPFINDER_FUZZ_ZIP_PARTS (fuzz-<id>-parts), the file is first packed from
// parts given as text into a zip (zip_parts.hpp), so that mutations reach a zip-based
// format's XML instead of breaking its checksums.
//
// GAPFINDER_FUZZ_INFO=1 fuzz-<id> prints "<name> <extensions>" and exits: scripts/fuzz.sh
// uses it to name the target's corpus and regression folders and to seed it with the
// fixtures of its formats ("-" for none: a -parts target is seeded from
// tests/fuzz/seeds/<name>/).
#include <gapfinder/plugin_api.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "contract.hpp"
#include "fuzz_input.hpp"
#include "zip_parts.hpp"

namespace {

[[noreturn]] void violated(const std::string& what) {
    std::fprintf(stderr, "\n==gapfinder-fuzz== plugin contract broken: %s\n", what.c_str());
    std::fflush(stderr);
    __builtin_trap();
}

const gf_plugin& plugin() {
    static const gf_plugin* table = [] {
        if (gapfinder_plugin_api_version() != GF_PLUGIN_API_VERSION) violated("gapfinder_plugin_api_version() is not this API's");
        const gf_plugin* p = gapfinder_plugin_entry();
        if (!p || p->struct_size < sizeof(gf_plugin) || p->api_version != GF_PLUGIN_API_VERSION || !p->info || !p->info->id ||
            !p->info->extensions || !p->identify || !p->read)
            violated("gapfinder_plugin_entry() returned no complete plugin table");
        return p;
    }();
    return *table;
}

// The file the plugin reads: a memfd, rewritten for every input, opened by path.
struct MemFile {
    int fd = -1;
    std::string path;
    MemFile() {
        fd = memfd_create("gapfinder-fuzz-input", MFD_CLOEXEC);
        if (fd < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        path = "/proc/self/fd/" + std::to_string(fd);
    }
    void write(std::string_view bytes) {
        if (ftruncate(fd, 0) != 0) std::abort();
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<size_t>(n);
        }
    }
};

int32_t on_begin(void* ctx, uint64_t row, const gf_str* headings, size_t count) {
    auto& checker = *static_cast<gapfinder::fuzz::ContractChecker*>(ctx);
    const int32_t answer = checker.begin(row, headings, count);
    if (!checker.violation().empty()) violated(checker.violation());
    return answer;
}

int32_t on_row(void* ctx, uint64_t row, const gf_str* cells, size_t count) {
    auto& checker = *static_cast<gapfinder::fuzz::ContractChecker*>(ctx);
    const int32_t answer = checker.row(row, cells, count);
    if (!checker.violation().empty()) violated(checker.violation());
    return answer;
}

void on_log(void*, int32_t level, gf_str message) {
    if (level < GF_LOG_DEBUG || level > GF_LOG_ERROR) violated("log() with level " + std::to_string(level));
    if (message.size > 0 && !message.data) violated("log() with a null message");
    volatile unsigned char sum = 0;  // every byte must be readable
    for (size_t i = 0; i < message.size; ++i) sum = static_cast<unsigned char>(sum + static_cast<unsigned char>(message.data[i]));
    (void)sum;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* info = std::getenv("GAPFINDER_FUZZ_INFO"); info && *info == '1') {
#ifdef GAPFINDER_FUZZ_ZIP_PARTS
        std::printf("%s-parts -\n", plugin().info->id);
#else
        std::printf("%s %s\n", plugin().info->id, plugin().info->extensions);
#endif
        std::fflush(stdout);
        std::_Exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static MemFile file;
    const gf_plugin& p = plugin();
    const gapfinder::fuzz::Input input =
        gapfinder::fuzz::decode(p.info->id, p.info->extensions, {reinterpret_cast<const char*>(data), size});
#ifdef GAPFINDER_FUZZ_ZIP_PARTS
    const std::string bytes = gapfinder::fuzz::zip_of(gapfinder::fuzz::split_parts(input.file));
    const std::string_view contents = bytes;
#else
    const std::string_view contents = input.file;
#endif
    file.write(contents);

    gapfinder::fuzz::ContractChecker checker(input.stop_after, input.stop_at_headings);

    // identify() sees the name and the first 64 KiB, as the host gives them.
    const std::string name = gapfinder::fuzz::file_name(p.info->extensions);
    const std::string head(contents.substr(0, 64 * 1024));  // its own allocation: ASan catches reads past it
    checker.identified(p.identify(name.c_str(), reinterpret_cast<const unsigned char*>(head.data()), head.size()));
    if (!checker.violation().empty()) violated(checker.violation());

    std::vector<gf_option> options;
    for (const auto& [k, v] : input.options) options.push_back({{k.data(), k.size()}, {v.data(), v.size()}});
    const gf_read_request request{sizeof(gf_read_request), file.path.c_str(), options.data(), options.size()};
    const gf_sink sink{sizeof(gf_sink), &checker, &on_begin, &on_row, 0, nullptr};  // row by row: no batches
    const gf_host host{sizeof(gf_host), nullptr, &on_log};
    gf_status status{};
    const int32_t code = p.read(&request, &sink, &host, &status);
    checker.finish(code, status);
    if (!checker.violation().empty()) violated(checker.violation());
    return 0;
}
