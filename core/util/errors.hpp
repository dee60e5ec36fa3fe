// The two kinds of failure gapfinder reports, which decide its exit code:
// InputError (exit 1) is the user's to fix: a bad file, definition, option or store state.
// Anything else escaping to main is ours (exit 2).
#pragma once

#include <stdexcept>
#include <string>

namespace gapfinder {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Formats "file: row 12, column "Age": message", leaving out what is unknown.
std::string locate(const std::string& file, unsigned long long row, const std::string& field,
                   const std::string& message);

}  // namespace gapfinder
