"""FEUrea (%) = (urine urea x serum creatinine) / (serum urea x urine creatinine) x 100 (Carvounis CP,
Nisar S, Guro-Razuman S. Kidney Int 2002;62:2223-2229, doi:10.1046/j.1523-1755.2002.00683.x; cut-offs
<= 35 % prerenal, > 50 % ATN from its Results and Table 2). Examples worked by hand from the formula. No worked example
from the primary source or an official calculator found; searched (search tool, stored public pages, 2026-12-05 and
2026-12-06): pages for Carvounis 2002 (stored as a slide copy; no patient-level example in the excerpt), case reports
printing FEUrea with its four inputs (none found in the stored excerpts) and calculator pages. Secondary: one calculator
site's "Example calculation" (stored reproduction http://lawyerfree.ru/health/FEUrea-Calculator-689.html, of a
calculator page): SCr 14 mg/dL, UCr 16 mg/dL, BUN 11 mg/dL, urine urea 8 mg/dL -> 63.6 % ("intrinsic renal
pathology"); the values are not a plausible patient (a serum creatinine of 14 with a BUN of 11), so it checks the
arithmetic and the band only."""

import pytest

from clinverify.calculators import InputError, compute


def test_secondary_example_calculator_site():
    # Calculator page "Example calculation" (stored reproduction at lawyerfree.ru): SCr 14, UCr 16, BUN 11, UUrea 8
    # (all mg/dL) -> FEUrea 63.6 %, intrinsic renal: 14 x 8 / (11 x 16) x 100 = 112 / 176 x 100 = 63.64 %.
    r = compute("feurea", {"urine_urea": 8, "creatinine": 14, "bun": 11, "urine_creatinine": 16})
    assert round(r.value, 1) == 63.6
    assert "tubular necrosis" in "\n".join(r.explanation())


def test_prerenal_example():
    # UUN 500 mg/dL, SCr 2.0, BUN 40, UCr 100: 500 x 2 / (40 x 100) x 100 = 1000 / 4000 x 100 = 25 % (prerenal).
    r = compute("feurea", {"urine_urea": 500, "creatinine": 2.0, "bun": 40, "urine_creatinine": 100})
    assert r.value == pytest.approx(25.0)
    assert r.intermediates["urea_ratio"] == pytest.approx(12.5)
    assert "prerenal" in "\n".join(r.explanation())


def test_atn_example():
    # UUN 200, SCr 3.0, BUN 60, UCr 15: 600 / 900 x 100 = 66.667 % (> 50 %: ATN).
    r = compute("feurea", {"UUN": 200, "serum creatinine": 3.0, "BUN": 60, "urine creatinine": 15})
    assert r.value == pytest.approx(600 / 900 * 100)
    assert "tubular necrosis" in "\n".join(r.explanation())


def test_urea_in_mmol_per_l_gives_the_same_ratio():
    # Both ureas in mmol/L (each x 2.8014 to mg/dL urea N): the factor cancels; 178.5 x 2 / (14.28 x 100) x 100 = 25 %.
    r = compute("feurea", {"urine_urea": [178.5, "mmol/L"], "creatinine": 2.0, "bun": [14.28, "mmol/L"], "urine_creatinine": 100})
    assert r.value == pytest.approx(178.5 * 2 / (14.28 * 100) * 100, rel=1e-9)


@pytest.mark.parametrize("uun,band", [(700, "≤ 35 %"), (702, "35–50 %"), (1000, "35–50 %"), (1002, "> 50 %")])
def test_bands(uun, band):
    # SCr 1, BUN 20, UCr 100: FEUrea = UUN / 20 -> 35.0, 35.1, 50.0, 50.1 %.
    r = compute("feurea", {"urine_urea": uun, "creatinine": 1.0, "bun": 20, "urine_creatinine": 100})
    assert r.value == pytest.approx(uun / 20)
    assert band in "\n".join(r.explanation())


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("feurea", {"urine_urea": 500, "creatinine": 2.0, "bun": 0, "urine_creatinine": 100})
    assert ei.value.field == "bun"
