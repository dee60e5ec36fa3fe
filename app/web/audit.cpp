#include "web/audit.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace gapfinder::web {

void audit(db::Database& db, const std::string& user, const std::string& address, const std::string& action,
           const std::string& outcome, const std::string& detail) {
    const std::string at = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
    // Names typed at sign-in are attacker-controlled: keep them short in the log.
    db.prepare("INSERT INTO audit_log(at, user_name, address, action, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, at)
        .bind(2, user.substr(0, 128))
        .bind(3, address)
        .bind(4, action)
        .bind(5, outcome)
        .bind(6, detail.substr(0, 2000))
        .step();
}

std::vector<AuditEntry> audit_entries(db::Database& db, size_t limit, int64_t before_id, const std::string& action) {
    std::vector<AuditEntry> out;
    auto st = db.prepare(
        "SELECT id, at, user_name, address, action, outcome, detail FROM audit_log "
        "WHERE (?1 <= 0 OR id < ?1) AND (?2 = '' OR action = ?2) ORDER BY id DESC LIMIT ?3");
    st.bind(1, before_id).bind(2, action).bind(3, static_cast<int64_t>(limit));
    while (st.step())
        out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
    return out;
}

}  // namespace gapfinder::web
