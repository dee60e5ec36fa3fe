// Finding people's names in a comment, for redaction (redact.hpp states the method as a
// whole and its limits). Two detectors, both applied:
//
// (a) Lists and titles (name_lists.hpp). A word is a name when
//     1. it is on the forename or surname list and is not an ordinary English word, in
//        any case or position ("sarah", "Sarah", "PATEL");
//     2. it is on a list and is also an ordinary word ("Mark", "Green", "Will"), but is
//        capitalised (not all capitals) and not the first word of a sentence;
//     3. it is a list forename followed directly by a list surname, in any case ("mark
//        brown", "john smith"), except the modal verbs "will" and "may";
//     4. it follows a title (Mr, Mrs, Ms, Mx, Dr, Cllr...): after the abbreviations the
//        next word always is (lower-case "mr smith" included); after a spelt-out title
//        (Miss, Lady, Sister...) only when it is capitalised or on a list, so that "I miss
//        the library" keeps its words. A capitalised or listed word straight after that
//        one is a name too ("Cllr Jo Bloggs"). The title itself stays.
// (b) The dictionary (dictionary.hpp): a capitalised word (not all capitals: "NHS" and
//     "ASB" stay) of letters only, not at the start of a sentence, that is not an
//     ordinary English word ("Wigston", "Kowalczyk", "Tuesdy" too).
// Finally a capitalised list word next to a name is a name ("Mark Green", "June Brown").
// Neither detector redacts a word on the list of proper nouns that are not people
// (Leicester, Monday, NHS, Muslim...), except by rules 3 and 4 and the final rule.
// A sentence starts at the beginning of the text, after . ! ? or a line break (with any
// quotes, brackets or spaces between).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "text/dictionary.hpp"

namespace gapfinder::text {

class NameRedactor {
public:
    explicit NameRedactor(Dictionary dictionary);

    // The text with each name replaced by "[name]"; a run of names separated only by
    // spaces ("Sarah Jane Smith") becomes one "[name]".
    std::string redact(std::string_view text) const;

private:
    Dictionary dictionary_;
    std::unordered_set<std::string_view> forenames_, surnames_, titles_, not_people_;
};

}  // namespace gapfinder::text
