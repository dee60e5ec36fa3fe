#include "web/auth.hpp"

#include <Poco/Crypto/DigestEngine.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <thread>

#include "util/errors.hpp"
#include "web/session.hpp"
#include "web/wall_clock.hpp"

namespace gapfinder::web {

namespace {

std::string now_utc() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT); }

std::string to_hex(const unsigned char* bytes, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    return out;
}

std::optional<std::vector<unsigned char>> from_hex(const std::string& text) {
    if (text.size() % 2) return std::nullopt;
    std::vector<unsigned char> out(text.size() / 2);
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return out;
}

User user_from(db::Statement& st) {
    User u;
    u.id = st.integer(0);
    u.name = st.text(1);
    u.role = parse_role(st.text(2));
    u.created_at = st.text(3);
    u.updated_at = st.text(4);
    u.credential_epoch = st.text(5);
    u.organisation_id = st.integer(6);
    return u;
}

constexpr const char* kUserColumns =
    "SELECT id, name, role, created_at, updated_at, credential_epoch, organisation_id FROM app_user ";
// Every account (placeholder ?n bound to -1), or the scoped organisation's only.
std::string in_scope(int n) {
    const std::string p = "?" + std::to_string(n);
    return "(" + p + " < 0 OR organisation_id = " + p + ")";
}

}  // namespace

std::vector<unsigned char> pbkdf2_sha256(const std::string& password, const std::vector<unsigned char>& salt,
                                         unsigned iterations, size_t bytes) {
    std::vector<unsigned char> out(bytes);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
                          static_cast<int>(iterations), EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1)
        throw std::runtime_error("PBKDF2 failed in OpenSSL");
    return out;
}

std::string role_name(Role role) {
    switch (role) {
        case Role::admin: return "admin";
        case Role::analyst: return "analyst";
        case Role::viewer: return "viewer";
    }
    return "viewer";
}

Role parse_role(const std::string& text) {
    if (text == "admin") return Role::admin;
    if (text == "analyst") return Role::analyst;
    if (text == "viewer") return Role::viewer;
    throw InputError("role \"" + text + "\": use admin, analyst or viewer");
}

std::string random_hex(size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1) throw std::runtime_error("no random bytes from OpenSSL");
    return to_hex(buffer.data(), bytes);
}

std::string sha256_hex(const std::string& text) {
    Poco::Crypto::DigestEngine engine("SHA256");
    engine.update(text);
    return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hash_password(const std::string& password, unsigned iterations) {
    std::vector<unsigned char> salt(kSaltBytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) throw std::runtime_error("no random bytes from OpenSSL");
    const auto hash = pbkdf2_sha256(password, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt.data(), salt.size()) + "$" +
           to_hex(hash.data(), hash.size());
}

bool check_password(const std::string& password, const std::string& stored) {
    // pbkdf2-sha256$ITER$SALT$HASH
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t d = stored.find('$', start);
        parts.push_back(stored.substr(start, d - start));
        if (d == std::string::npos) break;
        start = d + 1;
    }
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
    unsigned long iterations = 0;
    try {
        iterations = std::stoul(parts[1]);
    } catch (const std::exception&) {
        return false;
    }
    if (iterations < 1000 || iterations > 100'000'000) return false;
    const auto salt = from_hex(parts[2]);
    const auto expected = from_hex(parts[3]);
    if (!salt || !expected || expected->size() != kHashBytes) return false;
    const auto actual = pbkdf2_sha256(password, *salt, static_cast<unsigned>(iterations));
    return CRYPTO_memcmp(actual.data(), expected->data(), kHashBytes) == 0;
}

namespace {
bool user_name_character(unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-'; }
}  // namespace

void check_user_name(const std::string& name) {
    if (name.empty() || name.size() > 64)
        throw InputError("user name \"" + name + "\": use 1 to 64 characters (letters, digits, . _ @ -)");
    for (unsigned char c : name)
        if (!user_name_character(c)) throw InputError("user name \"" + name + "\": use only letters, digits and . _ @ -");
}

void check_password_rules(const std::string& password) {
    if (password.size() < kMinPasswordLength)
        throw InputError("the password must be at least " + std::to_string(kMinPasswordLength) + " characters");
    if (password.size() > kMaxPasswordLength)
        throw InputError("the password must be at most " + std::to_string(kMaxPasswordLength) + " characters");
}

User Accounts::add(const std::string& name, Role role, const std::string& password, unsigned iterations) {
    check_user_name(name);
    check_password_rules(password);
    if (find_anywhere(name)) throw InputError("a user named \"" + name + "\" already exists");
    const std::string hash = hash_password(password, iterations);
    const std::string now = now_utc();
    db_.prepare(
           "INSERT INTO app_user(name, role, password_hash, credential_epoch, created_at, updated_at, organisation_id) "
           "VALUES (?1, ?2, ?3, ?5, ?4, ?4, ?6)")
        .bind(6, organisation_.value_or(1))
        .bind(1, name)
        .bind(2, role_name(role))
        .bind(3, hash)
        .bind(4, now)
        .bind(5, random_hex(16))
        .step();
    return *find_anywhere(name);
}

std::vector<User> Accounts::list() {
    std::vector<User> out;
    auto st = db_.prepare(std::string(kUserColumns) + "WHERE " + in_scope(1) + " ORDER BY name");
    st.bind(1, organisation_.value_or(-1));
    while (st.step()) out.push_back(user_from(st));
    return out;
}

size_t Accounts::count() {
    auto st = db_.prepare("SELECT count(*) FROM app_user WHERE " + in_scope(1));
    st.bind(1, organisation_.value_or(-1));
    st.step();
    return static_cast<size_t>(st.integer(0));
}

// Admins of the user's own organisation: each organisation keeps at least one.
size_t Accounts::admins(int64_t organisation_id) {
    auto st = db_.prepare("SELECT count(*) FROM app_user WHERE role = 'admin' AND organisation_id = ?1");
    st.bind(1, organisation_id);
    st.step();
    return static_cast<size_t>(st.integer(0));
}

std::optional<User> Accounts::find(const std::string& name) {
    auto st = db_.prepare(std::string(kUserColumns) + "WHERE name = ?1 AND " + in_scope(2));
    st.bind(1, name).bind(2, organisation_.value_or(-1));
    if (!st.step()) return std::nullopt;
    return user_from(st);
}

std::optional<User> Accounts::find_anywhere(const std::string& name) {
    auto st = db_.prepare(std::string(kUserColumns) + "WHERE name = ?1");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return user_from(st);
}

std::optional<User> Accounts::find(int64_t id) {
    auto st = db_.prepare(std::string(kUserColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return user_from(st);
}

// Each change below deletes the user's sessions in its own transaction, so that every
// server process sees them end at once; the new credential epoch ends them too, for a
// session that any process still holds (docs/api.md).

void Accounts::set_role(const std::string& name, Role role) {
    db::Transaction tx(db_);
    const auto user = find(name);
    if (!user) throw InputError("no user named \"" + name + "\"");
    if (user->role == Role::admin && role != Role::admin && admins(user->organisation_id) == 1)
        throw InputError("\"" + user->name + "\" is the only admin; make another user admin first");
    db_.prepare("UPDATE app_user SET role = ?1, updated_at = ?2, credential_epoch = ?4 WHERE id = ?3")
        .bind(1, role_name(role))
        .bind(2, now_utc())
        .bind(3, user->id)
        .bind(4, random_hex(16))
        .step();
    end_sessions_of(db_, user->id);
    tx.commit();
}

void Accounts::set_password(const std::string& name, const std::string& password) {
    check_password_rules(password);
    const std::string hash = hash_password(password);  // before the write lock: it takes a while
    db::Transaction tx(db_);
    const auto user = find(name);
    if (!user) throw InputError("no user named \"" + name + "\"");
    db_.prepare("UPDATE app_user SET password_hash = ?1, updated_at = ?2, credential_epoch = ?4 WHERE id = ?3")
        .bind(1, hash)
        .bind(2, now_utc())
        .bind(3, user->id)
        .bind(4, random_hex(16))
        .step();
    end_sessions_of(db_, user->id);
    tx.commit();
}

void Accounts::remove(const std::string& name) {
    db::Transaction tx(db_);
    const auto user = find(name);
    if (!user) throw InputError("no user named \"" + name + "\"");
    if (user->role == Role::admin && admins(user->organisation_id) == 1)
        throw InputError("\"" + user->name + "\" is the only admin; make another user admin first");
    end_sessions_of(db_, user->id);
    db_.prepare("DELETE FROM app_user WHERE id = ?1").bind(1, user->id).step();
    tx.commit();
}

std::optional<User> Accounts::verify(const std::string& name, const std::string& password, bool* known) {
    // A hash of a random password with the default cost, checked when the name is
    // unknown so that the answer takes as long either way.
    static const std::string dummy = hash_password(random_hex(16));
    std::string stored;
    std::optional<User> user;
    // Only a name that could belong to an account is looked up: any other (bytes that are
    // not UTF-8 among them, which PostgreSQL refuses as a value) is simply unknown.
    const bool possible = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return user_name_character(static_cast<unsigned char>(c));
    });
    if (possible && password.size() <= kMaxPasswordLength) {
        auto st = db_.prepare("SELECT id, name, role, created_at, updated_at, credential_epoch, organisation_id, password_hash "
                              "FROM app_user WHERE name = ?1");
        st.bind(1, name);
        if (st.step()) {
            user = user_from(st);
            stored = st.text(7);
        }
    }
    const bool ok = check_password(password.size() <= kMaxPasswordLength ? password : std::string(), user ? stored : dummy);
    if (known) *known = user.has_value();
    if (user && ok) return user;
    return std::nullopt;
}

namespace {

// A place in flight not touched for this long was left by a process that stopped in the
// middle of a check (one password hash, well under a second): it no longer counts, so
// that a crashed server cannot lock an account for good.
constexpr int64_t kStaleInFlightMs = 60'000;
// Rows kept of each kind before they are all forgotten, as the memory was bounded
// before (each costs a full hash, so reaching this takes hours).
constexpr int64_t kMaxRowsPerKind = 100'000;
// How often a check waiting for places in flight looks again.
constexpr auto kPollInterval = std::chrono::milliseconds(20);

std::string account_key(const std::string& name) {
    std::string key = name;  // matched as sign-in matches names, ignoring case
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Names are typed by anyone: hashed, each is text of one length that both backends accept.
    return sha256_hex(key);
}

struct LimitEntry {
    int64_t failures = 0, in_flight = 0, locked_until = 0;  // locked_until: Unix ms
};

// The entry as it stands at `now`, a stale count of places in flight dropped.
LimitEntry read_entry(db::Database& db, const char* kind, const std::string& key, int64_t now) {
    auto st = db.prepare("SELECT failures, in_flight, locked_until, updated_at FROM sign_in_limit WHERE kind = ?1 AND key = ?2");
    st.bind(1, std::string_view(kind)).bind(2, key);
    if (!st.step()) return {};
    return {st.integer(0), st.integer(3) < now - kStaleInFlightMs ? 0 : st.integer(1), st.integer(2)};
}

void write_entry(db::Database& db, const char* kind, const std::string& key, const LimitEntry& e, int64_t now) {
    db.prepare(
          "INSERT INTO sign_in_limit (kind, key, failures, in_flight, locked_until, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
          "ON CONFLICT (kind, key) DO UPDATE SET failures = ?3, in_flight = ?4, locked_until = ?5, updated_at = ?6")
        .bind(1, std::string_view(kind))
        .bind(2, key)
        .bind(3, e.failures)
        .bind(4, e.in_flight)
        .bind(5, e.locked_until)
        .bind(6, now)
        .step();
}

// Forgets every row of a kind beyond the bound.
void bound_rows(db::Database& db, const char* kind) {
    db.prepare("DELETE FROM sign_in_limit WHERE kind = ?1 AND (SELECT count(*) FROM sign_in_limit WHERE kind = ?1) > ?2")
        .bind(1, std::string_view(kind))
        .bind(2, kMaxRowsPerKind)
        .step();
}

long long seconds_locked(const LimitEntry& e, int64_t now) {
    return e.locked_until <= now ? 0 : (e.locked_until - now + 999) / 1000;
}

void record_failure(LimitEntry& e, int allowed, const LoginLimits& limits, int64_t now) {
    ++e.failures;
    if (e.failures < allowed) return;
    const int64_t doublings = std::min<int64_t>(e.failures - allowed, 20);
    auto lock = limits.base_lock * (1LL << doublings);
    if (lock > limits.max_lock) lock = limits.max_lock;
    e.locked_until = now + std::chrono::duration_cast<std::chrono::milliseconds>(lock).count();
}

}  // namespace

long long LoginLimiter::begin(db::Database& db, const std::string& name, const std::string& address) {
    const std::string key = account_key(name);
    // Waiting for checks in flight is short (each is one password hash); a client kept
    // longer than this is told to come back.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        {
            db::Transaction tx(db);
            const int64_t now = unix_milliseconds();
            const long long wait = std::max(seconds_locked(read_entry(db, "account", key, now), now),
                                            seconds_locked(read_entry(db, "address", address, now), now));
            if (wait > 0) return wait;
            // A place is taken only while the failures left exceed the places in flight (one
            // at a time once a lock has run out), checked and taken in one conditional
            // statement: RETURNING gives a row only when it was.
            const std::string in_flight = "(CASE WHEN sign_in_limit.updated_at < ?3 THEN 0 ELSE sign_in_limit.in_flight END)";
            bool taken = false;
            {
                auto st = db.prepare(
                    "INSERT INTO sign_in_limit (kind, key, failures, in_flight, locked_until, updated_at) "
                    "VALUES ('account', ?1, 0, 1, 0, ?2) ON CONFLICT (kind, key) DO UPDATE SET in_flight = " + in_flight +
                    " + 1, updated_at = ?2 WHERE " + in_flight + " < ?4 - sign_in_limit.failures OR " + in_flight +
                    " = 0 RETURNING in_flight");
                st.bind(1, key).bind(2, now).bind(3, now - kStaleInFlightMs).bind(4, static_cast<int64_t>(limits_.max_failures));
                taken = st.step();
            }
            if (taken) {
                tx.commit();
                return 0;
            }
        }
        if (std::chrono::steady_clock::now() >= give_up) return 1;
        std::this_thread::sleep_for(kPollInterval);
    }
}

void LoginLimiter::end(db::Database& db, const std::string& name, const std::string& address, Outcome outcome) {
    const std::string key = account_key(name);
    db::Transaction tx(db);
    const int64_t now = unix_milliseconds();
    LimitEntry account = read_entry(db, "account", key, now);
    if (account.in_flight > 0) --account.in_flight;
    switch (outcome) {
        case Outcome::succeeded:
            if (account.in_flight == 0) {
                db.prepare("DELETE FROM sign_in_limit WHERE kind = 'account' AND key = ?1").bind(1, key).step();
            } else {
                account.failures = 0, account.locked_until = 0;
                write_entry(db, "account", key, account, now);
            }
            break;
        case Outcome::failed_real_account: {
            record_failure(account, limits_.max_failures, limits_, now);
            write_entry(db, "account", key, account, now);
            // Only failures on real accounts count against the address, so made-up names
            // lock out no one who shares it.
            LimitEntry from = read_entry(db, "address", address, now);
            record_failure(from, limits_.max_failures_per_address, limits_, now);
            write_entry(db, "address", address, from, now);
            bound_rows(db, "address");
            bound_rows(db, "account");
            break;
        }
        case Outcome::failed_unknown_name:
            record_failure(account, limits_.max_failures, limits_, now);
            write_entry(db, "account", key, account, now);
            bound_rows(db, "account");
            break;
        case Outcome::abandoned:
            write_entry(db, "account", key, account, now);
            break;
    }
    tx.commit();
}

}  // namespace gapfinder::web
