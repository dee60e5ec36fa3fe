#include "plugin_host/plugin_host.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "util/errors.hpp"

namespace gapfinder {

namespace fs = std::filesystem;

// The libraries themselves. On destruction they are moved to a process-wide list that is
// never freed, so that no plugin code is unmapped while anything might still refer to it.
struct PluginHost::Libraries {
    std::vector<boost::dll::shared_library> loaded;
    ~Libraries() {
        static auto* kept_until_exit = new std::vector<boost::dll::shared_library>();
        for (auto& lib : loaded) kept_until_exit->push_back(std::move(lib));
    }
};

namespace {

bool valid_plugin_id(const char* id) {
    if (!id || !*id) return false;
    for (const char* p = id; *p; ++p)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

std::string version_text(uint32_t v) { return std::to_string(v >> 16) + "." + std::to_string(v & 0xFFFF); }

void log_from_plugin(void* ctx, int32_t level, gf_str message) {
    // Called from plugin code: nothing may escape.
    try {
        const auto* plugin = static_cast<const Plugin*>(ctx);
        const std::string_view text(message.data ? message.data : "", message.data ? message.size : 0);
        const auto spd = level >= GF_LOG_ERROR  ? spdlog::level::err
                         : level == GF_LOG_WARN ? spdlog::level::warn
                         : level == GF_LOG_INFO ? spdlog::level::info
                                                : spdlog::level::debug;
        spdlog::log(spd, "[{}] {}", plugin->table->info->id, text);
    } catch (...) {
    }
}

// Adapts a C++ RowSink to the C callbacks. An exception thrown by the sink is parked
// here and rethrown once the plugin has returned, never unwound through plugin code.
struct SinkBridge {
    RowSink* sink;
    std::exception_ptr error;
    std::mutex error_mutex;  // rows() may come from several plugin threads

    // Runs one callback, parking what it throws (the first exception wins).
    template <typename Call>
    int32_t guarded(Call&& call) {
        try {
            return call() ? 0 : 1;
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            return 1;
        }
    }
    static int32_t begin(void* ctx, uint64_t row, const gf_str* headings, size_t count) {
        auto* self = static_cast<SinkBridge*>(ctx);
        return self->guarded([&] { return self->sink->begin(row, {headings, count}); });
    }
    static int32_t row(void* ctx, uint64_t row, const gf_str* cells, size_t count) {
        auto* self = static_cast<SinkBridge*>(ctx);
        return self->guarded([&] { return self->sink->row(row, {cells, count}); });
    }
    static int32_t rows(void* ctx, uint64_t batch, const uint64_t* row_numbers, size_t row_count, const gf_str* cells,
                        size_t count) {
        auto* self = static_cast<SinkBridge*>(ctx);
        return self->guarded(
            [&] { return self->sink->rows(batch, {row_numbers, row_count}, {cells, row_count * count}, count); });
    }
};

}  // namespace

PluginHost::PluginHost() : libraries_(std::make_unique<Libraries>()) {}
PluginHost::~PluginHost() = default;

std::vector<std::string> PluginHost::default_folders() {
    std::vector<std::string> folders;
    boost::dll::fs::error_code ec;
    const fs::path exe_dir = boost::dll::program_location(ec).parent_path().string();
    if (!ec) {
        folders.push_back((exe_dir / "plugins").string());
        folders.push_back((exe_dir / ".." / "lib" / "gapfinder" / "plugins").lexically_normal().string());
    }
    if (const char* env = std::getenv("GAPFINDER_PLUGIN_PATH")) {
        std::string list = env;
        size_t start = 0;
        while (start <= list.size()) {
            const size_t end = std::min(list.find(':', start), list.size());
            if (end > start) folders.push_back(list.substr(start, end - start));
            start = end + 1;
        }
    }
    return folders;
}

void PluginHost::load_folder(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        spdlog::debug("plugin folder {} does not exist", folder);
        return;
    }
    std::vector<fs::path> files;
    const std::string suffix = boost::dll::shared_library::suffix().string();
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == suffix) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_file(f.string());
}

void PluginHost::refuse(const std::string& path, const std::string& reason) {
    spdlog::warn("plugin {} refused: {}", path, reason);
    refused_.push_back({path, reason});
}

bool PluginHost::load_file(const std::string& path) {
    boost::dll::shared_library lib;
    boost::dll::fs::error_code ec;
    // rtld_local keeps each plugin's symbols to itself; rtld_now reports a missing
    // dependency here, not at the first call.
    lib.load(path, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, ec);
    if (ec) {
        refuse(path, "not a loadable shared library (" + ec.message() + ")");
        return false;
    }
    if (!lib.has("gapfinder_plugin_api_version") || !lib.has("gapfinder_plugin_entry")) {
        refuse(path, "not a gapfinder plugin: it does not export gapfinder_plugin_api_version and gapfinder_plugin_entry");
        return false;
    }
    // The one call whose signature never changes, made before anything else.
    const uint32_t api = lib.get<uint32_t()>("gapfinder_plugin_api_version")();
    const uint32_t major = api >> 16, minor = api & 0xFFFF;
    if (major != GF_PLUGIN_API_MAJOR || minor > GF_PLUGIN_API_MINOR) {
        refuse(path, "built against plugin API " + version_text(api) + ", but this gapfinder provides " +
                         version_text(GF_PLUGIN_API_VERSION) + " (the major version must match and the minor must not be newer); rebuild it against this gapfinder's plugin_api.h");
        return false;
    }
    const gf_plugin* table = nullptr;
    try {
        table = lib.get<const gf_plugin*()>("gapfinder_plugin_entry")();
    } catch (...) {
        refuse(path, "its factory gapfinder_plugin_entry threw an exception");
        return false;
    }
    if (!table) {
        refuse(path, "its factory gapfinder_plugin_entry returned no plugin");
        return false;
    }
    if (table->struct_size < sizeof(gf_plugin) || table->api_version != api || !table->info ||
        table->info->struct_size < sizeof(gf_plugin_info) || !table->identify || !table->read) {
        refuse(path, "its plugin table is incomplete (wrong struct_size, api_version, info, identify or read)");
        return false;
    }
    const gf_plugin_info* info = table->info;
    if (!valid_plugin_id(info->id) || !info->display_name || !info->version || !info->extensions || !info->description) {
        refuse(path, "its plugin info is incomplete (id must be [a-z0-9-]+; name, version, extensions and description are required)");
        return false;
    }
    if (const Plugin* other = find(info->id)) {
        refuse(path, std::string("plugin id \"") + info->id + "\" is already provided by " + other->path);
        return false;
    }
    auto plugin = std::make_unique<Plugin>();
    plugin->path = path;
    plugin->table = table;
    plugin->api_version = api;
    spdlog::debug("loaded plugin {} {} from {}", info->id, info->version, path);
    plugins_.push_back(std::move(plugin));
    libraries_->loaded.push_back(std::move(lib));
    return true;
}

std::vector<Confidence> PluginHost::identify(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the file");
    std::vector<unsigned char> head(64 * 1024);
    in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));

    std::vector<Confidence> out;
    for (const auto& p : plugins_) {
        int c = 0;
        try {
            c = p->table->identify(path.c_str(), head.data(), head.size());
        } catch (...) {
            spdlog::warn("plugin {} threw from identify(); treating it as 0", p->id());
        }
        out.push_back({p.get(), std::clamp(c, 0, 100)});
    }
    std::stable_sort(out.begin(), out.end(), [](const Confidence& a, const Confidence& b) { return a.confidence > b.confidence; });
    return out;
}

void PluginHost::read(const Plugin& plugin, const std::string& path, const PluginOptions& options,
                      RowSink& sink) const {
    std::vector<gf_option> opts;
    for (const auto& [k, v] : options) opts.push_back({{k.data(), k.size()}, {v.data(), v.size()}});
    const gf_read_request request{sizeof(gf_read_request), path.c_str(), opts.data(), opts.size()};
    SinkBridge bridge{&sink, nullptr, {}};
    const unsigned threads = sink.batch_threads();
    const gf_sink c_sink{sizeof(gf_sink), &bridge, &SinkBridge::begin, &SinkBridge::row, threads,
                         threads ? &SinkBridge::rows : nullptr};
    const gf_host host{sizeof(gf_host), const_cast<Plugin*>(&plugin), &log_from_plugin};
    gf_status status{};

    int32_t code = GF_ERR_INTERNAL;
    try {
        code = plugin.table->read(&request, &c_sink, &host, &status);
    } catch (...) {
        throw std::runtime_error("plugin " + plugin.id() + " broke its contract: an exception escaped read()");
    }
    if (bridge.error) std::rethrow_exception(bridge.error);
    switch (code) {
        case GF_OK:
        case GF_ERR_CANCELLED:
            return;
        case GF_ERR_INPUT:
        case GF_ERR_IO:
            throw InputError(locate(path, status.row, status.field, status.message),
                             {Problem{path, status.row, status.field, status.message}});
        default:
            throw std::runtime_error("plugin " + plugin.id() + " failed reading " +
                                     locate(path, status.row, status.field, status.message));
    }
}

}  // namespace gapfinder
