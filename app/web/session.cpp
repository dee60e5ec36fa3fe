#include "web/session.hpp"

#include <Poco/Crypto/DigestEngine.h>

#include "web/auth.hpp"

namespace gapfinder::web {

std::string SessionStore::key(const std::string& token) {
    // Keyed by a hash so that map lookups compare hashes, not the secret itself.
    Poco::Crypto::DigestEngine engine("SHA256");
    engine.update(token);
    return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

std::string SessionStore::create(int64_t user_id, const std::string& credential_epoch, std::string* csrf_token) {
    const std::string token = random_hex(32);
    Session s;
    s.user_id = user_id;
    s.credential_epoch = credential_epoch;
    s.csrf_token = random_hex(32);
    s.created = s.last_seen = Clock::now();
    if (csrf_token) *csrf_token = s.csrf_token;
    std::lock_guard lock(mutex_);
    // Drop expired sessions now and then, so the map does not grow without bound.
    const auto now = Clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = (now - it->second.last_seen > idle_ || now - it->second.created > max_age_) ? sessions_.erase(it) : std::next(it);
    sessions_[key(token)] = s;
    return token;
}

std::optional<Session> SessionStore::find(const std::string& token) {
    if (token.size() != 64) return std::nullopt;
    const std::string k = key(token);
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(k);
    if (it == sessions_.end()) return std::nullopt;
    const auto now = Clock::now();
    if (now - it->second.last_seen > idle_ || now - it->second.created > max_age_) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_seen = now;
    return it->second;
}

void SessionStore::end(const std::string& token) {
    const std::string k = key(token);
    std::lock_guard lock(mutex_);
    sessions_.erase(k);
}

void SessionStore::end_all(int64_t user_id) {
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();)
        it = it->second.user_id == user_id ? sessions_.erase(it) : std::next(it);
}

bool SessionStore::csrf_matches(const Session& session, const std::string& sent) {
    return !sent.empty() && constant_time_equal(session.csrf_token, sent);
}

}  // namespace gapfinder::web
