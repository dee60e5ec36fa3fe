// The web app's HTTP server: Poco's HTTP connections on one address and port (loopback
// by default), a thread per open connection, at most so many open from one client
// address, short socket timeouts, and a bound on requests worked on at once (a request's
// body is read before it takes its turn), request limits, security headers on every
// response, sign-in and role checks and the CSRF check before any handler runs, and JSON
// errors without internal detail. The API itself is in api_*.cpp (docs/api.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "web/app.hpp"

namespace gapfinder::web {

class Server {
public:
    // Refuses (InputError) a store without accounts: "run gapfinder user add first".
    Server(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys,
           std::vector<std::string> survey_folders);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts accepting; throws InputError when the address cannot be bound.
    void start();
    void stop();
    // The port bound (useful with port 0).
    uint16_t port() const;
    App& app();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gapfinder::web
