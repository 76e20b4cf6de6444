"""Issue 13, calculators' part: no input can stall parsing, and no error echoes a huge input.

Finding 1: a unit of N characters took time in N² in pint (5 KB 0.2 s, 20 KB 3 s, 100 KB 71 s),
and a 10-character unit ('10**10**10') made pint build a ten-billion-digit integer.
Finding 11: error messages quoted the whole offending input (a 100 KB unit, a 1 MB calculator key).

Every bad input must be rejected by a named limit (``clinverify.calculators.limits``) in
milliseconds, with an InputError/UnknownCalculator that names the field and the limit; every
input within the limits must parse and compute quickly; no message quotes more than
MAX_QUOTED_CHARS characters of an input. Time bounds are generous (machines are shared): the
targets are ~10 ms to reject and ~1 ms to parse, the assertions allow 10-50 times more, and
each test prints the figure it measured.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinverify.calculators import (
    CalculatorError,
    InputError,
    Result,
    UnknownCalculator,
    compute,
    get,
    limits,
    list_calculators,
    suggest,
)
from clinverify.calculators.errors import UnitError
from clinverify.calculators.inputs import parse_mapping_text
from clinverify.calculators.units import affine

REJECT_S = 0.5  # target 10 ms
PARSE_S = 1.0  # target 1 ms (in practice microseconds)
BMI = {"weight": [70, "kg"], "height": [170, "cm"]}
CALCS = list_calculators()

# The longest a one-violation message may be: the calculator prefix, the field, fixed wording
# (an option list) and quotes of at most MAX_QUOTED_CHARS characters each.
MESSAGE_CHARS = 3 * limits.MAX_QUOTED_CHARS + 400
# The garbage inputs below repeat one character: a longer run of it in a message is an echo.
ECHO = re.compile(r"(.)\1{" + str(limits.MAX_QUOTED_CHARS) + ",}")


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    try:
        out = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the test inspects what came out
        out = exc
    return out, time.perf_counter() - t


def bmi(**changes):
    return compute("bmi", {**BMI, **changes})


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load the registry and pint once, so timings measure the input, not start-up."""
    bmi(weight=[154, "lb"])


def assert_short(err: Exception) -> None:
    """No more than MAX_QUOTED_CHARS characters of the input in the message, each field or description."""
    msg = str(err)
    violations = getattr(err, "violations", ())
    assert len(msg) <= MESSAGE_CHARS * max(1, len(violations)), f"message of {len(msg)} characters: {msg[:300]}..."
    assert not ECHO.search(msg), f"input echoed: {msg[:300]}..."
    for v in violations:
        assert len(v.field) <= limits.MAX_QUOTED_CHARS
        assert len(v.description) <= MESSAGE_CHARS


# -- finding 1: long units ---------------------------------------------------------------

@pytest.mark.parametrize("n", [65, 5_000, 100_000])
@pytest.mark.parametrize("shape", ["pair", "dict", "text"])
def test_long_unit_is_rejected_at_once_naming_field_and_limit(n, shape):
    unit = "k" * n
    raw = {"pair": [50, unit], "dict": {"value": 50, "unit": unit}, "text": f"50 {unit}"}[shape]
    err, s = timed(bmi, **{"weight": raw})
    print(f"{shape} unit of {n} chars: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError), err
    assert err.field == "weight"
    assert s < REJECT_S
    assert_short(err)
    msg = str(err)
    if shape != "text" or n <= limits.MAX_TEXT_CHARS:
        assert f"unit is {n} characters; the limit is {limits.MAX_UNIT_CHARS}" in msg
    else:  # "50 kkk…" as a whole is first a string over the text limit
        assert f"is {n + 3} characters; the limit is {limits.MAX_TEXT_CHARS}" in msg


def test_affine_refuses_an_overlong_unit_itself():
    """Entity adapters and the verifier call the unit layer directly: it checks the length too."""
    err, s = timed(affine, "k" * 100_000, "kg")
    print(f"affine on a 100 KB unit: {s * 1e3:.2f} ms")
    assert isinstance(err, UnitError) and s < REJECT_S
    assert f"the limit is {limits.MAX_UNIT_CHARS}" in str(err)
    assert len(str(err)) <= MESSAGE_CHARS


# Short units that make pint evaluate huge integer powers (9**9**8 has 41 million digits).
# Run in a child process with a timeout and a memory cap: a regression must fail, not hang.
POWER_BOMBS = ["9**9**8", "10^10^7", "m*9**9**8", "(((9^99)^99)^99)^99", "9**(99**4)", "9⁹⁹⁹⁹⁹⁹⁹", "9 squared**99**9", "2^2^2^2^2^2"]


def test_unit_exponent_bombs_are_rejected_at_once():
    code = textwrap.dedent(f"""
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from clinverify.calculators import compute, CalculatorError
        compute("bmi", {{"weight": [154, "lb"], "height": [170, "cm"]}})  # loads pint
        out = []
        for unit in {POWER_BOMBS!r}:
            t = time.perf_counter()
            try:
                compute("bmi", {{"weight": [70, unit], "height": [170, "cm"]}})
                kind, msg = "ok", ""
            except CalculatorError as exc:
                kind, msg = type(exc).__name__, str(exc)
            out.append((unit, time.perf_counter() - t, kind, msg))
            print(json.dumps(out[-1]), flush=True)
    """)
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"a unit stalled parsing for 120 s; finished: {exc.stdout}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r[0] for r in rows] == POWER_BOMBS
    for unit, s, kind, msg in rows:
        print(f"{unit!r}: {kind} in {s * 1e3:.2f} ms: {msg}")
        assert kind == "InputError" and "weight" in msg and s < REJECT_S, (unit, s, kind, msg)


@pytest.mark.parametrize("unit", ["kg/m^2", "m^2", "m²", "mL/min/1.73 m^2", "1/min", "min^-1", "m**-1", "min⁻¹", "x10^9/L"])
def test_real_exponents_still_parse(unit):
    affine(unit, unit)


# -- the other input limits -----------------------------------------------------------------

def test_overlong_entity_key_is_rejected_and_not_echoed():
    key = "k" * 1_000_000
    err, s = timed(bmi, **{key: 1})
    print(f"1 MB entity key: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and s < REJECT_S
    assert f"key is 1000000 characters; the limit is {limits.MAX_KEY_CHARS}" in str(err)
    assert_short(err)


def test_entity_key_limits_pass_at_the_limit():
    assert bmi(**{"k" * limits.MAX_KEY_CHARS: 1}).value == pytest.approx(24.22, abs=0.01)
    extras = {f"extra {i}": [i, "mg"] for i in range(limits.MAX_ENTITY_KEYS - 2)}
    assert bmi(**extras).value == pytest.approx(24.22, abs=0.01)


def test_too_many_entity_keys():
    ents = {**BMI, **{f"extra {i}": i for i in range(1_000_000)}}
    err, s = timed(compute, "bmi", ents)
    print(f"1,000,000 keys: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and err.field == "entities" and s < REJECT_S
    assert f"1000002 keys; the limit is {limits.MAX_ENTITY_KEYS}" in str(err)


def nested(depth: int) -> object:
    v: object = 70
    for _ in range(depth):
        v = [v]
    return v


@pytest.mark.parametrize("depth", [limits.MAX_VALUE_DEPTH + 1, 100_000])
def test_deep_nesting_is_rejected(depth):
    err, s = timed(bmi, weight=nested(depth))
    print(f"depth {depth}: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and err.field == "weight" and s < REJECT_S
    assert f"nested more than {limits.MAX_VALUE_DEPTH} deep" in str(err)
    assert_short(err)


def test_nesting_at_the_limit_is_an_ordinary_error():
    err, _ = timed(bmi, weight=nested(limits.MAX_VALUE_DEPTH))
    assert isinstance(err, InputError) and "nested" not in str(err)


@pytest.mark.parametrize("raw", [[1] * 1_000_000, {str(i): i for i in range(100_000)}, [[1] * 10] * 10], ids=["list", "dict", "nested"])
def test_too_many_items_in_a_value(raw):
    err, s = timed(bmi, weight=raw)
    print(f"value with many items: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and err.field == "weight" and s < REJECT_S
    assert f"the limit is {limits.MAX_VALUE_ITEMS}" in str(err)
    assert_short(err)


def test_long_text_value_is_rejected_and_not_echoed():
    err, s = timed(compute, "cockcroft_gault", {"sex": "x" * 1_000_000})
    print(f"1 MB option text: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and s < REJECT_S
    assert any(v.field == "sex" and f"1000000 characters; the limit is {limits.MAX_TEXT_CHARS}" in v.description for v in err.violations)
    assert_short(err)


@pytest.mark.parametrize("raw", ["9" * 41, ["9" * 41, "kg"], "1." + "0" * 39, "-" + "1" * 40, 10**40, -(10**40)], ids=range(6))
def test_numbers_with_too_many_digits(raw):
    err, s = timed(bmi, weight=raw)
    assert isinstance(err, InputError) and err.field == "weight" and s < REJECT_S
    assert f"the limit is {limits.MAX_NUMBER_CHARS}" in str(err)


def test_huge_integer_is_rejected_without_converting_it_to_text():
    err, s = timed(bmi, weight=10**1_000_000)  # str() of it raises past 4,300 digits
    print(f"million-digit integer: rejected in {s * 1e3:.2f} ms")
    assert isinstance(err, InputError) and err.field == "weight" and s < REJECT_S
    assert "digits; the limit is 40" in str(err)
    assert_short(err)


@pytest.mark.parametrize("raw", [10**1_000_000, ["9" * 30, "kg"], 2**60], ids=["million-digit", "30-digit text", "2**60"])
def test_huge_numbers_in_flags_and_choices_are_plain_errors(raw):
    err, s = timed(compute, "cockcroft_gault", {**{"age": 60, "weight": 70, "height": 170, "creatinine": 1}, "sex": raw})
    assert isinstance(err, InputError) and s < REJECT_S
    assert_short(err)


def test_numbers_at_the_limit_are_read():
    assert bmi(weight="70." + "0" * (limits.MAX_NUMBER_CHARS - 3)).value == pytest.approx(24.22, abs=0.01)
    err, _ = timed(bmi, weight=10**39)
    assert isinstance(err, InputError) and "plausible range" in str(err)


# -- finding 11: errors quote at most MAX_QUOTED_CHARS characters of the input ----------------

@pytest.mark.parametrize("raw", [["x" * 250, "kg"], "x" * 250, {"value": "y" * 250}, [1, 2, "z" * 250], [["q" * 200] * 3]])
def test_value_errors_quote_at_most_the_limit(raw):
    err, _ = timed(bmi, weight=raw)
    assert isinstance(err, InputError)
    assert_short(err)


def test_unknown_unit_of_the_longest_allowed_length_is_quoted_whole():
    unit = "q" * limits.MAX_UNIT_CHARS
    err, _ = timed(bmi, weight=[70, unit])
    assert isinstance(err, InputError) and unit in str(err)


def test_option_errors_quote_at_most_the_limit():
    err, _ = timed(compute, "glasgow_coma_scale", {"eye_response": "e" * 250, "verbal_response": "v" * 250, "motor_response": 7})
    assert isinstance(err, InputError)
    assert_short(err)


@pytest.mark.parametrize("key", ["x" * 1_000_000, "cockcroft" + "z" * 1_000_000, " ".join(["bmi"] * 300_000)], ids=["x", "prefix", "words"])
def test_unknown_calculator_with_a_huge_key(key):
    err, s = timed(get, key)
    print(f"calculator key of {len(key)} chars: {s * 1e3:.2f} ms")
    assert isinstance(err, UnknownCalculator) and s < REJECT_S
    assert len(str(err)) <= MESSAGE_CHARS
    assert f"{len(key)} characters; the limit is {limits.MAX_CALCULATOR_KEY_CHARS}" in str(err)
    assert err.suggestions == []
    _, s = timed(suggest, key)
    assert s < REJECT_S


@pytest.mark.parametrize("key", [10**1_000_000, b"x" * 1_000_000, [1] * 1_000_000, 2**70], ids=["million-digit", "bytes", "list", "2**70"])
def test_unknown_calculator_of_another_type(key):
    err, s = timed(get, key)
    assert isinstance(err, UnknownCalculator) and s < REJECT_S
    assert len(str(err)) <= MESSAGE_CHARS


def test_suggestions_still_work_for_real_typos():
    err, _ = timed(get, "cockroft_gault")
    assert err.suggestions and err.suggestions[0] == "cockcroft_gault"
    err, _ = timed(get, "x" * limits.MAX_CALCULATOR_KEY_CHARS)
    assert isinstance(err, UnknownCalculator) and "limit" not in str(err)


# -- entities as text -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["{" + "'a': 1, " * 200_000 + "}", "[" * 60_000, "{'a': " + "[" * 60_000, "x" * 10_000_000], ids=["long", "deep json", "deep literal", "10 MB"])
def test_entities_text_is_bounded(text):
    err, s = timed(parse_mapping_text, text)
    print(f"entities text of {len(text)} chars: {type(err).__name__} in {s * 1e3:.2f} ms")
    assert type(err) is ValueError and s < REJECT_S
    assert len(str(err)) <= MESSAGE_CHARS


def test_entities_text_under_the_limit_still_parses():
    text = json.dumps({f"key {i}": [i, "mg/dL"] for i in range(1000)})
    assert len(text) < limits.MAX_ENTITIES_TEXT_CHARS
    assert len(parse_mapping_text(text)) == 1000
    assert parse_mapping_text("{'Age': [60, 'years'], 'Sex': 'Male'}") == {"Age": [60, "years"], "Sex": "Male"}


def test_longest_entities_text_under_the_limit_parses_fast():
    entry = "'{:05d}': (1.5, 'mg/dL'), "  # a tuple: not JSON, so ast.literal_eval reads it
    n = (limits.MAX_ENTITIES_TEXT_CHARS - 2) // len(entry.format(0))
    text = "{" + "".join(entry.format(i) for i in range(n)) + "}"
    assert len(text) <= limits.MAX_ENTITIES_TEXT_CHARS
    out, s = timed(parse_mapping_text, text)
    print(f"Python-literal text of {len(text)} chars: {type(out).__name__} in {s * 1e3:.2f} ms")
    assert isinstance(out, dict) and len(out) == n
    assert s < PARSE_S


# -- worst cases within the limits ----------------------------------------------------------

def worst_value() -> object:
    """A value at every limit at once: depth MAX_VALUE_DEPTH, MAX_VALUE_ITEMS items, each string at its limit."""
    s = "s" * limits.MAX_TEXT_CHARS
    inner = [[[s, s]]]  # 4 items, depth 3 -> with the outer list depth 4
    return [inner, inner, inner, [s]]  # 4 + 3 * 4 = 16 items


def test_worst_case_entities_within_the_limits_parse_fast():
    entities = {f"{i:04d}" + "k" * (limits.MAX_KEY_CHARS - 4): worst_value() for i in range(limits.MAX_ENTITY_KEYS - 2)}
    entities.update(BMI)
    worst = 0.0
    for calc in list_calculators():
        out, s = timed(calc, entities)
        assert isinstance(out, (Result, CalculatorError)), out
        worst = max(worst, s)
    print(f"worst parse+compute of {limits.MAX_ENTITY_KEYS} maximal keys, over all calculators: {worst * 1e3:.2f} ms")
    assert worst < PARSE_S


def test_worst_case_values_on_every_input_are_errors_quickly():
    worst = 0.0
    for calc in list_calculators():
        entities = {inp.name: worst_value() for inp in calc.inputs}
        err, s = timed(calc, entities)
        assert isinstance(err, InputError)
        assert len(err.violations) >= 1
        for v in err.violations:
            assert len(v.description) <= MESSAGE_CHARS and not ECHO.search(v.description)
        worst = max(worst, s)
    print(f"worst parse of maximal values on every input: {worst * 1e3:.2f} ms")
    assert worst < PARSE_S


def test_many_distinct_garbage_units_of_the_longest_allowed_length():
    """Each new unit reaches pint (the cache cannot help): every one is fast."""
    worst = 0.0
    alphabet = "kgmLd/*^()-+ 0123456789.eµ²"
    for i in range(300):
        unit = "".join(alphabet[(i * 7 + j * j * 13 + j) % len(alphabet)] for j in range(limits.MAX_UNIT_CHARS))
        _, s = timed(bmi, weight=[70, unit])
        worst = max(worst, s)
    print(f"worst of 300 distinct 64-character garbage units: {worst * 1e3:.2f} ms")
    assert worst < REJECT_S


# -- fuzz: any raw value gives a Result or a CalculatorError, quickly ----------------------------

ODD_SHAPES = [[], (), {}, [[]], [None], [None, None], ["", ""], [[], "kg"], [1, 2, 3], ["a", "b", "c"], [{}, {}, {}],
              {"value": None}, {"value": []}, {"value": 1, "unit": 5}, {"unit": "kg"}, "", " ", "nan", "-", "1e999", 10**39, -0.0]


def test_every_entity_key_of_every_calculator_with_odd_shapes():
    """Deterministic companion of the fuzz test: each key (entity adapters read some by name) with
    empty, short, long and mistyped shapes."""
    bad = []
    for calc in CALCS:
        for key in sorted(calc._keys):
            for raw in ODD_SHAPES:
                out, _ = timed(calc, {key: raw, "input steroid": raw})
                if not isinstance(out, (Result, CalculatorError)):
                    bad.append((calc.id, key, raw, repr(out)))
    assert bad == []

LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.just(10**4000),  # repr-able (Python refuses str() past 4,300 digits); larger ones: tests above
    st.floats(),
    st.text(max_size=300),
    st.text(alphabet="0123456789.,eE+- ", max_size=60),
    st.sampled_from(["kg", "lb", "mg/dL", "µmol/L", "years", "10**10**10", "9^9^9", "m²", "x10^9/L", "°F", "Male", "true"]),
    st.text(alphabet="kgmLd/*^()-+ 0123456789.eµ²⁹", max_size=80),
)
VALUE = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.tuples(inner, inner),
        st.dictionaries(st.sampled_from(["value", "unit", "x"]) | st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=20,
)


@st.composite
def entities(draw):
    calc = draw(st.sampled_from(CALCS))
    keys = sorted(calc._keys)
    n = draw(st.integers(0, 8))
    out = {draw(st.sampled_from(keys) | st.text(max_size=20) | st.integers() | st.none()): draw(VALUE) for _ in range(n)}
    return calc, out


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(entities())
def test_fuzz_raw_values_give_a_result_or_a_calculator_error(case):
    calc, ents = case
    out, s = timed(calc, ents)
    assert isinstance(out, (Result, CalculatorError)), repr(out)[:500]
    if isinstance(out, Result):
        out.to_dict(explain=True)
    else:
        assert len(str(out)) <= MESSAGE_CHARS * max(1, len(getattr(out, "violations", ())))
    assert s < PARSE_S, s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="kgmLd/*^()-+ 0123456789.eEµ²⁹⁻squared", max_size=limits.MAX_UNIT_CHARS), st.sampled_from(["kg", "mg/dL", "1/min", "degC"]))
def test_fuzz_units_convert_or_raise_unit_error(unit, target):
    out, s = timed(affine, unit, target, "creatinine")
    assert isinstance(out, (tuple, UnitError)), repr(out)[:500]
    if isinstance(out, tuple):
        assert all(isinstance(x, float) for x in out)
    assert s < REJECT_S, (unit, s)
