// The plugin contract of core/plugin_api/gapfinder/plugin_api.h, checked call by call: the
// sink the fuzz driver hands a plugin, and the sink the regression test reads through
// the plugin host. Shared so that both hold plugins to the same rules:
//
//   - begin() once, before any row; row() only after it, never after the sink asked to
//     stop;
//   - every row has exactly as many cells as there were headings;
//   - row numbers are 1-based, after the heading row and strictly increasing;
//   - every view is readable for its whole size (AddressSanitizer checks the bytes) and
//     holds UTF-8;
//   - read() returns a gf_code; on GF_ERR_INPUT or GF_ERR_IO the status holds that code
//     and a message (field and message NUL-terminated, UTF-8); GF_ERR_CANCELLED only when
//     the sink asked to stop; GF_OK only after begin();
//   - broken input is never GF_ERR_INTERNAL (that means a bug in the plugin).
#pragma once

#include <gapfinder/plugin_api.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace gapfinder::fuzz {

// Well-formed UTF-8 (RFC 3629: no overlongs, surrogates or code points past U+10FFFF).
// Written here rather than borrowed from the plugins, so that the check is independent.
inline bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        else return false;
        if (i + len > n) return false;
        if (p[i + 1] < lo || p[i + 1] > hi) return false;
        for (size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += len;
    }
    return true;
}

class ContractChecker {
public:
    // stop_after: rows accepted before the sink asks to stop (SIZE_MAX: never);
    // stop_at_headings: ask to stop at begin().
    ContractChecker(size_t stop_after, bool stop_at_headings)
        : stop_after_(stop_after), stop_at_headings_(stop_at_headings) {}

    // The first breach of the contract, or empty.
    const std::string& violation() const { return violation_; }
    bool begun() const { return begun_; }
    bool asked_to_stop() const { return stopped_; }
    uint64_t rows() const { return rows_; }

    // What the sink answers: 0 to go on, 1 to stop. A breach is recorded (and the answer
    // is 1, so that a plugin that breaks the contract is stopped).
    int32_t begin(uint64_t row, const gf_str* headings, size_t count) {
        if (stopped_) return breach("begin() after the sink asked to stop");
        if (begun_) return breach("begin() called twice");
        begun_ = true;
        heading_count_ = count;
        last_row_ = row;
        if (row == 0) return breach("the heading row is numbered 0 (rows are 1-based)");
        if (count > 0 && !headings) return breach("begin() with a null headings array");
        for (size_t i = 0; i < count; ++i)
            if (!check_view(headings[i], "heading", i)) return 1;
        if (stop_at_headings_) stopped_ = true;
        return stopped_ ? 1 : 0;
    }

    int32_t row(uint64_t row, const gf_str* cells, size_t count) {
        if (stopped_) return breach("row() after the sink asked to stop");
        if (!begun_) return breach("row() before begin()");
        if (count != heading_count_)
            return breach("row " + std::to_string(row) + " has " + std::to_string(count) + " cells but begin() had " +
                          std::to_string(heading_count_) + " headings");
        if (row <= last_row_)
            return breach("row " + std::to_string(row) + " does not come after row " + std::to_string(last_row_));
        last_row_ = row;
        if (count > 0 && !cells) return breach("row() with a null cells array");
        for (size_t i = 0; i < count; ++i)
            if (!check_view(cells[i], "cell", i)) return 1;
        if (++rows_ >= stop_after_) stopped_ = true;
        return stopped_ ? 1 : 0;
    }

    // After read() returned code with status.
    void finish(int32_t code, const gf_status& status) {
        if (!violation_.empty()) return;
        const std::string_view field(status.field, strnlen(status.field, sizeof status.field));
        const std::string_view message(status.message, strnlen(status.message, sizeof status.message));
        switch (code) {
            case GF_OK:
                if (!begun_) breach("read() returned GF_OK without calling begin()");
                else if (stopped_) breach("read() returned GF_OK after the sink asked to stop (GF_ERR_CANCELLED expected)");
                return;
            case GF_ERR_CANCELLED:
                if (!stopped_) breach("read() returned GF_ERR_CANCELLED but the sink never asked to stop");
                return;
            case GF_ERR_INPUT:
            case GF_ERR_IO:
                if (status.code != code) breach("read() returned " + std::to_string(code) + " but status.code is " + std::to_string(status.code));
                else if (field.size() == sizeof status.field) breach("status.field is not NUL-terminated");
                else if (message.size() == sizeof status.message) breach("status.message is not NUL-terminated");
                else if (message.empty()) breach("an error without a message");
                else if (!valid_utf8(field)) breach("status.field is not UTF-8: " + std::string(field));
                else if (!valid_utf8(message)) breach("status.message is not UTF-8: " + std::string(message));
                return;
            case GF_ERR_INTERNAL:
                breach("read() failed with GF_ERR_INTERNAL on input (a bug in the plugin): " + std::string(message));
                return;
            default:
                breach("read() returned " + std::to_string(code) + ", which is no gf_code");
        }
    }

    void identified(int32_t confidence) {
        if (confidence < 0 || confidence > 100) breach("identify() returned " + std::to_string(confidence) + ", not 0 to 100");
    }

private:
    int32_t breach(const std::string& what) {
        if (violation_.empty()) violation_ = what;
        stopped_ = true;
        return 1;
    }

    bool check_view(const gf_str& s, const char* what, size_t index) {
        if (s.size > 0 && !s.data) {
            breach(std::string(what) + " " + std::to_string(index + 1) + " has a null pointer and size " + std::to_string(s.size));
            return false;
        }
        // Reading every byte lets AddressSanitizer catch a view into freed or foreign memory.
        volatile unsigned char sum = 0;
        for (size_t i = 0; i < s.size; ++i) sum = static_cast<unsigned char>(sum + static_cast<unsigned char>(s.data[i]));
        (void)sum;
        if (!valid_utf8({s.data, s.size})) {
            breach(std::string(what) + " " + std::to_string(index + 1) + " is not UTF-8: \"" + std::string(s.data, s.size) + "\"");
            return false;
        }
        return true;
    }

    size_t stop_after_;
    bool stop_at_headings_;
    bool begun_ = false, stopped_ = false;
    size_t heading_count_ = 0;
    uint64_t last_row_ = 0, rows_ = 0;
    std::string violation_;
};

}  // namespace gapfinder::fuzz
