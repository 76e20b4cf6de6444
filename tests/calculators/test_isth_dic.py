"""ISTH overt DIC score (Taylor FB Jr et al., Thromb Haemost 2001;86:1327-1330, doi:10.1055/s-0037-1616068;
the five-step scoring algorithm, its Table/Figure "Diagnostic algorithm for overt DIC"). Examples worked by hand. No
published worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a case report
printing an ISTH DIC breakdown (only copies of the algorithm).
Searched again 2026-12-06 (stop 30, search tool: stored pages, docs, code and issues; case reports, teaching cases,
guideline appendices, other projects' tests): no published patient example with item values and a total found."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("isth_dic")


def test_overt_dic_example():
    # Platelets 40 (< 50: 2), D-dimer strongly increased (3), PT prolonged 7 s (> 6: 2), fibrinogen 0.8 g/L (< 1: 1) = 8.
    r = compute("isth_dic", {"platelets": 40, "fibrin_marker": "strong increase", "pt_prolongation": 7, "fibrinogen": 0.8})
    assert r.value == 8 == CALC.output.maximum
    assert r.intermediates == {"platelets_points": 2, "fibrin_marker_points": 3, "pt_points": 2, "fibrinogen_points": 1}
    assert "compatible with overt DIC" in "\n".join(r.explanation())


def test_non_overt_example():
    # Platelets 80 (1), D-dimer moderately increased (2), PT +2 s (0), fibrinogen 2.5 g/L (0) = 3 (< 5).
    r = compute("isth_dic", {"Platelet count": [80000, "/µL"], "D-dimer": "moderate", "PT prolongation": 2,
                             "fibrinogen": [250, "mg/dL"]})
    assert r.value == 3
    assert "non-overt" in "\n".join(r.explanation())


def test_threshold_five():
    # Platelets 90 (1) + moderate (2) + PT 4 s (1) + fibrinogen 0.9 (1) = 5: compatible with overt DIC.
    r = compute("isth_dic", {"platelets": 90, "fibrin_marker": "moderate increase", "pt_prolongation": 4, "fibrinogen": 0.9})
    assert r.value == 5 and "≥ 5" in "\n".join(r.explanation())


@pytest.mark.parametrize("field,value,points", [
    ("platelets", 100, 0), ("platelets", 99.9, 1), ("platelets", 50, 1), ("platelets", 49.9, 2),
    ("pt_prolongation", 2.9, 0), ("pt_prolongation", 3, 1), ("pt_prolongation", 6, 1), ("pt_prolongation", 6.1, 2),
    ("fibrinogen", 1.0, 0), ("fibrinogen", 0.99, 1),
])
def test_cutoffs(field, value, points):
    base = {"platelets": 200, "fibrin_marker": "no increase", "pt_prolongation": 0, "fibrinogen": 3.0}
    key = {"platelets": "platelets_points", "pt_prolongation": "pt_points", "fibrinogen": "fibrinogen_points"}[field]
    assert compute("isth_dic", {**base, field: value}).intermediates[key] == points


def test_every_combination_sums_its_items():
    # Exhaustive over one value per tier of each item: total = sum of the tier points.
    for (p, pp), (m, mp), (t, tp), (f, fp) in itertools.product(
        ((150, 0), (70, 1), (20, 2)), (("no increase", 0), ("moderate increase", 2), ("strong increase", 3)),
        ((1, 0), (4, 1), (8, 2)), ((2.0, 0), (0.5, 1)),
    ):
        assert CALC.compute({"platelets": p, "fibrin_marker": m, "pt_prolongation": t, "fibrinogen": f}).value == pp + mp + tp + fp


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("isth_dic", {"platelets": 40, "fibrin_marker": "huge", "pt_prolongation": 7, "fibrinogen": 0.8})
    assert ei.value.field == "fibrin_marker"
    with pytest.raises(InputError) as ei:
        compute("isth_dic", {"platelets": 40, "fibrin_marker": "strong", "fibrinogen": 0.8})
    assert ei.value.field == "pt_prolongation"
