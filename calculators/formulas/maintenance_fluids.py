"""Maintenance IV fluid rate by the 4-2-1 rule (Holliday & Segar 1957)."""

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Rate

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))


# The rates of the rule as traces state them (the hourly 4-2-1 form and Holliday-Segar's daily form).
RATES = (
    Rate("mL/kg/hr", (4.0, 2.0, 1.0), "the 4-2-1 rule (4, 2, 1 mL/kg/hr; Holliday-Segar 100, 50, 20 mL/kg/day)", (10, 20), "the 4-2-1 rule"),
    Rate("mL/kg/day", (100.0, 50.0, 20.0), "the 4-2-1 rule (4, 2, 1 mL/kg/hr; Holliday-Segar 100, 50, 20 mL/kg/day)", (10, 20), "the 4-2-1 rule"),
)


# The rule as traces state it: one band's expression (hourly or daily), each an exact form of the
# rule over every weight ("60 mL/hr + 1 mL/kg/hr × (weight − 20)" for weights above 20 kg).
STATEMENTS = (
    Formula(
        key="maintenance_fluids",
        names=("maintenance fluid", "maintenance fluids", "maintenance fluid rate", "maintenance rate", "maintenance ivf",
               "4-2-1 rule", "holliday-segar", "fluid requirement", "hourly fluid requirement"),
        text="4 × W (≤ 10 kg); 40 + 2 × (W − 10) (10–20 kg); 60 + 1 × (W − 20) mL/hr (> 20 kg); daily 100/50/20 mL/kg",
        phrases={"w": ("weight in kilograms", "weight in kg", "body weight", "weight", "wt", "w")},
        sample=lambda r: {"w": r.uniform(25, 90)},
        forms=(
            lambda v: 60 + (v["w"] - 20), lambda v: 40 + 2 * (v["w"] - 10), lambda v: 4 * v["w"],
            lambda v: 1500 + 20 * (v["w"] - 20), lambda v: 1000 + 50 * (v["w"] - 10), lambda v: 100 * v["w"],
        ),
    ),
)


def compute(weight: float):
    # 4 mL/kg/h for the first 10 kg, 2 mL/kg/h for the next 10 kg, 1 mL/kg/h beyond 20 kg.
    first = 4.0 * min(weight, 10.0)
    second = 2.0 * min(max(weight - 10.0, 0.0), 10.0)
    rest = 1.0 * max(weight - 20.0, 0.0)
    return first + second + rest, {"first_10_kg": first, "next_10_kg": second, "above_20_kg": rest}


def explain(inputs, inter, value):
    w = inputs["weight"]
    return [
        "4-2-1 rule: 4 mL/kg/h for the first 10 kg, 2 mL/kg/h for the next 10 kg, 1 mL/kg/h for each kg above 20.",
        f"Weight {fmt(w)} kg: {fmt(inter['first_10_kg'])} + {fmt(inter['next_10_kg'])} + {fmt(inter['above_20_kg'])} = {fmt(value)} mL/hr.",
    ]


CALCULATOR = Calculator(
    id="maintenance_fluids",
    medcalc_id=22,
    medcalc_name="Maintenance Fluids Calculations",
    name="Maintenance fluids (4-2-1 rule)",
    category="fluids",
    description="Hourly maintenance fluid requirement from body weight.",
    inputs=(WEIGHT,),
    output=Output("mL/hr", "decimal", 1),
    citations=(Citation("Holliday MA, Segar WE. The maintenance need for water in parenteral fluid therapy. Pediatrics. 1957;19(5):823-832.", doi="10.1542/peds.19.5.823", pmid="13431307"),),
    compute_fn=compute,
    explain_fn=explain,
    notes=(
        "The hourly 4-2-1 rule is the usual bedside form of Holliday & Segar's 100/50/20 mL/kg/day "
        "(÷ 24 = 4.2/2.1/0.8 mL/kg/h); it gives slightly more than the daily rule ÷ 24 above 20 kg.",
    ),
    keywords=('pediatrics', 'holliday-segar', 'intravenous fluids', 'fluid therapy'),
    examples=('Holliday & Segar 1957 (Pediatrics 19:823) 100/50/20 mL/kg/day as 4-2-1 mL/kg/h: hand-calculated cases (tests/calculators/test_maintenance_fluids.py)',),
    population='Hospitalised children (Holliday & Segar 1957, from energy expenditure by weight); used for adults by extension.',
)
