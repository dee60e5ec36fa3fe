#!/usr/bin/env python3
"""Writes bench/bench-survey.json: the definition of the benchmark survey (40 questions,
11 catalogue characteristics plus a 20-ward dimension, all cells as numeric codes)."""
import json, os

CHARACTERISTICS = {
    "age": ["age_16_24", "age_25_34", "age_35_44", "age_45_54", "age_55_64", "age_65_74", "age_75_plus"],
    "disability": ["disabled_limited_a_lot", "disabled_limited_a_little", "not_disabled_with_condition", "not_disabled_no_condition"],
    "gender_reassignment": ["gender_identity_same", "gender_identity_different"],
    "marriage_civil_partnership": ["never_married", "married", "civil_partnership", "separated", "divorced", "widowed"],
    "pregnancy_maternity": ["pregnant_or_recent_birth", "not_pregnant_or_recent_birth"],
    "race": ["bangladeshi", "chinese", "indian", "pakistani", "other_asian", "african", "caribbean", "other_black",
             "white_and_asian", "white_and_black_african", "white_and_black_caribbean", "other_mixed", "white_british",
             "white_irish", "gypsy_or_irish_traveller", "roma", "other_white", "arab", "any_other_ethnic_group"],
    "religion_belief": ["no_religion", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh", "other_religion"],
    "sex": ["female", "male"],
    "sexual_orientation": ["heterosexual", "gay_or_lesbian", "bisexual", "other_sexual_orientation"],
    "socio_economic": ["nssec_higher_managerial", "nssec_lower_managerial", "nssec_intermediate_occupations",
                       "nssec_small_employers", "nssec_lower_supervisory", "nssec_semi_routine", "nssec_routine",
                       "nssec_never_worked", "nssec_student"],
    "caring": ["not_carer", "care_19_hours_or_less", "care_20_to_49_hours", "care_50_hours_or_more"],
}
WARDS = 20
# Scale for question i: satisfaction (1-5, 9 = don't know), agreement (1-5), yes/no (1-2).
SCALES = {
    "satisfaction": {"points": [{"code": c, "label": l} for c, l in
                                [(1, "Very satisfied"), (2, "Fairly satisfied"), (3, "Neither"), (4, "Fairly dissatisfied"),
                                 (5, "Very dissatisfied"), (9, "Don't know")]], "positive": [1, 2], "non_substantive": [9]},
    "agreement": {"points": [{"code": c, "label": l} for c, l in
                             [(1, "Strongly agree"), (2, "Tend to agree"), (3, "Neither"), (4, "Tend to disagree"),
                              (5, "Strongly disagree")]], "positive": [1, 2]},
    "yes_no": {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [1]},
}


def scale_of(q):
    return ["satisfaction", "agreement", "yes_no"][q % 3]


def definition():
    return {
        "schema": "gapfinder-survey/1", "id": "bench", "title": "Benchmark survey (generated)",
        "kind": "residents_panel", "respondent_id_column": "id", "scales": SCALES,
        "questions": [{"id": f"q{q:02d}", "column": f"q{q:02d}", "theme": "Benchmark", "scale": scale_of(q)}
                      for q in range(1, 41)],
        "characteristics": [{"characteristic": cid, "column": cid,
                             "map": {**{str(i + 1): cat for i, cat in enumerate(cats)}, "99": "undisclosed"}}
                            for cid, cats in CHARACTERISTICS.items()],
        "dimensions": [{"id": "ward", "label": "Ward", "column": "ward",
                        "categories": [{"id": f"ward_{w:02d}", "label": str(w)} for w in range(1, WARDS + 1)]}],
    }


if __name__ == "__main__":
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-survey.json")
    with open(path, "w") as f:
        json.dump(definition(), f, indent=1)
        f.write("\n")
    print(path)
