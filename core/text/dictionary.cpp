// Loading the English dictionary; see dictionary.hpp.
#include "text/dictionary.hpp"

#include <fstream>

#include "util/errors.hpp"

namespace gapfinder::text {

Dictionary Dictionary::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw InputError(path.string() + ": cannot read the English word list the name redaction needs" +
                         (path == kBritishEnglishWordList ? " (install the Debian package wbritish: scripts/install-deps.sh)"
                                                          : ""));
    }
    std::unordered_set<std::string> words;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] < 'a' || line[0] > 'z') continue;
        if (line.size() > 2 && line.compare(line.size() - 2, 2, "'s") == 0) line.resize(line.size() - 2);
        words.insert(line);
    }
    if (words.empty()) throw InputError(path.string() + ": the English word list holds no lower-case word");
    return of_words(std::move(words));
}

Dictionary Dictionary::of_words(std::unordered_set<std::string> words) {
    Dictionary dictionary;
    dictionary.words_ = std::move(words);
    return dictionary;
}

bool Dictionary::contains(std::string_view lower_case_word) const {
    return words_.find(std::string(lower_case_word)) != words_.end();
}

}  // namespace gapfinder::text
