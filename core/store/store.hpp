// The store: survey definitions, waves, ingests and each ingest's data as one column
// blob per question and grouping (one byte per respondent). It lives in an embedded
// SQLite file (the default) or in a PostgreSQL database shared by several machines
// (a postgresql:// URL; store/database.hpp). The schema is versioned (store/dialect.hpp:
// read_store_mark) and migrated forward on open (store/migrations.cpp).
//
// Every write is one transaction: a failed ingest leaves the store exactly as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "text/hand_codes.hpp"
#include <memory>

#include "store/database.hpp"

namespace gapfinder {

struct IngestRecord {
    int64_t id = 0;
    std::string survey_id, wave, file_name, content_hash, plugin_id, plugin_version, ingested_at;
    uint64_t respondents = 0;
};

struct WaveSummary {
    std::string survey_id, wave;
    uint64_t respondents = 0;
    int ingests = 0;
    std::string last_ingested_at;
};

struct StoredSurvey {
    std::string id, title, kind, definition_json;
};

// Who holds waves and users (issue 20): a council, or a partnership of councils whose
// users read only pooled outputs (docs/partnerships.md). A store that predates them
// holds everything under organisation 1, "default", a council.
struct Organisation {
    int64_t id = 0;
    std::string name, kind, created_at;
    bool partnership() const { return kind == kPartnership; }
    static constexpr const char* kCouncil = "council";
    static constexpr const char* kPartnership = "partnership";
};
constexpr int64_t kDefaultOrganisation = 1;

class Store {
public:
    // Opens or creates the store a --db value names (a file's path, or a postgresql://
    // URL) and migrates it to the current schema. Throws InputError if the database
    // cannot be reached, is not a gapfinder store or was written by a newer version.
    explicit Store(const std::string& location);

    static int current_schema_version();
    int schema_version();
    // The file's path, or the server, port and database (never a password): for messages.
    const std::string& path() const { return db_->location(); }

    // The organisation whose waves every wave, ingest, column and coding read and write
    // below is limited to (kDefaultOrganisation until set). Survey definitions are shared.
    void use_organisation(int64_t id) { organisation_ = id; }
    int64_t organisation() const { return organisation_; }

    // Organisations (store/organisations.cpp). Each throws InputError naming the
    // organisation for an unknown or duplicate name, a partnership given as a member, or
    // members given to a council.
    Organisation add_organisation(const std::string& name, const std::string& kind);
    std::vector<Organisation> organisations();
    std::optional<Organisation> find_organisation(const std::string& name);
    std::optional<Organisation> find_organisation(int64_t id);
    Organisation require_organisation(const std::string& name);  // or InputError
    std::vector<Organisation> members(int64_t partnership_id);
    void add_member(const std::string& partnership, const std::string& member);

    std::vector<StoredSurvey> surveys();
    std::vector<WaveSummary> waves(const std::string& survey_id = "");
    std::vector<IngestRecord> ingests(const std::string& survey_id, const std::string& wave);

    // Adds a dataset read from one file to a wave, creating survey and wave as needed.
    // Refuses (InputError) a file whose content hash is already in the wave unless
    // replace is set, and respondent ids already present in the wave. With replace,
    // earlier ingests of the same content or the same file name are removed first,
    // in the same transaction.
    IngestRecord add_ingest(const SurveyDefinition& survey, const std::string& wave, const Dataset& data,
                            const IngestRecord& meta, bool replace);

    // Removes a wave with every ingest of it, its data and its indexed comments, in one
    // transaction; false if the store has no such wave.
    bool remove_wave(const std::string& survey_id, const std::string& wave);

    // Loads every ingest of a wave into one dataset laid out by the given definition.
    Dataset load_wave(const SurveyDefinition& survey, const std::string& wave);

    // How the analyst coded one comment question of a wave (text/hand_codes.hpp,
    // StoredCoding); empty when nothing was imported. Throws InputError when the wave
    // does not exist.
    text::StoredCoding comment_coding(const std::string& survey_id, const std::string& wave, const std::string& comment_id);
    // Replaces what is stored for that comment question of the wave, in one transaction:
    // all of it is written or, on any failure, none of it.
    void save_comment_coding(const std::string& survey_id, const std::string& wave, const std::string& comment_id,
                             const text::StoredCoding& coding);

    // The secret of the cell key method's record keys (32 random bytes, made on first
    // use and kept). set_cell_key_secret replaces it, for a repeatable test: every
    // perturbed figure then changes.
    std::string cell_key_secret();
    void set_cell_key_secret(const std::string& secret);

    // Moves whenever anything an analysis reads changes (surveys, waves, ingests and
    // their columns, the cell key secret), whoever writes it: triggers keep it
    // (migration 6). Equal versions mean equal findings for equal settings.
    int64_t data_version();

    // The connection, for the web app's accounts and audit log (app/web), whose tables
    // the migrations create alongside the survey data.
    db::Database& database() { return *db_; }

private:
    void migrate();
    std::optional<int64_t> wave_id(const std::string& survey_id, const std::string& wave);
    std::unique_ptr<db::Database> db_;
    int64_t organisation_ = kDefaultOrganisation;
};

}  // namespace gapfinder
