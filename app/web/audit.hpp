// The audit log: who signed in (or was refused), ingested, inspected, exported or
// changed an account, when and from where. An append-only table in the store
// (migration 2; triggers refuse UPDATE and DELETE); admins read it through /api/audit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace gapfinder::web {

struct AuditEntry {
    int64_t id = 0;
    std::string at, user, address, action, outcome, detail;
    std::optional<int64_t> organisation;
};

// Text as valid UTF-8 of at most `limit` bytes, each other byte (NUL too) as U+FFFD:
// for text from outside (names typed at sign-in, uploaded files' names and contents in
// errors) that the store keeps, since PostgreSQL refuses bytes that are not UTF-8 (or
// NUL), so that a stray byte would otherwise lose the row.
std::string storable_text(const std::string& text, size_t limit);

// outcome: "ok", "refused" (not allowed, wrong password) or "failed" (bad input).
// organisation: whose entry it is, the user's (an admin reads only their own
// organisation's); none for a refused sign-in with a name no account has.
void audit(db::Database& db, const std::string& user, const std::string& address, const std::string& action,
           const std::string& outcome, const std::string& detail, std::optional<int64_t> organisation);

// Newest first; entries with id below before_id when it is above 0; of one organisation
// only when it is given.
std::vector<AuditEntry> audit_entries(db::Database& db, size_t limit, int64_t before_id = 0, const std::string& action = "",
                                      std::optional<int64_t> organisation = std::nullopt);

}  // namespace gapfinder::web
