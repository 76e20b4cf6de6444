"""ISTH overt disseminated intravascular coagulation (DIC) score (0-8).

Taylor et al. for the ISTH Scientific Subcommittee on DIC (Thromb Haemost 2001), for a patient with
an underlying disorder known to be associated with DIC:
  platelet count (10⁹/L)          ≥ 100 -> 0, 50 to < 100 -> 1, < 50 -> 2
  fibrin-related marker           no increase -> 0, moderate increase -> 2, strong increase -> 3
  (D-dimer, fibrin degradation products)
  prolonged prothrombin time (s)  < 3 -> 0, 3-6 -> 1, > 6 -> 2 (seconds above the upper limit of normal)
  fibrinogen (g/L)                ≥ 1.0 -> 0, < 1.0 -> 1
A score ≥ 5 is compatible with overt DIC (repeat daily); < 5 is suggestive, not affirmative, for
non-overt DIC (repeat in 1-2 days). The paper prints "> 100 = 0, < 100 = 1", "< 3 s, > 3 but < 6 s,
> 6 s" and "> 1.0, < 1.0 g/L"; the values on the cut-offs are scored as in the bands above.
"""

from clinverify.calculators.criteria import explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._tiers import tiers

PLATELETS = Number("platelets", "10^9/L", (0.1, 5000.0), "platelet count", aliases=("Platelet count", "platelet", "PLT"))
FIBRIN_MARKER = Choice(
    "fibrin_marker",
    {
        "no increase": ("none", "normal", "no", "not increased", "negative"),
        "moderate increase": ("moderate", "moderately increased", "mildly increased", "elevated", "increased"),
        "strong increase": ("strong", "strongly increased", "markedly increased", "marked increase", "very high"),
    },
    "elevated fibrin-related marker (D-dimer or fibrin degradation products): no, moderate or strong increase",
    aliases=("D-dimer", "d dimer", "fibrin degradation products", "FDP", "fibrin-related marker"),
)
PT_PROLONGATION = Number("pt_prolongation", "s", (0.0, 120.0),
                         "prothrombin time prolongation, seconds above the upper limit of normal",
                         aliases=("prolonged prothrombin time", "PT prolongation", "prothrombin time prolongation"))
FIBRINOGEN = Number("fibrinogen", "g/L", (0.05, 15.0), "plasma fibrinogen", aliases=("fibrinogen level", "plasma fibrinogen"))

CRITERIA = (
    tiers("platelets_points", "platelets", (("<", 50, 2), ("<", 100, 1)), "Platelet count", "× 10⁹/L",
          otherwise_text="≥ 100 × 10⁹/L", phrases=("thrombocytopenia", "platelets")),
    option("fibrin_marker_points", "fibrin_marker", {"no increase": 0, "moderate increase": 2, "strong increase": 3},
           "Fibrin-related marker (D-dimer/FDP)"),
    tiers("pt_points", "pt_prolongation", ((">", 6, 2), (">=", 3, 1)), "Prothrombin time prolongation", "s",
          otherwise_text="< 3 s", phrases=("prolonged pt", "prothrombin time", "pt")),
    tiers("fibrinogen_points", "fibrinogen", (("<", 1.0, 1),), "Fibrinogen", "g/L", otherwise_text="≥ 1.0 g/L",
          digits=2, phrases=("low fibrinogen", "hypofibrinogenemia")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(platelets, fibrin_marker, pt_prolongation, fibrinogen):
    return tally(CRITERIA, {"platelets": platelets, "fibrin_marker": fibrin_marker, "pt_prolongation": pt_prolongation,
                            "fibrinogen": fibrinogen})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "ISTH overt DIC score")
    lines[0] = "The ISTH overt DIC score (for a patient with a disorder associated with DIC) adds points for each criterion."
    verdict = "≥ 5: compatible with overt DIC; repeat daily" if value >= 5 else "< 5: suggestive of non-overt DIC; repeat in 1–2 days"
    lines.append(f"ISTH DIC score {value} ({verdict}).")
    return lines


CALCULATOR = Calculator(
    id="isth_dic",
    name="ISTH overt DIC score",
    category="hematology",
    description="Overt disseminated intravascular coagulation from platelets, D-dimer/FDP, prothrombin time and fibrinogen (0–8).",
    inputs=(PLATELETS, FIBRIN_MARKER, PT_PROLONGATION, FIBRINOGEN),
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Taylor FB Jr, Toh CH, Hoots WK, Wada H, Levi M; Scientific Subcommittee on Disseminated Intravascular "
            "Coagulation (DIC) of the International Society on Thrombosis and Haemostasis (ISTH). Towards definition, "
            "clinical and laboratory criteria, and a scoring system for disseminated intravascular coagulation. "
            "Thromb Haemost. 2001;86(5):1327-1330.",
            doi="10.1055/s-0037-1616068",
            pmid="11816725",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("fibrin_marker", "pt_prolongation"),
    decreasing=("platelets", "fibrinogen"),
    keywords=('disseminated intravascular coagulation', 'dic', 'coagulopathy', 'sepsis', 'critical care'),
    population='Expert consensus of the ISTH DIC subcommittee for patients with a disorder associated with DIC (Taylor 2001).',
    examples=('Taylor 2001 (Thromb Haemost 86:1327) scoring algorithm: hand-worked cases, every cut-off and every item combination',),
    notes=(
        "Use only with an underlying disorder known to be associated with DIC (sepsis, trauma, malignancy, obstetric "
        "complications, ...).",
        "On the cut-offs: platelets 100 score 0 and 50 score 1; PT prolongation 3 and 6 s score 1; fibrinogen 1.0 g/L scores 0.",
        "Moderate vs strong increase of the fibrin marker follows the local laboratory's cut-offs (Taylor 2001).",
    ),
)
