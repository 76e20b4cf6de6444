import datetime as dt

import pytest

from clinverify.calculators import InputError, compute


def test_weeks_and_days_since_lmp():
    # Gestational age is counted from the first day of the LMP (ACOG Committee Opinion 700):
    # 02/14/2024 -> 05/23/2024 is 99 days = 14 weeks 1 day.
    r = compute("gestational_age", {"Current Date": "05/23/2024", "Last menstrual date": "02/14/2024"})
    assert r.value == (14, 1)
    assert r.intermediates["days"] == 99
    assert r.to_dict()["value"] == {"weeks": 14, "days": 1}
    assert "14 weeks, 1 days" in r.explanation()[-1]


def test_term_and_same_day():
    # 280 days = 40 weeks 0 days; on the LMP itself, 0 weeks 0 days.
    assert compute(69, {"Current Date": dt.date(2021, 10, 15), "Last menstrual date": dt.date(2021, 1, 8)}).value == (40, 0)
    assert compute(69, {"Current Date": "2021-01-08", "Last menstrual date": "2021-01-08"}).value == (0, 0)


def test_leap_year():
    # 2024-02-01 -> 2024-03-01 spans 29 February: 29 days = 4 weeks 1 day.
    assert compute(69, {"Current Date": "03/01/2024", "Last menstrual date": "02/01/2024"}).value == (4, 1)


def test_rejects_date_before_lmp_or_beyond_45_weeks():
    with pytest.raises(InputError) as ei:
        compute(69, {"Current Date": "01/01/2024", "Last menstrual date": "02/14/2024"})
    assert ei.value.field == "current_date"
    with pytest.raises(InputError) as ei:
        compute(69, {"Current Date": "01/01/2025", "Last menstrual date": "01/01/2024"})
    assert ei.value.field == "current_date"


def test_missing_current_date():
    with pytest.raises(InputError) as ei:
        compute(69, {"Last menstrual date": "02/14/2024"})
    assert ei.value.field == "current_date"
