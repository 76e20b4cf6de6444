"""HScore for reactive haemophagocytic syndrome (0-337).

Fardet et al. (Arthritis Rheumatol 2014, Table 3):
  known underlying immunosuppression (HIV or long-term immunosuppressive therapy)   18
  temperature (°C)                  < 38.4 -> 0, 38.4-39.4 -> 33, > 39.4 -> 49
  organomegaly                      hepatomegaly or splenomegaly 23, both 38
  cytopenias (haemoglobin ≤ 9.2 g/dL, leukocytes ≤ 5 × 10⁹/L, platelets ≤ 110 × 10⁹/L)
                                    one lineage 0, two 24, three 34
  ferritin (ng/mL)                  < 2000 -> 0, 2000-6000 -> 35, > 6000 -> 50
  triglycerides (mmol/L)            < 1.5 -> 0, 1.5-4 -> 44, > 4 -> 64
  fibrinogen (g/L)                  > 2.5 -> 0, ≤ 2.5 -> 30
  AST (U/L)                         < 30 -> 0, ≥ 30 -> 19
  haemophagocytosis on bone marrow aspirate   35
The best cut-off was 169 (sensitivity 93 %, specificity 86 %); the probability of haemophagocytic
syndrome rises from < 1 % at ≤ 90 to > 99 % at ≥ 250.
"""

from clinverify.calculators.criteria import custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.scores._tiers import tiers

IMMUNOSUPPRESSION = Flag("immunosuppression", "known underlying immunosuppression (HIV or long-term immunosuppressive therapy)",
                         aliases=("known underlying immunosuppression", "immunosuppressed", "HIV"))
TEMPERATURE = Number("temperature", "degC", (25.0, 46.0), "maximal body temperature (°C or °F)", required=False,
                     aliases=("Temperature", "body temperature", "temp", "fever"))
HEPATOMEGALY = Flag("hepatomegaly", "hepatomegaly", aliases=("enlarged liver",))
SPLENOMEGALY = Flag("splenomegaly", "splenomegaly", aliases=("enlarged spleen",))
HEMOGLOBIN = Number("hemoglobin", "g/dL", (1.0, 25.0), "haemoglobin (cytopenia ≤ 9.2 g/dL)", analyte="hemoglobin", required=False,
                    aliases=("haemoglobin", "Hb", "hgb"))
LEUKOCYTES = Number("leukocytes", "10^9/L", (0.0, 500.0), "white blood cell count (cytopenia ≤ 5 × 10⁹/L)", required=False,
                    aliases=("white blood cell count", "wbc", "leukocyte count", "white blood cells"))
PLATELETS = Number("platelets", "10^9/L", (0.1, 5000.0), "platelet count (cytopenia ≤ 110 × 10⁹/L)", required=False,
                   aliases=("Platelet count", "platelet", "PLT"))
FERRITIN = Number("ferritin", "ng/mL", (1.0, 500000.0), "serum ferritin (ng/mL = µg/L)", required=False, aliases=("serum ferritin",))
TRIGLYCERIDES = Number("triglycerides", "mmol/L", (0.05, 60.0), "fasting triglycerides", analyte="triglycerides", required=False,
                       aliases=("triglyceride", "TG", "serum triglycerides"))
FIBRINOGEN = Number("fibrinogen", "g/L", (0.05, 15.0), "plasma fibrinogen", required=False, aliases=("fibrinogen level",))
AST = Number("ast", "U/L", (1.0, 20000.0), "aspartate aminotransferase (SGOT)", required=False,
             aliases=("Aspartate aminotransferase", "AST level", "SGOT"))
HEMOPHAGOCYTOSIS = Flag("hemophagocytosis", "haemophagocytosis features on bone marrow aspirate",
                        aliases=("haemophagocytosis", "hemophagocytosis on bone marrow aspirate", "bone marrow hemophagocytosis"))

CYTOPENIA_CUTS = (("hemoglobin", 9.2, "haemoglobin ≤ 9.2 g/dL"), ("leukocytes", 5.0, "leukocytes ≤ 5 × 10⁹/L"),
                  ("platelets", 110.0, "platelets ≤ 110 × 10⁹/L"))
CYTOPENIA_POINTS = {0: 0, 1: 0, 2: 24, 3: 34}


def _lineages(inputs) -> list[str]:
    return [text for name, cut, text in CYTOPENIA_CUTS if inputs.get(name) is not None and round(inputs[name], 2) <= cut]


def _cytopenia_points(inputs) -> int:
    return CYTOPENIA_POINTS[len(_lineages(inputs))]


def _cytopenia_decide(inputs):
    found = _lineages(inputs)
    p = CYTOPENIA_POINTS[len(found)]
    what = ", ".join(found) if found else "none"
    return p, f"Cytopenias: {len(found)} lineage{'s' if len(found) != 1 else ''} ({what}): +{p}"


def _organ_points(inputs) -> int:
    n = bool(inputs.get("hepatomegaly")) + bool(inputs.get("splenomegaly"))
    return 38 if n == 2 else 23 if n == 1 else 0


def _organ_decide(inputs):
    p = _organ_points(inputs)
    found = [n for n in ("hepatomegaly", "splenomegaly") if inputs.get(n)]
    return p, f"Organomegaly: {' and '.join(found) if found else 'none'}: +{fmt(p)}"


CRITERIA = (
    flag("immunosuppression_points", "immunosuppression", 18, "Known underlying immunosuppression",
         ("immunosuppression", "immunosuppressive therapy", "hiv")),
    tiers("temperature_points", "temperature", ((">", 39.4, 49), (">=", 38.4, 33)), "Temperature", "°C",
          otherwise_text="< 38.4 °C", digits=1, phrases=("fever", "temperature")),
    custom("organomegaly_points", "Organomegaly", _organ_decide, 0, 38, _organ_points, ("hepatomegaly", "splenomegaly"),
           ("organomegaly", "hepatomegaly", "splenomegaly", "hepatosplenomegaly")),
    custom("cytopenia_points", "Cytopenias", _cytopenia_decide, 0, 34, _cytopenia_points,
           ("hemoglobin", "leukocytes", "platelets"), ("cytopenia", "cytopenias", "lineages", "bicytopenia", "pancytopenia")),
    tiers("ferritin_points", "ferritin", ((">", 6000, 50), (">=", 2000, 35)), "Ferritin", "ng/mL",
          otherwise_text="< 2000 ng/mL", phrases=("ferritin",)),
    tiers("triglycerides_points", "triglycerides", ((">", 4, 64), (">=", 1.5, 44)), "Triglycerides", "mmol/L",
          otherwise_text="< 1.5 mmol/L", digits=2, phrases=("triglyceride", "triglycerides", "hypertriglyceridemia")),
    tiers("fibrinogen_points", "fibrinogen", (("<=", 2.5, 30),), "Fibrinogen", "g/L", otherwise_text="> 2.5 g/L",
          digits=2, phrases=("fibrinogen", "hypofibrinogenemia")),
    tiers("ast_points", "ast", ((">=", 30, 19),), "AST", "U/L", otherwise_text="< 30 U/L",
          phrases=("ast", "sgot", "aspartate aminotransferase")),
    flag("hemophagocytosis_points", "hemophagocytosis", 35, "Haemophagocytosis on bone marrow aspirate",
         ("hemophagocytosis", "haemophagocytosis", "bone marrow")),
)
LOW, HIGH = score_range(CRITERIA)
CUTOFF = 169


def compute(immunosuppression=False, temperature=None, hepatomegaly=False, splenomegaly=False, hemoglobin=None,
            leukocytes=None, platelets=None, ferritin=None, triglycerides=None, fibrinogen=None, ast=None,
            hemophagocytosis=False):
    return tally(CRITERIA, {
        "immunosuppression": immunosuppression, "temperature": temperature, "hepatomegaly": hepatomegaly,
        "splenomegaly": splenomegaly, "hemoglobin": hemoglobin, "leukocytes": leukocytes, "platelets": platelets,
        "ferritin": ferritin, "triglycerides": triglycerides, "fibrinogen": fibrinogen, "ast": ast,
        "hemophagocytosis": hemophagocytosis,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "HScore")
    verdict = "> 169: haemophagocytic syndrome likely" if value > CUTOFF else "≤ 169: haemophagocytic syndrome less likely"
    lines.append(f"HScore {value} ({verdict}; best cut-off 169, sensitivity 93 %, specificity 86 %).")
    return lines


CALCULATOR = Calculator(
    id="hscore",
    name="HScore for reactive haemophagocytic syndrome",
    category="hematology",
    description="Probability score for reactive haemophagocytic syndrome (HLH/MAS) from clinical, laboratory and marrow findings (0–337).",
    inputs=(IMMUNOSUPPRESSION, TEMPERATURE, HEPATOMEGALY, SPLENOMEGALY, HEMOGLOBIN, LEUKOCYTES, PLATELETS, FERRITIN,
            TRIGLYCERIDES, FIBRINOGEN, AST, HEMOPHAGOCYTOSIS),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Fardet L, Galicier L, Lambotte O, et al. Development and validation of the HScore, a score for the diagnosis "
            "of reactive hemophagocytic syndrome. Arthritis Rheumatol. 2014;66(9):2613-2620.",
            doi="10.1002/art.38690",
            pmid="24782338",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("immunosuppression", "temperature", "hepatomegaly", "splenomegaly", "ferritin", "triglycerides", "ast",
                "hemophagocytosis"),
    decreasing=("hemoglobin", "leukocytes", "platelets", "fibrinogen"),
    keywords=('hemophagocytic lymphohistiocytosis', 'hlh', 'macrophage activation syndrome', 'ferritin', 'hemophagocytic', 'haemophagocytic lymphohistiocytosis'),
    population='312 adults assessed for reactive haemophagocytic syndrome in French centres (Fardet 2014).',
    examples=('Fardet 2014 (Arthritis Rheumatol 66:2613) Table 3 points: hand-worked cases at every cut-off, cut-off 169',),
    notes=(
        "Findings or laboratory values not reported score 0 (a missing count is not a cytopenia); the explanation says so.",
        "Closed bands as published: temperature 38.4–39.4 °C, ferritin 2000–6000 ng/mL and triglycerides 1.5–4 mmol/L "
        "score the middle tier at both ends; values are read at 0.1 °C and 0.01 mmol/L (132.7 mg/dL = 1.50 mmol/L).",
        "Bone marrow aspirate not done counts as no haemophagocytosis.",
    ),
)
