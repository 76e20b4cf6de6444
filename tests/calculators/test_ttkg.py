"""TTKG = (urine K / plasma K) / (urine osm / plasma osm) (West ML et al., Miner Electrolyte Metab
1986;12:234-238; expected values Ethier JH et al., Am J Kidney Dis 1990;15:309-315). One published patient: the
case report of J Med Case Reports 2011;5:114 (doi:10.1186/1752-1947-5-114), Table 4 "Calculation of transtubular
gradient" (urine K 38 mM, plasma K 5.1 mM, urine osmolality 405, plasma osmolality 288 mOsm/kg: TTKG 5.3). West 1986
and Ethier 1990 print no scored patient that could be read here; the other examples are worked by hand from the
formula."""

import pytest

from clinverify.calculators import InputError, compute


def test_published_case_report_table_4():
    # doi:10.1186/1752-1947-5-114, Table 4 (type 4 RTA with SLE): (38 / 5.1) / (405 / 288) printed as 5.3.
    r = compute("ttkg", {"urine_potassium": 38, "potassium": 5.1, "urine_osmolality": 405, "serum_osmolality": 288})
    assert round(r.value, 1) == 5.3


def test_hypokalaemia_renal_loss_example():
    # Urine K 40, plasma K 3.0, urine osm 600, plasma osm 290: (40 / 3) / (600 / 290) = 13.333 / 2.069 = 6.444.
    r = compute("ttkg", {"urine_potassium": 40, "potassium": 3.0, "urine_osmolality": 600, "serum_osmolality": 290})
    assert r.value == pytest.approx(40 * 290 / (3.0 * 600))
    assert r.intermediates["potassium_ratio"] == pytest.approx(40 / 3)
    assert r.intermediates["osmolality_ratio"] == pytest.approx(600 / 290)


def test_hyperkalaemia_low_ttkg_example():
    # Urine K 20, plasma K 6.0, urine osm 400, plasma osm 300: 3.333 / 1.333 = 2.5 (< 7 in hyperkalaemia).
    r = compute("ttkg", {"urine K": [20, "mEq/L"], "serum potassium": [6.0, "mEq/L"], "urine osm": 400, "plasma osm": 300})
    assert r.value == pytest.approx(2.5)
    assert "< 7" in "\n".join(r.explanation())


def test_dilute_urine_is_flagged_not_interpretable():
    # Urine osmolality 250 <= plasma 290: the index's assumption fails; computed (40 x 290 / (4 x 250) = 11.6) and flagged.
    r = compute("ttkg", {"urine_potassium": 40, "potassium": 4.0, "urine_osmolality": 250, "serum_osmolality": 290})
    assert r.value == pytest.approx(11.6)
    assert "not interpretable" in "\n".join(r.explanation())
    r = compute("ttkg", {"urine_potassium": 40, "potassium": 4.0, "urine_osmolality": 290, "serum_osmolality": 290})
    assert "not interpretable" in "\n".join(r.explanation())  # equal is not above


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("ttkg", {"urine_potassium": 40, "potassium": 4.0, "urine_osmolality": 600, "serum_osmolality": 1000})
    assert ei.value.field == "serum_osmolality"
