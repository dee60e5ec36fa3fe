// UTF-8 checks the host makes on text a plugin hands it (plugins promise UTF-8; the host
// does not take a promise on trust where text is kept and shown, as comments are).
#pragma once

#include <cstddef>
#include <string_view>

namespace gapfinder::utf8 {

// The length of the longest prefix of s that is whole, valid UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF): s.size() when all of it is.
size_t valid_prefix(std::string_view s);

inline bool is_valid(std::string_view s) { return valid_prefix(s) == s.size(); }

// s cut to at most max_bytes without splitting a character (s must be valid UTF-8).
std::string_view cut(std::string_view s, size_t max_bytes);

}  // namespace gapfinder::utf8
