"""Facts a trace states in passing, checked against the numbers and the patient: a comparison of two
numbers ("108 mmHg is ≤ 100", "HR 86 bpm (≥ 90)") and the patient's sex ("a 51-year-old man").
Only false statements are reported; a true one is no step of the calculation."""

from __future__ import annotations

import re
from functools import lru_cache

from clinverify.verifier.claims import UNIT_RE, may_contain
from clinverify.verifier.graders import TraceContext
from clinverify.verifier.note_findings import SEX_OF
from clinverify.verifier.result import Check, Step


# A value said to stand on one side of a threshold: "108 mmHg is ≤ 100", "HR 86 bpm (≤ 90)", "38.6 °C is above 38".
def may_compare(text: str) -> bool:
    """Can the text hold a comparison ``_COMPARISON`` reads? (substring tests, cheaper than a search)"""
    return "<" in text or ">" in text or "≤" in text or "≥" in text or "than" in text or "at least" in text or "at most" in text
_COMPARISON = re.compile(
    r"(?<![\w.,/^])(?P<a>\d+(?:\.\d+)?)[ \t]*+(?P<u>[A-Za-z°µ%][A-Za-z°µ%/²^0-9]{0,12})?[ \t]*+(?:\([ \t]*+|is[ \t]++|,[ \t]*+which[ \t]++is[ \t]++)?"
    r"(?P<op>[<>≤≥]=?|less[ \t]+than|greater[ \t]+than|more[ \t]+than|at[ \t]+least|at[ \t]+most)[ \t]*+"
    r"(?P<b>\d+(?:\.\d+)?)(?![\d.])[ \t]*+(?P<u2>[A-Za-z°µ%][A-Za-z°µ%/²^0-9]{0,12})?", re.I)
_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "≤": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        "≥": lambda a, b: a >= b, "less than": lambda a, b: a < b, "greater than": lambda a, b: a > b, "more than": lambda a, b: a > b,
        "at least": lambda a, b: a >= b, "at most": lambda a, b: a <= b}
_ANSWERED_NO = re.compile(r"[ \t]*+(?:\?|[)\]]?[ \t]*+(?:[:,;=→-]|->)?[ \t]*+(?:no|false|not|doesn't|does\s+not|isn't|nope)\b)", re.I)  # (possessive: linear on long runs of spaces)
_NOT_BEFORE = re.compile(r"\b(?:not|no|never|isn't|is\s+not)\s+$", re.I)
# The left number is itself a threshold ("<35 or >38.9", "less than 36 or greater than 38") or points ("score 0 (>150 k)").
_THRESHOLD_OR_POINTS_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:less|greater|more)\s+than|\bat\s+(?:least|most)|\bscores?|\bpoints?|\bpts?)\s*$", re.I)


def check_comparisons(step: Step, ctx: TraceContext) -> None:
    """A written comparison of two numbers that is false ("108 mmHg is ≤ 100", "86 (≥ 90)"): the
    value placed on the wrong side of a threshold. Only comparisons in one unit (or none) are read,
    and only the false ones are reported (a true one is no step of the calculation)."""
    found = _false_comparison(step.text)
    if found is not None:
        a, b, detail = found
        # In a score, the value put on the wrong side of a criterion's threshold; else a false statement of numbers.
        step.checks.append(Check("criterion" if ctx.criteria else "arithmetic", False, detail, step.start + a, step.start + b))


@lru_cache(maxsize=8192)  # by sentence, as the other readers
def _false_comparison(text: str) -> tuple[int, int, str] | None:
    """(start, end, detail) of the first false comparison in the text (``check_comparisons``)."""
    for m in _COMPARISON.finditer(text):
        op = " ".join(m.group("op").lower().split())
        test = _OPS.get(op)
        u, u2 = (m.group("u") or "").lower(), (m.group("u2") or "").lower()
        if test is None or (u and u2 and u != u2) or _NOT_BEFORE.search(text, max(0, m.start("op") - 12), m.start("op")):
            continue  # another unit on each side, or a comparison denied ("not ≥ 100")
        if (u and not UNIT_RE.fullmatch(m.group("u"))) or (u2 and not UNIT_RE.fullmatch(m.group("u2"))):
            continue  # a word, not a unit ("35 or >38.9")
        if _THRESHOLD_OR_POINTS_BEFORE.search(text, max(0, m.start() - 16), m.start()) or _ANSWERED_NO.match(text, m.end()):
            continue  # the left number is a threshold or points, or the comparison is asked and denied ("180 mg/dL >200? No.", "37.8 > 38 → no")
        a, b = float(m.group("a")), float(m.group("b"))
        if test(a, b):
            continue
        return m.start(), m.end("b"), f"{m.group('a')} is not {m.group('op')} {m.group('b')}"
    return None


# The patient's sex stated: "Sex: male", "Gender = Female", "The patient is a 32-year-old woman", "a 51-year-old man".
_SEX_STATED = re.compile(
    r"(?=[sgtp\d])(?:\b(?:sex|gender)\s*(?:[:=]|\bis\b|[-–])\s*|\b(?:the\s+)?patient\s+is\s+(?:an?\s+)?(?:\d{1,3}[- ]?(?:years?|yrs?|y)[- ]?old\s+)?"
    r"|\b\d{1,3}[- ](?:year|yr)s?[- ]old\s+)(?P<w>male|female|man|woman|boy|girl|gentleman|lady)\b", re.I)
_POINTS_AFTER_SEX = re.compile(r"\s*(?:[=:→(]|->|\bcategory\b)\s*[-+−]?\s*\d|\s+(?:gets?|scores?|gives?|adds?)\b", re.I)
# A hypothesis or a rule, not the patient ("if the patient is female", "for a 60-year-old man", "assuming a male").
_SEX_HYPOTHESIS = re.compile(r"\b(?:if|whether|for|assum\w*|suppose|supposing|were|unless|when|not|than|like)\s+(?:the\s+|a\s+|an\s+)?$", re.I)


def check_stated_sex(step: Step, ctx: TraceContext) -> None:
    """The patient's sex said otherwise than the patient's data (or, without them, the note) give it:
    a misread patient value. Only the wrong statements are reported (a right one is no step of the
    calculation)."""
    for a, b, said in _sexes_stated(step.text):
        if said == ctx.sex:
            continue
        start, end = step.start + a, step.start + b
        if start < ctx.think_end and ctx.restated(("sex", said)):
            continue  # said again in the thinking: reported where first said
        whose = "in the patient data" if ctx.truth is not None else "in the note"
        step.checks.append(Check("extraction", False, f"the patient is {ctx.sex} {whose}, not {said}", start, end, about="sex"))
        return


@lru_cache(maxsize=8192)  # by sentence, as the other readers
def _sexes_stated(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, sex) of each statement of the patient's sex in the text (``check_stated_sex``)."""
    if not may_contain(text, ("male", "man", "boy", "girl", "lady")):
        return ()
    out = []
    for m in _SEX_STATED.finditer(text):
        if _SEX_HYPOTHESIS.search(text, max(0, m.start() - 30), m.start()) or _POINTS_AFTER_SEX.match(text, m.end()):
            continue  # (with points after it, "Sex: female (+1)" is the criterion's, judged by the criteria reader)
        out.append((m.start("w"), m.end("w"), SEX_OF[m.group("w").lower()]))
    return tuple(out)
