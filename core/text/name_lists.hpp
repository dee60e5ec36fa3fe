// The committed word lists of the name detector (redact_names.hpp), all lower-case.
//
// Forenames and surnames: a few hundred of the most common in the UK, written by hand for
// gapfinder from the public frequency tables they are well known from: the ONS "Baby
// names in England and Wales" top-100 lists (boys and girls, editions from the 1950s to
// the 2020s, so that adults of every age are covered) and the most frequent surnames of
// Great Britain in public ONS/DWP surname counts, with common South Asian, Polish,
// African and Caribbean names added because council residents' panels include them.
// Names are facts, not anyone's copyright. The lists are not exhaustive: the detector's
// other rule (capitalised words not in the dictionary) is what catches the rest.
//
// Titles: the words that introduce a name (Mr, Mrs, Cllr...).
//
// Proper nouns that are not people: days, months, the UK's nations, regions, counties and
// larger towns and cities, nationalities, ethnic groups, religions, languages, festivals
// and the public bodies, shops and services residents name. They are never redacted as
// names on their own, so that quotes keep "the NHS", "Leicester" and "as a Muslim woman".
// Other places (villages, estates, smaller towns) are redacted: see redact.hpp.
#pragma once

#include <span>
#include <string_view>

namespace gapfinder::text {

std::span<const std::string_view> uk_forenames();
std::span<const std::string_view> uk_surnames();
std::span<const std::string_view> name_titles();
std::span<const std::string_view> non_personal_proper_nouns();

}  // namespace gapfinder::text
