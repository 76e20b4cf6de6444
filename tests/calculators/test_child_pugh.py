"""Child-Pugh score: Pugh et al., Br J Surg 1973;60:646-649 (doi:10.1002/bjs.1800600817), scoring
table; INR tiers <1.7 / 1.7-2.3 / >2.3 as in Durand & Valla, J Hepatol 2005 (doi:10.1016/j.jhep.2004.11.015)."""

import itertools

import pytest

from clinverify.calculators import InputError, compute, get

CALC = get("child_pugh")


def cp(**kw):
    base = {"bilirubin": 1.0, "albumin": 4.0, "inr": 1.0}
    base.update(kw)
    return compute("child_pugh", base)


def test_lookup_by_medcalc_id_and_name():
    assert get(15) is CALC
    assert get("Child-Pugh Score for Cirrhosis Mortality") is CALC


def test_all_normal_is_the_minimum_5_class_a():
    # Pugh 1973 table: every item in its first column scores 1 -> 5 points (grade A).
    r = cp(ascites="absent", encephalopathy="none")
    assert r.value == 5 == CALC.output.minimum
    assert "class A" in "\n".join(r.explanation())


def test_all_worst_is_the_maximum_15_class_c():
    r = cp(bilirubin=5.0, albumin=2.0, inr=3.0, ascites="moderate", encephalopathy="grade 3-4")
    assert r.value == 15 == CALC.output.maximum
    assert "class C" in "\n".join(r.explanation())


def test_worked_example_class_b():
    # Bilirubin 2.5 (2), albumin 3.0 (2), INR 1.5 (1), slight ascites (2), no encephalopathy (1) = 8, grade B.
    r = cp(bilirubin=2.5, albumin=3.0, inr=1.5, ascites="slight", encephalopathy="none")
    assert r.value == 8
    assert r.intermediates == {"bilirubin_points": 2, "albumin_points": 2, "inr_points": 1, "ascites_points": 2, "encephalopathy_points": 1}
    assert "class B" in "\n".join(r.explanation())


@pytest.mark.parametrize(
    "field,value,points",
    [
        ("bilirubin", 1.99, 1), ("bilirubin", 2.0, 2), ("bilirubin", 3.0, 2), ("bilirubin", 3.01, 3),
        ("albumin", 3.51, 1), ("albumin", 3.5, 2), ("albumin", 2.8, 2), ("albumin", 2.79, 3),
        ("inr", 1.69, 1), ("inr", 1.7, 2), ("inr", 2.3, 2), ("inr", 2.31, 3),
    ],
)
def test_middle_bands_are_closed_at_both_ends(field, value, points):
    # Pugh's middle column reads "2-3" mg/100 ml and "2.8-3.5" g/100 ml: both ends score 2.
    assert cp(**{field: value}).intermediates[f"{field}_points"] == points


def test_absent_ascites_and_encephalopathy_score_one_each():
    r = cp()
    assert r.intermediates["ascites_points"] == 1 and r.intermediates["encephalopathy_points"] == 1
    text = "\n".join(r.explanation())
    assert "not reported" in text


def test_medcalc_bench_entity_keys_and_spellings():
    # The dataset's keys and lower-case option strings (which v1.0 failed to score for ascites).
    e = {"international normalized ratio": 2.1, "Ascites": "moderate", "Albumin": [3.1, "g/dL"],
         "Encephalopathy": "Grade 1-2", "Bilirubin": [40.2, "µmol/L"]}
    r = compute(15, e)
    assert r.intermediates["ascites_points"] == 3
    assert r.intermediates["bilirubin_points"] == 2  # 40.2 µmol/L = 2.35 mg/dL
    assert r.value == 11
    assert compute(15, {**e, "Encephalopathy": "Grade 0"}).intermediates["encephalopathy_points"] == 1
    assert compute(15, {**e, "Encephalopathy": "No Encephalopathy"}).intermediates["encephalopathy_points"] == 1


@pytest.mark.parametrize("umol,points", [(34.0, 1), (34.2, 2), (51.3, 2), (51.5, 3)])
def test_bilirubin_in_umol_per_l_lands_on_the_published_cutoffs(umol, points):
    # Conventional equivalents: 2 mg/dL = 34.2 µmol/L, 3 mg/dL = 51.3 µmol/L.
    assert cp(bilirubin=[umol, "µmol/L"]).intermediates["bilirubin_points"] == points


@pytest.mark.parametrize("gl,points", [(28, 2), (35, 2), (36, 1), (27, 3)])
def test_albumin_in_g_per_l(gl, points):
    assert cp(albumin=[gl, "g/L"]).intermediates["albumin_points"] == points


def test_bad_input_names_the_field():
    with pytest.raises(InputError) as ei:
        cp(ascites="huge")
    assert ei.value.field == "ascites"
    with pytest.raises(InputError) as ei:
        cp(albumin=[3.0, "mmHg"])
    assert ei.value.field == "albumin"
    with pytest.raises(InputError) as ei:
        compute("child_pugh", {"albumin": 3.0, "inr": 1.2})
    assert ei.value.field == "bilirubin"


@pytest.mark.parametrize("b,a,i", list(itertools.product((0.5, 2.5, 4.0), (2.0, 3.0, 4.0), (1.0, 2.0, 3.0))))
def test_ascites_and_encephalopathy_grades_add_0_to_4_whatever_the_labs(b, a, i):
    grades = [CALC.compute({"bilirubin": b, "albumin": a, "inr": i, "ascites": asc, "encephalopathy": enc}).value
              for asc, enc in (("absent", "none"), ("slight", "grade 1-2"), ("moderate", "grade 3-4"))]
    assert grades == sorted(grades) and grades[2] - grades[0] == 4
