// Redaction of personal data before a comment is quoted (core/text/redact.hpp): each kind
// of personal data is planted in comments as residents write them (typos, lower case, no
// spaces), and none of it may survive; ordinary words, places and services stay as the
// header documents.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "text/dictionary.hpp"
#include "text/redact.hpp"
#include "text/redact_patterns.hpp"
#include "util/errors.hpp"

namespace gapfinder::text {
namespace {

const Redactor& redactor() {
    static const Redactor r(Dictionary::load());
    return r;
}

std::string redact(std::string_view comment) { return redactor().redact(comment); }

// Every planted item is gone from the redacted text, whatever its case.
void expect_gone(const std::string& comment, const std::vector<std::string>& planted) {
    const std::string out = redact(comment);
    std::string lower_out = out;
    for (char& c : lower_out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string p : planted) {
        for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(lower_out.find(p), std::string::npos) << "\"" << p << "\" survived in: " << out;
    }
}

TEST(Redact, EmailAddresses) {
    EXPECT_EQ(redact("email me at jo.bloggs88@gmail.com."), "email me at [email].");
    EXPECT_EQ(redact_emails("J.Smith @ leicester.gov.uk"), "[email]");
    expect_gone("contact sarah_k+council@btinternet.co.uk or jo dot bloggs at hotmail dot co dot uk",
                {"sarah_k", "btinternet", "jo dot", "bloggs", "hotmail"});
    expect_gone("write to jo.bloggs at gmail.com", {"jo.bloggs", "gmail"});
    expect_gone("my email is pat(at)example(dot)com thanks", {"pat", "example"});
}

TEST(Redact, WebAddresses) {
    EXPECT_EQ(redact("see https://www.facebook.com/groups/save-our-library?id=12, it explains"),
              "see [url], it explains");
    EXPECT_EQ(redact("my blog www.myblog.co.uk/posts"), "my blog [url]");
    EXPECT_EQ(redact("look at savethe24bus.org.uk."), "look at [url].");
    // A shortened link on any top-level domain, found by the consultation sample's quotes test.
    EXPECT_EQ(redact("petition at bit.ly/3xkp9qz please sign"), "petition at [url] please sign");
    EXPECT_EQ(redact("open 24/7 and/or weekends"), "open 24/7 and/or weekends");
}

TEST(Redact, UkPhoneNumbers) {
    for (const char* number : {"07700 900123", "07700900123", "0116 454 1000", "(0116) 454 1000", "0116-454-1000",
                               "020 7946 0018", "+44 7700 900123", "+447700900123", "+44 (0)116 454 1000",
                               "0044 7700 900 123", "0300 123 4567", "01509 123456"}) {
        EXPECT_EQ(redact(std::string("ring me on ") + number + " after 6"), "ring me on [phone] after 6") << number;
    }
    EXPECT_EQ(redact("my mob is 4541000"), "my mob is [phone]");  // local, after a phone word
    // Not phone numbers: years, counts, a date, the number of a bus.
    EXPECT_EQ(redact("Since 2019 the 24 bus has run 3 times a day, not on 01/02/2024"),
              "Since 2019 the 24 bus has run 3 times a day, not on 01/02/2024");
}

TEST(Redact, UkPostcodes) {
    EXPECT_EQ(redact("I live in LE1 7RH near the centre"), "I live in [postcode] near the centre");
    EXPECT_EQ(redact("postcode le17rh"), "postcode [postcode]");
    EXPECT_EQ(redact("SW1A 1AA"), "[postcode]");
    EXPECT_EQ(redact("from m1 1ae and b15 2tt"), "from [postcode] and [postcode]");
    EXPECT_EQ(redact("everyone in LE3 knows"), "everyone in [postcode] knows");       // outward, two-letter area
    EXPECT_EQ(redact("my post code is M1"), "my post code is [postcode]");           // one-letter area after "post code"
    // Left: a one-letter area's outward code alone (roads, buses), CO2 and HS2.
    EXPECT_EQ(redact("the M1 is busy and CO2 is up, HS2 too"), "the M1 is busy and CO2 is up, HS2 too");
}

TEST(Redact, HouseNumbersWithStreetAddresses) {
    EXPECT_EQ(redact("I live at 12 Acacia Avenue and walk"), "I live at [address] and walk");
    expect_gone("Flat 3, 14 High Street has no lift", {"14 high", "flat 3"});
    expect_gone("im at 12a acacia ave so its far", {"12a", "acacia"});
    expect_gone("number 7 Narborough rd, opposite the shop", {"7 narborough", "narborough"});
    expect_gone("we are in flat 9 above the chemist", {"flat 9"});
    // Not addresses: a walk of 10 minutes, a count of buses.
    EXPECT_EQ(redact("it is a 10 minute walk and 3 buses an hour"), "it is a 10 minute walk and 3 buses an hour");
    EXPECT_EQ(redact("in 5 years the road will be worse, 3 buses along the road"),
              "in 5 years the road will be worse, 3 buses along the road");
    EXPECT_EQ(redact("we live at 5 the crescent"), "we live at [address]");
}

TEST(Redact, NamesFromTheListsAndTitles) {
    EXPECT_EQ(redact("I spoke to Sarah at the desk"), "I spoke to [name] at the desk");
    EXPECT_EQ(redact("i spoke to sarah patel who was rude"), "i spoke to [name] who was rude");
    EXPECT_EQ(redact("mark brown from the council said"), "[name] from the council said");
    EXPECT_EQ(redact("Ask Mr Smith, or mrs jones"), "Ask Mr [name], or mrs [name]");
    EXPECT_EQ(redact("Cllr Jo Bloggs promised"), "Cllr [name] promised");
    EXPECT_EQ(redact("My carer, Mark Green, drives me"), "My carer, [name], drives me");
    EXPECT_EQ(redact("Sarah Jane Smith runs the group"), "[name] runs the group");
    EXPECT_EQ(redact("Dr Okonkwo at the surgery"), "Dr [name] at the surgery");
    EXPECT_EQ(redact("ps. Dave was rude"), "ps. [name] was rude");  // a short form, at a sentence's start
    EXPECT_EQ(redact("SARAH SMITH WROTE THIS"), "[name] WROTE THIS");
}

TEST(Redact, CapitalisedWordsNotInTheDictionary) {
    EXPECT_EQ(redact("The warden, Kowalczyk, locks up early"), "The warden, [name], locks up early");
    EXPECT_EQ(redact("thanks to Zoë and Siobhán"), "thanks to [name] and [name]");
    // Places that are not on the list of places are redacted too: over-redaction.
    EXPECT_EQ(redact("the bus from Wigston is late"), "the bus from [name] is late");
}

TEST(Redact, OrdinaryWordsPlacesAndServicesStay) {
    const std::string kept =
        "Please keep the Library open on Monday in Leicester. The Council and the NHS should ask "
        "Muslim and Polish residents. I will miss the Green spaces in May! ASB is up. Will it close? (I'm 82)";
    const std::string out = redact(kept);
    EXPECT_EQ(out.find("[name]"), kept.find("Green")) << out;  // the one over-redaction: "Green" mid-sentence
    for (const char* word : {"Library", "Monday", "Leicester", "Council", "NHS", "Muslim", "Polish", "May", "ASB",
                             "Will it close", "I will miss", "Please", "(I'm 82)"}) {
        EXPECT_NE(out.find(word), std::string::npos) << word << " in: " << out;
    }
}

TEST(Redact, RealisticCommentsKeepNoPlantedData) {
    expect_gone(
        "Its disgraceful!! my mum (Margaret Hughes, 84) cant get up the steps at Braunstone library. "
        "ring 07700 900 461 or email m.hughes1940@yahoo.co.uk, were at 23 Ashfield Rd LE3 2AB",
        {"margaret", "hughes", "braunstone", "900 461", "yahoo", "23 ashfield", "le3 2ab"});
    expect_gone("pls call me back 0116 2967 123 - ask for daniel okafor. www.savethelibrary.org",
                {"2967", "daniel", "okafor", "savethelibrary"});
    expect_gone("Mrs Patel at number 4 Church Lane has been waiting since March, ph 07123456789",
                {"patel", "4 church", "07123456789"});
}

TEST(Redact, NoPlantedItemOfTheCommittedCommentsSurvives) {
    std::ifstream in(std::string(FIXTURES_DIR) + "/text/planted_personal_data.tsv");
    ASSERT_TRUE(in);
    std::string line;
    size_t comments = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t tab = line.find('\t');
        ASSERT_NE(tab, std::string::npos) << line;
        std::vector<std::string> planted;
        std::istringstream items(line.substr(tab + 1));
        for (std::string item; std::getline(items, item, '|');) planted.push_back(item);
        expect_gone(line.substr(0, tab), planted);
        ++comments;
    }
    EXPECT_EQ(comments, 24u);
}

TEST(Redact, MissingDictionaryIsAnErrorNamingTheFile) {
    try {
        Dictionary::load("/nonexistent/words");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/words: cannot read the English word list"), std::string::npos);
    }
}

}  // namespace
}  // namespace gapfinder::text
