#include "store/sqlite.hpp"

#include <sqlite3.h>

namespace gapfinder::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
    throw db::Error(std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

class Statement : public db::StatementBackend {
public:
    Statement(sqlite3* db, std::string_view sql) : db_(db) {
        const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
        if (rc != SQLITE_OK) fail(db, rc, "preparing SQL");
    }
    ~Statement() override { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind_integer(int i, int64_t value) override {
        if (int rc = sqlite3_bind_int64(stmt_, i, value); rc != SQLITE_OK) fail(db_, rc, "binding a value");
    }

    void bind_text(int i, std::string_view text) override {
        if (int rc = sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8); rc != SQLITE_OK)
            fail(db_, rc, "binding text");
    }

    void bind_blob(int i, std::span<const uint8_t> bytes) override {
        // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
        static const uint8_t empty = 0;
        if (int rc = sqlite3_bind_blob64(stmt_, i, bytes.empty() ? &empty : bytes.data(), bytes.size(), SQLITE_STATIC);
            rc != SQLITE_OK)
            fail(db_, rc, "binding a blob");
    }

    void bind_null(int i) override {
        if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) fail(db_, rc, "binding NULL");
    }

    bool step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(db_, rc, "running SQL");
    }

    void reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    int64_t integer(int col) const override { return sqlite3_column_int64(stmt_, col); }

    std::string text(int col) const override {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }

    std::span<const uint8_t> blob(int col) const override {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
        return {p, p ? static_cast<size_t>(sqlite3_column_bytes(stmt_, col)) : 0};
    }

    bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

Connection::Connection(const std::string& path) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw db::Error(path + ": cannot open the store: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
}

Connection::~Connection() { sqlite3_close_v2(db_); }

void Connection::exec(std::string_view sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw db::Error(text);
    }
}

db::Statement Connection::prepare(std::string_view sql) { return db::Statement(std::make_unique<Statement>(db_, sql)); }

}  // namespace gapfinder::sqlite
