// Decoding one UTF-8 character at a time, for the tokeniser and the redactor, which
// must keep byte offsets into the original text; and the checks ingest makes on comments.
#pragma once

#include <cstddef>
#include <string_view>

namespace gapfinder::text {

struct CodePoint {
    char32_t value = 0;  // kInvalidCodePoint when the bytes are not valid UTF-8
    size_t length = 1;   // bytes consumed, at least 1 so that a scan always advances
};
constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// The character starting at text[pos] (pos < text.size()). Overlong forms, surrogates,
// values above U+10FFFF and truncated sequences are invalid, one byte at a time.
CodePoint decode_utf8(std::string_view text, size_t pos);

// The length of the longest prefix of s that is whole, valid UTF-8 (as decode_utf8
// judges it): s.size() when all of it is. Ingest checks comments with it.
size_t valid_utf8_prefix(std::string_view s);

// s cut to at most max_bytes without splitting a character (s must be valid UTF-8).
std::string_view cut_utf8(std::string_view s, size_t max_bytes);

// Letters and digits that make up words: ASCII, and Latin-1's letters (U+00C0-U+00FF
// except × U+00D7 and ÷ U+00F7).
bool is_word_char(char32_t c);
// Upper-case ASCII or Latin-1 (U+00C0-U+00DE except ×); each one's lower case is 0x20 on.
bool is_upper(char32_t c);

}  // namespace gapfinder::text
