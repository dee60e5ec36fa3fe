#include "domain/ons_labels.hpp"

namespace gapfinder {

namespace {

// Source names, as docs/survey-definition.md lists them.
#define ETH20 "Census 2021 ethnic group (20 categories), TS021"
#define ETHQ_E "Census 2021 questionnaire, England: ethnic group"
#define ETHQ_W "Census 2021 questionnaire, Wales: ethnic group"
#define ETH_GSS "GSS harmonised ethnic group question (2011 Census wording)"
#define RELQ "Census 2021 questionnaire: religion"
#define LPS12 "Census 2021 legal partnership status (12 categories)"
#define LPS_SHORT "a shorter wording of the TS002 separated category, reported in issue 17 (not checked against an ONS list)"
#define LPSQ "Census 2021 questionnaire: legal marital or registered civil partnership status"
#define SO9 "Census 2021 sexual orientation (detailed, 9 categories), TS079"
#define DISQ "Census 2021 questionnaire / GSS harmonised activity restriction question"
#define DIS2011 "2011 Census long-term health problem or disability, KS301"
#define CARE "Census 2021 provision of unpaid care (5 categories), TS039"
#define CARE7 "Census 2021 provision of unpaid care (7 categories), TS039"
#define CAREQ "Census 2021 questionnaire: unpaid care"
#define CARE2011 "2011 Census provision of unpaid care, KS301"
#define AGE18 "Census 2021 age (18 categories), TS007A"
#define AGE6 "Census 2021 age (6 categories)"
#define AGE10 "ten-year bands in the wording of the ONS age classifications (not one published list)"
#define ANY "Census 2021, every classification"

const PublishedLabel kLabels[] = {
    // Answers that are no category in any list: never compared, as "Prefer not to say".
    {"", "Does not apply", "undisclosed", ANY},
    {"", "Not answered", "undisclosed", ANY},

    // Ethnic group, 20 categories: "Group: option".
    {"race", "Asian, Asian British or Asian Welsh: Bangladeshi", "bangladeshi", ETH20},
    {"race", "Asian, Asian British or Asian Welsh: Chinese", "chinese", ETH20},
    {"race", "Asian, Asian British or Asian Welsh: Indian", "indian", ETH20},
    {"race", "Asian, Asian British or Asian Welsh: Pakistani", "pakistani", ETH20},
    {"race", "Asian, Asian British or Asian Welsh: Other Asian", "other_asian", ETH20},
    {"race", "Black, Black British, Black Welsh, Caribbean or African: African", "african", ETH20},
    {"race", "Black, Black British, Black Welsh, Caribbean or African: Caribbean", "caribbean", ETH20},
    {"race", "Black, Black British, Black Welsh, Caribbean or African: Other Black", "other_black", ETH20},
    {"race", "Mixed or Multiple ethnic groups: White and Asian", "white_and_asian", ETH20},
    {"race", "Mixed or Multiple ethnic groups: White and Black African", "white_and_black_african", ETH20},
    {"race", "Mixed or Multiple ethnic groups: White and Black Caribbean", "white_and_black_caribbean", ETH20},
    {"race", "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", "other_mixed", ETH20},
    {"race", "Other Mixed or Multiple ethnic groups", "other_mixed", ETH20},
    {"race", "White: English, Welsh, Scottish, Northern Irish or British", "white_british", ETH20},
    {"race", "White: Irish", "white_irish", ETH20},
    {"race", "White: Gypsy or Irish Traveller", "gypsy_or_irish_traveller", ETH20},
    {"race", "White: Roma", "roma", ETH20},
    {"race", "White: Other White", "other_white", ETH20},
    {"race", "Other ethnic group: Arab", "arab", ETH20},
    {"race", "Other ethnic group: Any other ethnic group", "any_other_ethnic_group", ETH20},
    // The 6 categories are the catalogue's group labels (and "Does not apply").

    // The questionnaires' headings and options, as forms copy them.
    {"race", "Asian or Asian British", "asian", ETHQ_E},
    {"race", "Black, Black British, Caribbean or African", "black", ETHQ_E},
    {"race", "Any other Black, Black British or Caribbean background", "other_black", ETHQ_E},
    {"race", "African background", "african", ETHQ_E},
    {"race", "Asian, Asian Welsh or Asian British", "asian", ETHQ_W},
    {"race", "Black, Black Welsh, Black British, Caribbean or African", "black", ETHQ_W},
    {"race", "Welsh, English, Scottish, Northern Irish or British", "white_british", ETHQ_W},
    {"race", "Any other Black, Black Welsh, Black British or Caribbean background", "other_black", ETHQ_W},

    // The GSS harmonised question councils have used since 2011.
    {"race", "English/Welsh/Scottish/Northern Irish/British", "white_british", ETH_GSS},
    {"race", "Mixed/Multiple ethnic groups", "mixed", ETH_GSS},
    {"race", "Mixed/multiple ethnic group", "mixed", ETH_GSS},
    {"race", "Any other Mixed/Multiple ethnic background", "other_mixed", ETH_GSS},
    {"race", "Asian/Asian British", "asian", ETH_GSS},
    {"race", "Black/African/Caribbean/Black British", "black", ETH_GSS},
    {"race", "Any other Black/African/Caribbean background", "other_black", ETH_GSS},

    // Religion.
    {"religion_belief", "Christian (including Church of England, Catholic, Protestant and all other Christian denominations)",
     "christian", RELQ},

    // Legal partnership status, 12 categories.
    {"marriage_civil_partnership", "Married: Opposite sex", "married", LPS12},
    {"marriage_civil_partnership", "Married: Same sex", "married", LPS12},
    {"marriage_civil_partnership", "In a registered civil partnership: Opposite sex", "civil_partnership", LPS12},
    {"marriage_civil_partnership", "In a registered civil partnership: Same sex", "civil_partnership", LPS12},
    {"marriage_civil_partnership", "Separated, but still married", "separated", LPS12},
    {"marriage_civil_partnership", "Separated, but still in a registered civil partnership", "separated", LPS12},
    {"marriage_civil_partnership", "Surviving partner from civil partnership", "surviving_civil_partner", LPS12},
    // TS002's top level is the catalogue's group labels; this shorter wording of one is seen in files.
    {"marriage_civil_partnership", "Separated, but still legally married or in a civil partnership", "separated", LPS_SHORT},
    // The questionnaire.
    {"marriage_civil_partnership", "Separated, but still legally married", "separated", LPSQ},
    {"marriage_civil_partnership", "Separated, but still legally in a civil partnership", "separated", LPSQ},
    {"marriage_civil_partnership", "Formerly in a civil partnership which is now legally dissolved", "civil_partnership_dissolved", LPSQ},

    // Sexual orientation.
    {"sexual_orientation", "Pansexual", "other_sexual_orientation", SO9},
    {"sexual_orientation", "Asexual", "other_sexual_orientation", SO9},
    {"sexual_orientation", "Queer", "other_sexual_orientation", SO9},

    // Gender identity: the 7 categories are the catalogue's labels; the questionnaire is Yes / No.

    // Disability: the 3 and 5 categories are the catalogue's labels.
    {"disability", "Yes, a lot", "disabled_limited_a_lot", DISQ},
    {"disability", "Yes, a little", "disabled_limited_a_little", DISQ},
    {"disability", "Not at all", "not_disabled", DISQ},
    {"disability", "Day-to-day activities limited a lot", "disabled_limited_a_lot", DIS2011},
    {"disability", "Day-to-day activities limited a little", "disabled_limited_a_little", DIS2011},
    {"disability", "Day-to-day activities not limited", "not_disabled", DIS2011},

    // Unpaid care.
    {"caring", "Provides 19 or less hours unpaid care a week", "care_19_hours_or_less", CARE},
    {"caring", "Provides 9 hours or less unpaid care a week", "care_19_hours_or_less", CARE7},
    {"caring", "Provides 10 to 19 hours unpaid care a week", "care_19_hours_or_less", CARE7},
    {"caring", "Provides 20 to 34 hours unpaid care a week", "care_20_to_49_hours", CARE7},
    {"caring", "Provides 35 to 49 hours unpaid care a week", "care_20_to_49_hours", CARE7},
    {"caring", "Yes, 9 hours a week or less", "care_19_hours_or_less", CAREQ},
    {"caring", "Yes, 10 to 19 hours a week", "care_19_hours_or_less", CAREQ},
    {"caring", "Yes, 20 to 34 hours a week", "care_20_to_49_hours", CAREQ},
    {"caring", "Yes, 35 to 49 hours a week", "care_20_to_49_hours", CAREQ},
    {"caring", "Yes, 50 or more hours a week", "care_50_hours_or_more", CAREQ},
    {"caring", "Provides 1 to 19 hours unpaid care a week", "care_19_hours_or_less", CARE2011},

    // Age: a band is placed only where it lies inside one catalogue band; "Aged 15 to 19
    // years" and the bands under 16 lie inside none and are left to the map.
    {"age", "Aged 20 to 24 years", "age_16_24", AGE18},
    {"age", "Aged 25 to 29 years", "age_25_34", AGE18},
    {"age", "Aged 30 to 34 years", "age_25_34", AGE18},
    {"age", "Aged 35 to 39 years", "age_35_44", AGE18},
    {"age", "Aged 40 to 44 years", "age_35_44", AGE18},
    {"age", "Aged 45 to 49 years", "age_45_54", AGE18},
    {"age", "Aged 50 to 54 years", "age_45_54", AGE18},
    {"age", "Aged 55 to 59 years", "age_55_64", AGE18},
    {"age", "Aged 60 to 64 years", "age_55_64", AGE18},
    {"age", "Aged 65 to 69 years", "age_65_74", AGE18},
    {"age", "Aged 70 to 74 years", "age_65_74", AGE18},
    {"age", "Aged 75 to 79 years", "age_75_plus", AGE18},
    {"age", "Aged 80 to 84 years", "age_75_plus", AGE18},
    {"age", "Aged 85 years and over", "age_75_plus", AGE18},
    {"age", "Aged 16 to 24 years", "age_16_24", AGE6},
    {"age", "Aged 25 to 34 years", "age_25_34", AGE6},
    {"age", "Aged 35 to 49 years", "age_35_64", AGE6},
    {"age", "Aged 50 to 64 years", "age_35_64", AGE6},
    {"age", "Aged 65 years and over", "age_65_plus", AGE6},
    {"age", "Aged 35 to 44 years", "age_35_44", AGE10},
    {"age", "Aged 45 to 54 years", "age_45_54", AGE10},
    {"age", "Aged 55 to 64 years", "age_55_64", AGE10},
    {"age", "Aged 65 to 74 years", "age_65_74", AGE10},
    {"age", "Aged 75 years and over", "age_75_plus", AGE10},
};

}  // namespace

std::span<const PublishedLabel> published_labels() { return kLabels; }

}  // namespace gapfinder
