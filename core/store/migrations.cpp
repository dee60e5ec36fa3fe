#include "store/migrations.hpp"

#include <cctype>
#include <initializer_list>
#include <utility>

namespace gapfinder {

namespace {

using TriggerTables = std::initializer_list<std::pair<const char*, const char*>>;  // (name part, table)
constexpr TriggerTables kVersionedTables = {
    {"survey", "survey"}, {"wave", "wave"}, {"ingest", "ingest"}, {"column", "ingest_column"}, {"secret", "store_secret"}};

// Migration 6's triggers: every change to what an analysis reads moves store_version.
std::string version_triggers(const db::Dialect& d, TriggerTables tables = kVersionedTables) {
    std::string sql;
    for (const auto& [short_name, table] : tables)
        for (const char* event : {"INSERT", "UPDATE", "DELETE"}) {
            std::string lower_event = event;
            for (char& c : lower_event) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            sql += db::after_row_trigger(d, std::string("store_version_") + short_name + "_" + lower_event, event, table,
                                         "UPDATE store_version SET version = version + 1");
        }
    return sql;
}

// Organisations (issue 20): every wave and user belongs to one; a partnership is a set
// of councils with users of its own, reading only pooled outputs. What a store held
// before is organisation 1, "default", a council.
// The wave's uniqueness becomes (organisation, survey, label), so that two councils may
// each hold "citizens-panel" wave "2025": SQLite cannot change a table constraint in
// place, so it rebuilds the table (with foreign keys off while migrating: Store::migrate),
// and its store_version triggers go with it; PostgreSQL alters it, keeping them.
// app_user and audit_log gain a column without a foreign key, as SQLite's ADD COLUMN
// allows only with a NULL default; organisations are never removed. The audit log is
// append-only, so its earlier entries get organisation 1 from the column's default,
// and every new entry names its own (NULL: a refused sign-in with an unknown name).
std::string organisations_step(const db::Dialect& d) {
    // Now in ISO 8601, as every other created_at is written.
    const std::string now = d.backend == db::Backend::sqlite ? "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                                                             : "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
    std::string sql = R"sql(
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind        TEXT NOT NULL CHECK (kind IN ('council', 'partnership')),
    created_at  TEXT NOT NULL
);
INSERT INTO organisation (id, name, kind, created_at) VALUES (1, 'default', 'council', )sql" + now + R"sql();
CREATE TABLE partnership_member (
    partnership_id  INTEGER NOT NULL REFERENCES organisation(id),
    member_id       INTEGER NOT NULL REFERENCES organisation(id),
    PRIMARY KEY (partnership_id, member_id)
);
ALTER TABLE app_user ADD COLUMN organisation_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN organisation_id INTEGER DEFAULT 1;
)sql";
    // Organisation 1 was numbered by hand: PostgreSQL's counter must pass it.
    if (const std::string catch_up = db::identity_catch_up(d, "organisation"); !catch_up.empty()) sql += catch_up + ";\n";
    if (d.backend == db::Backend::sqlite)
        return sql + R"sql(
CREATE TABLE wave_new (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL DEFAULT 1 REFERENCES organisation(id),
    survey_id        TEXT NOT NULL REFERENCES survey(id),
    label            TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (organisation_id, survey_id, label)
);
INSERT INTO wave_new (id, organisation_id, survey_id, label, created_at) SELECT id, 1, survey_id, label, created_at FROM wave;
DROP TABLE wave;
ALTER TABLE wave_new RENAME TO wave;
)sql" + version_triggers(d, {{"wave", "wave"}});
    return sql + R"sql(
ALTER TABLE wave ADD COLUMN organisation_id INTEGER NOT NULL DEFAULT 1 REFERENCES organisation(id);
ALTER TABLE wave DROP CONSTRAINT wave_survey_id_label_key;
ALTER TABLE wave ADD UNIQUE (organisation_id, survey_id, label);
)sql";
}

}  // namespace

std::vector<std::string> migrations(const db::Dialect& d) {
    std::vector<std::string> steps = {
        // 1: surveys, waves, ingests and columnar data.
        R"sql(
CREATE TABLE survey (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    definition  TEXT NOT NULL,            -- the JSON of the latest definition used
    updated_at  TEXT NOT NULL
);
CREATE TABLE wave (
    id          INTEGER PRIMARY KEY,
    survey_id   TEXT NOT NULL REFERENCES survey(id),
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (survey_id, label)
);
CREATE TABLE ingest (
    id             INTEGER PRIMARY KEY,
    wave_id        INTEGER NOT NULL REFERENCES wave(id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL,
    content_hash   TEXT NOT NULL,         -- SHA-256 of the file's bytes, hex
    plugin_id      TEXT NOT NULL,
    plugin_version TEXT NOT NULL,
    respondents    INTEGER NOT NULL,
    ingested_at    TEXT NOT NULL,
    definition     TEXT NOT NULL,         -- the definition the file was read with
    UNIQUE (wave_id, content_hash)
);
-- One blob per column per ingest: one byte per respondent for answers and groupings
-- (codes described by dictionary), NUL-separated text for ids, float64 for weights.
CREATE TABLE ingest_column (
    ingest_id   INTEGER NOT NULL REFERENCES ingest(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('id', 'answer', 'grouping', 'weight')),
    key         TEXT NOT NULL,            -- question or grouping id; '' for id and weight
    dictionary  TEXT NOT NULL,            -- code i+1 means the i-th entry (scale code or category id)
    data        BLOB NOT NULL,
    PRIMARY KEY (ingest_id, kind, key)
);
)sql",
        // 2: web app accounts and the audit log (app/web/auth.cpp, app/web/audit.cpp).
        // Sessions were kept in the server's memory then; step 10 moved them into the store.
        R"sql(
CREATE TABLE app_user (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    password_hash  TEXT NOT NULL,         -- pbkdf2-sha256$ITERATIONS$SALT$HASH (base64), see docs/api.md
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
-- Who did what, when, from where: sign-ins (and refusals), ingests, exports, account
-- changes. Append-only: the triggers refuse changes and deletions.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,            -- UTC, ISO 8601
    user_name   TEXT NOT NULL,            -- as given at sign-in, or the signed-in user
    address     TEXT NOT NULL,            -- the client's IP address; 'cli' for commands
    action      TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
    detail      TEXT NOT NULL
);
)sql" + db::refusing_trigger(d, "audit_log_append_only_update", "UPDATE", "audit_log", "the audit log is append-only") +
            db::refusing_trigger(d, "audit_log_append_only_delete", "DELETE", "audit_log", "the audit log is append-only"),
        // 3: the secret the cell key method draws record keys from (analysis/cell_key.hpp),
        // created on first use. Whoever holds it can compute the perturbation, so it
        // never leaves the store.
        R"sql(
CREATE TABLE store_secret (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);
)sql",
        // 4: accounts whose ids are never reused (AUTOINCREMENT), and a credential epoch
        // per user, a random value that every session carries and that changes when the
        // user's password or role changes: a removed user's cookie can never become
        // another account's, and a change made by any process or command ends the
        // user's sessions on their next request (app/web/auth.cpp).
        R"sql(
CREATE TABLE app_user_v4 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role              TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    password_hash     TEXT NOT NULL,
    credential_epoch  TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
INSERT INTO app_user_v4 (id, name, role, password_hash, credential_epoch, created_at, updated_at)
    SELECT id, name, role, password_hash, lower(hex(randomblob(16))), created_at, updated_at FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_v4 RENAME TO app_user;
)sql",
        // 5: the sample design of weighted files (strata and clusters), one text per
        // respondent packed as the ids are; SQLite cannot widen a CHECK in place.
        R"sql(
CREATE TABLE ingest_column_v5 (
    ingest_id   INTEGER NOT NULL REFERENCES ingest(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('id', 'answer', 'grouping', 'weight', 'stratum', 'cluster')),
    key         TEXT NOT NULL,
    dictionary  TEXT NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (ingest_id, kind, key)
);
INSERT INTO ingest_column_v5 SELECT ingest_id, kind, key, dictionary, data FROM ingest_column;
DROP TABLE ingest_column;
ALTER TABLE ingest_column_v5 RENAME TO ingest_column;
)sql",
        // 6: a version of everything an analysis reads, kept by triggers so that every
        // writer (this version's or a later one's, any process) moves it: the web app
        // keeps findings by it, and a stale entry can never be served after an ingest,
        // a --replace, a changed definition or a new cell key secret.
        R"sql(
CREATE TABLE store_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 0);
)sql" + version_triggers(d),
        // 7: comments (free-text answers), one text per respondent packed as the ids
        // are, keyed by the comment question's id. The table is rebuilt to widen its
        // CHECK, and its store_version triggers go with it, so they are made again.
        R"sql(
CREATE TABLE ingest_column_v7 (
    ingest_id   INTEGER NOT NULL REFERENCES ingest(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('id', 'answer', 'grouping', 'weight', 'stratum', 'cluster', 'comment')),
    key         TEXT NOT NULL,
    dictionary  TEXT NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (ingest_id, kind, key)
);
INSERT INTO ingest_column_v7 SELECT ingest_id, kind, key, dictionary, data FROM ingest_column;
DROP TABLE ingest_column;
ALTER TABLE ingest_column_v7 RENAME TO ingest_column;
)sql" + version_triggers(d, {{"column", "ingest_column"}}),
        // 8: comment search (store/comment_search.hpp): each non-blank comment indexed
        // for full-text search, SQLite's FTS5 or PostgreSQL's tsvector (store/dialect.hpp),
        // filled at ingest in the ingest's transaction and removed with its ingest. The
        // comments stored before this step are indexed by Store::migrate in the same
        // transaction (kCommentSearchMigration). Search reads nothing an analysis
        // reads, so no store_version triggers.
        db::comment_search_ddl(d),
        // 9: how an analyst coded a wave's comments (gapfinder codes import): per comment
        // question of a wave, the workbook imported last and the model threshold they
        // chose ('' when the model's suggestions are not applied); per comment, the hand
        // codes, or the model's suggestions at or above that threshold. Themes are ';'-
        // separated ids ('' for "hand-coded, none"); a suggestion is "id=p;id=p".
        // Theme coding reads them when a wave loads, so they move store_version.
        R"sql(
CREATE TABLE comment_coding (
    wave_id          INTEGER NOT NULL REFERENCES wave(id) ON DELETE CASCADE,
    comment_key      TEXT NOT NULL,
    model_threshold  TEXT NOT NULL,
    source           TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (wave_id, comment_key)
);
CREATE TABLE comment_code (
    wave_id        INTEGER NOT NULL,
    comment_key    TEXT NOT NULL,
    respondent_id  TEXT NOT NULL,
    coded_by       TEXT NOT NULL CHECK (coded_by IN ('hand', 'model')),
    themes         TEXT NOT NULL,
    PRIMARY KEY (wave_id, comment_key, respondent_id),
    FOREIGN KEY (wave_id, comment_key) REFERENCES comment_coding(wave_id, comment_key) ON DELETE CASCADE
);
)sql" + version_triggers(d, {{"coding", "comment_coding"}, {"code", "comment_code"}}),
        // 10: what the web server kept in its memory until now, in the store so that two
        // or more `gapfinder serve` processes on one store share it and a restart signs
        // nobody out (docs/deployment.md): sign-in sessions (only a SHA-256 of the cookie's
        // token, never the token), the sign-in limiter's counts, and the status of upload
        // jobs. Times are Unix wall-clock seconds or milliseconds, which every process
        // reads alike. An analysis reads none of it, so no store_version triggers, and
        // `gapfinder store copy` copies none of it (store/store_copy.cpp). This replaces
        // step 2's "sessions live in the server's memory only".
        R"sql(
CREATE TABLE web_session (
    token_hash        TEXT PRIMARY KEY,     -- SHA-256 of the cookie's token, hex
    user_id           INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    credential_epoch  TEXT NOT NULL,        -- the user's when signed in
    csrf_token        TEXT NOT NULL,
    created_at        INTEGER NOT NULL,     -- Unix seconds
    last_seen         INTEGER NOT NULL      -- Unix seconds, refreshed at most once a minute
);
CREATE INDEX web_session_user ON web_session (user_id);
CREATE TABLE sign_in_limit (
    kind          TEXT NOT NULL CHECK (kind IN ('account', 'address')),
    key           TEXT NOT NULL,            -- account: SHA-256 of the lower-case name; address: the IP
    failures      INTEGER NOT NULL,
    in_flight     INTEGER NOT NULL,         -- password checks begun and not yet ended
    locked_until  INTEGER NOT NULL,         -- Unix milliseconds; 0 when not locked
    updated_at    INTEGER NOT NULL,         -- Unix milliseconds
    PRIMARY KEY (kind, key)
);
CREATE TABLE web_job (
    seq          INTEGER PRIMARY KEY,       -- the order jobs started in, for keeping the latest
    id           TEXT NOT NULL UNIQUE,      -- random, in the job's URL
    kind         TEXT NOT NULL,
    user_id      INTEGER NOT NULL,          -- no foreign key: a job outlives its user's removal
    user_name    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    phase        TEXT NOT NULL,
    survey       TEXT NOT NULL,
    wave         TEXT NOT NULL,
    file         TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    error        TEXT NOT NULL,
    problems     TEXT NOT NULL,             -- JSON array of {file, row, column, message}
    result_json  TEXT NOT NULL,
    started_at   TEXT NOT NULL,             -- UTC, ISO 8601
    finished_at  TEXT NOT NULL,
    heartbeat    INTEGER NOT NULL           -- Unix seconds, written by the running process
);
)sql",
        // Organisations and partnerships (issue 20): see organisations_step.
        organisations_step(d),
    };
    for (std::string& step : steps) step = db::spell_ddl(d, std::move(step));
    return steps;
}

}  // namespace gapfinder
