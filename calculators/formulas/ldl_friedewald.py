"""LDL cholesterol by the Friedewald equation.

Friedewald, Levy & Fredrickson (Clin Chem 1972): LDL = total cholesterol − HDL − triglycerides / 5
(all in mg/dL; TG/5 estimates VLDL cholesterol). The paper excludes triglycerides above
400 mg/dL (and type III hyperlipoproteinaemia), where TG/5 no longer estimates VLDL.

``method='sampson_2020'``: the NIH equation 2 of Sampson et al. (JAMA Cardiol 2020), for triglycerides
up to 800 mg/dL:
  LDL = TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44   (mg/dL; non-HDL = TC − HDL)

``method='martin_hopkins_2013'``: Martin et al. (JAMA 2013): LDL = TC − HDL − TG/factor, the factor (the
TG:VLDL-C ratio) read from a 180-cell table by triglyceride stratum (30 rows) and non-HDL-C stratum (6
columns), all in mg/dL. The 2013 method is applied to triglycerides 7–399 mg/dL: the table starts at 7
and the paper's comparison with Friedewald is below 400 mg/dL. The table's last row (400–13975 mg/dL) is
kept as published but not used; the extended Martin-Hopkins method for 400–799 mg/dL (Sajja 2021) is
another, 240-cell table and is not offered.

The table's source. The JAMA 2013 article and its supplement were not reachable from here (only stored
copies of public code and pages), so the table was compared cell by cell across copies:
  1. CRAN package LDLcalc 2.1 (R/sysdata.rda, object dfCell180 with TGRanges180 and nonHDLRanges180);
  2. a Rust calculator that cites "Figure 2 in Martin et al. 2013" (constant ORIGINAL_FACTORS);
  3.–6. four JavaScript calculators (two Portuguese-, one Spanish-, one Russian-language page);
  and a Dart test suite that fixes the table's sum at 949.4.
Copies 1–6 agree on all 180 cells (compared by script; sum 949.4, checked in the tests).
Two copies differ and were rejected: one JavaScript page (Russian-language, mmol/L) has 3 cells of its
own (TG 76–79 × non-HDL ≥220: 4.3 for 4.2; TG 101–105 × ≥220: 4.3 for 4.5; TG ≥400 × ≥220: 6.2 for
6.7), typing slips against the six copies that agree; another has 2–3 mg/dL strata below 400: it is
LDLcalc's 360-cell table (dfCell360) with the 180-cell table's last row, not the 2013 180-cell table.
One oddity is in every copy and is kept: the factor falls from 4.4 (TG 93–96) to 4.3 (TG 97–100) at
non-HDL ≥220 mg/dL, the only cell where a factor decreases as triglycerides rise; the Dart suite also
flags it "to check at the source". What is not done: a check against the JAMA supplement itself.
Strata are read by their lower bounds, as the columns are written (<100, 100–129, …, ≥220): TG 49.5 is in
7–49, 132.86 in 127–132, non-HDL 129.5 in 100–129; values are rounded to 6 decimals first so mmol/L
conversions (129.99999…) do not fall into the stratum below. The copies' lookups differ where the cells
do not: the Rust and Spanish copies read rows by upper bounds (49.5 -> 50–56), one JavaScript copy finds
no row between whole numbers, and LDLcalc's lookup puts a value equal to a lower bound (TG 50) in the
stratum before (7–49), against the table's own labels.
"""

from bisect import bisect_right

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Version

TOTAL = Number("total_cholesterol", "mg/dL", (20.0, 2000.0), "total cholesterol", analyte="cholesterol", aliases=("Total cholesterol", "TC"))
HDL = Number(
    "hdl", "mg/dL", (2.0, 300.0), "HDL cholesterol", analyte="cholesterol",
    aliases=("high-density lipoprotein cholesterol", "HDL cholesterol", "HDL-C"),
)
TG = Number("triglycerides", "mg/dL", (5.0, 20000.0), "triglycerides (fasting)", analyte="triglycerides", aliases=("TG", "triglyceride"))

TG_LIMIT = 400.0  # mg/dL, Friedewald's stated limit
SAMPSON_TG_LIMIT = 800.0  # mg/dL, the range Sampson 2020 validated

# Martin 2013 (JAMA 310:2061), the 180-cell table: the factor (TG:VLDL-C) by triglyceride stratum (rows,
# each from its lower bound in mg/dL) and non-HDL-C stratum (columns: <100, 100–129, 130–159, 160–189,
# 190–219, ≥220 mg/dL). See the module notes for the copies compared.
MH_TG_LOWER = (7, 50, 57, 62, 67, 72, 76, 80, 84, 88, 93, 97, 101, 106, 111, 116, 121, 127, 133, 139, 147, 155, 164, 174, 186, 202, 221, 248, 293, 400)
MH_TG_UPPER = 13975  # the last row's upper bound as published
MH_NON_HDL_LOWER = (100, 130, 160, 190, 220)  # the lower bounds of columns 2–6 (column 1 is < 100)
MH_FACTORS = (
    (3.5, 3.4, 3.3, 3.3, 3.2, 3.1),  # 7–49
    (4.0, 3.9, 3.7, 3.6, 3.6, 3.4),  # 50–56
    (4.3, 4.1, 4.0, 3.9, 3.8, 3.6),  # 57–61
    (4.5, 4.3, 4.1, 4.0, 3.9, 3.9),  # 62–66
    (4.7, 4.4, 4.3, 4.2, 4.1, 3.9),  # 67–71
    (4.8, 4.6, 4.4, 4.2, 4.2, 4.1),  # 72–75
    (4.9, 4.6, 4.5, 4.3, 4.3, 4.2),  # 76–79
    (5.0, 4.8, 4.6, 4.4, 4.3, 4.2),  # 80–83
    (5.1, 4.8, 4.6, 4.5, 4.4, 4.3),  # 84–87
    (5.2, 4.9, 4.7, 4.6, 4.4, 4.3),  # 88–92
    (5.3, 5.0, 4.8, 4.7, 4.5, 4.4),  # 93–96
    (5.4, 5.1, 4.8, 4.7, 4.5, 4.3),  # 97–100
    (5.5, 5.2, 5.0, 4.7, 4.6, 4.5),  # 101–105
    (5.6, 5.3, 5.0, 4.8, 4.6, 4.5),  # 106–110
    (5.7, 5.4, 5.1, 4.9, 4.7, 4.5),  # 111–115
    (5.8, 5.5, 5.2, 5.0, 4.8, 4.6),  # 116–120
    (6.0, 5.5, 5.3, 5.0, 4.8, 4.6),  # 121–126
    (6.1, 5.7, 5.3, 5.1, 4.9, 4.7),  # 127–132
    (6.2, 5.8, 5.4, 5.2, 5.0, 4.7),  # 133–138
    (6.3, 5.9, 5.6, 5.3, 5.0, 4.8),  # 139–146
    (6.5, 6.0, 5.7, 5.4, 5.1, 4.8),  # 147–154
    (6.7, 6.2, 5.8, 5.4, 5.2, 4.9),  # 155–163
    (6.8, 6.3, 5.9, 5.5, 5.3, 5.0),  # 164–173
    (7.0, 6.5, 6.0, 5.7, 5.4, 5.1),  # 174–185
    (7.3, 6.7, 6.2, 5.8, 5.5, 5.2),  # 186–201
    (7.6, 6.9, 6.4, 6.0, 5.6, 5.3),  # 202–220
    (8.0, 7.2, 6.6, 6.2, 5.9, 5.4),  # 221–247
    (8.5, 7.6, 7.0, 6.5, 6.1, 5.6),  # 248–292
    (9.5, 8.3, 7.5, 7.0, 6.5, 5.9),  # 293–399
    (11.9, 10.0, 8.8, 8.1, 7.5, 6.7),  # 400–13975: as published, not used (TG ≥ 400 is refused)
)
MH_TG_MIN = 7.0  # mg/dL, the table's first stratum
MH_TG_LIMIT = 400.0  # mg/dL: the 2013 method is applied below it

METHOD = Choice(
    "method",
    {"friedewald_1972": (), "sampson_2020": (), "martin_hopkins_2013": ()},
    "friedewald_1972 (default; triglycerides up to 400 mg/dL), sampson_2020 (NIH equation 2; up to 800 mg/dL) "
    "or martin_hopkins_2013 (Martin 2013 180-cell factor table; triglycerides 7–399 mg/dL)",
    required=False,
    default="friedewald_1972",
)


def martin_hopkins_cell(triglycerides, non_hdl):
    """(row, column) of the Martin 2013 table for triglycerides in 7–399 mg/dL and non-HDL-C (mg/dL)."""
    return bisect_right(MH_TG_LOWER, round(triglycerides, 6)) - 1, bisect_right(MH_NON_HDL_LOWER, round(non_hdl, 6))


def _martin_hopkins(total_cholesterol, hdl, triglycerides):
    tg = round(triglycerides, 6)  # as the table lookup reads it
    if tg < MH_TG_MIN or tg >= MH_TG_LIMIT:
        where = f"below {fmt(MH_TG_MIN)} mg/dL, the lowest triglyceride stratum of the Martin-Hopkins table" if tg < MH_TG_MIN else (
            f"at or above {fmt(MH_TG_LIMIT)} mg/dL, where the Martin-Hopkins 2013 method does not apply (it is used below "
            f"{fmt(MH_TG_LIMIT)} mg/dL; the extended 2021 table is another method); measure LDL directly"
        )
        raise InputError(FieldViolation("triglycerides", f"{fmt(triglycerides)} mg/dL is {where}"), "ldl_friedewald")
    non_hdl = total_cholesterol - hdl
    row, col = martin_hopkins_cell(triglycerides, non_hdl)
    factor = MH_FACTORS[row][col]
    vldl = triglycerides / factor
    return non_hdl - vldl, {"non_hdl": non_hdl, "factor": factor, "vldl": vldl}


def compute(total_cholesterol, hdl, triglycerides, method="friedewald_1972"):
    if method == "martin_hopkins_2013":
        return _martin_hopkins(total_cholesterol, hdl, triglycerides)
    limit, source = (SAMPSON_TG_LIMIT, "Sampson equation (Sampson 2020)") if method == "sampson_2020" else (TG_LIMIT, "Friedewald equation (Friedewald 1972)")
    if triglycerides > limit:
        raise InputError(
            FieldViolation(
                "triglycerides",
                f"{fmt(triglycerides)} mg/dL is above {fmt(limit)} mg/dL, where the {source} does not apply; measure LDL directly",
            ),
            "ldl_friedewald",
        )
    if method == "sampson_2020":
        non_hdl = total_cholesterol - hdl
        vldl = triglycerides / 8.56 + triglycerides * non_hdl / 2140.0 - triglycerides**2 / 16100.0
        return total_cholesterol / 0.948 - hdl / 0.971 - vldl - 9.44, {"non_hdl": non_hdl, "vldl": vldl}
    vldl = triglycerides / 5.0
    return total_cholesterol - hdl - vldl, {"vldl": vldl}


def _strata(triglycerides, non_hdl):
    """The table's row and column labels for these values ("147–154", "130–159")."""
    row, col = martin_hopkins_cell(triglycerides, non_hdl)
    tg = f"{MH_TG_LOWER[row]}–{MH_TG_LOWER[row + 1] - 1 if row + 1 < len(MH_TG_LOWER) else MH_TG_UPPER}"
    nh = "<100" if col == 0 else f"≥{MH_NON_HDL_LOWER[col - 1]}" if col == len(MH_NON_HDL_LOWER) else f"{MH_NON_HDL_LOWER[col - 1]}–{MH_NON_HDL_LOWER[col] - 1}"
    return tg, nh


def explain(inputs, inter, value):
    if inputs["method"] == "martin_hopkins_2013":
        tc, hdl, tg = fmt(inputs["total_cholesterol"]), fmt(inputs["hdl"]), fmt(inputs["triglycerides"])
        tg_stratum, nh_stratum = _strata(inputs["triglycerides"], inter["non_hdl"])
        return [
            "Martin-Hopkins (Martin 2013): LDL = TC − HDL − TG/factor, the factor read from the 180-cell table by "
            "triglyceride and non-HDL-C strata (mg/dL; triglycerides 7–399 mg/dL).",
            f"Total cholesterol {tc} mg/dL; HDL {hdl} mg/dL; triglycerides {tg} mg/dL; non-HDL = {tc} − {hdl} = {fmt(inter['non_hdl'])} mg/dL.",
            f"Factor for triglycerides {tg_stratum} mg/dL and non-HDL-C {nh_stratum} mg/dL: {fmt(inter['factor'])}; "
            f"VLDL = {tg}/{fmt(inter['factor'])} = {fmt(inter['vldl'])} mg/dL.",
            f"LDL = {tc} − {hdl} − {fmt(inter['vldl'])} = {fmt(value)} mg/dL.",
        ]
    if inputs["method"] == "sampson_2020":
        tc, hdl, tg = fmt(inputs["total_cholesterol"]), fmt(inputs["hdl"]), fmt(inputs["triglycerides"])
        return [
            "Sampson (NIH equation 2): LDL = TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44 "
            "(mg/dL; valid for triglycerides ≤ 800 mg/dL).",
            f"Total cholesterol {tc} mg/dL; HDL {hdl} mg/dL; triglycerides {tg} mg/dL; non-HDL = {tc} − {hdl} = {fmt(inter['non_hdl'])} mg/dL.",
            f"VLDL term = {tg}/8.56 + {tg} × {fmt(inter['non_hdl'])}/2140 − {tg}²/16100 = {fmt(inter['vldl'])} mg/dL.",
            f"LDL = {tc}/0.948 − {hdl}/0.971 − {fmt(inter['vldl'])} − 9.44 = {fmt(value)} mg/dL.",
        ]
    return [
        "Friedewald: LDL = total cholesterol − HDL − triglycerides / 5 (mg/dL; valid for triglycerides ≤ 400 mg/dL).",
        f"Total cholesterol {fmt(inputs['total_cholesterol'])} mg/dL; HDL {fmt(inputs['hdl'])} mg/dL; "
        f"triglycerides {fmt(inputs['triglycerides'])} mg/dL, so VLDL ≈ {fmt(inter['vldl'])} mg/dL.",
        f"LDL = {fmt(inputs['total_cholesterol'])} − {fmt(inputs['hdl'])} − {fmt(inter['vldl'])} = {fmt(value)} mg/dL.",
    ]


# The Sampson equation (method='sampson_2020') by its distinctive constants: a convention unless the question
# asks for Friedewald's (9.44 and 8.56 are left out: a computed value can read the same).
VERSIONS = (
    Version(
        "Sampson LDL (NIH equation 2)",
        (0.948, 0.971, 2140.0, 16100.0),
        "Sampson 2020: TC/0.948 − HDL/0.971 − (TG/8.56 + TG × non-HDL/2140 − TG²/16100) − 9.44; the default is Friedewald's",
        ("friedewald",),
    ),
)


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="ldl_friedewald",
        names=("ldl cholesterol", "ldl cholestrol", "ldl"),
        text="total cholesterol − HDL − triglycerides / 5",
        phrases={
            "tc": ("total cholesterol", "total cholestrol", "tc", "total chol"),
            "hdl": ("hdl cholesterol", "hdl cholestrol", "hdl"),
            "tg": ("triglycerides", "triglyceride", "tg"),
        },
        sample=lambda r: {"tc": r.uniform(120, 300), "hdl": r.uniform(25, 90), "tg": r.uniform(50, 390)},
        forms=(lambda v: v["tc"] - v["hdl"] - v["tg"] / 5, lambda v: v["tc"] - v["hdl"] - v["tg"] / 2.2),  # mg/dL; mmol/L
        form_units=("mg/dL", "mmol/L"),
    ),
    # Friedewald's estimate of VLDL cholesterol, often stated as a step of its own ("VLDL = TG/5").
    Formula(
        key="vldl_friedewald",
        names=("vldl cholesterol", "vldl-c", "vldl"),
        text="triglycerides / 5 (mg/dL; / 2.2 in mmol/L)",
        phrases={"tg": ("triglycerides", "triglyceride", "tg")},
        sample=lambda r: {"tg": r.uniform(50, 390)},
        forms=(lambda v: v["tg"] / 5, lambda v: v["tg"] / 2.2),  # mg/dL; mmol/L
        form_units=("mg/dL", "mmol/L"),
    ),
)


CALCULATOR = Calculator(
    id="ldl_friedewald",
    medcalc_id=44,
    medcalc_name="LDL Calculated",
    name="LDL cholesterol (Friedewald)",
    category="cardiology",
    description="Calculated LDL cholesterol from total cholesterol, HDL and triglycerides.",
    inputs=(TOTAL, HDL, TG, METHOD),
    output=Output("mg/dL", "decimal", 1),
    citations=(
        Citation(
            "Friedewald WT, Levy RI, Fredrickson DS. Estimation of the concentration of low-density lipoprotein "
            "cholesterol in plasma, without use of the preparative ultracentrifuge. Clin Chem. 1972;18(6):499-502.",
            doi="10.1093/clinchem/18.6.499",
            pmid="4337382",
        ),
        Citation(
            "Martin SS, Blaha MJ, Elshazly MB, et al. Comparison of a novel method vs the Friedewald equation for estimating "
            "low-density lipoprotein cholesterol levels from the standard lipid profile. JAMA. 2013;310(19):2061-2068 "
            "(method martin_hopkins_2013).",
            doi="10.1001/jama.2013.280532",
            pmid="24240933",
        ),
        Citation(
            "Sampson M, Ling C, Sun Q, et al. A new equation for calculation of low-density lipoprotein cholesterol in "
            "patients with normolipidemia and/or hypertriglyceridemia. JAMA Cardiol. 2020;5(5):540-548 (method sampson_2020).",
            doi="10.1001/jamacardio.2020.0013",
            pmid="32101259",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "Not applicable with triglycerides above 400 mg/dL (4.5 mmol/L): an error is raised.",
        "mmol/L inputs are converted with cholesterol 38.67 and triglycerides 88.57 mg/dL per mmol/L.",
        "method='sampson_2020' gives the Sampson (NIH equation 2) estimate, valid up to triglycerides 800 mg/dL.",
        "method='martin_hopkins_2013' gives the Martin-Hopkins estimate (Martin 2013: TC − HDL − TG/factor, the factor from the "
        "180-cell table by triglyceride and non-HDL-C strata) for triglycerides 7–399 mg/dL; the extended 2021 table for "
        "400–799 mg/dL is not offered. The table was checked cell by cell across six copies (module docstring).",
    ),
    keywords=("lipids", "cholesterol", "ldl", "cardiovascular risk", "preventive cardiology"),
    population="Friedewald: 448 adults with and without hyperlipoproteinaemia (NIH); Sampson: 8656 patients with "
    "beta-quantification LDL at the NIH Clinical Center, validated in independent cohorts; Martin-Hopkins: 1 350 908 US "
    "children, adolescents and adults with ultracentrifugation lipid profiles (Very Large Database of Lipids).",
    examples=(
        "Friedewald 1972 (Clin Chem 18:499) equation: hand-calculated cases and the 400 mg/dL limit (tests/calculators/test_ldl_friedewald.py)",
        "Sampson 2020 (JAMA Cardiol 5:540) equation 2: hand-calculated cases and the 800 mg/dL limit",
        "Martin 2013 (JAMA 310:2061) 180-cell table: hand-worked cases at stratum boundaries and the 7 and 400 mg/dL limits",
    ),
)
