"""Alvarado score (MANTRELS) for acute appendicitis."""

from clinverify.calculators.criteria import bands, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    Flag("migration_to_rlq", "migration of pain to the right lower quadrant"),
    Flag("anorexia", "anorexia (or acetone in urine)"),
    Flag("nausea_vomiting", "nausea or vomiting"),
    Flag("rlq_tenderness", "tenderness in the right lower quadrant"),
    Flag("rebound", "rebound tenderness"),
    Number("temperature", "degC", (25.0, 45.0), "temperature", aliases=("Temperature",), required=False),
    Number("wbc", "1/nL", (0.1, 200.0), "white blood cell count (×10⁹/L)", aliases=("White blood cell count",), required=False),
    Number("neutrophils_percent", "percent", (0.0, 100.0), "neutrophils (% of WBC)", aliases=("neutrophils",), required=False),
)

CRITERIA = (
    flag("migration_points", "migration_to_rlq", 1, "Migration to RLQ"),
    flag("anorexia_points", "anorexia", 1, "Anorexia"),
    flag("nausea_points", "nausea_vomiting", 1, "Nausea/vomiting"),
    flag("tenderness_points", "rlq_tenderness", 2, "RLQ tenderness"),
    flag("rebound_points", "rebound", 1, "Rebound tenderness"),
    bands("fever_points", "temperature", [(None, 37.3, 0), (37.3, None, 1)], "Temperature", "°C"),
    bands("leukocytosis_points", "wbc", [(None, 10.0000001, 0), (10.0000001, None, 2)], "WBC", "×10⁹/L"),
    bands("left_shift_points", "neutrophils_percent", [(None, 75.0000001, 0), (75.0000001, None, 1)], "Neutrophils", "%"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(**inputs):
    return tally(CRITERIA, inputs)


def explain(inputs, inter, value):
    return explain_criteria(CRITERIA, inputs, value, "Alvarado score") + ["≤ 4 appendicitis unlikely, 5-6 equivocal, 7-8 probable, 9-10 very probable."]


CALCULATOR = Calculator(
    id="alvarado",
    name="Alvarado score for appendicitis",
    category="surgery",
    description="Symptoms, signs and labs of acute appendicitis (MANTRELS, 0-10).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(Citation("Alvarado A. A practical score for the early diagnosis of acute appendicitis. Ann Emerg Med. 1986;15(5):557-564.", doi="10.1016/S0196-0644(86)80993-3", pmid="3963537"),),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("migration_to_rlq", "anorexia", "nausea_vomiting", "rlq_tenderness", "rebound"),
    notes=("Fever is a temperature ≥ 37.3 °C; leukocytosis > 10 ×10⁹/L; left shift > 75 % neutrophils (Alvarado 1986).",),
    keywords=('appendicitis', 'abdominal pain', 'emergency medicine', 'pediatrics'),
    population='305 patients hospitalised with abdominal pain suggestive of acute appendicitis (Alvarado 1986).',
    examples=('Alvarado 1986 (Ann Emerg Med 15:557) MANTRELS items: hand-scored cases (tests/calculators/test_alvarado.py)',),
)
