#include "web/audit.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

namespace gapfinder::web {

std::string storable_text(const std::string& text, size_t limit) {
    static const std::string replacement = "\xEF\xBF\xBD";
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        bool valid = length > 0 && lead != 0 && i + length <= text.size() && lead != 0xC0 && lead != 0xC1 && lead < 0xF5;
        for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        const std::string piece = valid ? text.substr(i, length) : replacement;
        if (out.size() + piece.size() > limit) break;
        out += piece;
        i += valid ? length : 1;
    }
    return out;
}

void audit(db::Database& db, const std::string& user, const std::string& address, const std::string& action,
           const std::string& outcome, const std::string& detail, std::optional<int64_t> organisation) {
    const std::string at = Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
    // Names typed at sign-in are attacker-controlled: keep them short in the log.
    auto st = db.prepare("INSERT INTO audit_log(at, user_name, address, action, outcome, detail, organisation_id) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (organisation) st.bind(7, *organisation);
    else st.bind_null(7);
    st.bind(1, at)
        .bind(2, storable_text(user, 128))
        .bind(3, address)
        .bind(4, action)
        .bind(5, outcome)
        .bind(6, storable_text(detail, 2000))
        .step();
}

std::vector<AuditEntry> audit_entries(db::Database& db, size_t limit, int64_t before_id, const std::string& action,
                                      std::optional<int64_t> organisation) {
    std::vector<AuditEntry> out;
    auto st = db.prepare(
        "SELECT id, at, user_name, address, action, outcome, detail, organisation_id FROM audit_log "
        "WHERE (?1 <= 0 OR id < ?1) AND (?2 = '' OR action = ?2) AND (?4 < 0 OR organisation_id = ?4) "
        "ORDER BY id DESC LIMIT ?3");
    st.bind(1, before_id).bind(2, action).bind(3, static_cast<int64_t>(limit)).bind(4, organisation.value_or(-1));
    while (st.step())
        out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                       st.is_null(7) ? std::nullopt : std::optional<int64_t>(st.integer(7))});
    return out;
}

}  // namespace gapfinder::web
