"""verify() end to end on generated traces for every calculator, with and without a reference:
never raises (bad content is a verdict, not an exception), and the answer object stays
well-formed. Traces are built from the phrases models write, with numbers anywhere in range,
so the recomputation from the trace's own values runs on arbitrary, often implausible, inputs."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.calculators import list_calculators
from clinverify.verifier import verify
from clinverify.verifier.result import ERROR_TYPES

CALCS = [c.id for c in list_calculators()]
NUM = st.one_of(
    st.integers(-10**6, 10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda x: f"{x:g}"),
    st.sampled_from(["0", "0.0", "1e308", "-0", "1,234.5", "9" * 40]),
)
PHRASE = st.tuples(
    st.sampled_from(["The patient's weight is", "height is", "age is", "serum creatinine is", "heart rate is", "QT interval is",
                     "sodium is", "glucose is", "albumin is", "bilirubin is", "INR is", "platelets are", "The patient is a"]),
    NUM,
    st.sampled_from(["kg", "cm", "years", "mg/dL", "bpm", "msec", "mEq/L", "g/dL", "µmol/L", "", "lbs", "in", "year-old woman"]),
).map(lambda t: " ".join(t).strip() + ".")
ARITH = st.tuples(NUM, st.sampled_from(["*", "/", "+", "-", "^"]), NUM, NUM).map(lambda t: f"{t[0]} {t[1]} {t[2]} = {t[3]}.")
TRACE = st.lists(st.one_of(PHRASE, ARITH), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRACE, st.sampled_from(CALCS), st.one_of(st.none(), NUM))
def test_verify_never_raises_and_answer_is_well_formed(trace, calc, ref):
    v = verify(trace + " Answer: 42", calculator=calc, reference=ref).to_dict()
    a = v["answer"]
    assert a["source"] in (None, "reference", "trace")
    assert a["cause"] is None or a["cause"] in ERROR_TYPES
    if a["correct"] is not False:
        assert a["cause"] is None
    for k, s in v["scores"].items():
        assert s is None or (0.0 <= s <= 1.0 and not math.isnan(s)), k


# Long runs of one character between the parts of a claim: every pattern that may start inside such a
# run must scan it once (a pattern with two optional runs of spaces, or searched from each position of
# one, took 20 s on 60,000 spaces). Typical time here is about 0.1 s per trace; the bound allows 50x.
_RUNS = {
    "spaces before an arrow": lambda n: "Age: 65" + " " * n + "→ 2 points",
    "spaces before a qualifier": lambda n: "CrCl = (140 - age) × weight" + " " * n + "for women = 1",
    "tabs before a tally": lambda n: "HR 107" + "\t" * n + ": 2",
    "newlines before an arrow": lambda n: "Temperature 37.2" + "\n" * n + "=> 0.",
    # three optional runs of spaces in a row around a graded response's name (cubic: hung for minutes)
    "spaces after a criterion's name": lambda n: "Score for" + " " * n + "albumin: 3",
    "spaces inside a month's length": lambda n: "March " + " " * n + "(31 days) → x",
    "spaces inside a conversion": lambda n: "To convert glucose " + " " * n + "x",
    # two optional runs of spaces around a comma before a result verb (quadratic)
    "spaces before a result verb": lambda n: "Sodium 130 mEq/L" + " " * n + "(31 days) → x",
    # a square root's argument left open (quadratic: 5,000 spaces took 40 s)
    "spaces inside a square root": lambda n: "QTc = QT / sqrt(" + " " * n + "x",
    # many numbers in one criterion's clause, each read with the whole clause before it (quadratic)
    "numbers in a criterion's clause": lambda n: "Age: " + "7 " * (n // 2) + "→ 1 point",
    # a result named, then an expression running into a long run before the line's end (12 s at 2,000 tabs)
    "tabs after a named result": lambda n: "BP 120/80</think>MAP =>years" + "\t" * n + "+x",
    # a long run of digits where a criterion's band or threshold may start (each digit tried to the run's end: quadratic)
    "digits in a criterion's clause": lambda n: "Age 65 or older: " + "7" * n + " → 1",
    # spaces inside a unit's bracket after a formula's name (two runs of spaces between its units: quadratic)
    "spaces in a unit's bracket": lambda n: "QTc = QT (ms" + " " * n + "x) / sqrt(RR)",
    # a run of digits before a duration, tried from each digit by the duration reader (4,000 digits: 1.8 s)
    "digits before a duration": lambda n: "Symptom onset: " + "1" * n + "(31 days) present → 1 point",
    # spaces after a table row's points, read again from each of their positions by the row's end (quadratic)
    "spaces after a table row": lambda n: "Age >65 Answer: 3" + " " * n + "a",
    # spaces before and tabs after a finding decided alone ("Fever – absent"): quadratic
    "runs around a decision": lambda n: "criteria met -" + " " * (n // 2) + "-  absent " + "\t" * (n // 2) + "IBW",
    # a long word after a number, split between two units in every way (quadratic)
    "letters after an operand": lambda n: "multiply by 18" + "x" * n + " so",
    # spaces and tabs after a comparison, read as three runs before an answer "no" (cubic: 17 s at 12,000
    # characters, found by bench/timing_fuzz.py seed 22)
    "runs after a comparison": lambda n: "Age 70 >65 mmol/L" + " \t" * (n // 2) + "x",
    # a running total's links, a table's calculation cells and a bold number, each over a long run
    "runs in links, cells and bold": lambda n: "2, + 1 = 3" + " " * (n // 3) + "| 24 − 9" + "\t" * (n // 3) + "** 5" + " " * (n // 3),
}


def test_long_runs_of_spaces_are_read_in_linear_time():
    import time

    for name, make in _RUNS.items():
        for calc in ("cockcroft_gault", "apache_ii", "framingham_hard_chd", "heart_score", "mean_arterial_pressure", "feverpain"):
            t0 = time.perf_counter()
            verify(make(60_000), calculator=calc, patient_note="A 63-year-old man.")
            assert time.perf_counter() - t0 < 5.0, (name, calc)


def test_a_list_of_items_with_points_in_brackets_is_read_in_linear_time():
    # words, a run of tabs, an open bracket and a run of spaces: such a list ("Hypertension (1), Stroke (2)")
    # was tried from each word, each length of its name reading the runs again (quadratic: 0.4 s at 15k
    # characters in one step, found by bench/timing_fuzz.py seed 11; about 14 s at 100k)
    import time

    from clinverify.verifier import criteria_read

    text = "1 point To convert glucose HR 107" + "\t" * 50_000 + " ( 2.0" + " " * 50_000 + ","
    t0 = time.perf_counter()
    criteria_read.read(text)
    assert time.perf_counter() - t0 < 5.0
