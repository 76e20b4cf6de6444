"""Dates and date arithmetic read over the whole trace (verifier/dates.py): the forms models write,
operations carried across sentences and steps, and the counting-out-loud that is not a claim."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from clinverify.verifier import dates, verify


def claims(text, **kw):
    return [(c.text, dates.apply(c.expr)[0].isoformat(), c.value_text) for c in dates.read(text, **kw) if c.kind != "date_count"]


def test_date_forms():
    found = dates.dates_in("08/02/2010, 2010-08-03, Aug 4, 2010, 5 August 2010, 6th of August, 2010, August 7th 2010")
    assert found == {(2010, 8, d) for d in range(2, 8)}
    assert dates.dates_in("13/45/2010 and 02/30/2011") == set()  # not calendar dates


def test_operation_in_one_step_and_its_result_in_the_next():
    text = "LMP: 08/02/2010.\nDate after adding 40 weeks: 05/30/2011.\nCycle length 22 days, add 6 days.\nEstimated due date: 06/05/2011"
    assert claims(text) == [("05/30/2011", "2011-05-09", "2011-05-30"), ("06/05/2011", "2011-06-05", "2011-06-05")]


def test_operation_names_its_base():
    assert claims("Adding 280 days to 08/02/2010 gives us 05/16/2011.") == [("05/16/2011", "2011-05-09", "2011-05-16")]
    assert claims("280 days after Feb 3 2012 is Nov 11 2012.") == [("Nov 11 2012", "2012-11-09", "2012-11-11")]
    assert claims("The next period would be 10/11/2020 + 29 days = 11/09/2020.") == [("11/09/2020", "2020-11-09", "2020-11-09")]


def test_chained_operations_and_months():
    text = "LMP 08/02/2010. Naegele: add 7 days, subtract 3 months and add one year: 05/09/2011."
    assert claims(text) == [("05/09/2011", "2011-05-09", "2011-05-09")]


def test_year_left_out_and_base_restated():
    text = "2. LMP = 02/03/2012.\n3. Adding 280 days: Feb 3 → Nov 11 (month lengths).\n"
    assert claims(text) == [("Nov 11", "2012-11-09", "2012-11-11")]


def test_a_plan_then_its_execution_counts_once():
    text = "Naegele's rule adds 280 days to the LMP. So, we first add 280 days to the LMP of 08/02/2010 which brings us to 05/09/2011."
    assert claims(text) == [("05/09/2011", "2011-05-09", "2011-05-09")]


def test_counting_is_not_a_claim():
    # Ranges, points a count runs to, month lengths.
    assert claims("LMP 05/20/2020. Add 280 days:\n - May 20 to May 31 = 11 days (remaining 269)\n - Jan 31 Feb 29 -> cumulative 60") == []
    assert claims("LMP 02/03/2012. Add 280 days: cumulative days up to Oct 31 = 305.") == []
    # A date an operation starts from is its base: "Oct 31 + 1 day = Nov 1".
    assert claims("Add 9 days: Oct 31 + 1 day = Nov 1, +8 more.", think_end=-1) == []


def test_thinking_results_stay_in_their_sentence():
    text = "LMP 02/03/2012. Maybe add 26 days. Hmm, we reach Feb 29 somehow."
    assert claims(text, think_end=len(text)) == []
    assert claims(text) != []  # in an explanation the operation carries to the next sentence


def test_the_verifier_flags_the_step_that_states_the_wrong_date():
    trace = "1. LMP: 08/02/2010.\n2. Date after adding 40 weeks: 05/30/2011.\n3. Estimated due date: 05/30/2011."
    v = verify(trace, calculator="estimated_due_date").to_dict()
    flagged = [s for s in v["steps"] if s["verdict"] == "incorrect"]
    assert [s["index"] for s in flagged] == [1, 2] and "05/09/2011" in flagged[0]["detail"]
    # The LMP the trace states gives the expected answer, so the final answer is judged too (source trace).
    assert v["answer"]["expected"] == "05/09/2011" and v["answer"]["correct"] is False and v["first_error"] == 1


def test_a_wrong_date_the_thinking_reached_is_read_again_in_the_explanation():
    """The explanation restates the thinking's result from its own LMP: the wrong date is judged
    there too (it reaches the answer), and the LMP restated is not read as a result."""
    thinking = "LMP 03/24/2017. March 24 + 280 days = December 31, 2017? Fine."
    explanation = "\n1. LMP = 03/24/2017.\n2. Adding 280 days gives 12/31/2017."
    text = thinking + explanation
    got = dates.read(text, think_end=len(thinking))
    assert [(c.text, c.value_text) for c in got] == [("December 31, 2017", "2017-12-31"), ("12/31/2017", "2017-12-31")]
    assert got[1].start > text.index("Adding")  # the LMP restated is no result


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/- :.,+−\nFebMayNovaddsubtractdaysweeksmonthsto")), max_size=400))
def test_fuzz_reads_any_text_in_bounded_time(text):
    t0 = time.perf_counter()
    for c in dates.read(text):
        if c.kind == "date":
            assert dates.apply(c.expr) is not None
        assert 0 <= c.start < c.end <= len(text)
    assert time.perf_counter() - t0 < 2.0  # typical: well under 10 ms


_COUNTDOWN_WORDS = ["LMP 02/03/2012. ", "March", "April", "February", " 2021", " (", "31 days", "30 days", "29 days", ") → ", ": ",
                    "223 days left", "193 days left", "remaining 254 days", " has ", "add 31 -> ", ". ", "\n", "- ", "9 days left"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_COUNTDOWN_WORDS), max_size=80))
def test_fuzz_month_lengths_and_countdowns_read_in_bounded_time(parts):
    text = "".join(parts)
    t0 = time.perf_counter()
    for c in dates.read(text):
        assert 0 <= c.start < c.end <= len(text)
        if c.kind == "month_length":
            assert dates.month_length(c.expr) in (None, 28, 29, 30, 31)
    assert time.perf_counter() - t0 < 2.0  # typical: well under 10 ms


def test_a_month_by_month_countdown_is_checked_link_by_link():
    # "April (31 days)": April has 30; "192 days left" after 223 − 31 is right, "162 days left" after
    # it is not (161). Outside the thinking only, as counts between dates.
    text = ("LMP is 02/03/2012. From Feb 3 to Feb 29 = 26 days, remaining 254 days. March (31 days) → 223 days left. "
            "April (31 days) → 192 days left. May (31 days) → 162 days left. The due date is 11/09/2012.")
    v = verify(text, calculator="estimated_due_date")
    fails = [c.detail for s in v.steps for c in s.checks if c.ok is False and c.kind != "answer"]
    assert fails == ["April has 30 days, not 31", "192 − 31 = 161 days left, not 162"]
    right = text.replace("April (31 days) → 192", "April (30 days) → 193").replace("→ 162 days", "→ 162 days")
    assert not [c for s in verify(right, calculator="estimated_due_date").steps for c in s.checks if c.ok is False and c.kind != "answer"]
    # February's length needs its year; a part of a month ("November: 9 days") is no month's length
    def lengths(line):
        v = verify(f"LMP 05/20/2020.\n{line}\nDone.", calculator="estimated_due_date")
        return [c.ok for s in v.steps for c in s.checks if "days" in c.detail and "has" in c.detail]
    assert lengths("- February 2021: 29 days") == [False] and lengths("- February 2020: 29 days") == [True]
    assert lengths("- February: 29 days") == [] and lengths("- November: 9 days → 0 days left") == []
    # in the thinking, counted out loud: not read
    thinking = "<think>April (31 days) → 192 days left.</think>\nDone."
    assert not [c for s in verify(thinking, calculator="estimated_due_date").steps for c in s.checks if c.ok is False and c.kind != "answer"]


def test_adversarial_size_is_linear():
    text = "08/02/2010 + 280 days = 05/09/2011. " * 2000
    t0 = time.perf_counter()
    out = dates.read(text, limit=50)
    assert len(out) == 50 and time.perf_counter() - t0 < 20  # typical: about 0.1 s


def test_a_duration_in_months_and_days_adds_both():
    text = "LMP 05/20/2020. 9 months 20 days from May 20 is Feb 25?"
    (c,) = dates.read(text)
    assert c.expr == "2020-05-20 +9m +20d" and dates.apply(c.expr)[0].isoformat() == "2021-03-12"
    (c,) = dates.read("LMP 05/20/2020. 9 months and 7 days after 05/20/2020 is 02/27/2021.")
    assert dates.apply(c.expr)[0].isoformat() == "2021-02-27"


def test_a_due_date_by_the_280_day_count_is_a_convention():
    # LMP 05/20/2020, 28-day cycle: LMP + 280 days = 02/24/2021 (ACOG CO 700's statement), the calendar rule
    # 02/27/2021 (the calculator's default). Either is the due date; a date that is neither is wrong.
    note = "The patient's last menstrual period was on 05/20/2020. Her cycle length is 28 days."
    ents = {"cycle length": 28, "Last menstrual date": "05/20/2020"}
    trace = "1. LMP 05/20/2020.\n2. 05/20/2020 + 280 days = 02/24/2021.\n3. The estimated due date is 02/24/2021."
    v = verify(trace, calculator="estimated_due_date", patient_note=note, entities=ents)
    assert v.answer.correct is True
    assert not [s for s in v.to_dict()["steps"] if s["verdict"] == "incorrect"]
    assert any("method days_280" in (s.get("convention") or "") for s in v.to_dict()["steps"])
    wrong = verify(trace.replace("is 02/24/2021", "is 02/25/2021"), calculator="estimated_due_date", patient_note=note, entities=ents)
    assert wrong.answer.correct is False


def test_a_month_and_day_before_a_signed_count_of_days_is_a_date():
    # "02/08 + 9 days = 02/19/2024": the year is the context's; "2/3 + 1" stays a fraction.
    text = "Add 11 days to the LMP date of 02/08/2024.\n - 02/08 + 9 days = 02/19/2024."
    assert [dates.apply(c.expr)[0].isoformat() for c in dates.read(text)][-1] == "2024-02-17"
    assert not dates.find_dates("Take 2/3 + 1/3 of the pressure; BP 120/80 + 10 mmHg.")


def test_days_counted_between_two_dates_are_checked():
    text = "Add 280 days to 03/24/2017:\n - 03/24 → 04/24: 31 days\n - 04/24 → 05/24: 19 days\nResult: 12/29/2017."
    counts = [c for c in dates.read(text) if c.kind == "date_count"]
    assert [(dates.count_days(c.expr)[1] - dates.count_days(c.expr)[0]).days for c in counts] == [31, 30]
    v = verify(text, calculator="estimated_due_date")
    bad = [ch.detail for s in v.steps for ch in s.checks if ch.ok is False]
    assert bad == ["04/24/2017 to 05/24/2017 is 30 days, not 19"]
    # A year left out is the one nearest the full dates written before; a month counted from its
    # first day may include both ends.
    text = "From 07/18/2010 to 02/09/2011.\n - July 18 to July 31: 13 days\n - June 1 to June 30: 30 days\n - Jan 31 to Feb 9: 9 days"
    v = verify(text, calculator="gestational_age")
    assert not [ch for s in v.steps for ch in s.checks if ch.ok is False]
    # In the thinking a count asked is tried out loud: not read there; one stated is checked.
    assert not [c for c in dates.read("<think>April 9 to January 13: 280 days?</think> LMP 04/09/2021.", think_end=40) if c.kind == "date_count"]
    thought = "<think>LMP Feb 3 2012. Let's use days: Feb 3 to Mar 3 = 28 days. Then add the rest.</think> LMP 02/03/2012."
    assert [c.value_text for c in dates.read(thought, think_end=thought.index("</think>")) if c.kind == "date_count"] == ["28"]
    assert "02/03/2012 to 03/03/2012 is 29 days, not 28" in _fails(thought, calculator="estimated_due_date")
    # "inclusive" or "including" said just after the count: both ends counted.
    assert _fails("From 02/03/2012: Feb 3 to Feb 29 = 27 days (since Feb 3 is day 3, days left including 3).") == []


def test_a_wrong_date_in_the_thinking_is_not_taken_back_by_a_count_of_days():
    text = ("<think>LMP April 9, 2021. That suggests 280 days from April 9 is January 13. Let's compute again: "
            "April 9 to April 30: 21 days. ... So the due date is January 14, 2022.</think>\n"
            "Adding 280 days to 04/09/2021 gives a due date of 01/14/2022.")
    v = verify(text, calculator="estimated_due_date")
    wrong = [s for s in v.steps if any(c.ok is False for c in s.checks)]
    assert [s.verdict for s in wrong] == ["corrected"]
    by = next(s for s in v.steps if s.index == wrong[0].corrected_by)
    assert (2022, 1, 14) in dates.dates_in(by.text)  # the right date written later, not the count after "compute again"


def _fails(text, calculator="gestational_age", **kw):
    v = verify(text, calculator=calculator, **kw)
    return [ch.detail for s in v.steps for ch in s.checks if ch.ok is False]


def test_a_count_ending_at_a_date_followed_by_its_days_reads_both_dates():
    # "Aug 17 = 31 days" alone is a running count, but after "Jul 18 to" it is the range's end.
    text = "LMP 04/15/2003.\n- Apr 15 to May 15 = 30 days\n- May 15 to Jun 15 = 30 days\n- Jun 15 to Jun 16 = 1 day"
    assert _fails(text) == ["05/15/2003 to 06/15/2003 is 31 days, not 30"]


def test_a_count_in_words_and_one_with_no_year_anywhere():
    assert _fails("From April 15 to April 30 there are 15 days. Then June 1 to June 16 adds 20 days.") == ["06/01/2001 to 06/16/2001 is 15 days, not 20"]
    assert _fails("- Apr 15 → May 15: 31 days") == ["04/15/2001 to 05/15/2001 is 30 days, not 31"]
    assert _fails("- Jan 25 → Mar 3: 37 days") == []  # across February's end with no year: not judged


def test_a_date_the_trace_gives_the_lmp_or_the_current_date_is_a_patient_value():
    ents = {"Last menstrual date": "04/15/2003", "Current Date": "06/16/2003"}
    assert _fails("The last menstrual period was July 25, 2010 and the current date is June 16, 2003. So 8 weeks 6 days.", entities=ents) == [
        "last menstrual period is 04/15/2003 in the patient data, not 07/25/2010"]
    assert _fails("LMP: 04/15/2003. Today: 06/16/2003. So 8 weeks 6 days.", entities=ents) == []
    # The date an operation on the LMP gives is its result, not the LMP.
    assert _fails("The date after adding 40 weeks to the patient's last menstrual period date is 01/20/2004.",
                  calculator="estimated_due_date", entities={"Last menstrual date": "04/15/2003", "cycle length": 28}) == []
    # Without entities, the date the note gives.
    assert _fails("LMP: 04/12/2003.", patient_note="Her last menstrual period was on 04/15/2003.") == [
        "last menstrual period is 04/15/2003 in the patient data, not 04/12/2003"]


def test_days_converted_to_weeks_and_days():
    assert _fails("62 days = 8 weeks 6 days") == []
    assert _fails("62 days = 8 weeks and 5 days") != []


def test_a_result_after_the_base_an_operation_names_is_read_though_written_before():
    t = ("So due date is December 31, 2017? 280 days from March 24 2017 is December 31 2017 indeed. "
         "Adding 2 days for cycle length 30 gives January 2, 2018.")
    assert [(c.text, c.expr) for c in dates.read(t, think_end=len(t) + 1)] == [
        ("December 31 2017", "2017-03-24 +280d"), ("January 2, 2018", "2017-12-31 +2d")]


def test_a_date_reached_part_way_through_a_count_is_not_its_result():
    text = ("LMP 09/25/2023. Adding 19 days to September 25, 2023: September has 30 days, so 5 days bring us to September 30, "
            "and the remaining 19 − 5 = 14 days land on October {d}, 2023.")
    dated = [f for f in _fails(text.format(d=14), calculator="estimated_conception_date") if not f.startswith("final answer")]
    assert dated == []
    dated = [f for f in _fails(text.format(d=15), calculator="estimated_conception_date") if not f.startswith("final answer")]
    assert dated == ["09/25/2023 + 19 days = 10/14/2023, not 10/15/2023"]
