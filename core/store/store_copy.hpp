// gapfinder store copy: a whole store from one backend to another (an SQLite file to a
// PostgreSQL database, or back), checked afterwards table by table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace gapfinder {

struct CopiedTable {
    std::string table;
    int64_t rows = 0;
    std::string content_hash;  // SHA-256 of the table's rows, whatever their order, hex
};

// Copies every row of every table of `from` (surveys, waves, ingests and their data,
// the cell key secret, accounts, the audit log; not the web server's sessions, sign-in
// limits and job statuses, which belong to a deployment) into `to`, keeping ids, in one
// transaction; then counts and hashes each table on both sides. Throws InputError,
// having written nothing, when `to` already holds data; and when a count or a hash
// differs after the copy.
std::vector<CopiedTable> copy_store(Store& from, Store& to);

// The count and content hash of each table the copy moves, as they are in `store`.
std::vector<CopiedTable> table_contents(Store& store);

}  // namespace gapfinder
