// The store and whole ingests: atomicity, duplicates, replace, migrations, round trips.
// StoreTest runs on SQLite, and on PostgreSQL when GAPFINDER_TEST_PG_URL names a server
// (scripts/test.sh starts one when PostgreSQL is installed).
#include "store/store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "ingest/ingest.hpp"
#include "store/dialect.hpp"
#include "store/migrations.hpp"
#include "store/postgresql.hpp"
#include "store/sqlite.hpp"
#include "store/store_copy.hpp"
#include "store_location.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"
#include "web/audit.hpp"
#include "web/auth.hpp"
#include "web/session.hpp"

namespace gapfinder {
namespace {

const char* kHeader = "ID,Satisfaction with local area,Treated fairly,Sex,Age,Ethnic group,Disabled?,Ward\n";

std::string panel_rows(int first, int count, int bad_row = -1) {
    std::string s = kHeader;
    const char* sat[] = {"Very satisfied", "Fairly satisfied", "Fairly dissatisfied", "Don't know", ""};
    for (int i = 0; i < count; ++i) {
        const int row = i + 2;  // spreadsheet row: the heading is row 1
        s += "R" + std::to_string(first + i) + "," + (row == bad_row ? "Ecstatic" : sat[i % 5]) + "," +
             (i % 3 ? "Agree" : "Disagree") + "," + (i % 2 ? "Male" : "Female") + "," + std::to_string(18 + i % 70) + "," +
             (i % 4 ? "Indian" : "White - British") + "," + (i % 7 ? "No" : "Yes") + "," + (i % 2 ? "North" : "South") + "\n";
    }
    return s;
}

class StoreTest : public ::testing::TestWithParam<db::Backend> {
protected:
    void SetUp() override {
        if (GetParam() == db::Backend::postgresql && test::postgresql_test_url().empty())
            GTEST_SKIP() << "no PostgreSQL server: set GAPFINDER_TEST_PG_URL (scripts/pg-cluster.sh start prints one) "
                            "to run the store tests on PostgreSQL too";
        location = std::make_unique<test::StoreLocation>(GetParam());
        store = std::make_unique<Store>(location->location());
        host.load_folder(GAPFINDER_PLUGIN_DIR);
    }
    void TearDown() override {
        store.reset();  // closes the connection before the database is dropped
        location.reset();
    }
    IngestResult ingest(const std::string& name, const std::string& bytes, const std::string& wave, bool replace = false,
                        Store* into = nullptr) {
        test::write_file(dir.file(name), bytes);
        IngestRequest r;
        r.file = dir.file(name);
        r.wave = wave;
        r.replace = replace;
        r.show_progress = false;
        return ingest_file(host, survey, into ? *into : *store, r);
    }
    std::string error_of(const std::string& name, const std::string& bytes, const std::string& wave) {
        try {
            ingest(name, bytes, wave);
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    }
    PluginHost host;
    test::TempDir dir;  // the test's input files
    SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    std::unique_ptr<test::StoreLocation> location;
    std::unique_ptr<Store> store;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

TEST_P(StoreTest, IngestedWaveLoadsBackAsCodes) {
    const auto r = ingest("good.csv", test::read_file(test::fixture("mini-good.csv")), "2024");
    EXPECT_EQ(r.record.respondents, 4u);
    const Dataset d = store->load_wave(survey, "2024");
    ASSERT_EQ(d.rows(), 4u);
    EXPECT_EQ(d.ids[0], "R1");
    EXPECT_EQ(d.ids[3], "R4");
    // sat_area: Very satisfied, Fairly dissatisfied, Don't know, "2"
    EXPECT_EQ(d.answers[0], (std::vector<uint8_t>{1, 4, 6, 2}));
    // treated_fairly: Agree, Disagree, blank, "1"
    EXPECT_EQ(d.answers[1], (std::vector<uint8_t>{1, 2, kBlank, 1}));
    const Characteristic* age = find_characteristic("age");
    const auto sex = d.groupings[0];
    EXPECT_EQ(sex[2], kUndisclosed);
    EXPECT_EQ(d.groupings[1][0], 1 + age->find("age_25_34"));
    EXPECT_EQ(d.groupings[1][3], kBlank);
    const Characteristic* race = find_characteristic("race");
    EXPECT_EQ(d.groupings[2][1], 1 + race->find("indian"));
    EXPECT_EQ(d.groupings[2][2], 1 + race->find("black"));
    EXPECT_EQ(d.groupings[2][3], 1 + race->find("any_other_ethnic_group"));
    EXPECT_EQ(d.groupings[3][3], kUndisclosed);
    EXPECT_EQ(d.groupings[4], (std::vector<uint8_t>{1, 2, 2, 1}));
}

TEST_P(StoreTest, ABadRowLeavesTheStoreExactlyAsItWas) {
    ingest("w1.csv", panel_rows(1, 300), "2024");
    const auto before_waves = store->waves();
    const Dataset before = store->load_wave(survey, "2024");

    const std::string e = error_of("w2.csv", panel_rows(1, 2000, 1500), "2025");
    EXPECT_NE(e.find("w2.csv: row 1500, column \"Satisfaction with local area\": \"Ecstatic\" is not an allowed answer"),
              std::string::npos) << e;
    EXPECT_NE(e.find("nothing was stored"), std::string::npos) << e;

    const auto after_waves = store->waves();
    ASSERT_EQ(after_waves.size(), before_waves.size());
    EXPECT_EQ(after_waves[0].respondents, 300u);
    EXPECT_THROW(store->load_wave(survey, "2025"), InputError);
    const Dataset after = store->load_wave(survey, "2024");
    EXPECT_EQ(after.answers, before.answers);
    EXPECT_EQ(after.ids.text(), before.ids.text());
}

TEST_P(StoreTest, SameFileTwiceIsRefusedUnlessReplaced) {
    ingest("w.csv", panel_rows(1, 50), "2024");
    const std::string e = error_of("w.csv", panel_rows(1, 50), "2024");
    EXPECT_NE(e.find("already ingested into mini-panel wave 2024"), std::string::npos) << e;
    EXPECT_NE(e.find("--replace"), std::string::npos);
    ingest("w.csv", panel_rows(1, 50), "2024", true);
    EXPECT_EQ(store->ingests("mini-panel", "2024").size(), 1u);
    // A corrected file of the same name replaces the earlier one too.
    ingest("w.csv", panel_rows(1, 40), "2024", true);
    EXPECT_EQ(store->waves()[0].respondents, 40u);
    // The same content is welcome in another wave.
    ingest("w.csv", panel_rows(1, 40), "2025");
    EXPECT_EQ(store->waves().size(), 2u);
}

// The data version the web app keeps findings by: every change an analysis could see
// moves it, whichever connection makes it; reads, and a refused ingest, do not.
TEST_P(StoreTest, TheDataVersionMovesWithEveryChangeAnAnalysisCouldSee) {
    Store other(location->location());  // another connection, as another process has
    auto moved = [&, last = store->data_version()]() mutable {
        const int64_t now = store->data_version();
        EXPECT_EQ(other.data_version(), now);
        const bool changed = now != last;
        last = now;
        return changed;
    };
    EXPECT_FALSE(moved());
    ingest("w.csv", panel_rows(1, 50), "2024");
    EXPECT_TRUE(moved());
    store->load_wave(survey, "2024");
    store->waves();
    EXPECT_FALSE(moved());
    EXPECT_FALSE(error_of("w.csv", panel_rows(1, 50), "2024").empty());  // refused: nothing changed
    EXPECT_FALSE(moved());
    ingest("w.csv", panel_rows(1, 40), "2024", true);  // --replace
    EXPECT_TRUE(moved());
    ingest("x.csv", panel_rows(100, 10), "2024");  // another file into the wave
    EXPECT_TRUE(moved());
    other.cell_key_secret();  // made on first use: perturbed figures depend on it
    EXPECT_TRUE(moved());
    store->cell_key_secret();  // read back: the same secret
    EXPECT_FALSE(moved());
    other.set_cell_key_secret("another secret");
    EXPECT_TRUE(moved());
}

TEST_P(StoreTest, RespondentIdsAreUniqueWithinAWaveAcrossFiles) {
    ingest("online.csv", panel_rows(1, 100), "2024");
    const std::string e = error_of("paper.csv", panel_rows(90, 20), "2024");
    EXPECT_NE(e.find("respondent id \"R90\" is already in mini-panel wave 2024 (from online.csv)"), std::string::npos) << e;
    EXPECT_EQ(store->ingests("mini-panel", "2024").size(), 1u);
    ingest("paper.csv", panel_rows(101, 20), "2024");
    EXPECT_EQ(store->load_wave(survey, "2024").rows(), 120u);
    const std::string dup = error_of("dup.csv", std::string(kHeader) + "X1,,,,,,,\nX2,,,,,,,\nX1,,,,,,,\n", "2026");
    EXPECT_NE(dup.find("row 4, column \"ID\": respondent id \"X1\" appears again (first on row 2)"), std::string::npos) << dup;
}

TEST_P(StoreTest, MissingColumnsAndEmptyFilesAreExplained) {
    const std::string e = error_of("short.csv", "ID,Sex\n1,Male\n", "2024");
    EXPECT_NE(e.find("needs column(s) \"Satisfaction with local area\", \"Treated fairly\""), std::string::npos) << e;
    EXPECT_NE(error_of("empty.csv", "", "2024").find("the file is empty"), std::string::npos);
    EXPECT_NE(error_of("header.csv", kHeader, "2024").find("no respondents"), std::string::npos);
    EXPECT_TRUE(store->waves().empty());
}

// A council upgrading from the gapfinder before the web app (schema 1: no accounts, no
// audit log) must keep every wave it ingested, and get the new tables.
TEST_P(StoreTest, MigratingASchema1StoreKeepsItsWavesAndAddsAccountsAndTheAuditLog) {
    // The old file is made with SQLite's ATTACH; PostgreSQL stores start at schema 6.
    if (GetParam() != db::Backend::sqlite) GTEST_SKIP() << "SQLite stores only: no PostgreSQL store predates schema 6";
    ingest("online.csv", panel_rows(1, 150), "2024");
    ingest("paper.csv", panel_rows(500, 40), "2024");
    ingest("w2.csv", panel_rows(1, 90), "2025");
    const auto waves_before = store->waves();
    const Dataset data_before = store->load_wave(survey, "2024");

    // The file exactly as schema 1 made it: migration 1's tables only, holding this data.
    const std::string old_path = dir.file("schema1.db");
    int64_t application_id = 0;
    {
        auto st = store->database().prepare("PRAGMA application_id");
        st.step();
        application_id = st.integer(0);
    }
    {
        sqlite::Connection old(old_path);
        old.exec(migrations(db::dialect(db::Backend::sqlite)).at(0));
        old.exec("PRAGMA user_version = 1");
        old.exec("PRAGMA application_id = " + std::to_string(application_id));
        old.exec("ATTACH DATABASE '" + store->path() + "' AS current");
        for (const char* table : {"survey", "wave", "ingest", "ingest_column"})
            old.exec(std::string("INSERT INTO main.") + table + " SELECT " +
                     (std::string(table) == "wave" ? "id, survey_id, label, created_at" : "*") + " FROM current." + table);
        old.exec("DETACH DATABASE current");
        auto st = old.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('app_user', 'audit_log')");
        st.step();
        ASSERT_EQ(st.integer(0), 0);
    }

    Store migrated(old_path);
    EXPECT_EQ(migrated.schema_version(), Store::current_schema_version());
    const auto waves_after = migrated.waves();
    ASSERT_EQ(waves_after.size(), waves_before.size());
    for (size_t i = 0; i < waves_before.size(); ++i) {
        EXPECT_EQ(waves_after[i].survey_id, waves_before[i].survey_id);
        EXPECT_EQ(waves_after[i].wave, waves_before[i].wave);
        EXPECT_EQ(waves_after[i].respondents, waves_before[i].respondents);
        EXPECT_EQ(waves_after[i].ingests, waves_before[i].ingests);
    }
    EXPECT_EQ(migrated.ingests("mini-panel", "2024").size(), 2u);
    const Dataset data_after = migrated.load_wave(survey, "2024");
    ASSERT_EQ(data_after.rows(), 190u);
    for (size_t r = 0; r < data_after.rows(); ++r) EXPECT_EQ(data_after.ids[r], data_before.ids[r]);
    EXPECT_EQ(data_after.answers, data_before.answers);
    EXPECT_EQ(data_after.groupings, data_before.groupings);
    // Everything stored before organisations belongs to organisation 1, "default".
    ASSERT_EQ(migrated.organisations().size(), 1u);
    EXPECT_EQ(migrated.organisations()[0].name, "default");
    EXPECT_EQ(migrated.organisations()[0].kind, "council");
    migrated.use_organisation(migrated.add_organisation("Blaby", "council").id);
    EXPECT_TRUE(migrated.waves().empty());
    migrated.use_organisation(kDefaultOrganisation);

    // The new tables work, the audit log append-only as in a new store->
    web::Accounts accounts(migrated.database());
    EXPECT_EQ(accounts.count(), 0u);
    accounts.add("ada", web::Role::admin, "a long enough password", 1000);
    EXPECT_TRUE(accounts.verify("ada", "a long enough password"));
    web::audit(migrated.database(), "ada", "cli", "user_add", "ok", "after the upgrade", kDefaultOrganisation);
    EXPECT_EQ(web::audit_entries(migrated.database(), 10).size(), 1u);
    EXPECT_THROW(migrated.database().exec("DELETE FROM audit_log"), db::Error);
    // And a store already migrated is left as it is when opened again.
    { Store again(old_path); EXPECT_EQ(again.waves().size(), waves_before.size()); }
}

TEST(StoreSchema, CreatesMigratesAndRefusesForeignOrNewerFiles) {
    test::TempDir dir;
    {
        Store s(dir.file("a.db"));
        EXPECT_EQ(s.schema_version(), Store::current_schema_version());
    }
    { Store again(dir.file("a.db")); }  // reopening changes nothing
    sqlite3* db = nullptr;
    sqlite3_open(dir.file("a.db").c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    try {
        Store newer(dir.file("a.db"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("written by a newer gapfinder"), std::string::npos);
    }
    sqlite3_open(dir.file("other.db").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_THROW(Store(dir.file("other.db")), InputError);
    test::write_file(dir.file("text.db"), "this is not a database at all, just some text that is long enough");
    EXPECT_THROW(Store(dir.file("text.db")), InputError);
}

// A store from a later gapfinder is refused by name on every backend, and so is a
// database that holds something else.
TEST_P(StoreTest, AStoreFromANewerGapfinderIsRefusedAndReopeningChangesNothing) {
    EXPECT_EQ(store->schema_version(), Store::current_schema_version());
    ingest("w.csv", panel_rows(1, 20), "2024");
    { Store again(location->location()); EXPECT_EQ(again.waves().size(), 1u); }
    {
        db::Transaction tx(store->database());
        db::write_store_mark(store->database(), 99);
        tx.commit();
    }
    try {
        Store newer(location->location());
        FAIL() << "a store of schema 99 was opened";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("written by a newer gapfinder"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(store->path()), std::string::npos) << e.what();
    }
}

// The web app's accounts and audit log behave alike on both: names match ignoring
// case (also in the UNIQUE constraint), ids are never given again, the log is append-only.
TEST_P(StoreTest, AccountsIgnoreCaseAndTheAuditLogIsAppendOnly) {
    web::Accounts accounts(store->database());
    const auto ada = accounts.add("Ada", web::Role::admin, "a long enough password", 1000);
    EXPECT_EQ(accounts.find("ada")->id, ada.id);
    EXPECT_THROW(accounts.add("ADA", web::Role::viewer, "a long enough password", 1000), InputError);
    EXPECT_THROW(store->database().exec("INSERT INTO app_user(name, role, password_hash, credential_epoch, created_at, "
                                        "updated_at) VALUES ('aDa', 'viewer', 'x', 'x', 'x', 'x')"),
                 db::Error);
    const auto bob = accounts.add("bob", web::Role::viewer, "a long enough password", 1000);
    accounts.remove("bob");
    EXPECT_GT(accounts.add("cy", web::Role::viewer, "a long enough password", 1000).id, bob.id);
    EXPECT_TRUE(accounts.verify("ADA", "a long enough password"));
    // Names no account can have are unknown, not an error, whatever their bytes.
    EXPECT_FALSE(accounts.verify("ad\xff\xfe", "a long enough password"));
    EXPECT_FALSE(accounts.verify(std::string("ad\0a", 4), "a long enough password"));

    // What an attacker types at sign-in is logged as valid text, cut between characters.
    web::audit(store->database(), std::string(127, 'a') + "\xC3\xA9", "127.0.0.1", "sign_in", "refused", "bad \xff byte", kDefaultOrganisation);
    const auto odd = web::audit_entries(store->database(), 1);
    ASSERT_EQ(odd.size(), 1u);
    EXPECT_EQ(odd[0].user, std::string(127, 'a'));
    EXPECT_EQ(odd[0].detail, "bad \xEF\xBF\xBD byte");
    web::audit(store->database(), std::string("nul\0here", 8), "127.0.0.1", "sign_in", "refused", "", kDefaultOrganisation);
    EXPECT_EQ(web::audit_entries(store->database(), 1)[0].user, "nul\xEF\xBF\xBDhere");

    web::audit(store->database(), "ada", "cli", "user_add", "ok", "first", kDefaultOrganisation);
    web::audit(store->database(), "ada", "cli", "export", "ok", "second", kDefaultOrganisation);
    const auto entries = web::audit_entries(store->database(), 10);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].detail, "second");
    EXPECT_EQ(web::audit_entries(store->database(), 10, entries[0].id, "user_add").size(), 1u);
    EXPECT_THROW(store->database().exec("DELETE FROM audit_log"), db::Error);
    EXPECT_THROW(store->database().exec("UPDATE audit_log SET user_name = 'x'"), db::Error);
    EXPECT_EQ(web::audit_entries(store->database(), 10).size(), 4u);
}

// A transaction left without commit() rolls everything back, on both backends.
TEST_P(StoreTest, AnUncommittedTransactionLeavesNothing) {
    const int64_t before = store->data_version();
    {
        db::Transaction tx(store->database());
        store->set_cell_key_secret("written, then abandoned");
        EXPECT_NE(store->data_version(), before);
    }
    EXPECT_EQ(store->data_version(), before);
    Store other(location->location());
    EXPECT_EQ(other.data_version(), before);
}

// Write transactions take turns from their start (BEGIN IMMEDIATE; on PostgreSQL the
// advisory lock): the second writer waits for the first and then sees what it wrote,
// so a check made inside a write transaction stays true until it commits.
TEST_P(StoreTest, WriteTransactionsTakeTurnsFromTheirStart) {
    Store second(location->location());
    std::atomic<bool> first_began{false};
    std::thread first([&] {
        db::Transaction tx(store->database());
        first_began = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        store->set_cell_key_secret("written by the first writer");
        tx.commit();
    });
    while (!first_began) std::this_thread::yield();
    {
        db::Transaction tx(second.database());
        EXPECT_EQ(second.cell_key_secret(), "written by the first writer");
        tx.commit();
    }
    first.join();
}

// A server that drops the connection (a restart, an idle timeout) fails the statement
// under way; the next one, outside a transaction, runs on a new connection. Inside a
// transaction every statement fails until it ends: its work went with the connection.
TEST_P(StoreTest, ALostServerConnectionIsMadeAgainOnlyBetweenTransactions) {
    if (GetParam() != db::Backend::postgresql) GTEST_SKIP() << "PostgreSQL only: an SQLite file has no connection to lose";
    auto drop_connection = [&] {
        auto pid = store->database().prepare("SELECT pg_backend_pid()");
        ASSERT_TRUE(pid.step());
        auto admin = db::open(test::postgresql_test_url());
        auto kill = admin->prepare("SELECT pg_terminate_backend(CAST(?1 AS integer), 5000)");  // waits until it is gone
        kill.bind(1, pid.integer(0));
        ASSERT_TRUE(kill.step());
    };
    ingest("w.csv", panel_rows(1, 20), "2024");
    drop_connection();
    try {
        store->waves();
    } catch (const db::Error&) {
        // The statement under way may fail: the connection went while it ran.
    }
    EXPECT_EQ(store->waves().size(), 1u);

    {
        db::Transaction tx(store->database());
        drop_connection();
        EXPECT_THROW(store->set_cell_key_secret("half a transaction"), db::Error);
        try {
            store->data_version();
            FAIL() << "a statement ran on a new connection in the middle of a transaction";
        } catch (const db::Error& e) {
            EXPECT_NE(std::string(e.what()).find("lost in the middle of a transaction"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(store->waves().size(), 1u);
    EXPECT_NE(store->cell_key_secret(), "half a transaction");
}

// Numbers read the same from either backend, whatever type the server gives them:
// sum() of a BIGINT is NUMERIC on PostgreSQL, a comparison is a boolean.
TEST_P(StoreTest, NumbersReadAlikeOnBothBackends) {
    auto number = [&](const std::string& sql) {
        auto st = store->database().prepare(sql);
        EXPECT_TRUE(st.step()) << sql;
        return st.integer(0);
    };
    auto sum_of = [&](const std::string& a, const std::string& b) {
        return number("SELECT sum(x) FROM (SELECT " + a + " AS x UNION ALL SELECT " + b + ") AS t");
    };
    EXPECT_EQ(sum_of("123456789012", "-5"), 123456789007);
    EXPECT_EQ(sum_of("100000000", "0"), 100000000);  // base-10000 digits that are zero are not sent
    EXPECT_EQ(sum_of("-20000", "-1"), -20001);
    EXPECT_EQ(sum_of("0", "0"), 0);
    EXPECT_EQ(number("SELECT 1 = 1"), 1);
    EXPECT_EQ(number("SELECT 1 = 2"), 0);
    EXPECT_EQ(number("SELECT count(*) FROM survey"), 0);
    auto st = store->database().prepare("SELECT CAST(?1 AS BIGINT)");
    st.bind(1, int64_t{-9007199254740993});
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.integer(0), -9007199254740993);
    EXPECT_EQ(st.text(0), "-9007199254740993");
}

// gapfinder store copy: to the other backend when there is a server (else to another
// SQLite file), every table alike afterwards, the copy a working store; never into a
// store that holds anything. The web server's sessions, limits and jobs stay behind.
TEST_P(StoreTest, ACopyToTheOtherBackendHoldsTheSameRowsAndRefusesANonEmptyTarget) {
    ingest("online.csv", panel_rows(1, 120), "2024");
    ingest("paper.csv", panel_rows(500, 30), "2024");
    ingest("w2.csv", panel_rows(1, 60), "2025");
    const Organisation blaby = store->add_organisation("Blaby", "council");
    store->add_organisation("Leicestershire", "partnership");
    store->add_member("Leicestershire", "Blaby");
    store->use_organisation(blaby.id);
    ingest("blaby.csv", panel_rows(1, 40), "2025");
    store->use_organisation(kDefaultOrganisation);
    web::Accounts(store->database()).add("ada", web::Role::admin, "a long enough password", 1000);
    web::audit(store->database(), "ada", "cli", "user_add", "ok", "before the copy", kDefaultOrganisation);
    web::SessionStore().create(store->database(), web::Accounts(store->database()).find("ada")->id, "e", nullptr);
    const std::string secret = store->cell_key_secret();

    const bool server = !test::postgresql_test_url().empty();
    const db::Backend other = GetParam() == db::Backend::sqlite && server ? db::Backend::postgresql : db::Backend::sqlite;
    test::StoreLocation target(other);
    {
        Store copy(target.location());
        const auto tables = copy_store(*store, copy);
        ASSERT_EQ(tables.size(), 12u);
        EXPECT_EQ(tables[0].table, "organisation");
        EXPECT_EQ(tables[0].rows, 3);
        EXPECT_EQ(tables[1].rows, 1);  // partnership members
        EXPECT_EQ(tables[4].table, "ingest");
        EXPECT_EQ(tables[4].rows, 4);
        EXPECT_EQ(tables[4].content_hash, table_contents(*store)[4].content_hash);
        EXPECT_EQ(copy.load_wave(survey, "2024").answers, store->load_wave(survey, "2024").answers);
        EXPECT_EQ(copy.cell_key_secret(), secret);
        for (const char* deployment_only : {"web_session", "sign_in_limit", "web_job"}) {
            auto st = copy.database().prepare(std::string("SELECT count(*) FROM ") + deployment_only);
            st.step();
            EXPECT_EQ(st.integer(0), 0) << deployment_only;
        }
        // The copy carries on numbering after the copied ids.
        web::Accounts accounts(copy.database());
        EXPECT_TRUE(accounts.verify("ada", "a long enough password"));
        EXPECT_GT(accounts.add("bob", web::Role::viewer, "a long enough password", 1000).id, accounts.find("ada")->id);
        web::audit(copy.database(), "ada", "cli", "user_add", "ok", "after the copy", kDefaultOrganisation);
        ingest("w3.csv", panel_rows(1, 10), "2026", false, &copy);
        EXPECT_EQ(copy.waves().size(), 3u);

        try {
            copy_store(*store, copy);
            FAIL() << "copied into a store that holds data";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("is not empty"), std::string::npos) << e.what();
        }
        EXPECT_EQ(copy.ingests("mini-panel", "2024").size(), 2u);
        copy.use_organisation(copy.require_organisation("Blaby").id);
        EXPECT_EQ(copy.load_wave(survey, "2025").rows(), 40u);
        EXPECT_EQ(copy.members(copy.require_organisation("Leicestershire").id).size(), 1u);
    }
}

// Each council's waves are its own: the same survey and wave label in two councils, the
// same respondent ids and all, are two waves; reads, removals and codings of one never
// reach the other. Organisation management refuses what would make no sense.
TEST_P(StoreTest, EachOrganisationReadsAndWritesOnlyItsOwnWaves) {
    ingest("default.csv", panel_rows(1, 20), "2024");
    const Organisation blaby = store->add_organisation("Blaby", "council");
    const Organisation charnwood = store->add_organisation("Charnwood", "council");
    store->use_organisation(blaby.id);
    EXPECT_TRUE(store->waves().empty());
    EXPECT_THROW(store->load_wave(survey, "2024"), InputError);
    EXPECT_THROW(store->comment_coding("mini-panel", "2024", "c"), InputError);
    ingest("blaby.csv", panel_rows(1, 30), "2025");
    store->use_organisation(charnwood.id);
    ingest("charnwood.csv", panel_rows(1, 50), "2025");  // same ids, same label: another council's wave
    ASSERT_EQ(store->waves().size(), 1u);
    EXPECT_EQ(store->waves()[0].respondents, 50u);
    EXPECT_EQ(store->load_wave(survey, "2025").rows(), 50u);
    EXPECT_FALSE(store->remove_wave("mini-panel", "2024"));  // the default organisation's

    store->use_organisation(blaby.id);
    ASSERT_EQ(store->waves().size(), 1u);
    EXPECT_EQ(store->load_wave(survey, "2025").rows(), 30u);
    EXPECT_EQ(store->ingests("mini-panel", "2025").size(), 1u);
    EXPECT_TRUE(store->remove_wave("mini-panel", "2025"));
    store->use_organisation(charnwood.id);
    EXPECT_EQ(store->load_wave(survey, "2025").rows(), 50u);
    store->use_organisation(kDefaultOrganisation);
    ASSERT_EQ(store->waves().size(), 1u);
    EXPECT_EQ(store->waves()[0].wave, "2024");

    auto refusal_of = [](auto&& action) -> std::string {
        try {
            action();
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_NE(refusal_of([&] { store->add_organisation("BLABY", "council"); }).find("\"BLABY\" already exists"),
              std::string::npos);
    EXPECT_NE(refusal_of([&] { store->add_organisation("Leicester", "county"); }).find("use council or partnership"),
              std::string::npos);
    EXPECT_NE(refusal_of([&] { store->require_organisation("Nowhere"); }).find("\"Nowhere\""), std::string::npos);
    const Organisation partnership = store->add_organisation("Leicestershire", "partnership");
    store->add_member("Leicestershire", "Blaby");
    store->add_member("Leicestershire", "charnwood");
    store->add_member("Leicestershire", "Blaby");  // again: no change
    EXPECT_NE(refusal_of([&] { store->add_member("Blaby", "Charnwood"); }).find("\"Blaby\" is a council"), std::string::npos);
    EXPECT_NE(refusal_of([&] { store->add_member("Leicestershire", "Leicestershire"); }).find("is a partnership"),
              std::string::npos);
    const auto members = store->members(partnership.id);
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].name, "Blaby");
    EXPECT_EQ(members[1].name, "Charnwood");
    EXPECT_EQ(store->organisations().size(), 4u);
}

// The error for a server that cannot be reached names where it looked, never the password.
TEST(PostgresqlStore, AnUnreachableServerIsNamedButItsPasswordIsNot) {
    const std::string url = "postgresql://ada:s3cret-Pa55word@127.0.0.1:1/gapfinder";
    try {
        Store store(url);
        FAIL() << "a store on port 1 was opened";
    } catch (const InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("127.0.0.1:1/gapfinder"), std::string::npos) << message;
        EXPECT_EQ(message.find("s3cret-Pa55word"), std::string::npos) << message;
    }
    EXPECT_EQ(db::describe(url), "PostgreSQL at 127.0.0.1:1/gapfinder as ada");
    EXPECT_EQ(db::describe("store.db"), "store.db");
    EXPECT_TRUE(db::is_server_url("postgres://h/db"));
    EXPECT_FALSE(db::is_server_url("postgresql.db"));
}

TEST(PostgresqlStore, PlaceholdersAreTranslatedOutsideQuotedTextOnly) {
    EXPECT_EQ(postgresql::translate_placeholders("SELECT ?1, ?2 WHERE a = ?1"), "SELECT $1, $2 WHERE a = $1");
    EXPECT_EQ(postgresql::translate_placeholders("VALUES (?, ?)"), "VALUES ($1, $2)");
    EXPECT_EQ(postgresql::translate_placeholders("SELECT '?1', \"a?\" -- why?\n, ?3"), "SELECT '?1', \"a?\" -- why?\n, $3");
    EXPECT_EQ(postgresql::translate_placeholders("SELECT 'it''s ?' || ?1"), "SELECT 'it''s ?' || $1");
}

// Both dialects' migrations agree in number, and the PostgreSQL spelling leaves no
// SQLite-only word behind.
TEST(StoreDialect, BothBackendsHaveTheSameMigrations) {
    const auto sqlite_steps = migrations(db::dialect(db::Backend::sqlite));
    const auto pg_steps = migrations(db::dialect(db::Backend::postgresql));
    ASSERT_EQ(sqlite_steps.size(), pg_steps.size());
    for (const std::string& step : pg_steps)
        for (const char* word : {"AUTOINCREMENT", "BLOB", "NOCASE", "randomblob", "RAISE(ABORT", "INTEGER PRIMARY KEY"})
            EXPECT_EQ(step.find(word), std::string::npos) << word << " in\n" << step;
}

}  // namespace
}  // namespace gapfinder
