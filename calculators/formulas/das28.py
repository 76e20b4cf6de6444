"""Disease Activity Score in 28 joints (DAS28) for rheumatoid arthritis, with ESR or CRP.

Prevoo et al., Arthritis Rheum 1995 (DAS28 with ESR, four variables):
  DAS28-ESR = 0.56 × √TJC28 + 0.28 × √SJC28 + 0.70 × ln(ESR) + 0.014 × GH,
TJC28/SJC28 the tender and swollen counts of the 28 joints (shoulders, elbows, wrists, MCP 1-5,
PIP 1-5 and knees, both sides), ESR in mm/h, GH the patient's global assessment of health (or of
disease activity) on a 100 mm visual analogue scale. Without GH the three-variable version is
  DAS28-ESR(3) = (0.56 × √TJC28 + 0.28 × √SJC28 + 0.70 × ln(ESR)) × 1.08 + 0.16.
With CRP (mg/L) instead of ESR (the DAS website of the Radboud University Nijmegen, validated by
Wells et al., Ann Rheum Dis 2009):
  DAS28-CRP = 0.56 × √TJC28 + 0.28 × √SJC28 + 0.36 × ln(CRP + 1) + 0.014 × GH + 0.96,
  DAS28-CRP(3) = (0.56 × √TJC28 + 0.28 × √SJC28 + 0.36 × ln(CRP + 1)) × 1.10 + 1.15.
Disease activity (EULAR): remission < 2.6, low ≤ 3.2, moderate > 3.2 to ≤ 5.1, high > 5.1.
"""

import math

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

METHOD = Choice("method", {"das28_esr": ("esr", "das28-esr"), "das28_crp": ("crp", "das28-crp")},
                "acute-phase reactant of the equation: ESR (Prevoo 1995, default) or CRP", required=False, default="das28_esr")
INPUTS = (
    Number("tender_joints", "", (0.0, 28.0), "tender joint count of the 28 joints (TJC28)", integer=True,
           aliases=("tender joint count", "TJC", "TJC28", "tender joints (28)")),
    Number("swollen_joints", "", (0.0, 28.0), "swollen joint count of the 28 joints (SJC28)", integer=True,
           aliases=("swollen joint count", "SJC", "SJC28", "swollen joints (28)")),
    Number("esr", "mm/h", (1.0, 200.0), "erythrocyte sedimentation rate (needed for DAS28-ESR)", required=False,
           aliases=("ESR", "erythrocyte sedimentation rate", "sed rate")),
    Number("crp", "mg/L", (0.0, 500.0), "C-reactive protein in mg/L (needed for DAS28-CRP)", required=False,
           aliases=("CRP", "C-reactive protein", "c reactive protein")),
    Number("patient_global", "", (0.0, 100.0), "patient global assessment of health on a 100 mm VAS (GH); "
           "not reported = the three-variable equation", required=False,
           aliases=("GH", "global health", "patient global assessment", "PGA", "patient global health", "VAS")),
    METHOD,
)

# (joint coefficient part, reactant term, GH coefficient, constant; three-variable factor and constant)
ESR = {"reactant": 0.70, "gh": 0.014, "constant": 0.0, "factor3": 1.08, "constant3": 0.16}
CRP = {"reactant": 0.36, "gh": 0.014, "constant": 0.96, "factor3": 1.10, "constant3": 1.15}
BANDS = ((5.1, "high disease activity (> 5.1)"), (3.2, "moderate disease activity (> 3.2 to ≤ 5.1)"),
         (2.6, "low disease activity (2.6 to ≤ 3.2)"))


def activity(value: float) -> str:
    v = round(value, 2)
    if v < 2.6:
        return "remission (< 2.6)"
    return next(text for cut, text in BANDS if v > cut or cut == 2.6)


def compute(tender_joints, swollen_joints, esr=None, crp=None, patient_global=None, method="das28_esr"):
    if method == "das28_esr":
        if esr is None:
            raise InputError(FieldViolation("esr", "missing: DAS28-ESR needs the ESR (mm/h); give it, or the CRP with "
                                                   "method 'das28_crp'"), "das28")
        c, reactant_term = ESR, ESR["reactant"] * math.log(esr)
    else:
        if crp is None:
            raise InputError(FieldViolation("crp", "missing: DAS28-CRP needs the CRP (mg/L); give it, or the ESR with "
                                                   "method 'das28_esr'"), "das28")
        c, reactant_term = CRP, CRP["reactant"] * math.log(crp + 1.0)
    joints = 0.56 * math.sqrt(tender_joints) + 0.28 * math.sqrt(swollen_joints)
    inter = {"joint_term": joints, "reactant_term": reactant_term}
    if patient_global is None:
        value = (joints + reactant_term) * c["factor3"] + c["constant3"]
    else:
        inter["global_term"] = c["gh"] * patient_global
        value = joints + reactant_term + inter["global_term"] + c["constant"]
    return value, inter


def explain(inputs, inter, value):
    crp = inputs.get("method") == "das28_crp"
    name = "DAS28-CRP" if crp else "DAS28-ESR"
    tjc, sjc, gh = fmt(inputs["tender_joints"]), fmt(inputs["swollen_joints"]), inputs.get("patient_global")
    reactant = (f"0.36 × ln(CRP + 1) = 0.36 × ln({fmt(inputs['crp'])} + 1)" if crp
                else f"0.70 × ln(ESR) = 0.70 × ln({fmt(inputs['esr'])})")
    lines = [
        f"Joints: 0.56 × √TJC28 + 0.28 × √SJC28 = 0.56 × √{tjc} + 0.28 × √{sjc} = {fmt(inter['joint_term'])}.",
        f"Acute phase: {reactant} = {fmt(inter['reactant_term'])}.",
    ]
    if gh is None:
        factor, const = ("1.10", "1.15") if crp else ("1.08", "0.16")
        lines.insert(0, f"{name} (three variables, no patient global assessment) = (0.56 × √TJC28 + 0.28 × √SJC28 + "
                        f"{'0.36 × ln(CRP + 1)' if crp else '0.70 × ln(ESR)'}) × {factor} + {const}.")
        lines.append(f"{name} = ({fmt(inter['joint_term'])} + {fmt(inter['reactant_term'])}) × {factor} + {const} = {fmt(value)}.")
    else:
        const = " + 0.96" if crp else ""
        lines.insert(0, f"{name} = 0.56 × √TJC28 + 0.28 × √SJC28 + {'0.36 × ln(CRP + 1)' if crp else '0.70 × ln(ESR)'} "
                        f"+ 0.014 × GH{const}.")
        lines.append(f"Patient global: 0.014 × {fmt(gh)} = {fmt(inter['global_term'])}.")
        lines.append(f"{name} = {fmt(inter['joint_term'])} + {fmt(inter['reactant_term'])} + {fmt(inter['global_term'])}"
                     f"{const} = {fmt(value)}.")
    lines.append(f"{name} {fmt(value, 2)}: {activity(value)} (EULAR cut-offs 2.6, 3.2, 5.1).")
    return lines


_PHRASES = {"tjc": ("tender joint count", "tender joints", "tjc28", "tjc", "tender"),
            "sjc": ("swollen joint count", "swollen joints", "sjc28", "sjc", "swollen"),
            "gh": ("patient global assessment", "patient global", "global health", "gh", "pga", "vas")}


def _sample(r):
    return {"tjc": float(r.randint(0, 28)), "sjc": float(r.randint(0, 28)), "esr": r.uniform(2, 120),
            "crp": r.uniform(0, 150), "gh": r.uniform(0, 100)}


STATEMENTS = (
    Formula(
        key="das28",
        names=("das28-esr", "das28 esr", "das28", "das-28", "disease activity score 28", "disease activity score"),
        text="0.56 × √TJC28 + 0.28 × √SJC28 + 0.70 × ln(ESR) + 0.014 × GH",
        phrases={**_PHRASES, "esr": ("erythrocyte sedimentation rate", "esr")},
        sample=_sample,
        forms=(lambda v: 0.56 * math.sqrt(v["tjc"]) + 0.28 * math.sqrt(v["sjc"]) + 0.70 * math.log(v["esr"]) + 0.014 * v["gh"],
               lambda v: (0.56 * math.sqrt(v["tjc"]) + 0.28 * math.sqrt(v["sjc"]) + 0.70 * math.log(v["esr"])) * 1.08 + 0.16),
    ),
    Formula(
        key="das28_crp",
        names=("das28-crp", "das28 crp", "das-28-crp"),
        text="0.56 × √TJC28 + 0.28 × √SJC28 + 0.36 × ln(CRP + 1) + 0.014 × GH + 0.96",
        phrases={**_PHRASES, "crp": ("c-reactive protein", "c reactive protein", "crp")},
        sample=_sample,
        forms=(lambda v: 0.56 * math.sqrt(v["tjc"]) + 0.28 * math.sqrt(v["sjc"]) + 0.36 * math.log(v["crp"] + 1) + 0.014 * v["gh"] + 0.96,
               lambda v: (0.56 * math.sqrt(v["tjc"]) + 0.28 * math.sqrt(v["sjc"]) + 0.36 * math.log(v["crp"] + 1)) * 1.10 + 1.15),
    ),
)
PARAMETERS = (
    Parameter(("joint_term",), ("joint component", "joint term", "joint count component")),
    Parameter(("reactant_term",), ("esr component", "esr term", "crp component", "crp term", "acute phase component")),
    Parameter(("global_term",), ("global health component", "gh component", "global assessment component", "gh term")),
)


CALCULATOR = Calculator(
    id="das28",
    name="Disease Activity Score in 28 joints (DAS28-ESR / DAS28-CRP)",
    category="rheumatology",
    description="Rheumatoid arthritis disease activity from 28-joint tender and swollen counts, ESR or CRP, and the patient's "
                "global assessment (remission < 2.6, low ≤ 3.2, moderate ≤ 5.1, high > 5.1).",
    inputs=INPUTS,
    output=Output("", "decimal", 2, minimum=0.0, maximum=10.0),
    citations=(
        Citation(
            "Prevoo ML, van 't Hof MA, Kuper HH, van Leeuwen MA, van de Putte LB, van Riel PL. Modified disease activity "
            "scores that include twenty-eight-joint counts. Development and validation in a prospective longitudinal study "
            "of patients with rheumatoid arthritis. Arthritis Rheum. 1995;38(1):44-48.",
            doi="10.1002/art.1780380107",
            pmid="7818570",
        ),
        Citation(
            "Department of Rheumatology, Radboud University Nijmegen Medical Centre. DAS28 with CRP, and the three-variable "
            "DAS28 (the DAS-score.nl formulae).",
            url="https://www.das-score.nl/en/das-and-das28/how-to-meaure-the-das28/how-to-calculate-the-das28/alternative-validated-formulae",
        ),
        Citation(
            "Wells G, Becker JC, Teng J, et al. Validation of the 28-joint Disease Activity Score (DAS28) and European League "
            "Against Rheumatism response criteria based on C-reactive protein against disease progression in patients with "
            "rheumatoid arthritis, and comparison with the DAS28 based on erythrocyte sedimentation rate. Ann Rheum Dis. "
            "2009;68(6):954-960.",
            doi="10.1136/ard.2007.084459",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("rheumatoid arthritis", "disease activity", "das28-esr", "das28-crp", "eular", "treat to target"),
    population="Patients with recent-onset rheumatoid arthritis followed at Nijmegen (Prevoo 1995: 227 derivation, 97 "
               "validation).",
    examples=("Prevoo 1995 (Arthritis Rheum 38:44) DAS28-ESR and the das-score.nl CRP and three-variable formulae: "
              "hand-worked cases, and every EULAR cut-off (2.6, 3.2, 5.1)",),
    increasing=("tender_joints", "swollen_joints", "esr", "crp", "patient_global"),
    notes=(
        "method='das28_esr' (default, Prevoo 1995) needs the ESR; method='das28_crp' needs the CRP in mg/L (a CRP in mg/dL "
        "is converted). The two versions are not interchangeable: DAS28-CRP runs lower than DAS28-ESR in the same patient.",
        "Without the patient global assessment (GH, 0–100 mm) the three-variable equation is used; the explanation says so.",
        "Activity: remission < 2.6, low 2.6–3.2, moderate > 3.2–5.1, high > 5.1 (read at two decimals).",
        "The PMID 7818570 of Prevoo 1995 matches two public citations of the paper (its DOI was checked); the DOI "
        "10.1136/ard.2007.084459 of Wells 2009 matches a public citation with the same title (checked 2026-12-05).",
    ),
)
