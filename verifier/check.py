"""Check every claim of a reasoning trace and label its steps.

Pipeline: segment -> extract claims per step -> check each claim against arithmetic, units,
the patient's data, the calculator's definition and the expected answer -> label -> score.
Extraction (``extract``) is kept separate from grading (here), as in math-verify.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from clinverify.calculators import Calculator, CalculatorError, Result, get
from clinverify.calculators.model import fmt, json_value
from clinverify.calculators.units import convert
from clinverify.verifier import criteria_read, knowledge, parameters, risk, thinking
from clinverify.verifier.answer_values import agrees, as_calc_value, label_text
from clinverify.verifier.arith import EvalError, evaluate
from clinverify.verifier.claims import (
    MDY,
    NUM_RE,
    PREVIOUS,
    Claim,
    extract_claims,
    final_answer,
    parse_answer_text,
    parse_mdy,
    parse_number,
    unit_at,
)
from clinverify.verifier.formula_statements import check_statement
from clinverify.verifier.identify import identify
from clinverify.verifier.result import AnswerCheck, Check, Step, Verification
from clinverify.verifier.steps import segment
from clinverify.verifier.tolerance import MINOR_REL, close, decimals_of, operand_precision, rounding_slip, truncated
from clinverify.verifier.trace_scores import DEFAULT_WEIGHTS, RewardWeights, score_trace

MAX_TRACE_CHARS = 200_000


class TraceTooLarge(ValueError):
    pass


class _Context:
    """What the trace is checked against (built once per trace)."""

    __slots__ = ("calc", "truth", "inputs", "note", "known", "constants", "criteria", "stated", "trace", "_seen", "_seen_to", "_note_numbers", "results", "reported", "think_end",
                 "version", "version_constants")

    def __init__(self, calc: Calculator | None, truth: Result | None, inputs: Mapping[str, Any] | None, note: str | None):
        self.calc = calc
        self.truth = truth
        self.inputs = inputs
        self.note = note or ""
        self.constants = knowledge.constants(calc) if calc else frozenset()
        self.criteria = knowledge.criteria(calc) if calc else ()
        # Values with the required quantity each one establishes (for completeness).
        self.known: list[tuple[float, str]] = []
        if truth is not None:
            for k, v in truth.intermediates.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    self.known.append((float(v), k))
            if isinstance(truth.value, (int, float)):
                self.known.append((float(truth.value), "result"))
        if inputs:
            for k, v in inputs.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    self.known.append((float(v), k))
        self.stated: list[float] = []  # values the trace has stated so far
        # Every number written before the current claim (trace so far, and the note): a number
        # restated from there is a value being used, not a coefficient of the formula.
        # Numbers written before a claim (in the trace so far, and in the note), read lazily:
        # only the coefficient check needs them.
        self.trace = ""
        self._seen: set[float] | None = None
        self._seen_to = 0
        self._note_numbers: frozenset[float] | None = None
        # Values the trace computed, by the name it gave them ("MAP = ... = 85.3"): a later
        # restatement under the same name must agree ("the MAP is 85.3 mmHg").
        self.results: dict[frozenset[str], tuple[float, int | None]] = {}
        self.reported: set[str] = set()  # wrong rules already reported (once per trace)
        self.think_end = -1  # end of the last thinking region: the trace before it is the model's thinking
        self.version = None  # another version of the equation the trace follows (statements.Version)
        self.version_constants: frozenset[float] = frozenset()

    @property
    def note_numbers(self) -> frozenset[float]:
        if self._note_numbers is None:
            self._note_numbers = frozenset(_numbers(self.note)) if self.note else frozenset()
        return self._note_numbers

    def seen_before(self, pos: int) -> set[float]:
        """Numbers of the note and of the trace before ``pos`` (claims are checked in order)."""
        if self._seen is None:
            # From the note, only numbers specific enough to be recognised (1.14, 153.3): a
            # short one (0.7) is as likely a changed coefficient as a patient value.
            self._seen = {v for v in self.note_numbers if len(f"{v:g}".replace(".", "").lstrip("0")) >= 3}
        if pos > self._seen_to:
            self._seen.update(_numbers(self.trace[self._seen_to : pos]))
            self._seen_to = pos
        return self._seen

    def quantity_of(self, value: float, decimals: int | None) -> str | None:
        for v, name in self.known:
            if close(value, v, decimals):
                return name
        return None


def _numbers(text: str) -> list[float]:
    out = []
    for m in NUM_RE.finditer(text):
        try:
            out.append(abs(parse_number(m.group())))
        except ValueError:
            continue
    return out


def _truth(calc: Calculator | None, entities: Mapping[str, Any] | None) -> tuple[Result | None, dict | None]:
    if calc is None or not entities:
        return None, None
    try:
        inputs = calc.parse(entities)
        return calc.compute(inputs), inputs
    except CalculatorError:
        return None, None


def verify(
    trace: str,
    calculator: str | int | Calculator | None = None,
    patient_note: str | None = None,
    entities: Mapping[str, Any] | None = None,
    reference: Any = None,
    question: str | None = None,
    answer: Any = None,
    id: Any = None,
    weights: RewardWeights = DEFAULT_WEIGHTS,
    max_chars: int = MAX_TRACE_CHARS,
) -> Verification:
    """Verify a reasoning trace; see INTERFACES.md for the output object (``.to_dict()``).

    Traces longer than ``max_chars`` raise TraceTooLarge; every stage is linear or bounded in the
    trace length (a 200,000-character adversarial trace verifies in about 2 s).
    """
    if not isinstance(trace, str):
        raise TypeError("trace must be a string")
    if len(trace) > max_chars:
        raise TraceTooLarge(f"trace has {len(trace)} characters; the limit is {max_chars}")
    calc = None
    if calculator is not None:
        try:
            calc = get(calculator)
        except CalculatorError:
            calc = None
    if calc is None:
        calc = identify(question) or identify(trace[:1500])
    truth, inputs = _truth(calc, entities)
    ctx = _Context(calc, truth, inputs, patient_note)
    ctx.trace = trace
    spans = thinking.regions(trace)
    ctx.think_end = spans[-1][1] if spans else -1  # the trace before it is the model's thinking

    steps = [Step(s.index, s.start, s.end, s.text) for s in segment(trace)]
    all_claims: list[Claim] = []
    for step in steps:
        claims = extract_claims(step.text, step.start)
        all_claims += claims
        for claim in claims:
            check = _check_claim(claim, ctx)
            if check is not None:
                step.checks.append(check)
        if ctx.criteria:
            mentions = criteria_read.read(step.text, step.start)
            for mention in mentions:
                v = criteria_read.check(mention, ctx.calc, ctx.truth.intermediates if ctx.truth else None, ctx.inputs)
                if v is not None:
                    step.checks.append(Check("criterion", v.ok, v.detail, mention.start, mention.end, v.key))
            step.checks.extend(_points_consistency(mentions, claims, trace))
        _check_parameters(step, ctx, trace, question)
        st = check_statement(step.text, calc.id if calc is not None else None)
        if st is not None and not st.ok and ctx.version is not None and _uses_version(step.text, ctx):
            st = None  # the version the trace follows, judged where it first appeared
        if st is not None and (st.ok or not any(c.convention for c in step.checks)):
            step.checks.append(Check("formula", st.ok, st.detail, step.start + st.start, step.start + st.end, "formula" if st.ok else None))

    own = _OwnValues(trace, calc, all_claims)
    if calc is not None and parameters.declared(calc, "PARAMETERS"):
        _check_stated_parameters(steps, ctx, own)
    ans = _check_answer(trace, answer, reference, calc, ctx, steps, own)
    _attribute(ans, own, calc, steps, all_claims)
    thinking.review(steps, trace, spans, ans.value if isinstance(ans.value, (int, float)) else None, ans.correct)
    required = None
    if calc is not None and truth is not None:
        required = {k for _, k in ctx.known}
    scores = score_trace(steps, ans.correct, required, ans.value is not None, weights)
    scores["risk"] = risk.risk(steps, ans)
    return Verification(id, calc.id if calc else None, steps, ans, scores)


# ---------------------------------------------------------------------------
# stated parameters, equation versions, per-item factors
# ---------------------------------------------------------------------------


def _check_parameters(step: Step, ctx: _Context, trace: str, question: str | None) -> None:
    calc = ctx.calc
    if calc is None:
        return
    text = step.text
    if ctx.version is None and parameters.may_name_version(text, calc):
        found = parameters.version_in(text, calc, ctx.constants, ctx.note_numbers)
        if found is not None:
            ver, a, b, lit = found
            ctx.version = ver
            ctx.version_constants = frozenset(ver.constants)
            if parameters.question_names_own(ver, question):
                detail = f"{lit} is a constant of {ver.name}: {ver.note}; the question asks for the calculator's own version"
                step.checks.append(Check("formula", False, detail, step.start + a, step.start + b))
            else:
                step.checks.append(Check("formula", True, f"follows {ver.name}: {ver.note}", step.start + a, step.start + b, None, ver.name))
    for start, end, ok, detail in (*parameters.read_rates(text, step.start, calc), *parameters.read_equivalences(text, step.start, calc)):
        if not ok and detail in ctx.reported:
            continue  # the same wrong rule, already reported where the trace first states it
        ctx.reported.add(detail)
        step.checks.append(Check("formula", ok, detail, start, end))
    for start, end, name, value, unit, factors in parameters.read_factors(text, step.start, calc):
        ok, detail, conv = parameters.check_factor(name, value, unit, factors)
        step.checks.append(Check("formula", ok, detail, start, end, None, conv))
def _uses_version(text: str, ctx: _Context) -> bool:
    """Does the step write a constant of the equation version the trace was found to follow?"""
    for m in NUM_RE.finditer(text):
        try:
            v = abs(parse_number(m.group()))
        except ValueError:
            continue
        if v not in (0.0, 1.0) and any(close(v, abs(c), None, rel=1e-6) for c in ctx.version_constants):
            return True
    return False


def _check_stated_parameters(steps: list[Step], ctx: _Context, own: _OwnValues) -> None:
    """Stated parameters ("κ = 0.7", "TBW fraction 0.5") against the intermediates for this
    patient: from the patient's data, else from the trace's own values (age, sex, ...)."""
    if ctx.truth is not None:
        inter, inputs, whose = ctx.truth.intermediates, ctx.inputs, "for this patient"
    else:
        inter, inputs = own.intermediates()
        whose = "for the trace's own values"
    if not inter:
        return
    for step in steps:
        for s in parameters.read_parameters(step.text, step.start, ctx.calc):
            if any(close(abs(s.value), abs(c), None) for c in ctx.version_constants):
                continue  # a constant of the version already reported at its first use
            if parameters.for_another_group(step.text, s.start - step.start, inputs):
                continue  # "For males, κ = 0.9" for a woman: the rule for another group
            r = parameters.check_parameter(s, inter, whose, inputs, s.conventions)
            if r is not None:
                step.checks.append(Check("formula", r[0], r[1], s.start, s.end, r[2] if r[0] else None, r[3]))


# ---------------------------------------------------------------------------
# claims
# ---------------------------------------------------------------------------


def _check_claim(claim: Claim, ctx: _Context) -> Check | None:
    kind = claim.kind
    if kind == "arithmetic":
        return _check_arithmetic(claim, ctx)
    if kind == "conversion":
        return _check_conversion(claim, ctx)
    if kind == "quantity":
        return _check_quantity(claim, ctx)
    if kind == "date":
        return _check_date(claim, ctx)
    return None  # points: read and checked by criteria_read, per step


def _check_date(claim: Claim, ctx: _Context) -> Check | None:
    start = _last_date(ctx.trace, claim.start) if claim.expr == PREVIOUS else parse_mdy(claim.expr)
    if start is None:
        return None
    try:
        want = start + dt.timedelta(days=int(claim.value))
    except OverflowError:
        return None
    days = int(claim.value)
    shown = f"{start:%m/%d/%Y} {'-' if days < 0 else '+'} {abs(days)} days = {want:%m/%d/%Y}"
    ok = parse_mdy(claim.value_text) == want
    return Check("arithmetic", ok, shown + ("" if ok else f", not {claim.value_text}"), claim.start, claim.end)


def _last_date(trace: str, pos: int) -> dt.date | None:
    """The last valid MM/DD/YYYY date written before ``pos`` (within 2,000 characters)."""
    for m in reversed(list(MDY.finditer(trace, max(0, pos - 2000), pos))):
        d = parse_mdy(m.group())
        if d is not None:
            return d
    return None


def _check_arithmetic(claim: Claim, ctx: _Context) -> Check | None:
    expr = claim.expr
    if PREVIOUS in expr:  # "raising this to the power of ...": the value written last
        if not ctx.stated:
            return None
        expr = expr.replace(PREVIOUS, f"({ctx.stated[-1]!r})")
        claim.expr = expr
    try:
        truth = evaluate(expr)
    except EvalError:
        return None  # not arithmetic we can read: no claim
    stated = claim.value
    d = claim.decimals
    where = (claim.start, claim.end)
    ctx.stated.append(stated)  # right or wrong, a value the trace has now written
    key = _result_key(claim.context)
    if key is not None:
        ctx.results[key] = (truth, d)
    formula = _check_constants(claim, ctx)
    if formula is not None:
        return formula
    if close(stated, truth, d):
        return Check("arithmetic", True, f"{claim.expr} = {fmt(truth, 4)}", *where, ctx.quantity_of(stated, d))
    band = operand_precision(claim.expr, truth, ctx.stated[:-1])
    half = 0.5 * 10.0 ** -d if d is not None else 0.0
    if band is not None and abs(stated - truth) <= band + half:
        # Within what the operands' written precision allows (rounded intermediates carried on).
        return Check("arithmetic", True, f"{claim.expr} = {fmt(truth, 4)} (within the precision of its operands)", *where,
                     ctx.quantity_of(stated, d))
    if (d is not None and rounding_slip(stated, truth, d)) or truncated(stated, truth, d):
        return Check("rounding", False, f"{claim.expr} = {fmt(truth, 4)}, which rounds to {truth:.{d or 0}f}, not {claim.value_text}", *where,
                     severity="minor")
    if abs(stated - truth) <= MINOR_REL * abs(truth) + half:
        return Check("arithmetic", False, f"{claim.expr} = {fmt(truth, 4)}, not {claim.value_text} (a last-digit slip)", *where, severity="minor")
    return Check("arithmetic", False, f"{claim.expr} = {fmt(truth, 4)}, not {claim.value_text}", *where)


def _check_constants(claim: Claim, ctx: _Context) -> Check | None:
    """A literal in the expression that resembles one of the formula's constants but is not it,
    and is not a patient value or an earlier result: a wrong coefficient or exponent."""
    # Equations only: a score's numbers are thresholds and points, not coefficients.
    if not ctx.constants or not claim.literals or ctx.criteria or len(claim.literals) < 2:
        return None
    if not ctx.note and ctx.inputs is None:
        return None  # the patient's values are unknown: a number may be one of them
    for lit, text in claim.literals:
        if lit in ctx.constants or lit == 0 or float(lit).is_integer():
            continue
        near = [c for c in ctx.constants if c != 0 and (c > 0) == (lit > 0) and 0.8 <= lit / c <= 1.25 and not float(c).is_integer()]
        if not near:
            continue  # resembles no constant of the formula (the usual case: decided cheaply)
        d = decimals_of(text)
        if any(close(lit, c, d) for c in ctx.constants) or any(close(abs(lit), abs(c), d) for c in ctx.version_constants):
            continue  # the formula's own constant, or one of the version already reported
        if knowledge.is_unit_factor(abs(lit), d) or any(close(abs(lit), v, d) for v in ctx.seen_before(claim.start)):
            continue  # a unit factor ("/ 2.54"), or a number the trace or the note already wrote
        if (ctx.inputs is None and text in ctx.note) or any(close(lit, v, d) for v, _ in ctx.known) or any(close(lit, v, d) for v in ctx.stated):
            continue
        c = min(near, key=lambda c: abs(lit - c))
        return Check("formula", False, f"{text} is not a coefficient of {ctx.calc.name}; expected {fmt(c, 4)}", claim.start, claim.end)
    return None


def _analyte_for(ctx: _Context, name: str | None) -> str | None:
    if ctx.calc is None or not name:
        return None
    inp = knowledge.input_for(ctx.calc, name)
    if inp is None:
        return None
    return getattr(ctx.calc.input(inp), "analyte", None)


def _check_conversion(claim: Claim, ctx: _Context) -> Check | None:
    if not claim.unit or not claim.rhs_unit or claim.rhs_value is None:
        return None
    analyte = _analyte_for(ctx, claim.name) or knowledge.analyte_named(claim.name)
    try:
        truth = convert(claim.value, claim.unit, claim.rhs_unit, analyte)
    except (CalculatorError, ValueError, ZeroDivisionError):
        return None  # not a conversion between compatible units (e.g. kg -> kg/m²): no claim
    d = claim.rhs_decimals
    q = ctx.quantity_of(claim.rhs_value, d)
    if close(claim.rhs_value, truth, d, rel=0.01):
        ctx.stated.append(claim.rhs_value)
        return Check("unit_conversion", True, f"{fmt(claim.value)} {claim.unit} = {fmt(truth, 4)} {claim.rhs_unit}", claim.start, claim.end, q)
    return Check("unit_conversion", False, f"{fmt(claim.value)} {claim.unit} = {fmt(truth, 4)} {claim.rhs_unit}, not {fmt(claim.rhs_value, 4)}", claim.start, claim.end)


def _check_quantity(claim: Claim, ctx: _Context) -> Check | None:
    """A patient value: does it match the entities (unit-aware) or, failing that, the note?"""
    if ctx.calc is None or claim.value is None:
        return None
    name = knowledge.input_for(ctx.calc, claim.name)
    if name is None:
        return _check_restated(claim, ctx)
    inp = ctx.calc.input(name)
    if inp.kind != "number":
        return None  # "the gender coefficient is 1" names a parameter, not the sex input
    ctx.stated.append(claim.value)
    if ctx.inputs is not None and isinstance(ctx.inputs.get(name), (int, float)) and hasattr(inp, "unit"):
        want = float(ctx.inputs[name])
        try:
            got = convert(claim.value, claim.unit, inp.unit, inp.analyte) if claim.unit and claim.unit != inp.unit else claim.value
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
        d = claim.decimals
        # A value converted from another unit is compared more loosely: entities are often
        # rounded conversions of what the note wrote (190.2 µmol/L recorded as 2.1 mg/dL).
        rel = 0.02 if not claim.unit or claim.unit == inp.unit else 0.03
        if close(got, want, None, rel=rel) or close(claim.value, want, d):
            return Check("extraction", True, f"{name} {fmt(claim.value)} {claim.unit or ''}".rstrip() + " matches the patient data", claim.start, claim.end, name)
        if _note_states(ctx.note, claim):
            # Copied from the note, under the same name: not a misreading, though not the value
            # the patient data uses (a second measurement, or the data differs from the note).
            shown = f"{claim.value_text} {claim.unit or ''}".rstrip()
            return Check("extraction", True, f"the note states {claim.name} {shown}; the patient data used for the answer has {name} {fmt(want)} {inp.unit}", claim.start, claim.end)
        return Check(
            "extraction",
            False,
            f"{name} is {fmt(want)} {inp.unit} in the patient data, not {fmt(claim.value)} {claim.unit or ''}".rstrip(),
            claim.start,
            claim.end,
        )
    if ctx.note:
        if claim.value_text and claim.value_text in ctx.note:
            return Check("extraction", True, f"{name} {claim.value_text} appears in the note", claim.start, claim.end, name)
        given = _note_values(ctx.note, claim, inp) if inp.kind == "number" else []
        if given:
            shown = ", ".join(f"{fmt(v)} {u or ''}".rstrip() for v, u, _ in given[:3])
            if any(ok for _, _, ok in given):
                return Check("extraction", True, f"{name} {claim.value_text} {claim.unit or ''}".rstrip() + f" agrees with the note ({shown})",
                             claim.start, claim.end, name)
            return Check("extraction", False, f"the note gives {claim.name} as {shown}, not {claim.value_text} {claim.unit or ''}".rstrip(),
                         claim.start, claim.end)
        return Check("extraction", None, f"{name} {claim.value_text} not found in the note", claim.start, claim.end)
    return None


def _note_values(note: str, claim: Claim, inp) -> list[tuple[float, str | None, bool]]:
    """Values the note writes right after a word that names the input ("creatinine of 1.4 mg/dL"),
    each with whether it agrees with the claim (converted to the claim's unit when needed)."""
    analyte = getattr(inp, "analyte", None)
    vocab = set(_NAME_WORD.findall(" ".join((inp.name.replace("_", " "), *inp.aliases)).lower()))
    words = (set(_NAME_WORD.findall((claim.name or "").lower())) & vocab) - _GENERIC_WORDS - _NOT_NAMES
    if not words:
        return []
    low = note.lower()
    out = []
    for w in words:
        i = low.find(w)
        while i != -1 and len(out) < 12:
            j = i + len(w)
            if (i == 0 or not low[i - 1].isalpha()) and (j >= len(low) or not low[j].isalpha()):
                m = NUM_RE.search(note, j, j + 40)
                if m is not None and not any(ch in note[j : m.start()] for ch in ".;\n"):
                    try:
                        v = parse_number(m.group())
                    except ValueError:
                        v = None
                    if v is not None:
                        unit, _ = unit_at(note, m.end())
                        agrees = _agrees(claim, v, unit, analyte)
                        if agrees is not None:
                            out.append((v, unit, agrees))
            i = low.find(w, j)
    return out


_NOT_NAMES = frozenset("patient patient's his her their was is are the and with has had normal range reference".split())


def _agrees(claim: Claim, v: float, unit: str | None, analyte: str | None) -> bool | None:
    """Whether the note's value agrees with the claim; None when their units cannot be compared
    (another quantity: a clearance in mL/min beside a creatinine in mg/dL)."""
    want = v
    if unit and claim.unit and unit.lower() != claim.unit.lower():
        try:
            want = convert(v, unit, claim.unit, analyte)
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
    return close(claim.value, want, claim.decimals, rel=0.03)


_RESULT_GENERIC = frozenset(
    "the patient patient's his her value values calculated computed final result so then thus therefore hence we get gives "
    "this that which is was of and a an step plug plugging in into formula equation using use".split()
)


def _result_key(context: str | None) -> frozenset[str] | None:
    """The name a computed value is given just before its expression ("MAP = ...", "the anion gap is ...")."""
    if not context:
        return None
    tail = context[-60:].rstrip()
    if tail.endswith(("=", "≈", ":")):
        tail = tail[:-1]
    elif tail.endswith((" is", " of")):
        tail = tail[:-3]
    else:
        return None
    # The name: the words back to the previous clause boundary.
    for sep in (". ", ";", ",", ":", "=", "("):
        i = tail.rfind(sep)
        if i != -1:
            tail = tail[i + len(sep) :]
    words = frozenset(w for w in _NAME_WORD.findall(tail.lower()) if w not in _RESULT_GENERIC)
    return words if 0 < len(words) <= 4 else None


def _check_restated(claim: Claim, ctx: _Context) -> Check | None:
    """A value restated under the name the trace gave it when computing it must agree with it."""
    if claim.start < ctx.think_end:
        return None  # thinking restates guesses and revised values: its corrections are read elsewhere
    key = _result_key((claim.name or "") + " =")
    found = ctx.results.get(key) if key is not None else None
    if found is None:
        return None
    value, d = found
    if close(claim.value, value, claim.decimals, rel=0.01) or (d is not None and close(claim.value, value, d)):
        return Check("arithmetic", True, f"{' '.join(sorted(key))} restated as computed ({fmt(value, 4)})", claim.start, claim.end)
    return Check("arithmetic", False, f"restated as {claim.value_text}, but the trace computed {fmt(value, 4)} for it", claim.start, claim.end)


_NAME_WORD = re.compile(r"[a-z]{3,}")
_GENERIC_WORDS = frozenset("the patient patient's was were is are his her level value serum plasma blood concentration count total".split())


def _note_states(note: str, claim: Claim) -> bool:
    """Does the note write this number (with this unit, if any) right after a word of the claim's
    name ("creatinine of 158.21 µmol/L")?"""
    if not note or not claim.value_text or claim.value_text not in note:
        return False
    words = set(_NAME_WORD.findall((claim.name or "").lower())) - _GENERIC_WORDS
    if not words:
        return False
    unit = (claim.unit or "").lower()
    i = note.find(claim.value_text)
    while i != -1:
        j = i + len(claim.value_text)
        before_ok = i == 0 or not (note[i - 1].isdigit() or note[i - 1] == ".")
        after = note[j : j + 12].lstrip().lower()
        after_ok = (j == len(note) or not note[j].isdigit()) and (not unit or after.startswith(unit))
        named = set(_NAME_WORD.findall(note[max(0, i - 60) : i].lower())) | set(_NAME_WORD.findall(note[j : j + 24].lower()))
        if before_ok and after_ok and words & named:
            return True  # "creatinine of 1.4 mg/dL" or "569 mg/dL glucose"
        i = note.find(claim.value_text, i + 1)
    return False


_RUNNING_ADD = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\+\s*(-?\d+(?:\.\d+)?)\s*$")
_KEEPING = re.compile(r"\bkeep(?:ing|s)?\b[^.]*\b(?:total|score)\b", re.I)


def _points_consistency(mentions: list, claims: list[Claim], trace: str) -> list[Check]:
    """Points said to be added must be what the running total adds ("add 2 points ... 4 + 3 = 7"
    contradicts itself), and a total that is "kept" adds nothing."""
    out = []
    if not mentions:
        return out
    adds = [c for c in claims if c.kind == "arithmetic" and c.expr and _RUNNING_ADD.match(c.expr)]
    for p in mentions:
        if criteria_read.is_total(p.phrase):
            continue  # "the score is 3 points": a total, not points added
        after = [a for a in adds if a.start >= p.start]
        if after:
            added = float(_RUNNING_ADD.match(after[0].expr).group(2))
            if added != p.points:
                out.append(Check("criterion", False, f"{fmt(p.points)} points are said to be added, but the total adds {fmt(added)}", p.start, p.end))
        elif p.points:
            stop = trace.find(". ", p.end)
            if _KEEPING.search(trace, p.end, stop if stop != -1 else len(trace)):
                out.append(Check("criterion", False, f"{fmt(p.points)} points are said to be added, but the total is kept unchanged", p.start, p.end))
    return out


# ---------------------------------------------------------------------------
# final answer
# ---------------------------------------------------------------------------


class _OwnValues:
    """The calculator recomputed from the values the trace itself states (``grounding``), done
    at most once per trace and only when needed (no expected answer, or a wrong one)."""

    def __init__(self, trace: str, calc: Calculator | None, claims: list[Claim]):
        self.trace, self.calc, self.claims = trace, calc, claims
        self._done: dict[str, Any] | None = None

    def _grounded(self) -> dict[str, Any]:
        if self._done is None:
            from clinverify.verifier.grounding import grounded_answer

            self._done = grounded_answer(self.trace, self.calc, claimed=None, claims=self.claims)
        return self._done

    def intermediates(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(intermediates, parsed inputs) of the calculator on the trace's own values, when they
        are complete; (None, None) otherwise."""
        if self.calc is None or not self._grounded()["complete"]:
            return None, None
        try:
            parsed = self.calc.parse(self._done["inputs"])
            return dict(self.calc.compute(parsed).intermediates), dict(parsed)
        except (CalculatorError, ArithmeticError, ValueError, TypeError, KeyError):
            return None, None

    def get(self) -> dict[str, Any] | None:
        """The grounded answer when it is complete and assumes no criterion absent, else None."""
        if self.calc is None:
            return None
        g = self._grounded()
        if not g["complete"] or any(self.calc.input(n).kind == "flag" for n in g["assumed"]):
            return None  # a score's criteria are not read from prose: no reliable recomputation
        numbers = [i for i in self.calc.inputs if i.kind == "number"]
        if knowledge.criteria(self.calc) or not any(i.required for i in numbers):
            return None  # criteria, or only optional amounts (MME's doses): what was not read is unknown
        return g


def _expected(reference: Any, calc: Calculator | None, ctx: _Context, own: _OwnValues) -> tuple[Any, str | None, str, str]:
    """(expected value, source, lower, upper) from the reference, else the entities, else the
    calculator run on the trace's own values (INTERFACES.md: source ``trace``)."""
    if isinstance(reference, Mapping) and reference.get("answer") not in (None, ""):
        return reference["answer"], "reference", str(reference.get("lower") or ""), str(reference.get("upper") or "")
    if reference not in (None, "") and not isinstance(reference, Mapping):
        return reference, "reference", "", ""
    if ctx.truth is not None:
        return ctx.truth.json_value(), "entities", "", ""
    g = own.get()
    if g is not None:
        return g["value"], "trace", "", ""
    return None, None, "", ""


def _attribute(ans: AnswerCheck, own: _OwnValues, calc: Calculator | None, steps: list[Step], claims: list[Claim]) -> None:
    """Why a final answer is wrong, when no step before it says so: recompute the calculator from
    the values the trace itself used. Same as the expected answer -> the values were right and the
    computation was not (``formula``, flagged at the step that computed the answer); the trace's
    own answer -> formula and arithmetic held and a patient value was wrong (``extraction``)."""
    if ans.correct is not False or calc is None or ans.value is None:
        return
    answer_at = ans.span[0] if ans.span is not None else None
    # A step up to the answer (the answer's own step included) already found wrong explains it.
    for st in steps:
        if answer_at is not None and st.start > answer_at:
            break
        bad = next((c for c in st.checks if c.ok is False and c.kind != "answer"), None)
        if bad is not None:
            ans.cause = bad.kind
            ans.detail = f"step {st.index} is the first wrong step"
            return
    given = as_calc_value(calc, ans.value)
    if given is None:
        return
    # The trace computed the expected value and then answered something else.
    if ans.expected is not None and calc.output.type in ("decimal", "integer"):
        want = label_text(ans.expected)
        for c in reversed(claims):
            if c.kind == "arithmetic" and c.value is not None and (answer_at is None or c.start < answer_at) and agrees(calc, c.value, want):
                ans.cause = "answer"
                ans.detail = f"the trace computed {fmt(c.value, 3)} (the expected value) but answered {fmt(ans.value, 3)}"
                return
    g = own.get()
    if g is None:
        return
    own_label = label_text(g["value"])
    fits_own = agrees(calc, given, own_label)
    fits_expected = ans.source == "trace" or agrees(calc, as_calc_value(calc, g["value"]), label_text(ans.expected)) is True
    used = ", ".join(f"{k} {v[0]:g} {v[1]}" if isinstance(v, list) else f"{k} {v}" for k, v in g["inputs"].items())
    shown = fmt(g["value"], 3) if isinstance(g["value"], float) else own_label
    if fits_own and not fits_expected:
        ans.cause = "extraction"
        ans.detail = f"the trace's own values ({used}) give its answer by {calc.name} ({shown}): formula and arithmetic hold, a patient value differs from the expected answer's"
        return
    if fits_own is False:
        other = _other_definition(calc, g["inputs"], given)
        if other is not None:
            # The trace follows another definition the calculator offers (MedCalc-Bench's delta gap
            # AG − 12 beside Wrenn's): a convention, not a wrong formula.
            ans.cause = "formula"
            ans.detail = f"the trace's {fmt(ans.value, 3)} follows {calc.name} with {other} (a convention); the calculator's default gives {shown}"
            return
        ans.cause = "formula"
        ans.detail = f"from the trace's own values ({used}) {calc.name} gives {shown} {calc.output.unit}".rstrip() + f"; the trace's {fmt(ans.value, 3)} does not follow the calculator's formula"
        # The step that computed the answer (the last arithmetic result that matches it) applied
        # the wrong formula; when an earlier step states a formula or rule in words, the error is
        # that statement (the computation only follows it).
        for c in reversed(claims) if calc.output.type in ("decimal", "integer") else ():
            if c.kind == "arithmetic" and c.value is not None and (answer_at is None or c.start < answer_at) and agrees(calc, c.value, label_text(given)):
                step = next((s for s in steps if s.start <= c.start < s.end), None)
                if step is None:
                    break
                rule = next((s for s in steps if s.start < step.start and _RULE_STATEMENT.search(s.text)), None)
                if rule is not None:
                    rule.checks.append(Check("formula", False, ans.detail, rule.start, rule.end))
                else:
                    step.checks.append(Check("formula", False, ans.detail, c.start, c.end))
                break


def _other_definition(calc: Calculator, inputs: Mapping[str, Any], given: Any) -> str | None:
    """"name=option" of an optional choice (a definition, method or version the calculator offers)
    under which the trace's own values give its answer, or None."""
    from clinverify.calculators.inputs import Choice

    for inp in calc.inputs:
        if not isinstance(inp, Choice) or inp.required or inp.name in inputs:
            continue
        for option in inp.options:
            try:
                value = calc.compute(calc.parse({**inputs, inp.name: option})).json_value()
            except (CalculatorError, ArithmeticError, ValueError, TypeError, KeyError):
                continue
            if agrees(calc, given, label_text(value)):
                return f"{inp.name.replace('_', ' ')} {option}"
    return None


_RULE_STATEMENT = re.compile(r"\b(?:formula|equation|rule|calculated as|is given by|method)\b", re.I)


def _check_answer(trace: str, answer: Any, reference: Any, calc: Calculator | None, ctx: _Context, steps: list[Step], own: _OwnValues) -> AnswerCheck:
    found = final_answer(trace)
    out = AnswerCheck()
    if answer not in (None, ""):
        out.value = _coerce_answer(answer)
    elif found is not None:
        out.value = found.value
        out.span = (found.start, found.end)
    expected, source, lower, upper = _expected(reference, calc, ctx, own)
    out.expected = expected
    out.source = source
    if expected is None or calc is None:
        return out
    if out.value is None:
        out.correct = False  # an expected answer exists but the trace gives none
        return out
    given = as_calc_value(calc, out.value)
    if given is None:
        out.correct = False
    else:
        ok = agrees(calc, given, label_text(expected), lower, upper)
        out.correct = bool(ok) if ok is not None else None
    if out.span is not None and out.correct is not None:
        step = next((s for s in steps if s.start <= out.span[0] < s.end), None)
        if step is not None:
            shown = fmt(expected, 3) if isinstance(expected, float) else expected
            detail = f"final answer {fmt(out.value, 3)} " + ("agrees with" if out.correct else "disagrees with") + f" the expected {shown} ({source})"
            step.checks.append(Check("answer", out.correct, detail, out.span[0], out.span[1], "result" if out.correct else None))
    return out


def _coerce_answer(answer: Any) -> Any:
    if isinstance(answer, (int, float)):
        return answer
    parsed = parse_answer_text(str(answer))
    return parsed if parsed is not None else str(answer)


__all__ = ["MAX_TRACE_CHARS", "TraceTooLarge", "json_value", "verify"]
