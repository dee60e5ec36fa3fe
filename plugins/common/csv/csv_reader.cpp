#include "csv_reader.hpp"

#include <array>
#include <cstdio>

#include "text/encoding.hpp"

namespace gapfinder::csv {

namespace {

// The character at text[pos] for a message, which must be UTF-8 whatever the file's
// encoding (the reader does not know it): 'x' for printable ASCII, the whole character
// when a UTF-8 sequence starts there, and the byte's value otherwise (a Windows-1252
// letter, a control character).
std::string describe_character(std::string_view text, size_t pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (length && pos + length <= text.size() && text::is_valid_utf8(text.substr(pos, length)))
        return "'" + std::string(text.substr(pos, length)) + "'";
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "byte 0x%02X", c);
    return buffer;
}

}  // namespace

Reader::Reader(std::string_view text, char delimiter) : Reader(text, delimiter, 0, 1) {}

Reader::Reader(std::string_view text, char delimiter, uint64_t rows_before, uint64_t line)
    : text_(text), delimiter_(delimiter), row_(rows_before), line_(line) {
    for (const char c : {delimiter, '\n', '\r'}) ends_field_[static_cast<unsigned char>(c)] = true;
}

char Reader::detect_delimiter(std::string_view text) {
    std::array<size_t, 4> counts{};
    const char candidates[4] = {',', ';', '\t', '|'};
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted)
            for (size_t i = 0; i < 4; ++i) counts[i] += c == candidates[i];
    }
    size_t best = 0;
    for (size_t i = 1; i < 4; ++i)
        if (counts[i] > counts[best]) best = i;
    return counts[best] ? candidates[best] : ',';
}

bool Reader::next(Record& record) {
    const char* const data = text_.data();
    const size_t size = text_.size();
    for (;;) {
        if (pos_ >= size) return false;
        ++row_;
        record.row = row_;
        record.line = line_;
        // A blank line is a row a spreadsheet would show, but holds no record.
        if (data[pos_] == '\n' || data[pos_] == '\r') {
            pos_ += (data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n') ? 2 : 1;
            ++line_;
            continue;
        }
        break;
    }

    // Cells are written straight into record.cells, reusing its slots from the last
    // record; a cell unescaped into scratch_ gets its view only at the end, when scratch_
    // has stopped growing (and moving).
    scratch_.clear();
    escaped_.clear();
    std::vector<std::string_view>& cells = record.cells;
    size_t count = 0;
    auto add = [&](std::string_view cell) {
        if (count == cells.size()) cells.push_back(cell);
        else cells[count] = cell;
        ++count;
    };
    for (;;) {
        const size_t column = count;
        if (pos_ < size && data[pos_] == '"') {
            // Quoted field: copy only if it holds "" escapes.
            const uint64_t start_line = line_;
            size_t begin = ++pos_;
            bool escaped = false;
            size_t scratch_begin = scratch_.size();
            for (;;) {
                if (pos_ >= size)
                    throw ParseError(row_, start_line, column,
                                     "a quoted field starting on line " + std::to_string(start_line) + " is never closed");
                const char c = data[pos_];
                if (c == '"') {
                    if (pos_ + 1 < size && data[pos_ + 1] == '"') {
                        if (!escaped) {
                            escaped = true;
                            scratch_begin = scratch_.size();
                        }
                        scratch_.append(data + begin, pos_ + 1 - begin);
                        pos_ += 2;
                        begin = pos_;
                        continue;
                    }
                    break;
                }
                if (c == '\n' || (c == '\r' && !(pos_ + 1 < size && data[pos_ + 1] == '\n'))) ++line_;
                ++pos_;
            }
            if (escaped) {
                scratch_.append(data + begin, pos_ - begin);
                escaped_.emplace_back(count, scratch_begin);
                add(text_.substr(0, scratch_.size() - scratch_begin));  // its size; the view comes at the end
            } else {
                add(text_.substr(begin, pos_ - begin));
            }
            ++pos_;  // closing quote
            while (pos_ < size && (data[pos_] == ' ' || data[pos_] == '\t') && data[pos_] != delimiter_) ++pos_;
            if (pos_ < size && !ends_field_[static_cast<unsigned char>(data[pos_])])
                throw ParseError(row_, line_, column,
                                 "unexpected text after a closing quote: " + describe_character(text_, pos_) +
                                     " (a quote inside a quoted field must be doubled: \"\")");
        } else {
            const size_t begin = pos_;
            while (pos_ < size && !ends_field_[static_cast<unsigned char>(data[pos_])]) ++pos_;
            add(text_.substr(begin, pos_ - begin));
        }
        if (pos_ >= size) break;
        const char c = data[pos_++];
        if (c == delimiter_) continue;
        // End of record: LF, CRLF or a lone CR.
        if (c == '\r' && pos_ < size && data[pos_] == '\n') ++pos_;
        ++line_;
        break;
    }

    cells.resize(count);
    for (const auto& [cell, offset] : escaped_) cells[cell] = std::string_view(scratch_).substr(offset, cells[cell].size());
    return true;
}

}  // namespace gapfinder::csv
