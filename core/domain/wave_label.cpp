#include "domain/wave_label.hpp"

#include "util/errors.hpp"

namespace gapfinder {

namespace {

bool allowed_in_label(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '_' ||
           c == '-';
}

}  // namespace

void check_wave_label(const std::string& label) {
    bool ok = !label.empty() && label.size() <= kMaxWaveLabelLength && label.front() != ' ' && label.back() != ' ';
    for (char c : label) ok = ok && allowed_in_label(c);
    if (ok) return;
    // The label is quoted as given, but only so much of it: it may be a whole file's
    // worth of text sent as a web address.
    throw InputError("wave label \"" + bounded_text(label, 2 * kMaxWaveLabelLength) + "\": use 1 to " +
                     std::to_string(kMaxWaveLabelLength) +
                     " letters, digits, spaces, dots, underscores or hyphens, not starting or ending with a space");
}

}  // namespace gapfinder
