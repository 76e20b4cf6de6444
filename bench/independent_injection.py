"""Error-injection benchmark whose injection sites are chosen WITHOUT the verifier's claim reader.

    python bench/independent_injection.py [--corpus template|real|both] [--limit N] [--seed 0]
                                          [--sites-per-type N] [--show-misses K [--show-kind T]] [--rows all|dev|check]

Why: bench/error_injection.py injects only where the verifier's own claim patterns match
(``clinverify.verifier.claims``), so a number the verifier does not read is never injected and its
figures cannot show what the verifier misses. Here the sites come from a generic, self-contained
lexical scan of the text (``scan`` below); the only thing used from the verifier is the public
``clinverify.verifier.verify`` call on the clean and on the modified text (plus
``clinverify.datasets.explanations.clean_rows``, which only decides which MedCalc-Bench rows form the
clean template corpus, from their labels and the errata list, never from the text). Nothing from
``clinverify.verifier.claims``, ``formulas``, ``knowledge``, ``steps`` or any other verifier
internal takes part in choosing, classifying or perturbing a site; the number, unit, relation and
cue vocabularies below were written for this file.

How sites are chosen (``scan(text, note)``), all by surface cues:

1. ``tokenise``: every decimal number (``12``, ``1.4``, ``21,625``, ``1e-06``) that is not glued
   to a word on its left (``CHA2DS2``, ``HCO3``), not part of a date (``03/15/2020``,
   ``2020-03-15``) or a clock time, not a list marker (``2.`` at a line start) or a label number
   (``Step 3``), with an optional unit right after it (from the unit table ``_SIMPLE_UNITS`` below:
   mass, amount, volume, length, concentration, pressure, temperature, time, points, %).
   Literal ``\\n`` (backslash + n, as many real traces store line breaks) counts as a line break.
2. Each number gets at most one type, the first rule that matches in this order:

   ``final_answer``   the value of the last JSON ``"answer"`` field, else the number after the last
                      word "answer" (``Answer: 23``, ``the answer is **1**``).
   ``unit_conversion`` the lone result after a relation (``=``, ``≈``, ``→``, ``->``, ``is``,
                      ``equals``, ``gives``, ``giving``, ``yields``, ``results in``, ``becomes``,
                      ``converts to``, and, right after a number with a unit, ``(`` and ``or``) whose
                      unit Y differs from, but is of the same kind as, the unit X of a number on the
                      left side of the relation (its clause), when no left-side number has unit Y:
                      ``150 lbs * 0.453592 kg/lbs = 68.04 kg``, ``1.2 mg/dL (106 µmol/L)``.
   ``arithmetic``     the lone result after a relation whose left side (back to the previous
                      relation or clause boundary) is an arithmetic expression (two operands around
                      ``+ - * / × ÷ ^ ** \\times \\cdot``, or ``sqrt``/``√``/``\\frac``/``log``/``exp``
                      of a number), or continues such a chain (``a + b = 5.06 ≈ 5.1``). "Lone": the
                      number (and unit) is not itself followed by an operator. When the right side
                      is a rewritten expression instead (``= 140 - 105``, ``= sqrt(21625 / 3600)``),
                      its numbers whose values are not on the left side are intermediate results
                      (``105``, ``21625``) and count as arithmetic too.
   ``final_answer``   (fallback when no "answer" label exists) the last number of the text if it is in
                      the last sentence that contains a digit, follows a relation there and has no
                      operator next to it (``... the HEART Score is 3.``).
   ``points``         a number (or the words zero..six) next to ``point(s)``/``pts``, a ``+N`` that
                      is not the right operand of a sum (``Age ≥75: +2``), or after "increased by",
                      "add(s/ed)" without a unit.
   ``coefficient``    the first number within 40 characters after coefficient, factor, constant,
                      kappa/κ, alpha/α, exponent, fraction, multiplier, molar mass, valence (unless it is a
                      patient value with a unit: "ejection fraction 35 %"); or a numeric literal
                      standing next to an arithmetic operator that is not a patient value, not a
                      result derived earlier in the text, not a threshold and not 0, 1 or 2 (small
                      integers in sums are mostly running totals or points).
   ``patient_value``  a number whose value occurs among the numbers of the patient note, that
                      stands next to a word (a label or verb before it, or a unit after it), and is
                      not a threshold (after <, >, ≤, ≥, "less than", "at least", "above", ...).

   Everything else (thresholds, copies of numbers, restated totals, label numbers) is not a site.

Injection: one site per variant text; by default every site of every text gets its own variant
(``--sites-per-type N``: at most N random sites per type per text, seeded; ``--limit N``: a seeded
sample of N texts per corpus). The number is multiplied by a factor drawn from [1.15, 1.6] or
[0.6, 0.87] and written with its original precision (points: +1 or +2; 0 becomes 1 or 2), redrawn
until the written value differs. The modified text is verified with the same calculator, question,
note, entities and reference as the clean text (template: the row's v1.0 label and entities; real:
the physician-corrected label where one exists, else the v1.0 label, and the dataset's entities
for test-split rows, none for train-split rows).

Scores per corpus and type:
  localised   the first ``incorrect`` step of the modified text overlaps the injected span
              (ProcessBench's first-error criterion). A patient value perturbed where it is stated
              and used correctly later (its later copies are untouched) is an extraction error at
              the value, so its step is the expected location.
  detected    some ``incorrect`` step overlaps the injected span or lies after it.
  loc|clean, det|clean  the same, among texts whose clean version had no incorrect step (the
              real traces hold genuine errors, which can precede or follow an injection and
              then count as "detected" without being caused by it).
  label       localised and the step's error type is the one expected for the site type
              (arithmetic: arithmetic/rounding; unit_conversion; coefficient: formula; points:
              criterion; patient_value: extraction; final_answer: answer).
  clean false alarms  share of clean texts with any incorrect step (template: MedCalc-Bench
              explanations whose label agrees with the physician-corrected one, minus the reviewed
              errata, i.e. ``clinverify.datasets.explanations.clean_rows``; real: all traces, which
              include real errors, and separately the traces whose final answer is correct).
  coverage    of all sites the scan finds in the clean texts, the share lying inside a step with
              verdict correct, incorrect or corrected (a checked claim) rather than
              neutral/unverifiable or no step; per type and overall.

The real traces (../shared/real-traces-dev/traces.jsonl, field ``llm_explanation``) are read at
run time and never copied; ``--show-misses`` prints context windows to stderr for development only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_TRACES = ROOT.parent / "shared" / "real-traces-dev" / "traces.jsonl"

TYPES = ("arithmetic", "unit_conversion", "coefficient", "points", "patient_value", "final_answer")
EXPECTED_LABEL = {
    "arithmetic": {"arithmetic", "rounding"},
    "unit_conversion": {"unit_conversion"},
    "coefficient": {"formula"},
    "points": {"criterion"},
    "patient_value": {"extraction"},
    "final_answer": {"answer"},
}

# --------------------------------------------------------------------------------------------
# Generic scan: vocabularies
# --------------------------------------------------------------------------------------------

_PREFIX = "[mµμunpkdc]?"
_SIMPLE_UNITS = (
    rf"{_PREFIX}(?:g|mol|[Ee]q|L|l|IU|U|Osm)",
    r"(?:mm|cm|km|m)(?:\^?[23]|²|³)?",
    r"%", r"°\s?[CF]", r"mm\s?Hg", r"cm\s?H2O", r"kPa", r"bpm",
    r"lbs?", r"pounds?", r"oz", r"inch(?:es)?", r"ft", r"feet", r"foot",
    r"years?(?:\s+old)?", r"yrs?", r"y/o", r"months?", r"weeks?", r"wks?", r"days?", r"hours?", r"hrs?", r"h",
    r"min(?:utes?)?", r"sec(?:onds?)?", r"ms(?:ec)?",
    r"points?", r"pts?",
    r"beats per minute", r"breaths per minute", r"beats/min", r"breaths/min",
    r"(?:x|×)\s?10\^?\d+\s?/\s?L",
)
_SIMPLE = "(?:(?:" + "|".join(_SIMPLE_UNITS) + ")(?![A-Za-z]))"
# A unit: simple units joined by "/" (mL/min/1.73 m², mg/dL, kg/m^2); atomic, so that a number's
# unit is never cut short to make "/" look like a division.
UNIT = rf"(?>{_SIMPLE}(?:\s?/\s?(?:1\.73\s?m(?:\^?2|²)(?![A-Za-z])|{_SIMPLE}))*)(?![A-Za-z0-9])"
_NUM = r"(?<![A-Za-z0-9_.,])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?"
NUMBER_RE = re.compile(rf"({_NUM})(?:(?:[ \t]?)({UNIT}))?")
_GLUED_WORD = re.compile(r"[A-Za-z]")  # a number directly followed by a letter that is not a unit
_SKIP_RE = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?"  # dates, clock times
)
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t>*#-]*(\d{1,2})[.)](?=\s)")
_LABEL_BEFORE = re.compile(r"(?i)(?:\bstep|\bcriteri(?:on|a)|\bitem|\bpart|\bsection|\bversion|#|\bno\.)\s*$")

_REL = (
    r"(?<![<>!=≤≥])=(?![=>])|≈|≃|≅|~=|→|->|=>|\\approx|\\to\b"
    r"|\b(?:is|are|was|equals?|equal to|gives?|giving|yields?|results? in|becomes?|comes to|converts? to)\b"
)
RELATION_RE = re.compile(_REL, re.I)
_CONV_ONLY_REL = re.compile(r"\s*(?:\(|\bor\b)\s*", re.I)  # relations for conversions only: "1.2 mg/dL (106 µmol/L)"
_FILLER = re.compile(
    r"(?:\s|\*\*|\$|\\boxed\{|\\text\{|~|≈|:|[-−](?=\d)|\b(?:approximately|approx\.?|about|roughly|around|therefore|thus|then|now|us|so|hence|only|just)\b)*",
    re.I,
)
_OP = r"(?:\*\*|[-+*/×÷^·−]|\\times|\\cdot|\\div|(?<=\s)x(?=\s))"
_FUNC = r"(?:√|sqrt|\\sqrt|\\frac|\blog|\bln|\bexp)"
ARITH_RE = re.compile(
    rf"(?:\d|\))\s*(?:{UNIT}\s*)?{_OP}\s*[\(\[\{{]*\s*(?:\d|{_FUNC}|\()|{_FUNC}\s*[\(\{{]?\s*[\(\{{]?\s*\d"
)
# what after a number (and its unit) makes it the start of a further expression, not a result
_CONTINUES = re.compile(rf"\s*{_OP}\s*[\(\[\{{]*\s*(?:\d|[A-Za-z√\\(])")
_BOUNDARY = re.compile(r"\n|[.!?](?=\s)|;|,(?!\d)|:(?!\d)")

_COEF_WORD = re.compile(
    r"(?i)\b(?:coefficients?|factors?|constants?|kappa|alpha|exponents?|fractions?|multipliers?|molar mass(?:es)?|valence)\b|κ|α"
)
_THRESHOLD_BEFORE = re.compile(
    r"(?i)(?:[<>≤≥]=?|\b(?:less|more|greater|fewer|higher|lower|longer|shorter) than(?: or equal to)?|\bat (?:least|most)"
    r"|\babove|\bbelow|\bover|\bunder|\bexceed(?:s|ing|ed)?|\bbetween|\bwithin|\bup to|\bcut-?off(?: of)?|\bthreshold(?: of)?)\s*$"
)
_POINT_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORD_POINTS = re.compile(r"(?i)\b(zero|one|two|three|four|five|six)(?=\s+(?:additional\s+|more\s+|extra\s+)?(?:points?|pts?)\b)")
_POINTS_BEFORE = re.compile(r"(?i)(?:\bpoints?|\bpts?|\bincrease[sd]? by|\bincrement(?:ed)? by|\badd(?:s|ed|ing)?)\s*[:=]?\s*(?:\*\*)?$")
_ANSWER_JSON = re.compile(r'"answer"\s*:\s*"?\s*')
_ANSWER_WORD = re.compile(r"(?i)\banswer\b[^\d\n]{0,40}?(?=\d)")


@dataclass(frozen=True, slots=True)
class Num:
    start: int
    end: int  # end of the number itself
    text: str
    value: float
    unit: str  # "" when none
    unit_end: int  # end of number + unit


@dataclass(frozen=True, slots=True)
class Site:
    start: int
    end: int
    text: str
    kind: str  # one of TYPES


# --------------------------------------------------------------------------------------------
# Generic scan: functions
# --------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Same length as ``text``; a literal backslash-n (stored JSON escape) becomes " \\n"."""
    return text.replace("\\n", " \n")


def _float(s: str) -> float:
    return float(s.replace(",", ""))


def tokenise(text: str) -> list[Num]:
    """Numbers with their optional unit, minus dates, clock times, list markers and label numbers."""
    t = normalise(text)
    skip = [(m.start(), m.end()) for m in _SKIP_RE.finditer(t)]
    markers = {m.start(1) for m in _LIST_MARKER.finditer(t)}
    out = []
    for m in NUMBER_RE.finditer(t):
        s, e = m.span(1)
        if any(a <= s < b for a, b in skip) or s in markers:
            continue
        unit = m.group(2) or ""
        if not unit and e < len(t) and _GLUED_WORD.match(t, e):
            continue  # "1st", "2nd", "3x": a number glued to a word
        if _LABEL_BEFORE.search(t, max(0, s - 12), s):
            continue
        try:
            v = _float(m.group(1))
        except ValueError:
            continue
        out.append(Num(s, e, m.group(1), v, unit.strip(), m.end() if unit else e))
    return out


_NOTE_NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?")


def note_values(note: str) -> set[float]:
    """Every number written in the patient note (value, not text: "27" matches "27.0")."""
    return {_float(m.group()) for m in _NOTE_NUM.finditer(note or "")}


def _unit_key(u: str) -> str:
    return re.sub(r"\s+", "", u).replace("µ", "u").replace("μ", "u").replace("²", "2").replace("^", "").lower()


_FAMILY = [
    ("quantity", re.compile(r"^(?:[mupnkd]?g|[mupk]?mol|[m]?eq|lbs?|pounds?|oz)$")),
    ("volume", re.compile(r"^[mdu]?l$")),
    ("length", re.compile(r"^(?:mm|cm|km|m|inch(?:es)?|ft|feet|foot)$")),
    ("pressure", re.compile(r"^(?:mmhg|cmh2o|kpa)$")),
    ("temperature", re.compile(r"^°[cf]$")),
    ("time", re.compile(r"^(?:years?(?:old)?|yrs?|months?|weeks?|wks?|days?|hours?|hrs?|h|min(?:utes?)?|sec(?:onds?)?|ms(?:ec)?)$")),
]


def unit_family(unit: str) -> str | None:
    """Kind of a unit: quantity (mass or amount), volume, length, pressure, temperature, time, or
    concentration (quantity per volume); None for anything else (ratios, rates, %, points)."""
    k = _unit_key(unit)
    if not k:
        return None
    parts = k.split("/")
    if len(parts) == 2 and _simple_family(parts[0]) == "quantity" and _simple_family(parts[1]) == "volume":
        return "concentration"
    if len(parts) == 1:
        return _simple_family(k)
    return None


def _simple_family(k: str) -> str | None:
    for name, rx in _FAMILY:
        if rx.match(k):
            return name
    return None


def convertible(x: str, y: str) -> bool:
    """Two different units of the same kind (a value in one can be converted into the other)."""
    fx = unit_family(x)
    return fx is not None and fx == unit_family(y) and _unit_key(x) != _unit_key(y)


def _boundary(t: str, pos: int, relations: list[tuple[int, int]]) -> tuple[int, int | None]:
    """Start of the clause that ends at ``pos``: after the previous clause boundary or relation.
    Returns (start, index of the relation it starts at, or None)."""
    lo = max(0, pos - 200)
    b = lo
    for m in _BOUNDARY.finditer(t, lo, pos):
        b = m.end()
    rel = None
    for i in range(len(relations) - 1, -1, -1):
        _, re_ = relations[i]
        if re_ <= pos and re_ >= b:
            b, rel = re_, i
            break
        if re_ < b:
            break
    return b, rel


def _result_after(t: str, pos: int, by_start: dict[int, Num]) -> Num | None:
    """The number right after a relation (skipping spaces, markdown and words like "approximately")."""
    m = _FILLER.match(t, pos)
    return by_start.get(m.end() if m else pos)


def _is_lone(t: str, n: Num) -> bool:
    """The number (with its unit) is not the first operand of a further expression."""
    return _CONTINUES.match(t, n.unit_end) is None


def _before(t: str, n: Num, width: int = 40) -> str:
    return t[max(0, n.start - width) : n.start]


def _is_threshold(t: str, n: Num) -> bool:
    return _THRESHOLD_BEFORE.search(_before(t, n)) is not None


def _next_to_word(t: str, n: Num) -> bool:
    """A unit follows, or the nearest character before it (past ':', '=', '(', '*', spaces) is a letter."""
    if n.unit:
        return True
    before = _before(t, n, 20).rstrip(" \t:=(*$")
    return bool(before) and before[-1].isalpha()


def _operator_next_to(t: str, n: Num) -> bool:
    """An arithmetic operator right before or after the number (past spaces and brackets); a
    hyphen counts only when spaced or between digits/brackets ("CURB-65" is a name)."""
    before = t[max(0, n.start - 8) : n.start].rstrip(" \t([{")
    after = t[n.unit_end : n.unit_end + 8].lstrip(" \t)]}")
    if before.endswith("**") and not (len(before) > 2 and (before[-3].isalnum() or before[-3] == ")")):
        before = before[:-2].rstrip(" \t([{")  # markdown bold, not a power
    if after.startswith("**") and not (after[2:3].isalnum() or after[2:3] == "("):
        after = after[2:].lstrip(" \t)]}")
    if before.endswith(("+", "*", "/", "×", "÷", "^", "·", "\\times", "\\cdot", "\\div", " x")):
        return True
    if before.endswith(("-", "−")) and (len(before) < 2 or before[-2] in " \t0123456789)("):
        return True
    if after[:1] in ("+", "*", "/", "×", "÷", "^", "·") or after.startswith(("\\times", "\\cdot", "\\div", "x ")):
        return True
    return after[:1] in ("-", "−") and after[1:2] in (" ", "(", "") or (after[:1] in ("-", "−") and after[1:2].isdigit())


def _answer_site(t: str, by_start: dict[int, Num]) -> Num | None:
    """The last JSON "answer" value, else the number after the last word "answer"."""
    for rx in (_ANSWER_JSON, _ANSWER_WORD):
        hit = None
        for m in rx.finditer(t):
            n = _result_after(t, m.end(), by_start)
            if n is not None:
                hit = n
        if hit is not None:
            return hit
    return None


def _last_sentence_answer(t: str, nums: list[Num]) -> Num | None:
    """Fallback final answer: the last number, if it is in the last sentence that holds a digit
    and a relation precedes it in that sentence."""
    if not nums:
        return None
    last_digit = next(i for i in range(len(t) - 1, -1, -1) if t[i].isdigit())
    start = 0
    for m in _BOUNDARY.finditer(t, 0, last_digit):
        if m.group() in ("\n", ".", "!", "?"):
            start = m.end()
    n = nums[-1]
    if n.start < start:
        return None  # the last sentence's digits are a date or a skipped number
    if _operator_next_to(t, n):
        return None  # a constant inside a formula, not a result
    return n if RELATION_RE.search(t, start, n.start) or ":" in t[start : n.start] else None


def scan(text: str, note: str = "") -> list[Site]:
    """Every derived number of ``text`` as a Site (span of the number itself, its type); see the
    module docstring for the rules. Generic: no calculator, formula or verifier knowledge."""
    t = normalise(text)
    nums = tokenise(text)
    if not nums:
        return []
    by_start = {n.start: n for n in nums}
    in_note = note_values(note)
    kind: dict[int, str] = {}

    answer = _answer_site(t, by_start)
    if answer is not None:
        kind[answer.start] = "final_answer"

    # results of relations: unit conversions and arithmetic
    relations: list[tuple[int, int]] = []
    rel_arith: list[bool] = []
    for m in RELATION_RE.finditer(t):
        lhs_start, prev = _boundary(t, m.start(), relations)
        relations.append((m.start(), m.end()))
        res = _result_after(t, m.end(), by_start)
        lhs = t[lhs_start : m.start()]
        lhs_nums = [n for n in nums if lhs_start <= n.start and n.unit_end <= m.start()]
        arith = ARITH_RE.search(lhs) is not None or (  # a + b = 5.06 ≈ 5.1: a chain goes on
            prev is not None and rel_arith[prev] and len(lhs_nums) == 1 and not re.search(r"[A-Za-z]", lhs.replace(lhs_nums[0].unit, ""))
        )
        if res is not None and _is_lone(t, res):
            units = [n.unit for n in lhs_nums if n.unit]
            if res.unit and any(convertible(u, res.unit) for u in units) and not any(_unit_key(u) == _unit_key(res.unit) for u in units):
                kind.setdefault(res.start, "unit_conversion")
            elif arith:
                kind.setdefault(res.start, "arithmetic")
        elif arith:
            # a rewritten expression ("= 140 - 105", "= sqrt(21625 / 3600)"): its numbers that are
            # not on the left side are intermediate results
            nxt = RELATION_RE.search(t, m.end())
            stop = _BOUNDARY.search(t, m.end())
            end = min(x.start() if x else len(t) for x in (nxt, stop))
            lhs_values = {n.value for n in lhs_nums}
            for n in nums:
                if m.end() <= n.start and n.end <= end and n.value not in lhs_values:
                    kind.setdefault(n.start, "arithmetic")
        rel_arith.append(arith)
    for i in range(len(nums) - 1):  # "1.2 mg/dL (106 µmol/L)", "70 kg or 154 lb"
        a, b = nums[i], nums[i + 1]
        if a.unit and b.unit and convertible(a.unit, b.unit):
            m = _CONV_ONLY_REL.fullmatch(t, a.unit_end, b.start)
            if m:
                kind.setdefault(b.start, "unit_conversion")

    fallback = None if answer is not None else _last_sentence_answer(t, nums)
    if fallback is not None:
        kind.setdefault(fallback.start, "final_answer")

    derived = [(n.start, n.value) for n in nums if kind.get(n.start) in ("arithmetic", "unit_conversion")]
    derived_values = {v for _, v in derived}
    sites = [Site(n.start, n.end, n.text, kind[n.start]) for n in nums if n.start in kind]

    # points: "2 points", "+1", "increased by 1.5", "two points"
    for n in nums:
        if n.start in kind or _is_threshold(t, n):
            continue
        k = _unit_key(n.unit)
        before = _before(t, n, 30)
        plus = re.search(r"(?:^|[^\d)\s])\s*\+$", before)
        if k in ("point", "points", "pt", "pts") or plus or (not n.unit and _POINTS_BEFORE.search(before) and _is_lone(t, n)):
            kind[n.start] = "points"
            sites.append(Site(n.start, n.end, n.text, "points"))
    for m in _WORD_POINTS.finditer(t):
        if not _THRESHOLD_BEFORE.search(t[max(0, m.start() - 40) : m.start()]):
            sites.append(Site(m.start(1), m.end(1), m.group(1), "points"))

    # coefficients named as such
    for m in _COEF_WORD.finditer(t):
        n = next((x for x in nums if m.end() <= x.start <= m.end() + 40), None)
        if n is None or n.start in kind or n.value == 0 or re.search(r"[\n;]|[.!?,]\s", t[m.end() : n.start]):
            continue
        if n.unit and n.value in in_note:
            continue  # "ejection fraction 35 %": a patient value
        kind[n.start] = "coefficient"
        sites.append(Site(n.start, n.end, n.text, "coefficient"))

    # patient values, then numeric literals inside formulas
    point_values = {_float(x.text) for x in sites if x.kind == "points" and x.text[:1].isdigit()}
    for n in nums:
        if n.start in kind or _is_threshold(t, n):
            continue
        copy = any(s < n.start and v == n.value for s, v in derived)  # a running total restated
        if n.value in in_note and n.value != 0 and not copy and _next_to_word(t, n):
            kind[n.start] = "patient_value"
            sites.append(Site(n.start, n.end, n.text, "patient_value"))
            continue
        if n.value in in_note or n.value in derived_values or n.value in point_values or n.value in (0, 1, 2):
            continue
        if _operator_next_to(t, n):
            kind[n.start] = "coefficient"
            sites.append(Site(n.start, n.end, n.text, "coefficient"))
    sites.sort(key=lambda s: s.start)
    return sites


# --------------------------------------------------------------------------------------------
# Perturbation
# --------------------------------------------------------------------------------------------

_WORDS_BY_VALUE = {v: w for w, v in _POINT_WORDS.items()} | {7: "seven", 8: "eight"}


def _decimals(s: str) -> int:
    mant = re.split(r"[eE]", s)[0]
    return len(mant.split(".")[1]) if "." in mant else 0


def _fmt(v: float, d: int, commas: bool) -> str:
    return f"{v:,.{d}f}" if commas else f"{v:.{d}f}"


def perturb(old: str, kind: str, rng: random.Random) -> str:
    """A different number written like ``old``: ×[1.15, 1.6] or ×[0.6, 0.87] at the same number
    of decimals (points: +1 or +2); the written value always differs from the old one."""
    if old.lower() in _POINT_WORDS:
        new = _WORDS_BY_VALUE[_POINT_WORDS[old.lower()] + rng.choice((1, 2))]
        return new.capitalize() if old[0].isupper() else new
    exp = ""
    mant = old
    if re.search(r"[eE]", old):
        mant, e = re.split(r"[eE]", old, maxsplit=1)
        exp = old[len(mant) : len(mant) + 1] + e
    d = _decimals(mant)
    commas = "," in mant
    v = _float(mant)
    if kind == "points":
        return _fmt(v + rng.choice((1, 2)), d, commas) + exp
    if v == 0:
        return _fmt(rng.choice((1, 2)) * (1 if d == 0 else 0.5), d, commas) + exp
    for _ in range(50):
        lo, hi = rng.choice(((1.15, 1.6), (0.6, 0.87)))
        s = _fmt(v * rng.uniform(lo, hi), d, commas)
        if _float(s) != v and _float(s) != 0:
            return s + exp
    return _fmt(v + rng.choice((1, 2)) * 10 ** -d, d, commas) + exp


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Text:
    id: str
    text: str
    note: str
    kwargs: dict
    answer_correct: bool | None = None


def template_corpus() -> list[Text]:
    """MedCalc-Bench Ground Truth Explanations expected to verify clean (labels agree, no errata)."""
    from clinverify.datasets.explanations import clean_rows

    out = []
    for r, _calc in clean_rows():
        kw = dict(calculator=r.calculator_id, patient_note=r.note, entities=r.entities, question=r.question,
                  reference={"answer": r.label, "lower": r.lower, "upper": r.upper})
        out.append(Text(f"row{r.row}", r.explanation, r.note, kw, True))
    return out


def real_corpus(path: Path = REAL_TRACES) -> list[Text]:
    """Real model explanations; test-split rows get the dataset's entities; the reference is the
    physician-corrected label where one exists, else the v1.0 label."""
    if not path.exists():
        raise SystemExit(f"{path} is absent: the real-trace corpus is in ../shared/real-traces-dev/")
    from clinverify.datasets.medcalc_bench import data_dir, load_rows

    ents = {r.row: r.entities for r in load_rows()} if data_dir() is not None else {}
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = r.get("llm_explanation") or ""
            if not text.strip():
                continue
            corr = r.get("corrected_ground_truth_answer")
            if corr and corr.strip().upper() != "N/A":
                ref = {"answer": corr, "lower": r.get("corrected_lower_limit", ""), "upper": r.get("corrected_upper_limit", "")}
                ok = r.get("result_vs_physician_corrected") == "Correct"
            else:
                ref = {"answer": r["ground_truth_answer"], "lower": r["lower_limit"], "upper": r["upper_limit"]}
                ok = r.get("result_recomputed") == "Correct"
            entities = ents.get(int(r["row_number"])) if r.get("split") == "test" else None
            kw = dict(calculator=int(r["calculator_id"]), patient_note=r["patient_note"], entities=entities,
                      question=r["question"], reference=ref)
            out.append(Text(r["trace_id"], text, r["patient_note"], kw, ok))
    return out


# --------------------------------------------------------------------------------------------
# Bench
# --------------------------------------------------------------------------------------------


def _steps(text: str, kwargs: dict) -> list[dict]:
    from clinverify.verifier import verify

    return verify(text, **kwargs).to_dict()["steps"]


def _overlaps(step: dict, s: int, e: int) -> bool:
    a, b = step["span"]
    return a < max(e, s + 1) and s < b


def run_corpus(name: str, texts: list[Text], a, rng: random.Random, coverage: bool) -> dict:
    t0 = time.perf_counter()
    stats = {k: Counter() for k in TYPES}
    cov = {k: Counter() for k in TYPES}
    found = Counter()
    alarms = alarms_ok = n_ok = 0
    shown = shown_cov = 0
    hidden = _check_set_traces() if a.show_misses or a.show_uncovered else frozenset()  # never shown: the gold check set's rows
    if a.hide and (a.show_misses or a.show_uncovered):
        # and traces a developer keeps unread besides (one trace id per line, or gold JSON lines with "trace_id")
        hidden |= {json.loads(line)["trace_id"] if line.lstrip().startswith("{") else line.strip()
                   for line in Path(a.hide).read_text(encoding="utf-8").splitlines() if line.strip()}
    # Only misses on clean texts are shown: on a text that already has an incorrect step the first flag
    # is that step, and the miss says nothing about reading the injected number.
    for tx in texts:
        clean = _steps(tx.text, tx.kwargs)
        clean_bad = any(s["verdict"] == "incorrect" for s in clean)
        alarms += clean_bad
        if tx.answer_correct:
            n_ok += 1
            alarms_ok += clean_bad
        sites = scan(tx.text, tx.note)
        by_kind = defaultdict(list)
        for site in sites:
            by_kind[site.kind].append(site)
            found[site.kind] += 1
            if coverage:
                st = next((s for s in clean if _overlaps(s, site.start, site.end)), None)
                cov[site.kind]["n"] += 1
                checked = st is not None and st["verdict"] in ("correct", "incorrect", "corrected")
                cov[site.kind]["checked"] += checked
                if not checked and shown_cov < a.show_uncovered and tx.id not in hidden and a.show_kind in (None, site.kind):
                    shown_cov += 1
                    lo, hi = max(0, site.start - 90), min(len(tx.text), site.end + 60)
                    print(f"UNCOVERED {name} {tx.id} {site.kind} {site.text!r} (step {st['verdict'] if st else None})\n"
                          f"    ...{_oneline(tx.text[lo:site.start])}[[{site.text}]]{_oneline(tx.text[site.end:hi])}...", file=sys.stderr)
        for kind in TYPES:
            cands = by_kind.get(kind, [])
            chosen = rng.sample(cands, min(len(cands), a.sites_per_type)) if a.sites_per_type > 0 else cands
            for site in chosen:
                new = perturb(site.text, kind, rng)
                mod = tx.text[: site.start] + new + tx.text[site.end :]
                s, e = site.start, site.start + len(new)
                steps = _steps(mod, tx.kwargs)
                wrong = [st for st in steps if st["verdict"] == "incorrect"]
                st = stats[kind]
                st["n"] += 1
                st["n_clean"] += not clean_bad
                loc = bool(wrong) and _overlaps(wrong[0], s, e)
                st["loc"] += loc
                st["loc_clean"] += loc and not clean_bad
                det = any(_overlaps(w, s, e) or w["span"][0] >= e for w in wrong)
                st["det"] += det
                st["det_clean"] += det and not clean_bad
                st["label"] += loc and wrong[0]["error"] in EXPECTED_LABEL[kind]
                if not loc and not clean_bad and shown < a.show_misses and tx.id not in hidden and a.show_kind in (None, kind):
                    shown += 1
                    lo, hi = max(0, s - 80), min(len(mod), e + 80)
                    first = f"first incorrect step {wrong[0]['span']} {wrong[0]['error']}: {wrong[0]['detail'][:120]!r}" if wrong else "no incorrect step"
                    here = next((x for x in steps if _overlaps(x, s, e)), None)
                    print(f"MISS {name} {tx.id} {kind} {site.text!r}->{new!r} at {s} (step verdict {here['verdict'] if here else None}); {first}\n"
                          f"    ...{_oneline(mod[lo:s])}[[{mod[s:e]}]]{_oneline(mod[e:hi])}...", file=sys.stderr)
    return dict(name=name, n_texts=len(texts), alarms=alarms, n_ok=n_ok, alarms_ok=alarms_ok, stats=stats,
                cov=cov, found=found, seconds=time.perf_counter() - t0)


def _check_set_traces() -> frozenset[str]:
    """Ids of the real traces on MedCalc-Bench rows of the gold check set: their misses are not
    printed (the check set is not read while developing the reader)."""
    gold = Path(__file__).parent / "data" / "real_gold.jsonl"
    if not gold.exists():
        return frozenset()
    check = {g["trace_id"] for g in map(json.loads, gold.read_text(encoding="utf-8").splitlines()) if g.get("set") == "check"}
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from real_gold import load_traces
    except ImportError:
        return frozenset(check)
    traces = load_traces()
    rows = {(t.get("split"), t.get("row_number")) for tid, t in traces.items() if tid in check}
    return frozenset(tid for tid, t in traces.items() if (t.get("split"), t.get("row_number")) in rows) | check


def _oneline(s: str) -> str:
    return s.replace("\\n", "⏎").replace("\n", "⏎")


def _pct(x: int, n: int) -> str:
    return f"{x / n:6.1%}" if n else "     -"


def report(r: dict, coverage: bool) -> None:
    n = r["n_texts"]
    print(f"== corpus {r['name']}: {n} clean texts, scanned in {r['seconds']:.1f} s")
    print(f"clean false alarms (texts with an incorrect step): {r['alarms']}/{n} = {_pct(r['alarms'], n).strip()}", end="")
    if r["name"] == "real":
        print(f"  (traces whose final answer is correct: {r['alarms_ok']}/{r['n_ok']} = {_pct(r['alarms_ok'], r['n_ok']).strip()}; "
              "the others hold real errors)")
    else:
        print()
    print(f"{'type':16} {'sites':>6} {'n':>5} {'localised':>10} {'detected':>9} {'n|clean':>8} {'loc|clean':>10} {'det|clean':>10} {'label':>7}")
    tot = Counter()
    for k in TYPES:
        st = r["stats"][k]
        tot.update(st)
        print(f"{k:16} {r['found'][k]:>6} {st['n']:>5} {_pct(st['loc'], st['n']):>10} {_pct(st['det'], st['n']):>9} "
              f"{st['n_clean']:>8} {_pct(st['loc_clean'], st['n_clean']):>10} {_pct(st['det_clean'], st['n_clean']):>10} {_pct(st['label'], st['n']):>7}")
    print(f"{'all':16} {sum(r['found'].values()):>6} {tot['n']:>5} {_pct(tot['loc'], tot['n']):>10} {_pct(tot['det'], tot['n']):>9} "
          f"{tot['n_clean']:>8} {_pct(tot['loc_clean'], tot['n_clean']):>10} {_pct(tot['det_clean'], tot['n_clean']):>10} {_pct(tot['label'], tot['n']):>7}")
    if coverage:
        print(f"coverage on the clean {r['name']} texts (scan sites inside a checked step: verdict correct/incorrect):")
        ctot = Counter()
        for k in TYPES:
            c = r["cov"][k]
            ctot.update(c)
            print(f"  {k:16} {c['n']:>6} {_pct(c['checked'], c['n'])}")
        print(f"  {'all':16} {ctot['n']:>6} {_pct(ctot['checked'], ctot['n'])}")
    print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=("template", "real", "both"), default="both")
    ap.add_argument("--limit", type=int, default=0, help="texts per corpus (0: all; a seeded sample otherwise)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sites-per-type", type=int, default=0, help="at most N variants per type per text, sampled (0: every site)")
    ap.add_argument("--show-misses", type=int, default=0, metavar="K", help="print K missed cases on clean texts to stderr")
    ap.add_argument("--show-kind", choices=TYPES, default=None, help="with --show-misses/--show-uncovered: only this site type")
    ap.add_argument("--show-uncovered", type=int, default=0, metavar="K", help="print K sites left in unchecked steps to stderr")
    ap.add_argument("--hide", metavar="FILE", help="with --show-*: never print these traces either (trace ids, one per line, or gold JSON lines)")
    ap.add_argument("--rows", choices=("all", "dev", "check"), default="all",
                    help="real corpus: only the traces on the gold check set's MedCalc-Bench rows (never read while "
                         "building the reader: the held-out figure), only the others, or all")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    for name in ("template", "real"):
        if a.corpus not in (name, "both"):
            continue
        rng = random.Random(f"{a.seed}:{name}")
        texts = template_corpus() if name == "template" else real_corpus()
        if name == "real" and a.rows != "all":
            held_out = _check_set_traces()
            texts = [tx for tx in texts if (tx.id in held_out) == (a.rows == "check")]
        if a.limit and a.limit < len(texts):
            texts = rng.sample(texts, a.limit)
        report(run_corpus(name, texts, a, rng, coverage=True), coverage=True)
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
