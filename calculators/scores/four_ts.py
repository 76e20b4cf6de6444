"""4Ts pretest probability score for heparin-induced thrombocytopenia (HIT), 0-8.

Lo GK, Juhl D, Warkentin TE, et al., J Thromb Haemost 2006 (the 4 T's scoring table), each category 0-2:
- Thrombocytopenia: platelet fall > 50 % and nadir ≥ 20 ×10⁹/L 2; fall 30-50 % or nadir 10-19 1;
  fall < 30 % or nadir < 10 0.
- Timing of the platelet fall: clear onset on days 5-10, or ≤ 1 day with heparin exposure in the past
  30 days 2; consistent with days 5-10 but not clear (missing counts), onset after day 10, or fall
  ≤ 1 day with heparin exposure 30-100 days ago 1; fall < 4 days without recent exposure 0.
- Thrombosis or other sequelae: new proven thrombosis, skin necrosis, or acute systemic reaction after
  an intravenous unfractionated heparin bolus 2; progressive or recurrent thrombosis, non-necrotising
  (erythematous) skin lesions, or suspected thrombosis not yet proven 1; none 0.
- oTher causes of thrombocytopenia: none apparent 2; possible 1; definite 0.
Pretest probability: 0-3 low, 4-5 intermediate, 6-8 high.
"""

from dataclasses import replace

from clinverify.calculators.criteria import explain_criteria, option, score_range, tally
from clinverify.calculators.inputs import Choice
from clinverify.calculators.model import Calculator, Citation, Output

INPUTS = (
    Choice("thrombocytopenia", {
        "fall_under_30_or_nadir_under_10": ("0", "fall < 30%", "nadir < 10"),
        "fall_30_to_50_or_nadir_10_to_19": ("1", "fall 30-50%", "nadir 10-19"),
        "fall_over_50_and_nadir_20_or_more": ("2", "fall > 50%", "fall > 50% and nadir ≥ 20"),
    }, "thrombocytopenia: platelet count fall (%) and nadir (×10⁹/L)", aliases=("platelet fall", "thrombocytopenia category")),
    Choice("timing", {
        "under_4_days_without_recent_heparin": ("0", "< 4 days", "early without recent heparin"),
        "possible_days_5_to_10_or_after_day_10": ("1", "unclear", "consistent with days 5-10 but unclear", "after day 10",
                                                  "≤ 1 day with heparin 30-100 days ago"),
        "days_5_to_10_or_1_day_with_recent_heparin": ("2", "days 5-10", "clear onset days 5-10",
                                                      "≤ 1 day with heparin in past 30 days"),
    }, "timing of the platelet fall after heparin exposure", aliases=("timing of platelet fall", "timing of fall")),
    Choice("thrombosis", {
        "none": ("0", "no thrombosis", "no"),
        "suspected_progressive_or_recurrent": ("1", "suspected", "progressive", "recurrent", "erythematous skin lesions",
                                               "suspected thrombosis"),
        "new_thrombosis_or_skin_necrosis": ("2", "new thrombosis", "skin necrosis", "proven thrombosis",
                                            "acute systemic reaction after heparin bolus"),
    }, "thrombosis or other sequelae (skin lesions, systemic reaction)", aliases=("thrombosis or other sequelae", "sequelae")),
    Choice("other_causes", {
        "definite": ("0", "definite other cause"),
        "possible": ("1", "possible other cause"),
        "none_apparent": ("2", "none", "no other cause", "none apparent"),
    }, "other causes of thrombocytopenia", aliases=("other cause of thrombocytopenia", "other causes of thrombocytopenia")),
)

# Each category with the words models use for it ("platelet count fell 60 %: +2", "new DVT: +2").
CRITERIA = (
    replace(option("thrombocytopenia_points", "thrombocytopenia", {
        "fall_under_30_or_nadir_under_10": 0, "fall_30_to_50_or_nadir_10_to_19": 1, "fall_over_50_and_nadir_20_or_more": 2,
    }, "Thrombocytopenia"), phrases=("platelet count", "platelet fall", "platelets", "nadir", "fall")),
    replace(option("timing_points", "timing", {
        "under_4_days_without_recent_heparin": 0, "possible_days_5_to_10_or_after_day_10": 1,
        "days_5_to_10_or_1_day_with_recent_heparin": 2,
    }, "Timing of platelet fall"), phrases=("timing", "onset", "day", "days", "heparin exposure")),
    replace(option("thrombosis_points", "thrombosis", {
        "none": 0, "suspected_progressive_or_recurrent": 1, "new_thrombosis_or_skin_necrosis": 2,
    }, "Thrombosis or other sequelae"), phrases=("thrombosis", "dvt", "deep vein thrombosis", "pe", "pulmonary embolism", "clot", "skin necrosis", "skin lesions", "systemic reaction")),
    replace(option("other_causes_points", "other_causes", {"definite": 0, "possible": 1, "none_apparent": 2},
           "Other causes of thrombocytopenia"), phrases=("other causes", "other cause", "alternative cause", "alternative explanation")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(thrombocytopenia, timing, thrombosis, other_causes):
    return tally(CRITERIA, {"thrombocytopenia": thrombocytopenia, "timing": timing, "thrombosis": thrombosis,
                            "other_causes": other_causes})


def probability(value):
    return "high (6–8)" if value >= 6 else "intermediate (4–5)" if value >= 4 else "low (0–3)"


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "4Ts score")
    lines[0] = "The 4Ts score adds 0, 1 or 2 points for each of four categories."
    lines.append(f"4Ts score {value}: {probability(value)} pretest probability of HIT.")
    return lines


CALCULATOR = Calculator(
    id="four_ts",
    name="4Ts score for heparin-induced thrombocytopenia",
    category="hematology",
    description="Pretest probability of heparin-induced thrombocytopenia (0–8; 0–3 low, 4–5 intermediate, 6–8 high).",
    inputs=INPUTS,
    output=Output("points", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Lo GK, Juhl D, Warkentin TE, Sigouin CS, Eichler P, Greinacher A. Evaluation of pretest clinical score (4 T's) "
            "for the diagnosis of heparin-induced thrombocytopenia in two clinical settings. J Thromb Haemost. "
            "2006;4(4):759-765.",
            doi="10.1111/j.1538-7836.2006.01787.x",
            pmid="16634744",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("heparin-induced thrombocytopenia", "hit", "thrombocytopenia", "heparin", "pretest probability"),
    population=(
        "Patients receiving heparin who develop thrombocytopenia (Lo 2006: two clinical settings, Hamilton "
        "and Greifswald)."
    ),
    examples=(
        "Warkentin's 'Four Ts' chapter: the published full picture (8) and the no-thrombosis case (6, high);"
        " Lo 2006 scoring table (J Thromb Haemost 4:759): hand-scored post-operative sepsis (1) and every band edge"
        " (tests/calculators/test_four_ts.py)",
    ),
    increasing=("thrombocytopenia", "timing", "thrombosis", "other_causes"),
    notes=(
        "Each category is a choice of its three published levels (also accepted as their points 0, 1, 2): the "
        "thrombocytopenia level needs the clinician's reading of fall and nadir together, so it is not derived from counts.",
        "All four categories are required: an unassessed category is not assumed to score 0.",
    ),
)
