import datetime as dt

import pytest

from clinverify.calculators import InputError, compute


def test_naegele_example():
    # Naegele's rule: + 1 year − 3 months + 7 days. LMP 8 May 2009 -> 15 February 2010 (the 280-day count
    # gives 12 February).
    r = compute("estimated_due_date", {"Last menstrual date": "05/08/2009"})
    assert r.value == dt.date(2010, 2, 15)
    assert dt.date.fromordinal(r.intermediates["lmp_plus_280_days_adjusted"]) == dt.date(2010, 2, 12)
    assert r.to_dict()["value"] == "02/15/2010"
    assert "02/15/2010" in r.explanation()[-1]


def test_months_before_days():
    # The 9 months are counted first, then 7 days: LMP 02/28/2007 + 9 months = 11/28/2007, + 7 days = 12/05/2007
    # (adding the 7 days first would give 12/07/2007).
    assert compute(13, {"Last menstrual date": "02/28/2007", "cycle length": 28}).value == dt.date(2007, 12, 5)
    assert compute(13, {"Last menstrual date": "2012-02-03"}).value == dt.date(2012, 11, 10)


def test_month_end_is_clamped():
    # LMP 31 May: 9 months later is "31 February" -> 28 February (29 in a leap year), then + 7 days.
    assert compute(13, {"Last menstrual date": "05/31/2021"}).value == dt.date(2022, 3, 7)
    assert compute(13, {"Last menstrual date": "05/31/2023"}).value == dt.date(2024, 3, 7)


def test_cycle_adjustment_sign():
    # Ovulation ~14 days before the next menses (Lenton 1984): a 21-day cycle ovulates 7 days earlier than a
    # 28-day one, so the due date is 7 days earlier; a 35-day cycle, 7 days later.
    base = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 28}).value
    short = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 21}).value
    long = compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 35}).value
    assert (base - short).days == 7 and (long - base).days == 7


def test_missing_cycle_length_means_28_days():
    a = compute(13, {"Last menstrual date": "01/08/2021"}).value
    assert a == compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 28}).value


def test_bad_inputs():
    with pytest.raises(InputError) as ei:
        compute(13, {"Last menstrual date": "31/31/2020"})
    assert ei.value.field == "last_menstrual_period"
    with pytest.raises(InputError) as ei:
        compute(13, {"Last menstrual date": "01/08/2021", "cycle length": 90})
    assert ei.value.field == "cycle_length"


def test_280_day_count_is_an_option():
    # ACOG Committee Opinion 700 (2017): "the EDD is established by adding 280 days (40 weeks) to the first day of
    # the LMP". LMP 8 May 2009 + 280 days = 12 February 2010 (the calendar rule gives 15 February); a 31-day cycle
    # adds 3 days to either.
    r = compute(13, {"Last menstrual date": "05/08/2009", "method": "days_280"})
    assert r.value == dt.date(2010, 2, 12) and "280 days" in r.explanation()[-1]
    assert compute(13, {"Last menstrual date": "05/08/2009", "cycle length": 31, "method": "280 days"}).value == dt.date(2010, 2, 15)
    assert compute(13, {"Last menstrual date": "05/08/2009", "cycle length": 31}).value == dt.date(2010, 2, 18)
    with pytest.raises(InputError) as ei:
        compute(13, {"Last menstrual date": "05/08/2009", "method": "lunar"})
    assert ei.value.field == "method"
