// The backend-neutral database layer the store and the web app's accounts and audit
// log are written against: open a database, run statements with bound values, keep
// writes in exception-safe transactions. Two backends implement it: embedded SQLite
// (store/sqlite.hpp, the default) and a PostgreSQL server through libpq
// (store/postgresql.hpp). SQL is written once, with ?N placeholders; what the two
// dialects spell differently is kept in store/dialect.hpp.
//
// Every failure throws Error, carrying the backend's own message.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gapfinder::db {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Backend { sqlite, postgresql };

// What a backend does for one prepared statement; code uses Statement below.
class StatementBackend {
public:
    virtual ~StatementBackend() = default;
    virtual void bind_integer(int i, int64_t value) = 0;
    virtual void bind_text(int i, std::string_view text) = 0;
    virtual void bind_blob(int i, std::span<const uint8_t> bytes) = 0;
    virtual void bind_null(int i) = 0;
    virtual bool step() = 0;
    virtual void reset() = 0;
    virtual int64_t integer(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual std::span<const uint8_t> blob(int col) const = 0;
    virtual bool is_null(int col) const = 0;
};

class Statement {
public:
    explicit Statement(std::unique_ptr<StatementBackend> backend) : backend_(std::move(backend)) {}

    // Binds by 1-based position (?1 is position 1). Text and blobs may be used only
    // when step() runs: keep them alive until it returns.
    Statement& bind(int i, int64_t value) { return backend_->bind_integer(i, value), *this; }
    Statement& bind(int i, std::string_view text) { return backend_->bind_text(i, text), *this; }
    Statement& bind_blob(int i, std::span<const uint8_t> bytes) { return backend_->bind_blob(i, bytes), *this; }
    Statement& bind_null(int i) { return backend_->bind_null(i), *this; }

    // Runs the statement on the first call, then advances; true while a row is available.
    bool step() { return backend_->step(); }
    // Forgets the result and the bound values, to run the statement again.
    void reset() { backend_->reset(); }

    int64_t integer(int col) const { return backend_->integer(col); }
    std::string text(int col) const { return backend_->text(col); }
    std::span<const uint8_t> blob(int col) const { return backend_->blob(col); }  // valid until the next step()
    bool is_null(int col) const { return backend_->is_null(col); }

private:
    std::unique_ptr<StatementBackend> backend_;
};

class Database {
public:
    virtual ~Database() = default;
    Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    virtual Backend backend() const = 0;
    // Where the database is, for messages: a file's path, or a server's host, port and
    // database name (never a password).
    virtual const std::string& location() const = 0;

    // Runs one or more statements without bound values.
    virtual void exec(std::string_view sql) = 0;
    virtual Statement prepare(std::string_view sql) = 0;

    // A write transaction: serialised with every other writer of the same store from
    // its start, so that what it reads stays true until it commits (Transaction).
    virtual void begin_write() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
};

// Begins a write transaction on construction, rolls back on destruction unless commit()
// ran: an exception anywhere inside leaves the database as it was.
class Transaction {
public:
    explicit Transaction(Database& db) : db_(db) { db_.begin_write(); }
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

// True for postgresql:// and postgres:// URLs; anything else names an SQLite file.
bool is_server_url(std::string_view location);

// A --db value for messages: a file's path as it is, a URL without its password.
std::string describe(const std::string& location);

// Opens the database a --db value (or GAPFINDER_DB) names.
std::unique_ptr<Database> open(const std::string& location);

}  // namespace gapfinder::db
