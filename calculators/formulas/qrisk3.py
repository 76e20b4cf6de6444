"""QRISK3-2017: 10-year risk of cardiovascular disease (coronary heart disease, ischaemic stroke or TIA), UK.

Hippisley-Cox J, Coupland C, Brindle P. BMJ 2017;357:j2099: sex-specific Cox models, published by ClinRisk Ltd as
the open-source QRISK3-2017 algorithm (LGPL, qrisk.org), from which the coefficients below are transcribed:
  risk = 100 × (1 − S₀^exp(a)), S₀ (10 years) women 0.988876402378082, men 0.977268040180206;
  a = ethnicity term + smoking term + Σ β·x + age_1·Σ γ·x + age_2·Σ δ·x + β·age_1 + β·age_2, where
  women: age_1 = (age/10)^−2, age_2 = age/10;  men: age_1 = (age/10)^−1, age_2 = (age/10)^3;
  both: bmi_1 = (BMI/10)^−2, bmi_2 = (BMI/10)^−2 · ln(BMI/10);
each continuous term centred on its derivation mean (age_1, age_2, bmi_1, bmi_2, total/HDL cholesterol ratio, systolic
BP, SD of systolic BP, Townsend score), x the centred terms and the conditions (1 present, 0 absent). Ethnicity (9
categories, white or not stated 0) and smoking (5 categories, non-smoker 0) are category terms and smoking also
interacts with age. Conditions: atrial fibrillation, atypical antipsychotic, regular oral corticosteroids, erectile
dysfunction (men), migraine, rheumatoid arthritis, CKD stage 3-5, severe mental illness, SLE, treated hypertension,
type 1 or type 2 diabetes, angina or heart attack in a first-degree relative under 60. For ages 25-84 without CVD.
"""

import math

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Choice, Flag, Number, age, sex
from clinverify.calculators.model import Calculator, Citation, Monotone, Output, fmt
from clinverify.calculators.statements import Parameter

# The conditions, in the order the algorithm lists them; each is a Flag input of the same name.
CONDITIONS = ("atrial_fibrillation", "atypical_antipsychotic", "corticosteroids", "erectile_dysfunction", "migraine",
              "rheumatoid_arthritis", "ckd", "severe_mental_illness", "sle", "bp_treated", "family_history")
ETHNICITIES = ("white", "indian", "pakistani", "bangladeshi", "other asian", "black caribbean", "black african", "chinese",
               "other")
SMOKING = ("non-smoker", "ex-smoker", "light", "moderate", "heavy")
DIABETES = ("none", "type 1", "type 2")

# ClinRisk QRISK3-2017 source, cvd_female_raw and cvd_male_raw (as shipped in the CRAN package QRISK3,
# inst/extdata/QRISK3_2017_src.txt). "main": β of the centred terms and the conditions; "age_1" and "age_2": the
# coefficients of their products with age_1 and age_2 (γ, δ). Category terms are keyed by their option.
MODELS = {
    "female": {
        "survival": 0.988876402378082,
        "age_powers": (-2, 1),
        "centres": {"age_1": 0.053274843841791, "age_2": 4.332503318786621, "bmi_1": 0.154946178197861,
                    "bmi_2": 0.144462317228317, "ratio": 3.476326465606690, "sbp": 123.130012512207030,
                    "sbp_sd": 9.002537727355957, "townsend": 0.392308831214905},
        "main": {
            "age_1": -8.1388109247726188, "age_2": 0.7973337668969910, "bmi_1": 0.2923609227546005,
            "bmi_2": -4.1513300213837665, "ratio": 0.1533803582080255, "sbp": 0.0131314884071034,
            "sbp_sd": 0.0078894541014586, "townsend": 0.0772237905885901,
            "atrial_fibrillation": 1.5923354969269663, "atypical_antipsychotic": 0.2523764207011556,
            "corticosteroids": 0.5952072530460185, "migraine": 0.3012672608703450, "rheumatoid_arthritis": 0.2136480343518194,
            "ckd": 0.6519456949384583, "severe_mental_illness": 0.1255530805882018, "sle": 0.7588093865426769,
            "bp_treated": 0.5093159368342300, "type 1": 1.7267977510537347, "type 2": 1.0688773244615468,
            "family_history": 0.4544531902089621,
            "indian": 0.2804031433299543, "pakistani": 0.5629899414207540, "bangladeshi": 0.2959000085111652,
            "other asian": 0.0727853798779825, "black caribbean": -0.1707213550885732, "black african": -0.3937104331487497,
            "chinese": -0.3263249528353027, "other": -0.1712705688324178,
            "ex-smoker": 0.1338683378654626, "light": 0.5620085801243854, "moderate": 0.6674959337750255,
            "heavy": 0.8494817764483085,
        },
        "age_1": {
            "ex-smoker": -4.7057161785851891, "light": -2.7430383403573337, "moderate": -0.8660808882939218,
            "heavy": 0.9024156236971065, "atrial_fibrillation": 19.9380348895465610, "corticosteroids": -0.9840804523593628,
            "migraine": 1.7634979587872999, "ckd": -3.5874047731694114, "sle": 19.6903037386382920,
            "bp_treated": 11.8728097339218120, "type 1": -1.2444332714320747, "type 2": 6.8652342000009599,
            "bmi_1": 23.8026234121417420, "bmi_2": -71.1849476920870070, "family_history": 0.9946780794043513,
            "sbp": 0.0341318423386155, "townsend": -1.0301180802035639,
        },
        "age_2": {
            "ex-smoker": -0.0755892446431930, "light": -0.1195119287486707, "moderate": -0.1036630639757192,
            "heavy": -0.1399185359171839, "atrial_fibrillation": -0.0761826510111625, "corticosteroids": -0.1200536494674247,
            "migraine": -0.0655869178986999, "ckd": -0.2268887308644251, "sle": 0.0773479496790163,
            "bp_treated": 0.0009685782358817, "type 1": -0.2872406462448895, "type 2": -0.0971122525906955,
            "bmi_1": 0.5236995893366443, "bmi_2": 0.0457441901223238, "family_history": -0.0768850516984230,
            "sbp": -0.0015082501423272, "townsend": -0.0315934146749623,
        },
    },
    "male": {
        "survival": 0.977268040180206,
        "age_powers": (-1, 3),
        "centres": {"age_1": 0.234766781330109, "age_2": 77.284080505371094, "bmi_1": 0.149176135659218,
                    "bmi_2": 0.141913309693336, "ratio": 4.300998687744141, "sbp": 128.571578979492190,
                    "sbp_sd": 8.756621360778809, "townsend": 0.526304900646210},
        "main": {
            "age_1": -17.8397816660055750, "age_2": 0.0022964880605765, "bmi_1": 2.4562776660536358,
            "bmi_2": -8.3011122314711354, "ratio": 0.1734019685632711, "sbp": 0.0129101265425533,
            "sbp_sd": 0.0102519142912905, "townsend": 0.0332682012772873,
            "atrial_fibrillation": 0.8820923692805466, "atypical_antipsychotic": 0.1304687985517351,
            "corticosteroids": 0.4548539975044554, "erectile_dysfunction": 0.2225185908670538,
            "migraine": 0.2558417807415991, "rheumatoid_arthritis": 0.2097065801395657, "ckd": 0.7185326128827438,
            "severe_mental_illness": 0.1213303988204716, "sle": 0.4401572174457522, "bp_treated": 0.5165987108269547,
            "type 1": 1.2343425521675175, "type 2": 0.8594207143093222, "family_history": 0.5405546900939016,
            "indian": 0.2771924876030828, "pakistani": 0.4744636071493127, "bangladeshi": 0.5296172991968937,
            "other asian": 0.0351001591862990, "black caribbean": -0.3580789966932792, "black african": -0.4005648523216514,
            "chinese": -0.4152279288983017, "other": -0.2632134813474997,
            "ex-smoker": 0.1912822286338898, "light": 0.5524158819264555, "moderate": 0.6383505302750607,
            "heavy": 0.7898381988185802,
        },
        "age_1": {
            "ex-smoker": -0.2101113393351635, "light": 0.7526867644750319, "moderate": 0.9931588755640579,
            "heavy": 2.1331163414389076, "atrial_fibrillation": 3.4896675530623207, "corticosteroids": 1.1708133653489108,
            "erectile_dysfunction": -1.5064009857454310, "migraine": 2.3491159871402441, "ckd": -0.5065671632722369,
            "bp_treated": 6.5114581098532671, "type 1": 5.3379864878006531, "type 2": 3.6461817406221311,
            "bmi_1": 31.0049529560338860, "bmi_2": -111.2915718439164300, "family_history": 2.7808628508531887,
            "sbp": 0.0188585244698659, "townsend": -0.1007554870063731,
        },
        "age_2": {
            "ex-smoker": -0.0004985487027533, "light": -0.0007987563331739, "moderate": -0.0008370618426625,
            "heavy": -0.0007840031915564, "atrial_fibrillation": -0.0003499560834064, "corticosteroids": -0.0002496045095297,
            "erectile_dysfunction": -0.0011058218441227, "migraine": 0.0001989644604148, "ckd": -0.0018325930166499,
            "bp_treated": 0.0006383805310417, "type 1": 0.0006409780808753, "type 2": -0.0002469569558887,
            "bmi_1": 0.0050380102356322, "bmi_2": -0.0130744830025243, "family_history": -0.0002479180990740,
            "sbp": -0.0000127187419159, "townsend": -0.0000932996423233,
        },
    },
}
# ClinRisk's QRISK3 engine puts a recorded value outside these limits at the nearer limit before the equation.
LIMITS = {"bmi": (20.0, 40.0), "cholesterol_ratio": (1.0, 12.0), "systolic_bp": (70.0, 210.0)}
RATIO_AGREEMENT = 0.1  # a stated ratio and TC/HDL may differ by rounding only

TERM_TEXT = {"age_1": "age_1", "age_2": "age_2", "bmi_1": "bmi_1", "bmi_2": "bmi_2", "ratio": "ratio", "sbp": "SBP",
             "sbp_sd": "SD(SBP)", "townsend": "Townsend", "atrial_fibrillation": "AF",
             "atypical_antipsychotic": "atypical antipsychotic", "corticosteroids": "steroids",
             "erectile_dysfunction": "erectile dysfunction", "migraine": "migraine", "rheumatoid_arthritis": "RA",
             "ckd": "CKD 3-5", "severe_mental_illness": "SMI", "sle": "SLE", "bp_treated": "treated hypertension",
             "type 1": "type 1 diabetes", "type 2": "type 2 diabetes", "family_history": "family history",
             "ex-smoker": "ex-smoker", "light": "light smoker", "moderate": "moderate smoker", "heavy": "heavy smoker"}

INPUTS = (
    age(range=(25.0, 84.0), description="age (QRISK3 covers 25–84 years)"),
    sex(),
    Choice("ethnicity", {"white": ("white or not stated", "not stated", "not recorded", "unknown", "british", "white british",
                                   "irish", "other white", "caucasian"),
                         "indian": (), "pakistani": (), "bangladeshi": (), "other asian": ("other_asian", "asian other"),
                         "black caribbean": ("caribbean", "black_caribbean"), "black african": ("african", "black_african"),
                         "chinese": (), "other": ("other ethnic group", "mixed", "other black", "other_ethnic_group")},
           "ethnicity (QRISK3's 9 groups; not stated counts as white)", required=False, default="white",
           aliases=("ethnic group", "race")),
    Number("bmi", "kg/m^2", (10.0, 80.0), "body mass index", aliases=("body mass index", "Body Mass Index (BMI)")),
    Number("systolic_bp", "mmHg", (50.0, 300.0), "systolic blood pressure", aliases=("Systolic Blood Pressure", "sbp")),
    Number("sbp_sd", "mmHg", (0.0, 60.0), "standard deviation of at least two recent systolic blood pressure readings "
           "(0 when not recorded)", required=False, default=0.0,
           aliases=("sd of systolic blood pressure", "systolic blood pressure variability", "sbp variability", "sbps5")),
    Number("cholesterol_ratio", "", (1.0, 30.0), "total cholesterol / HDL cholesterol ratio", required=False,
           aliases=("total cholesterol/hdl ratio", "cholesterol/hdl ratio", "tc/hdl ratio", "tc:hdl", "rati")),
    Number("total_cholesterol", "mmol/L", (1.0, 25.0), "total cholesterol (for the ratio)", analyte="cholesterol",
           required=False, aliases=("Total cholesterol", "tc")),
    Number("hdl_cholesterol", "mmol/L", (0.1, 6.0), "HDL cholesterol (for the ratio)", analyte="cholesterol",
           required=False, aliases=("high-density lipoprotein cholesterol", "hdl", "hdl-c")),
    Number("townsend", "", (-8.0, 12.0), "Townsend deprivation score of the postcode (0 when unknown)", required=False,
           default=0.0, aliases=("townsend deprivation score", "townsend score", "deprivation score")),
    Choice("smoking", {"non-smoker": ("non", "never", "never smoked", "no", "non smoker", "nonsmoker"),
                       "ex-smoker": ("ex", "former", "former smoker", "ex smoker", "quit"),
                       "light": ("light smoker", "less than 10", "< 10 a day"),
                       "moderate": ("moderate smoker", "10 to 19", "10-19 a day"),
                       "heavy": ("heavy smoker", "20 or over", "20 or more a day")},
           "smoking status: non-smoker, ex-smoker, light (< 10 a day), moderate (10–19), heavy (20 or more)",
           required=False, default="non-smoker", aliases=("smoking status", "smoker")),
    Choice("diabetes", {"none": ("no", "non-diabetic", "false"), "type 1": ("type1", "type 1 diabetes", "t1dm", "1"),
                        "type 2": ("type2", "type 2 diabetes", "t2dm", "2")},
           "diabetes: none, type 1 or type 2", required=False, default="none", aliases=("diabetes status", "Diabetes")),
    Flag("atrial_fibrillation", "atrial fibrillation", aliases=("AF",)),
    Flag("atypical_antipsychotic", "on atypical antipsychotic medication", aliases=("atypical antipsychotics",)),
    Flag("corticosteroids", "on regular oral corticosteroid (steroid) tablets",
         aliases=("regular steroid tablets", "steroid tablets", "oral corticosteroids")),
    Flag("erectile_dysfunction", "diagnosis of or treatment for erectile dysfunction (men)",
         aliases=("impotence",)),
    Flag("migraine", "migraine", aliases=("migraines",)),
    Flag("rheumatoid_arthritis", "rheumatoid arthritis", aliases=("RA",)),
    Flag("ckd", "chronic kidney disease stage 3, 4 or 5", aliases=("chronic kidney disease", "CKD stage 3-5", "CKD 3-5")),
    Flag("severe_mental_illness", "severe mental illness (schizophrenia, bipolar disorder, moderate or severe depression)",
         aliases=("SMI",)),
    Flag("sle", "systemic lupus erythematosus", aliases=("SLE", "systemic lupus erythematosus", "lupus")),
    Flag("bp_treated", "on blood pressure treatment (treated hypertension)",
         aliases=("Blood pressure being treated with medicines", "antihypertensive medication", "treated hypertension")),
    Flag("family_history", "angina or heart attack in a first-degree relative under 60",
         aliases=("family history of CHD", "family history of premature CHD", "family history of CVD")),
)


def _clamp(name: str, x: float) -> float:
    lo, hi = LIMITS[name]
    return min(max(x, lo), hi)


def _ratio(cholesterol_ratio, total_cholesterol, hdl_cholesterol) -> float:
    """The total/HDL cholesterol ratio: stated, or from TC and HDL (which must agree with a stated one)."""
    if total_cholesterol is not None and hdl_cholesterol is not None:
        from_lipids = total_cholesterol / hdl_cholesterol
        if cholesterol_ratio is not None and abs(cholesterol_ratio - from_lipids) > RATIO_AGREEMENT:
            raise InputError(FieldViolation("cholesterol_ratio", f"{fmt(cholesterol_ratio, 2)} disagrees with total cholesterol "
                                            f"/ HDL = {fmt(total_cholesterol, 2)} / {fmt(hdl_cholesterol, 2)} = "
                                            f"{fmt(from_lipids, 2)} (they may differ by {RATIO_AGREEMENT} at most)"), "qrisk3")
        return from_lipids
    if cholesterol_ratio is None:
        missing = "hdl_cholesterol" if total_cholesterol is not None else "total_cholesterol" if hdl_cholesterol is not None \
            else "cholesterol_ratio"
        raise InputError(FieldViolation(missing, "required: the total/HDL cholesterol ratio, or total and HDL cholesterol"),
                         "qrisk3")
    return cholesterol_ratio


def compute(age, sex, bmi, systolic_bp, sbp_sd=0.0, cholesterol_ratio=None, total_cholesterol=None, hdl_cholesterol=None,
            townsend=0.0, ethnicity="white", smoking="non-smoker", diabetes="none", atrial_fibrillation=False,
            atypical_antipsychotic=False, corticosteroids=False, erectile_dysfunction=False, migraine=False,
            rheumatoid_arthritis=False, ckd=False, severe_mental_illness=False, sle=False, bp_treated=False,
            family_history=False):
    if erectile_dysfunction and sex == "female":
        raise InputError(FieldViolation("erectile_dysfunction", "is a term of the men's equation only"), "qrisk3")
    model = MODELS[sex]
    c = model["centres"]
    stated_ratio = _ratio(cholesterol_ratio, total_cholesterol, hdl_cholesterol)
    ratio = _clamp("cholesterol_ratio", stated_ratio)
    bmi_used, sbp_used = _clamp("bmi", bmi), _clamp("systolic_bp", systolic_bp)
    p1, p2 = model["age_powers"]
    dage, dbmi = age / 10.0, bmi_used / 10.0
    age_1, age_2 = dage ** p1 - c["age_1"], dage ** p2 - c["age_2"]
    x = {"bmi_1": dbmi ** -2 - c["bmi_1"], "bmi_2": dbmi ** -2 * math.log(dbmi) - c["bmi_2"], "ratio": ratio - c["ratio"],
         "sbp": sbp_used - c["sbp"], "sbp_sd": sbp_sd - c["sbp_sd"], "townsend": townsend - c["townsend"],
         ethnicity: 1.0, smoking: 1.0, diabetes: 1.0}
    flags = {"atrial_fibrillation": atrial_fibrillation, "atypical_antipsychotic": atypical_antipsychotic,
             "corticosteroids": corticosteroids, "erectile_dysfunction": erectile_dysfunction, "migraine": migraine,
             "rheumatoid_arthritis": rheumatoid_arthritis, "ckd": ckd, "severe_mental_illness": severe_mental_illness,
             "sle": sle, "bp_treated": bp_treated, "family_history": family_history}
    x.update({k: 1.0 for k, v in flags.items() if v})
    x.update({"age_1": age_1, "age_2": age_2})
    main = sum(b * x.get(k, 0.0) for k, b in model["main"].items())
    by_age_1 = sum(g * x.get(k, 0.0) for k, g in model["age_1"].items())
    by_age_2 = sum(d * x.get(k, 0.0) for k, d in model["age_2"].items())
    a = main + age_1 * by_age_1 + age_2 * by_age_2
    s0 = model["survival"]
    risk = -math.expm1(math.exp(a) * math.log(s0))  # 1 − S₀^exp(a), exact for small risks
    return risk * 100.0, {
        "age_1": age_1, "age_2": age_2, "bmi_used": bmi_used, "bmi_1": x["bmi_1"], "bmi_2": x["bmi_2"],
        "cholesterol_ratio": stated_ratio, "cholesterol_ratio_used": ratio, "systolic_bp_used": sbp_used,
        "main_sum": main, "age_1_sum": by_age_1, "age_2_sum": by_age_2, "linear_predictor": a, "baseline_survival": s0,
        "risk_fraction": risk,
    }


def _coef(b: float) -> str:
    """A coefficient to 6 significant digits, without an exponent."""
    digits = max(0, 5 - math.floor(math.log10(abs(b)))) if b else 0
    return fmt(b, digits).replace("-", "−")


def _power(name: str, p: int) -> str:
    return f"{name}/10" if p == 1 else f"({name}/10)^{p}".replace("-", "−")


def _sum(coefficients: dict, keys=None) -> str:
    text = " + ".join(f"{_coef(b)}·{TERM_TEXT.get(k, k)}" for k, b in coefficients.items() if keys is None or k in keys)
    return text.replace("+ −", "− ")


def explain(inputs, inter, value):
    sex = inputs["sex"]
    model = MODELS[sex]
    c, main = model["centres"], model["main"]
    p1, p2 = model["age_powers"]
    continuous = ("age_1", "age_2", "bmi_1", "bmi_2", "ratio", "sbp", "sbp_sd", "townsend")
    conditions = (*CONDITIONS, "type 1", "type 2")
    lines = [
        f"QRISK3-2017, {'women' if sex == 'female' else 'men'} (ClinRisk's published algorithm): 10-year CVD risk = "
        f"100 × (1 − S₀^exp(a)), S₀ = {model['survival']}.",
        f"Age terms: age_1 = {_power('age', p1)} − {c['age_1']}, age_2 = {_power('age', p2)} − {c['age_2']}.",
        f"BMI terms: bmi_1 = (BMI/10)^−2 − {c['bmi_1']}, bmi_2 = (BMI/10)^−2·ln(BMI/10) − {c['bmi_2']}.",
        f"Centred terms: ratio = TC/HDL − {c['ratio']}; SBP − {c['sbp']}; SD(SBP) − {c['sbp_sd']}; Townsend − "
        f"{c['townsend']}. Conditions count 1 if present.",
        f"a = ethnicity + smoking + {_sum(main, continuous)} + {_sum(main, conditions)} + age_1 × ({_sum(model['age_1'])}) "
        f"+ age_2 × ({_sum(model['age_2'])}).".replace("+ −", "− "),
        f"Ethnicity (white or not stated 0): {_sum(main, ETHNICITIES)}; smoking (non-smoker 0): {_sum(main, SMOKING)}.",
    ]
    ratio_text = f"TC/HDL {fmt(inter['cholesterol_ratio'], 2)}"
    if inputs.get("total_cholesterol") is not None and inputs.get("hdl_cholesterol") is not None:
        ratio_text = (f"TC/HDL = {fmt(inputs['total_cholesterol'], 2)} / {fmt(inputs['hdl_cholesterol'], 2)} mmol/L = "
                      f"{fmt(inputs['total_cholesterol'] / inputs['hdl_cholesterol'], 2)}")
    for label, stated, used, unit, limits in (
            ("BMI", inputs["bmi"], inter["bmi_used"], " kg/m²", LIMITS["bmi"]),
            ("SBP", inputs["systolic_bp"], inter["systolic_bp_used"], " mmHg", LIMITS["systolic_bp"]),
            ("TC/HDL ratio", inter["cholesterol_ratio"], inter["cholesterol_ratio_used"], "", LIMITS["cholesterol_ratio"])):
        if stated != used:
            lines.append(f"{label} {fmt(stated, 2)}{unit} is outside the algorithm's {fmt(limits[0])}–{fmt(limits[1])}{unit}: "
                         f"{fmt(used)} used, as ClinRisk's QRISK3 engine does.")
    present = [TERM_TEXT[k] for k in CONDITIONS if inputs.get(k)]
    if inputs.get("diabetes", "none") != "none":
        present.append(TERM_TEXT[inputs["diabetes"]])
    lines += [
        f"Age {fmt(inputs['age'])}: age_1 = {fmt(inter['age_1'], 6)}, age_2 = {fmt(inter['age_2'], 6)}; BMI "
        f"{fmt(inter['bmi_used'], 2)} kg/m²: bmi_1 = {fmt(inter['bmi_1'], 6)}, bmi_2 = {fmt(inter['bmi_2'], 6)}; {ratio_text}; "
        f"SBP {fmt(inter['systolic_bp_used'])} mmHg, SD {fmt(inputs.get('sbp_sd', 0.0))} mmHg; Townsend "
        f"{fmt(inputs.get('townsend', 0.0))}; ethnicity {inputs.get('ethnicity', 'white')}; smoking "
        f"{inputs.get('smoking', 'non-smoker')}; conditions present: {', '.join(present) or 'none'}.",
        f"a = main terms + age_1 × (age_1 terms) + age_2 × (age_2 terms) = {fmt(inter['main_sum'], 5)} + "
        f"({fmt(inter['age_1'], 6)}) × ({fmt(inter['age_1_sum'], 5)}) + ({fmt(inter['age_2'], 6)}) × "
        f"({fmt(inter['age_2_sum'], 5)}) = {fmt(inter['linear_predictor'], 5)}.",
        f"10-year risk = 100 × (1 − {model['survival']}^exp({fmt(inter['linear_predictor'], 5)})) = {fmt(value)} %.",
    ]
    return lines


PARAMETERS = (
    Parameter(("linear_predictor",), ("linear predictor", "sum of the terms", "prognostic index", "risk score sum")),
    Parameter(("baseline_survival",), ("baseline survival", "s0", "s₀", "10-year baseline survival", "survivor")),
    Parameter(("bmi_1",), ("bmi_1", "bmi term 1", "first bmi term")),
    Parameter(("bmi_2",), ("bmi_2", "bmi term 2", "second bmi term")),
    Parameter(("age_1",), ("age_1", "age term 1", "first age term")),
    Parameter(("age_2",), ("age_2", "age term 2", "second age term")),
)


CALCULATOR = Calculator(
    id="qrisk3",
    name="QRISK3-2017 10-year cardiovascular risk",
    category="cardiology",
    description="10-year risk of cardiovascular disease (coronary heart disease, stroke or TIA) in UK adults 25–84 without "
                "CVD, from QRISK3-2017's ethnicity, deprivation, clinical and laboratory terms.",
    inputs=INPUTS,
    output=Output("%", "decimal", 1, minimum=0.0, maximum=100.0),
    citations=(
        Citation(
            "Hippisley-Cox J, Coupland C, Brindle P. Development and validation of QRISK3 risk prediction algorithms to "
            "estimate future risk of cardiovascular disease: prospective cohort study. BMJ. 2017;357:j2099.",
            doi="10.1136/bmj.j2099",
        ),
        Citation("ClinRisk Ltd. QRISK3-2017 open-source algorithm (GNU LGPL), https://qrisk.org/three/src.php; as shipped "
                 "in the CRAN package QRISK3 (Li Y), inst/extdata/QRISK3_2017_src.txt.", url="https://qrisk.org/three/src.php"),
    ),
    compute_fn=compute,
    explain_fn=explain,
    keywords=("qrisk", "qrisk3", "nice", "uk", "primary prevention", "statin", "cholesterol", "lipids", "cardiovascular risk",
              "10-year risk", "heart disease risk", "townsend", "ethnicity"),
    population="QResearch, 1309 English general practices: 981 for derivation (7.89 million patients aged 25–84), 328 "
               "for validation (2.67 million) (Hippisley-Cox 2017 abstract, quoted from memory, not re-read here).",
    examples=("CRAN package QRISK3 (Li Y) test data QRISK3_2017_test / QRISK3_2019_test: scores of ClinRisk's original C "
              "algorithm (QRISK_C_algorithm_score), 49 rows (a woman and a man of 64, each term in turn)",
              "Hand-worked term checks from the published coefficients"),
    increasing=("cholesterol_ratio", "total_cholesterol", "systolic_bp", "sbp_sd", "atrial_fibrillation",
                "atypical_antipsychotic", "corticosteroids", "rheumatoid_arthritis", "severe_mental_illness", "sle",
                "bp_treated", "family_history", Monotone("diabetes", order=("none", "type 2", "type 1"))),
    decreasing=("hdl_cholesterol",),
    notes=(
        "Coefficients, centring values and baseline survival are ClinRisk's QRISK3-2017 source (cvd_female_raw, "
        "cvd_male_raw) as shipped in the CRAN package QRISK3 (inst/extdata/QRISK3_2017_src.txt); the package's own R "
        "transcription (R/QRISK3-2017ver9.R) has the same 151 numbers. The BMJ paper's tables give hazard ratios, not "
        "the full model with its interactions.",
        "Limits and missing-value substitutes are those of ClinRisk's QRISK3 engine ('QRISK3 algorithm v. 2018.0', "
        "QRiskCVDAlgorithm.cs and CRStandardDefinitions.cs as supplied in the public repository endeavour-predict/ep-qrisk3); "
        "only these facts are taken from it, not its (later) model coefficients.",
        "Defaults as ClinRisk's QRISK3 engine substitutes them: ethnicity not stated = white, smoking not known = "
        "non-smoker, Townsend score not known = 0, SD of systolic BP not recorded = 0. (The engine estimates a missing "
        "BMI, SBP or cholesterol ratio from age, sex and ethnicity; here they are required.)",
        "BMI outside 20–40 kg/m², systolic BP outside 70–210 mmHg and a cholesterol ratio outside 1–12 are put at the "
        "nearer limit before the equation, as ClinRisk's engine does; the explanation says so. Townsend is accepted "
        "within the engine's −8 to 12.",
        "Age is used as given (ClinRisk's code takes completed years). Erectile dysfunction is a term of the men's "
        "equation only: set for a woman it is refused.",
        "The cholesterol ratio is the stated ratio, or total / HDL cholesterol (mmol/L or mg/dL, the ratio is the same); "
        "a stated ratio that differs from TC/HDL by more than 0.1 is refused.",
        "Not monotone in age, BMI, Townsend score or smoking category, nor in CKD, migraine (women) or erectile "
        "dysfunction (men) at every age: their age interactions reverse the sign at some ages (CKD lowers the risk "
        "near 84 in both sexes). Risk rises with every other condition at every age 25–84, and type 1 diabetes "
        "outweighs type 2.",
    ),
)
