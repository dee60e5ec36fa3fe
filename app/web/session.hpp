// Signed-in sessions, in the store (migration 10, table web_session) so that every server
// process on it knows them and a restart signs nobody out: a random 256-bit token in an
// HttpOnly, SameSite=Strict cookie, of which the store keeps only a SHA-256, and a
// separate random CSRF token bound to the session that every state-changing request must
// echo in the X-CSRF-Token header. Sessions end on sign-out (on any process), when their
// user is removed or their password or role changes (Accounts deletes their rows), after
// an idle period and after a maximum age.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace gapfinder::web {

constexpr const char* kSessionCookie = "gapfinder_session";
constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct Session {
    int64_t user_id = 0;
    std::string credential_epoch;  // the user's when signed in (auth.hpp, User)
    std::string csrf_token;
    int64_t created = 0, last_seen = 0;  // Unix seconds
};

// The idle period and maximum age; each method works on the request's connection.
class SessionStore {
public:
    SessionStore(std::chrono::seconds idle = std::chrono::minutes(30), std::chrono::seconds max_age = std::chrono::hours(8))
        : idle_(idle), max_age_(max_age) {}

    // A new session for the user; returns the cookie token (only its hash is stored).
    // Deletes expired sessions first, so that the table does not grow without bound.
    std::string create(db::Database& db, int64_t user_id, const std::string& credential_epoch, std::string* csrf_token);
    // The live session for a cookie token, its idle clock restarted.
    std::optional<Session> find(db::Database& db, const std::string& token);
    void end(db::Database& db, const std::string& token);
    // CSRF check for a request made with the session's cookie, in constant time.
    static bool csrf_matches(const Session& session, const std::string& sent);
    std::chrono::seconds max_age() const { return max_age_; }

private:
    bool expired(const Session& s, int64_t now) const;
    std::chrono::seconds idle_, max_age_;
};

// Ends every session of a user, on every process at once (Accounts does this when it
// removes a user or changes their password or role).
void end_sessions_of(db::Database& db, int64_t user_id);

}  // namespace gapfinder::web
