"""MRC dyspnoea scale, grades 1-5 (Bestall JC et al., Thorax 1999;54:581-586, doi:10.1136/thx.54.7.581, Table 1)."""

import pytest

from clinverify.calculators import InputError, compute


@pytest.mark.parametrize("grade", [1, 2, 3, 4, 5])
def test_each_grade_is_its_value_and_mmrc_is_one_less(grade):
    r = compute("mrc_dyspnoea", {"grade": str(grade)})
    assert r.value == grade
    assert f"modified MRC (mMRC) grade {grade - 1}" in "\n".join(r.explanation())


def test_spellings():
    # Bestall Table 1 grade 4: stops for breath after about 100 m; grade 5: too breathless to leave the house.
    assert compute("mrc_dyspnoea", {"MRC grade": "stops for breath after about 100 m"}).value == 4
    assert compute("mrc_dyspnoea", {"dyspnea grade": "Grade 5"}).value == 5
    assert compute("mrc_dyspnoea", {"grade": 3}).value == 3
    assert compute("mrc_dyspnoea", {"grade": "mMRC 0"}).value == 1


def test_bad_input():
    with pytest.raises(InputError) as ei:
        compute("mrc_dyspnoea", {"grade": "6"})
    assert ei.value.field == "grade"
    with pytest.raises(InputError) as ei:
        compute("mrc_dyspnoea", {})
    assert ei.value.field == "grade"
