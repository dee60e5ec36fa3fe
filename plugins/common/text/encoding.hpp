// Text encodings met in council survey files: UTF-8 (with or without a byte order
// mark), Windows-1252, which Excel on Windows writes for "CSV (Comma delimited)", and
// UTF-16 with a byte order mark, which it writes for "Unicode Text".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gapfinder::text {

// True if s is well-formed UTF-8; otherwise *bad (if given) is the offset of the first
// byte of the first bad sequence.
bool is_valid_utf8(std::string_view s, size_t* bad = nullptr);

// Appends s, read as Windows-1252, to out as UTF-8 (through Poco's Windows1252Encoding).
// Returns false, with *bad the offset, at a byte Windows-1252 leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D), rather than guess a character.
bool windows1252_to_utf8(std::string_view s, std::string& out, size_t* bad = nullptr);

// Whether bytes start with a UTF-16 byte order mark (FF FE little-endian, FE FF big-endian).
bool has_utf16_bom(std::string_view bytes);

// Appends bytes, UTF-16 after a byte order mark (which is skipped), to out as UTF-8.
// Returns false, with *bad the byte offset, at a lone surrogate or an odd last byte.
// With partial, a sequence cut off by the end of bytes is dropped instead (for the
// first bytes of a file that identify() sees).
bool utf16_to_utf8(std::string_view bytes, std::string& out, size_t* bad = nullptr, bool partial = false);

// True if every byte is ASCII: such text is the same in both encodings.
bool is_ascii(std::string_view s);

}  // namespace gapfinder::text
