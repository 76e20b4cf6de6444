"""Corticosteroid dose conversion by glucocorticoid-equivalent doses (anti-inflammatory potency)."""

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Factor

# Dose (mg) equivalent to 5 mg prednisone, by drug and route (Liu et al. 2013, Table 1; the same
# equivalences MDCalc lists). Routes given separately because users name them.
EQUIVALENT_MG: dict[str, float] = {
    "Betamethasone IV": 0.75,
    "Cortisone PO": 25.0,
    "Dexamethasone IV": 0.75,
    "Dexamethasone PO": 0.75,
    "Hydrocortisone IV": 20.0,
    "Hydrocortisone PO": 20.0,
    "MethylPrednisoLONE IV": 4.0,
    "MethylPrednisoLONE PO": 4.0,
    "PrednisoLONE PO": 5.0,
    "PredniSONE PO": 5.0,
    "Triamcinolone IV": 4.0,
}
_SPELL = {k: (k.lower(), k.replace(" IV", "").replace(" PO", "").lower() + (" iv" if k.endswith("IV") else " po")) for k in EQUIVALENT_MG}

DRUG_FROM = Choice("from_drug", _SPELL, "corticosteroid given (drug and route)", aliases=("input drug", "from"))
DOSE = Number("dose", "mg", (0.01, 5000.0), "dose of the corticosteroid given", aliases=("input dose",))
DRUG_TO = Choice("to_drug", _SPELL, "corticosteroid to convert to", aliases=("target steroid", "target drug", "to"))


# Equivalent doses as traces state them ("0.75 mg dexamethasone = 5 mg prednisone").
_NAMES = {
    "Betamethasone": ("betamethasone", "celestone"),
    "Cortisone": ("cortisone",),
    "Dexamethasone": ("dexamethasone", "decadron"),
    "Hydrocortisone": ("hydrocortisone", "solu-cortef", "cortef"),
    "MethylPrednisoLONE": ("methylprednisolone", "solu-medrol", "medrol"),
    "PrednisoLONE": ("prednisolone",),
    "PredniSONE": ("prednisone",),
    "Triamcinolone": ("triamcinolone", "kenalog"),
}
EQUIVALENTS = tuple(
    Factor(names, next(v for k, v in EQUIVALENT_MG.items() if k.split()[0] == drug), "mg") for drug, names in _NAMES.items()
)


def medcalc_entities(entities: Mapping[str, Any]) -> Mapping[str, Any]:
    """MedCalc-Bench writes the input as {"input steroid": [drug, dose, unit]}."""
    raw = entities.get("input steroid")
    if isinstance(raw, (list, tuple)) and len(raw) == 3:
        out = {k: v for k, v in entities.items() if k != "input steroid"}
        out["from_drug"] = raw[0]
        out["dose"] = [raw[1], raw[2]]
        return out
    return entities


def compute(from_drug: str, dose: float, to_drug: str):
    factor = EQUIVALENT_MG[to_drug] / EQUIVALENT_MG[from_drug]
    return dose * factor, {"conversion_factor": factor, "prednisone_equivalent_mg": dose * 5.0 / EQUIVALENT_MG[from_drug]}


def explain(inputs, inter, value):
    a, b = inputs["from_drug"], inputs["to_drug"]
    return [
        f"Equivalent doses: {fmt(EQUIVALENT_MG[a])} mg {a} = {fmt(EQUIVALENT_MG[b])} mg {b} (= 5 mg prednisone).",
        f"Conversion factor = {fmt(EQUIVALENT_MG[b])} / {fmt(EQUIVALENT_MG[a])} = {fmt(inter['conversion_factor'], 4)}.",
        f"{fmt(inputs['dose'])} mg {a} × {fmt(inter['conversion_factor'], 4)} = {fmt(value)} mg {b}.",
    ]


CALCULATOR = Calculator(
    id="steroid_conversion",
    medcalc_id=24,
    medcalc_name="Steroid Conversion Calculator",
    name="Corticosteroid dose conversion",
    category="pharmacology",
    description="Equivalent dose of another corticosteroid (glucocorticoid potency).",
    inputs=(DRUG_FROM, DOSE, DRUG_TO),
    output=Output("mg", "decimal", 2),
    citations=(
        Citation(
            "Liu D, Ahmet A, Ward L, et al. A practical guide to the monitoring and management of the complications of systemic "
            "corticosteroid therapy. Allergy Asthma Clin Immunol. 2013;9(1):30 (Table 1).",
            doi="10.1186/1710-1492-9-30",
            pmid="23947590",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=medcalc_entities,
    notes=("Equivalence is by glucocorticoid (anti-inflammatory) potency; mineralocorticoid effects differ.",),
    keywords=('corticosteroids', 'glucocorticoids', 'dose equivalence', 'endocrinology', 'prednisone', 'prednisolone', 'methylprednisolone', 'dexamethasone', 'hydrocortisone', 'steroid equivalence'),
    examples=('Liu 2013 (Allergy Asthma Clin Immunol 9:30) Table 1 equivalent doses: conversions between the listed steroids (tests/calculators/test_steroid_conversion.py)',),
    population='Equivalent anti-inflammatory doses of systemic glucocorticoids (Liu 2013 review); not mineralocorticoid effect.',
)
