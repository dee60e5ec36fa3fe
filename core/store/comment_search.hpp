// Searching comments (issue 19, item 1): every non-blank comment is indexed for
// full-text search when it is stored (schema migration 8), with SQLite's FTS5 or
// PostgreSQL's own full-text search behind the same functions (store/dialect.hpp), so
// that analysts (`gapfinder comments search`) and the web app (analysts and admins) can
// find the comments that use some words.
//
// The index is written in the ingest's own transaction (a failed ingest leaves no row
// of it), goes with its ingest (a --replace, or a wave removed), and migration 8 fills it
// for comments stored before it.
//
// Queries are read the way analysts type them, never as FTS5 or tsquery syntax: plain
// words, and "quoted phrases"; every term must occur. Each term is cut into words by the
// comments' tokeniser (text/tokenise.hpp: letters, digits, inner apostrophes), and only
// those words reach the index, each phrase quoted, so a stray ", NEAR(, *, AND, OR or
// a column filter is text to look for, or nothing, and never an error or an injection.
// Matching is by stem and ignores case on both backends: "ramps" finds "ramp",
// "Wheelchair" finds "wheelchairs". SQLite stems with Porter's original algorithm and
// folds accents ("cafe" finds "café"); PostgreSQL with Snowball's English (Porter2) and
// keeps accents. Neither drops stop words, so "no ramp" looks for the phrase "no ramp".
//
// What leaves for display goes through the redactor (text/redact.hpp) first:
// search_comments_redacted, which the command and the web app use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/dataset.hpp"
#include "store/database.hpp"
#include "text/redact.hpp"

namespace gapfinder {

class Store;

// A query as terms, each one word or the words of a phrase, in the order typed.
struct CommentQuery {
    std::vector<std::vector<std::string>> terms;
    std::string describe() const;  // "ramp" "wheelchair access": each term quoted
};

// Throws InputError naming the problem: no words at all, more than kMaxTerms terms, or
// more than kMaxQueryBytes bytes. An unclosed quote runs to the end of the text.
CommentQuery parse_comment_query(std::string_view text);
constexpr size_t kMaxTerms = 20;
constexpr size_t kMaxQueryBytes = 1000;

struct CommentSearchRequest {
    std::string survey_id, wave;
    std::string comment_id;  // one comment question, or "" for every one
    std::string query;       // as typed
    size_t limit = 20;       // hits returned (the count of matches is not limited)
};

struct CommentHit {
    int64_t ingest_id = 0;
    std::string file_name;
    std::string comment_id;
    uint64_t row = 0;            // the respondent's row within the ingest, from 0
    std::string respondent_id;
    std::string text;            // as stored, or redacted by search_comments_redacted
};

struct CommentSearchResult {
    CommentQuery query;
    uint64_t matches = 0;        // every matching comment in the wave (or comment question)
    std::vector<CommentHit> hits;  // the first `limit` of them, in file and row order
};

// The comments of a stored wave that contain every term, unredacted: for core and
// tests. Throws InputError for a bad query or a wave the store does not hold.
CommentSearchResult search_comments(Store& store, const CommentSearchRequest& request);

// The same, each hit's text redacted: what may be shown.
CommentSearchResult search_comments_redacted(Store& store, const CommentSearchRequest& request,
                                             const text::Redactor& redactor);

// Indexes one comment column of an ingest (blank comments are not indexed); inside the
// ingest's transaction.
void index_comments(db::Database& db, int64_t ingest_id, const std::string& comment_id, const TextColumn& comments);

// Indexes every stored comment column (migration 8's back-fill; the index is empty then).
void index_stored_comments(db::Database& db);

}  // namespace gapfinder
