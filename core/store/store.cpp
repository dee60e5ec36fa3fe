#include "store/store.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "domain/wave_label.hpp"
#include "store/comment_search.hpp"
#include "store/dialect.hpp"
#include "store/migrations.hpp"
#include "text/comment_themes.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

std::string now_utc() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT); }

std::span<const uint8_t> bytes_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Dictionaries record what each stored code meant when it was written, so data stays
// readable after a definition gains or reorders scale points or categories.
std::string answer_dictionary(const Question& q) {
    std::string d;
    for (const auto& p : q.scale.points) d += (d.empty() ? "" : ",") + std::to_string(p.code);
    return d;
}

std::string grouping_dictionary(const Grouping& g) {
    std::string d;
    for (const auto& c : g.categories) d += (d.empty() ? "" : ",") + c.id;
    return d;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t start = 0;
    for (;;) {
        const size_t comma = s.find(',', start);
        out.push_back(s.substr(start, comma - start));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

// Respondent ids are stored NUL-separated (ids never contain NUL: ingest refuses them).
std::string pack_ids(const IdColumn& ids) {
    std::string out;
    out.reserve(ids.text().size() + ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        out.append(ids[i]);
        out.push_back('\0');
    }
    return out;
}

IdColumn unpack_ids(std::span<const uint8_t> blob) {
    std::string text;
    std::vector<uint64_t> offsets{0};
    text.reserve(blob.size());
    const char* p = reinterpret_cast<const char*>(blob.data());
    const char* end = p + blob.size();
    while (p < end) {
        const char* nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<size_t>(end - p)));
        if (!nul) nul = end;
        text.append(p, nul);
        offsets.push_back(text.size());
        p = nul + 1;
    }
    return IdColumn::from_packed(std::move(text), std::move(offsets));
}

std::string number_text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

// "access=0.91;hours=0.73" <-> {access: 0.91, hours: 0.73}: the model's suggestions.
std::string join_probabilities(const text::ThemeProbabilities& themes) {
    std::string out;
    for (const auto& [theme, p] : themes) out += (out.empty() ? "" : ";") + theme + "=" + number_text(p);
    return out;
}

text::ThemeProbabilities split_probabilities(const std::string& text) {
    text::ThemeProbabilities out;
    for (const std::string& item : text::split_themes(text)) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos) continue;
        out[item.substr(0, eq)] = std::strtod(item.c_str() + eq + 1, nullptr);
    }
    return out;
}

std::unique_ptr<db::Database> open_store_database(const std::string& location) try {
    return db::open(location);
} catch (const db::Error& e) {
    throw InputError(e.what());
}

}  // namespace

Store::Store(const std::string& location) : db_(open_store_database(location)) {
    try {
        const db::Dialect& d = db::dialect(db_->backend());
        if (!d.before_migrating.empty()) db_->exec(d.before_migrating);
        migrate();
        if (!d.after_migrating.empty()) db_->exec(d.after_migrating);
    } catch (const db::Error& e) {
        throw InputError(path() + ": " + e.what());
    }
}

int Store::current_schema_version() { return static_cast<int>(migrations(db::dialect(db::Backend::sqlite)).size()); }

int Store::schema_version() { return db::read_store_mark(*db_).schema_version; }

void Store::migrate() {
    db::StoreMark mark;
    try {
        mark = db::read_store_mark(*db_);
    } catch (const db::Error& e) {  // a file that is not SQLite at all, say
        throw InputError(path() + ": not a gapfinder store (" + e.what() + ")");
    }
    if (!mark.gapfinder && !mark.empty)
        throw InputError(path() + ": this database is not a gapfinder store and not empty; choose another --db");

    const db::Dialect& d = db::dialect(db_->backend());
    const auto steps = migrations(d);
    const int known = static_cast<int>(steps.size());
    auto refuse_newer = [&](int have) {
        if (have > known)
            throw InputError(path() + ": the store has schema version " + std::to_string(have) +
                             ", written by a newer gapfinder (this one knows up to " + std::to_string(known) + ")");
    };
    refuse_newer(mark.schema_version);
    if (mark.schema_version == known) return;  // the usual case: no write lock taken, so a long ingest never delays an opening
    // Foreign keys off while migrating, where a step rebuilds a table (db::Dialect), and
    // on again however the migration ends.
    struct MigratingScope {
        db::Database& db;
        const db::Dialect& d;
        MigratingScope(db::Database& db, const db::Dialect& d) : db(db), d(d) {
            if (!d.migrating_begins.empty()) db.exec(d.migrating_begins);
        }
        ~MigratingScope() {
            try {
                if (!d.migrating_ends.empty()) db.exec(d.migrating_ends);
            } catch (...) {  // a destructor must not throw; the connection is closed with the store
            }
        }
    } scope(*db_, d);
    // One transaction a step, the version read again inside it: when two processes open
    // an old store at once, the second waits for the first's step and then skips it.
    for (;;) {
        db::Transaction tx(*db_);
        const int have = db::read_store_mark(*db_).schema_version;
        refuse_newer(have);
        if (have == known) return tx.commit();
        if (!d.in_each_migration.empty()) db_->exec(d.in_each_migration);
        db_->exec(steps[static_cast<size_t>(have)]);
        if (have + 1 == kCommentSearchMigration) index_stored_comments(*db_);
        if (!d.foreign_key_check.empty()) {
            auto check = db_->prepare(d.foreign_key_check);
            if (check.step())
                throw InputError(path() + ": migrating the store to schema version " + std::to_string(have + 1) +
                                 " would break a reference in table " + check.text(0) + "; nothing was changed");
        }
        db::write_store_mark(*db_, have + 1);
        tx.commit();
    }
}

std::vector<StoredSurvey> Store::surveys() {
    std::vector<StoredSurvey> out;
    auto st = db_->prepare("SELECT id, title, kind, definition FROM survey ORDER BY id");
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.text(3)});
    return out;
}

std::vector<WaveSummary> Store::waves(const std::string& survey_id) {
    std::vector<WaveSummary> out;
    auto st = db_->prepare(
        "SELECT w.survey_id, w.label, coalesce(sum(i.respondents), 0), count(i.id), coalesce(max(i.ingested_at), '') "
        "FROM wave w LEFT JOIN ingest i ON i.wave_id = w.id "
        "WHERE (?1 = '' OR w.survey_id = ?1) AND w.organisation_id = ?2 GROUP BY w.id ORDER BY w.survey_id, w.label");
    st.bind(1, survey_id).bind(2, organisation_);
    while (st.step())
        out.push_back({st.text(0), st.text(1), static_cast<uint64_t>(st.integer(2)), static_cast<int>(st.integer(3)), st.text(4)});
    return out;
}

std::vector<IngestRecord> Store::ingests(const std::string& survey_id, const std::string& wave) {
    std::vector<IngestRecord> out;
    auto st = db_->prepare(
        "SELECT i.id, w.survey_id, w.label, i.file_name, i.content_hash, i.plugin_id, i.plugin_version, i.ingested_at, "
        "i.respondents FROM ingest i JOIN wave w ON w.id = i.wave_id "
        "WHERE w.survey_id = ?1 AND w.label = ?2 AND w.organisation_id = ?3 ORDER BY i.id");
    st.bind(1, survey_id).bind(2, wave).bind(3, organisation_);
    while (st.step())
        out.push_back({st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6), st.text(7),
                       static_cast<uint64_t>(st.integer(8))});
    return out;
}

IngestRecord Store::add_ingest(const SurveyDefinition& survey, const std::string& wave, const Dataset& data,
                               const IngestRecord& meta, bool replace) try {
    // Here, and not only in the commands, so that no route can create a wave whose
    // label breaks the rule; before the transaction, so that nothing is written.
    check_wave_label(wave);
    // A partnership's users read pooled outputs of its members' waves; it holds none.
    const auto holder = find_organisation(organisation_);
    if (!holder) throw InputError(path() + " has no organisation numbered " + std::to_string(organisation_));
    if (holder->partnership())
        throw InputError("\"" + holder->name + "\" is a partnership: it holds no survey data of its own; ingest into one of "
                         "its councils");
    db::Transaction tx(*db_);
    const std::string now = now_utc();

    db_->prepare("INSERT INTO survey(id, title, kind, definition, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT(id) DO UPDATE SET title = ?2, kind = ?3, definition = ?4, updated_at = ?5")
        .bind(1, survey.id).bind(2, survey.title).bind(3, survey.kind).bind(4, survey.json).bind(5, now)
        .step();
    db_->prepare("INSERT INTO wave(organisation_id, survey_id, label, created_at) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT DO NOTHING")
        .bind(1, organisation_).bind(2, survey.id).bind(3, wave).bind(4, now)
        .step();
    const int64_t wave_id = this->wave_id(survey.id, wave).value();

    // The same content (or, with --replace, the same file name) already in this wave.
    for (const IngestRecord& earlier : ingests(survey.id, wave)) {
        const bool same_content = earlier.content_hash == meta.content_hash;
        if (same_content && !replace)
            throw InputError(meta.file_name + ": this file (sha256 " + meta.content_hash.substr(0, 12) +
                             "...) was already ingested into " + survey.id + " wave " + wave + " on " + earlier.ingested_at +
                             " as " + earlier.file_name + "; use --replace to ingest it again");
        if (replace && (same_content || earlier.file_name == meta.file_name))
            db_->prepare("DELETE FROM ingest WHERE id = ?1").bind(1, earlier.id).step();
    }

    // Respondent ids are unique within a wave, across all its files.
    {
        auto st = db_->prepare("SELECT c.data, i.file_name FROM ingest_column c JOIN ingest i ON i.id = c.ingest_id "
                              "WHERE i.wave_id = ?1 AND c.kind = 'id'");
        st.bind(1, wave_id);
        while (st.step()) {
            const IdColumn existing = unpack_ids(st.blob(0));
            std::unordered_set<std::string_view> seen;
            seen.reserve(existing.size());
            for (size_t i = 0; i < existing.size(); ++i) seen.insert(existing[i]);
            for (size_t i = 0; i < data.ids.size(); ++i)
                if (seen.count(data.ids[i]))
                    throw InputError(meta.file_name + ": respondent id \"" + std::string(data.ids[i]) +
                                     "\" is already in " + survey.id + " wave " + wave + " (from " + st.text(1) +
                                     "); respondent ids must be unique within a wave");
        }
    }

    IngestRecord saved = meta;
    {
        auto st = db_->prepare("INSERT INTO ingest(wave_id, file_name, content_hash, plugin_id, plugin_version, respondents, "
                               "ingested_at, definition) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
        st.bind(1, wave_id).bind(2, meta.file_name).bind(3, meta.content_hash).bind(4, meta.plugin_id)
            .bind(5, meta.plugin_version).bind(6, static_cast<int64_t>(data.rows())).bind(7, now).bind(8, survey.json);
        if (!st.step()) throw db::Error("the new ingest's id did not come back");
        saved.id = st.integer(0);
        st.step();  // SQLite writes the row when the statement runs to its end
    }
    saved.survey_id = survey.id;
    saved.wave = wave;
    saved.respondents = data.rows();
    saved.ingested_at = now;

    auto insert = db_->prepare("INSERT INTO ingest_column(ingest_id, kind, key, dictionary, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    auto put = [&](std::string_view kind, const std::string& key, const std::string& dictionary, std::span<const uint8_t> bytes) {
        insert.reset();
        insert.bind(1, saved.id).bind(2, kind).bind(3, key).bind(4, dictionary).bind_blob(5, bytes);
        insert.step();
    };
    const std::string packed_ids = pack_ids(data.ids);
    put("id", "", "", bytes_of(packed_ids));
    for (size_t q = 0; q < survey.questions.size(); ++q)
        if (!survey.questions[q].from_comment())  // coded from the comments when loaded (text/comment_themes.hpp)
            put("answer", survey.questions[q].id, answer_dictionary(survey.questions[q]), data.answers[q]);
    for (size_t g = 0; g < survey.groupings.size(); ++g)
        put("grouping", survey.groupings[g].id, grouping_dictionary(survey.groupings[g]), data.groupings[g]);
    // A comment column packs as the ids do; key is the comment question's id.
    // ... and each non-blank comment goes into the search index (store/comment_search.hpp).
    for (size_t c = 0; c < survey.comments.size() && c < data.comments.size(); ++c) {
        put("comment", survey.comments[c].id, "text", bytes_of(pack_ids(data.comments[c])));
        index_comments(*db_, saved.id, survey.comments[c].id, data.comments[c]);
    }
    if (data.weighted())
        put("weight", "", "float64le",
            {reinterpret_cast<const uint8_t*>(data.weights.data()), data.weights.size() * sizeof(double)});
    auto put_labels = [&](std::string_view kind, const LabelColumn& column) {
        if (column.codes.empty()) return;
        IdColumn values;
        for (uint32_t code : column.codes) values.push_back(column.labels[code]);
        const std::string packed = pack_ids(values);
        put(kind, "", "text", bytes_of(packed));
    };
    put_labels("stratum", data.strata);
    put_labels("cluster", data.clusters);
    tx.commit();
    return saved;
} catch (const db::Error& e) {
    throw std::runtime_error(path() + ": the store refused the ingest, nothing was saved: " + e.what());
}

bool Store::remove_wave(const std::string& survey_id, const std::string& wave) try {
    db::Transaction tx(*db_);
    // Ingests (and with them, by cascade, their columns and indexed comments), then the wave.
    db_->prepare("DELETE FROM ingest WHERE wave_id IN "
                 "(SELECT id FROM wave WHERE survey_id = ?1 AND label = ?2 AND organisation_id = ?3)")
        .bind(1, survey_id).bind(2, wave).bind(3, organisation_).step();
    auto st = db_->prepare("DELETE FROM wave WHERE survey_id = ?1 AND label = ?2 AND organisation_id = ?3 RETURNING id");
    st.bind(1, survey_id).bind(2, wave).bind(3, organisation_);
    const bool removed = st.step();
    while (st.step()) {
    }
    tx.commit();
    return removed;
} catch (const db::Error& e) {
    throw std::runtime_error(path() + ": the store refused to remove " + survey_id + " wave " + wave +
                             ", nothing was removed: " + e.what());
}

std::string Store::cell_key_secret() {
    {
        auto st = db_->prepare("SELECT value FROM store_secret WHERE name = 'cell_key'");
        if (st.step()) {
            const auto bytes = st.blob(0);
            return std::string(bytes.begin(), bytes.end());
        }
    }
    std::string secret(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1)
        throw std::runtime_error("no random bytes from OpenSSL for the cell key secret");
    // Insert unless there is one, then read back: two processes opening a new store agree on one.
    auto st = db_->prepare("INSERT INTO store_secret (name, value) VALUES ('cell_key', ?1) ON CONFLICT (name) DO NOTHING");
    st.bind_blob(1, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
    st.step();
    return cell_key_secret();
}

void Store::set_cell_key_secret(const std::string& secret) {
    if (secret.empty()) throw InputError("the cell key secret must not be empty");
    auto st = db_->prepare("INSERT INTO store_secret (name, value) VALUES ('cell_key', ?1) "
                           "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    st.bind_blob(1, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
    st.step();
}

text::StoredCoding Store::comment_coding(const std::string& survey_id, const std::string& wave, const std::string& comment_id) {
    text::StoredCoding out;
    const auto found = this->wave_id(survey_id, wave);
    if (!found) throw InputError("survey " + survey_id + " has no data for wave \"" + wave + "\"");
    const int64_t wave_id = *found;
    {
        auto st = db_->prepare("SELECT model_threshold, source FROM comment_coding WHERE wave_id = ?1 AND comment_key = ?2");
        st.bind(1, wave_id).bind(2, comment_id);
        if (!st.step()) return out;
        if (const std::string t = st.text(0); !t.empty()) out.model_threshold = std::strtod(t.c_str(), nullptr);
        out.source = st.text(1);
    }
    auto st = db_->prepare("SELECT respondent_id, coded_by, themes FROM comment_code WHERE wave_id = ?1 AND comment_key = ?2");
    st.bind(1, wave_id).bind(2, comment_id);
    while (st.step()) {
        if (st.text(1) == "hand") out.hand.themes_by_comment[st.text(0)] = text::split_themes(st.text(2));
        else out.model[st.text(0)] = split_probabilities(st.text(2));
    }
    return out;
}

void Store::save_comment_coding(const std::string& survey_id, const std::string& wave, const std::string& comment_id,
                                const text::StoredCoding& coding) try {
    db::Transaction tx(*db_);
    const auto found = this->wave_id(survey_id, wave);
    if (!found) throw InputError("survey " + survey_id + " has no data for wave \"" + wave + "\"");
    const int64_t wave_id = *found;
    db_->prepare("DELETE FROM comment_code WHERE wave_id = ?1 AND comment_key = ?2").bind(1, wave_id).bind(2, comment_id).step();
    db_->prepare("DELETE FROM comment_coding WHERE wave_id = ?1 AND comment_key = ?2").bind(1, wave_id).bind(2, comment_id).step();
    if (!coding.empty()) {
        db_->prepare("INSERT INTO comment_coding(wave_id, comment_key, model_threshold, source, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, wave_id).bind(2, comment_id)
            .bind(3, coding.model_threshold ? number_text(*coding.model_threshold) : std::string())
            .bind(4, coding.source).bind(5, now_utc())
            .step();
        auto insert = db_->prepare("INSERT INTO comment_code(wave_id, comment_key, respondent_id, coded_by, themes) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)");
        auto put = [&](const std::string& respondent, std::string_view coded_by, const std::string& themes) {
            insert.reset();
            insert.bind(1, wave_id).bind(2, comment_id).bind(3, respondent).bind(4, coded_by).bind(5, themes);
            insert.step();
        };
        for (const auto& [respondent, themes] : coding.hand.themes_by_comment) put(respondent, "hand", text::join_themes(themes));
        for (const auto& [respondent, themes] : coding.model)
            if (!coding.hand.themes_by_comment.count(respondent)) put(respondent, "model", join_probabilities(themes));
    }
    tx.commit();
} catch (const db::Error& e) {
    throw std::runtime_error(path() + ": the store refused the codes, nothing was saved: " + e.what());
}

std::optional<int64_t> Store::wave_id(const std::string& survey_id, const std::string& wave) {
    auto st = db_->prepare("SELECT id FROM wave WHERE survey_id = ?1 AND label = ?2 AND organisation_id = ?3");
    st.bind(1, survey_id).bind(2, wave).bind(3, organisation_);
    if (!st.step()) return std::nullopt;
    return st.integer(0);
}

int64_t Store::data_version() {
    auto st = db_->prepare("SELECT version FROM store_version WHERE id = 1");
    if (!st.step()) throw std::runtime_error(path() + ": the store's version row is missing");
    return st.integer(0);
}

Dataset Store::load_wave(const SurveyDefinition& survey, const std::string& wave) {
    Dataset out;
    out.answers.resize(survey.questions.size());
    out.groupings.resize(survey.groupings.size());
    out.comments.resize(survey.comments.size());
    const auto records = ingests(survey.id, wave);
    if (records.empty()) throw InputError("survey " + survey.id + " has no data for wave \"" + wave + "\"");

    for (const IngestRecord& rec : records) {
        Dataset part;
        part.answers.resize(survey.questions.size());
        part.groupings.resize(survey.groupings.size());
        part.comments.resize(survey.comments.size());
        std::vector<bool> answer_seen(survey.questions.size()), grouping_seen(survey.groupings.size()),
            comment_seen(survey.comments.size());
        auto st = db_->prepare("SELECT kind, key, dictionary, data FROM ingest_column WHERE ingest_id = ?1");
        st.bind(1, rec.id);
        while (st.step()) {
            const std::string kind = st.text(0), key = st.text(1);
            const std::vector<std::string> dict = split(st.text(2));
            const auto blob = st.blob(3);
            // Maps each stored code to the current definition's code: identity when
            // nothing changed, which is the usual case.
            auto remap = [&](std::vector<uint8_t>& dest, auto index_of, const std::string& what) {
                std::array<uint8_t, 256> table{};
                table[kUndisclosed] = kUndisclosed;
                for (size_t i = 0; i < dict.size(); ++i) {
                    const int now = index_of(dict[i]);
                    table[i + 1] = now < 0 ? kUndisclosed : static_cast<uint8_t>(now + 1);
                    if (now < 0)
                        throw InputError("survey " + survey.id + " wave " + wave + " (" + rec.file_name + ") holds " + what +
                                         " value \"" + dict[i] + "\", which the current definition no longer has; restore it in " +
                                         survey.source + " or re-ingest the file with --replace");
                }
                dest.resize(blob.size());
                for (size_t r = 0; r < blob.size(); ++r) dest[r] = table[blob[r]];
            };
            if (kind == "id") {
                part.ids = unpack_ids(blob);
            } else if (kind == "stratum" || kind == "cluster") {
                const IdColumn values = unpack_ids(blob);
                LabelColumn& column = kind == "stratum" ? part.strata : part.clusters;
                for (size_t r = 0; r < values.size(); ++r) column.push_back(values[r]);
            } else if (kind == "weight") {
                part.weights.resize(blob.size() / sizeof(double));
                std::memcpy(part.weights.data(), blob.data(), part.weights.size() * sizeof(double));
            } else if (kind == "answer") {
                for (size_t q = 0; q < survey.questions.size(); ++q) {
                    if (survey.questions[q].id != key) continue;
                    const auto& points = survey.questions[q].scale.points;
                    remap(part.answers[q], [&](const std::string& code) {
                        for (size_t i = 0; i < points.size(); ++i)
                            if (std::to_string(points[i].code) == code) return static_cast<int>(i);
                        return -1;
                    }, "question " + key);
                    answer_seen[q] = true;
                }
            } else if (kind == "comment") {
                for (size_t c = 0; c < survey.comments.size(); ++c)
                    if (survey.comments[c].id == key) {
                        part.comments[c] = unpack_ids(blob);
                        comment_seen[c] = true;
                    }
            } else if (kind == "grouping") {
                for (size_t g = 0; g < survey.groupings.size(); ++g) {
                    if (survey.groupings[g].id != key) continue;
                    const auto& cats = survey.groupings[g].categories;
                    remap(part.groupings[g], [&](const std::string& id) {
                        for (size_t i = 0; i < cats.size(); ++i)
                            if (cats[i].id == id) return static_cast<int>(i);
                        return -1;
                    }, key);
                    grouping_seen[g] = true;
                }
            }
        }
        // Questions or groupings added to the definition after this file was ingested.
        for (size_t q = 0; q < answer_seen.size(); ++q)
            if (!answer_seen[q]) part.answers[q].assign(part.rows(), kBlank);
        for (size_t g = 0; g < grouping_seen.size(); ++g)
            if (!grouping_seen[g]) part.groupings[g].assign(part.rows(), kBlank);
        for (size_t c = 0; c < comment_seen.size(); ++c)
            if (!comment_seen[c])
                for (size_t r = 0; r < part.rows(); ++r) part.comments[c].push_back({});
        if (out.rows() == 0 && records.size() == 1) out = std::move(part);
        else out.append(part);
    }
    std::vector<text::StoredCoding> coding(survey.comments.size());
    for (size_t c = 0; c < survey.comments.size(); ++c)
        if (survey.comments[c].rules) coding[c] = comment_coding(survey.id, wave, survey.comments[c].id);
    text::code_comment_themes(survey, out, coding);
    return out;
}

}  // namespace gapfinder
