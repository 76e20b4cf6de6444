"""Phenytoin corrected for albumin: C / (0.2 x albumin + 0.1) (Sheiner & Tozer 1978, as in Winter ME,
Basic Clinical Pharmacokinetics, phenytoin chapter); end-stage renal failure: C / (0.1 x
albumin + 0.1) (Liponi DF, Winter ME, Tozer TN. Neurology 1984;34:395-397, doi:10.1212/wnl.34.3.395).
Examples worked by hand from the equations. No worked example from the primary source found; searched (search tool,
stored public pages, 2026-12-05 and 2026-12-06): pages for Winter's Basic Clinical Pharmacokinetics and Bauer's
Applied Clinical Pharmacokinetics examples (neither book is stored). Secondary (a clinician's teaching blog, not
authoritative): "ICU Room pearls", "Phenytoin (Dilantin) level", 4 April 2006
(http://icuroom-pearls.blogspot.com/2006/04/phenytoin-level.html): measured 8.2, albumin 2.2 -> 15.2; with CrCl < 20
-> 25.6."""

import pytest

from clinverify.calculators import InputError, compute


def test_secondary_example_icu_room_pearls():
    # ICU Room pearls (2006): measured 8.2, albumin 2.2 g/dL -> 8.2 / (0.2 x 2.2 + 0.1) = 8.2 / 0.54 = 15.2;
    # CrCl < 20: 8.2 / (0.1 x 2.2 + 0.1) = 8.2 / 0.32 = 25.6.
    assert round(compute("phenytoin_correction", {"phenytoin": 8.2, "albumin": 2.2}).value, 1) == 15.2
    r = compute("phenytoin_correction", {"phenytoin": 8.2, "albumin": 2.2, "renal_failure": True})
    assert round(r.value, 1) == 25.6


def test_sheiner_tozer_example():
    # Measured 10 mg/L, albumin 2.0 g/dL: 10 / (0.2 x 2 + 0.1) = 10 / 0.5 = 20 mg/L.
    r = compute("phenytoin_correction", {"phenytoin": 10, "albumin": 2.0})
    assert r.value == pytest.approx(20.0)
    assert r.intermediates["denominator"] == pytest.approx(0.5)


def test_renal_failure_option():
    # Same patient with end-stage renal disease: 10 / (0.1 x 2 + 0.1) = 10 / 0.3 = 33.333 mg/L.
    r = compute("phenytoin_correction", {"phenytoin": 10, "albumin": 2.0, "renal_failure": True})
    assert r.value == pytest.approx(10 / 0.3)
    assert "Liponi 1984" in "\n".join(r.explanation())
    assert compute("phenytoin_correction", {"phenytoin": 10, "albumin": 2.0, "ESRD": "yes"}).value == pytest.approx(10 / 0.3)


def test_normal_albumin_changes_little():
    # Measured 15 mg/L, albumin 4.5 g/dL: 15 / (0.9 + 0.1) = 15 mg/L (no correction at albumin 4.5).
    assert compute("phenytoin_correction", {"phenytoin": 15, "albumin": 4.5}).value == pytest.approx(15.0)


def test_units():
    # 8 µg/mL = 8 mg/L; albumin 25 g/L = 2.5 g/dL: 8 / (0.5 + 0.1) = 13.333 mg/L.
    r = compute("phenytoin_correction", {"phenytoin": [8, "µg/mL"], "albumin": [25, "g/L"]})
    assert r.value == pytest.approx(8 / 0.6)


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("phenytoin_correction", {"phenytoin": 10, "albumin": 2.0, "renal_failure": "hepatic"})
    assert ei.value.field == "renal_failure"
    with pytest.raises(InputError) as ei:
        compute("phenytoin_correction", {"phenytoin": 10, "albumin": 0})
    assert ei.value.field == "albumin"
