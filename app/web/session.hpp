// Signed-in sessions, in the server's memory: a random 256-bit token in an HttpOnly,
// SameSite=Strict cookie, and a separate random CSRF token bound to the session that
// every state-changing request must echo in the X-CSRF-Token header. Sessions end on
// sign-out, after an idle period and after a maximum age; a restart ends them all.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace gapfinder::web {

constexpr const char* kSessionCookie = "gapfinder_session";
constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct Session {
    int64_t user_id = 0;
    std::string credential_epoch;  // the user's when signed in (auth.hpp, User)
    std::string csrf_token;
    std::chrono::steady_clock::time_point created, last_seen;
};

class SessionStore {
public:
    using Clock = std::chrono::steady_clock;
    SessionStore(std::chrono::seconds idle = std::chrono::minutes(30), std::chrono::seconds max_age = std::chrono::hours(8))
        : idle_(idle), max_age_(max_age) {}

    // A new session for the user; returns the cookie token (only its hash is kept).
    std::string create(int64_t user_id, const std::string& credential_epoch, std::string* csrf_token);
    // The live session for a cookie token, its idle clock restarted.
    std::optional<Session> find(const std::string& token);
    void end(const std::string& token);
    // Ends every session of a user (removed, or their role changed).
    void end_all(int64_t user_id);
    // CSRF check for a request made with the session's cookie, in constant time.
    static bool csrf_matches(const Session& session, const std::string& sent);
    std::chrono::seconds max_age() const { return max_age_; }

private:
    static std::string key(const std::string& token);
    std::chrono::seconds idle_, max_age_;
    std::mutex mutex_;
    std::map<std::string, Session> sessions_;  // by SHA-256 of the token
};

}  // namespace gapfinder::web
