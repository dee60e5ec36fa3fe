#include "store/database.hpp"

#include "store/postgresql.hpp"
#include "store/sqlite.hpp"

namespace gapfinder::db {

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.rollback();
    } catch (...) {
        // The transaction is already gone (SQLite rolls back on some errors itself, and
        // a lost server connection takes its transaction with it).
    }
}

void Transaction::commit() {
    db_.commit();
    done_ = true;
}

bool is_server_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string describe(const std::string& location) {
    if (!is_server_url(location)) return location;
    try {
        return postgresql::describe_url(location);
    } catch (const Error&) {
        return "a PostgreSQL URL that is not valid";
    }
}

std::unique_ptr<Database> open(const std::string& location) {
    if (is_server_url(location)) return std::make_unique<postgresql::Connection>(location);
    return std::make_unique<sqlite::Connection>(location);
}

}  // namespace gapfinder::db
