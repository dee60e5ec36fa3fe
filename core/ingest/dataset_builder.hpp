// Turns the text rows a plugin streams into a columnar Dataset, through a survey
// definition: headings are matched to the definition's columns and every cell is
// coded (answers to scale points, characteristics to catalogue categories).
//
// Problems are collected, each naming file, row, column and value, up to a limit; the
// read then stops. Nothing here touches the store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
    DatasetBuilder(const SurveyDefinition& survey, std::string file_label, size_t max_problems = 20);
    ~DatasetBuilder() override;

    bool begin(uint64_t row, std::span<const gf_str> headings) override;
    bool row(uint64_t row, std::span<const gf_str> cells) override;

    // Called every few thousand rows with the count so far.
    std::function<void(uint64_t rows)> on_progress;

    const std::vector<std::string>& problems() const { return problems_; }
    const std::vector<Problem>& located_problems() const { return located_; }
    // The dataset; throws InputError listing the problems if there were any.
    Dataset finish();
    // Called when the reader itself gave up (a ragged row, broken quoting): throws
    // InputError listing the problems found so far and then the reader's error.
    [[noreturn]] void fail(const std::string& reader_error);
    [[noreturn]] void fail(const InputError& reader_error);

private:
    class Coder;
    struct Binding {
        size_t cell;
        Coder* coder;
        std::vector<uint8_t>* column;
    };
    void problem(uint64_t row, const std::string& column, const std::string& message);
    void check_unique_ids();
    [[noreturn]] void throw_problems(const std::string& reader_error, const std::vector<Problem>& reader_problems = {}) const;

    const SurveyDefinition& survey_;
    std::string file_;
    size_t max_problems_;
    std::vector<std::string> problems_;
    std::vector<Problem> located_;  // the same problems, as places
    bool began_ = false;
    size_t expected_cells_ = 0;
    size_t id_cell_ = 0, weight_cell_ = SIZE_MAX, strata_cell_ = SIZE_MAX, cluster_cell_ = SIZE_MAX;
    std::vector<std::unique_ptr<Coder>> coders_;
    std::vector<Binding> bindings_;
    std::vector<std::string> headings_;
    Dataset data_;
    std::vector<uint64_t> source_rows_;  // the file row of each respondent, for messages
};

}  // namespace gapfinder
