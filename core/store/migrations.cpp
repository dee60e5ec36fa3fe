#include "store/migrations.hpp"

namespace gapfinder {

const std::vector<std::string>& migrations() {
    static const std::vector<std::string> steps = {
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
    };
    return steps;
}

}  // namespace gapfinder
