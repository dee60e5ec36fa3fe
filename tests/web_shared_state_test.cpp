// Two web servers on one store, as two `gapfinder serve` processes behind one proxy
// would be (docs/deployment.md, "Two or more server processes"): a session made on one
// works on the other and outlives a restart, signing out or an account change on one
// (or from the command line) ends it on both, failed sign-ins count alike on both, and a
// job started on one is polled on the other. On SQLite, and on PostgreSQL when
// GAPFINDER_TEST_PG_URL names a server (--gtest_filter='Backends/*').
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "store_location.hpp"
#include "test_support.hpp"
#include "web/auth.hpp"
#include "web/http_server.hpp"
#include "web/jobs.hpp"
#include "web_client.hpp"

namespace gapfinder {
namespace {

using test::Client;

constexpr const char* kAdminPassword = "admin password 2025";
constexpr const char* kPassword = "a long enough password";
constexpr int kMaxFailures = 3;

class WebSharedState : public ::testing::TestWithParam<db::Backend> {
protected:
    static void SetUpTestSuite() {
        plugins_ = new PluginHost;
        plugins_->load_folder(GAPFINDER_PLUGIN_DIR);
        folders_ = {test::fixture_surveys()};
        surveys_ = new SurveyCatalogue(folders_);
    }
    static void TearDownTestSuite() {
        delete surveys_;
        delete plugins_;
    }

    void SetUp() override {
        if (GetParam() == db::Backend::postgresql && test::postgresql_test_url().empty())
            GTEST_SKIP() << "no PostgreSQL server: set GAPFINDER_TEST_PG_URL (scripts/pg-cluster.sh start prints one) "
                            "to run these tests on PostgreSQL too";
        location_ = std::make_unique<test::StoreLocation>(GetParam());
        {
            Store store(db());
            web::Accounts accounts(store.database());
            // Cheap hashes keep the tests quick; verify reads the cost stored with each.
            accounts.add("ada", web::Role::admin, kAdminPassword, 1000);
            accounts.add("anna", web::Role::analyst, kPassword, 1000);
        }
        one_ = start_server();
        two_ = start_server();
    }

    void TearDown() override {
        one_.reset();  // the servers close their connections before the database is dropped
        two_.reset();
        location_.reset();
    }

    std::unique_ptr<web::Server> start_server() {
        web::ServerConfig config;
        config.port = 0;
        config.db_path = db();
        config.temp_parent = dir_.path().string();
        config.login.max_failures = kMaxFailures;
        config.login.base_lock = std::chrono::seconds(60);
        auto server = std::make_unique<web::Server>(config, *plugins_, *surveys_, folders_);
        server->start();
        return server;
    }

    const std::string& db() const { return location_->location(); }

    // A browser signed in on `server` (the password by the user's name).
    static Client signed_in(web::Server& server, const std::string& name) {
        Client c(server.port());
        const auto r = c.sign_in(name, name == "ada" ? kAdminPassword : kPassword);
        EXPECT_EQ(r.status, 200) << r.body;
        return c;
    }

    // The same browser talking to another server, as a proxy may send its next request.
    static Client on(web::Server& server, const Client& browser) {
        Client c(server.port());
        c.cookie = browser.cookie;
        c.csrf = browser.csrf;
        return c;
    }

    static inline PluginHost* plugins_ = nullptr;
    static inline SurveyCatalogue* surveys_ = nullptr;
    static inline std::vector<std::string> folders_;
    test::TempDir dir_;  // the servers' upload folders
    std::unique_ptr<test::StoreLocation> location_;
    std::unique_ptr<web::Server> one_, two_;
};

INSTANTIATE_TEST_SUITE_P(Backends, WebSharedState, ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST_P(WebSharedState, ASessionMadeOnOneServerWorksOnTheOther) {
    Client ada = signed_in(*one_, "ada");
    Client there = on(*two_, ada);
    const auto me = there.send("GET", "/api/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()->getValue<std::string>("user"), "ada");
    EXPECT_EQ(me.json()->getValue<std::string>("csrf_token"), ada.csrf);
    const std::string body = R"({"name": "bea", "role": "viewer", "password": "another long password"})";
    EXPECT_EQ(there.send("POST", "/api/users", body, "application/json").status, 403) << "no CSRF token";
    const auto added = there.send_csrf("POST", "/api/users", body, "application/json");
    EXPECT_EQ(added.status, 201) << added.body;
}

TEST_P(WebSharedState, ARestartedServerKeepsItsSessions) {
    Client anna = signed_in(*one_, "anna");
    one_.reset();
    one_ = start_server();
    const auto me = on(*one_, anna).send("GET", "/api/me");
    EXPECT_EQ(me.status, 200) << me.body;
}

TEST_P(WebSharedState, SigningOutOnOneServerEndsTheSessionOnTheOther) {
    Client anna = signed_in(*one_, "anna");
    const auto out = on(*two_, anna).send_csrf("DELETE", "/api/session");
    EXPECT_EQ(out.status, 204) << out.body;
    EXPECT_EQ(anna.send("GET", "/api/me").status, 401);
}

// As the command line changes accounts: through Accounts on a connection of its own.
TEST_P(WebSharedState, ChangingAPasswordOrRemovingTheUserEndsTheirSessionsOnBothServersAtOnce) {
    Client first = signed_in(*one_, "anna"), second = signed_in(*two_, "anna");
    Store store(db());
    web::Accounts accounts(store.database());
    const int64_t anna = accounts.find("anna")->id;
    auto sessions_of_anna = [&] {
        auto st = store.database().prepare("SELECT count(*) FROM web_session WHERE user_id = ?1");
        st.bind(1, anna).step();
        return st.integer(0);
    };
    EXPECT_EQ(sessions_of_anna(), 2);
    accounts.set_password("anna", std::string(kPassword) + " changed");
    EXPECT_EQ(sessions_of_anna(), 0) << "ended in the same transaction as the change";
    for (Client* c : {&first, &second}) {
        EXPECT_EQ(c->send("GET", "/api/me").status, 401);
        EXPECT_EQ(on(*one_, *c).send("GET", "/api/me").status, 401);
        EXPECT_EQ(on(*two_, *c).send("GET", "/api/me").status, 401);
    }

    Client again(two_->port());
    ASSERT_EQ(again.sign_in("anna", std::string(kPassword) + " changed").status, 200);
    ASSERT_EQ(on(*one_, again).send("GET", "/api/me").status, 200);
    accounts.remove("anna");
    EXPECT_EQ(sessions_of_anna(), 0);
    EXPECT_EQ(again.send("GET", "/api/me").status, 401);
    EXPECT_EQ(on(*one_, again).send("GET", "/api/me").status, 401);
}

TEST_P(WebSharedState, FailedSignInsSpreadOverBothServersLockTheAccountAsOnOne) {
    for (int i = 0; i < kMaxFailures; ++i) {
        Client c((i % 2 ? two_ : one_)->port());
        EXPECT_EQ(c.sign_in("anna", "guess number " + std::to_string(i)).status, 401);
    }
    for (web::Server* server : {one_.get(), two_.get()}) {
        Client c(server->port());
        const auto locked = c.sign_in("anna", kPassword);
        EXPECT_EQ(locked.status, 429) << locked.body;
    }
    EXPECT_EQ(Client(two_->port()).sign_in("ada", kAdminPassword).status, 200) << "another account is not locked";
}

// Places for password checks are taken in the store, in one step with the lock check:
// wrong passwords sent all at once to both servers get no more checks than the limit.
TEST_P(WebSharedState, ParallelWrongPasswordsOnBothServersGetNoMoreChecksThanTheLimit) {
    std::vector<std::future<int>> replies;
    for (int i = 0; i < 20; ++i) {
        const uint16_t port = (i % 2 ? two_ : one_)->port();
        replies.push_back(std::async(std::launch::async, [port, i] {
            return Client(port).sign_in("anna", "wrong guess " + std::to_string(i)).status;
        }));
    }
    int checked = 0, refused = 0;
    for (auto& r : replies) {
        const int status = r.get();
        checked += status == 401;
        refused += status == 429;
    }
    EXPECT_EQ(checked, kMaxFailures);
    EXPECT_EQ(refused, 20 - kMaxFailures);
}

TEST_P(WebSharedState, AJobStartedOnOneServerIsPolledToTheEndOnTheOther) {
    Client anna = signed_in(*one_, "anna");
    const auto r = anna.upload("/api/surveys/mini-panel/waves/2024/ingest", test::read_file(test::fixture("mini-good.csv")),
                               "mini-good.csv");
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string id = r.json()->getValue<std::string>("id");
    Client there = on(*two_, anna);
    const auto job = test::finished_job(there, id);
    ASSERT_TRUE(job);
    EXPECT_EQ(job->getValue<std::string>("state"), "succeeded");
    EXPECT_EQ(job->getValue<int>("rows_read"), 4);
    EXPECT_EQ(job->getObject("result")->getValue<int>("respondents"), 4);
    // Visible to the user who started it and to admins only, on either server.
    EXPECT_EQ(signed_in(*two_, "ada").send("GET", "/api/jobs/" + id).status, 200);
    Client admin = signed_in(*one_, "ada");
    ASSERT_EQ(admin.send_csrf("POST", "/api/users", R"({"name": "bea", "role": "analyst", "password": "another long password"})",
                            "application/json").status, 201);
    Client other(two_->port());
    ASSERT_EQ(other.sign_in("bea", "another long password").status, 200);
    EXPECT_EQ(other.send("GET", "/api/jobs/" + id).status, 404);
    for (const char* not_an_id : {"%FF%FE", "nothing", "0123456789abcdef0123456%27"})
        EXPECT_EQ(there.send("GET", std::string("/api/jobs/") + not_an_id).status, 404) << not_an_id;
}

// A job whose server stopped writing its heartbeat (stopped, or crashed) reads as failed.
TEST_P(WebSharedState, AJobWhoseServerStoppedReadsAsFailed) {
    Client anna = signed_in(*two_, "anna");
    {
        Store store(db());
        const int64_t user = web::Accounts(store.database()).find("anna")->id;
        store.database()
            .prepare(
                "INSERT INTO web_job (id, kind, user_id, user_name, state, phase, survey, wave, file, rows_read, error, "
                "problems, result_json, started_at, finished_at, heartbeat) VALUES ('0123456789abcdef01234567', 'ingest', "
                "?1, 'anna', 'running', 'reading', 'mini-panel', '2024', 'big.csv', 1000, '', '[]', '', "
                "'2026-01-01T00:00:00Z', '', 1767225600)")
            .bind(1, user)
            .step();
    }
    const auto r = anna.send("GET", "/api/jobs/0123456789abcdef01234567");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto job = r.json();
    EXPECT_EQ(job->getValue<std::string>("state"), "failed");
    EXPECT_EQ(job->getObject("error")->getValue<std::string>("error"), web::kJobServerStopped);
}

}  // namespace
}  // namespace gapfinder
