"""Bedside Schwartz: Schwartz GJ et al., J Am Soc Nephrol 2009;20:629-637 (doi:10.1681/ASN.2008030287):
eGFR = 0.413 x height (cm) / serum creatinine (mg/dL)."""

import pytest

from clinverify.calculators import compute


def test_bedside_schwartz():
    assert compute("bedside_schwartz", {"height": 120, "creatinine": 0.5}).value == pytest.approx(99.12)
    assert compute("bedside_schwartz", {"height": 120, "creatinine": [44.2, "µmol/L"]}).value == pytest.approx(99.12, rel=1e-3)
