#include "util/errors.hpp"

namespace gapfinder {

std::string locate(const std::string& file, unsigned long long row, const std::string& field,
                   const std::string& message) {
    std::string out = file;
    if (row > 0) out += (out.empty() ? "" : ": ") + std::string("row ") + std::to_string(row);
    if (!field.empty()) out += (row > 0 ? ", column \"" : (out.empty() ? "column \"" : ": column \"")) + field + "\"";
    return out + (out.empty() ? "" : ": ") + message;
}

}  // namespace gapfinder
