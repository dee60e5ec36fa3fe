#include "encoding.hpp"

#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>

#include <cstdint>
#include <cstring>

namespace gapfinder::text {

bool is_ascii(std::string_view s) {
    size_t i = 0;
    // Eight bytes at a time: most survey text is ASCII.
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (word & 0x8080808080808080ULL) return false;
    }
    for (; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) & 0x80) return false;
    return true;
}

bool is_valid_utf8(std::string_view s, size_t* bad) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, p + i, 8);
            if (!(word & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        // Lengths and ranges from RFC 3629 section 4 (no overlongs, no surrogates).
        size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; ++k) {
            const unsigned char t = p[i + k];
            ok = k == 1 ? (t >= lo && t <= hi) : (t >= 0x80 && t <= 0xBF);
        }
        if (!ok) {
            if (bad) *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

bool windows1252_to_utf8(std::string_view s, std::string& out, size_t* bad) {
    static const Poco::Windows1252Encoding cp1252;
    static const Poco::UTF8Encoding utf8;
    const auto& map = cp1252.characterMap();
    unsigned char buffer[4];
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        const int ch = map[c];
        // Poco passes the five bytes Windows-1252 leaves undefined through as C1
        // control characters; no survey label holds one, so they are refused.
        if (ch < 0 || (ch >= 0x80 && ch <= 0x9F)) {
            if (bad) *bad = i;
            return false;
        }
        const int len = utf8.convert(ch, buffer, sizeof buffer);
        out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(len));
    }
    return true;
}

bool has_utf16_bom(std::string_view bytes) {
    return bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
}

// RFC 2781 (UTF-16) to RFC 3629 (UTF-8).
bool utf16_to_utf8(std::string_view bytes, std::string& out, size_t* bad, bool partial) {
    const bool big_endian = bytes.substr(0, 2) == "\xFE\xFF";
    const auto unit = [&](size_t at) {
        const auto a = static_cast<unsigned char>(bytes[at]), b = static_cast<unsigned char>(bytes[at + 1]);
        return big_endian ? static_cast<uint32_t>(a << 8 | b) : static_cast<uint32_t>(b << 8 | a);
    };
    const auto fail = [&](size_t at) {
        if (bad) *bad = at;
        return false;
    };
    out.reserve(out.size() + bytes.size() / 2 * 3 / 2);
    size_t at = has_utf16_bom(bytes) ? 2 : 0;
    while (at < bytes.size()) {
        if (at + 2 > bytes.size()) return partial || fail(at);
        uint32_t code = unit(at);
        size_t length = 2;
        if (code >= 0xD800 && code <= 0xDBFF) {
            if (at + 4 > bytes.size()) return partial || fail(at);
            const uint32_t low = unit(at + 2);
            if (low < 0xDC00 || low > 0xDFFF) return fail(at);
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            length = 4;
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return fail(at);
        }
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | code >> 6);
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | code >> 12);
            out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | code >> 18);
            out += static_cast<char>(0x80 | (code >> 12 & 0x3F));
            out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
        at += length;
    }
    return true;
}

}  // namespace gapfinder::text
