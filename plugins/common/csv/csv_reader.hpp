// An RFC 4180 CSV reader over text already in memory: quoted fields with "" escapes and
// embedded line breaks, CRLF, LF or CR line ends, any one-byte delimiter. Cells are
// views into the input, or into a per-record buffer when a field had "" escapes.
//
// Rows are numbered as a spreadsheet shows them: the first record is row 1, and blank
// lines count as rows but are not returned. line is the physical line a record starts
// on, which differs from row only when an earlier field held a line break.
//
// Shared by the CSV-based plugins; it knows nothing of surveys or of the plugin API.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapfinder::csv {

struct ParseError : std::runtime_error {
    ParseError(uint64_t row, uint64_t line, size_t column, const std::string& message)
        : std::runtime_error(message), row(row), line(line), column(column) {}
    uint64_t row, line;
    size_t column;  // 0-based cell index within the record
};

struct Record {
    uint64_t row = 0;
    uint64_t line = 0;
    std::vector<std::string_view> cells;
};

class Reader {
public:
    Reader(std::string_view text, char delimiter);
    // A reader over part of a file that starts at a record boundary, numbering on from
    // the rows and lines before it: its first record is row rows_before + 1, starting on
    // line `line`.
    Reader(std::string_view text, char delimiter, uint64_t rows_before, uint64_t line);

    // Reads the next non-blank record; false at the end of the input.
    // Throws ParseError for an unterminated quote or text after a closing quote.
    bool next(Record& record);

    // The delimiter among , ; TAB and | that occurs most often outside quotes on the
    // first line (',' when none does).
    static char detect_delimiter(std::string_view text);

    // Where the next record starts in the text: everything before it is read.
    size_t position() const { return pos_; }
    // Rows read so far (records and blank lines), and the line the next record starts on.
    uint64_t rows_read() const { return row_; }
    uint64_t next_line() const { return line_; }
    char delimiter() const { return delimiter_; }

private:
    std::string_view text_;
    size_t pos_ = 0;
    char delimiter_;
    uint64_t row_ = 0, line_ = 1;
    std::string scratch_;
    std::vector<std::pair<size_t, size_t>> escaped_;  // cells unescaped into scratch_: index, offset
    bool ends_field_[256] = {};  // bytes that end an unquoted field
};

}  // namespace gapfinder::csv
