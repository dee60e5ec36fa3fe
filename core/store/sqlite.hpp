// The SQLite backend of the database layer (store/database.hpp): a thin RAII layer
// over the SQLite C API. Every failure throws db::Error, carrying SQLite's own message.
#pragma once

#include <string>

#include "store/database.hpp"

struct sqlite3;

namespace gapfinder::sqlite {

class Connection : public db::Database {
public:
    // Opens or creates the file.
    explicit Connection(const std::string& path);
    ~Connection() override;

    db::Backend backend() const override { return db::Backend::sqlite; }
    const std::string& location() const override { return path_; }
    void exec(std::string_view sql) override;
    db::Statement prepare(std::string_view sql) override;
    // BEGIN IMMEDIATE takes the write lock at once: no other writer can slip in
    // between this transaction's reads and its writes.
    void begin_write() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() override { exec("ROLLBACK"); }

private:
    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace gapfinder::sqlite
