import datetime as dt

import pytest

from clinverify.calculators import InputError, compute


def test_naegele_calendar_rule():
    # Naegele: LMP + 7 days + 9 months; LMP 2012-02-03 -> 2012-11-10 (280 days would give 11/09).
    r = compute("estimated_due_date", {"Last menstrual date": "02/03/2012", "cycle length": 28})
    assert r.value == dt.date(2012, 11, 10)
    assert r.to_dict()["value"] == "11/10/2012"


def test_cycle_adjustment_sign():
    # ACOG 2017: a 21-day cycle ovulates 7 days earlier -> due date 7 days earlier.
    base = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 28}).value
    short = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 21}).value
    long = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 35}).value
    assert (base - short).days == 7 and (long - base).days == 7


def test_conception_date():
    assert compute("estimated_conception_date", {"Last menstrual date": "2020-01-01", "cycle length": 28}).value == dt.date(2020, 1, 15)
    assert compute(68, {"Last menstrual date": "2020-01-01", "cycle length": 32}).value == dt.date(2020, 1, 19)


def test_gestational_age():
    r = compute("gestational_age", {"Current Date": "05/23/2024", "Last menstrual date": "02/14/2024"})
    assert r.value == (14, 1)
    assert r.to_dict()["value"] == {"weeks": 14, "days": 1}


def test_gestational_age_rejects_date_before_lmp():
    with pytest.raises(InputError) as ei:
        compute(69, {"Current Date": "01/01/2024", "Last menstrual date": "02/14/2024"})
    assert ei.value.field == "current_date"


def test_bad_date():
    with pytest.raises(InputError) as ei:
        compute(13, {"Last menstrual date": "31/31/2020"})
    assert ei.value.field == "last_menstrual_period"
