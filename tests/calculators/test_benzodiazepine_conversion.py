"""Benzodiazepine conversion: Ashton CH, Benzodiazepines: How They Work and How to Withdraw (2002), equivalence table
(oral dose ≈ 10 mg diazepam), and the VA/DoD 2021 SUD guideline's table. The manual's own worked switches are
schedules, not single conversions: the examples are worked by hand from the tables."""

import pytest

from clinverify.calculators import InputError, compute, get
from clinverify.calculators.formulas.benzodiazepine_conversion import TABLES


def conv(**kw):
    return compute("benzodiazepine_conversion", kw)


def test_alprazolam_to_diazepam_ashton():
    # Ashton: alprazolam 0.5 mg ≈ diazepam 10 mg; 2 mg alprazolam × 10/0.5 = 40 mg diazepam.
    r = conv(from_drug="alprazolam", dose=2)
    assert r.value == pytest.approx(40.0) and r.intermediates["diazepam_equivalent_mg"] == pytest.approx(40.0)
    assert "40 mg diazepam" in r.explanation()[-2]


def test_same_switch_with_the_va_dod_table():
    # VA/DoD: alprazolam 1 mg ≈ diazepam 10 mg; 2 mg × 10/1 = 20 mg diazepam (the tables differ twofold here).
    assert conv(from_drug="Xanax", dose=2, guideline="va_dod_2021").value == pytest.approx(20.0)


def test_lorazepam_to_clonazepam_and_back():
    # Ashton: lorazepam 1 ≈ clonazepam 0.5; 3 mg lorazepam × 0.5/1 = 1.5 mg clonazepam, and back again.
    r = conv(from_drug="lorazepam", dose=3, to_drug="clonazepam")
    assert r.value == pytest.approx(1.5) and r.intermediates["conversion_factor"] == pytest.approx(0.5)
    assert conv(from_drug="klonopin", dose=1.5, to_drug="ativan").value == pytest.approx(3.0)


def test_temazepam_to_oxazepam_va_dod():
    # VA/DoD: temazepam 15 ≈ oxazepam 30; 30 mg temazepam × 30/15 = 60 mg oxazepam (Ashton: 20/20 -> 30 mg).
    assert conv(from_drug="temazepam", dose=30, to_drug="oxazepam", guideline="va").value == pytest.approx(60.0)
    assert conv(from_drug="temazepam", dose=30, to_drug="oxazepam").value == pytest.approx(30.0)


def test_range_drug_says_the_lower_figure_is_used():
    # Ashton flurazepam 15-30 mg ≈ 10 mg diazepam: 30 mg flurazepam -> 20 mg diazepam with the lower figure.
    r = conv(from_drug="flurazepam", dose=30)
    assert r.value == pytest.approx(20.0)
    assert any("lower figure is used" in line for line in r.explanation())


@pytest.mark.parametrize("guideline", sorted(TABLES))
def test_every_drug_round_trips_and_diazepam_is_ten(guideline):
    assert TABLES[guideline]["diazepam"] == 10.0
    for drug in TABLES[guideline]:
        there = conv(from_drug=drug, dose=5, to_drug="diazepam", guideline=guideline).value
        assert conv(from_drug="diazepam", dose=there, to_drug=drug, guideline=guideline).value == pytest.approx(5.0)


def test_versions_declared():
    assert get("benzodiazepine_conversion").versions() == {"guideline": (("ashton_2002", "va_dod_2021"), "ashton_2002")}


def test_bad_input():
    with pytest.raises(InputError) as ei:
        conv(from_drug="midazolam", dose=5)
    assert ei.value.field == "from_drug"
    with pytest.raises(InputError) as ei:
        conv(from_drug="diazepam", dose=0)
    assert ei.value.field == "dose"
    with pytest.raises(InputError) as ei:
        conv(from_drug="diazepam", dose=5, guideline="bnf")
    assert ei.value.field == "guideline"
