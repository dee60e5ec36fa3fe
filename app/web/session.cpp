#include "web/session.hpp"

#include <algorithm>

#include "web/auth.hpp"
#include "web/wall_clock.hpp"

namespace gapfinder::web {

namespace {

// last_seen is written at most this often, not on every request: the SQLite store has
// one writer at a time, and a write per page view from every signed-in user would queue
// behind ingests and each other. The idle period is thus measured from a last_seen up
// to this much older than the last request (a shorter idle period refreshes sooner).
constexpr int64_t kLastSeenRefreshSeconds = 60;

}  // namespace

bool SessionStore::expired(const Session& s, int64_t now) const {
    return now - s.last_seen >= idle_.count() || now - s.created >= max_age_.count();
}

std::string SessionStore::create(db::Database& db, int64_t user_id, const std::string& credential_epoch,
                                 std::string* csrf_token) {
    const std::string token = random_hex(32);
    const std::string csrf = random_hex(32);
    const int64_t now = unix_seconds();
    db::Transaction tx(db);
    db.prepare("DELETE FROM web_session WHERE last_seen <= ?1 OR created_at <= ?2")
        .bind(1, now - idle_.count())
        .bind(2, now - max_age_.count())
        .step();
    db.prepare(
          "INSERT INTO web_session (token_hash, user_id, credential_epoch, csrf_token, created_at, last_seen) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
        .bind(1, sha256_hex(token))
        .bind(2, user_id)
        .bind(3, credential_epoch)
        .bind(4, csrf)
        .bind(5, now)
        .step();
    tx.commit();
    if (csrf_token) *csrf_token = csrf;
    return token;
}

std::optional<Session> SessionStore::find(db::Database& db, const std::string& token) {
    if (token.size() != 64) return std::nullopt;
    const std::string key = sha256_hex(token);
    Session s;
    {
        auto st = db.prepare(
            "SELECT user_id, credential_epoch, csrf_token, created_at, last_seen FROM web_session WHERE token_hash = ?1");
        st.bind(1, key);
        if (!st.step()) return std::nullopt;
        s = {st.integer(0), st.text(1), st.text(2), st.integer(3), st.integer(4)};
    }
    const int64_t now = unix_seconds();
    if (expired(s, now)) {
        end(db, token);
        return std::nullopt;
    }
    const int64_t refresh = std::min<int64_t>(kLastSeenRefreshSeconds, idle_.count() / 4);
    if (now - s.last_seen > refresh) {
        s.last_seen = now;
        // Best effort: while an SQLite store is busy with a long write (an ingest storing
        // a big wave), the refresh waits for it only as long as the busy timeout, and a
        // read must not fail for it; the next request tries again.
        try {
            db.prepare("UPDATE web_session SET last_seen = ?1 WHERE token_hash = ?2").bind(1, now).bind(2, key).step();
        } catch (const db::Error&) {
        }
    }
    return s;
}

void SessionStore::end(db::Database& db, const std::string& token) {
    db.prepare("DELETE FROM web_session WHERE token_hash = ?1").bind(1, sha256_hex(token)).step();
}

void end_sessions_of(db::Database& db, int64_t user_id) {
    db.prepare("DELETE FROM web_session WHERE user_id = ?1").bind(1, user_id).step();
}

bool SessionStore::csrf_matches(const Session& session, const std::string& sent) {
    return !sent.empty() && constant_time_equal(session.csrf_token, sent);
}

}  // namespace gapfinder::web
