// A CSV file read record by record with every cell in UTF-8, whatever encoding the file
// was saved in. Shared by the CSV-based plugins (citizens-panel-csv, staff-survey-csv,
// online-survey-export) so that they decode, detect and report bad bytes the same way.
//
// Encodings: UTF-8 with or without a byte order mark, Windows-1252 as Excel on Windows
// saves "CSV (Comma delimited)", or UTF-16 with a byte order mark as it saves "Unicode
// Text" (converted to UTF-8 in memory when the file is opened). In automatic mode a file that is valid UTF-8 is
// read as UTF-8, anything else as Windows-1252 (with a warning). A byte neither encoding
// defines is an error naming its row and cell: text is never silently mangled.
#pragma once

#include <gapfinder/plugin_api.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv/csv_reader.hpp"
#include "io/mapped_file.hpp"

namespace gapfinder::csv {

enum class Encoding { automatic, utf8, windows1252 };

struct FileOptions {
    Encoding encoding = Encoding::automatic;
    char delimiter = 0;  // 0: detect from the first line
};

// If key is "encoding" or "delimiter", applies it to options and returns true (with
// error set when the value is not understood); returns false for any other key.
bool take_file_option(std::string_view key, std::string_view value, FileOptions& options, std::string& error);

// The option keys take_file_option understands, for "unknown option" messages.
inline constexpr const char* kFileOptionNames = "encoding and delimiter";

// " (the row starts on line N)" when the record's row and line differ (a field with a
// line break came before it), else empty: appended to row-level messages.
std::string where_of(const Record& record);

class DecodedFile {
public:
    using Warn = std::function<void(const std::string&)>;

    // Maps the file and decides its encoding and delimiter. Throws std::runtime_error if
    // it cannot be opened, and ParseError (row 0) for broken UTF-16 or NUL bytes.
    DecodedFile(const std::string& path, FileOptions options, const Warn& warn);

    // Reads the next non-blank record into cells (views valid until the next call);
    // false at the end. Throws ParseError for malformed quoting or a cell whose bytes are
    // not text in the file's encoding.
    bool next(std::vector<gf_str>& cells);

    // The record next() last returned: its row, physical line and raw cells.
    const Record& record() const { return record_; }

    // " (the row starts on line N)" when a field with a line break shifted the row's
    // numbering from its line, else empty: appended to row-level messages.
    std::string where() const;

    // The rest of the file after the records read so far, for reading it in chunks
    // (csv/chunked_reader.hpp), which only a file whose cells need no decoding allows.
    struct Rest {
        std::string_view text;  // from the next record to the end
        uint64_t rows_before;   // rows (records and blank lines) before it
        uint64_t line;          // the physical line it starts on
        char delimiter;
    };
    bool cells_need_decoding() const { return check_cells_; }
    Rest rest() const;
    // Lets the pages of a part of rest().text go from memory (see io::MappedFile::release).
    void release(std::string_view part) const { file_.release(part); }

private:
    io::MappedFile file_;
    std::string utf16_text_;  // a UTF-16 file, as UTF-8
    std::string_view text_;
    Encoding encoding_ = Encoding::utf8;
    bool check_cells_ = true;
    Reader reader_;
    Record record_;
    std::string converted_;
    size_t released_ = 0;  // text_ before this is no longer resident (a mapped file only)
};

}  // namespace gapfinder::csv
