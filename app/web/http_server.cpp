#include "web/http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "util/errors.hpp"
#include "web/api.hpp"
#include "web/router.hpp"
#include "web/site.hpp"
#include "web/upload.hpp"
#include "web/work_gate.hpp"

namespace gapfinder::web {

namespace {

const Poco::Timespan kIdleThreadWait(0, 100'000);  // 100 ms
// What the request handlers share. Poco's HTTPServer gives each connection a thread of its
// own for as long as it is kept alive, so the server has `connections` threads, most of
// them usually waiting on an idle keep-alive connection, and the gate lets `threads`
// requests work at once.
struct Shared {
    Shared(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys, std::vector<std::string> folders)
        : app(std::move(config), plugins, surveys, std::move(folders)), gate(app.config().threads) {}
    App app;
    Router router;
    WorkGate gate;
    std::unique_ptr<Site> site;  // null: the API only
    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

bool changes_state(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

int rank(Access a) { return static_cast<int>(a) - 1; }  // viewer 0, analyst 1, admin 2

void security_headers(Poco::Net::HTTPServerResponse& r) {
    r.set("Content-Security-Policy",
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
    r.set("X-Content-Type-Options", "nosniff");
    r.set("Referrer-Policy", "no-referrer");
    r.set("X-Frame-Options", "DENY");
    r.set("Cross-Origin-Opener-Policy", "same-origin");
    r.set("Cross-Origin-Resource-Policy", "same-origin");
    r.set("Cache-Control", "no-store");
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiHandler(Shared& server) : server_(server), app_(server.app), router_(server.router) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const WorkGate::Slot slot(server_.gate);
        // When every connection thread is taken and new connections wait for one, close
        // this connection after the answer, so that they get their turn now rather than
        // after this client's next 100 requests or 10 s of idling; the client reconnects
        // behind them.
        if (server_.server && server_.server->queuedConnections() > 0) response.setKeepAlive(false);
        security_headers(response);
        Exchange ex(app_, request, response);
        try {
            dispatch(ex);
            if (!ex.sent()) ex.send_no_content();
        } catch (const HttpError& e) {
            fail(ex, e.status, error_json(e.what(), e.problems), e.retry_after);
        } catch (const InputError& e) {
            fail(ex, 400, error_json(e.what(), e.problems()), 0);
        } catch (const std::exception& e) {
            // The detail goes to the log, never to the client.
            spdlog::error("{} {}: {}", request.getMethod(), request.getURI(), e.what());
            fail(ex, 500, error_json("internal error; the server log has the detail"), 0);
        }
    }

private:
    void dispatch(Exchange& ex) {
        const std::string& uri = ex.request.getURI();
        Poco::URI parsed;
        try {
            parsed = Poco::URI(uri);
            ex.query = parsed.getQueryParameters();
        } catch (const Poco::Exception&) {
            throw HttpError(400, "the request URI is malformed");
        }
        const std::string raw_path = uri.substr(0, uri.find_first_of("?#"));
        if (raw_path.rfind("/api/", 0) != 0) return serve_site(ex, raw_path);
        bool path_known = false;
        const Route* route = router_.match(ex.request.getMethod(), raw_path, ex.params, path_known);
        if (!route) {
            if (path_known) throw HttpError(405, ex.request.getMethod() + " is not allowed on " + raw_path);
            throw HttpError(404, "no such endpoint: " + raw_path.substr(0, 200));
        }
        if (route->access != Access::anyone) {
            authenticate(ex);
            if (static_cast<int>(ex.user->role) < rank(route->access))
                throw HttpError(403, "your role (" + role_name(ex.user->role) + ") may not do this");
            if (changes_state(ex.request.getMethod()) &&
                !SessionStore::csrf_matches(*ex.session, ex.request.get(kCsrfHeader, "")))
                throw HttpError(403, "the CSRF token is missing or wrong: send the one GET /api/me gives in the " +
                                         std::string(kCsrfHeader) + " header");
        }
        route->handler(ex);
    }

    // Pages and their files need no sign-in: they hold no data, and their scripts ask the
    // API, which checks who is asking.
    void serve_site(Exchange& ex, const std::string& path) {
        if (ex.request.getMethod() != "GET") throw HttpError(405, ex.request.getMethod() + " is not allowed on " + path);
        if (!server_.site) throw HttpError(404, "this server has no web pages (they were not built); the JSON API is under /api/");
        if (path == "/") {
            ex.response.set("Location", "/surveys");
            return ex.send(302, "text/plain; charset=utf-8", "See /surveys\n");
        }
        if (const SiteFile* file = server_.site->find(path)) return ex.send(200, file->content_type, file->body);
        const SiteFile* missing = server_.site->find("/not-found");
        if (!missing) throw HttpError(404, "no such page: " + path.substr(0, 200));
        ex.send(404, missing->content_type, missing->body);
    }

    void authenticate(Exchange& ex) {
        Poco::Net::NameValueCollection cookies;
        ex.request.getCookies(cookies);
        const std::string token = cookies.get(kSessionCookie, "");
        if (!token.empty()) {
            ex.session = app_.sessions().find(token);
            if (ex.session) {
                Accounts accounts(ex.store().database());
                // A removed user, or one whose password or role changed (by this server,
                // another, or the command line), is signed out on their next request.
                ex.user = accounts.find(ex.session->user_id);
                if (ex.user && !constant_time_equal(ex.user->credential_epoch, ex.session->credential_epoch)) ex.user.reset();
                if (!ex.user) {
                    app_.sessions().end(token);
                    ex.session.reset();
                }
                ex.session_token = token;
            }
        }
        if (!ex.user) throw HttpError(401, "sign in first (POST /api/session)");
    }

    void fail(Exchange& ex, int status, const std::string& body, long long retry_after) {
        if (ex.sent()) {
            spdlog::warn("{} {}: failed after the response had started", ex.request.getMethod(), ex.request.getURI());
            return;
        }
        if (retry_after > 0) ex.response.set("Retry-After", std::to_string(retry_after));
        if (changes_state(ex.request.getMethod())) {
            // The body may not have been read: read a little of it so the client sees the
            // answer, then close rather than parse the rest as a request.
            try {
                drain(ex.request.stream(), 1024 * 1024);
            } catch (const std::exception&) {
            }
            ex.response.setKeepAlive(false);
        }
        try {
            ex.send_json(status, body);
        } catch (const std::exception& e) {
            spdlog::warn("could not send an error response: {}", e.what());
        }
    }

    Shared& server_;
    App& app_;
    const Router& router_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(Shared& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiHandler(server_);
    }

private:
    Shared& server_;
};

}  // namespace

struct Server::Impl : Shared {
    using Shared::Shared;
    uint16_t port = 0;
};

Server::Server(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys,
               std::vector<std::string> survey_folders) {
    {
        Store store(config.db_path);
        if (Accounts(store.database()).count() == 0)
            throw InputError(config.db_path + " has no user accounts yet: run gapfinder user add NAME --role admin first");
    }
    impl_ = std::make_unique<Impl>(std::move(config), plugins, surveys, std::move(survey_folders));
    add_api_routes(impl_->router);
    if (!impl_->app.config().site_folder.empty()) impl_->site = std::make_unique<Site>(impl_->app.config().site_folder);
}

Server::~Server() { stop(); }

void Server::start() {
    const ServerConfig& c = impl_->app.config();
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(c.bind_address, c.port), true);
        socket.listen(64);
    } catch (const Poco::Exception& e) {
        throw InputError("cannot listen on " + c.bind_address + ":" + std::to_string(c.port) + ": " + e.displayText());
    }
    impl_->port = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(c.connections);
    params->setMaxQueued(64);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(100);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setTimeout(Poco::Timespan(60, 0));
    // How long an idle dispatcher thread waits for work before looking again. Poco's
    // default (10 s) is also how long stop() can hang: a dispatcher thread that starts
    // waiting just as the server stops misses the wake-up and sits out the whole idle
    // time before joinAll() returns (measured: 10 s on ~2% of test stops under load).
    // A short wait bounds that; an idle server wakes one thread 10 times a second.
    params->setThreadIdleTime(kIdleThreadWait);
    impl_->pool = std::make_unique<Poco::ThreadPool>(2, c.connections + 1);
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl_), *impl_->pool, socket, params);
    impl_->server->start();
}

void Server::stop() {
    if (!impl_ || !impl_->server) return;
    // stopAll(true) stops accepting and shuts down every open connection, so one idle
    // in keep-alive (a browser tab) ends now rather than after its 10 s timeout. A
    // connection the dispatcher took from its queue just before stopping registers for
    // that notice too late and would be left waiting for a request, so repeat the
    // notice until the dispatcher's threads have all finished.
    impl_->server->stopAll(true);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (impl_->server->currentThreads() > 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        impl_->server->stopAll(true);
    }
    impl_->pool->joinAll();
    impl_->server.reset();
    impl_->app.jobs().join_all();
}

uint16_t Server::port() const { return impl_->port; }

App& Server::app() { return impl_->app; }

}  // namespace gapfinder::web
