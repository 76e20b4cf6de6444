"""Corrected reticulocyte count and reticulocyte production index: Hillman RS, Finch CA, Semin Hematol
1967;4:327-336: corrected = retic % x Hct / 45; RPI = corrected / maturation time (1.5 days at Hct 30 %)."""

import pytest

from clinverify.calculators import compute


def test_reticulocytes():
    r = compute("corrected_reticulocyte_count", {"reticulocytes": 6, "hematocrit": 30})
    assert r.value == pytest.approx(4.0) and r.intermediates["reticulocyte_production_index"] == pytest.approx(4.0 / 1.5)
