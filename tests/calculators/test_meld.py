"""Original MELD with the UNOS bounds: Kamath et al., Hepatology 2001;33:464-470 (doi:10.1053/jhep.2001.22172):
R = 0.957 ln(Cr) + 0.378 ln(bilirubin) + 1.120 ln(INR) + 0.643, MELD = 10 R rounded; UNOS (Wiesner, Liver Transpl
2001;7:567-580 and Gastroenterology 2003;124:91-96): values < 1.0 set to 1.0, creatinine <= 4.0 (4.0 after dialysis twice
or 24 h CVVHD in the past week), cap 40. Kamath 2001 gives no scored patient: the examples are worked by hand, with ln
values to 6 decimals. No published worked example found; searched (search tool, stored public pages, 2026-12-05):
pages for OPTN/UNOS MELD documentation and case reports (only AI-generated answer pages print MELD totals; not
authoritative, not used). Secondary (re-searched 2026-12-06): a calculator site's "Worked Example"
(https://calculatorlib.com/meld-score-calculator): bilirubin 1.9, INR 1.2, creatinine 1.3 -> 13.41 -> MELD 13, by
the 3.78 / 11.2 / 9.57 / 6.43 form without the UNOS rounding of R to the tenth (the UNOS form gives 13 too)."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("meld")


def test_secondary_example_calculatorlib():
    # calculatorlib.com "Worked Example": bili 1.9, INR 1.2, Cr 1.3 -> 2.426 + 2.042 + 2.511 + 6.43 = 13.41 -> 13.
    # UNOS form: R = 0.957 ln 1.3 + 0.378 ln 1.9 + 1.120 ln 1.2 + 0.643 = 1.3409 -> 1.3 -> 13.
    r = compute("meld", {"creatinine": 1.3, "bilirubin": 1.9, "inr": 1.2})
    assert r.intermediates["meld_raw"] * 10 == pytest.approx(13.41, abs=0.005)
    assert r.value == 13


def test_worked_example_decompensated_cirrhosis():
    # Cr 1.9, bili 4.2, INR 1.8: 0.957 x 0.641854 = 0.614254; 0.378 x 1.435085 = 0.542462; 1.120 x 0.587787 = 0.658321;
    # R = 0.614254 + 0.542462 + 0.658321 + 0.643 = 2.458037 -> 2.5 -> MELD 25.
    r = compute("meld", {"creatinine": 1.9, "bilirubin": 4.2, "inr": 1.8})
    assert r.intermediates["meld_raw"] == pytest.approx(2.458037, abs=1e-6)
    assert r.value == 25


def test_worked_example_si_units():
    # Cr 150 µmol/L = 150 / 88.42 = 1.696449 mg/dL; bili 51.3 µmol/L = 51.3 / 17.104 = 2.999298 mg/dL; INR 1.4:
    # 0.957 x ln 1.696449 (0.528537) = 0.505810; 0.378 x ln 2.999298 (1.098378) = 0.415187; 1.120 x ln 1.4 (0.336472) =
    # 0.376849; R = 0.505810 + 0.415187 + 0.376849 + 0.643 = 1.940846 -> 1.9 -> MELD 19.
    r = compute("meld", {"creatinine": "150 µmol/L", "bilirubin": [51.3, "µmol/L"], "inr": 1.4})
    assert r.intermediates["creatinine_used"] == pytest.approx(1.696449, rel=1e-3)
    assert r.value == 19


def test_minimum_six_when_every_value_is_below_one():
    # All set to 1.0: R = 0.643 -> 0.6 -> 6.
    r = compute("meld", {"creatinine": 0.6, "bilirubin": 0.4, "inr": 0.9})
    assert (r.intermediates["creatinine_used"], r.intermediates["bilirubin_used"], r.intermediates["inr_used"]) == (1.0, 1.0, 1.0)
    assert r.value == 6 == CALC.output.minimum


def test_dialysis_sets_creatinine_to_four():
    # Dialysis twice: Cr 4.0; bili 10, INR 2.5: 0.957 x 1.386294 = 1.326684; 0.378 x 2.302585 = 0.870377;
    # 1.120 x 0.916291 = 1.026246; R = 3.866307 -> 3.9 -> 39.
    r = compute("meld", {"creatinine": 2.0, "bilirubin": 10, "inr": 2.5, "Dialysis at least twice in the past week": True})
    assert r.intermediates["creatinine_used"] == 4.0 and r.value == 39
    r = compute("meld", {"creatinine": 0.8, "bilirubin": 1.0, "inr": 1.0, "cvvhd": True})
    assert r.intermediates["creatinine_used"] == 4.0  # R = 1.326684 + 0.643 = 1.969684 -> 2.0 -> 20
    assert r.value == 20


def test_creatinine_ceiling_and_score_cap():
    # Cr 6.0 -> 4.0; bili 30, INR 4: 1.326684 + 0.378 x 3.401197 (1.285653) + 1.120 x 1.386294 (1.552650) + 0.643
    # = 4.807987 -> 48 -> capped at 40.
    r = compute("meld", {"creatinine": 6.0, "bilirubin": 30, "inr": 4})
    assert r.intermediates["creatinine_used"] == 4.0 and r.intermediates["meld_uncapped"] == 48
    assert r.value == 40 == CALC.output.maximum
    assert "capped at 40" in r.explanation()[-1]


def test_rounding_to_the_tenth():
    # INR alone: R = 1.120 ln(INR) + 0.643. INR 1.25: 1.120 x 0.223144 = 0.249921; R = 0.892921 -> 0.9 -> 9.
    # INR 1.2: 1.120 x 0.182322 = 0.204200; R = 0.847200 -> 0.8 -> 8.
    assert compute("meld", {"creatinine": 1, "bilirubin": 1, "inr": 1.25}).value == 9
    assert compute("meld", {"creatinine": 1, "bilirubin": 1, "inr": 1.2}).value == 8


@pytest.mark.parametrize("cr,bili,inr", [(1.9, 4.2, 1.8), (2.7, 1.5, 1.1), (0.7, 12.0, 2.2), (3.5, 2.0, 1.6)])
def test_equals_the_first_step_of_meld_na(cr, bili, inr):
    # OPTN policy: MELD-Na's MELD(i) is this MELD (same bounds and rounding) before the sodium term.
    e = {"creatinine": cr, "bilirubin": bili, "inr": inr}
    assert compute("meld", e).value == compute("meld_na", {**e, "sodium": 137}).intermediates["meld_i"]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("meld", {"creatinine": 1.0, "bilirubin": 1.0})
    assert ei.value.field == "inr"
    with pytest.raises(InputError) as ei:
        compute("meld", {"creatinine": -1.0, "bilirubin": 1.0, "inr": 1.0})
    assert ei.value.field == "creatinine"
    with pytest.raises(InputError) as ei:
        compute("meld", {"creatinine": 1.0, "bilirubin": 1.0, "inr": 1.0, "cvvhd": "sometimes"})
    assert ei.value.field == "cvvhd"
