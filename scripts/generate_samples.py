#!/usr/bin/env python3
"""Writes the bundled sample surveys: the survey definitions surveys/citizens-panel.json
and surveys/staff-survey.json, and the data files in surveys/samples/:

  citizens-panel-2024.csv, citizens-panel-2025.csv  ~2,500 residents each
  staff-survey-2025.csv                             ~3,000 staff

Seeded and deterministic: run it again and the files are byte-identical. The data are
invented, but gaps between groups are planted on purpose (see surveys/samples/README.md)
so that analysis has something true to find.

Usage: /usr/bin/python3 scripts/generate_samples.py [--seed 2024]
"""
import argparse, csv, json, os, random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SURVEYS = os.path.join(ROOT, "surveys")
SAMPLES = os.path.join(SURVEYS, "samples")
PNTS = "Prefer not to say"

SATISFACTION = {"points": [{"code": 1, "label": "Very satisfied"}, {"code": 2, "label": "Fairly satisfied"},
                           {"code": 3, "label": "Neither satisfied nor dissatisfied"},
                           {"code": 4, "label": "Fairly dissatisfied"}, {"code": 5, "label": "Very dissatisfied"},
                           {"code": 9, "label": "Don't know"}], "positive": [1, 2], "non_substantive": [9]}
AGREEMENT = {"points": [{"code": 1, "label": "Strongly agree"}, {"code": 2, "label": "Tend to agree"},
                        {"code": 3, "label": "Neither agree nor disagree"}, {"code": 4, "label": "Tend to disagree"},
                        {"code": 5, "label": "Strongly disagree"}, {"code": 9, "label": "Don't know"}],
             "positive": [1, 2], "non_substantive": [9]}
INFORMED = {"points": [{"code": 1, "label": "Very well informed"}, {"code": 2, "label": "Fairly well informed"},
                       {"code": 3, "label": "Not very well informed"}, {"code": 4, "label": "Not well informed at all"},
                       {"code": 9, "label": "Don't know"}], "positive": [1, 2], "non_substantive": [9]}
FAIRNESS = {"points": [{"code": 1, "label": "Always"}, {"code": 2, "label": "Most of the time"},
                       {"code": 3, "label": "Some of the time"}, {"code": 4, "label": "Never"},
                       {"code": 9, "label": "Don't know"}, {"code": 8, "label": "Not used any services"}],
            "positive": [1, 2], "non_substantive": [8, 9]}
COHESION = {"points": [{"code": 1, "label": "Definitely agree"}, {"code": 2, "label": "Tend to agree"},
                       {"code": 3, "label": "Tend to disagree"}, {"code": 4, "label": "Definitely disagree"},
                       {"code": 7, "label": "Too few people in local area"},
                       {"code": 8, "label": "All same backgrounds"}, {"code": 9, "label": "Don't know"}],
            "positive": [1, 2], "non_substantive": [7, 8, 9]}
YES_NO = {"points": [{"code": 1, "label": "Yes"}, {"code": 2, "label": "No"}], "positive": [2]}

# (characteristic, column heading, [(file label, category id, share)])
RESIDENT_CHARACTERISTICS = [
    ("age", "Age group", [("16-24", "age_16_24", 6), ("25-34", "age_25_34", 12), ("35-44", "age_35_44", 17),
                          ("45-54", "age_45_54", 18), ("55-64", "age_55_64", 18), ("65-74", "age_65_74", 16),
                          ("75+", "age_75_plus", 13)]),
    ("sex", "What is your sex?", [("Female", "female", 52), ("Male", "male", 48)]),
    ("gender_reassignment", "Is the gender you identify with the same as your sex registered at birth?",
     [("Yes", "gender_identity_same", 99), ("No", "gender_identity_different", 1)]),
    ("disability", "Do you consider yourself to be disabled?", [("Yes", "disabled", 17), ("No", "not_disabled", 83)]),
    ("race", "What is your ethnic group?",
     [("White - English, Welsh, Scottish, Northern Irish or British", "white_british", 28),
      ("White - Irish", "white_irish", 3), ("White - Any other White background", "other_white", 9),
      ("Asian or Asian British - Indian", "indian", 26), ("Asian or Asian British - Pakistani", "pakistani", 4),
      ("Asian or Asian British - Sri Lankan Tamil", "other_asian", 6),
      ("Black or Black British - African", "african", 5), ("Black or Black British - Caribbean", "caribbean", 3),
      ("Mixed - White and Black Caribbean", "white_and_black_caribbean", 2), ("Mixed - White and Asian", "white_and_asian", 2),
      ("Arab", "arab", 3), ("Any other ethnic group", "any_other_ethnic_group", 4), ("Asian or Asian British - Chinese", "chinese", 2),
      ("Romanian (Roma)", "roma", 1), ("Gypsy or Irish Traveller", "gypsy_or_irish_traveller", 0.3)]),
    ("religion_belief", "What is your religion, if any?",
     [("No religion", "no_religion", 14), ("Christian", "christian", 34), ("Hindu", "hindu", 26), ("Muslim", "muslim", 14),
      ("Jewish", "jewish", 4), ("Buddhist", "buddhist", 1), ("Sikh", "sikh", 1), ("Other religion", "other_religion", 2)]),
    ("sexual_orientation", "Which of the following best describes your sexual orientation?",
     [("Straight or heterosexual", "heterosexual", 95), ("Gay or lesbian", "gay_or_lesbian", 2), ("Bisexual", "bisexual", 2),
      ("Other sexual orientation", "other_sexual_orientation", 1)]),
    ("marriage_civil_partnership", "What is your legal marital or civil partnership status?",
     [("Single, never married", "never_married", 30), ("Married", "married", 50), ("Civil partnership", "civil_partnership", 1),
      ("Separated", "separated", 3), ("Divorced or dissolved civil partnership", "divorced_or_dissolved", 8),
      ("Widowed or surviving civil partner", "widowed_or_surviving_partner", 8)]),
    ("caring", "Do you look after anyone because of long-term illness, disability or old age?",
     [("No", "not_carer", 86), ("Yes, 1-19 hours a week", "care_19_hours_or_less", 8),
      ("Yes, 20-49 hours a week", "care_20_to_49_hours", 3), ("Yes, 50 or more hours a week", "care_50_hours_or_more", 3)]),
]

PANEL_QUESTIONS = [
    ("sat_area", "Q1 Satisfaction with local area", "Overall, how satisfied or dissatisfied are you with your local area as a place to live?", "Place", "satisfaction"),
    ("sat_council", "Q2 Satisfaction with the council", "Overall, how satisfied or dissatisfied are you with the way Harrow Council runs things?", "Council", "satisfaction"),
    ("value_for_money", "Q3 Value for money", "To what extent do you agree or disagree that Harrow Council provides value for money?", "Council", "agreement"),
    ("informed", "Q4 Kept informed", "How well informed do you think Harrow Council keeps residents about the services and benefits it provides?", "Council", "informed"),
    ("influence", "Q5 Can influence decisions", "Do you agree or disagree that you can influence decisions affecting your local area?", "Influence", "agreement"),
    ("treated_fairly", "Q6 Treated fairly by local services", "Do you feel that local public services treat you fairly?", "Fair treatment", "fairness"),
    ("cohesion", "Q7 Different backgrounds get on well", "To what extent do you agree or disagree that this local area is a place where people from different backgrounds get on well together?", "Cohesion", "cohesion"),
]
PANEL_SCALES = {"satisfaction": SATISFACTION, "agreement": AGREEMENT, "informed": INFORMED, "fairness": FAIRNESS, "cohesion": COHESION}

STAFF_QUESTIONS = [
    ("treated_fairly", "I am treated fairly at work", "I am treated fairly at work", "Fair treatment", "agreement"),
    ("career_progression", "Equal opportunities for career progression", "The council gives everyone equal opportunities for career progression or promotion, whatever their background", "Fair treatment", "agreement"),
    ("no_bullying", "Experienced bullying or harassment in the last 12 months", "In the last 12 months have you experienced bullying or harassment from colleagues or managers? (positive = No)", "Wellbeing", "yes_no"),
    ("recommend", "I would recommend the council as a place to work", "I would recommend the council as a place to work", "Engagement", "agreement"),
    ("manager_respect", "My manager treats me with respect", "My manager treats me with respect", "Management", "agreement"),
]
STAFF_SCALES = {"agreement": AGREEMENT, "yes_no": YES_NO}
STAFF_CHARACTERISTICS = [c for c in RESIDENT_CHARACTERISTICS if c[0] not in ("caring",)] + [
    ("pregnancy_maternity", "Are you pregnant or have you given birth in the last 26 weeks?",
     [("Yes", "pregnant_or_recent_birth", 3), ("No", "not_pregnant_or_recent_birth", 97)]),
    ("caring", "Do you have caring responsibilities?", [("Yes", "carer", 18), ("No", "not_carer", 82)]),
]
DIMENSIONS = [
    ("directorate", "Directorate", "Directorate", ["Adults and Health", "Children's Services", "Place", "Resources", "Community"], [25, 25, 20, 18, 12]),
    ("pay_band", "Pay band", "Grade", ["Scale 1-4", "Scale 5-6", "SO1-SO2", "PO1-PO3", "PO4-PO7", "Senior management"], [22, 24, 20, 20, 10, 4]),
    ("contract", "Contract type", "Contract type", ["Permanent", "Fixed term", "Casual"], [84, 12, 4]),
    ("service", "Length of service", "Length of service", ["Less than 1 year", "1-5 years", "6-10 years", "More than 10 years"], [10, 35, 25, 30]),
]


def slug(label):
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_").replace("__", "_")


def definition(sid, title, kind, id_column, questions, scales, characteristics, dimensions, waves):
    d = {"schema": "gapfinder-survey/1", "id": sid, "title": title, "kind": kind,
         "organisation": "London Borough of Harrow (sample data)", "respondent_id_column": id_column,
         "scales": scales,
         "questions": [{"id": q, "column": col, "text": text, "theme": theme, "scale": scale}
                       for q, col, text, theme, scale in questions],
         "characteristics": [{"characteristic": cid, "column": col, "map": {label: cat for label, cat, _ in cats}}
                             for cid, col, cats in characteristics],
         "waves": [{"label": w, "fieldwork": f} for w, f in waves]}
    if dimensions:
        d["dimensions"] = [{"id": did, "label": label, "column": col,
                            "categories": [{"id": slug(c), "label": c} for c in cats]}
                           for did, label, col, cats, _ in dimensions]
    return d


def pick_characteristics(rng, characteristics, row):
    """Draws each characteristic: ~4% prefer not to say, ~2% blank."""
    for cid, col, cats in characteristics:
        u = rng.random()
        if u < 0.04:
            row[col] = PNTS
        elif u < 0.06:
            row[col] = ""
        else:
            label, cat, _ = rng.choices(cats, weights=[c[2] for c in cats])[0]
            row[col] = label
            row["_" + cid] = cat


def answer(rng, scale, p_positive, p_dont_know=0.05):
    """A positive answer with probability p_positive among substantive answers."""
    points = scale["points"]
    if rng.random() < 0.02:
        return ""
    non = [p for p in points if p["code"] in scale.get("non_substantive", [])]
    if non and rng.random() < p_dont_know:
        return rng.choice(non)["label"]
    pos = [p for p in points if p["code"] in scale["positive"]]
    neg = [p for p in points if p["code"] not in scale["positive"] and p["code"] not in scale.get("non_substantive", [])]
    return rng.choice(pos if rng.random() < p_positive else neg)["label"]


BME = {"indian", "pakistani", "other_asian", "african", "caribbean", "white_and_black_caribbean", "white_and_asian",
       "arab", "any_other_ethnic_group", "chinese", "roma", "gypsy_or_irish_traveller"}


def panel_rate(q, person, wave):
    """The planted truth for residents: base rate plus group effects, in proportions."""
    base = {"sat_area": 0.78, "sat_council": 0.62, "value_for_money": 0.50, "informed": 0.60, "influence": 0.32,
            "treated_fairly": 0.74, "cohesion": 0.82}[q]
    disabled = person.get("_disability") == "disabled"
    r = base
    if disabled and q == "treated_fairly":
        r -= 0.14 if wave == "2024" else 0.06   # the gap narrows between waves
    if disabled and q == "sat_council":
        r -= 0.08
    if person.get("_race") in ("african", "caribbean", "pakistani") and q in ("informed", "influence"):
        r -= 0.12
    if person.get("_age") == "age_16_24" and q == "sat_area":
        r -= 0.15
    if person.get("_age") in ("age_65_74", "age_75_plus") and q == "informed":
        r += 0.06
    return r  # sex has no planted effect: a control


def staff_rate(q, person):
    base = {"treated_fairly": 0.72, "career_progression": 0.55, "no_bullying": 0.86, "recommend": 0.60, "manager_respect": 0.80}[q]
    r = base
    bme = person.get("_race") in BME
    disabled = person.get("_disability") == "disabled"
    if bme and q in ("treated_fairly", "career_progression"):
        r -= 0.10
    if disabled and q in ("treated_fairly", "career_progression"):
        r -= 0.12
    if (bme or disabled) and q == "no_bullying":
        r -= 0.08
    return r


def write_csv(path, columns, rows, line_end, bom):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator=line_end)
        w.writeheader()
        w.writerows(rows)


def make_panel(rng, wave, n):
    rows = []
    for i in range(1, n + 1):
        person = {"Respondent ID": f"P{wave[2:]}-{i:05d}"}
        pick_characteristics(rng, RESIDENT_CHARACTERISTICS, person)
        for q, col, _, _, scale in PANEL_QUESTIONS:
            person[col] = answer(rng, PANEL_SCALES[scale], panel_rate(q, person, wave))
        rows.append(person)
    columns = ["Respondent ID"] + [c for _, c, _, _, _ in PANEL_QUESTIONS] + [c for _, c, _ in RESIDENT_CHARACTERISTICS]
    return columns, rows


def make_staff(rng, n):
    rows = []
    for i in range(1, n + 1):
        person = {"Employee survey ID": f"S25-{i:05d}"}
        pick_characteristics(rng, STAFF_CHARACTERISTICS, person)
        for did, _, col, cats, weights in DIMENSIONS:
            w = list(weights)
            if did == "pay_band" and person.get("_race") in BME:
                w = [w[0] * 1.3, w[1] * 1.2, w[2], w[3] * 0.8, w[4] * 0.5, w[5] * 0.35]  # fewer BME staff at the top
            person[col] = rng.choices(cats, weights=w)[0]
        for q, col, _, _, scale in STAFF_QUESTIONS:
            person[col] = answer(rng, STAFF_SCALES[scale], staff_rate(q, person), p_dont_know=0.03)
        rows.append(person)
    columns = (["Employee survey ID"] + [c for _, c, _, _, _ in STAFF_QUESTIONS] + [d[2] for d in DIMENSIONS]
               + [c for _, c, _ in STAFF_CHARACTERISTICS])
    return columns, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    os.makedirs(SAMPLES, exist_ok=True)
    panel = definition("citizens-panel", "Harrow Citizens' Panel residents' survey (sample)", "residents_panel",
                       "Respondent ID", PANEL_QUESTIONS, PANEL_SCALES, RESIDENT_CHARACTERISTICS, [],
                       [("2024", "2024-10"), ("2025", "2025-10")])
    staff = definition("staff-survey", "Harrow Council staff survey (sample)", "staff_questionnaire",
                       "Employee survey ID", STAFF_QUESTIONS, STAFF_SCALES, STAFF_CHARACTERISTICS, DIMENSIONS,
                       [("2025", "2025-06")])
    for d in (panel, staff):
        with open(os.path.join(SURVEYS, d["id"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(d, f, indent=2, ensure_ascii=False)
            f.write("\n")
    rng = random.Random(args.seed)
    cols, rows = make_panel(rng, "2024", 2500)
    write_csv(os.path.join(SAMPLES, "citizens-panel-2024.csv"), cols, rows, "\n", bom=True)   # Excel "CSV UTF-8"
    cols, rows = make_panel(rng, "2025", 2480)
    write_csv(os.path.join(SAMPLES, "citizens-panel-2025.csv"), cols, rows, "\n", bom=False)
    cols, rows = make_staff(rng, 3000)
    write_csv(os.path.join(SAMPLES, "staff-survey-2025.csv"), cols, rows, "\r\n", bom=False)  # CRLF, as Windows tools write


if __name__ == "__main__":
    main()
