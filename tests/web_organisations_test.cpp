// Organisations on one shared server (issue 20): two councils that each hold the same
// survey and wave label with different data, a survey only one of them holds, and a
// partnership of both with a user of its own. At the API: each council sees only its
// own waves, findings, users and audit entries; another's survey or wave is a 404 with
// the body of one that does not exist; cached findings are never shared; the
// partnership's user reads the pooled analysis `gapfinder pool analyse` gives, and no
// member's rows. And the command line's --organisation.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "ingest/ingest.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "web/audit.hpp"
#include "web/auth.hpp"
#include "web/http_server.hpp"
#include "web_client.hpp"

namespace gapfinder {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using test::Client;
using test::Response;

constexpr const char* kPassword = "a long enough password";
constexpr const char* kCouncilA = "Council A";
constexpr const char* kCouncilB = "Council B";
constexpr const char* kFindings = "/api/surveys/citizens-panel/waves/2025/findings?by=disability";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

class WebOrganisations : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        plugins_ = new PluginHost;
        plugins_->load_folder(GAPFINDER_PLUGIN_DIR);
        folders_ = {std::string(SOURCE_DIR) + "/surveys", test::fixture_surveys()};
        surveys_ = new SurveyCatalogue(folders_);
        {
            Store store(db());
            const Organisation a = store.add_organisation(kCouncilA, "council");
            const Organisation b = store.add_organisation(kCouncilB, "council");
            const Organisation p = store.add_organisation("Leicestershire", "partnership");
            store.add_member(p.name, a.name);
            store.add_member(p.name, b.name);
            auto ingest = [&](const Organisation& o, const std::string& survey, const std::string& sample) {
                store.use_organisation(o.id);
                IngestRequest r;
                r.file = std::string(SOURCE_DIR) + "/surveys/samples/" + sample;
                r.wave = "2025";
                r.show_progress = false;
                ingest_file(*plugins_, surveys_->get(survey), store, r);
            };
            // The same survey and wave label in both councils, with different data.
            ingest(a, "citizens-panel", "citizens-panel-2025.csv");
            ingest(b, "citizens-panel", "citizens-panel-2024.csv");
            ingest(b, "library-consultation", "library-consultation-2025.csv");  // B's alone
            web::Accounts in_a(store.database(), a.id), in_b(store.database(), b.id), in_p(store.database(), p.id);
            in_a.add("amy", web::Role::admin, kPassword, 20'000);
            in_a.add("ash", web::Role::analyst, kPassword, 20'000);
            in_a.add("avery", web::Role::viewer, kPassword, 20'000);
            in_b.add("ben", web::Role::admin, kPassword, 20'000);
            in_b.add("bea", web::Role::viewer, kPassword, 20'000);
            in_p.add("pat", web::Role::analyst, kPassword, 20'000);
        }
        web::ServerConfig config;
        config.port = 0;
        config.db_path = db();
        config.temp_parent = dir_->path().string();
        server_ = new web::Server(config, *plugins_, *surveys_, folders_);
        server_->start();
    }

    static void TearDownTestSuite() {
        delete server_;
        delete surveys_;
        delete plugins_;
        delete dir_;
    }

    static std::string db() { return dir_->file("organisations.db"); }
    static Client signed_in(const std::string& name) {
        Client c(server_->port());
        const auto r = c.sign_in(name, kPassword);
        EXPECT_EQ(r.status, 200) << r.body;
        return c;
    }
    static std::vector<std::string> names_in(const Response& r, const std::string& array, const std::string& field) {
        std::vector<std::string> out;
        auto items = r.json()->getArray(array);
        for (size_t i = 0; i < items->size(); ++i)
            out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>(field));
        return out;
    }
    static uint64_t respondents_of(const std::string& organisation) {
        Store store(db());
        store.use_organisation(store.require_organisation(organisation).id);
        return store.waves("citizens-panel").at(0).respondents;
    }
    static test::RunResult gapfinder(std::vector<std::string> args) {
        args.insert(args.end(), {"--db", db(), "--surveys-dir", test::fixture_surveys()});
        return test::run_gapfinder(args, dir_->path().string());
    }

    static inline test::TempDir* dir_ = nullptr;
    static inline PluginHost* plugins_ = nullptr;
    static inline SurveyCatalogue* surveys_ = nullptr;
    static inline std::vector<std::string> folders_;
    static inline web::Server* server_ = nullptr;
};

TEST_F(WebOrganisations, ACouncilSeesOnlyItsOwnWavesAndTheFindingsTheCommandLineGivesForThem) {
    Client avery = signed_in("avery");
    const auto me = avery.send("GET", "/api/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()->getObject("organisation")->getValue<std::string>("name"), kCouncilA);
    EXPECT_EQ(me.json()->getObject("organisation")->getValue<std::string>("kind"), "council");

    const auto surveys = avery.send("GET", "/api/surveys");
    ASSERT_EQ(surveys.status, 200) << surveys.body;
    EXPECT_EQ(names_in(surveys, "surveys", "id"), std::vector<std::string>{"citizens-panel"});
    auto waves = surveys.json()->getArray("surveys")->getObject(0)->getArray("waves");
    ASSERT_EQ(waves->size(), 1u);
    EXPECT_EQ(waves->getObject(0)->getValue<uint64_t>("respondents"), respondents_of(kCouncilA));
    EXPECT_NE(respondents_of(kCouncilA), respondents_of(kCouncilB));

    const auto api = avery.send("GET", kFindings);
    ASSERT_EQ(api.status, 200) << api.body;
    const auto cli = gapfinder({"analyse", "--organisation", kCouncilA, "--survey", "citizens-panel", "--wave", "2025",
                                "--by", "disability", "--format", "json", "--counts", "perturbed"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_EQ(api.body, cli.out);

    // An analyst sees every definition, to upload to, but only their own waves.
    const auto for_analyst = signed_in("ash").send("GET", "/api/surveys");
    ASSERT_EQ(for_analyst.status, 200);
    const auto listed = for_analyst.json();
    for (const auto& s : *listed->getArray("surveys")) {
        const auto survey = s.extract<Object::Ptr>();
        if (survey->getValue<std::string>("id") != "citizens-panel") {
            EXPECT_EQ(survey->getArray("waves")->size(), 0u) << survey->getValue<std::string>("id");
        }
    }
}

TEST_F(WebOrganisations, AnotherCouncilsSurveyOrWaveIsA404LikeOneThatDoesNotExist) {
    Client avery = signed_in("avery");
    // A viewer: the survey only B holds answers as a survey no one has ever heard of.
    for (const std::string route : {"/waves", "/waves/2025/findings", "/waves/2025/charts", "/waves/2025/report",
                                    "/waves/2025/action-plan", "/waves/2025/eqia"}) {
        const auto held_by_b = avery.send("GET", "/api/surveys/library-consultation" + route);
        const auto made_up = avery.send("GET", "/api/surveys/no-such-survey" + route);
        EXPECT_EQ(held_by_b.status, 404) << route << ": " << held_by_b.body;
        EXPECT_EQ(made_up.status, 404) << route;
        EXPECT_EQ(replaced(held_by_b.body, "library-consultation", "S"), replaced(made_up.body, "no-such-survey", "S")) << route;
    }
    // An analyst, who sees the definition: B's wave answers as a wave no one holds.
    Client ash = signed_in("ash");
    for (const std::string route : {"/findings", "/charts", "/report", "/action-plan", "/eqia", "/comments/search?q=library"}) {
        const auto held_by_b = ash.send("GET", "/api/surveys/library-consultation/waves/2025" + route);
        const auto made_up = ash.send("GET", "/api/surveys/library-consultation/waves/2031" + route);
        EXPECT_EQ(held_by_b.status, 404) << route << ": " << held_by_b.body;
        EXPECT_EQ(made_up.status, 404) << route;
        EXPECT_EQ(replaced(held_by_b.body, "2025", "W"), replaced(made_up.body, "2031", "W")) << route;
    }
}

TEST_F(WebOrganisations, CachedFindingsAreNeverServedToAnotherCouncil) {
    const auto a = signed_in("avery").send("GET", kFindings);
    const auto b = signed_in("bea").send("GET", kFindings);  // the same survey, wave and options: the same key but for the council
    ASSERT_EQ(a.status, 200);
    ASSERT_EQ(b.status, 200);
    EXPECT_NE(a.body, b.body);
    EXPECT_EQ(a.json()->getValue<uint64_t>("respondents"), respondents_of(kCouncilA));
    EXPECT_EQ(b.json()->getValue<uint64_t>("respondents"), respondents_of(kCouncilB));
    EXPECT_EQ(signed_in("avery").send("GET", kFindings).body, a.body);
}

TEST_F(WebOrganisations, AnAdminSeesAndManagesOnlyTheirOwnCouncilsUsersAndAuditEntries) {
    Client bea = signed_in("bea");
    ASSERT_EQ(bea.send("GET", kFindings).status, 200);  // an entry of B's
    Client amy = signed_in("amy");
    const auto users = amy.send("GET", "/api/users");
    ASSERT_EQ(users.status, 200) << users.body;
    EXPECT_EQ(names_in(users, "users", "name"), (std::vector<std::string>{"amy", "ash", "avery"}));
    for (const std::string name : {"ben", "bea", "pat"}) {
        EXPECT_EQ(amy.send_csrf("PATCH", "/api/users/" + name, R"({"role":"viewer"})", "application/json").status, 404) << name;
        EXPECT_EQ(amy.send_csrf("PATCH", "/api/users/" + name, R"({"password":"a new long password"})", "application/json").status,
                  404) << name;
        EXPECT_EQ(amy.send_csrf("DELETE", "/api/users/" + name).status, 404) << name;
    }
    EXPECT_EQ(signed_in("bea").send("GET", "/api/me").status, 200);  // untouched
    // The last-admin rule is per council: B's admin does not count for A.
    EXPECT_EQ(amy.send_csrf("PATCH", "/api/users/amy", R"({"role":"viewer"})", "application/json").status, 400);
    // A new user joins the admin's council.
    const auto added = amy.send_csrf("POST", "/api/users", R"({"name":"alex","role":"viewer","password":"a long enough password"})",
                                     "application/json");
    ASSERT_EQ(added.status, 201) << added.body;
    {
        Store store(db());
        EXPECT_EQ(web::Accounts(store.database()).find("alex")->organisation_id, store.require_organisation(kCouncilA).id);
    }
    EXPECT_EQ(signed_in("alex").send("GET", kFindings).body, signed_in("avery").send("GET", kFindings).body);

    const auto audit = amy.send("GET", "/api/audit?limit=1000");
    ASSERT_EQ(audit.status, 200);
    const auto who = names_in(audit, "entries", "user");
    EXPECT_FALSE(who.empty());
    for (const auto& name : who) EXPECT_TRUE(name == "amy" || name == "ash" || name == "avery" || name == "alex") << name;
    const auto for_b = signed_in("ben").send("GET", "/api/audit?limit=1000");
    for (const auto& name : names_in(for_b, "entries", "user")) EXPECT_TRUE(name == "ben" || name == "bea") << name;
}

TEST_F(WebOrganisations, APartnershipsUserReadsThePooledAnalysisOfItsCouncilsAndNoRows) {
    Client pat = signed_in("pat");
    const auto me = pat.send("GET", "/api/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.json()->getObject("organisation")->getValue<std::string>("kind"), "partnership");
    EXPECT_FALSE(me.json()->getObject("may")->getValue<bool>("upload"));

    const auto surveys = pat.send("GET", "/api/surveys");
    ASSERT_EQ(surveys.status, 200) << surveys.body;
    EXPECT_EQ(names_in(surveys, "surveys", "id"), (std::vector<std::string>{"citizens-panel", "library-consultation"}));
    const auto waves = pat.send("GET", "/api/surveys/citizens-panel/waves");
    ASSERT_EQ(waves.status, 200) << waves.body;
    auto list = waves.json()->getArray("waves");
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->getObject(0)->getValue<int>("members"), 2);
    EXPECT_FALSE(list->getObject(0)->has("respondents"));

    // The pooled findings are `gapfinder pool analyse --counts perturbed` of each
    // council's cube (with its record keys, from the store's one secret).
    const auto pooled = pat.send("GET", kFindings);
    ASSERT_EQ(pooled.status, 200) << pooled.body;
    for (const std::string council : {kCouncilA, kCouncilB}) {
        const auto cube = gapfinder({"cube", "export", "--survey", "citizens-panel", "--wave", "2025", "--organisation", council,
                                     "--no-intersections", "-o", dir_->file(council + ".cube")});
        ASSERT_EQ(cube.exit_code, 0) << cube.err;
    }
    auto pool = [&](const std::string& counts) {
        return gapfinder({"pool", "analyse", dir_->file("Council A.cube"), dir_->file("Council B.cube"), "--by", "disability",
                          "--counts", counts, "--format", "json"});
    };
    const auto cli = pool("perturbed");
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    Poco::JSON::Parser parser;
    std::ostringstream web_json, cli_json;
    pooled.json()->stringify(web_json);
    parser.parse(cli.out).extract<Object::Ptr>()->stringify(cli_json);
    EXPECT_EQ(web_json.str(), cli_json.str());
    const auto own = signed_in("avery").send("GET", kFindings);
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_NE(pooled.body, own.body);

    // Perturbed, as every web route's counts are, and by the same cell keys: each of
    // Council A's comparison rows publishes the n and positives that A's own findings
    // publish for the same cell, so that neither route gives the other's noise away.
    const auto findings = pooled.json()->getObject("findings");
    EXPECT_EQ(findings->getObject("counts")->getValue<std::string>("kind"), "perturbed");
    const auto own_rows = own.json()->getArray("results");
    auto own_row = [&](const Object::Ptr& r) -> Object::Ptr {
        for (size_t i = 0; i < own_rows->size(); ++i) {
            const auto g = own_rows->getObject(static_cast<unsigned>(i));
            if (g->getValue<std::string>("question") == r->getValue<std::string>("question") &&
                g->getValue<std::string>("characteristic") == r->getValue<std::string>("characteristic") &&
                g->getValue<std::string>("group") == r->getValue<std::string>("group"))
                return g;
        }
        return nullptr;
    };
    const auto councils = pooled.json()->getArray("councils");
    size_t matched = 0;
    for (size_t i = 0; i < councils->size(); ++i) {
        const auto r = councils->getObject(static_cast<unsigned>(i));
        if (r->getValue<std::string>("organisation") != kCouncilA || r->getValue<bool>("suppressed")) continue;
        const auto g = own_row(r);
        ASSERT_TRUE(g) << r->getValue<std::string>("question") << " " << r->getValue<std::string>("group");
        if (g->getValue<bool>("suppressed")) continue;  // A's own table hides it (its other groups are small)
        EXPECT_EQ(r->getValue<double>("n"), g->getValue<double>("n")) << r->getValue<std::string>("question");
        EXPECT_EQ(r->getValue<double>("positives"), g->getValue<double>("positives")) << r->getValue<std::string>("question");
        ++matched;
    }
    EXPECT_GT(matched, 0u);
    // And the perturbation happened: some published count is not the exact count.
    const auto exact = pool("exact");
    ASSERT_EQ(exact.exit_code, 0) << exact.err;
    const auto exact_doc = parser.parse(exact.out).extract<Object::Ptr>();
    const auto exact_councils = exact_doc->getArray("councils");
    const auto exact_results = exact_doc->getObject("findings")->getArray("results");
    const auto results = findings->getArray("results");
    ASSERT_EQ(exact_councils->size(), councils->size());
    ASSERT_EQ(exact_results->size(), results->size());
    size_t differ = 0;
    for (const auto& [shown, truth] : {std::pair{councils, exact_councils}, std::pair{results, exact_results}})
        for (size_t i = 0; i < shown->size(); ++i) {
            const auto x = shown->getObject(static_cast<unsigned>(i)), y = truth->getObject(static_cast<unsigned>(i));
            if (x->getValue<bool>("suppressed")) continue;
            differ += x->getValue<double>("n") != y->getValue<double>("n") ||
                      x->getValue<double>("positives") != y->getValue<double>("positives");
        }
    EXPECT_GT(differ, 0u);

    const auto plan = pat.send("GET", "/api/surveys/citizens-panel/waves/2025/action-plan?format=json&by=disability");
    ASSERT_EQ(plan.status, 200) << plan.body;

    // No rows of theirs: every route that reads or writes rows is absent.
    const std::string wave = "/api/surveys/citizens-panel/waves/2025";
    for (const std::string route : {"/charts", "/report", "/eqia", "/comments/search?q=library"})
        EXPECT_EQ(pat.send("GET", wave + route).status, 404) << route;
    EXPECT_EQ(pat.upload(wave + "/ingest", "ID,Sex\n1,Male\n", "x.csv").status, 404);
    EXPECT_EQ(pat.upload("/api/surveys/citizens-panel/check", "ID,Sex\n1,Male\n", "x.csv").status, 404);
    EXPECT_EQ(pat.upload("/api/inspect", "ID,Sex\n1,Male\n", "x.csv").status, 404);
    // A pooled read is audited as every read is, as the partnership's.
    Store store(db());
    const auto reads = web::audit_entries(store.database(), 1000, 0, "read", store.require_organisation("Leicestershire").id);
    EXPECT_TRUE(std::any_of(reads.begin(), reads.end(), [](const web::AuditEntry& e) {
        return e.user == "pat" && e.outcome == "ok" && e.detail.rfind("findings citizens-panel wave 2025", 0) == 0;
    }));
}

// --organisation scopes what a command reads and writes; a partnership has no rows.
TEST_F(WebOrganisations, TheCommandLinesOrganisationScopesIngestAndAnalyse) {
    test::TempDir here;
    const std::string store = here.file("cli.db");
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--db", store});
        return test::run_gapfinder(args, here.path().string());
    };
    ASSERT_EQ(run({"organisation", "add", "Blaby"}).exit_code, 0);
    ASSERT_EQ(run({"organisation", "add", "Charnwood"}).exit_code, 0);
    const auto partnership = run({"partnership", "add", "Leicestershire", "--members", "Blaby, Charnwood"});
    ASSERT_EQ(partnership.exit_code, 0) << partnership.err;
    const std::string sample = std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2025.csv";
    const auto ingest = run({"ingest", sample, "--survey", "citizens-panel", "--wave", "2025", "--organisation", "Blaby"});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    const std::vector<std::string> analyse = {"analyse", "--survey", "citizens-panel", "--wave", "2025", "--by", "sex"};
    auto with = [&](std::vector<std::string> args, const std::string& organisation) {
        args.insert(args.end(), {"--organisation", organisation});
        return args;
    };
    EXPECT_EQ(run(with(analyse, "Blaby")).exit_code, 0);
    EXPECT_EQ(run(analyse).exit_code, 1);  // "default" holds nothing
    EXPECT_EQ(run(with(analyse, "Charnwood")).exit_code, 1);
    const auto pooled = run(with(analyse, "Leicestershire"));
    EXPECT_EQ(pooled.exit_code, 1);
    EXPECT_NE(pooled.err.find("\"Leicestershire\" is a partnership"), std::string::npos) << pooled.err;
    const auto unknown = run(with(analyse, "Rutland"));
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("no organisation named \"Rutland\""), std::string::npos) << unknown.err;
    const auto bad_member = run({"partnership", "add", "East", "--members", "Blaby,Rutland"});
    EXPECT_EQ(bad_member.exit_code, 1);
    EXPECT_EQ(run({"organisation", "list"}).out.find("East"), std::string::npos) << "a half-made partnership was kept";
    const auto listed = run({"partnership", "list"});
    EXPECT_NE(listed.out.find("Blaby, Charnwood"), std::string::npos) << listed.out;
    const auto user = test::run_gapfinder(
        {"user", "add", "pat", "--role", "viewer", "--password-stdin", "--organisation", "Leicestershire", "--db", store},
        here.path().string(), std::string(kPassword) + "\n");
    EXPECT_EQ(user.exit_code, 0) << user.err;
    const auto users = run({"user", "list", "--organisation", "Blaby"});
    EXPECT_EQ(users.out.find("pat"), std::string::npos) << users.out;
}

// An ingest job is its starter's and their organisation's admins': another council's
// admin is told there is no such job. (Last: it adds a survey to Council A.)
TEST_F(WebOrganisations, AnIngestJobIsSeenOnlyByItsStarterAndTheirOwnAdmins) {
    Client ash = signed_in("ash");
    const auto started = ash.upload("/api/surveys/mini-panel/waves/2024/ingest", test::read_file(test::fixture("mini-good.csv")),
                                    "mini.csv");
    ASSERT_EQ(started.status, 202) << started.body;
    const std::string job = "/api/jobs/" + started.json()->getValue<std::string>("id");
    EXPECT_EQ(signed_in("ben").send("GET", job).status, 404);
    EXPECT_EQ(signed_in("amy").send("GET", job).status, 200);
    std::string state;
    for (int i = 0; i < 600 && state != "succeeded" && state != "failed"; ++i) {
        const auto r = ash.send("GET", job);
        ASSERT_EQ(r.status, 200) << r.body;
        state = r.json()->getValue<std::string>("state");
        if (state != "succeeded" && state != "failed") std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(state, "succeeded");
    Store store(db());
    store.use_organisation(store.require_organisation(kCouncilA).id);
    EXPECT_EQ(store.waves("mini-panel").size(), 1u);
    store.use_organisation(store.require_organisation(kCouncilB).id);
    EXPECT_TRUE(store.waves("mini-panel").empty());
}

}  // namespace
}  // namespace gapfinder
