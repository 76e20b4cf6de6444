"""Alveolar–arterial oxygen gradient: PAO2 − PaO2, PAO2 = FiO2 (Patm − PH2O) − PaCO2 / RQ."""

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.inputs import Number, age
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

INPUTS = (
    Number("fio2", "", (0.21, 1.0), "inspired oxygen fraction (0.21-1.0; a percentage is converted)", aliases=("FiO₂", "FiO2")),
    Number("pao2", "mmHg", (10.0, 700.0), "arterial PaO2", aliases=("PaO₂", "PaO2")),
    Number("paco2", "mmHg", (5.0, 200.0), "arterial PaCO2", aliases=("PaCO₂", "PaCO2")),
    Number("atmospheric_pressure", "mmHg", (300.0, 800.0), "barometric pressure (760 at sea level)", required=False, default=760.0),
    age(required=False),
)


def percent_fio2(entities: Mapping[str, Any]) -> Mapping[str, Any]:
    """FiO2 given as a percentage (40, [40, '%']) becomes a fraction."""
    out = dict(entities)
    for k, v in entities.items():
        if isinstance(k, str) and k.strip().lower() in ("fio2", "fio₂"):
            val = v[0] if isinstance(v, (list, tuple)) and v else v
            if isinstance(val, (int, float)) and not isinstance(val, bool) and val > 1:
                out[k] = val / 100.0
    return out


WATER_VAPOUR = 47.0  # mmHg, saturated at 37 °C
RQ = 0.8  # respiratory quotient


def compute(fio2: float, pao2: float, paco2: float, atmospheric_pressure: float = 760.0, age: float | None = None):
    alveolar = fio2 * (atmospheric_pressure - WATER_VAPOUR) - paco2 / RQ
    inter = {"alveolar_po2": alveolar}
    if age is not None:
        inter["expected_gradient"] = age / 4.0 + 4.0
    return alveolar - pao2, inter


def explain(inputs, inter, value):
    lines = [
        "A–a gradient = PAO2 − PaO2, with PAO2 = FiO2 × (Patm − 47) − PaCO2 / 0.8.",
        f"PAO2 = {fmt(inputs['fio2'])} × ({fmt(inputs['atmospheric_pressure'])} − 47) − {fmt(inputs['paco2'])} / 0.8 = {fmt(inter['alveolar_po2'])} mmHg.",
        f"A–a gradient = {fmt(inter['alveolar_po2'])} − {fmt(inputs['pao2'])} = {fmt(value)} mmHg.",
    ]
    if "expected_gradient" in inter:
        lines.append(f"Expected for age ≈ age/4 + 4 = {fmt(inter['expected_gradient'])} mmHg.")
    return lines


# The alveolar gas equation as traces state it, for the verifier (clinverify.calculators.statements):
# with the barometric pressure named ("FiO2 × (Patm − 47) − PaCO2 / 0.8") or at sea level
# ("FiO2 × 713 − PaCO2 / 0.8", the text a substitution written alone is compared with); a value
# written for a name is the substitution's to check. APACHE II
# declares the same statement (its A-a gradient's first term). The A–a gradient itself (PAO2 − PaO2)
# is not declared: its two names differ only in case.
ALVEOLAR_GAS = Formula(
    key="alveolar_po2",
    names=("pao2", "pao₂", "p_ao_2", "p_a o_2", "alveolar po2", "alveolar pao2", "alveolar oxygen", "alveolar o2", "alveolar oxygen tension",
           "alveolar gas equation"),
    text="FiO2 × 713 − PaCO2 / 0.8 (Sea-level; elsewhere FiO2 × (Patm − 47) − PaCO2 / 0.8)",
    phrases={
        "fio2": ("fraction of inspired oxygen", "fio2", "fio₂", "fi o2", "fio_2"),
        "patm": ("barometric pressure", "atmospheric pressure", "patm", "p_atm", "pb", "p_b"),
        "paco2": ("paco2", "paco₂", "pa co2", "paco_2"),
    },
    sample=lambda r: {"fio2": r.uniform(0.21, 1.0), "patm": r.uniform(600.0, 770.0), "paco2": r.uniform(20.0, 80.0)},
    forms=(lambda v: v["fio2"] * (v["patm"] - WATER_VAPOUR) - v["paco2"] / RQ, lambda v: v["fio2"] * (760.0 - WATER_VAPOUR) - v["paco2"] / RQ),
)
STATEMENTS = (ALVEOLAR_GAS,)

CALCULATOR = Calculator(
    id="aa_gradient",
    name="Alveolar–arterial (A–a) O2 gradient",
    category="pulmonology",
    description="Difference between alveolar and arterial oxygen tension (hypoxaemia work-up).",
    inputs=INPUTS,
    output=Output("mmHg", "decimal", 1),
    citations=(
        Citation("West JB. Respiratory Physiology: The Essentials. 10th ed. Wolters Kluwer; 2016 (alveolar gas equation)."),
        Citation("Mellemgaard K. The alveolar-arterial oxygen difference: its size and components in normal man. Acta Physiol Scand. 1966;67(1):10-20.", doi="10.1111/j.1748-1716.1966.tb03281.x", pmid="5963295"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=percent_fio2,
    keywords=('respiratory failure', 'hypoxaemia', 'arterial blood gas', 'critical care', 'oxygenation', 'abg', 'a-a gradient', 'alveolar-arterial', 'hypoxemia'),
    examples=('Alveolar gas equation (West, Respiratory Physiology 10th ed. 2016): hand-calculated cases (tests/calculators/test_aa_gradient.py)',),
    population='A physiological formula, not derived from a patient cohort; the normal gradient rises with age (about age/4 + 4 mmHg).',
)
