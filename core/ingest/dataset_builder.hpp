// Turns the text rows a plugin streams into a columnar Dataset, through a survey
// definition: headings are matched to the definition's columns and every cell is
// coded (answers to scale points, characteristics to catalogue categories).
//
// Problems are collected, each naming file, row, column and value, up to a limit; the
// read then stops. Nothing here touches the store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "plugin_host/plugin_host.hpp"
#include "util/errors.hpp"

namespace gapfinder {

class DatasetBuilder : public RowSink {
public:
    // A comment longer than this is cut (at a character boundary) with a warning naming
    // its rows: 32 KiB is some 5,000 words, more than any answer to "please tell us why".
    static constexpr size_t kMaxCommentBytes = 32 * 1024;

    DatasetBuilder(const SurveyDefinition& survey, std::string file_label, size_t max_problems = 20);
    ~DatasetBuilder() override;

    bool begin(uint64_t row, std::span<const gf_str> headings) override;
    bool row(uint64_t row, std::span<const gf_str> cells) override;
    // Batches from a plugin that parses on several threads: each is coded into columns
    // of its own, on the thread that gives it, and finish() joins them in file order.
    unsigned batch_threads() const override;
    bool rows(uint64_t batch, std::span<const uint64_t> row_numbers, std::span<const gf_str> cells, size_t columns) override;

    // Called every few thousand rows with the count so far (from one thread at a time).
    std::function<void(uint64_t rows)> on_progress;

    // The dataset; throws InputError listing the problems if there were any.
    Dataset finish();
    // Called when the reader itself gave up (a ragged row, broken quoting): throws
    // InputError listing the problems found before the reader's row and then its error.
    [[noreturn]] void fail(const std::string& reader_error);
    [[noreturn]] void fail(const InputError& reader_error);

private:
    class Coder;
    // Rows coded into columns: main_ for rows given one by one, and one per batch.
    struct Part {
        Dataset data;
        std::vector<uint64_t> source_rows;           // the file row of each respondent, for messages
        std::vector<Problem> problems;               // in file order, at most max_problems_
        std::vector<std::unique_ptr<Coder>> coders;  // one per binding, each remembering the texts it matched
        std::vector<std::pair<uint64_t, size_t>> cut_comments;  // (row, comment) of comments cut to kMaxCommentBytes
    };
    // A column the definition names, found in the file.
    struct Binding {
        size_t cell;
        const Scale* scale;        // an answer column, or
        const Grouping* grouping;  // a characteristic column
        size_t index;              // the question's or the grouping's
    };
    Part new_part() const;
    void problem(Part& part, uint64_t row, const std::string& column, const std::string& message) const;
    bool code_row(Part& part, uint64_t row, std::span<const gf_str> cells) const;
    void join_batches();
    void check_unique_ids();
    void warn_cut_comments() const;
    [[noreturn]] void throw_problems(const std::string& reader_error, const std::vector<Problem>& reader_problems = {});

    const SurveyDefinition& survey_;
    std::string file_;
    size_t max_problems_;
    bool began_ = false;
    size_t expected_cells_ = 0;
    size_t id_cell_ = 0, weight_cell_ = SIZE_MAX, strata_cell_ = SIZE_MAX, cluster_cell_ = SIZE_MAX;
    std::vector<Binding> bindings_;
    std::vector<std::pair<size_t, size_t>> comment_cells_;  // (cell, comment index)
    std::vector<std::string> headings_;
    std::unique_ptr<Part> main_;  // the heading row's problems, rows given one by one, and at the end everything
    std::mutex batches_mutex_;    // guards the three below
    std::map<uint64_t, Part> batches_;
    uint64_t batched_rows_ = 0, last_progress_ = 0;
};

}  // namespace gapfinder
