// A fresh, empty store for a test on either backend: a file in a temporary folder, or a
// database of its own on the PostgreSQL server that GAPFINDER_TEST_PG_URL names
// (scripts/pg-cluster.sh starts a throwaway one; scripts/test.sh exports the URL),
// dropped when the test ends.
#pragma once

#include <ostream>
#include <string>

#include "store/database.hpp"
#include "test_support.hpp"

namespace gapfinder::db {

// How GoogleTest prints a backend parameter (found by argument-dependent lookup).
inline void PrintTo(Backend backend, std::ostream* out) { *out << (backend == Backend::sqlite ? "SQLite" : "PostgreSQL"); }

}  // namespace gapfinder::db

namespace gapfinder::test {

// The server's URL, or empty when the PostgreSQL tests are to be skipped.
std::string postgresql_test_url();

class StoreLocation {
public:
    explicit StoreLocation(db::Backend backend);
    ~StoreLocation();
    StoreLocation(const StoreLocation&) = delete;
    StoreLocation& operator=(const StoreLocation&) = delete;

    // What --db would be given.
    const std::string& location() const { return location_; }

private:
    TempDir dir_;
    std::string database_;  // on PostgreSQL: the database made for this test
    std::string location_;
};

// "SQLite" or "PostgreSQL", for parameterised tests' names.
std::string backend_name(db::Backend backend);

}  // namespace gapfinder::test
