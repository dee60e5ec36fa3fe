// Web app accounts: users with roles, kept in the store (migration 2, table app_user),
// passwords hashed with PBKDF2-HMAC-SHA256 (OpenSSL) and a per-user random salt; and
// the sign-in rate limiter, whose counts are in the store too (migration 10), shared by
// every server process on it. See docs/api.md, "Security".
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace gapfinder::web {

// viewer < analyst < admin: each role may do everything the one before it may.
enum class Role { viewer = 0, analyst = 1, admin = 2 };
std::string role_name(Role role);
// Throws InputError naming the roles for anything else.
Role parse_role(const std::string& text);

// OWASP's 2023 figure for PBKDF2-HMAC-SHA256. Stored with each hash, so raising it
// later leaves existing passwords valid.
constexpr unsigned kPbkdf2Iterations = 310'000;
constexpr size_t kSaltBytes = 16, kHashBytes = 32;
constexpr size_t kMinPasswordLength = 12, kMaxPasswordLength = 1024;

// PBKDF2-HMAC-SHA256 (RFC 8018) through OpenSSL: bytes of key derived from the
// password and salt. What hash_password stores, kHashBytes long; public so the tests
// can check it against published vectors.
std::vector<unsigned char> pbkdf2_sha256(const std::string& password, const std::vector<unsigned char>& salt,
                                         unsigned iterations, size_t bytes = kHashBytes);

// "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX" with a fresh random salt.
std::string hash_password(const std::string& password, unsigned iterations = kPbkdf2Iterations);
// Recomputes and compares in constant time; false for a malformed stored value.
bool check_password(const std::string& password, const std::string& stored);

// Cryptographically random bytes (OpenSSL RAND_bytes) as lower-case hex.
std::string random_hex(size_t bytes);
// SHA-256 of the text, as lower-case hex.
std::string sha256_hex(const std::string& text);
// Compares without leaking where the first difference is.
bool constant_time_equal(const std::string& a, const std::string& b);

struct User {
    int64_t id = 0;
    std::string name;
    Role role = Role::viewer;
    std::string created_at, updated_at;
    // Random, and new whenever the password or role changes: a session is valid only
    // while the epoch it was made with is still the user's.
    std::string credential_epoch;
    int64_t organisation_id = 1;  // whose surveys and users they see (store/store.hpp, Organisation)
};

// Account operations on the store's connection. Each throws InputError for what the
// caller should fix: a bad name, a short password, an unknown user, removing the last
// admin.
//
// Names are unique server-wide, as sign-in is by name alone. Unscoped, Accounts sees
// every account (sign-in, sessions, the first-run check) and adds to organisation 1.
// Scoped to an organisation (an admin's view, gapfinder user --organisation), list,
// count, find by name and every change see only its users, the last-admin rule is its
// own, and add puts new users in it: another organisation's user is "no user named".
class Accounts {
public:
    explicit Accounts(db::Database& db, std::optional<int64_t> organisation = std::nullopt)
        : db_(db), organisation_(organisation) {}

    User add(const std::string& name, Role role, const std::string& password, unsigned iterations = kPbkdf2Iterations);
    std::vector<User> list();
    size_t count();
    std::optional<User> find(const std::string& name);
    std::optional<User> find(int64_t id);
    void set_role(const std::string& name, Role role);
    void set_password(const std::string& name, const std::string& password);
    void remove(const std::string& name);
    // The user, if the name exists and the password matches. An unknown name costs
    // the same hashing time as a wrong password, so timing does not reveal names.
    // known, if given: whether the name is an account (for the sign-in limits only; the
    // caller must not tell the client).
    std::optional<User> verify(const std::string& name, const std::string& password, bool* known = nullptr);

private:
    size_t admins(int64_t organisation_id);
    std::optional<User> find_anywhere(const std::string& name);
    db::Database& db_;
    std::optional<int64_t> organisation_;
};

void check_user_name(const std::string& name);
void check_password_rules(const std::string& password);

// Refuses sign-ins after repeated failures, with a lock that doubles with each further
// failure: max_failures free attempts, then base_lock, 2 x base_lock, ... up to max_lock;
// once a lock has run out, one attempt at a time. Per account, whatever the address (so
// that spreading guesses over addresses gains nothing); and per address, counting only
// failures on real accounts (so that a flood of made-up names, from behind the same
// proxy as everyone, locks out no real user).
struct LoginLimits {
    int max_failures = 5;
    int max_failures_per_address = 20;
    std::chrono::seconds base_lock{30};
    std::chrono::seconds max_lock{std::chrono::minutes(15)};
};

// The counts live in the store (migration 10, table sign_in_limit), so that every server
// process on it applies the same limits: failures spread over several processes lock an
// account after as many as on one. Each method works on the request's connection, in
// write transactions of its own.
class LoginLimiter {
public:
    using Limits = LoginLimits;
    explicit LoginLimiter(Limits limits = {}) : limits_(limits) {}

    // How a password check ended.
    enum class Outcome { succeeded, failed_real_account, failed_unknown_name, abandoned };

    // Takes a place for one password check, in one step with the lock checks: an
    // account has at most as many checks in flight as it has failures left, so that
    // attempts sent all at once, to any process, make no more checks than attempts sent
    // one by one (the rest wait, polling the store, for those in flight, then see the
    // lock). Returns 0, and the caller must call end(); or the seconds to wait.
    long long begin(db::Database& db, const std::string& name, const std::string& address);
    void end(db::Database& db, const std::string& name, const std::string& address, Outcome outcome);

private:
    Limits limits_;
};

}  // namespace gapfinder::web
