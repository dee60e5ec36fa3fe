// The PostgreSQL backend of the database layer (store/database.hpp), on libpq directly:
// the C client library every PostgreSQL tool uses, documented with the server, and a
// single Debian package (libpq-dev). Statements run with PQexecParams: values travel
// apart from the SQL (text, or binary for blobs), results come back in binary.
#pragma once

#include <string>

#include "store/database.hpp"

struct pg_conn;

namespace gapfinder::postgresql {

// The oldest server the store is tested on: generated identity columns, EXECUTE
// FUNCTION triggers and nondeterministic collations are all there from 13 on.
constexpr int kMinimumServerVersion = 130000;

// The URL's host, port, database and user, for messages: never its password.
std::string describe_url(const std::string& url);

// ?N (and bare ?) placeholders as $N, outside quoted text and comments: the SQL of the
// store is written once for both backends.
std::string translate_placeholders(std::string_view sql);

class Connection : public db::Database {
public:
    // Connects to postgresql://user[:password]@host[:port]/dbname[?options]. Throws
    // db::Error naming the host and port (never the password) when the server cannot
    // be reached or is older than kMinimumServerVersion.
    explicit Connection(const std::string& url);
    ~Connection() override;

    db::Backend backend() const override { return db::Backend::postgresql; }
    const std::string& location() const override { return location_; }
    void exec(std::string_view sql) override;
    db::Statement prepare(std::string_view sql) override;
    // BEGIN, then a transaction-scoped advisory lock that every gapfinder writer of this
    // database takes first: writers run one at a time, as under SQLite's BEGIN IMMEDIATE,
    // and each sees everything committed before it got the lock.
    void begin_write() override;
    void commit() override;
    void rollback() override;

    // The libpq connection to run a statement on. One the server dropped (a restart, an
    // idle timeout) is made again first, but only between transactions: within one,
    // its work is gone with the connection, and the statement must fail.
    pg_conn* usable();

private:
    void set_session();
    std::string location_;
    std::string password_;  // only to scrub it from any message that might echo it
    pg_conn* conn_ = nullptr;
    bool in_transaction_ = false;
};

}  // namespace gapfinder::postgresql
