// Searching comments (store/comment_search.hpp, migration 8) on both backends: hits on
// the bundled consultation that map back to their respondents, stemming and case,
// queries that look like FTS5 or SQL syntax, the index following its ingests (a failed
// ingest, --replace, a wave removed, a store from before the index), and no planted
// personal data in what is shown. CommentSearchTest runs on SQLite, and on PostgreSQL
// when GAPFINDER_TEST_PG_URL names a server (see store_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "ingest/ingest.hpp"
#include "store/comment_search.hpp"
#include "store/dialect.hpp"
#include "store/migrations.hpp"
#include "store/store.hpp"
#include "store_location.hpp"
#include "test_support.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string surveys_dir() { return std::string(SOURCE_DIR) + "/surveys"; }
std::string consultation_csv() { return surveys_dir() + "/samples/library-consultation-2025.csv"; }

int64_t count_rows(Store& store, const std::string& sql) {
    auto st = store.database().prepare(sql);
    st.step();
    return st.integer(0);
}

TEST(CommentQuery, WordsAndQuotedPhrasesAsAnalystsTypeThem) {
    auto q = parse_comment_query("Ramp  \"wheelchair ACCESS\" wheel-chair");
    ASSERT_EQ(q.terms.size(), 3u);
    EXPECT_EQ(q.terms[0], std::vector<std::string>{"ramp"});
    EXPECT_EQ(q.terms[1], (std::vector<std::string>{"wheelchair", "access"}));
    EXPECT_EQ(q.terms[2], (std::vector<std::string>{"wheel", "chair"}));  // punctuation inside a word: a phrase
    EXPECT_EQ(q.describe(), "\"ramp\" \"wheelchair access\" \"wheel chair\"");
    // An unclosed quote runs to the end; syntax characters are not words.
    q = parse_comment_query("lift \"no ramp");
    ASSERT_EQ(q.terms.size(), 2u);
    EXPECT_EQ(q.terms[1], (std::vector<std::string>{"no", "ramp"}));
    q = parse_comment_query("NEAR(ramp lift) * ramp* body:ramp OR \"\" -x");
    EXPECT_EQ(q.describe(), "\"near ramp\" \"lift\" \"ramp\" \"body ramp\" \"or\" \"x\"");
    EXPECT_EQ(parse_comment_query("don't").terms[0], std::vector<std::string>{"don't"});
}

TEST(CommentQuery, ErrorsNameTheProblem) {
    auto error_of = [](const std::string& text) {
        try {
            parse_comment_query(text);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(error_of("").find("has no words to look for"), std::string::npos);
    EXPECT_NE(error_of("\"").find("has no words to look for"), std::string::npos);
    EXPECT_NE(error_of("* ( ) -- ;").find("has no words to look for"), std::string::npos);
    std::string many;
    for (int i = 0; i < 21; ++i) many += "w" + std::to_string(i) + " ";
    EXPECT_NE(error_of(many).find("21 words or phrases; give at most 20"), std::string::npos) << error_of(many);
    EXPECT_NE(error_of(std::string(1001, 'a')).find("1001 bytes long"), std::string::npos);
}

class CommentSearchTest : public ::testing::TestWithParam<db::Backend> {
protected:
    void SetUp() override {
        if (GetParam() == db::Backend::postgresql && test::postgresql_test_url().empty())
            GTEST_SKIP() << "no PostgreSQL server: set GAPFINDER_TEST_PG_URL to run the store tests on PostgreSQL too";
        location = std::make_unique<test::StoreLocation>(GetParam());
        store = std::make_unique<Store>(location->location());
        host.load_folder(GAPFINDER_PLUGIN_DIR);
    }
    void TearDown() override {
        store.reset();
        location.reset();
    }
    IngestResult ingest(const std::string& file, const std::string& wave, bool replace = false) {
        IngestRequest r;
        r.file = file;
        r.wave = wave;
        r.replace = replace;
        r.show_progress = false;
        return ingest_file(host, survey, *store, r);
    }
    CommentSearchResult search(const std::string& query, const std::string& wave = "2025", const std::string& comment = "",
                               size_t limit = 100000) {
        return search_comments(*store, {survey.id, wave, comment, query, limit});
    }
    int64_t indexed() { return count_rows(*store, "SELECT count(*) FROM comment_doc"); }

    PluginHost host;
    test::TempDir dir;
    SurveyDefinition survey = SurveyDefinition::load(surveys_dir() + "/library-consultation.json");
    std::unique_ptr<test::StoreLocation> location;
    std::unique_ptr<Store> store;
};

INSTANTIATE_TEST_SUITE_P(Backends, CommentSearchTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         [](const auto& info) { return test::backend_name(info.param); });

// Every hit names its ingest, comment question and row, and the wave holds that very
// comment there; the count of "wheelchair" equals a recount with the comments' own
// tokeniser; plural, case and stem find the same comments; a phrase needs its words in
// order; terms are ANDed; --comment narrows.
TEST_P(CommentSearchTest, FindsTheConsultationsCommentsAndMapsEachBackToItsRespondent) {
    ingest(consultation_csv(), "2025");
    const Dataset data = store->load_wave(survey, "2025");
    ASSERT_EQ(data.comments.size(), 2u);
    EXPECT_GT(indexed(), 2000);

    // The independent recount: comments with a word "wheelchair", "wheelchairs" or "wheelchair's".
    uint64_t recount = 0;
    for (const auto& column : data.comments)
        for (size_t r = 0; r < column.size(); ++r) {
            bool has = false;
            for (const auto& t : text::tokenise(column[r]))
                has = has || t.word == "wheelchair" || t.word == "wheelchairs" || t.word == "wheelchair's";
            recount += has;
        }
    const auto wheelchair = search("wheelchair");
    EXPECT_GT(wheelchair.matches, 20u);
    EXPECT_EQ(wheelchair.matches, recount);
    EXPECT_EQ(wheelchair.hits.size(), wheelchair.matches);
    for (const auto& hit : wheelchair.hits) {
        ASSERT_LT(hit.row, data.rows());
        const size_t c = hit.comment_id == "why_support" ? 0 : 1;
        EXPECT_EQ(survey.comments[c].id, hit.comment_id);
        EXPECT_EQ(std::string(data.comments[c][hit.row]), hit.text);  // one ingest: its rows are the wave's
        EXPECT_EQ(std::string(data.ids[hit.row]), hit.respondent_id);
        EXPECT_EQ(hit.file_name, "library-consultation-2025.csv");
        EXPECT_NE(lower(hit.text).find("wheelchair"), std::string::npos) << hit.text;
    }
    // Case and plural: the same comments.
    EXPECT_EQ(search("WHEELCHAIRS").matches, wheelchair.matches);
    EXPECT_EQ(search("Ramps").matches, search("ramp").matches);
    EXPECT_GT(search("ramp").matches, 10u);

    // A phrase: its words in order; every hit holds it, and fewer comments than its words apart.
    const auto phrase = search("\"two buses away\"");
    EXPECT_GT(phrase.matches, 5u);
    for (const auto& hit : phrase.hits) EXPECT_NE(lower(hit.text).find("two buses away"), std::string::npos) << hit.text;
    EXPECT_LE(phrase.matches, search("two buses away").matches);
    EXPECT_EQ(search("\"away buses two\"").matches, 0u);

    // Every term must occur.
    const auto both = search("ramp wheelchair");
    EXPECT_LE(both.matches, std::min(search("ramp").matches, wheelchair.matches));
    for (const auto& hit : both.hits) {
        EXPECT_NE(lower(hit.text).find("ramp"), std::string::npos);
        EXPECT_NE(lower(hit.text).find("wheelchair"), std::string::npos);
    }
    // One comment question; a limit keeps the count.
    const auto why = search("wheelchair", "2025", "why_support");
    EXPECT_GT(why.matches, 0u);
    for (const auto& hit : why.hits) EXPECT_EQ(hit.comment_id, "why_support");
    EXPECT_LE(why.matches, wheelchair.matches);
    const auto limited = search("wheelchair", "2025", "", 3);
    EXPECT_EQ(limited.hits.size(), 3u);
    EXPECT_EQ(limited.matches, wheelchair.matches);
    EXPECT_EQ(limited.hits[0].row, wheelchair.hits[0].row);  // file and row order

    EXPECT_EQ(search("xylophonically").matches, 0u);
    EXPECT_THROW(search("ramp", "2031"), InputError);
}

// Text that is FTS5, tsquery or SQL syntax is only ever words to look for: nothing
// errors (other than "no words"), nothing is injected, and the index is intact after.
TEST_P(CommentSearchTest, QueriesThatLookLikeSyntaxAreOnlyWords) {
    ingest(consultation_csv(), "2025");
    const uint64_t ramp = search("ramp").matches;
    for (const std::string q : {"\"ramp", "ramp\"", "NEAR(ramp lift)", "NEAR(ramp", "ramp*", "ramp OR lift", "ramp AND lift",
                                "ramp NOT lift", "-ramp", "^ramp", "body:ramp", "{body}: ramp", "ramp + lift",
                                "'; DROP TABLE comment_doc; --", "ramp' OR '1'='1", "ramp & lift | !bus", "ramp <-> lift",
                                "ramp:*", "\"\"ramp\"\"", "(ramp)", "ramp\\", "%ramp%", "ramp_", "\xff\xfe ramp"}) {
        SCOPED_TRACE(q);
        EXPECT_NO_THROW({
            const auto r = search(q);
            EXPECT_LE(r.matches, ramp + search("lift").matches + 1000);
        });
    }
    // OR, AND and NOT are words that must occur, not operators.
    EXPECT_LE(search("ramp OR lift").matches, ramp);
    EXPECT_EQ(search("ramp OR lift").matches, search("ramp or lift").matches);
    for (const std::string q : {"\"", "*", "(*)", "()", "\"*\"", ":", "--", "^", "\" * ( --"}) {
        SCOPED_TRACE(q);
        EXPECT_THROW(search(q), InputError);
    }
    EXPECT_EQ(search("ramp").matches, ramp);
    EXPECT_GT(indexed(), 2000);
}

// The index holds a wave's comments exactly while the wave holds them: nothing from a
// failed ingest, one copy after --replace, none after the wave is removed.
TEST_P(CommentSearchTest, TheIndexFollowsItsIngests) {
    // A bad row near the end: the whole file is refused, and no comment is indexed.
    std::string bad = test::read_file(consultation_csv());
    const size_t at = bad.rfind(",Strongly oppose,");
    ASSERT_NE(at, std::string::npos);
    bad.replace(at, 17, ",Martian,");
    test::write_file(dir.file("bad.csv"), bad);
    EXPECT_THROW(ingest(dir.file("bad.csv"), "2025"), InputError);
    EXPECT_EQ(indexed(), 0);

    ingest(consultation_csv(), "2025");
    const int64_t one = indexed();
    ASSERT_GT(one, 2000);
    ingest(consultation_csv(), "2025", true);  // --replace: the old ingest's rows go with it
    EXPECT_EQ(indexed(), one);
    test::write_file(dir.file("copy-2024.csv"), test::read_file(consultation_csv()));
    ingest(dir.file("copy-2024.csv"), "2024");
    EXPECT_EQ(indexed(), 2 * one);
    const uint64_t ramp = search("ramp").matches;
    EXPECT_EQ(search("ramp", "2024").matches, ramp);

    EXPECT_TRUE(store->remove_wave(survey.id, "2024"));
    EXPECT_FALSE(store->remove_wave(survey.id, "2024"));
    EXPECT_EQ(indexed(), one);
    EXPECT_THROW(search("ramp", "2024"), InputError);
    EXPECT_EQ(search("ramp").matches, ramp);
    EXPECT_EQ(store->waves(survey.id).size(), 1u);
    if (GetParam() == db::Backend::sqlite) {
        // The FTS5 index itself lost the removed rows too, and is consistent with its content.
        EXPECT_EQ(count_rows(*store, "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH 'ramp'"),
                  static_cast<int64_t>(ramp));
        store->database().exec("INSERT INTO comment_fts (comment_fts) VALUES ('integrity-check')");
    }
    EXPECT_TRUE(store->remove_wave(survey.id, "2025"));
    EXPECT_EQ(indexed(), 0);
}

// A store whose comments were stored before the index existed (schema 7) has them all
// indexed when it is opened by this version.
TEST_P(CommentSearchTest, CommentsStoredBeforeTheIndexAreIndexedWhenTheStoreIsUpgraded) {
    ingest(consultation_csv(), "2025");
    const int64_t before = indexed();
    const uint64_t ramp = search("ramp").matches;
    const bool sqlite = GetParam() == db::Backend::sqlite;
    // SQLite rebuilds wave below: with foreign keys on, dropping it would delete every
    // ingest by cascade (as in Store::migrate, they are off while the schema changes).
    if (sqlite) store->database().exec("PRAGMA foreign_keys = OFF");
    {
        db::Transaction tx(store->database());
        // Back to schema 7: without the index, nor the later migrations' tables and
        // columns (9: how comments were coded; 10: the web server's sessions, limits and
        // jobs; 11: organisations), which the upgrade makes again.
        store->database().exec("DROP TABLE web_job; DROP TABLE sign_in_limit; DROP TABLE web_session");
        store->database().exec("DROP TABLE partnership_member; ALTER TABLE app_user DROP COLUMN organisation_id; "
                               "ALTER TABLE audit_log DROP COLUMN organisation_id");
        if (sqlite) {
            store->database().exec(
                "CREATE TABLE wave_old (id INTEGER PRIMARY KEY, survey_id TEXT NOT NULL REFERENCES survey(id), "
                "label TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (survey_id, label)); "
                "INSERT INTO wave_old SELECT id, survey_id, label, created_at FROM wave; "
                "DROP TABLE wave; ALTER TABLE wave_old RENAME TO wave");
        } else {
            store->database().exec("ALTER TABLE wave DROP COLUMN organisation_id; ALTER TABLE wave ADD UNIQUE (survey_id, label)");
        }
        store->database().exec("DROP TABLE organisation");
        store->database().exec("DROP TABLE comment_code; DROP TABLE comment_coding");
        if (sqlite) {
            store->database().exec("DROP TABLE comment_fts; DROP TABLE comment_doc");
        } else {
            store->database().exec("DROP TABLE comment_doc; DROP TEXT SEARCH CONFIGURATION gapfinder_english; "
                                   "DROP TEXT SEARCH DICTIONARY gapfinder_english_stem");
        }
        db::write_store_mark(store->database(), kCommentSearchMigration - 1);
        tx.commit();
    }
    if (sqlite) store->database().exec("PRAGMA foreign_keys = ON");
    store.reset();
    store = std::make_unique<Store>(location->location());
    EXPECT_EQ(store->schema_version(), Store::current_schema_version());
    EXPECT_EQ(indexed(), before);
    EXPECT_EQ(search("ramp").matches, ramp);
}

// Searching for the very personal data planted in the consultation's comments finds the
// comments that hold it, and shows them with it redacted.
TEST_P(CommentSearchTest, NoPlantedPersonalDataIsShown) {
    ingest(consultation_csv(), "2025");
    const text::Redactor redactor(text::Dictionary::load());
    const auto truth = test::parse_object(test::read_file(surveys_dir() + "/samples/truth/library-consultation-2025.truth.json"));
    const auto planted = truth->getArray("personal_data");
    std::vector<std::string> strings;
    for (size_t i = 0; i < planted->size(); ++i) {
        const auto list = planted->getObject(static_cast<unsigned>(i))->getArray("strings");
        for (size_t k = 0; k < list->size(); ++k) strings.push_back(list->getElement<std::string>(static_cast<unsigned>(k)));
    }
    ASSERT_GE(strings.size(), 179u);
    std::string shown;
    size_t found = 0;
    auto show = [&](const std::string& query, size_t limit) {
        const auto r = search_comments_redacted(*store, {survey.id, "2025", "", query, limit}, redactor);
        for (const auto& hit : r.hits) shown += lower(hit.text) + "\n";
        return r.hits.size();
    };
    for (const auto& s : strings) {
        try {
            found += show("\"" + s + "\"", 50) > 0;
        } catch (const InputError&) {  // a planted string with no words
        }
    }
    // PostgreSQL's parser keeps e-mail addresses, hosts and URLs whole, so a phrase of
    // their parts finds fewer of them than FTS5 does; names, phones, streets and postcodes it finds.
    EXPECT_GT(found, GetParam() == db::Backend::sqlite ? 150u : 80u) << found << " of " << strings.size();
    // And a broad search that shows most comments.
    EXPECT_GT(show("library", 100000) + show("the", 100000), 2000u);
    EXPECT_NE(shown.find("[name]"), std::string::npos);
    for (const auto& s : strings) EXPECT_EQ(shown.find(lower(s)), std::string::npos) << "planted \"" << s << "\" was shown";
}

// The command: the count of matches, redacted comments, and errors that name the problem.
TEST(CommentSearchCommand, PrintsTheCountAndRedactedCommentsAndNamesBadInput) {
    test::TempDir dir;
    const std::string db = dir.file("c.db");
    auto r = test::run_gapfinder({"ingest", consultation_csv(), "--survey", "library-consultation", "--wave", "2025",
                                  "--surveys-dir", surveys_dir(), "--db", db},
                                 dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto search = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {"comments", "search", "--survey", "library-consultation", "--wave", "2025",
                                         "--surveys-dir", surveys_dir(), "--db", db};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_gapfinder(args, dir.path().string());
    };
    r = search({"\"Margaret Jones\""});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("comment(s) match \"margaret jones\""), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Margaret"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[name]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("check them before publishing"), std::string::npos) << r.out;

    r = search({"--comment", "why_support", "--limit", "2", "ramp", "wheelchair"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("match \"ramp\" \"wheelchair\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("the first 2 are shown"), std::string::npos) << r.out;

    r = search({"\" * ( --"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("has no words to look for"), std::string::npos) << r.err;
    r = search({"--comment", "nope", "ramp"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("it has: why_support, other"), std::string::npos) << r.err;
    r = search({"--limit", "0", "ramp"});
    EXPECT_EQ(r.exit_code, 1);
    r = search({});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("give the words to look for"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gapfinder
