#include "util/errors.hpp"

namespace gapfinder {

std::string bounded_text(const std::string& text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return text.substr(0, cut) + "... [" + std::to_string(text.size() - cut) + " more bytes not shown]";
}

namespace {

std::vector<Problem> bounded_problems(std::vector<Problem> problems) {
    if (problems.size() > kMaxProblems) problems.resize(kMaxProblems);
    for (Problem& p : problems) {
        p.file = bounded_text(p.file, kMaxProblemBytes);
        p.column = bounded_text(p.column, kMaxProblemBytes);
        p.message = bounded_text(p.message, kMaxProblemBytes);
    }
    return problems;
}

std::string with_count(const std::string& what, size_t problems) {
    if (problems <= kMaxProblems) return what;
    return what + " (the first " + std::to_string(kMaxProblems) + " of " + std::to_string(problems) + " problems are listed)";
}

}  // namespace

InputError::InputError(const std::string& what, std::vector<Problem> problems)
    : std::runtime_error(bounded_text(with_count(what, problems.size()), kMaxErrorBytes)),
      problems_(bounded_problems(std::move(problems))) {}

std::string locate(const std::string& file, unsigned long long row, const std::string& field,
                   const std::string& message) {
    std::string out = file;
    if (row > 0) out += (out.empty() ? "" : ": ") + std::string("row ") + std::to_string(row);
    if (!field.empty()) out += (row > 0 ? ", column \"" : (out.empty() ? "column \"" : ": column \"")) + field + "\"";
    return out + (out.empty() ? "" : ": ") + message;
}

}  // namespace gapfinder
