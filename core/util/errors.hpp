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

// Error text is bounded, so that a hostile file cannot make a huge error (a 45 MB
// cell quoted in full made a 94 MB one): a message keeps its first kMaxErrorBytes, each
// problem its first kMaxProblemBytes, and an error its first kMaxProblems problems,
// saying how many more there were. Cut on a UTF-8 character boundary.
constexpr size_t kMaxErrorBytes = 4096, kMaxProblemBytes = 1024, kMaxProblems = 50;
std::string bounded_text(const std::string& text, size_t limit);

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& what) : std::runtime_error(bounded_text(what, kMaxErrorBytes)) {}
    explicit InputError(const char* what) : InputError(std::string(what)) {}
    InputError(const std::string& what, std::vector<Problem> problems);
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
