// The dictionary of English words the name detector asks "is this an ordinary word?"
// (redact_names.hpp). By default Debian's wbritish word list,
// /usr/share/dict/british-english (scripts/install-deps.sh installs it), read at run time.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

namespace gapfinder::text {

inline const std::filesystem::path kBritishEnglishWordList = "/usr/share/dict/british-english";

class Dictionary {
public:
    // Only the list's lower-case entries are kept ("smith", "council", "library"): its
    // capitalised entries are proper nouns ("Sarah", "Leicester"), and a proper noun is
    // exactly what the detector must not take for an ordinary word. A possessive entry
    // ("council's") is kept without its 's. Throws InputError naming the file, and the
    // package that provides the default one, when it cannot be read or holds no word.
    static Dictionary load(const std::filesystem::path& path = kBritishEnglishWordList);
    // A dictionary of the given lower-case words (tests, and callers with their own list).
    static Dictionary of_words(std::unordered_set<std::string> words);

    bool contains(std::string_view lower_case_word) const;
    size_t size() const { return words_.size(); }

private:
    std::unordered_set<std::string> words_;
};

}  // namespace gapfinder::text
