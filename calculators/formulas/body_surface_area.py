"""Body surface area (Mosteller 1987): √(height cm × weight kg / 3600)."""

import math

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))
HEIGHT = Number("height", "cm", (20.0, 275.0), "height", aliases=("body height",))


def compute(weight: float, height: float):
    product = height * weight
    return math.sqrt(product / 3600.0), {"height_x_weight": product}


def explain(inputs, inter, value):
    return [
        "Mosteller: BSA = √(height (cm) × weight (kg) / 3600).",
        f"BSA = √({fmt(inputs['height'])} × {fmt(inputs['weight'])} / 3600) = {fmt(value)} m².",
    ]


CALCULATOR = Calculator(
    id="body_surface_area",
    medcalc_id=60,
    medcalc_name="Body Surface Area Calculator",
    name="Body surface area (Mosteller)",
    category="anthropometry",
    description="Body surface area for dosing (chemotherapy, cardiac index).",
    inputs=(WEIGHT, HEIGHT),
    output=Output("m^2", "decimal", 2),
    citations=(Citation("Mosteller RD. Simplified calculation of body-surface area. N Engl J Med. 1987;317(17):1098.", doi="10.1056/NEJM198710223171717", pmid="3657876"),),
    compute_fn=compute,
    explain_fn=explain,
)
