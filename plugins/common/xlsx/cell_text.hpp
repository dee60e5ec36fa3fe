// Shared xlsx reading: turning what a sheet stores into the text a person sees in Excel.
//
// A workbook stores numbers as doubles and dates as numbers too (days since 1900 or
// 1904), telling them apart only by the cell's number format. gapfinder compares cells
// with labels as text, so 3 must arrive as "3" (not "3.0"), 0.1 as "0.1" (not
// "0.10000000000000001") and a date as ISO 8601, whatever the workbook's locale.
// Also here: cell references ("C12"), and the _xHHHH_ escapes OOXML uses for characters
// XML cannot hold.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gapfinder::xlsx {

// What a number format makes of a number.
enum class DateKind : uint8_t {
    none,      // a plain number
    date,      // a calendar date: YYYY-MM-DD (with a time if the value has one)
    datetime,  // a date and a time: YYYY-MM-DDTHH:MM:SS
    time,      // a time of day: HH:MM:SS for values under one day
    elapsed    // a duration such as [h]:mm:ss: hours may pass 24
};

// Built-in number formats Excel never writes out: 14-22 and 45-47 show dates and times.
DateKind classify_builtin_format(uint32_t id);
// A custom format code is a date or time when it holds d, m, y, h or s outside quoted
// text, escapes and [brackets] (other than the elapsed [h], [mm], [ss]).
DateKind classify_format_code(std::string_view code);

// Parses a number as a sheet stores it ("3", "0.1", "1E-7"). False if it is none.
bool parse_number(std::string_view text, double& value);
// Appends a date serial as ISO 8601 (see DateKind), in the 1900 date system (with
// Excel's phantom 1900-02-29, serial 60) or the 1904 one. False when the value is no
// date Excel can show (negative, or after 9999): then treat it as a plain number.
bool append_date(double serial, DateKind kind, bool date1904, std::string& out);

// Replaces _xHHHH_ escapes (e.g. _x000D_ for a carriage return) by the character.
void decode_escapes(std::string& text);

constexpr uint32_t kMaxColumns = 16384;  // A to XFD
// Excel holds at most 32,767 characters in a cell; more than this many bytes of text in
// one cell or shared string means a damaged (or hostile) file, refused before it can
// exhaust memory.
constexpr size_t kMaxTextBytes = 1 << 20;
// "C12" -> column 2 (0-based) and row 12. The row part may be missing (row is then 0).
bool parse_cell_ref(std::string_view ref, uint32_t& column, uint64_t& row);
// 0 -> "A", 27 -> "AB".
std::string column_letters(uint32_t column);
// A sheet name as a formula would write it: quoted when it is not a plain word.
std::string quoted_sheet_name(const std::string& name);

}  // namespace gapfinder::xlsx
