"""Winter's formula: Albert MS, Dell RB, Winters RW, Ann Intern Med 1967;66:312-322 (doi:10.7326/0003-4819-66-2-312):
expected PaCO2 = 1.5 x HCO3 + 8 (+/- 2) mmHg in metabolic acidosis."""

from clinverify.calculators import compute


def test_winters():
    r = compute("winters_formula", {"bicarbonate": 12, "paco2": 30})
    assert r.value == 26 and r.intermediates["respiratory_response"] == 1
