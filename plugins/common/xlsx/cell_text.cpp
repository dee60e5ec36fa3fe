// Shared xlsx reading: numbers, dates and cell references as text (see cell_text.hpp).
#include "cell_text.hpp"

#include "text/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace gapfinder::xlsx {

namespace {

using text::append_clock;
using text::civil_from_days;
using text::days_from_civil;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The code point of an escape "_xHHHH_" starting at text[i], or -1.
long escape_at(const std::string& text, size_t i) {
    if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') return -1;
    long cp = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
        const int h = hex_value(text[k]);
        if (h < 0) return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

void append_utf8(unsigned long cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

DateKind classify_builtin_format(uint32_t id) {
    if (id >= 14 && id <= 17) return DateKind::date;      // m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy
    if (id >= 18 && id <= 21) return DateKind::time;      // h:mm AM/PM ... h:mm:ss
    if (id == 22) return DateKind::datetime;              // m/d/yyyy h:mm
    if (id == 45 || id == 47) return DateKind::time;      // mm:ss, mmss.0
    if (id == 46) return DateKind::elapsed;               // [h]:mm:ss
    return DateKind::none;
}

DateKind classify_format_code(std::string_view code) {
    bool date = false, time = false, month_or_minute = false, elapsed = false;
    for (size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {  // literal text
            const size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {  // escaped, padding, fill: the next character is literal
            ++i;
        } else if (c == '[') {  // [Red], [$-809], [>=100]; but [h], [mm], [ss] are elapsed time
            const size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) break;
            const std::string_view inside = code.substr(i + 1, close - i - 1);
            bool hms = !inside.empty();
            for (char k : inside) hms = hms && (lower(k) == 'h' || lower(k) == 'm' || lower(k) == 's');
            elapsed = elapsed || hms;
            i = close;
        } else {
            const char l = lower(c);
            if (l == 'd' || l == 'y') date = true;
            else if (l == 'h' || l == 's') time = true;
            else if (l == 'm') month_or_minute = true;
        }
    }
    if (elapsed && !date) return DateKind::elapsed;
    if (date && (time || elapsed)) return DateKind::datetime;
    if (date) return DateKind::date;
    if (time) return DateKind::time;            // "h:mm", "mm:ss": m is minutes
    if (month_or_minute) return DateKind::date;  // "mmm": a month name
    return DateKind::none;
}

bool parse_number(std::string_view text, double& value) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool append_date(double serial, DateKind kind, bool date1904, std::string& out) {
    // 2958466 is 10000-01-01 in the 1900 system; Excel shows nothing later.
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466.0) return false;
    const long long total = std::llround(serial * 86400.0);  // to the nearest second, as Excel shows it
    const long long days = total / 86400, seconds = total % 86400;
    if (kind == DateKind::elapsed) {
        append_clock(total / 3600, total % 3600, out);
        return true;
    }
    // Under one day: a time of day. In the 1900 system day 0 is no date at all (Excel
    // shows "1900-01-00"), so a date-formatted 0.5 is a time too.
    if (days == 0 && (kind == DateKind::time || !date1904)) {
        append_clock(seconds / 3600, seconds % 3600, out);
        return true;
    }
    int64_t y = 0;
    unsigned m = 0, d = 0;
    if (date1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + days, y, m, d);
    } else if (days == 60) {  // Lotus 1-2-3's leap-year bug, kept by Excel: 1900-02-29
        y = 1900, m = 2, d = 29;
    } else {  // serial 1 is 1900-01-01; after the phantom day everything is one day on
        civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, y, m, d);
    }
    if (y > 9999) return false;
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    out.append(buf, static_cast<size_t>(n));
    if (kind == DateKind::datetime || kind == DateKind::time || seconds != 0) {
        out += 'T';
        append_clock(seconds / 3600, seconds % 3600, out);
    }
    return true;
}

void decode_escapes(std::string& text) {
    if (text.find("_x") == std::string::npos) return;
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        long cp = escape_at(text, i);
        if (cp < 0) {
            out += text[i++];
            continue;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a UTF-16 pair, escaped half by half
            const long low = escape_at(text, i + 7);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(0x10000 + ((static_cast<unsigned long>(cp) - 0xD800) << 10) + (static_cast<unsigned long>(low) - 0xDC00), out);
                i += 14;
                continue;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {  // half a pair: not a character, keep the text
            out += text[i++];
            continue;
        }
        append_utf8(static_cast<unsigned long>(cp), out);
        i += 7;
    }
    text = std::move(out);
}

bool parse_cell_ref(std::string_view ref, uint32_t& column, uint64_t& row) {
    size_t i = 0;
    uint32_t col = 0;
    for (; i < ref.size(); ++i) {
        const char c = ref[i];
        if (c >= 'a' && c <= 'z') col = col * 26 + static_cast<uint32_t>(c - 'a' + 1);
        else if (c >= 'A' && c <= 'Z') col = col * 26 + static_cast<uint32_t>(c - 'A' + 1);
        else break;
        if (col > kMaxColumns) return false;
    }
    if (i == 0) return false;
    uint64_t r = 0;
    for (; i < ref.size(); ++i) {
        if (ref[i] < '0' || ref[i] > '9' || r > 100000000000ULL) return false;
        r = r * 10 + static_cast<uint64_t>(ref[i] - '0');
    }
    column = col - 1;
    row = r;
    return true;
}

std::string column_letters(uint32_t column) {
    std::string s;
    for (uint64_t n = uint64_t{column} + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

std::string quoted_sheet_name(const std::string& name) {
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (unsigned char c : name)
        plain = plain && (c >= 0x80 || c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z'));
    uint32_t col = 0;
    uint64_t row = 0;
    if (plain && !(parse_cell_ref(name, col, row) && row > 0)) return name;  // "A1" must be quoted
    std::string q = "'";
    for (char c : name) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
}

}  // namespace gapfinder::xlsx
