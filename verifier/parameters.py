"""Stated parameters, equation versions and per-item factors, read with what each calculator
declares (``clinverify.calculators.statements``: PARAMETERS, VERSIONS, FACTORS).

- ``read_parameters``: "κ = 0.7", "A = 0.9 and B = -0.411", "the gender coefficient is 0.85",
  "total body water percentage ... 0.75" -> checked against the intermediate the calculator
  computes for this patient (when the patient's data are given).
- ``version_in``: a number only another version of the equation writes (CKD-EPI 2009's 141,
  0.993, -0.329; MDRD's 186; Du Bois' 0.425) -> that version.
- ``read_references``: "normal albumin ≈ 3.1 g/dL", "(normal 4.4 g/dL)" -> one of the reference values
  the formula counts from (``REFERENCES``), a convention's or its own.
- ``read_selections``: "since the BMI is 32, we use the adjusted body weight" -> checked against the
  option the calculator's rule takes for this patient (``SELECTIONS``; with the patient's data only).
- ``read_factors``: "Hydromorphone: 1 mg = 2.5 mg morphine", "oxycodone conversion factor of 1.5"
  -> checked against the calculator's factor for the item and the alternatives of other
  guidelines (a convention).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from clinverify.calculators import Calculator, CalculatorError
from clinverify.calculators.model import fmt
from clinverify.calculators.statements import (
    Factor,
    Folded,
    NotCriterion,
    Parameter,
    Rate,
    Reference,
    Selection,
    Slope,
    Version,
)
from clinverify.calculators.units import convert
from clinverify.verifier.claims import parse_number, spelled
from clinverify.verifier.knowledge import declaration, is_unit_factor
from clinverify.verifier.substitution import SEGMENT
from clinverify.verifier.tolerance import close, decimals_of

_NUMBER = r"[-−–‑]?\s?\d+(?:\.\d+)?"
# Between the name and the value: a unit note in brackets, a few words ("for a male infant",
# "for this patient"), then the relation.
_REL = (
    r"\s*(?:\([^()]{0,24}\)\s*)?(?:(?:for|in|of)\s+(?:an?|the|this|our)?\s*(?:[A-Za-z-]+\s*){0,3}?)?"
    r"(?:(?:value|used|applied|here|chosen|given)\s*)?"  # "the total body water percentage value is 0.65", "anion gap (AG) given: 22"
    r"(?:=|:|\bis\b|\bof\b|\bequals\b|\bwill be\b|\bwould be\b|\bbecomes\b|\bas\b)\s*(?:approximately\s+|about\s+|roughly\s+|≈\s*|~\s*)?"
    # the patient's group named before the value: "TBW fraction: adult male -> 0.6", "fraction: elderly female, 0.45"
    r"(?:(?:an?\s+)?(?:(?:adult|elderly|older|young|non-elderly)\s+)?(?:males?|females?|m[ae]n|wom[ae]n)\s*(?:→|->|=>|,)\s*)?"
)


_KINDS = {"REFERENCES": Reference, "SELECTIONS": Selection, "PARAMETERS": Parameter, "VERSIONS": Version, "FACTORS": Factor, "RATES": Rate, "SLOPES": Slope, "EQUIVALENTS": Factor, "FOLDED": Folded, "NOT_CRITERIA": NotCriterion}


@lru_cache(maxsize=512)
def declared(calc: Calculator, name: str) -> tuple:
    """The calculator module's declarations of one kind (other objects of that name are ignored)."""
    items = declaration(calc, name) or ()
    if not isinstance(items, (tuple, list)):
        return ()
    return tuple(x for x in items if isinstance(x, _KINDS[name]))


@dataclass(slots=True)
class Stated:
    start: int
    end: int
    name: str
    keys: tuple[str, ...]
    value: float
    value_text: str
    conventions: tuple = ()
    group: str | None = None  # the group the value is stated for after it ("1 if male, 0.85 if female")
    kind: str = "formula"  # the error a wrong value is (``Parameter.kind``)


@lru_cache(maxsize=128)
def _parameter_pattern(calc: Calculator) -> tuple[re.Pattern | None, dict[str, Parameter]]:
    params = declared(calc, "PARAMETERS")
    if not params:
        return None, {}
    keys: dict[str, Parameter] = {}
    alts = []
    for p in params:
        for ph in p.phrases:
            keys[ph.lower()] = p
            alts.append("(?i:" + re.escape(ph).replace(r"\ ", r"[\s_]+") + ")")  # "gender_coefficient" too
        for letter in p.letters:
            keys[letter] = p
            alts.append(re.escape(letter))
    alts.sort(key=len, reverse=True)
    pat = re.compile(
        r"(?<![A-Za-z0-9_])(?P<name>" + "|".join(alts) + r")(?![A-Za-z0-9_])" + _REL
        + r"(?P<v>" + _NUMBER + r")(?P<pct>\s*%)?(?!\d|\.\d|\s*(?>[A-Za-zµ²]+(?:/[A-Za-z0-9.²]+)*\s*)?(?:[×*/^+\-−–]\s*[\w(]|(?:divided|multiplied|times|plus|minus)\b)"
        r"|\s*(?:mg|mL|years?|mmol|µmol|umol))"  # (not the first operand of an operation: "BMI: 62 kg divided by (1.6 m)^2")
    )
    return pat, keys


@lru_cache(maxsize=256)
def intermediate_keys(calc: Calculator, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The intermediates a variable of a stated formula may mean: those of every declared
    parameter that shares one of its phrases (a formula's "total body water fraction" is the
    parameter ``tbw_fraction``)."""
    want = {p.lower() for p in phrases}
    return tuple(dict.fromkeys(k for p in declared(calc, "PARAMETERS") if want & {ph.lower() for ph in p.phrases} for k in p.keys))


@lru_cache(maxsize=128)
def _parameter_cues(calc: Calculator) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the first word of each phrase, lowercase; each letter) of the calculator's PARAMETERS."""
    params = declared(calc, "PARAMETERS")
    return (tuple({re.split(r"[\s_]+", ph.lower())[0] for p in params for ph in p.phrases}), tuple({x for p in params for x in p.letters}))


def _may_name_parameter(text: str, calc: Calculator) -> bool:
    """Can the text name one of the calculator's parameters (a cheap test before the pattern)?"""
    words, letters = _parameter_cues(calc)
    if any(map(text.__contains__, letters)):
        return True
    low = text.lower()
    return any(map(low.__contains__, words))


# A parameter stated for a group ("for males", "in women", "if female"): the rule for that group.
_GROUP_ALTERNATIVES = r"males?|men|man|females?|women|woman|children|child|infants?|adults?"
_GROUP_WORDS = rf"(?P<g>{_GROUP_ALTERNATIVES})"
# "for a male infant": a sex and an age group, the second one optional
_FOR_GROUP = re.compile(rf"\b(?:for|in|if|among)\s+(?:a\s+|an\s+)?{_GROUP_WORDS}\b(?:\s+(?P<g2>{_GROUP_ALTERNATIVES})\b)?(?:[^.;\n]|\.(?=\d))*$", re.I)
_GROUPS = {"male": "male", "males": "male", "men": "male", "man": "male", "female": "female", "females": "female", "women": "female",
           "woman": "female", "children": "child", "child": "child", "infant": "child", "infants": "child", "adult": "adult", "adults": "adult"}


def for_another_group(g: str | None, inputs: dict | None) -> bool:
    """Is a value stated for the group ``g`` (``group_at``; "male+child" for "a male infant") one
    this patient is not in ("For males, κ = 0.9" for a woman)? Then it is the rule for that group,
    not a value stated for this patient."""
    if g is None or not inputs:
        return False
    for part in g.split("+"):
        if part == "black":
            if inputs.get("race") != "black":
                return True  # the factor for Black patients, stated for a patient who is not
            continue
        if part in ("male", "female"):
            if inputs.get("sex") not in (None, part):
                return True
            continue
        age = inputs.get("age")
        if isinstance(age, (int, float)) and (age < 18) != (part == "child"):
            return True
    return False


# A group as the clause's label: "Female: κ = 0.7, α = −0.241. Male: κ = 0.9, α = −0.302."
_GROUP_LABEL = re.compile(rf"(?:^|(?<=[.;\n(])|(?<=[.;]\s))\s*(?:[-*•]\s*)?{_GROUP_WORDS}(?P<g2>)\s*[:–—]\s*(?:[^.;\n]|\.(?=\d))*$", re.I)


def group_at(text: str, pos: int) -> str | None:
    """The group a value at ``pos`` is stated for ("For infants, TBW is 0.75" -> "child", "Male: κ =
    0.9" -> "male"), if any."""
    m = _FOR_GROUP.search(text, max(0, pos - 70), pos) or _GROUP_LABEL.search(text, max(0, pos - 70), pos)
    if m is None:
        return None
    first = _GROUPS[m.group("g").lower()]
    second = _GROUPS[m.group("g2").lower()] if m.group("g2") else None
    return f"{first}+{second}" if second is not None and second != first else first


def group_name(g: str) -> str:
    """How a group is named in a detail: "men", "male children"."""
    parts = g.split("+")
    if len(parts) == 1:
        return GROUP_NAMES[g]
    return " ".join(_ADJECTIVES.get(p, GROUP_NAMES[p]) for p in parts[:-1]) + " " + GROUP_NAMES[parts[-1]]


GROUP_NAMES = {"male": "men", "female": "women", "child": "children", "adult": "adults", "black": "Black patients"}
_ADJECTIVES = {"male": "male", "female": "female"}
# What a group fixes about a patient: the sex, or an age inside the group's band.
_GROUP_INPUTS = {"male": {"sex": "male"}, "female": {"sex": "female"}, "child": {"age": 8.0}, "adult": {"age": 40.0}, "black": {"race": "black"}}


def determined(calc: Calculator, known: dict, group: str | None) -> dict[str, float]:
    """The intermediates that what is known fixes (the trace's own values, possibly incomplete,
    and the group a rule is stated for), whatever the inputs nobody stated: the calculator runs
    three times with the unknown inputs at three fillers (near the bottom, the middle and near the
    top of each range; the first and the last option), and an intermediate is kept only where all
    runs agree. κ for a man does
    not depend on his creatinine; a TBW fraction for a child does not depend on the sex."""
    base = {k: v for k, v in known.items() if v is not None}
    names = {i.name for i in calc.inputs}
    for part in (group or "").split("+"):
        for k, v in _GROUP_INPUTS.get(part, {}).items():
            if k in names:
                base[k] = v
    runs = []
    for side in (0.01, 0.5, 0.99):
        vals = dict(base)
        for inp in calc.inputs:
            if inp.name in vals or not inp.required:
                continue
            if inp.kind == "number":
                lo, hi = inp.range
                vals[inp.name] = lo + side * (hi - lo)
            elif inp.kind == "choice":
                opts = list(inp.options)
                vals[inp.name] = opts[0] if side < 0.5 else opts[-1]  # the middle run repeats the last
            elif inp.kind == "flag":
                vals[inp.name] = side > 0.5
            else:
                return {}
        try:
            runs.append(calc.compute(calc.parse(vals)).intermediates)
        except Exception:  # noqa: BLE001 - any refusal: nothing is determined
            return {}
    a = runs[0]
    return {k: float(v) for k, v in a.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
            and all(isinstance(r.get(k), (int, float)) and float(r[k]) == float(v) for r in runs[1:])}


def read_parameters(text: str, offset: int, calc: Calculator) -> list[Stated]:
    pat, keys = _parameter_pattern(calc)
    if pat is None:
        return []
    out = _group_factors(text, offset, keys)
    if not _may_name_parameter(text, calc):
        return out
    for m in pat.finditer(text):
        name = m.group("name")
        param = keys.get(name) or keys.get(re.sub(r"[\s_]+", " ", name.lower()))
        if param is None or _REFERENCE_BEFORE.search(text, max(0, m.start() - 24), m.start()) or _QUOTED_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # not declared; a reference value ("the normal AG is 12"); or what the note says ("The note states an AG of 20.8")
        if text[max(0, m.start() - 3) : m.start()].rstrip().endswith(("^", "/")):
            continue  # an exponent written by its name ("1^α = 1"): a power, not the parameter stated; "Scr/κ = 2.0": a ratio
        if _OPERATOR_AFTER.match(text, m.end("v")):
            continue  # the first operand of the parameter's own computation ("BMI = 92 ÷ (1.75)² = 30.04")
        try:
            v = parse_number(m.group("v"))
        except ValueError:
            continue
        text_v = m.group("v").strip()
        if m.group("pct"):  # "75%": 0.75, written to two more decimals than the digits show
            v /= 100.0
            text_v = f"{v:.{decimals_of(text_v.lstrip('-−–‑')) + 2}f}"
        after = _GROUP_AFTER.match(text, m.end())
        first = _GROUPS[after.group("g").lower()] if after else None
        out.append(Stated(offset + m.start(), offset + m.end(), name, param.keys, v, text_v, param.conventions, first, param.kind))
        if after is None:
            continue
        # "… is 1 if male, and 0.85 if female": the value for the other group, stated after it.
        other = _OTHER_GROUP_VALUE.match(text, after.end()) or _ELSE_VALUE.match(text, after.end())
        group = _GROUPS[other.group("g").lower()] if other is not None and other.groupdict().get("g") else _OPPOSITE.get(first)
        if other is not None and group is not None:
            try:
                v2 = parse_number(other.group("v"))
            except ValueError:
                continue
            out.append(Stated(offset + other.start("v"), offset + other.end("v"), name, param.keys, v2, other.group("v"), param.conventions, group, param.kind))
    return out


# A sex named as a list item's label with its factor after it: "Female → factor 0.742", "Male: coefficient 1",
# "female sex → multiply by 0.85": the sex factor for that sex.
_SEX_FACTOR = re.compile(
    r"(?<![A-Za-z])(?P<g>females?|males?|wom[ae]n|m[ae]n)(?:\s+(?:sex|gender|patients?))?\s*(?:→|->|=>|:|–|—)\s*"
    r"(?:(?:apply|use|multiply\s+by)\s+(?:an?\s+|the\s+)?)?(?:(?:(?:sex|gender)\s+)?(?:factor|coefficient|multiplier)\s*(?:of\s*|=\s*|:\s*)?|[×x*]\s*)"
    r"(?P<v>\d+(?:\.\d+)?)(?![\d.]\d)", re.I)
_SEPARATORS = ("→", "->", "=>", ":", "–", "—")
_SEX_FACTOR_NAMES = ("sex factor", "sex coefficient", "gender factor", "gender coefficient")
# The same for race: "African American → factor 1.212", "Black: coefficient 1.159".
_RACE_FACTOR = re.compile(
    r"(?<![A-Za-z-])(?P<g>african[\s-]americans?|black)(?:\s+(?:race|patients?))?\s*(?:→|->|=>|:|–|—)\s*"
    r"(?:(?:apply|use|multiply\s+by)\s+(?:an?\s+|the\s+)?)?(?:(?:(?:race|ethnicity)\s+)?(?:factor|coefficient|multiplier)\s*(?:of\s*|=\s*|:\s*)?|[×x*]\s*)"
    r"(?P<v>\d+(?:\.\d+)?)(?![\d.]\d)", re.I)
_RACE_FACTOR_NAMES = ("race factor", "race coefficient")


@dataclass(frozen=True)
class _GroupFactor:
    """A factor stated after the group it applies to: how to find it, the parameter names it is
    declared under, a cheap first test, and the group each statement is for."""

    name: str
    pattern: re.Pattern
    declared_as: tuple[str, ...]
    cue: Callable[[str], bool]
    group: Callable[[re.Match], str]


_GROUP_FACTORS = (
    # (cheap tests first: the pattern needs a separator and a sex; "black" or "African")
    _GroupFactor("sex factor", _SEX_FACTOR, _SEX_FACTOR_NAMES, lambda t: any(w in t.lower() for w in ("male", "men", "man")),
                 lambda m: _GROUPS[m.group("g").lower()]),
    _GroupFactor("race factor", _RACE_FACTOR, _RACE_FACTOR_NAMES, lambda t: "lack" in t or "frican" in t, lambda m: "black"),
)


def _group_factors(text: str, offset: int, keys: dict) -> list[Stated]:
    """``_GROUP_FACTORS`` statements ("Female → factor 0.742", "African American → factor 1.212"), for
    the factors the calculator declares."""
    if not any(map(text.__contains__, _SEPARATORS)):
        return []
    out = []
    for gf in _GROUP_FACTORS:
        if not gf.cue(text):
            continue
        param = next((keys[n] for n in gf.declared_as if n in keys), None)
        if param is None:
            continue
        out += [Stated(offset + m.start(), offset + m.end(), gf.name, param.keys, parse_number(m.group("v")), m.group("v"), param.conventions,
                       gf.group(m), param.kind)
                for m in gf.pattern.finditer(text)]
    return out


_QUOTED_BEFORE = re.compile(r"\b(?:note|chart|record|report|text)\s+(?:states?|gives?|reports?|lists?|mentions?|says?|shows?|notes?)\b[^.;:=]*$", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:normal|expected|reference|typical|usual|baseline|predicted)[\s-]*$", re.I)
# A group named right after a value: "1 if male", "0.85 for women", "1.012 if the patient is female".
_GROUP_AFTER = re.compile(r"\s*(?:if|for|in)\s+(?:the\s+patient\s+is\s+)?(?:an?\s+)?" + _GROUP_WORDS + r"\b", re.I)
# Then the value for another group: ", and 0.85 if female", "; else the coefficient is 1 if male".
_OTHER_GROUP_VALUE = re.compile(
    r"\s*[,;]?\s*(?:and|or|else|otherwise|but)?\s*,?\s*(?:(?:the\s+)?(?:coef\w*|factor|value)\s+is\s+)?(?P<v>" + _NUMBER + r")"
    + _GROUP_AFTER.pattern, re.I)
# "1.012 if the patient is female, else the coefficient is 1": the other sex's value.
_ELSE_VALUE = re.compile(r"\s*[,;]?\s*(?:else|otherwise)\s*,?\s*(?:(?:the\s+)?(?:coef\w*|factor|value)\s+is\s+)?(?P<v>" + _NUMBER + r")(?!\d|\.\d)", re.I)
_OPPOSITE = {"male": "female", "female": "male"}


def _rounds_to(value: float, want: float, d: int | None) -> bool:
    """Is the stated value the parameter, rounded to the decimals written? Not one a tenth or more
    away: a factor written "1" is not 0.85 rounded, "0.5" not 0.45 (other conventions' values)."""
    return close(value, want, d) and (close(value, want, None) or abs(value - want) < 0.1 * abs(want))


def check_parameter(s: Stated, intermediates: dict, whose: str = "for this patient", inputs: dict | None = None,
                    conventions: tuple = ()) -> tuple[bool, str, str | None, str | None] | None:
    """(ok, detail, key, convention) against the patient's intermediates (or an accepted
    convention computed from the inputs), or None when none of them is known."""
    wants = [(k, intermediates[k]) for k in s.keys if isinstance(intermediates.get(k), (int, float)) and not isinstance(intermediates.get(k), bool)]
    if not wants:
        return None
    d = decimals_of(s.value_text.replace("−", "-").replace("‑", "-").lstrip("-–"))
    for k, w in wants:
        if _rounds_to(s.value, float(w), d) or (s.value > 0 > w and _rounds_to(s.value, -float(w), d)):
            return True, f"{s.name} = {fmt(float(w), 4)} {whose}", k, None
    for name, value_of in conventions if inputs else ():
        try:
            alt = float(value_of(inputs))
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            continue
        if close(s.value, alt, d, rel=0.01):
            return True, f"{s.name} = {fmt(alt, 4)} by {name} {whose}", None, name
    # The meaning nearest the stated value ("TBW is 0.75": the fraction, not the volume).
    k, w = min(wants, key=lambda kw: abs(math.log(abs(s.value) / abs(float(kw[1])))) if s.value and kw[1] else math.inf)
    return False, f"{s.name} is {fmt(float(w), 4)} {whose}, not {s.value_text}", k, None


_LIT = re.compile(r"(?<![\w.])[-−–‑]?\d+(?:\.\d+)?(?![\w])")
_OPERATOR_BEFORE = re.compile(r"(?:[×*·÷/^(]|\\times|\\cdot|\bx)\s*$")
_OPERATOR_AFTER = re.compile(r"\s*(?:[×*·÷^]|/\s*[\d(]|\\times|\\cdot|x\b)")


def _is_operand(text: str, start: int, end: int) -> bool:
    """Is the number at [start, end) an operand of an expression (an operator right before or after it)?"""
    return bool(_OPERATOR_BEFORE.search(text, max(0, start - 8), start) or _OPERATOR_AFTER.match(text, end))


def _literals(text: str, lo: int = 0, hi: int | None = None):
    """(match, value, decimals written) of each number literal in the text (between ``lo`` and ``hi``)."""
    for m in _LIT.finditer(text, lo, len(text) if hi is None else hi):
        try:
            v = parse_number(m.group())
        except ValueError:
            continue
        yield m, v, decimals_of(m.group().lstrip("-−–‑"))


def version_in(text: str, calc: Calculator, own_constants: frozenset[float], note_numbers: frozenset[float] = frozenset()):
    """(version, literal) when the text writes a constant that only another version has (written
    to the constant's precision; a whole number the note also writes is the patient's)."""
    versions = declared(calc, "VERSIONS")
    if not versions or not _version_hint(calc).search(text):
        return None
    for m, v, d in _literals(text):
        lit = m.group()
        # The equation's own constant rounded to what was written ("0.9938" as "0.994"), not within a
        # relative tolerance: 0.993 is CKD-EPI 2009's age base, not 2021's 0.9938 cut short.
        if any(close(v, c, d, rel=0.0) for c in own_constants if c != 0) or (d == 0 and abs(v) in note_numbers):
            continue
        if d == 0 and not _is_operand(text, m.start(), m.end()):
            continue  # a whole number alone ("the eGFR is about 141 mL/min"): a result, not the equation's constant
        for ver in versions:
            if any(close(v, c, d) and d >= decimals_of(repr(c)) - (1 if float(c).is_integer() else 0) for c in ver.constants):
                if _compares_versions(text, calc, ver) and _writes_own_beside(text, own_constants, ver):
                    return None  # "2009 used 0.993, the 2021 refit uses 0.9938": the versions compared, not one followed
                return ver, m.start(), m.end(), lit
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _compares_versions(text: str, calc: Calculator, ver) -> bool:
    """Does the text name the other version's year and the calculator's own ("2009 used …, the 2021 refit …")?"""
    theirs, own = set(_YEAR.findall(ver.name)), set(_YEAR.findall(calc.name))
    written = set(_YEAR.findall(text))
    return bool(theirs & written) and bool(own & written) and not theirs & own


def _writes_own_beside(text: str, own_constants: frozenset[float], ver) -> bool:
    """Does the text also write a constant of the calculator's own equation that the other version lacks?"""
    theirs = [float(c) for c in ver.constants]
    for _, v, d in _literals(text):
        if d and any(close(v, c, d, rel=0.0) for c in own_constants if c != 0 and not any(close(c, t, None, rel=1e-9) for t in theirs)):
            return True
    return False


_NAME = re.compile(r"[A-Za-z]{1,}")
_EXPONENT_BEFORE = re.compile(r"\^\s*\(?\s*$")
_COEFFICIENT_AFTER = re.compile(r"\s*(?:[×*·]|\\times|\\cdot)\s*[A-Za-z(√]")


def misstated_constant(text: str, ver, at: int, own_constants: frozenset[float], note_numbers: frozenset[float] = frozenset()):
    """(start, end, literal) of a constant of the formula written with names on the side of the
    equation where ``at`` (a constant of ``ver``, another version) lies, that is none of that
    version's constants: "BSA = 0.011046 × weight^0.425 × height^0.725" names Du Bois by its
    exponents and misstates its 0.007184. Only a coefficient before a name ("0.011046 × weight")
    or an exponent ("^0.425") on a side that writes names (not a substitution of numbers); a
    patient's number, a unit factor or a constant of the calculator's own formula is none. None
    when there is none."""
    for side in SEGMENT.finditer(text):  # one side of an equation
        if not side.start() <= at < side.end():
            continue
        if not _NAME.search(side.group()):
            return None
        for m, v, d in _literals(text, side.start(), side.end()):
            if m.start() == at:
                continue
            lit = m.group()
            if not (_EXPONENT_BEFORE.search(text, max(0, m.start() - 3), m.start()) or _COEFFICIENT_AFTER.match(text, m.end())):
                continue
            if d == 0 or abs(v) in note_numbers or is_unit_factor(abs(v), d):
                continue  # a whole number (a factor such as "2 ×", a patient's value), or a unit's factor
            if any(close(v, c, d) for c in (*ver.constants, *own_constants)):
                continue
            return m.start(), m.end(), lit
        return None
    return None


@lru_cache(maxsize=64)
def _version_hint(calc: Calculator) -> re.Pattern:
    """A cheap first test: the digits of some version constant appear in the text."""
    digits = {repr(abs(c)).rstrip("0").rstrip(".") for v in declared(calc, "VERSIONS") for c in v.constants}
    return re.compile("|".join(re.escape(d) for d in sorted(digits, key=len, reverse=True)) or "(?!)")


def may_name_version(text: str, calc: Calculator) -> bool:
    """Cheap first test for ``version_in``."""
    return bool(declared(calc, "VERSIONS")) and _version_hint(calc).search(text) is not None


def question_names_own(version, question: str | None) -> bool:
    low = (question or "").lower()
    return any(w.lower() in low for w in version.question_words)


@lru_cache(maxsize=64)
def _factor_pattern(calc: Calculator):
    factors = declared(calc, "FACTORS")
    if not factors:
        return None, {}
    by_name = {}
    for f in factors:
        for n in f.names:
            if f not in by_name.setdefault(n.lower(), []):
                by_name[n.lower()].append(f)
    # "fentanyl" alone names every fentanyl factor.
    for n in list(by_name):
        head = n.split()[0]
        if head != n:
            by_name.setdefault(head, [])
            for f in by_name[n]:
                if f not in by_name[head]:
                    by_name[head].append(f)
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    num = r"(?P<v>\d+(?:\.\d+)?)"
    pat = re.compile(
        r"\bfactor\s+(?:for|of)\s+(?:the\s+)?(?P<name0>" + alt + r")(?![a-z])\s*(?:is|=|:|of)\s*(?:about\s+|approximately\s+)?" + num.replace("(?P<v>", "(?P<v0>")
        + r"(?!\d|\.\d|\s*(?:mg|µg|mcg|ug|g\b|%))|"
        r"(?<![a-z])(?P<name>" + alt + r")(?![a-z])[^.;\n]{0,50}?"
        r"(?:\b1\s*(?P<u>mg|µg|mcg|ug)(?:\s*/\s*h(?:ou)?r)?\s*(?:=|is equivalent to|equals|≈)\s*" + num
        + r"|\bfactor\s*(?:of|is|:|=)?\s*" + num.replace("(?P<v>", "(?P<v2>")
        + r"|" + num.replace("(?P<v>", "(?P<v3>") + r"\s*(?:mme|mg\s+(?:of\s+)?(?:oral\s+)?morphine)\s*(?:/|per)\s*(?P<u3>mg|µg|mcg|ug))",
        re.I,
    )
    # The dose first: "1 mg hydromorphone = 2.5 mg morphine", "1 mg buccal fentanyl = 2.4 MME".
    dose_first = re.compile(
        r"(?<![\d.])1\s*(?P<u>mg|µg|mcg|ug)(?:\s*/\s*h(?:ou)?r)?\s+(?:of\s+)?(?:(?:oral|po|iv|intravenous|sublingual|parenteral)\s+)?"
        r"(?P<name>" + alt + r")(?![a-z])\s*(?:\([^()]{0,30}\)\s*)?(?:=|is equivalent to|equals|≈|→|corresponds to)\s*(?:approximately\s+|about\s+|~\s*)?"
        + num + r"\s*(?:mg\s+(?:of\s+)?(?:oral\s+)?morphine|(?:mg\s+)?mme\b|morphine)",
        re.I,
    )
    # The factor in a product that gives morphine equivalents, in a clause naming the item: "Codeine: 10 mg
    # × 2 doses = 20 mg; 20 mg × 0.17 = 3 MME", "Oxycodone 60 mg/day × 1.5 = 90 MME", "Codeine: 1 mg = 0.15 MME →
    # 20 mg × 0.13 = 3 MME" (a factor stated, then another one used).
    product = re.compile(
        r"(?<![a-z])(?P<name>" + alt + r")(?![a-z])(?:[^.\n]|\.(?=\d)){0,60}?(?<![\d.])\d+(?:\.\d+)?\s*(?:(?:mg|µg|mcg|ug)(?:\s*/\s*(?:day|d)|\s+(?:per\s+day|daily|total))?"
        r"|doses?(?:\s*/\s*(?:day|d)|\s+(?:per|a)\s+day|\s+daily)|times?\s+(?:a|per)\s+day|(?:x|×)\s*/\s*day|/\s*day)?"  # "× 2 doses/day × 0.13"
        r"\s*[×x*]\s*" + num + r"\s*(?:mme\s*/\s*mg\s*)?(?:=|≈)\s*\d[\d.,]*\s*(?:mme\b|mg\s+(?:of\s+)?(?:oral\s+)?morphine|morphine)",
        re.I,
    )
    # A factor stated further on in the clause of its item, no other item named between: "For oxycodone,
    # the daily dose is 10 mg * 3 = 30 mg, and the conversion factor is 1.5, so …".
    far = re.compile(
        r"(?<![a-z])(?P<name>" + alt + r")(?![a-z])(?:(?!(?:" + alt + r")(?![a-z]))[^.;\n]){0,100}?\bfactor\s*(?:of|is|:|=)?\s*" + num
        + r"(?!\d|\.\d|\s*(?:mg|µg|mcg|ug|g\b|%))",
        re.I,
    )
    # Factors listed under their items' names in a sentence about the factors: "Conversion factors:
    # Oxycodone = 1.5, Hydromorphone = 4, Codeine = 0.15" (a number with a unit after it is a dose).
    listed = re.compile(
        r"(?<![a-z])(?P<name>" + alt + r")(?![a-z])(?:\s*(?:\([^()]{0,20}\)\s*)?(?:=|:|→)\s*|[ \t]+(?=\d))" + num
        + r"(?!\d|\.\d|\s*(?:mg|µg|mcg|ug|g\b|doses?|times?\b|tablets?|tabs?\b|capsules?|patch|x\b|×|/|%|-|–|per\b|daily|a\s+day|every))",
        re.I,
    )
    return (pat, dose_first, product, listed, far), by_name


def read_factors(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, str, float, str, list]]:
    pats, by_name = _factor_pattern(calc)
    if pats is None or not by_name:
        return []
    pat, dose_first, product, listed, far = pats
    out = []
    for m in pat.finditer(text):
        v = m.group("v0") or m.group("v") or m.group("v2") or m.group("v3")
        unit = (m.group("u") or m.group("u3") or "").lower()
        name = m.group("name0") or m.group("name")
        out.append((offset + m.start(), offset + m.end(), name, float(v), unit, by_name[name.lower()]))
    # The other forms where no earlier form read the place: (matches, the span's group, the unit's group).
    forms = [(dose_first.finditer(text), 0, "u")]
    low = text.lower()
    if "factor" in low or "equivalen" in low:  # "Conversion factors: …", "Equivalent doses: hydrocortisone 20, prednisone 5"
        forms.append((listed.finditer(text), 0, None))
    if "×" in text or "*" in text or " x " in text:
        forms.append((product.finditer(text), "v", None))  # the factor itself, not the clause
    if "factor" in low:
        forms.append((far.finditer(text), "v", None))
    for found, span, unit in forms:
        for m in found:
            start, end = offset + m.start(span), offset + m.end(span)
            if not any(a <= start < b for a, b, *_ in out):
                out.append((start, end, m.group("name"), float(m.group("v")), m.group(unit).lower() if unit else "", by_name[m.group("name").lower()]))
    return sorted(out, key=lambda x: x[0])


_UNNAMED_FACTOR = re.compile(r"\A\W{0,3}(?:the\s+)?(?:conversion\s+|mme\s+)?factor\s*(?:of|is|:|=)?\s*(?P<v>\d+(?:\.\d+)?)(?![\d.])", re.I)
ITEM_REACH = 200  # characters before a factor stated alone searched for the item it is the factor of


def unnamed_factor(text: str, before: str, calc: Calculator) -> tuple[int, int, str, float, list] | None:
    """(start, end, name, value, factors) of a factor stated alone at the start of a step ("Conversion
    factor 4, so 6 × 4 = 24 MME/day.") after a step naming one item ("Hydromorphone: daily dose = 2 mg
    × 3 = 6 mg/day.") on its line or the line before: that item's factor. None otherwise."""
    m = _UNNAMED_FACTOR.match(text)
    if m is None or items_named(text, calc):
        return None
    lines = before[-ITEM_REACH:].rstrip().split("\n")
    # the item named earlier on the step's line, else on the line before
    named = items_named(lines[-1], calc) or items_named("\n".join(lines[-2:]), calc)
    if len({n.lower() for _, n, _ in named}) != 1:
        return None  # no item, or several, named just before
    _, name, factors = named[-1]
    return m.start("v"), m.end("v"), name, float(m.group("v")), factors


def items_named(text: str, calc: Calculator) -> list[tuple[int, str, list]]:
    """(position, name as written, its factors) of each item of the calculator's FACTORS the text names."""
    pats, by_name = _factor_pattern(calc)
    if pats is None or not by_name:
        return []
    return [(m.start(), m.group(), by_name[m.group().lower()]) for m in _item_names(calc).finditer(text)]


@lru_cache(maxsize=64)
def _item_names(calc: Calculator) -> re.Pattern:
    _, by_name = _factor_pattern(calc)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True)) + r")(?![a-z])", re.I)


def check_factor(name: str, value: float, unit: str, factors: list) -> tuple[bool, str, str | None]:
    """(ok, detail, convention) for a stated factor of an item."""
    options = []
    for f in factors:
        scale = 1.0
        if unit == "mg" and f.unit.startswith(("ug", "µg")) and not (len(factors) == 1 and "/h" in f.unit):
            # per mg against the table's per µg; "1 mg of fentanyl patch" (a patch alone) is
            # loose for one unit of its µg/hr strength
            scale = 1000.0  # per mg vs the table's per µg
        options.append((f.value * scale, None))
        options.extend((a * scale, conv) for conv, a in f.alternatives.items())
    for want, conv in options:
        if close(value, want, None, rel=0.02):
            return True, f"{name}: factor {fmt(want)}" + (f" ({conv})" if conv else ""), conv
    shown = " or ".join(dict.fromkeys(fmt(w) for w, _ in options))
    return False, f"the conversion factor for {name} is {shown}, not {fmt(value)}", None


_CONVENTION_YEAR = re.compile(r"(?P<w>[A-Za-z]+)\s+(?P<y>(?:19|20)\d\d)")


def convention_contradicted(conv: str, trace: str) -> str | None:
    """The guideline the trace says it follows when a factor it states is another's: "CDC 2022" for a
    hydromorphone factor 4 (CDC 2016's) in a trace that opens "conversion factors (CDC 2022)". None
    when the trace names no year of that guideline, or names the convention's own (comparing them)."""
    m = _CONVENTION_YEAR.fullmatch(conv)
    if m is None or m.group("w").lower() not in trace.lower():
        return None
    w = re.escape(m.group("w"))
    named = {a or b for a, b in re.findall(rf"\b{w}\W{{0,3}}(?:guidelines?\W{{0,3}})?((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\W{{0,3}}{w}\b", trace, re.I)}
    if not named or m.group("y") in named:
        return None
    return f"{m.group('w')} {min(named)}"


_RATE = re.compile(
    r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s*(?:mL|ml|cc)\s*(?:/\s*kg\s*/\s*|per\s+(?:kilogram|kg)(?:\s+of\s+body\s+weight)?\s+per\s+|/\s*kg\s+per\s+)"
    r"(?P<u>hours?|hrs?|h\b|days?|d\b|24\s*h(?:ours?|rs?)?)",
    re.I,
)


def read_rates(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each per-weight rate stated ("25 mL/kg/day", "1 mL/kg/hr")."""
    rates = declared(calc, "RATES")
    if not rates or "kg" not in text.lower() and "kilogram" not in text.lower():
        return []
    out = []
    for m in _RATE.finditer(text):
        u = m.group("u").lower()
        unit = "mL/kg/day" if u.startswith(("d", "24")) else "mL/kg/hr"
        rate = next((r for r in rates if r.unit == unit), None)
        if rate is None:
            continue
        v = float(m.group("v"))
        tier = _tier_after(text, m.end(), rate.bounds)
        if tier is None:
            tier = _tier_before(text, m.start(), rate.bounds)
        if tier is not None and tier < len(rate.values):
            # "60 mL/hr + 2 mL/kg/hr × (weight − 20)": the rate of the tier the trace applies it to
            want, tier_name = rate.values[tier], _tier_name(tier, rate.bounds)
            ok = close(v, want, decimals_of(m.group("v")))
            detail = (f"{fmt(v)} {unit} is the rate of {rate.rule} for {tier_name}" if ok else
                      f"{rate.name or rate.rule} gives {fmt(want)} {unit} for {tier_name}, not {fmt(v)}")
        else:
            ok = any(close(v, x, decimals_of(m.group("v"))) for x in rate.values)
            detail = f"{fmt(v)} {unit} is a rate of {rate.rule}" if ok else f"{fmt(v)} {unit} is not a rate of {rate.rule}"
        out.append((offset + m.start(), offset + m.end(), ok, detail))
    # A tier's rate with no time unit ("30 mL/kg for the first 10 kg"): the rule's rate for that
    # tier (first, next, the rest), per hour or per day, whichever it is.
    for m in _TIER_RATE.finditer(text):
        v = float(m.group("v"))
        word = m.group("tier").lower()
        k = 0 if word == "first" else 1 if word in ("next", "second") else 2 if word in ("remaining", "remainder", "additional", "subsequent", "each", "every") else None
        ok = any(close(v, x, decimals_of(m.group("v"))) for r in rates for i, x in enumerate(r.values) if k is None or i == k)
        shown = " or ".join(r.rule for r in rates[:1])
        detail = f"{fmt(v)} mL/kg is a rate of {shown}" if ok else f"{fmt(v)} mL/kg for a tier is not a rate of {shown}"
        out.append((offset + m.start(), offset + m.end(), ok, detail))
    # The amount for the first kilograms ("60 mL/hr (for the first 20 kg)", "1500 mL/day for the first
    # 20 kg"): the rule's rates summed over its tiers up to that weight.
    for m in _FIRST_KG.finditer(text):
        kg = float(m.group("kg"))
        v = float(m.group("v"))
        u = (m.group("u") or "").lower()
        units = ("mL/kg/day",) if u.startswith(("d", "24")) else ("mL/kg/hr",) if u else ("mL/kg/hr", "mL/kg/day")
        wants = [(r, _first_amount(r, kg)) for r in rates if r.unit in units and r.bounds]
        wants = [(r, w) for r, w in wants if w is not None]
        if not wants:
            continue
        ok = any(close(v, w, decimals_of(m.group("v"))) for _, w in wants)
        r, w = wants[0]
        per = "hr" if r.unit.endswith("hr") else "day"
        detail = (f"{fmt(v)} mL/{per} for the first {fmt(kg)} kg is {r.name or r.rule}'s" if ok else
                  f"{r.name or r.rule} gives {fmt(w)} mL/{per} for the first {fmt(kg)} kg, not {fmt(v)}")
        out.append((offset + m.start(), offset + m.end(), ok, detail))
    return out


_FIRST_KG = re.compile(
    r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s*(?:mL|ml|cc)(?:\s*/\s*|\s+per\s+)?(?P<u>hours?|hrs?|h|days?|d|24\s*h(?:ours?|rs?)?)?\b"
    r"\s*\(?\s*(?:for|of)\s+the\s+first\s+(?P<kg>\d+(?:\.\d+)?)\s*(?:kg|kilograms?)\b", re.I)


def _first_amount(rate: Rate, kg: float) -> float | None:
    """The rule's amount for the first ``kg`` kilograms: each tier's rate times the kilograms in it."""
    edges = (0.0, *map(float, rate.bounds), math.inf)
    if len(rate.values) != len(edges) - 1:
        return None
    return sum(v * max(0.0, min(kg, hi) - lo) for v, lo, hi in zip(rate.values, edges[:-1], edges[1:], strict=True))


# The weight tier a rate is applied to, written right after it (the rule's bounds, 10 and 20 kg for
# the 4-2-1 rule): "× (weight − 20)", "for each kg over 20 kg" (the tier above the last bound);
# "× (weight − 10)", "for the next 10 kg", "11-20" (the middle one); "for the first 10 kg".
@lru_cache(maxsize=16)
def _tier_patterns(bounds: tuple[int, ...]) -> tuple[tuple[int, re.Pattern], ...]:
    if len(bounds) != 2:
        return ()
    lo, hi = bounds
    return (
        (2, re.compile(rf"[^.;\n\d]{{0,40}}?(?:[-−–]\s*{hi}\s*(?:kg|kilograms?)?\s*\)|\b(?:over|above|beyond|exceeding|in\s+excess\s+of)\s+{hi}\b|>\s*{hi}\b)", re.I)),
        (1, re.compile(rf"[^.;\n\d]{{0,40}}?(?:[-−–]\s*{lo}\s*(?:kg|kilograms?)?\s*\)|\b(?:next|second)\s+{hi - lo}\b|\b(?:{lo}|{lo + 1})\s*(?:-|–|to)\s*{hi}\b)", re.I)),
        (0, re.compile(rf"[^.;\n\d]{{0,25}}?\b(?:first|initial)\s+{lo}\b", re.I)),
    )


def _tier_after(text: str, pos: int, bounds: tuple[int, ...]) -> int | None:
    """The tier (0, 1, 2) of a rule with these weight bounds that a rate at ``pos`` is written for, or None."""
    for tier, pat in _tier_patterns(bounds):
        if pat.match(text, pos):
            return tier
    return None


# A tier named as the label of the line the rate is on: "First 10 kg: 4 mL/kg/hr", "Next 7 kg: 2 mL/kg/hr × 7 kg",
# "Remaining 5 kg: 1 mL/kg/hr".
# Also with the kilograms then the rate: "Remaining 25 kg × 2 mL/kg/hr", "| Remaining 25 kg | 2 mL/kg/hr |".
_TIER_LABEL = (
    (0, re.compile(r"\b(?:first|initial)\s+10\s*(?:kg|kilograms?)\b[^:\n]{0,12}[:→=×*|-]\s*$", re.I)),
    (1, re.compile(r"\b(?:next|second|following)\s+\d+(?:\.\d+)?\s*(?:kg|kilograms?)\b[^:\n]{0,12}[:→=×*|-]\s*$", re.I)),
    (2, re.compile(r"\b(?:remaining|remainder|additional|above|over|beyond)\b(?:\s+(?P<kg>\d+(?:\.\d+)?)\s*(?:kg|kilograms?)\b)?[^:\n]{0,20}[:→=×*|-]\s*$", re.I)),
)


def _tier_before(text: str, pos: int, bounds: tuple[int, ...]) -> int | None:
    """The tier a rate is written for when the label of its line names it (the 4-2-1 rule's bounds only)."""
    if bounds != (10, 20):
        return None
    start = max(text.rfind("\n", 0, pos) + 1, pos - 40)
    prefix = text[start:pos]
    for tier, pat in _TIER_LABEL:
        if (m := pat.search(prefix)) is not None:
            if tier == 2 and (not m.group("kg") or float(m.group("kg")) <= bounds[1] - bounds[0]):
                # "remaining 5 kg" after the first 10 may be the next tier's (a weight of 15 kg); over 10 kg it is
                # the top tier's whatever the weight (the next tier holds 10); without its kilograms, unsaid
                return None if m.group("kg") or not _ANY_SEPARATOR_LABEL.search(prefix) else tier
            return tier
    return None


_ANY_SEPARATOR_LABEL = re.compile(r"[:→=-]\s*$")


def _tier_name(tier: int, bounds: tuple[int, ...]) -> str:
    lo, hi = bounds
    return (f"the first {lo} kg", f"the next {hi - lo} kg", f"each kg above {hi} kg")[tier]


_TIER_RATE = re.compile(
    r"(?<![\d.])(?P<v>\d+(?:\.\d+)?)\s*(?:mL|ml|cc)\s*(?:/\s*kg|per\s+(?:kilogram|kg))(?!\s*/|\s*per\b)\s+"
    r"(?:for|of|up\s+to)\s+(?:the\s+)?(?P<tier>first|next|second|remaining|remainder|additional|each|every|subsequent|\d)",
    re.I,
)


@lru_cache(maxsize=32)
def _equivalence_pattern(calc: Calculator):
    items = declared(calc, "EQUIVALENTS")
    if not items:
        return None, {}
    by_name = {n.lower(): f for f in items for n in f.names}
    # No closing bracket between the two doses: "(1 mg prednisolone / 4 mg hydrocortisone) = 38 mg
    # prednisolone" is a ratio applied to a dose, not "4 mg hydrocortisone = 38 mg prednisolone".
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    # Either way round: "0.75 mg of dexamethasone", "dexamethasone (PO) 0.75 mg".
    dose = (r"(?:(?P<{0}>\d+(?:\.\d+)?)\s*mg\s+(?:of\s+)?(?:oral\s+|iv\s+|po\s+)?(?P<{1}>" + alt + r")(?![a-z])"
            r"|(?P<{1}2>" + alt + r")(?![a-z])\s*(?:\(?(?:oral|iv|po)\)?\s*)?(?:(?:is|=|:)\s*)?(?P<{0}2>\d+(?:\.\d+)?)\s*mg\b)")  # ("prednisone is 5 mg")
    pat = re.compile(
        r"(?<![\w.])" + dose.format("x", "a") + r"[^.;\n\d)]{0,30}?"
        r"(?:[×x*÷/]\s*\(?\s*\d+(?:\.\d+)?(?:\s*[×x*÷/]\s*\d+(?:\.\d+)?)?\s*\)?\s*)?"  # "7.96 mg dexamethasone × 4 = 31.84 mg prednisolone"
        r"(?:is\s+equivalent\s+to|equivalent\s+to|equals|is\s+equal\s+to|=|≈|corresponds\s+to|≅)\s*(?:about\s+|approximately\s+)?"
        + dose.format("y", "b"),
        re.I,
    )
    return pat, by_name


_CYCLE = re.compile(r"\bcycle(?:\s+length)?\b[^.;\n]{0,40}?(?<![\d.])(?P<c>\d{2})\s*(?:-\s*)?days?\b", re.I)
# The shift written with names: "add (28 - cycle length) days", "+ (cycle length − 28)", "subtract (28 − the cycle)".
_CYCLE_NAME = r"(?:the\s+)?(?:cycle(?:\s+length)?|cycle_length)"
_SYMBOLIC_SHIFT = re.compile(
    r"(?P<op>\badd(?:s|ed|ing)?|\bplus|\bsubtract(?:s|ed|ing)?|\bminus|[+\-−–])\s*\(\s*(?:" + _CYCLE_NAME + r"\s*[-−–]\s*(?P<d1>\d{2})"
    r"|(?P<d2>\d{2})\s*[-−–]\s*" + _CYCLE_NAME + r")\s*\)", re.I)
_SHIFT = re.compile(r"\b(?P<op>add(?:s|ed|ing)?|subtract(?:s|ed|ing)?|plus|minus|minusing|remov(?:e|ed|ing)|deduct(?:ed|ing)?)\s+(?:of\s+)?(?P<n>\d{1,2})\s*(?:extra\s+|more\s+)?days?\b", re.I)


_LMP = r"(?:the\s+)?(?:patient'?s\s+)?(?:LMP|last\s+menstrual\s+period|last\s+period|first\s+day\s+of\s+(?:the\s+)?(?:LMP|last\s+menstrual\s+period|last\s+period))"
_DAYS = r"(?P<n>\d{1,3})\s*(?P<u>days?|weeks?|wks?)\b"
# A count of days from the last period: "LMP + 280 days", "add 280 days to the LMP", "14 days after the LMP".
_LMP_OFFSET = re.compile(
    r"\b(?:LMP|last\s+menstrual\s+period)\s*\+\s*" + _DAYS + r"(?!\s*[×*/])"
    r"|\badd(?:s|ed|ing)?\s+" + _DAYS.replace("?P<n>", "?P<n2>").replace("?P<u>", "?P<u2>") + r"\s+(?:to|onto)\s+" + _LMP +
    r"|" + _DAYS.replace("?P<n>", "?P<n3>").replace("?P<u>", "?P<u3>") + r"\s+(?:after|from|past)\s+" + _LMP, re.I)


@lru_cache(maxsize=256)
def lmp_rule(calc: Calculator):
    """The calculator's count of days from the LMP (``LMP_OFFSET``: days, the rule in words), or None."""
    return declaration(calc, "LMP_OFFSET")


_OTHER_DATE_BEFORE = re.compile(r"\bnext\s+(?:period|menses|menstruation|cycle)\b", re.I)
_CYCLE_FOR = re.compile(r"(?<![\d.])(?P<c>\d{2})[\s-]*days?\s+cycle\b|\bcycle(?:\s+length)?\s*(?:of|is|=|:)?\s*(?P<c2>\d{2})(?![\d.])", re.I)  # "a 30-day cycle", "cycle length 30,"


def _default_cycle(calc: Calculator) -> float:
    """The cycle length a calculator dated from the last period counts from (its input's default, else 28 days)."""
    return getattr(calc.input("cycle_length"), "default", 28.0) if "cycle_length" in {i.name for i in calc.inputs} else 28.0


def read_lmp_offsets(text: str, offset: int, calc: Calculator, cycle: float | None, after: str = "",
                     unadjusted_in: Callable[[str], bool] | None = None) -> list[tuple[int, int, bool, str]]:
    """For a calculator dated from the last period (``LMP_OFFSET``): the count of days a step adds
    to the LMP ("LMP + 280 days", "add 280 days to the LMP", "ovulation 14 days after the LMP"),
    against the rule's count, or the count with the cycle's adjustment already in it when the
    cycle length is known (``cycle``). Without it, a count within three weeks of the rule's may
    hold an adjustment for a cycle the step does not state and is not judged. With a known cycle
    other than the rule's, the rule's own count is wrong when no adjustment for the cycle follows
    (in the step or in ``after``, the text after it) and the trace applies it to this patient: its
    sentence names the patient's cycle ("With a 25-day cycle, ovulation occurs 14 days after the
    LMP"), or the date it gives is written next (``unadjusted_in``: does a text write the LMP plus
    the rule's count?)."""
    rule = lmp_rule(calc)
    if not rule:
        return []
    base, words = rule
    default = _default_cycle(calc)
    out = []
    for m in _LMP_OFFSET.finditer(text):
        if _OTHER_DATE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Next period would be LMP + 29 days": another date
        n = int(m.group("n") or m.group("n2") or m.group("n3"))
        unit = (m.group("u") or m.group("u2") or m.group("u3")).lower()
        days = n * 7 if unit.startswith("w") else n
        shift = int(round(cycle - default)) if cycle is not None else 0
        allowed = {base} | ({base + shift} if cycle is not None else set())
        sentence = text[max(0, text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1) : m.start()]
        own = _CYCLE.search(sentence) or _CYCLE_FOR.search(sentence)
        if own is not None:
            allowed.add(base + int(own.group("c") or own.group("c2")) - int(default))  # "For cycle length 30, due date = LMP + 282 days": its own cycle
        if shift and days == base:
            rest = text[m.end() :] + " " + after
            applied = (own is not None and int(own.group("c") or own.group("c2")) == int(round(cycle))) or (unadjusted_in is not None and unadjusted_in(rest))
            if applied and not _adjusts_after(rest, abs(shift)):
                allowed.discard(base)  # the rule's count for the default cycle, applied to this patient's and never adjusted
        if days in allowed:
            out.append((offset + m.start(), offset + m.end(), True, f"{n} {unit} from the LMP: {words}"))
        elif cycle is not None or abs(days - base) > 21:
            out.append((offset + m.start(), offset + m.end(), False, f"the rule is {words}, not {n} {unit} from the LMP"))
    return out


_ADJUST_WORD = re.compile(r"\badjust|\bcorrect(?:ed|ion|ing)?\s+for\b|\bcycle\s*(?:length\s*)?[-−–]\s*28\b|\b28\s*[-−–]\s*cycle\b", re.I)


def _adjusts_after(rest: str, shift: int) -> bool:
    """Does the text after a count from the LMP adjust it for the cycle (``shift`` days, or in words)?"""
    if _ADJUST_WORD.search(rest) or _SYMBOLIC_SHIFT.search(rest):
        return True
    if any(int(m.group("n")) == shift for m in _SHIFT.finditer(rest)):
        return True
    return re.search(rf"[+−-]\s*{shift}\s*(?:days?|d)\b", rest) is not None


def read_cycle_shift(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """For a calculator dated from the last period with a cycle-length input: the shift a step
    applies for the cycle ("Cycle length 22 days, add 6 days") against cycle − the default cycle
    (the date moves later for longer cycles, earlier for shorter)."""
    if "cycle" not in text.lower():
        return []
    try:
        default = calc.input("cycle_length").default
    except (KeyError, LookupError, AttributeError):
        return []
    if not isinstance(default, (int, float)):
        return []
    out = []
    for m in _SYMBOLIC_SHIFT.finditer(text):
        # "add (28 − cycle length) days": the rule written with names, right when it moves the
        # date later for a longer cycle.
        if float(m.group("d1") or m.group("d2")) != float(default):
            continue
        adds = m.group("op").lower().startswith(("add", "plus", "+"))
        ok = adds == bool(m.group("d1"))  # add (cycle − 28), or subtract (28 − cycle)
        right = f"add (cycle length − {fmt(default)}) days"
        detail = (f"the rule moves the date later for a cycle longer than {fmt(default)} days ({right})" if ok else
                  f"a cycle longer than {fmt(default)} days moves the date later: {right}, not {' '.join(m.group().split())}")
        out.append((offset + m.start(), offset + m.end(), ok, detail))
    c = _CYCLE.search(text)
    if c is None:
        return out
    shift = float(c.group("c")) - float(default)
    for m in _SHIFT.finditer(text, c.end()):
        n = float(m.group("n"))
        op = m.group("op").lower()
        signed = n if op.startswith(("add", "plus")) else -n
        if shift == 0 or n != abs(shift):
            continue  # another operation of the step (280 days, 14 days), not the cycle's shift
        ok = signed == shift
        want = f"{'add' if shift > 0 else 'subtract'} {fmt(abs(shift))} days"
        detail = (f"a {c.group('c')}-day cycle shifts the date by {fmt(shift)} days ({want})" if ok else
                  f"a {c.group('c')}-day cycle is {fmt(abs(shift))} days {'longer' if shift > 0 else 'shorter'} than {fmt(default)}: {want}, not {m.group('op').lower()}")
        out.append((offset + m.start(), offset + m.end(), ok, detail))
        break
    return out


# A slope in words: "2.5 mEq/L per 1 g/dL decrease in albumin", "add 1.6 mEq/L for every 100 mg/dL increase",
# "0.8 mg/dL for each g/dL": the amount, its unit, "per"/"for every"/"for each", the step (1 when left out), its unit.
_SLOPE_UNITS = r"mEq/L|mmol/L|mg/dL|g/dL|g/L|µmol/L|umol/L|(?:milli)?grams?\s+per\s+decilit(?:er|re)|g\s+per\s+dL"
_SLOPE = re.compile(
    r"(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s*(?P<u1>" + _SLOPE_UNITS + r")(?![\w/])\s*(?:(?:of|to)\s+(?:the\s+)?(?:measured\s+|serum\s+)?[a-z]+\s+)?"
    r"(?:per|for\s+(?:every|each))\s+"
    r"(?:(?P<b>\d+(?:\.\d+)?)\s*(?:-\s*)?)?(?P<u2>" + _SLOPE_UNITS + r")(?![\w/])", re.I)
# The step first: "For every 100 mg/dL increase in glucose above 100 mg/dL, sodium falls by about 1.6 mEq/L".
_SLOPE_STEP_FIRST = re.compile(
    r"\b(?:per|for\s+(?:every|each))\s+(?:(?P<b>\d+(?:\.\d+)?)\s*(?:-\s*)?)?(?P<u2>" + _SLOPE_UNITS + r")(?![\w/])[^.;\d]{0,50}?"
    r"(?:(?<![\w.])\d+(?:\.\d+)?\s*(?:" + _SLOPE_UNITS + r")[^.;\d]{0,20}?)?,?\s*[a-z]+\s+(?:falls|drops|decreases|rises|increases|is\s+(?:lowered|raised))\s+by\s+"
    r"(?:about\s+|approximately\s+|roughly\s+|~\s*)?(?P<a>\d+(?:\.\d+)?)\s*(?P<u1>" + _SLOPE_UNITS + r")(?![\w/])", re.I)
_SLOPE_REACH = 80  # characters either side of a slope where the input it is per may be named


# A correction said not to apply, or to be zero: "no correction is needed", "no adjustment is made",
# "the correction term is 0", "adjustment = 0", "the correction is only applied when glucose is above 200".
_NO_CORRECTION = re.compile(
    r"\bno\s+(?:albumin\s+)?(?:correction|adjustment)\b(?!\s+(?:factor|for\s+(?:sex|age|race|cycle)))"
    r"|\b(?:correction|adjustment)(?:\s+term)?\s*(?:is|=|of|:)\s*(?:therefore\s+)?0(?:\.0+)?(?![\d.]*\d)(?!\s*[×x*/+])"
    r"|\b(?:correction|adjustment)\s+(?:is\s+)?(?:only\s+(?:be\s+)?(?:applied|used|needed|made)|applies\s+only|(?:is\s+)?(?:applied|used|needed|made)\s+only)\s+(?:when|if)\b", re.I)
NO_CORRECTION_MIN = 0.05  # the least correction (in the result's unit) a "no correction" is judged against


# The condition after "only applied when": "the glucose is more than 100 mg/dl", "albumin < 4".
_CONDITION = re.compile(r"\s*(?:the\s+)?(?:[a-z]+\s+){0,3}?(?:is\s+|are\s+)?(?P<op>more\s+than|greater\s+than|higher\s+than|above|over|>|≥|>=|"
                        r"less\s+than|lower\s+than|below|under|<|≤|<=)\s*(?P<n>\d+(?:\.\d+)?)", re.I)


_BELOW_OP = re.compile(r"less|lower|below|under|[<≤]", re.I)


def _condition_holds(text: str, at: int, value: float | None) -> bool:
    """Does the condition written at ``at`` ("… when the glucose is more than 100 mg/dl") hold for
    the patient's ``value`` of the input?"""
    m = _CONDITION.match(text, at)
    if m is None or value is None:
        return False
    n, below = float(m.group("n")), _BELOW_OP.match(m.group("op")) is not None
    return value < n if below else value > n


def read_no_correction(text: str, offset: int, calc: Calculator, intermediates: dict, inputs: dict | None = None) -> list[tuple[int, int, bool, str]]:
    """(start, end, False, detail) where the text says a correction that applies at any level of its
    input (a ``SLOPES`` entry with ``adjustment``) is none for the patient ("Albumin 4.6 g/dL is above
    4.0, so the correction term is 0") while the patient's correction is not zero. A condition the
    patient meets ("the correction is only applied when the glucose is more than 100 mg/dl", for a
    glucose of 450) says the correction applies."""
    if "correction" not in text.lower() and "adjustment" not in text.lower():
        return []
    out = []
    for slope in declared(calc, "SLOPES"):
        value = intermediates.get(slope.adjustment) if slope.adjustment else None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or abs(value) < NO_CORRECTION_MIN:
            continue
        own = next((v for n in slope.names if isinstance(v := (inputs or {}).get(n), (int, float)) and not isinstance(v, bool)), None)
        for m in _NO_CORRECTION.finditer(text):
            if text[max(0, m.end() - 4) : m.end()].lower().endswith(("when", "if")) and _condition_holds(text, m.end(), own):
                continue
            out.append((offset + m.start(), offset + m.end(), False,
                        f"the {slope.names[0]} correction applies at any {slope.names[0]} level: {fmt(value, 3)} {slope.unit} for this patient, not 0"))
    return out


_NO_CYCLE_ADJUSTMENT = re.compile(r"\bno\s+(?:cycle[\s-]*(?:length\s+)?)?(?:adjustment|correction|shift)\b|\b(?:adjustment|correction|shift)\s*(?:is|=|of|:)\s*0(?:\.0+)?\s*days?\b", re.I)


def read_no_cycle_adjustment(text: str, offset: int, calc: Calculator, cycle: float | None) -> list[tuple[int, int, bool, str]]:
    """For a calculator dated from the last period: (start, end, False, detail) where the text says
    the date needs no adjustment ("the cycle is 32 days, within the normal range, so no adjustment is
    made") for a patient whose cycle is not the rule's (the date moves by cycle − 28 days)."""
    rule = lmp_rule(calc)
    if not rule or cycle is None or ("adjust" not in text.lower() and "correct" not in text.lower() and "shift" not in text.lower()):
        return []
    default = _default_cycle(calc)
    shift = int(round(cycle - default))
    if not shift:
        return []
    return [(offset + m.start(), offset + m.end(), False,
             f"a {fmt(cycle)}-day cycle moves the date by {shift:+d} days (cycle length − {fmt(default)}); an adjustment applies")
            for m in _NO_CYCLE_ADJUSTMENT.finditer(text)]


def read_slopes(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each slope the text states for one of the calculator's
    corrections (``SLOPES``): right when it is one of the declared conventions' slopes."""
    slopes = declared(calc, "SLOPES")
    if not slopes or ("per" not in text and "for e" not in text.lower()):
        return []
    out = []
    for m in (*_SLOPE.finditer(text), *_SLOPE_STEP_FIRST.finditer(text)):
        near = text[max(0, m.start() - _SLOPE_REACH) : m.end() + _SLOPE_REACH].lower()
        fits = {sl: got for sl in slopes if (got := _slope_in(m, sl)) is not None}
        named = [sl for sl in fits if any(n in near for n in sl.names)]
        if len(named) == 1 or (not named and len(fits) == 1):
            sl = (named or list(fits))[0]
            got = fits[sl]
            ok = any(close(got, v, None, rel=0.01) for _, v in sl.values)
            per = f"{fmt(sl.step)} {sl.per_unit}" if sl.step != 1 else sl.per_unit
            rule = " or ".join(f"{fmt(v, 4)} {sl.unit} per {per} ({who})" for who, v in sl.values)
            said = f"{m.group('a')} {m.group('u1')} per {m.group('b') or 1} {m.group('u2')}"
            detail = f"{said} is the slope of {rule}" if ok else f"the correction for {sl.names[0]} is {rule}, not {said}"
            out.append((offset + m.start(), offset + m.end(), ok, detail))
    return out


def _slope_in(m: re.Match, sl: Slope) -> float | None:
    """The slope a ``_SLOPE`` match states, in the declared units (None: units of another kind)."""

    try:
        a = convert(float(m.group("a")), spelled(m.group("u1")), sl.unit, sl.analyte)
        b = convert(float(m.group("b") or 1.0), spelled(m.group("u2")), sl.per_unit, sl.per_analyte)
    except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
        return None
    return a / b * sl.step if b else None


def read_equivalences(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each stated dose equivalence of two items."""
    pat, by_name = _equivalence_pattern(calc)
    if pat is None or "mg" not in text:
        return []
    out = []
    for m in pat.finditer(text):
        a, b = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
        xs, ys = m.group("x") or m.group("x2"), m.group("y") or m.group("y2")
        fa, fb = by_name[a.lower()], by_name[b.lower()]
        x, y = float(xs), float(ys)
        if fa is fb or x <= 0:
            continue
        want = x / fa.value * fb.value
        # (a whole number may round the equivalent dose, "25 mg prednisone ≈ 4 mg dexamethasone", but not
        # stand for another equivalence: 1 mg of dexamethasone for 5 mg of prednisone is a third off)
        ok = close(y, want, decimals_of(ys), rel=0.02) and (close(y, want, None, rel=0.02) or abs(y - want) <= 0.15 * want)
        detail = f"{fmt(x)} mg {a} is equivalent to {fmt(want, 3)} mg {b}" + ("" if ok else f", not {fmt(y)} mg")
        out.append((offset + m.start(), offset + m.end(), ok, detail))
    return out


_LISTED_CUE = re.compile(r"\bequivalen", re.I)


def read_listed_equivalents(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each dose of a list of equivalent doses ("Equivalent doses:
    hydrocortisone 20, prednisone 4, methylprednisolone 4, dexamethasone 0.75 mg"): the doses of a
    list are equivalent to one another, so each is judged against the others' scale (the median of
    dose / the item's equivalent dose), three items at least."""
    pat, by_name = _equivalence_pattern(calc)
    if pat is None or not _LISTED_CUE.search(text):
        return []
    found = [(m, by_name[m.group("name").lower()]) for m in _listed_dose_pattern(calc).finditer(text)]
    if len({id(f) for _, f in found}) < 3 or len(found) != len({id(f) for _, f in found}):
        return []  # fewer than three items, or one named twice: not a list of equivalents
    scales = sorted(float(m.group("v")) / f.value for m, f in found if f.value > 0)
    scale = scales[len(scales) // 2]
    out = []
    for m, f in found:
        want, said = f.value * scale, float(m.group("v"))
        ok = close(said, want, decimals_of(m.group("v")), rel=0.02)
        detail = f"{m.group('name')} {fmt(said)} mg in a list of equivalent doses" + ("" if ok else f": the equivalent of the others is {fmt(want, 3)} mg")
        out.append((offset + m.start("v"), offset + m.end("v"), ok, detail))
    return out


# A factor that converts a dose of one item to another ("Convert the hydrocortisone dose to
# prednisolone using the factor 0.25", "the conversion factor from hydrocortisone to prednisone is
# 0.25", "hydrocortisone to prednisolone: multiply by 0.25"); not the first number of a quotient that
# works the factor out ("a conversion factor of 0.75 / 5 = 0.15").
_RATIO_WORD = re.compile(r"\b(?:(?:conversion\s+)?(?:factor|ratio)(?:\s+(?:from|for)\s[^.\d\n=:]{3,60}?)?|multipl(?:y|ied|ying)\s+(?:it\s+|this\s+|the\s+dose\s+)?by)"
                         r"\s*(?:of\s+|is\s+|=\s*|:\s*)?(?:about\s+|approximately\s+)?(?P<f>\d+(?:\.\d+)?)(?!\d|\.\d|\s*mg|\s*[/×*÷]\s*\d)"
                         r"(?:\s*:\s*(?P<g>\d+(?:\.\d+)?)(?!\d|\.\d))?", re.I)  # "ratio 20:3": the factor 3 / 20


def read_ratio_factors(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for a factor the text states for converting a dose of the first
    item it names to the second ("… hydrocortisone … to prednisolone using the factor 0.35"): the
    ratio of their equivalent doses. A factor that is the inverse ratio (a dose divided by it) is
    not judged; neither is a sentence that names fewer or more than two items."""
    pat, by_name = _equivalence_pattern(calc)
    if pat is None or not _RATIO_WORD.search(text):
        return []
    names = _names_pattern(calc)
    out = []
    for m in _RATIO_WORD.finditer(text):
        lo = max(text.rfind(". ", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1, 0)
        ends = [i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i != -1]
        hi = min(ends, default=len(text))
        named, items = [], []
        for n in names.finditer(text, lo, hi):
            item = by_name[n.group().lower()]
            if not any(item is x for x in items):
                named.append(n.group().lower())
                items.append(item)
        if len(items) != 2:
            continue
        fa, fb = items
        f, d, written = float(m.group("f")), decimals_of(m.group("f")), m.group("f")
        if m.group("g") is not None:  # a ratio of doses, "20:3": the second over the first, either way round below
            if f <= 0:
                continue
            f, d, written = float(m.group("g")) / f, None, f"{m.group('f')}:{m.group('g')}"
        want = fb.value / fa.value
        if f <= 0 or close(f, fa.value / fb.value, d, rel=0.02):
            continue  # the inverse ratio: the dose is divided by it
        ok = close(f, want, d, rel=0.02) and (close(f, want, None, rel=0.02) or abs(f - want) <= 0.15 * want)  # (0.2 is no rounding of 0.15)
        detail = f"{named[0]} to {named[1]} is a factor of {fmt(want, 4)}" + ("" if ok else f", not {written}")
        out.append((offset + m.start("f"), offset + m.end(), ok, detail))
    return out


@lru_cache(maxsize=64)
@lru_cache(maxsize=32)
def _listed_dose_pattern(calc: Calculator) -> re.Pattern:
    """An item of a list of equivalent doses: its name, then its dose ("prednisone 5", "dexamethasone: 0.75 mg")."""
    _, by_name = _equivalence_pattern(calc)
    alt = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    return re.compile(r"(?<![a-z])(?P<name>" + alt + r")(?![a-z])\s*(?:\((?:oral|po|iv)\)\s*)?(?::\s*|=\s*|\s+)(?P<v>\d+(?:\.\d+)?)(?:\s*mg\b)?"
                      r"(?=\s*(?:,|;|\.(?!\d)|\)|\band\b|$))", re.I)


def _names_pattern(calc: Calculator) -> re.Pattern:
    _, by_name = _equivalence_pattern(calc)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True)) + r")(?![a-z])", re.I)


_USE_VERB = r"\b(?:use[sd]?|using|take[sn]?|taking|apply|applies|applied|applying|employ(?:s|ed|ing)?|cho(?:ose|oses|se|sen)|select(?:s|ed|ing)?)\s+"
_USE_ARTICLE = r"(?:the\s+|his\s+|her\s+|their\s+|this\s+|(?:the\s+)?patient['’]?s\s+|an?\s+)?"
# What makes a "use" no statement of the choice made: a negation or a modal just before the verb
# ("we do not use", "we could use", "whether to use", "instead of using"), a question after it.
_NOT_CHOSEN_BEFORE = re.compile(r"(?:\bnot|n['’]t|\binstead\s+of|\brather\s+than|\bcould|\bmight|\bmay|\bwould|\bwhether|\bif|\bor|\bshould\s+we|\bcan\s+we|\bnever)\s+(?:\w+\s+){0,2}$", re.I)
_QUESTION_AFTER = re.compile(r"[^.!\n]{0,80}\?")


@lru_cache(maxsize=64)
def _selection_patterns(calc: Calculator) -> tuple:
    out = []
    for sel in declared(calc, "SELECTIONS"):
        by_phrase = {p: opt for opt, phrases in sel.options.items() for p in phrases}
        alts = "|".join(re.escape(p) for p in sorted(by_phrase, key=len, reverse=True))
        pat = re.compile(_USE_VERB + _USE_ARTICLE + r"(?P<opt>" + alts + r")\b", re.I)
        out.append((sel, pat, by_phrase))
    return tuple(out)


def read_selections(text: str, calc: Calculator, inputs, intermediates) -> list[tuple[int, int, bool, str]]:
    """(start, end, ok, detail) for each choice the text says it makes ("we use the actual body
    weight"), against the options the calculator's rule allows for this patient."""
    out = []
    for sel, pat, by_phrase in _selection_patterns(calc):
        for m in pat.finditer(text):
            if _NOT_CHOSEN_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _QUESTION_AFTER.match(text, m.end()):
                continue
            try:
                allowed, why = sel.right(inputs, intermediates)
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                return out
            opt = by_phrase[m.group("opt").lower()]
            if opt in allowed:
                out.append((m.start("opt"), m.end("opt"), True, f"{sel.what}: {why}"))
            else:
                out.append((m.start("opt"), m.end("opt"), False, f"{sel.what} for this patient: {why}, not the {m.group('opt')}"))
    return out


_REFERENCE_WORD = r"(?:normal|reference|ideal|target|desired|expected|baseline)"
_REL_TO_VALUE = (r"\s*(?:value|level|concentration)?\s*(?:\([^()\d]{0,20}\)\s*)?"
                 r"(?:(?P<takes>(?:is\s+|was\s+)?(?:taken|assumed|set|used|fixed)\s+(?:as|to\s+be|at|to))|is|=|≈|~|:|of|at|as)?"  # "Normal AG is taken as 10"
                 r"\s*(?:about|approximately|approx\.?|around|roughly|~|≈)?\s*")
_REFERENCE_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|to)\s*\d|\s*(?:mg/dl|g/dl|g/l|meq/l|mmol/l)?\s*[-–—]\s*\d", re.I)


@lru_cache(maxsize=64)
def _reference_patterns(calc: Calculator) -> tuple:
    out = []
    for ref in declared(calc, "REFERENCES"):
        names = "|".join(re.escape(n) for n in sorted(ref.names, key=len, reverse=True))
        value = r"(?P<v>\d+(?:\.\d+)?)(?!\d|\.\d)\s*(?P<u>mg/dl|g/dl|g/l|meq/l|mmol/l)?"
        said = re.compile(r"\b" + _REFERENCE_WORD + r"\s+(?:serum\s+|plasma\s+)?(?:" + names + r")(?![\w-])" + _REL_TO_VALUE + value, re.I)
        # "Albumin is low at 1.5 g/dL (normal ≈ 4 g/dL)": the reference in brackets after the quantity named
        bracket = re.compile(r"(?<![\w-])(?:" + names + r")(?![\w-])[^()\n]{0,40}\(\s*" + _REFERENCE_WORD + _REL_TO_VALUE + value + r"\s*\)", re.I)
        # "… per g/dL decrease in albumin from a normal value of 4.0 g/dL": the quantity named before "normal value"
        level = re.compile(r"(?<![\w-])(?:" + names + r")(?![\w-])[^.;:()\n]{0,40}?\b(?:from|of|to|at|relative\s+to|below|above)\s+(?:an?\s+|the\s+|its\s+)?"
                           + _REFERENCE_WORD + r"\s+(?:value|level|concentration)" + _REL_TO_VALUE + value, re.I)
        out.append((ref, said, bracket, level))
    return tuple(out)


def read_references(text: str, offset: int, calc: Calculator) -> list[tuple[int, int, bool, str]]:
    """(start, end, False, detail) for each reference value the text states ("normal albumin 3.1 g/dL")
    that is neither one the formula counts from nor inside the quantity's normal range. Only the wrong
    ones: a right reference is no step of the calculation to mark correct (nor a correction of a
    formula error the thinking made before it). A normal range ("3.5–5.0") states none."""
    return [(offset + a, offset + b, ok, detail) for a, b, ok, detail in _references_at_zero(text, calc)]


@lru_cache(maxsize=8192)  # by sentence, as the other readers
def _references_at_zero(text: str, calc: Calculator) -> tuple[tuple[int, int, bool, str], ...]:
    """``read_references`` with offsets from the start of the text."""
    patterns = _reference_patterns(calc)
    if not patterns or not _REFERENCE_HINT.search(text):
        return ()
    out = []
    for ref, said, bracket, level in patterns:
        for pat in (said, bracket, level):
            for m in pat.finditer(text):
                if _REFERENCE_RANGE_AFTER.match(text, m.end("v")) or _REFERENCE_RANGE_AFTER.match(text, m.end()) or _OPERATION_AFTER.match(text, m.end("v")):
                    continue  # a normal range; or the first operand of an expression ("AG − normal AG = 34 − 12": the names' values in order)
                v, d = float(m.group("v")), decimals_of(m.group("v"))
                unit = m.group("u")
                if unit and unit.lower() != ref.unit.lower():
                    try:
                        v, d = convert(v, unit, ref.unit, ref.analyte), None
                    except (CalculatorError, ValueError, ZeroDivisionError, KeyError):
                        continue
                lo, hi = ref.normal_range
                formulas = (pat is said and (_FORMULA_TAKES.search(text, max(0, m.start() - 40), m.start()) is not None or m.group("takes") is not None)) or pat is level
                if any(close(v, want, d) for _, want in ref.values) or (lo <= v <= hi and not formulas):
                    continue  # a reference the formula uses, or a normal level (reported only when wrong: see above)
                allowed = " or ".join(f"{fmt(want)} {ref.unit} ({src})" for src, want in ref.values)
                shown = f"{m.group('v')} {unit or ''}".rstrip()
                out.append((m.start("v"), m.end("v"), False, f"the normal {ref.names[0]} the formula counts from is {allowed}, not {shown}"))
    return tuple(out)


_REFERENCE_HINT = re.compile(_REFERENCE_WORD, re.I)
_OPERATION_AFTER = re.compile(r"\s*[−+×*/÷]\s*[\d(]")
# Words that make a normal value the formula's reference, however normal a level it is ("the
# correction assumes a normal albumin of 3.5 g/dL", "adjusted to a normal albumin of 3.5").
_FORMULA_TAKES = re.compile(r"\b(?:assum(?:es?|ing)|us(?:es?|ing)|tak(?:es?|ing)|based\s+on|counts?\s+from|(?:adjust|correct|normaliz|normalis)(?:es|ed|ing|e)?\s+to|relative\s+to)\s+(?:an?\s+|the\s+)?$", re.I)
