// Routing for the JSON API: a method and a path pattern ("/api/surveys/{id}/waves") to a
// handler and the least role that may call it. Path segments are matched after
// splitting and then percent-decoded, so an encoded "/" stays inside one parameter.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"
#include "web/store_pool.hpp"
#include "util/errors.hpp"
#include "web/auth.hpp"
#include "web/session.hpp"

namespace gapfinder::web {

class App;

// An error to answer with: the status, a message for the user, and where in an
// uploaded file it is, when it is about one. Becomes {"error": ..., "file": ...}.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, const std::string& message, std::vector<Problem> problems = {})
        : std::runtime_error(message), status(status), problems(std::move(problems)) {}
    int status;
    std::vector<Problem> problems;
    long long retry_after = 0;  // seconds, for 429
};

// Who may call a route: anyone (signing in), or a signed-in user with at least a role.
enum class Access { anyone, viewer, analyst, admin };

// One request and its response, with what the server knows about the caller.
class Exchange {
public:
    Exchange(App& app, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

    App& app;
    Poco::Net::HTTPServerRequest& request;
    Poco::Net::HTTPServerResponse& response;
    std::map<std::string, std::string> params;                 // from the path pattern, decoded
    std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
    std::string address;                                       // the client's IP address (client_address)
    std::optional<User> user;                                  // when signed in
    std::optional<Session> session;
    std::string session_token;

    // The store, opened for this request (SQLite connections are not shared by threads),
    // limited to the signed-in user's organisation's survey data (Store::use_organisation).
    Store& store();
    // The signed-in user's organisation: a council, or a partnership (whose users read
    // only pooled outputs of its members, api_partnership.cpp).
    const Organisation& organisation();
    bool partnership_user() { return user && organisation().partnership(); }

    // The request body as text, refused (413) beyond limit bytes.
    std::string body(size_t limit);
    // Reads the whole body into memory now (413 beyond limit bytes; 408 when it stops
    // arriving or ends early), so that body() returns it without reading the connection
    // again: the server does this before a request takes a work slot.
    void receive_body(size_t limit);
    void send(int status, const std::string& content_type, const std::string& body);
    void send_json(int status, const std::string& body) { send(status, "application/json; charset=utf-8", body); }
    void send_no_content();
    bool sent() const { return sent_; }
    // Called once, just before the response is sent, so that what must be recorded of an
    // answer (the audit log of a read) is written before the answer leaves, or it does
    // not leave: an exception here becomes the error response instead.
    std::function<void()> before_send;
    // The signed-in user's name, or what was typed at sign-in, for the audit log.
    std::string who() const { return user ? user->name : ""; }

private:
    StorePool::Lease store_;
    std::optional<Organisation> organisation_;
    std::optional<std::string> received_;  // the body, once receive_body read it
    bool sent_ = false;
};

// The client's IP address: the peer's, or, when the peer is one of the trusted proxies,
// the last address in X-Forwarded-For (the one that proxy added; earlier ones were sent
// by the client and prove nothing). A header that is not an address leaves the peer's.
// The audit log and the per-address sign-in limits use it.
std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

using Handler = std::function<void(Exchange&)>;

struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" for a parameter
    Access access = Access::viewer;
    Handler handler;
};

class Router {
public:
    void add(const std::string& method, const std::string& pattern, Access access, Handler handler);
    // The route for the request; path_known tells 405 (the path exists with other
    // methods) from 404.
    const Route* match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params,
                       bool& path_known) const;

private:
    std::vector<Route> routes_;
};

// {"error": message, "file", "row", "column" of the first problem, "problems": [...]}.
// The server's own folders (survey definitions, the store, uploads, plugins, its
// working folder), which no response may show: error_json names a file in one of them
// by its path inside the folder only. Set once, when the app starts.
void set_private_folders(const std::vector<std::string>& folders);
std::string without_private_folders(std::string text);

std::string error_json(const std::string& message, const std::vector<Problem>& problems = {});

}  // namespace gapfinder::web
