"""Verify a reasoning trace: check every claim and label its steps.

Pipeline (``verify``): segment the trace into steps -> read each step's claims (``claims``) ->
grade each claim with the grader for its kind (``graders.GRADERS``), and check the step's
criteria, stated parameters and formula statements -> check the final answer and attribute a
wrong one -> review the thinking (``thinking.review``) -> scores and risk.
Reading claims is kept separate from grading them, as in math-verify.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache, partial
from itertools import combinations
from typing import Any

from clinverify.calculators import Calculator, CalculatorError, Result, get
from clinverify.calculators.inputs import Invalid
from clinverify.calculators.model import fmt
from clinverify.calculators.units import convert
from clinverify.verifier import (
    code_values,
    criteria_read,
    dates,
    knowledge,
    parameters,
    risk,
    stated_facts,
    substitution,
    thinking,
)
from clinverify.verifier.answer_values import agrees, as_calc_value, label_text
from clinverify.verifier.arith import evaluate, latex_with_names, normalise
from clinverify.verifier.claims import (
    LIMIT,
    MODIFIERS,
    NUM_RE,
    Answer,
    Claim,
    as_expression,
    extract_claims,
    final_answer,
    one_length,
    parse_answer_text,
    parse_number,
    strip_units,
)
from clinverify.verifier.formula_statements import check_statement
from clinverify.verifier.graders import (
    GRADERS,
    TraceContext,
    misconverted_inputs,
    misstated_temperature_conversions,
    result_key,
    unconverted_input,
)
from clinverify.verifier.identify import identify
from clinverify.verifier.limits import (
    MAX_CLAIMS_PER_STEP,
    MAX_CLAIMS_PER_TRACE,
    MAX_NOTE_CHARS,
    MAX_TRACE_CHARS,
    NoteTooLarge,
    TraceTooLarge,
    step_limit_note,
    trace_limit_note,
)
from clinverify.verifier.result import AnswerCheck, Check, Step, Verification
from clinverify.verifier.steps import segment
from clinverify.verifier.tolerance import close, decimals_of
from clinverify.verifier.trace_scores import DEFAULT_WEIGHTS, RewardWeights, score_trace

_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUBSCRIPT_HINT = re.compile("[₀-₉]")


@lru_cache(maxsize=1024)
def _note_as_read(note: str) -> str:
    """The patient note as the readers take it, offsets kept: "5 ft 9 in tall" one height of 69
    inches, "FiO₂" with its subscript digit as a digit. Cached, so that a note sent again is the
    same string (the readers' caches then hash it once) and read once."""
    note = one_length(note)
    return note.translate(_SUBSCRIPT_DIGITS) if _SUBSCRIPT_HINT.search(note) else note


def _truth(calc: Calculator | None, entities: Mapping[str, Any] | None) -> tuple[Result | None, dict | None]:
    """The calculator's result and parsed inputs for the patient's data (read-only: shared). Best-of-n
    and RL groups verify many candidates for one patient: computed once per calculator and data."""
    if calc is None or not entities:
        return None, None
    try:
        key = (calc.id, _frozen(entities))
    except TypeError:
        return _compute_truth(calc, entities)  # a value that cannot be a key: computed each time
    found = _TRUTHS.get(key)
    if found is None:
        found = _compute_truth(calc, entities)
        with _TRUTHS_LOCK:  # servers verify in threads
            if len(_TRUTHS) >= TRUTH_CACHE_SIZE:
                del _TRUTHS[next(iter(_TRUTHS))]  # the oldest entry goes
            _TRUTHS[key] = found
    return found


TRUTH_CACHE_SIZE = 1024
_TRUTHS: dict[tuple, tuple[Result | None, dict | None]] = {}
_TRUTHS_LOCK = threading.Lock()


def _compute_truth(calc: Calculator, entities: Mapping[str, Any]) -> tuple[Result | None, dict | None]:
    try:
        inputs = calc.parse(entities)
        return calc.compute(inputs), inputs
    except CalculatorError:
        return None, None


def _frozen(value: Any) -> Any:
    """A hashable copy of JSON-like patient data (TypeError for anything else)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    hash(value)
    return (type(value).__name__, value)


# Read as the ASCII hyphen-minus: the non-breaking hyphen and the hyphen some models write in
# exponents and ranges ("Scr^‑1.154"). One character for one, so offsets are unchanged.
# (str.replace, not str.translate with a table: translate looks up every character of the trace.)
# Characters read as their plain forms, one for one: non-breaking and soft hyphens; the full-width
# and ideographic punctuation of models trained mostly outside English ("TC 6.2mmol/L，HDL-C 1.1mmol/L",
# "Answer：3.36L", "（≈ 212µmol/L）"); circled list numbers ("① Age") as list bullets.
_READING = str.maketrans({"\u2011": "-", "\u2010": "-", "：": ":", "，": ",", "；": ";", "（": "(", "）": ")", "＝": "=", "！": "!", "？": "?",
                          "．": ".", "、": ",", "。": ".", "％": "%", "＋": "+", "－": "-", "～": "~", "＜": "<", "＞": ">", "　": " ",
                          **{chr(c): "•" for c in range(0x2460, 0x2474)}})
# Thousands grouped by spaces ("101 000 /µL", "1 030 838", "17 200"): read as one number, its
# digits joined and the spaces moved after it, so the trace keeps its length and every offset
# outside the number holds. Not a range or a table row ("130-139: 1 140-159", "0-119: 0 120"), nor a
# result and the next operand written tight ("74+31=105 105+30=135").
_GROUPED_HINT = re.compile(r"\d[ \u202f\u2009\u00a0]\d\d\d")  # what _GROUPED needs, found 2.5 times faster (most traces have none)
_GROUPED = re.compile(r"(?<![\d.,:\w-])([1-9]\d{0,2})((?:[ \u202f\u2009\u00a0]\d{3})+)(?![\d\w]|[.,]\d|\s*[-–:]\s*\d|[+*/×÷=]\d)")


# A code library's function, read as the function ("math.sqrt(x)", "np.log(x)", "math.exp(x)"), one character for one.
_CODE_MODULE = re.compile(r"\b((?:math|numpy|np|cmath)\.)(sqrt|log10|log|exp)(?=\()")


def _code_function(m: re.Match) -> str:
    """The function as the verifier writes it, padded to the length written (a library's log is the natural log)."""
    name = "ln" if m.group(2) == "log" else m.group(2)
    return " " * (len(m.group()) - len(name)) + name


def _join_grouped(m: re.Match) -> str:
    digits = m.group(1) + re.sub(r"\D", "", m.group(2))
    return digits + " " * (len(m.group()) - len(digits))


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
    max_note_chars: int = MAX_NOTE_CHARS,
) -> Verification:
    """Verify a reasoning trace; see INTERFACES.md for the output object (``.to_dict()``).

    Traces longer than ``max_chars`` raise TraceTooLarge, patient notes longer than
    ``max_note_chars`` NoteTooLarge. Inside the limits (``limits``) every stage is linear or
    bounded: claims beyond MAX_CLAIMS_PER_STEP / MAX_CLAIMS_PER_TRACE are left unchecked (the
    step's detail says so), numbers over MAX_DIGITS digits are not evaluated.
    """
    if not isinstance(trace, str):
        raise TypeError("trace must be a string")
    if len(trace) > max_chars:
        raise TraceTooLarge(f"trace has {len(trace)} characters; the limit is {max_chars}")
    if isinstance(patient_note, str) and len(patient_note) > max_note_chars:
        raise NoteTooLarge(f"patient_note has {len(patient_note)} characters; the limit is {max_note_chars}")
    calc = None
    if calculator is not None:
        try:
            calc = get(calculator)
        except CalculatorError:
            calc = None
    if calc is None:
        calc = identify(question) or identify(trace[:1500])
    truth, inputs = _truth(calc, entities)
    if patient_note:
        patient_note = _note_as_read(patient_note)
    ctx = TraceContext(calc, truth, inputs, patient_note)
    original = trace
    if not trace.isascii():
        trace = trace.translate(_READING)  # one character for one: every offset holds
    if _GROUPED_HINT.search(trace) and _GROUPED.search(trace):
        trace = _GROUPED.sub(_join_grouped, trace)
    if ("math." in trace or "np." in trace or "numpy." in trace) and _CODE_MODULE.search(trace):  # (substring tests first: the pattern scans the trace)
        trace = _CODE_MODULE.sub(_code_function, trace)  # "math.sqrt(175 * 86 / 3600)": sqrt
    ctx.trace = trace
    ctx.question = question or ""
    spans = thinking.regions(trace)
    ctx.think_end = spans[-1][1] if spans else -1  # the trace before it is the model's thinking

    steps = [Step(s.index, s.start, s.end, s.text) for s in segment(trace)]
    all_claims: list[Claim] = []
    all_mentions: list[criteria_read.Mention] = []
    stated: list[tuple[Step, Check, str | None]] = []  # formula statements, in trace order
    repeats: list[tuple[int, str]] = []  # wrong claims and judgements made again, not reported again: (where, detail)
    # Date arithmetic runs across sentences and steps ("LMP: 08/02/2010." ... "after adding 40
    # weeks: 05/30/2011"): read over the whole trace, each claim graded in the step of its result.
    date_claims = dates.read(trace, MAX_CLAIMS_PER_TRACE, ctx.think_end)
    code_claims = code_values.read(trace)  # values the trace shows for what its code computes ("# → 80.0", "Output: `6.21`")
    in_thinking = ctx.think_end > 0
    given: dict[str, list[tuple[int, frozenset[str], float, str]]] = {}  # criterion key -> points given it (``_counted_twice``)
    blocks = _list_blocks(steps) if ctx.items else []
    for step in steps:
        if in_thinking and step.start >= ctx.think_end:
            in_thinking = False
            ctx.results.clear()  # the explanation restates its own results, not the thinking's guesses
            ctx.version, ctx.version_constants = None, frozenset()  # a version kept into the explanation is reported there too
        room = MAX_CLAIMS_PER_TRACE - len(all_claims)
        claims = extract_claims(step.text, step.start) if room > 0 else []
        if date_claims and date_claims[0].start < step.end:
            claims = sorted(claims + [c for c in date_claims if c.start < step.end], key=lambda c: c.start)
            date_claims = [c for c in date_claims if c.start >= step.end]
        if code_claims and code_claims[0].start < step.end:
            mine = [c for c in code_claims if c.start < step.end]
            code_claims = code_claims[len(mine):]
            claims = sorted([c for c in claims if not any(c.start <= m.start < c.end for m in mine)] + mine, key=lambda c: c.start)
        if any(c.kind == LIMIT for c in claims):
            claims = [c for c in claims if c.kind != LIMIT]
            step.unchecked = step_limit_note(len(claims))
        if len(claims) > MAX_CLAIMS_PER_STEP:
            claims = claims[:MAX_CLAIMS_PER_STEP]
            step.unchecked = step_limit_note(MAX_CLAIMS_PER_STEP)
        if len(claims) >= room > 0:
            claims = claims[:room]
            step.unchecked = trace_limit_note()
        all_claims += claims
        for claim in claims:
            grader = GRADERS.get(claim.kind)
            check = grader(claim, ctx) if grader is not None else None
            if check is not None and not check.ok and claim.start < ctx.think_end and ctx.restated(("claim", check.kind, check.detail)):
                repeats.append((claim.start, check.detail))
                continue  # thinking that repeats the same wrong claim ("March 24 + 280 days = December 31?"): reported where first made
            if check is not None:
                step.checks.append(check)
        _factor_explains_product(step)
        if ctx.items:
            mentions = criteria_read.for_calculator(criteria_read.read(step.text, step.start), ctx.calc)
            if (not mentions or not any(map(criteria_read.finding_words, (m.phrase for m in mentions)))
                    or criteria_read.refers_back(step.text, mentions, ctx.calc)) and (
                    h := criteria_read.headed(step.text, step.start, trace, ctx.calc)):
                mentions = criteria_read.for_calculator([h], ctx.calc)  # points that name no finding ("Yes, +1."): the heading's
            if (not mentions and step.start >= ctx.think_end and (b := criteria_read.bare_tally(step.text, step.start, ctx.calc)) is not None
                    and (criteria_read.says_points(step.text) or _scores_patient(steps, step, ctx))):
                mentions = [b]  # "Hypertension: 1" in the patient's tally
            if listed := criteria_read.points_list(step.text, step.start, ctx.calc):
                # "Now sum points: Age: 4 HR: 1 RR: 3 …": each number its criterion's points, none a patient value
                mentions = listed + [m for m in mentions if not any(m.start < x.end and x.start < m.end for x in listed)]
                step.checks = [c for c in step.checks if not (c.kind == "extraction" and any(c.start < m.end and m.start < c.end for m in listed))]
            if not mentions:
                mentions = criteria_read.numbered_options(step.text, step.start, ctx.calc)  # "Motor: 4", "E2 V3 M4"
            mentions = criteria_read.worst_taken(mentions, ctx.calc, step.text)
            all_mentions += mentions
            recital = bool(mentions) and (criteria_read.recites_rules(step.text) or _under_rules_lead(steps, step, ctx)
                                         or criteria_read.lists_options(mentions, ctx.calc, step.text, step.start))
            # Without the patient's data, the values the note gives once decide one-value criteria.
            note_points, note_values = ctx.note_points() if mentions and ctx.truth is None else ({}, None)
            crit_inputs = ctx.inputs if ctx.truth is not None else note_values or None
            # Outside the thinking: a thinking recites and tries rules in one stream, paragraphs unmarked.
            # (asked only where it can matter: points given to a criterion that may be named alone, see criteria_read.check)
            tally = (not recital and step.start >= ctx.think_end and any(m.points != 0 and m.says_points and not m.arrow for m in mentions)
                     and _scores_patient(steps, step, ctx))
            for mention in mentions:
                v = criteria_read.check(mention, ctx.calc, ctx.item_points, crit_inputs, recital or mention.recital, note_points, tally)
                if v is not None and not v.ok:
                    # Thinking restates a judgement in new words: one report per detail there; in the
                    # explanation, per finding ("history of DVT" and "history of AF" are two errors).
                    in_thinking = mention.start < ctx.think_end
                    if ctx.restated(("criterion", v.detail, in_thinking, frozenset() if in_thinking else criteria_read.finding_words(mention.phrase))):
                        repeats.append((mention.start, v.detail))
                        continue  # the same misjudgement restated: reported where first made
                if v is not None and v.ok and v.key is not None and not recital and (twice := _counted_twice(given, mention, v.key, step, blocks, ctx)) is not None:
                    v = twice  # "| Immobilization ≥3 days | Yes | 1.5 |" then "| Surgery in previous 4 weeks | Yes | 1.5 |": one criterion
                if v is not None:
                    step.checks.append(Check("criterion", v.ok, v.detail, mention.start, mention.end, v.key, about=v.about))
                if not recital and not mention.recital and _DIGIT.search(mention.phrase):
                    _check_criterion_value(mention, step, ctx)  # (a clause with a number in it only)
            for a, b, ok, detail in criteria_read.numbered_scale_facts(step.text, ctx.calc):
                if not ok and ctx.restated(("scale", detail, step.start + a < ctx.think_end)):
                    continue  # the same wrong number for a response, reported where first written
                step.checks.append(Check("criterion", ok, detail, step.start + a, step.start + b))
            _check_table_rows(step, ctx, crit_inputs)
            _check_cutoffs(step, ctx, repeats)
            _check_denied_criteria(step, ctx, trace)
            step.checks.extend(_points_consistency(mentions, claims, trace))
            for a, b, finding in criteria_read.listed_foreign(step.text, ctx.calc, trace[max(0, step.start - criteria_read.LIST_REACH_BEFORE) : step.start]):
                if step.start + a < ctx.think_end and ctx.restated(("listed", finding)):
                    continue  # the thinking lists the same wrong item again: reported where first listed
                step.checks.append(Check("formula", False, f"{finding} is not a criterion of the {ctx.calc.name}", step.start + a, step.start + b))
        _check_parameters(step, ctx, trace, question)
        if step.start >= ctx.think_end and stated_facts.may_compare(step.text):
            stated_facts.check_comparisons(step, ctx)  # (outside the thinking, where comparisons are tried out loud)
        if ctx.sex is not None:
            stated_facts.check_stated_sex(step, ctx)
        if ctx.inputs and not ctx.criteria and ctx.items:
            _check_points_table(step, ctx)
        for at, part in _clauses(step.text):
            st = check_statement(part, calc.id if calc is not None else None)
            if st is None and "\\" in part and ("\\frac" in part or "\\times" in part or "\\sqrt" in part):
                # A formula in LaTeX with its names in \text{…}: judged in plain notation, reported on the clause
                plain = check_statement(latex_with_names(part), calc.id if calc is not None else None)
                st = replace(plain, start=0, end=len(part)) if plain is not None else None
            if st is not None and not st.ok and ctx.version is not None and _uses_version(part, ctx):
                st = None  # the version the trace follows, judged where it first appeared
            if st is not None and not st.ok and _name_beside_its_value(part[st.start : st.end], ctx, trace[max(0, step.start + at - 2000) : step.start + at]):
                st = None  # "AdjBW = IBW + 0.4 × (90 − 57.0)" after "IBW = … = 57.0": a substitution in progress
            if st is not None and st.ok and st.fixed and ctx.truth is not None and not _another_group(part, ctx):
                st = _specialised_for_patient(st, ctx, trace[step.start + at + st.end : step.start + at + st.end + FACTOR_AFTER_REACH])
                if st.ok and (wrong := _input_written_in(st, ctx)) is not None:
                    step.checks.append(Check("extraction", False, wrong, step.start + at + st.start, step.start + at + st.end))
            if st is not None and st.ok and st.form_unit is not None:
                st = _form_in_other_units(st, ctx)
            if st is not None and st.ok and st.form_sex is not None and ctx.sex is not None and st.form_sex != ctx.sex and not _another_group(part, ctx):
                whom = "women" if st.form_sex == "female" else "men"
                st = replace(st, ok=False, detail=f"this is the form for {whom} of {st.detail.removeprefix('the formula matches ')}; the patient is {ctx.sex}")
            if st is not None and not st.ok and ctx.restated(("statement", st.detail, step.start < ctx.think_end)):
                st = None  # the same wrong formula restated: reported where the trace first states it
            if st is not None and (st.ok or not any(c.convention for c in step.checks)):
                if st.ok:
                    _replaced_statements(stated, step, st.key, ctx.think_end)
                check = Check("formula", st.ok, st.detail, step.start + at + st.start, step.start + at + st.end, "formula" if st.ok else None,
                              severity="minor" if st.minor else "major")
                step.checks.append(check)
                stated.append((step, check, st.key))

    _check_substitutions(steps, all_claims, ctx, trace)
    _check_unconverted_input(steps, all_claims, ctx)
    _check_unbounded_inputs(steps, all_claims, ctx)
    _check_misconverted_inputs(steps, all_claims, ctx)
    _check_date_inputs(steps, ctx, trace)
    _check_evaluated_arguments(steps, trace, ctx)
    own = _OwnValues(trace, calc, all_claims, patient_note if truth is None else None)  # (with entities, they are the patient data)
    _check_substituted_results(steps, ctx, own, all_claims)
    if calc is not None and parameters.declared(calc, "PARAMETERS"):
        _check_stated_parameters(steps, ctx, own, all_claims)
    _check_group_constants(steps, all_claims, ctx)
    _check_sex_bases(steps, all_claims, ctx)
    _check_powers(steps, all_claims, ctx)
    _check_input_powers(steps, all_claims, ctx)
    _check_item_results(steps, all_claims, ctx)
    folded = _folded_left_out(ctx, steps, all_mentions)
    ans = _check_answer(trace, answer, reference, calc, ctx, steps, own, question)
    _attribute(ans, own, calc, steps, all_claims)
    if ctx.criteria:
        _running_totals(steps, all_mentions, all_claims, trace, ctx.think_end)
    _wrong_total(ans, ctx, steps, all_claims, all_mentions, folded)
    _no_calculation(ans, ctx, steps)
    _total_below_own_values(ans, ctx, steps, all_claims, own)
    thinking.review(steps, trace, spans, ans.value if isinstance(ans.value, (int, float)) else None, repeats)
    required = None
    if calc is not None and truth is not None:
        required = {k for _, k in ctx.known}
    scores = score_trace(steps, ans.correct, required, ans.value is not None, weights)
    scores["risk"] = risk.risk(steps, ans)
    if trace is not original:
        for step in steps:
            step.text = original[step.start : step.end]  # the steps show what the model wrote
    return Verification(id, calc.id if calc else None, steps, ans, scores)


# A formula stated for a group ("× 0.85 if female", "for women", "in elderly men") states the rule for
# that group; the patient's own sex named ("For an adult male, …") states it for this patient.
_GROUP_NAMED = re.compile(r"(?:\b(?:if|for|in)\b[^.;=]{0,20}?|[(\[]\s*)\b(?:(?P<f>females?|wom[ae]n)|(?P<m>males?|m[ae]n)|elderly|child(?:ren)?|black)\b", re.I)


def _another_group(part: str, ctx: TraceContext) -> bool:
    sex = str((ctx.inputs or {}).get("sex", "")).lower()
    for m in _GROUP_NAMED.finditer(part):
        if not (m.group("f") and sex == "female" or m.group("m") and sex == "male"):
            return True
    return False


def _unit_worked_in_instead(formula, unit: str, ctx: TraceContext) -> str | None:
    """Another of the formula's units (``Formula.form_units``) the trace works in — in its text, its
    question or the note its values come from — when ``unit`` is written nowhere there; else None."""
    if formula.form_unit_input:
        return _input_written_in_other_unit(formula, unit, ctx)
    low = f"{ctx.trace} {ctx.question} {ctx.note}".lower()
    if unit.lower() in low:
        return None
    return next((u for u in formula.form_units if u and u != unit and u.lower() in low), None)


def _input_written_in_other_unit(formula, unit: str, ctx: TraceContext) -> str | None:
    """The unit the trace writes the patient's value of ``formula.form_unit_input`` in (380 for a QT
    of 380 ms, 0.38 for it in s) when that is one unit only and not ``unit``; else None (no data, or both)."""
    name = formula.form_unit_input
    inp = ctx.calc.input(name) if ctx.calc is not None else None
    value = (ctx.inputs or {}).get(name)
    if inp is None or not isinstance(value, (int, float)) or isinstance(value, bool) or not value:
        return None
    written = [parse_number(m.group()) for m in NUM_RE.finditer(ctx.trace)]
    works = set()
    for u in {inp.unit, *(x for x in formula.form_units if x)}:
        try:
            v = convert(float(value), inp.unit, u, inp.analyte)
        except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
            continue
        if any(close(w, v, None, rel=0.01) for w in written):
            works.add(u)
    return works.pop() if len(works) == 1 and unit not in works else None


def _form_in_other_units(st, ctx: TraceContext):
    """A formula matched in the form for one unit (LDL's TG ÷ 2.2 for mmol/L) by a trace that works
    in another of the formula's units: the form of other units (its divisor applied to values in mg/dL)."""
    from clinverify.verifier.formula_statements import FORMULAS

    formula = FORMULAS.get(st.key)
    used = _unit_worked_in_instead(formula, st.form_unit, ctx) if formula is not None else None
    if used is None:
        return st
    return replace(st, ok=False, detail=f"this is the {st.form_unit} form of {formula.text}; the trace works in {used}")


def _form_of_other_units(c: Claim, text: str, values, ctx: TraceContext) -> str | None:
    """A substitution that is the calculator's formula in the form for another unit ("200 − 50 −
    150/2.2": LDL's mmol/L divisor on values in mg/dL), in a trace that works in another of the
    formula's units (as ``_form_in_other_units`` for a statement): what is wrong, else None.
    ``values``: (name, number) of the substitution's variables."""
    from clinverify.verifier.formula_statements import FORMULAS

    formula = next((f for f in FORMULAS.values() if f.text == text), None)
    if formula is None or not formula.form_units:
        return None
    var_of = {p: var for var, ps in formula.phrases.items() for p in ps}
    try:
        vals = {var_of[name]: parse_number(num) for name, num in values}
        value = evaluate(normalise(c.expr))
    except (KeyError, ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        return None
    for form, unit in zip(formula.forms, formula.form_units, strict=False):
        try:
            matches = unit is not None and close(form(vals), value, None, rel=1e-6)
        except (KeyError, ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        if matches:
            used = _unit_worked_in_instead(formula, unit, ctx)
            return f"the substitution ({c.expr}) is the {unit} form of {formula.text}; the trace works in {used}" if used else None
    return None


_ITEM_RESULT_UNIT = re.compile(r"\b(?:mme|morphine)\b", re.I)
_PRODUCT_EXPR = re.compile(r"[^+\-−–]*[×*·][^+\-−–]*")


def _numbers_in(expr: str) -> list[str]:
    return [m.group() for m in NUM_RE.finditer(expr)]


def _check_item_results(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """An item's result stated on its line ("Fentanyl buccal: 20 µg × 1 dose/day × 0.13 = 2.6 MME")
    against the item's contribution for this patient (``Factor.result``: 5.2 MME/day from 2 doses
    a day): a dose or a number of doses misread. Not where the step is already found wrong (a wrong
    factor explains it)."""
    if ctx.calc is None or ctx.truth is None or not parameters.declared(ctx.calc, "FACTORS"):
        return
    for c in claims:
        if (c.kind != "arithmetic" or c.value is None or not c.expr or not _PRODUCT_EXPR.fullmatch(c.expr)
                or not _ITEM_RESULT_UNIT.search(ctx.trace[max(c.start, c.end - 12) : c.end + 12])):
            continue  # (a product: "20 + 10 = 30 MME" is a running total, not the item's)
        step = _step_at(steps, c.start)
        if step is None or any(x.ok is False for x in step.checks):
            continue
        named = [x for x in parameters.items_named(step.text, ctx.calc) if step.start + x[0] < c.start]
        if not named:
            continue
        _, name, factors = named[-1]
        keys = {f.result for f in factors if f.result}
        wants = [float(w) for k in keys if isinstance(w := ctx.truth.intermediates.get(k), (int, float)) and not isinstance(w, bool)]
        if len(wants) != 1 or close(c.value, wants[0], c.decimals, rel=0.02):
            continue
        # Only the count of doses can be what is wrong: the patient's dose is in the product and the
        # factor stated is the calculator's own (a convention's factor or another dose is read elsewhere).
        doses = [ctx.inputs.get(f.dose) for f in factors if f.dose and ctx.inputs]
        if not any(isinstance(d, (int, float)) and any(close(float(n), float(d), None, rel=1e-6) for n in _numbers_in(c.expr)) for d in doses):
            continue
        if not any(x.kind == "formula" and x.ok and x.quantity == f"factor of {factors[0].names[0]}" and x.convention is None for x in step.checks):
            continue
        if ctx.restated(("item result", name.lower(), c.value, c.start < ctx.think_end)):
            continue
        step.checks.append(Check("extraction", False, f"{name} gives {fmt(wants[0])} for this patient, not {fmt(c.value)}", c.start, c.end,
                                 about=next(iter(keys))))


@lru_cache(maxsize=256)
def _group_constants(calc: Calculator) -> tuple[tuple[float, str, tuple[str, ...]], ...]:
    """The constants a formula of the calculator takes for one group of patients (its specialisable
    variables' choices other than 1: Cockcroft-Gault's female 0.85, MDRD's 0.742 and 1.212, the
    TBW fractions), each with the variable's phrase and the intermediates that hold this patient's."""
    from clinverify.verifier.formula_statements import FORMULAS, _choices

    out = []
    for f in knowledge.declaration(calc, "STATEMENTS") or ():
        if not getattr(f, "specialisable", None) or f.key not in FORMULAS:
            continue
        for var, values in _choices(f.key).items():
            keys = parameters.intermediate_keys(calc, tuple(f.phrases.get(var, ())))
            if keys:
                out.extend((v, f.phrases[var][0], keys) for v in values if v != 1.0)
    return tuple(out)


# (A whole step that considers another patient; ``claims._HYPOTHETICAL`` reads a value's worked example.)
_SUPPOSED = re.compile(r"\b(?:if|would|were|suppose|supposing|assum\w*|hypothetical\w*|otherwise|instead)\b", re.I)
# A number multiplied in: "× 0.85", "0.5 × 64.41".
_FACTOR_AT = r"(?:(?<=[×*·]\s)|(?<=[×*·]))\s*{n}(?![\d.])|(?<![\d.]){n}(?=\s*[×*·])"


def _check_group_constants(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A computation that multiplies by another group's constant ("25.24 × 0.85" for a man in
    Cockcroft-Gault, "0.5 × 64.41" as an adult man's TBW fraction, MDRD's 0.742 for a man): the
    constant of a formula variable that this patient's intermediate does not take."""
    if ctx.calc is None or ctx.truth is None:
        return
    constants = _group_constants(ctx.calc)
    if not constants:
        return
    for c in claims:
        expr = c.expr.replace("\\times", "×").replace("\\cdot", "·") if c.expr else ""
        if c.kind != "arithmetic" or not any(ch in expr for ch in "×*·"):
            continue
        for value, phrase, keys in constants:
            text = fmt(value)
            if text not in expr or not re.search(_FACTOR_AT.format(n=re.escape(text)), expr):
                continue
            wants = [float(w) for k in keys if isinstance(w := ctx.truth.intermediates.get(k), (int, float)) and not isinstance(w, bool)]
            if not wants or any(close(value, w, None, rel=1e-6) for w in wants):
                continue
            step = _step_at(steps, c.start)
            if step is None or any(x.ok is False for x in step.checks) or ctx.restated(("group constant", text, c.start < ctx.think_end)):
                break
            if _SUPPOSED.search(step.text):
                break  # "if she were a woman: 25.2 × 0.85 = 21.4": another patient considered
            if any(x.ok is False and x.kind == "formula" and x.detail.endswith(f"not {text}") for s in steps if s.start < step.start for x in s.checks):
                break  # "the sex factor is 0.85" already found wrong where stated: this is its use
            step.checks.append(Check("formula", False, f"{text} is the {phrase} of other patients; this patient's is {fmt(wants[0])}", c.start, c.end))
            break


# A formula whose base differs by sex, as its text writes it: "50 kg (men) or 45.5 kg (women) + …".
_SEX_BASES = re.compile(r"(?P<male>\d+(?:\.\d+)?)\s*(?:kg\s*)?\((?:men|males?)\)\s*or\s*(?P<female>\d+(?:\.\d+)?)\s*(?:kg\s*)?\((?:women|females?)\)")


@lru_cache(maxsize=1)
def _sex_based_formulas() -> tuple[tuple[Any, dict[str, str], dict[str, re.Pattern], dict[str, re.Pattern]], ...]:
    """(formula, {sex: its base as written}, {sex: a sum that starts from that base}, {sex: the base
    anywhere}) of every formula stated with a base for men and one for women."""
    from clinverify.verifier.formula_statements import FORMULAS

    out = []
    for f in FORMULAS.values():
        if f.form_sexes and (m := _SEX_BASES.search(f.text)) is not None:
            bases = {k: fmt(float(v)) for k, v in m.groupdict().items()}
            starts = {k: re.compile(rf"\s*\(?\s*{re.escape(b)}(?![\d.])\s*(?:kg\s*)?\+") for k, b in bases.items()}
            anywhere = {k: re.compile(rf"(?<![\d.]){re.escape(b)}(?![\d.])") for k, b in bases.items()}
            out.append((f, bases, starts, anywhere))
    return tuple(out)


def _check_sex_bases(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A computation of a formula that starts from the other sex's base ("IBW = 45.5 + 2.3 × (70.08 − 60)"
    for a man), in a step that names the formula: the base of another patient's form."""
    sex = ctx.sex if ctx.truth is not None else None  # (the patient's data's, lower case)
    if sex not in ("male", "female"):
        return
    other = "female" if sex == "male" else "male"
    for c in claims:
        if c.kind != "arithmetic" or not c.expr or "+" not in c.expr:
            continue
        for f, bases, starts, anywhere in _sex_based_formulas():
            if not starts[other].match(c.expr) or anywhere[sex].search(c.expr):
                continue
            step = _step_at(steps, c.start)
            if step is None or _SUPPOSED.search(step.text) or not any(n in step.text.lower() for n in f.names):
                continue
            if any(x.ok is False for x in step.checks) or ctx.restated(("sex base", f.key, c.start < ctx.think_end)):
                break
            whom = "women" if other == "female" else "men"
            step.checks.append(Check("formula", False, f"{bases[other]} is the base for {whom} in {f.text}; the patient is {sex} ({bases[sex]})", c.start, c.end))
            break


_POWER = re.compile(r"\s*\(?\s*(?P<b>\d+(?:\.\d+)?)\s*\)?\s*(?:\^|\*\*)\s*[({]?\s*(?P<e>[-−]?\s*\d+(?:\.\d+)?)\s*[)}]?\s*")


def _check_powers(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A power of an intermediate with another branch's exponent ("0.9111^−1.200" for Scr/κ below 1 in
    CKD-EPI, whose exponent there is α): the calculator's ``POWERS`` name the base and the exponent
    that applies to it for this patient."""
    powers = knowledge.declaration(ctx.calc, "POWERS") if ctx.calc is not None and ctx.truth is not None else None
    if not powers:
        return
    for c in claims:
        if c.kind != "arithmetic" or not c.expr or (m := _POWER.fullmatch(c.expr)) is None:
            continue
        base, exp = float(m.group("b")), parse_number(m.group("e"))
        for base_key, exp_key, name in powers:
            b_true, e_true = ctx.truth.intermediates.get(base_key), ctx.truth.intermediates.get(exp_key)
            if not isinstance(b_true, (int, float)) or not isinstance(e_true, (int, float)) or not close(base, b_true, decimals_of(m.group("b")), rel=0.01):
                continue
            if close(abs(exp), abs(e_true), decimals_of(m.group("e")), rel=1e-3) or not any(close(abs(exp), abs(k), None, rel=1e-6) for k in ctx.constants):
                continue  # the exponent that applies (or its size, the reciprocal taken apart: "2^1.2"), or no exponent of the equation
            if close(b_true, 1.0, None, rel=0.01) or close(base, 1.0, None, rel=0.01):
                continue  # a base of 1 is 1 whatever its exponent ("max term: 1^(−1.2) = 1")
            step = _step_at(steps, c.start)
            if step is not None and not any(x.ok is False for x in step.checks) and not ctx.restated(("power", base_key, exp, c.start < ctx.think_end)):
                step.checks.append(Check("formula", False, f"the exponent of {name} {m.group('b')} is {fmt(e_true)} for this patient, not {m.group('e').strip()}",
                                         c.start, c.end, about=exp_key))
            break


_POWER_IN = re.compile(r"(?<![\w.])(?P<b>\d+(?:\.\d+)?)\s*\)?\s*(?:\^|\*\*)\s*[({]?\s*(?P<e>[-−]?\s*\d+(?:\.\d+)?)(?![\d.])")


def _check_input_powers(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A power in a substitution that takes one of the patient's values (the calculator's
    ``INPUT_POWERS``: "0.9938^age", "SCr^−1.154") with another number in its place ("0.9938^65" for
    a patient of 60): a value put in that is not the patient's."""
    powers = knowledge.declaration(ctx.calc, "INPUT_POWERS") if ctx.calc is not None and ctx.truth is not None and ctx.inputs else None
    if not powers:
        return
    for c in claims:
        expr = normalise(c.expr) if c.kind == "arithmetic" and c.expr else ""
        if "^" not in expr or _POWER.fullmatch(c.expr):
            continue  # (a power alone may be a part of the one taken apart: "0.993^38" as "0.993^10 … × 0.993^8")
        for m in _POWER_IN.finditer(expr):
            base, exp = float(m.group("b")), parse_number(m.group("e").replace(" ", ""))
            for name, where, constant in powers:
                want = ctx.inputs.get(name)
                if not isinstance(want, (int, float)) or isinstance(want, bool):
                    continue
                fixed, value, text = (base, exp, m.group("e")) if where == "exponent" else (exp, base, m.group("b"))
                if not close(fixed, constant, None, rel=1e-6) or close(value, float(want), decimals_of(text.strip().lstrip("-−")), rel=0.005):
                    continue
                step = _step_at(steps, c.start)
                if step is not None and not any(x.ok is False for x in step.checks) and not ctx.restated(("input power", name, text, c.start < ctx.think_end)):
                    unit = getattr(ctx.calc.input(name), "unit", "") or ""
                    step.checks.append(Check("extraction", False, f"the power {m.group().strip()} takes the patient's {name.replace('_', ' ')} "
                                             f"({fmt(float(want))} {unit}".rstrip() + f"), not {text.strip()}", c.start, c.end, about=name))
                break


FACTOR_AFTER_REACH = 400  # characters after a formula stated without a factor where the trace may apply it ("Then there's a sex correction … 0.85")
_FACTOR_NAMED = re.compile(r"\b(?:wom[ae]n|females?|sex|gender|black|race)\b", re.I)


def _specialised_for_patient(st, ctx: TraceContext, after: str = ""):
    """A formula stated with a patient's constant in place of a variable ("FWD = 0.5 × weight × (Na/140
    − 1)" with the TBW fraction 0.5) holds for this patient only if the constant is this patient's
    (an adult man's fraction is 0.6): else it is the formula with another patient's constant. A
    factor left out (1) and applied in the text right ``after`` the statement ("Then there's a sex
    correction for women … the female factor is 0.85") completes it."""
    from clinverify.verifier.formula_statements import FORMULAS

    formula = FORMULAS.get(st.key)
    if formula is None:
        return st
    for var, value in st.fixed:
        keys = parameters.intermediate_keys(ctx.calc, tuple(formula.phrases.get(var, ())))
        wants = [float(w) for k in keys if isinstance(w := ctx.truth.intermediates.get(k), (int, float)) and not isinstance(w, bool)]
        if wants and value == 1 and _FACTOR_NAMED.search(after) and any(
                w != 1 and close(parse_number(n.group()), w, None, rel=1e-3) for n in NUM_RE.finditer(after) for w in wants):
            continue  # the factor itself (to its last digit) written apart, right after the formula
        if wants and not any(close(value, w, None, rel=1e-3) for w in wants):
            name = formula.phrases[var][0] if formula.phrases.get(var) else var
            return replace(st, ok=False, detail=f"the formula is stated with {name} {fmt(value)}; for this patient it is {fmt(wants[0])}")
    return st


def _input_written_in(st, ctx: TraceContext) -> str | None:
    """A formula stated with a patient's value in place of one of its inputs ("IBW + 0.4 × (85 −
    IBW)"): what is wrong when the value is not this patient's (on the same scale: a value in other
    units is left to the substitution's reading), else None."""
    for var, value in st.fixed:
        inp = _substituted_input(ctx.calc, var)
        raw = (ctx.inputs or {}).get(inp) if inp else None
        if not isinstance(raw, (int, float)) or isinstance(raw, bool) or not raw or not 0.5 <= value / raw <= 2.0:
            continue
        used = ctx.truth.intermediates.get(f"{inp}_used")
        if close(value, float(raw), None) or (isinstance(used, (int, float)) and not isinstance(used, bool) and close(value, float(used), None)):
            continue
        return f"{inp} is {fmt(float(raw))} for this patient, not {fmt(value)} (written in the formula)"
    return None


_DIGIT = re.compile(r"\d")
PARAGRAPH_REACH = 3000  # characters either side of a step: how far its paragraph is read for whether it scores the patient


def _check_criterion_value(mention: criteria_read.Mention, step: Step, ctx: TraceContext) -> None:
    """The patient's value written in a criterion's clause beside its rule ("Age >65: patient is 38
    → +0"), checked as a patient value (entities, else the note) where no check reads it already."""
    found = criteria_read.patient_value(mention, ctx.calc, step.text, step.start)
    if found is None:
        return
    name, start, end, written, unit = found
    if any(c.kind == "extraction" and c.start < end and start < c.end for c in step.checks):
        return  # read already
    claim = Claim("quantity", start, end, written, value=parse_number(written), value_text=written, decimals=decimals_of(written),
                  name=name.replace("_", " "), unit=unit)
    check = GRADERS["quantity"](claim, ctx)
    if check is not None:
        step.checks.append(check)


def _patient_date(ctx: TraceContext, inp) -> tuple[int, int, int] | None:
    """A date input's value for this patient: the entities', else the one date the note gives it."""
    if ctx.truth is not None:
        d = (ctx.inputs or {}).get(inp.name)
        return (d.month, d.day, d.year) if d is not None and hasattr(d, "month") else None
    return dates.one_named_date(ctx.note, knowledge.input_names(inp)) if ctx.note else None


def _check_date_inputs(steps: list[Step], ctx: TraceContext, trace: str) -> None:
    """A date the trace gives a date input right after its name ("LMP: 07/25/2010", "the current
    date is February 9, 2011") against the patient's (entities, else the note): a patient value
    read wrong, or read right. A date written without its year is judged by month and day."""
    if ctx.calc is None:
        return
    for inp in ctx.calc.inputs:
        if inp.kind != "date":
            continue
        written = dates.named_dates(trace, knowledge.input_names(inp))
        if not written:
            continue
        want = _patient_date(ctx, inp)
        if want is None:
            continue
        label = inp.name.replace("_", " ")
        shown = f"{want[0]:02d}/{want[1]:02d}/{want[2]}"
        for d in written:
            step = _step_at(steps, d.start)
            if step is None or any(c.kind == "extraction" and c.start < d.end and d.start < c.end for c in step.checks):
                continue
            ok = (d.month, d.day) == want[:2] and d.year in (None, want[2])
            said = f"{d.month:02d}/{d.day:02d}" + (f"/{d.year}" if d.year is not None else "")
            if not ok and ctx.restated(("date input", inp.name, said, d.start < ctx.think_end)):
                continue  # the same wrong date again: reported where first written
            detail = f"{label} {shown} matches the patient data" if ok else f"{label} is {shown} in the patient data, not {said}"
            step.checks.append(Check("extraction", ok, detail, d.start, d.end, inp.name if ok else None, about=inp.name))


def _paragraph_start(pos: int, ctx: TraceContext) -> int:
    """Where the paragraph holding ``pos`` starts: after the blank line before it, not before the
    thinking's end (from after it), at most PARAGRAPH_REACH characters back."""
    lo = max(0, pos - PARAGRAPH_REACH, ctx.think_end if pos >= ctx.think_end else 0)
    a = ctx.trace.rfind("\n\n", lo, pos)
    return lo if a == -1 else a + 2


def _scores_patient(steps: list[Step], step: Step, ctx: TraceContext) -> bool:
    """Does the paragraph around the step (text between blank lines, not across the thinking's end,
    at most PARAGRAPH_REACH characters either side) score the patient (``criteria_read.scores_patient``)?
    Read once per paragraph, from its steps."""
    text, pos = ctx.trace, step.start
    a = _paragraph_start(pos, ctx)
    b = text.find("\n\n", pos, pos + PARAGRAPH_REACH)
    b = min(len(text), pos + PARAGRAPH_REACH) if b == -1 else b
    if (a, b) not in ctx.tallies:
        lines = [(s.start - a, s.text) for s in steps if a <= s.start and s.end <= b]
        ctx.tallies[(a, b)] = criteria_read.scores_patient(lines, text[a:b], ctx.calc)
    return ctx.tallies[(a, b)]


# A paragraph's first line that announces the score's rules ("The modified Centor score assigns:",
# "The criteria are as follows:"), not the patient's ("For our patient:").
_RULES_LEAD = re.compile(r"\b(?:score|criteria|rule)\b[^.\n:]{0,40}\b(?:assigns?|awards?|includes?|consists?\s+of|as\s+follows)\b[^.\n:]{0,30}:\s*$", re.I)
_PATIENT_WORDS = re.compile(r"\b(?:patient|our|he|she|his|her|this\s+case)\b", re.I)


def _under_rules_lead(steps: list[Step], step: Step, ctx: TraceContext) -> bool:
    """Is the step a line of a list that the first line of its paragraph announces as the score's
    rules (``_RULES_LEAD``)? Its points are the rule's, not this patient's."""
    pos = step.start
    k = bisect_left(steps, _paragraph_start(pos, ctx), key=lambda s: s.start)  # the paragraph's first step
    lead = steps[k] if k < len(steps) else None
    return (lead is not None and lead is not step and lead.start < pos and _RULES_LEAD.search(lead.text) is not None
            and not _PATIENT_WORDS.search(lead.text) and ctx.trace.rfind("\n", lead.end, pos) != -1)


_LIST_LINE = re.compile(r"\s*(?:\||[-*•]\s|\**\d{1,2}[.)]\**(?:\s|$))")


def _list_blocks(steps: list[Step]) -> list[int | None]:
    """Per step, the first step of the table or list it is a row or an item of (a run of
    consecutive steps that open with "|", a list mark or a number, or follow a bare number), or
    None for a step outside one."""
    out: list[int | None] = []
    for i, s in enumerate(steps):
        row = _LIST_LINE.match(s.text) is not None or (i > 0 and steps[i - 1].text.strip(" *").rstrip(".)").isdigit())
        out.append((out[-1] if i and out[-1] is not None else i) if row else None)
    return out


def _counted_twice(given: dict, mention, key: str, step: Step, blocks: list[int | None], ctx: TraceContext) -> criteria_read.Verdict | None:
    """Points given for a criterion that a row or item before it in the same table or list (or
    the same step) already scored under other words, beyond the criterion's most ("Immobilization
    ≥3 days: 1.5" and "Surgery in previous 4 weeks: 1.5" in the Wells score, one criterion of
    1.5): the criterion counted twice. Records the points given (outside the thinking only)."""
    if mention.points <= 0 or mention.recital or step.start < ctx.think_end:
        return None
    crit = next((c for c in ctx.criteria if c.key == key), None)
    if crit is None:
        return None
    words = criteria_read.finding_words(mention.phrase)
    block = blocks[step.index] if step.index < len(blocks) else None
    earlier = given.setdefault(key, [])
    for index, was_words, points, phrase in earlier:
        same_place = index == step.index or (block is not None and blocks[index] == block)
        if same_place and was_words and words and not (was_words & words) and points + mention.points > crit.maximum:
            return criteria_read.Verdict(False, f"{crit.label} is one criterion of the {ctx.calc.name} (at most {fmt(crit.maximum)} points), "
                                                f"scored already as '{phrase[:60]}': counted twice", None, about=key)
    earlier.append((step.index, words, mention.points, mention.phrase.strip()))
    return None


def _step_at(steps: list[Step], pos: int) -> Step | None:
    """The step holding trace position ``pos`` (steps are in order and do not overlap), or None."""
    k = bisect_right(steps, pos, key=lambda s: s.start) - 1
    return steps[k] if k >= 0 and pos < steps[k].end else None


def _replaced_statements(stated: list, step: Step, key: str | None, think_end: int) -> None:
    """A right statement of a formula takes back a wrong one of the same formula written in this
    step or the two before it, on the same side of the thinking ("AG = Na + K − (Cl + HCO₃). K is
    not given, so we use AG = Na − (Cl + HCO₃)"): the trace replaced it before using it."""
    for earlier, check, k in stated:
        same_side = (earlier.start < think_end) == (step.start < think_end)
        if k == key and not check.ok and step.index - earlier.index <= 2 and same_side:
            earlier.checks[:] = [c for c in earlier.checks if c is not check]


# ---------------------------------------------------------------------------
# stated parameters, equation versions, per-item factors
# ---------------------------------------------------------------------------


# "11 points corresponds to a 6-8 % 10-year risk", "18 points → 6%": a point total and the risk
# an equation's published point table gives it.
_POINTS_TO_RISK = re.compile(
    r"(?<![\d.])(?P<n>[-−]?\d{1,2})\s*(?:total\s+)?(?:points?|pts)\b[^.%\n]{0,60}?"
    r"(?P<op>(?<![=-])[<>≤≥]=?\s*)?(?P<a>\d{1,2}(?:\.\d+)?)(?:\s*(?:[-–]|to)\s*(?P<b>\d{1,2}(?:\.\d+)?))?\s*%",
    re.I,
)


# A row of the point table recited: "- 11-12: 8-10%", "13–14 points → 16%" (a line of its own).
_POINT_ROW = re.compile(
    r"(?:(?:^|\n)[ \t]*(?:[-•*][ \t]*)?|(?<=\s)[-•*][ \t]+|(?<=%\s)|(?<=%,\s)|(?<=[Pp]oints:\s))(?P<n>\d{1,2})\s*[-–]\s*(?P<n2>\d{1,2})\s*(?:points?|pts)?\s*(?:=>|->|→|:|=)\s*"
    r"(?P<a>\d{1,2}(?:\.\d+)?)(?:\s*[-–]\s*(?P<b>\d{1,2}(?:\.\d+)?))?\s*%")


def _risk_text(risk_percent: float) -> str:
    """A risk read off a point table as the table writes it ("< 1 %", "10 %")."""
    return "< 1 %" if risk_percent < 1 else f"{fmt(risk_percent)} %"


def _check_points_table(step: Step, ctx: TraceContext) -> None:
    """The risk a trace reads off an equation's point table (module-level ``risk_by_points``,
    ATP III's Framingham table) for its point total, against that table for this patient's sex;
    and rows of that table it recites ("11-12: 8-10%"), each end of the row's points inside its
    stated risk."""
    if "%" not in step.text:
        return
    table = knowledge.points_table(ctx.calc)
    if table is None:
        return
    used: set[float] | None = None  # the totals the answer can depend on (the patient's, and those the trace reads off)
    for m in _POINT_ROW.finditer(step.text) if "-" in step.text or "–" in step.text else ():
        n, n2 = int(m.group("n")), int(m.group("n2"))
        if not 0 < n2 - n <= 3:
            continue  # not a run of a few point totals
        try:
            wants = [float(table(float(k), ctx.inputs.get("sex"))) for k in (n, n2)]
        except (KeyError, TypeError, ValueError, StopIteration):
            continue
        a = float(m.group("a"))
        b = float(m.group("b")) if m.group("b") else a
        bad = [(k, w) for k, w in zip((n, n2), wants, strict=True) if not min(a, b) <= w <= max(a, b)]
        if bad:
            if used is None:
                used = {float(sum(ctx.item_points.values()))} if ctx.item_points else set()
                used |= {parse_number(t.group("n")) for t in _POINTS_TO_RISK.finditer(ctx.trace or "")}
            if not any(n <= t <= n2 for t in used):
                continue  # a wrong row of a table recited that no total of this trace falls in: not what the answer uses
        said = m.group(0)[m.start("a") - m.start() :].strip()
        shown = ", ".join(f"{k} points {_risk_text(w)}" for k, w in zip((n, n2), wants, strict=True))
        step.checks.append(Check("criterion", not bad, f"the point table gives {shown}" + (f" for this patient's sex, not {said}" if bad else ""),
                                 step.start + m.start("n"), step.start + m.end()))
    if "point" not in step.text.lower():
        return
    for m in _POINTS_TO_RISK.finditer(step.text):
        total = parse_number(m.group("n"))
        try:
            want = float(table(total, ctx.inputs.get("sex")))
        except (KeyError, TypeError, ValueError, StopIteration):
            continue
        a = float(m.group("a"))
        b = float(m.group("b")) if m.group("b") else a
        op = (m.group("op") or "").strip()
        if op.startswith(("<", "≤")):
            ok = want <= a
        elif op.startswith((">", "≥")):
            ok = want >= a
        else:
            ok = min(a, b) <= want <= max(a, b)
        said = m.group(0)[(m.start("op") if m.group("op") else m.start("a")) - m.start() :].strip()
        shown = _risk_text(want)
        detail = (f"the point table gives {fmt(total)} points {shown}" if ok else
                  f"the point table gives {fmt(total)} points {shown} for this patient's sex, not {said}")
        step.checks.append(Check("criterion", ok, detail, step.start + m.start(), step.start + m.end()))


def _factor_explains_product(step: Step) -> None:
    """A product that converts units ("0.005 g × 1516.1 mg/g = 5.0 mg") found wrong with a unit
    check inside it (the factor, or the converted value) is reported as the unit error first: the
    arithmetic failure is its consequence (both stay: each must be taken back to correct the step)."""
    if not step.checks:
        return  # most steps
    units = [c for c in step.checks if c.kind == "unit_conversion" and c.ok is False]
    if units:
        follows = [c for c in step.checks if c.kind == "arithmetic" and c.ok is False and any(c.start <= u.start < c.end for u in units)]
        if follows:
            rest = [c for c in step.checks if not any(c is f for f in follows)]
            at = max(i for i, c in enumerate(rest) if c.kind == "unit_conversion" and c.ok is False) + 1
            step.checks = rest[:at] + follows + rest[at:]


_LEADING_NOT = re.compile(r"\A\W{0,3}not\b", re.I)


def _check_denied_criteria(step: Step, ctx: TraceContext, trace: str) -> None:
    """A criterion of the score said not to be one ("Elevated homocysteine? Not in Caprini."):
    flagged, unless the patient's data give it no points (then the slip changes nothing). A step
    that answers the question before it ("Not in Caprini.") is read with that question."""
    text, shift = step.text, 0
    if _LEADING_NOT.match(text) and (q := trace[max(0, step.start - 80) : step.start].rstrip()).endswith("?"):
        lead = q[max(q.rfind(". "), q.rfind("\n"), q.rfind("? ", 0, len(q) - 1)) + 1 :].strip()
        text, shift = f"{lead} {text}", len(lead) + 1
    for a, b, crit in criteria_read.denied_criteria(text, ctx.calc):
        points = ctx.item_points.get(crit.key) if ctx.truth is not None and ctx.item_points else None
        if ctx.truth is not None and not points:
            continue
        start, end = step.start + max(0, a - shift), step.start + max(0, b - shift)
        if any(c.ok is False and c.start < end and start < c.end for c in step.checks):
            continue
        if start < ctx.think_end and ctx.restated(("denied", crit.key)):
            continue  # said again in the thinking: reported where first said
        gives = f" ({fmt(points)} points for this patient)" if points else ""
        step.checks.append(Check("criterion", False, f"{crit.label} is a criterion of the {ctx.calc.name}{gives}", start, end, about=crit.key))


LMP_ADJUST_REACH = 600  # characters after a count from the LMP searched for its adjustment to the patient's cycle


def _check_cutoffs(step: Step, ctx: TraceContext, repeats: list[tuple[int, str]]) -> None:
    """A criterion's cut-off the step states as the rule ("the threshold for alcohol is >14 drinks
    per week"), right where the criterion's points change (``criteria_read.stated_cutoffs``).
    ``repeats``: where a wrong cut-off is stated again (reported once) is added to it."""
    found, ctx.cutoff_of = criteria_read.stated_cutoffs(step.text, step.start, ctx.calc, ctx.cutoff_of, ctx.inputs if ctx.truth is not None else None)
    for start, end, ok, detail, key in found:
        if any(c.start < end and start < c.end for c in step.checks if c.kind == "criterion"):
            continue  # judged already as points given
        if not ok and start < ctx.think_end and ctx.restated(("cutoff", detail)):
            repeats.append((start, detail))
            continue  # the same wrong cut-off stated again in the thinking: reported where first stated
        step.checks.append(Check("criterion", ok, detail, start, end, None, about=None if ok else key))


def _check_table_rows(step: Step, ctx: TraceContext, inputs: dict | None) -> None:
    """Rows of a criterion's table the step recites ("RR 30-34 => 1 point, >34 => 2 points"),
    each checked as the band's rule (``criteria_read.table_rows``). A row already judged as this
    patient's points is judged again as a row where the two disagree (the band is not the
    patient's: "WBC 10,000-15,000 => 1" for a count of 15,105 is the table, not the patient)."""
    rows = criteria_read.table_rows(step.text, step.start, ctx.calc, inputs, ctx.item_points)
    for start, end, ok, detail, key in rows:
        same = [c for c in step.checks if c.kind == "criterion" and c.start < end and start < c.end]
        if ok:
            # A right row of a band the patient is not in ("HR >180 => 4 points" for a rate of
            # 107) is the table, not points given to this patient.
            same = [c for c in same if c.ok is False and "for this patient" in c.detail]
            if not same:
                continue
        elif any(c.ok is False for c in same):
            continue  # judged already
        if not ok and start < ctx.think_end and ctx.restated(("row", detail)):
            continue  # the same wrong row recited again in the thinking: reported where first recited
        for c in same:
            step.checks.remove(c)
        step.checks.append(Check("criterion", ok, detail, start, end, key if ok else None, about=None if ok else key))


_STATEMENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_STATEMENT_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.]|\.\d)")


def _name_beside_its_value(statement: str, ctx: TraceContext, before: str = "") -> bool:
    """Does a formula statement write one of its names and, beside it, the value the trace computed
    for that name ("IBW + 0.4 × (90 − 57.0)" after "IBW = … = 57.0"), or a part of the formula the
    trace worked out before ("AG + 6.25" after "2.5 × (4 − 1.5) = 6.25", or "Multiply by 2.5 = 6.25"
    in ``before``, the trace's text before the statement)? Then values are being put in one by one:
    a substitution in progress, not the formula with other constants."""
    numbers = [(float(m.group()), decimals_of(m.group())) for m in _STATEMENT_NUMBER.finditer(statement)]
    if not numbers:
        return False
    for m in _STATEMENT_NAME.finditer(statement) if ctx.results else ():
        key = result_key(m.group() + " =")
        found = ctx.results.get(key) if key is not None else None
        if found is not None and any(close(v, found[2], d, rel=0.0) or close(v, found[0], d, rel=0.0) for v, d in numbers):
            return True
    # a part of the formula worked out before ("corrected AG = AG + 6.25" after "2.5 × (4 − 1.5) = 6.25")
    written = [float(m.group(1)) for m in _RESULT_WRITTEN.finditer(before)] if before else []
    return any(not any(close(v, c, d, rel=0.0) for c in ctx.constants) and any(close(v, x, d, rel=0.0) for x in (*ctx.computed, *written))
               for v, d in numbers)


# A result the trace wrote after an operation ("Multiply by 2.5 = 6.25 mEq/L", "× 2.5 = 6.25"), not a value named ("albumin = 4.0").
_RESULT_WRITTEN = re.compile(r"(?:[-+*/×÷]|\bby)\s*\d+(?:\.\d+)?\s*\)?\s*[=≈]\s*(\d+\.\d+)(?![\w.]|\.\d)")


def _check_parameters(step: Step, ctx: TraceContext, trace: str, question: str | None) -> None:
    calc = ctx.calc
    if calc is None:
        return
    text = step.text
    if ctx.version is None and parameters.may_name_version(text, calc):
        found = parameters.version_in(text, calc, ctx.constants, ctx.data_numbers())
        if found is not None:
            ver, a, b, lit = found
            ctx.version = ver
            ctx.version_constants = frozenset(ver.constants)
            if parameters.question_names_own(ver, question):
                detail = f"{lit} is a constant of {ver.name}: {ver.note}; the question asks for the calculator's own version"
                step.checks.append(Check("formula", False, detail, step.start + a, step.start + b))
            elif (wrong := parameters.misstated_constant(text, ver, a, ctx.constants, ctx.data_numbers())) is not None:
                wa, wb, wlit = wrong
                step.checks.append(Check("formula", False, f"{wlit} is not a constant of {ver.name} ({ver.note}), whose other constants the formula writes",
                                         step.start + wa, step.start + wb))
            else:
                step.checks.append(Check("formula", True, f"follows {ver.name}: {ver.note}", step.start + a, step.start + b, None, ver.name))
    if ctx.truth is not None and step.start >= ctx.think_end and ctx.inputs:
        for a, b, ok, detail in parameters.read_selections(text, calc, ctx.inputs, ctx.truth.intermediates):
            if not ok and ctx.restated(("selection", detail)):
                continue  # the same choice stated again: reported where first made
            step.checks.append(Check("formula", ok, detail, step.start + a, step.start + b))
    # (A thinking muses over normal values: "normal albumin maybe 3.5?": references are read outside it.)
    references = parameters.read_references(text, step.start, calc) if step.start >= ctx.think_end else ()
    # (the date rules' two parts are quantities of their own: a right count of days from the LMP
    # takes back no wrong cycle adjustment before it, and the reverse)
    dated = [(*r, "cycle adjustment") for r in parameters.read_cycle_shift(text, step.start, calc)]
    if parameters.lmp_rule(calc) is not None:
        cycle = _cycle_length(ctx)
        dated += [(*r, "cycle adjustment") for r in parameters.read_no_cycle_adjustment(text, step.start, calc, cycle)]
        dated += [(*r, "days from the LMP") for r in parameters.read_lmp_offsets(
            text, step.start, calc, cycle, ctx.trace[step.start + len(text) : step.start + len(text) + LMP_ADJUST_REACH], _unadjusted_written(ctx))]
    no_correction = parameters.read_no_correction(text, step.start, calc, ctx.truth.intermediates, ctx.inputs) if ctx.truth is not None else ()
    for start, end, ok, detail, *part in (*parameters.read_rates(text, step.start, calc), *parameters.read_slopes(text, step.start, calc), *references, *no_correction,
                                          *parameters.read_equivalences(text, step.start, calc), *parameters.read_ratio_factors(text, step.start, calc),
                                          *parameters.read_listed_equivalents(text, step.start, calc), *dated):
        if not ok and ctx.restated((detail, start < ctx.think_end)):
            continue  # the same wrong rule, already reported where the trace (thinking or explanation) first states it
        quantity = part[0] if part else None
        step.checks.append(Check("formula", ok, detail, start, end, quantity if ok else None, about=None if ok else quantity))
    factors_read = parameters.read_factors(text, step.start, calc)
    if not factors_read and "factor" in text.lower() and (alone := parameters.unnamed_factor(text, trace[:step.start], calc)) is not None:
        a, b, name, value, factors = alone  # "Conversion factor 4, so 6 × 4 = 24 MME/day." after "Hydromorphone: …"
        factors_read = [(step.start + a, step.start + b, name, value, "", factors)]
    for start, end, name, value, unit, factors in factors_read:
        ok, detail, conv = parameters.check_factor(name, value, unit, factors)
        if ok and conv is not None and (follows := parameters.convention_contradicted(conv, ctx.trace)) is not None:
            ok, detail = False, f"{fmt(value)} is the {conv} factor for {name}; the trace follows {follows}, whose factor is {fmt(factors[0].value)}"
        item = factors[0].names[0] if factors else name.lower()
        if not ok and ctx.restated(("factor", item, value, start < ctx.think_end)):
            continue  # the same wrong factor, already reported where the trace first states it
        # The factor is a quantity of its own: a thinking that states it wrong, then right, has corrected it.
        step.checks.append(Check("formula", ok, detail, start, end, f"factor of {item}" if ok else None, conv,
                                 about=None if ok else f"factor of {item}"))


def _unadjusted_written(ctx: TraceContext):
    """A test of a text: does it write the patient's LMP plus the rule's count of days (the date
    the rule gives for a 28-day cycle, as a full date or a month and day)? None without the LMP."""
    lmp = (ctx.inputs or {}).get("last_menstrual_period") if ctx.truth is not None else None
    rule = parameters.lmp_rule(ctx.calc) if ctx.calc is not None else None
    if not isinstance(lmp, dt.date) or not rule:
        return None
    day = lmp + dt.timedelta(days=rule[0])
    return lambda text: any((d.month, d.day) == (day.month, day.day) and d.year in (None, day.year) for d in dates.find_dates(text))


def _cycle_length(ctx: TraceContext) -> float | None:
    """The patient's cycle length from the data, or the one the note gives unambiguously; None when unknown."""
    value = (ctx.inputs or {}).get("cycle_length") if ctx.truth is not None else ctx.note_values().get("cycle_length")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_SEMICOLON = re.compile(r";\s+")


# A second formula joined on by a comma: "QTc = QT / √RR, where … RR interval is given as 60/(heart
# rate)", "The RR interval is computed as 60/(heart rate), and so the RR interval is 60/131".
_LINKED = re.compile(r", (?=(?:and )?(?:where|so|hence|thus|therefore) )")
_SEMICOLON_OR_LINKED = re.compile(_SEMICOLON.pattern + "|" + _LINKED.pattern)


# "…, Correction formula: Na_corrected = Na + 0.024 × (glucose − 100), Apply formula: 140 + …": the next
# labelled item of a list written on one line.
_LABELLED_ITEM = re.compile(r",\s+(?=[A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,3}:\s)")
_ANY_CLAUSE_BREAK = re.compile(_SEMICOLON.pattern + "|" + _LINKED.pattern + "|" + _LABELLED_ITEM.pattern)


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each clause of a step that holds several formulas separated by semicolons
    ("Anion gap = Na − (Cl + HCO3); Delta gap = Lactic acid − 12"), joined by ", where" / ", and
    so" (``_LINKED``) or written as labelled items of one list (``_LABELLED_ITEM``), or a displayed
    formula ("\\[ … \\]") and what follows it; the whole step otherwise."""
    if (close_at := text.find("\\]")) != -1 and text[close_at + 2 :].strip():
        # "\[ MELD-Na = MELD + … \]\n= 24 + …": a displayed formula, then its substitution
        cut = close_at + 2
        return [(0, text[:cut])] + [(cut + a, t) for a, t in _clauses(text[cut:])]
    semicolons = ";" in text and text.count("=") >= 2
    linked = ", " in text and _LINKED.search(text) is not None
    labelled = ", " in text and ":" in text and text.count("=") >= 2 and _LABELLED_ITEM.search(text) is not None
    if not (semicolons or linked or labelled):
        return [(0, text)]
    if labelled:
        splitter = _ANY_CLAUSE_BREAK
    else:
        splitter = _SEMICOLON_OR_LINKED if semicolons and linked else _SEMICOLON if semicolons else _LINKED
    out, pos = [], 0
    for m in splitter.finditer(text):
        out.append((pos, text[pos : m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(a, t) for a, t in out if t.strip()]


def _uses_version(text: str, ctx: TraceContext) -> bool:
    """Does the step write a constant of the equation version the trace was found to follow?"""
    for m in NUM_RE.finditer(text):
        try:
            v = abs(parse_number(m.group()))
        except ValueError:
            continue
        if v not in (0.0, 1.0) and any(close(v, abs(c), None, rel=1e-6) for c in ctx.version_constants):
            return True
    return False


SUBSTITUTION_REACH = 1500  # characters: how far before its substitution a formula may be written


def _check_unconverted_input(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A patient's value put into the formula in another unit (``graders.unconverted_input``): a unit
    error at the first arithmetic that takes it, unless that step is already found wrong."""
    found = unconverted_input(claims, ctx)
    if found is None:
        return
    claim, name, detail = found
    _add_unless_wrong(steps, Check("unit_conversion", False, detail, claim.start, claim.end, about=name))


def _check_unbounded_inputs(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A patient's value that the formula bounds (its ``<input>_used`` intermediate is one of the
    formula's constants: MELD-Na takes a sodium of 122 as 125, a bilirubin of 0.6 as 1.0) put into
    the arithmetic as it is, beside one of the formula's constants ("137 − 122"): an extraction error
    at the first such step, unless that step is already found wrong."""
    if ctx.calc is None or ctx.truth is None or not ctx.inputs:
        return
    bounded = {}
    for name, raw in ctx.inputs.items():
        used = ctx.truth.intermediates.get(f"{name}_used")
        if (isinstance(raw, (int, float)) and not isinstance(raw, bool) and isinstance(used, (int, float)) and not isinstance(used, bool)
                and not close(float(raw), float(used), None, rel=1e-6) and any(close(float(used), k, None, rel=1e-9) for k in ctx.constants)):
            bounded[name] = (float(raw), float(used))
    if not bounded:
        return
    for c in claims:
        if c.kind != "arithmetic" or len(c.literals) < 2:
            continue
        constants = [lit for lit, _ in c.literals if any(close(lit, k, None, rel=1e-9) for k in ctx.constants)]
        for name, (raw, used) in bounded.items():
            if constants and any(close(lit, raw, decimals_of(txt)) and not close(lit, used, decimals_of(txt)) for lit, txt in c.literals):
                written = " ".join(x for x in (name.replace("_", " "), fmt(raw), getattr(ctx.calc.input(name), "unit", "") or "") if x)
                _add_unless_wrong(steps, Check("extraction", False, f"the formula takes {written} as {fmt(used)} (its bound), not as it is",
                                               c.start, c.end, about=name))
                del bounded[name]
                break
        if not bounded:
            return


def _add_unless_wrong(steps: list[Step], check: Check) -> None:
    """A failed check found over the whole trace, added to the step it lies in unless that step is already wrong."""
    step = _step_at(steps, check.start)
    if step is not None and not any(c.ok is False for c in step.checks):
        step.checks.append(check)


def _check_misconverted_inputs(steps: list[Step], claims: list[Claim], ctx: TraceContext) -> None:
    """A patient's value converted to another unit wrongly (``graders.misconverted_inputs``), or a
    temperature with another constant than (°F − 32) × 5/9: a unit error at that step; a value misread
    before it was converted: an extraction error there; each unless the step is already found wrong."""
    misconverted, misread = misconverted_inputs(claims, ctx)
    for claim, name, detail in misconverted:
        _add_unless_wrong(steps, Check("unit_conversion", False, detail, claim.start, claim.end, about=name))
    for claim, detail in misstated_temperature_conversions(claims, ctx):
        _add_unless_wrong(steps, Check("unit_conversion", False, detail, claim.start, claim.end))
    for claim, name, detail in misread:
        _add_unless_wrong(steps, Check("extraction", False, detail, claim.start, claim.end, about=name))


def _check_substitutions(steps: list[Step], claims: list[Claim], ctx: TraceContext, trace: str) -> None:
    """A formula written with names and then with numbers must keep its constants
    ("RR = 60 / HR = 60 / 136"; ``substitution``)."""
    starts = [c.start for c in claims if c.kind in ("arithmetic", "restatement") and c.expr]
    if not starts:
        return  # no numbers substituted anywhere: no formula to read
    starts.sort()

    def before_a_substitution(step: Step) -> bool:
        """Does a substitution start within reach after the step's start (else its formulas meet none)?"""
        i = bisect_right(starts, step.start)
        return i < len(starts) and starts[i] <= step.end + SUBSTITUTION_REACH

    temps = [t for step in steps if ("=" in step.text or ":" in step.text or "≈" in step.text) and before_a_substitution(step)
             for t in substitution.templates(step.text, step.start)]
    if not temps and (ctx.calc is None or not _declared_templates(ctx.calc)):
        return

    known = partial(_known_constant, ctx)
    own = _declared_templates(ctx.calc) if ctx.calc is not None else ()
    for c in claims:
        if c.kind not in ("arithmetic", "restatement") or not c.expr:
            continue
        key = result_key(c.context) or frozenset()
        if not any(t.end <= c.start and c.start - t.end <= SUBSTITUTION_REACH and substitution.align(t, c.expr) is not None for t in temps):
            _check_declared_substitution(c, own, steps, ctx, known, claims=claims)  # no formula of its shape written before it
        for t in reversed(temps):
            if t.end > c.start or c.start - t.end > SUBSTITUTION_REACH:
                continue
            same_chain = not trace[t.end : c.start].strip(" =≈")
            words = frozenset(t.name.split())
            aligned = substitution.align(t, c.expr)
            found = substitution.compare_aligned(t, aligned, same_chain, bool(words) and words <= key, known)
            if aligned is None and (same_chain or (words and words <= key)) and (op := substitution.operator_changed(t, c.expr)) is not None:
                _report_operator(c, op, "the formula written before it", steps, ctx)
                break
            if aligned is None and same_chain and (name := substitution.power_dropped(t, c.expr)) is not None and _not_the_result(c, t, ctx):
                step = _step_at(steps, c.start)
                if step is not None and not ctx.restated(("power", name, c.expr)):
                    step.checks.append(Check("formula", False, f"the substitution ({c.expr}) leaves out the power of {name} in the formula written before it",
                                             c.start, c.end))
                break
            if found is None and aligned is not None and not aligned[0] and (same_chain or (words and words <= key)):
                # A formula of names alone ("AG = Na − (Cl + HCO3) = 138 − (104 + 16)"): no constant to
                # compare, but the numbers in place of its names are still the patient's
                _check_values_put_in(t, aligned[1], c, steps, ctx, claims)
                break
            if found is None and not same_chain:
                continue  # another shape: an older formula may be the one substituted
            if found is None:
                break  # the formula right before it in the chain ("QT / √RR = 330 / 0.664") is another shape
            if _check_values_put_in(t, aligned[1], c, steps, ctx, claims):
                if ctx.calc is not None and set(t.name.split()) & _result_words(ctx.calc) and (step := _step_at(steps, c.start)) is not None:
                    _check_bounded_values(aligned[1], c, step, ctx)  # the calculator's own formula, written by the trace ("CrCl = …")
            if found is True and any(not known(float(a), decimals_of(a)) for a, _ in aligned[0]):
                # The substitution keeps the constants of a formula that is not the calculator's
                # ("√(height × weight / 360)" then "√(176.1 × 77.1 / 360)" with height in cm): held
                # against the calculator's own formula as well.
                _check_declared_substitution(c, own, steps, ctx, known, named=t.name)
                at_step = _step_at(steps, c.start)
                if at_step is not None and any(x.ok is False for x in at_step.checks):
                    break
            if found is True:
                if c.start < ctx.think_end:
                    break  # not in the thinking: a right restatement there would read as correcting an earlier error
                step = _step_at(steps, c.start)
                if step is not None:
                    step.checks.append(Check("formula", True, "the substitution keeps the constants of the formula written before it", c.start, c.end))
            elif c.start < ctx.think_end and _both_known(found, known, ctx.calc):
                break  # thinking that weighed two conventions ("0.016 … or 0.024") and substitutes the other one
            elif not ctx.restated(("substitution", found.template_literal, found.instance_literal, c.start < ctx.think_end)):
                if found.template_wrong:
                    at, check = t.start, Check("formula", False, f"the formula writes {found.template_literal} where its substitution "
                                               f"({c.expr}) and the calculator write {found.instance_literal}", t.start, t.end)
                else:
                    at, check = c.start, Check("formula", False, f"the substitution writes {found.instance_literal} where the formula "
                                               f"written before it has {found.template_literal}", c.start, c.end)
                step = _step_at(steps, at)
                if step is not None:
                    step.checks.append(check)
            break  # the nearest formula of the same shape decides


def _both_known(found, known, calc: Calculator | None) -> bool:
    """Are the constant a formula writes and the one its substitution writes instead both constants of
    the calculator's formulas, of a version of them, or of the formulas it declares as traces state
    them ("Na + 0.016 × (glucose − 100) (Katz; Hillier: 0.024)")?"""
    stated = knowledge.declared_numbers(calc) if calc is not None else frozenset()
    try:
        return all(known(float(x), decimals_of(x)) or any(close(float(x), c, decimals_of(x)) for c in stated)
                   for x in (found.template_literal, found.instance_literal))
    except (TypeError, ValueError):
        return False


def _known_constant(ctx: TraceContext, v: float, d: int | None) -> bool:
    """A constant of the calculator's formulas, of a version of it, or a unit factor."""
    return (any(close(v, c, d) for c in ctx.constants) or knowledge.is_unit_factor(v, d)
            or any(close(v, c, d) for c in ctx.version_constants))


@lru_cache(maxsize=256)
def _declared_templates(calc: Calculator) -> tuple:
    items = knowledge.declaration(calc, "STATEMENTS") or ()
    return substitution.declared([f for f in items if hasattr(f, "text") and hasattr(f, "names")] if isinstance(items, (tuple, list)) else ())


def _check_declared_substitution(c: Claim, own: tuple, steps: list[Step], ctx: TraceContext, known, named: str = "",
                                 claims: list[Claim] | None = None) -> None:
    """A substitution with no formula written before it, against the calculator's own formulas:
    one constant changed while the others are kept ("1.210 × ln(1.59)" for MELD's 1.120) is a wrong
    constant. A number that is itself a known constant (another version's, a unit factor) is
    left to the checks that read those. ``named``: the name of a formula the trace wrote that is
    not the calculator's; only the calculator's formula of that name is compared, constant by constant."""
    for t, text, names in own:
        if named and named not in names:
            continue  # the trace wrote a formula under another name ("IBW = 50 + 2.3 × …" in an ABW trace)
        aligned = substitution.align(t, c.expr)
        accepted = _with_noted_constants(known, text)
        found = substitution.compare_aligned(t, aligned, False, bool(named), accepted)
        if aligned is None and (op := substitution.operator_changed(t, c.expr)) is not None:
            _report_operator(c, op, f"the calculator's formula ({text})", steps, ctx)
            return
        if found is None:
            loose = substitution.align_loose(t, c.expr)
            if loose is not None and not _gives_the_answer(c, ctx) and _check_swapped_values(t, loose, c, steps, ctx):
                return
            if aligned is not None and (wrong := _form_of_other_units(c, text, aligned[1], ctx)) is not None:
                step = _step_at(steps, c.start)
                if step is not None and not ctx.restated(("unit form", wrong, c.start < ctx.think_end)):
                    step.checks.append(Check("formula", False, wrong, c.start, c.end))
                return
            if aligned is not None and not aligned[0] and claims is not None and _named_as(c, names):
                # "AG = 138 − (104 + 16)": the calculator's formula of names alone, under its name: the
                # numbers in place of the names are the patient's
                _check_values_put_in(t, aligned[1], c, steps, ctx, claims)
                return
            continue
        step = _step_at(steps, c.start)
        if step is None:
            return
        if found is not True and not found.template_wrong and not accepted(float(found.instance_literal), decimals_of(found.instance_literal)):
            if not ctx.restated(("substitution", found.template_literal, found.instance_literal, c.start < ctx.think_end)):
                step.checks.append(Check("formula", False, f"the substitution writes {found.instance_literal} where the calculator's formula "
                                         f"({text}) has {found.template_literal}", c.start, c.end))
            return
        if not _check_swapped_values(t, aligned[1], c, steps, ctx):
            if claims is not None and (found is True or accepted(float(found.instance_literal), decimals_of(found.instance_literal))):
                _check_substituted_values(aligned[1], c, steps, ctx, claims, any_order=True)  # the patient's values put in the calculator's formula
            _check_bounded_values(aligned[1], c, step, ctx)
        return


def _named_as(c: Claim, names) -> bool:
    """Is the claim written under one of these names ("AG = 138 − (104 + 16)" under "AG")?"""
    key = result_key(c.context)
    return bool(key) and any(frozenset(n.lower().split()) <= key for n in names)


def _gives_the_answer(c: Claim, ctx: TraceContext) -> bool:
    """Does the claim's expression come to this patient's result (its terms in another order than the
    formula's, "70/18 + 18/2.8" for "BUN / 2.8 + glucose / 18": nothing put in a wrong place)?"""
    return _comes_to_result(c.expr, ctx, rel=1e-3) is True


_NOTED_CONSTANT = re.compile(r"(?<=: )\d+(?:\.\d+)?(?=\))")  # "(Katz; Hillier: 0.024)": an alternative's constant in the formula's note


@lru_cache(maxsize=256)
def _noted_constants(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in _NOTED_CONSTANT.findall(text))


def _with_noted_constants(known, text: str):
    """``known`` that also accepts the constants of the alternatives a declared formula's text notes."""
    noted = _noted_constants(text)
    if not noted:
        return known
    return lambda v, d: known(v, d) or any(close(v, x, d) for x in noted)

_OPERATOR_WORDS = {"+": "+", "-": "−", "*": "×", "/": "÷"}


def _not_the_result(c: Claim, t, ctx: TraceContext) -> bool:
    """Does a substitution written under the calculator's result's name give another value than this
    patient's result (so a power it seems to leave out was not taken beforehand: "70 / 3.0625" is
    1.75 squared already)?"""
    if ctx.calc is None or not set(t.name.split()) & _result_words(ctx.calc):
        return False
    return _comes_to_result(c.expr, ctx, rel=0.02) is False


def _comes_to_result(expr: str, ctx: TraceContext, rel: float) -> bool | None:
    """Does the expression come to this patient's result (within ``rel``)? None when either is unknown."""
    if ctx.truth is None or not isinstance(ctx.truth.value, (int, float)) or isinstance(ctx.truth.value, bool):
        return None
    try:
        got = evaluate(normalise(expr))
    except (ValueError, ZeroDivisionError, OverflowError):  # (EvalError is a ValueError)
        return None
    return close(got, float(ctx.truth.value), None, rel=rel)


def _report_operator(c: Claim, op: tuple[str, str], formula: str, steps: list[Step], ctx: TraceContext) -> None:
    """A substitution that changes one operator of its formula ("182 + 39 − 196/5" for "TC − HDL − TG/5")."""
    want, got = (_OPERATOR_WORDS[x] for x in op)
    step = _step_at(steps, c.start)
    if len(c.literals) == 2 and any(knowledge.is_unit_factor(lit, None) and lit >= 10 for lit, _ in c.literals):
        return  # "0.12 × 1000 = 120 mg/g": a value taken to another unit, not the formula substituted
    if step is None or ctx.restated(("operator", want, got, c.expr, c.start < ctx.think_end)):
        return
    step.checks.append(Check("formula", False, f"the substitution ({c.expr}) writes {got} where {formula} has {want}", c.start, c.end))


def _written(text: str) -> tuple[float, int] | None:
    """A substituted number as written: (value, decimals), or None when it is no plain number."""
    try:
        return float(text), decimals_of(text)
    except ValueError:
        return None


def _check_bounded_values(bound: list[tuple[str, str]], c: Claim, step: Step, ctx: TraceContext) -> None:
    """A substitution into the calculator's own formula that puts the patient's raw value where the
    formula takes another ("137 − 142" in MELD-Na, whose sodium is bounded to 125–137; "ln(0.7)" for
    a bilirubin floored at 1.0; the actual weight in a Cockcroft-Gault whose rule takes the adjusted
    one): the value the calculator uses (its ``<input>_used`` intermediate) differs from the one
    written. (A formula the trace writes only when it is written under the calculator's result's
    name: an adjusted weight's formula takes the actual weight.)"""
    if ctx.truth is None or not ctx.inputs or any(x.ok is False for x in step.checks):
        return
    for name, text in bound:
        inp = _substituted_input(ctx.calc, name)
        used = ctx.truth.intermediates.get(f"{inp}_used") if inp else None
        raw = ctx.inputs.get(inp) if inp else None
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (used, raw)) or close(float(used), float(raw)):
            continue
        if (written := _written(text)) is None:
            continue
        got, d = written
        if close(got, float(used), d) and not close(got, float(raw), d):
            # the rule's value put in ("73.4" kg, the adjusted weight): established, so a thinking
            # step that put the raw value takes it back here
            step.checks.append(Check("formula", True, f"the calculator's formula takes {inp} {fmt(used)} for this patient by its rule",
                                     c.start, c.end, quantity=inp))
            return
        if close(got, float(raw), d) and not close(got, float(used), d):
            if not ctx.restated(("bounded", inp, text, c.start < ctx.think_end)):
                rule = ctx.truth.intermediates.get(f"{inp}_rule")
                by = f"by its rule: {rule}" if isinstance(rule, str) else "by its rule"
                step.checks.append(Check("formula", False, f"the calculator's formula takes {inp} {fmt(used)} for this patient "
                                         f"(from {fmt(raw)} {by}), not {text}", c.start, c.end, about=inp))
            return


# Words that make a name another quantity than the input it holds: the words that make a value no
# patient value (``claims.MODIFIERS``: "adjusted weight", "corrected sodium", "normal bicarbonate"), and
# the differences a formula names ("glucose change", "bicarbonate deficit"); "measured" and "serum"
# do not ("measured sodium", "serum glucose").
_NOT_THE_INPUT = MODIFIERS | frozenset("change difference ratio excess deficit".split())


# A sample's letter before a name written with an underscore: "U_Na", "S_Cr", "P_Cr".
_SAMPLE_PREFIX = re.compile(r"^([usp])_", re.I)
_SAMPLES = {"u": "urine", "s": "serum", "p": "plasma"}


def _substituted_input(calc, name: str) -> str | None:
    """The input a formula's name stands for: its own name or alias exactly, or the one input its
    words name ("measured sodium", "serum glucose") when no word makes it another quantity."""
    spoken = _SAMPLE_PREFIX.sub(lambda m: _SAMPLES[m.group(1).lower()] + " ", name).replace("_", " ")  # "U_Cr": urine creatinine
    exact = calc.input_name(spoken)
    if exact is not None:
        return exact
    if set(re.findall(r"[a-z]+", spoken.lower())) & _NOT_THE_INPUT:
        return None
    return knowledge.input_for(calc, spoken)


def _check_substituted_values(bound: list[tuple[str, str]], c: Claim, steps: list[Step], ctx: TraceContext, claims: list[Claim],
                              any_order: bool = False) -> None:
    """The numbers a substitution puts in place of the formula's names that are the patient's
    inputs (``bound``, from ``substitution.align``: "GFR = 142 × (Scr/A)^B × 0.9938^age" then
    "142 × (1.41/0.9)^−1.2 × 0.9938^37"), against the patient's data; without it, against the
    values the trace itself stated for those inputs before ("Weight = 125 kg." then "(92 × 173)").
    A number of another scale (the input in another unit: 1.63 m for 163 cm) or one the note
    writes is not judged."""
    if ctx.calc is None:
        return
    step = _step_at(steps, c.start)
    if step is None or any(x.ok is False for x in step.checks):
        return
    with_data = ctx.truth is not None and bool(ctx.inputs)
    stated = None if with_data else _stated_before(c.start, claims, ctx)
    # (``any_order``: a formula the trace did not write may order its operands otherwise, "170 × 101"
    # for "weight × height": a value that is another of its inputs' is not judged)
    others = [float(v) for v in (ctx.inputs or {}).values() if isinstance(v, (int, float)) and not isinstance(v, bool)] if with_data else [
        w for ws in (stated or {}).values() for w in ws]
    if any_order and with_data and len(bound) == 2 and _matches_in_places(bound[::-1], bound, ctx) > _matches_in_places(bound, bound, ctx):
        bound = [(bound[0][0], bound[1][1]), (bound[1][0], bound[0][1])]  # "175 × 86" for "weight × height": 175 the height, so 86 the weight
    for name, text in bound:
        inp_name = _substituted_input(ctx.calc, name)
        from_note = False
        if with_data:
            want = ctx.inputs.get(inp_name) if inp_name else None
            wants = [float(want)] if isinstance(want, (int, float)) and not isinstance(want, bool) and want else []
            used = ctx.truth.intermediates.get(f"{inp_name}_used") if wants else None
            if isinstance(used, (int, float)) and not isinstance(used, bool) and used:
                wants.append(float(used))  # the value the calculator's rule takes ("73.43" kg, the adjusted weight)
        else:
            wants = stated.get(inp_name, [])
            from_note = not wants and inp_name in ctx.note_values()
            if from_note:
                wants = [ctx.note_values()[inp_name]]  # an input the trace did not state: the one value the note gives it
        if not wants:
            continue
        if (written := _written(text)) is None:
            continue
        got, d = written
        converted = ""
        if with_data and not any(0.5 <= got / w <= 2.0 for w in wants if w):
            # The input in another unit ("(1.25 m)^2" for a height of 156 cm): held against the patient's
            # value in that unit where the number is of its scale (1.56 m).
            alt = [(w, u) for w, n, u in ctx.other_units() if n == inp_name and w and 0.5 <= got / w <= 2.0]
            if len(alt) == 1:
                wants, converted = [alt[0][0]], f" ({fmt(alt[0][0], 4)} {alt[0][1]})"
        if any(close(got, w, d, rel=0.02) for w in wants) or not any(0.5 <= got / w <= 2.0 for w in wants if w) or got in ctx.note_numbers:
            continue  # the value; another unit; or a number the note writes (another reading, or the data differs from the note)
        if any_order and any(close(got, w, d, rel=0.02) for w in others):
            continue
        if with_data:
            unit = getattr(ctx.calc.input(inp_name), "unit", "") or ""
            want = ctx.inputs.get(inp_name) if converted else wants[0]
            said = f"{inp_name} is {fmt(want)} {unit}{converted} in the patient data".rstrip()
        elif from_note:
            said = f"the note gives {inp_name} as {fmt(wants[0])}"
        else:
            said = f"the trace stated {inp_name} as {', '.join(fmt(w) for w in dict.fromkeys(wants))} before"
        step.checks.append(Check("extraction", False, f"the substitution puts {text} for {name}; {said}", c.start, c.end, about=inp_name))
        return


def _matches_in_places(values: list[tuple[str, str]], names: list[tuple[str, str]], ctx: TraceContext) -> int:
    """How many of ``values``' numbers, taken in order, are the patient's value of ``names``' inputs in order."""
    n = 0
    for (name, _), (_, text) in zip(names, values, strict=True):
        inp = _substituted_input(ctx.calc, name)
        want = ctx.inputs.get(inp) if inp else None
        written = _written(text)
        if isinstance(want, (int, float)) and not isinstance(want, bool) and written is not None and close(written[0], float(want), written[1], rel=0.02):
            n += 1
    return n


def _check_values_put_in(t, bound: list[tuple[str, str]], c: Claim, steps: list[Step], ctx: TraceContext, claims: list[Claim]) -> bool:
    """The patient's values a substitution puts in place of the formula's names (``bound``): put in
    each other's places (``_check_swapped_values``), else each held against its input
    (``_check_substituted_values``). True when they were held in their places (no swap reported)."""
    if _check_swapped_values(t, bound, c, steps, ctx):
        return False
    _check_substituted_values(bound, c, steps, ctx, claims)
    return True


def _check_swapped_values(t, bound: list[tuple[str, str]], c: Claim, steps: list[Step], ctx: TraceContext) -> bool:
    """A substitution that puts another input's value where the formula takes this one ("(2 × 140 +
    80) / 3" for MAP's (2 × DBP + SBP) / 3; "70/2.8 + 18/18" with glucose in BUN's place): the
    number is exactly the patient's value of another input of the formula and not this one's.
    Reported once (True), as the patient's values put in the wrong places."""
    if ctx.calc is None or ctx.truth is None or not ctx.inputs:
        return False
    step = _step_at(steps, c.start)
    if step is None or any(x.ok is False for x in step.checks):
        return False
    numbers = {k: float(v) for k, v in ctx.inputs.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and v}
    slots = [(text, _substituted_input(ctx.calc, name)) for name, text in bound]
    for text, inp_name in slots:
        want = numbers.get(inp_name) if inp_name else None
        if want is None:
            continue
        if (written := _written(text)) is None:
            continue
        got, d = written
        if close(got, want, d, rel=0.005):
            continue
        others = [o for o, v in numbers.items() if o != inp_name and close(got, v, d, rel=0.005)
                  and any(other == o for _, other in slots)]  # another input this formula takes
        if others and len(slots) == 2 and _same_value_in_place(t, slots, numbers, c.expr, moved=(0, 1)):
            continue  # two values of a product or a sum in either order: one may be wrong, none is misplaced
        if others and not _same_value_in_place(t, slots, numbers, c.expr):  # ("170 × 101" for weight × height: a product's order)
            unit = getattr(ctx.calc.input(inp_name), "unit", "") or ""
            step.checks.append(Check("extraction", False, f"the substitution puts {text}, the patient's {others[0]}, where the formula "
                                     f"takes {inp_name} ({fmt(want)} {unit})".rstrip(" ()") + (")" if unit else ""), c.start, c.end, about=inp_name))
            return True
    return False


def _same_value_in_place(t, slots: list[tuple[str, str | None]], numbers: dict[str, float], expr: str, moved: tuple[int, int] | None = None) -> bool:
    """Does the formula with each of the patient's values in its own place give what the
    substitution gives (the values only trade places within a product or a sum)? With ``moved``
    (two slots), only those two slots' numbers as written trade places ("175 × 86" for weight ×
    height: the height's 175 and the 86 trade places within a product, so the 86 alone is wrong)."""
    inst = substitution.tokens(expr)
    if inst is None:
        return True
    # The substitution as written, each value of an input put in its own place instead (its
    # constants kept: only where the values went is asked).
    if moved is not None:
        texts = [text for text, _ in slots]
        texts[moved[0]], texts[moved[1]] = texts[moved[1]], texts[moved[0]]
        values = iter(texts)
    else:
        values = iter([fmt(numbers[inp]) if inp in numbers else text for text, inp in slots])
    shape = [x for x in t.tokens if x not in (("op", "("), ("op", ")"))]
    parts, wrap, j = [], False, 0
    for kind, value in inst:
        atom = value
        if (kind, value) not in (("op", "("), ("op", ")")):
            if j < len(shape) and shape[j][0] == "name":
                atom = next(values, value)
            j += 1
        if wrap and kind == "num":
            atom, wrap = f"({atom})", False  # "√309": the function of the one operand after it
        wrap = kind == "fn"
        parts.append(atom)
    try:
        return close(evaluate(" ".join(parts)), evaluate(normalise(expr)), None, rel=0.005)  # (the values as written: "2.40" for 2.398)
    except (ValueError, ZeroDivisionError, OverflowError):  # (EvalError is a ValueError) unreadable: no verdict either way
        return True


def _stated_before(at: int, claims: list[Claim], ctx: TraceContext) -> dict[str, list[float]]:
    """The values the trace stated for each numeric input before ``at`` (as written and in the
    input's unit); the explanation after the thinking only its own."""
    stated: dict[str, list[float]] = {}
    for q in claims:
        if q.start >= at:
            break
        if q.kind != "quantity" or q.value is None or q.start < ctx.think_end <= at:
            continue  # the explanation substitutes the values it states itself
        inp_name = knowledge.input_for(ctx.calc, q.name)
        if inp_name is None or ctx.calc.input(inp_name).kind != "number":
            continue
        values = stated.setdefault(inp_name, [])
        values.append(q.value)
        inp = ctx.calc.input(inp_name)
        if q.unit and getattr(inp, "unit", None) and q.unit != inp.unit:
            try:
                values.append(convert(q.value, q.unit, inp.unit, getattr(inp, "analyte", None)))
            except (CalculatorError, ValueError, ZeroDivisionError):
                pass
    return stated


# A function of an expression written unevaluated ("Calculate: sqrt((125 * 173) / 3600).") and then
# of a number ("Result: sqrt(5.02083333) = 2.241"): the number is the expression's value, checked.
_FN_OF_EXPR = re.compile(r"(?P<fn>sqrt|√)\s*+\(\s*+(?P<arg>(?:[\d.\s]|[-+*/×÷^]|\([\d.\s*/×÷^+-]*+\))++)\)")  # (possessive: linear on long runs)
_FN_OF_NUMBER = {fn: re.compile(re.escape(fn) + r"\s*\(\s*(?P<num>\d+(?:\.\d+)?)\s*\)") for fn in ("sqrt", "√")}
ARGUMENT_REACH = 300  # characters: how far after the expression its evaluated form may be written
_OPERATION = re.compile(r"\d\s*[-+*/×÷^]\s*\(?\s*\d")  # an operator between numbers: an expression, not a number
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# "GFR = 142 x (1.14/0.9)^-1.2 x 0.9938^37 x 1.0.": the calculator's result named, then its
# formula with this patient's numbers and no value after it.
_SUBSTITUTED_RESULT = re.compile(r"(?P<name>[A-Za-z][\w ()'-]{0,40}?)\s*=\s*(?P<expr>[^=≈\n]{3,200}?)\s*+[.;]?\s*+$")  # (possessive: a long run of spaces is read once)
_WORDS = re.compile(r"[a-z0-9]+")


def _check_substituted_results(steps: list[Step], ctx: TraceContext, own: _OwnValues, claims: list[Claim]) -> None:
    """A step that writes the calculator's result by name and then its formula with numbers in
    place of the names, left unevaluated: right (a check) when the numbers give this patient's
    result, from the patient's data, or without it the calculator's result on the trace's own
    values. Not judged otherwise: the step's own numbers are checked where they are computed or
    stated, and an unevaluated line is not a claim of a value."""
    if ctx.calc is None or ctx.calc.output.type not in ("decimal", "integer"):
        return
    candidates = [step for step in steps if not step.checks and step.text.count("=") == 1]
    if not candidates:
        return
    whose = "this patient's"
    if ctx.truth is not None:
        truth = ctx.truth.json_value()
    elif (g := own.get()) is not None:
        truth, whose = g["value"], "on the trace's own values, the"
    else:
        return
    if not isinstance(truth, (int, float)) or not truth:
        return
    words = _result_words(ctx.calc)
    for step in candidates:
        m = _SUBSTITUTED_RESULT.search(step.text)
        named = set(_WORDS.findall(m.group("name").lower())) - {"the", "patient", "s"} if m is not None else set()
        if m is None or not named or not named <= words or not _OPERATION.search(m.group("expr")):
            continue
        expr = strip_units(m.group("expr"))
        if re.search(r"[A-Za-z]{2,}", normalise(expr).replace("sqrt", "")):
            continue  # names left in it: a formula statement, not a substitution
        try:
            value = evaluate(normalise(expr))
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        if abs(value - float(truth)) <= 0.005 * abs(float(truth)):
            step.checks.append(Check("formula", True, f"the substituted formula gives {fmt(value, 3)}, {whose} {ctx.calc.name} "
                                     f"({fmt(float(truth), 3)})", step.start + m.start("expr"), step.start + m.end("expr")))
        else:
            # Another value: held against the calculator's own formula as a substitution with a result
            # is (a constant changed, a value not the patient's); nothing is said of its value.
            c = Claim("restatement", step.start + m.start("expr"), step.start + m.end("expr"), m.group("expr"), expr=as_expression(m.group("expr")))
            _check_declared_substitution(c, _declared_templates(ctx.calc), steps, ctx, partial(_known_constant, ctx), claims=claims)


def _check_evaluated_arguments(steps: list[Step], trace: str, ctx: TraceContext) -> None:
    if "sqrt" not in trace and "√" not in trace:
        return  # square roots only: a log is taken apart in steps ("log10(1.27*10) = 1 + log10(1.27)")
    for m in _FN_OF_EXPR.finditer(trace):
        arg = m.group("arg")
        if not _OPERATION.search(arg):
            continue  # a number, not an expression
        try:
            value = evaluate(normalise(arg))
        except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
            continue
        nxt = _FN_OF_NUMBER[m.group("fn")].search(trace, m.end(), m.end() + ARGUMENT_REACH)
        if nxt is None or close(float(nxt.group("num")), value, decimals_of(nxt.group("num"))) or nxt.group("num") in _PLAIN_NUMBER.findall(arg):
            continue  # the value, or one of the expression's own operands taken apart
        step = _step_at(steps, nxt.start("num"))
        if step is None or (nxt.start() < ctx.think_end and ctx.restated(("argument", arg, nxt.group("num")))):
            continue
        detail = f"{' '.join(arg.split())} = {fmt(value)}, not {nxt.group('num')}"
        step.checks.append(Check("arithmetic", False, detail, nxt.start("num"), nxt.end("num")))


def _check_stated_parameters(steps: list[Step], ctx: TraceContext, own: _OwnValues, claims: list[Claim]) -> None:
    """Stated parameters ("κ = 0.7", "TBW fraction 0.5") against the intermediates for this
    patient: from the patient's data, else from the trace's own values (age, sex, ...). A computed
    quantity stated again as the trace computed it ("AG = 138.7 − 122 = 16.7 … So AG = 16.7") is
    judged where it was computed; a wrong one restated in the thinking is reported once."""
    computed = [c for c in claims if c.kind == "arithmetic" and c.value is not None]
    if ctx.truth is not None:
        inter, inputs, whose = ctx.truth.intermediates, ctx.inputs, "for this patient"
    else:
        inter, inputs = own.intermediates()
        whose = "for the trace's own values"
    for step in steps:
        for s in parameters.read_parameters(step.text, step.start, ctx.calc):
            if any(close(abs(s.value), abs(c), None) for c in ctx.version_constants):
                continue  # a constant of the version already reported at its first use
            group = s.group or parameters.group_at(step.text, s.start - step.start)
            if inter and not parameters.for_another_group(group, inputs):
                r = parameters.check_parameter(s, inter, whose, inputs, s.conventions)
            elif group is not None or not inter:
                # The rule for a group ("For males, κ = 0.9", "For infants, TBW is 0.75"), or the
                # trace's own values are incomplete: what they and the group fix is still checked.
                known = dict(inputs) if inputs else own.partial_inputs()
                fixed = parameters.determined(ctx.calc, known, group)
                r = parameters.check_parameter(s, fixed, f"for {parameters.group_name(group)}" if group else whose) if fixed else None
            else:
                r = None
            if r is not None and not r[0] and s.kind != "formula" and _restates_computed(s, computed):
                continue  # the trace's own result, restated: its computation is judged where it is made
            if r is not None and not r[0] and s.start < ctx.think_end and ctx.restated(("parameter", r[1])):
                continue  # the same wrong value stated again in the thinking: reported where first stated
            if r is not None:
                step.checks.append(Check(s.kind, r[0], r[1], s.start, s.end, r[2] if r[0] else None, r[3]))


def _restates_computed(s, computed: list[Claim]) -> bool:
    """Is the stated parameter a result the trace computed before, restated ("AG = 138.7 − 122 =
    16.7 … So AG = 16.7")? Not one computed under another name ("measured AG = 22" after
    "corrected AG = 22 − 0.5 = 21.5": 22 is not 21.5 restated)."""
    name = result_key(f"{s.name} =")
    for c in computed:
        if c.start < s.start and close(s.value, c.value, decimals_of(s.value_text)):
            key = result_key(c.context)
            if key is None or name is None or key == name:
                return True
    return False


# ---------------------------------------------------------------------------
# points said to be added
# ---------------------------------------------------------------------------


# A running total the trace states as it goes ("keeping the score at 1", "bringing the total to 3",
# "the current total is 2", "starts at 0").
# The lookahead first: every branch starts with one of its letters, so re leaves other positions at
# once (a case-insensitive pattern gets no fast literal scan); the same matches.
_STATED_TOTAL = re.compile(
    r"(?=[bciklmprstu])\b(?:(?:keep|bring|mak|increas|rais|leav|tak|put|updat)(?:e|es|ing|s)?\s+(?:the\s+|our\s+)?(?:current\s+|running\s+)?(?:score|total|tally|count)\s+(?:at|to)"
    r"|(?:score|total|tally)\s+(?:remains|stays|is\s+now|now\s+is|becomes|(?:increases|rises|goes\s+up|comes)\s+to|reaches)(?:\s+at)?"
    r"|(?:current|running)\s+(?:score|total|tally)\s*(?:is|=|:)"
    r"|(?:initial|starting)\s+(?:[\w-]+\s+){0,2}?(?:score|total)\s+(?:is|=|of)"
    r"|(?:starts?|begins?|starting|beginning)\s+(?:at|with|from))"
    # (the total in words too: "which brings the total to six")
    r"\s+(?:a\s+(?:score|total)\s+of\s+)?(?P<v>\d{1,3}(?:\.\d)?|" + "|".join(criteria_read.NUMBER_WORDS) + r")\b(?![.,]\d|\s*[+\-×*/]|\s+(?:of|out|criteria|findings|items|days?|weeks?|years?|times)\b)",
    re.I,
)


def _running_totals(steps: list[Step], mentions: list, claims: list[Claim], trace: str, think_end: int) -> None:
    """In the explanation, each running total the trace states must be the last one plus the
    points it gave since ("adds 1.5 points" after "keeping the score at 1", then "keeping the
    score at 2": 2.5). Each finding's points count once per step; a running sum the trace writes
    out ("1 + 1.5 = 2.5") sets the total too."""
    # Only a total stated ("keeping the score at 2") or the score restated can be wrong: found first,
    # the points and sums leading to them are read only where there is one (most traces have none).
    low = trace.lower()
    stated = _STATED_TOTAL_LOWER.finditer(low, max(think_end, 0)) if len(low) == len(trace) else _STATED_TOTAL.finditer(trace, max(think_end, 0))
    checked = [(m.start("v"), "total", criteria_read.number_value(m.group("v")), m.end("v")) for m in stated]  # (on the lower-cased trace, same offsets: a case-sensitive scan is the faster)
    if "score is" in trace:
        checked += [(m.start("v"), "restated", float(m.group("v")), m.end("v")) for m in _SCORE_IS.finditer(trace, max(think_end, 0))]
    if not checked:
        return
    events: list[tuple[int, str, float, int]] = checked  # (position, kind, value, end)
    seen: set[tuple[int, frozenset[str]]] = set()
    for m in mentions:
        if m.start < think_end or not m.points or criteria_read.is_total(m.phrase) or criteria_read.is_rule(m.phrase):
            continue
        step = _step_at(steps, m.start)
        key = (step.index if step else -1, criteria_read.finding_words(m.phrase))
        if key in seen:
            continue
        seen.add(key)
        events.append((m.start, "add", m.points, m.end))
    for c in claims:
        if c.kind == "arithmetic" and c.expr and c.value is not None and _RUNNING_ADD.match(c.expr) and c.start >= think_end:
            events.append((c.start, "sum", c.value, c.end))
    running: float | None = None
    pending = 0.0
    last_end = -1
    for pos, kind, value, end in sorted(events):
        if kind == "add":
            pending += value
            continue
        wrong = None
        if kind == "total" and running is not None and pending and abs(running + pending - value) > 1e-9:
            wrong = f"the running total is {fmt(running)} + {fmt(pending)} = {fmt(running + pending)}, not {fmt(value)}"
        elif kind == "restated" and running is not None and not pending and pos - last_end <= _RESTATED_REACH and abs(running - value) > 1e-9:
            wrong = f"the score so far is {fmt(running)}, restated as {fmt(value)}"  # "… current total 4 + 1 = 5. The patient's CCI score is 6 points."
        if wrong is not None:
            step = _step_at(steps, pos)
            if step is not None and not any(c.ok is False for c in step.checks):
                step.checks.append(Check("arithmetic", False, wrong, pos, end))
        running, pending, last_end = value, 0.0, end


_STATED_TOTAL_LOWER = re.compile(_STATED_TOTAL.pattern)  # the same words, for text already in lower case
# The score so far restated right after the running total ("The patient's CCI score is 5 points.").
_SCORE_IS = re.compile(r"\bscore\s+is\s+(?:now\s+)?(?P<v>\d{1,3}(?:\.\d)?)\s*points?\b(?![.,]\d)", re.I)
_RESTATED_REACH = 120  # characters after the running total in which a restatement must repeat it

_RUNNING_ADD = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\+\s*(-?\d+(?:\.\d+)?)\s*$")
_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n")
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
            end = _SENTENCE_END.search(trace, p.end)  # this sentence only (". ", ".\n" or a line break)
            if _KEEPING.search(trace, p.end, end.start() if end else len(trace)):
                out.append(Check("criterion", False, f"{fmt(p.points)} points are said to be added, but the total is kept unchanged", p.start, p.end))
    return out


# ---------------------------------------------------------------------------
# final answer
# ---------------------------------------------------------------------------


class _OwnValues:
    """The calculator recomputed from the values the trace itself states (``grounding``), done
    at most once per trace and only when needed (no expected answer, or a wrong one)."""

    def __init__(self, trace: str, calc: Calculator | None, claims: list[Claim], note: str | None = None):
        self.trace, self.calc, self.claims, self.note = trace, calc, claims, note
        self._done: dict[str, Any] | None = None

    def _grounded(self) -> dict[str, Any]:
        if self._done is None:
            from clinverify.verifier.grounding import completed_from_note, grounded_answer

            self._done = grounded_answer(self.trace, self.calc, claimed=None, claims=self.claims)
            if not self._done["complete"] and self.calc is not None:
                # Values the trace does not state, from the note when it gives them unambiguously
                # (the answer's source stays ``trace``; ``from_note`` lists them).
                self._done = completed_from_note(self._done, self.calc, self.note) or self._done
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

    def partial_inputs(self) -> dict[str, Any]:
        """The values the trace states for the calculator's inputs, complete or not (not those
        completed from the note)."""
        if self.calc is None:
            return {}
        g = self._grounded()
        return {k: v for k, v in g["inputs"].items() if k not in g.get("from_note", ())}

    def get(self) -> dict[str, Any] | None:
        """The grounded answer when it is complete and assumes no criterion absent, else None."""
        if self.calc is None:
            return None
        g = self._grounded()
        if not g["complete"] or any(self.calc.input(n).kind == "flag" for n in g["assumed"]):
            return None  # a score's criteria are not read from prose: no reliable recomputation
        numbers = [i for i in self.calc.inputs if i.kind in ("number", "date")]
        if knowledge.criteria(self.calc) or not any(i.required for i in numbers):
            return None  # criteria, or only optional amounts (MME's doses): what was not read is unknown
        return g


def _expected(reference: Any, calc: Calculator | None, ctx: TraceContext, own: _OwnValues) -> tuple[Any, str | None, str, str]:
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
        return g["value"], "trace", "", ""  # (inputs the trace does not state may come from the note: ``from_note``)
    return None, None, "", ""


def _first_wrong(steps: list[Step], answer_at: int | None) -> tuple[Step, Check] | None:
    """The first step up to the answer (its own step included) with a failed check other than the
    answer's, and that check; None when no step before the answer is found wrong."""
    for st in steps:
        if answer_at is not None and st.start > answer_at:
            break
        bad = next((c for c in st.checks if c.ok is False and c.kind != "answer"), None)
        if bad is not None:
            return st, bad
    return None


def _attribute(ans: AnswerCheck, own: _OwnValues, calc: Calculator | None, steps: list[Step], claims: list[Claim]) -> None:
    """Why a final answer is wrong, when no step before it says so: recompute the calculator from
    the values the trace itself used. Same as the expected answer -> the values were right and the
    computation was not (``formula``, flagged at the step that computed the answer); the trace's
    own answer -> formula and arithmetic held and a patient value was wrong (``extraction``)."""
    if ans.correct is not False or calc is None or ans.value is None:
        return
    answer_at = ans.span[0] if ans.span is not None else None
    # A step up to the answer (the answer's own step included) already found wrong explains it.
    found = _first_wrong(steps, answer_at)
    if found is not None:
        ans.cause = found[1].kind
        ans.detail = f"step {found[0].index} is the first wrong step"
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
    noted = g.get("from_note", ())
    used = ", ".join((f"{k} {v[0]:g} {v[1]}" if isinstance(v, list) else f"{k} {v}") + (" from the note" if k in noted else "")
                     for k, v in g["inputs"].items())
    shown = fmt(g["value"], 3) if isinstance(g["value"], float) else own_label
    if fits_own and not fits_expected:
        ans.cause = "extraction"
        ans.detail = f"the trace's own values ({used}) give its answer by {calc.name} ({shown}): formula and arithmetic hold, a patient value differs from the expected answer's"
        return
    if fits_own is False:
        other = _other_definition(calc, g["inputs"], given, unread_findings=True)
        if other is not None:
            # The trace follows another definition the calculator offers (MedCalc-Bench's delta gap
            # AG − 12 beside Wrenn's): a convention, not a wrong formula.
            ans.cause = "formula"
            ans.detail = f"the trace's {fmt(ans.value, 3)} follows {calc.name} with {other}; the calculator's default gives {shown}"
            return
        ans.cause = "formula"
        ans.detail = f"from the trace's own values ({used}) {calc.name} gives {shown} {calc.output.unit}".rstrip() + f"; the trace's {fmt(ans.value, 3)} does not follow the calculator's formula"
        # The step that computed the answer (the last arithmetic result that matches it) applied
        # the wrong formula; when an earlier step states a formula or rule in words, the error is
        # that statement (the computation only follows it).
        for c in reversed(claims) if calc.output.type in ("decimal", "integer") else ():
            if c.kind == "arithmetic" and c.value is not None and (answer_at is None or c.start < answer_at) and agrees(calc, c.value, label_text(given)):
                step = _step_at(steps, c.start)
                if step is None:
                    break
                rule = next((s for s in steps if s.start < step.start and _RULE_STATEMENT.search(s.text)), None)
                stated_right = any(x.kind == "formula" and x.ok for s in steps if s.start < step.start for x in s.checks)
                if stated_right and not any(x.kind == "formula" and x.ok for x in (*(rule.checks if rule is not None else ()), *step.checks)):
                    # "Corrected Ca = Ca + 0.8 × (4 − albumin)" stated and found right, then "8.6 − 0.72 =
                    # 7.88": the computation departs from the formula it stated.
                    step.checks.append(Check("formula", False, ans.detail, c.start, c.end))
                elif any(x.kind == "formula" and x.ok for x in (*(rule.checks if rule is not None else ()), *step.checks)):
                    # The formula stated or substituted is the calculator's ("MAP = (SBP + 2×DBP)/3", then
                    # "(69 + 2×40)/3" with other values than it stated): not a wrong formula.
                    ans.cause = "extraction"
                    ans.detail = (f"the trace applies {calc.name}'s formula, to other values than those it states ({used}, "
                                  f"which give {shown})")
                elif rule is not None:
                    rule.checks.append(Check("formula", False, ans.detail, rule.start, rule.end))
                else:
                    step.checks.append(Check("formula", False, ans.detail, c.start, c.end))
                break


# "So LDL is 72 mg/dL", "the LDL cholesterol concentration directly as 72": the quantity's name, a
# word that states its value, then the value (within a clause).
_STATES_VALUE = r"[^.;\n\d]{0,25}?\b(?:is|are|was|=|equals?|of|as|at|gives?|comes\s+to)\b[^.;\n\d]{0,12}?"


@lru_cache(maxsize=128)
def _result_pattern(calc_id: str) -> re.Pattern | None:
    """A name of the calculator's result (its formula statements' names), a word that states its
    value, then the value; None when the calculator declares no such names."""
    from clinverify.verifier.formula_statements import QUANTITY_NAMES

    names = QUANTITY_NAMES.get(calc_id, ())
    if not names:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![a-z0-9])"
                      + _STATES_VALUE + r"(?P<v>\d+(?:\.\d+)?)", re.I)


@lru_cache(maxsize=128)
def _result_words(calc: Calculator) -> frozenset[str]:
    """The words that name the calculator's result: its formula statements' names and its own name
    ("eGFR, CKD-EPI 2021 …"; an eGFR is also a GFR)."""
    from clinverify.verifier.formula_statements import QUANTITY_NAMES

    words = {w for n in QUANTITY_NAMES.get(calc.id, ()) for w in _WORDS.findall(n)} | set(_WORDS.findall(calc.name.lower()))
    return frozenset(words | {"gfr"} if "egfr" in words else words)


def _result_stated(calc: Calculator, steps: list[Step], want: str, answer_at: int | None) -> tuple[Step, int, int] | None:
    """(step, start, end) of the first place before the answer's step where the trace states the
    calculator's result by one of its names (its formula statements' names) with the value ``want``
    (the answer's), or None."""
    pattern = _result_pattern(calc.id)
    if pattern is None:
        return None
    for st in steps:
        if answer_at is not None and st.end > answer_at:
            return None  # at the answer's own step: the answer check already says it
        for m in pattern.finditer(st.text):
            if agrees(calc, float(m.group("v")), want):
                return st, st.start + m.start(), st.start + m.end()
    return None


# A count of criteria met ("So only 5 criteria met", "5 of the 8 PERC criteria are satisfied").
_COUNT_STATED = re.compile(r"(?<![\d.])(?P<v>\d{1,2})\s+(?:(?:out\s+)?of\s+(?:the\s+)?\d{1,2}\s+)?(?:[A-Z]{2,6}\s+)?criteria\s+(?:are\s+|were\s+)?"
                           r"(?:met|satisfied|present|positive|fulfilled)\b", re.I)
_TOTAL_STATED = re.compile(r"\b(?:total|score|sum|tally|index)\b[^.\n]{0,60}?(?:\bis\b|=|:|\bof\b)\s*(?P<v>\d{1,3}(?:\.\d)?)(?![\d.]\d)", re.I)


def _total_spans(target: float, claims: list[Claim], trace: str, answer_at: int | None) -> list[tuple[int, int, bool]]:
    """Where the trace writes a total ``target`` (a sum's result, "the score is 12", or a count of
    criteria met) before its answer, in order: (start, end, whether a count of criteria is written there)."""
    counts = {(m.start("v"), m.end("v")) for m in _COUNT_STATED.finditer(trace) if float(m.group("v")) == target} if "criteri" in trace else set()
    spans = {(c.start, c.end) for c in claims if c.kind == "arithmetic" and c.value is not None and c.value == target}
    spans |= {(m.start("v"), m.end("v")) for m in _TOTAL_STATED.finditer(trace) if float(m.group("v")) == target}
    return sorted((a, b, (a, b) in counts) for a, b in spans | counts if answer_at is None or a <= answer_at)


def _total_below_own_values(ans: AnswerCheck, ctx: TraceContext, steps: list[Step], claims: list[Claim], own: _OwnValues) -> None:
    """Without the patient's data: a score whose criteria only add points, answered with a total
    below what the criteria decided by the trace's own numbers already give ("Age 66; Heart rate
    120; … Final Score = 0" for PERC: age and heart rate give 2 whatever else is found)."""
    calc = ctx.calc
    if ctx.truth is not None or not ctx.criteria or not isinstance(ans.value, (int, float)) or ans.correct is True:
        return
    if any(c.minimum < 0 for c in ctx.criteria):
        return  # a criterion that subtracts: no floor
    known: dict[str, float] = {}
    for k, raw in own.partial_inputs().items():
        try:
            inp = calc.input(k)
            if inp.kind == "number":
                known[k] = inp.coerce(raw)  # the trace's value in the input's unit, within its range
        except (Invalid, LookupError, TypeError, ValueError):
            continue  # a value the input refuses is not used
    numbers = set(known)
    floor, parts = 0.0, []
    for c in ctx.criteria:
        if not c.inputs or not set(c.inputs) <= numbers:
            continue
        try:
            p = float(c.points({k: known[k] for k in c.inputs}))
        except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError, LookupError):
            continue
        if p > 0:
            floor += p
            parts.append(f"{c.label} +{fmt(p)}")
    target = float(ans.value)
    if floor <= target:
        return
    answer_at = ans.span[0] if ans.span is not None else None
    spans = _total_spans(target, claims, ctx.trace, answer_at) or ([(*ans.span, False)] if ans.span else [])
    if not spans:
        return
    start, end, _ = spans[0]
    step = _step_at(steps, start)
    if step is None or any(c.ok is False for c in step.checks):
        return
    detail = (f"the total {fmt(target)} is below what the trace's own values already score in the {calc.name}: "
              f"{fmt(floor)} ({'; '.join(parts)})")
    step.checks.append(Check("criterion", False, detail, start, end))


def _mentions_by_criterion(calc: Calculator, mentions: list[criteria_read.Mention]) -> dict[str, list[criteria_read.Mention]]:
    """The mentions that give points to each criterion of the score (by key), in trace order."""
    out: dict[str, list[criteria_read.Mention]] = {}
    for m in mentions:
        crit = criteria_read.criterion_named(calc, m.phrase)[0]
        if crit is not None:
            out.setdefault(crit.key, []).append(m)
    return out


def _folded_left_out(ctx: TraceContext, steps: list[Step], mentions: list[criteria_read.Mention]) -> set[str]:
    """A criterion people fold into another (``FOLDED``: the PSI's women's − 10 into Age) that the
    trace never gives points, where it gives the host the host's own points ("Age 75: 75 points"
    for a woman): left out there (first in the thinking, and again in the explanation). Returns the
    folded criteria so reported."""
    reported: set[str] = set()
    if ctx.truth is None or not ctx.criteria:
        return reported
    folds = parameters.declared(ctx.calc, "FOLDED")
    if not folds:
        return reported
    inter = ctx.truth.intermediates
    by_key = {c.key: c for c in ctx.criteria}
    scored = _mentions_by_criterion(ctx.calc, mentions)
    for f in folds:
        extra, own = _points(inter.get(f.criterion)), _points(inter.get(f.into))
        host, folded = by_key.get(f.into), by_key.get(f.criterion)
        if not extra or f.criterion in scored or host is None or folded is None:
            continue
        unfolded = [m for m in scored.get(f.into, ()) if m.points == own]
        firsts = [m for m in unfolded[:1]]
        firsts += [m for m in unfolded if m.start >= ctx.think_end][:1] if firsts and firsts[0].start < ctx.think_end else []
        for m in firsts:
            step = _step_at(steps, m.start)
            if step is None or any(c.ok is False and c.start < m.end and m.start < c.end for c in step.checks):
                continue
            step.checks = [c for c in step.checks if not (c.kind == "criterion" and c.start < m.end and m.start < c.end)]
            detail = (f"{host.label} {fmt(own)} leaves out {folded.label} ({fmt(extra)}; {f.rule}), never scored: "
                      f"{fmt(own + extra)} for this patient")
            step.checks.append(Check("criterion", False, detail, m.start, m.end, about=f.into))
            reported.add(f.criterion)
    return reported


def _wrong_total(ans: AnswerCheck, ctx: TraceContext, steps: list[Step], claims: list[Claim], mentions: list[criteria_read.Mention],
                 folded: set[str] = frozenset()) -> None:
    """A criteria score whose answer is wrong for this patient (from the patient's data): the error
    shows where the trace first writes that wrong total (the sum, or "the score is 12").

    With no step found wrong, the total itself is the first wrong step: a criterion left out, or
    scored in words no check read. With steps found wrong, the total is flagged too when criteria
    this patient scores were never given points and account exactly for what the wrong steps
    leave of the gap (Charlson age points omitted beside a misjudged comorbidity). ``folded``: folded
    criteria already reported left out (``_folded_left_out``), counted with the steps found wrong."""
    calc = ctx.calc
    if ans.correct is not False or not ctx.criteria or ctx.truth is None or not isinstance(ans.value, (int, float)):
        return
    truth = ctx.truth.json_value()
    if not isinstance(truth, (int, float)):
        return
    answer_at = ans.span[0] if ans.span is not None else None
    earlier_wrong = _first_wrong(steps, answer_at) is not None
    if ans.cause is not None and not earlier_wrong:
        return
    inter = ctx.truth.intermediates
    given: dict[str, float] = {}  # criterion -> the points the trace first gives it
    flagged: set[str] = set()  # criteria whose points a step was found wrong on
    wrong_at = {(c.start, c.end) for st in steps for c in st.checks if c.kind == "criterion" and c.ok is False}
    for key, (m, *_) in _mentions_by_criterion(calc, mentions).items():
        given[key] = m.points
        if (m.start, m.end) in wrong_at:
            flagged.add(key)
    missing = [c for c in ctx.criteria if _points(inter.get(c.key)) and c.key not in given]
    target = float(ans.value)
    if earlier_wrong:
        # What the steps found wrong do not explain of the gap, explained by exactly one small set
        # of criteria never given points.
        misjudged = sum(_points(inter.get(k)) - p for k, p in given.items() if k in flagged) + sum(_points(inter.get(k)) for k in folded)
        residual = float(truth) - target - misjudged
        named = criteria_read.named_in(calc, ctx.trace[:answer_at])
        missing = [c for c in missing if c.key not in named and c.key not in folded]  # named without points read: not known to be left out
        sets = [s for n in (1, 2, 3) for s in combinations(missing, n) if abs(sum(_points(inter[c.key]) for c in s) - residual) < 1e-6]
        if residual <= 0 or not missing:
            return
        if len(sets) == 1:
            missing = list(sets[0])
    spans = _total_spans(target, claims, ctx.trace, answer_at)
    if not spans:
        return
    left_out = ", ".join(f"{c.label} ({fmt(inter[c.key])})" for c in missing)
    detail = f"the total {fmt(target)} is not this patient's {calc.name} ({fmt(truth)}); "
    if earlier_wrong:
        detail += "besides the steps found wrong, left out: " + left_out
    elif missing and sum(_points(inter[c.key]) for c in missing) == float(truth) - target:
        detail += "left out: " + left_out
    else:
        detail += "a criterion is scored differently from the patient's data"
    # Where the thinking first writes the wrong total, the explanation that writes it again is
    # flagged too: the error survives into what the reader is shown.
    first = spans[0]
    again = next((sp for sp in spans[1:] if sp[0] >= ctx.think_end), None) if 0 <= first[0] < ctx.think_end else None
    step = _flag_total(steps, first, detail)
    if step is None:
        return
    if again is not None:
        _flag_total(steps, again, detail)
    if earlier_wrong:
        return
    ans.cause = "criterion"
    ans.detail = f"step {step.index} writes the wrong total"


def _flag_total(steps: list[Step], span: tuple[int, int, bool], detail: str) -> Step | None:
    """Flag the wrong total written at ``span`` (start, end, whether a count of criteria is written
    there); the step flagged, or None when that place already fails for another reason."""
    start, end, counted = span
    step = _step_at(steps, start)
    # The answer's own check does not stop a count of criteria met: where the answer is the first
    # place the wrong count is written, the criterion check comes first ("5 of the 8 criteria are met").
    if step is None or any(c.ok is False and c.start <= start < c.end and (c.kind != "answer" or not counted) for c in step.checks):
        return None
    at = next((i for i, c in enumerate(step.checks) if c.kind == "answer"), len(step.checks)) if counted else len(step.checks)
    step.checks.insert(at, Check("criterion", False, detail, start, end))
    return step


# "No calculation is needed": the trace takes a value the note reports for what the calculator computes.
_NO_CALCULATION = re.compile(r"\bno\s+(?:calculation|computation|formula)\s+(?:is\s+|was\s+)?(?:needed|required|necessary)\b", re.I)


def _no_calculation(ans: AnswerCheck, ctx: TraceContext, steps: list[Step]) -> None:
    """An equation's answer found wrong, where the trace takes a value the note reports for what
    the calculator computes (a measured LDL for the calculated one): the formula is left out where
    the trace says it needs no calculation, and where it first states the note's value as the
    result ("So LDL is 72 mg/dL") when no step before the answer is found wrong."""
    calc = ctx.calc
    if ans.correct is not False or calc is None or ctx.criteria:
        return
    detail = f"the {calc.name} is computed from the patient's values ({calc.description.rstrip('.')}); a reported value is not it"
    stated = _note_value_stated(ans, ctx, steps)
    for step in steps:
        m = _NO_CALCULATION.search(step.text)
        if m is not None and not any(c.ok is False for c in step.checks):
            step.checks.append(Check("formula", False, detail, step.start + m.start(), step.start + m.end()))
            break
    if stated is not None:
        step, start, end = stated
        step.checks.append(Check("formula", False, f"{detail}: the note's {fmt(float(ans.value))} is stated as the result", start, end))
        if ans.cause is None:
            ans.cause, ans.detail = "formula", f"step {step.index} takes the note's value for the result"


def _note_value_stated(ans: AnswerCheck, ctx: TraceContext, steps: list[Step]) -> tuple[Step, int, int] | None:
    """Where the trace first states a wrong numeric answer that the note reports as the result
    (``_result_stated``), when no step before the answer is found wrong; None otherwise."""
    calc = ctx.calc
    if calc.output.type not in ("decimal", "integer") or not isinstance(ans.value, (int, float)) or isinstance(ans.value, bool):
        return None
    answer_at = ans.span[0] if ans.span is not None else None
    if _first_wrong(steps, answer_at) is not None:
        return None  # a step found wrong explains the answer
    value = float(ans.value)
    if not any(abs(n - value) <= 1e-9 * max(1.0, abs(value)) for n in ctx.note_numbers):
        return None  # not a value the note reports
    return _result_stated(calc, steps, label_text(value), answer_at)


def _points(value: Any) -> float:
    """A criterion's points for this patient as a number (absent or not numeric: 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)


def _other_definition(calc: Calculator, inputs: Mapping[str, Any], given: Any, unread_findings: bool = False) -> str | None:
    """"name option (a convention)" of a version, method or definition the calculator offers
    (``Calculator.versions()``) under which these values give the trace's answer, or None. Only those: an optional choice that is
    a patient finding (Child-Pugh ascites, APACHE II admission type, Charlson liver disease) taken
    otherwise is a wrong finding, not a convention -- except, with ``unread_findings``, one the values
    (the trace's own, as read) leave unstated: "race black" in MDRD is then the trace's finding, unread."""
    versions = calc.versions()
    choices = dict(versions)
    if unread_findings:
        choices.update({i.name: (tuple(i.options), None) for i in calc.inputs
                        if i.kind == "choice" and not i.required and i.name not in choices and inputs.get(i.name) is None})
    for name, (options, default) in choices.items():
        if inputs.get(name) not in (None, default):
            continue  # a choice the inputs make (a default filled in by parsing is not one)
        for option in options:
            try:
                value = calc.compute(calc.parse({**inputs, name: option})).json_value()
            except (CalculatorError, ArithmeticError, ValueError, TypeError, KeyError):
                continue
            if agrees(calc, given, label_text(value)):
                kind = "a convention" if name in versions else "a finding its values leave unstated"
                return f"{name.replace('_', ' ')} {option} ({kind})"
    return None


_LABEL_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9 ()'’-]{1,40}?)\s*(?:=|:|\bis\b|\bof\b)\s*$")


def _names_an_input(trace: str, pos: int, calc: Calculator) -> bool:
    """Is the number at ``pos`` written as one of the calculator's inputs ("Weight = 125 kg")?"""
    m = _LABEL_BEFORE.search(trace, max(0, pos - 48), pos)
    return m is not None and knowledge.input_for(calc, m.group(1)) is not None


_RULE_STATEMENT = re.compile(r"\b(?:formula|equation|rule|calculated as|is given by|method)\b", re.I)


def _check_answer(trace: str, answer: Any, reference: Any, calc: Calculator | None, ctx: TraceContext, steps: list[Step], own: _OwnValues,
                  question: str | None = None) -> AnswerCheck:
    found = None
    if ctx.think_end > 0:
        # After a model's thinking, the answer is where its explanation states it ("Thus, 5 of the 8
        # criteria are met"), not an "answer: 5" the thinking wrote on the way.
        shown = final_answer(trace[ctx.think_end :])
        if shown is not None and (answer in (None, "") or calc is None or _same_answer(calc, shown.value, _coerce_answer(answer))):
            found = Answer(shown.value, shown.text, shown.start + ctx.think_end, shown.end + ctx.think_end)
    if found is None:
        found = final_answer(trace)
    out = AnswerCheck()
    if answer not in (None, ""):
        out.value = _coerce_answer(answer)
        if found is not None and calc is not None and _same_answer(calc, found.value, out.value):
            out.span = (found.start, found.end)  # the answer given is the one the trace writes: checked there
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
    convention = None
    if given is None:
        out.correct = False
    else:
        ok = agrees(calc, given, label_text(expected), lower, upper)
        known = ctx.inputs if source == "entities" else (own.get() or {}).get("inputs") if source == "trace" else None
        if ok is False and known:
            # Another version or definition the calculator offers (CDC 2016 MME factors, an
            # equation version the question does not name, MedCalc-Bench's delta gap AG − 12):
            # a convention, not a wrong answer; judged on the patient data, else the trace's values.
            convention = _other_definition(calc, known, given, unread_findings=source == "trace")
            if convention is not None and any(parameters.question_names_own(v, question) for v in parameters.declared(calc, "VERSIONS")):
                convention = None  # the question asks for the calculator's own version ("the 2021 CKD-EPI equation")
            if convention is not None:
                ok = True
                out.detail = f"follows {calc.name} with {convention}; the calculator's default gives {fmt(expected, 3) if isinstance(expected, float) else expected}"
        out.correct = bool(ok) if ok is not None else None
    if out.span is not None and out.correct is not None:
        step = _step_at(steps, out.span[0])
        if step is not None:
            shown = fmt(expected, 3) if isinstance(expected, float) else expected
            detail = f"final answer {fmt(out.value, 3)} " + ("agrees with" if out.correct else "disagrees with") + f" the expected {shown} ({source})"
            if convention is not None:
                detail = f"final answer {fmt(out.value, 3)} follows {convention}; the default gives {shown}"
            step.checks.append(Check("answer", out.correct, detail, out.span[0], out.span[1], "result" if out.correct else None, convention))
    elif out.correct is False and steps and answer not in (None, ""):
        # A wrong answer given apart from a trace that writes another result, or none: the answer
        # does not follow from the trace ("0.633" after a trace that reaches 0.861).
        shown = fmt(expected, 3) if isinstance(expected, float) else expected
        if found is not None and _names_an_input(trace, found.start, calc):
            found = None  # "Weight = 125 kg." last: a patient value the trace states, not a result it reaches
        if found is not None:
            numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (found.value, out.value, expected))
            if numbers and not _rounds_to(float(out.value), found):  # dates and durations: their given forms are lossy
                step = _step_at(steps, found.start) or steps[-1]
                detail = f"the final answer given, {fmt(out.value, 3)}, is not the trace's own result {found.text.strip()} (expected {shown}, {source})"
                step.checks.append(Check("answer", False, detail, found.start, found.end))
        else:
            last = steps[-1]
            detail = f"the trace reaches no result; the final answer given, {fmt(out.value, 3)}, follows from nothing it writes (expected {shown}, {source})"
            last.checks.append(Check("answer", False, detail, last.start, last.end))
    return out


def _rounds_to(given: float, found: Any) -> bool:
    """Is the answer given the trace's own result to the precision the trace wrote it ("1.8"
    beside "approximately 2")?"""
    written = re.findall(r"\d+(?:\.\d+)?", found.text)
    return close(given, float(found.value), max((decimals_of(w) for w in written), default=0), rel=0.0)


def _same_answer(calc: Calculator, written: Any, given: Any) -> bool:
    """Is the answer the trace writes the answer given separately (the same value to the
    calculator's precision)?"""
    a, b = as_calc_value(calc, written), as_calc_value(calc, given)
    if a is None or b is None:
        return False
    return bool(agrees(calc, a, label_text(b)))


def _coerce_answer(answer: Any) -> Any:
    if isinstance(answer, (int, float)):
        return answer
    parsed = parse_answer_text(str(answer))
    return parsed if parsed is not None else str(answer)


__all__ = ["MAX_NOTE_CHARS", "MAX_TRACE_CHARS", "NoteTooLarge", "TraceTooLarge", "verify"]
