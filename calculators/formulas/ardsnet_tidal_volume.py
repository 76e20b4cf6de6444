"""ARDSnet predicted body weight and lung-protective tidal volume.

ARDS Network, N Engl J Med 2000 (Methods, the lower-tidal-volume strategy): predicted body weight
(PBW) of men = 50 + 0.91 × (height in cm − 152.4) kg; of women = 45.5 + 0.91 × (height in cm − 152.4)
kg. The initial tidal volume is 6 mL/kg PBW, adjusted between 4 and 8 mL/kg PBW (the NIH NHLBI ARDS
Network protocol card: plateau pressure ≤ 30 cmH2O; 8 mL/kg when severe dyspnoea).

The equation is the Devine ideal body weight in metric form (2.3 kg per inch = 0.9055 kg/cm, rounded
to 0.91); it is defined for adults.
"""

from clinverify.calculators.inputs import Number, sex
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula, Parameter

SLOPE, HEIGHT0 = 0.91, 152.4  # kg per cm above 152.4 cm (60 in)
BASE = {"male": 50.0, "female": 45.5}

HEIGHT = Number("height", "cm", (120.0, 250.0), "height (adult; measured or from arm span)", aliases=("body height",))
ML_PER_KG = Number("tidal_volume_per_kg", "mL/kg", (4.0, 8.0), "target tidal volume per kg of predicted body weight "
                   "(ARDSnet: 6, adjusted within 4–8)", required=False, default=6.0,
                   aliases=("target tidal volume", "tidal volume per kg", "ml/kg"))


def compute(sex: str, height: float, tidal_volume_per_kg: float = 6.0):
    pbw = BASE[sex] + SLOPE * (height - HEIGHT0)
    return pbw * tidal_volume_per_kg, {
        "predicted_body_weight": pbw,
        "tidal_volume_4": 4.0 * pbw,
        "tidal_volume_8": 8.0 * pbw,
    }


def explain(inputs, inter, value):
    base = fmt(BASE[inputs["sex"]])
    pbw = inter["predicted_body_weight"]
    return [
        "ARDSnet predicted body weight (PBW) = 50 kg (men) or 45.5 kg (women) + 0.91 × (height in cm − 152.4).",
        f"Sex {inputs['sex']}; height {fmt(inputs['height'])} cm.",
        f"PBW = {base} + 0.91 × ({fmt(inputs['height'])} − 152.4) = {fmt(pbw)} kg.",
        f"Tidal volume = {fmt(inputs['tidal_volume_per_kg'])} mL/kg × {fmt(pbw)} kg = {fmt(value)} mL "
        f"(range 4–8 mL/kg: {fmt(inter['tidal_volume_4'])}–{fmt(inter['tidal_volume_8'])} mL).",
    ]


STATEMENTS = (
    Formula(
        key="ardsnet_predicted_body_weight",
        names=("predicted body weight", "pbw"),
        text="50 kg (men) or 45.5 kg (women) + 0.91 × (height in cm − 152.4)",
        phrases={"h": ("height in cm", "height", "ht")},
        sample=lambda r: {"h": r.uniform(150, 200)},
        # Either sex; the inch form (2.3 kg per inch over 60 in) with height in cm is the same line within 0.5 %.
        forms=(lambda v: 50.0 + SLOPE * (v["h"] - HEIGHT0), lambda v: 45.5 + SLOPE * (v["h"] - HEIGHT0),
               lambda v: 50.0 + 2.3 * (v["h"] / 2.54 - 60), lambda v: 45.5 + 2.3 * (v["h"] / 2.54 - 60)),
        form_sexes=("male", "female", "male", "female"),
    ),
)

PARAMETERS = (
    Parameter(("predicted_body_weight",), ("predicted body weight", "pbw", "ideal body weight", "ibw")),
)


CALCULATOR = Calculator(
    id="ardsnet_tidal_volume",
    name="ARDSnet predicted body weight and tidal volume",
    category="critical care",
    description="Lung-protective tidal volume: 6 mL/kg (4–8) of ARDSnet predicted body weight from height and sex.",
    inputs=(sex(), HEIGHT, ML_PER_KG),
    output=Output("mL", "decimal", 0, minimum=0.0),
    citations=(
        Citation(
            "Acute Respiratory Distress Syndrome Network. Ventilation with lower tidal volumes as compared with traditional "
            "tidal volumes for acute lung injury and the acute respiratory distress syndrome. N Engl J Med. "
            "2000;342(18):1301-1308.",
            doi="10.1056/NEJM200005043421801",
            pmid="10793162",
        ),
        Citation("NIH NHLBI ARDS Clinical Network. Mechanical ventilation protocol summary (protocol card).",
                 url="http://www.ardsnet.org/files/ventilator_protocol_2008-07.pdf"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("ards", "mechanical ventilation", "lung protective ventilation", "predicted body weight", "pbw", "tidal volume", "anesthesiology", "ventilator", "anaesthesia"),
    population=(
        "Adults with acute lung injury / ARDS on mechanical ventilation (ARDS Network 2000, 861 patients); "
        "PBW defined for adults."
    ),
    examples=(
        "ARDS Network 2000 (N Engl J Med 342:1301) Methods equations: 5 ft 10 in man PBW 73.114 kg, Vt 438.7 "
        "mL; 160 cm woman PBW 52.416 kg (tests/calculators/test_ardsnet_tidal_volume.py)",
    ),
    increasing=("height", "tidal_volume_per_kg"),
    notes=(
        "The value is the tidal volume in mL; the predicted body weight is the intermediate predicted_body_weight.",
        "Target per kg defaults to 6 mL/kg and must lie within 4–8 mL/kg, the ARDSnet range.",
        "Adult formula: heights below 120 cm are refused (the line would give a weight a child does not have).",
    ),
)
