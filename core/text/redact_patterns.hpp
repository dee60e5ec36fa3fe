// Personal data with a shape, found by pattern (redact.hpp orders them and states the
// method's limits). Each function returns the text with every match replaced by its tag.
// Matching ignores case and tolerates the spacing residents type.
#pragma once

#include <string>
#include <string_view>

namespace gapfinder::text {

// "[email]": name@domain.tld (spaces around @ allowed), and the spelt-out forms
// "name at domain dot com", "name(at)domain(dot)co(dot)uk".
std::string redact_emails(std::string_view text);

// "[url]": http:// and https:// addresses, www. addresses, and bare domains ending in a
// common top-level domain (.co.uk, .org.uk, .gov.uk, .ac.uk, .nhs.uk, .uk, .com, .org,
// .net, .io, .info), with any path. Sentence punctuation after the address is kept.
std::string redact_urls(std::string_view text);

// "[phone]": UK numbers, i.e. a 0 then 8 to 11 more digits (07700 900123, 0116 454 1000,
// (0116) 4541000, 020-7946-0018), or +44 / 0044 then 9 to 11 digits with an optional
// (0) (+44 7700 900123, +44 (0)116 454 1000); digits may be grouped by spaces, hyphens,
// dots and brackets. Also any run of 6 to 12 digits so grouped when the 30 characters
// before it hold a phone word (tel, phone, mobile, mob, call, ring, text, number,
// contact), for local numbers without their area code ("ring me on 454 1000").
std::string redact_phones(std::string_view text);

// "[postcode]": full UK postcodes, with or without the space ("LE1 7RH", "le17rh",
// "SW1A 1AA", "m1 1ae"); an outward code alone when it is unambiguous: a two-letter
// postcode area followed by its district ("LE1", "sw1a", "NG7") except CO2 and HS2;
// and any outward code after the word "postcode" ("postcode M1"). A one-letter area's
// outward code alone ("M1", "B15", "E1") is left, as it is as often a road or a bus.
std::string redact_postcodes(std::string_view text);

// "[address]": a house number (with an optional letter, "number"/"no." before it, and an
// optional "Flat 3," / "Apartment 2" / "Unit 4" before that) followed within one to three
// words by a street word (street, st, road, rd, avenue, ave, lane, close, drive, crescent,
// place, court, gardens, grove, terrace, mews, parade, square, way, hill, row...):
// "12 Acacia Avenue", "Flat 3, 14 High Street", "12a acacia ave", "5 the crescent". The
// words between may not be ones that follow a number in ordinary sentences (and, of, to,
// in, from, along, years, minutes, miles, buses...), so that "in 5 years the road" stays.
// Also "flat 3" alone.
std::string redact_addresses(std::string_view text);

}  // namespace gapfinder::text
