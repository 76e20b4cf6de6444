"""Body surface area (Mosteller 1987): √(height cm × weight kg / 3600).

``method`` selects another published formula (W weight in kg, H height in cm, BSA in m²):
  du_bois_1916       0.007184 × W^0.425 × H^0.725                          (Du Bois & Du Bois 1916)
  haycock_1978       0.024265 × W^0.5378 × H^0.3964                        (Haycock et al. 1978)
  gehan_george_1970  0.0235 × W^0.51456 × H^0.42246                        (Gehan & George 1970)
  boyd_1935          0.0003207 × H^0.3 × (1000 W)^(0.7285 − 0.0188 log10(1000 W))   (Boyd 1935; weight in grams)
"""

import math

from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Version

WEIGHT = Number("weight", "kg", (0.3, 650.0), "body weight", aliases=("body weight",))
HEIGHT = Number("height", "cm", (20.0, 275.0), "height", aliases=("body height",))


# Other published BSA formulas (Du Bois 1916, Haycock 1978, Gehan-George 1970, Boyd 1935), each also a
# ``method`` option: a trace may use one when the question names none.
VERSIONS = (
    Version("Du Bois BSA", (0.007184, 0.425, 0.725), "Du Bois & Du Bois 1916: 0.007184 × W^0.425 × H^0.725", ("mosteller",)),
    Version("Haycock BSA", (0.024265, 0.5378, 0.3964), "Haycock 1978: 0.024265 × W^0.5378 × H^0.3964", ("mosteller",)),
    Version("Gehan-George BSA", (0.0235, 0.51456, 0.42246), "Gehan & George 1970: 0.0235 × W^0.51456 × H^0.42246", ("mosteller",)),
    Version("Boyd BSA", (0.0003207, 0.7285, 0.0188), "Boyd 1935: 0.0003207 × H^0.3 × W(g)^(0.7285 − 0.0188 log10 W(g))", ("mosteller",)),
)


# The power-law formulas: coefficient × W^a × H^b.
_POWER = {"du_bois_1916": (0.007184, 0.425, 0.725), "haycock_1978": (0.024265, 0.5378, 0.3964), "gehan_george_1970": (0.0235, 0.51456, 0.42246)}
_NAMES = {"mosteller_1987": "Mosteller", "du_bois_1916": "Du Bois", "haycock_1978": "Haycock", "gehan_george_1970": "Gehan-George", "boyd_1935": "Boyd"}
METHOD = Choice(
    "method",
    {
        "mosteller_1987": (),
        "du_bois_1916": (),
        "haycock_1978": (),
        "gehan_george_1970": (),
        "boyd_1935": (),
    },
    "mosteller_1987 (default), du_bois_1916, haycock_1978, gehan_george_1970 or boyd_1935",
    required=False,
    default="mosteller_1987",
)


def compute(weight: float, height: float, method: str = "mosteller_1987"):
    if method == "mosteller_1987":
        product = height * weight
        return math.sqrt(product / 3600.0), {"height_x_weight": product}
    if method == "boyd_1935":
        grams = 1000.0 * weight
        exponent = 0.7285 - 0.0188 * math.log10(grams)
        return 0.0003207 * height**0.3 * grams**exponent, {"weight_g": grams, "weight_exponent": exponent}
    k, a, b = _POWER[method]
    wa, hb = weight**a, height**b
    return k * wa * hb, {"weight_term": wa, "height_term": hb}


def explain(inputs, inter, value):
    w, h, method = fmt(inputs["weight"]), fmt(inputs["height"]), inputs["method"]
    if method == "mosteller_1987":
        return [
            "Mosteller: BSA = √(height (cm) × weight (kg) / 3600).",
            f"BSA = √({h} × {w} / 3600) = {fmt(value)} m².",
        ]
    if method == "boyd_1935":
        return [
            "Boyd: BSA = 0.0003207 × height (cm)^0.3 × weight (g)^(0.7285 − 0.0188 × log10 weight (g)).",
            f"Weight {w} kg = {fmt(inter['weight_g'])} g; exponent = 0.7285 − 0.0188 × log10({fmt(inter['weight_g'])}) = {fmt(inter['weight_exponent'], 4)}.",
            f"BSA = 0.0003207 × {h}^0.3 × {fmt(inter['weight_g'])}^{fmt(inter['weight_exponent'], 4)} = {fmt(value)} m².",
        ]
    k, a, b = _POWER[method]
    return [
        f"{_NAMES[method]}: BSA = {k:g} × weight (kg)^{a:g} × height (cm)^{b:g}.",
        f"BSA = {k:g} × {w}^{a:g} × {h}^{b:g} = {k:g} × {fmt(inter['weight_term'])} × {fmt(inter['height_term'])} = {fmt(value)} m².",
    ]


# The formula as traces state it, for the verifier (clinverify.calculators.statements).
STATEMENTS = (
    Formula(
        key="body_surface_area",
        names=("body surface area", "bsa"),
        text="√(weight × height / 3600)",
        phrases={"weight": ("weight", "wt"), "height": ("height", "ht")},
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
    inputs=(WEIGHT, HEIGHT, METHOD),
    output=Output("m^2", "decimal", 2),
    citations=(
        Citation("Mosteller RD. Simplified calculation of body-surface area. N Engl J Med. 1987;317(17):1098.", doi="10.1056/NEJM198710223171717", pmid="3657876"),
        Citation(
            "Du Bois D, Du Bois EF. A formula to estimate the approximate surface area if height and weight be known. "
            "Arch Intern Med. 1916;17(6_2):863-871 (method du_bois_1916).",
            doi="10.1001/archinte.1916.00080130010002",
        ),
        Citation(
            "Haycock GB, Schwartz GJ, Wisotsky DH. Geometric method for measuring body surface area: a height-weight "
            "formula validated in infants, children, and adults. J Pediatr. 1978;93(1):62-66 (method haycock_1978).",
            doi="10.1016/s0022-3476(78)80601-5",
            pmid="650346",
        ),
        Citation(
            "Gehan EA, George SL. Estimation of human body surface area from height and weight. Cancer Chemother Rep. "
            "1970;54(4):225-235 (method gehan_george_1970).",
            pmid="5527019",
        ),
        Citation("Boyd E. The Growth of the Surface Area of the Human Body. Minneapolis: University of Minnesota Press; 1935 (method boyd_1935)."),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("weight", "height"),
    notes=("method selects the formula: mosteller_1987 (default), du_bois_1916, haycock_1978, gehan_george_1970 or boyd_1935 (weight in grams inside Boyd's formula).",),
    keywords=("oncology", "chemotherapy dosing", "pediatrics", "bsa", "cardiac index", "du bois", "mosteller", "haycock"),
    population="Mosteller: a simplification for adults and children; Du Bois: 9 adults and children measured by moulds; "
    "Haycock: infants, children and adults measured geometrically; Gehan-George and Boyd: published measurements, all ages.",
    examples=(
        "Mosteller 1987 (N Engl J Med 317:1098) formula: 180 cm, 80 kg gives 2.00 m² (tests/calculators/test_body_surface_area.py)",
        "Du Bois 1916, Haycock 1978, Gehan-George 1970 and Boyd 1935 formulas: hand-calculated adult and infant cases",
    ),
)
