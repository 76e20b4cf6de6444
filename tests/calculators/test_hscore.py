"""HScore (Fardet L et al., Arthritis Rheumatol 2014;66:2613-2620, doi:10.1002/art.38690, Table 3 "HScore";
cut-off 169 from its Results). Examples worked by hand from Table 3. No published worked example found; searched
(search tool, stored public pages, 2026-12-05): pages for case reports printing an HScore breakdown (World J Clin
Cases 2022;10:3178 Table 3 has one, but the stored copy is cut before the case's points).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found. Lead
not usable: Attwell et al., J Clin Pathol 2021 (doi:10.1136/jclinpath-2021-207760) Table 1 prints three cases' HScores
(259, 220, 219) but not their white cell counts, AST or immunosuppression, so the totals cannot be recomputed."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("hscore")


def test_likely_hlh_example():
    # Immunosuppressed (18), 39.6 °C (> 39.4: 49), hepato- and splenomegaly (38), Hb 8.5 / WBC 2.1 / platelets 60
    # (3 lineages: 34), ferritin 8500 (> 6000: 50), triglycerides 3.2 mmol/L (1.5-4: 44), fibrinogen 1.8 g/L
    # (<= 2.5: 30), AST 120 (>= 30: 19), no marrow = 18+49+38+34+50+44+30+19 = 282.
    r = compute("hscore", {"immunosuppression": True, "temperature": 39.6, "hepatomegaly": True, "splenomegaly": True,
                           "hemoglobin": 8.5, "leukocytes": 2.1, "platelets": 60, "ferritin": 8500, "triglycerides": 3.2,
                           "fibrinogen": 1.8, "ast": 120})
    assert r.value == 282
    assert r.intermediates["cytopenia_points"] == 34 and r.intermediates["hemophagocytosis_points"] == 0
    assert "> 169" in "\n".join(r.explanation())


def test_unlikely_example():
    # 38.0 °C (0), splenomegaly only (23), Hb 10.5 / WBC 4.0 / platelets 150 (1 lineage: 0), ferritin 2500 (35),
    # triglycerides 1.2 (0), fibrinogen 3.5 (0), AST 25 (0) = 58 (<= 169).
    r = compute("hscore", {"temperature": 38.0, "splenomegaly": True, "hemoglobin": 10.5, "leukocytes": 4.0,
                           "platelets": 150, "ferritin": 2500, "triglycerides": 1.2, "fibrinogen": 3.5, "ast": 25})
    assert r.value == 58
    assert "≤ 169" in "\n".join(r.explanation())


def test_maximum():
    r = compute("hscore", {"immunosuppression": True, "temperature": 40, "hepatomegaly": True, "splenomegaly": True,
                           "hemoglobin": 7, "leukocytes": 1, "platelets": 20, "ferritin": 10000, "triglycerides": 5,
                           "fibrinogen": 1, "ast": 50, "hemophagocytosis": True})
    assert r.value == 337 == CALC.output.maximum


@pytest.mark.parametrize("field,value,points", [
    ("temperature", 38.3, 0), ("temperature", 38.4, 33), ("temperature", 39.4, 33), ("temperature", 39.5, 49),
    ("ferritin", 1999, 0), ("ferritin", 2000, 35), ("ferritin", 6000, 35), ("ferritin", 6001, 50),
    ("triglycerides", 1.49, 0), ("triglycerides", 1.5, 44), ("triglycerides", 4.0, 44), ("triglycerides", 4.01, 64),
    ("fibrinogen", 2.51, 0), ("fibrinogen", 2.5, 30),
    ("ast", 29, 0), ("ast", 30, 19),
])
def test_cutoffs(field, value, points):
    key = f"{field}_points"
    assert compute("hscore", {field: value}).intermediates[key] == points


def test_triglycerides_in_mg_dl():
    # Fardet's mg/dL equivalents: 132.7 mg/dL = 1.498 mmol/L (read 1.50): 44; 354 mg/dL = 3.997 (4.00): 44; 355: 64.
    assert compute("hscore", {"triglycerides": [132.7, "mg/dL"]}).intermediates["triglycerides_points"] == 44
    assert compute("hscore", {"triglycerides": [354, "mg/dL"]}).intermediates["triglycerides_points"] == 44
    assert compute("hscore", {"triglycerides": [360, "mg/dL"]}).intermediates["triglycerides_points"] == 64


@pytest.mark.parametrize("hb,wbc,plt,points", [
    (9.2, 6, 200, 0), (9.2, 5.0, 200, 24), (9.2, 5.0, 110, 34), (9.3, 5.1, 111, 0), (12, 3, 100, 24),
])
def test_cytopenia_lineages(hb, wbc, plt, points):
    r = compute("hscore", {"hemoglobin": hb, "leukocytes": wbc, "platelets": plt})
    assert r.intermediates["cytopenia_points"] == points


def test_organomegaly():
    assert compute("hscore", {"hepatomegaly": True}).intermediates["organomegaly_points"] == 23
    assert compute("hscore", {"hepatomegaly": True, "splenomegaly": True}).intermediates["organomegaly_points"] == 38
    assert compute("hscore", {}).value == 0


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("hscore", {"ferritin": -5})
    assert ei.value.field == "ferritin"
    with pytest.raises(InputError) as ei:
        compute("hscore", {"hepatomegaly": "massive"})
    assert ei.value.field == "hepatomegaly"
