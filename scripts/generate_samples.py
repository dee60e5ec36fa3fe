#!/usr/bin/env python3
"""Writes the bundled sample data files in surveys/samples/ from the survey definitions
surveys/citizens-panel.json and surveys/staff-survey.json and the Harrow population
profile surveys/benchmarks/harrow-2021.json:

  citizens-panel-2024.csv   2,512 residents  UTF-8 with a byte order mark, CRLF (Excel "CSV UTF-8")
  citizens-panel-2025.csv   2,437 residents  UTF-8, LF (a survey platform export)
  staff-survey-2025.csv     3,046 staff      UTF-8, CRLF

The people are invented, but drawn from Harrow's Census 2021 profile (residents aged 16+),
with the panel's usual skew (too few 16-34s, too many 65+), and gaps between groups are
planted on purpose (panel_effect, STAFF_EFFECTS; documented in surveys/samples/README.md)
so that analysis has something true to find. Seeded: the same --seed gives byte-identical
files. Every file is read back and every cell checked against its definition before the
script reports success (see check_file); --report prints the gaps as realised in the files.

Python 3 standard library only.
Usage: /usr/bin/python3 scripts/generate_samples.py [--seed 2024] [--report] [--check-only]
"""
import argparse
import csv
import datetime
import json
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SURVEYS = os.path.join(ROOT, "surveys")
SAMPLES = os.path.join(SURVEYS, "samples")
BENCHMARK = os.path.join(SURVEYS, "benchmarks", "harrow-2021.json")
CATALOGUE_CPP = os.path.join(ROOT, "core", "domain", "catalogue.cpp")
MAX_BYTES = 1_000_000

PNTS = "Prefer not to say"
CURLY_DK = "Don\u2019t know"  # how the 2025 platform export writes "Don't know"

# ---------------------------------------------------------------------------------------
# The engine's matching rules, mirrored for the self-check (core/domain/catalogue.cpp)
# ---------------------------------------------------------------------------------------

# is_undisclosed_label() in catalogue.cpp; check_catalogue_in_sync() compares the two.
UNDISCLOSED_WORDINGS = [
    "prefer not to say", "i prefer not to say", "i'd prefer not to say", "i would prefer not to say",
    "prefer not to answer", "i would rather not say",
    "rather not say", "i'd rather not say", "not stated", "refused", "do not wish to say",
    "don't wish to say", "not disclosed", "undisclosed", "withheld"]


def norm(label):
    """normalise_label(): trim, collapse white space, fold curly quotes and dashes, lower-case A-Z."""
    label = label.replace("\u00a0", " ")
    for curly in ("\u2018", "\u2019"):
        label = label.replace(curly, "'")
    for dash in ("\u2013", "\u2014"):
        label = label.replace(dash, "-")
    label = " ".join(label.split())
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in label)


def check_catalogue_in_sync():
    """Reads the category ids and undisclosed wordings from catalogue.cpp, if present."""
    if not os.path.exists(CATALOGUE_CPP):
        return None
    text = open(CATALOGUE_CPP, encoding="utf-8").read()
    ids = {}
    for block in re.split(r"c\.push_back\(\{", text)[1:]:
        m = re.match(r'"([a-z_]+)"', block)
        if m:
            ids[m.group(1)] = set(re.findall(r'\{"([a-z0-9_]+)", "', block))
    m = re.search(r"wordings\[\] = \{(.*?)\};", text, re.S)
    if m:
        wordings = re.findall(r'"([^"]*)"', m.group(1))
        if sorted(wordings) != sorted(UNDISCLOSED_WORDINGS):
            sys.exit("generate_samples.py: UNDISCLOSED_WORDINGS is out of step with catalogue.cpp")
    return ids


# ---------------------------------------------------------------------------------------
# Population model: Harrow 16+ (benchmark file) plus documented within-group assumptions
# ---------------------------------------------------------------------------------------

AGES = ["age_16_24", "age_25_34", "age_35_44", "age_45_54", "age_55_64", "age_65_74", "age_75_plus"]
RELIGIONS = ["no_religion", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh", "other_religion"]
RACE_GROUP = {
    "white_british": "white", "white_irish": "white", "gypsy_or_irish_traveller": "white", "roma": "white",
    "other_white": "white", "white_and_black_caribbean": "mixed", "white_and_black_african": "mixed",
    "white_and_asian": "mixed", "other_mixed": "mixed", "indian": "asian", "pakistani": "asian",
    "bangladeshi": "asian", "chinese": "asian", "other_asian": "asian", "african": "black", "caribbean": "black",
    "other_black": "black", "arab": "other_ethnic_group", "any_other_ethnic_group": "other_ethnic_group"}
RACES = list(RACE_GROUP)

# Within-group shares. White: Harrow 16+, Census 2021 RM125 (White British 46,327, Irish 5,247,
# Gypsy/Irish Traveller, Roma or Other White 29,226), with that last row split 96:3:1 between
# other White, Roma and Gypsy/Irish Traveller (an assumption; not published in the table read).
# Other groups: Harrow all-ages shares from the 2011 Census (26.4% Indian, 3.3% Pakistani, 0.6%
# Bangladeshi, 1.1% Chinese, 11.3% other Asian; 3.6% African, 2.8% Caribbean, 1.8% other Black;
# 1.0/0.4/1.4/1.1% Mixed; 1.6% Arab, 1.4% any other), the latest split found; a proxy.
WITHIN_GROUP = {
    "white": {"white_british": 46327, "white_irish": 5247, "other_white": 29226 * 0.96, "roma": 29226 * 0.03,
              "gypsy_or_irish_traveller": 29226 * 0.01},
    "asian": {"indian": 26.4, "pakistani": 3.3, "bangladeshi": 0.6, "chinese": 1.1, "other_asian": 11.3},
    "black": {"african": 3.6, "caribbean": 2.8, "other_black": 1.8},
    "mixed": {"white_and_black_caribbean": 1.0, "white_and_black_african": 0.4, "white_and_asian": 1.4,
              "other_mixed": 1.1},
    "other_ethnic_group": {"arab": 1.6, "any_other_ethnic_group": 1.4},
}

# Relative likelihood of each religion within each ethnic group, before raking to Harrow's
# religion and ethnicity margins (illustrative assumptions, so that e.g. Pakistani residents
# are nearly all Muslim and Indian residents mostly Hindu). Order: RELIGIONS.
RELIGION_SEED = {
    "white_british": [40, 50, 0.5, 0.3, 7, 0.7, 0.1, 1.4],
    "white_irish": [14, 82, 0.2, 0.1, 1, 0.5, 0.1, 1],
    "gypsy_or_irish_traveller": [10, 85, 0, 0, 0, 2, 0, 3],
    "roma": [8, 86, 0, 0, 0, 5, 0, 1],
    "other_white": [14, 74, 0.3, 0.3, 6, 4, 0.1, 1.3],
    "white_and_black_caribbean": [40, 50, 0.5, 0.5, 0.5, 5, 0, 3.5],
    "white_and_black_african": [30, 55, 0.5, 0.5, 0.5, 11, 0, 2.5],
    "white_and_asian": [35, 30, 2, 15, 2, 12, 2, 2],
    "other_mixed": [35, 40, 2, 6, 3, 10, 1, 3],
    "indian": [3, 5, 0.2, 72, 0.1, 7, 5, 7.7],
    "pakistani": [1.5, 1, 0, 0.3, 0, 97, 0.1, 0.1],
    "bangladeshi": [2, 1, 0, 3, 0, 93.5, 0, 0.5],
    "chinese": [55, 22, 18, 0, 0, 1, 0, 4],
    "other_asian": [4, 18, 7, 50, 0, 18, 0.5, 2.5],
    "african": [4, 58, 0, 0.3, 0, 36, 0, 1.7],
    "caribbean": [20, 70, 0.3, 0.5, 0, 3, 0, 6.2],
    "other_black": [12, 60, 0, 0.5, 0, 25, 0, 2.5],
    "arab": [4, 9, 0, 0, 1, 85, 0, 1],
    "any_other_ethnic_group": [10, 25, 3, 8, 1, 45, 2, 6],
}

# LGB+ share of those answering, by age: Harrow, Census 2021 RM122 (e.g. 16-24: 885 of 23,421).
LGB_BY_AGE = [0.0378, 0.0356, 0.0278, 0.0165, 0.0113, 0.0116, 0.0053]
LGB_SPLIT = {"gay_or_lesbian": 1361, "bisexual": 1873, "other_sexual_orientation": 1006}  # Harrow 16+, detailed table
# Relative chance of being disabled / a carer by age (assumptions), scaled to Harrow's 16+ rates.
DISABLED_BY_AGE = [0.45, 0.55, 0.7, 0.95, 1.35, 1.75, 3.1]
CARER_BY_AGE = [0.35, 0.6, 1.0, 1.45, 1.7, 1.2, 0.8]
# Hours of care among carers: Harrow 16+, Census 2021 RM178 (10,014 / 4,497 / 5,233).
CARE_HOURS = {"care_19_hours_or_less": 10014, "care_20_to_49_hours": 4497, "care_50_hours_or_more": 5233}
# Legal partnership status by age (illustrative, not Harrow figures).
MARITAL = ["never_married", "married", "civil_partnership", "separated", "divorced_or_dissolved",
           "widowed_or_surviving_partner"]
MARITAL_BY_AGE = [
    [0.950, 0.045, 0.002, 0.002, 0.001, 0.000],
    [0.500, 0.470, 0.004, 0.012, 0.012, 0.002],
    [0.180, 0.740, 0.005, 0.025, 0.045, 0.005],
    [0.100, 0.740, 0.004, 0.030, 0.100, 0.026],
    [0.070, 0.720, 0.003, 0.025, 0.120, 0.062],
    [0.050, 0.660, 0.002, 0.015, 0.110, 0.163],
    [0.040, 0.450, 0.001, 0.008, 0.070, 0.431],
]
PREGNANT_FEMALE_BY_AGE = [0.03, 0.08, 0.05, 0.0, 0.0, 0.0, 0.0]
SOCIO = ["nssec_managerial_professional", "nssec_intermediate_occupations", "nssec_small_employers",
         "nssec_lower_supervisory", "nssec_routine_manual", "nssec_never_worked", "nssec_student"]
SOCIO_YOUNG = [0.08, 0.12, 0.02, 0.02, 0.15, 0.06, 0.55]
SOCIO_WORKING = [0.42, 0.14, 0.12, 0.07, 0.20, 0.05, 0.0]
SOCIO_RETIRED = [0.33, 0.17, 0.13, 0.09, 0.24, 0.04, 0.0]
GENDER_DIFFERENT = 0.0099  # Harrow 16+: 1,889 of 190,790 answering (benchmark file)

# Citizens' Panel response propensities (relative): panels under-represent young people and
# Black and minority ethnic residents and over-represent older White British residents.
PANEL_AGE_PROPENSITY = [0.45, 0.62, 0.85, 1.0, 1.25, 1.6, 1.35]
PANEL_SEX_PROPENSITY = {"female": 1.08, "male": 0.92}
PANEL_GROUP_PROPENSITY = {"white": 1.2, "asian": 0.95, "black": 0.8, "mixed": 0.85, "other_ethnic_group": 0.75}
WHITE_BRITISH_EXTRA = 1.1

# Staff: working-age profile and workforce mix (assumptions).
STAFF_AGE = {"age_16_24": 0.05, "age_25_34": 0.19, "age_35_44": 0.24, "age_45_54": 0.26, "age_55_64": 0.21,
             "age_65_plus": 0.05}
STAFF_FEMALE = 0.62
STAFF_GROUP_PROPENSITY = {"white": 1.15, "asian": 0.95, "black": 1.3, "mixed": 1.0, "other_ethnic_group": 0.7}
STAFF_DISABLED = 0.12
STAFF_CARER = 0.15
STAFF_LGB = 0.035
BME_GROUPS = {"asian", "black", "mixed", "other_ethnic_group"}  # "BME" here = every group but White
DIRECTORATES = {"Adults and Health": 22, "Children's Services": 24, "Place": 26, "Resources": 18, "Community": 10}
PAY_BANDS = ["Scale 1-4", "Scale 5-6", "SO1-SO2", "PO1-PO3", "PO4-PO7", "Senior management"]
PAY_BAND_WEIGHTS = [22, 24, 20, 20, 10, 4]
# BME staff are less likely to be in the top bands (the seeds' "BME staff in the top 5% of earners").
PAY_BAND_BME_FACTOR = [1.25, 1.15, 1.0, 0.85, 0.6, 0.4]
CONTRACTS = {"Permanent": 85, "Fixed term": 10, "Casual": 5}
SERVICE = {"Less than 1 year": 10, "1 to 2 years": 14, "3 to 5 years": 22, "6 to 10 years": 20,
           "More than 10 years": 34}

# The staff export is an HR-linked survey export, read by the staff-survey-csv plugin
# (docs/formats.md): it carries each person's name and e-mail (which the plugin drops),
# the date they completed the survey, their continuous service start date and their
# full-time-equivalent salary. The plugin derives "Length of service band" (completed
# years from the start date to the completion date) and "Earnings band" (the top 5% of
# earners by FTE salary, ties at the cut-off included), which the definition maps.
# These cells come from their own random stream, so every other cell is as before.
STAFF_HR_COLUMNS = {"completed": "Date completed", "name": "Full name", "email": "Email address",
                    "salary": "FTE salary", "start": "Start date"}
STAFF_DERIVED = {"length_of_service": "Length of service band", "earnings": "Earnings band"}
# Completed years of service drawn within each band (the top band up to 35 years).
SERVICE_YEARS = {"Less than 1 year": (0, 0), "1 to 2 years": (1, 2), "3 to 5 years": (3, 5), "6 to 10 years": (6, 10),
                 "More than 10 years": (11, 35)}
SERVICE_BAND_EDGES = [1, 3, 6, 11]   # the plugin's default service_bands
TOP_EARNERS_PERCENT = 5              # the plugin's default top_earners
# FTE salaries: points on each grade's pay scale (illustrative London local government
# figures for 2025), so that many staff share a salary, as on a real pay spine.
PAY_POINTS = {
    "Scale 1-4": [25200, 25700, 26200, 26700, 27300, 27900],
    "Scale 5-6": [28600, 29400, 30300, 31200, 32100, 33000],
    "SO1-SO2": [34000, 35000, 36000, 37000, 38100],
    "PO1-PO3": [39200, 40400, 41600, 42800, 44000, 45300, 46600],
    "PO4-PO7": [48000, 49400, 50900, 52400, 54000, 55600, 57300, 59000],
    "Senior management": [68000, 74000, 81000, 88000, 96000, 105000, 118000, 135000, 160000],
}
FIRST_NAMES = ["Aisha", "Amit", "Anna", "Ben", "Chloe", "Daniel", "Deepa", "Emma", "Fatima", "Grace", "Hannah", "Imran",
               "James", "Jia", "Kwame", "Laura", "Leah", "Mohammed", "Nadia", "Oliver", "Priya", "Rajesh", "Sarah",
               "Sean", "Sofia", "Tom", "Yusuf", "Zainab"]
SURNAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Hussain", "Jones", "Kaur", "Khan", "Mensah", "Murphy",
            "Novak", "Okafor", "Patel", "Popescu", "Shah", "Singh", "Smith", "Taylor", "Thompson", "Varghese", "Wilson"]
FIELDWORK_DAYS = (20241, 20266)   # 2025-06-02 to 2025-06-27, as days since 1970-01-01


def load_benchmark():
    with open(BENCHMARK, encoding="utf-8") as f:
        b = json.load(f)
    shares = {}
    for cid, margin in b["margins"].items():
        total = sum(margin["counts"].values())
        shares[cid] = {k: v / total for k, v in margin["counts"].items()}
    return shares


def rake(seed, row_targets, col_targets, rounds=200):
    """Iterative proportional fitting of seed[r][c] to the row and column totals."""
    table = {r: list(seed[r]) for r in seed}
    for _ in range(rounds):
        for r in table:
            s = sum(table[r])
            table[r] = [v * row_targets[r] / s for v in table[r]]
        for c in range(len(col_targets)):
            s = sum(table[r][c] for r in table)
            if s > 0:
                for r in table:
                    table[r][c] *= col_targets[c] / s
    return table


class Population:
    """Harrow residents aged 16+: the shares a random resident is drawn from."""

    def __init__(self, shares):
        self.age = [shares["age"][a] for a in AGES]
        self.female = shares["sex"]["female"]
        race = {}
        for group, parts in WITHIN_GROUP.items():
            total = sum(parts.values())
            for r, v in parts.items():
                race[r] = shares["race"][group] * v / total
        rel = [shares["religion_belief"][r] for r in RELIGIONS]
        self.race_religion = rake(RELIGION_SEED, race, rel)
        self.disabled_rate = shares["disability"]["disabled"]
        self.carer_rate = shares["caring"]["carer"]
        self.disabled_scale = self.disabled_rate / sum(p * w for p, w in zip(self.age, DISABLED_BY_AGE))
        self.carer_scale = self.carer_rate / sum(p * w for p, w in zip(self.age, CARER_BY_AGE))


def pick(rng, weights):
    """weights: dict key -> weight, or list of (key, weight)."""
    items = list(weights.items()) if isinstance(weights, dict) else list(weights)
    total = sum(w for _, w in items)
    u = rng.random() * total
    for k, w in items:
        u -= w
        if u < 0:
            return k
    return items[-1][0]


# ---------------------------------------------------------------------------------------
# Planted truth
# ---------------------------------------------------------------------------------------

PANEL_BASE = {"sat_area": 0.80, "sat_council": 0.60, "value_for_money": 0.45, "informed": 0.58,
              "influence": 0.30, "treated_fairly": 0.76, "cohesion": 0.84}
LESS_INFORMED = {"african", "caribbean", "other_black", "pakistani", "bangladeshi"}


def panel_effect(q, p, wave):
    """Percentage-point shifts in the chance of a positive answer. Nothing depends on sex,
    religion, sexual orientation or caring (controls)."""
    d = 0.0
    if q == "treated_fairly" and p["disabled"]:
        d -= 14 if wave == "2024" else 6          # narrows between waves
    if q == "sat_council" and p["disabled"]:
        d -= 10
    if q == "informed" and p["race"] in LESS_INFORMED:
        d -= 14
    if q == "influence" and p["race"] in LESS_INFORMED:
        d -= 12
    if q == "sat_area" and p["age"] == "age_16_24":
        d -= 15
    if q == "informed" and p["age"] in ("age_65_74", "age_75_plus"):
        d += 6
    return d / 100


STAFF_BASE = {"treated_fairly": 0.74, "career_progression": 0.56, "no_bullying": 0.88, "recommend": 0.62,
              "manager_respect": 0.82}
STAFF_EFFECTS = {  # question: (BME, disabled), percentage points, additive
    "treated_fairly": (-10, -12), "career_progression": (-14, -12), "no_bullying": (-8, -12),
    "recommend": (0, 0), "manager_respect": (0, 0)}


def staff_effect(q, p):
    bme, disabled = STAFF_EFFECTS[q]
    return ((bme if RACE_GROUP.get(p["race"]) in BME_GROUPS else 0) + (disabled if p["disabled"] else 0)) / 100


# ---------------------------------------------------------------------------------------
# How answers are written (labels must all be in the definitions; check_file verifies)
# ---------------------------------------------------------------------------------------

# question: (positive labels+weights, other substantive labels+weights, non-substantive labels+rates, blank rate)
PANEL_ANSWERS = {
    "sat_area": ([("Very satisfied", 38), ("Fairly satisfied", 62)],
                 [("Neither satisfied nor dissatisfied", 45), ("Fairly dissatisfied", 35), ("Very dissatisfied", 20)],
                 [("Don't know", 0.015)], 0.015),
    "sat_council": ([("Very satisfied", 22), ("Fairly satisfied", 78)],
                    [("Neither satisfied nor dissatisfied", 42), ("Fairly dissatisfied", 33), ("Very dissatisfied", 25)],
                    [("Don't know", 0.04)], 0.02),
    "value_for_money": ([("Strongly agree", 18), ("Tend to agree", 82)],
                        [("Neither agree nor disagree", 45), ("Tend to disagree", 33), ("Strongly disagree", 22)],
                        [("Don't know", 0.07)], 0.02),
    "informed": ([("Very well informed", 20), ("Fairly well informed", 80)],
                 [("Not very well informed", 65), ("Not well informed at all", 35)],
                 [("Don't know", 0.03)], 0.02),
    "influence": ([("Definitely agree", 15), ("Tend to agree", 85)],
                  [("Tend to disagree", 60), ("Definitely disagree", 40)],
                  [("Don't know", 0.09)], 0.025),
    "treated_fairly": ([("Always", 35), ("Most of the time", 65)],
                       [("Some of the time", 75), ("Never", 25)],
                       [("Don't know", 0.04), ("Have not used local public services", 0.05)], 0.02),
    "cohesion": ([("Definitely agree", 35), ("Tend to agree", 65)],
                 [("Tend to disagree", 70), ("Definitely disagree", 30)],
                 [("Don't know", 0.05), ("Too few people in local area", 0.015), ("All same backgrounds", 0.01)],
                 0.02),
}
STAFF_AGREE = ([("Strongly agree", 28), ("Agree", 72)],
               [("Neither agree nor disagree", 45), ("Disagree", 35), ("Strongly disagree", 20)])
STAFF_ANSWERS = {
    "treated_fairly": STAFF_AGREE + ([("Don't know", 0.02)], 0.015),
    "career_progression": STAFF_AGREE + ([("Don't know", 0.06)], 0.02),
    "no_bullying": ([("No", 1)], [("Yes", 1)], [("Prefer not to say", 0.03)], 0.02),
    "recommend": STAFF_AGREE + ([("Don't know", 0.03)], 0.015),
    "manager_respect": STAFF_AGREE + ([("Don't know", 0.015)], 0.015),
}


def missing_answer(rng, spec, wave=None):
    """A blank or non-substantive answer ("Don't know"...), or None for a substantive one."""
    positive, negative, non_substantive, blank = spec
    u = rng.random()
    if u < blank:
        return ""
    u -= blank
    for label, rate in non_substantive:
        if u < rate:
            if wave == "2025" and label == "Don't know":
                return CURLY_DK
            if wave == "2025" and label == "Have not used local public services":
                return "Not used any services"   # the alias the 2025 platform exports
            return label
        u -= rate
    return None


def answer_question(rng, people, spec, p_of, wave=None):
    """Answers one question for everyone. Among those giving a substantive answer, people who
    share the same planted probability p form a cell, and round(p * n) of each cell, chosen at
    random, answer positively: the planted rates hold exactly in every cell (stratified
    allocation), while who answers what, and everything not planted, stays random."""
    answers = [missing_answer(rng, spec, wave) for _ in people]
    cells = defaultdict(list)
    for i, person in enumerate(people):
        if answers[i] is None:
            cells[round(min(0.98, max(0.02, p_of(person))), 6)].append(i)
    positive, negative = spec[0], spec[1]
    for p in sorted(cells):
        members = cells[p]
        rng.shuffle(members)
        k = round(p * len(members))
        for j, i in enumerate(members):
            answers[i] = pick(rng, positive if j < k else negative)
    return answers


PANEL_RACE_LABELS = {
    "white_british": "White: English, Welsh, Scottish, Northern Irish or British",
    "white_irish": "White: Irish", "gypsy_or_irish_traveller": "White: Gypsy or Irish Traveller",
    "roma": "White: Roma", "other_white": "White: Any other White background",
    "white_and_black_caribbean": "Mixed: White and Black Caribbean",
    "white_and_black_african": "Mixed: White and Black African", "white_and_asian": "Mixed: White and Asian",
    "other_mixed": "Mixed: Any other Mixed or Multiple ethnic background",
    "indian": "Asian or Asian British: Indian", "pakistani": "Asian or Asian British: Pakistani",
    "bangladeshi": "Asian or Asian British: Bangladeshi", "chinese": "Asian or Asian British: Chinese",
    "other_asian": "Asian or Asian British: Any other Asian background",
    "african": "Black, Black British, Caribbean or African: African",
    "caribbean": "Black, Black British, Caribbean or African: Caribbean",
    "other_black": "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
    "arab": "Other ethnic group: Arab", "any_other_ethnic_group": "Other ethnic group: Any other ethnic group"}
# Harrow's form adds local tick boxes; this share of each category ticks the local one (assumption).
PANEL_RACE_LOCAL = {"other_white": ("White: Romanian", 0.35), "other_asian": ("Asian or Asian British: Sri Lankan", 0.45),
                    "african": ("Black, Black British, Caribbean or African: Somali", 0.15),
                    "any_other_ethnic_group": ("Other ethnic group: Afghan", 0.35)}
PANEL_RELIGION_LABELS = {
    "no_religion": "No religion",
    "christian": "Christian (including Church of England, Catholic, Protestant and all other Christian denominations)",
    "buddhist": "Buddhist", "hindu": "Hindu", "jewish": "Jewish", "muslim": "Muslim", "sikh": "Sikh",
    "other_religion": "Any other religion or belief"}
PANEL_SO_LABELS = {"heterosexual": "Straight or Heterosexual", "gay_or_lesbian": "Gay or Lesbian",
                   "bisexual": "Bisexual", "other_sexual_orientation": "Other sexual orientation"}
PANEL_MARITAL_LABELS = dict(zip(MARITAL, [
    "Never married and never registered a civil partnership", "Married", "In a registered civil partnership",
    "Separated, but still legally married or still legally in a civil partnership",
    "Divorced or civil partnership dissolved", "Widowed or surviving civil partner"]))
PANEL_SOCIO_LABELS = dict(zip(SOCIO, [
    "Managerial, administrative or professional", "Intermediate (clerical or administrative)",
    "Self-employed or small employer", "Supervisory or technical", "Routine or semi-routine",
    "Never worked or long-term unemployed", "Full-time student"]))
PANEL_AGE_LABELS = dict(zip(AGES, ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]))

STAFF_RACE_LABELS = {
    "white_british": "White - British", "white_irish": "White - Irish",
    "gypsy_or_irish_traveller": "White - Gypsy or Irish Traveller", "roma": "White - Roma",
    "other_white": "White - Other", "white_and_black_caribbean": "Mixed - White and Black Caribbean",
    "white_and_black_african": "Mixed - White and Black African", "white_and_asian": "Mixed - White and Asian",
    "other_mixed": "Mixed - Other", "indian": "Asian or Asian British - Indian",
    "pakistani": "Asian or Asian British - Pakistani", "bangladeshi": "Asian or Asian British - Bangladeshi",
    "chinese": "Asian or Asian British - Chinese", "other_asian": "Asian or Asian British - Other",
    "african": "Black or Black British - African", "caribbean": "Black or Black British - Caribbean",
    "other_black": "Black or Black British - Other", "arab": "Arab", "any_other_ethnic_group": "Any other ethnic group"}
STAFF_RELIGION_LABELS = {"no_religion": "None", "christian": "Christian (all denominations)", "buddhist": "Buddhist",
                         "hindu": "Hindu", "jewish": "Jewish", "muslim": "Muslim", "sikh": "Sikh",
                         "other_religion": "Other religion or belief"}
STAFF_MARITAL_LABELS = dict(zip(MARITAL, ["Single", "Married", "Civil partnership", "Separated",
                                          "Divorced or dissolved civil partnership",
                                          "Widowed or surviving civil partner"]))
STAFF_MIN_AGE = {"age_16_24": 16, "age_25_34": 25, "age_35_44": 35, "age_45_54": 45, "age_55_64": 55, "age_65_plus": 65}
STAFF_AGE_LABELS = {"age_16_24": "16-24", "age_25_34": "25-34", "age_35_44": "35-44", "age_45_54": "45-54",
                    "age_55_64": "55-64", "age_65_plus": "65 and over"}

# characteristic: (prefer-not-to-say rate, blank rate)
PANEL_MISSING = {"age": (0.03, 0.01), "sex": (0.03, 0.01), "gender_reassignment": (0.05, 0.03),
                 "disability": (0.04, 0.015), "race": (0.04, 0.015), "religion_belief": (0.05, 0.02),
                 "sexual_orientation": (0.06, 0.025), "marriage_civil_partnership": (0.04, 0.02),
                 "pregnancy_maternity": (0.04, 0.03), "caring": (0.04, 0.02), "socio_economic": (0.05, 0.03)}
STAFF_MISSING = {"age": (0.04, 0.01), "sex": (0.03, 0.01), "gender_reassignment": (0.06, 0.03),
                 "disability": (0.06, 0.02), "race": (0.05, 0.015), "religion_belief": (0.06, 0.02),
                 "sexual_orientation": (0.06, 0.025), "marriage_civil_partnership": (0.05, 0.02),
                 "pregnancy_maternity": (0.05, 0.03), "caring": (0.05, 0.02)}
# Where the form offers its own wording for "prefer not to say", this share of refusals use it.
PANEL_OWN_REFUSAL = {"race": "I would prefer not to say", "religion_belief": "I would prefer not to say",
                     "sexual_orientation": "I would prefer not to say"}
STAFF_OWN_REFUSAL = {"race": "Not stated", "religion_belief": "Not stated", "sexual_orientation": "Not stated",
                     "marriage_civil_partnership": "Not stated"}


def with_missing(rng, value, missing, own_refusal=None):
    refuse, blank = missing
    u = rng.random()
    if u < refuse:
        return own_refusal if own_refusal and rng.random() < 0.4 else PNTS
    if u < refuse + blank:
        return ""
    return value


# ---------------------------------------------------------------------------------------
# Drawing people
# ---------------------------------------------------------------------------------------

def draw_common(rng, pop, p):
    """Disability, sexual orientation, gender identity, marriage, caring, given age and sex."""
    ai = p["age_index"]
    p["disabled"] = rng.random() < min(0.9, pop.disabled_scale * DISABLED_BY_AGE[ai] * p.get("disabled_factor", 1))
    if rng.random() < p.get("lgb_rate", LGB_BY_AGE[ai]):
        p["so"] = pick(rng, LGB_SPLIT)
    else:
        p["so"] = "heterosexual"
    p["gender_different"] = rng.random() < GENDER_DIFFERENT
    p["marital"] = pick(rng, list(zip(MARITAL, MARITAL_BY_AGE[ai])))
    p["pregnant"] = p["sex"] == "female" and rng.random() < PREGNANT_FEMALE_BY_AGE[ai]


def make_panel_person(rng, pop, wave):
    ai = AGES.index(pick(rng, list(zip(AGES, [s * w for s, w in zip(pop.age, PANEL_AGE_PROPENSITY)]))))
    p = {"age": AGES[ai], "age_index": ai}
    p["sex"] = pick(rng, {"female": pop.female * PANEL_SEX_PROPENSITY["female"],
                          "male": (1 - pop.female) * PANEL_SEX_PROPENSITY["male"]})
    cells = []
    for r, row in pop.race_religion.items():
        w = PANEL_GROUP_PROPENSITY[RACE_GROUP[r]] * (WHITE_BRITISH_EXTRA if r == "white_british" else 1)
        cells.extend(((r, rel), v * w) for rel, v in zip(RELIGIONS, row))
    p["race"], p["religion"] = pick(rng, cells)
    draw_common(rng, pop, p)
    if rng.random() < min(0.6, pop.carer_scale * CARER_BY_AGE[ai]):
        p["caring"] = pick(rng, CARE_HOURS)
    else:
        p["caring"] = "not_carer"
    socio = SOCIO_YOUNG if ai == 0 else SOCIO_RETIRED if ai >= 5 else SOCIO_WORKING
    p["socio"] = pick(rng, list(zip(SOCIO, socio)))
    return p


def panel_cells(rng, p, wave):
    """The characteristic cells as the panel questionnaire export writes them."""
    m, own = PANEL_MISSING, PANEL_OWN_REFUSAL
    age_label = PANEL_AGE_LABELS[p["age"]]
    if p["age"] == "age_75_plus" and wave == "2025":
        age_label = "75 or over"            # the 2025 form words the top band differently
    race_label = PANEL_RACE_LABELS[p["race"]]
    if p["race"] in PANEL_RACE_LOCAL:
        local, share = PANEL_RACE_LOCAL[p["race"]]
        if rng.random() < share:
            race_label = local
    religion_label = PANEL_RELIGION_LABELS[p["religion"]]
    if p["religion"] == "other_religion" and p["race"] == "indian":
        religion_label = "Jain"             # Harrow's Jain community ticks its own box
    caring = p["caring"]
    if caring == "not_carer":
        caring_label = "No"
    elif caring == "care_19_hours_or_less":
        caring_label = "Yes, 9 hours a week or less" if rng.random() < 0.75 else "Yes, 10 to 19 hours a week"
    elif caring == "care_20_to_49_hours":
        caring_label = "Yes, 20 to 34 hours a week" if rng.random() < 0.55 else "Yes, 35 to 49 hours a week"
    else:
        caring_label = "Yes, 50 or more hours a week"
    return {
        "age": with_missing(rng, age_label, m["age"]),
        "sex": with_missing(rng, "Female" if p["sex"] == "female" else "Male", m["sex"]),
        "gender_reassignment": with_missing(rng, "No" if p["gender_different"] else "Yes", m["gender_reassignment"]),
        "disability": with_missing(rng, "Yes" if p["disabled"] else "No", m["disability"]),
        "race": with_missing(rng, race_label, m["race"], own["race"]),
        "religion_belief": with_missing(rng, religion_label, m["religion_belief"], own["religion_belief"]),
        "sexual_orientation": with_missing(rng, PANEL_SO_LABELS[p["so"]], m["sexual_orientation"],
                                           own["sexual_orientation"]),
        "marriage_civil_partnership": with_missing(rng, PANEL_MARITAL_LABELS[p["marital"]],
                                                   m["marriage_civil_partnership"]),
        "pregnancy_maternity": with_missing(rng, "Yes" if p["pregnant"] else "No", m["pregnancy_maternity"]),
        "caring": with_missing(rng, caring_label, m["caring"]),
        "socio_economic": with_missing(rng, PANEL_SOCIO_LABELS[p["socio"]], m["socio_economic"]),
    }


def make_staff_person(rng, pop):
    age = pick(rng, STAFF_AGE)
    ai = AGES.index(age) if age in AGES else 5
    p = {"age": age, "age_index": ai}
    p["sex"] = "female" if rng.random() < STAFF_FEMALE else "male"
    cells = []
    for r, row in pop.race_religion.items():
        w = STAFF_GROUP_PROPENSITY[RACE_GROUP[r]]
        cells.extend(((r, rel), v * w) for rel, v in zip(RELIGIONS, row))
    p["race"], p["religion"] = pick(rng, cells)
    p["disabled_factor"] = STAFF_DISABLED / pop.disabled_rate
    p["lgb_rate"] = STAFF_LGB * LGB_BY_AGE[ai] / 0.0227
    draw_common(rng, pop, p)
    p["caring"] = rng.random() < STAFF_CARER * CARER_BY_AGE[ai] / 1.2
    bme = RACE_GROUP[p["race"]] in BME_GROUPS
    weights = [w * (f if bme else 1) for w, f in zip(PAY_BAND_WEIGHTS, PAY_BAND_BME_FACTOR)]
    p["pay_band"] = pick(rng, list(zip(PAY_BANDS, weights)))
    return p


def staff_cells(rng, p):
    m, own = STAFF_MISSING, STAFF_OWN_REFUSAL
    so = {"heterosexual": "Heterosexual or straight", "bisexual": "Bisexual", "other_sexual_orientation": "Other",
          "gay_or_lesbian": "Gay man" if p["sex"] == "male" else "Gay woman or lesbian"}[p["so"]]
    religion_label = STAFF_RELIGION_LABELS[p["religion"]]
    if p["religion"] == "other_religion" and p["race"] == "indian":
        religion_label = "Jain"
    return {
        "age": with_missing(rng, STAFF_AGE_LABELS[p["age"]], m["age"]),
        "sex": with_missing(rng, "Female" if p["sex"] == "female" else "Male", m["sex"]),
        "gender_reassignment": with_missing(rng, "No" if p["gender_different"] else "Yes", m["gender_reassignment"]),
        "disability": with_missing(rng, ("Yes, a lot" if rng.random() < 0.44 else "Yes, a little")
                                   if p["disabled"] else "No", m["disability"]),
        "race": with_missing(rng, STAFF_RACE_LABELS[p["race"]], m["race"], own["race"]),
        "religion_belief": with_missing(rng, religion_label, m["religion_belief"], own["religion_belief"]),
        "sexual_orientation": with_missing(rng, so, m["sexual_orientation"], own["sexual_orientation"]),
        "marriage_civil_partnership": with_missing(rng, STAFF_MARITAL_LABELS[p["marital"]],
                                                   m["marriage_civil_partnership"], own["marriage_civil_partnership"]),
        "pregnancy_maternity": with_missing(rng, "Yes" if p["pregnant"] else "No", m["pregnancy_maternity"]),
        "caring": with_missing(rng, "Yes" if p["caring"] else "No", m["caring"]),
    }


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------

def load_definition(sid):
    with open(os.path.join(SURVEYS, sid + ".json"), encoding="utf-8") as f:
        return json.load(f)


def columns_of(d):
    """File column order: id, questions, dimensions, characteristics. The staff export
    also has its HR columns, and not the two dimensions the plugin derives from them."""
    if d["id"] == "staff-survey":
        hr = STAFF_HR_COLUMNS
        dims = {g["id"]: g["column"] for g in d["dimensions"]}
        cols = [d["respondent_id_column"], hr["completed"], hr["name"], hr["email"]]
        cols += [q["column"] for q in d["questions"]]
        cols += [dims["directorate"], dims["pay_band"], hr["salary"], dims["contract"], hr["start"]]
        return cols + [c["column"] for c in d["characteristics"]]
    cols = [d["respondent_id_column"]] + [q["column"] for q in d["questions"]]
    cols += [g["column"] for g in d.get("dimensions", [])]
    cols += [c["column"] for c in d.get("characteristics", [])]
    return cols


def uk_date(days):
    """DD/MM/YYYY, as UK HR systems export dates."""
    d = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def parse_uk_date(text):
    day, month, year = (int(x) for x in text.split("/"))
    return datetime.date(year, month, day)


def completed_years(start, at):
    """Whole years from start to at, as the plugin counts them (29 February's anniversary
    is 1 March in other years; the sample has none)."""
    years = at.year - start.year
    if (at.month, at.day) < (start.month, start.day):
        years -= 1
    return years


def service_band(years):
    labels = ["Less than 1 year", "1 to 2 years", "3 to 5 years", "6 to 10 years", "More than 10 years"]
    return labels[sum(years >= e for e in SERVICE_BAND_EDGES)]


def staff_hr_cells(hr_rng, i, p, band):
    """The HR columns of one member of staff: completion date, name, e-mail, salary, start date."""
    done = hr_rng.randint(*FIELDWORK_DAYS)
    first, last = hr_rng.choice(FIRST_NAMES), hr_rng.choice(SURNAMES)
    salary = "" if hr_rng.random() < 0.01 else str(hr_rng.choice(PAY_POINTS[p["pay_band"]]))
    start = ""
    if band:
        lo, hi = SERVICE_YEARS[band]
        years = min(hr_rng.randint(lo, hi), max(lo, STAFF_MIN_AGE[p["age"]] - 16))
        at = datetime.date(1970, 1, 1) + datetime.timedelta(days=done)
        anniversary = at.replace(year=at.year - years)
        start_date = anniversary - datetime.timedelta(days=hr_rng.randint(0, 364))
        assert completed_years(start_date, at) == years
        start = uk_date((start_date - datetime.date(1970, 1, 1)).days)
    return {STAFF_HR_COLUMNS["completed"]: uk_date(done), STAFF_HR_COLUMNS["name"]: f"{first} {last}",
            STAFF_HR_COLUMNS["email"]: f"{first[0].lower()}.{last.lower()}{i}@example.org",
            STAFF_HR_COLUMNS["salary"]: salary, STAFF_HR_COLUMNS["start"]: start}


def derive_staff(header, rows):
    """What the staff-survey-csv plugin hands the host: the name and e-mail columns
    dropped, "Length of service band" and "Earnings band" added (mirrors the plugin, so
    that the file can be checked against the definition as the engine will see it)."""
    hr = STAFF_HR_COLUMNS
    ix = {h: i for i, h in enumerate(header)}
    salaries = sorted((float(r[ix[hr["salary"]]]) for r in rows if r[ix[hr["salary"]]]), reverse=True)
    rank = max(1, math.ceil(TOP_EARNERS_PERCENT / 100 * len(salaries) - 1e-9))
    cutoff = salaries[rank - 1]
    keep = [i for i, h in enumerate(header) if h not in (hr["name"], hr["email"])]
    out_header = [header[i] for i in keep] + [STAFF_DERIVED["length_of_service"], STAFF_DERIVED["earnings"]]
    out = []
    for r in rows:
        start, salary = r[ix[hr["start"]]], r[ix[hr["salary"]]]
        band = service_band(completed_years(parse_uk_date(start), parse_uk_date(r[ix[hr["completed"]]]))) if start else ""
        earn = "" if not salary else (f"Top {TOP_EARNERS_PERCENT}% of earners" if float(salary) >= cutoff else "Other earners")
        out.append([r[i] for i in keep] + [band, earn])
    return out_header, out


def make_panel_rows(rng, pop, d, wave, n):
    qcol = {q["id"]: q["column"] for q in d["questions"]}
    ccol = {c["characteristic"]: c["column"] for c in d["characteristics"]}
    people = [make_panel_person(rng, pop, wave) for _ in range(n)]
    rows = [{d["respondent_id_column"]: f"P{wave[2:]}-{i:05d}"} for i in range(1, n + 1)]
    for q, spec in PANEL_ANSWERS.items():
        answers = answer_question(rng, people, spec, lambda p: PANEL_BASE[q] + panel_effect(q, p, wave), wave)
        for row, a in zip(rows, answers):
            row[qcol[q]] = a
    for row, p in zip(rows, people):
        for cid, value in panel_cells(rng, p, wave).items():
            row[ccol[cid]] = value
    return rows


def make_staff_rows(rng, pop, d, n, seed):
    qcol = {q["id"]: q["column"] for q in d["questions"]}
    ccol = {c["characteristic"]: c["column"] for c in d["characteristics"]}
    dcol = {g["id"]: g["column"] for g in d["dimensions"]}
    people = [make_staff_person(rng, pop) for _ in range(n)]
    rows = [{d["respondent_id_column"]: f"S25-{i:05d}"} for i in range(1, n + 1)]
    for q, spec in STAFF_ANSWERS.items():
        answers = answer_question(rng, people, spec, lambda p: STAFF_BASE[q] + staff_effect(q, p))
        for row, a in zip(rows, answers):
            row[qcol[q]] = a
    hr_rng = random.Random(f"{seed}:staff-survey:hr")
    for i, (row, p) in enumerate(zip(rows, people), start=1):
        row[dcol["directorate"]] = "" if rng.random() < 0.01 else pick(rng, DIRECTORATES)
        row[dcol["pay_band"]] = "" if rng.random() < 0.02 else p["pay_band"]
        row[dcol["contract"]] = "" if rng.random() < 0.01 else pick(rng, CONTRACTS)
        band = "" if rng.random() < 0.01 else pick(rng, SERVICE)
        for cid, value in staff_cells(rng, p).items():
            row[ccol[cid]] = value
        row.update(staff_hr_cells(hr_rng, i, p, band))
    return rows


def write_csv(path, columns, rows, newline, bom):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator=newline)
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------------------------------
# Self-check: every cell against the definition
# ---------------------------------------------------------------------------------------

def allowed_values(d, catalogue_ids):
    """Column (normalised) -> (kind, set of normalised labels allowed besides blank)."""
    problems = []
    allowed = {}
    for q in d["questions"]:
        scale = d["scales"][q["scale"]] if isinstance(q["scale"], str) else q["scale"]
        labels = set()
        for pt in scale["points"]:
            labels.add(norm(pt["label"]))
            labels.update(norm(a) for a in pt.get("aliases", []))
        allowed[norm(q["column"])] = ("question", labels)
    for c in d.get("characteristics", []):
        labels = {norm(k) for k in c.get("map", {})}
        if catalogue_ids is not None:
            ids = catalogue_ids.get(c["characteristic"], set())
            for k, v in c.get("map", {}).items():
                if v != "undisclosed" and v not in ids:
                    problems.append(f"{d['id']}: map[{k!r}] -> {v!r} is not a category of {c['characteristic']}")
        allowed[norm(c["column"])] = ("characteristic", labels | set(UNDISCLOSED_WORDINGS))
    for g in d.get("dimensions", []):
        labels = set()
        for cat in g["categories"]:
            labels.update({norm(cat["id"]), norm(cat.get("label", cat["id"]))})
            labels.update(norm(a) for a in cat.get("aliases", []))
        labels.update(norm(k) for k in g.get("map", {}))
        allowed[norm(g["column"])] = ("dimension", labels)
    return allowed, problems


def check_staff_hr(name, header, rows):
    """The HR cells are what the plugin accepts: DD/MM/YYYY dates, a start date on or
    before the completion date, whole-pound salaries above zero."""
    problems = []
    hr = STAFF_HR_COLUMNS
    ix = {h: i for i, h in enumerate(header)}
    for r, row in enumerate(rows, start=2):
        try:
            done = parse_uk_date(row[ix[hr["completed"]]])
            if row[ix[hr["start"]]] and parse_uk_date(row[ix[hr["start"]]]) > done:
                problems.append(f"{name}: row {r}: start date after the completion date")
        except (ValueError, IndexError):
            problems.append(f"{name}: row {r}: a date is not DD/MM/YYYY")
        salary = row[ix[hr["salary"]]] if len(row) > ix[hr["salary"]] else "x"
        if salary and not (salary.isdigit() and int(salary) > 0):
            problems.append(f"{name}: row {r}: salary {salary!r} is not a whole number of pounds")
    return problems


def check_file(path, d, expected_rows, bom, newline, catalogue_ids, id_pattern):
    """Returns a list of problems (empty when the file is exactly as intended)."""
    problems = []
    raw = open(path, "rb").read()
    name = os.path.basename(path)
    if len(raw) >= MAX_BYTES:
        problems.append(f"{name}: {len(raw)} bytes, over the 1 MB limit")
    if raw.startswith(b"\xef\xbb\xbf") != bom:
        problems.append(f"{name}: byte order mark {'missing' if bom else 'present'}")
    lf = raw.count(b"\n")
    crlf = raw.count(b"\r\n")
    if (newline == "\r\n" and crlf != lf) or (newline == "\n" and crlf != 0):
        problems.append(f"{name}: line endings are not all {newline!r}")
    allowed, def_problems = allowed_values(d, catalogue_ids)
    problems += def_problems
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    if header != columns_of(d):
        problems.append(f"{name}: header differs from the definition's columns")
    if d["id"] == "staff-survey":
        problems += check_staff_hr(name, header, rows)
        if problems:
            return problems
        header, rows = derive_staff(header, rows)
    id_col = header.index(d["respondent_id_column"]) if d["respondent_id_column"] in header else 0
    if len(rows) != expected_rows:
        problems.append(f"{name}: {len(rows)} rows, expected {expected_rows}")
    seen = set()
    quoted = 0
    for r, row in enumerate(rows, start=2):
        if len(row) != len(header):
            problems.append(f"{name}: row {r} has {len(row)} cells, expected {len(header)}")
            continue
        rid = row[id_col]
        if not re.fullmatch(id_pattern, rid):
            problems.append(f"{name}: row {r}: respondent id {rid!r} is not of the form {id_pattern}")
        if rid in seen:
            problems.append(f"{name}: row {r}: respondent id {rid!r} appears again")
        seen.add(rid)
        for col, cell in zip(header, row):
            if col == d["respondent_id_column"]:
                continue
            quoted += any(ch in cell for ch in ',"')
            if cell.strip() == "":
                continue
            if norm(col) not in allowed:
                continue  # an HR column the definition does not map (checked by check_staff_hr)
            kind, labels = allowed[norm(col)]
            if norm(cell) not in labels:
                problems.append(f"{name}: row {r}, column {col!r}: {cell!r} is not an allowed {kind} label")
    if quoted == 0:
        problems.append(f"{name}: no cell needs quoting")
    return problems


# ---------------------------------------------------------------------------------------
# Report: the gaps as realised in the files (read back through the definitions)
# ---------------------------------------------------------------------------------------

def decode(path, d):
    """Rows as {question id: True/False/None (positive / substantive other / missing),
    grouping id: category id or None}."""
    scale_of = {}
    for q in d["questions"]:
        scale = d["scales"][q["scale"]] if isinstance(q["scale"], str) else q["scale"]
        lookup = {}
        for pt in scale["points"]:
            value = True if pt["code"] in scale["positive"] else None if pt["code"] in scale.get(
                "non_substantive", []) else False
            for lab in [pt["label"]] + pt.get("aliases", []):
                lookup[norm(lab)] = value
        scale_of[norm(q["column"])] = (q["id"], lookup)
    group_of = {}
    for c in d.get("characteristics", []):
        group_of[norm(c["column"])] = (c["characteristic"], {norm(k): v for k, v in c["map"].items()})
    for g in d.get("dimensions", []):
        group_of[norm(g["column"])] = (g["id"], {norm(x.get("label", x["id"])): x["id"] for x in g["categories"]})
    out = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    if d["id"] == "staff-survey":
        header, rows = derive_staff(header, rows)
    for row in (dict(zip(header, r)) for r in rows):
        rec = {}
        for col, cell in row.items():
            n = norm(col)
            if n in scale_of:
                qid, lookup = scale_of[n]
                rec[qid] = lookup.get(norm(cell)) if cell.strip() else None
            elif n in group_of:
                gid, lookup = group_of[n]
                v = lookup.get(norm(cell))
                rec[gid] = None if v in (None, "undisclosed") else v
        out.append(rec)
    return out


def rate(rows, q, pred):
    vals = [r[q] for r in rows if r[q] is not None and pred(r)]
    return (100 * sum(vals) / len(vals), len(vals)) if vals else (float("nan"), 0)


def gap_line(rows, q, label, in_group, out_group):
    a, na = rate(rows, q, in_group)
    b, nb = rate(rows, q, out_group)
    return f"  {q:<19} {label:<44} {a:5.1f}% (n={na:4d})  vs {b:5.1f}% (n={nb:4d})  gap {a - b:+5.1f}"


def report(paths):
    panel = load_definition("citizens-panel")
    staff = load_definition("staff-survey")
    group = lambda r: RACE_GROUP.get(r.get("race") or "", None)
    for wave in ("2024", "2025"):
        rows = decode(paths[wave], panel)
        print(f"citizens-panel {wave}: {len(rows)} respondents (positive rate among substantive answers)")
        dis = lambda r: r.get("disability") == "disabled"
        notdis = lambda r: r.get("disability") == "not_disabled"
        print(gap_line(rows, "treated_fairly", "disabled vs not disabled", dis, notdis))
        print(gap_line(rows, "sat_council", "disabled vs not disabled", dis, notdis))
        lessinf = lambda r: r.get("race") in LESS_INFORMED
        others = lambda r: r.get("race") is not None and r.get("race") not in LESS_INFORMED
        print(gap_line(rows, "informed", "Black/Pakistani/Bangladeshi vs other groups", lessinf, others))
        print(gap_line(rows, "influence", "Black/Pakistani/Bangladeshi vs other groups", lessinf, others))
        young = lambda r: r.get("age") == "age_16_24"
        older = lambda r: r.get("age") not in (None, "age_16_24")
        print(gap_line(rows, "sat_area", "aged 16-24 vs 25 and over", young, older))
        o65 = lambda r: r.get("age") in ("age_65_74", "age_75_plus")
        u65 = lambda r: r.get("age") not in (None, "age_65_74", "age_75_plus")
        print(gap_line(rows, "informed", "aged 65+ vs 16-64", o65, u65))
        fem = lambda r: r.get("sex") == "female"
        mal = lambda r: r.get("sex") == "male"
        for q in PANEL_BASE:
            print(gap_line(rows, q, "female vs male (control)", fem, mal))
        ages = Counter(r.get("age") for r in rows)
        known = sum(v for k, v in ages.items() if k)
        print("  age mix: " + ", ".join(f"{a[4:]} {100 * ages[a] / known:.1f}%" for a in AGES))
    rows = decode(paths["staff"], staff)
    print(f"staff-survey 2025: {len(rows)} respondents")
    bme = lambda r: group(r) in BME_GROUPS
    white = lambda r: group(r) == "white"
    dis = lambda r: (r.get("disability") or "").startswith("disabled")
    notdis = lambda r: r.get("disability") == "not_disabled"
    for q in STAFF_BASE:
        print(gap_line(rows, q, "BME vs White", bme, white))
        print(gap_line(rows, q, "disabled vs not disabled", dis, notdis))
    fem = lambda r: r.get("sex") == "female"
    mal = lambda r: r.get("sex") == "male"
    for q in STAFF_BASE:
        print(gap_line(rows, q, "female vs male (control)", fem, mal))
    by_band = defaultdict(Counter)
    for r in rows:
        if r.get("pay_band") and group(r):
            by_band[r["pay_band"]]["bme" if group(r) in BME_GROUPS else "white"] += 1
    print("  BME share of staff (ethnicity disclosed) by pay band:")
    for band in ["scale_1_4", "scale_5_6", "so1_so2", "po1_po3", "po4_po7", "senior_management"]:
        c = by_band[band]
        print(f"    {band:<18} {100 * c['bme'] / max(1, c['bme'] + c['white']):5.1f}%  (n={c['bme'] + c['white']})")
    tot = Counter()
    for c in by_band.values():
        tot.update(c)
    print(f"    {'all bands':<18} {100 * tot['bme'] / max(1, tot['bme'] + tot['white']):5.1f}%")
    top = Counter("bme" if group(r) in BME_GROUPS else "white" for r in rows if r.get("earnings") == "top_5_percent" and group(r))
    print(f"  BME share of the top {TOP_EARNERS_PERCENT}% of earners (ethnicity disclosed): "
          f"{100 * top['bme'] / max(1, top['bme'] + top['white']):.1f}% (n={top['bme'] + top['white']})")


# ---------------------------------------------------------------------------------------

FILES = [  # (file, survey id, wave, respondents, newline, byte order mark, id pattern)
    ("citizens-panel-2024.csv", "citizens-panel", "2024", 2512, "\r\n", True, r"P24-\d{5}"),
    ("citizens-panel-2025.csv", "citizens-panel", "2025", 2437, "\n", False, r"P25-\d{5}"),
    ("staff-survey-2025.csv", "staff-survey", "2025", 3046, "\r\n", False, r"S25-\d{5}"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    ap.add_argument("--report", action="store_true", help="print the gaps as realised in the files")
    ap.add_argument("--check-only", action="store_true", help="check the existing files, write nothing")
    args = ap.parse_args()

    catalogue_ids = check_catalogue_in_sync()
    pop = Population(load_benchmark())
    os.makedirs(SAMPLES, exist_ok=True)
    problems = []
    paths = {}
    for name, sid, wave, n, newline, bom, pattern in FILES:
        d = load_definition(sid)
        path = os.path.join(SAMPLES, name)
        paths["staff" if sid == "staff-survey" else wave] = path
        if not args.check_only:
            rng = random.Random(f"{args.seed}:{sid}:{wave}")
            rows = make_staff_rows(rng, pop, d, n, args.seed) if sid == "staff-survey" else make_panel_rows(rng, pop, d, wave, n)
            write_csv(path, columns_of(d), rows, newline, bom)
        found = check_file(path, d, n, bom, newline, catalogue_ids, pattern)
        problems += found
        print(f"{'checked' if args.check_only else 'wrote'} {os.path.relpath(path, ROOT)}: {n} rows, "
              f"{os.path.getsize(path):,} bytes, {'ok' if not found else str(len(found)) + ' problem(s)'}")
    for p in problems[:30]:
        print("  " + p, file=sys.stderr)
    if problems:
        sys.exit(1)
    if args.report:
        report(paths)


if __name__ == "__main__":
    main()
