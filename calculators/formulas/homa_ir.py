"""HOMA-IR, the homeostasis model assessment of insulin resistance.

Matthews et al. (Diabetologia 1985), the approximating equation:
  HOMA-IR = fasting insulin (µU/mL) × fasting glucose (mmol/L) / 22.5
          = fasting insulin (µU/mL) × fasting glucose (mg/dL) / 405   (405 = 22.5 × 18)
"""

from collections.abc import Mapping

from clinverify.calculators.inputs import Invalid, Number, split_value_unit, to_float
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

GLUCOSE = Number("glucose", "mg/dL", (10.0, 2000.0), "fasting plasma glucose", analyte="glucose", aliases=("fasting glucose", "fasting plasma glucose", "fasting blood sugar", "blood sugar", "sugar"))
INSULIN = Number("insulin", "uIU/mL", (0.1, 3000.0), "fasting insulin", analyte="insulin", aliases=("fasting insulin",))

_PMOL_PER_UIU = 6.0  # insulin: 1 µIU/mL = 6.00 pmol/L (the clinical convention)
_PMOL_SPELLINGS = {"pmol/l", "pmol/liter", "pmol / l"}


def adapt(entities: Mapping) -> Mapping:
    """Insulin in pmol/L -> µIU/mL (÷ 6); the shared unit layer cannot yet convert IU <-> mol.

    Only rewrites a value whose unit is literally pmol/L; anything else is left to the parser.
    """
    for key, raw in entities.items():
        if isinstance(key, str) and key.strip().lower() in ("insulin", "fasting insulin"):
            try:
                value, unit = split_value_unit(raw)
                if isinstance(unit, str) and unit.strip().lower() in _PMOL_SPELLINGS:
                    out = dict(entities)
                    out[key] = [to_float(value) / _PMOL_PER_UIU, "uIU/mL"]
                    return out
            except Invalid:
                pass  # malformed values are reported by the parser
            return entities
    return entities


def compute(glucose, insulin):
    return insulin * glucose / 405.0, {"glucose_mmol_l": glucose / 18.0}


def explain(inputs, inter, value):
    return [
        "HOMA-IR = fasting insulin (µIU/mL) × fasting glucose (mg/dL) / 405 (equivalently × glucose in mmol/L / 22.5).",
        f"Insulin {fmt(inputs['insulin'])} µIU/mL; glucose {fmt(inputs['glucose'])} mg/dL.",
        f"HOMA-IR = {fmt(inputs['insulin'])} × {fmt(inputs['glucose'])} / 405 = {fmt(value)}.",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="homa_ir",
        names=("homa-ir", "homa ir"),
        text="insulin × glucose / 405",
        phrases={"insulin": ("fasting insulin", "insulin"), "glucose": ("fasting glucose", "glucose")},
        sample=lambda r: {"insulin": r.uniform(2, 60), "glucose": r.uniform(60, 300)},
        # With glucose in mmol/L the divisor is 22.5 (Matthews 1985): right only in those units.
        forms=(lambda v: v["insulin"] * v["glucose"] / 405, lambda v: v["insulin"] * v["glucose"] / 22.5),
        form_units=("mg/dL", "mmol/L"),
    ),
)


CALCULATOR = Calculator(
    id="homa_ir",
    medcalc_id=31,
    medcalc_name="HOMA-IR (Homeostatic Model Assessment for Insulin Resistance)",
    name="HOMA-IR",
    category="endocrinology",
    description="Insulin resistance estimated from fasting insulin and glucose.",
    inputs=(GLUCOSE, INSULIN),
    output=Output("", "decimal", 2),
    citations=(
        Citation(
            "Matthews DR, Hosker JP, Rudenski AS, Naylor BA, Treacher DF, Turner RC. Homeostasis model assessment: "
            "insulin resistance and beta-cell function from fasting plasma glucose and insulin concentrations in man. "
            "Diabetologia. 1985;28(7):412-419.",
            doi="10.1007/BF00280883",
            pmid="3899825",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=adapt,
    notes=(
        "Fasting values. Glucose in mmol/L is converted to mg/dL (18.016 mg/dL per mmol/L) before dividing by 405.",
        "Insulin in pmol/L is converted at 6 pmol/L per µIU/mL.",
    ),
    keywords=('insulin resistance', 'diabetes', 'metabolic syndrome'),
    examples=('Matthews 1985 (Diabetologia 28:412) insulin × glucose / 22.5: hand-calculated cases (tests/calculators/test_homa_ir.py)',),
    population='A structural model of glucose-insulin homeostasis, compared with clamp measurements in normal and diabetic subjects (Matthews 1985).',
)
