"""Wells' criteria for pulmonary embolism (0-12.5 points).

Wells et al., Thromb Haemost 2000 (Table: the simplified clinical model): clinical signs and symptoms
of DVT 3.0; an alternative diagnosis less likely than PE 3.0; heart rate >100/min 1.5; immobilisation
(bed rest >=3 days) or surgery in the previous 4 weeks 1.5; previous DVT or PE 1.5; haemoptysis 1.0;
malignancy (on treatment, treated in the last 6 months, or palliative) 1.0. Scores >6 high, 2-6
moderate, <2 low probability; >4 "PE likely" in the two-tier reading.
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._icu import HEART_RATE
from clinverify.calculators.scores._rules import any_of, compare

INPUTS = (
    Flag("clinical_dvt", "clinical signs and symptoms of DVT (at least leg swelling and pain on palpation of the deep veins)",
         aliases=("Clinical signs and symptoms of Deep Vein Thrombosis", "clinical signs of DVT", "signs of DVT")),
    Flag("pe_most_likely", "PE is the most likely diagnosis (an alternative diagnosis is less likely than PE)",
         aliases=("Pulmonary Embolism is #1 diagnosis OR equally likely", "PE is #1 diagnosis", "alternative diagnosis less likely than PE")),
    HEART_RATE,
    Flag("immobilization", "immobilisation: bed rest (except bathroom) for at least 3 days",
         aliases=("Immobilization for at least 3 days", "immobilisation", "bed rest at least 3 days")),
    Flag("recent_surgery", "surgery in the previous 4 weeks", aliases=("Surgery in the previous 4 weeks", "surgery in past 4 weeks")),
    Flag("previous_pe", "previous, objectively diagnosed pulmonary embolism",
         aliases=("Previously Documented Pulmonary Embolism", "previous PE", "history of PE")),
    Flag("previous_dvt", "previous, objectively diagnosed deep vein thrombosis",
         aliases=("Previously documented Deep Vein Thrombosis", "previous DVT", "history of DVT")),
    Flag("hemoptysis", "haemoptysis", aliases=("Hemoptysis", "haemoptysis")),
    Flag("malignancy", "malignancy on treatment, treated in the last 6 months, or palliative",
         aliases=("Malignancy with treatment within 6 months or palliative", "active cancer", "cancer")),
)

CRITERIA = (
    flag("clinical_dvt_points", "clinical_dvt", 3.0, "Clinical signs and symptoms of DVT"),
    flag("pe_most_likely_points", "pe_most_likely", 3.0, "PE the most likely diagnosis (alternative less likely)", judgement=True),
    compare("heart_rate_points", "heart_rate", ">", 100, 1.5, "Heart rate", "beats/min", phrases=("pulse", "tachycardia")),
    any_of("immobilization_surgery_points", ("immobilization", "recent_surgery"), 1.5,
           "Immobilisation ≥3 days or surgery in the previous 4 weeks", ("immobilisation", "surgery")),
    any_of("previous_pe_dvt_points", ("previous_pe", "previous_dvt"), 1.5, "Previous PE or DVT", ("PE", "DVT")),
    flag("hemoptysis_points", "hemoptysis", 1.0, "Haemoptysis"),
    flag("malignancy_points", "malignancy", 1.0, "Malignancy (treatment within 6 months or palliative)"),
)
LOW, HIGH = score_range(CRITERIA)


def compute(clinical_dvt=False, pe_most_likely=False, heart_rate=None, immobilization=False, recent_surgery=False,
            previous_pe=False, previous_dvt=False, hemoptysis=False, malignancy=False):
    total, points = tally(CRITERIA, {
        "clinical_dvt": clinical_dvt, "pe_most_likely": pe_most_likely, "heart_rate": heart_rate,
        "immobilization": immobilization, "recent_surgery": recent_surgery, "previous_pe": previous_pe,
        "previous_dvt": previous_dvt, "hemoptysis": hemoptysis, "malignancy": malignancy,
    })
    return float(total), points


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Wells' score for PE")
    tier = "high" if value > 6 else "moderate" if value >= 2 else "low"
    lines.append(f"Wells' PE score {value:g}: {tier} clinical probability (<2 low, 2–6 moderate, >6 high); "
                 f"PE {'likely' if value > 4 else 'unlikely'} in the two-tier reading (>4 likely).")
    return lines


CALCULATOR = Calculator(
    id="wells_pe",
    medcalc_id=8,
    medcalc_name="Wells' Criteria for Pulmonary Embolism",
    name="Wells' criteria for pulmonary embolism",
    category="pulmonology",
    description="Pre-test probability of pulmonary embolism (0–12.5 points; >4 PE likely).",
    inputs=INPUTS,
    output=Output("points", "decimal", 1, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Wells PS, Anderson DR, Rodger M, et al. Derivation of a simple clinical model to categorize patients "
            "probability of pulmonary embolism: increasing the models utility with the SimpliRED D-dimer. Thromb "
            "Haemost. 2000;83(3):416-420.",
            doi="10.1055/s-0037-1613830",
            pmid="10744147",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "clinical_dvt", "pe_most_likely", "immobilization", "recent_surgery", "previous_pe",
                "previous_dvt", "hemoptysis", "malignancy"),
    notes=(
        "Heart rate strictly above 100 beats/min scores 1.5 (100 does not).",
        "Immobilisation (≥3 days) or surgery in the previous 4 weeks is one criterion, 1.5 points once; so is previous PE or DVT.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention); an unreported heart rate scores 0.",
    ),
    keywords=('pulmonary embolism', 'venous thromboembolism', 'emergency medicine', 'pe', 'pretest probability'),
    population='Inpatients and outpatients with suspected pulmonary embolism (Wells 2000).',
    examples=('Wells 2000 (Thromb Haemost 83:416) clinical model: a worked example and hand-scored cases (tests/calculators/test_wells_pe.py)',),
)
