"""PERC rule (pulmonary embolism rule-out criteria): count of criteria positive (0-8).

Kline et al., J Thromb Haemost 2004 (the eight criteria): age >=50 years; heart rate >=100/min;
SaO2 <95 % on room air; unilateral leg swelling; haemoptysis; recent surgery or trauma (within 4
weeks, requiring general anaesthesia or hospitalisation); prior PE or DVT; hormone use (oral
contraceptives, hormone replacement or oestrogen). With low pre-test probability, a count of 0
rules PE out without further testing.
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number, age
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._icu import HEART_RATE
from clinverify.calculators.scores._rules import any_of, compare

INPUTS = (
    age(),
    HEART_RATE,
    Number("oxygen_saturation", "%", (30.0, 100.0), "arterial oxygen saturation on room air (SaO2/SpO2); not reported = normal",
           required=False, aliases=("O₂ saturation percentage", "O2 saturation percentage", "oxygen saturation", "SpO2", "SaO2")),
    Flag("unilateral_leg_swelling", "unilateral leg swelling", aliases=("Unilateral Leg Swelling",)),
    Flag("hemoptysis", "haemoptysis", aliases=("Hemoptysis", "haemoptysis")),
    Flag("recent_surgery_or_trauma", "surgery or trauma within 4 weeks requiring general anaesthesia or hospitalisation",
         aliases=("Recent surgery or trauma", "recent surgery", "recent trauma")),
    Flag("previous_pe", "prior pulmonary embolism", aliases=("Previously Documented Pulmonary Embolism", "previous PE", "history of PE")),
    Flag("previous_dvt", "prior deep vein thrombosis", aliases=("Previously documented Deep Vein Thrombosis", "previous DVT", "history of DVT")),
    Flag("hormone_use", "hormone use: oral contraceptives, hormone replacement or oestrogen",
         aliases=("Hormone use", "oral contraceptive use", "estrogen use", "hormonal use", "hormonal therapy")),
)

CRITERIA = (
    compare("age_points", "age", ">=", 50, 1, "Age", "years"),
    compare("heart_rate_points", "heart_rate", ">=", 100, 1, "Heart rate", "beats/min", phrases=("pulse", "tachycardia")),
    compare("oxygen_saturation_points", "oxygen_saturation", "<", 95, 1, "Oxygen saturation", "%"),
    flag("unilateral_leg_swelling_points", "unilateral_leg_swelling", 1, "Unilateral leg swelling"),
    flag("hemoptysis_points", "hemoptysis", 1, "Haemoptysis"),
    flag("recent_surgery_or_trauma_points", "recent_surgery_or_trauma", 1, "Recent surgery or trauma (≤ 4 weeks)"),
    any_of("previous_pe_dvt_points", ("previous_pe", "previous_dvt"), 1, "Prior PE or DVT", ("PE", "DVT")),
    flag("hormone_use_points", "hormone_use", 1, "Hormone use"),
)
LOW, HIGH = score_range(CRITERIA)
# For the verifier: the rule is often worded by its rule-out conditions ("age < 50", "no hemoptysis"),
# each "met" when the finding is absent, the inverse of this count; so "met"/"negative" said of a
# criterion named without its cut-off ("Hemoptysis: none → met") is not judged.
RULE_OUT_WORDING = True


def compute(age, heart_rate=None, oxygen_saturation=None, unilateral_leg_swelling=False, hemoptysis=False,
            recent_surgery_or_trauma=False, previous_pe=False, previous_dvt=False, hormone_use=False):
    return tally(CRITERIA, {
        "age": age, "heart_rate": heart_rate, "oxygen_saturation": oxygen_saturation,
        "unilateral_leg_swelling": unilateral_leg_swelling, "hemoptysis": hemoptysis,
        "recent_surgery_or_trauma": recent_surgery_or_trauma, "previous_pe": previous_pe, "previous_dvt": previous_dvt,
        "hormone_use": hormone_use,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "PERC rule")
    lines[0] = "The PERC rule counts the criteria that are positive; criteria not mentioned count as negative."
    if value == 0:
        lines.append("PERC criteria positive: 0. PERC negative: with low pre-test probability, PE is ruled out without testing.")
    else:
        lines.append(f"PERC criteria positive: {value}. PERC positive: PE cannot be ruled out by the rule.")
    return lines


CALCULATOR = Calculator(
    id="perc_rule",
    medcalc_id=48,
    medcalc_name="PERC Rule for Pulmonary Embolism",
    name="PERC rule for pulmonary embolism",
    category="pulmonology",
    description="Number of pulmonary embolism rule-out criteria positive (0–8; 0 rules PE out at low pre-test probability).",
    inputs=INPUTS,
    output=Output("criteria", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Kline JA, Mitchell AM, Kabrhel C, Richman PB, Courtney DM. Clinical criteria to prevent unnecessary "
            "diagnostic testing in emergency department patients with suspected pulmonary embolism. J Thromb Haemost. "
            "2004;2(8):1247-1255.",
            doi="10.1111/j.1538-7836.2004.00790.x",
            pmid="15304025",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("age", "heart_rate", "unilateral_leg_swelling", "hemoptysis", "recent_surgery_or_trauma", "previous_pe",
                "previous_dvt", "hormone_use"),
    decreasing=("oxygen_saturation",),
    notes=(
        "The value is the count of positive criteria (0–8); prior PE or DVT is one criterion.",
        "Age ≥ 50, heart rate ≥ 100, oxygen saturation < 95 %.",
        "Criteria not mentioned count as negative (MedCalc-Bench's convention); an unreported heart rate or saturation is negative.",
    ),
    keywords=('pulmonary embolism', 'emergency medicine', 'rule-out', 'pe'),
    population='Emergency-department patients evaluated for pulmonary embolism, applied at low clinical probability (Kline 2004).',
    examples=('Kline 2004 (J Thromb Haemost 2:1247) criteria: hand-scored cases (tests/calculators/test_perc_rule.py)',),
)
