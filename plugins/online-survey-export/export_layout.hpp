// online-survey-export: what the two header rows of an online survey tool's export mean,
// and each response row turned into the cells the host gets. The same for the CSV and the
// xlsx variant: the readers (plugin.cpp) only hand rows of text to it.
//
//   row 1  Respondent ID | Start Date | Which of these apply to you? |       |                        | Postcode
//   row 2               |            | A carer                      | Disabled | Other (please specify) | Response
//   row 3  114230       | 2024-03-05 | A carer                      |       | Volunteer               | AB1 2CD
//
// Row 1 holds the question text, once, over the first of its columns (it carries forward
// over the blank cells after it); row 2 the option: "Response" or "Open-Ended Response"
// for a question answered in one column, or one option text per column for a
// multi-choice question (also a grid question: one column per statement). Columns with
// a heading in row 1 and nothing in row 2 are the tool's metadata.
//
// Headings sent to the host: the question text for a one-column question and for
// metadata; "Question: Option" for each column of a multi-column question. A heading met
// again gets " (2)", " (3)"... in file order.
//
// Cells: one-column questions and metadata as written. A multi-choice option column sends
// "Selected" when the respondent ticked it (the tool writes the option's text) and
// "Not selected" when they ticked another of the question's options (or wrote in its
// "Other" box), and nothing when they answered none of it: a skipped question is
// missing, not "not selected". "Other (please specify)" and "Open-Ended Response" columns
// of a multi-column question are free text, sent as written.
//
// Multi-choice or grid: both put one column per option (or statement) under a question,
// and only the answers tell them apart. The first response that answers the question
// decides: if every cell it filled holds its column's option text, the question is
// multi-choice, and from then on any other text in its option columns is an error; if
// none does, it is a grid question (a rating per statement, "Very satisfied"...), whose
// cells are sent as written. A mix is an error. Earlier responses skipped the question,
// so their (empty) cells are the same either way.
//
// Personal data among the metadata (IP address, e-mail address, names) is always
// dropped; the rest is kept unless metadata=drop (which still keeps the respondent id:
// a survey definition needs one).
#pragma once

#include <gapfinder/plugin_api.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder::online {

struct Settings {
    bool keep_metadata = true;  // metadata=keep|drop
};

class ExportLayout {
public:
    // field(column, row) names a cell for an error: the column's heading for CSV, the cell
    // ("Responses!C12") for a workbook. describe_heading adds the column's heading to
    // messages (for workbooks, whose field does not say it). log(level, message).
    using Field = std::function<std::string(size_t column, uint64_t row)>;
    using Log = std::function<void(int32_t level, const std::string& message)>;
    ExportLayout(Settings settings, const gf_sink& sink, Field field, bool describe_heading, Log log);

    // The two header rows, each with `width` cells (the reader pads the shorter one).
    // option_row() works out the columns, logs what it dropped and calls sink.begin().
    void question_row(uint64_t row, std::vector<std::string> cells);
    void option_row(uint64_t row, std::vector<std::string> cells);
    // A response row, with exactly width() cells.
    void response(uint64_t row, const std::vector<std::string_view>& cells);
    // After the last row: errors for a file that ended within its header rows. what names
    // the whole: "the file", or "sheet \"Responses\"".
    void finish(const std::string& what = "the file") const;

    bool has_question_row() const { return question_row_ != 0; }
    bool has_option_row() const { return option_row_ != 0; }
    size_t width() const { return question_.size(); }
    // The heading a column was given (empty for a dropped column, or before option_row()).
    std::string heading(size_t column) const;
    uint64_t responses() const { return responses_; }

private:
    enum class Kind : uint8_t { dropped, as_written, option, free_text };
    enum class Mode : uint8_t { undecided, multi_choice, grid };
    struct Column {
        Kind kind = Kind::as_written;
        std::string heading;   // sent to the host (unique), or what was dropped
        std::string option;    // an option column's option text
        size_t group = SIZE_MAX;  // the multi-column question it belongs to
    };
    struct Group {
        std::string question;
        std::vector<size_t> columns;
        Mode mode = Mode::undecided;
    };

    [[noreturn]] void fail(size_t column, uint64_t row, const std::string& message) const;
    void decide(Group& group, uint64_t row, const std::vector<std::string_view>& cells);

    Settings settings_;
    const gf_sink& sink_;
    Field field_;
    bool describe_heading_;
    Log log_;

    uint64_t question_row_ = 0, option_row_ = 0, responses_ = 0;
    std::vector<std::string> question_;
    std::vector<Column> columns_;
    std::vector<Group> groups_;
    std::vector<gf_str> headings_;  // views into columns_[].heading, kept ones only
    std::vector<gf_str> out_;
    std::vector<uint8_t> answered_;  // per group, for the row being sent
};

}  // namespace gapfinder::online
