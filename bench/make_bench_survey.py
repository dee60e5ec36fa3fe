#!/usr/bin/env python3
"""Writes bench/bench-survey.json: the definition of the benchmark survey.

40 questions on four scales, the 11 catalogue characteristics (detailed categories) and a
20-ward dimension. Every grouping cell in the data file is a small numeric code, as
SPSS-style exports carry them, so each characteristic has a `map` from code text ("1",
"2", ...) to catalogue category ids, with "99" meaning undisclosed.

The JSON file is committed; re-run this after changing anything here, then regenerate the
data (generate_data.py notices the change itself).
Usage: /usr/bin/python3 bench/make_bench_survey.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
UNDISCLOSED_CODE = "99"

# Code n+1 is the n-th category; ids are the detailed (leaf) categories of
# core/domain/catalogue.cpp wherever the catalogue has them.
CHARACTERISTICS = {
    "age": ["age_16_24", "age_25_34", "age_35_44", "age_45_54", "age_55_64", "age_65_74", "age_75_plus"],
    "disability": ["disabled_limited_a_lot", "disabled_limited_a_little", "not_disabled_with_condition",
                   "not_disabled_no_condition"],
    "gender_reassignment": ["gender_identity_same", "gender_identity_different_unspecified", "trans_woman",
                            "trans_man", "non_binary", "other_gender_identity"],
    "marriage_civil_partnership": ["never_married", "married", "civil_partnership", "separated", "divorced",
                                   "civil_partnership_dissolved", "widowed", "surviving_civil_partner"],
    "pregnancy_maternity": ["pregnant_or_recent_birth", "not_pregnant_or_recent_birth"],
    "race": ["bangladeshi", "chinese", "indian", "pakistani", "other_asian",
             "african", "caribbean", "other_black",
             "white_and_asian", "white_and_black_african", "white_and_black_caribbean", "other_mixed",
             "white_british", "white_irish", "gypsy_or_irish_traveller", "roma", "other_white",
             "arab", "any_other_ethnic_group"],
    "religion_belief": ["no_religion", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh",
                        "other_religion"],
    "sex": ["female", "male"],
    "sexual_orientation": ["heterosexual", "gay_or_lesbian", "bisexual", "other_sexual_orientation"],
    "socio_economic": ["nssec_higher_managerial", "nssec_lower_managerial", "nssec_intermediate_occupations",
                       "nssec_small_employers", "nssec_lower_supervisory", "nssec_semi_routine", "nssec_routine",
                       "nssec_never_worked", "nssec_student"],
    "caring": ["not_carer", "care_19_hours_or_less", "care_20_to_49_hours", "care_50_hours_or_more"],
}
WARDS = 20

SCALES = {
    "satisfaction5": {
        "points": [{"code": 1, "label": "Very satisfied"}, {"code": 2, "label": "Fairly satisfied"},
                   {"code": 3, "label": "Neither satisfied nor dissatisfied"},
                   {"code": 4, "label": "Fairly dissatisfied"}, {"code": 5, "label": "Very dissatisfied"},
                   {"code": 9, "label": "Don't know"}],
        "positive": [1, 2], "non_substantive": [9]},
    "agree5": {
        "points": [{"code": 1, "label": "Strongly agree"}, {"code": 2, "label": "Tend to agree"},
                   {"code": 3, "label": "Neither agree nor disagree"}, {"code": 4, "label": "Tend to disagree"},
                   {"code": 5, "label": "Strongly disagree"}],
        "positive": [1, 2]},
    "yes_no": {
        "points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}],
        "positive": [1]},
    "recommend11": {
        "points": [{"code": c, "label": {0: "0 - Not at all likely", 10: "10 - Extremely likely"}.get(c, str(c))}
                   for c in range(11)],
        "positive": [9, 10]},
}

# (first, last, scale, theme, question wording)
QUESTION_BLOCKS = [
    (1, 6, "satisfaction5", "Place", "How satisfied or dissatisfied are you with your local area: aspect {n}?"),
    (7, 12, "satisfaction5", "Council", "How satisfied or dissatisfied are you with council service {n}?"),
    (13, 18, "agree5", "Council", "To what extent do you agree or disagree: the council statement {n}"),
    (19, 24, "agree5", "Cohesion", "To what extent do you agree or disagree: community statement {n}"),
    (25, 36, "yes_no", "Fair treatment", "In the last year, were you treated fairly in situation {n}?"),
    (37, 40, "recommend11", "Recommend", "How likely are you to recommend local service {n} to a friend?"),
]


def question_scale(q):
    for first, last, scale, _, _ in QUESTION_BLOCKS:
        if first <= q <= last:
            return scale
    raise ValueError(q)


def definition():
    questions = []
    for first, last, scale, theme, text in QUESTION_BLOCKS:
        for q in range(first, last + 1):
            questions.append({"id": f"q{q:02d}", "column": f"q{q:02d}", "text": text.format(n=q),
                              "theme": theme, "scale": scale})
    return {
        "schema": "gapfinder-survey/1",
        "id": "bench",
        "title": "Benchmark residents' panel (generated)",
        "kind": "residents_panel",
        "organisation": "gapfinder benchmark",
        "respondent_id_column": "id",
        "scales": SCALES,
        "questions": questions,
        "characteristics": [
            {"characteristic": cid, "column": cid,
             "map": {**{str(i + 1): cat for i, cat in enumerate(cats)}, UNDISCLOSED_CODE: "undisclosed"}}
            for cid, cats in CHARACTERISTICS.items()],
        "dimensions": [{"id": "ward", "label": "Ward", "column": "ward",
                        "categories": [{"id": f"ward_{w:02d}", "label": f"Ward {w}"} for w in range(1, WARDS + 1)],
                        "map": {str(w): f"ward_{w:02d}" for w in range(1, WARDS + 1)}}],
        "waves": [{"label": "1", "fieldwork": "2025-10"}],
    }


def dumps(value, indent=""):
    """JSON with anything that fits on a line of about 110 characters kept on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(indent) + len(flat) <= 110 or not isinstance(value, (dict, list)) or not value:
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"


def main():
    path = os.path.join(HERE, "bench-survey.json")
    text = dumps(definition()) + "\n"
    assert json.loads(text) == definition()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(path)


if __name__ == "__main__":
    main()
