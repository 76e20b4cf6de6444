"""The verifier's limits (``clinverify.verifier.limits``): bounded work for every input.

Each worst input we could build (long digit runs in a JSON answer or ``\\boxed{}``, repeated
claims, relation signs, deep brackets, long words, many dates, LaTeX nesting, a long note)
verifies under the limits in well under a second (target 1 s on one core; the bounds here are
ten times that, the machines are shared) with bounded memory; inputs over the size limits are
error rows, never tracebacks. Measured figures are printed (``pytest -s``)."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.verifier import verify
from clinverify.verifier.batch import verify_row
from clinverify.verifier.claims import NUM_RE, final_answer
from clinverify.verifier.limits import (
    LIMITS,
    MAX_CLAIMS_PER_STEP,
    MAX_CLAIMS_PER_TRACE,
    MAX_DIGITS,
    MAX_NOTE_CHARS,
    MAX_TRACE_CHARS,
    NoteTooLarge,
)

TIME_BOUND_S = 10.0  # target 1 s; shared machines
MEMORY_BOUND_MB = 200  # Python allocations at peak (tracemalloc), target well under
N = MAX_TRACE_CHARS - 100


def _measure(row: dict, memory: bool = False) -> tuple[dict, float, float | None]:
    """(output, seconds, peak MB of Python allocations or None). Time is measured without
    tracing (tracemalloc slows Python code down several times), memory in a second run."""
    t = time.perf_counter()
    out = verify_row(row)
    dt = time.perf_counter() - t
    if not memory:
        return out, dt, None
    tracemalloc.start()
    try:
        verify_row(row)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return out, dt, peak


# The inputs whose memory grew with the square of their length (each claim held a copy of the
# step before it: 550-2,200 MB before the limits).
MEMORY_CASES = {"repeated_claims", "chain", "display_math", "open_json", "verbal_arithmetic", "json_answer_digits"}


WORST = {
    # Finding 3: a long digit run in a trailing JSON answer or in \boxed{}.
    "json_answer_digits": '{"step_by_step_thinking": "x", "answer": "' + "1" * (N - 60) + '"}',
    "boxed_digits": "So \\boxed{" + "1" * (N - 20) + "}",
    # Finding 7: one step of repeated claims.
    "repeated_claims": ("x = 12.5 * 3.1 = 38.75. " * 9000)[:N],
    "chain": ("1 + 1 = " * 25000)[:N],
    "relations_only": "= " * (N // 2),
    "thousands_groups": "1" + ",111" * (N // 4 - 1),
    "digits_then_weeks": "1" * (N - 10) + " weeks",
    "digit_runs_with_age": ("1" * 5000 + " years old ") * 19,
    "parentheses": "(" * (N // 2 - 10) + "1" + ")" * (N // 2 - 10) + " = 1",
    "long_word": "a" * N,
    "many_dates": ("01/02/2020 + 3 days = 01/05/2020. " * 6000)[:N],
    "latex_frac": "\\frac{" * 15000 + "1" + "}{2}" * 15000 + " = 1",
    "boxed_nesting": "\\boxed{" * 14000 + "1" + "}" * 14000,
    "display_math": ("$$ 1 + 1 = 2 " * 16000)[:N],
    "conversions": ("140 lbs = 63.5 kg is 1 mg = " * 7000)[:N],
    "units": ("1 mg/dL " * 25000)[:N],
    "verbal_arithmetic": ("multiply 1 by 2 giving 2 " * 8000)[:N],
    "thinking_revisions": ("<think> wait, 1 + 1 = 3. Actually 1 + 1 = 2. </think>" * 3700)[:N],
    "criteria_points": ("add 2 points for age. 4 + 3 = 7. " * 6000)[:N],
    "many_steps": ("1 = 2. " * 28000)[:N],
    "open_json": '{"step_by_step_thinking": "' + ("a = 1 + 1 = 2. " * 13000)[: N - 40],
    "huge_numbers": ("1e308 * 1e308 = 1e308. " + "9" * 400 + " * 2 = 3. ") * 400,
}


@pytest.fixture(scope="module", autouse=True)
def _warm():
    # One-time costs (unit registry, per-calculator tables) are not the input's.
    for calc in (2, 4, 68):
        verify_row({"trace": "140 lbs = 63.5 kg. 70 kg is 154 lbs. 1 + 1 = 2. Answer: 2", "calculator": calc, "patient_note": "weight 70 kg"})


@pytest.mark.parametrize("name", sorted(WORST))
def test_worst_inputs_verify_in_bounded_time_and_memory(name):
    calc = 68 if "date" in name else 4 if "criteria" in name else 2
    row = {"trace": WORST[name], "calculator": calc, "patient_note": "weight 70 kg, creatinine 1.2 mg/dL"}
    out, dt, peak = _measure(row, memory=name in MEMORY_CASES)
    print(f"{name}: {dt:.3f} s" + (f", peak {peak:.0f} MB" if peak is not None else ""))
    assert "error" not in out or out["error"] is None, out.get("error")
    assert dt <= TIME_BOUND_S, f"{name}: {dt:.2f} s"
    assert peak is None or peak <= MEMORY_BOUND_MB, f"{name}: {peak:.0f} MB"


def test_long_note_under_the_limit_with_many_claims_is_bounded():
    note = ("The patient's weight is 70 kg and weight 70 weight 1 1 1. " * 2000)[:MAX_NOTE_CHARS]
    trace = " ".join(f"The patient's weight is {70 + i % 50}.{i % 10} kg." for i in range(3000))
    out, dt, peak = _measure({"trace": trace, "calculator": 2, "patient_note": note}, memory=True)
    print(f"long note: {dt:.3f} s, peak {peak:.0f} MB")
    assert out.get("error") is None
    assert dt <= TIME_BOUND_S and peak <= MEMORY_BOUND_MB


def test_note_over_the_limit_is_an_error_row_naming_the_field_and_limit():
    out = verify_row({"id": 7, "trace": "1 + 1 = 2.", "patient_note": "x" * (MAX_NOTE_CHARS + 1)})
    assert out["id"] == 7 and out["error"]["code"] == "note_too_large"
    assert "patient_note" in out["error"]["message"] and str(MAX_NOTE_CHARS) in out["error"]["message"]
    with pytest.raises(NoteTooLarge):
        verify("1 + 1 = 2.", patient_note="x" * (MAX_NOTE_CHARS + 1))
    assert verify_row({"trace": "1 + 1 = 2.", "patient_note": "x" * MAX_NOTE_CHARS}).get("error") is None
    assert verify_row({"trace": "1 + 1 = 2.", "patient_note": 12})["error"]["code"] == "invalid_field"


def test_trace_over_the_limit_is_an_error_row():
    out = verify_row({"trace": "1" * (MAX_TRACE_CHARS + 1)})
    assert out["error"]["code"] == "trace_too_large" and str(MAX_TRACE_CHARS) in out["error"]["message"]


def test_limits_are_published_by_name():
    assert LIMITS == {
        "max_trace_chars": 200_000,
        "max_note_chars": 100_000,
        "max_digits": MAX_DIGITS,
        "max_claims_per_step": MAX_CLAIMS_PER_STEP,
        "max_claims_per_trace": MAX_CLAIMS_PER_TRACE,
    }


def test_numbers_over_max_digits_are_not_evaluated():
    ok, long = "9" * MAX_DIGITS, "9" * (MAX_DIGITS + 1)
    assert NUM_RE.findall(f"a {ok} b") == [ok]
    assert NUM_RE.findall(f"a {long} b") == []
    assert final_answer('{"answer": "' + long + '"}') is None
    v = verify(f"{long} * 2 = 3.", calculator=2).to_dict()
    assert all(s["verdict"] == "neutral" for s in v["steps"])  # neutral, not an error


def test_claims_over_the_step_limit_are_left_unchecked_and_said():
    step = " and ".join(f"{i} + 1 = {i + 1}" for i in range(MAX_CLAIMS_PER_STEP + 20))
    v = verify(step + ".").to_dict()
    assert len(v["steps"]) == 1
    detail = v["steps"][0]["detail"]
    assert f"limit {MAX_CLAIMS_PER_STEP} per step" in detail
    assert v["steps"][0]["verdict"] == "correct"  # the claims read are still checked


def test_claims_over_the_trace_limit_are_left_unchecked_and_said():
    trace = " ".join(f"{i} + 1 = {i + 2}." for i in range(MAX_CLAIMS_PER_TRACE + 50))  # every one wrong
    v = verify(trace).to_dict()
    said = [s for s in v["steps"] if f"limit of {MAX_CLAIMS_PER_TRACE} checked claims" in s["detail"]]
    assert len(said) == 1
    after = v["steps"][said[0]["index"] + 1 :]
    assert after and all(s["verdict"] == "neutral" for s in after)


def test_normal_trace_is_unchanged_by_the_limits():
    v = verify("BMI = 70 / (1.75^2) = 22.9 kg/m^2. The answer is 22.9.", calculator="bmi").to_dict()
    assert all("limit" not in s["detail"] for s in v["steps"])
    assert v["steps"][0]["verdict"] == "correct"


_PIECES = st.sampled_from(
    ["1", "9" * 45, ",111", ".", " ", "=", " = ", "+", "*", "(", ")", "\\frac{", "}{", "}", "\\boxed{", "$$", "<think>", "</think>",
     "weeks", " days", " years old", " mg/dL", " kg", " lbs", "is ", "wait, ", "01/02/2020", " + 3 days", "\n", '"answer": "', '{"', "x", "a" * 50]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_PIECES, min_size=1, max_size=40), st.integers(1, 400))
def test_fuzz_repeated_adversarial_pieces_verify_in_bounded_time(pieces, times):
    trace = ("".join(pieces) * times)[:20_000]
    t = time.perf_counter()
    out = verify_row({"trace": trace, "calculator": 2, "patient_note": "weight 70 kg"})
    dt = time.perf_counter() - t
    assert isinstance(out, dict)
    assert dt <= 2.0, f"{dt:.2f} s for {len(trace)} characters"  # target 0.1 s (a tenth of the longest trace)
