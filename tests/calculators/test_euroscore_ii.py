"""EuroSCORE II (Nashef SA et al., Eur J Cardiothorac Surg 2012;41:734-744, doi:10.1093/ejcts/ezs043; coefficients
from its Table 6 / Appendix, logistic equation p = e^y / (1 + e^y)). Examples worked by hand from the coefficients
(e^y evaluated to 4 significant figures). No published worked example found; searched (search tool, stored public
pages, 2026-12-05): pages and code for a published EuroSCORE II example (only calculators and validation studies;
euroscore.org has no documented example in the store).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import math

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("euroscore_ii")


def test_lowest_risk_example():
    # 58-year-old man, elective isolated CABG, no risk factor: y = -5.324537 + 0.0285181 x 1 = -5.2960189;
    # e^y = 0.005011; p = 0.005011 / 1.005011 = 0.4987 %.
    r = compute("euroscore_ii", {"age": 58, "sex": "male"})
    assert r.intermediates["logit"] == pytest.approx(-5.2960189, abs=1e-7)
    assert r.value == pytest.approx(0.4987, abs=1e-3)


def test_intermediate_example():
    # 75-year-old woman (x = 16: 0.4562896; female 0.2196434), CC 51-85 (0.303553), NYHA III (0.2958358),
    # LVEF 31-50 % (0.3150652), urgent (0.3174673), two procedures (0.5521478), chronic lung disease (0.1886564):
    # y = -5.324537 + 2.6486585 = -2.6758785; e^y = 0.06885; p = 0.06885 / 1.06885 = 6.441 %.
    r = compute("euroscore_ii", {"age": 75, "sex": "female", "renal_function": "moderate", "nyha": "III",
                                 "lv_function": "moderate", "urgency": "urgent", "procedure_weight": "two procedures",
                                 "chronic_lung_disease": True})
    assert r.intermediates["age_x"] == 16
    assert r.intermediates["logit"] == pytest.approx(-2.6758785, abs=1e-7)
    assert r.value == pytest.approx(6.441, abs=1e-3)


def test_high_risk_example():
    # 80-year-old man (x = 21: 0.5988801), redo (1.118599), dialysis (0.6421508), NYHA IV (0.5597929), LVEF <= 20 %
    # (0.9346919), PA > 55 mmHg (0.3491475), salvage (1.362947), >= 3 procedures (0.9724533), thoracic aorta
    # (0.6527205), critical state (1.086517): y = 2.953363; e^y = 19.17; p = 19.17 / 20.17 = 95.04 %.
    r = compute("euroscore_ii", {"age": 80, "sex": "male", "previous_cardiac_surgery": True, "renal_function": "dialysis",
                                 "nyha": "IV", "lv_function": "very poor", "pa_pressure": "severe", "urgency": "salvage",
                                 "procedure_weight": "three or more", "thoracic_aorta": True, "critical_state": True})
    assert r.intermediates["logit"] == pytest.approx(2.953363, abs=1e-6)
    assert r.value == pytest.approx(95.04, abs=0.01)


@pytest.mark.parametrize("age,x", [(40, 1), (60, 1), (61, 2), (70, 11)])
def test_age_term(age, x):
    assert compute("euroscore_ii", {"age": age, "sex": "male"}).intermediates["age_x"] == x


def test_dialysis_below_severe_impairment():
    # Nashef's coefficients: dialysis 0.6421508 < CC <= 50 0.8592256.
    y = {opt: compute("euroscore_ii", {"age": 60, "sex": "male", "renal_function": opt}).intermediates["logit"]
         for opt in ("normal", "moderate", "severe", "dialysis")}
    assert y["severe"] - y["dialysis"] == pytest.approx(0.8592256 - 0.6421508)
    assert y["normal"] < y["moderate"] < y["dialysis"] < y["severe"]


def test_each_flag_adds_its_coefficient():
    base = compute("euroscore_ii", {"age": 60, "sex": "male"}).intermediates["logit"]
    table = {"extracardiac_arteriopathy": 0.5360268, "poor_mobility": 0.2407181, "previous_cardiac_surgery": 1.118599,
             "chronic_lung_disease": 0.1886564, "active_endocarditis": 0.6194522, "critical_state": 1.086517,
             "insulin_diabetes": 0.3542749, "ccs4_angina": 0.2226147, "recent_mi": 0.1528943, "thoracic_aorta": 0.6527205}
    for name, coef in table.items():
        y = compute("euroscore_ii", {"age": 60, "sex": "male", name: True}).intermediates["logit"]
        assert y - base == pytest.approx(coef), name


def test_probability_matches_logit():
    r = CALC.compute(CALC.parse({"age": 66, "sex": "female", "nyha": "II"}))
    y = r.intermediates["logit"]
    assert r.value == pytest.approx(100 / (1 + math.exp(-y)))


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("euroscore_ii", {"age": 60, "sex": "male", "urgency": "whenever"})
    assert ei.value.field == "urgency"
    with pytest.raises(InputError) as ei:
        compute("euroscore_ii", {"sex": "male"})
    assert ei.value.field == "age"
