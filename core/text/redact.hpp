// Redacting personal data from a comment before it is quoted (issue 19: "quotes,
// safely"). Every quote gapfinder shows goes through Redactor::redact first.
//
// Method, in this order (each step sees the previous one's output, so a tag is never
// re-read as data):
//   1. e-mail addresses -> [email]      (redact_patterns.hpp)
//   2. web addresses    -> [url]
//   3. phone numbers    -> [phone]
//   4. postcodes        -> [postcode]
//   5. street addresses -> [address]
//   6. people's names   -> [name]       (redact_names.hpp: a list-and-title detector and a
//                                         capitalised-word-not-in-the-dictionary detector)
//
// Precision and recall: a name or number left in a published quote can identify a
// resident, while a word wrongly redacted costs only some readability, so every rule is
// tuned for recall and over-redacts. Known over-redaction: capitalised words that are not
// dictionary words and not on the committed list of places and bodies (a village, an
// estate, a local club, a brand: "Wigston", "Braunstone"), list names that are also
// ordinary words when capitalised mid-sentence ("the Green Party"), any outward postcode
// look-alike with a two-letter area ("LE3 bus"), and long digit runs near a phone word.
// Known limits (what can get through): a name typed in lower case that is an ordinary
// English word and not after a title or before a list surname ("ask for grace"), a name at
// the start of a sentence that is also an ordinary word ("Mark said"), a surname neither
// on the list nor capitalised, phone numbers written in words, and addresses without a
// house number or street word. Quotes should therefore also be short, come from groups
// above the suppression threshold, and be reviewed by an officer before publication.
#pragma once

#include <string>
#include <string_view>

#include "text/dictionary.hpp"
#include "text/redact_names.hpp"

namespace gapfinder::text {

class Redactor {
public:
    // The dictionary of ordinary words the name detector uses (dictionary.hpp).
    explicit Redactor(Dictionary dictionary);

    std::string redact(std::string_view comment) const;

private:
    NameRedactor names_;
};

}  // namespace gapfinder::text
