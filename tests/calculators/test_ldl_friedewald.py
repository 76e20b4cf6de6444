"""Friedewald LDL = TC - HDL - TG/5 (mg/dL), not valid for TG > 400 mg/dL
(Friedewald WT, Levy RI, Fredrickson DS. Clin Chem 1972;18:499-502); method sampson_2020 (Sampson, JAMA
Cardiol 2020;5:540) and method martin_hopkins_2013 (Martin SS et al., JAMA 2013;310:2061, doi:10.1001/
jama.2013.280532): LDL = TC - HDL - TG/factor, the factor from the 180-cell table.

Martin-Hopkins examples: no worked example printed in Martin 2013 or on the Hopkins calculator page was
found in the stored copies searched (public code and pages; the JAMA article itself not stored). The cases
below are hand-worked from the table, one pair per stratum boundary, plus six cases from an independent
implementation's tests (the Dart package biosigma_core's Martin-Hopkins test, whose expected values were
computed in Python from its own copy of the table)."""

import pytest

from clinverify.calculators import InputError, compute
from clinverify.calculators.model import fmt


def test_formula():
    r = compute("ldl_friedewald", {"Total cholesterol": [200, "mg/dL"], "high-density lipoprotein cholesterol": [50, "mg/dL"], "Triglycerides": [150, "mg/dL"]})
    assert r.value == pytest.approx(120.0)
    assert r.intermediates["vldl"] == 30


def test_mmol_inputs():
    # mmol/L form: 5.0 - 1.3 - 1.5/2.2 = 3.018 mmol/L = 116.7 mg/dL (the 2.2 and 5 divisors differ by ~1 %).
    r = compute("ldl_friedewald", {"total_cholesterol": [5.0, "mmol/L"], "hdl": [1.3, "mmol/L"], "triglycerides": [1.5, "mmol/L"]})
    assert r.value == pytest.approx(5.0 * 38.665 - 1.3 * 38.665 - 1.5 * 88.57 / 5)
    assert r.value == pytest.approx(116.7, rel=0.01)


def test_tg_400_is_the_limit():
    assert compute("ldl_friedewald", {"total_cholesterol": 250, "hdl": 40, "triglycerides": 400}).value == pytest.approx(130)
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 250, "hdl": 40, "triglycerides": 401})
    assert ei.value.field == "triglycerides" and "400" in str(ei.value)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 250, "triglycerides": 100})
    assert ei.value.field == "hdl"


def test_sampson_nih_equation_2():
    # Sampson 2020 (JAMA Cardiol 5:540): TC/0.948 − HDL/0.971 − (TG/8.56 + TG × nonHDL/2140 − TG²/16100) − 9.44.
    # TC 200, HDL 50, TG 150: 210.97 − 51.49 − (17.52 + 10.51 − 1.40) − 9.44 = 123.40.
    r = compute("ldl_friedewald", {"total_cholesterol": 200, "hdl": 50, "triglycerides": 150, "method": "sampson_2020"})
    assert r.value == pytest.approx(123.40, abs=0.01)
    assert r.intermediates["non_hdl"] == 150 and fmt(r.value) in r.explanation()[-1]
    # Above Friedewald's 400 mg/dL but within Sampson's 800: TC 220, HDL 40, TG 600 gives 83.23.
    r = compute("ldl_friedewald", {"total_cholesterol": 220, "hdl": 40, "triglycerides": 600, "method": "sampson_2020"})
    assert r.value == pytest.approx(83.23, abs=0.01)


def test_sampson_limit_is_800():
    compute("ldl_friedewald", {"total_cholesterol": 300, "hdl": 40, "triglycerides": 800, "method": "sampson_2020"})
    with pytest.raises(InputError) as ei:
        compute("ldl_friedewald", {"total_cholesterol": 300, "hdl": 40, "triglycerides": 801, "method": "sampson_2020"})
    assert ei.value.field == "triglycerides" and "800" in str(ei.value)


def test_default_is_friedewald():
    from clinverify.calculators import get

    assert get("ldl_friedewald").versions() == {"method": (("friedewald_1972", "sampson_2020", "martin_hopkins_2013"), "friedewald_1972")}


MH = "martin_hopkins_2013"


def mh(tc, hdl, tg):
    return compute("ldl_friedewald", {"total_cholesterol": tc, "hdl": hdl, "triglycerides": tg, "method": MH})


def test_martin_hopkins_table_is_the_2013_table():
    # 30 triglyceride strata x 6 non-HDL-C strata; the copies compared (module docstring) agree on every
    # cell and sum to 949.4. Corners, one inner cell and the one cell where a factor falls as TG rises.
    from clinverify.calculators.formulas.ldl_friedewald import MH_FACTORS, MH_NON_HDL_LOWER, MH_TG_LOWER

    assert len(MH_FACTORS) == len(MH_TG_LOWER) == 30 and all(len(row) == 6 for row in MH_FACTORS)
    assert MH_NON_HDL_LOWER == (100, 130, 160, 190, 220)
    assert round(sum(map(sum, MH_FACTORS)), 6) == 949.4
    assert MH_FACTORS[0] == (3.5, 3.4, 3.3, 3.3, 3.2, 3.1) and MH_FACTORS[-1] == (11.9, 10.0, 8.8, 8.1, 7.5, 6.7)
    assert MH_FACTORS[MH_TG_LOWER.index(147)][2] == 5.7  # TG 147-154, non-HDL 130-159
    assert (MH_FACTORS[MH_TG_LOWER.index(93)][5], MH_FACTORS[MH_TG_LOWER.index(97)][5]) == (4.4, 4.3)
    # Rows are TG strata 7-49 ... 293-399, 400-13975; factors never rise with non-HDL-C within a row.
    assert MH_TG_LOWER[:3] == (7, 50, 57) and MH_TG_LOWER[-2:] == (293, 400)
    assert all(row[j] >= row[j + 1] for row in MH_FACTORS for j in range(5))


def test_martin_hopkins_hand_worked():
    # TC 200, HDL 50, TG 150: non-HDL 150 (130-159), TG 147-154 -> factor 5.7; 150 - 150/5.7 = 123.68.
    r = mh(200, 50, 150)
    assert r.value == pytest.approx(123.68, abs=0.01)
    assert r.intermediates == pytest.approx({"non_hdl": 150, "factor": 5.7, "vldl": 150 / 5.7})
    lines = r.explanation()
    assert "147–154" in lines[2] and "130–159" in lines[2] and "5.7" in lines[2] and fmt(r.value) in lines[-1]
    # Friedewald gives 120 for the same panel: the methods differ.
    assert compute("ldl_friedewald", {"total_cholesterol": 200, "hdl": 50, "triglycerides": 150}).value == pytest.approx(120)


@pytest.mark.parametrize(
    ("tc", "hdl", "tg", "expected"),
    [
        (180, 40, 350, 93.33333333333334),
        (200, 50, 100, 129.16666666666666),
        (140, 60, 30, 71.42857142857143),
        (215, 85, 50, 116.48648648648648),
        (180, 51, 49, 114.58823529411765),
        (230, 50, 200, 145.51724137931035),
    ],
)
def test_martin_hopkins_matches_an_independent_implementation(tc, hdl, tg, expected):
    # The biosigma_core Dart package's Martin-Hopkins tests (values computed in Python from its table).
    assert mh(tc, hdl, tg).value == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("tc", "hdl", "tg", "factor", "ldl"),
    [
        # triglyceride boundary 49 | 50 (non-HDL 129: column 100-129): 3.4 then 3.9
        (180, 51, 49, 3.4, 129 - 49 / 3.4),  # 114.59
        (180, 51, 50, 3.9, 129 - 50 / 3.9),  # 116.18
        # non-HDL boundary 129 | 130 (TG 50-56): 3.9 then 3.7
        (181, 51, 50, 3.7, 130 - 50 / 3.7),  # 116.49
        # non-HDL boundary 99 | 100 (TG 97-100): 5.4 then 5.1
        (149, 50, 100, 5.4, 99 - 100 / 5.4),  # 80.48
        (150, 50, 100, 5.1, 100 - 100 / 5.1),  # 80.39
        # triglyceride boundary 100 | 101 (non-HDL 100-129): 5.1 then 5.2
        (150, 50, 101, 5.2, 100 - 101 / 5.2),  # 80.58
        # non-HDL boundary 219 | 220 (TG 293-399): 6.5 then 5.9
        (269, 50, 300, 6.5, 219 - 300 / 6.5),  # 172.85
        (270, 50, 300, 5.9, 220 - 300 / 5.9),  # 169.15
        # the table's ends: TG 7 (row 7-49, non-HDL < 100) and TG 399 (row 293-399, non-HDL 190-219)
        (150, 60, 7, 3.5, 90 - 7 / 3.5),  # 88.0
        (250, 40, 399, 6.5, 210 - 399 / 6.5),  # 148.62
        # a value between whole-number strata belongs to the stratum it exceeds: TG 49.5 is in 7-49
        (180, 51, 49.5, 3.4, 129 - 49.5 / 3.4),
    ],
)
def test_martin_hopkins_stratum_boundaries(tc, hdl, tg, factor, ldl):
    r = mh(tc, hdl, tg)
    assert r.intermediates["factor"] == factor
    assert r.value == pytest.approx(ldl)


def test_martin_hopkins_rounding_noise_stays_in_its_stratum():
    # 215 - 85 read back from mmol/L can be 129.99999999999997: still the 130-159 column.
    from clinverify.calculators.formulas.ldl_friedewald import martin_hopkins_cell

    assert martin_hopkins_cell(50, 129.99999999999997) == (1, 2)
    assert martin_hopkins_cell(50, 129.99) == (1, 1)


def test_martin_hopkins_limits_name_field_and_limit():
    with pytest.raises(InputError) as ei:
        mh(250, 40, 400)  # the 2013 method is used below 400 mg/dL
    assert ei.value.field == "triglycerides" and "400" in str(ei.value) and "Martin-Hopkins" in str(ei.value)
    with pytest.raises(InputError) as ei:
        mh(250, 40, 399.9999999)  # read as 400 by the table lookup
    assert ei.value.field == "triglycerides"
    with pytest.raises(InputError) as ei:
        mh(150, 60, 6.9)  # the table's lowest stratum is 7-49
    assert ei.value.field == "triglycerides" and "7 mg/dL" in str(ei.value)
    # Friedewald's own limit is unchanged: 400 itself is still computed by the default method.
    assert compute("ldl_friedewald", {"total_cholesterol": 250, "hdl": 40, "triglycerides": 400}).value == pytest.approx(130)


def test_martin_hopkins_mmol_inputs_are_converted_before_the_lookup():
    # 5.0 / 1.3 / 1.5 mmol/L: non-HDL 3.7 x 38.665 = 143.06 mg/dL (130-159), TG 1.5 x 88.57 = 132.86 mg/dL
    # (read by lower bounds: 127 <= 132.86 < 133, so the 127-132 row) -> factor 5.3.
    r = compute("ldl_friedewald", {"total_cholesterol": [5.0, "mmol/L"], "hdl": [1.3, "mmol/L"], "triglycerides": [1.5, "mmol/L"], "method": MH})
    assert r.intermediates["factor"] == 5.3
    assert r.value == pytest.approx(3.7 * 38.665 - 1.5 * 88.57 / 5.3)
