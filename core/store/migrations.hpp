// The store's schema history. Step i takes a store from user_version i to i + 1; each
// runs in its own transaction. Only ever append: a released step never changes. The
// steps are written in SQLite's spelling; the dialect gives each backend's (store/dialect.hpp).
#pragma once

#include <string>
#include <vector>

#include "store/dialect.hpp"

namespace gapfinder {

std::vector<std::string> migrations(const db::Dialect& d);

// The step (1-based) that adds the comment search index; Store::migrate back-fills the
// index from the comments already stored in that step's transaction.
constexpr int kCommentSearchMigration = 8;

}  // namespace gapfinder
