// Shared xlsx reading: small helpers for the SAX handlers that read workbook parts.
#pragma once

#include <Poco/SAX/Attributes.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace gapfinder::xlsx {

// The value of an attribute by local name, or nullptr. no_namespace picks a plain
// attribute (r="C12"); otherwise one in any namespace (r:id="rId1", whatever its prefix).
inline const std::string* attribute(const Poco::XML::Attributes& attributes, std::string_view local,
                                    bool no_namespace = true) {
    for (int i = 0, n = attributes.getLength(); i < n; ++i)
        if (attributes.getLocalName(i) == local && attributes.getURI(i).empty() == no_namespace)
            return &attributes.getValue(i);
    return nullptr;
}

// A whole unsigned decimal number, or false.
inline bool parse_unsigned(std::string_view text, uint64_t& value) {
    if (text.empty() || text.size() > 18) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
}

}  // namespace gapfinder::xlsx
