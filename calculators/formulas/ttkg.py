"""Transtubular potassium gradient (TTKG).

West et al. (Miner Electrolyte Metab 1986); expected values by Ethier et al. (Am J Kidney Dis 1990):
  TTKG = (urine K / plasma K) / (urine osmolality / plasma osmolality)
       = (urine K × plasma osmolality) / (plasma K × urine osmolality).
The index assumes the urine is at least iso-osmolal to plasma (urine osmolality > plasma
osmolality) and contains enough sodium (urine Na > 25 mmol/L) for distal potassium secretion.
Ethier 1990: hypokalaemia of non-renal origin 0.9 ± 0.2, hyperaldosteronism 6.7 ± 1.3; after a
potassium load 13.1 ± 3.8. In hyperkalaemia a TTKG < 7 suggests mineralocorticoid deficiency or
resistance; in hypokalaemia a TTKG < 3 suggests extrarenal loss and > 7 renal loss.
"""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

URINE_POTASSIUM = Number("urine_potassium", "mmol/L", (0.5, 400.0), "urine potassium", analyte="potassium",
                         aliases=("urinary potassium", "urine K"))
POTASSIUM = Number("potassium", "mmol/L", (1.0, 12.0), "serum (plasma) potassium", analyte="potassium",
                   aliases=("serum potassium", "plasma potassium", "K"))
URINE_OSMOLALITY = Number("urine_osmolality", "mOsm/kg", (30.0, 1600.0), "urine osmolality", aliases=("urinary osmolality", "urine osm"))
SERUM_OSMOLALITY = Number("serum_osmolality", "mOsm/kg", (200.0, 450.0), "serum (plasma) osmolality",
                          aliases=("plasma osmolality", "serum osm", "plasma osm"))


def compute(urine_potassium, potassium, urine_osmolality, serum_osmolality):
    potassium_ratio = urine_potassium / potassium
    osmolality_ratio = urine_osmolality / serum_osmolality
    return potassium_ratio / osmolality_ratio, {"potassium_ratio": potassium_ratio, "osmolality_ratio": osmolality_ratio}


def explain(inputs, inter, value):
    lines = [
        "TTKG = (urine K / plasma K) / (urine osmolality / plasma osmolality).",
        f"Urine K {fmt(inputs['urine_potassium'])} mmol/L; plasma K {fmt(inputs['potassium'])} mmol/L "
        f"(ratio {fmt(inter['potassium_ratio'])}); urine osmolality {fmt(inputs['urine_osmolality'])} mOsm/kg; "
        f"plasma osmolality {fmt(inputs['serum_osmolality'])} mOsm/kg (ratio {fmt(inter['osmolality_ratio'])}).",
        f"TTKG = {fmt(inter['potassium_ratio'])} / {fmt(inter['osmolality_ratio'])} = {fmt(value)}.",
    ]
    if inputs["urine_osmolality"] <= inputs["serum_osmolality"]:
        lines.append("Urine osmolality is not above plasma osmolality: the TTKG is not interpretable.")
    else:
        lines.append("Hyperkalaemia: TTKG < 7 suggests mineralocorticoid deficiency or resistance. "
                     "Hypokalaemia: TTKG < 3 suggests extrarenal loss, > 7 renal loss (urine Na must exceed 25 mmol/L).")
    return lines


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="ttkg",
        names=("transtubular potassium gradient", "ttkg", "trans-tubular potassium gradient"),
        text="(urine K × plasma osmolality) / (plasma K × urine osmolality)",
        phrases={
            "uk": ("urine potassium", "urine k", "urinary potassium"),
            "pk": ("serum potassium", "plasma potassium", "serum k", "plasma k", "potassium"),
            "uosm": ("urine osmolality", "urine osm"),
            "posm": ("serum osmolality", "plasma osmolality", "serum osm", "plasma osm"),
        },
        sample=lambda r: {"uk": r.uniform(10, 120), "pk": r.uniform(2.5, 7.5), "uosm": r.uniform(300, 900), "posm": r.uniform(270, 320)},
        forms=(lambda v: v["uk"] * v["posm"] / (v["pk"] * v["uosm"]),),
    ),
)


CALCULATOR = Calculator(
    id="ttkg",
    name="Transtubular potassium gradient (TTKG)",
    category="electrolytes",
    description="Index of potassium secretion in the cortical collecting duct, for hypo- and hyperkalaemia (valid when urine osmolality > plasma).",
    inputs=(URINE_POTASSIUM, POTASSIUM, URINE_OSMOLALITY, SERUM_OSMOLALITY),
    output=Output("", "decimal", 1),
    citations=(
        Citation(
            "West ML, Marsden PA, Richardson RM, Zettle RM, Halperin ML. New clinical approach to evaluate disorders of "
            "potassium excretion. Miner Electrolyte Metab. 1986;12(4):234-238.",
            url="https://pubmed.ncbi.nlm.nih.gov/?term=West+ML+New+clinical+approach+to+evaluate+disorders+of+potassium+excretion",
        ),
        Citation(
            "Ethier JH, Kamel KS, Magner PO, Lemann J Jr, Halperin ML. The transtubular potassium concentration in "
            "patients with hypokalemia and hyperkalemia. Am J Kidney Dis. 1990;15(4):309-315.",
            url="https://pubmed.ncbi.nlm.nih.gov/?term=Ethier+transtubular+potassium+concentration+hypokalemia+hyperkalemia",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("urine_potassium", "serum_osmolality"),
    decreasing=("potassium", "urine_osmolality"),
    keywords=('potassium', 'hyperkalemia', 'hypokalemia', 'aldosterone', 'nephrology', 'hypokalaemia', 'hyperkalaemia', 'transtubular potassium gradient'),
    population='Normal subjects under potassium and mineralocorticoid loads and patients with dyskalaemia (West 1986; Ethier 1990).',
    examples=('J Med Case Reports 2011;5:114 (doi:10.1186/1752-1947-5-114) Table 4: TTKG 5.3; West 1986 / Ethier 1990 formula: '
              'hand-worked hypo- and hyperkalaemia cases and the osmolality condition (tests/calculators/test_ttkg.py)',),
    notes=(
        "Interpretable only when urine osmolality exceeds plasma osmolality and urine sodium exceeds 25 mmol/L; "
        "the explanation says when the osmolality condition fails (the value is still computed).",
        "Its authors later advised against the TTKG because urea recycling in the medulla breaks its assumption "
        "(Kamel & Halperin 2011); it remains in clinical use.",
    ),
)
