#include "store/store_copy.hpp"

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>

#include "store/dialect.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

enum class Kind { integer, text, blob };

struct Column {
    const char* name;
    Kind kind;
};

struct Table {
    const char* name;
    std::vector<Column> columns;
    bool identity;  // an id column the backend numbers: its counter must pass the copied ids
};

// Parents before children, so that every foreign key finds its row. store_version is
// not copied: the target's triggers move its own as the rows arrive. Nor are the web
// server's sign-in sessions, sign-in limits and job statuses (migration 10): they belong
// to the deployment that made them, and a copy is a new deployment, whose users sign in
// again.
const std::vector<Table>& tables() {
    static const std::vector<Table> all = {
        {"organisation", {{"id", Kind::integer}, {"name", Kind::text}, {"kind", Kind::text}, {"created_at", Kind::text}}, true},
        {"partnership_member", {{"partnership_id", Kind::integer}, {"member_id", Kind::integer}}, false},
        {"survey", {{"id", Kind::text}, {"title", Kind::text}, {"kind", Kind::text}, {"definition", Kind::text},
                    {"updated_at", Kind::text}}, false},
        {"wave", {{"id", Kind::integer}, {"organisation_id", Kind::integer}, {"survey_id", Kind::text}, {"label", Kind::text}, {"created_at", Kind::text}}, true},
        {"ingest", {{"id", Kind::integer}, {"wave_id", Kind::integer}, {"file_name", Kind::text}, {"content_hash", Kind::text},
                    {"plugin_id", Kind::text}, {"plugin_version", Kind::text}, {"respondents", Kind::integer},
                    {"ingested_at", Kind::text}, {"definition", Kind::text}}, true},
        {"ingest_column", {{"ingest_id", Kind::integer}, {"kind", Kind::text}, {"key", Kind::text}, {"dictionary", Kind::text},
                           {"data", Kind::blob}}, false},
        // The comment search index: its text and keys; each backend builds its own index
        // from them as the rows arrive (an FTS5 trigger, a generated tsvector).
        {"comment_doc", {{"ingest_id", Kind::integer}, {"comment_key", Kind::text}, {"row_index", Kind::integer},
                         {"body", Kind::text}}, false},
        {"comment_coding", {{"wave_id", Kind::integer}, {"comment_key", Kind::text}, {"model_threshold", Kind::text},
                            {"source", Kind::text}, {"updated_at", Kind::text}}, false},
        {"comment_code", {{"wave_id", Kind::integer}, {"comment_key", Kind::text}, {"respondent_id", Kind::text},
                          {"coded_by", Kind::text}, {"themes", Kind::text}}, false},
        {"store_secret", {{"name", Kind::text}, {"value", Kind::blob}}, false},
        {"app_user", {{"id", Kind::integer}, {"name", Kind::text}, {"role", Kind::text}, {"password_hash", Kind::text},
                      {"credential_epoch", Kind::text}, {"created_at", Kind::text}, {"updated_at", Kind::text},
                      {"organisation_id", Kind::integer}}, true},
        {"audit_log", {{"id", Kind::integer}, {"at", Kind::text}, {"user_name", Kind::text}, {"address", Kind::text},
                       {"action", Kind::text}, {"outcome", Kind::text}, {"detail", Kind::text},
                       {"organisation_id", Kind::integer}}, true},
    };
    return all;
}

std::string select_all(const Table& t) {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < t.columns.size(); ++i) sql += std::string(i ? ", " : "") + t.columns[i].name;
    return sql + " FROM " + t.name;
}

std::string insert_one(const Table& t) {
    std::string names, values;
    for (size_t i = 0; i < t.columns.size(); ++i) {
        names += std::string(i ? ", " : "") + t.columns[i].name;
        values += std::string(i ? ", " : "") + "?" + std::to_string(i + 1);
    }
    return "INSERT INTO " + std::string(t.name) + " (" + names + ") VALUES (" + values + ")";
}

// One row's digest: each value tagged with its kind and length, so that no two
// different rows can serialise alike.
std::string row_digest(const db::Statement& row, const Table& t) {
    Poco::Crypto::DigestEngine engine("SHA256");
    for (size_t i = 0; i < t.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        std::string value;
        char tag = 'n';
        if (!row.is_null(col)) {
            tag = "itb"[static_cast<int>(t.columns[i].kind)];
            if (t.columns[i].kind == Kind::integer) value = std::to_string(row.integer(col));
            if (t.columns[i].kind == Kind::text) value = row.text(col);
            if (t.columns[i].kind == Kind::blob) {
                const auto bytes = row.blob(col);
                value.assign(bytes.begin(), bytes.end());
            }
        }
        const std::string header = std::string(1, tag) + std::to_string(value.size()) + ":";
        engine.update(header.data(), header.size());
        engine.update(value.data(), value.size());
    }
    const auto& d = engine.digest();
    return std::string(d.begin(), d.end());
}

CopiedTable contents(db::Database& db, const Table& t) {
    // The rows' digests sorted, then hashed: the same rows give the same hash in any
    // order, whatever order each backend's collation returns them in.
    std::vector<std::string> digests;
    auto st = db.prepare(select_all(t));
    while (st.step()) digests.push_back(row_digest(st, t));
    std::sort(digests.begin(), digests.end());
    Poco::Crypto::DigestEngine engine("SHA256");
    for (const auto& d : digests) engine.update(d.data(), d.size());
    return {t.name, static_cast<int64_t>(digests.size()), Poco::Crypto::DigestEngine::digestToHex(engine.digest())};
}

void copy_rows(db::Database& from, db::Database& to, const Table& t) {
    auto read = from.prepare(select_all(t));
    auto write = to.prepare(insert_one(t));
    while (read.step()) {
        write.reset();
        std::vector<std::string> texts(t.columns.size());  // alive until write.step()
        for (size_t i = 0; i < t.columns.size(); ++i) {
            const int col = static_cast<int>(i);
            const int position = col + 1;
            if (read.is_null(col)) {
                write.bind_null(position);
            } else if (t.columns[i].kind == Kind::integer) {
                write.bind(position, read.integer(col));
            } else if (t.columns[i].kind == Kind::text) {
                texts[i] = read.text(col);
                write.bind(position, texts[i]);
            } else {
                write.bind_blob(position, read.blob(col));
            }
        }
        write.step();
    }
    if (t.identity) {
        const std::string catch_up = db::identity_catch_up(db::dialect(to.backend()), t.name);
        if (!catch_up.empty()) to.exec(catch_up);
    }
}

}  // namespace

std::vector<CopiedTable> table_contents(Store& store) {
    std::vector<CopiedTable> out;
    for (const Table& t : tables()) out.push_back(contents(store.database(), t));
    return out;
}

std::vector<CopiedTable> copy_store(Store& from, Store& to) {
    if (from.schema_version() != to.schema_version())
        throw InputError("the two stores have schema versions " + std::to_string(from.schema_version()) + " and " +
                         std::to_string(to.schema_version()));
    db::Database& target = to.database();
    {
        db::Transaction tx(target);
        for (const Table& t : tables()) {
            // A new store's own "default" organisation is no content: it is replaced by
            // the source's organisations below.
            const std::string own = std::string(t.name) == "organisation" ? " WHERE NOT (id = 1 AND name = 'default')" : "";
            auto st = target.prepare(std::string("SELECT count(*) FROM ") + t.name + own);
            st.step();
            if (st.integer(0) != 0)
                throw InputError(to.path() + " is not empty (its " + t.name +
                                 " table has rows): copy into a new, empty store, so that nothing is mixed or lost");
        }
        target.exec("DELETE FROM organisation");
        for (const Table& t : tables()) copy_rows(from.database(), target, t);
        tx.commit();
    }
    const auto source = table_contents(from);
    const auto copy = table_contents(to);
    for (size_t i = 0; i < source.size(); ++i)
        if (source[i].rows != copy[i].rows || source[i].content_hash != copy[i].content_hash)
            throw InputError("the copy of table " + source[i].table + " differs: " + std::to_string(source[i].rows) +
                             " rows in " + from.path() + ", " + std::to_string(copy[i].rows) + " in " + to.path() +
                             (source[i].rows == copy[i].rows ? " (same count, different content)" : ""));
    return copy;
}

}  // namespace gapfinder
