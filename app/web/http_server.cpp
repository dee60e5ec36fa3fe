#include "web/http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
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
constexpr int kMaxQueued = 64;                      // connections waiting for a connection thread

// The connections open from each client address: counted when the listening thread
// accepts one (AddressFilter), and no longer when its HTTP connection ends
// (CountedConnection), so that one address cannot hold every connection thread.
class AddressCounts {
public:
    explicit AddressCounts(int cap) : cap_(cap) {}

    // Counts a newly accepted socket against its address, or false when the address is at the cap.
    bool add(poco_socket_t socket, const std::string& address) {
        std::lock_guard lock(mutex_);
        int& open = per_address_[address];
        if (open >= cap_) return false;
        ++open;
        accepted_[socket] = address;
        return true;
    }
    // The address an accepted socket was counted against, when its connection starts (the
    // socket's number may be reused once that connection has closed it).
    std::string take(poco_socket_t socket) {
        std::lock_guard lock(mutex_);
        const auto it = accepted_.find(socket);
        if (it == accepted_.end()) return "";
        std::string address = std::move(it->second);
        accepted_.erase(it);
        return address;
    }
    void release(const std::string& address) {
        std::lock_guard lock(mutex_);
        const auto it = per_address_.find(address);
        if (it == per_address_.end()) return;
        if (--it->second <= 0) per_address_.erase(it);
    }
    int cap() const { return cap_; }

private:
    const int cap_;
    std::mutex mutex_;
    std::map<std::string, int> per_address_;
    std::map<poco_socket_t, std::string> accepted_;  // accepted, their connection not yet started
};

// What the request handlers share. Poco's TCPServer gives each connection a thread of its
// own for as long as it is kept alive, so the server has `connections` threads, most of
// them usually waiting on an idle keep-alive connection, at most `connections_per_address`
// of them for one client address, and the gate lets `threads` requests work at once.
struct Shared {
    Shared(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys, std::vector<std::string> folders)
        : app(std::move(config), plugins, surveys, std::move(folders)),
          gate(app.config().threads),
          counts(app.config().connections_per_address) {}
    App app;
    Router router;
    WorkGate gate;
    AddressCounts counts;  // before server: connections release their count as they end
    std::unique_ptr<Site> site;  // null: the API only
    std::unique_ptr<Poco::ThreadPool> pool;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers;
    std::unique_ptr<Poco::Net::TCPServer> server;
};

bool changes_state(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

int rank(Access a) { return static_cast<int>(a) - 1; }  // viewer 0, analyst 1, admin 2

void security_headers(Poco::Net::HTTPServerResponse& r) {
    r.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
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
        // An API request works holding a slot of the gate, taken in dispatch once its
        // body is in memory; pages need none.
        std::optional<WorkGate::Slot> slot;
        // When every connection thread is taken and new connections wait for one, close
        // this connection after the answer, so that they get their turn now rather than
        // after this client's next 100 requests or 10 s of idling; the client reconnects
        // behind them.
        if (server_.server && server_.server->queuedConnections() > 0) response.setKeepAlive(false);
        security_headers(response);
        Exchange ex(app_, request, response);
        int status = 0;
        std::string error;
        long long retry_after = 0;
        try {
            // Every body but an upload's is small (JSON): read it whole first, within the
            // socket timeout and the JSON size limit, so that a client sending it slowly,
            // or not at all, holds a connection thread but never a work slot. Uploads
            // (multipart/form-data) stream to disk under their own limit, and only for a
            // signed-in analyst.
            if (request.getContentType().rfind("multipart/form-data", 0) != 0) ex.receive_body(app_.config().max_json_bytes);
            dispatch(ex, slot);
            if (!ex.sent()) ex.send_no_content();
        } catch (const HttpError& e) {
            status = e.status, error = error_json(e.what(), e.problems), retry_after = e.retry_after;
        } catch (const InputError& e) {
            status = 400, error = error_json(e.what(), e.problems());
        } catch (const std::exception& e) {
            // The detail goes to the log, never to the client.
            spdlog::error("{} {}: {}", request.getMethod(), request.getURI(), e.what());
            status = 500, error = error_json("internal error; the server log has the detail");
        }
        if (status == 0) return;
        slot.reset();  // reading what is left of a refused body must not hold a work slot
        fail(ex, status, error, retry_after);
    }

private:
    void dispatch(Exchange& ex, std::optional<WorkGate::Slot>& slot) {
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
        slot.emplace(server_.gate);
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
            ex.session = app_.sessions().find(ex.store().database(), token);
            if (ex.session) {
                Accounts accounts(ex.store().database());
                // A removed user, or one whose password or role changed (by this server,
                // another, or the command line), is signed out on their next request.
                ex.user = accounts.find(ex.session->user_id);
                if (ex.user && !constant_time_equal(ex.user->credential_epoch, ex.session->credential_epoch)) ex.user.reset();
                if (!ex.user) {
                    app_.sessions().end(ex.store().database(), token);
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
    // Tells every open connection that the server stops (Poco::Net::HTTPServer, a
    // friend, does this itself).
    void notify_stopped(bool abort) {
        const bool a = abort;
        serverStopped(this, a);
    }

private:
    Shared& server_;
};

// Poco's HTTP connection (what Poco::Net::HTTPServer makes for each), giving back its
// address's count when it ends.
class CountedConnection : public Poco::Net::HTTPServerConnection {
public:
    CountedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, AddressCounts& counts, std::string address)
        : HTTPServerConnection(socket, std::move(params), std::move(handlers)), counts_(counts), address_(std::move(address)) {}
    ~CountedConnection() override { counts_.release(address_); }

private:
    AddressCounts& counts_;
    std::string address_;
};

// What Poco::Net::HTTPServer's own connection factory does, with CountedConnection.
class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    ConnectionFactory(Shared& server, Poco::Net::HTTPServerParams::Ptr params) : server_(server), params_(std::move(params)) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new CountedConnection(socket, params_, server_.handlers, server_.counts, server_.counts.take(socket.impl()->sockfd()));
    }

private:
    Shared& server_;
    Poco::Net::HTTPServerParams::Ptr params_;
};

// Refuses (closes at once) a connection from an address that already has
// connections_per_address open, and one the dispatcher's full queue would drop
// uncounted anyway.
class AddressFilter : public Poco::Net::TCPServerConnectionFilter {
public:
    explicit AddressFilter(Shared& server) : server_(server) {}
    bool accept(const Poco::Net::StreamSocket& socket) override {
        // Only this (the listening) thread adds to the queue, so a place seen here is
        // still there when the connection is queued.
        if (server_.server && server_.server->queuedConnections() >= kMaxQueued) return false;
        std::string address;
        try {
            address = socket.peerAddress().host().toString();
        } catch (const Poco::Exception&) {
            return false;  // gone already
        }
        if (server_.counts.add(socket.impl()->sockfd(), address)) return true;
        // At most one line a second, however many are refused.
        const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
        auto last = last_logged_.load();
        if (now - last >= std::chrono::steady_clock::duration(std::chrono::seconds(1)).count() &&
            last_logged_.compare_exchange_strong(last, now))
            spdlog::warn("refused a connection from {}: it has {} open already (--max-connections-per-address)", address,
                         server_.counts.cap());
        return false;
    }

private:
    Shared& server_;
    std::atomic<std::chrono::steady_clock::rep> last_logged_{0};
};

// What Poco::Net::HTTPServer::stopAll does: stop accepting, discard the queued
// connections, and (abort) shut down the open ones.
void stop_all(Shared& server, bool abort) {
    server.server->stop();
    static_cast<Factory&>(*server.handlers).notify_stopped(abort);
}

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
            throw InputError(store.path() + " has no user accounts yet: run gapfinder user add NAME --role admin first");
    }
    impl_ = std::make_unique<Impl>(std::move(config), plugins, surveys, std::move(survey_folders));
    add_api_routes(impl_->router);
    if (!impl_->app.config().site_folder.empty()) impl_->site = std::make_unique<Site>(impl_->app.config().site_folder);
}

Server::~Server() { stop(); }

void Server::start() {
    const ServerConfig& c = impl_->app.config();
    if (c.connections_per_address < 1 || c.connections_per_address >= c.connections)
        throw InputError("connections per address (" + std::to_string(c.connections_per_address) +
                         ") must be at least 1 and below the connections open at once (" + std::to_string(c.connections) +
                         "), so that one address cannot hold them all");
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(c.bind_address, c.port), true);
        socket.listen(64);
    } catch (const Poco::Exception& e) {
        throw InputError("cannot listen on " + c.bind_address + ":" + std::to_string(c.port) + ": " + e.displayText());
    }
    impl_->port = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(c.connections);
    params->setMaxQueued(kMaxQueued);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(100);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    // A new connection has this long to start its request, and each read of a request's
    // headers or body, and each write of the answer, this long to make progress; then the
    // connection is dropped, so an idle or stalled client does not keep a thread for long.
    params->setTimeout(Poco::Timespan(static_cast<long>(c.socket_timeout.count()), 0));
    // How long an idle dispatcher thread waits for work before looking again. Poco's
    // default (10 s) is also how long stop() can hang: a dispatcher thread that starts
    // waiting just as the server stops misses the wake-up and sits out the whole idle
    // time before joinAll() returns (measured: 10 s on ~2% of test stops under load).
    // A short wait bounds that; an idle server wakes one thread 10 times a second.
    params->setThreadIdleTime(kIdleThreadWait);
    impl_->pool = std::make_unique<Poco::ThreadPool>(2, c.connections + 1);
    impl_->handlers = new Factory(*impl_);
    // Poco::Net::HTTPServer is this TCPServer with Poco's own connection factory; ours
    // counts connections per address as they end.
    impl_->server = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(*impl_, params), *impl_->pool, socket, params);
    impl_->server->setConnectionFilter(new AddressFilter(*impl_));
    impl_->server->start();
}

void Server::stop() {
    if (!impl_ || !impl_->server) return;
    // stop_all(true) stops accepting and shuts down every open connection, so one idle
    // in keep-alive (a browser tab) ends now rather than after its 10 s timeout. A
    // connection the dispatcher took from its queue just before stopping registers for
    // that notice too late and would be left waiting for a request, so repeat the
    // notice until the dispatcher's threads have all finished.
    stop_all(*impl_, true);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (impl_->server->currentThreads() > 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        stop_all(*impl_, true);
    }
    impl_->pool->joinAll();
    impl_->server.reset();
    impl_->app.jobs().join_all();
}

uint16_t Server::port() const { return impl_->port; }

App& Server::app() { return impl_->app; }

}  // namespace gapfinder::web
