#include "domain/catalogue.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "domain/ons_labels.hpp"

namespace gapfinder {

namespace {

// Builds the catalogue once. Sources are named per characteristic; the Census 2021
// table codes (TS0xx) give the exact category wording used by ONS.
std::vector<Characteristic> build_catalogue() {
    std::vector<Characteristic> c;

    c.push_back({"age", "Age", true,
                 "ONS standard age bands (Census 2021 TS007A); numeric ages are banded",
                 {
                     {"age_16_34", "16 to 34", "", {"Under 35"}, 16, 34},
                     {"age_35_64", "35 to 64", "", {}, 35, 64},
                     {"age_65_plus", "65 and over", "", {"65+"}, 65, kOpenEnded},
                     {"age_16_24", "16 to 24", "age_16_34", {"16-24", "18-24", "18 to 24", "Under 25"}, 16, 24},
                     {"age_25_34", "25 to 34", "age_16_34", {"25-34"}, 25, 34},
                     {"age_35_44", "35 to 44", "age_35_64", {"35-44"}, 35, 44},
                     {"age_45_54", "45 to 54", "age_35_64", {"45-54"}, 45, 54},
                     {"age_55_64", "55 to 64", "age_35_64", {"55-64"}, 55, 64},
                     {"age_65_74", "65 to 74", "age_65_plus", {"65-74"}, 65, 74},
                     {"age_75_plus", "75 and over", "age_65_plus", {"75+", "75 or over", "75 and older"}, 75, kOpenEnded},
                 }});

    c.push_back({"disability", "Disability", true,
                 "GSS harmonised standard for disability; Census 2021 TS038",
                 {
                     {"disabled", "Disabled under the Equality Act", "", {"Yes", "Disabled"}},
                     {"not_disabled", "Not disabled under the Equality Act", "", {"No", "Not disabled"}},
                     {"disabled_limited_a_lot", "Disabled under the Equality Act: Day-to-day activities limited a lot", "disabled", {"Yes, limited a lot"}},
                     {"disabled_limited_a_little", "Disabled under the Equality Act: Day-to-day activities limited a little", "disabled", {"Yes, limited a little"}},
                     {"not_disabled_with_condition", "Not disabled under the Equality Act: Has long term physical or mental health condition but day-to-day activities are not limited", "not_disabled", {}},
                     {"not_disabled_no_condition", "Not disabled under the Equality Act: No long term physical or mental health conditions", "not_disabled", {}},
                 }});

    c.push_back({"gender_reassignment", "Gender reassignment (gender identity)", true,
                 "Census 2021 gender identity question; TS078",
                 {
                     {"gender_identity_same", "Gender identity the same as sex registered at birth", "", {"Yes"}},
                     {"gender_identity_different", "Gender identity different from sex registered at birth", "", {"No"}},
                     {"gender_identity_different_unspecified", "Gender identity different from sex registered at birth but no specific identity given", "gender_identity_different", {}},
                     {"trans_woman", "Trans woman", "gender_identity_different", {}},
                     {"trans_man", "Trans man", "gender_identity_different", {}},
                     {"non_binary", "Non-binary", "gender_identity_different", {}},
                     {"other_gender_identity", "All other gender identities", "gender_identity_different", {}},
                 }});

    c.push_back({"marriage_civil_partnership", "Marriage and civil partnership", true,
                 "Census 2021 legal partnership status; TS002",
                 {
                     {"never_married", "Never married and never registered a civil partnership", "", {"Single", "Never married"}},
                     {"married_or_civil_partnership", "Married or in a registered civil partnership", "", {}},
                     {"separated", "Separated, but still legally married or still legally in a civil partnership", "", {"Separated"}},
                     {"divorced_or_dissolved", "Divorced or civil partnership dissolved", "", {}},
                     {"widowed_or_surviving_partner", "Widowed or surviving civil partnership partner", "", {}},
                     {"married", "Married", "married_or_civil_partnership", {}},
                     {"civil_partnership", "In a registered civil partnership", "married_or_civil_partnership", {"Civil partnership"}},
                     {"divorced", "Divorced", "divorced_or_dissolved", {}},
                     {"civil_partnership_dissolved", "Formerly in a civil partnership now legally dissolved", "divorced_or_dissolved", {}},
                     {"widowed", "Widowed", "widowed_or_surviving_partner", {}},
                     {"surviving_civil_partner", "Surviving partner from a registered civil partnership", "widowed_or_surviving_partner", {}},
                 }});

    c.push_back({"pregnancy_maternity", "Pregnancy and maternity", true,
                 "Equality Act 2010 s.18: pregnant or given birth in the last 26 weeks",
                 {
                     {"pregnant_or_recent_birth", "Pregnant or given birth in the last 26 weeks", "", {"Yes"}},
                     {"not_pregnant_or_recent_birth", "Not pregnant and not given birth in the last 26 weeks", "", {"No"}},
                 }});

    c.push_back({"race", "Race (ethnic group)", true,
                 "GSS harmonised standard for ethnicity (England); Census 2021 TS021, 19 categories in 5 groups",
                 {
                     {"asian", "Asian, Asian British or Asian Welsh", "", {"Asian or Asian British", "Asian"}},
                     {"black", "Black, Black British, Black Welsh, Caribbean or African", "", {"Black or Black British", "Black"}},
                     {"mixed", "Mixed or Multiple ethnic groups", "", {"Mixed", "Mixed/multiple ethnic groups"}},
                     {"white", "White", "", {}},
                     {"other_ethnic_group", "Other ethnic group", "", {}},
                     {"bangladeshi", "Bangladeshi", "asian", {}},
                     {"chinese", "Chinese", "asian", {}},
                     {"indian", "Indian", "asian", {}},
                     {"pakistani", "Pakistani", "asian", {}},
                     {"other_asian", "Any other Asian background", "asian", {"Other Asian"}},
                     {"african", "African", "black", {"Black African"}},
                     {"caribbean", "Caribbean", "black", {"Black Caribbean"}},
                     {"other_black", "Any other Black, Black British, or Caribbean background", "black", {"Other Black"}},
                     {"white_and_asian", "White and Asian", "mixed", {}},
                     {"white_and_black_african", "White and Black African", "mixed", {}},
                     {"white_and_black_caribbean", "White and Black Caribbean", "mixed", {}},
                     {"other_mixed", "Any other Mixed or Multiple ethnic background", "mixed", {"Other Mixed"}},
                     {"white_british", "English, Welsh, Scottish, Northern Irish or British", "white", {"White British", "White - British"}},
                     {"white_irish", "Irish", "white", {"White Irish"}},
                     {"gypsy_or_irish_traveller", "Gypsy or Irish Traveller", "white", {}},
                     {"roma", "Roma", "white", {}},
                     {"other_white", "Any other White background", "white", {"Other White"}},
                     {"arab", "Arab", "other_ethnic_group", {}},
                     {"any_other_ethnic_group", "Any other ethnic group", "other_ethnic_group", {}},
                 }});

    c.push_back({"religion_belief", "Religion or belief", true,
                 "GSS harmonised standard for religion; Census 2021 TS030",
                 {
                     {"no_religion", "No religion", "", {"None"}},
                     {"christian", "Christian", "", {"Christianity"}},
                     {"buddhist", "Buddhist", "", {}},
                     {"hindu", "Hindu", "", {}},
                     {"jewish", "Jewish", "", {}},
                     {"muslim", "Muslim", "", {}},
                     {"sikh", "Sikh", "", {}},
                     {"other_religion", "Any other religion", "", {"Other religion"}},
                 }});

    c.push_back({"sex", "Sex", true, "GSS harmonised standard for sex; Census 2021 TS008",
                 {
                     {"female", "Female", "", {"Woman", "F"}},
                     {"male", "Male", "", {"Man", "M"}},
                 }});

    c.push_back({"sexual_orientation", "Sexual orientation", true,
                 "GSS harmonised standard for sexual orientation; Census 2021 TS077",
                 {
                     {"heterosexual", "Straight or Heterosexual", "", {"Heterosexual", "Straight"}},
                     {"lgb_plus", "Gay or Lesbian, Bisexual or other sexual orientation (LGB+)", "", {"LGB+"}},
                     {"gay_or_lesbian", "Gay or Lesbian", "lgb_plus", {"Gay", "Lesbian"}},
                     {"bisexual", "Bisexual", "lgb_plus", {}},
                     {"other_sexual_orientation", "All other sexual orientations", "lgb_plus", {"Other sexual orientation"}},
                 }});

    c.push_back({"socio_economic", "Socio-economic status (NS-SEC)", false,
                 "ONS National Statistics Socio-economic Classification; Census 2021 TS062",
                 {
                     {"nssec_managerial_professional", "Managerial, administrative and professional occupations", "", {}},
                     {"nssec_intermediate", "Intermediate occupations, small employers and own account workers", "", {}},
                     {"nssec_routine_manual", "Routine and manual occupations", "", {}},
                     {"nssec_never_worked", "Never worked and long-term unemployed", "", {}},
                     {"nssec_student", "Full-time students", "", {"Student"}},
                     {"nssec_higher_managerial", "L1, L2 and L3: Higher managerial, administrative and professional occupations", "nssec_managerial_professional", {}},
                     {"nssec_lower_managerial", "L4, L5 and L6: Lower managerial, administrative and professional occupations", "nssec_managerial_professional", {}},
                     {"nssec_intermediate_occupations", "L7: Intermediate occupations", "nssec_intermediate", {}},
                     {"nssec_small_employers", "L8 and L9: Small employers and own account workers", "nssec_intermediate", {}},
                     {"nssec_lower_supervisory", "L10 and L11: Lower supervisory and technical occupations", "nssec_routine_manual", {}},
                     {"nssec_semi_routine", "L12: Semi-routine occupations", "nssec_routine_manual", {}},
                     {"nssec_routine", "L13: Routine occupations", "nssec_routine_manual", {}},
                 }});

    c.push_back({"caring", "Caring responsibility (unpaid care)", false,
                 "Census 2021 provision of unpaid care; TS039",
                 {
                     {"carer", "Provides unpaid care", "", {"Yes", "Carer"}},
                     {"not_carer", "Provides no unpaid care", "", {"No", "Not a carer"}},
                     {"care_19_hours_or_less", "Provides 19 hours or less unpaid care a week", "carer", {}},
                     {"care_20_to_49_hours", "Provides 20 to 49 hours unpaid care a week", "carer", {}},
                     {"care_50_hours_or_more", "Provides 50 or more hours unpaid care a week", "carer", {}},
                 }});

    // ONS's published wordings (ons_labels.cpp) are synonyms like any other.
    for (const PublishedLabel& p : published_labels()) {
        for (auto& ch : c) {
            if (ch.id != p.characteristic) continue;
            for (auto& cat : ch.categories)
                if (cat.id == p.category) cat.synonyms.emplace_back(p.label);
        }
    }
    return c;
}

// Each catalogue characteristic's labels, synonyms and ids, normalised, to the category
// they name: an ingest looks up every distinct cell of a characteristic column here.
using LabelIndex = std::unordered_map<std::string, int>;
const std::map<const Characteristic*, LabelIndex>& label_indexes();

bool is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

}  // namespace

std::string normalise_label(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    bool pending_space = false;
    for (size_t i = 0; i < in.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(in[i]);
        if (is_space(ch) || ch == 0xA0) {
            pending_space = !out.empty();
            continue;
        }
        // U+00A0 no-break space arrives as C2 A0; U+2018/2019 quotes and U+2013/2014
        // dashes as E2 80 xx. Fold them so Word- and Excel-typed labels still match.
        if (ch == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
            pending_space = !out.empty();
            ++i;
            continue;
        }
        char folded = static_cast<char>(ch);
        size_t extra = 0;
        if (ch == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80) {
            unsigned char c3 = static_cast<unsigned char>(in[i + 2]);
            if (c3 == 0x98 || c3 == 0x99) { folded = '\''; extra = 2; }
            else if (c3 == 0x93 || c3 == 0x94) { folded = '-'; extra = 2; }
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(folded >= 'A' && folded <= 'Z' ? static_cast<char>(folded - 'A' + 'a') : folded);
        i += extra;
    }
    return out;
}

bool is_undisclosed_label(std::string_view label) {
    static const char* const wordings[] = {
        "prefer not to say", "i prefer not to say", "i'd prefer not to say", "i would prefer not to say",
        "prefer not to answer", "i would rather not say",
        "rather not say", "i'd rather not say", "not stated", "refused", "do not wish to say",
        "don't wish to say", "not disclosed", "undisclosed", "withheld"};
    const std::string n = normalise_label(label);
    if (std::any_of(std::begin(wordings), std::end(wordings), [&](const char* w) { return n == w; })) return true;
    const auto published = published_labels();
    return std::any_of(published.begin(), published.end(), [&](const PublishedLabel& p) {
        return std::string_view(p.category) == "undisclosed" && *p.characteristic == '\0' && n == normalise_label(p.label);
    });
}

int Characteristic::find(std::string_view category_id) const {
    for (size_t i = 0; i < categories.size(); ++i)
        if (categories[i].id == category_id) return static_cast<int>(i);
    return -1;
}

int Characteristic::match_label(std::string_view label) const {
    const std::string n = normalise_label(label);
    if (n.empty()) return -1;
    if (const auto index = label_indexes().find(this); index != label_indexes().end()) {
        if (const auto it = index->second.find(n); it != index->second.end()) return it->second;
    } else {
        for (size_t i = 0; i < categories.size(); ++i) {
            const Category& cat = categories[i];
            if (n == cat.id || n == normalise_label(cat.label)) return static_cast<int>(i);
            for (const auto& s : cat.synonyms)
                if (n == normalise_label(s)) return static_cast<int>(i);
        }
    }
    // A whole number falls into the narrowest band that holds it.
    int years = 0;
    auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), years);
    if (ec == std::errc() && end == n.data() + n.size()) {
        int best = -1;
        for (size_t i = 0; i < categories.size(); ++i) {
            const Category& cat = categories[i];
            if (cat.from == kNotBanded || years < cat.from || years > cat.to) continue;
            if (best < 0 || cat.to - cat.from < categories[best].to - categories[best].from)
                best = static_cast<int>(i);
        }
        return best;
    }
    // Forms and ONS tables print "Group: option" ("Asian or Asian British: Indian",
    // "Married or in a registered civil partnership: Married: Same sex"): the option
    // counts when the group before the colon is its own group (or itself), so that
    // "White: Indian" stays an unknown label rather than a guess.
    if (const size_t colon = n.find(": "); colon != std::string::npos) {
        const int option = match_label(std::string_view(n).substr(colon + 2));
        const int group = match_label(std::string_view(n).substr(0, colon));
        if (option >= 0 && group >= 0 && (group == option || group_of(option) == group)) return option;
    }
    return -1;
}

bool Characteristic::banded() const {
    return std::any_of(categories.begin(), categories.end(), [](const Category& c) { return c.from != kNotBanded; });
}

int Characteristic::group_of(int i) const {
    if (i < 0 || categories[i].group.empty()) return i;
    return find(categories[i].group);
}

std::string Characteristic::allowed_labels() const {
    std::string out;
    for (const auto& cat : categories) {
        if (!out.empty()) out += ", ";
        out += '"' + cat.label + '"';
    }
    return out + ", or \"Prefer not to say\"";
}

const std::vector<Characteristic>& catalogue() {
    static const std::vector<Characteristic> all = build_catalogue();
    return all;
}

namespace {

const std::map<const Characteristic*, LabelIndex>& label_indexes() {
    static const std::map<const Characteristic*, LabelIndex> indexes = [] {
        std::map<const Characteristic*, LabelIndex> out;
        for (const auto& ch : catalogue()) {
            LabelIndex& index = out[&ch];
            // The first category to claim a wording keeps it, as the scan in order did.
            for (size_t i = 0; i < ch.categories.size(); ++i) {
                const Category& cat = ch.categories[i];
                index.emplace(cat.id, static_cast<int>(i));
                index.emplace(normalise_label(cat.label), static_cast<int>(i));
                for (const auto& s : cat.synonyms) index.emplace(normalise_label(s), static_cast<int>(i));
            }
        }
        return out;
    }();
    return indexes;
}

}  // namespace

const Characteristic* find_characteristic(std::string_view id) {
    for (const auto& c : catalogue())
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace gapfinder
