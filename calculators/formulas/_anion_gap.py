"""Shared pieces of the anion-gap family: the gap, its albumin correction, and the delta quantities.

  anion gap (AG)        = Na − (Cl + HCO3)                          (Emmett & Narins 1977)
  albumin-corrected AG  = AG + 2.5 × (normal albumin − albumin)     (Figge et al. 1998; g/dL)
  anion-gap excess ΔAG  = AG − normal AG;  bicarbonate fall ΔHCO3 = normal HCO3 − HCO3
  delta gap (Wrenn 1990) = ΔAG − ΔHCO3;  delta ratio = ΔAG / ΔHCO3   (Rastegar 2007)
Normal AG 12 mEq/L and normal bicarbonate 24 mEq/L are the conventional reference values.
"""

import random

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.formulas._electrolytes import (
    ALBUMIN,
    ALBUMIN_PHYSIOLOGICAL_MAX,
    BICARBONATE,
    CHLORIDE,
    SODIUM,
)
from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Citation, fmt
from clinverify.calculators.statements import Formula, Parameter, Reference, Slope

NORMAL_AG = 12.0  # mEq/L, conventional mean normal anion gap (without potassium)
NORMAL_HCO3 = 24.0  # mEq/L
NORMAL_ALBUMIN = 4.0  # g/dL
ALBUMIN_FACTOR = 2.5  # mEq/L of anion gap per g/dL of albumin (Figge 1998: 0.25 per g/L)

# The reference values traces state as "normal" (verifier): the albumin the correction counts from
# (4.0 g/dL here; Figge's own 4.4 g/dL, 44 g/L, is a published convention), the normal gap and bicarbonate.
NORMAL_ALBUMIN_REFERENCE = Reference(("albumin", "alb"), (("the calculator's", NORMAL_ALBUMIN), ("Figge 1998", 4.4)), "g/dL", (3.5, 5.0), "albumin")
NORMAL_AG_REFERENCE = Reference(("anion gap", "ag"), (("the calculator's", NORMAL_AG),), "mEq/L", (8.0, 16.0))
NORMAL_HCO3_REFERENCE = Reference(("bicarbonate", "bicarb", "hco3", "hco3-", "hco₃", "hco₃⁻"), (("the calculator's", NORMAL_HCO3),), "mEq/L", (22.0, 28.0))

NORMAL_ALBUMIN_INPUT = Number(
    "normal_albumin", "g/dL", (3.0, 5.5), "reference (normal) albumin, 4.0 g/dL unless stated", analyte="albumin", required=False, default=NORMAL_ALBUMIN
)

# The gaps a trace states for the patient ("AG = 22 mEq/L", "the corrected anion gap is 18"), for
# the verifier's PARAMETERS: checked against the gap computed from the patient's electrolytes.
# A wrong one is a value read wrong (notes often state a gap of their own): kind "extraction".
AG_PARAMETER = Parameter(("anion_gap",), ("anion gap", "measured anion gap", "measured ag"), ("AG",), kind="extraction")
CORRECTED_AG_PARAMETER = Parameter(("corrected_anion_gap",), ("albumin-corrected anion gap", "albumin corrected anion gap", "corrected anion gap",
                                                              "corrected ag"), ("ACAG",), kind="extraction")

GAP_INPUTS = (SODIUM, CHLORIDE, BICARBONATE)
ALBUMIN_INPUTS = (SODIUM, CHLORIDE, BICARBONATE, ALBUMIN, NORMAL_ALBUMIN_INPUT)
CATEGORY = "acid-base"


def anion_gap(sodium: float, chloride: float, bicarbonate: float) -> float:
    return sodium - (chloride + bicarbonate)


def albumin_adjustment(albumin: float, normal_albumin: float = NORMAL_ALBUMIN) -> float:
    return ALBUMIN_FACTOR * (normal_albumin - albumin)


def bicarbonate_fall(bicarbonate: float, calc_id: str) -> float:
    """24 − HCO3, the denominator of the delta ratio; zero makes the ratio undefined."""
    fall = NORMAL_HCO3 - bicarbonate
    if fall == 0.0:
        raise InputError(
            FieldViolation("bicarbonate", f"{fmt(bicarbonate)} mEq/L equals the normal {fmt(NORMAL_HCO3)}: no fall in bicarbonate, the delta ratio is undefined"),
            calc_id,
        )
    return fall


def gap_lines(inputs, ag: float) -> list[str]:
    na, cl, hco3 = inputs["sodium"], inputs["chloride"], inputs["bicarbonate"]
    return [
        f"Sodium {fmt(na)} mEq/L; chloride {fmt(cl)} mEq/L; bicarbonate {fmt(hco3)} mEq/L.",
        f"Anion gap = Na − (Cl + HCO3) = {fmt(na)} − ({fmt(cl)} + {fmt(hco3)}) = {fmt(ag)} mEq/L.",
    ]


def albumin_lines(inputs, ag: float, adjustment: float, corrected: float) -> list[str]:
    caution = []
    if inputs["albumin"] > ALBUMIN_PHYSIOLOGICAL_MAX:
        caution = [
            f"Caution: an albumin of {fmt(inputs['albumin'])} g/dL is above any physiological value (about "
            f"{fmt(ALBUMIN_PHYSIOLOGICAL_MAX)} g/dL at most); check that it is the albumin (not, e.g., the haemoglobin)."
        ]
    return caution + [
        f"Albumin {fmt(inputs['albumin'])} g/dL; normal albumin {fmt(inputs['normal_albumin'])} g/dL.",
        f"Albumin-corrected anion gap = {fmt(ag)} + 2.5 × ({fmt(inputs['normal_albumin'])} − {fmt(inputs['albumin'])}) "
        f"= {fmt(ag)} + {fmt(adjustment)} = {fmt(corrected)} mEq/L.",
    ]


# For the verifier's formula statements (clinverify.calculators.statements.Formula): the phrases
# models use for the family's variables, and consistent values for all of them at once.
GAP_PHRASES = {
    "na": ("sodium", "na"),
    "cl": ("chloride", "cl"),
    "hco3": ("bicarbonate", "hco3", "hco₃"),
    "albumin": ("albumin",),
    "acdg": ("albumin corrected delta gap",),
    "acag": ("albumin corrected anion gap",),
    "dg": ("delta gap",),
    "ag": ("anion gap", "ag"),
    # The normals and the bicarbonate deficit written as words ("(measured anion gap − normal anion
    # gap) − (bicarbonate deficit)": Wrenn's delta gap).
    "nag": ("normal anion gap", "normal ag", "expected anion gap"),
    "nhco3": ("normal bicarbonate", "normal hco3", "normal hco₃"),
    "hco3_deficit": ("bicarbonate deficit", "hco3 deficit", "hco₃ deficit", "bicarbonate drop", "fall in bicarbonate", "decrease in bicarbonate"),
}


def gap_sample(rng: random.Random) -> dict[str, float]:
    na, cl, hco3, alb = rng.uniform(125, 150), rng.uniform(90, 115), rng.uniform(8, 30), rng.uniform(1.5, 5)
    ag = na - cl - hco3
    acag = ag + 2.5 * (4 - alb)
    return {"na": na, "cl": cl, "hco3": hco3, "albumin": alb, "ag": ag, "dg": ag - 12, "acag": acag, "acdg": acag - 12,
            "nag": 12.0, "nhco3": 24.0, "hco3_deficit": 24 - hco3}


EMMETT_NARINS = Citation(
    "Emmett M, Narins RG. Clinical use of the anion gap. Medicine (Baltimore). 1977;56(1):38-54.",
    doi="10.1097/00005792-197756010-00002",
    pmid="401925",
)
KRAUT_MADIAS = Citation(
    "Kraut JA, Madias NE. Serum anion gap: its uses and limitations in clinical medicine. Clin J Am Soc Nephrol. 2007;2(1):162-174.",
    doi="10.2215/CJN.03020906",
    pmid="17699401",
)
FIGGE = Citation(
    "Figge J, Jabor A, Kazda A, Fencl V. Anion gap and hypoalbuminemia. Crit Care Med. 1998;26(11):1807-1810.",
    doi="10.1097/00003246-199811000-00019",
    pmid="9824071",
)
WRENN = Citation(
    "Wrenn K. The delta (delta) gap: an approach to mixed acid-base disorders. Ann Emerg Med. 1990;19(11):1310-1313.",
    doi="10.1016/s0196-0644(05)82292-9",
    pmid="2240729",
)
RASTEGAR = Citation(
    "Rastegar A. Use of the ΔAG/ΔHCO3- ratio in the diagnosis of mixed acid-base disorders. J Am Soc Nephrol. 2007;18(9):2429-2431.",
    doi="10.1681/ASN.2006121408",
)

NOTE_NORMALS = "Normal anion gap 12 mEq/L and normal bicarbonate 24 mEq/L (conventional values; potassium is not included in the gap)."
NOTE_ALBUMIN = (
    "Albumin correction 2.5 mEq/L per g/dL below a normal albumin of 4.0 g/dL (Figge 1998: 0.25 per g/L); albumin in g/L is "
    "converted. An albumin above 7 g/dL (not physiological) is computed but flagged in the explanation."
)


def gap_formula(key: str, names: tuple[str, ...], text: str, *forms) -> Formula:
    """A gap formula as traces state it: the family's phrases and sampler, its accepted forms."""
    return Formula(key=key, names=names, text=text, phrases=GAP_PHRASES, sample=gap_sample, forms=forms)


# The albumin correction as traces state it in words ("2.5 mEq/L per 1 g/dL decrease in albumin"; Figge's
# 0.25 per g/L is the same slope), for the verifier.
ALBUMIN_SLOPE = Slope(("albumin",), "mEq/L", "g/dL", (("Figge 1998", 2.5),), per_analyte="albumin", adjustment="albumin_adjustment")
