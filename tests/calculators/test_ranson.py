"""Ranson's criteria (non-gallstone pancreatitis): Ranson JH et al., Surg Gynecol Obstet 1974;139:69-81
(PMID 4834279): on admission age > 55, WBC > 16,000/µL, glucose > 200 mg/dL, LDH > 350, AST > 250; at 48 h
hematocrit fall > 10, BUN rise > 5, calcium < 8, PaO2 < 60, base deficit > 4, fluid sequestration > 6 L."""

from clinverify.calculators import compute


def test_ranson():
    assert compute("ranson", {"age": 60, "wbc": [18000, "/µL"], "glucose": 250, "calcium": 7.5}).value == 4
    assert compute("ranson", {"age": 30}).value == 0
