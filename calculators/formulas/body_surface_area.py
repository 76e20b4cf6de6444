"""Body surface area (Mosteller 1987): √(height cm × weight kg / 3600)."""

import math

from clinverify.calculators.inputs import Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Version

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))
HEIGHT = Number("height", "cm", (20.0, 275.0), "height", aliases=("body height",))


# Other published BSA formulas (Du Bois 1916, Haycock 1978, Gehan-George 1970, Boyd 1935): a
# trace may use one when the question names none.
VERSIONS = (
    Version("Du Bois BSA", (0.007184, 0.425, 0.725), "Du Bois & Du Bois 1916: 0.007184 × W^0.425 × H^0.725", ("mosteller",)),
    Version("Haycock BSA", (0.024265, 0.5378, 0.3964), "Haycock 1978: 0.024265 × W^0.5378 × H^0.3964", ("mosteller",)),
    Version("Gehan-George BSA", (0.0235, 0.51456, 0.42246), "Gehan & George 1970: 0.0235 × W^0.51456 × H^0.42246", ("mosteller",)),
)


def compute(weight: float, height: float):
    product = height * weight
    return math.sqrt(product / 3600.0), {"height_x_weight": product}


def explain(inputs, inter, value):
    return [
        "Mosteller: BSA = √(height (cm) × weight (kg) / 3600).",
        f"BSA = √({fmt(inputs['height'])} × {fmt(inputs['weight'])} / 3600) = {fmt(value)} m².",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="body_surface_area",
        names=("body surface area", "bsa"),
        text="√(weight × height / 3600)",
        phrases={"weight": ("weight",), "height": ("height",)},
        sample=lambda r: {"weight": r.uniform(30, 150), "height": r.uniform(120, 210)},
        forms=(lambda v: math.sqrt(v["weight"] * v["height"] / 3600),),
    ),
)


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
