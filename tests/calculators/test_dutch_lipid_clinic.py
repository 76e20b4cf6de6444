"""Dutch Lipid Clinic Network criteria (as tabulated in Nordestgaard BG et al., Eur Heart J 2013;34:3478-3490,
doi:10.1093/eurheartj/eht273; highest score per group; definite > 8, probable 6-8, possible 3-5). Examples worked
by hand. No published worked example found; searched (search tool, stored public pages, 2026-12-05): pages for a
scored DLCN case (only copies of the criteria table)."""

import pytest

from clinverify.calculators import InputError, compute


def test_definite_example():
    # LDL-C 7.2 mmol/L (6.5-8.4: 5), tendon xanthomata (6) and arcus before 45 (4: same group, highest 6 counts),
    # father with premature MI (1) = 12 (> 8: definite).
    r = compute("dutch_lipid_clinic", {"ldl": 7.2, "tendon_xanthomata": True, "arcus_before_45": True,
                                       "fh_premature_cvd_or_high_ldl": True})
    assert r.intermediates == {"family_history_points": 1, "clinical_history_points": 0, "physical_exam_points": 6,
                               "ldl_points": 5, "dna_points": 0}
    assert r.value == 12
    assert "definite" in "\n".join(r.explanation())


def test_possible_example_in_mg_dl():
    # LDL-C 220 mg/dL = 5.69 mmol/L (5.0-6.4: 3), no other finding = 3 (possible).
    r = compute("dutch_lipid_clinic", {"LDL-C": [220, "mg/dL"]})
    assert r.value == 3
    assert "possible" in "\n".join(r.explanation())


def test_probable_example():
    # LDL-C 5.5 (3) + premature CAD (2) + relative with xanthomata (2) = 7 (6-8: probable).
    r = compute("dutch_lipid_clinic", {"ldl": 5.5, "premature_cad": True, "fh_xanthoma_or_child_high_ldl": True,
                                       "fh_premature_cvd_or_high_ldl": True})
    assert r.value == 7
    assert "probable" in "\n".join(r.explanation())


@pytest.mark.parametrize("ldl,points", [(3.99, 0), (4.0, 1), (4.99, 1), (5.0, 3), (6.49, 3), (6.5, 5), (8.49, 5), (8.5, 8)])
def test_ldl_bands(ldl, points):
    assert compute("dutch_lipid_clinic", {"ldl": ldl}).intermediates["ldl_points"] == points


@pytest.mark.parametrize("extra,total,word", [
    ({"ldl": 4.5, "premature_cerebral_peripheral": True}, 2, "unlikely"),         # 1 + 1
    ({"ldl": 5.2}, 3, "possible"),
    ({"ldl": 6.6}, 5, "possible"),
    ({"ldl": 6.6, "premature_cerebral_peripheral": True}, 6, "probable"),         # 5 + 1
    ({"ldl": 3.0, "fh_mutation": True}, 8, "probable"),
    ({"ldl": 4.2, "fh_mutation": True}, 9, "definite"),                           # 8 + 1
])
def test_diagnosis_edges(extra, total, word):
    r = compute("dutch_lipid_clinic", extra)
    assert r.value == total
    assert word in "\n".join(r.explanation())


def test_maximum():
    r = compute("dutch_lipid_clinic", {"ldl": 10, "fh_xanthoma_or_child_high_ldl": True, "premature_cad": True,
                                       "tendon_xanthomata": True, "fh_mutation": True})
    assert r.value == 26  # 2 + 2 + 6 + 8 + 8


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("dutch_lipid_clinic", {"tendon_xanthomata": True})
    assert ei.value.field == "ldl"
    with pytest.raises(InputError) as ei:
        compute("dutch_lipid_clinic", {"ldl": 5, "fh_mutation": "maybe"})
    assert ei.value.field == "fh_mutation"
