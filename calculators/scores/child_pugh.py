"""Child-Pugh score for severity of cirrhosis (5-15 points; class A 5-6, B 7-9, C 10-15).

Pugh's table (Br J Surg 1973) scores five items 1-3 points each:
  bilirubin (mg/dL)  <2 -> 1, 2-3 -> 2, >3 -> 3
  albumin (g/dL)     >3.5 -> 1, 2.8-3.5 -> 2, <2.8 -> 3
  prothrombin time   prolonged 1-4 s -> 1, 4-6 s -> 2, >6 s -> 3; the usual INR substitute
                     <1.7 -> 1, 1.7-2.3 -> 2, >2.3 -> 3
  ascites            absent -> 1, slight -> 2, moderate -> 3
  encephalopathy     none -> 1, grade 1-2 -> 2, grade 3-4 -> 3
The published middle bands are closed at both ends (bilirubin 2 and 3, albumin 2.8 and 3.5,
INR 1.7 and 2.3 all score 2), so the tiers are written out below rather than as [lo, hi) bands.
"""

from clinverify.calculators.criteria import custom, explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt

BILIRUBIN = Number("bilirubin", "mg/dL", (0.05, 80.0), "total bilirubin", analyte="bilirubin", aliases=("total bilirubin",))
ALBUMIN = Number("albumin", "g/dL", (0.5, 7.0), "serum albumin", analyte="albumin", aliases=("serum albumin",))
INR = Number("inr", "", (0.5, 20.0), "international normalized ratio", aliases=("international normalized ratio",))

ASCITES = Choice(
    "ascites",
    {
        "absent": ("none", "no", "no ascites", "false"),
        "slight": ("mild", "small", "slight ascites", "mild ascites"),
        "moderate": ("moderate to severe", "moderate-severe", "severe", "tense", "large", "moderate ascites"),
    },
    "ascites (absent, slight, moderate); not mentioned = absent",
    required=False,
)
ENCEPHALOPATHY = Choice(
    "encephalopathy",
    {
        "none": ("no encephalopathy", "grade 0", "absent", "no", "false"),
        "grade 1-2": ("grade 1–2", "grade 1", "grade 2", "grades 1-2", "mild", "minimal", "suppressed with medication"),
        "grade 3-4": ("grade 3–4", "grade 3", "grade 4", "grades 3-4", "severe", "refractory"),
    },
    "hepatic encephalopathy, West Haven grade; not mentioned = none",
    aliases=("hepatic encephalopathy",),
    required=False,
)


def _tiers(name: str, low: float, high: float, unit: str, rising: bool, digits: int | None = None):
    """1/2/3 points with a middle band [low, high] closed at both ends (Pugh 1973).

    rising: higher values are worse (bilirubin, INR); otherwise lower is worse (albumin).
    digits: compare at this precision, so a cut-off given in another unit lands on the cut-off
    (34.2 µmol/L bilirubin is 1.9995 mg/dL by molar mass, the 2 mg/dL boundary as reported).
    """

    def decide(inputs):
        v = inputs[name] if digits is None else round(inputs[name], digits)
        u = f" {unit}" if unit else ""
        if low <= v <= high:
            return 2, f"{label} {fmt(v)}{u} ({fmt(low)}–{fmt(high)}{u}): +2"
        if (v > high) == rising:
            return 3, f"{label} {fmt(v)}{u} ({'>' if rising else '<'} {fmt(high if rising else low)}{u}): +3"
        return 1, f"{label} {fmt(v)}{u} ({'<' if rising else '>'} {fmt(low if rising else high)}{u}): +1"

    def points(inputs):
        v = inputs[name] if digits is None else round(inputs[name], digits)
        if low <= v <= high:
            return 2
        return 3 if (v > high) == rising else 1

    label = {"bilirubin": "Total bilirubin", "albumin": "Albumin", "inr": "INR"}[name]
    # The short names thinking writes in its tallies ("Bili 2.45 -> 2 pts", "Alb 3.1 -> 2").
    phrases = {"bilirubin": ("bili", "T bili", "TBil"), "albumin": ("alb",), "inr": ()}[name]
    return custom(f"{name}_points", label, decide, 1, 3, points, (name,), phrases)


CRITERIA = (
    _tiers("bilirubin", 2.0, 3.0, "mg/dL", rising=True, digits=2),
    _tiers("albumin", 2.8, 3.5, "g/dL", rising=False, digits=2),
    _tiers("inr", 1.7, 2.3, "", rising=True),
    # Not mentioned = absent / no encephalopathy: 1 point, the normal tier.
    option("ascites_points", "ascites", {"absent": 1, "slight": 2, "moderate": 3}, "Ascites", missing=1),
    option("encephalopathy_points", "encephalopathy", {"none": 1, "grade 1-2": 2, "grade 3-4": 3}, "Encephalopathy", missing=1),
)
LOW, HIGH = score_range(CRITERIA)


def compute(bilirubin, albumin, inr, ascites=None, encephalopathy=None):
    return tally(CRITERIA, {"bilirubin": bilirubin, "albumin": albumin, "inr": inr, "ascites": ascites, "encephalopathy": encephalopathy})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Child-Pugh score")
    lines[0] += " Each item scores 1 (normal) to 3; an unreported ascites or encephalopathy scores 1 (absent)."
    klass = "A" if value <= 6 else "B" if value <= 9 else "C"
    lines.append(f"Child-Pugh score {value} (class {klass}: A 5–6, B 7–9, C 10–15).")
    return lines


CALCULATOR = Calculator(
    id="child_pugh",
    medcalc_id=15,
    medcalc_name="Child-Pugh Score for Cirrhosis Mortality",
    name="Child-Pugh score",
    category="hepatology",
    description="Severity of chronic liver disease from bilirubin, albumin, INR, ascites and encephalopathy (5–15).",
    inputs=(BILIRUBIN, ALBUMIN, INR, ASCITES, ENCEPHALOPATHY),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Pugh RN, Murray-Lyon IM, Dawson JL, Pietroni MC, Williams R. Transection of the oesophagus for bleeding "
            "oesophageal varices. Br J Surg. 1973;60(8):646-649.",
            doi="10.1002/bjs.1800600817",
            pmid="4541913",
        ),
        Citation(
            "Durand F, Valla D. Assessment of the prognosis of cirrhosis: Child-Pugh versus MELD. J Hepatol. "
            "2005;42 Suppl(1):S100-S107 (INR substitute for prothrombin time: <1.7, 1.7-2.3, >2.3).",
            doi="10.1016/j.jhep.2004.11.015",
            pmid="15777564",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("bilirubin", "inr", "ascites", "encephalopathy"),
    decreasing=("albumin",),
    notes=(
        "INR replaces Pugh's prothrombin-time prolongation: <1.7 -> 1, 1.7-2.3 -> 2, >2.3 -> 3.",
        "Middle bands are closed: bilirubin 2-3 mg/dL, albumin 2.8-3.5 g/dL and INR 1.7-2.3 score 2 at both ends.",
        "Ascites or encephalopathy not mentioned counts as absent (1 point), MedCalc-Bench's convention.",
        "MedCalc-Bench v1.0 adds no points for ascites (its option spellings did not match), so its labels are low "
        "by 1-3 points; see the errata.",
    ),
    keywords=('cirrhosis', 'liver disease', 'prognosis', 'gastroenterology', 'child-turcotte-pugh', 'ctp', 'liver'),
    population='38 patients undergoing oesophageal transection for bleeding oesophageal varices (Pugh 1973); since used for cirrhosis generally.',
    examples=('Pugh 1973 (Br J Surg 60:646) scoring table (INR tiers per Durand & Valla 2005): a class B worked example and hand-scored cases (tests/calculators/test_child_pugh.py)',),
)
