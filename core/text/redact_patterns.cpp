// Pattern-based redaction; each pattern is described in redact_patterns.hpp.
#include "text/redact_patterns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <regex>

namespace gapfinder::text {

namespace {

constexpr auto kIgnoreCase = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

// Replaces every match of `pattern` with what `replacement` returns for it.
std::string replace_all(std::string_view text, const std::regex& pattern,
                        const std::function<std::string(const std::cmatch&)>& replacement) {
    std::string out;
    const char* copied = text.data();
    const char* const end = text.data() + text.size();
    for (std::cregex_iterator it(text.data(), end, pattern), last; it != last; ++it) {
        out.append(copied, (*it)[0].first);
        out += replacement(*it);
        copied = (*it)[0].second;
    }
    out.append(copied, end);
    return out;
}

std::string replace_all(std::string_view text, const std::regex& pattern, const std::string& tag) {
    return replace_all(text, pattern, [&](const std::cmatch&) { return tag; });
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

std::string redact_emails(std::string_view text) {
    static const std::regex plain(R"([a-z0-9._%+'-]+\s?@\s?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})", kIgnoreCase);
    // Spelt out. A bracketed "(at)" or "[at]" is always an address; a bare " at " only with a
    // spelt-out dot ("jo at example dot com") or a mail provider ("jo.bloggs at gmail.com"),
    // so that "look at savethe24bus.org.uk" stays a web address.
    static const std::string kDot = R"((\.|\(dot\)|\[dot\]|\sdot\s))";
    static const std::string kSpeltDot = R"((\(dot\)|\[dot\]|\sdot\s))";
    static const std::string kTld = R"((com|org|net|uk|co|gov|ac|io|me)\b)";
    static const std::string kLocal = R"(([a-z0-9_%+-]+(\sdot\s|\.))*[a-z0-9_%+-]+)";
    static const std::regex bracketed(kLocal + R"(\s*(\(at\)|\[at\])\s*[a-z0-9-]+(\s*)" + kDot +
                                          R"(\s*[a-z0-9-]+)*)" + kDot + kTld,
                                      kIgnoreCase);
    static const std::regex spelt_dot(kLocal + R"(\sat\s+[a-z0-9-]+(\s*)" + kDot + R"(\s*[a-z0-9-]+)*\s*)" +
                                          kSpeltDot + R"(\s*)" + kTld,
                                      kIgnoreCase);
    static const std::regex provider(
        kLocal + R"(\sat\s+(gmail|googlemail|hotmail|yahoo|outlook|btinternet|icloud|aol|live|sky|virginmedia|talktalk|ntlworld|protonmail)\s*)" +
            kDot + R"(\s*[a-z.]+)",
        kIgnoreCase);
    std::string out = replace_all(text, plain, "[email]");
    for (const std::regex* pattern : {&bracketed, &spelt_dot, &provider}) out = replace_all(out, *pattern, "[email]");
    return out;
}

std::string redact_urls(std::string_view text) {
    static const std::regex pattern(
        R"(\b(https?://|www\.)[^\s<>"]+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(co\.uk|org\.uk|gov\.uk|ac\.uk|nhs\.uk|uk|com|org|net|io|info)\b(/[^\s<>"]*)?|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,6}/[^\s<>"]+)",
        kIgnoreCase);
    return replace_all(text, pattern, [](const std::cmatch& m) {
        // The sentence's own punctuation after an address is not part of it.
        std::string_view url(m[0].first, static_cast<size_t>(m[0].length()));
        std::string kept;
        while (!url.empty() && std::string_view(".,;:!?)'\"").find(url.back()) != std::string_view::npos) {
            kept.insert(kept.begin(), url.back());
            url.remove_suffix(1);
        }
        return "[url]" + kept;
    });
}

namespace {

constexpr std::string_view kPhoneSeparators = " -.()+";

// From text[pos], the digits of a number grouped by separators (each run of separators at
// most 3 characters long and followed by a digit); returns the end of the last digit.
size_t grouped_digits(std::string_view text, size_t pos, std::string& digits) {
    size_t end = pos;
    for (size_t i = pos; i < text.size(); ++i) {
        if (is_digit(text[i])) {
            digits += text[i];
            end = i + 1;
            continue;
        }
        size_t next = i;
        while (next < text.size() && next < i + 3 && kPhoneSeparators.find(text[next]) != std::string_view::npos) ++next;
        if (next == i || next >= text.size() || !is_digit(text[next])) break;
        i = next - 1;
    }
    return end;
}

// A UK number: 0 then 8 to 11 digits, or +44 / 0044 with an optional (0) instead of the 0.
bool is_uk_number(std::string_view written, const std::string& digits) {
    std::string national = digits;
    if (written.starts_with("+44") || written.starts_with("0044")) {
        national = "0" + digits.substr(written.starts_with("+") ? 2 : 4);
        if (national.size() > 2 && national[1] == '0') national.erase(1, 1);  // the (0) of +44 (0)116
    }
    return national.size() >= 9 && national.size() <= 12 && national[0] == '0' && national[1] != '0';
}

// A phone word in the 30 characters before pos: "ring me on 454 1000".
bool phone_word_before(std::string_view text, size_t pos) {
    static constexpr std::array<std::string_view, 9> kPhoneWords = {"tel",  "phone", "mobile", "mob",    "call",
                                                                     "ring", "text",  "number", "contact"};
    const size_t from = pos >= 30 ? pos - 30 : 0;
    const std::string before = lower(text.substr(from, pos - from));
    return std::any_of(kPhoneWords.begin(), kPhoneWords.end(),
                       [&](std::string_view w) { return before.find(w) != std::string::npos; });
}

}  // namespace

std::string redact_phones(std::string_view text) {
    std::string out;
    size_t copied = 0;
    for (size_t pos = 0; pos < text.size();) {
        const bool number_starts =
            (pos == 0 || !is_alnum(text[pos - 1])) &&
            (is_digit(text[pos]) || ((text[pos] == '+' || text[pos] == '(') && pos + 1 < text.size() && is_digit(text[pos + 1])));
        if (!number_starts) {
            ++pos;
            continue;
        }
        std::string digits;
        const size_t end = grouped_digits(text, pos, digits);
        const bool letter_after = end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]));
        const bool cued_local = digits.size() >= 6 && digits.size() <= 12 && phone_word_before(text, pos);
        if (!letter_after && (is_uk_number(text.substr(pos, end - pos), digits) || cued_local)) {
            out.append(text.substr(copied, pos - copied));
            out += "[phone]";
            copied = end;
        }
        pos = std::max(end, pos + 1);
    }
    out.append(text.substr(copied));
    return out;
}

std::string redact_postcodes(std::string_view text) {
    static const std::regex full(R"(\b[a-z]{1,2}[0-9][a-z0-9]?\s*[0-9][a-z]{2}\b)", kIgnoreCase);
    static const std::regex after_cue(R"(\b(post\s?code\s*(is|:)?\s*)[a-z]{1,2}[0-9][a-z0-9]?\b)", kIgnoreCase);
    static const std::regex outward(R"(\b([a-z]{2})[0-9][a-z0-9]?\b)", kIgnoreCase);
    // The two-letter postcode areas of the UK (Royal Mail).
    static constexpr std::string_view kAreas[] = {
        "ab", "al", "ba", "bb", "bd", "bh", "bl", "bn", "br", "bs", "bt", "ca", "cb", "cf", "ch", "cm", "co", "cr", "ct",
        "cv", "cw", "da", "dd", "de", "dg", "dh", "dl", "dn", "dt", "dy", "ec", "eh", "en", "ex", "fk", "fy", "gl", "gu",
        "gy", "ha", "hd", "hg", "hp", "hr", "hs", "hu", "hx", "ig", "im", "ip", "iv", "je", "ka", "kt", "kw", "ky", "la",
        "ld", "le", "ll", "ln", "ls", "lu", "me", "mk", "ml", "ne", "ng", "nn", "np", "nr", "nw", "ol", "ox", "pa", "pe",
        "ph", "pl", "po", "pr", "rg", "rh", "rm", "sa", "se", "sg", "sk", "sl", "sm", "sn", "so", "sp", "sr", "ss", "st",
        "sw", "sy", "ta", "td", "tf", "tn", "tq", "tr", "ts", "tw", "ub", "wa", "wc", "wd", "wf", "wn", "wr", "ws", "wv",
        "yo", "ze"};
    std::string out = replace_all(text, full, "[postcode]");
    out = replace_all(out, after_cue, [](const std::cmatch& m) { return m[1].str() + "[postcode]"; });
    return replace_all(out, outward, [](const std::cmatch& m) {
        const std::string code = lower(m[0].str());
        const bool area = std::find(std::begin(kAreas), std::end(kAreas), lower(m[1].str())) != std::end(kAreas);
        return (area && code != "co2" && code != "hs2") ? std::string("[postcode]") : m[0].str();
    });
}

std::string redact_addresses(std::string_view text) {
    static const std::string kStreetWords =
        "street|st|road|rd|avenue|ave|av|lane|ln|close|drive|dr|crescent|cres|place|court|ct|gardens|gdns|grove|"
        "terrace|mews|parade|square|sq|way|hill|row|boulevard|walkway|wharf|yard";
    // Words that follow a number in a sentence but never in a street's name: "in 5 years
    // the road", "3 buses along the road" are not addresses.
    static const std::string kNotInStreetNames =
        "and|or|of|to|in|on|at|for|is|are|was|were|my|our|your|this|that|from|down|up|along|per|every|each|more|"
        "less|times|minutes|mins|hours|days|weeks|months|years|miles|buses|people|cars|other|different";
    static const std::regex address(
        R"(\b((flat|apartment|apt|unit)\s*(no\.?\s*)?[0-9]+[a-z]?\s*,?\s*)?((number|no\.?)\s*)?[0-9]{1,4}[a-z]?\s*,?\s+((?!()" +
            kNotInStreetNames + R"()\b)[a-z'-]+\s+){1,3}()" + kStreetWords + R"()\b)",
        kIgnoreCase);
    static const std::regex flat(R"(\b(flat|apartment|apt)\s*(no\.?\s*)?[0-9]+[a-z]?\b)", kIgnoreCase);
    return replace_all(replace_all(text, address, "[address]"), flat, "[address]");
}

}  // namespace gapfinder::text
