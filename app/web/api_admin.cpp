// For admins: the audit log, and the accounts (GET/POST /api/users, PATCH and DELETE
// /api/users/{name}).
#include <charconv>

#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"
#include "web/audit.hpp"

namespace gapfinder::web {

namespace {

int64_t number_param(const Exchange& ex, const std::string& name, int64_t fallback, int64_t low, int64_t high) {
    for (const auto& [k, v] : ex.query)
        if (k == name) {
            int64_t n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || end != v.data() + v.size() || n < low || n > high)
                throw HttpError(400, "parameter \"" + name + "\": expected a whole number from " + std::to_string(low) +
                                         " to " + std::to_string(high));
            return n;
        }
    return fallback;
}

// An admin manages their own organisation's users only: another's are "no user named"
// (404), new users join theirs, and the last-admin rule is theirs (web/auth.hpp).
Accounts admins_accounts(Exchange& ex) { return Accounts(ex.store().database(), ex.user->organisation_id); }

// An admin reads their own organisation's entries only.
void audit_log(Exchange& ex) {
    std::string action;
    for (const auto& [k, v] : ex.query) {
        if (k == "action") action = v;
        else if (k != "limit" && k != "before") throw HttpError(400, "unknown parameter \"" + k.substr(0, 60) + "\"");
    }
    const auto limit = number_param(ex, "limit", 100, 1, 1000);
    const auto before = number_param(ex, "before", 0, 0, INT64_MAX);
    std::string out;
    JsonWriter j(out);
    j.begin_object().key("entries").begin_array();
    for (const auto& e : audit_entries(ex.store().database(), static_cast<size_t>(limit), before, action,
                                              ex.user->organisation_id))
        j.begin_object()
            .field("id", e.id)
            .field("at", e.at)
            .field("user", e.user)
            .field("address", e.address)
            .field("action", e.action)
            .field("outcome", e.outcome)
            .field("detail", e.detail)
            .end_object();
    j.end_array().end_object();
    ex.send_json(200, out + "\n");
}

void write_user(JsonWriter& j, const User& u) {
    j.begin_object()
        .field("name", u.name)
        .field("role", role_name(u.role))
        .field("created_at", u.created_at)
        .field("updated_at", u.updated_at)
        .end_object();
}

void list_users(Exchange& ex) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().key("users").begin_array();
    for (const auto& u : admins_accounts(ex).list()) write_user(j, u);
    j.end_array().end_object();
    ex.send_json(200, out + "\n");
}

void add_user(Exchange& ex) {
    const auto body = json_body(ex);
    const std::string name = body->optValue<std::string>("name", "");
    const std::string role = body->optValue<std::string>("role", "");
    const std::string password = body->optValue<std::string>("password", "");
    Accounts accounts = admins_accounts(ex);
    User u;
    try {
        u = accounts.add(name, parse_role(role), password);
    } catch (const InputError& e) {
        record(ex, "user_add", "failed", name + ": " + e.what());
        throw HttpError(e.what() == std::string("a user named \"" + name + "\" already exists") ? 409 : 400, e.what());
    }
    record(ex, "user_add", "ok", u.name + " as " + role_name(u.role));
    std::string out;
    JsonWriter j(out);
    write_user(j, u);
    ex.send_json(201, out + "\n");
}

void change_user(Exchange& ex) {
    const std::string name = ex.params["name"];
    const auto body = json_body(ex);
    Accounts accounts = admins_accounts(ex);
    const auto user = accounts.find(name);
    if (!user) throw HttpError(404, "no user named \"" + name + "\"");
    if (body->has("role")) {
        const Role role = parse_role(body->optValue<std::string>("role", ""));
        accounts.set_role(user->name, role);
        // Their sessions end with the change (Accounts): the new role applies from their next sign-in.
        record(ex, "user_set_role", "ok", user->name + " from " + role_name(user->role) + " to " + role_name(role));
    }
    if (body->has("password")) {
        accounts.set_password(user->name, body->optValue<std::string>("password", ""));
        record(ex, "user_set_password", "ok", user->name);
    }
    std::string out;
    JsonWriter j(out);
    write_user(j, *accounts.find(user->id));
    ex.send_json(200, out + "\n");
}

void remove_user(Exchange& ex) {
    const std::string name = ex.params["name"];
    Accounts accounts = admins_accounts(ex);
    const auto user = accounts.find(name);
    if (!user) throw HttpError(404, "no user named \"" + name + "\"");
    accounts.remove(user->name);  // and their sessions, on every process
    record(ex, "user_remove", "ok", user->name);
    ex.send_no_content();
}

}  // namespace

void add_admin_routes(Router& router) {
    router.add("GET", "/api/audit", Access::admin, audit_log);
    router.add("GET", "/api/users", Access::admin, list_users);
    router.add("POST", "/api/users", Access::admin, add_user);
    router.add("PATCH", "/api/users/{name}", Access::admin, change_user);
    router.add("DELETE", "/api/users/{name}", Access::admin, remove_user);
}

}  // namespace gapfinder::web
