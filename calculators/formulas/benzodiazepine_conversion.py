"""Benzodiazepine dose conversion by approximate oral equivalents (diazepam 10 mg).

Ashton, Benzodiazepines: How They Work and How to Withdraw (the Ashton Manual, 2002), equivalence
table: the oral dose approximately equivalent to 10 mg diazepam. The US Department of Veterans
Affairs / Department of Defense clinical practice guideline for substance use disorders (2021)
lists other equivalents for several drugs; the tables differ because they rest on clinical
experience, not on pharmacokinetic studies, and the guidelines say equivalents are approximate
and must be individualised (age, hepatic function, interacting drugs), with cross-tapering over
1-2 weeks rather than an abrupt switch.
  dose of B = dose of A × (equivalent of B / equivalent of A).
"""

from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Factor

# mg approximately equivalent to 10 mg oral diazepam. Ashton 2002 gives ranges for estazolam (1-2 mg) and
# flurazepam (15-30 mg): the lower figure is used. Both tables as compared in a 2021-era guideline table
# (Ashton Manual 2002 beside the VA/DoD SUD CPG 2021).
TABLES: dict[str, dict[str, float]] = {
    "ashton_2002": {"alprazolam": 0.5, "chlordiazepoxide": 25.0, "clonazepam": 0.5, "clorazepate": 15.0, "diazepam": 10.0,
                    "estazolam": 1.0, "flurazepam": 15.0, "lorazepam": 1.0, "oxazepam": 20.0, "quazepam": 20.0,
                    "temazepam": 20.0, "triazolam": 0.5},
    "va_dod_2021": {"alprazolam": 1.0, "chlordiazepoxide": 25.0, "clonazepam": 1.0, "clorazepate": 15.0, "diazepam": 10.0,
                    "estazolam": 1.0, "flurazepam": 15.0, "lorazepam": 2.0, "oxazepam": 30.0, "quazepam": 10.0,
                    "temazepam": 15.0, "triazolam": 0.25},
}
TABLE_NAMES = {"ashton_2002": "Ashton Manual 2002", "va_dod_2021": "VA/DoD 2021"}
RANGES = {"ashton_2002": {"estazolam": "1–2 mg", "flurazepam": "15–30 mg"}}
BRANDS = {"alprazolam": ("xanax",), "chlordiazepoxide": ("librium",), "clonazepam": ("klonopin", "rivotril"),
          "clorazepate": ("tranxene",), "diazepam": ("valium",), "estazolam": ("prosom",), "flurazepam": ("dalmane",),
          "lorazepam": ("ativan",), "oxazepam": ("serax",), "quazepam": ("doral",), "temazepam": ("restoril",),
          "triazolam": ("halcion",)}

DRUG_FROM = Choice("from_drug", BRANDS, "benzodiazepine taken (oral)", aliases=("input drug", "from", "current benzodiazepine"))
DOSE = Number("dose", "mg", (0.01, 2000.0), "dose of the benzodiazepine taken (oral, mg)", aliases=("input dose", "daily dose"))
DRUG_TO = Choice("to_drug", BRANDS, "benzodiazepine to convert to (diazepam unless given)", required=False, default="diazepam",
                 aliases=("target drug", "to", "target benzodiazepine"))
GUIDELINE = Choice("guideline", {"ashton_2002": ("ashton", "ashton manual"), "va_dod_2021": ("va/dod", "va", "va dod")},
                   "equivalence table: the Ashton Manual (default) or the VA/DoD 2021 guideline", required=False,
                   default="ashton_2002")

# Equivalent doses as traces state them ("0.5 mg alprazolam = 10 mg diazepam"); VA/DoD's figure as the alternative.
EQUIVALENTS = tuple(
    Factor((drug, *BRANDS[drug]), mg, "mg",
           {"VA/DoD 2021": TABLES["va_dod_2021"][drug]} if TABLES["va_dod_2021"][drug] != mg else {})
    for drug, mg in TABLES["ashton_2002"].items()
)


def compute(from_drug: str, dose: float, to_drug: str = "diazepam", guideline: str = "ashton_2002"):
    table = TABLES[guideline]
    factor = table[to_drug] / table[from_drug]
    return dose * factor, {"conversion_factor": factor, "diazepam_equivalent_mg": dose * 10.0 / table[from_drug]}


def explain(inputs, inter, value):
    g = inputs.get("guideline") or "ashton_2002"
    a, b = inputs["from_drug"], inputs.get("to_drug") or "diazepam"
    table = TABLES[g]
    lines = [
        f"Approximate oral equivalents ({TABLE_NAMES[g]}): {fmt(table[a])} mg {a} ≈ {fmt(table[b])} mg {b} "
        f"(≈ 10 mg diazepam).",
        f"Conversion factor = {fmt(table[b])} / {fmt(table[a])} = {fmt(inter['conversion_factor'], 4)}; "
        f"{fmt(inputs['dose'])} mg {a} ≈ {fmt(inter['diazepam_equivalent_mg'])} mg diazepam.",
        f"{fmt(inputs['dose'])} mg {a} × {fmt(inter['conversion_factor'], 4)} = {fmt(value)} mg {b}.",
    ]
    for drug in dict.fromkeys((a, b)):
        if drug in RANGES.get(g, {}):
            lines.append(f"The table gives a range for {drug} ({RANGES[g][drug]} ≈ 10 mg diazepam); the lower figure is used.")
    lines.append("Equivalents are approximate and tables differ: individualise, and switch gradually.")
    return lines


CALCULATOR = Calculator(
    id="benzodiazepine_conversion",
    name="Benzodiazepine dose conversion (diazepam equivalents)",
    category="pharmacology",
    description="Approximately equivalent oral dose of another benzodiazepine, and the diazepam equivalent, from the Ashton "
                "Manual (default) or the VA/DoD 2021 table.",
    inputs=(DRUG_FROM, DOSE, DRUG_TO, GUIDELINE),
    output=Output("mg", "decimal", 2),
    citations=(
        Citation(
            "Ashton CH. Benzodiazepines: How They Work and How to Withdraw (The Ashton Manual). Newcastle upon Tyne; 2002. "
            "Benzodiazepine equivalence table.",
            url="https://www.benzo.org.uk/manual/",
        ),
        Citation(
            "Ashton CH. The diagnosis and management of benzodiazepine dependence. Curr Opin Psychiatry. "
            "2005;18(3):249-255.",
            doi="10.1097/01.yco.0000165594.60434.84",
        ),
        Citation(
            "US Department of Veterans Affairs, Department of Defense. VA/DoD Clinical Practice Guideline for the "
            "Management of Substance Use Disorders, version 4.0. 2021.",
            url="https://www.healthquality.va.gov/guidelines/MH/sud/",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("benzodiazepines", "diazepam equivalent", "dose equivalence", "taper", "withdrawal", "psychiatry",
              "addiction medicine", "substance use"),
    population="Adults taking oral benzodiazepines, for switching and tapering (equivalents from clinical experience, not "
               "from trials).",
    examples=("Ashton Manual (2002) equivalence table and the VA/DoD 2021 table as compared side by side in a guideline "
              "table: hand-worked conversions for each table (no patient example is published)",),
    increasing=("dose",),
    notes=(
        "Tables differ (alprazolam 0.5 vs 1 mg, lorazepam 1 vs 2 mg, clonazepam 0.5 vs 1 mg, oxazepam 20 vs 30 mg, "
        "temazepam 20 vs 15 mg ≈ 10 mg diazepam in the Ashton and VA/DoD tables): choose with guideline=.",
        "Ashton gives ranges for estazolam (1–2 mg) and flurazepam (15–30 mg); the lower figure is used and the "
        "explanation says so.",
        "Oral doses only. Equivalents are approximate: individualise (age, liver function, interacting drugs) and "
        "cross-taper over 1–2 weeks; never use a conversion to start a dose abruptly.",
        "The two tables were taken from a guideline's side-by-side table of them (Ashton Manual 2002 and VA/DoD SUD CPG "
        "2021); the VA/DoD guideline itself was not consulted in this session.",
    ),
)
