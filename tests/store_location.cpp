#include "store_location.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace gapfinder::test {

namespace {

// The URL with another database name: postgresql://user@host:port/NAME?options.
std::string with_database(const std::string& url, const std::string& name) {
    const size_t query = url.find('?');
    const std::string base = url.substr(0, query);
    const size_t authority = base.find("://") + 3;
    const size_t slash = base.find('/', authority);
    return base.substr(0, slash) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::string postgresql_test_url() {
    const char* url = std::getenv("GAPFINDER_TEST_PG_URL");
    return url ? url : "";
}

std::string backend_name(db::Backend backend) { return backend == db::Backend::sqlite ? "SQLite" : "PostgreSQL"; }

StoreLocation::StoreLocation(db::Backend backend) {
    if (backend == db::Backend::sqlite) {
        location_ = dir_.file("store.db");
        return;
    }
    // Unique across the test processes ctest runs side by side.
    static std::atomic<int> made{0};
    database_ = "gapfinder_test_" + std::to_string(::getpid()) + "_" + std::to_string(made++);
    // C collation: text sorts by code point, as SQLite sorts it.
    db::open(postgresql_test_url())
        ->exec("CREATE DATABASE " + database_ + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    location_ = with_database(postgresql_test_url(), database_);
}

StoreLocation::~StoreLocation() {
    if (database_.empty()) return;
    try {
        db::open(postgresql_test_url())->exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (const db::Error& e) {
        ADD_FAILURE() << "could not drop the test database " << database_ << ": " << e.what();
    }
}

}  // namespace gapfinder::test
