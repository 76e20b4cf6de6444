"""Claim graders: each kind of claim the trace makes (``claims.extract_claims``) is graded
against the trace's context by one function, chosen through ``GRADERS``.

Every grader has the signature ``grader(claim, ctx) -> Check | None``: None when the claim
cannot be read as that kind after all (an expression that does not evaluate, units that do not
convert), so the step gets no check from it. A grader may record in ``ctx`` what later claims
need (values stated, results computed under a name).

Adding a claim type: a reader in ``claims``, a grader here, one row in ``GRADERS``
(docs/adding-a-claim-type.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import permutations
from typing import Any

from clinverify.calculators import Calculator, CalculatorError, Result
from clinverify.calculators.model import fmt
from clinverify.calculators.units import convert
from clinverify.verifier import criteria_read, dates, knowledge, thinking
from clinverify.verifier.arith import EvalError, evaluate, normalise
from clinverify.verifier.claims import (
    CHAIN_BEFORE,
    CHAINED_PREVIOUS,
    NUM_RE,
    NUMBER_PATTERN,
    PREVIOUS,
    TIME_UNITS,
    Claim,
    parse_number,
    spelled,
    table_header_cell,
    unit_at,
)
from clinverify.verifier.note_findings import note_flags, note_sex
from clinverify.verifier.result import Check
from clinverify.verifier.tolerance import (
    MINOR_REL,
    REL_TOL,
    arithmetic_rel,
    close,
    decimals_of,
    operand_precision,
    rounding_slip,
    stated_band,
    truncated,
    unshared_terms_off,
)


@lru_cache(maxsize=1024)
def _categorical_coefficients(calc: Calculator, choices: tuple[tuple[str, str], ...]) -> tuple[float, ...]:
    from clinverify.verifier.parameters import determined

    fixed = determined(calc, dict(choices), None)
    return tuple(v for v in fixed.values() if 0 < abs(v) < 10 and not float(v).is_integer())


class TraceContext:
    """What the trace is checked against (built once per trace)."""

    __slots__ = ("calc", "truth", "inputs", "note", "known", "constants", "criteria", "items", "item_points", "stated", "computed", "rounded", "_rounded_set", "sex", "_note_points", "trace", "question", "_seen", "_seen_to", "_note_numbers", "_coefficients", "results", "reported", "think_end",
                 "version", "version_constants", "cutoff_of", "tallies", "rewrite", "_other_units", "_derived", "_note_values")

    def __init__(self, calc: Calculator | None, truth: Result | None, inputs: Mapping[str, Any] | None, note: str | None):
        self.calc = calc
        self.truth = truth
        self.inputs = inputs
        self.note = note or ""
        self.constants = knowledge.constants(calc) if calc else frozenset()
        self.criteria = knowledge.criteria(calc) if calc else ()
        # What a trace may give points for, and each item's points for this patient (a score's
        # criteria are intermediates of its result; an equation's point tables are worked out here).
        self.items = knowledge.point_items(calc) if calc else ()
        self.item_points = truth.intermediates if truth is not None and self.criteria else _item_points(self.items, inputs)
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
        self.computed: list[float] = []  # of them, the ones it computed (results, conversions): written rounded
        # the same, with an exact result (4 − 3.7 = 0.3) as NaN: no rounded operand a later product may carry
        self.rounded: list[float] = []
        self._rounded_set: set[float] = set()
        # Every number written before the current claim (trace so far, and the note): a number
        # restated from there is a value being used, not a coefficient of the formula.
        # Numbers written before a claim (in the trace so far, and in the note), read lazily:
        # only the coefficient check needs them.
        self.trace = ""
        self.question = ""  # the question asked (its units say which form of a formula applies)
        self._seen: set[float] | None = None
        self._seen_to = 0
        self._note_numbers: frozenset[float] | None = None
        self._coefficients: list[float] | None = None
        # Values the trace computed, by the name it gave them ("MAP = ... = 85.3"): a later
        # restatement under the same name must agree ("the MAP is 85.3 mmHg").
        # (the value recomputed, the decimals written, the value written: a wrong one restated as
        # written is the same error carried on, reported where it was made).
        self.results: dict[frozenset[str], tuple[float, int | None, float]] = {}
        self.reported: set = set()  # wrong statements already reported (see ``restated``)
        self.think_end = -1  # end of the last thinking region: the trace before it is the model's thinking
        # The patient's sex, for a calculator that takes it: from the patient's data, else as the note says it.
        self.sex: str | None = None
        if _takes_sex(calc):
            given = (inputs or {}).get("sex")
            if isinstance(given, str) and given.lower() in ("male", "female"):
                self.sex = given.lower()
            elif truth is None and note:
                self.sex = note_sex(note)
        self.version = None  # another version of the equation the trace follows (statements.Version)
        self.version_constants: frozenset[float] = frozenset()
        self.cutoff_of = None  # the criterion whose cut-off the trace last stated ("Actually the threshold is >14 …")
        self._note_points: tuple[dict[str, float], dict[str, float]] | None = None
        self.rewrite: tuple[int, float, str] | None = None  # the last rewrite under a bare instruction: (end, value, expression)
        self.tallies: dict[tuple[int, int], bool] = {}  # paragraph span -> does it score the patient (pipeline._scores_patient)
        self._other_units: list[tuple[float, str, str]] | None = None  # see ``other_units``
        self._derived: Mapping[str, Any] | None = None  # see ``derived``
        self._note_values: dict[str, float] | None = None  # see ``note_values``

    def derived(self) -> Mapping[str, Any]:
        """The patient's inputs with the quantities the calculator derives from them (``DERIVE``:
        APACHE II's MAP from the blood pressures), computed once; {} without data or derivation."""
        if self._derived is None:
            derive = knowledge.declaration(self.calc, "DERIVE") if self.calc is not None and self.inputs else None
            try:
                self._derived = derive(dict(self.inputs)) if derive is not None else {}
            except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
                self._derived = {}
        return self._derived

    def note_values(self) -> dict[str, float]:
        """Without the patient's data: the numeric inputs the note gives unambiguously
        (``note_inputs``), read once per trace; {} with the data."""
        if self._note_values is None:
            self._note_values = note_inputs(self.calc, self.note) if self.truth is None and self.note else {}
        return self._note_values

    def note_points(self) -> tuple[dict[str, float], dict[str, float]]:
        """Without the patient's data: the points of each one-number criterion whose value the
        note gives unambiguously (``note_inputs``), and those values ({} with the patient's data)."""
        if self._note_points is None:
            inputs = dict(self.note_values()) if self.criteria else {}  # (a copy: the flags the note decides join it below)
            flags = note_flags(self.calc, self.note) if self.truth is None and self.criteria and self.note else {}
            if self.truth is None and self.criteria and self.note and _takes_sex(self.calc) and (sex := note_sex(self.note)) is not None:
                inputs["sex"] = sex  # "a 72-year-old woman": the sex category the note introduces the patient with
            points: dict[str, float] = {}
            for c in self.criteria:
                try:
                    if len(c.inputs) == 1 and c.inputs[0] in inputs:
                        points[c.key] = float(c.points({c.inputs[0]: inputs[c.inputs[0]]}))
                    elif (found := _decided_by_note(c, flags)) is not None:
                        points[c.key] = float(c.points(found))
                        inputs.update({n: flags[n] for n in c.inputs if n in flags})
                except (KeyError, TypeError, ValueError, ZeroDivisionError):
                    continue
            self._note_points = (points, inputs)
        return self._note_points

    @property
    def note_numbers(self) -> frozenset[float]:
        if self._note_numbers is None:
            self._note_numbers = frozenset(_numbers(self.note)) if self.note else frozenset()
        return self._note_numbers

    def data_numbers(self) -> frozenset[float]:
        """The note's numbers with the patient data's values, in the units they are commonly written in
        (creatinine 186 µmol/L for its 2.1 mg/dL): numbers a trace writes as the patient's, never as a
        formula's constant."""
        values = [float(v) for v in (self.inputs or {}).values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        values += [round(w, 6) for w, _, _ in self.other_units()]
        return self.note_numbers | frozenset(values) if values else self.note_numbers

    def coefficients(self) -> list[float]:
        """The non-integer intermediates the patient's categorical inputs fix (the sex factor 0.85,
        κ 0.7 for a woman), whatever the measured values; computed once."""
        if self._coefficients is None:
            self._coefficients = []
            if self.calc is not None and self.inputs:
                choices = tuple(sorted((k, v) for k, v in self.inputs.items() if self.calc.input(k).kind == "choice" and isinstance(v, str)))
                self._coefficients = list(_categorical_coefficients(self.calc, choices)) if choices else []
        return self._coefficients

    def other_units(self) -> list[tuple[float, str, str]]:
        """(value, input, unit): each of the patient's measured values in the other units it is
        commonly written in (creatinine 1.1 mg/dL as 97.2 µmol/L, platelets 101 ×10^9/L as 101,000
        per µL, 70 kg as 154.3 lb); computed once."""
        if self._other_units is None:
            numbers = tuple(sorted((k, float(v)) for k, v in (self.inputs or {}).items()
                                   if isinstance(v, (int, float)) and not isinstance(v, bool) and v))
            self._other_units = _other_units(self.calc, numbers) if self.calc is not None and numbers else []
        return self._other_units

    def add_rounded(self, value: float) -> None:
        """A computed value, in order (NaN for an exact result: no rounded operand)."""
        self.rounded.append(value)
        if value == value:
            self._rounded_set.add(value)

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

    def restated(self, key) -> bool:
        """Was this wrong statement (a rule, factor, formula or judgement, keyed by what makes it
        the same) already reported? Records it otherwise: a trace that repeats an error is
        flagged where it first makes it."""
        if key in self.reported:
            return True
        self.reported.add(key)
        return False

    def quantity_of(self, value: float, decimals: int | None) -> str | None:
        """The first named intermediate the value is ``close`` to (its test written inline: this
        runs for every value a trace computes)."""
        half = 0.5 * 10.0**-decimals if decimals is not None else 0.0
        for v, name in self.known:
            size = abs(v)
            if abs(value - v) <= max(1e-9 * max(1.0, size) + half, REL_TOL * size):
                return name
        return None


def _decided_by_note(c, flags: Mapping[str, bool]) -> dict[str, bool] | None:
    """A yes/no criterion's inputs as the note's findings decide them (``note_findings``): every
    input decided, or one of an any-of criterion's affirmed (the others then count as absent)."""
    if not c.inputs or c.judgement:
        return None
    if all(n in flags for n in c.inputs):
        return {n: flags[n] for n in c.inputs}
    if c.any_of and any(flags.get(n) is True for n in c.inputs):
        return {n: flags.get(n, False) for n in c.inputs}
    return None


def _numbers(text: str) -> list[float]:
    out = []
    for m in NUM_RE.finditer(text):
        try:
            out.append(abs(parse_number(m.group())))
        except ValueError:
            continue
    return out


def grade_date(claim: Claim, ctx: TraceContext) -> Check | None:
    """A date written as the result of date arithmetic (``dates.read``): the base date and its
    operations (``claim.expr``) against the date stated (``claim.value_text``, ISO)."""
    res = dates.apply(claim.expr or "")
    if res is None:
        return None
    want, shown = res
    try:
        stated = dt.date.fromisoformat(claim.value_text)
    except ValueError:
        return None
    ok = stated == want
    detail = f"{shown} = {want:%m/%d/%Y}" + ("" if ok else f", not {stated:%m/%d/%Y}")
    return Check("arithmetic", ok, detail, claim.start, claim.end)


def grade_month_length(claim: Claim, ctx: TraceContext) -> Check | None:
    """A month's length written while counting days month by month (``dates.read``: "April (30 days)",
    "February 2021 has 28 days"); a February without its year is not judged."""
    want = dates.month_length(claim.expr or "")
    if want is None or claim.value is None:
        return None
    year, _, month = (claim.expr or "").rpartition("-")
    name = dt.date(2001, int(month), 1).strftime("%B") + (f" {year}" if year else "")
    ok = claim.value == want
    return Check("arithmetic", ok, f"{name} has {want} days" + ("" if ok else f", not {claim.value_text}"), claim.start, claim.end)


def grade_days_left(claim: Claim, ctx: TraceContext) -> Check | None:
    """Days left in a countdown month by month (``dates.read``: "… 223 days left. April (30 days) →
    193 days left"): the count before less the days taken, exactly (whole days: no rounding)."""
    before, _, taken = (claim.expr or "").partition(" - ")
    if not before.isdigit() or not taken.isdigit() or claim.value is None:
        return None
    want = int(before) - int(taken)
    ok = claim.value == want
    return Check("arithmetic", ok, f"{before} − {taken} = {want} days left" + ("" if ok else f", not {claim.value_text}"), claim.start, claim.end)


_INCLUSIVE = re.compile(r"\binclusive|\binclud(?:e|es|ing)\b|\bboth\b", re.I)
INCLUSIVE_REACH = 60  # characters after a count of days searched for "inclusive", "including"


def grade_date_count(claim: Claim, ctx: TraceContext) -> Check | None:
    """Days counted between two dates (``dates.read``: "03/24 → 04/24: 31 days"): the difference, or
    one more where the count includes both ends: said so ("inclusive", "including"), or a count
    from a month's first day ("June 1 to June 30: 30 days")."""
    pair = dates.count_days(claim.expr or "")
    if pair is None or claim.value is None:
        return None
    a, b = pair
    want = (b - a).days
    both_ends = a.day == 1 or _INCLUSIVE.search(ctx.trace, claim.start, claim.end + INCLUSIVE_REACH) is not None
    ok = claim.value == want or (both_ends and claim.value == want + 1)
    detail = f"{a:%m/%d/%Y} to {b:%m/%d/%Y} is {want} days" + ("" if ok else f", not {claim.value_text}")
    return Check("arithmetic", ok, detail, claim.start, claim.end)


# A whole quotient with its remainder after it: "83 / 7 = 11 weeks remainder 6", "= 11 weeks and 6 days", "= 11 r 6".
_REMAINDER_AFTER = re.compile(r"[ \t]*(?:(?:weeks?|wks?)\b)?[ \t]*,?[ \t]*(?:remainder|rem\.?|r\b|and|with[ \t]+(?:a[ \t]+)?remainder(?:[ \t]+of)?|\+)[ \t]*(?P<r>\d{1,3})(?![\d.])", re.I)
_REMAINDER_WORKED = re.compile(r"[ \t]*[-−–][ \t]*\d{1,4}[ \t]*=[ \t]*(?P<r>\d{1,3})(?![\d.])")
_ONE_DIVISION = re.compile(r"\s*(?P<a>\d+)\s*[/÷]\s*(?P<b>\d+)\s*")


def _with_remainder(claim: Claim, ctx: TraceContext, expr: str) -> Check | None:
    """A division of whole numbers written as a whole quotient and its remainder ("83 / 7 = 11 weeks
    remainder 6"): both checked, the quotient not as a rounding of 11.86. None for any other claim."""
    d = _ONE_DIVISION.fullmatch(expr)
    if d is None or claim.decimals not in (0, None) or not claim.value_text.isdigit():
        return None
    end = _value_end(claim, ctx)
    m = _REMAINDER_AFTER.match(ctx.trace, end) if end is not None else None
    if m is None:
        return None
    a, b = int(d.group("a")), int(d.group("b"))
    if b == 0:
        return None
    q, r = divmod(a, b)
    said = m.group("r")
    if int(said) == a and (w := _REMAINDER_WORKED.match(ctx.trace, m.end())) is not None:
        said = w.group("r")  # "remainder 108 − 105 = 3": the remainder worked out after it
    ok = int(claim.value) == q and int(said) == r
    detail = f"{a} / {b} = {q} remainder {r}" + ("" if ok else f", not {claim.value_text} remainder {said}")
    return Check("arithmetic", ok, detail, claim.start, claim.end)


def grade_arithmetic(claim: Claim, ctx: TraceContext) -> Check | None:
    expr = claim.expr
    if PREVIOUS in expr:  # "raising this to the power of ...": the value written last
        if not ctx.stated:
            return None
        expr = expr.replace(PREVIOUS, f"({ctx.stated[-1]!r})")
        claim.expr = expr
    if CHAINED_PREVIOUS in expr:  # "… gives 23 kg. Adding 50 kg gives 73 kg.": the result the sentence before ended with
        before = CHAIN_BEFORE.search(ctx.trace, max(0, claim.start - 60), claim.start)
        if before is None:
            return None
        expr = expr.replace(CHAINED_PREVIOUS, f"({before.group(1)})")
        claim.expr = expr
        claim.literals = [(parse_number(before.group(1)), before.group(1)), *claim.literals]
    try:
        truth = evaluate(expr)
    except EvalError:
        return None  # not arithmetic we can read: no claim
    stated = claim.value
    d = claim.decimals
    where = (claim.start, claim.end)
    ctx.stated.append(stated)  # right or wrong, a value the trace has now written
    ctx.computed.append(stated)
    exact = abs(stated - truth) <= 1e-9 * max(1.0, abs(truth)) and not any(lit in ctx._rounded_set for lit, _ in claim.literals)
    ctx.add_rounded(math.nan if exact else stated)
    key = result_key(claim.context)
    if key is not None:
        ctx.results[key] = (truth, d, stated)
    formula = _check_constants(claim, ctx)
    if formula is not None:
        return formula
    division = _with_remainder(claim, ctx, expr)
    if division is not None:
        return division
    rel = arithmetic_rel(expr, truth)
    # (a stated side that is a sum sharing an addend with this one: the other terms must agree on their own)
    shared_off = d is None and _OPERATOR_IN.search(claim.value_text, 1) is not None and unshared_terms_off(expr, claim.value_text)
    if ((close(stated, truth, d, rel) or (d is None and abs(stated - truth) <= stated_band(claim.value_text, stated) + rel * abs(truth)))
            and not (len(claim.value_text) >= 5 and _past_its_digits(claim, truth, ctx)) and not shared_off):
        return Check("arithmetic", True, f"{claim.expr} = {fmt(truth, 4)}", *where, ctx.quantity_of(stated, d))
    band = operand_precision(claim.expr, truth, ctx.rounded[:-1] + _unsourced(claim, ctx))  # patient values and exact results are exact as written
    half = 0.5 * 10.0 ** -d if d is not None else 0.0
    if band is not None and abs(stated - truth) <= band + half and not shared_off:
        # Within what the operands' written precision allows (rounded intermediates carried on).
        return Check("arithmetic", True, f"{claim.expr} = {fmt(truth, 4)} (within the precision of its operands)", *where,
                     ctx.quantity_of(stated, d))
    if claim.start < ctx.think_end and abs(stated - truth) <= MINOR_REL * abs(truth) + half and not thinking.taken_back_at_once(ctx.trace, claim.end):
        # Thinking out loud: "27^-0.203 ≈ 0.514", "0.71^3 = 0.357" are estimates on the way, not
        # claims to the last digit (an explanation is held to its digits; a slip larger than
        # half a percent is flagged wherever it is). One the trace takes back at once ("72 times
        # 1.4 is 100.4 — wait, no") was no estimate: a slip, which it corrects.
        return Check("arithmetic", True, f"{claim.expr} = {fmt(truth, 4)} (≈ {claim.value_text} as an estimate)", *where, ctx.quantity_of(stated, d))
    exact = d is not None and d <= 8 and abs(truth * 10.0**d - round(truth * 10.0**d)) <= 1e-9 * max(1.0, abs(truth * 10.0**d))
    if not exact and ((d is not None and rounding_slip(stated, truth, d)) or truncated(stated, truth, d)):
        # (a result already at the written decimals needs no rounding: "0 + 1 + 1 = 3" is a wrong sum)
        return Check("rounding", False, f"{claim.expr} = {fmt(truth, 4)}, which rounds to {truth:.{d or 0}f}, not {claim.value_text}", *where,
                     severity="minor")
    if abs(stated - truth) <= MINOR_REL * abs(truth) + half:
        # Wrong, but by less than half a percent of the result: it changes no answer.
        return Check("arithmetic", False, f"{claim.expr} = {fmt(truth, 4)}, not {claim.value_text} (a slip too small to change the result)", *where,
                     severity="minor")
    return Check("arithmetic", False, f"{claim.expr} = {fmt(truth, 4)}, not {claim.value_text}", *where)


_OPERATOR_IN = re.compile(r"[-+−–]")  # (past the first character: a sign is no sum)


def _unsourced(claim: Claim, ctx: TraceContext) -> list[float]:
    """Operands written to three decimals or more that are no patient value, constant or earlier
    result: intermediates written rounded inside a chain ("1.8 × (0.9286 − 1) = 1.8 × (−0.0714)")."""
    return [abs(lit) for lit, text in claim.literals if decimals_of(text) >= 3 and lit not in ctx.constants  # (operands are read unsigned)
            and len(text.lstrip("-−+0.").replace(".", "")) >= 3 and not knowledge.is_unit_factor(abs(lit), decimals_of(text))  # not "× 0.001"
            and not any(abs(abs(lit) - abs(c)) <= 1e-9 for c in ctx.version_constants)
            and not any(abs(abs(lit) - abs(v)) <= 1e-9 * max(1.0, abs(v)) for v, _ in ctx.known)
            and not any(abs(abs(lit) - abs(v)) <= 1e-9 * max(1.0, abs(v)) for v in ctx.computed[:-1])]


def _past_its_digits(claim: Claim, truth: float, ctx: TraceContext) -> bool:
    """A result written to five or more significant digits ("101000 × 10.198 = 1,030,798") claims
    that precision: off by more than its last digit and its rounded operands allow, it is not
    within the relative tolerance that covers results written rounded."""
    if len(claim.value_text) < 5 or claim.decimals is None or sum(ch.isdigit() for ch in claim.value_text.lstrip("-−0.,")) < 5:
        return False
    off = abs(claim.value - truth) - 0.5 * 10.0 ** -claim.decimals - 1e-4 * abs(truth)
    return off > 0 and off > (operand_precision(claim.expr, truth, ctx.rounded[:-1]) or 0.0)  # (the band only when needed)


@lru_cache(maxsize=4096)  # one patient's traces (best-of-n, repeated passes) share it
def _other_units(calc: Calculator, numbers: tuple[tuple[str, float], ...]) -> list[tuple[float, str, str]]:
    out = []
    for name, v in numbers:
        inp = calc.input(name)
        if inp.kind != "number":
            continue
        for unit in _OTHER_UNITS.get(inp.unit, ()):
            try:
                w = convert(v, inp.unit, unit, inp.analyte)
            except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
                continue
            if not close(w, v, None, rel=0.05):
                out.append((w, name, unit))
    return out


# The other units a calculator's input is commonly written in (``TraceContext.other_units``).
_OTHER_UNITS = {
    "mg/dL": ("µmol/L", "mmol/L"), "g/dL": ("g/L",), "mmol/L": ("mg/dL",), "µmol/L": ("mg/dL",),
    "1/nL": ("/µL",), "10^9/L": ("/µL",), "kg": ("lb", "g"), "cm": ("in", "m"), "degC": ("°F",),
    "uIU/mL": ("pmol/L",),  # insulin (6 pmol/L per µIU/mL)
}


def unconverted_input(claims, ctx: TraceContext) -> tuple[Claim, str, str] | None:
    """(claim, input, detail) where the trace put one of the patient's values into the formula in another
    unit than the calculator's: some claim comes to the calculator's result computed with that
    number as if it were in the calculator's unit (creatinine 97 µmol/L in Cockcroft-Gault's mg/dL
    place; platelets 101,000 per µL for 101 ×10^9/L in FIB-4), and the claim reported is the first
    arithmetic that takes the number as an operand (where the value went in unconverted). Only with
    the patient's data, for equations; None otherwise."""
    if ctx.truth is None or ctx.criteria or not isinstance(ctx.truth.value, (int, float)):
        return None
    arithmetic = [c for c in claims if c.kind == "arithmetic" and c.literals]
    others = ctx.other_units() if arithmetic else ()
    if not others:
        return None
    operands = [lit for c in arithmetic for lit, _ in c.literals]
    values = None
    for w, name, unit in others:
        if not any(abs(lit - w) <= max(0.5, 0.003 * abs(w)) for lit in operands):
            continue  # the value in that unit is no operand anywhere (the usual case: decided cheaply, before computing)
        if values is None:
            values = [c for c in claims if c.kind in ("arithmetic", "quantity", "restatement") and isinstance(c.value, (int, float))]
        try:
            wrong, _ = ctx.calc.compute_fn(**dict(ctx.inputs, **{name: w}))
        except (CalculatorError, ValueError, ZeroDivisionError, KeyError, TypeError, OverflowError):
            continue
        if not isinstance(wrong, (int, float)) or close(wrong, float(ctx.truth.value), None, rel=0.05):
            continue
        reached = next((c for c in values if close(c.value, wrong, c.decimals, rel=0.02)), None)
        if reached is None:
            continue
        right = float(ctx.inputs[name])
        used = next((c for c in claims if c.kind == "arithmetic" and c.start <= reached.start
                     and any(close(lit, w, decimals_of(text), rel=0.003) for lit, text in c.literals)
                     and not close(c.value, right, None, rel=0.03)  # "166 lb × 0.4536 = 75.3 kg": converted, not used
                     and _leads_to(claims, c, reached)), None)
        if used is None:
            continue
        text = next(t for lit, t in used.literals if close(lit, w, decimals_of(t), rel=0.003))
        inp = ctx.calc.input(name)
        return used, name, f"{ctx.calc.name} takes {name.replace('_', ' ')} in {inp.unit} ({fmt(ctx.inputs[name])}), not in {unit} ({text})"
    return None


# A LaTeX formula's end or text command between a value and its unit: "12.40 \) mg/dL", "1.64 \text{ mg/dL}".
_MATH_CLOSE = re.compile(r" {0,2}(?:(?:\\[)\]]|\$\$?) {0,2})?(?:\\(?:text|mathrm)\{ {0,2})?")
_ONE_SCALING = re.compile(r"[^*/×÷·+\-−–]*[*/×÷·][^*/×÷·+\-−–]*")  # one product or quotient: "70 / 88.4", "1.2 × 88.4"


def _value_end(c: Claim, ctx: TraceContext) -> int | None:
    """Where the claim's value as written ends in the trace (the claim's span may take a unit after it)."""
    at = ctx.trace.rfind(c.value_text, c.start, c.end + len(c.value_text)) if c.value_text else -1
    return None if at < 0 else at + len(c.value_text)


def _unit_after_value(c: Claim, ctx: TraceContext) -> str | None:
    """The unit written after the claim's value, past a LaTeX formula's end or text command ("12.40 \\) mg/dL")."""
    end = _value_end(c, ctx)
    return None if end is None else unit_at(ctx.trace, _MATH_CLOSE.match(ctx.trace, end).end())[0]


def misconverted_inputs(claims, ctx: TraceContext) -> tuple[list[tuple[Claim, str, str]], list[tuple[Claim, str, str]]]:
    """The conversions of a patient's value written as one operation with the result's unit after it,
    read in one pass: (claim, input, detail) for each

    - **misconverted** (a unit error): one operand is the value (in the calculator's unit or another
      it is written in), the result's unit measures the same input, and the result is not the value
      in that unit ("Bilirubin = 70 / 88.4 = 0.79 mg/dL", "212 ÷ 17.1 = 12.40 mg/dL": the arithmetic
      may be right; the factor is another analyte's or none);
    - **misread** (an extraction error): written under the input's name ("Height in meters = 168 / 100 =
      1.68 m"), an operand a unit factor of that input, no operand the patient's value and the result
      not the patient's value in that unit either: the value was misread before it was converted.

    Only with the patient's data."""
    if ctx.calc is None or not ctx.inputs:
        return [], []
    misconverted, misread = [], []
    for c in claims:
        if c.kind != "arithmetic" or len(c.literals) != 2 or c.value is None or not _ONE_SCALING.fullmatch(normalise(c.expr or "")):
            continue
        unit = _unit_after_value(c, ctx)
        if unit is None:
            continue
        found = _converted_operand(c, unit, ctx)
        if found is None:
            if (wrong := _misread_before_conversion(c, unit, ctx)) is not None:
                misread.append(wrong)
            continue
        name, lit_text, from_unit, want = found
        if close(c.value, want, c.decimals, rel=0.03):
            continue
        misconverted.append((c, name, f"{name.replace('_', ' ')} {lit_text} {from_unit} is {fmt(want, 4)} {unit}, not {c.value_text}"))
    return misconverted, misread


def _misread_before_conversion(c: Claim, unit: str, ctx: TraceContext) -> tuple[Claim, str, str] | None:
    """``misconverted_inputs``' misread case for a claim none of whose operands is the patient's value."""
    lead = (c.context or "").rstrip()
    named = _NAMED_BEFORE.search(lead[-60:]) if lead.endswith((":", "=")) else None  # (the cheap test first: the pattern is anchored at the end)
    if named is None:
        return None
    name = knowledge.input_for(ctx.calc, named.group(1))
    inp = _number_input(ctx.calc, name) if name else None
    value = ctx.inputs.get(name) if inp is not None else None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value:
        return None
    try:
        want = convert(float(value), inp.unit, unit, inp.analyte)
        # the factors that take a value of this input to ``unit`` from the units it is given in
        factors = {convert(1.0, u, unit, inp.analyte) for u in {inp.unit, *(u for _, n, u in ctx.other_units() if n == name)}}
    except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
        return None
    factors.discard(1.0)
    if not any(lit and (close(lit, k, None, rel=0.03) or close(1.0 / lit, k, None, rel=0.03)) for lit, _ in c.literals for k in factors):
        return None  # no unit factor of this input among its operands: not a conversion of it ("330 / 0.8716": a formula)
    if close(c.value, want, c.decimals, rel=0.02) or not 0.5 <= c.value / want <= 2.0:
        return None
    return (c, name, f"{name.replace('_', ' ')} is {fmt(float(value))} {inp.unit} ({fmt(want, 4)} {unit}) in the patient data; "
                     f"{c.expr} = {c.value_text} {unit} converts another value")


# The input named right before a conversion's "=" ("Height in meters = ", "Weight (kg) ="): its words.
_NAMED_BEFORE = re.compile(r"([A-Za-z][A-Za-z ]{1,30}?)\s*(?:\bin\s+[A-Za-z/²^0-9 ]{1,15}|\([^()]{1,15}\))?\s*[:=]\s*$")


# A temperature in °F taken to °C: "(100.2 − 30) × 5/9", "(95.5 - 32) / 1.8", or the difference times a factor
# with °C after the result ("63.5 × 0.55 = 34.9 °C").
# (read on the expression as ``arith.normalise`` writes it: "*" for "×", "((5)/(9))" for "\\frac{5}{9}")
_FACTOR_5_9 = r"(?:\*\s*\(*\s*(?P<r>\(*5\)*\s*/\s*\(*9\)*|0\.5\d*)\s*\)*|/\s*(?P<d>1\.8\d*|2(?:\.0*)?(?![\d.])))"  # ("(96.4 − 30) / 2": the halving shortcut)
_F_TO_C = re.compile(r"\(?\s*(?P<f>\d+(?:\.\d+)?)\s*-\s*(?P<k>\d+(?:\.\d+)?)\s*\)?\s*" + _FACTOR_5_9)
_DIFFERENCE_TIMES = re.compile(r"(?P<x>\d+(?:\.\d+)?)\s*" + _FACTOR_5_9)


def misstated_temperature_conversions(claims, ctx: TraceContext) -> list[tuple[Claim, str]]:
    """(claim, detail) for each °F-to-°C conversion written with another constant than (°F − 32) × 5/9: 30
    for 32 ("(100.2 − 30) × 5/9"), or a factor that is not 5/9 to a half per cent ("× 0.55" for °C)."""
    out = []
    for c in claims:
        if c.kind != "arithmetic" or not c.expr or c.value is None:
            continue
        expr = normalise(c.expr).strip()
        m = _F_TO_C.fullmatch(expr)
        celsius = False
        if m is None:
            d = _DIFFERENCE_TIMES.fullmatch(expr)
            if d is None or _unit_after_value(c, ctx) != "°C":
                continue
            m, celsius = d, True
        elif not 80.0 <= float(m.group("f")) <= 115.0:
            continue  # not a body temperature in °F
        factor = (5.0 / 9.0) if m.group("r") and "/" in m.group("r") else (float(m.group("r")) if m.group("r") else 1.0 / float(m.group("d")))
        wrong = []
        if not celsius and float(m.group("k")) != 32.0:
            wrong.append(f"subtracts {m.group('k')}")
        if abs(factor - 5.0 / 9.0) > 0.005 * (5.0 / 9.0):
            wrong.append(f"multiplies by {fmt(factor, 4)}")
        if wrong:
            out.append((c, f"°F to °C is (°F − 32) × 5/9; the conversion {' and '.join(wrong)}"))
    return out


def _number_input(calc: Calculator, name: str):
    try:
        inp = calc.input(name)
    except KeyError:
        return None
    return inp if inp.kind == "number" else None


def _converted_operand(c: Claim, unit: str, ctx: TraceContext) -> tuple[str, str, str, float] | None:
    """(input, operand as written, its unit, the input's value in ``unit``) when an operand of ``c`` is
    one of the patient's values and ``unit`` is another unit of the same input."""
    for lit, text in c.literals:
        if lit <= 0 or lit == 1:
            continue
        candidates = [(w, name, u) for w, name, u in ctx.other_units() if close(lit, w, decimals_of(text), rel=0.003)]
        for name, v in ctx.inputs.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and close(lit, float(v), decimals_of(text), rel=0.003):
                inp = _number_input(ctx.calc, name)
                if inp is not None:
                    candidates.append((float(v), name, inp.unit))
        line = ctx.trace.rfind("\n", 0, max(0, ctx.trace.rfind("\n", 0, c.start)))  # the line before the claim's, and its own up to it
        before = ctx.trace[line + 1 : c.start].lower().replace("_", " ")  # ("glucose_mgdl = 32 / 18": a code variable's words)
        for _, name, from_unit in candidates:
            inp = ctx.calc.input(name)
            if not any(re.search(rf"\b{re.escape(n)}\b", before) for n in knowledge.input_names(inp)):
                continue  # the value's input is not named there: a number that only happens to match
            if unit != inp.unit and unit not in _OTHER_UNITS.get(inp.unit, ()):
                continue  # not a unit the value is written in (60000 / 79 = 759 ms: the RR interval, not the heart rate)
            try:
                same = convert(1.0, from_unit, unit, inp.analyte)
                want = convert(float(ctx.inputs[name]), inp.unit, unit, inp.analyte)
            except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
                continue
            if abs(same - 1.0) > 1e-6:  # the value changes unit (not mEq/L of sodium written as mmol/L)
                return name, text, from_unit, want
    return None


def _leads_to(claims, first: Claim, last: Claim) -> bool:
    """Does the trace carry ``first``'s value on to ``last`` (each claim between taking an earlier
    one's value as an operand)? A number that only happens to match is not carried."""
    carried = [first.value]
    for c in claims:
        if c.start < first.start or c.start > last.start or c is first:
            continue
        if any(close(lit, v, decimals_of(text), rel=0.01) for lit, text in c.literals for v in carried):
            if c is last:
                return True
            carried.append(c.value)
    return first is last


def _check_constants(claim: Claim, ctx: TraceContext) -> Check | None:
    """A literal in the expression that resembles a coefficient the calculator applies to this
    patient (an intermediate of the patient's data: the sex factor 0.85, κ 0.7) but is not it,
    and is not a patient value or an earlier result: a wrong coefficient ("× 0.80" for a woman).
    Only with the patient's data, and only intermediates that the patient's categories (sex,
    race) fix whatever the measurements (``parameters.determined``): the formula's constants alone
    (both Katz's and Hillier's factors, unit factors) and measured intermediates (a cube root of
    RR) misfire on real writing."""
    # Equations only: a score's numbers are thresholds and points, not coefficients.
    if ctx.truth is None or not claim.literals or ctx.criteria or len(claim.literals) < 2:
        return None
    applied = ctx.coefficients()
    if not applied:
        return None
    for lit, text in claim.literals:
        if lit in ctx.constants or lit == 0 or float(lit).is_integer():
            continue
        near = [c for c in applied if (c > 0) == (lit > 0) and 0.8 <= lit / c <= 1.25]
        if not near:
            continue  # resembles no constant of the formula (the usual case: decided cheaply)
        d = decimals_of(text)
        if any(close(lit, c, d) for c in ctx.constants) or any(close(abs(lit), abs(c), d) for c in ctx.version_constants):
            continue  # the formula's own constant, or one of the version already reported
        if knowledge.is_unit_factor(abs(lit), d) or any(close(abs(lit), v, d) for v in ctx.seen_before(claim.start)):
            continue  # a unit factor ("/ 2.54"), or a number the trace or the note already wrote
        if (ctx.inputs is None and text in ctx.note) or any(close(lit, v, d) for v, _ in ctx.known) or any(close(lit, v, d) for v in ctx.stated):
            continue
        if any(close(lit, v, d) for v in _bracket_values(ctx.trace[max(0, claim.start - 160) : claim.start + len(claim.text)])):
            continue  # "(150/100) × 1.6 = 1.5 × 1.6": the value of a bracket just before
        c = min(near, key=lambda c: abs(lit - c))
        return Check("formula", False, f"{text} is not a coefficient of {ctx.calc.name}; expected {fmt(c, 4)}", claim.start, claim.end)
    return None


_BRACKET = re.compile(r"\(([^()]{1,60})\)")


def _bracket_values(text: str) -> list[float]:
    """The values of the innermost brackets in a piece of the trace ("(150/100)" -> 1.5), and of
    the powers of two numbers it writes ("0.9402^{3.9622}" -> 0.7832: "= 1 − 0.7832" next)."""
    out = []
    for m in _BRACKET.finditer(text):
        try:
            out.append(evaluate(m.group(1)))
        except EvalError:
            continue
    for m in _NUMBER_POWER.finditer(text) if "^" in text else ():
        try:
            out.append(evaluate(f"{m.group(1)}^({m.group(2)})"))
        except EvalError:
            continue
    return out


_NUMBER_POWER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*\^\s*\{?\(?\s*([-−]?\d+(?:\.\d+)?)\s*\)?\}?(?![\d.])")


def _analyte_for(ctx: TraceContext, name: str | None) -> str | None:
    if ctx.calc is None or not name:
        return None
    inp = knowledge.input_for(ctx.calc, name)
    if inp is None:
        return None
    return getattr(ctx.calc.input(inp), "analyte", None)


def _sole_analyte(ctx: TraceContext, unit: str, rhs_unit: str) -> str | None:
    """The analyte of a conversion that names none ("115 µmol/L = 1.15 mg/dL") when it needs one
    and exactly one input of the calculator is an analyte it converts (creatinine in an eGFR)."""
    if ctx.calc is None or _converts(unit, rhs_unit, None):
        return None  # no analyte needed (kg -> lb)
    found = {a for inp in ctx.calc.inputs if (a := getattr(inp, "analyte", None)) is not None and _converts(unit, rhs_unit, a)}
    return found.pop() if len(found) == 1 else None


def grade_conversion(claim: Claim, ctx: TraceContext) -> Check | None:
    if not claim.unit or not claim.rhs_unit or claim.rhs_value is None:
        return None
    analyte = _analyte_for(ctx, claim.name) or knowledge.analyte_named(claim.name)
    if analyte is None and claim.value != 1:  # (a unit identity, "1 mg/dL = 88.4 µmol/L", is a fact about an analyte it must name)
        analyte = _sole_analyte(ctx, claim.unit, claim.rhs_unit)
    try:
        truth = convert(claim.value, claim.unit, claim.rhs_unit, analyte)
    except (CalculatorError, ValueError, ZeroDivisionError):
        return None  # not a conversion between compatible units (e.g. kg -> kg/m²): no claim
    d = claim.rhs_decimals
    q = ctx.quantity_of(claim.rhs_value, d)
    alias = _ANALYTE_READ_AS.get(analyte or "")
    if alias is not None and not close(claim.rhs_value, truth, d, rel=0.01):
        try:  # "urea 21 mg/dL ≈ 7.5 mmol/L": a urea in mg/dL is often the urea nitrogen (BUN)
            other = convert(claim.value, claim.unit, claim.rhs_unit, alias)
        except (CalculatorError, ValueError, ZeroDivisionError):
            other = truth
        if abs(claim.rhs_value - other) < abs(claim.rhs_value - truth):
            truth = other  # judged as the nearer of the two readings
    # (a unit identity's factor within its rounding, but not one a twentieth off: "1 kg = 2 lb")
    if close(claim.rhs_value, truth, d, rel=0.01) and (claim.value != 1 or close(claim.rhs_value, truth, None, rel=0.01)
                                                       or abs(claim.rhs_value - truth) <= 0.05 * abs(truth)):
        ctx.stated.append(claim.rhs_value)
        ctx.computed.append(claim.rhs_value)
        ctx.add_rounded(claim.rhs_value)
        return Check("unit_conversion", True, f"{fmt(claim.value)} {claim.unit} = {fmt(truth, 4)} {claim.rhs_unit}", claim.start, claim.end, q)
    return Check("unit_conversion", False, f"{fmt(claim.value)} {claim.unit} = {fmt(truth, 4)} {claim.rhs_unit}, not {fmt(claim.rhs_value, 4)}", claim.start, claim.end)


# Analytes written under one name for the other: "urea" in mg/dL in US notes is usually the urea
# nitrogen, and "BUN" converted to mmol/L is the urea.
_ANALYTE_READ_AS = {"urea": "bun", "bun": "urea"}


def _item_points(items, inputs: dict | None) -> dict | None:
    if not items or not inputs:
        return None
    out = {}
    for item in items:
        try:
            out[item.key] = item.points(inputs)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            continue  # an input the patient data lacks: that item is judged by its rule only
    return out


def _points_of(ctx: TraceContext, name: str, claim: Claim) -> bool:
    """Could a value written without a unit be the points a criterion of this score gives for the
    input ("So Age = 1", "Age: 0 (out of 2)"), rather than the input's value? Only points the
    criterion can give: the PSI's pH gives 0 or 30, so a pH of 9.5 is no points."""
    named = (claim.name or "").lower().strip()
    return claim.unit is None and any((name in c.inputs or (len(named) >= 3 and named in c.label.lower())) and claim.value in criteria_read.possible_points(ctx.calc, c)
                                      for c in ctx.criteria)  # (or the criterion's own label: "Mean arterial pressure: 0 (out of 4)")


_AMOUNT_UNITS = frozenset({"mmol", "mEq", "µmol", "umol", "μmol", "mOsm"})


@lru_cache(maxsize=4096)
def _concentration_unit(unit: str | None, inp) -> str | None:
    """The claim's unit as the input's kind: "the mass of sodium is 137.0 mmol" (MedCalc-Bench's
    wording) is a concentration written without its litre (mmol/L)."""
    if unit in _AMOUNT_UNITS and "/" in inp.unit and not _converts(unit, inp.unit, inp.analyte):
        return unit + "/L"
    return unit


def _converts(unit: str, to: str, analyte: str | None) -> bool:
    """Can the unit layer convert between these units (a pure question of the two names: cached)?"""
    try:
        convert(1.0, unit, to, analyte)
        return True
    except (CalculatorError, ValueError, ZeroDivisionError):
        return False


_POINTS_COLUMN = re.compile(r"\b(?:points?|pts|score)\b", re.I)


# How often a dose is taken, written right after it ("60 mg twice daily", "10 mg q6h", "30 mg/dose, 2 doses a day").
_SCHEDULE = re.compile(r"\s*(?:/\s*dose\b\s*,?\s*)?(?:(?:taken|given|administered|used)\s+)?(?:once|twice|thrice|(?:\d+|one|two|three|four|five|six)\s*(?:times|x|doses?)\b|daily\b|a day\b|per day\b|/\s*day\b"
                       r"|every\s+\d+|q\.?\s*\d+\s*h\b|q\.?d\.?\b|b\.?i\.?d\.?\b|t\.?i\.?d\.?\b|q\.?i\.?d\.?\b|nightly\b|at night\b|each day\b)", re.I)


# A temperature converted from °F and rounded to 0.1 °F is within 0.06 °C of the value; a
# relative tolerance would let a degree through at 38 °C.
TEMPERATURE_SLACK_C = 0.15


# A name that is a ratio of a quantity to a constant: "Scr/κ", "Cr/0.7" (not "P/F ratio", an input of its own).
_RATIO_NAME = re.compile(r"[A-Za-z)]\s*/\s*(?:[κα]|\d+(?:\.\d+)?\s*$)")


def grade_quantity(claim: Claim, ctx: TraceContext) -> Check | None:
    """A patient value: does it match the entities (unit-aware) or, failing that, the note?"""
    if ctx.calc is None or claim.value is None:
        return None
    if claim.name and _RATIO_NAME.search(claim.name):
        return None  # "Scr/κ = 2.0": a ratio of the value to a constant, not the value
    name = knowledge.input_for(ctx.calc, claim.name) or knowledge.input_by_unit(
        ctx.calc, claim.name, claim.unit, claim.unit is not None and _SCHEDULE.match(ctx.trace, claim.end) is not None
    ) or knowledge.input_by_temperature(ctx.calc, claim.unit) or (
        # "The patient has 16 drinks a week": a count per day or week names what it counts
        knowledge.input_by_unit(ctx.calc, claim.text, claim.unit) if claim.unit in knowledge.COUNT_RATE_UNITS else None)
    if name is None and claim.unit == "%":
        return None  # a percentage of no input ("a 10-year risk of 12 %"): not a patient value here
    if name is None:
        form = _form_named(claim.name)
        if form is not None and ctx.note:
            return _check_note_form(claim, form, ctx.note)
        return _check_restated(claim, ctx)
    inp = ctx.calc.input(name)
    if inp.kind != "number" and claim.unit in knowledge.COUNT_RATE_UNITS:
        # "alcohol use 7 drinks/week": a finding's name with a count per week names the count
        name = knowledge.input_by_unit(ctx.calc, claim.text, claim.unit) or name
        inp = ctx.calc.input(name)
    if inp.kind != "number":
        return None  # "the gender coefficient is 1" names a parameter, not the sex input
    header = table_header_cell(ctx.trace, claim.start) if claim.unit is None else None
    if header and _POINTS_COLUMN.search(header):
        return None  # "| Age | 1 |" under "| Criterion | Points |": the points, not the age
    if header and (unit_cell := unit_at(header, 0)[0]) is not None and len(header.strip()) <= 12:
        claim = dataclasses.replace(claim, unit=unit_cell)  # "| HDL | 1.1 |" under "| Analyte | mmol/L |": the column's unit
    ctx.stated.append(claim.value)
    given = _input_value(ctx, name)
    if given is not None and hasattr(inp, "unit"):
        want = given
        unit = _concentration_unit(claim.unit, inp)
        try:
            got = convert(claim.value, unit, inp.unit, inp.analyte) if unit and unit != inp.unit else claim.value
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
        d = claim.decimals
        # A value converted from another unit is compared more loosely: entities are often
        # rounded conversions of what the note wrote (190.2 µmol/L recorded as 2.1 mg/dL).
        # In the same unit, a value the data holds as written (at most two decimals: not a conversion, 7.496)
        # is compared closely: sodium 133 for 131 is a misread, not a rounding.
        same_unit = not unit or unit == inp.unit or abs(got - claim.value) <= 1e-9 * max(1.0, abs(got))  # (mEq/L of sodium is mmol/L)
        rel = (0.005 if abs(want * 100 - round(want * 100)) < 1e-6 else 0.02) if same_unit else 0.03
        if claim.unit is None:
            got = knowledge.unitless_count(claim.value, inp)  # "a WBC count of 8,000" per µL
        if claim.unit is None and inp.unit == "%" and 0 < claim.value <= 1 < want:
            got = claim.value * 100.0  # a percentage written as a fraction ("FiO2 = 0.54" for 54 %)
        if inp.unit == "degC":
            matches = abs(got - want) <= TEMPERATURE_SLACK_C or close(claim.value, want, d)  # degrees: absolute, not relative
        else:
            matches = close(got, want, None, rel=rel) or close(claim.value, want, d)
        if matches:
            return Check("extraction", True, f"{name} {fmt(claim.value)} {claim.unit or ''}".rstrip() + " matches the patient data", claim.start, claim.end, name)
        used = ctx.truth.intermediates.get(f"{name}_used") if ctx.truth is not None else None
        if (isinstance(used, (int, float)) and not isinstance(used, bool) and any(close(float(used), c, None, rel=1e-9) for c in ctx.constants)
                and (close(got, float(used), None, rel=rel) or close(claim.value, float(used), d))):
            # "Sodium is capped at 137 mEq/L, so we use 137": the bound of the formula the input is taken to
            # (one of its constants; not a value its rule selects, such as Cockcroft-Gault's ideal weight)
            return Check("extraction", True, f"{name} {fmt(claim.value)} is the value the formula uses for this patient's "
                         f"{fmt(want)} {inp.unit} (bounded)", claim.start, claim.end, name)
        if (isinstance(used, (int, float)) and not isinstance(used, bool) and _USED_NAME.search((claim.name or "")[-30:])
                and (close(got, float(used), None, rel=rel) or close(claim.value, float(used), d))):
            # "IBW = … = 56.91 kg → weight used 56.91 kg": the value the calculator's rule selects for
            # this patient (Cockcroft-Gault's ideal weight), said to be the one used
            return Check("extraction", True, f"{name} {fmt(claim.value)} is the value the calculator uses for this patient "
                         f"(the patient's {fmt(want)} {inp.unit})", claim.start, claim.end, name)
        if _points_of(ctx, name, claim):
            return None  # "So Age = 1": the points a criterion of this score gives, not the age
        if _note_states(ctx.note, claim) or (name in ("systolic_bp", "diastolic_bp") and any(ok for _, _, ok in _note_form_values(claim, name, ctx.note or ""))):
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
            about=name,
        )
    if (unit := _concentration_unit(claim.unit, inp)) != claim.unit:
        claim = dataclasses.replace(claim, unit=unit)
    if ctx.note and name in _NOTE_FORMS and _note_form_values(claim, name, ctx.note):
        # Ages and blood pressures are written in fixed forms ("66-year-old", "116/70"): judged by
        # those, not by the number appearing somewhere in the note (a saturation of 98 % is no age).
        check = _check_note_form(claim, name, ctx.note)
        if check is not None and check.ok is False and _points_of(ctx, name, claim):
            return None  # "Age: 0 (out of 2)": the points a criterion of this score gives, not the age
        return check
    if ctx.note:
        if _note_writes(ctx.note, claim):
            other = _another_inputs_value(ctx, name, inp, claim)
            if other is not None:
                return other
            return Check("extraction", True, f"{name} {claim.value_text} appears in the note", claim.start, claim.end, name)
        given = _note_values(ctx.note, claim, inp, _shared_words(ctx.calc)) if inp.kind == "number" else []
        if not given and name in _NOTE_FORMS:
            given = _note_form_values(claim, name, ctx.note)
        if given:
            shown = ", ".join(f"{fmt(v)} {u or ''}".rstrip() for v, u, _ in given[:3])
            if any(ok for _, _, ok in given):
                return Check("extraction", True, f"{name} {claim.value_text} {claim.unit or ''}".rstrip() + f" agrees with the note ({shown})",
                             claim.start, claim.end, name)
            if _points_of(ctx, name, claim):
                return None  # the points, as above
            return Check("extraction", False, f"the note gives {name.replace('_', ' ')} as {shown}, not {claim.value_text} {claim.unit or ''}".rstrip(),
                         claim.start, claim.end)
        return Check("extraction", None, f"{name} {claim.value_text} not found in the note", claim.start, claim.end)
    return None


def _another_inputs_value(ctx: TraceContext, name: str, inp, claim: Claim) -> Check | None:
    """Without the patient's data, a number the note writes for another input given as this one's
    ("The chloride is 140 mmol/L" where the note writes "Na 140, Cl 90"): the note gives both
    inputs unambiguously (``note_inputs``), this one's value is another, and the number is the
    other input's. None otherwise (the number may be this input's in a form the note reader
    does not attach to its name)."""
    known = ctx.note_values()
    mine = known.get(name)
    if mine is None or claim.value is None:
        return None
    try:
        got = convert(claim.value, claim.unit, inp.unit, inp.analyte) if claim.unit and claim.unit != inp.unit else claim.value
    except (CalculatorError, ValueError, ZeroDivisionError):
        return None
    if close(got, mine, None, rel=0.02) or close(claim.value, mine, claim.decimals):
        return None
    others = [o for o, v in known.items() if o != name and close(claim.value, v, claim.decimals)]
    if len(others) != 1:
        return None
    unit = getattr(inp, "unit", "") or ""
    return Check("extraction", False, f"the note gives {name.replace('_', ' ')} as {fmt(mine)} {unit}; {claim.value_text} is its "
                 f"{others[0].replace('_', ' ')}".replace("  ", " "), claim.start, claim.end, about=name)


def _input_value(ctx: TraceContext, name: str) -> float | None:
    """The patient data's value of a numeric input, or the one the calculator derives from the
    others where the data leaves it out (``DERIVE``: APACHE II's MAP from the blood pressures)."""
    if ctx.inputs is None:
        return None
    v = ctx.inputs.get(name)
    if v is None:
        v = ctx.derived().get(name)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _takes_sex(calc: Calculator | None) -> bool:
    try:
        return calc is not None and calc.input("sex").kind == "choice"
    except (CalculatorError, KeyError):
        return False


def note_inputs(calc: Calculator | None, note: str) -> dict[str, float]:
    """The numeric inputs a note gives unambiguously, in the input's unit: one value written right
    after one of the input's names ("heart rate of 120 bpm", "SpO2 91%") or in its fixed form
    (ages, blood pressures), and no other value under those names (a note with "HR 120" a week
    ago and "HR 36" now gives none)."""
    out: dict[str, float] = {}
    if calc is None or not note:
        return out
    low = note.lower()
    for inp in calc.inputs:
        if inp.kind != "number" or not hasattr(inp, "unit"):
            continue
        if inp.name in _NOTE_FORMS:
            values = {round(v, 6) for v in _NOTE_FORMS[inp.name](note)}
        else:
            values = set()
            # Names of three letters or more in any case; a two-letter one as the calculator writes it
            # with its capital ("pH of 7.17", "Na 142"): "hr" or "ca" in lower case are other words.
            phrases = [(a, low) for a in {a.lower() for a in (inp.name.replace("_", " "), *inp.aliases) if len(a) >= 3} - _GENERIC_WORDS]
            phrases += [(a, note) for a in {a for a in inp.aliases if len(a) == 2 and not a.islower()}]
            for phrase, text in phrases:
                for j, m in _numbers_after(note, text, phrase, 30, ".;:\n(", str.isalnum):
                    if len(values) >= 4:
                        break
                    if _COMPARED.search(note[j : m.start()]):
                        continue
                    unit, _ = unit_at(note, m.end())
                    if unit == "%" and inp.unit != "%":
                        continue  # a percentage is another quantity ("fractional excretion of sodium … 2.11%")
                    try:
                        v = _note_number(m.group(), unit)
                        values.add(round(convert(v, unit, inp.unit, getattr(inp, "analyte", None)) if unit and unit != inp.unit else v, 6))
                    except (CalculatorError, ValueError, ZeroDivisionError):
                        values.add(float("nan"))  # a value not read: the note is not unambiguous
        lo, hi = inp.range
        if len(values) == 1 and lo <= (v := values.pop()) <= hi:
            out[inp.name] = v
    return out


# A threshold or a change written between a name and a number ("heart rate over 100", "sodium rose to").
_COMPARED = re.compile(r"[<>≤≥]|\b(?:over|above|under|below|less|more|greater|than|from|to|by|between|up|down|normal|range|goal|target)\b", re.I)


def _input_vocab(inp) -> set[str]:
    return set(_NAME_WORD.findall(" ".join((inp.name.replace("_", " "), *inp.aliases)).lower()))


@lru_cache(maxsize=256)
def _shared_words(calc: Calculator) -> frozenset[str]:
    """Words of the calculator's input names that name more than one input measured alike ("pressure":
    systolic, diastolic and mean arterial pressure, all in mmHg; "dose": every drug's dose): alone
    they name none of them. (A drug's name in its dose and its doses per day still names the dose:
    the two are not measured alike.)"""
    alike = Counter((w, _dimension(getattr(inp, "unit", "") or ""))
                    for inp in calc.inputs if inp.kind == "number" for w in _input_vocab(inp))
    return frozenset(w for (w, _), n in alike.items() if n > 1)


def _dimension(unit: str) -> str:
    """The unit's dimensionality, or the unit itself where the unit layer does not know it."""
    return knowledge.dimension_or_none(unit) or unit


def _note_values(note: str, claim: Claim, inp, shared: frozenset[str] = frozenset()) -> list[tuple[float, str | None, bool]]:
    """Values the note writes right after a word that names the input ("creatinine of 1.4 mg/dL"),
    each with whether it agrees with the claim (converted to the claim's unit when needed). A word
    that other inputs' names share (``shared``) names none of them alone."""
    analyte = getattr(inp, "analyte", None)
    vocab = _input_vocab(inp) - shared
    words = (set(_NAME_WORD.findall((claim.name or "").lower())) & vocab) - _GENERIC_WORDS - _NOT_NAMES
    # The input's own one-word names too ("pulse" for a heart rate the trace calls "heart rate").
    words |= {a.lower() for a in (inp.name, *inp.aliases) if _NAME_WORD.fullmatch(a.lower())} - _GENERIC_WORDS - _NOT_NAMES
    words |= set(_NOTE_WORD_FORMS.get(inp.name, ()))
    # and the words only this input's names use ("alanine" for the ALT: "alanine aminotransferase (30 IU/L)")
    words |= {w for w in vocab if len(w) > 3} - _GENERIC_WORDS - _NOT_NAMES
    # and a name of several words none of which names it alone ("total cholesterol" beside "HDL cholesterol")
    words |= {p for a in (inp.name.replace("_", " "), *inp.aliases) if " " in (p := a.lower().strip()) and not set(_NAME_WORD.findall(p)) & words}
    if not words:
        return []
    low = note.lower()
    out = []
    if inp.name == "height" and "tall" in low:
        for m in _LENGTH_TALL.finditer(note):  # "was 173 cm tall": the height written before the word
            unit = spelled(m.group("u"))
            agrees = _agrees(claim, float(m.group("n")), unit, analyte)
            if agrees is not None and (float(m.group("n")), unit, agrees) not in out:
                out.append((float(m.group("n")), unit, agrees))
    read = 0  # values read (the same value read twice counts twice: a bounded number of reads per claim)
    for w in sorted(words):  # in a fixed order: the same output under every hash seed
        for _, m in _numbers_after(note, low, w, 40, ".;\n", str.isalpha):
            if read >= NOTE_READS:
                break
            read += 1
            unit, _ = unit_at(note, m.end())
            try:
                v = _note_number(m.group(), unit)
            except ValueError:
                continue
            if unit is None and (power := _LOST_POWER.match(note, m.end())) is not None:
                # "16.5 × 104/µL": 10⁴ with its superscript lost in the text, per µL (or per L): in 10^9/L
                v, unit = v * 10.0 ** int(power.group("e")) / (1e9 if power.group("per").upper() == "L" else 1e3), "10^9/L"
            elif unit is None and claim.unit is not None:
                v = knowledge.unitless_count(v, inp)  # "WBC: 4200": a count per µL written without its unit
            agrees = _agrees(claim, v, unit, analyte)
            if agrees is not None and (v, unit, agrees) not in out:  # ("Na+: 137" read under two of its names once)
                out.append((v, unit, agrees))
        for before in _amounts_before(note, low, w):  # "70 mg of OxyCODONE": an amount written before its name
            v, unit = before
            agrees = _agrees(claim, v, unit, analyte)
            if agrees is not None and (v, unit, agrees) not in out:
                out.append((v, unit, agrees))
    return out


def _note_number(text: str, unit: str | None) -> float:
    """A number as a note writes it; a count per microlitre written with a point between thousands
    ("White blood cell count 22.000/μL", "platelets 150.000/mm3") is that many thousands."""
    v = parse_number(text)
    if unit is not None and _THOUSANDS_POINT.fullmatch(text) and _PER_MICROLITRE.search(unit):
        return v * 1000.0
    return v


_THOUSANDS_POINT = re.compile(r"\d{1,3}\.\d{3}")
# A power of ten whose exponent lost its superscript ("× 104/µL", "x 109/L"): ×10^e per µL or per L.
_LOST_POWER = re.compile(r"\s*[×x]\s*10(?P<e>3|4|6|9|12)\s*/\s*(?P<per>[µμu]L|mm3|mm³|L)\b")
_LENGTH_TALL = re.compile(r"(?<![\w.])(?P<n>\d{1,3}(?:\.\d+)?)\s*(?P<u>cm|m|in|inches|ft|feet)\s+tall\b", re.I)
_PER_MICROLITRE = re.compile(r"/\s*(?:[µμu]l|mcl|mm3|mm³|cumm)\s*$", re.I)
NOTE_READS = 12  # places a note writes a name that are read for its value, per claim
# An amount with its unit right before a name, joined by "of" ("takes 70 mg of OxyCODONE").
_AMOUNT_OF = re.compile(r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*(?:(?P<u>mg|mcg|µg|ug|g|mL|units?)\s+of|(?P<pct>%))\s+$", re.I)  # "70 mg of", "57 % FiO2"


def _amounts_before(note: str, low: str, name: str) -> list[tuple[float, str]]:
    """(amount, unit) written as "N unit of <name>" at each place the note writes the name."""
    out = []
    i, seen = low.find(name), 0
    while i != -1 and seen < NOTE_READS:  # bounded like the values after a name: a note may write the name thousands of times
        seen += 1
        if (i == 0 or not low[i - 1].isalpha()) and (m := _AMOUNT_OF.search(note, max(0, i - 20), i)) is not None:
            out.append((float(m.group("n")), spelled(m.group("u")) if m.group("u") else "%"))
        i = low.find(name, i + len(name))
    return out


# A number in a note, its unit possibly glued to it ("bicarbonate 18.5mEq/L", "creatinine 4.90mg/dL"):
# NUM_RE, which wants no letter after a number, would read those as 18 and 4.
_NOTE_NUMBER = re.compile(r"(?=[-−\d.])(?<![\w.])[-−]?(?:" + NUMBER_PATTERN + r")(?!\d|[.,]\d)")


def _numbers_after(note: str, low: str, name: str, reach: int, stops: str, is_word_char: Callable[[str], bool]):
    """(end of the name, number match) for each place the note writes ``name`` as a word (no
    ``is_word_char`` character on either side) followed within ``reach`` characters by a number,
    with none of the ``stops`` characters between them (``low``: the note in lower case)."""
    i = low.find(name)
    while i != -1:
        j = i + len(name)
        if (i == 0 or not is_word_char(low[i - 1])) and (j >= len(low) or not is_word_char(low[j])):
            m = _NOTE_NUMBER.search(note, j, j + reach)
            if m is not None and not any(ch in note[j : m.start()] for ch in stops):
                if "respectively" in low[j : j + RESPECTIVE_REACH]:
                    m = _respective(note, low, i, m) or m  # "urea nitrogen and creatinine, 18.9 mmol/L and 366 μmol/L, respectively"
                if "/" in (low[i - 1 : i] + low[j : j + 1]):
                    m = _paired(note, low, i, j, m)  # "urea nitrogen/creatinine was 32/0.87": the second of the pair
                elif (before := _VALUE_BEFORE.search(note, max(0, i - 24), i)) is not None and _LIST_GAP.search(note, j, m.start()):
                    m = before  # "252 mg/dl total cholesterol, 84 mg/dl triglycerides": the amount before the name
                if m is not None:
                    yield j, m
        i = low.find(name, j)


# An amount with its unit right before a name ("252 mg/dl total cholesterol"), and what stands between
# the name and the next number when that number belongs to the next item of a list (", ", " and ").
_VALUE_BEFORE = re.compile(r"(?<![\w.,/])(?P<n>\d+(?:\.\d+)?)(?=\s*(?:mg/dl|mmol/l|g/dl|g/l|meq/l|µmol/l|umol/l|u/l|iu/l|ng/ml|pg/ml)\s+\Z)", re.I)
_LIST_GAP = re.compile(r",|\band\b", re.I)
_PAIR_NUMBERS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\d.]\d)")


RESPECTIVE_REACH = 200  # characters after a name searched for the "respectively" of a list of names and values
_RESPECTIVE_SEP = re.compile(r",\s*(?:and\s+)?|\s+and\s+|;\s*")


def _respective(note: str, low: str, i: int, m: re.Match) -> re.Match | None:
    """For a name in a list of names followed by as many values "respectively" ("serum urea nitrogen
    and creatinine, 18.9 mmol/L and 366 μmol/L, respectively"), the value of its place in the
    list; None when the sentence is not so built (the first number after the name stands)."""
    r = low.find("respectively", m.start(), m.start() + RESPECTIVE_REACH)
    if r == -1 or not _DECIMALS_ONLY.fullmatch(note, m.start(), r):
        return None  # no "respectively", or a sentence ends before it
    values = list(_NOTE_NUMBER.finditer(note, m.start(), r))
    if len(values) < 2:
        return None
    base = max(0, i - RESPECTIVE_REACH)
    cuts = [base] + [x.end() for x in _RESPECTIVE_SEP.finditer(note, base, m.start())]
    items = [(a, b) for a, b in zip(cuts, cuts[1:] + [m.start()], strict=True) if note[a:b].strip(" ,")]
    if len(items) < len(values):
        return None
    items = items[-len(values):]
    k = next((n for n, (a, b) in enumerate(items) if a <= i < b), None)
    return values[k] if k is not None else None


_DECIMALS_ONLY = re.compile(r"(?:[^.;\n]|(?<=\d)\.(?=\d))*")  # no sentence's end: points inside numbers only ("18.9 mmol/L and 366")


def _paired(note: str, low: str, i: int, j: int, m: re.Match) -> re.Match | None:
    """For a name written in a slashed pair of names ("BUN/creatinine", "Na/K"), the number of its
    place in the slashed pair of numbers that follows ("32/0.87"); None when the numbers are no pair."""
    second = low[i - 1 : i] == "/"
    pair = _PAIR_NUMBERS.match(note, m.start())
    if pair is None:
        return None
    k = 2 if second else 1
    return _NOTE_NUMBER.match(note, pair.start(k))


# Values notes write in fixed forms rather than after the input's name: "a 67-year-old man",
# "aged 67", "BP 116/70 mmHg" (systolic / diastolic). Each reader gives every such value the note
# states; the claim agrees if it is one of them.
_AGE = re.compile(r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b|\baged?\s*:?\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:y/?o|yo)\b", re.I)
_BP_PAIR = re.compile(r"\b(?:blood\s+pressure|bp|b\.p\.|hypertension|hypertensive)\b[^0-9\n]{0,30}?(\d{2,3})\s*/\s*(\d{2,3})\b"
                      r"|(?<![\d./])(\d{2,3})\s*/\s*(\d{2,3})\s*mm\s?hg\b", re.I)  # after its name, or with its unit ("… and 69/40 mm Hg standing")


def _note_ages(note: str) -> list[float]:
    return [float(next(g for g in m.groups() if g)) for m in _AGE.finditer(note)][:12]


# An infant's age in months ("a 15-month-old boy", "aged 15 months"): compared with an age the trace
# writes in months.
_AGE_MONTHS = re.compile(r"\b(\d{1,3})[- ]months?[- ]old\b|\baged?\s*(\d{1,3})\s*months?\b", re.I)
_MONTH_UNITS = ("months", "month", "mo", "mos")


def _note_ages_in_months(note: str) -> list[float]:
    months = [float(next(g for g in m.groups() if g)) for m in _AGE_MONTHS.finditer(note)][:12]
    return months + [12.0 * y for y in _note_ages(note)]


def _note_bp(k: int):
    return lambda note: [float(m.group(k) or m.group(k + 2)) for m in _BP_PAIR.finditer(note)][:12]


# How notes write some inputs other than by their name: "weighing 2.4 kg", "she was tall, 168 cm",
# "Na+: 137 mEq/L" (each a word the note lookup also follows with a number).
# Other words a note writes an input's value after ("weighing 60 kg", "hyponatremia of 130 mEq/L").
_NOTE_WORD_FORMS = {"weight": ("weighing", "weighed", "weighs"), "height": ("tall", "measuring", "length"), "temperature": ("t:", "temp", "temp."),
                    "respiratory_rate": ("respirations", "breathing"), "oxygen_saturation": ("saturating",),
                    "sodium": ("na+", "hyponatremia", "hyponatraemia", "hypernatremia", "hypernatraemia"),
                    "potassium": ("hypokalemia", "hypokalaemia", "hyperkalemia", "hyperkalaemia"),
                    "calcium": ("hypocalcemia", "hypocalcaemia", "hypercalcemia", "hypercalcaemia"),
                    "glucose": ("hyperglycemia", "hyperglycaemia", "hypoglycemia", "hypoglycaemia")}
_NOTE_FORMS = {"age": _note_ages, "systolic_bp": _note_bp(1), "diastolic_bp": _note_bp(2)}
_NOTE_FORM_UNITS = {"age": ("years", "year", "yrs", "yr", "y"), "systolic_bp": ("mmhg", "mm hg", "mm/hg"), "diastolic_bp": ("mmhg", "mm hg", "mm/hg")}

# Values every note writes in a fixed form, checked even when the calculator takes no such input
# ("The patient is 62 years old" in a Wells' score, "BP 180/100" in CHA2DS2-VASc).
_FORM_WORDS = {"systolic_bp": frozenset({"systolic", "sbp", "blood", "pressure", "bp"}), "diastolic_bp": frozenset({"diastolic", "dbp", "blood", "pressure", "bp"})}
_FORM_FILLER = frozenset("the a his her their patient patient's patients s is was of".split())


def _form_named(name: str | None) -> str | None:
    """The fixed note form a name asks for where no input of the calculator takes it ("The patient's
    systolic blood pressure", "SBP"): only words of the quantity's own name."""
    low = (name or "").lower()
    if low == "age":
        return "age"
    words = frozenset(re.findall(r"[a-z']+", low)) - _FORM_FILLER
    for form, own in _FORM_WORDS.items():
        if words and words <= own and words & {"systolic", "sbp", "diastolic", "dbp"}:
            return form
    return None


def _note_form_values(claim: Claim, form: str, note: str) -> list[tuple[float, None, bool]]:
    """The values the note writes in the fixed form (ages, BP pairs), each with whether it agrees
    with the claim; an age in months against the note's ages in months (and its years as months);
    none when the claim's unit is not the form's."""
    if form == "age" and claim.unit is not None and claim.unit.lower() in _MONTH_UNITS:
        return [(v, None, close(claim.value, v, claim.decimals, rel=0.03)) for v in _note_ages_in_months(note)]  # "11-month-old"
    if claim.unit is not None and claim.unit.lower() not in _NOTE_FORM_UNITS[form]:
        return []
    # A blood pressure as written (70 is not the note's 69); an age within a year or two (the note's
    # "72-year-old" may be the age at another visit than the one the trace reads).
    rel = 0.03 if form == "age" else REL_TOL
    return [(v, None, close(claim.value, v, claim.decimals, rel=rel)) for v in _NOTE_FORMS[form](note)]


_FORM_LABELS = {"age": "age", "systolic_bp": "systolic blood pressure", "diastolic_bp": "diastolic blood pressure"}


def _check_note_form(claim: Claim, form: str, note: str) -> Check | None:
    given = _note_form_values(claim, form, note)
    if not given:
        return None
    label = _FORM_LABELS.get(form, form)  # (the claim's name may hold the sentence's words: "The patient's diastolic bp is")
    if any(ok for _, _, ok in given):
        return Check("extraction", True, f"{label} {claim.value_text} agrees with the note", claim.start, claim.end)
    shown = ", ".join(fmt(v) for v, _, _ in given[:3])
    return Check("extraction", False, f"the note gives {label} as {shown}, not {claim.value_text}", claim.start, claim.end)


_NOT_NAMES = frozenset("patient patient's his her their was is are the and with has had normal range reference arterial "
                       "of in on at to by an as or if it be we so no per".split())


def _agrees(claim: Claim, v: float, unit: str | None, analyte: str | None) -> bool | None:
    """Whether the note's value agrees with the claim; None when their units cannot be compared
    (another quantity: a clearance in mL/min beside a creatinine in mg/dL)."""
    want, rel = v, REL_TOL  # the same unit: as written (a BP of 70 is not the note's 69)
    if unit and claim.unit and unit.lower() != claim.unit.lower():
        try:
            want, rel = convert(v, unit, claim.unit, analyte), 0.03  # converted: rounded conversions agree loosely
        except (CalculatorError, ValueError, ZeroDivisionError):
            return None
    return close(claim.value, want, claim.decimals, rel=rel)


_RESULT_GENERIC = frozenset(
    "the patient patient's his her value values calculated computed final result so then thus therefore hence we get gives "
    "this that which is was of and a an step plug plugging in into formula equation using use".split()
)


_HYPHEN_IN_NAME = re.compile(r"(?<=[a-z0-9])-(?=[a-z0-9])")
_NAMED_BRACKET_END = re.compile(r"\s\((?=[^()]*[A-Za-z]{2})[^()]*\)\s*\Z")  # a name's bracket of words at the end ("Subtotal (AUDIT-C)"), not "RR^(1/3)"


def result_key(context: str | None) -> frozenset[str] | None:
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
        if i != -1 and not (sep == "(" and _NAMED_BRACKET_END.search(tail)):  # ("Subtotal (AUDIT-C):": the bracket is the name's)
            tail = tail[i + len(sep) :]
    # A hyphenated name is one word: "AUDIT-C" is not "AUDIT"
    words = frozenset(w for w in _NAME_WORD.findall(_HYPHEN_IN_NAME.sub("", tail.lower())) if w not in _RESULT_GENERIC)
    return words if 0 < len(words) <= 4 else None


_INSTRUCTION_LABEL = re.compile(
    r"^(?:[-*•\d.)\s]*)(?:then\s+|now\s+|next\s+|so\s+|first,?\s+)?(?:calculat\w*|comput\w*|substitut\w*|plug\w*(?:\s+in)?|apply\w*(?:\s+the)?(?:\s+formula)?|"
    r"calculation|result|step\s*\d*|multipl\w*|divid\w*|add\w*|subtract\w*|sum\w*|evaluat\w*|simplif\w*|formula|equation|expression)\b", re.I)
_DATE_WORDS = re.compile(r"\b(?:days?|weeks?|months?|date|lmp|due)\b", re.I)


def grade_restatement(claim: Claim, ctx: TraceContext) -> Check | None:
    """An expression written under a name without a result ("BSA = sqrt(21625 / 3600)") against
    the value the trace gave that name before (a rewrite must keep the value); a bare
    "Calculate:" rewrite against the one just before it (``_chained_rewrite``). Recorded for the next rewrite."""
    if claim.start < ctx.think_end:
        return None  # thinking rewrites guesses: corrections are read elsewhere
    try:
        value = evaluate(claim.expr or "")
    except EvalError:
        return None
    label = (claim.context or "").rstrip(" =").strip()
    if ":" in label and label.rsplit(":", 1)[1].strip():
        label = label.rsplit(":", 1)[1].strip()  # "Calculate: BSA =": the name after the instruction
    if _DATE_WORDS.search(label):
        return None  # days and dates are read as dates
    context, chained = claim.context, False
    if (inst := _INSTRUCTION_LABEL.match(label)) is not None:
        named = label[inst.end() :].strip(" :,-")
        if not _NAME_WORD.search(named.lower()):
            return _chained_rewrite(claim, value, ctx)  # "Calculate:", "Multiply:" name no quantity
        context, chained = named + " =", True  # "Calculate BSA: sqrt(…)": a rewrite of BSA, and of the line before
    key = result_key(context)
    if key is None:
        return _chained_rewrite(claim, value, ctx) if chained else None
    before = ctx.results.get(key)
    ctx.stated.append(value)
    ctx.computed.append(value)
    ctx.add_rounded(value)
    if before is None:
        ctx.results[key] = (value, None, value)
        return _chained_rewrite(claim, value, ctx) if chained else None
    prev, d, _ = before
    # Its decimal numbers may be rounded intermediates (each off by half its last digit); the rest is
    # held to the usual tolerance ("Corrected sodium = 140 − 0.137" after 139.808 is off by 0.055).
    rounded = [float(x) for x in _LITERAL.findall(claim.expr or "") if "." in x]
    band = (operand_precision(claim.expr or "", value, rounded) or 0.0) + arithmetic_rel(claim.expr or "", value) * abs(value)
    if close(value, prev, d, rel=0.0) or abs(value - prev) <= band + 1e-9 * max(1.0, abs(value)):
        ctx.results[key] = (value, None, value)
        return Check("arithmetic", True, f"{claim.expr} = {fmt(value, 4)}, as before", claim.start, claim.end)
    # A rewrite that changes the value is the error; the value before stays the reference.
    name = " ".join(sorted(key))
    return Check("arithmetic", False, f"{claim.expr} = {fmt(value, 4)}, but {name} was {fmt(prev, 4)} just before", claim.start, claim.end)


_LITERAL = re.compile(r"\d+(?:\.\d+)?")
# What may stand between two rewrites of one chain: separators and the next one's bare label
# ("…; Calculation: ", ".\nCalculate: ", "\n- Step 2: ").
_REWRITE_GAP = re.compile(r"[\s;.,]*(?:[-*•]\s*|\d+[.)]\s*)?[A-Za-z][A-Za-z0-9 ]{0,30}:\s*", re.I)


def _holds_a_part_of(literals: list[str], before: set[str], whole: float) -> bool:
    """Does the expression write, as one of its numbers, a part of the expression before it worked
    out: two of its numbers combined ("0.192" for "0.024 × (−8)" in "140 + 0.024 × (−8)"), not its
    whole value ("175 × 0.0453" after "0.9 × 0.0503" is a next operation on the result)?"""
    olds = [float(x) for x in before][:12]
    parts = {abs(p) for a, b in permutations(olds, 2) for p in (a * b, a + b, a - b, *((a / b,) if b else ()))}
    for x in literals:
        if x in before or "." not in x:
            continue
        v, d = float(x), decimals_of(x)
        if any(close(v, p, d, rel=0.0) for p in parts) and not close(v, abs(whole), d, rel=0.0):
            return True
    return False


def _chained_rewrite(claim: Claim, value: float, ctx: TraceContext) -> Check | None:
    """A rewrite under a bare instruction ("Formula: 0.6 × 2.4 × (130/140 − 1); Calculation: 0.6 × 2.4
    × (0.9286 − 1); Calculation: 0.6 × 2.4 × −0.0714") keeps the value of the rewrite right before
    it, when nothing but separators and its label stands between them and it carries one of its
    numbers over ("Multiply: 0.9 × 0.0503. Multiply: 175 × 0.0453" are two operations). Recorded
    for the next one."""
    before, ctx.rewrite = ctx.rewrite, (claim.end, value, claim.expr or "")
    if before is None or before[0] > claim.start or _REWRITE_GAP.fullmatch(ctx.trace, before[0], claim.start) is None:
        return None
    prev = before[1]
    # Literals the rewrite introduces (not in the expression before it) are rounded intermediates:
    # each may be off by half its last digit; the rest of the sum is held to the usual tolerance.
    carried = set(_LITERAL.findall(before[2]))
    literals = _LITERAL.findall(claim.expr or "")
    if carried.isdisjoint(literals) and not _holds_a_part_of(literals, carried, prev):
        return None  # nothing carried over: another computation, not a rewrite of the one before
    new = [float(x) for x in literals if x not in carried and "." in x]
    band = operand_precision(claim.expr or "", value, new) or 0.0
    if abs(value - prev) <= band + arithmetic_rel(claim.expr or "", value) * abs(value) + 1e-9 * max(1.0, abs(value)):
        return Check("arithmetic", True, f"{claim.expr} = {fmt(value, 4)}, as the line before", claim.start, claim.end)
    ctx.rewrite = (claim.end, prev, before[2])  # the value before stays the reference
    return Check("arithmetic", False, f"{claim.expr} = {fmt(value, 4)}, but the rewrite before it, {before[2]}, is {fmt(prev, 4)}", claim.start, claim.end)


# A name written as a function of a quantity: its root or its square ("√RR", "∛RR", "RR^(1/3)", "RR²").
_FUNCTION_OF_NAME = re.compile(
    r"(?P<sqrt>^\W*(?:√|sqrt\b|square\s+root\s+of\b)|\^\s*\(?\s*(?:1\s*/\s*2|0\.5)\s*\)?\s*$)"
    r"|(?P<cbrt>^\W*(?:∛|cbrt\b|cube\s+root\s+of\b)|\^\s*\(?\s*1\s*/\s*3\s*\)?\s*$)|(?P<square>(?:²|\^\s*2)\s*$)", re.I)


def _check_restated(claim: Claim, ctx: TraceContext) -> Check | None:
    """A value restated under the name the trace gave it when computing it must agree with it."""
    if claim.start < ctx.think_end:
        return None  # thinking restates guesses and revised values: its corrections are read elsewhere
    key = result_key((claim.name or "").rstrip(" =:") + " =")  # "- Free Water Deficit = -0.129 L": the name before the "="
    found = ctx.results.get(key) if key is not None else None
    if found is None:
        return None
    value, d, written = found
    name = (claim.name or "").rstrip(" =:")
    if (fn := _FUNCTION_OF_NAME.search(name)) is not None:
        # "√RR = 0.664", "RR^(1/3) = 0.761": a function of the value computed, not the value restated
        kind = next(k for k, g in fn.groupdict().items() if g)
        if value < 0 and kind != "square":
            return None
        want = {"sqrt": value ** 0.5, "cbrt": value ** (1 / 3), "square": value * value}[kind]
        label = {"sqrt": "the square root", "cbrt": "the cube root", "square": "the square"}[kind]
        if close(claim.value, want, claim.decimals, rel=0.01):
            return Check("arithmetic", True, f"{label} of {fmt(value, 4)} is {fmt(want, 4)}", claim.start, claim.end)
        return Check("arithmetic", False, f"{label} of {fmt(value, 4)} (computed before) is {fmt(want, 4)}, not {claim.value_text}", claim.start, claim.end)

    def restates(v: float, rel: float) -> bool:
        return close(claim.value, v, claim.decimals, rel=rel) or (d is not None and close(claim.value, v, d))

    if restates(value, 0.01):
        return Check("arithmetic", True, f"{' '.join(sorted(key))} restated as computed ({fmt(value, 4)})", claim.start, claim.end)
    if restates(written, REL_TOL):
        return None  # the wrong value written where it was computed, carried on: reported there
    return Check("arithmetic", False, f"restated as {claim.value_text}, but the trace computed {fmt(value, 4)} for it", claim.start, claim.end)


_NAME_WORD = re.compile(r"[a-z][a-z0-9]+")  # "na", "cl", "hco3": abbreviations name inputs too
_GENERIC_WORDS = frozenset("the patient patient's was were is are his her level value serum plasma blood concentration count total".split())

def _in_whole_pair(note: str, i: int, j: int) -> bool:
    """Is note[i:j], a whole number, one side of a pair of whole numbers written with a slash ("10/10",
    "120/80", a date's "5/20")? A pair with a decimal ("BUN/creatinine 85.2/3.08") holds values."""
    after = re.match(r"/\d+(?!\d|[.,]\d)", note[j : j + 8])
    before = re.search(r"(?<![\d.,])\d+/$", note[max(0, i - 8) : i])
    return after is not None or before is not None


def _note_writes(note: str, claim: Claim) -> bool:
    """Does the note write this number as a number of its own ("2.4 kg", not the 9 of "19" or
    "1990", nor the 10 of "10/10"), with a unit that can be the claim's (none, or one of the same kind: not "9 months"
    for "9 kg")?"""
    text = claim.value_text
    if not text:
        return False
    unit = claim.unit
    i = note.find(text)
    while i != -1:
        j = i + len(text)
        alone = (i == 0 or not (note[i - 1].isdigit() or note[i - 1] in ".,")) and not (
            j < len(note) and (note[j].isdigit() or (note[j] in ".," and j + 1 < len(note) and note[j + 1].isdigit())))
        i = note.find(text, i + 1)
        if not alone or (text.isdigit() and "/" in note[max(0, j - len(text) - 1) : j + 1] and _in_whole_pair(note, j - len(text), j)):
            continue  # part of a larger number, or a whole number of a pair or date ("pain 10/10", "120/80", "5/20/2020")
        if not unit:
            return True
        there, _ = unit_at(note, j)
        if there is None:
            return True
        if there.lower() in TIME_UNITS and unit.lower() not in TIME_UNITS:
            continue  # "9 months" is no weight of 9 kg
        if there == unit or _converts(there, unit, None) or not _converts(unit, unit, None) or not _converts(there, there, None):
            return True  # the same kind of unit, or one the unit layer does not know
    return False


# A value named as the one the formula takes ("weight used", "dosing weight", "the weight to use").
_USED_NAME = re.compile(r"\b(?:used|to\s+use|we\s+use|using|dosing|chosen|selected)\b", re.I)


def _note_states(note: str, claim: Claim) -> bool:
    """Does the note write this number (with this unit, if any) right after a word of the claim's
    name ("creatinine of 158.21 µmol/L")?"""
    if not note or not claim.value_text or claim.value_text not in note:
        return False
    words = set(_NAME_WORD.findall((claim.name or "").lower())) - _GENERIC_WORDS
    if not words:
        return False
    unit = (claim.unit or "").lower()
    quantity = knowledge.quantity_words()
    i = note.find(claim.value_text)
    while i != -1:
        j = i + len(claim.value_text)
        before_ok = i == 0 or not (note[i - 1].isdigit() or note[i - 1] == ".")
        after = note[j : j + 12].lstrip().lower()
        after_ok = (j == len(note) or not note[j].isdigit()) and (not unit or after.startswith(unit))
        # The name nearest before the number is the one it is written under: in "AST-67 IU/L;
        # ALT-24 IU/L" 24 is the ALT, whatever other names are near.
        before = [w for w in _NAME_WORD.findall(note[max(0, i - 60) : i].lower()) if w in words or w in quantity]
        named_before = bool(before) and before[-1] in words
        if before_ok and after_ok and (named_before or words & set(_NAME_WORD.findall(note[j : j + 24].lower()))):
            return True  # "creatinine of 1.4 mg/dL" or "569 mg/dL glucose"
        i = note.find(claim.value_text, i + 1)
    return False


Grader = Callable[[Claim, TraceContext], Check | None]

# Claim kind (``Claim.kind``) -> its grader. A kind with no row gets no check.
def grade_unit_fact(claim: Claim, ctx: TraceContext) -> Check | None:
    """An analyte's molar mass or valence as the trace writes it, against the unit layer's."""
    from clinverify.calculators.units import ANALYTES

    context = (claim.context or "").lower()
    found = [(context.rfind(a.name.replace("_", " ")), a) for a in ANALYTES.values() if a.name.replace("_", " ") in context]
    if not found or claim.value is None:
        return None
    analyte = max(found, key=lambda x: (x[0], len(x[1].name)))[1]  # the analyte named nearest before the value
    want = analyte.molar_mass if claim.name == "molar mass" else analyte.valence
    label = f"the {claim.name} of {analyte.name.replace('_', ' ')}"
    if close(claim.value, want, claim.decimals, rel=0.01):
        return Check("unit_conversion", True, f"{label} is {fmt(want)}", claim.start, claim.end)
    return Check("unit_conversion", False, f"{label} is {fmt(want)}, not {claim.value_text}", claim.start, claim.end)


GRADERS: dict[str, Grader] = {
    "unit_fact": grade_unit_fact,
    "arithmetic": grade_arithmetic,
    "conversion": grade_conversion,
    "quantity": grade_quantity,
    "date": grade_date,
    "date_count": grade_date_count,
    "month_length": grade_month_length,
    "days_left": grade_days_left,
    "restatement": grade_restatement,
}
