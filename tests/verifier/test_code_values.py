"""Values a trace shows for what its code computes: a comment after an assignment, the output of a
print after the block (verifier.code_values), read and checked; bounded on any text."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.verifier import code_values, verify
from clinverify.verifier.limits import MAX_CODE_LINES

FENCE = "```"


def shown(trace):
    return [(c.expr, c.value_text) for c in code_values.read(trace)]


def test_comments_and_printed_outputs_are_claims_with_the_variables_put_in():
    trace = (f"Daily amounts:\n{FENCE}python\noxy_daily_mg = 15 * 4          # → 60\noxy_mme = oxy_daily_mg * 1.5   # → 80.0\n{FENCE}\n"
             f"{FENCE}python\nsqrt_alt = 52 ** 0.5\nprint(round(sqrt_alt, 2))\n{FENCE}\nOutput: `6.21`\n\n"
             f"{FENCE}python\nfactor = 0.75 / 5\ndex_dose = 40 * factor\nprint(factor, dex_dose)\n{FENCE}\nOutput: `0.15 6.0`\n\n"
             f"{FENCE}python\nhc_dose = 125 * 20 / 4\nprint(hc_dose)\n{FENCE}\nOutput:\n{FENCE}\n625.0\n{FENCE}\n")
    assert shown(trace) == [("15 * 4", "60"), ("60 * 1.5", "80.0"), ("52 ^ 0.5", "6.21"), ("0.75 / 5", "0.15"), ("40 * 0.15", "6.0"),
                            ("125 * 20 / 4", "625.0")]


@pytest.mark.parametrize("code", [
    "x = compute(3)  # → 4",  # a call the reader cannot run
    'd = {"a": 1}  # → 1',
    "y = z * 2  # → 8",  # a variable never assigned
    "w = 70  # kg",  # a unit in the comment, no value shown
    "n = 2  # 2 doses",
])
def test_code_it_cannot_run_or_that_shows_no_value_makes_no_claim(code):
    assert shown(f"{FENCE}python\n{code}\n{FENCE}\n") == []


def test_a_block_that_is_not_python_is_not_run():
    assert shown(f"{FENCE}json\nx = 2 * 3  # → 7\n{FENCE}\n") == []
    assert shown(f"{FENCE}\nx = 2 * 3  # → 7\n{FENCE}\n") == [("2 * 3", "7")]  # (an unnamed block is)


def test_a_wrong_shown_value_is_flagged_and_a_right_one_is_not():
    ents = {"oxycodone_dose": [15, "mg"], "oxycodone_doses_per_day": [4, "1/day"]}
    wrong = f"{FENCE}python\noxy_daily_mg = 15 * 4          # → 60\noxy_mme = oxy_daily_mg * 1.5   # → 80.0\n{FENCE}\n"
    steps = [s for s in verify(wrong, calculator="morphine_milligram_equivalents", entities=ents).to_dict()["steps"] if s["verdict"] == "incorrect"]
    assert [(s["error"], s["detail"]) for s in steps if s["error"] != "answer"] == [("arithmetic", "60 * 1.5 = 90, not 80.0")]
    right = wrong.replace("80.0", "90.0")
    assert not [s for s in verify(right, calculator="morphine_milligram_equivalents", entities=ents).to_dict()["steps"]
                if s["verdict"] == "incorrect" and s["error"] != "answer"]


def test_an_output_rounded_by_the_code_is_right_to_its_digits():
    trace = f"{FENCE}python\nheight_cm = 160\nheight_in = height_cm / 2.54\nprint(round(height_in, 2))\n{FENCE}\nOutput: `62.99`\n"
    v = verify(trace, calculator="ideal_body_weight", entities={"sex": "female", "height": [160, "cm"]})
    assert [c.ok for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [True]


def test_work_is_bounded_on_long_and_odd_code():
    many = "\n".join(["v = 1"] + ["v = v * 1.0001  # → 1" for _ in range(5 * MAX_CODE_LINES)])
    cases = ["`" * 60_000, f"{FENCE}python\n" + " " * 100_000 + "x", f"{FENCE}\n{many}\n{FENCE}", f"{FENCE}\n" + "a = 1 " + " " * 5_000 + "\n" + FENCE]
    for text in cases:
        t0 = time.perf_counter()
        claims = code_values.read(text)
        assert time.perf_counter() - t0 < 2.0  # typical: a few milliseconds
        assert len(claims) <= MAX_CODE_LINES


CODE_LINE = st.one_of(
    st.tuples(st.sampled_from(["a", "b", "c_mg", "x"]), st.sampled_from(["=", " = ", "=="]),
              st.text(alphabet="0123456789.+-*/() abcx_^", max_size=30),
              st.sampled_from(["", "  # → 5", " # = 2.0", "# 1e9", " # ->"])).map("".join),
    st.sampled_from(["print(a)", "print(round(a, 2))", "print(a, b)", "print(", "import math", "b = math.sqrt(a)", "```"]),
    st.text(max_size=40),
)
TRACE = st.lists(st.one_of(CODE_LINE, st.sampled_from(["```python", "```", "Output: `3`", "Output:", "Output: 1 2"])), max_size=30).map("\n".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRACE)
def test_reading_code_never_raises_and_claims_lie_in_the_trace(trace):
    for c in code_values.read(trace):
        assert 0 <= c.start < c.end <= len(trace) and trace[c.start : c.end] == c.value_text
    verify(trace, calculator="bmi")


def test_a_code_librarys_log_is_the_natural_log():
    trace = f"{FENCE}python\nimport math\nx = math.log(2.0)  # → 0.693\ny = math.log10(100)  # → 2\n{FENCE}\n"
    v = verify(trace, calculator="bmi")
    assert [(c.kind, c.ok) for s in v.steps for c in s.checks if c.kind == "arithmetic"] == [("arithmetic", True), ("arithmetic", True)]
    assert shown(f"{FENCE}\nfrom math import log\nx = log(2.0)  # → 0.693\n{FENCE}\n") == [("ln(2.0)", "0.693")]
