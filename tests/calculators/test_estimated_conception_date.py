import datetime as dt

import pytest

from clinverify.calculators import InputError, compute


def test_28_day_cycle_is_two_weeks_after_lmp():
    # Ovulation (and conception) ~14 days before the next menses: day 14 of a 28-day cycle.
    r = compute("estimated_conception_date", {"Last menstrual date": "2020-01-01", "cycle length": 28})
    assert r.value == dt.date(2020, 1, 15)
    assert r.to_dict()["value"] == "01/15/2020"
    assert "01/15/2020" in r.explanation()[-1]


@pytest.mark.parametrize(("cycle", "days"), [(21, 7), (24, 10), (32, 18), (35, 21)])
def test_cycle_length_shifts_ovulation(cycle, days):
    # The luteal phase is ~14 days whatever the cycle length (Lenton et al. 1984): LMP + (cycle − 14) days.
    assert compute(68, {"Last menstrual date": "01/01/2020", "cycle length": cycle}).value == dt.date(2020, 1, 1) + dt.timedelta(days=days)


def test_consistent_with_due_date_minus_266_days():
    # Conception to delivery is 266 days (ACOG Committee Opinion 700): conception = LMP + 280 + (cycle − 28) − 266.
    for cycle in (22, 28, 33):
        e = {"Last menstrual date": "03/15/2019", "cycle length": cycle}
        edd280 = dt.date.fromordinal(compute(13, e).intermediates["lmp_plus_280_days_adjusted"])
        assert compute(68, e).value == edd280 - dt.timedelta(days=266)


def test_bad_date():
    with pytest.raises(InputError) as ei:
        compute(68, {"Last menstrual date": "not a date"})
    assert ei.value.field == "last_menstrual_period"
