// gapfinder serve: the web app's server (app/web) on this machine's loopback address
// unless told otherwise, until Ctrl-C or SIGTERM.
#include <Poco/Net/IPAddress.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "requests/analysis_options.hpp"
#include "util/errors.hpp"
#include "web/http_server.hpp"
#include "web/site.hpp"

namespace gapfinder::cli {

namespace {

bool is_loopback(const std::string& address) {
    return address == "127.0.0.1" || address == "::1" || address == "localhost" || address.rfind("127.", 0) == 0;
}

}  // namespace

int run_serve(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "port", "PORT", "the port to listen on (default 8080)");
    add_value_option(options, "bind", "ADDRESS", "the address to listen on (default 127.0.0.1: this machine only)");
    add_value_option(options, "max-upload-mib", "N", "largest survey file accepted, in MiB (default 50)");
    add_value_option(options, "threads", "N", "requests served at once (default 8)");
    add_value_option(options, "assets-dir", "DIR", "the web pages and their files (default: found beside the binary)");
    add_value_option(options, "max-connections", "N", "connections kept open at once, a thread each (default 128)");
    add_value_option(options, "max-connections-per-address", "N",
                     "connections open at once from one client address, more are refused (default 64, or half of "
                     "--max-connections when that is below 128)");
    add_value_option(options, "reader-memory-mib", "N",
                     "memory a plugin may use reading one upload, in MiB (default 2048); beyond it that upload fails");
    add_value_option(options, "reader-cpu-seconds", "N",
                     "processor time a plugin may use reading one upload (default 300); beyond it that upload fails");
    add_value_option(options, "findings-cache", "N",
                     "analyses kept for the next request with the same options until the store changes (default 16; 0: none)");
    add_flag(options, "secure-cookies", "mark the session cookie Secure (when a TLS proxy serves the app over HTTPS)");
    add_value_option(options, "trusted-proxy", "ADDRESS[,ADDRESS]",
                     "the proxy in front, by IP address: the client address it adds to X-Forwarded-For is the one "
                     "audited and rate-limited (from other peers the header is ignored)");
    Arguments args("serve", "[--port 8080] [--bind 127.0.0.1] [--db PATH|URL] [--max-upload-mib 50]", options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    if (!args.positional().empty()) throw InputError("gapfinder serve: unexpected argument \"" + args.positional().front() + "\"");

    web::ServerConfig config;
    config.bind_address = args.get("bind", "127.0.0.1");
    config.port = static_cast<uint16_t>(number_in_range<uint64_t>(args.get("port", "8080"), "port", 0, 65535));
    config.db_path = args.store_location();
    config.max_upload_bytes = number_in_range<uint64_t>(args.get("max-upload-mib", "50"), "max-upload-mib", 1, 4096) * 1024 * 1024;
    config.threads = static_cast<int>(number_in_range<uint64_t>(args.get("threads", "8"), "threads", 2, 64));
    config.connections = static_cast<int>(number_in_range<uint64_t>(args.get("max-connections", "128"), "max-connections", 8, 4096));
    if (config.connections < config.threads)
        throw InputError("--max-connections " + std::to_string(config.connections) + " is below --threads " +
                         std::to_string(config.threads) + ": each request being served needs a connection");
    config.connections_per_address = std::min(config.connections_per_address, config.connections / 2);
    if (args.has("max-connections-per-address")) {
        config.connections_per_address = static_cast<int>(
            number_in_range<uint64_t>(args.get("max-connections-per-address"), "max-connections-per-address", 1, 4096));
        if (config.connections_per_address >= config.connections)
            throw InputError("--max-connections-per-address " + std::to_string(config.connections_per_address) +
                             " must be below --max-connections " + std::to_string(config.connections) +
                             ", so that one address cannot take every connection");
    }
    config.reader.memory_mib = number_in_range<uint64_t>(args.get("reader-memory-mib", "2048"), "reader-memory-mib", 64, 1u << 20);
    config.reader.cpu_seconds =
        static_cast<uint32_t>(number_in_range<uint64_t>(args.get("reader-cpu-seconds", "300"), "reader-cpu-seconds", 1, 86400));
    config.findings_cache_entries =
        static_cast<size_t>(number_in_range<uint64_t>(args.get("findings-cache", "16"), "findings-cache", 0, 4096));
    config.secure_cookies = args.has("secure-cookies");
    for (const std::string& proxy : requests::comma_list(args.get("trusted-proxy"))) {
        Poco::Net::IPAddress address;
        if (!Poco::Net::IPAddress::tryParse(proxy, address))
            throw InputError("--trusted-proxy \"" + proxy + "\": give the proxy's IP address, such as 127.0.0.1 or ::1");
        config.trusted_proxies.push_back(address.toString());
    }
    config.site_folder = web::find_site_folder(args.get("assets-dir"));
    if (config.site_folder.empty())
        std::cerr << "warning: the web pages were not found beside the binary (they are built when npm is installed); "
                     "serving the JSON API only\n";

    Context ctx(args);
    // Block the stop signals before the server's threads start, so that they all
    // inherit the mask and only sigwait below sees them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    web::Server server(config, ctx.plugins(), ctx.surveys(), ctx.survey_folders());
    server.start();
    if (!is_loopback(config.bind_address))
        std::cerr << "warning: listening on " << config.bind_address
                  << ", not only this machine: serve it through a TLS proxy and use --secure-cookies\n";
    const std::string host = config.bind_address.find(':') != std::string::npos ? "[" + config.bind_address + "]"
                                                                                 : config.bind_address;
    std::cout << "gapfinder serving " << db::describe(config.db_path) << " on http://" << host << ":" << server.port()
              << "/ (" << (config.site_folder.empty() ? "API under /api/" : "open it in a browser")
              << "; Ctrl-C to stop)" << std::endl;
    int signal = 0;
    sigwait(&stop, &signal);
    std::cout << "Stopping" << std::endl;
    server.stop();
    return 0;
}

}  // namespace gapfinder::cli
