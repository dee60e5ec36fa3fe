// The in-memory columnar dataset that analysis reads: one byte per answer and per
// grouping cell (codes as defined in survey_definition.hpp), an optional weight column,
// and respondent ids packed into one buffer. 1,000,000 respondents x 40 questions x 12
// groupings take about 52 MB plus the ids, with no per-cell objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gapfinder {

// Respondent ids, packed end to end: id i is text[offsets[i], offsets[i+1]).
class IdColumn {
public:
    IdColumn() { offsets_.push_back(0); }
    void push_back(std::string_view id) {
        text_.append(id);
        offsets_.push_back(text_.size());
    }
    std::string_view operator[](size_t i) const {
        return std::string_view(text_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    size_t size() const { return offsets_.size() - 1; }
    void reserve(size_t rows, size_t bytes) {
        offsets_.reserve(rows + 1);
        text_.reserve(bytes);
    }
    void append(const IdColumn& other);
    const std::string& text() const { return text_; }
    const std::vector<uint64_t>& offsets() const { return offsets_; }
    // Rebuilds from a packed text and offsets (as the store keeps them).
    static IdColumn from_packed(std::string text, std::vector<uint64_t> offsets);

private:
    std::string text_;
    std::vector<uint64_t> offsets_;
};

// Any column of texts packs the same way: comments (one text per respondent, "" for
// no comment) are held as ids are.
using TextColumn = IdColumn;

// A sample-design column (stratum or cluster): each respondent's value as an index into
// the values seen, in order of first appearance.
struct LabelColumn {
    std::vector<std::string> labels;
    std::vector<uint32_t> codes;

    bool empty() const { return labels.empty() && codes.empty(); }
    void push_back(std::string_view label);
    // Appends another part's column, mapping its labels to this one's.
    void append(const LabelColumn& other);

private:
    std::unordered_map<std::string, uint32_t> index_;  // label -> code, built as labels are added
    uint32_t code_of(std::string_view label);
};

// How a coded comment question's comments were coded when the wave loaded
// (text/comment_themes.hpp): by hand, by the codebook's rules, by the model's suggestions
// at the analyst's threshold, or not at all. Counts of comments, over the whole wave.
struct CommentCodingCounts {
    std::string comment_id;
    uint64_t commented = 0, hand = 0, rules = 0, model = 0, none = 0;
    bool model_applied = false;
    double model_threshold = 0;  // when model_applied
};

// The counts, and how each respondent's comment was coded (CodedWay), which never
// leaves core's analysis: findings carry the counts only.
enum CodedWay : uint8_t { kNoComment = 0, kCodedByHand = 1, kCodedByRules = 2, kCodedByModel = 3, kCodedNone = 4 };
struct CommentCoding {
    CommentCodingCounts counts;
    std::vector<uint8_t> coded_by;  // [respondent]: a CodedWay
};

struct Dataset {
    IdColumn ids;
    std::vector<std::vector<uint8_t>> answers;    // [question][respondent]
    std::vector<std::vector<uint8_t>> groupings;  // [grouping][respondent]
    std::vector<TextColumn> comments;             // [comment question][respondent]; "" is no comment
    std::vector<double> weights;                  // empty, or one per respondent
    // The sample design (survey definition's strata_column, cluster_column): empty, or
    // one value per respondent.
    LabelColumn strata, clusters;
    // Cell key method record keys (analysis/cell_key.hpp): empty, or one per respondent
    // when the analysis publishes perturbed counts.
    std::vector<uint8_t> record_keys;
    // One entry per coded comment question, filled when the wave's themes are coded.
    std::vector<CommentCoding> coding;

    size_t rows() const { return ids.size(); }
    bool weighted() const { return !weights.empty(); }
    // Appends another dataset of the same survey (another file of the same wave).
    void append(const Dataset& other);
    size_t memory_bytes() const;
};

}  // namespace gapfinder
