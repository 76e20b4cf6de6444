"""Wells' criteria for deep vein thrombosis (-2 to 9 points).

Wells et al., N Engl J Med 2003 (Table 1, the clinical model with "previously documented DVT"):
one point each for active cancer (treatment ongoing, within 6 months, or palliative); paralysis,
paresis or recent plaster immobilisation of the legs; recently bedridden for 3 days or more, or major
surgery within 12 weeks requiring general or regional anaesthesia; localised tenderness along the deep
venous system; entire leg swollen; calf swelling at least 3 cm larger than the asymptomatic side
(10 cm below the tibial tuberosity); pitting oedema confined to the symptomatic leg; collateral
superficial (non-varicose) veins; previously documented DVT. Minus 2 if an alternative diagnosis is at
least as likely as DVT. Score >=2: DVT likely; <2: unlikely.
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag
from clinverify.calculators.model import Calculator, Citation, Output
from clinverify.calculators.scores._rules import any_of

INPUTS = (
    Flag("active_cancer", "active cancer: treatment ongoing, within the previous 6 months, or palliative",
         aliases=("Active cancer", "cancer", "malignancy")),
    Flag("paralysis_or_cast", "paralysis, paresis or recent plaster immobilisation of the lower extremities",
         aliases=("Paralysis, paresis, or recent plaster immobilization of the lower extremity", "paralysis", "plaster cast")),
    Flag("bedridden", "recently bedridden for 3 days or more",
         aliases=("Bedridden recently >3 days or major surgery within 12 weeks", "bedridden recently >3 days", "bedridden")),
    Flag("major_surgery", "major surgery within 12 weeks requiring general or regional anaesthesia",
         aliases=("Major surgery within 12 weeks", "major surgery")),
    Flag("localized_tenderness", "localised tenderness along the distribution of the deep venous system",
         aliases=("Localized tenderness along the deep venous system", "localised tenderness")),
    Flag("entire_leg_swollen", "entire leg swollen", aliases=("Entire Leg Swollen",)),
    Flag("calf_swelling", "calf swelling at least 3 cm larger than the asymptomatic side (10 cm below the tibial tuberosity)",
         aliases=("Calf swelling >3 centimeters compared to the other leg", "calf swelling >3 cm")),
    Flag("pitting_edema", "pitting oedema confined to the symptomatic leg",
         aliases=("Pitting edema, confined to symptomatic leg", "pitting oedema")),
    Flag("collateral_veins", "collateral superficial veins (non-varicose)",
         aliases=("Collateral (nonvaricose) superficial veins present", "collateral superficial veins")),
    Flag("previous_dvt", "previously documented deep vein thrombosis",
         aliases=("Previously documented Deep Vein Thrombosis", "previous DVT", "history of DVT")),
    Flag("alternative_diagnosis", "an alternative diagnosis is at least as likely as DVT (-2)",
         aliases=("Alternative diagnosis to Deep Vein Thrombosis as likely or more likely", "alternative diagnosis as likely")),
)

CRITERIA = (
    flag("active_cancer_points", "active_cancer", 1, "Active cancer"),
    flag("paralysis_or_cast_points", "paralysis_or_cast", 1, "Paralysis, paresis or recent plaster immobilisation of the legs"),
    # One criterion: bedridden >=3 days OR major surgery within 12 weeks, 1 point once.
    any_of("bedridden_or_surgery_points", ("bedridden", "major_surgery"), 1,
           "Recently bedridden ≥3 days or major surgery within 12 weeks", ("bedridden", "major surgery")),
    flag("localized_tenderness_points", "localized_tenderness", 1, "Localised tenderness along the deep venous system"),
    flag("entire_leg_swollen_points", "entire_leg_swollen", 1, "Entire leg swollen"),
    flag("calf_swelling_points", "calf_swelling", 1, "Calf swelling ≥3 cm versus the other leg"),
    flag("pitting_edema_points", "pitting_edema", 1, "Pitting oedema confined to the symptomatic leg"),
    flag("collateral_veins_points", "collateral_veins", 1, "Collateral (non-varicose) superficial veins"),
    flag("previous_dvt_points", "previous_dvt", 1, "Previously documented DVT"),
    flag("alternative_diagnosis_points", "alternative_diagnosis", -2, "Alternative diagnosis at least as likely as DVT", judgement=True),
)
LOW, HIGH = score_range(CRITERIA)


def compute(active_cancer=False, paralysis_or_cast=False, bedridden=False, major_surgery=False, localized_tenderness=False,
            entire_leg_swollen=False, calf_swelling=False, pitting_edema=False, collateral_veins=False, previous_dvt=False,
            alternative_diagnosis=False):
    return tally(CRITERIA, {
        "active_cancer": active_cancer, "paralysis_or_cast": paralysis_or_cast, "bedridden": bedridden,
        "major_surgery": major_surgery, "localized_tenderness": localized_tenderness,
        "entire_leg_swollen": entire_leg_swollen, "calf_swelling": calf_swelling, "pitting_edema": pitting_edema,
        "collateral_veins": collateral_veins, "previous_dvt": previous_dvt, "alternative_diagnosis": alternative_diagnosis,
    })


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "Wells' score for DVT")
    lines.append(f"Wells' DVT score {value}: DVT {'likely' if value >= 2 else 'unlikely'} (≥ 2 likely, < 2 unlikely).")
    return lines


CALCULATOR = Calculator(
    id="wells_dvt",
    medcalc_id=16,
    medcalc_name="Wells' Criteria for DVT",
    name="Wells' criteria for deep vein thrombosis",
    category="hematology",
    description="Pre-test probability of lower-limb deep vein thrombosis (−2 to 9; ≥2 DVT likely).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Wells PS, Anderson DR, Rodger M, et al. Evaluation of D-dimer in the diagnosis of suspected deep-vein "
            "thrombosis. N Engl J Med. 2003;349(13):1227-1235.",
            doi="10.1056/NEJMoa023153",
            pmid="14507948",
        ),
        Citation(
            "Wells PS, Anderson DR, Bormanis J, et al. Value of assessment of pretest probability of deep-vein "
            "thrombosis in clinical management. Lancet. 1997;350(9094):1795-1798.",
            doi="10.1016/S0140-6736(97)08140-3",
            pmid="9428249",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("active_cancer", "paralysis_or_cast", "bedridden", "major_surgery", "localized_tenderness",
                "entire_leg_swollen", "calf_swelling", "pitting_edema", "collateral_veins", "previous_dvt"),
    decreasing=("alternative_diagnosis",),
    notes=(
        "Bedridden ≥3 days or major surgery within 12 weeks is one criterion, 1 point once.",
        "An alternative diagnosis at least as likely as DVT subtracts 2 (the score can be negative).",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('deep vein thrombosis', 'venous thromboembolism', 'emergency medicine', 'dvt', 'pretest probability', 'leg swelling'),
    population='Outpatients with suspected deep vein thrombosis (Wells 1997, 2003).',
    examples=('Wells 2003 (NEJM 349:1227) Table 1 clinical model: worked examples (likely; alternative diagnosis) (tests/calculators/test_wells_dvt.py)',),
)
