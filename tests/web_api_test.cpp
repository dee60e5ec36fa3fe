// The web app's JSON API end to end: the real server (app/web) on a loopback ephemeral
// port, over a temporary store holding the bundled Citizens' Panel waves (ingested
// through the normal path), talked to with Poco::Net::HTTPClientSession as a browser
// would: sessions and cookies, CSRF, roles, uploads good and bad, findings and action
// plans against the CLI's own output, and the audit log.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <memory>
#include <thread>

#include "ingest/ingest.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "web_client.hpp"
#include "util/errors.hpp"
#include "web/audit.hpp"
#include "web/auth.hpp"
#include "web/jobs.hpp"
#include "web/http_server.hpp"
#include "web/router.hpp"
#include "web/session.hpp"
#include "web/site.hpp"
#include "web/store_pool.hpp"
#include "web_client.hpp"

namespace gapfinder {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr const char* kAdminPassword = "admin password 2025";
constexpr const char* kPassword = "a long enough password";
constexpr uint64_t kUploadLimit = 64 * 1024;

using test::Client;
using test::Response;

class WebApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        plugins_ = new PluginHost;
        plugins_->load_folder(GAPFINDER_PLUGIN_DIR);
        folders_ = {std::string(SOURCE_DIR) + "/surveys", test::fixture_surveys()};
        surveys_ = new SurveyCatalogue(folders_);
        {
            Store store(db());
            for (const std::string wave : {"2024", "2025"}) {
                IngestRequest r;
                r.file = std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-" + wave + ".csv";
                r.wave = wave;
                r.show_progress = false;
                ingest_file(*plugins_, surveys_->get("citizens-panel"), store, r);
            }
            {  // the bundled consultation, for its EqIA evidence
                IngestRequest r;
                r.file = std::string(SOURCE_DIR) + "/surveys/samples/library-consultation-2025.csv";
                r.wave = "2025";
                r.show_progress = false;
                ingest_file(*plugins_, surveys_->get("library-consultation"), store, r);
            }
            web::Accounts accounts(store.database());
            accounts.add("ada", web::Role::admin, kAdminPassword);  // the default cost, as gapfinder user add
            // Cheaper hashes for the rest keep each test process quick; verify reads
            // the cost stored with each hash.
            accounts.add("anna", web::Role::analyst, kPassword, 20'000);
            accounts.add("alan", web::Role::analyst, kPassword, 20'000);
            accounts.add("victor", web::Role::viewer, kPassword, 20'000);
            accounts.add("rita", web::Role::viewer, kPassword, 20'000);
            accounts.add("paula", web::Role::viewer, kPassword, 20'000);
        }
        web::ServerConfig config;
        config.port = 0;
        config.db_path = db();
        config.max_upload_bytes = kUploadLimit;
        config.temp_parent = dir_->path().string();
        config.login.max_failures = 3;
        config.login.base_lock = std::chrono::seconds(60);
        server_ = new web::Server(config, *plugins_, *surveys_, folders_);
        server_->start();
    }

    static void TearDownTestSuite() {
        delete server_;
        delete surveys_;
        delete plugins_;
        delete dir_;
    }

    static std::string db() { return dir_->file("web.db"); }
    static uint16_t port() { return server_->port(); }
    static Client client() { return Client(port()); }
    static Client signed_in(const std::string& name) {
        Client c = client();
        const auto r = c.sign_in(name, name == "ada" ? kAdminPassword : kPassword);
        EXPECT_EQ(r.status, 200) << r.body;
        return c;
    }
    static std::string upload_dir() { return server_->app().upload_dir(); }
    static size_t files_in_upload_dir() {
        return static_cast<size_t>(std::distance(fs::directory_iterator(upload_dir()), fs::directory_iterator()));
    }

    static Object::Ptr finished_job(Client& c, const std::string& id) { return test::finished_job(c, id); }

    static std::vector<Object::Ptr> audit(const std::string& action) {
        Client admin = signed_in("ada");
        const auto r = admin.send("GET", "/api/audit?limit=1000&action=" + action);
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<Object::Ptr> out;
        auto entries = r.json()->getArray("entries");
        for (size_t i = 0; i < entries->size(); ++i) out.push_back(entries->getObject(static_cast<unsigned>(i)));
        return out;
    }

    static inline test::TempDir* dir_ = nullptr;
    static inline PluginHost* plugins_ = nullptr;
    static inline SurveyCatalogue* surveys_ = nullptr;
    static inline std::vector<std::string> folders_;
    static inline web::Server* server_ = nullptr;
};

const std::string kMiniGood = test::read_file(test::fixture("mini-good.csv"));

TEST_F(WebApi, SignInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession) {
    Client c = client();
    const auto r = c.sign_in("anna", kPassword);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.set_cookies.size(), 1u);
    EXPECT_NE(r.set_cookies[0].find("HttpOnly"), std::string::npos) << r.set_cookies[0];
    EXPECT_NE(r.set_cookies[0].find("SameSite=Strict"), std::string::npos) << r.set_cookies[0];
    EXPECT_NE(r.set_cookies[0].find("Path=/"), std::string::npos);
    EXPECT_EQ(c.cookie.size(), 64u);
    EXPECT_EQ(r.json()->getValue<std::string>("role"), "analyst");

    const auto me = c.send("GET", "/api/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()->getValue<std::string>("user"), "anna");
    EXPECT_EQ(me.json()->getValue<std::string>("csrf_token"), c.csrf);
    EXPECT_TRUE(me.json()->getObject("may")->getValue<bool>("upload"));
    EXPECT_FALSE(me.json()->getObject("may")->getValue<bool>("read_audit_log"));

    EXPECT_EQ(c.send("DELETE", "/api/session").status, 403);  // no CSRF token
    const auto out = c.send_csrf("DELETE", "/api/session");
    EXPECT_EQ(out.status, 204) << out.body;
    ASSERT_FALSE(out.set_cookies.empty());
    EXPECT_NE(out.set_cookies[0].find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(c.send("GET", "/api/me").status, 401);  // the old cookie no longer works
}

TEST_F(WebApi, EveryResponseCarriesTheSecurityHeaders) {
    Client c = client();
    for (const auto& r : {c.send("GET", "/api/me"), c.send("GET", "/nowhere"), signed_in("victor").send("GET", "/api/surveys")}) {
        EXPECT_EQ(r.header("Content-Security-Policy").find("default-src 'self'"), 0u) << r.body;
        EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
        EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
        EXPECT_EQ(r.header("Cache-Control"), "no-store");
    }
}

TEST_F(WebApi, WrongPasswordsAndUnknownNamesAreRefusedAlike) {
    Client c = client();
    const auto wrong = c.sign_in("victor", "not the password at all");
    EXPECT_EQ(wrong.status, 401);
    const auto unknown = c.sign_in("nobody", "not the password at all");
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
    EXPECT_TRUE(wrong.set_cookies.empty());
    // Sign-in takes JSON only, so a cross-site HTML form cannot post one.
    EXPECT_EQ(c.send("POST", "/api/session", "name=victor&password=x", "application/x-www-form-urlencoded").status, 415);
    EXPECT_EQ(c.send("POST", "/api/session", "{not json", "application/json").status, 400);
}

TEST_F(WebApi, RepeatedFailedSignInsAreRateLimitedPerAccount) {
    Client c = client();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(c.sign_in("rita", "guess number " + std::to_string(i)).status, 401);
    // Locked now: even the right password is refused until the lock passes.
    const auto locked = c.sign_in("rita", kPassword);
    EXPECT_EQ(locked.status, 429) << locked.body;
    EXPECT_GE(std::stoi(locked.header("Retry-After")), 50);
    // Another account from the same address is not locked.
    EXPECT_EQ(client().sign_in("victor", kPassword).status, 200);
    bool audited = false;
    for (const auto& e : audit("sign_in"))
        audited |= e->getValue<std::string>("user") == "rita" && e->getValue<std::string>("outcome") == "refused" &&
                   e->getValue<std::string>("detail").find("too many") != std::string::npos;
    EXPECT_TRUE(audited);
}

// The limit is checked and counted in one step: attempts made all at once get no more
// password checks than attempts made one after another.
TEST_F(WebApi, ParallelWrongPasswordsGetNoMorePasswordChecksThanTheLimit) {
    std::vector<std::future<int>> replies;
    for (int i = 0; i < 40; ++i)
        replies.push_back(std::async(std::launch::async, [i] { return client().sign_in("paula", "wrong guess " + std::to_string(i)).status; }));
    int checked = 0, refused = 0;
    for (auto& r : replies) {
        const int status = r.get();
        checked += status == 401;
        refused += status == 429;
    }
    EXPECT_EQ(checked, 3);  // the fixture's max_failures
    EXPECT_EQ(refused, 37);
}

// Made-up names from one address (behind a proxy, everyone's) lock out no real user.
TEST_F(WebApi, UnknownNamesFromOneAddressDoNotLockOutARealUser) {
    for (int i = 0; i < 30; ++i) EXPECT_EQ(client().sign_in("nobody" + std::to_string(i), "junk password " + std::to_string(i)).status, 401);
    EXPECT_EQ(client().sign_in("victor", kPassword).status, 200);
}

// A session is its user's while the user's credential epoch is the one it was made
// with: removing a user and adding another (whatever id it gets), changing a password
// or a role, from the command line while the server runs, ends the session at once.
TEST_F(WebApi, SessionsEndWhenTheirUserIsRemovedOrChangedByAnotherProcess) {
    const std::string cwd = dir_->path().string();
    auto cli = [&](std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.end(), {"--db", db()});
        const auto r = input.empty() ? test::run_gapfinder(args, cwd) : test::run_gapfinder(args, cwd, input + "\n");
        EXPECT_EQ(r.exit_code, 0) << r.err;
    };
    cli({"user", "add", "uma", "--role", "viewer", "--password-stdin"}, kPassword);
    Client uma = signed_in("uma");
    ASSERT_EQ(uma.send("GET", "/api/me").status, 200);
    int64_t uma_id = 0;
    {
        Store store(db());
        uma_id = web::Accounts(store.database()).find("uma")->id;
    }
    cli({"user", "remove", "uma"});
    cli({"user", "add", "ursula", "--role", "admin", "--password-stdin"}, kPassword);
    {
        Store store(db());
        EXPECT_NE(web::Accounts(store.database()).find("ursula")->id, uma_id) << "a removed user's id was given again";
    }
    EXPECT_EQ(uma.send("GET", "/api/me").status, 401);
    EXPECT_EQ(uma.send("GET", "/api/users").status, 401);

    cli({"user", "add", "walt", "--role", "analyst", "--password-stdin"}, kPassword);
    Client walt = signed_in("walt");
    ASSERT_EQ(walt.send("GET", "/api/me").status, 200);
    cli({"user", "set-password", "walt", "--password-stdin"}, std::string(kPassword) + " changed");
    EXPECT_EQ(walt.send("GET", "/api/me").status, 401);

    Client walt_again = client();
    ASSERT_EQ(walt_again.sign_in("walt", std::string(kPassword) + " changed").status, 200);
    cli({"user", "set-role", "walt", "--role", "viewer"});
    EXPECT_EQ(walt_again.send("GET", "/api/me").status, 401);
    cli({"user", "remove", "walt"});
    cli({"user", "remove", "ursula"});  // ada is the only admin again, as other tests expect
}

TEST_F(WebApi, EveryEndpointNeedsASignedInUser) {
    Client c = client();
    const std::vector<std::pair<std::string, std::string>> endpoints = {
        {"GET", "/api/me"},
        {"DELETE", "/api/session"},
        {"GET", "/api/surveys"},
        {"GET", "/api/surveys/citizens-panel/waves"},
        {"GET", "/api/surveys/citizens-panel/waves/2024/findings"},
        {"GET", "/api/surveys/citizens-panel/waves/2024/action-plan?format=csv"},
        {"GET", "/api/surveys/citizens-panel/waves/2024/charts"},
        {"GET", "/api/surveys/citizens-panel/waves/2024/report"},
        {"POST", "/api/inspect"},
        {"POST", "/api/surveys/citizens-panel/waves/2026/ingest"},
        {"GET", "/api/jobs/abc"},
        {"GET", "/api/audit"},
        {"GET", "/api/users"},
        {"POST", "/api/users"},
        {"PATCH", "/api/users/victor"},
        {"DELETE", "/api/users/victor"},
    };
    for (const auto& [method, path] : endpoints) {
        const auto r = c.send(method, path);
        EXPECT_EQ(r.status, 401) << method << " " << path << ": " << r.body;
        EXPECT_NE(r.body.find("\"error\""), std::string::npos);
    }
    // A made-up cookie is no better.
    c.cookie = std::string(64, 'a');
    EXPECT_EQ(c.send("GET", "/api/surveys").status, 401);
}

TEST_F(WebApi, EachRoleMayDoItsOwnThingsOnly) {
    Client viewer = signed_in("victor"), analyst = signed_in("anna"), admin = signed_in("ada");
    // Viewers read findings and download plans...
    EXPECT_EQ(viewer.send("GET", "/api/surveys").status, 200);
    EXPECT_EQ(viewer.send("GET", "/api/surveys/citizens-panel/waves/2024/findings?by=sex").status, 200);
    EXPECT_EQ(viewer.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?format=md").status, 200);
    // ...but do not upload, ingest, read the audit log or manage users.
    EXPECT_EQ(viewer.upload("/api/inspect", kMiniGood, "mini.csv").status, 403);
    EXPECT_EQ(viewer.upload("/api/surveys/mini-panel/waves/2024/ingest", kMiniGood, "mini.csv").status, 403);
    EXPECT_EQ(viewer.send("GET", "/api/jobs/abc").status, 403);
    EXPECT_EQ(viewer.send("GET", "/api/audit").status, 403);
    EXPECT_EQ(viewer.send("GET", "/api/users").status, 403);
    // Analysts also inspect and ingest, but do not read the audit log or manage users.
    EXPECT_EQ(analyst.upload("/api/inspect", kMiniGood, "mini.csv").status, 200);
    EXPECT_EQ(analyst.send("GET", "/api/audit").status, 403);
    EXPECT_EQ(analyst.send_csrf("POST", "/api/users", R"({"name":"eve","role":"admin","password":"xxxxxxxxxxxxxxxx"})",
                                "application/json")
                  .status,
              403);
    // Admins do everything.
    EXPECT_EQ(admin.upload("/api/inspect", kMiniGood, "mini.csv").status, 200);
    EXPECT_EQ(admin.send("GET", "/api/audit").status, 200);
    EXPECT_EQ(admin.send("GET", "/api/users").status, 200);
    // Nothing was uploaded for good: the upload folder is empty again.
    EXPECT_EQ(files_in_upload_dir(), 0u);
}

TEST_F(WebApi, StateChangingRequestsWithoutTheRightCsrfTokenAreRefused) {
    Client analyst = signed_in("anna");
    Client other = signed_in("alan");
    const std::string ingest = "/api/surveys/mini-panel/waves/2034/ingest?wait=1";
    const auto none = analyst.upload(ingest, kMiniGood, "mini.csv", {}, false);
    EXPECT_EQ(none.status, 403);
    EXPECT_NE(none.body.find("CSRF"), std::string::npos) << none.body;
    EXPECT_EQ(analyst.upload(ingest, kMiniGood, "mini.csv", {}, true, std::string(64, '0')).status, 403);
    // Another session's token does not fit this session.
    EXPECT_EQ(analyst.upload(ingest, kMiniGood, "mini.csv", {}, true, other.csrf).status, 403);
    EXPECT_EQ(analyst.upload("/api/inspect", kMiniGood, "mini.csv").status, 200);
    // Nothing was ingested by the refused requests.
    Store store(db());
    for (const auto& w : store.waves("mini-panel")) EXPECT_NE(w.wave, "2034");
}

TEST_F(WebApi, SurveysAndWavesListWhatTheStoreHolds) {
    Client c = signed_in("victor");
    const auto r = c.send("GET", "/api/surveys");
    ASSERT_EQ(r.status, 200);
    auto list = r.json()->getArray("surveys");
    Object::Ptr panel;
    for (size_t i = 0; i < list->size(); ++i)
        if (list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id") == "citizens-panel")
            panel = list->getObject(static_cast<unsigned>(i));
    ASSERT_TRUE(panel);
    auto waves = panel->getArray("waves");
    ASSERT_EQ(waves->size(), 2u);
    EXPECT_EQ(waves->getObject(0)->getValue<std::string>("wave"), "2024");
    EXPECT_EQ(waves->getObject(0)->getValue<int>("respondents"), 2512);
    EXPECT_GT(panel->getArray("groupings")->size(), 5u);

    const auto w = c.send("GET", "/api/surveys/citizens-panel/waves");
    ASSERT_EQ(w.status, 200) << w.body;
    auto files = w.json()->getArray("waves")->getObject(1)->getArray("files");
    EXPECT_EQ(files->getObject(0)->getValue<std::string>("file"), "citizens-panel-2025.csv");
    EXPECT_EQ(files->getObject(0)->getValue<std::string>("plugin"), "citizens-panel-csv");

    EXPECT_EQ(c.send("GET", "/api/surveys/no-such-survey/waves").status, 404);
    EXPECT_EQ(c.send("GET", "/api/no-such-endpoint").status, 404);
    EXPECT_EQ(c.send("PUT", "/api/surveys").status, 405);
}

// The web app publishes perturbed counts (the cell key method), which the command line
// gives with --counts perturbed: byte for byte, from the same store and its secret.
TEST_F(WebApi, FindingsAreByteForByteWhatTheCliWrites) {
    Client c = signed_in("victor");
    struct Case {
        std::string query;
        std::vector<std::string> args;
    };
    const std::vector<Case> cases = {
        {"", {}},
        {"?by=disability,sex&intersections=1&previous_wave=2024",
         {"--by", "disability,sex", "--intersections", "--previous-wave", "2024"}},
        {"?by=race&weighted=1&compare=overall&round_counts=5", {"--by", "race", "--weighted", "--compare", "overall", "--round-counts", "5"}},
        {"?filter=sex%3Dfemale&by=disability&questions=treated_fairly&correction=holm&min_base=50",
         {"--filter", "sex=female", "--by", "disability", "--questions", "treated_fairly", "--correction", "holm", "--min-base", "50"}},
        // Filters repeated, as --filter may be, and left unencoded, as people type them.
        {"?filter=age=age_25_34&filter=sex=female&by=disability&correction=holm",
         {"--filter", "age=age_25_34", "--filter", "sex=female", "--by", "disability", "--correction", "holm"}},
    };
    for (const auto& k : cases) {
        const auto api = c.send("GET", "/api/surveys/citizens-panel/waves/2025/findings" + k.query);
        ASSERT_EQ(api.status, 200) << k.query << ": " << api.body;
        EXPECT_EQ(api.header("Content-Type"), "application/json; charset=utf-8");
        std::vector<std::string> args = {"analyse", "--db", db(), "--surveys-dir", test::fixture_surveys(),
                                         "--survey", "citizens-panel", "--wave", "2025", "--format", "json", "--counts", "perturbed"};
        args.insert(args.end(), k.args.begin(), k.args.end());
        const auto cli = test::run_gapfinder(args, dir_->path().string());
        ASSERT_EQ(cli.exit_code, 0) << cli.err;
        EXPECT_EQ(api.body, cli.out) << "query " << k.query;
    }
}

TEST_F(WebApi, ARequestForAnotherWaveGetsThatWaveOrA404) {
    Client c = signed_in("victor");
    const auto w2024 = c.send("GET", "/api/surveys/citizens-panel/waves/2024/findings?by=disability");
    const auto w2025 = c.send("GET", "/api/surveys/citizens-panel/waves/2025/findings?by=disability");
    ASSERT_EQ(w2024.status, 200);
    ASSERT_EQ(w2025.status, 200);
    EXPECT_EQ(w2024.json()->getValue<std::string>("wave"), "2024");
    EXPECT_EQ(w2025.json()->getValue<std::string>("wave"), "2025");
    EXPECT_EQ(w2024.json()->getValue<int>("respondents"), 2512);
    EXPECT_NE(w2024.body, w2025.body);
    // Waves that are not there, in this survey or another, and unknown surveys.
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2023/findings").status, 404);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2025/findings?previous_wave=2019").status, 404);
    EXPECT_EQ(c.send("GET", "/api/surveys/staff-survey/waves/2024/findings").status, 404);
    EXPECT_EQ(c.send("GET", "/api/surveys/nope/waves/2024/findings").status, 404);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2023/action-plan?format=csv").status, 404);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/..%2F2024/findings").status, 404);
    // Bad options are a 400 naming the option, as the CLI names it.
    const auto bad = c.send("GET", "/api/surveys/citizens-panel/waves/2024/findings?alpha=7");
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("--alpha"), std::string::npos) << bad.body;
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2024/findings?bogus=1").status, 400);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2024/findings?by=shoe_size").status, 400);
}

// A second viewer of the same analysis gets it from the cache, and a change to the store
// by another process (here a --replace of the wave's file through another connection,
// as the command line makes it) is seen by the very next request.
TEST_F(WebApi, FindingsAreKeptUntilTheStoreChanges) {
    // Two viewers' sessions (the same account: the whole-suite run locks some others out).
    Client victor = signed_in("victor"), other = signed_in("victor");
    const std::string path = "/api/surveys/citizens-panel/waves/2024/findings?by=sex&min_base=40";
    const auto before = server_->app().findings_cache().counts();
    const auto first = victor.send("GET", path);
    const auto second = other.send("GET", path);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(second.body, first.body);
    auto counts = server_->app().findings_cache().counts();
    EXPECT_EQ(counts.misses, before.misses + 1);
    EXPECT_EQ(counts.hits, before.hits + 1);
    // Charts with the same options reuse the same analysis.
    ASSERT_EQ(other.send("GET", "/api/surveys/citizens-panel/waves/2024/charts?by=sex&min_base=40").status, 200);
    EXPECT_EQ(server_->app().findings_cache().counts().hits, before.hits + 2);

    // The 2024 file again with its last 500 respondents removed, replacing it.
    const std::string original = test::read_file(std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2024.csv");
    std::string shorter = original;
    for (int i = 0; i < 500; ++i) shorter.erase(shorter.rfind('\n', shorter.size() - 2) + 1);
    auto replace_2024 = [&](const std::string& content) {
        test::write_file(dir_->file("citizens-panel-2024.csv"), content);
        Store store(db());
        IngestRequest r;
        r.file = dir_->file("citizens-panel-2024.csv");
        r.wave = "2024";
        r.replace = true;
        r.show_progress = false;
        ingest_file(*plugins_, surveys_->get("citizens-panel"), store, r);
    };
    replace_2024(shorter);
    const auto after = victor.send("GET", path);
    ASSERT_EQ(after.status, 200) << after.body;
    EXPECT_EQ(after.json()->getValue<int>("respondents"), first.json()->getValue<int>("respondents") - 500);
    counts = server_->app().findings_cache().counts();
    EXPECT_EQ(counts.misses, before.misses + 2);
    // The wave as the other tests of this server expect it.
    replace_2024(original);
    EXPECT_EQ(victor.send("GET", path).body, first.body);
}

// The server answers on several threads at once, each analysing through the shared
// store; simultaneous requests must not disturb one another.
TEST_F(WebApi, ConcurrentFindingsRequestsGiveIdenticalBytes) {
    Client c = signed_in("victor");
    const std::string path =
        "/api/surveys/citizens-panel/waves/2025/findings?by=disability,sex&intersections=1&filter=age=age_25_34";
    const auto first = c.send("GET", path);
    ASSERT_EQ(first.status, 200) << first.body;
    std::vector<std::future<Response>> replies;
    for (int i = 0; i < 6; ++i)
        replies.push_back(std::async(std::launch::async, [&c, &path] {
            Client copy = c;  // the same session, each request on its own connection
            return copy.send("GET", path);
        }));
    for (auto& f : replies) {
        const Response r = f.get();
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_TRUE(r.body == first.body) << "a concurrent reply differs (" << r.body.size() << " and " << first.body.size()
                                          << " bytes)";
    }
}

// The survey's disclosure floor (surveys/citizens-panel.json, "disclosure") holds for every
// role and every figure endpoint: a request may raise it, never lower it, and only the
// survey's allowed groupings may be filters. Every read is in the audit log, refused or not.
TEST_F(WebApi, NoReadGoesBelowTheSurveysDisclosureFloor) {
    Client c = signed_in("victor");
    const std::string wave = "/api/surveys/citizens-panel/waves/2025/";
    for (const char* endpoint : {"findings", "charts", "report", "action-plan"}) {
        const auto r = c.send("GET", wave + endpoint + "?by=sexual_orientation&questions=sat_council&suppress_below=0&min_base=0");
        EXPECT_EQ(r.status, 400) << endpoint << ": " << r.body;
        EXPECT_NE(r.body.find("--suppress-below 0 is below the disclosure floor of survey citizens-panel (10;"), std::string::npos)
            << endpoint << ": " << r.body;
    }
    auto r = c.send("GET", wave + "findings?min_base=20");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("--min-base 20 is below the disclosure floor of survey citizens-panel (30;"), std::string::npos) << r.body;
    // The command line's way below the floor does not exist here.
    r = c.send("GET", wave + "findings?below_disclosure_floor=1&suppress_below=0&min_base=0");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json()->getValue<std::string>("error"), "unknown parameter \"below_disclosure_floor\"");
    // Filters: only the groupings the survey allows, and never down to a handful of people.
    for (const char* filter : {"race=pakistani", "sexual_orientation=gay_or_lesbian", "disability=disabled"}) {
        r = c.send("GET", wave + "findings?by=age&filter=" + filter);
        EXPECT_EQ(r.status, 400) << filter;
        EXPECT_NE(r.body.find("does not allow filtering on"), std::string::npos) << r.body;
        EXPECT_EQ(r.body.find("respondents_analysed"), std::string::npos) << r.body;
    }
    r = c.send("GET", wave + "findings?by=race&filter=age=age_16_24&filter=age=age_25_34");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("age = age_16_24; age = age_25_34: leaves too few respondents to publish"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("respondents_analysed"), std::string::npos) << r.body;
    // Raising is allowed.
    r = c.send("GET", wave + "findings?by=sex&questions=sat_council&suppress_below=20&min_base=40&round_counts=5");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto settings = r.json()->getObject("settings");
    EXPECT_EQ(settings->getValue<double>("suppress_below"), 20);
    EXPECT_EQ(settings->getValue<double>("min_base"), 40);
    EXPECT_FALSE(r.json()->has("not_for_publication"));
    // The survey tells the pages what it allows.
    const auto surveys = c.send("GET", "/api/surveys").json()->getArray("surveys");
    for (size_t i = 0; i < surveys->size(); ++i) {
        const auto s = surveys->getObject(static_cast<unsigned>(i));
        if (s->getValue<std::string>("id") != "citizens-panel") continue;
        const auto filter_by = s->getObject("disclosure")->getArray("filter_by");
        ASSERT_EQ(filter_by->size(), 2u);
        EXPECT_EQ(filter_by->getElement<std::string>(0), "age");
        EXPECT_EQ(filter_by->getElement<std::string>(1), "sex");
    }

    // Every read is in the audit log, with the user and every parameter: the refused
    // ones on each endpoint, and the answered one.
    std::set<std::string> refused;
    bool answered = false;
    for (const auto& entry : audit("read")) {
        const std::string detail = entry->getValue<std::string>("detail");
        const std::string outcome = entry->getValue<std::string>("outcome");
        EXPECT_EQ(entry->getValue<std::string>("user"), "victor");
        for (const char* endpoint : {"findings", "charts", "report", "action plan"})
            if (outcome == "refused" &&
                detail.find(std::string(endpoint) + " citizens-panel wave 2025 ?by=sexual_orientation&questions=sat_council"
                                                    "&suppress_below=0&min_base=0: --suppress-below 0") == 0)
                refused.insert(endpoint);
        if (outcome == "ok" && detail == "findings citizens-panel wave 2025 ?by=sex&questions=sat_council&suppress_below=20"
                                         "&min_base=40&round_counts=5")
            answered = true;
    }
    EXPECT_EQ(refused.size(), 4u);
    EXPECT_TRUE(answered);
}

TEST_F(WebApi, ActionPlansDownloadInEachFormatAsTheCliWritesThem) {
    Client c = signed_in("victor");
    const auto md = c.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?format=md&layout=eflg");
    ASSERT_EQ(md.status, 200) << md.body;
    EXPECT_EQ(md.header("Content-Disposition"), "attachment; filename=\"citizens-panel-2024-action-plan.md\"");
    const auto cli = test::run_gapfinder({"export", "action-plan", "--db", db(), "--survey", "citizens-panel", "--wave", "2024",
                                          "--layout", "eflg", "--format", "md", "--counts", "perturbed"},
                                         dir_->path().string());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(md.body, cli.out);

    const auto xlsx = c.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan");  // xlsx by default
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    EXPECT_EQ(xlsx.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const auto csv = c.send("GET", "/api/surveys/citizens-panel/waves/2025/action-plan?format=csv&previous_wave=2024");
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?format=pdf").status, 400);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?layout=wavy").status, 400);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?filter=sex%3Dfemale").status, 400);
    EXPECT_EQ(files_in_upload_dir(), 0u);  // the workbook's temporary file is gone

    const auto exports = audit("export");
    ASSERT_GE(exports.size(), 3u);
    EXPECT_EQ(exports[0]->getValue<std::string>("user"), "victor");
    EXPECT_NE(exports[0]->getValue<std::string>("detail").find("citizens-panel wave 2025"), std::string::npos);
}

TEST_F(WebApi, InspectNamesThePluginTheColumnsAndADraftDefinition) {
    Client c = signed_in("anna");
    // The sample's first rows, to fit the test's upload limit.
    std::string sample = test::read_file(std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2024.csv");
    sample = sample.substr(0, sample.rfind('\n', 60'000) + 1);
    const auto r = c.upload("/api/inspect", sample, "panel.csv");
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    EXPECT_EQ(j->getValue<std::string>("plugin"), "citizens-panel-csv");
    EXPECT_EQ(j->getValue<std::string>("file"), "panel.csv");
    EXPECT_GT(j->getArray("candidates")->size(), 1u);
    auto columns = j->getArray("columns");
    ASSERT_GT(columns->size(), 10u);
    EXPECT_EQ(columns->getObject(0)->getValue<std::string>("heading"), "Respondent ID");
    EXPECT_EQ(columns->getObject(0)->getArray("values")->size(), 0u);  // ids are never listed
    EXPECT_TRUE(j->getObject("draft")->has("groupings") || j->getObject("draft")->has("characteristics")) << r.body.substr(0, 300);
    // Values seen fewer than 10 times are not listed, so no rare answer singles anyone out.
    for (size_t i = 0; i < columns->size(); ++i) {
        auto values = columns->getObject(static_cast<unsigned>(i))->getArray("values");
        for (size_t v = 0; v < values->size(); ++v)
            EXPECT_GE(values->getObject(static_cast<unsigned>(v))->getValue<int>("count"), 10);
    }
    EXPECT_EQ(files_in_upload_dir(), 0u);
}

// No response shows where the server keeps its files: an error about a survey
// definition names the definition's file, not its folder.
TEST_F(WebApi, ErrorsNameNoServerPath) {
    Client c = signed_in("anna");
    const auto r = c.upload("/api/surveys/mini-panel/waves/2041/ingest", kMiniGood, "mini-good.csv");
    ASSERT_EQ(r.status, 202) << r.body;
    ASSERT_TRUE(finished_job(c, r.json()->getValue<std::string>("id")));
    const auto weighted = c.send("GET", "/api/surveys/mini-panel/waves/2041/findings?weighted=1");
    ASSERT_EQ(weighted.status, 400) << weighted.body;
    EXPECT_NE(weighted.body.find("mini-panel.json"), std::string::npos) << weighted.body;
    for (const std::string& folder : {test::fixture_surveys(), std::string(SOURCE_DIR), dir_->path().string()})
        EXPECT_EQ(weighted.body.find(folder), std::string::npos) << weighted.body;
    EXPECT_EQ(weighted.body.find("\"/"), std::string::npos) << weighted.body;
}

// Inspect is shared beyond the analyst who holds the file: a value held by fewer
// respondents than the threshold is counted, never named, in the columns, the lines
// it could not map, and the draft.
TEST_F(WebApi, InspectNamesNoValueHeldByFewerThanTheThreshold) {
    Client c = signed_in("anna");
    std::string csv = "Respondent ID,What is your ethnic group?,Team,How satisfied are you with your job?\n";
    for (int i = 0; i < 24; ++i)
        csv += "R" + std::to_string(i) + "," + (i == 0 ? "Zorblaxian" : i < 12 ? "Indian" : "Pakistani") + "," +
               (i == 1 ? "Skunkworks" : i % 2 ? "Housing" : "Planning") + "," +
               (i == 2 ? "Purple" : i % 3 ? "Very satisfied" : "Fairly dissatisfied") + "\n";
    const auto r = c.upload("/api/inspect", csv, "rare.csv");
    ASSERT_EQ(r.status, 200) << r.body;
    for (const char* rare : {"Zorblaxian", "Skunkworks", "Purple"}) EXPECT_EQ(r.body.find(rare), std::string::npos) << rare << ": " << r.body;
    EXPECT_NE(r.body.find("not listed"), std::string::npos) << r.body;
}

TEST_F(WebApi, AnIngestRunsAsAJobThatReportsRowsAndStoresTheWave) {
    Client c = signed_in("anna");
    const auto r = c.upload("/api/surveys/mini-panel/waves/2024/ingest", kMiniGood, "mini-good.csv");
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string id = r.json()->getValue<std::string>("id");
    EXPECT_EQ(r.header("Location"), "/api/jobs/" + id);
    const auto job = finished_job(c, id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->getValue<std::string>("state"), "succeeded");
    EXPECT_EQ(job->getValue<int>("rows_read"), 4);
    EXPECT_EQ(job->getObject("result")->getValue<int>("respondents"), 4);
    EXPECT_EQ(job->getObject("result")->getValue<std::string>("file"), "mini-good.csv");

    // The job is the analyst's: another analyst does not see it; an admin does.
    EXPECT_EQ(signed_in("alan").send("GET", "/api/jobs/" + id).status, 404);
    EXPECT_EQ(signed_in("ada").send("GET", "/api/jobs/" + id).status, 200);

    Store store(db());
    ASSERT_EQ(store.ingests("mini-panel", "2024").size(), 1u);
    EXPECT_EQ(store.ingests("mini-panel", "2024").at(0).file_name, "mini-good.csv");
    // The same file again is refused, unless replace is asked for.
    const auto again = c.upload("/api/surveys/mini-panel/waves/2024/ingest?wait=1", kMiniGood, "mini-good.csv");
    EXPECT_EQ(again.status, 422) << again.body;
    const auto replaced =
        c.upload("/api/surveys/mini-panel/waves/2024/ingest?wait=1", kMiniGood, "mini-good.csv", {{"replace", "1"}});
    EXPECT_EQ(replaced.status, 201) << replaced.body;
    EXPECT_EQ(files_in_upload_dir(), 0u);

    const auto ingests = audit("ingest");
    ASSERT_GE(ingests.size(), 3u);
    EXPECT_EQ(ingests[0]->getValue<std::string>("user"), "anna");
    EXPECT_EQ(ingests[0]->getValue<std::string>("outcome"), "ok");
    EXPECT_EQ(ingests[1]->getValue<std::string>("outcome"), "failed");
}

TEST_F(WebApi, ABadUploadReportsRowAndColumnAndStoresNothing) {
    Client c = signed_in("anna");
    // Row 3 has a cell too many; row 2 has an answer the definition does not allow.
    const std::string ragged =
        "ID,Satisfaction with local area,Treated fairly,Sex,Age,Ethnic group,Disabled?,Ward\n"
        "R1,Very satisfied,Agree,Female,34,Martian,No,North\n"
        "R2,Very satisfied,Agree,Female,34,Indian,No,North,extra\n";
    const auto r = c.upload("/api/surveys/mini-panel/waves/2030/ingest?wait=1", ragged, "ragged.csv");
    ASSERT_EQ(r.status, 422) << r.body;
    auto j = r.json();
    EXPECT_EQ(j->getValue<std::string>("file"), "ragged.csv");
    EXPECT_EQ(j->getValue<int>("row"), 2);
    EXPECT_EQ(j->getValue<std::string>("column"), "Ethnic group");
    auto problems = j->getArray("problems");
    ASSERT_EQ(problems->size(), 2u) << r.body;
    EXPECT_EQ(problems->getObject(1)->getValue<int>("row"), 3);
    EXPECT_NE(j->getValue<std::string>("error").find("nothing was stored"), std::string::npos);
    // Neither the temporary path nor the definition's place on the server is shown.
    EXPECT_EQ(r.body.find(upload_dir()), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(SOURCE_DIR), std::string::npos) << r.body;

    Store store(db());
    EXPECT_TRUE(store.ingests("mini-panel", "2030").empty());
    EXPECT_EQ(files_in_upload_dir(), 0u);

    // A job that failed says so, with the same places, when polled.
    const auto queued = c.upload("/api/surveys/mini-panel/waves/2030/ingest", ragged, "ragged.csv");
    ASSERT_EQ(queued.status, 202);
    const auto job = finished_job(c, queued.json()->getValue<std::string>("id"));
    ASSERT_TRUE(job);
    EXPECT_EQ(job->getValue<std::string>("state"), "failed");
    EXPECT_EQ(job->getObject("error")->getValue<int>("row"), 2);

    // Not a file at all, and a form without one.
    EXPECT_EQ(c.send_csrf("POST", "/api/surveys/mini-panel/waves/2030/ingest", "hello", "text/plain").status, 415);
    EXPECT_EQ(c.upload("/api/surveys/no-such-survey/waves/2030/ingest", kMiniGood, "mini.csv").status, 404);
    EXPECT_TRUE(Store(db()).ingests("mini-panel", "2030").empty());
}

// Before storing, an upload is read through the chosen survey exactly as an ingest reads
// it: ready with its respondents, or every problem by row and column; nothing is stored.
TEST_F(WebApi, ACheckReadsTheFileAsAnIngestWouldAndStoresNothing) {
    Client c = signed_in("anna");
    const auto ready = c.upload("/api/surveys/mini-panel/check", kMiniGood, "mini-good.csv");
    ASSERT_EQ(ready.status, 200) << ready.body;
    EXPECT_TRUE(ready.json()->getValue<bool>("ready"));
    EXPECT_GT(ready.json()->getValue<int>("respondents"), 0);
    const std::string ragged =
        "ID,Satisfaction with local area,Treated fairly,Sex,Age,Ethnic group,Disabled?,Ward\n"
        "R1,Very satisfied,Agree,Female,34,Martian,No,North\n";
    const auto bad = c.upload("/api/surveys/mini-panel/check", ragged, "ragged.csv");
    ASSERT_EQ(bad.status, 422) << bad.body;
    EXPECT_EQ(bad.json()->getValue<int>("row"), 2);
    EXPECT_EQ(bad.json()->getValue<std::string>("column"), "Ethnic group");
    EXPECT_EQ(bad.body.find(upload_dir()), std::string::npos) << bad.body;
    EXPECT_TRUE(Store(db()).ingests("mini-panel", "2042").empty());
    EXPECT_EQ(files_in_upload_dir(), 0u);
    EXPECT_EQ(signed_in("victor").upload("/api/surveys/mini-panel/check", kMiniGood, "mini.csv").status, 403);
}

TEST_F(WebApi, AnOversizedUploadIsRefusedAndNotKept) {
    Client c = signed_in("anna");
    const std::string big(kUploadLimit + 40 * 1024, 'x');
    const auto r = c.upload("/api/surveys/mini-panel/waves/2031/ingest", big, "big.csv");
    EXPECT_EQ(r.status, 413) << r.body;
    EXPECT_NE(r.body.find("upload limit"), std::string::npos) << r.body;
    const auto far_too_big = c.upload("/api/inspect", std::string(kUploadLimit * 3, 'x'), "big.csv");
    EXPECT_EQ(far_too_big.status, 413) << far_too_big.body;
    EXPECT_EQ(files_in_upload_dir(), 0u);
    EXPECT_TRUE(Store(db()).ingests("mini-panel", "2031").empty());
}

TEST_F(WebApi, AFileNameCannotPointOutsideTheUploadFolder) {
    Client c = signed_in("anna");
    for (const std::string name : {"../../../../tmp/evil.csv", "..\\..\\evil.csv", "/etc/evil.csv", "....//evil.csv"}) {
        const auto r = c.upload("/api/inspect", kMiniGood, name);
        ASSERT_EQ(r.status, 200) << name << ": " << r.body;
        EXPECT_EQ(r.json()->getValue<std::string>("file"), "evil.csv") << name;
    }
    const auto r = c.upload("/api/surveys/mini-panel/waves/2032/ingest?wait=1", kMiniGood, "../../secret/.hidden.csv");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()->getObject("result")->getValue<std::string>("file"), "hidden.csv");
    EXPECT_FALSE(fs::exists("/tmp/evil.csv"));
    EXPECT_FALSE(fs::exists(dir_->path() / "evil.csv"));
    EXPECT_FALSE(fs::exists(fs::path(upload_dir()).parent_path() / "evil.csv"));
    EXPECT_EQ(files_in_upload_dir(), 0u);
}

TEST_F(WebApi, TheAuditLogRecordsSignInsIngestsAndExportsForAdminsOnly) {
    Client analyst = signed_in("anna");
    ASSERT_EQ(analyst.upload("/api/surveys/mini-panel/waves/2033/ingest?wait=1", kMiniGood, "audited.csv").status, 201);
    ASSERT_EQ(analyst.send("GET", "/api/surveys/citizens-panel/waves/2024/action-plan?format=json").status, 200);
    client().sign_in("anna", "wrong password here");

    Client admin = signed_in("ada");
    const auto r = admin.send("GET", "/api/audit?limit=20");
    ASSERT_EQ(r.status, 200) << r.body;
    auto entries = r.json()->getArray("entries");
    std::map<std::string, std::string> seen;  // action/outcome -> detail
    for (size_t i = 0; i < entries->size(); ++i) {
        auto e = entries->getObject(static_cast<unsigned>(i));
        EXPECT_FALSE(e->getValue<std::string>("at").empty());
        EXPECT_EQ(e->getValue<std::string>("address"), "127.0.0.1");
        seen.emplace(e->getValue<std::string>("action") + "/" + e->getValue<std::string>("outcome") + "/" +
                         e->getValue<std::string>("user"),
                     e->getValue<std::string>("detail"));  // the newest of each
    }
    EXPECT_TRUE(seen.count("sign_in/ok/anna"));
    EXPECT_TRUE(seen.count("sign_in/refused/anna"));
    EXPECT_TRUE(seen.count("sign_in/ok/ada"));
    ASSERT_TRUE(seen.count("ingest/ok/anna"));
    EXPECT_NE(seen["ingest/ok/anna"].find("audited.csv"), std::string::npos);
    ASSERT_TRUE(seen.count("export/ok/anna"));
    EXPECT_NE(seen["export/ok/anna"].find("json"), std::string::npos);
    // Newest first, and paged with before=ID.
    const auto first = entries->getObject(0)->getValue<int64_t>("id");
    const auto older = admin.send("GET", "/api/audit?limit=1&before=" + std::to_string(first)).json()->getArray("entries");
    ASSERT_EQ(older->size(), 1u);
    EXPECT_LT(older->getObject(0)->getValue<int64_t>("id"), first);
    EXPECT_EQ(analyst.send("GET", "/api/audit").status, 403);

    // Append-only in the store itself.
    Store store(db());
    EXPECT_THROW(store.database().exec("DELETE FROM audit_log"), db::Error);
    EXPECT_THROW(store.database().exec("UPDATE audit_log SET user_name = 'x'"), db::Error);
}

TEST_F(WebApi, AdminsManageUsersAndTheLastAdminStays) {
    Client admin = signed_in("ada");
    const auto add = admin.send_csrf("POST", "/api/users", R"({"name":"nina","role":"viewer","password":"nina's long password"})",
                                     "application/json");
    ASSERT_EQ(add.status, 201) << add.body;
    EXPECT_EQ(admin.send_csrf("POST", "/api/users", R"({"name":"nina","role":"viewer","password":"nina's long password"})",
                              "application/json")
                  .status,
              409);
    EXPECT_EQ(admin.send_csrf("POST", "/api/users", R"({"name":"short","role":"viewer","password":"short"})", "application/json")
                  .status,
              400);
    Client nina = client();
    ASSERT_EQ(nina.sign_in("nina", "nina's long password").status, 200);
    EXPECT_EQ(nina.upload("/api/inspect", kMiniGood, "mini.csv").status, 403);
    const auto promote = admin.send_csrf("PATCH", "/api/users/nina", R"({"role":"analyst"})", "application/json");
    ASSERT_EQ(promote.status, 200) << promote.body;
    EXPECT_EQ(nina.send("GET", "/api/me").status, 401);  // a role change ends their sessions
    ASSERT_EQ(nina.sign_in("nina", "nina's long password").status, 200);
    EXPECT_EQ(nina.upload("/api/inspect", kMiniGood, "mini.csv").status, 200);
    EXPECT_EQ(admin.send_csrf("DELETE", "/api/users/nina").status, 204);
    EXPECT_EQ(nina.send("GET", "/api/me").status, 401);
    EXPECT_EQ(admin.send_csrf("DELETE", "/api/users/nina").status, 404);
    // The only admin cannot be removed or demoted.
    EXPECT_EQ(admin.send_csrf("DELETE", "/api/users/ada").status, 400);
    EXPECT_EQ(admin.send_csrf("PATCH", "/api/users/ada", R"({"role":"viewer"})", "application/json").status, 400);
    // Passwords never come back.
    const auto users = admin.send("GET", "/api/users");
    EXPECT_EQ(users.body.find("pbkdf2"), std::string::npos);
    EXPECT_EQ(users.body.find("password"), std::string::npos);
}

// Behind a TLS proxy every connection comes from the proxy: the client's own address,
// which the audit log records and the sign-in limits count, is the one the proxy adds
// to X-Forwarded-For, and only when the peer is the proxy named with --trusted-proxy.
TEST(WebClientAddress, XForwardedForCountsOnlyFromATrustedProxyAndOnlyItsLastEntry) {
    const std::vector<std::string> proxy = {"10.0.0.5"};
    EXPECT_EQ(web::client_address("10.0.0.5", "203.0.113.9", proxy), "203.0.113.9");
    // Earlier entries were written by the client: only the one the proxy appended counts.
    EXPECT_EQ(web::client_address("10.0.0.5", "198.51.100.1, 203.0.113.9", proxy), "203.0.113.9");
    EXPECT_EQ(web::client_address("10.0.0.5", "  2001:db8::7 ", proxy), "2001:db8::7");
    EXPECT_EQ(web::client_address("10.0.0.5", "", proxy), "10.0.0.5");
    EXPECT_EQ(web::client_address("10.0.0.5", "203.0.113.9, not-an-address", proxy), "10.0.0.5");
    EXPECT_EQ(web::client_address("192.0.2.44", "203.0.113.9", proxy), "192.0.2.44");  // not the proxy
    EXPECT_EQ(web::client_address("10.0.0.5", "203.0.113.9", {}), "10.0.0.5");         // no proxy named
}

TEST_F(WebApi, TheAuditLogHasTheClientsAddressFromATrustedProxyOnly) {
    // A user of its own: wrong passwords are counted in the store across the suite's
    // servers, and whether this is refused as wrong or as locked, the entry has the address.
    {
        Store store(db());
        web::Accounts(store.database()).add("proxied", web::Role::viewer, kPassword, 20'000);
    }
    const auto refused_from = [](uint16_t server_port, const std::string& forwarded) {
        Client c(server_port);
        Object o;
        o.set("name", "proxied");
        o.set("password", "a wrong password for the proxy test");
        std::ostringstream body;
        o.stringify(body);
        const int status = c.send("POST", "/api/session", body.str(), "application/json", {{"X-Forwarded-For", forwarded}}).status;
        EXPECT_TRUE(status == 401 || status == 429) << status;
        for (const auto& e : audit("sign_in"))
            if (e->getValue<std::string>("user") == "proxied" && e->getValue<std::string>("outcome") == "refused")
                return e->getValue<std::string>("address");  // the newest
        return std::string("(none)");
    };
    // This suite's server names no proxy: the header is the client's word and is ignored.
    EXPECT_EQ(refused_from(port(), "203.0.113.9"), "127.0.0.1");

    web::ServerConfig config;
    config.port = 0;
    config.db_path = db();
    config.temp_parent = dir_->path().string();
    config.trusted_proxies = {"127.0.0.1"};
    web::Server behind_proxy(config, *plugins_, *surveys_, folders_);
    behind_proxy.start();
    EXPECT_EQ(refused_from(behind_proxy.port(), "198.51.100.1, 203.0.113.9"), "203.0.113.9");
    EXPECT_EQ(refused_from(behind_proxy.port(), "garbage"), "127.0.0.1");
}

// A request borrows an open store and gives it back: the next borrower gets the same
// connection, scoped again to the default organisation whoever used it last, and the
// pool keeps no more idle stores than it was asked to.
TEST(WebStorePool, StoresAreReusedUnscopedAndKeptWithinTheLimit) {
    test::TempDir dir;
    web::StorePool pool(dir.file("pool.db"), 1);
    // A temporary table lives as long as its SQLite connection: it tells a reused store
    // from a newly opened one.
    const auto marked = [](Store& store) {
        try {
            store.database().exec("SELECT count(*) FROM temp.lent");
            return true;
        } catch (const db::Error&) {
            return false;
        }
    };
    {
        auto a = pool.acquire();
        a->database().exec("CREATE TEMP TABLE lent (x)");
        a->use_organisation(42);
    }
    {
        auto again = pool.acquire();
        EXPECT_TRUE(marked(*again));  // reused, not opened again
        EXPECT_EQ(again->organisation(), kDefaultOrganisation);
        auto second = pool.acquire();  // none idle: a new one
        EXPECT_FALSE(marked(*second));
    }  // both given back; only one is kept (the first given back, `second`), the other closed
    auto x = pool.acquire(), y = pool.acquire();
    EXPECT_FALSE(marked(*x));
    EXPECT_FALSE(marked(*y));
}

TEST(WebServer, RefusesToStartWithoutAnyAccount) {
    test::TempDir dir;
    PluginHost plugins;
    SurveyCatalogue surveys({test::fixture_surveys()});
    web::ServerConfig config;
    config.port = 0;
    config.db_path = dir.file("empty.db");
    try {
        web::Server server(config, plugins, surveys, {});
        FAIL() << "started without accounts";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("gapfinder user add"), std::string::npos) << e.what();
    }
}

TEST(WebAuth, PasswordsAreSaltedPbkdf2AndCheckedExactly) {
    const std::string a = web::hash_password("correct horse battery", 1000);
    const std::string b = web::hash_password("correct horse battery", 1000);
    EXPECT_NE(a, b);  // a fresh salt each time
    EXPECT_EQ(a.rfind("pbkdf2-sha256$1000$", 0), 0u) << a;
    EXPECT_TRUE(web::check_password("correct horse battery", a));
    EXPECT_FALSE(web::check_password("correct horse batterY", a));
    EXPECT_FALSE(web::check_password("correct horse battery", "pbkdf2-sha256$1000$zz$zz"));
    EXPECT_FALSE(web::check_password("", ""));
    EXPECT_EQ(web::hash_password("x").rfind("pbkdf2-sha256$310000$", 0), 0u);
}

// RFC 7914, section 11: the two PBKDF2-HMAC-SHA256 test vectors. Checks that the hash
// is the standard KDF (so stored hashes can be verified by any other implementation),
// not just that it round-trips.
TEST(WebAuth, Pbkdf2IsTheStandardKdfByRfc7914sVectors) {
    const auto hex = [](const std::vector<unsigned char>& bytes) {
        std::string out;
        char b[3];
        for (unsigned char c : bytes) std::snprintf(b, sizeof b, "%02x", c), out += b;
        return out;
    };
    const auto bytes = [](const std::string& text) { return std::vector<unsigned char>(text.begin(), text.end()); };
    EXPECT_EQ(hex(web::pbkdf2_sha256("passwd", bytes("salt"), 1, 64)),
              "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
              "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    const std::string nacl = "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                             "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d";
    EXPECT_EQ(hex(web::pbkdf2_sha256("Password", bytes("NaCl"), 80000, 64)), nacl);
    // The stored form uses the same KDF: a hash made elsewhere with it is accepted.
    const std::string stored = "pbkdf2-sha256$80000$" + hex(bytes("NaCl")) + "$" + nacl.substr(0, 2 * web::kHashBytes);
    EXPECT_TRUE(web::check_password("Password", stored));
    EXPECT_FALSE(web::check_password("password", stored));
}

TEST(WebAuth, ASuccessfulSignInClearsTheAccountsFailures) {
    using Outcome = web::LoginLimiter::Outcome;
    test::TempDir dir;
    Store store(dir.file("limits.db"));
    db::Database& db = store.database();
    web::LoginLimits limits;
    limits.max_failures = 3;
    web::LoginLimiter limiter(limits);
    auto attempt = [&](const std::string& name, const std::string& address, Outcome outcome) {
        const long long wait = limiter.begin(db, name, address);
        if (wait == 0) limiter.end(db, name, address, outcome);
        return wait;
    };
    EXPECT_EQ(attempt("rita", "10.0.0.1", Outcome::failed_real_account), 0);
    EXPECT_EQ(attempt("RITA", "10.0.0.1", Outcome::failed_real_account), 0);  // names match ignoring case
    EXPECT_EQ(attempt("rita", "10.0.0.1", Outcome::succeeded), 0);
    // The count starts again: two more failures do not lock...
    EXPECT_EQ(attempt("rita", "10.0.0.1", Outcome::failed_real_account), 0);
    EXPECT_EQ(attempt("rita", "10.0.0.2", Outcome::failed_real_account), 0);
    // ...the third in a row does, for that account from every address,
    EXPECT_EQ(attempt("rita", "10.0.0.3", Outcome::failed_real_account), 0);
    EXPECT_GE(limiter.begin(db, "Rita", "10.0.0.1"), limits.base_lock.count() - 1);
    EXPECT_GE(limiter.begin(db, "rita", "10.0.0.9"), limits.base_lock.count() - 1);
    // and for no other account.
    EXPECT_EQ(attempt("victor", "10.0.0.1", Outcome::succeeded), 0);
    // Checks in flight count against what is left: with two failures left, a third
    // attempt waits for the two to end, and if they fail it sees the lock.
    EXPECT_EQ(attempt("paula", "10.0.0.1", Outcome::failed_real_account), 0);
    ASSERT_EQ(limiter.begin(db, "paula", "10.0.0.1"), 0);
    ASSERT_EQ(limiter.begin(db, "paula", "10.0.0.1"), 0);
    auto third = std::async(std::launch::async, [&] {
        Store own(dir.file("limits.db"));  // a connection of its own thread
        return limiter.begin(own.database(), "paula", "10.0.0.1");
    });
    EXPECT_EQ(third.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
    limiter.end(db, "paula", "10.0.0.1", Outcome::failed_real_account);
    limiter.end(db, "paula", "10.0.0.1", Outcome::failed_real_account);
    EXPECT_GE(third.get(), limits.base_lock.count() - 1);
}

// Finished jobs are kept within a size as well as a count, so that big results or
// errors cannot pile up in the server's memory.
TEST(WebJobs, FinishedJobsAreKeptWithinSixteenMebibytes) {
    test::TempDir dir;
    Store store(dir.file("jobs.db"));
    web::Jobs jobs(dir.file("jobs.db"));
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) {
        ids.push_back(jobs.start(store.database(), {}, [](const web::Jobs::Update& update) {
            update([](web::JobStatus& s) {
                s.state = "succeeded";
                s.result_json = std::string(1u << 20, 'x');
            });
        }));
        ASSERT_TRUE(jobs.wait(ids.back(), std::chrono::seconds(30)));
    }
    jobs.join_all();  // the last status is written
    size_t kept = 0;
    for (const auto& id : ids) kept += web::Jobs::get(store.database(), id).has_value();
    EXPECT_LE(kept, 17u);
    EXPECT_GE(kept, 15u);
    EXPECT_TRUE(web::Jobs::get(store.database(), ids.back()));
    EXPECT_FALSE(web::Jobs::get(store.database(), ids.front()));
}

// Made-up names count against themselves only: however many, from one address (behind
// a proxy, everyone's), they lock out no real user; failures on real accounts do count
// against the address.
TEST(WebAuth, UnknownNamesNeverLockOutTheirAddress) {
    using Outcome = web::LoginLimiter::Outcome;
    test::TempDir dir;
    Store store(dir.file("limits.db"));
    db::Database& db = store.database();
    web::LoginLimits limits;
    limits.max_failures_per_address = 4;
    web::LoginLimiter limiter(limits);
    for (int i = 0; i < 50; ++i) {
        ASSERT_EQ(limiter.begin(db, "junk" + std::to_string(i), "10.0.0.1"), 0);
        limiter.end(db, "junk" + std::to_string(i), "10.0.0.1", Outcome::failed_unknown_name);
    }
    ASSERT_EQ(limiter.begin(db, "victor", "10.0.0.1"), 0);
    limiter.end(db, "victor", "10.0.0.1", Outcome::succeeded);
    for (const char* name : {"a", "b", "c", "d"}) {
        ASSERT_EQ(limiter.begin(db, name, "10.0.0.1"), 0);
        limiter.end(db, name, "10.0.0.1", Outcome::failed_real_account);
    }
    EXPECT_GT(limiter.begin(db, "victor", "10.0.0.1"), 0);
    EXPECT_EQ(limiter.begin(db, "victor", "10.0.0.2"), 0);
}

// Once a lock has run out, the account gets one attempt at a time: a failure locks it
// again, for twice as long; a success clears it.
TEST(WebAuth, AnAccountIsFreeAgainOnceItsLockHasRunOut) {
    using Outcome = web::LoginLimiter::Outcome;
    test::TempDir dir;
    Store store(dir.file("limits.db"));
    db::Database& db = store.database();
    web::LoginLimits limits;
    limits.max_failures = 2;
    limits.base_lock = std::chrono::seconds(0);  // runs out at once
    limits.max_lock = std::chrono::hours(1);
    web::LoginLimiter limiter(limits);
    for (int i = 0; i < 2; ++i) {
        ASSERT_EQ(limiter.begin(db, "rita", "10.0.0.1"), 0);
        limiter.end(db, "rita", "10.0.0.1", Outcome::failed_real_account);
    }
    ASSERT_EQ(limiter.begin(db, "rita", "10.0.0.1"), 0) << "the lock has run out";
    limiter.end(db, "rita", "10.0.0.1", Outcome::succeeded);
    ASSERT_EQ(limiter.begin(db, "rita", "10.0.0.1"), 0);
    limiter.end(db, "rita", "10.0.0.1", Outcome::abandoned);
}

// A place for a password check that a server took and never gave back (it stopped in
// the middle of the check) stops counting once it is stale, so it cannot lock an
// account for good.
TEST(WebAuth, PlacesInFlightLeftByAStoppedServerDoNotCount) {
    test::TempDir dir;
    Store store(dir.file("limits.db"));
    db::Database& db = store.database();
    web::LoginLimits limits;
    limits.max_failures = 3;
    web::LoginLimiter limiter(limits);
    // Three places in flight, last touched a day before the test: as a crash leaves them.
    db.prepare("INSERT INTO sign_in_limit (kind, key, failures, in_flight, locked_until, updated_at) "
               "VALUES ('account', ?1, 0, 3, 0, 1767225600000)")
        .bind(1, web::sha256_hex("rita"))
        .step();
    ASSERT_EQ(limiter.begin(db, "Rita", "10.0.0.1"), 0);
    limiter.end(db, "Rita", "10.0.0.1", web::LoginLimiter::Outcome::succeeded);
    auto st = db.prepare("SELECT count(*) FROM sign_in_limit WHERE kind = 'account'");
    st.step();
    EXPECT_EQ(st.integer(0), 0) << "a success with nothing in flight forgets the account";
}

// The session test's users: sessions belong to accounts in the store.
std::pair<int64_t, int64_t> two_users(Store& store) {
    web::Accounts accounts(store.database());
    return {accounts.add("sam", web::Role::viewer, kPassword, 1000).id, accounts.add("sue", web::Role::viewer, kPassword, 1000).id};
}

TEST(WebSessions, EndAfterTheIdlePeriodAndTheMaximumAge) {
    using std::chrono::seconds;
    test::TempDir dir;
    Store store(dir.file("sessions.db"));
    db::Database& db = store.database();
    const auto [sam, sue] = two_users(store);
    web::SessionStore idle(seconds(0), seconds(3600));
    std::string csrf;
    const std::string token = idle.create(db, sam, "e", &csrf);
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(csrf.size(), 64u);
    EXPECT_NE(token, csrf);
    EXPECT_FALSE(idle.find(db, token));

    web::SessionStore old(seconds(3600), seconds(0));
    const std::string t = old.create(db, sam, "e", &csrf);
    EXPECT_FALSE(old.find(db, t)) << "kept in use, a session still ends at its maximum age";

    web::SessionStore lasting;
    const std::string a = lasting.create(db, sam, "e", &csrf), b = lasting.create(db, sue, "e", &csrf),
                      c = lasting.create(db, sam, "e", &csrf);
    const auto found = lasting.find(db, a);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user_id, sam);
    EXPECT_TRUE(web::SessionStore::csrf_matches(*found, found->csrf_token));
    EXPECT_FALSE(web::SessionStore::csrf_matches(*found, csrf));  // c's token does not fit a's session
    web::end_sessions_of(db, sam);
    EXPECT_FALSE(lasting.find(db, a));
    EXPECT_FALSE(lasting.find(db, c));
    EXPECT_TRUE(lasting.find(db, b));
    // The store keeps the token's hash, never the token.
    auto rows = [&](const std::string& value) {
        auto st = db.prepare("SELECT count(*) FROM web_session WHERE token_hash = ?1 OR csrf_token = ?1");
        st.bind(1, value).step();
        return st.integer(0);
    };
    EXPECT_EQ(rows(b), 0);
    EXPECT_EQ(rows(web::sha256_hex(b)), 1);
    lasting.end(db, b);
    EXPECT_FALSE(lasting.find(db, b));
    EXPECT_EQ(rows(web::sha256_hex(b)), 0);
}

// A store with one admin, ada, whose password is cheap to check.
std::string store_with_an_admin(const test::TempDir& dir) {
    const std::string db = dir.file("serve.db");
    Store store(db);
    web::Accounts(store.database()).add("ada", web::Role::admin, kAdminPassword, 1000);
    return db;
}

// One request on a session that is then left open, idle in keep-alive, as a browser
// leaves it.
int get_and_stay_connected(Poco::Net::HTTPClientSession& http, const std::string& path) {
    http.setKeepAlive(true);
    Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    http.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(http.receiveResponse(response), body);
    EXPECT_TRUE(response.getKeepAlive());
    return response.getStatus();
}

// Stopping must not wait for idle connections or idle threads to time out (10 s
// each in Poco by default); it used to, now and then, under load.
TEST(WebServer, StopsAtOnceEvenWithAnIdleKeepAliveConnectionOpen) {
    test::TempDir dir;
    PluginHost plugins;
    SurveyCatalogue surveys({test::fixture_surveys()});
    web::ServerConfig config;
    config.port = 0;
    config.db_path = store_with_an_admin(dir);
    config.temp_parent = dir.path().string();
    for (int round = 0; round < 3; ++round) {
        web::Server server(config, plugins, surveys, {test::fixture_surveys()});
        server.start();
        Poco::Net::HTTPClientSession idle("127.0.0.1", server.port());
        ASSERT_EQ(get_and_stay_connected(idle, "/api/me"), 401);
        // Some short-lived connections too, so that several dispatcher threads ran.
        std::vector<std::future<Response>> others;
        for (int i = 0; i < 4; ++i)
            others.push_back(std::async(std::launch::async, [&] { return Client(server.port()).send("GET", "/api/surveys"); }));
        for (auto& f : others) EXPECT_EQ(f.get().status, 401);
        const auto start = std::chrono::steady_clock::now();
        server.stop();
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        EXPECT_LT(took.count(), 2000) << "round " << round << ": stop() took " << took.count() << " ms";
    }
}

// Uploads are read in a reader process with limits: a plugin that crashes, loops or
// swallows memory on a file fails that inspect or ingest with an error saying which,
// stores nothing, and the server answers the next request as before.
TEST(WebServer, APluginThatCrashesLoopsOrSwallowsMemoryFailsOnlyThatUpload) {
    test::TempDir dir;
    PluginHost plugins;
    plugins.load_folder(GAPFINDER_PLUGIN_DIR);
    plugins.load_folder(TEST_RUNAWAY_PLUGIN_DIR);
    SurveyCatalogue surveys({test::fixture_surveys()});
    web::ServerConfig config;
    config.port = 0;
    config.db_path = store_with_an_admin(dir);
    config.temp_parent = dir.path().string();
    config.reader.memory_mib = 256;
    config.reader.cpu_seconds = 1;
    web::Server server(config, plugins, surveys, {test::fixture_surveys()});
    server.start();
    Client c(server.port());
    ASSERT_EQ(c.sign_in("ada", kAdminPassword).status, 200);

    const std::vector<std::pair<std::string, std::string>> cases = {
        {"crash", "crash.runaway: the plugin crashed while the test-runaway plugin read it (signal 11"},
        {"memory", "memory.runaway: stopped while the test-runaway plugin read it: it needed more than the limit of 256 MiB"},
        {"spin", "spin.runaway: stopped while the test-runaway plugin read it: it used the limit of 1 s of processor time"},
    };
    for (const auto& [word, expected] : cases) {
        SCOPED_TRACE(word);
        const auto inspected = c.upload("/api/inspect", "RUNAWAY " + word + "\n", word + ".runaway");
        ASSERT_EQ(inspected.status, 422) << inspected.body;
        EXPECT_NE(inspected.json()->getValue<std::string>("error").find(expected), std::string::npos) << inspected.body;
        EXPECT_EQ(inspected.body.find(dir.path().string()), std::string::npos) << inspected.body;
        EXPECT_EQ(c.send("GET", "/api/me").status, 200);

        const auto ingested = c.upload("/api/surveys/mini-panel/waves/2040/ingest?wait=1", "RUNAWAY " + word + "\n", word + ".runaway");
        ASSERT_EQ(ingested.status, 422) << ingested.body;
        EXPECT_NE(ingested.json()->getValue<std::string>("error").find(expected), std::string::npos) << ingested.body;
        EXPECT_TRUE(Store(config.db_path).ingests("mini-panel", "2040").empty());
    }
    const auto good = c.upload("/api/surveys/mini-panel/waves/2040/ingest?wait=1", kMiniGood, "mini-good.csv");
    EXPECT_EQ(good.status, 201) << good.body;
}

// gapfinder serve as a real process: it prints the port it chose for --port 0, serves
// the API there, and stops cleanly and promptly on SIGINT (Ctrl-C), even with a
// browser-like connection left open.
TEST(WebCli, ServePrintsThePortAnswersOnItAndExitsZeroOnSigint) {
    test::TempDir dir;
    const std::string db = store_with_an_admin(dir);
    Poco::Pipe out, err;
    Poco::ProcessHandle handle = Poco::Process::launch(GAPFINDER_BINARY, {"serve", "--port", "0", "--db", db},
                                                       dir.path().string(), nullptr, &out, &err);
    Poco::PipeInputStream from_server(out), server_log(err);
    std::string log;
    std::thread drain([&] { Poco::StreamCopier::copyToString(server_log, log); });
    std::string line;
    std::getline(from_server, line);
    const std::string prefix = "gapfinder serving " + db + " on http://127.0.0.1:";
    uint16_t port = 0;
    if (line.rfind(prefix, 0) == 0) port = static_cast<uint16_t>(std::stoi(line.substr(prefix.size())));
    EXPECT_NE(port, 0) << "first line: " << line;
    if (port != 0) {
        Client browser(port);
        EXPECT_EQ(browser.send("GET", "/api/me").status, 401);
        const auto signed_in = browser.sign_in("ada", kAdminPassword);
        EXPECT_EQ(signed_in.status, 200) << signed_in.body;
        EXPECT_EQ(browser.send("GET", "/api/users").status, 200);
    }
    Poco::Net::HTTPClientSession idle("127.0.0.1", port);
    if (port != 0) {
        EXPECT_EQ(get_and_stay_connected(idle, "/api/me"), 401);
    }

    const auto start = std::chrono::steady_clock::now();
    Poco::Process::requestTermination(handle.id());  // SIGINT
    auto exited = std::async(std::launch::async, [&handle] { return handle.wait(); });
    if (exited.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        Poco::Process::kill(handle);
        exited.wait();
        drain.join();
        FAIL() << "gapfinder serve did not exit within 20 s of SIGINT";
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_EQ(exited.get(), 0);
    EXPECT_LT(took.count(), 3000) << "exit took " << took.count() << " ms after SIGINT";
    std::string rest;
    Poco::StreamCopier::copyToString(from_server, rest);
    EXPECT_NE(rest.find("Stopping"), std::string::npos) << rest;
    drain.join();
}

TEST(WebCli, UserCommandsManageAccountsWithPasswordsFromStandardInput) {
    test::TempDir dir;
    const std::string cwd = dir.path().string();
    const auto no_users = test::run_gapfinder({"serve", "--port", "0", "--db", "u.db"}, cwd, "");
    EXPECT_EQ(no_users.exit_code, 1);
    EXPECT_NE(no_users.err.find("gapfinder user add"), std::string::npos) << no_users.err;

    const auto empty = test::run_gapfinder({"user", "add", "ada", "--role", "admin", "--password-stdin", "--db", "u.db"}, cwd, "");
    EXPECT_EQ(empty.exit_code, 1);
    const auto shorty = test::run_gapfinder({"user", "add", "ada", "--role", "admin", "--password-stdin", "--db", "u.db"}, cwd,
                                            "short\n");
    EXPECT_EQ(shorty.exit_code, 1);
    EXPECT_NE(shorty.err.find("at least 12"), std::string::npos) << shorty.err;
    const auto bad_role = test::run_gapfinder({"user", "add", "ada", "--role", "root", "--password-stdin", "--db", "u.db"}, cwd,
                                              "a long enough password\n");
    EXPECT_EQ(bad_role.exit_code, 1);
    EXPECT_NE(bad_role.err.find("admin, analyst or viewer"), std::string::npos) << bad_role.err;
    // Without --password-stdin and without a terminal there is nowhere to read it from.
    EXPECT_EQ(test::run_gapfinder({"user", "add", "ada", "--role", "admin", "--db", "u.db"}, cwd, "x\n").exit_code, 1);

    const auto ok = test::run_gapfinder({"user", "add", "ada", "--role", "admin", "--password-stdin", "--db", "u.db"}, cwd,
                                        "a long enough password\n");
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(test::run_gapfinder({"user", "add", "vic", "--role", "viewer", "--password-stdin", "--db", "u.db"}, cwd,
                                  "another long password\n")
                  .exit_code,
              0);
    EXPECT_EQ(test::run_gapfinder({"user", "set-role", "vic", "--role", "analyst", "--db", "u.db"}, cwd, "").exit_code, 0);
    const auto list = test::run_gapfinder({"user", "list", "--db", "u.db"}, cwd, "");
    EXPECT_NE(list.out.find("ada"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("analyst"), std::string::npos) << list.out;
    EXPECT_EQ(list.out.find("pbkdf2"), std::string::npos);
    const auto last_admin = test::run_gapfinder({"user", "remove", "ada", "--db", "u.db"}, cwd, "");
    EXPECT_EQ(last_admin.exit_code, 1);
    EXPECT_NE(last_admin.err.find("only admin"), std::string::npos) << last_admin.err;
    EXPECT_EQ(test::run_gapfinder({"user", "remove", "vic", "--db", "u.db"}, cwd, "").exit_code, 0);

    Store store(dir.file("u.db"));
    web::Accounts accounts(store.database());
    EXPECT_TRUE(accounts.verify("ada", "a long enough password"));
    EXPECT_FALSE(accounts.find("vic"));
    std::vector<std::string> actions;
    for (const auto& e : web::audit_entries(store.database(), 10)) actions.push_back(e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"user_remove", "user_set_role", "user_add", "user_add"}));
}


// The pages' figures: the report download is what `gapfinder report` writes, and the
// charts are the report's own charts, byte for byte (one chart code path).
TEST_F(WebApi, TheReportDownloadIsWhatGapfinderReportWrites) {
    Client c = signed_in("victor");
    const auto api = c.send("GET", "/api/surveys/citizens-panel/waves/2025/report?by=disability,sex&previous_wave=2024");
    ASSERT_EQ(api.status, 200) << api.body;
    EXPECT_EQ(api.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(api.header("Content-Disposition"), "attachment; filename=\"citizens-panel-2025-report.html\"");
    const auto cli = test::run_gapfinder({"report", "--db", db(), "--surveys-dir", test::fixture_surveys(), "--survey",
                                          "citizens-panel", "--wave", "2025", "--by", "disability,sex", "--previous-wave", "2024",
                                          "--counts", "perturbed"},
                                         dir_->path().string());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(api.body, cli.out);
    bool audited = false;
    for (const auto& e : audit("export"))
        audited |= e->getValue<std::string>("user") == "victor" &&
                   e->getValue<std::string>("detail").find("report citizens-panel wave 2025") != std::string::npos;
    EXPECT_TRUE(audited);
}

TEST_F(WebApi, ChartsAreTheReportsChartsAndDrillDownByQuestion) {
    Client c = signed_in("victor");
    const std::string query = "?by=disability,religion_belief&intersections=1";
    const auto charts = c.send("GET", "/api/surveys/citizens-panel/waves/2025/charts" + query);
    ASSERT_EQ(charts.status, 200) << charts.body;
    const auto report = c.send("GET", "/api/surveys/citizens-panel/waves/2025/report" + query);
    ASSERT_EQ(report.status, 200);
    auto doc = charts.json();
    auto heatmaps = doc->getArray("heatmaps");
    ASSERT_EQ(heatmaps->size(), 2u);
    EXPECT_EQ(heatmaps->getObject(0)->getValue<std::string>("characteristic"), "disability");
    EXPECT_EQ(doc->getArray("questions")->size(), 7u);
    auto bars = doc->getArray("bar_charts");
    std::set<std::string> flagged;
    for (size_t i = 0; i < bars->size(); ++i) {
        auto b = bars->getObject(static_cast<unsigned>(i));
        flagged.insert(b->getValue<std::string>("question") + " " + b->getValue<std::string>("characteristic"));
        EXPECT_NE(report.body.find(b->getValue<std::string>("svg")), std::string::npos) << "bar chart " << i << " is not the report's";
    }
    for (size_t i = 0; i < heatmaps->size(); ++i)
        EXPECT_NE(report.body.find(heatmaps->getObject(static_cast<unsigned>(i))->getValue<std::string>("svg")), std::string::npos);
    // The flagged gaps of the bundled 2025 wave for these characteristics.
    EXPECT_TRUE(flagged.count("sat_council disability")) << charts.body.substr(0, 300);
    EXPECT_TRUE(flagged.count("influence religion_belief"));

    const auto drill = c.send("GET", "/api/surveys/citizens-panel/waves/2025/charts" + query + "&question=treated_fairly");
    ASSERT_EQ(drill.status, 200) << drill.body;
    auto d = drill.json();
    EXPECT_EQ(d->getArray("heatmaps")->size(), 0u);
    ASSERT_EQ(d->getArray("bar_charts")->size(), 2u);
    EXPECT_EQ(d->getArray("bar_charts")->getObject(1)->getValue<std::string>("characteristic"), "religion_belief");
    EXPECT_EQ(d->getArray("bar_charts")->getObject(1)->getValue<std::string>("question"), "treated_fairly");

    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2025/charts?question=shoe_size").status, 400);
    EXPECT_EQ(c.send("GET", "/api/surveys/citizens-panel/waves/2023/charts").status, 404);
    EXPECT_EQ(client().send("GET", "/api/surveys/citizens-panel/waves/2025/charts").status, 401);
}

// The EqIA evidence downloads for every signed-in role as the command line writes it
// with the web app's perturbed counts; quotes, redacted but not yet checked by an
// officer, go to analysts and admins only, and no planted personal data is in any copy.
TEST_F(WebApi, TheEqiaDownloadsForEachRoleAndQuotesOnlyForAnalysts) {
    const std::string base = "/api/surveys/library-consultation/waves/2025/eqia";
    EXPECT_EQ(client().send("GET", base + "?format=md").status, 401);
    Client viewer = signed_in("victor"), analyst = signed_in("anna");
    const auto md = analyst.send("GET", base + "?format=md");
    ASSERT_EQ(md.status, 200) << md.body;
    EXPECT_EQ(md.header("Content-Disposition"), "attachment; filename=\"library-consultation-2025-eqia.md\"");
    const auto cli = test::run_gapfinder({"export", "eqia", "--db", db(), "--survey", "library-consultation", "--wave", "2025",
                                          "--format", "md", "--counts", "perturbed"},
                                         dir_->path().string());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(md.body, cli.out);
    EXPECT_NE(md.body.find("\n> \u201C"), std::string::npos) << "the analyst's copy has quotes";
    EXPECT_NE(md.body.find("cell key method"), std::string::npos);

    const auto seen = viewer.send("GET", base + "?format=md");
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(seen.body.find("\n> "), std::string::npos) << "a viewer's copy has no quotes";
    EXPECT_NE(seen.body.find("Quotes are left out of this copy"), std::string::npos);
    const auto html = viewer.send("GET", base);  // HTML by default
    ASSERT_EQ(html.status, 200);
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8");
    const auto xlsx = analyst.send("GET", base + "?format=xlsx");
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

    const auto truth = test::parse_object(
        test::read_file(std::string(SOURCE_DIR) + "/surveys/samples/truth/library-consultation-2025.truth.json"));
    const auto planted = truth->getArray("personal_data");
    std::string all = md.body + seen.body + html.body;
    for (char& ch : all) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (size_t i = 0; i < planted->size(); ++i) {
        const auto strings = planted->getObject(static_cast<unsigned>(i))->getArray("strings");
        for (size_t k = 0; k < strings->size(); ++k) {
            std::string item = strings->getElement<std::string>(static_cast<unsigned>(k));
            for (char& ch : item) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            EXPECT_EQ(all.find(item), std::string::npos) << "planted \"" << item << "\" reached a download";
        }
    }
    EXPECT_EQ(viewer.send("GET", base + "?format=pdf").status, 400);
    EXPECT_EQ(viewer.send("GET", base + "?filter=sex%3Dfemale").status, 400);
    EXPECT_EQ(viewer.send("GET", base + "?suppress_below=3").status, 400);  // under the disclosure floor
    EXPECT_EQ(viewer.send("GET", "/api/surveys/library-consultation/waves/2030/eqia").status, 404);
    EXPECT_EQ(files_in_upload_dir(), 0u);
}

TEST_F(WebApi, WithoutBuiltPagesOnlyTheApiAnswers) {
    const auto page = client().send("GET", "/findings");
    EXPECT_EQ(page.status, 404);
    EXPECT_NE(page.body.find("no web pages"), std::string::npos) << page.body;
    EXPECT_EQ(client().send("POST", "/findings").status, 405);
}

// The pages are read once, wrapped in the layout, and served from memory: no request
// path reaches the file system.
TEST(WebSite, PagesAreWrappedInTheLayoutAndOnlyFilesPresentAtStartAreServed) {
    test::TempDir dir;
    fs::create_directories(dir.path() / "pages");
    fs::create_directories(dir.path() / "static" / "js");
    test::write_file(dir.file("pages/layout.html"), "<title>{{title}}</title><main>{{main}}</main><script src=\"/static/js/{{page}}.js\">");
    test::write_file(dir.file("pages/findings.html"), "<!-- title: Findings -->\n<h1>Gaps</h1>\n");
    test::write_file(dir.file("static/js/findings.js"), "export {}\n");
    const web::Site site(dir.path().string());
    const web::SiteFile* page = site.find("/findings");
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(page->body, "<title>Findings</title><main><h1>Gaps</h1>\n</main><script src=\"/static/js/findings.js\">");
    EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
    ASSERT_NE(site.find("/static/js/findings.js"), nullptr);
    EXPECT_EQ(site.find("/static/js/findings.js")->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(site.find("/layout"), nullptr);
    EXPECT_EQ(site.find("/static/../pages/layout.html"), nullptr);
    EXPECT_EQ(site.find("/pages/findings.html"), nullptr);
    // Added after start: not served.
    test::write_file(dir.file("static/js/later.js"), "export {}\n");
    EXPECT_EQ(site.find("/static/js/later.js"), nullptr);

    test::write_file(dir.file("pages/untitled.html"), "<h1>No title line</h1>\n");
    try {
        web::Site bad(dir.path().string());
        FAIL() << "a page without its title line was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("untitled.html, line 1"), std::string::npos) << e.what();
    }
    EXPECT_THROW(web::find_site_folder((dir.path() / "nowhere").string()), InputError);
}

// Searching comments: analysts and admins only (a viewer gets 403, as for every route
// above the role), the comments redacted and labelled with their comment question only,
// at most 50 a request with the count of all matches, bad parameters a 400 or 404, and
// every search in the audit log with its words.
TEST_F(WebApi, CommentSearchIsForAnalystsRedactedUnlabelledCappedAndAudited) {
    {
        Store store(db());
        if (store.ingests("library-consultation", "2025").empty()) {
            IngestRequest r;
            r.file = std::string(SOURCE_DIR) + "/surveys/samples/library-consultation-2025.csv";
            r.wave = "2025";
            r.show_progress = false;
            ingest_file(*plugins_, surveys_->get("library-consultation"), store, r);
        }
    }
    const std::string base = "/api/surveys/library-consultation/waves/2025/comments/search";
    auto encoded = [](const std::string& q) {
        std::string out;
        Poco::URI::encode(q, "&=+?#/\"", out);
        return out;
    };
    EXPECT_EQ(signed_in("victor").send("GET", base + "?q=ramp").status, 403);
    EXPECT_EQ(client().send("GET", base + "?q=ramp").status, 401);

    Client anna = signed_in("anna");
    const auto r = anna.send("GET", base + "?q=" + encoded("wheelchair ramp"));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    EXPECT_TRUE(body->getValue<bool>("redacted"));
    const auto matches = body->getValue<uint64_t>("matches");
    EXPECT_GT(matches, 0u);
    const auto comments = body->getArray("comments");
    EXPECT_EQ(comments->size(), std::min<uint64_t>(matches, 20));
    for (size_t i = 0; i < comments->size(); ++i) {
        const auto c = comments->getObject(static_cast<unsigned>(i));
        std::vector<std::string> names;
        c->getNames(names);
        EXPECT_EQ(names, (std::vector<std::string>{"comment", "text"})) << "a comment carries nothing but its question and text";
    }
    for (const char* label : {"disab", "Disab", "age", "ethnic", "sex", "group", "respondent", "LC25-"})
        EXPECT_EQ(r.body.find(std::string("\"") + label), std::string::npos) << label << " in " << r.body;

    // Capped: 50 at most; the count of matches stays whole.
    const auto many = anna.send("GET", base + "?q=library&limit=50");
    ASSERT_EQ(many.status, 200) << many.body;
    EXPECT_EQ(many.json()->getArray("comments")->size(), 50u);
    EXPECT_GT(many.json()->getValue<uint64_t>("matches"), 50u);
    EXPECT_EQ(anna.send("GET", base + "?q=library&limit=51").status, 400);
    EXPECT_EQ(anna.send("GET", base + "?q=library&limit=0").status, 400);
    EXPECT_EQ(anna.send("GET", base + "?q=library&by=disability").status, 400);
    EXPECT_EQ(anna.send("GET", base).status, 400);
    const auto no_words = anna.send("GET", base + "?q=" + encoded("\" * ( --"));
    EXPECT_EQ(no_words.status, 400);
    EXPECT_NE(no_words.body.find("no words to look for"), std::string::npos) << no_words.body;
    EXPECT_EQ(anna.send("GET", base + "?q=" + encoded("NEAR(ramp \"lift")).status, 200);
    EXPECT_EQ(anna.send("GET", base + "?q=ramp&comment=nope").status, 404);
    EXPECT_EQ(anna.send("GET", "/api/surveys/library-consultation/waves/1999/comments/search?q=ramp").status, 404);
    const auto why = anna.send("GET", base + "?q=ramp&comment=why_support");
    ASSERT_EQ(why.status, 200) << why.body;
    EXPECT_EQ(why.json()->getValue<std::string>("comment"), "why_support");

    // A planted name is found and shown redacted.
    const auto name = anna.send("GET", base + "?q=" + encoded("\"Margaret Jones\""));
    ASSERT_EQ(name.status, 200) << name.body;
    EXPECT_GE(name.json()->getValue<uint64_t>("matches"), 1u);
    EXPECT_EQ(name.body.find("Margaret"), std::string::npos) << name.body;
    EXPECT_NE(name.body.find("[name]"), std::string::npos) << name.body;

    EXPECT_EQ(signed_in("ada").send("GET", base + "?q=ramp").status, 200);

    bool logged = false, refused = false;
    for (const auto& e : audit("read")) {
        const auto detail = e->getValue<std::string>("detail");
        if (detail.find("comment search library-consultation wave 2025 ?q=wheelchair ramp") == 0)
            logged = logged || (e->getValue<std::string>("user") == "anna" && e->getValue<std::string>("outcome") == "ok");
        if (detail.find("comment search library-consultation wave 2025 ?q=library&limit=51") == 0)
            refused = refused || e->getValue<std::string>("outcome") == "refused";
    }
    EXPECT_TRUE(logged);
    EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace gapfinder
