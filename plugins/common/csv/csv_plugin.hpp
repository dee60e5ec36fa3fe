// What the CSV-based plugins (citizens-panel-csv, staff-survey-csv) share beyond decoding:
// reading their options, naming columns in messages, the ragged-row rule, turning a
// ParseError into a status, and looking at a file's first bytes in identify().
#pragma once

#include <gapfinder/plugin_api.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "csv/decoded_file.hpp"

namespace gapfinder::csv {

inline std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

// Without surrounding spaces and tabs (how headings are compared and sent).
std::string_view trim_blanks(std::string_view s);

// Reads every --option of a request: encoding and delimiter into `file`, any other key
// through `other` (which returns false for a key it does not know, and sets `problem`
// for a bad value). Fills status and returns false on the first problem; an unknown key
// is reported with `known` ("encoding, delimiter and ...") listing the plugin's options.
bool read_options(const gf_read_request* request, FileOptions& file,
                  const std::function<bool(std::string_view key, std::string_view value, std::string& problem)>& other,
                  const std::string& known, gf_status* status);

// A column as messages name it: its heading, or "column N" (1-based) when it has none.
std::string column_name(const std::vector<std::string>& headings, size_t column);

// The status for a ParseError from DecodedFile, naming the row and the column.
int32_t parse_error_status(const ParseError& e, const std::vector<std::string>& headings, gf_status* status);

// The status for a row whose cell count differs from the heading row's.
int32_t ragged_row_status(const Record& record, size_t cells, size_t expected, gf_status* status);

// The first bytes of a file as UTF-8 text: a UTF-16 head (Excel's "Unicode Text") is
// converted, a character cut off by the end of the head dropped; any other head is
// returned as it is. What identify() looks at.
std::string head_text(std::string_view head);

// Whether the first bytes of a file are another format's binary (NUL bytes outside
// UTF-16, a zip such as .xlsx, an SPSS file, more than one control character in a
// thousand): no CSV plugin claims those.
bool looks_binary(std::string_view head);

// Whether text (a file's first bytes, as head_text gives them) reads as a table: its
// first records (up to 10, not counting one the head may cut off) have the same number
// of cells, at least 2. A CSV plugin claims a file of another extension only then.
bool looks_tabular(std::string_view text) noexcept;

// Whether the first line of head holds a comma, semicolon or tab.
bool first_line_has_delimiter(std::string_view head);

// The heading row among a file's first bytes (byte order mark skipped, delimiter
// detected, quotes honoured), each heading trimmed; empty when there is none. For
// identify(): never throws.
std::vector<std::string> heading_row_of(std::string_view head) noexcept;

}  // namespace gapfinder::csv
