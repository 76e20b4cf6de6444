"""FIB-4 = age x AST / (platelets (10^9/L) x sqrt(ALT)) (Sterling RK et al., Hepatology 2006;43:1317-25)."""

import math

import pytest

from clinverify.calculators import InputError, compute


def test_formula():
    # 50 y, AST 40, ALT 36, platelets 200 x 10^9/L: 50 x 40 / (200 x 6) = 1.667.
    r = compute("fib4", {"age": 50, "ast": 40, "alt": 36, "platelets": 200})
    assert r.value == pytest.approx(2000 / 1200)
    assert r.intermediates["sqrt_alt"] == 6


@pytest.mark.parametrize(
    "plt",
    [[200, "10^9/L"], [200, "x10^9/L"], [200, "×10³/µL"], [200000, "µL"], [200000, "/µL"], [200000, "cells/mm3"], [2.0e11, "L"], [200, "K/µL"]],
)
def test_platelet_units(plt):
    r = compute("fib4", {"age": [50, "years"], "Aspartate aminotransferase": [40, "U/L"], "Alanine aminotransferase": [36, "IU/L"], "Platelet count": plt})
    assert r.value == pytest.approx(2000 / 1200)


def test_medcalc_row_shape():
    e = {"age": [47, "years"], "Alanine aminotransferase": [309.0, "U/L"], "Aspartate aminotransferase": [213.0, "U/L"], "Platelet count": [149000.0, "µL"]}
    assert compute("fib4", e).value == pytest.approx(47 * 213 / (149 * math.sqrt(309)))


def test_explanation_band():
    r = compute("fib4", {"age": 64, "ast": 128, "alt": 124, "platelets": 115})
    assert "> 3.25" in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("fib4", {"age": 50, "ast": 40, "alt": 0, "platelets": 200})
    assert ei.value.field == "alt"
    with pytest.raises(InputError) as ei:
        compute("fib4", {"age": 50, "ast": 40, "alt": 36, "platelets": [200, "mg/dL"]})
    assert ei.value.field == "platelets"
