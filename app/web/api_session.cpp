// Signing in and out, and who the caller is: POST/DELETE /api/session, GET /api/me.
#include <Poco/JSON/Object.h>
#include <spdlog/spdlog.h>

#include "util/json_writer.hpp"
#include "web/api.hpp"
#include "web/app.hpp"

namespace gapfinder::web {

namespace {

std::string cookie(const App& app, const std::string& value, long long max_age) {
    std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
                    "; HttpOnly; SameSite=Strict";
    if (app.config().secure_cookies) c += "; Secure";
    return c;
}

std::string me_json(const User& user, const Organisation& organisation, const std::string& csrf, const App& app) {
    const bool council = !organisation.partnership();  // a partnership's users read pooled outputs only
    std::string out;
    JsonWriter j(out);
    j.begin_object()
        .field("user", user.name)
        .field("role", role_name(user.role))
        .key("organisation")
        .begin_object()
        .field("name", organisation.name)
        .field("kind", organisation.kind)
        .end_object()
        .field("csrf_token", csrf)
        .key("may")
        .begin_object()
        .field("read_findings", true)
        .field("upload", council && user.role >= Role::analyst)
        .field("search_comments", council && user.role >= Role::analyst)
        .field("manage_users", user.role == Role::admin)
        .field("read_audit_log", user.role == Role::admin)
        .end_object()
        .field("max_upload_bytes", app.config().max_upload_bytes)
        .end_object();
    out += '\n';
    return out;
}

void sign_in(Exchange& ex) {
    const auto body = json_body(ex);
    const std::string name = body->optValue<std::string>("name", "");
    const std::string password = body->optValue<std::string>("password", "");
    if (name.empty() || password.empty()) throw HttpError(400, "give \"name\" and \"password\"");
    db::Database& db = ex.store().database();
    if (const long long wait = ex.app.limiter().begin(db, name, ex.address); wait > 0) {
        record(ex, "sign_in", "refused", "too many failed attempts; locked for " + std::to_string(wait) + " s", name);
        HttpError e(429, "too many failed sign-ins; try again in " + std::to_string(wait) + " seconds");
        e.retry_after = wait;
        throw e;
    }
    // The place taken is given back however the check ends, a failure of the store
    // included; should the store fail here too, the place goes stale and stops counting
    // (LoginLimiter).
    using Outcome = LoginLimiter::Outcome;
    struct Attempt {
        LoginLimiter& limiter;
        db::Database& db;
        const std::string &name, &address;
        Outcome outcome = Outcome::abandoned;
        ~Attempt() {
            try {
                limiter.end(db, name, address, outcome);
            } catch (const std::exception& e) {
                spdlog::error("could not record the end of a sign-in attempt: {}", e.what());
            }
        }
    } attempt{ex.app.limiter(), db, name, ex.address};
    Accounts accounts(db);
    bool known = false;
    const auto user = accounts.verify(name, password, &known);
    attempt.outcome = user ? Outcome::succeeded : known ? Outcome::failed_real_account : Outcome::failed_unknown_name;
    if (!user) {
        record(ex, "sign_in", "refused", "wrong user name or password", name);
        throw HttpError(401, "wrong user name or password");
    }
    // A fresh session on every sign-in; any session the browser had is ended.
    Poco::Net::NameValueCollection cookies;
    ex.request.getCookies(cookies);
    if (cookies.has(kSessionCookie)) ex.app.sessions().end(db, cookies.get(kSessionCookie));
    std::string csrf;
    const std::string token = ex.app.sessions().create(db, user->id, user->credential_epoch, &csrf);
    record(ex, "sign_in", "ok", "role " + role_name(user->role), user->name);
    ex.response.add("Set-Cookie", cookie(ex.app, token, ex.app.sessions().max_age().count()));
    ex.user = user;  // signed in from here on: the organisation and the audit entry are theirs
    ex.send_json(200, me_json(*user, ex.organisation(), csrf, ex.app));
}

void sign_out(Exchange& ex) {
    ex.app.sessions().end(ex.store().database(), ex.session_token);
    record(ex, "sign_out", "ok", "");
    ex.response.add("Set-Cookie", cookie(ex.app, "", 0));
    ex.send_no_content();
}

void me(Exchange& ex) { ex.send_json(200, me_json(*ex.user, ex.organisation(), ex.session->csrf_token, ex.app)); }

}  // namespace

void add_session_routes(Router& router) {
    router.add("POST", "/api/session", Access::anyone, sign_in);
    router.add("DELETE", "/api/session", Access::viewer, sign_out);
    router.add("GET", "/api/me", Access::viewer, me);
}

}  // namespace gapfinder::web
