// The two kinds of failure gapfinder reports, which decide its exit code:
// InputError (exit 1) is the user's to fix: a bad file, definition, option or store state.
// Anything else escaping to main is ours (exit 2).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace gapfinder {

// Where in a file something is wrong, for callers that show problems one by one (the
// web API returns them as JSON); row 0 and an empty column mean unknown.
struct Problem {
    std::string file;
    unsigned long long row = 0;
    std::string column, message;
};

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    InputError(const std::string& what, std::vector<Problem> problems)
        : std::runtime_error(what), problems_(std::move(problems)) {}
    // Empty unless the error is about places in a file.
    const std::vector<Problem>& problems() const { return problems_; }

private:
    std::vector<Problem> problems_;
};

// Formats "file: row 12, column "Age": message", leaving out what is unknown.
std::string locate(const std::string& file, unsigned long long row, const std::string& field,
                   const std::string& message);
inline std::string locate(const Problem& p) { return locate(p.file, p.row, p.column, p.message); }

}  // namespace gapfinder
