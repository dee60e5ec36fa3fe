// Organisations and partnerships (store/store.hpp, Organisation; migration "organisations").
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>

#include "store/store.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

constexpr const char* kColumns = "SELECT id, name, kind, created_at FROM organisation ";

Organisation organisation_from(db::Statement& st) { return {st.integer(0), st.text(1), st.text(2), st.text(3)}; }

// Names appear in commands, the web app and the audit log: printable, short, and not
// only spaces.
void check_organisation_name(const std::string& name) {
    const bool printable = std::all_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
    });
    const bool blank = name.find_first_not_of(' ') == std::string::npos;
    if (name.size() > 100 || !printable || blank)
        throw InputError("organisation name \"" + name + "\": use 1 to 100 printable characters");
}

}  // namespace

Organisation Store::add_organisation(const std::string& name, const std::string& kind) {
    check_organisation_name(name);
    if (kind != Organisation::kCouncil && kind != Organisation::kPartnership)
        throw InputError("organisation kind \"" + kind + "\": use council or partnership");
    if (find_organisation(name)) throw InputError("an organisation named \"" + name + "\" already exists");
    db_->prepare("INSERT INTO organisation (name, kind, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, name).bind(2, kind)
        .bind(3, Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT))
        .step();
    return *find_organisation(name);
}

std::vector<Organisation> Store::organisations() {
    std::vector<Organisation> out;
    auto st = db_->prepare(std::string(kColumns) + "ORDER BY id");
    while (st.step()) out.push_back(organisation_from(st));
    return out;
}

std::optional<Organisation> Store::find_organisation(const std::string& name) {
    auto st = db_->prepare(std::string(kColumns) + "WHERE name = ?1");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return organisation_from(st);
}

std::optional<Organisation> Store::find_organisation(int64_t id) {
    auto st = db_->prepare(std::string(kColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return organisation_from(st);
}

Organisation Store::require_organisation(const std::string& name) {
    if (auto found = find_organisation(name)) return *found;
    throw InputError("no organisation named \"" + name + "\" in " + path() + "; gapfinder organisation list shows them");
}

std::vector<Organisation> Store::members(int64_t partnership_id) {
    std::vector<Organisation> out;
    auto st = db_->prepare("SELECT o.id, o.name, o.kind, o.created_at FROM partnership_member m "
                           "JOIN organisation o ON o.id = m.member_id WHERE m.partnership_id = ?1 ORDER BY o.name");
    st.bind(1, partnership_id);
    while (st.step()) out.push_back(organisation_from(st));
    return out;
}

void Store::add_member(const std::string& partnership, const std::string& member) {
    const Organisation p = require_organisation(partnership);
    const Organisation m = require_organisation(member);
    if (!p.partnership())
        throw InputError("\"" + p.name + "\" is a council, not a partnership: only a partnership has members");
    if (m.partnership())
        throw InputError("\"" + m.name + "\" is a partnership: a partnership's members are councils");
    db_->prepare("INSERT INTO partnership_member (partnership_id, member_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(1, p.id).bind(2, m.id)
        .step();
}

}  // namespace gapfinder
