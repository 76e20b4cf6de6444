"""Ranson's criteria for acute (non-gallstone) pancreatitis, at admission and at 48 hours."""

from clinverify.calculators.criteria import bands, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Number, age
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    age(),
    Number("wbc", "1/nL", (0.1, 200.0), "white blood cells at admission (×10⁹/L)", aliases=("White blood cell count",), required=False),
    Number("glucose", "mg/dL", (10.0, 2000.0), "glucose at admission", analyte="glucose", aliases=("Glucose",), required=False),
    Number("ldh", "U/L", (10.0, 20000.0), "LDH at admission", aliases=("lactate dehydrogenase",), required=False),
    Number("ast", "U/L", (1.0, 20000.0), "AST at admission", aliases=("Aspartate aminotransferase",), required=False),
    Number("hematocrit_fall", "percent", (-50.0, 50.0), "fall in hematocrit over 48 h (percentage points)", required=False),
    Number("bun_rise", "mg/dL", (-100.0, 200.0), "rise in BUN over 48 h", analyte="bun", required=False),
    Number("calcium", "mg/dL", (2.0, 20.0), "serum calcium at 48 h", analyte="calcium", aliases=("Calcium",), required=False),
    Number("pao2", "mmHg", (10.0, 700.0), "arterial PaO2 at 48 h", aliases=("PaO2",), required=False),
    Number("base_deficit", "mEq/L", (-30.0, 40.0), "base deficit at 48 h", required=False),
    Number("fluid_sequestration", "L", (-20.0, 40.0), "estimated fluid sequestration over 48 h", required=False),
)

E = 1e-9  # ">" thresholds as half-open bands
CRITERIA = (
    bands("age_points", "age", [(None, 55 + E, 0), (55 + E, None, 1)], "Age", "years"),
    bands("wbc_points", "wbc", [(None, 16 + E, 0), (16 + E, None, 1)], "WBC", "×10⁹/L"),
    bands("glucose_points", "glucose", [(None, 200 + E, 0), (200 + E, None, 1)], "Glucose", "mg/dL"),
    bands("ldh_points", "ldh", [(None, 350 + E, 0), (350 + E, None, 1)], "LDH", "U/L"),
    bands("ast_points", "ast", [(None, 250 + E, 0), (250 + E, None, 1)], "AST", "U/L"),
    bands("hematocrit_points", "hematocrit_fall", [(None, 10 + E, 0), (10 + E, None, 1)], "Hematocrit fall", "%"),
    bands("bun_points", "bun_rise", [(None, 5 + E, 0), (5 + E, None, 1)], "BUN rise", "mg/dL"),
    bands("calcium_points", "calcium", [(None, 8, 1), (8, None, 0)], "Calcium", "mg/dL"),
    bands("pao2_points", "pao2", [(None, 60, 1), (60, None, 0)], "PaO2", "mmHg"),
    bands("base_deficit_points", "base_deficit", [(None, 4 + E, 0), (4 + E, None, 1)], "Base deficit", "mEq/L"),
    bands("fluid_points", "fluid_sequestration", [(None, 6 + E, 0), (6 + E, None, 1)], "Fluid sequestration", "L"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    return explain_criteria(CRITERIA, inputs, value, "Ranson score") + ["Mortality rises steeply from 3 criteria (Ranson 1974)."]


CALCULATOR = Calculator(
    id="ranson",
    name="Ranson's criteria (non-gallstone pancreatitis)",
    category="gastroenterology",
    description="Five admission and six 48-hour criteria of severity in acute pancreatitis (0-11).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Ranson JH, Rifkind KM, Roses DF, et al. Prognostic signs and the role of operative management in acute pancreatitis. Surg Gynecol Obstet. 1974;139(1):69-81.", pmid="4834279", url="https://pubmed.ncbi.nlm.nih.gov/4834279/"),),
    compute_fn=compute,
    explain_fn=explain,
    notes=("Criteria not yet measured (e.g. the 48-hour ones at admission) count 0.",),
    keywords=('pancreatitis', 'acute pancreatitis', 'prognosis', 'surgery'),
    population='Patients with acute pancreatitis (Ranson 1974).',
    examples=('Ranson 1974 (Surg Gynecol Obstet 139:69) admission and 48-hour criteria: hand-scored cases (tests/calculators/test_ranson.py)',),
)
