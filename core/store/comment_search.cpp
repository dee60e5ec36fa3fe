#include "store/comment_search.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "store/dialect.hpp"
#include "store/store.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

void add_term(CommentQuery& q, std::string_view text) {
    std::vector<std::string> words;
    for (auto& token : text::tokenise(text)) words.push_back(std::move(token.word));
    if (!words.empty()) q.terms.push_back(std::move(words));
}

// Inserts a batch of rows per statement: one round trip per batch on PostgreSQL, and
// far fewer statement steps on SQLite.
constexpr size_t kBatchRows = 200;

std::string insert_sql(size_t rows) {
    std::string sql = "INSERT INTO comment_doc (ingest_id, comment_key, row_index, body) VALUES ";
    for (size_t r = 0; r < rows; ++r) {
        const size_t at = 3 + 2 * r;
        sql += (r ? ", (?1, ?2, ?" : "(?1, ?2, ?") + std::to_string(at) + ", ?" + std::to_string(at + 1) + ")";
    }
    return sql;
}

std::string describe_wave(const CommentSearchRequest& r) { return r.survey_id + " wave " + r.wave; }

}  // namespace

std::string CommentQuery::describe() const {
    std::string out;
    for (const auto& words : terms) {
        std::string phrase;
        for (const auto& w : words) phrase += (phrase.empty() ? "" : " ") + w;
        out += (out.empty() ? "\"" : " \"") + phrase + "\"";
    }
    return out;
}

CommentQuery parse_comment_query(std::string_view text) {
    if (text.size() > kMaxQueryBytes)
        throw InputError("the search is " + std::to_string(text.size()) + " bytes long; give at most " +
                         std::to_string(kMaxQueryBytes));
    CommentQuery q;
    size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            ++i;
        } else if (text[i] == '"') {
            // A phrase, to the closing quote or, if there is none, to the end.
            const size_t close = text.find('"', i + 1);
            const size_t end = close == std::string_view::npos ? text.size() : close;
            add_term(q, text.substr(i + 1, end - i - 1));
            i = close == std::string_view::npos ? text.size() : close + 1;
        } else {
            // A plain word: to the next space or quote. Punctuation inside splits it
            // into words that must then occur together ("wheel-chair"), as in a phrase.
            size_t end = i;
            while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
            add_term(q, text.substr(i, end - i));
            i = end;
        }
    }
    if (q.terms.empty())
        throw InputError("the search \"" + std::string(text.substr(0, 100)) +
                         "\" has no words to look for: give words, or \"a phrase\" in double quotes "
                         "(letters and digits count; other characters are ignored)");
    if (q.terms.size() > kMaxTerms)
        throw InputError("the search has " + std::to_string(q.terms.size()) + " words or phrases; give at most " +
                         std::to_string(kMaxTerms));
    return q;
}

void index_comments(db::Database& db, int64_t ingest_id, const std::string& comment_id, const TextColumn& comments) {
    std::vector<std::pair<int64_t, std::string_view>> rows;
    for (size_t r = 0; r < comments.size(); ++r) {
        const std::string_view c = comments[r];
        if (std::any_of(c.begin(), c.end(), [](char ch) { return !is_space(ch); }))
            rows.emplace_back(static_cast<int64_t>(r), c);
    }
    if (rows.empty()) return;
    auto full = db.prepare(insert_sql(kBatchRows));
    for (size_t start = 0; start < rows.size(); start += kBatchRows) {
        const size_t n = std::min(kBatchRows, rows.size() - start);
        auto partial = n == kBatchRows ? std::optional<db::Statement>() : std::optional<db::Statement>(db.prepare(insert_sql(n)));
        db::Statement& st = partial ? *partial : full;
        st.reset();
        st.bind(1, ingest_id).bind(2, comment_id);
        for (size_t k = 0; k < n; ++k) {
            const int at = static_cast<int>(3 + 2 * k);
            st.bind(at, rows[start + k].first).bind(at + 1, rows[start + k].second);
        }
        st.step();
    }
}

void index_stored_comments(db::Database& db) {
    std::vector<std::pair<int64_t, std::string>> columns;
    {
        auto st = db.prepare("SELECT ingest_id, key FROM ingest_column WHERE kind = 'comment' ORDER BY ingest_id, key");
        while (st.step()) columns.emplace_back(st.integer(0), st.text(1));
    }
    for (const auto& [ingest_id, key] : columns) {
        std::string packed;
        {
            auto st = db.prepare("SELECT data FROM ingest_column WHERE ingest_id = ?1 AND kind = 'comment' AND key = ?2");
            st.bind(1, ingest_id).bind(2, key);
            if (!st.step()) continue;
            const auto blob = st.blob(0);
            packed.assign(blob.begin(), blob.end());
        }
        TextColumn comments;
        size_t start = 0;
        while (start < packed.size()) {
            size_t nul = packed.find('\0', start);
            if (nul == std::string::npos) nul = packed.size();
            comments.push_back(std::string_view(packed).substr(start, nul - start));
            start = nul + 1;
        }
        index_comments(db, ingest_id, key, comments);
    }
}

CommentSearchResult search_comments(Store& store, const CommentSearchRequest& request) {
    CommentSearchResult result;
    result.query = parse_comment_query(request.query);
    if (store.ingests(request.survey_id, request.wave).empty())
        throw InputError("survey " + request.survey_id + " has no data for wave \"" + request.wave + "\"");
    db::Database& db = store.database();
    const db::CommentMatch match = db::comment_match(db::dialect(db.backend()), result.query.terms, 5);
    // Only the store's organisation's wave (Store::use_organisation).
    const std::string from = " FROM comment_doc d" + match.from +
                             " JOIN ingest i ON i.id = d.ingest_id JOIN wave w ON w.id = i.wave_id"
                             " WHERE w.survey_id = ?1 AND w.label = ?2 AND (?3 = '' OR d.comment_key = ?3)"
                             " AND w.organisation_id = ?4 AND " +
                             match.condition;
    auto bind = [&](db::Statement& st) {
        st.bind(1, request.survey_id).bind(2, request.wave).bind(3, request.comment_id).bind(4, store.organisation());
        for (size_t k = 0; k < match.values.size(); ++k) st.bind(static_cast<int>(5 + k), match.values[k]);
    };
    try {
        {
            auto st = db.prepare("SELECT count(*)" + from);
            bind(st);
            st.step();
            result.matches = static_cast<uint64_t>(st.integer(0));
        }
        if (request.limit > 0) {
            const int limit_at = static_cast<int>(5 + match.values.size());
            auto st = db.prepare("SELECT d.ingest_id, i.file_name, d.comment_key, d.row_index, d.body" + from +
                                 " ORDER BY d.ingest_id, d.comment_key, d.row_index LIMIT ?" + std::to_string(limit_at));
            bind(st);
            st.bind(limit_at, static_cast<int64_t>(request.limit));
            while (st.step())
                result.hits.push_back({st.integer(0), st.text(1), st.text(2), static_cast<uint64_t>(st.integer(3)), "",
                                       st.text(4)});
        }
        // Respondent ids, from each ingest's id column, for the hits shown.
        std::unordered_map<int64_t, std::vector<std::string>> ids;
        for (CommentHit& hit : result.hits) {
            auto found = ids.find(hit.ingest_id);
            if (found == ids.end()) {
                std::vector<std::string> list;
                auto st = db.prepare("SELECT data FROM ingest_column WHERE ingest_id = ?1 AND kind = 'id'");
                st.bind(1, hit.ingest_id);
                if (st.step()) {
                    const auto blob = st.blob(0);
                    std::string_view packed(reinterpret_cast<const char*>(blob.data()), blob.size());
                    size_t start = 0;
                    while (start < packed.size()) {
                        size_t nul = packed.find('\0', start);
                        if (nul == std::string_view::npos) nul = packed.size();
                        list.emplace_back(packed.substr(start, nul - start));
                        start = nul + 1;
                    }
                }
                found = ids.emplace(hit.ingest_id, std::move(list)).first;
            }
            if (hit.row < found->second.size()) hit.respondent_id = found->second[hit.row];
        }
    } catch (const db::Error& e) {
        throw std::runtime_error(store.path() + ": searching the comments of " + describe_wave(request) + " for " +
                                 result.query.describe() + " failed: " + e.what());
    }
    return result;
}

CommentSearchResult search_comments_redacted(Store& store, const CommentSearchRequest& request,
                                             const text::Redactor& redactor) {
    CommentSearchResult result = search_comments(store, request);
    for (CommentHit& hit : result.hits) hit.text = redactor.redact(hit.text);
    return result;
}

}  // namespace gapfinder
