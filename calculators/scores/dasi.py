"""Duke Activity Status Index (DASI), 0-58.2, with its estimated peak oxygen uptake and METs.

Hlatky MA, et al., Am J Cardiol 1989 (the DASI: the weight of each activity the patient can
do, summed): personal care (eating, dressing, bathing, toilet) 2.75; walk indoors 1.75; walk a block
or two on level ground 2.75; climb a flight of stairs or walk up a hill 5.50; run a short distance
8.00; light housework 2.70; moderate housework 3.50; heavy housework 8.00; yard work 4.50; sexual
relations 5.25; moderate recreational activities 6.00; strenuous sports 7.50. Estimated peak oxygen
uptake VO2peak = 0.43 × DASI + 9.6 mL/kg/min (Hlatky 1989, the regression on measured VO2peak);
METs = VO2peak / 3.5. In the METS study (Wijeysundera 2018; the threshold from its DASI analysis,
Wijeysundera 2020, Br J Anaesth) a DASI below 34 identified patients at higher risk of death or
myocardial infarction after major non-cardiac surgery.

The questionnaire's items are named here by short labels, not its published wording.
"""

from clinverify.calculators.criteria import explain_criteria, flag, score_range, tally
from clinverify.calculators.inputs import Flag
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Formula

VO2_SLOPE, VO2_INTERCEPT, ML_O2_PER_MET = 0.43, 9.6, 3.5

# (input, weight, label, aliases)
ITEMS = (
    ("self_care", 2.75, "Personal care (eating, dressing, bathing, toilet)", ("take care of self", "personal care")),
    ("walk_indoors", 1.75, "Walk indoors", ("walk indoors around the house",)),
    ("walk_blocks", 2.75, "Walk a block or two on level ground", ("walk 1-2 blocks", "walk a block or two")),
    ("climb_stairs", 5.50, "Climb a flight of stairs or walk up a hill", ("climb stairs", "climb a flight of stairs", "walk up a hill")),
    ("run_short_distance", 8.00, "Run a short distance", ("run a short distance",)),
    ("light_housework", 2.70, "Light housework", ("light work around the house",)),
    ("moderate_housework", 3.50, "Moderate housework", ("moderate work around the house",)),
    ("heavy_housework", 8.00, "Heavy housework", ("heavy work around the house",)),
    ("yard_work", 4.50, "Yard work", ("yardwork", "garden work")),
    ("sexual_relations", 5.25, "Sexual relations", ("sexual activity",)),
    ("moderate_recreation", 6.00, "Moderate recreational activities", ("moderate recreational activities",)),
    ("strenuous_sports", 7.50, "Strenuous sports", ("strenuous sports", "strenuous recreational activities")),
)

INPUTS = tuple(Flag(name, f"able to do: {label.lower()}", aliases=aliases) for name, _, label, aliases in ITEMS)
CRITERIA = tuple(flag(f"{name}_points", name, weight, label) for name, weight, label, _ in ITEMS)
LOW, HIGH = score_range(CRITERIA)


def compute(**answers):
    return tally(CRITERIA, answers)


def vo2peak(dasi):
    return VO2_SLOPE * dasi + VO2_INTERCEPT


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "DASI")
    lines[0] = "The DASI adds the weight of each activity the patient can do; activities not mentioned count as not done."
    vo2 = vo2peak(value)
    lines.append(f"DASI {fmt(value)}. Estimated VO2peak = 0.43 × {fmt(value)} + 9.6 = {fmt(vo2)} mL/kg/min; "
                 f"METs = {fmt(vo2)} / 3.5 = {fmt(vo2 / ML_O2_PER_MET)}.")
    lines.append(f"DASI {'≥ 34' if value >= 34 else '< 34: higher risk after major non-cardiac surgery'} (Wijeysundera 2020).")
    return lines


STATEMENTS = (
    Formula(
        key="dasi_vo2peak",
        names=("vo2peak", "vo2 peak", "peak vo2", "estimated vo2peak", "peak oxygen uptake", "vo2 max", "vo2max"),
        text="0.43 × DASI + 9.6",
        phrases={"d": ("dasi", "duke activity status index", "dasi score")},
        sample=lambda r: {"d": r.uniform(0.0, 58.2)},
        forms=(lambda v: VO2_SLOPE * v["d"] + VO2_INTERCEPT,),
    ),
    Formula(
        key="dasi_mets",
        names=("mets", "metabolic equivalents"),
        text="(0.43 × DASI + 9.6) / 3.5",
        phrases={"d": ("dasi", "duke activity status index", "dasi score")},
        sample=lambda r: {"d": r.uniform(0.0, 58.2)},
        forms=(lambda v: (VO2_SLOPE * v["d"] + VO2_INTERCEPT) / ML_O2_PER_MET,),
    ),
)


CALCULATOR = Calculator(
    id="dasi",
    name="Duke Activity Status Index (DASI)",
    category="cardiology",
    description="Self-reported functional capacity (0–58.2), with estimated VO2peak (0.43 × DASI + 9.6) and METs.",
    inputs=INPUTS,
    output=Output("points", "decimal", 2, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Hlatky MA, Boineau RE, Higginbotham MB, et al. A brief self-administered questionnaire to determine functional "
            "capacity (the Duke Activity Status Index). Am J Cardiol. 1989;64(10):651-654.",
            doi="10.1016/0002-9149(89)90496-7",
            pmid="2782256",
        ),
        Citation(
            "Wijeysundera DN, Pearse RM, Shulman MA, et al. Assessment of functional capacity before major non-cardiac "
            "surgery: an international, prospective cohort study. Lancet. 2018;391(10140):2631-2640.",
            doi="10.1016/S0140-6736(18)31131-0",
        ),
        Citation(
            "Wijeysundera DN, Beattie WS, Hillis GS, et al. Integration of the Duke Activity Status Index into preoperative "
            "risk evaluation: a multicentre prospective cohort study. Br J Anaesth. 2020;124(3):261-270.",
            doi="10.1016/j.bja.2019.11.025",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("functional capacity", "mets", "vo2peak", "preoperative assessment", "exercise capacity", "heart failure"),
    population=(
        "Patients referred for exercise testing with measured peak oxygen uptake (Hlatky 1989); adults before major "
        "non-cardiac surgery in the METS study (Wijeysundera 2018)."
    ),
    examples=(
        "Hlatky 1989 weights and VO2peak equation (Am J Cardiol 64:651): hand-calculated full score 58.2 (34.6 "
        "mL/kg/min, 9.89 METs) and a limited patient (tests/calculators/test_dasi.py)",
    ),
    increasing=tuple(name for name, _, _, _ in ITEMS),
    notes=(
        "Each activity the patient can do adds its weight; activities not mentioned count as not done.",
        "The value is the DASI; the estimated VO2peak (mL/kg/min) and METs are stated in the explanation.",
        "The questionnaire's wording is not reproduced; items are named by short labels.",
    ),
)
