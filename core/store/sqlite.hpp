// A thin RAII layer over the SQLite C API: just enough to open a database, run
// statements with bound values and keep transactions exception-safe. Every failure
// throws, carrying SQLite's own message.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gapfinder::sqlite {

class Error : public std::runtime_error {
public:
    Error(const std::string& what, int code) : std::runtime_error(what), code(code) {}
    int code;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by 1-based position. Text and blobs are copied only if SQLite needs them
    // after the call; keep them alive until step() returns.
    Statement& bind(int i, int64_t value);
    Statement& bind(int i, std::string_view text);
    Statement& bind_blob(int i, std::span<const uint8_t> bytes);
    Statement& bind_null(int i);

    // Advances; true while a row is available.
    bool step();
    void reset();

    int64_t integer(int col) const;
    std::string text(int col) const;
    std::span<const uint8_t> blob(int col) const;  // valid until the next step()
    bool is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    explicit Database(const std::string& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    int64_t last_insert_id() const;
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace gapfinder::sqlite
