#!/usr/bin/env python3
"""Writes the bundled consultation sample (issue 19, item 8):

  surveys/samples/library-consultation-2025.csv         3,000 responses, UTF-8, LF
  surveys/samples/truth/library-consultation-2025.truth.json  what was planted in it

(The truth is in a folder of its own because `gapfinder demo` ingests every file in
surveys/samples named after a survey: library-consultation-2025.truth.json there would
be taken for a wave "2025.truth".)

An invented consultation on "Proposal to change library opening hours and close two branch
libraries" (London Borough of Harrow, sample data). Each response has a respondent id,
the closed question "To what extent do you support the proposal?", protected
characteristics in Census 2021 wordings that surveys/library-consultation.json maps, a
"Please tell us why" comment and an "Any other comments" comment.

Comments are assembled from sentences: theme sentences (each holds a word or phrase of
its own theme in surveys/codebooks/library-consultation-why.json and no word of any
other theme), filler that holds no theme word at all, and negated decoys ("no problem
with parking") that the coder's negation rule must not count. Typos are made only in
filler words, so the themes planted are exactly the themes a correct coder finds; the
truth file records them, so tests can compare coded rates with planted ones.

Planted on purpose (rates among those who wrote a "why" comment, see THEME_P):
  access     disabled 3x not disabled
  digital    aged 65+ about 3x younger
  children   carers about 2.5x non-carers
  cost       supporters of the proposal far more than opponents
  transport  the same for everyone (a theme that must NOT show a gap)
Personal data is planted in some comments (e-mail addresses, UK phone numbers,
postcodes, URLs, house numbers with streets, names with and without a title); the truth
file lists every planted string, so tests can assert none reaches any output.

Python 3 standard library only; seeded, so the same --seed gives byte-identical files.
Usage: /usr/bin/python3 scripts/generate_consultation.py [--seed 2025]

Larger files for the comments benchmark (bench/comments_bench.py), in the same way:
  --comments N          respondents until N of them wrote a "why" comment (instead of 3,000 rows)
  --csv PATH, --truth PATH   where to write (default: the bundled sample's files above)
  --hand-codes PATH     also write the planted themes of the first --hand-coded (2,000) "why"
                        comments as hand codes: a CSV of respondent id and themes joined by ";"
                        ("" for a comment hand-coded with no theme)
"""
import argparse
import csv
import io
import json
import os
import random
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_CSV = os.path.join(ROOT, "surveys", "samples", "library-consultation-2025.csv")
OUT_TRUTH = os.path.join(ROOT, "surveys", "samples", "truth", "library-consultation-2025.truth.json")
N = 3000

COL_ID = "Respondent ID"
COL_SUPPORT = "To what extent do you support the proposal?"
COL_WHY = "Please tell us why"
COL_OTHER = "Any other comments"
COL_AGE = "What is your age?"
COL_SEX = "What is your sex?"
COL_DIS = ("Are your day-to-day activities limited because of a health problem or disability "
           "which has lasted, or is expected to last, at least 12 months?")
COL_ETH = "What is your ethnic group?"
COL_REL = "What is your religion?"
COL_PREG = "Are you currently pregnant, or have you given birth in the last 26 weeks?"
COL_CARE = ("Do you look after, or give any help or support to, anyone because they have long-term "
            "physical or mental health conditions or illnesses, or problems related to old age?")
COLUMNS = [COL_ID, COL_SUPPORT, COL_WHY, COL_OTHER, COL_AGE, COL_SEX, COL_DIS, COL_ETH,
           COL_REL, COL_PREG, COL_CARE]
PNTS = "Prefer not to say"

SUPPORT = ["Strongly support", "Tend to support", "Neither support nor oppose",
           "Tend to oppose", "Strongly oppose", "Don't know"]
# (label, weight, catalogue category): the categories are what the definition maps to.
AGE = [("16-24", 7, "age_16_24"), ("25-34", 12, "age_25_34"), ("35-44", 17, "age_35_44"),
       ("45-54", 18, "age_45_54"), ("55-64", 17, "age_55_64"), ("65-74", 16, "age_65_74"),
       ("75 and over", 13, "age_75_plus")]
SEX = [("Female", 58, "female"), ("Male", 42, "male")]
DIS = [("Yes, limited a lot", 10, "disabled"), ("Yes, limited a little", 12, "disabled"),
       ("No", 78, "not_disabled")]
ETH = [("White: English, Welsh, Scottish, Northern Irish or British", 36, "white_british"),
       ("White: Irish", 3, "white_irish"), ("White: Any other White background", 10, "other_white"),
       ("Mixed or Multiple ethnic groups: White and Asian", 2, "white_and_asian"),
       ("Asian, Asian British or Asian Welsh: Indian", 22, "indian"),
       ("Asian, Asian British or Asian Welsh: Pakistani", 4, "pakistani"),
       ("Asian, Asian British or Asian Welsh: Any other Asian background", 8, "other_asian"),
       ("Black, Black British, Black Welsh, Caribbean or African: African", 5, "african"),
       ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", 3, "caribbean"),
       ("Other ethnic group: Arab", 3, "arab"),
       ("Other ethnic group: Any other ethnic group", 4, "any_other_ethnic_group")]
REL = [("No religion", 22, "no_religion"), ("Christian", 35, "christian"), ("Hindu", 20, "hindu"),
       ("Muslim", 13, "muslim"), ("Jewish", 4, "jewish"), ("Buddhist", 1, "buddhist"),
       ("Sikh", 2, "sikh"), ("Any other religion", 3, "other_religion")]
CARE = [("No", 80, "not_carer"), ("Yes, 9 hours a week or less", 8, "care_19_hours_or_less"),
        ("Yes, 10 to 19 hours a week", 4, "care_19_hours_or_less"),
        ("Yes, 20 to 34 hours a week", 3, "care_20_to_49_hours"),
        ("Yes, 35 to 49 hours a week", 2, "care_20_to_49_hours"),
        ("Yes, 50 or more hours a week", 3, "care_50_hours_or_more")]

THEMES = ["access", "transport", "digital", "children", "cost", "staff", "hours"]

# Theme sentences. Each holds a word of its own theme (see the codebook) and no word of
# another theme, and no negator in the 3 words before its theme word.
SENTENCES = {
    "access": [
        "the main library has a ramp but the branch is the only one near me with a proper lift",
        "i use a wheelchair and the other library has stairs at the front",
        "my husband has a mobility scooter and the bigger library has steep stairs",
        "the branch has a disabled toilet which the central one lacks",
        "the lift at the central library is broken half the time",
        "as a wheelchair user the branch is the one place i can get in easily",
        "there is a hearing loop at the branch",
        "disabled access at the central library is poor",
    ],
    "transport": [
        "the next library is two buses away for me",
        "i walk there now, it would be a long journey otherwise",
        "parking at the central library is expensive",
        "the bus route to the other branch is slow and unreliable",
        "it is a twenty minute walk at the moment and it would be three miles",
        "older people will not travel that distance on the bus",
    ],
    "digital": [
        "i come in to use the computers because i have no internet at home",
        "i need the wifi to do my universal credit",
        "someone helps me with online forms which i find hard",
        "printing and scanning documents is why i go",
        "my grandson set up a smartphone for me but i still need help with the internet",
        "lots of people here use the public computers for everything",
        "everything is online now and the library is where i get help",
    ],
    "children": [
        "my children do their homework there after school",
        "the kids love rhyme time on a tuesday morning",
        "it is a quiet place to study for exams",
        "my daughter does her revision there because our flat is small",
        "i take the grandchildren to story time every week",
        "teenagers need a safe study space",
        "toddlers groups at the branch are a lifeline",
    ],
    "cost": [
        "the council has to save money somewhere",
        "if it helps the budget then fine",
        "times are hard and the savings have to come from somewhere",
        "better this than a rise in council tax",
        "it seems a sensible way to cut costs",
        "running costs of two half empty buildings are hard to justify",
    ],
    "staff": [
        "the staff are brilliant and know everyone",
        "what happens to the librarians",
        "i volunteer there and we would lose a lot",
        "redundancies for staff who have been there years is wrong",
        "the staff at the branch go above and beyond",
    ],
    "hours": [
        "i work so i can only go in the evenings",
        "weekends are the only time i get there",
        "shorter opening hours on a saturday would be a nightmare",
        "late opening on a thursday is what i use",
        "please keep sunday opening",
    ],
}
# Pitfalls when adding a sentence: a theme word of another theme ("walking frame" is
# transport's "walk"), a negator up to 3 words before the theme word ("we cant afford",
# "i dont drive"), or a word whose stem is a theme word ("even" is "evenings"). The
# recount (scripts/reference/recount_consultation_themes.py) reports any such slip.

# Negated mentions: theme words behind a negator, so a correct coder does NOT count them.
DECOYS = {
    "transport": ["no problem with parking for me", "i dont need a bus to get there"],
    "digital": ["i dont use the computers myself", "never needed the internet there"],
    "access": ["no stairs at either one so thats fine"],
}

# Filler: no word of any theme (and not "even", "park", "cost", "access", "email").
OPENERS = ["i think", "honestly", "to be honest", "in my view", "personally", "well", "sorry but", ""]
VIEWS_OPPOSE = ["this is a terrible idea", "please dont do this", "i am against it", "shocking decision",
                "libraries are the heart of the community", "once they are gone they are gone",
                "it will hit the poorest hardest", "the branch is used every day by local people",
                "very disappointed with the council", "you will regret this"]
VIEWS_SUPPORT = ["it makes sense", "i can see why the council is doing this", "fair enough",
                 "sensible plan overall", "i agree with the proposal", "needs must"]
VIEWS_NEUTRAL = ["not sure really", "i can see both sides", "depends on the detail",
                 "i dont use the library much", "hard to say", "no strong view"]
OTHER = ["thank you for asking", "the survey was too long", "hope you listen this time",
         "please publish the results", "good luck", "the consultation was not well advertised",
         "n/a", "no", "none", "nothing else", "keep the libraries", "."]

# Personal data planted in comments: each a (kind, sentence, planted strings).
FORENAMES = ["Sarah", "David", "Priya", "Mohammed", "Janet", "Kwame", "Aisha", "Peter", "Margaret", "Ravi"]
SURNAMES = ["Patel", "Jones", "Okafor", "Shah", "Murphy", "Khan", "Green", "O'Neill", "Thompson", "Hussain"]
STREETS = ["Pinner View", "Kenton Lane", "Headstone Gardens", "Marlborough Hill", "Rayners Lane",
           "Whitchurch Lane", "Elmgrove Crescent"]


def personal_data(rng):
    kind = rng.choice(["email", "phone", "postcode", "url", "address", "name_title", "name"])
    f, s = rng.choice(FORENAMES), rng.choice(SURNAMES)
    if kind == "email":
        v = f"{f.lower()}.{s.lower().replace(chr(39), '')}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'hotmail.co.uk', 'btinternet.com'])}"
        return kind, rng.choice([f"contact me on {v} if you want", f"my email is {v}"]), [v]
    if kind == "phone":
        v = rng.choice([f"07700 900{rng.randint(100, 999)}", f"020 8863 {rng.randint(1000, 9999)}",
                        f"07{rng.randint(100, 999)}{rng.randint(100000, 999999)}", f"+44 7700 900{rng.randint(100, 999)}"])
        return kind, rng.choice([f"ring me on {v}", f"call {v} and i will tell you more"]), [v]
    if kind == "postcode":
        v = f"HA{rng.randint(0, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        v = v if rng.random() < 0.7 else v.lower()  # residents type postcodes in lower case too
        return kind, rng.choice([f"i live in {v}", f"my postcode is {v}"]), [v]
    if kind == "url":
        v = rng.choice(["https://www.change.org/p/saveharrowlibraries", "www.facebook.com/groups/friendsofkentonlibrary",
                        "http://savethelibs.org.uk/harrow", "bit.ly/3xKp9Qz"])
        return kind, f"see {v} for the petition", [v]
    if kind == "address":
        v = f"{rng.randint(2, 180)} {rng.choice(STREETS)}"
        return kind, rng.choice([f"i am at {v} right by the branch", f"we live at {v}"]), [v]
    if kind == "name_title":
        t = rng.choice(["Mr", "Mrs", "Ms", "Dr"])
        v = f"{t} {s}"
        return kind, rng.choice([f"{v} at the branch is wonderful", f"ask {v} who runs the group"]), [v]
    v = f"{f} {s}"
    return kind, rng.choice([f"my neighbour {v} agrees with me", f"{v} told me about this"]), [v]


def pick(rng, table):
    r = rng.uniform(0, sum(w for _, w, _ in table))
    for label, w, cat in table:
        r -= w
        if r <= 0:
            return label, cat
    return table[-1][0], table[-1][2]


def theme_p(theme, g, support):
    """The planted chance that a "why" comment raises a theme: the truth file states these."""
    if theme == "access":
        return 0.30 if g["disability"] == "disabled" else 0.10
    if theme == "digital":
        return 0.30 if g["age"] in ("age_65_74", "age_75_plus") else 0.10
    if theme == "children":
        return 0.30 if g["caring"] not in ("not_carer", None) else 0.12
    if theme == "cost":
        return 0.45 if support in SUPPORT[:2] else 0.06
    if theme == "transport":
        return 0.20
    if theme == "staff":
        return 0.12
    return 0.18  # hours


def typo(rng, word):
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    k = rng.randrange(3)
    if k == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # swap
    if k == 1:
        return word[:i] + word[i + 1:]  # drop
    return word[:i] + word[i] + word[i:]  # double


def filler(rng, text):
    """Filler with the odd typo: only filler words are misspelt, never a theme word."""
    return " ".join(typo(rng, w) if rng.random() < 0.06 else w for w in text.split())


def style(rng, parts):
    """Joins sentences with clause-ending punctuation (so negation never crosses them) and
    writes them as residents do: mostly lower case, sometimes capitalised, rarely shouted."""
    seps = [". ", ". ", ", ", "! ", ".. ", "\n"]
    text = parts[0]
    for p in parts[1:]:
        text += rng.choice(seps) + p
    r = rng.random()
    if r < 0.25:
        text = ". ".join(s[:1].upper() + s[1:] for s in text.split(". "))
    elif r < 0.28:
        text = text.upper()
    if rng.random() < 0.5:
        text += rng.choice([".", "!", "!!", "...", ""])
    return text


def as_written(entries, text):
    """Records a comment's planted strings as they ended up in `text` (style() may have
    shouted the whole comment), so that tests look for exactly what is in the file."""
    for p in entries:
        p["strings"] = [v if v in text else v.upper() for v in p["strings"]]
        assert all(v in text for v in p["strings"]), (p, text)


def blank(rng):
    return rng.choice(["", "", "", " ", "   ", "\t"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--comments", type=int, default=0)
    ap.add_argument("--csv", default=OUT_CSV)
    ap.add_argument("--truth", default=OUT_TRUTH)
    ap.add_argument("--hand-codes", default="")
    ap.add_argument("--hand-coded", type=int, default=2000)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    rows, truth_rows, planted, why_ids = [], [], [], []
    i = 0
    while len(truth_rows) < args.comments if args.comments else i < N:
        i += 1
        g, cells = {}, {}
        for col, key, table in [(COL_AGE, "age", AGE), (COL_SEX, "sex", SEX), (COL_DIS, "disability", DIS),
                                (COL_ETH, "race", ETH), (COL_REL, "religion_belief", REL), (COL_CARE, "caring", CARE)]:
            r = rng.random()
            if r < 0.04:
                cells[col], g[key] = PNTS, None
            elif r < 0.06:
                cells[col], g[key] = "", None
            else:
                cells[col], g[key] = pick(rng, table)
        # Pregnancy and maternity: few enough (about 25) that suppression and minimum bases bite.
        young_female = g["sex"] == "female" and g["age"] in ("age_16_24", "age_25_34", "age_35_44")
        preg = young_female and rng.random() < 0.045
        cells[COL_PREG] = "Yes" if preg else ("" if rng.random() < 0.03 else "No")
        g["pregnancy_maternity"] = ("pregnant_or_recent_birth" if preg else
                                    "not_pregnant_or_recent_birth" if cells[COL_PREG] else None)

        # Support: most oppose; disabled and older respondents oppose more (a planted gap).
        oppose = 0.55 + (0.15 if g["disability"] == "disabled" else 0) + (0.08 if g["age"] in ("age_65_74", "age_75_plus") else 0)
        r = rng.random()
        if r < 0.04:
            support = rng.choice(["", "Don't know"])
        elif r < 0.04 + oppose * 0.96:
            support = SUPPORT[4] if rng.random() < 0.6 else SUPPORT[3]
        else:
            support = rng.choice([SUPPORT[0], SUPPORT[1], SUPPORT[1], SUPPORT[2]])

        # "Please tell us why": about 72% write something.
        themes = []
        if rng.random() < 0.72:
            themes = [t for t in THEMES if rng.random() < theme_p(t, g, support)]
            view = (VIEWS_SUPPORT if support in SUPPORT[:2] else VIEWS_OPPOSE if support in SUPPORT[3:5] else VIEWS_NEUTRAL)
            parts = []
            if rng.random() < 0.7:
                parts.append(filler(rng, (rng.choice(OPENERS) + " " + rng.choice(view)).strip()))
            for t in themes:
                # Long comments: some people write two or three sentences on a theme.
                for s in rng.sample(SENTENCES[t], k=min(len(SENTENCES[t]), 1 + (rng.random() < 0.15) * rng.randint(1, 2))):
                    parts.append(s)
            for t, decoys in DECOYS.items():
                if t not in themes and rng.random() < 0.04:
                    parts.append(rng.choice(decoys))
            if not parts:
                parts.append(filler(rng, rng.choice(view)))
            if rng.random() < 0.03:  # the odd long one: a paragraph of views around the themes
                for _ in range(rng.randint(4, 8)):
                    parts.insert(rng.randrange(len(parts) + 1), filler(rng, rng.choice(view + OTHER[:6])))
            mine = []
            if rng.random() < 0.05:
                kind, s, strings = personal_data(rng)
                parts.insert(rng.randrange(len(parts) + 1), s)
                mine.append({"respondent": f"LC25-{i:05d}", "column": COL_WHY, "kind": kind, "strings": strings})
            why = style(rng, parts)
            as_written(mine, why)
            planted += mine
            truth_rows.append((g, themes))
            why_ids.append(f"LC25-{i:05d}")
        else:
            why = blank(rng)

        # "Any other comments": about 35% write something; no themes are planted here.
        if rng.random() < 0.35:
            parts = [filler(rng, rng.choice(OTHER))]
            mine = []
            if rng.random() < 0.08:
                kind, s, strings = personal_data(rng)
                parts.append(s)
                mine.append({"respondent": f"LC25-{i:05d}", "column": COL_OTHER, "kind": kind, "strings": strings})
            other = style(rng, parts)
            as_written(mine, other)
            planted += mine
        else:
            other = blank(rng)

        cells.update({COL_ID: f"LC25-{i:05d}", COL_SUPPORT: support, COL_WHY: why, COL_OTHER: other})
        rows.append([cells[c] for c in COLUMNS])

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    with open(args.csv, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    if args.hand_codes:
        with open(args.hand_codes, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["respondent", "themes"])
            for rid, (_, themes) in list(zip(why_ids, truth_rows))[:args.hand_coded]:
                w.writerow([rid, ";".join(themes)])

    # Realised planted rates: among respondents with a "why" comment, per category.
    counts = defaultdict(lambda: [0, defaultdict(int)])
    for g, themes in truth_rows:
        for ch, cat in g.items():
            if cat is None:
                continue
            c = counts[(ch, cat)]
            c[0] += 1
            for t in themes:
                c[1][t] += 1
    by_group = {}
    for (ch, cat), (n, hits) in sorted(counts.items()):
        by_group.setdefault(ch, {})[cat] = {"commented": n, "themes": {t: hits[t] for t in THEMES}}
    truth = {
        "csv": "surveys/samples/library-consultation-2025.csv",
        "generator": "scripts/generate_consultation.py",
        "seed": args.seed,
        "comment_column": COL_WHY,
        "codebook": "surveys/codebooks/library-consultation-why.json",
        "about": ("Themes planted in the 'Please tell us why' comments: counts of commenters who raise each theme, "
                  "per characteristic category (blank and 'Prefer not to say' left out). Theme words are never "
                  "misspelt or negated, so a correct rule coder with the codebook finds exactly these counts. "
                  "planted_probabilities are the chances the generator used."),
        "planted_probabilities": {
            "access": {"disabled": 0.30, "otherwise": 0.10},
            "digital": {"age_65_74 or age_75_plus": 0.30, "otherwise": 0.10},
            "children": {"any carer": 0.30, "otherwise": 0.12},
            "cost": {"Strongly or Tend to support": 0.45, "otherwise": 0.06},
            "transport": {"everyone": 0.20},
            "staff": {"everyone": 0.12},
            "hours": {"everyone": 0.18},
        },
        "commented": len(truth_rows),
        "by_group": by_group,
        "personal_data": planted,
    }
    with open(args.truth, "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {args.csv} ({i} rows, {len(truth_rows)} why comments, {len(planted)} planted personal data)")


if __name__ == "__main__":
    main()
