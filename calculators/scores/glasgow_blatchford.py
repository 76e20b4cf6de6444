"""Glasgow-Blatchford bleeding score: need for intervention in upper GI bleeding (0-23).

Blatchford et al., Lancet 2000 (admission risk markers and their score component values):
  blood urea (mmol/L)   >=6.5 <8 -> 2, >=8 <10 -> 3, >=10 <25 -> 4, >=25 -> 6
  haemoglobin, men      >=12 <13 g/dL -> 1, >=10 <12 -> 3, <10 -> 6
  haemoglobin, women    >=10 <12 g/dL -> 1, <10 -> 6
  systolic BP (mmHg)    100-109 -> 1, 90-99 -> 2, <90 -> 3
  pulse >=100/min -> 1, melaena -> 1, syncope -> 2, hepatic disease -> 2, cardiac failure -> 2

Urea is a molar quantity, so BUN in mg/dL (urea nitrogen) maps 1:1 onto it by x 0.357
(2 N atoms per urea). The bands are kept in mg/dL, the unit the score is usually fed in,
at the conventional converted cut-offs 18.2, 22.4, 28 and 70 mg/dL (6.5, 8, 10, 25 mmol/L x 2.8);
at reporting precision (0.1 mmol/L, 0.1 mg/dL) they classify every value as the mmol/L bands do.
"""

from clinverify.calculators.criteria import bands, custom, explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag, Number, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output, fmt

BUN_BANDS = ((None, 18.2, 0), (18.2, 22.4, 2), (22.4, 28.0, 3), (28.0, 70.0, 4), (70.0, None, 6))  # mg/dL
HB_MEN = ((None, 10.0, 6), (10.0, 12.0, 3), (12.0, 13.0, 1), (13.0, None, 0))  # g/dL, [lo, hi)
HB_WOMEN = ((None, 10.0, 6), (10.0, 12.0, 1), (12.0, None, 0))
SBP_BANDS = ((None, 90.0, 3), (90.0, 100.0, 2), (100.0, 110.0, 1), (110.0, None, 0))
HR_BANDS = ((None, 100.0, 0), (100.0, None, 1))

INPUTS = (
    Number(
        "bun", "mg/dL", (0.5, 300.0),
        "blood urea nitrogen (BUN) in mg/dL, or blood urea in mmol/L (same number as BUN in mmol/L)",
        analyte="bun", aliases=("Blood Urea Nitrogen (BUN)", "blood urea nitrogen"),
    ),
    Number("hemoglobin", "g/dL", (1.0, 25.0), "haemoglobin", analyte="hemoglobin", aliases=("Hemoglobin", "haemoglobin", "hgb", "hb")),
    sex(),
    Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp", "sys bp")),
    Number("heart_rate", "1/min", (10.0, 350.0), "heart rate or pulse", aliases=("Heart Rate or Pulse", "pulse", "hr")),
    Flag("melena", "presentation with melaena", aliases=("Melena present", "melaena")),
    Flag("syncope", "presentation with syncope", aliases=("Recent syncope",)),
    Flag("hepatic_disease", "known history, or clinical and laboratory evidence, of chronic or acute hepatic disease",
         aliases=("Hepatic disease history",)),
    Flag("cardiac_failure", "known history, or clinical and echocardiographic evidence, of cardiac failure",
         aliases=("Cardiac failure present", "heart failure")),
)


def _hemoglobin(inputs):
    # Compared at 0.01 g/dL so values converted from g/L or mmol/L land on the published cut-offs.
    hb, men = round(inputs["hemoglobin"], 2), inputs["sex"] == "male"
    for lo, hi, p in HB_MEN if men else HB_WOMEN:
        if (lo is None or hb >= lo) and (hi is None or hb < hi):
            rng = f"< {fmt(hi)}" if lo is None else f"≥ {fmt(lo)}" if hi is None else f"{fmt(lo)} to < {fmt(hi)}"
            return p, f"Haemoglobin {fmt(hb)} g/dL, {'man' if men else 'woman'} ({rng} g/dL): +{p}"
    raise AssertionError("bands cover every value")


CRITERIA = (
    bands("bun_points", "bun", BUN_BANDS, "BUN", "mg/dL"),
    custom("hemoglobin_points", "Haemoglobin (sex-specific)", _hemoglobin, 0, 6),
    bands("systolic_bp_points", "systolic_bp", SBP_BANDS, "Systolic blood pressure", "mmHg"),
    bands("heart_rate_points", "heart_rate", HR_BANDS, "Pulse", "/min"),
    flag("melena_points", "melena", 1, "Melaena"),
    flag("syncope_points", "syncope", 2, "Syncope"),
    flag("hepatic_disease_points", "hepatic_disease", 2, "Hepatic disease"),
    flag("cardiac_failure_points", "cardiac_failure", 2, "Cardiac failure"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(bun, hemoglobin, sex, systolic_bp, heart_rate, melena=False, syncope=False, hepatic_disease=False, cardiac_failure=False):
    return tally(CRITERIA, {
        "bun": bun, "hemoglobin": hemoglobin, "sex": sex, "systolic_bp": systolic_bp, "heart_rate": heart_rate,
        "melena": melena, "syncope": syncope, "hepatic_disease": hepatic_disease, "cardiac_failure": cardiac_failure,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Glasgow-Blatchford score")
    lines.insert(1, f"BUN {fmt(inputs['bun'])} mg/dL = blood urea {fmt(inputs['bun'] * 0.357, 1)} mmol/L "
                    "(bands 6.5, 8, 10, 25 mmol/L = 18.2, 22.4, 28, 70 mg/dL).")
    lines.append(f"Glasgow-Blatchford score {value} (0 = low risk, outpatient management may be considered).")
    return lines


CALCULATOR = Calculator(
    id="glasgow_blatchford",
    medcalc_id=27,
    medcalc_name="Glasgow-Blatchford Bleeding Score (GBS)",
    name="Glasgow-Blatchford bleeding score",
    category="gastroenterology",
    description="Risk that upper GI bleeding needs transfusion, endoscopic or surgical intervention (0–23).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Blatchford O, Murray WR, Blatchford M. A risk score to predict need for treatment for "
            "upper-gastrointestinal haemorrhage. Lancet. 2000;356(9238):1318-1321.",
            doi="10.1016/S0140-6736(00)02816-6",
            pmid="11073021",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("bun", "heart_rate", "melena", "syncope", "hepatic_disease", "cardiac_failure",
                # the men's haemoglobin cut-offs are higher: at equal haemoglobin a man never scores less
                Monotone("sex", order=("female", "male"))),
    decreasing=("hemoglobin", "systolic_bp"),
    notes=(
        "BUN bands in mg/dL are Blatchford's urea bands in mmol/L x 2.8: 18.2, 22.4, 28, 70 mg/dL; BUN or urea "
        "given in mmol/L is converted (1 mg/dL BUN = 0.357 mmol/L urea).",
        "Haemoglobin bands are half-open as published: a man at 13.0 g/dL or a woman at 12.0 g/dL scores 0.",
        "Melaena, syncope, hepatic disease and cardiac failure not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('upper gastrointestinal bleeding', 'gi bleed', 'emergency medicine', 'gbs', 'upper gi bleed', 'melena', 'melaena', 'hematemesis', 'haematemesis'),
    population='1748 patients with upper gastrointestinal haemorrhage in the West of Scotland (derivation), validated in 197 (Blatchford 2000).',
    examples=('Blatchford 2000 (Lancet 356:1318) admission risk-marker table: a worked example and hand-scored cases (tests/calculators/test_glasgow_blatchford.py)',),
)
