// What the web server's handlers share: its configuration, the plugins and survey
// definitions loaded at start, the sessions, the sign-in limiter, the jobs and the
// private folder uploads are streamed to. Sessions, the limiter's counts and the jobs'
// statuses are kept in the store, shared with every other server process on it.
#pragma once

#include <Poco/Crypto/OpenSSLInitializer.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/survey_definition.hpp"
#include "plugin_host/plugin_host.hpp"
#include "plugin_host/reader_process.hpp"
#include "store/store.hpp"
#include "web/auth.hpp"
#include "web/findings_cache.hpp"
#include "web/jobs.hpp"
#include "web/session.hpp"
#include "web/store_pool.hpp"

namespace gapfinder::web {

struct ServerConfig {
    std::string bind_address = "127.0.0.1";  // loopback unless asked otherwise
    uint16_t port = 8080;                    // 0: any free port (tests)
    std::string db_path = "gapfinder.db";
    uint64_t max_upload_bytes = 50ull * 1024 * 1024;
    size_t max_json_bytes = 64 * 1024;       // bodies of JSON requests
    int threads = 8;                         // requests served at once
    int connections = 128;                   // connections open at once (a thread each); more wait
    int connections_per_address = 64;        // open at once from one client address; more are refused; < connections
    std::chrono::seconds socket_timeout{10}; // for a request's headers or body to make progress, and to send
    bool secure_cookies = false;             // add Secure (behind a TLS-terminating proxy)
    // Peers (IP addresses) whose X-Forwarded-For header names the client: the TLS proxy in
    // front. From any other peer the header is ignored, since a client could write anything.
    std::vector<std::string> trusted_proxies;
    std::string site_folder;                 // the web pages (find_site_folder); "" = the API only
    std::string temp_parent;                 // where the private upload folder goes; "" = system temp
    LoginLimiter::Limits login;
    // Uploads are identified and read in a child process with these limits, so that a
    // hostile file fails its job and not the server (core/plugin_host/reader_process.hpp).
    ReaderLimits reader;
    std::string reader_program;              // "" = gapfinder-reader beside the executable
    std::chrono::seconds session_idle{std::chrono::minutes(30)};
    std::chrono::seconds session_max_age{std::chrono::hours(8)};
    size_t findings_cache_entries = 16;      // analyses kept for the next viewer (web/findings_cache.hpp); 0: none
};

class App {
public:
    // Creates the private upload folder (mode 0700).
    App(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys,
        std::vector<std::string> survey_folders);
    // Waits for running jobs, then removes the upload folder.
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    const ServerConfig& config() const { return config_; }
    // The plugins, run in a reader process with the configured limits.
    const PluginRunner& plugins() const { return readers_; }
    const SurveyCatalogue& surveys() const { return surveys_; }
    const std::vector<std::string>& survey_folders() const { return survey_folders_; }
    SessionStore& sessions() { return sessions_; }
    LoginLimiter& limiter() { return limiter_; }
    Jobs& jobs() { return jobs_; }
    FindingsCache& findings_cache() { return findings_cache_; }
    // Open stores for requests to borrow (web/store_pool.hpp).
    StorePool& stores() { return stores_; }
    const std::string& upload_dir() const { return upload_dir_; }

private:
    // Poco::Crypto (1.11) sets OpenSSL up when its count of live initializers goes from 0
    // to 1, allocating a lock array, and frees that array when it drops back to 0. Each
    // DigestEngine holds one, so requests hashing session tokens on several threads at
    // once raced those two steps: a double free that crashed the server under load
    // (bench/web_load.sh). Held for the App's life, the count never drops to 0 while the
    // server runs.
    Poco::Crypto::OpenSSLInitializer crypto_;
    ServerConfig config_;
    ReaderProcess readers_;
    const SurveyCatalogue& surveys_;
    std::vector<std::string> survey_folders_;
    SessionStore sessions_;
    LoginLimiter limiter_;
    std::string upload_dir_;
    FindingsCache findings_cache_;
    StorePool stores_;
    Jobs jobs_;  // last: its threads stop before the rest goes
};

}  // namespace gapfinder::web
