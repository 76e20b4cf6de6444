"""Revised Geneva score: Le Gal et al., Ann Intern Med 2006;144:165-171 (PMID 16461960), the score table (age > 65 1,
previous DVT/PE 3, surgery or fracture <= 1 month 2, active malignancy 2, unilateral leg pain 3, haemoptysis 2,
HR 75-94 3, HR >= 95 5, leg palpation pain + unilateral oedema 4; 0-3 low, 4-10 intermediate, >= 11 high).
Simplified: Klok et al., Arch Intern Med 2008;168:2131-2136 (PMID 18955643), the simplified score (1 point each, HR >= 95 2;
0-1 low, 2-4 intermediate, >= 5 high; <= 2 PE unlikely). Examples worked by hand from the tables. No published worked
example found; searched (search tool, stored public pages, 2026-12-05): pages for a scored Revised Geneva patient
(only copies of the score table).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("revised_geneva")
FLAGS = ("previous_dvt_pe", "surgery_or_fracture", "active_malignancy", "unilateral_leg_pain", "hemoptysis",
         "leg_palpation_pain_and_edema")


def test_post_operative_patient_with_leg_signs():
    # Age 70 (> 65: 1) + surgery 3 weeks ago 2 + HR 98 (>= 95: 5) + palpation pain and oedema 4 = 12: high (>= 11).
    e = {"age": 70, "surgery_or_fracture": True, "heart_rate": 98, "leg_palpation_pain_and_edema": True}
    r = compute("revised_geneva", e)
    assert r.value == 12
    assert "high (≥ 11)" in r.explanation()[-1]
    # Simplified: 1 + 1 + 2 + 1 = 5: high (>= 5), PE likely.
    s = compute("revised_geneva", {**e, "version": "simplified"})
    assert s.value == 5
    assert "high (≥ 5)" in s.explanation()[-1] and "likely (≥ 3)" in s.explanation()[-1]


def test_young_patient_with_haemoptysis():
    # Age 40 (0) + haemoptysis 2 + HR 80 (75-94: 3) = 5: intermediate (4-10). Simplified: 1 + 1 = 2: intermediate, PE unlikely.
    e = {"age": 40, "hemoptysis": True, "heart_rate": 80}
    assert compute("revised_geneva", e).value == 5
    s = compute("revised_geneva", {**e, "version": "simplified"})
    assert s.value == 2 and "unlikely (≤ 2)" in s.explanation()[-1]


def test_extremes():
    assert compute("revised_geneva", {"age": 30}).value == 0 == CALC.output.minimum
    full = {"age": 80, "heart_rate": 120, **{f: True for f in FLAGS}}
    assert compute("revised_geneva", full).value == 22 == CALC.output.maximum
    assert compute("revised_geneva", {**full, "version": "simplified"}).value == 9


@pytest.mark.parametrize("hr,original,simplified", [(74, 0, 0), (74.9, 0, 0), (75, 3, 1), (94, 3, 1), (94.9, 3, 1),
                                                    (95, 5, 2), (150, 5, 2)])
def test_heart_rate_bands(hr, original, simplified):
    assert compute("revised_geneva", {"age": 30, "heart_rate": hr}).intermediates["heart_rate_points"] == original
    s = compute("revised_geneva", {"age": 30, "heart_rate": hr, "version": "simplified"})
    assert s.intermediates["heart_rate_points"] == simplified


@pytest.mark.parametrize("age,points", [(65, 0), (65.5, 1), (66, 1)])
def test_age_edge(age, points):
    assert compute("revised_geneva", {"age": age}).intermediates["age_points"] == points


@pytest.mark.parametrize("entities,band", [
    ({"age": 50, "previous_dvt_pe": True}, "low (0–3)"),                                       # 0 + 3 = 3
    ({"age": 70, "previous_dvt_pe": True}, "intermediate (4–10)"),                              # 1 + 3 = 4
    ({"age": 50, "previous_dvt_pe": True, "unilateral_leg_pain": True, "active_malignancy": True,
      "surgery_or_fracture": True}, "intermediate (4–10)"),                                     # 3 + 3 + 2 + 2 = 10
    ({"age": 70, "previous_dvt_pe": True, "unilateral_leg_pain": True, "active_malignancy": True,
      "surgery_or_fracture": True}, "high (≥ 11)"),                                             # 1 + 10 = 11
])
def test_original_band_edges(entities, band):
    assert band in compute("revised_geneva", entities).explanation()[-1]


@pytest.mark.parametrize("n,band", [(1, "low (0–1)"), (2, "intermediate (2–4)"), (4, "intermediate (2–4)"), (5, "high (≥ 5)")])
def test_simplified_band_edges(n, band):
    e = {"age": 30, "version": "simplified", **{f: True for f in FLAGS[:n]}}
    r = compute("revised_geneva", e)
    assert r.value == n and band in r.explanation()[-1]


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("revised_geneva", {"age": 50, "version": "2001"})
    assert ei.value.field == "version"
    with pytest.raises(InputError) as ei:
        compute("revised_geneva", {"hemoptysis": True})
    assert ei.value.field == "age"
