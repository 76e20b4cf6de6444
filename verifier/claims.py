"""Claim extraction from one step of a trace (extraction only; grading is in ``graders``).

Claim kinds:
- arithmetic  an expression and the value it is said to equal (``a = b``, chains ``a = b = c``,
              ``≈``, ``~``); units written inside the expression are dropped.
- conversion  a value in one unit said to equal a value in another (``142 lbs * 0.4536 = 64.4 kg``,
              ``131 mEq/L converts to 131 mmol/L``).
- quantity    a named value with a unit outside any expression ("creatinine is 1.4 mg/dL").
``final_answer`` finds the trace's answer: JSON ``"answer"``, ``\\boxed{}``, ``Answer:``, or the
last value stated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter

from clinverify.verifier.arith import EvalError, evaluate, normalise
from clinverify.verifier.limits import DIGITS, MAX_CLAIMS_PER_STEP, MAX_DIGIT_GROUPS
from clinverify.verifier.tolerance import close, decimals_of

# Digit runs are bounded (``limits.MAX_DIGITS``): a longer run is no number, and no pattern
# re-reads a long run from each of its digits.
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3}){1," + str(MAX_DIGIT_GROUPS) + "}|" + DIGITS + r")(?:\." + DIGITS + r")?(?:[eE][-+]?" + DIGITS + r")?|\." + DIGITS
)
# (The lookahead first: a number starts with one of these characters; re leaves other positions at once.)
NUMBER_PATTERN = _NUMBER  # for readers of other texts (notes) that build their own number pattern
# (Whole or not at all: a unit glued to it, "1.697mg/dL", ends it; it is never cut short to "1". Not an ordinal, "3rd".)
NUM_RE = re.compile(r"(?=[-−\d.])(?<![\w.])[-−]?(?>" + _NUMBER + r")(?![\d_]|\.\d|(?:st|nd|rd|th)\b)")

# Units as models write them, longest first. A word between an amount and "/L" is an analyte
# ("131 mEq sodium/L") and belongs to the unit.
_UNIT_LIST = (
    "mL/min/1.73 m² mL/min/1.73 m^2 mL/min/1.73m2 mL/min mL/hr mL/h mL/day mL/kg/hr mL/kg/h mL/kg/day mg/dL g/dL g/L mg/L µmol/L umol/L μmol/L "
    "mmol/L mEq/L mOsm/kg mOsm/L U/L IU/L µIU/mL uIU/mL μIU/mL pmol/L kg/m^2 kg/m² kg/m2 m^2 m² kg lbs lb g cm mm m "
    "kilograms kilogram pounds pound centimeters centimetres meters metres doses/day dose/day mmol mEq "
    "inches inch in ft feet mmHg milliseconds millisecond msecs msec ms seconds second secs sec s years year months weeks week days hours bpm % °C °F "
    "x10^9/L ×10^9/L 10^9/L x10⁹/L ×10⁹/L 10⁹/L x10^3/µL ×10^3/µL 10^3/µL x10³/µL ×10³/µL 10³/µL x10^3/uL ×10^3/uL 10^3/uL K/µL K/uL "
    "count/µL cells/µL /µL /uL /mcL "
    "µL mg/day mg µg/hr mcg/hr µg mcg mme/day MME/day MME L dL mL mm/Hg beats/min breaths/min /min "
    "µg/kg/min mcg/kg/min ug/kg/min drinks/week mg% g%"
).split()
# Words that may sit inside an expression as units and are dropped before evaluating it.
UNIT_WORDS = sorted(
    set(_UNIT_LIST)
    | {"mL/min/1.73", "kgs", "cms", "beats", "per", "minute", "dose/day", "doses/day", "mg/dose", "µg/dose", "hr", "h", "hrs", "min", "day", "dose", "doses"}
    | {"mEq", "mmol", "mol", "mOsm", "µmol", "umol", "ng", "mme", "IU", "units", "unit", "oz", "sec", "wk", "Hg", "month", "week", "year", "hour"},
    key=len,
    reverse=True,
)


def trie_alternation(words, ignore_case: bool) -> str:
    """A regex matching any of ``words``, longest first, written as a prefix tree: ``m(?:g(?:/dL)?|L)``
    instead of ``mg/dL|mg|mL``. Python's re tries the alternatives of a flat alternation one by
    one at every number in a step; the tree fails after one character (a quarter of the
    verifier's time was spent there). Same matches, same preference (greedy = longest first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w.lower() if ignore_case else w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:  # a word ends here: the longer continuations are optional (greedy)
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


_UNIT_ALT = trie_alternation(set(_UNIT_LIST), ignore_case=True)
_SPACED_UNITS = (r"mm\s?[Hh]g|beats per minute|breaths per minute|degrees (?:celsius|fahrenheit|[CF])|percent|(?:mEq|mmol|mg|g|µmol|umol|mOsm)\s+[A-Za-z]+/(?:L|dL|mL)"
                 r"|doses? (?:(?:per|a) day|daily)|times (?:(?:per|a) day|daily)|(?:standard |alcoholic )?drinks (?:(?:per|a) week|weekly)|per (?:day|week)"
                 r"|deg\.? (?:celsius|fahrenheit|[CF])|per (?:microlit(?:er|re)|µL|uL|mm3|mm³|cubic millimet(?:er|re))|(?:cells)?/mm[3³]"
                 r"|(?:milli|micro)?(?:grams?|moles?|equivalents?) per (?:deci|milli)?lit(?:er|re)s?")
UNIT_RE = re.compile(r"\s*(" + _SPACED_UNITS + "|" + _UNIT_ALT + r")(?![A-Za-z0-9/])", re.I)
# A number directly followed by a unit, in one scan (the hot path of quantity extraction).
# (The lookahead first: a match starts with one of these characters; re leaves other positions at once.)
_NUM_UNIT = re.compile(r"(?=[-\d.])(?<![\w.])(-?(?:" + _NUMBER + r"))\s*(" + _SPACED_UNITS + "|" + _UNIT_ALT + r")(?![A-Za-z0-9/])", re.I)
_ANALYTE_IN_UNIT = re.compile(r"^(mEq|mmol|mg|g|µmol|umol|mOsm)\s+[A-Za-z]+(/(?:L|dL|mL))$")

# Each branch starts with its literal (the guard against "<=", "==" comes after it) so that re
# can skip to the next candidate character instead of trying the pattern at every position.
_REL = re.compile(r"(?:=(?<![<>!=]=)|≈(?<![<>!=]≈)|≃(?<![<>!=]≃)|~(?<![<>!=]~)(?=\s*\d))(?!=)")
_EXPR_HEAD = re.compile(
    r"^(?:[\d.,+\-−–*/×·÷^()\[\]{}√∛²³%\s]|(?<=[\s)\d])[xX](?=[\s(\d])|\\(?:frac|dfrac|times|cdot|div|sqrt|left|right)|\b(?:sqrt|ln|log10|log|exp|min|max|abs)\b|"
    + trie_alternation(UNIT_WORDS, ignore_case=False)
    + r")+"
)
_UNIT_WORD_ALT = trie_alternation([w for w in UNIT_WORDS if not w[0].isdigit()], ignore_case=False)
# A compound unit ("mL/kg/hr", "mEq/mmol") is dropped whole: dropping its parts leaves "/ /".
_STRIP_UNITS = re.compile(
    r"(?<![A-Za-z])(?:" + _SPACED_UNITS + "|" + _UNIT_WORD_ALT + "(?:/" + _UNIT_WORD_ALT + r")*)(?![A-Za-z])(?<!min(?=\())(?<!max(?=\())"
)  # ("min(" and "max(" are the functions, not minutes)
_OPERATOR = re.compile(r"[+\-−–*/×·÷^]|\\times|\\cdot|\\div|\\frac|sqrt|√|∛|²|³|\*\*|\bln\b|\blog|\bexp\b")


def strip_units(text: str) -> str:
    """The text with the units written in it blanked ("142 x (1.14 mg/dL/0.9)" -> "142 x (1.14 /0.9)")."""
    return _STRIP_UNITS.sub(" ", text)
# The last clause boundary in a string (greedy prefix, then the boundary).
_LAST_CLAUSE = re.compile(r"^.*(?:[,;:(]|\.\s|\s[–—]\s|\b(?:and|which|so|then|with|while)\b)", re.I | re.S)  # "Heart rate >90/min – the patient's HR is 68"
@dataclass(slots=True)
class Claim:
    kind: str
    start: int  # absolute offsets into the trace
    end: int
    text: str
    expr: str | None = None
    value: float | None = None
    value_text: str = ""
    decimals: int | None = None
    literals: list[tuple[float, str]] = field(default_factory=list)
    name: str | None = None
    context: str | None = None
    unit: str | None = None
    rhs_value: float | None = None
    rhs_unit: str | None = None
    rhs_decimals: int | None = None
    tail: str | None = None  # for points: the rest of the sentence ("... keeping the total at 3")


_NUMBER_SPACING = re.compile(r"[,\s]")


# Time units as written, each to its base ("wk" → week): rates' time bases and durations.
TIME_UNITS = {
    **dict.fromkeys(("year", "years", "yr", "yrs"), "year"), **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("week", "weeks", "wk"), "week"), **dict.fromkeys(("day", "days", "d"), "day"),
    **dict.fromkeys(("hour", "hours", "h", "hr", "hrs"), "hour"), **dict.fromkeys(("min", "minutes"), "minute"),
}


@lru_cache(maxsize=4096)  # pure; called for every number every reader looks at, and numbers recur
def parse_number(text: str) -> float:
    """A number as written: thousands separators, spaces and typographic minus signs allowed."""
    return float(_NUMBER_SPACING.sub("", text).replace("−", "-").replace("–", "-").replace("‑", "-"))


def unit_at(text: str, pos: int) -> tuple[str | None, int]:
    """The unit written at ``pos`` (spelled as the unit layer reads it: "degrees F" is °F, "per
    microliter" /µL) and where it ends; (None, pos) when there is none."""
    m = UNIT_RE.match(text, pos)
    if not m:
        return None, pos
    u = m.group(1)
    a = _ANALYTE_IN_UNIT.match(u)
    if a:
        u = a.group(1) + a.group(2)
    return spelled(u), m.end()


def spelled(unit: str) -> str:
    """A unit as the unit layer reads it (``_UNIT_SPELLING``, degrees, counts per cubic millimetre)."""
    low = unit.lower()
    if low in _UNIT_SPELLING:
        return _UNIT_SPELLING[low]
    if low.startswith("deg"):
        return "°F" if low.endswith(("f", "fahrenheit")) else "°C"
    if low.startswith("per "):
        return "/µL"  # per microliter, per mm3, per cubic millimetre
    if " per " in low:  # "milligrams per deciliter", "millimoles per liter", "g per dL": written out
        amount, _, volume = low.partition(" per ")
        head = {"milli": "m", "micro": "µ"}.get(amount[:5], "")
        base = amount[5:] if head else amount
        base = {"g": "g", "gram": "g", "grams": "g", "mole": "mol", "moles": "mol", "equivalent": "Eq", "equivalents": "Eq"}.get(base)
        vol = "dL" if volume.startswith(("deci", "dl")) else "mL" if volume.startswith(("milli", "ml")) else "L"  # "g per dL" too
        if base is not None:
            return f"{head}{base}/{vol}"
    if low.endswith(("mm3", "mm³")):
        return "/µL"
    return unit


def _balance(expr: str) -> str:
    """Drop leading ')' and unmatched leading '(' left over from the surrounding prose."""
    s = expr.strip()
    while s and s[0] in ")],.":
        s = s[1:].lstrip()
    while s.count("(") > s.count(")") and s.startswith("("):
        s = s[1:].lstrip()
    while s.count(")") > s.count("(") and s.endswith(")"):
        s = s[:-1].rstrip()
    return s


_EXPR_CHARS = frozenset("0123456789.,+-−–*/×·÷^()[]{}√∛²³% \t")
_EXPR_WORDS = frozenset(w.lower() for w in UNIT_WORDS) | {"sqrt", "ln", "log", "log10", "exp", "min", "max", "abs", "x", "frac", "dfrac", "times", "cdot", "div", "left", "right"}


_NAME_DIGITS = re.compile(r"\d{1,2}(?![\d.])")  # the digits ending a name ("PaCO2", "HCO3", "SpO2"), not a number glued to a word ("x72.5")


_GLUED_NUMBER = re.compile(r"\d+(?:\.\d+)?(?=[A-Za-zµμ°])")  # a number with a unit glued after it ("98µmol/L")


def _expr_start(text: str, lo: int, hi: int) -> int:
    """Walk back from hi over expression characters, unit words and function names."""
    i = hi
    while i > lo:
        c = text[i - 1]
        if c.isspace() and i - 2 >= lo and text[i - 2] == ".":
            break  # ". ": a sentence's end (a decimal point is never followed by a space): "ln(1.0) = 0. ln(3.2) ≈ 1.1632"
        if c in _EXPR_CHARS or c == "\\":
            i -= 1
            continue
        if c.isalpha() or c in "µμ°/^²":
            j = i - 1
            while j > lo and (text[j - 1].isalnum() or text[j - 1] in "µμ°/^²."):
                j -= 1
            if text[j].isdigit() and (glued := _GLUED_NUMBER.match(text, j, i)) is not None:
                j = glued.end()  # "98µmol/L": the number the unit is glued to is an operand, read on its own
            word = text[j:i].lower().strip("./")
            if word in _EXPR_WORDS or all(p in _EXPR_WORDS for p in word.split("/") if p) or (text[j:i] == "e" and text[i : i + 1] == "^"):
                i = j
                continue
        break
    if i > lo and text[i - 1].isalpha() and (m := _NAME_DIGITS.match(text, i)) is not None and m.end() <= hi:
        i = m.end()  # the digits that end a name ("PaCO2/0.8", "HCO3 24 − 12") are the name's, not an operand
    return i


def _clause_comma(s: str) -> int:
    """Where an expression starts after the last ", " outside brackets (a clause break, not a
    thousands separator nor min(a, b)'s), or 0."""
    depth, at = 0, 0
    for i, ch in enumerate(s):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0 and s[i + 1 : i + 2] == " ":
            at = i + 2
    return at if at < len(s) else 0


_FUNCTION_BEFORE = re.compile(r"(?:sqrt|√|∛|ln|log|log10|exp|min|max)\s*$", re.I)


def _remark_open(s: str) -> int:
    """Where the expression starts when the left side holds a bracket opened after a space and not
    closed ("18 (1 mg/dl"): right after it, the bracket being a remark on what stands before it;
    0 when there is none (a function's bracket, "sqrt((70 × 170)/3600", is the expression's own)."""
    opened: list[int] = []
    for i, ch in enumerate(s):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            opened.pop()
    if not opened:
        return 0
    i = opened[-1]
    return i + 1 if i > 0 and s[i - 1] == " " and s[:i].strip() and not _FUNCTION_BEFORE.search(s, 0, i) else 0


def as_expression(text: str) -> str:
    """An expression as written ("140 mEq/L + 0.024 x (250 mg/dL − 100)") as a claim holds it: its
    units blanked, "x" as "*", empty and unmatched outer brackets dropped, spaces single."""
    expr = _balance(_SPACES.sub(" ", _EMPTY_PARENS.sub(" ", _TIMES_X.sub("*", _STRIP_UNITS.sub(" ", text)))))
    return expr.replace("( ", "(").replace(" )", ")")


_OPENS_WITH_OPERATOR = re.compile(r"\(\s*[-−–+*/×·÷]")


def _lhs(text: str, lo: int, rel: int) -> tuple[int, str] | None:
    """The expression just before a relation sign: (start offset, expression with units removed)."""
    start = _expr_start(text, max(lo, rel - 400), rel)
    stripped = text[start:rel].lstrip()
    start = rel - len(stripped)
    # The expression starts at its first number, bracket, function or minus sign.
    k = 0
    while k < len(stripped) and not (stripped[k].isdigit() or stripped[k] in "(√∛-−–\\[." or stripped[k:k + 2] == "e^" or stripped[k:k + 4].lower() in ("sqrt", "exp(", "log(") or stripped[k:k + 6].lower() == "log10(" or stripped[k:k + 3].lower() in ("ln(", "min", "max")):
        k += 1
    stripped = stripped[k:]
    start += k
    cut = _clause_comma(stripped)
    if cut:  # "weights 70, 80 + 10 = 90": the expression begins after the clause's comma
        stripped, start = stripped[cut:], start + cut
    if (dots := max(stripped.rfind("..."), stripped.rfind("…"))) != -1:
        cut = dots + (1 if stripped[dots] == "…" else 3)  # "= −0.3607... e^(−0.3607) ≈ 0.6791": an ellipsis ends the clause before
        cut += len(stripped[cut:]) - len(stripped[cut:].lstrip())
        stripped, start = stripped[cut:], start + cut
    if "(" in stripped and (cut := _remark_open(stripped)):
        stripped, start = stripped[cut:], start + cut  # "… by 18 (1 mg/dl = 0.0555 mmol/L)": the relation inside a remark's bracket
    if stripped[:1].isalpha():
        stripped = stripped[:3].lower() + stripped[3:]  # "Ln(", "Sqrt(", "Log(" as functions
    if _THRESHOLD_BEFORE.search(text, max(lo, start - 12), start):
        return None  # a threshold ("uncontrolled >160/100", "≥ 65-74"), not an expression
    # A list mark at the start of a step: a dash ("- 175 × 0.09 ≈ 6.6", "– 2 × 125 = 250") is not a
    # minus sign, a number ("1. 3.08^(-1.154) = 0.3194", "2) 67^(-0.203) = …") not an operand.
    mark = _LIST_MARK.match(stripped)
    if mark and not text[:start].strip(" \t*•>" if mark.group("dash") else " \t*•>#") and (mark.group("dash") or NUM_RE.search(stripped, mark.end())):
        stripped = stripped[mark.end() :]
        start += mark.end()
    if _DATE_IN_EXPR.search(text, max(0, start - 6), rel):
        return None  # date arithmetic ("10/11/2020 + 29 days"): read as a date claim
    expr = as_expression(stripped)
    if _OPENS_WITH_OPERATOR.search(expr) and not _OPENS_WITH_OPERATOR.search(stripped):
        return None  # "(°F − 32) × 5/9": a unit symbol as the operand, dropped with the units (the formula, not a number)
    if expr.endswith("/") and _SELF_RATIO.search(stripped):
        expr = expr[:-1].rstrip()  # "60 mg × 50 mg / mg": a unit over itself, stripped, leaves its bar
    if not expr or not NUM_RE.search(expr):
        return None
    r = _RANGE.fullmatch(expr)
    if r and parse_number(r.group(1)) < parse_number(r.group(2)):
        return None  # an ascending range ("1.7-2.3 = 2 points", "age 65-74 = 1"), not a difference
    b = _BAND_IN_BRACKETS.fullmatch(expr) if "(" in expr else None
    if b and parse_number(b.group("a")) < parse_number(b.group("b")) and (b.group("v") or b.group("dash") == "–" or not b.group("sp")):
        return None  # a band in brackets, after the value it holds or not ("120 (110-139) = 3", "(110–139) = 3")
    return start, expr


# A range written with a dash and no spaces: "1.7-2.3", "65–74" (a subtraction would be
# descending or spaced, "140 - 87").
_RANGE = re.compile(r"(\d+(?:\.\d+)?)[-–](\d+(?:\.\d+)?)")
_BAND_IN_BRACKETS = re.compile(r"(?:(?P<v>\d+(?:\.\d+)?)\s*)?\(\s*(?P<a>\d+(?:\.\d+)?)(?P<sp>\s*)(?P<dash>[-–])\s*(?P<b>\d+(?:\.\d+)?)\s*\)")
_THRESHOLD_BEFORE = re.compile(r"(?=[<>≥≤abeglmou])(?:[<>≥≤]=?|\b(?:over|above|under|below|exceeding|at least|more than|less than|greater than))\s*$", re.I)


_SPACES = re.compile(r"\s+")
_SELF_RATIO = re.compile(r"(?<![A-Za-zµ])([A-Za-zµ]{1,5})\s*/\s*\1\s*$")
_LIST_MARK = re.compile(r"(?P<dash>[-−–](?=\s))?(?(dash)|\(?\d{1,2}[.)](?=\s+[\d(√−–-]))\s+")
# (a month and a day as numbers can be: "70/18 + 18/2.8" is two quotients, not a date)
_DATE_IN_EXPR = re.compile(r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d.])(?:/\d{2,4})?\s*[-+−]\s*\d|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:1[89]|2[01])\d\d-[01]?\d-[0-3]?\d\b")
_EMPTY_PARENS = re.compile(r"\(\s*(?:in\s*)?\)")
_TIMES_X = re.compile(r"[xX](?<=[\d)\s][xX])(?=[\s(]*[\d(])")  # the letter first: re skips from x to x


_APPROX = re.compile(r"\s*(?:approximately\s+|about\s+|roughly\s+|around\s+|nearly\s+|~\s*|≈\s*)?")


def _rhs(text: str, pos: int, hi: int) -> tuple[int, int, str, str | None, int] | None:
    """After a relation: (start, end of the value, value text, unit, end incl. unit)."""
    m = _APPROX.match(text, pos, hi)
    p = m.end() if m else pos
    if text.startswith("+", p) and text[p + 1 : p + 2].isdigit():
        p += 1  # a signed difference: "30 – 28 = +2 days"
    n = NUM_RE.match(text, p, hi)
    if not n:
        return None
    end, value_text = n.end(), n.group()
    # "12 000 mg": digits grouped by spaces (a thin or no-break space too).
    while len(value_text.replace(" ", "").split(".")[0]) <= 12:
        g = _SPACE_GROUP.match(text, end, hi)
        if not g or "." in value_text:
            break
        value_text += g.group(1)
        end = g.end()
    unit, uend = unit_at(text, end)
    return n.start(), end, value_text.replace(" ", ""), unit, max(uend, end)


_SPACE_GROUP = re.compile(r"[ \u202f\u2009\u00a0](\d{3})(?![\d.,])")


_OPERATOR_THEN_OPERAND = re.compile(r"\s*(?:[*/×·÷^+]|\\times|\\cdot|\\div|[-−–](?=\s*[\d(]))\s*[\d(]")


# The text kept before a claim as its context (the checker names a result from its last 60
# characters); bounded, so that a step's claims hold no copy of the whole step each.
_CONTEXT_CHARS = 200


def evaluate_or_none(expr: str) -> float | None:
    try:
        return evaluate(expr)
    except (EvalError, ValueError):
        return None


_WORD_OPERATION_BEFORE = re.compile(r"\b(?:divided|multiplied)\s+by\s+(?:\(\s*)?\Z", re.I)
_SENTENCE_IN = re.compile(r"\d\.\s+[-+−–*/×A-Za-z√]")  # "26+31=57. +30=87", "ln(1.0) = 0. ln(3.2) ≈ 1.1632": a sentence ends after the number
_CLAUSE_END = re.compile(r"[,;:]\s|\.\s|\.$|\s(?:and|so|which|giving|gives|then|because|since)\s|\(")
_BEFORE_SYMBOLIC = re.compile(r"(?:[*/×·÷^(]|\\times|\\cdot|\\div|[A-Za-zκα]\s*[-+−–])\s*$")


_ANALYTE_CUES = frozenset("/*×·")  # an analyte written inside a unit ("mg Serum Creatinine/dL") or before an operator
_SCI_BEFORE = re.compile(r"\d[eE][-+−]?$")
_DRUG_AFTER_DOSE = re.compile(r"(\d\s*(?:mg|mcg|µg|g|mL|units?)/dose\s+)([A-Za-z][\w-]*(?:\s+(?:patch|buccal|IV|PO|ER|XR|SR))?)(?=\s*[*×·])")
_ANALYTE_WORDS = re.compile(r"(?<=\d)(\s*(?:mEq|mmol|mol|mg|g|µmol|umol|μmol|mOsm))((?:\s+[A-Za-z]+){1,3})(?=\s*(?:[/*×·]|\)\s*(?:[/*×·=]|$)))")


# An expression, then a verb that gives its value: "72 × 1.2 gives 88", "0.85 × 64.8 → 55.1",
# "5600 / 86.4 yields 64.8". Read as "=" (one character for one: offsets hold) when the clause
# before the verb is an operation (×, *, /, ÷, ^, + or a spaced minus: not the range "65-74 → 1").
_RESULT_VERB_WORDS = ("give", "yield", "result", "come", "→", "->", "=>", "which is", "that is", "i.e.", " or ")
_OPERATOR_CHARS = frozenset("×*/÷^+\\−")  # an operation writes one (\\times: the backslash; "40 - 12 gives" is not read here)
_RESULT_VERB = re.compile(r"(?<=[\w)%²³])(\s*+(?:,\s*+)?)(gives?|yields?|results?\s+in|comes?\s+to|→|->|=>|which\s+is|that\s+is|i\.e\.|or(?=\s+\d))"
                          r"(?=\s*(?:approximately\s+|about\s+|roughly\s+|~\s*|≈\s*)?[-−]?\.?\d(?![\d.,]*\s*(?:points?|pts?)\b))", re.I)
_OPERATION_BEFORE = re.compile(r"[\w)%²³]\s*(?:[×*/÷^+]|\\times|\\cdot|\\div|\s[-−]\s)\s*[\d(]")
_PRESSURE_PAIR = re.compile(r"(?<![\d.])\d{2,3}\s*/\s*\d{2,3}(?![\d.])")
_MONTH_DAY = re.compile(r"\s*(?<![\d.])\d{1,2}/\d{1,2}(?![\d.])")
_CLAUSE_START = re.compile(r"[.;:,\n](?:\s|$)|\b(?:and|so|then|which|because)\b")


def _result_verbs_as_equals(text: str) -> str:
    def equals(m: re.Match) -> str:
        starts = [c.end() for c in _CLAUSE_START.finditer(text, max(0, m.start() - 80), m.start())]
        clause = text[starts[-1] if starts else max(0, m.start() - 80) : m.start()]
        if not _OPERATION_BEFORE.search(clause) or _MONTH_DAY.search(clause) or _MONTH_DAY.match(text, m.end()) or _PRESSURE_PAIR.search(clause):
            return m.group()  # not an operation; dates ("03/24 → 04/24"); a blood pressure ("BP 128/80 => 0")
        verb = m.group(2)
        return m.group(1) + "=" + " " * (len(verb) - 1)
    return _RESULT_VERB.sub(equals, text)


def _mask_analytes(text: str) -> str:
    """Blank an analyte written inside a unit ("5.0 mg Serum Creatinine/10.0 dL") or a drug after a
    dose ("70 mg/dose OxyCODONE * 3 doses/day"), keeping offsets, so that the expression reads
    "5.0 mg /10.0 dL", "70 mg/dose * 3 doses/day"."""
    text = _ANALYTE_WORDS.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    if "/dose" in text:
        text = _DRUG_AFTER_DOSE.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    return text


def _united_operands(text: str, lo: int, hi: int) -> int:
    """Numbers with a unit in an expression, not counting a factor's denominator ("kg/1000 g"):
    a conversion has one ("142 lbs * 0.4536"), a formula several ("29 mg/dL ÷ 100 mg/dL × 1.6")."""
    return sum(1 for m in _NUM_UNIT.finditer(text, lo, hi) if not text[max(lo, m.start() - 2) : m.start()].rstrip().endswith("/"))


# A factor in a unit of three parts ("2.5 mEq/L/g/dL", "1.5 mL/kg/hr") is a clinical rate, not a
# unit identity: its product is arithmetic, never a unit conversion of the other operand.
_RATE = re.compile(r"\d\s*[A-Za-zµμ]+\s*/\s*[A-Za-zµμ]+\s*/\s*[A-Za-zµμ]")


def _symbolic(text: str, lstart: int) -> bool:
    """The expression is the tail of a formula written with names ("QT / (RR)^(1/3) = ...",
    "max(Scr/κ,1)^α × 0.5 = ..."): only part of the left side is numeric, so it is no claim."""
    return _BEFORE_SYMBOLIC.search(text, max(0, lstart - 12), lstart) is not None


_FUNCTION = re.compile(r"sqrt|√|∛|\\sqrt|\bln\b|\blog|\bexp\b|²|³|\b(?:min|max)\s*\(")


_EULER_POWER = re.compile(r"(?<![A-Za-z0-9.])e\s*\^")  # "e^(−0.3607)"


def _is_arithmetic(expr: str) -> bool:
    nums = NUM_RE.findall(expr)
    return len(nums) >= 2 and bool(_OPERATOR.search(expr)) or bool(_FUNCTION.search(expr)) or bool(_EULER_POWER.search(expr))


def extract_claims(text: str, offset: int = 0) -> list[Claim]:
    """Claims made by one step (its text), with absolute offsets (``offset`` = step start).
    Criterion points are read by ``criteria_read`` (they need the calculator's criteria).
    Extraction depends on the text alone: recurring sentences (templated traces) are read once
    and each use gets fresh copies (the checker may complete a claim)."""
    if len(text) > 2000:
        return _extract(text, offset)
    return [_moved(c, offset) for c in _extract_cached(text)]


# Every field __init__ takes, in order: a copy is one call (dataclasses.replace takes 4x as long).
_CLAIM_VALUES = attrgetter(*(f.name for f in fields(Claim) if f.init))


def _moved(c: Claim, offset: int) -> Claim:
    """A fresh copy of a cached claim, shifted by ``offset``, with its own list of literals."""
    d = Claim(*_CLAIM_VALUES(c))
    d.start += offset
    d.end += offset
    d.literals = list(c.literals)
    return d


@lru_cache(maxsize=16384)
def _extract_cached(text: str) -> tuple[Claim, ...]:
    return tuple(_extract(text, 0))


def _extract(text: str, offset: int) -> list[Claim]:
    if not _DIGIT.search(text):
        return []  # no number written: no claim (most sentences of a model's thinking)
    claims: list[Claim] = []
    covered = _Covered(len(text))
    factor_spans: list[tuple[int, int]] = []  # conversions written as a product with a unit's factor ("0.786 g × 1000 mg/g = 786 mg")
    original = text
    text = _plain_math(text)
    if not _OPERATOR_CHARS.isdisjoint(text) and may_contain(text, _RESULT_VERB_WORDS):
        text = _result_verbs_as_equals(text)
    rels = [m for m in _REL.finditer(text)]
    if rels and not _ANALYTE_CUES.isdisjoint(text):
        text = _mask_analytes(text)
    for i, r in enumerate(rels):
        if len(claims) > MAX_CLAIMS_PER_STEP:
            break  # over the step's limit: the caller checks the first ones only
        if i >= _MAX_RELATIONS:
            claims.append(Claim(LIMIT, offset + r.start(), offset + r.start(), ""))
            break
        lhs = _lhs(text, rels[i - 1].end() if i else 0, r.start())
        rhs = _rhs(text, r.end(), rels[i + 1].start() if i + 1 < len(rels) else len(text))
        if lhs is None:
            continue
        lstart, expr = lhs
        if _WORD_OPERATION_BEFORE.search(text, max(0, lstart - 20), lstart):
            continue  # "62 divided by 1.6² = 24.2": the right operand of an operation in words, read with it (``_verbal_arithmetic``)
        if _SCI_BEFORE.search(text, max(0, lstart - 4), lstart):
            continue  # "4.2e-05 mol × 113.12": the left side begins inside a number in e-notation, not read here
        vs, ve, vtext, unit, uend = rhs if rhs is not None else (r.end(), r.end(), "", None, r.end())
        # A chain link whose right side is itself an expression: compare the two expressions.
        nxt = rels[i + 1].start() if i + 1 < len(rels) else None
        right_expr = None
        if nxt is not None:
            between = text[r.end() : nxt]
            h = _EXPR_HEAD.match(between)
            if (h and h.end() >= len(between.rstrip()) and _is_arithmetic(_STRIP_UNITS.sub(" ", between)) and not _SENTENCE_IN.search(between)
                    and not _clause_comma(between.strip())):  # "1.72 × 1.7 = 2.724, 1.72 × 0.02 = 0.0344": two links, not one
                right_expr = _balance(_STRIP_UNITS.sub(" ", between))
        else:
            # The last link of a chain may be an expression left unevaluated ("= 193 ÷ 3."):
            # compare it as an expression, never its first number as a value.
            between = _CLAUSE_END.split(text[r.end() :], 1)[0]
            h = _EXPR_HEAD.match(between)
            if h and _is_arithmetic(_STRIP_UNITS.sub(" ", h.group())) and _OPERATOR.search(_STRIP_UNITS.sub(" ", h.group().strip())[1:]):
                right_expr = _balance(_STRIP_UNITS.sub(" ", h.group()).rstrip(" .,;:"))
                nxt = r.end() + len(h.group().rstrip(" .,;:"))
            elif rhs is not None and _OPERATOR_THEN_OPERAND.match(text, ve):
                # "= 175 * (0.0907*0.418)": an expression cut at its bracket; no value to compare.
                continue
        if right_expr is not None and lhs is not None:
            # "150/100 = 1.5 * 1.6 = 2.4": the link goes on from the left side's value
            # (1.5, then × 1.6); the left side is claimed equal to that first operand.
            first = NUM_RE.match(right_expr)
            if first and _OPERATOR_THEN_OPERAND.match(right_expr, first.end()):
                lv, rv = evaluate_or_none(expr), evaluate_or_none(right_expr)
                if (lv is not None and close(lv, parse_number(first.group()), decimals_of(first.group()), rel=0.01)
                        and not (rv is not None and close(rv, lv, None, rel=0.02))):
                    right_expr, unit = None, None
                    vtext = first.group()
                    ve = uend = text.find(vtext, r.end()) + len(vtext)
        if i and rhs is not None and unit and right_expr is None and NUM_RE.fullmatch(expr.strip()):
            # A link from a result to the same value in another unit ("= 0.833 s = 833 ms", "= 154 lb
            # = 69.9 kg"): a conversion of the chain's value; after a semicolon, of the quantity named
            # there ("cholesterol 1 mmol/L = 38.67 mg/dL; triglycerides 1 mmol/L = 88.57 mg/dL").
            first = NUM_RE.match(text, lstart)
            u1 = unit_at(text, first.end())[0] if first is not None else None
            if first is not None and u1 and u1 != unit:
                claims.append(Claim("conversion", offset + lstart, offset + max(ve, uend), text[lstart : max(ve, uend)], value=parse_number(first.group()),
                                    unit=u1, rhs_value=parse_number(vtext), rhs_unit=unit, rhs_decimals=decimals_of(vtext), value_text=first.group(),
                                    name=_phrase(text, lstart if ";" in text[rels[i - 1].end() : lstart] else rels[i - 1].start())))
                covered.append((lstart, max(ve, uend)))
            continue
        if not _is_arithmetic(expr) or _symbolic(text, lstart) or (rhs is None and right_expr is None):
            continue
        try:
            if right_expr is not None:
                value = evaluate(right_expr)
                value_text, decimals = right_expr.strip(), None
                ve = nxt
            else:
                value, value_text, decimals = parse_number(vtext), vtext, decimals_of(vtext)
        except (EvalError, ValueError):
            continue
        lits = [(parse_number(m.group()), m.group()) for m in NUM_RE.finditer(expr)]
        c = Claim("arithmetic", offset + lstart, offset + max(ve, uend), text[lstart : max(ve, uend)], expr=expr, value=value, value_text=value_text, decimals=decimals, literals=lits)
        c.context = text[max(0, lstart - _CONTEXT_CHARS) : lstart]
        claims.append(c)
        covered.append((lstart, max(ve, uend)))
        # Units on both sides: also a unit conversion claim, checked first (a wrong result of
        # "142 lbs * 0.4536 = 70.2 kg" is reported as a unit-conversion error).
        first = NUM_RE.search(text, lstart, r.start())
        if first and unit and right_expr is None and _united_operands(text, lstart, r.start()) == 1 and not _RATE.search(text, lstart, r.start()):
            u1, _ = unit_at(text, first.end())
            if u1 and u1 != unit:
                factor_spans.append((lstart, max(ve, uend)))
                claims.insert(
                    len(claims) - 1,
                    Claim("conversion", offset + lstart, offset + max(ve, uend), c.text, value=parse_number(first.group()), unit=u1,
                          rhs_value=value, rhs_unit=unit, rhs_decimals=decimals, value_text=first.group(), name=_phrase(text, lstart)),
                )
    if ", " in text and "=" in text:
        claims += _running_links(text, offset, covered)
    if text is not original:
        text = original
        for c in claims:
            c.text = text[c.start - offset : c.end - offset]
    first_later = len(claims)
    text = _values_spelled(_unbolded(text))  # "5 ft 4 in" read as one length, "Na+ 140" as the sodium's value, "= **82.8 kg**" as 82.8 kg (offsets kept)
    # Each reader stops one claim past the step's limit (the caller keeps the first ones and says so).
    verbal = may_contain(text, _VERBAL_WORDS) and _VERBAL_HINT.search(text)
    claims += _verbal_arithmetic(text, offset, covered, _room(claims)) if verbal else []
    claims += _verbal_conversions(text, offset, covered, _room(claims))
    num_units = list(_NUM_UNIT.finditer(text))  # numbers written with a unit: two readers go over them
    claims += _bracket_conversions(text, offset, covered, num_units, _room(claims)) if "(" in text else []
    if "/" in text or "valence" in text:
        for span in factor_spans:  # the factor of such a conversion is a unit fact too ("1516.1 mg/g" is wrong whatever the result)
            covered.release(span)
        claims += _unit_facts(text, offset, covered, _room(claims))
    claims += _restatements(text, offset, covered, _room(claims)) if "=" in text or ":" in text else []
    claims += _conversion_factors(text, offset, covered, _room(claims)) if "onver" in text else []
    claims += _quantities(text, offset, covered, num_units, _room(claims))
    if text is not original:
        for c in claims[first_later:]:
            c.text = original[c.start - offset : c.end - offset]
    if "week" in text:
        _weeks_and_days(claims, text, offset)
    claims.sort(key=lambda c: c.start)
    return claims


# "62 days = 8 weeks 6 days", "= 8 weeks and 6 days": the weeks a conversion gives go on in days.
_AND_DAYS = re.compile(r"\s*(?:\(\s*\d{1,3}\s*days?\s*\)\s*)?(?:,|and|\+)?\s*(?P<d>[0-6])\s*days?\b", re.I)  # ("23 weeks (161 days) + 4 days")


def _weeks_and_days(claims: list[Claim], text: str, offset: int) -> None:
    """A conversion to weeks whose result goes on in days is converted to the weeks and days together;
    so is an operation's result written in weeks and days ("139 = 19 × 7 + 6 → 19 weeks 6 days"), as days
    where the operation counts days."""
    for c in list(claims):
        if c.kind == "arithmetic" and c.value is not None and c.text.rstrip("* ").endswith(("week", "weeks", "wk", "wks")) and c.expr:
            if (m := _AND_DAYS.match(text, c.end - offset)) is None:
                continue
            days = c.value * 7 + int(m.group("d"))
            try:
                truth = evaluate(normalise(c.expr))
            except (EvalError, ValueError, ZeroDivisionError, OverflowError):
                continue
            c.value, c.value_text, c.decimals = (days, str(int(days)), 0) if truth > 2.5 * c.value else (c.value + int(m.group("d")) / 7, c.value_text, None)
            c.end = offset + m.end()
            c.text = text[c.start - offset : m.end()]
            continue
        if (c.kind == "conversion" and c.rhs_unit in ("week", "weeks", "wk", "wks") and c.rhs_value is not None
                and (m := _AND_DAYS.match(text, c.end - offset))):
            c.rhs_value += int(m.group("d")) / 7
            c.rhs_decimals = None
            c.end = offset + m.end()
            c.text = text[c.start - offset : m.end()]
            claims[:] = [x for x in claims if x is c or not (x.kind == "quantity" and c.start <= x.start < c.end)]


# Markup and typography around numbers, read as plain arithmetic (each replacement as long as
# what it replaces: offsets hold): a result in bold ("= **5**"), an en dash as a minus sign
# ("0.4 × (–0.08) = –0.032"), LaTeX's inline math delimiters and \approx ("\(101 \times 10.20
# \approx 1030.2\)"). A "**" between two operands (a power: "(1.14/0.9)**-1.2") is kept.
_BOLD_OPEN = re.compile(r"(?:(?<=[\s=:(])|^)(?:\*\*|__)(?=[-−–]?\d)")
_BOLD_CLOSE = re.compile(r"(?<=\d)(?:\*\*|__)(?=[\s.,;:)]|$)")
_LATEX_MU = re.compile(r"\\mu\s*(?:\\text\{|\\mathrm\{)")  # "\mu\text{mol/L}": µmol/L
_LATEX_TEXT = re.compile(r"(?P<open>\\(?:text|mathrm|textrm)\{)(?P<body>[^{}\\]{0,30})\}")
_LATEX_SPACE = re.compile(r"\\[,;! ]")
_BOLD_WORDS = re.compile(r"(?:(?<=[\s(])|^)\*\*(?=[A-Za-z])|(?<=[A-Za-z:.)])\*\*(?=[\s:,;]|$)")  # bold around words: "**Weight:**"
_DASH_MINUS = re.compile(r"(?<=[=(×*/+≈])(\s*)–(?=\d)")
_LATEX_DELIMITER = re.compile(r"\\[()\[\]]")


# A height in feet and inches ("5 ft 4 in", "5'4\"", "5 feet 4 inches"): one length, in inches.
_FEET_INCHES = re.compile(r"(?<![\d.])(?P<ft>[3-7])\s*(?:ft\.?|feet|foot|['’′])\s*(?:and\s+)?(?P<in>\d{1,2}(?:\.\d+)?)\s*(?:inch(?:es)?\b|in\b\.?|\"|”|″|'')")


def _values_spelled(text: str) -> str:
    """The text with values written in two parts read as one, offsets kept: a height in feet and
    inches as inches, an ion's charge before its value as the superscript it stands for, a count's
    scale written with spaces ("149 × 10^9/L") as the one unit it is."""
    text = one_length(text)
    if ("10^" in text or "10³" in text or "10⁹" in text) and _SPACED_SCALE.search(text) is not None:
        text = _SPACED_SCALE.sub(_scale_unit, text)
    if ("+ " in text or "- " in text) and _ION_HINT.search(text) is not None:
        text = _ION_SIGN.sub(_ion_superscript, text)  # "Na+ 140 mmol/L": the sodium's value, not a sum
    return text


def one_length(text: str) -> str:
    """The text with each height in feet and inches written as one length in inches, offsets kept
    (a trace's and a patient note's: "5 ft 9 in tall" is 69 inches, not 9)."""
    if ("ft" in text or "feet" in text or "'" in text or "’" in text or "′" in text) and _FEET_INCHES.search(text):
        return _FEET_INCHES.sub(_feet_inches, text)
    return text


# A count's scale written with spaces after the count ("149 × 10^9/L", "8.2 x 10³ /µL"): the unit.
_SPACED_SCALE = re.compile(r"(?<=\d)(?P<lead>\s*)(?P<x>[×xX])(?:\s+10(?P<e>\^[39]|[³⁹])\s*|10(?P<e2>\^[39]|[³⁹])\s+)/\s*(?P<per>L|[µμu]L)\b")


def _scale_unit(m: re.Match) -> str:
    """The scale's unit written without spaces, the same length (spaces after it)."""
    e = m.group("e") or m.group("e2")
    per = "µL" if m.group("per") != "L" else "L"
    unit = f"{m.group('x')}10{e}/{per}"
    return m.group("lead") + unit + " " * (len(m.group()) - len(m.group("lead")) - len(unit))


def _feet_inches(m: re.Match) -> str:
    inches = f"{12 * int(m.group('ft')) + float(m.group('in')):g}in"
    return inches + " " * (len(m.group()) - len(inches)) if len(inches) <= len(m.group()) else m.group()


# A running total written as links after a comma: "1 + 1 = 2, + 1 = 3, + 2 = 4" (each link adds to the value before it).
_RUNNING_LINK = re.compile(r"(?<![\d.])(?P<a>\d+(?:\.\d+)?),[ \t]*(?P<op>[-+−])[ \t]*(?P<b>\d+(?:\.\d+)?)[ \t]*=[ \t]*(?P<v>\d+(?:\.\d+)?)(?!\d|\.\d|[ \t]*[-+−×*/÷])")


def _running_links(text: str, offset: int, covered) -> list[Claim]:
    """``_RUNNING_LINK`` claims: the value before the comma, the operation after it, its result."""
    out = []
    pos = 0
    while (m := _RUNNING_LINK.search(text, pos)) is not None:
        pos = m.start("v")  # the result may start the next link
        if m.start("op") in covered:
            continue
        op = "-" if m.group("op") in "-−" else "+"
        expr = f"{m.group('a')} {op} {m.group('b')}"
        lits = [(parse_number(m.group("a")), m.group("a")), (parse_number(m.group("b")), m.group("b"))]
        c = Claim("arithmetic", offset + m.start("op"), offset + m.end("v"), text[m.start("op") : m.end("v")], expr=expr,
                  value=parse_number(m.group("v")), value_text=m.group("v"), decimals=decimals_of(m.group("v")), literals=lits)
        c.context = text[max(0, m.start() - _CONTEXT_CHARS) : m.start()]
        out.append(c)
        covered.append((m.start("op"), m.end("v")))
    return out


def _unbolded(text: str) -> str:
    """The text with markdown bold around numbers and labels as spaces (one character for one)."""
    if "**" not in text and "__" not in text:
        return text
    text = _BOLD_CLOSE.sub("  ", _BOLD_OPEN.sub("  ", text))
    if "–" in text:
        text = _SIGN_DASH.sub("-", text)  # "is **–0.3 mEq/L**": an en dash as the value's sign
    return _BOLD_WORDS.sub("  ", text) if "**" in text else text


_SIGN_DASH = re.compile(r"(?<=[\s(])–(?=\d)")


def _plain_math(text: str) -> str:
    text = _values_spelled(text)
    if "⋅" in text or "∙" in text:
        text = text.replace("⋅", "·").replace("∙", "·")  # the dot operators as the middle dot (one character for one)
    if "\n" in text or "\\n" in text:
        text = _CHAIN_BREAK.sub(lambda m: " " * len(m.group()), text)  # a chain continued on the next line (``steps``)
    text = _unbolded(text)  # "= **5**", "- **Weight:** 176 lb ÷ 2.2 → 79.8 kg": a result or a label in bold, not a power
    if "(" in text:
        text = _TERM_LABEL.sub(lambda m: " " * len(m.group()), text)  # "0 (history) + 1 (age) = 1": the terms' names
        if ") +" in text or ")+" in text:
            text = _named_terms(text)  # "Fever (1) + Purulence (1) + … = 3": the names before their points
    if "–" in text:
        text = _DASH_MINUS.sub(lambda m: m.group(1) + "-", text)
    if "\\" in text:
        text = _LATEX_DELIMITER.sub("  ", text).replace("\\approx", "≈      ")
        if "\\text" in text or "\\mathrm" in text or "\\mu" in text:
            # "176\ \text{lb} \times 0.4536 = 79.8\ \text{kg}": the units as words, the markup as spaces
            text = _LATEX_MU.sub(lambda m: " " * (len(m.group()) - 1) + "µ", text)
            text = _LATEX_TEXT.sub(lambda m: " " * len(m.group("open")) + m.group("body") + " ", text)
            text = _LATEX_SPACE.sub("  ", text)
    if "|" in text:
        text = _TABLE_RESULT.sub(lambda m: m.group(1) + "=", text)  # "| 24 − 9 | 15 mEq/L |": a calculation, then its result
    return text


# A table row's cell that is a calculation of numbers alone, and the next cell a number: the result.
_TABLE_RESULT = re.compile(r"(\|[ \t]*+\(?[ \t]*+\d[\d.,]*(?:[ \t]*+[-+−–×*/÷·^][ \t]*+\(?[ \t]*+\d[\d.,]*[ \t]*+\)?)++[ \t]*+)\|(?=[ \t]*+[-−]?\d[\d.,]*+[ \t]*+(?![-+−–×*/÷·^]))")  # (not a pair of values: "| 134 / 3.3 | 0 / 1 |")


# An ion's charge glued to its symbol and followed by the ion's value ("Na+ 140 mmol/L", "K+ 4.1,",
# "HCO3- 24"): written as the superscript it stands for (one character for one), so the value is
# the ion's, not an operand ("Ca + 0.8 × …", with spaces, is a sum; a value followed by an
# operator stays a term: "Na+ 140 × 2").
def _ion_superscript(m: re.Match) -> str:
    return "⁺" if m.group() == "+" else "⁻"


_ION_HINT = re.compile(r"(?:Na|K|Cl|Ca|Mg|HCO3|HCO₃)[-+][ \t]+\d")  # what _ION_SIGN needs, found fast
_ION_SIGN = re.compile(r"(?:(?<=\bNa)|(?<=\bK)|(?<=\bCl)|(?<=\bCa)|(?<=\bMg)|(?<=HCO3)|(?<=HCO₃))[-+](?=[ \t]+\d+(?:\.\d+)?(?![\d.])(?![ \t]*[×*/x÷^]))")


# A term's name in brackets after it in a sum ("0 (history) + 1 (age ≥ 65) + 2 (stroke) = 3"): blanked,
# so the sum is read. Only between a number and a "+" or "=" (or another such term), with two letters
# in a row inside (not "(1.63 m)" or "(2 × 40)").
# Not an expression over a variable written in the bracket ("50 + 0.91 (height − 152.4) = …": a product).
_TERM_LABEL = re.compile(r"(?<=\d)\s*\((?=[^()\n]{0,40}\))(?=[^()]*[A-Za-z]{2})(?![^()]*(?:[A-Za-z]\s*[−×÷]|[−×÷]\s*[A-Za-z]|[A-Za-z]\s[-–+*/]\s+[\w(]|[\d)]\s[-–+*/]\s+[A-Za-z]))"
                         r"[^()\n]{1,40}\)(?=\s*(?:[+=]|\d+(?:\.\d+)?\s*\())")
# A sum of named terms, each with its points in brackets after its name: "Fever (1) + Purulence (1) +
# Attend rapidly (0) = 2". The names are blanked (offsets kept), the points stay as the operands.
_NAMED_TERM = re.compile(r"(?<![\w(])[A-Za-z][\w/'’-]*+(?:[ \t]+(?:[A-Za-z][\w/'’-]*+|[<>≥≤]=?[ \t]?\d+(?:\.\d+)?|\d+[-–]\d+)){0,5}[ \t]*"
                         r"\((?P<n>[-+−]?\d{1,2}(?:\.\d)?)\)(?=[ \t]*[+=])")  # (a name may hold its band: "Age ≥75 (2)")


_FUNCTION_NAME = re.compile(r"(?:\b(?:ln|log|log10|exp|sqrt|min|max|abs|round)|[√∛])[ \t]*\($", re.I)


def _named_terms(text: str) -> str:
    terms = [m for m in _NAMED_TERM.finditer(text) if not _FUNCTION_NAME.search(text, m.start(), m.start("n"))]  # not "ln(47) + …"
    if len(terms) < 2:
        return text
    out, pos = [], 0
    for m in terms:
        out.append(text[pos : m.start()])
        out.append(" " * (m.start("n") - m.start()) + m.group("n") + " ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_CHAIN_BREAK = re.compile(r"(?:\$\$|\\\])?[ \t]*(?:\n|\\n)[ \t]*(?:\$\$|\\\[)?(?=[ \t]*(?:=(?!=)|≈))")


class _Covered:
    """The parts of a step already read as a claim: spans added in any order, and whether a
    position lies in one, answered in constant time (a mask over the step's characters)."""

    __slots__ = ("mask",)

    def __init__(self, n: int):
        self.mask = bytearray(n)

    def append(self, span: tuple[int, int]) -> None:
        a, b = max(0, span[0]), min(len(self.mask), span[1])
        if b > a:
            self.mask[a:b] = b"\x01" * (b - a)

    def release(self, span: tuple[int, int]) -> None:
        """Let a later reader read inside a span again (a conversion product's unit factor)."""
        a, b = max(0, span[0]), min(len(self.mask), span[1])
        if b > a:
            self.mask[a:b] = bytes(b - a)

    def __contains__(self, pos: int) -> bool:
        return 0 <= pos < len(self.mask) and self.mask[pos] == 1

    def meets(self, a: int, b: int) -> bool:
        """Does any position of [a, b) lie in a span already read (one scan in C, not per position)?"""
        return 1 in self.mask[max(0, a) : max(0, b)]


# An expression written under a name without a result ("BSA = sqrt((125 × 173) / 3600).",
# "Calculate: 140 + 0.024 × (92 − 100);"): the trace rewrites it step by step, and each rewrite
# must keep its value (graders.grade_restatement). The name is the label before ":" or "=".
_STATEMENT_CLAUSE = re.compile(r"[^;\n]+")
# The sign first, then the guard before it (re then skips from sign to sign): "=" or ":" not after < > ! =.
_LABEL_SEP = re.compile(r"[=:](?<![<>!=][=:])(?!=)")
_SENTENCE_STOP = re.compile(r"\.(?:\s|$)")


def _restatements(text: str, offset: int, covered: _Covered, room: int) -> list[Claim]:
    out: list[Claim] = []
    for m in _STATEMENT_CLAUSE.finditer(text):
        if len(out) >= room:
            break
        clause = m.group()  # one number under a function ("BSA = sqrt(6.0069)") is an expression too
        if "=" not in clause and ":" not in clause:
            continue  # no label (what _LABEL_SEP would find none of)
        seps = list(_LABEL_SEP.finditer(clause))
        if not seps or any(x.group() != ":" for x in seps[:-1]):
            continue  # no label, or a chain with results (read as arithmetic)
        sep = seps[-1]  # "Calculate: BSA = sqrt(...)": the name after the instruction
        body = clause[sep.end() :]
        body = _SENTENCE_STOP.split(body, maxsplit=1)[0]  # the sentence ends at ". "
        a = m.start() + sep.end() + (len(body) - len(body.lstrip()))
        raw = body.strip().rstrip(",")
        if not raw or covered.meets(a, a + len(raw)):
            continue
        h = _EXPR_HEAD.match(raw)
        expr_text = _STRIP_UNITS.sub(" ", raw)
        if not h or h.end() < len(raw.rstrip(" .")) or not _is_arithmetic(expr_text) or (len(NUM_RE.findall(expr_text)) < 2 and not (_FUNCTION.search(expr_text) or "^" in expr_text)):
            continue
        label = clause[: sep.start()].strip()
        if not label or len(label) > 60 or not re.search(r"[A-Za-z]", label):
            continue
        expr = _balance(_SPACES.sub(" ", _TIMES_X.sub("*", expr_text))).replace("( ", "(").replace(" )", ")")
        out.append(Claim("restatement", offset + a, offset + a + len(raw), raw, expr=expr, context=label + " ="))
    return out


def _room(claims: list[Claim]) -> int:
    """How many more claims a reader may read in this step: up to one past the limit."""
    return max(0, MAX_CLAIMS_PER_STEP + 1 - len(claims))


# Arithmetic in words: "multiply 60 mg/day by 2.4 MME/mg, giving 144", "dividing 750 by 24 gives
# 31.25", "subtract 12 from 35 to get 23", "raising this to the power of -0.411 gives 0.707",
# "the cube root of 0.353 is 0.707". "this"/"it"/"the result" is the value the trace wrote last
# (resolved by the checker: PREVIOUS in the expression).
PREVIOUS = "§prev§"
# An operation that opens its sentence with one operand ("Adding 50 kg gives 73 kg.") takes the
# result the sentence before ended with ("… gives 23 kg. Adding 50 kg gives 73 kg."): resolved by
# the checker from the text right before the claim (``CHAIN_BEFORE``), else no claim.
CHAINED_PREVIOUS = "§chain§"
# The kind of a marker claim: a reader stopped at its per-step bound (``limits``), so later
# claims of the step were not read. The pipeline drops it and says so in the step's detail.
LIMIT = "limit"
# Relation signs read per step ("=", "is", "→", ...): each reads a window of text around it, so
# a step of thousands of signs would cost thousands of windows even when none is a claim.
_MAX_RELATIONS = 4 * MAX_CLAIMS_PER_STEP
_VERBAL_WORDS = ("multipl", "divid", "add", "subtract", "rais", "root", "squar", "times", "plus", "minus", "product", "sum of", "power",
                 "half", "twice", "double", "% of", "third", "ml/kg/", "minimum of", "lower of", "smaller of", "lesser of", "maximum of",
                 "higher of", "greater of", "larger of")
_VERBAL_HINT = re.compile(r"\b(?:" + "|".join(_VERBAL_WORDS) + ")", re.I)
def _v(name: str) -> str:
    # A number that is not part of a date ("08/02/2010").
    return r"(?P<" + name + r">[-−]?(?:" + _NUMBER + r")(?!\d|\.\d)(?!\s*/\s*\d)(?!-[01]?\d-\d)|this|it|that|the result|the value)"

# A unit or two after an operand; a unit's length bounded: a long run of letters after a number is
# split between two units in as many ways as it has letters, at every start (quadratic).
_VU = r"(?:\s*(?!(?:and|then|divid|multipl|add|subtract|minus|plus|times)\w*\b)(?:[A-Za-zµμ°%][A-Za-zµμ°%/.\d^]{0,24})){0,2}?"  # (not "and divide")
# The end of a result written in words: a result, not the first operand of the expression written
# after it ("gives 136 + 2.4 = 138.4", "gives 1700 mL ÷ 24").
_RESULT_END = r"(?!\d|[.,]\d)(?!\s*(?:[A-Za-zµ%]{1,6}\s*)?[-+−*/×÷·^]\s*[\d(])"
_VTAIL = (  # (what stands between the operation and its result names no further operation: "…, then divide by 405 to get", "plus 2 × 54 = 108")
    r"(?:(?!\b(?:divid|multipl|add|subtract|minus|plus|times)\w*\b|[×*÷·^+]\s*\d|[²³])[^.;\n=≈]){0,30}?(?:,\s*)?(?:giving|gives|give|to get|we get|gets|get|leaves|leaving|results?\s+in|resulting\s+in|yields?|yielding|equals|which is|is|=|≈|→)"
    r"\s*(?:us\s+|an?\s+(?:[A-Za-z-]+\s+){0,3}?of\s+)?(?:approximately\s+|about\s+|roughly\s+|≈\s*|~\s*)?(?P<c>[-−]?(?:" + _NUMBER + r"))"
    + _RESULT_END
)
# An operand named before its value: "ALT (309)", "the glucose of 210", "the female factor 0.742", "chloride 98".
# The result right after an operation that names one operand (the other is the result before it):
# "Adding 50 kg gives 73 kg" (not "Add 280 days: 280 days = 9 months", a step's heading).
_CHAIN_TAIL = (r",?\s*(?:giving|gives|to\s+get|we\s+get|leaves|leaving|results?\s+in|resulting\s+in|yields?|yielding)\s*(?:us\s+)?(?:approximately\s+|about\s+|roughly\s+)?"
               r"(?P<c>[-−]?(?:" + _NUMBER + r"))" + _RESULT_END)
_NAMED = r"(?:(?:the\s+[A-Za-z][A-Za-z0-9' -]{0,25}?\s+|(?:the\s+)?[A-Za-z][A-Za-z0-9' ]{0,25}?(?:\s*\(\s*|\s+of\s+)|(?!(?:by|to|and|from|it|this|that|then)\b)[A-Za-z][A-Za-z0-9'-]{1,25}\s+)(?=[-−\d.]))?"
_NAMED_END = r"(?:\s*\))?"
_VERBAL_ARITH = (
    # A sum of three or more operands in words: "282 plus 14.5 plus 10 gives 306.5", "adding 282, 14.5 and 10 gives 306.5"
    ("++", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r"(?P<rest>(?:,?\s+plus\s+(?:" + _NUMBER + r")(?!\d|\.\d)" + _VU + r"){2,6})" + _VTAIL, re.I)),
    ("++", re.compile(r"\badd(?:ing|s|ed)?\s+(?:up\s+)?" + _v("a") + _VU + r"(?P<rest>(?:(?:,|,?\s+(?:and|plus))\s+(?:" + _NUMBER + r")(?!\d|\.\d)" + _VU + r"){2,6})"
                      + _VTAIL, re.I)),
    # "multiply the 210 mg/day by the MME conversion factor, 1.5 mme/mg, giving us 315": a factor named before its value
    ("*", re.compile(r"\bmultipl(?:y|ying|ied)\s+(?:the\s+)?" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+(?:by|times)\s+(?:the\s+[A-Za-z][A-Za-z ]{0,40}?,\s*)?"
                     + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("/", re.compile(r"\bdivid(?:e|es|ing|ed)\s+" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+by\s+" + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("+", re.compile(r"\badd(?:ing|s|ed)?\s+" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+(?:to|and|plus)\s+" + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("-r", re.compile(r"\bsubtract(?:ing|s|ed)?\s+" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+from\s+" + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("^", re.compile(r"\brais(?:e|es|ing|ed)\s+" + _v("a") + _VU + r"\s+to\s+the\s+(?:power|exponent)\s+(?:of\s+)?" + _v("b") + _VTAIL, re.I)),
    ("sqrt", re.compile(r"\bsquare\s+root\s+of\s+" + _NAMED + _v("a") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("cbrt", re.compile(r"\bcube\s+root\s+of\s+" + _v("a") + _VU + _VTAIL, re.I)),
    # The operation between its operands: "72 multiplied by 1.2 equals 88", "40 minus 12 is 28", a chain
    # going on after a comma ("160/140 = 1.143, minus 1 gives 0.143, times 42 gives 6.0") (not
    # "120 over 80": a blood pressure), "the product of 72 and 1.2", "1.5 to the power of 2".
    ("*", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r",?\s+(?:multiplied\s+by|times)\s+" + _v("b") + _VU + _VTAIL, re.I)),
    # "62 kg divided by (1.6 m)^2 equals 24.2": divided by a square
    ("/sq", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r",?\s+divided\s+by\s+(?:the\s+square\s+of\s+)?\(?\s*" + _v("b") + _VU
                       + r"\s*\)?\s*(?:\^\s*2|²|\s+squared)" + _VTAIL, re.I)),
    ("/", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r",?\s+divided\s+by\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("+", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r",?\s+plus\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("-", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r",?\s+minus\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("*", re.compile(r"\bproduct\s+of\s+" + _v("a") + _VU + r"\s+and\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("+", re.compile(r"\bsum\s+of\s+" + _v("a") + _VU + r"\s+and\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("^", re.compile(r"(?<![\w./-])" + _v("a") + r"\s+(?:raised\s+)?to\s+the\s+(?:power|exponent)\s+(?:of\s+)?" + _v("b") + _VTAIL, re.I)),
    ("^2", re.compile(r"(?<![\w./-])" + _v("a") + _VU + r"\s+squared" + _VTAIL, re.I)),
    ("^2", re.compile(r"\b(?:squar(?:e|es|ing)|the\s+square\s+of)\s+" + _NAMED + _v("a") + _VU + _NAMED_END + _VTAIL, re.I)),  # "squaring 1.72 gives 2.96"
    ("/2", re.compile(r"\bhalf\s+(?:of\s+)?" + _v("a") + _VU + _VTAIL, re.I)),
    ("/3", re.compile(r"\b(?:one[\s-]+)?third\s+of\s+" + _v("a") + _VU + _VTAIL, re.I)),
    ("2*", re.compile(r"\b(?:twice|double)\s+" + _v("a") + _VU + _VTAIL, re.I)),
    ("%", re.compile(r"(?<![\w./-])" + _v("a") + r"\s*%\s+of\s+" + _v("b") + _VU + _VTAIL, re.I)),
    # Two operations in one sentence: "multiply the glucose of 210 by the insulin of 26 and divide by 405 to get 13.5".
    ("*/", re.compile(r"\bmultipl(?:y|ying)\s+(?:the\s+)?" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+by\s+" + _NAMED + _v("b") + _VU + _NAMED_END
                      + r",?\s+(?:and\s+)?(?:then\s+)?divid(?:e|ing)\s+(?:it\s+|this\s+|the\s+(?:product|result)\s+)?by\s+(?P<d>\d+(?:\.\d+)?)" + _VU + _VTAIL, re.I)),
    # A weight at a rate per kilogram: "for the remaining 7 kg, 2 mL/kg/hr gives 14 mL/hr", "10 kg at 4 mL/kg/hr = 40 mL/hr".
    ("kg*", re.compile(r"(?<![\w./-])" + _v("a") + r"\s*kg\b,?\s+(?:at\s+|×\s*|x\s+)?" + _v("b") + r"\s*mL/kg/(?:hr|h|hour|day|d)\b" + _VTAIL, re.I)),
    # A chain in words on the result just written: "multiply 175 by 80 to get 14000, divide by 3600 to
    # get 3.89, and take the square root to get 1.97" (the empty operand is that result: ``_CHAIN_OPERAND``).
    ("/", re.compile(r"\bdivid(?:e|es|ing|ed)\s+(?P<a>)by\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("*", re.compile(r"\bmultipl(?:y|ying|ied)\s+(?P<a>)by\s+" + _v("b") + _VU + _VTAIL, re.I)),
    ("sqrt", re.compile(r"\b(?:take|takes|taking|took)\s+(?:the\s+)?square\s+root(?!\s+of\b)(?P<a>)" + _VTAIL, re.I)),
    # "The minimum of 52.38 kg and 62 kg is 52.38 kg", "the lower of IBW (52.4) and actual weight (62) is 52.4"
    ("min", re.compile(r"\b(?:minimum|lower|smaller|lesser)\s+of\s+(?:the\s+)?" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+and\s+(?:the\s+)?" + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    ("max", re.compile(r"\b(?:maximum|higher|greater|larger)\s+of\s+(?:the\s+)?" + _NAMED + _v("a") + _VU + _NAMED_END + r"\s+and\s+(?:the\s+)?" + _NAMED + _v("b") + _VU + _NAMED_END + _VTAIL, re.I)),
    # Opening a sentence on the result the one before ended with: "Adding 50 kg gives 73 kg.",
    # "Subtracting 12 leaves 8." (``CHAINED_PREVIOUS``).
    ("+", re.compile(r"\badd(?:ing|s|ed)?\s+(?P<a>)" + _v("b") + _VU + r"(?:\s+to\s+(?:this|it|that|the\s+result))?" + _CHAIN_TAIL, re.I)),
    ("-c", re.compile(r"\bsubtract(?:ing|s|ed)?\s+(?P<a>)" + _v("b") + _VU + r"(?:\s+from\s+(?:this|it|that|the\s+result))?" + _CHAIN_TAIL, re.I)),
    ("*", re.compile(r"\A\W{0,3}(?:then\s+)?times\s+(?P<a>)" + _v("b") + _VU + _CHAIN_TAIL, re.I)),  # "Times 10 gives 17.41."
)
# What writes a result before a chain goes on from it ("gives", "to get", "=").
_WRITTEN_RESULT_LEAD = r"(?:\bto\s+get|\b(?:we\s+)?get|\bgives?|\bgiving|\bleaves|\bleaving|\byields?|\byielding|\bequals|\bresults?\s+in|\bis|=|≈)\s*+(?:approximately\s+|about\s+)?"
# The result a sentence ends with, right before the next one: "… gives 23 kg. ", "… = 2100 mL; ".
CHAIN_BEFORE = re.compile(_WRITTEN_RESULT_LEAD + r"(?<![\d.])(\d+(?:\.\d+)?)\s*+(?:[A-Za-zµ/%²]{1,8}(?:/[A-Za-z]{1,4})?\s*+)?[.,;]\s*+\Z", re.I)
_SENTENCE_OPENS = re.compile(r"[\s*>•-]*(?:(?:then|next|now|finally),?\s+)?\Z", re.I)
# The result a chain in words goes on from: the result ending the clause before the operation ("…
# to get 14000, [then] divide by 3600"; not any number: "weight 70 kg; dividing by 18" divides a glucose).
_CHAIN_OPERAND = re.compile(_WRITTEN_RESULT_LEAD + r"(?<![\d.])(\d+(?:\.\d+)?)\s*+(?:[A-Za-zµ/%²]{1,8}\s*+)?[,;]?\s*+(?:and\s+)?(?:then\s+)?\Z", re.I)


_CHAINED = re.compile(r",\s+(?:multiplied|times|divided|plus|minus)\b")
_SUMMED = re.compile(r"(?:,|\band\b|\bplus\b)\s+(" + _NUMBER + r")(?!\d|\.\d)")  # the operands after the first of a sum in words
_VERBAL_KEYS = {"++": ("plus", "add"), "*": ("multipl", "times", "product"), "/": ("divid",), "/sq": ("divid",), "+": ("add", "plus", "sum of"), "-r": ("subtract",), "-c": ("subtract",), "min": ("minimum of", "lower of", "smaller of", "lesser of"),
                "max": ("maximum of", "higher of", "greater of", "larger of"), "-": ("minus",),
                "^": ("rais", "power"), "sqrt": ("square root",), "cbrt": ("cube root",), "^2": ("squar",), "/2": ("half",),
                "/3": ("third",), "2*": ("twice", "double"), "%": ("% of",), "kg*": ("ml/kg/",), "*/": ("multipl",)}
_VERBAL_FORMS = {"/sq": "{a} / {b} ^ 2", "min": "min({a}, {b})", "max": "max({a}, {b})", "-c": "{a} - {b}", "sqrt": "sqrt({a})", "cbrt": "{a} ^ (1/3)", "-r": "{b} - {a}", "^2": "{a} ^ 2", "/2": "{a} / 2", "/3": "{a} / 3",
                 "2*": "2 * {a}", "%": "{a} / 100 * {b}", "kg*": "{a} * {b}", "*/": "{a} * {b} / {d}"}


def _operand(text: str | None) -> str | None:
    if text is None:
        return None
    t = text.strip().lower()
    if t in ("this", "it", "that", "the result", "the value"):
        return PREVIOUS
    return "(" + t.replace(",", "").replace("−", "-") + ")"


def _verbal_arithmetic(text: str, offset: int, covered: _Covered, room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    out = []
    low = text.lower()
    for op, pat in _VERBAL_ARITH:
        if not any(map(low.__contains__, _VERBAL_KEYS[op])):
            continue
        for m in pat.finditer(text):
            if len(out) >= room:
                return out
            if m.start() in covered and (m.end("a") in covered or not _CHAINED.match(text, m.end("a"))):
                continue  # read already; not "= 1.143, minus 1 gives 0.143": a written result taken on
            raw_a = m.group("a")
            chained = False
            if raw_a == "":
                prev = _CHAIN_OPERAND.search(text, max(0, m.start() - 40), m.start())
                if prev is None and not _SENTENCE_OPENS.match(text, 0, m.start()):
                    continue  # no result written right before: whose value the operation takes is unclear
                raw_a, chained = (prev.group(1), False) if prev is not None else ("", True)
            a, b = (CHAINED_PREVIOUS if chained else _operand(raw_a)), _operand(m.groupdict().get("b"))
            if op == "++":
                more = _SUMMED.findall(m.group("rest"))
                expr = " + ".join([a, *map(_operand, more)])
                lits = [(parse_number(x), x) for x in (raw_a, *more)]
                c = m.group("c")
                out.append(Claim("arithmetic", offset + m.start(), offset + m.end(), m.group(), expr=expr, value=parse_number(c), value_text=c,
                                 decimals=decimals_of(c), literals=lits, context=text[max(0, m.start() - _CONTEXT_CHARS) : m.start()]))
                covered.append((m.start(), m.end()))
                continue
            expr = _VERBAL_FORMS[op].format(a=a, b=b, d=_operand(m.groupdict().get("d"))) if op in _VERBAL_FORMS else f"{a} {op} {b}"
            c = m.group("c")
            lits = [(parse_number(x), x) for x in (raw_a, m.groupdict().get("b")) if x and x[-1].isdigit()]
            out.append(Claim("arithmetic", offset + m.start(), offset + m.end(), m.group(), expr=expr, value=parse_number(c), value_text=c,
                             decimals=decimals_of(c), literals=lits, context=text[max(0, m.start() - _CONTEXT_CHARS) : m.start()]))
            covered.append((m.start(), m.end()))
    return out


# An analyte named between a value's unit and its conversion ("250 mg/dL glucose equals 13.9 mmol/L").
_CONVERTED_ANALYTE = r"glucose|creatinine|sodium|potassium|chloride|bicarbonate|calcium|albumin|bilirubin|urea|bun|cholesterol|triglycerides|hemoglobin|haemoglobin"
_VERBAL_CONV = re.compile(
    r"(?P<a>" + _NUMBER + r")\s*(?P<u1>" + _SPACED_UNITS + "|" + _UNIT_ALT + r")\s*(?:\([^)]{0,40}\)\s*)?(?:(?:of\s+)?(?P<an>" + _CONVERTED_ANALYTE + r")\s+)?"
    r"(?:,\s*or\b|(?:,\s*)?(?:(?:which\s+)?converts? to|is equal to|is equivalent to|which is|equals|is|corresponds to|i\.e\.,?|that is|→|->|=|≈"
    r"|(?:to|into)\s+(?:" + _UNIT_ALT + r")\s*,?\s*(?:gives|yields|is|=|we get)))\s*(?:approximately\s+|about\s+)?"
    r"(?P<b>" + _NUMBER + r")\s*(?P<u2>" + _SPACED_UNITS + "|" + _UNIT_ALT + r")(?![A-Za-z])",
    re.I,
)


# "i(?<=\bi)s" is "\bis" written to start with a literal (fast scanning, as for _REL).
_VERBAL_KEY = re.compile(r"(?:converts? to|equal to|equivalent to|which is|equals|i(?<=\bi)s|corresponds to|i\.e\.,?|that is|→|->|=|≈|gives|yields|we get|,\s*or)\s*(?:approximately\s+|about\s+)?[\d.]")


_DIGIT = re.compile(r"\d")
# Letters re.IGNORECASE matches to an ASCII letter though str.lower() does not turn them into one.
_ODD_CASE = ("İ", "ı", "ſ")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """Can a case-insensitive pattern that needs one of ``words`` (lower-case ASCII) match the
    text? Substring tests: far cheaper than re trying a pattern that starts with a word
    boundary at every character."""
    low = text.lower()
    return any(map(low.__contains__, words)) or (not text.isascii() and any(map(text.__contains__, _ODD_CASE)))
_OPERATOR_AFTER = re.compile(r"\s*[-+*/×·÷^−–]\s*[\d(]")
_UNIT_ENDINGS = tuple("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ%°µ²")


_NUMBER_CHAR = re.compile(r"[\d.]")  # a character a number (and so a _VERBAL_CONV match) can start with


def _conversion_around(text: str, lo: int, hi: int, at: int) -> re.Match | None:
    """The first match of ``_VERBAL_CONV.finditer(text, lo, hi)`` that contains position ``at``:
    the pattern is tried only where a number may start, and not past ``at``."""
    pos = lo
    for d in _NUMBER_CHAR.finditer(text, lo, at + 1):
        if d.start() < pos:
            continue  # inside the previous match, as finditer goes on from its end
        m = _VERBAL_CONV.match(text, d.start(), hi)
        if m is not None:
            if at < m.end():
                return m
            # its right side may start the next one, when the relation sought follows it ("10.0 dL = 0.5 mg/dL, which converts to 0.3 mg/dL")
            pos = m.start("b") if at - m.end() <= 24 else m.end()
    return None


_EXCESS_AFTER = re.compile(r"\s*(?:above|over|beyond|past|more\s+than|in\s+excess\s+of|below|under|less\s+than)\s+(?:the\s+|a\s+)?(?:\d|five\b|base)", re.I)
_CONVERTS_TO = re.compile(r"\bconver(?:ts?|ted|ting)\s+(?:in)?to\b", re.I)
# "5 ft 4 in = 5.4 ft × 30.48 = …": the value in the other unit, then scaled on (not "= 62.9 in – 60 in", an excess)
_SCALED_AFTER = re.compile(r"\s*[*×·÷/]\s*\d")
_RESTATED_AS = re.compile(r"\bi\.e\.|\bthat\s+is\b", re.I)


def _verbal_conversions(text: str, offset: int, covered: _Covered, room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    out: list[Claim] = []
    # Cheap anchor first: the full pattern starts with a number and is slow to try everywhere.
    matches = []
    for n, k in enumerate(_VERBAL_KEY.finditer(text)):
        if len(matches) > room:
            break  # over the step's limit
        if n >= _MAX_RELATIONS:
            out.append(Claim(LIMIT, offset + k.start(), offset + k.start(), ""))
            break
        if text[k.start()] in "=≈" and not text[max(0, k.start() - 40) : k.start()].rstrip(" )").endswith(_UNIT_ENDINGS):  # (40: past the padding a spelled height leaves)
            continue  # "= 12.5": no unit before the sign, so no conversion
        if not _DIGIT.search(text, max(0, k.start() - 50), k.start()):
            continue  # no number before the relation: nothing converted
        # The conversion around this relation (a window may hold an earlier one too).
        m = _conversion_around(text, max(0, k.start() - 60), min(len(text), k.end() + 60), k.start())
        if m and (not matches or m.start() != matches[-1].start()):
            matches.append(m)
    for m in matches:
        if len(out) >= room:
            break
        # "… converts to …", "= 5.58 ft, i.e. 5 ft 5.8 in": a result said again in another unit
        said_converted = _CONVERTS_TO.search(text, m.start(), m.start("b")) is not None or _RESTATED_AS.search(text, m.start(), m.start("b")) is not None
        if (m.start() in covered and not (said_converted and m.start("b") not in covered)) or (_OPERATOR_AFTER.match(text, m.end())
                                                                                               and not _SCALED_AFTER.match(text, m.end())):
            continue  # already read (a result said converted on is read again: "= 0.5 mg/dL, which converts to 0.3 mg/dL"), or the right side is an expression ("= 62.9 in – 60 in")
        if _after_comparator(text, m.start()) or _EXCESS_AFTER.match(text, m.end()):
            continue  # "height over 5 feet = 2.992 inches", "69 in → 9 inches above 60": the excess over a threshold, not a conversion
        u1, u2 = m.group("u1"), m.group("u2")
        u1 = spelled(_ANALYTE_IN_UNIT.sub(r"\1\2", u1).strip())  # "per microliter": /µL
        u2 = spelled(_ANALYTE_IN_UNIT.sub(r"\1\2", u2).strip())
        b = m.group("b")
        if u1 == u2 and not (said_converted and parse_number(m.group("a")) != parse_number(b)):
            continue  # the same unit on both sides: a restatement, unless said converted to another value ("0.5 mg/dL converts to 0.3 mg/dL")
        # The analyte may be written inside the unit ("29.0 mmol BUN/L"): keep it in the name.
        name = f"{_phrase(text, m.start())} {m.group('u1')}" + (f" {m.group('an')}" if m.group("an") else "")  # "250 mg/dL glucose equals …"
        out.append(
            Claim("conversion", offset + m.start(), offset + m.end(), m.group(), value=parse_number(m.group("a")), unit=u1,
                  rhs_value=parse_number(b), rhs_unit=u2, rhs_decimals=decimals_of(b), value_text=m.group("a"), name=name)
        )
        covered.append((m.end("u1"), m.end()))  # the value converted is still read as what it is ("Height 172 cm = 1.72 m": a patient value)
    return out


# A conversion's factor said in words, the analyte named: "To convert glucose from mmol/L to mg/dL,
# multiply by 18", "divide the glucose by 18 to convert mg/dL to mmol/L", "the conversion factor for
# glucose is 18 mg/dL per mmol/L". Read as the unit fact it states (1 mmol/L = 18 mg/dL of glucose);
# the factor multiplies the value in the first unit, or divides it.
_FACTOR_UNIT = r"mg/dL|mmol/L|µmol/L|umol/L|mEq/L|g/dL|g/L|mg/L|µg/dL|mcg/dL|lbs?|pounds?|kg|inches|in|cm|m"
_FACTOR_NUMBER = r"(?P<f>\d+(?:\.\d+)?)(?![\d.]*\s*(?:%|/))"
_CONVERT_THEN_FACTOR = re.compile(
    r"\b(?:to\s+convert|converting)\s+(?:the\s+|a\s+)?(?P<name>[A-Za-z][A-Za-z ]{0,30}?\s+)?(?:values?\s+)?(?:from\s+)?(?P<u1>" + _FACTOR_UNIT + r")\s+(?:in)?to\s+"
    r"(?P<u2>" + _FACTOR_UNIT + r")\b\s*[,:;]?\s*(?:we\s+|you\s+|one\s+)?(?:must\s+|can\s+|should\s+)?(?:by\s+)?(?P<op>multiply|multiplying|divide|dividing)\s+(?:it\s+|this\s+|the\s+value\s+|that\s+)?by\s+"
    r"(?:about\s+|approximately\s+)?" + _FACTOR_NUMBER, re.I)
_FACTOR_THEN_CONVERT = re.compile(
    r"\b(?P<op>multiply|divide)\s+(?:the\s+(?P<name>[A-Za-z][A-Za-z ]{0,30}?)\s+|it\s+|this\s+|that\s+)?by\s+(?:about\s+|approximately\s+)?" + _FACTOR_NUMBER +
    r"\s+to\s+convert\s+(?:it\s+|the\s+value\s+)?(?:from\s+)?(?P<u1>" + _FACTOR_UNIT + r")\s+(?:in)?to\s+(?P<u2>" + _FACTOR_UNIT + r")\b", re.I)
_CONVERSION_FACTOR_IS = re.compile(
    r"\bconversion\s+factor\s+(?:for|of)\s+(?P<name>[A-Za-z][A-Za-z ]{0,30}?)\s+(?:is|=|of)\s+(?:about\s+|approximately\s+)?" + _FACTOR_NUMBER +
    r"\s*\(?\s*(?P<u2>" + _FACTOR_UNIT + r")\s+(?:per|/)\s+(?P<u1>" + _FACTOR_UNIT + r")\b", re.I)


def _conversion_factors(text: str, offset: int, covered: _Covered, room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    """A conversion factor said in words (``_CONVERT_THEN_FACTOR`` and the other two forms): the unit
    fact it states, 1 of the unit converted to = the factor in the other (multiplying) or 1 of the unit
    converted from = … (dividing). Only where the sentence names the analyte (a mass-to-amount factor
    belongs to one), or the units need none (lb to kg)."""
    out: list[Claim] = []
    for pat in (_CONVERT_THEN_FACTOR, _FACTOR_THEN_CONVERT, _CONVERSION_FACTOR_IS):
        for m in pat.finditer(text):
            if len(out) >= room:
                return out
            if m.start("f") in covered:
                continue
            u1, u2 = spelled(m.group("u1")), spelled(m.group("u2"))
            if u1.lower() == u2.lower():
                continue
            multiply = pat is _CONVERSION_FACTOR_IS or m.group("op").lower().startswith("multipl")  # ("by dividing by 18")
            # multiplying: 1 u1 = f u2; dividing: 1 u2 = f u1
            one, other = (u1, u2) if multiply else (u2, u1)
            f = m.group("f")
            name = (m.group("name") or "").strip()
            out.append(Claim("conversion", offset + m.start(), offset + m.end(), m.group(), value=1.0, unit=one, rhs_value=parse_number(f),
                             rhs_unit=other, rhs_decimals=decimals_of(f), value_text="1", name=f"{name} {one}".strip()))
            covered.append((m.start("f"), m.end("f")))
    return out


_BRACKET_OPEN = re.compile(r"\s*\(\s*(?:≈|~|approximately|approx\.?|about|or|i\.e\.,?|=|(?:which\s+is\s+|is\s+)?(?:equivalent|equal)\s+to|which\s+is|converts?\s+to|[<>≤≥]=?)?\s*", re.I)
_BRACKET_CLOSE = re.compile(r"\s*\)")


def _bracket_conversions(text: str, offset: int, covered: _Covered, num_units: list[re.Match], room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    """A value with its conversion in brackets: "1.2 mg/dL (106 µmol/L)", "102.2 °F (39 °C)";
    ``num_units``: the matches of _NUM_UNIT in the text."""
    out: list[Claim] = []
    for m in num_units:
        if len(out) >= room:
            break
        o = _BRACKET_OPEN.match(text, m.end())
        if o is None or m.start() in covered or _INTERVAL_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # (not "every 6 hours (4 doses/day)": an interval and its frequency, no conversion)
        m2 = _NUM_UNIT.match(text, o.end())
        if m2 is None or _BRACKET_CLOSE.match(text, m2.end()) is None:
            continue
        u1 = spelled(_ANALYTE_IN_UNIT.sub(r"\1\2", m.group(2)).strip())
        u2 = spelled(_ANALYTE_IN_UNIT.sub(r"\1\2", m2.group(2)).strip())
        if u1.lower() == u2.lower():
            continue  # the same unit
        # (a threshold with its conversion, "> 2 mg/dL (176.8 µmol/L)", is a unit fact checked as well)
        b = m2.group(1)
        out.append(Claim("conversion", offset + m.start(), offset + m2.end(), text[m.start() : m2.end()], value=parse_number(m.group(1)), unit=u1,
                         rhs_value=parse_number(b), rhs_unit=u2, rhs_decimals=decimals_of(b), value_text=m.group(1), name=f"{_phrase(text, m.start())} {m.group(2)}"))
        covered.append((o.start(), m2.end()))  # the value before the bracket is still read as what it is (a patient value)
    return out


_INTERVAL_BEFORE = re.compile(r"\b(?:every|each|q)\s*\Z", re.I)


# A unit's own factor written in a step ("0.005 g * 1000 mg/g", "× 1000000 µL/L", "0.001 mol/mmol"),
# an analyte's molar mass ("28.02 g/mol") or valence ("sodium has a valence of 1"): unit facts,
# checked with the unit layer, never the patient's values.
_UNIT_FACTOR = re.compile(r"(?=[\d])(?<![\w.])(?P<v>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?P<u1>mg|g|kg|µg|ug|mcg|mol|mmol|µmol|umol|mEq|L|dL|mL|µL|uL)\s*/\s*(?P<u2>mg|g|kg|µg|ug|mcg|mol|mmol|µmol|umol|mEq|L|dL|mL|µL|uL)(?![\w/])")
_MOLAR_MASS = re.compile(r"(?<![\w.])(?P<v>\d+(?:\.\d+)?)\s*g\s*/\s*mol\b")
# ("The valence of K, Cl, and HCO3- is 1": the valence of the ions listed, not their values)
_VALENCE = re.compile(r"\bvalences?\s+(?:of\s+[^.;:\n]{1,40}?\s+(?:is|are|=)\s*|(?:of\s+|is\s+|=\s*)?)(?P<v>\d)\b", re.I)


@lru_cache(maxsize=256)
def _same_kind(u1: str, u2: str) -> bool:
    """Units of one dimension (mass, volume, amount; mEq counts as amount), or mass per amount
    (a molar mass: the analyte decides the factor)."""
    from clinverify.calculators.units import UnitError, dimension_of

    try:
        d1, d2 = dimension_of(u1), dimension_of(u2)
    except UnitError:
        return False
    return d1 == d2 or (d1, d2) == ("[mass]", "[substance]")


def _unit_facts(text: str, offset: int, covered: _Covered, room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    out: list[Claim] = []
    for m in _UNIT_FACTOR.finditer(text):
        if len(out) >= room:
            return out
        u1, u2 = m.group("u1"), m.group("u2")
        if m.start() in covered or u1 == u2 or not _same_kind(u1, u2):
            continue  # "35 g/L", "5 mmol/L": a concentration, not a unit's factor
        v = m.group("v")
        # "1000 mg/g" says 1 g = 1000 mg (the grader skips units of different kinds).
        out.append(Claim("conversion", offset + m.start(), offset + m.end(), m.group(), value=1.0, unit=u2, rhs_value=parse_number(v),
                         rhs_unit=u1, rhs_decimals=decimals_of(v), value_text="1", name=f"{_phrase(text, m.start())} {u1}/{u2}"))
        covered.append((m.start(), m.end()))
    # Each pattern only where its word is written (substring tests: the patterns start with a
    # lookbehind or a word boundary, which re tries at every character).
    for pat, what, cue in ((_MOLAR_MASS, "molar mass", "mol" in text), (_VALENCE, "valence", may_contain(text, ("valence",)))):
        for m in pat.finditer(text) if cue else ():
            if len(out) >= room:
                return out
            if m.start("v") in covered:
                continue
            v = m.group("v")
            out.append(Claim("unit_fact", offset + m.start("v"), offset + m.end(), m.group(), value=parse_number(v), value_text=v,
                             decimals=decimals_of(v), name=what, context=text[max(0, m.start() - 120) : m.start()]))
            covered.append((m.start("v"), m.end()))
    return out


_WORDS = re.compile(r"[a-z]+")
# "total calcium", "total bilirubin", "total cholesterol": the laboratory value's own name, not a derived total.
_TOTAL_ANALYTE = re.compile(r"\btotal\s+(?:serum\s+)?(?:calcium|ca|bilirubin|cholesterol|protein|co2|body\s+weight)\b", re.I)
MODIFIERS = frozenset(
    "adjusted ideal corrected target normal expected estimated predicted calculated total new standard maximum minimum resulting final score "
    "factor term coefficient multiplier exponent component contribution point points pts gain loss valence reference".split()
)
_COMPARATOR = re.compile(  # the lookahead: the first characters of the branches (re leaves other positions at once)
    r"(?=[<>≤≥\dabcefghlmopstuy])(?:(?:less|greater|more|higher|lower|fewer|equal|older|younger|longer|shorter|other)(?:\s+or\s+equal)?(?:\s+to)?(?:\s+than)?(?:\s+or\s+equal\s+to)?(?:\s+(?:about|approximately|around|roughly))?\s*$"
    r"|(?:at least|at most|above|below|under|over|exceeds?|exceeding|from|to|cutoff|threshold|every|per|each|by|by about|by approximately|[<>≤≥]=?)\s*$"
    r"|between\s+\S+(?:\s+\S+)?\s+(?:and|to)\s*$|between\s*$|\d\s*(?:and|-|–|to)\s*$)",
    re.I,
)
# What a text matched by _COMPARATOR can end with (before trailing space): a cheap test that
# rules out most windows before the regex, which has to be tried at every position.
_COMPARATOR_ENDS = tuple(
    "less greater more higher lower fewer equal to than least most above below under over exceed exceeds exceeding "
    "from cutoff threshold between and every per each by about approximately - – < > ≤ ≥ =".split()
)


def _after_comparator(text: str, pos: int) -> bool:
    """Is the value at ``pos`` a threshold ("less than 0.7 mg/dL", "between 2 and 4")?"""
    lo = max(0, pos - 40)
    if not text[lo:pos].rstrip().lower().endswith(_COMPARATOR_ENDS):
        return False
    return _COMPARATOR.search(text, lo, pos) is not None


_AGE = re.compile(r"(?<!\d)(?P<a>" + DIGITS + r"(?:\." + DIGITS + r")?)\s*(?:-\s*)?(?P<u>years?|months?|weeks?|days?)[\s-]old", re.I)


# "He is 48, so 0 points", "She is 72.": a sentence that says its subject, a person, is a bare
# number says how many years old (not "is 48 kg", "is 2 points": a unit or another word after the
# number; not "the criteria met by the patient is 3": the patient is not the subject).
_AGE_IS = re.compile(r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=\n))(?:He|She|The\s+patient)\s+is\s+(?:now\s+|only\s+|already\s+)?(?P<a>[1-9]\d{0,2})(?![\d.,]\d)(?=\s*(?:[,.;)]|$|\s+(?:and|so|which|→|->|=>)\b))")

# "blood pressure is given as 116/70 mmHg", "BP 180/100": the patient's systolic and diastolic values.
_BP_WORDS = ("blood", "bp", "hypertensi", "pressure", "mmhg", "mm hg")  # a step about a blood pressure ("uncontrolled hypertension (182/111)")
_BP_PAIR = re.compile(
    r"(?P<lead>\b(?:blood\s+pressure|BP|hypertensi(?:on|ve))\b[^0-9\n.;<>≥≤]{0,30}?)?(?<![\d.])(?P<s>\d{2,3})\s*/\s*(?P<d>\d{2,3})(?![\d.]|\s*[*×+\-/])(?P<u>\s*mm\s?Hg)?", re.I)
# (a pair is a blood pressure after its name, or with its unit: "uncontrolled, 182/111 mmHg")


_LABEL = re.compile(r"(?:^|[;,.\n•|])\s*(?P<label>[A-Za-z][^;,.\n:=•|]{0,60}?)\s*[:=]\s*$")


# A label and a dash opening a line or list item ("2. **Age** – 92 years"), not a subtraction in a
# formula ("ovulation day = cycle length – 14 days").
_LABEL_DASH = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,2}[.)][ \t]*|[-*•][ \t]*)?[*_]{0,2}[A-Za-z][A-Za-z '’()/]{0,40}?"
                         r"(?:\s*(?:[<>≥≤]=?\s*|\b(?:over|above|under|below)\s+)\d+(?:\.\d+)?\s*[A-Za-z/%]{0,6})?[*_]{0,2}\s+[–—]\s*$")  # ("Age >65 – 49 years": a criterion's rule as the label)


# A drug's dose right before how often it is taken ("hydromorphone 2 mg taken 6 times daily").
_DOSE_BEFORE = re.compile(r"(?P<drug>[A-Za-z][A-Za-z-]{2,})\s+\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ug|μg)\b(?:\s*/\s*(?:hr?|hour|dose))?\s*,?\s*(?:(?:taken|given|administered|used)\s+)?$", re.I)


def _phrase(text: str, pos: int) -> str:
    """The words naming the value at pos: a "Label: value" label ("**Age** – 92 years" in a
    markdown list too), else back to the previous clause boundary."""
    seg = text[max(0, pos - 80) : pos]
    lab = _LABEL.search(seg) if seg.rstrip().endswith((":", "=")) else None
    if lab is None and ":" in seg and (said := _SAID_AFTER_LABEL.search(seg)) is not None:
        lab = _LABEL.search(seg, 0, said.start() + 1)  # "Heart rate: he's at 106 bpm", "SpO2: she's at 94%": the label's value
    if lab is not None:
        return lab.group("label").strip()
    m = _LAST_CLAUSE.search(seg)
    if m is not None and seg[m.end() :].strip():
        seg = seg[m.end() :]
    if "=" in seg and _WORD_OPERATION.search(seg, seg.index("=")):
        seg = seg[: seg.index("=")]  # "Anion gap = sodium minus chloride minus bicarbonate = 12": the anion gap's value
    return seg.strip()


_WORD_OPERATION = re.compile(r"\b(?:minus|plus|times|divided\s+by|multiplied\s+by)\b", re.I)
# A label's colon, then only a pronoun and "is/at" before the value ("Heart rate: he's at ", "Pulse: it is ").
_SAID_AFTER_LABEL = re.compile(r":\s*(?:(?:he|she|it|they|his|her)(?:'s|’s|\s+is|\s+was|\s+are)?\s+(?:\w+\s+)?(?:is\s+|was\s+)?(?:at|of|about|around)?\s*)$", re.I)


# An expression just before "=": an operator between numbers, or a number ending the left side.
_EXPRESSION_BEFORE = re.compile(r"(?:\d\s*[A-Za-zµ/%²]*\s*[-+*/×·÷^−–]\s*[\d(]|(?<![A-Za-z])[\d²³%]|\([^()]*(?<![A-Za-z])\d[^()]*\))[^=,;.]{0,12}?=\s*$")  # not a name's digit: "(HCO3) ="  # not across "140 mEq/L, Cl ="
# Spellings models use that the unit layer knows under another name.
_UNIT_SPELLING = {"mm/hg": "mmHg", "mm hg": "mmHg", "degrees c": "°C", "degrees celsius": "°C", "degrees f": "°F",
                  "degrees fahrenheit": "°F", "percent": "%", "drinks/week": "1/week",
                  "mg%": "mg/dL", "g%": "g/dL"}  # milligrams per 100 mL, the older notation ("creatinine 1.9 mg%", "Hb 12 g%")
_UNIT_SPELLING.update({f"{w} {p} {t}": u for w, t, u in (("dose", "day", "1/day"), ("doses", "day", "1/day"), ("times", "day", "1/day"),
                                                          ("drinks", "week", "1/week"), ("standard drinks", "week", "1/week"),
                                                          ("alcoholic drinks", "week", "1/week")) for p in ("per", "a")})
_UNIT_SPELLING.update({"per day": "1/day", "per week": "1/week"})  # "drinks 11 per week": a count, the name before the number
_UNIT_SPELLING.update({"dose daily": "1/day", "doses daily": "1/day", "times daily": "1/day", "drinks weekly": "1/week", "standard drinks weekly": "1/week",
                      "alcoholic drinks weekly": "1/week"})
_THRESHOLD_AFTER = re.compile(r"\s*(?:or|and)\s+(?:more|higher|greater|above|over|less|lower|below|under|fewer)\b|\s*\+(?!\s*\d)", re.I)
# A reference value said to be one after it ("4.0 g/dL is the normal albumin", "140 as the normal sodium"; not
# "4.2 g/dL is normal", the patient's value judged).
_REFERENCE_AFTER = re.compile(r"\s+(?:is|as)\s+(?:the|a)\s+(?:normal|reference|standard|usual|typical|ideal|target)\b", re.I)
_DERIVED_AFTER = re.compile(
    r"\s*(?:in\s+)?(?:total|combined|overall|altogether|shorter|longer|earlier|later)\b|\s*(?:less|more|longer|shorter|fewer|greater|higher|lower|above|below|over|under)\s+than\b", re.I
)
_RATIO_AFTER = re.compile(r"(?:\s+[A-Za-z]+){0,3}\s*/\s*\d|\s+(?:for\s+(?:each|every)|per\s+(?:each|every))\b", re.I)  # ("rises 1.6 mEq/L for each 100 mg/dL": a rate)
_IDENTITY_AFTER = re.compile(
    r"(?:\s+of\s+[A-Za-z]+(?:\s+[A-Za-z]+)?|\s+(?:" + _CONVERTED_ANALYTE + r")\b)?\s*(?:=|≈|equals\b|is equal to\b|is equivalent to\b|corresponds to\b|"
    r"is\s+(?:about|approximately|roughly|around|close to)\b)"
)
# A value in a worked example or a supposition ("for example, if glucose 200 mg/dL"), not the patient's.
# (The lookahead: every branch's first letter; re leaves other positions at once.)
_HYPOTHETICAL = re.compile(r"(?=[efhils])(?:\b(?:for example|for instance|e\.g\.|suppose|supposing|hypothetically|let's say|imagine)\b|\bif\s+(?:[A-Za-z]+\s+){0,3}$)", re.I)
# The name carries a threshold ("alcohol use >8 drinks per week is 1"): the value is what the
# condition scores, not the patient's value.
_THRESHOLD_IN_NAME = re.compile(r"(?=[<>≥≤\dabfglmosuy])(?:[<>≥≤]\s*=?\s*\d|\b(?:more|less|greater|fewer|longer|shorter|older|younger)\s+than\s+\d|\b(?:over|above|under|below|beyond)\s+\d|\d\s*(?:or more|or less|\+)(?!\s*\d))", re.I)


# The threshold itself within a criterion's label, to be cut from it: "< 95%", "≥ 100 bpm", "over 50".
_THRESHOLD_SPAN = re.compile(r"(?:[<>≥≤]\s*=?|\b(?:more|less|greater|fewer|longer|shorter|older|younger)\s+than|\b(?:over|above|under|below|beyond))\s*\d+(?:\.\d+)?\s*[A-Za-z/%°µ]*"
                             r"|\d+(?:\.\d+)?\s*(?:or more|or less|\+)", re.I)


def _names_patient_value(text: str, s: int, name: str) -> bool:
    """Can the words before the value at ``s`` name a patient's value: some words, none of them a
    modifier of a derived quantity ("adjusted", "total"), not hypothetical, not a threshold?"""
    words = set(_WORDS.findall(name.lower()))
    return bool(words) and not words & MODIFIERS and not _not_patient_value(text, s, name)


# "One mmol/L of glucose is about 18 mg/dL": one unit's worth in another unit, in words (in digits,
# "1 mmol/L = 18 mg/dL", read as a unit identity).
_WORD_IDENTITY_BEFORE = re.compile(
    r"\b(?:one|each|every)\s+\S{1,12}(?:\s+of\s+[A-Za-z]+(?:\s+[A-Za-z]+)?)?\s+(?:is|equals|is\s+equal\s+to|is\s+equivalent\s+to|corresponds\s+to)"
    r"(?:\s+(?:about|approximately|roughly|around|close\s+to))?\s*$", re.I)
# "subtracting 112 from the sodium of 140 leaves 28 mEq/L": the result of arithmetic in words, not the named value.
_RESULT_BEFORE = re.compile(r"\b(?:(?:leaves|leaving|yields|yielding|results?\s+in|resulting\s+in)(?:\s+(?:an?|the)\s+(?:[A-Za-z-]+\s+){1,3}?of)?|gives|giving)\s*$", re.I)
# ("… leaves an anion gap of 28 mEq/L": the result named, not the sodium)


def _not_patient_value(text: str, s: int, name: str) -> bool:
    """A hypothetical value, one named by a thresholded condition, one unit's worth in another unit,
    or the result of arithmetic in words."""
    return (bool(_THRESHOLD_IN_NAME.search(name)) or _HYPOTHETICAL.search(text, max(0, s - 120), s) is not None
            or _WORD_IDENTITY_BEFORE.search(text, max(0, s - 60), s) is not None or _RESULT_BEFORE.search(text, max(0, s - 50), s) is not None)


_LABEL_MARKS = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+|\s[–—-]\s*$|:\s*$|[*_]{2}")  # a list mark before a label, its dash or colon after it, bold marks
_LABEL_END = re.compile(r"(?::|\s[–—-])\s*$")  # a label's end before its value: a colon or a spaced dash ("Age >65 – 49 years")
_OF_DRUG = re.compile(r"\s+of\s+([A-Za-z][\w-]*(?:\s+(?:patch|buccal|IV|PO))?)")


_CONCLUDED_END = re.compile(r"\b(?:so|thus|hence|therefore)\s*,?\s*$", re.I)
_FROM_VALUE_ARROW = re.compile(r"\d\s*[A-Za-z/%]{0,6}\s*(?:→|->|=>)")  # "Weight 16 kg → 10 kg in the first band, 6 kg …": derived from the value before the arrow
_TALL_AFTER = re.compile(r"\s+tall\b", re.I)
_LENGTH_UNITS = frozenset("cm m in inch inches ft feet centimeters centimetres meters metres".split())


_APPROXIMATE_AGE = re.compile(r"(?:[~≈∼]|\b(?:about|around|roughly|approximately|approx\.?|nearly|almost)\s)\s*$", re.I)


# Code that assigns several names at once ("na, glucose, bun = 135, 450, 35", "height_cm, weight_kg = 160, 95"):
# each name takes the number in its place.
_CODE_TUPLE = re.compile(r"(?m)^[ \t]*(?P<names>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)+)[ \t]*=[ \t]*"
                         r"(?P<vals>-?\d+(?:\.\d+)?(?:[ \t]*,[ \t]*-?\d+(?:\.\d+)?)+)[ \t]*(?:#.*)?$")
_CODE_ITEM = re.compile(r"-?\d+(?:\.\d+)?")
# A code variable's name that ends in its unit ("height_cm", "ca_mmol", "glucose_mgdl"): the name, and the unit.
_CODE_UNITS = {"cm": "cm", "m": "m", "in": "in", "inch": "in", "inches": "in", "kg": "kg", "lb": "lb", "lbs": "lb", "g": "g", "mg": "mg",
               "mgdl": "mg/dL", "mmol": "mmol/L", "mmoll": "mmol/L", "umol": "µmol/L", "umoll": "µmol/L", "gdl": "g/dL", "gl": "g/L",
               "meq": "mEq/L", "meql": "mEq/L", "ms": "ms", "sec": "s", "bpm": "/min", "yr": "years", "yrs": "years", "years": "years"}
_CODE_NAME = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*?)_(?P<u>[A-Za-z]+)")


def code_name(ident: str) -> tuple[str, str | None]:
    """A code variable as a name and the unit its last part writes ("height_cm": ("height", "cm")),
    else its words ("ca_score": ("ca score", None))."""
    m = _CODE_NAME.fullmatch(ident)
    if m is not None and m.group("u").lower() in _CODE_UNITS:
        return m.group("name").replace("_", " "), _CODE_UNITS[m.group("u").lower()]
    return ident.replace("_", " "), None


def _code_tuples(text: str, offset: int, covered: _Covered, room: int) -> list[Claim]:
    out: list[Claim] = []
    for m in _CODE_TUPLE.finditer(text):
        names = [n.strip() for n in m.group("names").split(",")]
        vals = list(_CODE_ITEM.finditer(m.group("vals")))
        covered.append((m.start(), m.end()))
        if len(names) != len(vals):
            continue  # not one number per name: not read
        for ident, v in zip(names, vals, strict=True):
            if len(out) >= room:
                return out
            name, unit = code_name(ident)
            a = m.start("vals") + v.start()
            out.append(Claim("quantity", offset + a, offset + a + len(v.group()), v.group(), value=parse_number(v.group()), value_text=v.group(),
                             decimals=decimals_of(v.group()), unit=unit, name=name))
    return out


def _quantities(text: str, offset: int, covered: _Covered, num_units: list[re.Match], room: int = MAX_CLAIMS_PER_STEP) -> list[Claim]:
    """Named values outside any expression; ``num_units``: the matches of _NUM_UNIT in the text."""
    out: list[Claim] = _code_tuples(text, offset, covered, room) if "," in text and "=" in text else []
    for m in _AGE.finditer(text) if "old" in text else ():
        if len(out) >= room:
            return out
        if m.start() in covered or _after_comparator(text, m.start()) or _APPROXIMATE_AGE.search(text, max(0, m.start() - 16), m.start()):
            continue  # (not "a ~60-year-old man", "a roughly 60-year-old": an age rounded on purpose)
        unit = m.group("u").lower().rstrip("s") + "s"
        out.append(Claim("quantity", offset + m.start(), offset + m.end(), m.group(), value=parse_number(m.group("a")), value_text=m.group("a"),
                         decimals=decimals_of(m.group("a")), unit=unit, name="age"))
        covered.append((m.start(), m.end()))
    for m in _AGE_IS.finditer(text) if ("He is " in text or "She is " in text or "patient is " in text) else ():
        if len(out) >= room:
            return out
        if m.start("a") in covered or _after_comparator(text, m.start("a")):
            continue
        out.append(Claim("quantity", offset + m.start("a"), offset + m.end("a"), m.group("a"), value=parse_number(m.group("a")), value_text=m.group("a"),
                         decimals=0, unit="years", name="age"))
        covered.append((m.start("a"), m.end("a")))
    for m in _BP_PAIR.finditer(text) if "/" in text and may_contain(text, _BP_WORDS) else ():
        if len(out) + 2 > room:
            return out
        if m.start("s") in covered or _after_comparator(text, m.start("s")) or not (m.group("lead") or m.group("u")):
            continue
        unit = "mmHg" if m.group("u") else None
        for g, name in (("s", "systolic blood pressure"), ("d", "diastolic blood pressure")):
            out.append(Claim("quantity", offset + m.start(g), offset + m.end(g), m.group(g), value=parse_number(m.group(g)), value_text=m.group(g),
                             decimals=0, unit=unit, name=name))
        covered.append((m.start("s"), m.end()))
    for m in num_units:
        if len(out) >= room:
            return out
        s = m.start()
        if s in covered:
            continue
        unit, uend = m.group(2), m.end()
        a = _ANALYTE_IN_UNIT.match(unit)
        if a:
            unit = a.group(1) + a.group(2)
        unit = spelled(unit)
        after = text[uend : uend + 3].lstrip()
        before = text[max(0, s - 2) : s].strip()
        if (after[:1] and after[:1] in "*/×·÷^+") or (before[-1:] and before[-1:] in "*/×·÷^+≈–−" and not _LABEL_DASH.search(text, max(0, s - 60), s)):
            continue  # part of an expression (not "**Age** – 92 years", a label and a dash)
        if before[-1:] == "=" and _EXPRESSION_BEFORE.search(text[max(0, s - 40) : s]):
            continue  # the result of an expression ("... = 85.3 mmHg"), not "Na = 140 mEq/L"
        if (_THRESHOLD_AFTER.match(text, uend) or _DERIVED_AFTER.match(text, uend) or _RATIO_AFTER.match(text, uend) or _EXCESS_AFTER.match(text, uend)
                or _REFERENCE_AFTER.match(text, uend)):
            continue  # a threshold ("heart rate 100 bpm or more"), a derived total ("(140 mg total)"), a ratio ("1 mg prednisolone / 4 mg"), an excess ("9 inches over 60"), a reference value
        num = m.group(1)
        if parse_number(num) == 1 and (idm := _IDENTITY_AFTER.match(text, uend)):
            nxt = _NUM_UNIT.match(text, idm.end() + len(text[idm.end():]) - len(text[idm.end():].lstrip()))
            if nxt:
                covered.append((nxt.start(), nxt.end()))  # "... is about 18 mg/dL": the identity's other side
            continue  # a unit identity ("1 mmol/L = 18 mg/dL"), not the patient's value
        name = _phrase(text, s)
        if _CONCLUDED_END.search(name) or _FROM_VALUE_ARROW.search(name):
            continue  # "…, but the question asks for Friedewald, so 157 mg/dL": a conclusion, not a value the words before name
        if _TALL_AFTER.match(text, uend) and unit.lower() in _LENGTH_UNITS:
            name = f"{name} height"  # "a man who is 74 inches tall": the patient's height
        if unit.lower() in ("doses/day", "dose/day") and (of := _OF_DRUG.match(text, uend)):
            name = f"{name} {of.group(1)} doses per day"  # "takes 3 doses/day of OxyCODONE": the drug's doses per day
        elif unit == "1/day" and (dosed := _DOSE_BEFORE.search(text, max(0, s - 80), s)):
            name = f"{dosed.group('drug')} doses per day"  # "hydromorphone 2 mg taken 6 times daily": the drug's doses per day
        labelled = ((_LABEL_END.search(text, max(0, s - 4), s) is not None or _SAID_AFTER_LABEL.search(text[max(0, s - 40) : s]) is not None)
                    and _THRESHOLD_IN_NAME.search(name) is not None)
        if labelled:
            # "SaO2 < 95%: 98%", "Age ≥ 50: 61 years", "Age >65 – 49 years": a criterion's rule as the
            # label, then the patient's value with its unit (a thresholded name with a bare number is the rule's score)
            name = " ".join(_LABEL_MARKS.sub(" ", _THRESHOLD_SPAN.sub(" ", name)).split())
        words = set(_WORDS.findall(name.lower()))
        mods = words & MODIFIERS
        if (not words or (mods and mods - ({"total"} if _TOTAL_ANALYTE.search(name) else set())) or (not labelled and _after_comparator(text, s))
                or _not_patient_value(text, s, name)):
            continue  # a derived value or a threshold ("less than 0.7 mg/dL"), not the patient's
        num = m.group(1)
        out.append(Claim("quantity", offset + s, offset + uend, text[s:uend], value=parse_number(num), value_text=num,
                         decimals=decimals_of(num), unit=unit, name=name))
    # Values written without a unit after their name ("The patient's INR is 1.2", "pH: 7.29", a
# markdown table's "| INR | 1.2 |"):
    # a claim only when the checker maps the name to an input of the calculator.
    for m in _BARE_VALUE.finditer(text):
        if len(out) >= room:
            return out
        s = m.start("n")
        if s in covered or _NOT_BARE_AFTER.match(text, m.end()):
            continue  # inside an arithmetic or conversion claim, or followed by a unit or operator
        if text[max(0, m.start() - 8) : m.start()].rstrip()[-1:] in _EXPR_END or _after_comparator(text, s):
            continue  # the result of an expression ("154 – 60 = 94"), or a threshold
        if text[max(0, m.start() - 2) : m.start()].endswith("(") and m.group().lower().startswith("of"):
            continue  # "tender joints (of 28): 8": the count's maximum, not the patient's value
        name = _phrase(text, m.start()).strip()
        if "{" in name or name.startswith(("\"", "'")):
            keyed = _KEYED.search(name)
            opened = text.rfind("{", max(0, s - 400), s)
            var = keyed.group("var") if keyed is not None else None
            if keyed is not None and var is None and opened >= 0 and "}" not in text[opened:s]:
                var = (a := _ASSIGNED_END.search(text, max(0, opened - 40), opened)) and a.group(1)  # a later entry of 'factors = {…, "morphine": 1.0}'
            if not var:
                continue  # an entry of a printed mapping (\"{'oxymorphone': 60.0, …}\"): what quantity it holds is not written
            name = f"{keyed.group('key')} {var.replace('_', ' ')}"  # 'factors = {"oxymorphone": 3.0': oxymorphone's factor
        if not _names_patient_value(text, s, name) or _NAMES_COMBINED.search(name):
            continue  # a derived value, or one named by several quantities ("Na - Cl = 32")
        num = m.group("n")
        cell_unit = _CELL_UNIT.match(text, m.end()) if m.group().startswith("|") else None
        unit = spelled(cell_unit.group(1)) if cell_unit else None
        name = name.lstrip("| ").strip()
        if unit is None and "_" in name and _CODE_NAME.fullmatch(name):
            name, unit = code_name(name)  # "ca_mmol = 2.02": calcium in mmol/L
        out.append(Claim("quantity", offset + s, offset + m.end(), text[s : m.end()], value=parse_number(num), value_text=num,
                         decimals=decimals_of(num), unit=unit, name=name))
    # A terse list of name and value ("Age 66; Heart rate 120; ...", "albumin 2.9 g/dL, INR 1.6, …"): a
    # name right before a number that ends its clause (the checker keeps it only when the name is an input's).
    for m in _TERSE_VALUE.finditer(text) if ";" in text or "\n" in text or ". " in text or "," in text else ():
        if len(out) >= room:
            return out
        s = m.start("n")
        if s in covered or any(c.start - offset <= s < c.end - offset for c in out):
            continue
        name = m.group("name").strip()
        if not _names_patient_value(text, s, name) or _TERSE_NOT_NAME.search(name):
            continue
        num = m.group("n")
        out.append(Claim("quantity", offset + s, offset + m.end("n"), num, value=parse_number(num), value_text=num,
                         decimals=decimals_of(num), unit=None, name=name))
    # A cycle length written as an adjective ("for a 30-day cycle"); the 28-day cycle the rules count
    # from is the reference, not the patient's.
    for m in _CYCLE_DAYS.finditer(text) if "cycle" in text else ():
        if len(out) >= room:
            return out
        s = m.start("n")
        if m.group("n") == "28" or s in covered or any(c.start - offset <= s < c.end - offset for c in out):
            continue
        out.append(Claim("quantity", offset + s, offset + m.end("n"), m.group("n"), value=float(m.group("n")), value_text=m.group("n"),
                         decimals=0, unit="day", name="cycle length"))
    # A value judged against its criterion's cut-off ("Elderly: age 72 (>65) → +1", "INR 1.6 (<1.7)
    # → 1 point", "Patient HR 68 → does not meet"): a name, the number, then the cut-off in brackets
    # or an arrow. Found from the number and what follows it (cheap), the name read back from there.
    for m in _JUDGED_VALUE.finditer(text) if ("→" in text or "->" in text or "=>" in text or "(" in text) else ():
        if len(out) >= room:
            return out
        s = m.start("n")
        nm = _NAME_BEFORE.search(text, max(0, s - 60), s)
        if nm is None or s in covered or any(c.start - offset <= s < c.end - offset for c in out) or _after_comparator(text, s):
            continue
        name = nm.group("name").strip()
        if not _names_patient_value(text, s, name):
            continue
        num, unit = m.group("n"), m.group("u")
        end = m.end("u") if unit else m.end("n")
        out.append(Claim("quantity", offset + s, offset + end, text[s:end], value=parse_number(num), value_text=num, decimals=decimals_of(num),
                         unit=spelled(unit) if unit else None, name=name))
    return out


_CYCLE_DAYS = re.compile(r"(?<![\w.])(?P<n>\d{2})[-‑ ]days?[- ](?:menstrual\s+)?cycle\b", re.I)
_JUDGED_VALUE = re.compile(
    r"(?<![\w.,/])(?P<n>\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d+)?|\d{4,6})(?![\d.,/])(?:[ \t]*(?P<u>years?|bpm|mm ?Hg|%|°C|°F|mg/dL|g/dL|mmol/L|mEq/L))?"
    r"[ \t]*(?=\(\s*[<>≥≤]|→|->|=>)"
)
_NAME_BEFORE = re.compile(r"(?<![\w.])(?P<name>[A-Za-z][A-Za-z'’]*(?<=[A-Za-z]{2})\d?(?:[ \t]+[A-Za-z'’]+\d?){0,3})[ \t]+$")  # "PaCO2", "SpO2": one digit after two letters
_NAMES_COMBINED = re.compile(r"[A-Za-z)]\s*[-+*/×−–]\s*\(?[A-Za-z]")
_TERSE_VALUE = re.compile(
    r"(?:^|[;\n]|(?<=[A-Za-z]{2}\.)[ \t]|(?<=[A-Za-z%]),[ \t])[ \t]*(?:[-*•][ \t]*)?(?P<name>[A-Za-z][A-Za-z'’ ]{1,30}?)[ \t]+(?P<n>\d{1,3}(?:\.\d+)?)[ \t]*(?=;|,(?!\d)|\n|\.(?:\s|$)|$)"
)
# Words around a terse list's name that make it no patient's value: a condition or a hypothesis
# before it ("For cycle length 30, …", "If HR 120, …"), a comparison or a preposition right before
# the number ("shorter than 28, …").
_TERSE_NOT_NAME = re.compile(r"^(?:for|if|when|whether|assum\w*|suppose|with|at|say|per|each|every)\b|\b(?:than|over|above|under|below|beyond|least|most|to|by|of|from|about|approximately|around|at|per)$", re.I)


# Each branch starts with its literal (fast scanning); the name is read back from the relation.
_BARE_VALUE = re.compile(
    r"(?:i(?<=\bi)s|w(?<=\bw)as|o(?<=\bo)f|:|=|\|)"
    r"\s*(?:approximately\s+|about\s+)?(?P<n>" + _NUMBER + r")(?!\d|\.\d|\s*[-–/]\s*\d)"
)
_EXPR_END = frozenset("0123456789)]²³%")
# The key of a value in a code mapping, and the mapping's variable when the line assigns it ('factors = {"oxymorphone": 3.0').
_ASSIGNED_END = re.compile(r"([A-Za-z_]\w*)\s*=\s*$")
_KEYED = re.compile(r"(?:(?P<var>[A-Za-z_]\w*)\s*=\s*)?(?:\{[^{}]*?)?[\"'](?P<key>[^\"']{1,40})[\"']\s*:?\s*$")
# A markdown table's value cell followed by a cell that is its unit ("| Creatinine | 106 | µmol/L |").
_CELL_UNIT = re.compile(r"[ \t]*\|[ \t]*(" + _UNIT_ALT + r")[ \t]*\|", re.I)
_TABLE_RULE_LINE = re.compile(r"[ \t]*\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*")
TABLE_HEAD_REACH = 3000  # characters above a table cell searched for its header


def table_header_cell(text: str, pos: int) -> str | None:
    """The header of the markdown-table column holding position ``pos`` ("| Criterion | Points |",
    "|---|---|" above the row), or None when ``pos`` is not in a table row under a header."""
    a = text.rfind("\n", 0, pos) + 1
    if text[a:pos].lstrip()[:1] != "|":
        return None
    column = text.count("|", a, pos) - 1
    lines = text[max(0, a - TABLE_HEAD_REACH) : a].split("\n")[:-1]
    for k in range(len(lines) - 1, 0, -1):
        if _TABLE_RULE_LINE.fullmatch(lines[k]):
            cells = lines[k - 1].strip().strip("|").split("|")
            return cells[column].strip() if 0 <= column < len(cells) else None
        if lines[k].lstrip()[:1] != "|":
            return None  # the row's block ends before any header
    return None
_NOT_BARE_AFTER = re.compile(r"\s*(?:[*/×·÷^+%=≈−]|[-–]\s*\(|[A-Za-zµμ°])")  # (a minus sign, or a dash before a bracket: "133 − (96 + 9)")


# ---------------------------------------------------------------------------
# final answer
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Answer:
    value: object  # float, 'MM/DD/YYYY', or {'weeks': w, 'days': d}
    text: str
    start: int
    end: int


_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")
_DURATION = re.compile(r"(?<!\d)(" + DIGITS + r")\s*weeks?'?\s*(?:,|and)?\s*'?\s*(" + DIGITS + r")\s*days?", re.I)
_PART_DURATION = re.compile(r"(?<!\d)(" + DIGITS + r")\s*(weeks?|days?)\b", re.I)
_BOXED = re.compile(r"\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}")
_ANSWER_KW = re.compile(r"(?:final answer|answer)\s*(?:is|:)\s*\**\s*", re.I)
_JSON_ANSWER = re.compile(r'"answer"\s*:\s*("(?:[^"\\]|\\.)*"|[-\d.eE+]+)')


def parse_answer_text(s: str) -> object | None:
    """A number, a date ('MM/DD/YYYY') or a duration ({'weeks', 'days'}) from answer text."""
    m = _DURATION.search(s)
    if m:
        return {"weeks": int(m.group(1)), "days": int(m.group(2))}
    m = _PART_DURATION.fullmatch(s.strip().rstrip("."))
    if m:
        n = int(m.group(1))
        return {"weeks": n, "days": 0} if m.group(2).lower().startswith("week") else {"weeks": n // 7, "days": n % 7}
    m = _DATE.search(s)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))).strftime("%m/%d/%Y")
        except ValueError:
            return None
    m = NUM_RE.search(s.replace("−", "-"))
    if m:
        try:
            return parse_number(m.group())
        except ValueError:
            return None
    return None


def final_answer(trace: str) -> Answer | None:
    """The trace's final answer and where it is written."""
    # Cheap substring tests first: each pattern scans the whole trace.
    for m in reversed(list(_JSON_ANSWER.finditer(trace))) if '"answer"' in trace else ():
        raw = m.group(1)
        try:
            txt = json.loads(raw) if raw.startswith('"') else raw
        except json.JSONDecodeError:
            txt = raw.strip('"')
        v = parse_answer_text(str(txt))
        if v is not None:
            s = m.start(1) + (1 if raw.startswith('"') else 0)
            return Answer(v, str(txt), s, m.end(1) - (1 if raw.startswith('"') else 0))
    boxed = list(_BOXED.finditer(trace)) if "\\boxed" in trace else []
    if boxed:
        m = boxed[-1]
        v = parse_answer_text(m.group(1))
        if v is not None:
            return Answer(v, m.group(1), m.start(1), m.end(1))
    kws = list(_ANSWER_KW.finditer(trace)) if "answer" in trace.lower() else []
    if kws:
        m = kws[-1]
        tail = trace[m.end() : m.end() + 120]
        line = tail.split("\n")[0]
        v = parse_answer_text(tail.replace("**", "") if "**" in tail else tail)
        b = _bold_number(line) if isinstance(v, float) else None  # (a date or a duration is read whole)
        if b is not None:  # "Answer: 150 mg of hydrocortisone is equivalent to **30 mg of methylprednisolone**"
            return Answer(parse_number(b.group(1)), b.group(1), m.end() + b.start(1), m.end() + b.end(1))
        for eq in (k for k, ch in enumerate(line) if ch == "=") if isinstance(v, float) else ():
            # "Final answer: PHQ-9 = 14 (moderate depression)", "4AT score = 2", "IPSS = 15 (moderate); QoL = 5": the
            # first value after a sign that no operation follows, not a digit of the score's name
            n = NUM_RE.search(line, eq + 1)
            if n is not None and not line[eq + 1 : n.start()].strip(" *≈~") and not _OPERATOR_AFTER.match(line, n.end()):
                return Answer(parse_number(n.group()), n.group(), m.end() + n.start(), m.end() + n.end())
        if v is not None:
            return Answer(v, line, m.end(), min(len(trace), m.end() + len(line)))
    # Otherwise the value stated last: a duration ("14 weeks, 1 day", "6 days", "34 weeks"), a date,
    # or a number; whichever ends last in the trace's tail.
    tail_start = max(0, len(trace) - 400)
    tail = trace[tail_start:]
    best: Answer | None = None
    # Substring tests first: each pattern would be tried at every position of the tail.
    low = tail.lower()
    pats = ((_DURATION, _PART_DURATION) if "week" in low else (_PART_DURATION,) if "day" in low else ()) + ((_DATE,) if _DATE_HINT.search(tail) else ())
    for pat in pats:
        ms = list(pat.finditer(tail))
        if ms:
            m = ms[-1]
            v = parse_answer_text(m.group())
            if v is not None and (best is None or tail_start + m.end() > best.end):
                best = Answer(v, m.group(), tail_start + m.start(), tail_start + m.end())
    m = _last_number(tail)
    if m is not None and (best is None or tail_start + m.start() >= best.end):
        escaped = tail.rfind("\\n", 0, m.start())  # (a newline written escaped, "\\n", too)
        line_start = max(tail.rfind("\n", 0, m.start()) + 1, escaped + 2 if escaped >= 0 else 0)
        b = _bold_number(tail, line_start, m.start())
        if b is not None:  # "HEART score = 1 + 1 + 1 + 2 + 0 = **5** (moderate risk, 4–6).": the number set in bold
            return Answer(parse_number(b.group(1)), b.group(1), tail_start + b.start(1), tail_start + b.end(1))
        best = Answer(parse_number(m.group()), m.group(), tail_start + m.start(), tail_start + m.end())
    return best


# A number set in bold with at most a few words around it ("**5**", "**30 mg of IV methylprednisolone**",
# "**approximately 1.37%**", "**CHA2DS2-VASc = 5**": a name's own digits are no number): what a model
# marks as its result; not a heading ("**Step 4:**") nor a date.
_BOLD_NUMBER = re.compile(r"\*\*(?![Ss]tep\b)(?:[^*\n\d:]|(?<=[A-Za-z])\d){0,30}?(?<![\d.,/A-Za-z])((?<![-−–])[-−–]?\d+(?:\.\d+)?)(?![\d/:])[^*\n\d:]{0,40}\*\*")


def _bold_number(text: str, lo: int = 0, hi: int | None = None) -> re.Match | None:
    """The last number set in bold in ``text[lo:hi]`` (``_BOLD_NUMBER``), or None."""
    if "**" not in text:
        return None
    found = None
    for b in _BOLD_NUMBER.finditer(text, lo, len(text) if hi is None else hi + 60):
        before = text[lo : b.start()]
        line = text[text.rfind("\n", 0, b.start()) + 1 : b.start()]
        if (hi is None or b.start() <= hi) and before.count("(") <= before.count(")") and line.count("**") % 2 == 0:
            found = b  # (not a remark's: "(**2.9 mmol/L**)"; nor the plain text between two bold spans: "**Summary:** 40 mg ≈ **6 mg**")
    return found


_DATE_HINT = re.compile(r"\d[/-]\d")


def _last_number(tail: str) -> re.Match | None:
    """The last number in ``tail`` that is not part of a unit (mL/min/1.73 m², x10^9/L). The
    last 80 characters are searched first, from a space (no number spans one), then the rest."""
    cut = tail.rfind(" ", 0, max(0, len(tail) - 80)) + 1
    for lo in (cut, 0) if cut else (0,):
        for m in reversed(list(NUM_RE.finditer(tail, lo))):
            if tail[max(0, m.start() - 1) : m.start()] in ("/", "^") or _in_band_remark(tail, m):
                continue
            of = _OUT_OF.search(tail, max(0, m.start() - 40), m.start())
            if of is not None:
                return of  # "5 of the 8 criteria", "3 out of 8": the count, not the number of criteria
            return m
    return None


_BAND_IN_REMARK = re.compile(r"\d\s*[-–—]\s*\d|[<>≤≥]|\bor\s+(?:more|less|above|below)\b"
                             r"|\b(?:above|below|over|under|(?:greater|less|more|fewer)\s+than|at\s+least)\s+\d", re.I)  # ("DVT unlikely" (below 2))


def _in_band_remark(tail: str, m: re.Match) -> bool:
    """Is the number inside a bracketed remark giving a band ("= 5 (moderate risk, 4–6)", "(≥ 2: high)")
    after another number on its line? The band's numbers are no answer."""
    line = tail.rfind("\n", 0, m.start()) + 1
    opened = tail.rfind("(", line, m.start())
    if opened < 0 or ")" in tail[opened : m.start()] or not NUM_RE.search(tail, line, opened):
        return False
    close = tail.find(")", m.end())
    if _RESULT_THEN_REMARK.search(tail, line, opened) is not None:
        return True  # "= 2.25 mg lorazepam (diazepam equivalent 22.5 mg)": a remark on the result written before it
    return _BAND_IN_REMARK.search(tail[opened : close if close >= 0 else len(tail)]) is not None


_RESULT_THEN_REMARK = re.compile(r"[=≈][ \t]*\**[ \t]*[-−]?\d[\d.,]*[ \t]*[A-Za-zµ/%²]*(?:[ \t]+[A-Za-z]+){0,2}[ \t*]*\Z")


# A count out of a maximum, before the maximum's number: the count is the answer.
_OUT_OF = re.compile(r"(?<![\d.])\d{1,3}(?=\s+(?:out\s+)?of\s+(?:the\s+|a\s+(?:possible|maximum(?:\s+of)?)\s+)?$)", re.I)
