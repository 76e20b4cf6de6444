"""Substitutions: a formula written with names ("RR = 60 / HR", "IBW = 50 kg + 2.3 kg × (height − 60)")
and then with the patient's numbers in its place ("60 / 136", "50 + 2.3 × (66.14 − 60)").

The two are compared token by token: the same operators, brackets and functions in the same order,
a name in the formula where the substitution has a number, and every constant of the formula
written again unchanged. A constant that changes between the two ("RR = 86 / HR = 60 / 136",
"Delta gap = anion gap − 9 … 35 − 12") is an error in one of them: the one whose constant the
calculator itself uses (``known``) is taken as right, the other is reported; when neither or both
are, the later one (the substitution) is. A formula and a substitution that differ in structure
are not compared, so a later, different computation of the same shape ("ABW = IBW + 0.4 × (weight
− IBW)" after "IBW = 50 + 2.3 × (height − 60)") is only compared when it is written under the
same name or keeps at least one constant and changes exactly one.

Pure functions over text; bounded by ``MAX_TEMPLATE_CHARS`` and ``MAX_TOKENS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from clinverify.verifier.arith import normalise
from clinverify.verifier.tolerance import close, decimals_of

MAX_TEMPLATE_CHARS = 200
MAX_TOKENS = 60

# Unit words a formula carries right after its numbers ("50 kg + 2.3 kg × (height − 60)"); after a
# name a unit is a note in brackets ("height (in inches)"), and "HR" is a heart rate, not hours.
_UNIT = re.compile(
    r"(?<=\d)\s*(?:mm\s?hg|mg/dl|mmol/l|meq/l|g/dl|µmol/l|umol/l|mg/l|g/l|ml/min|ml/hr|ml/h|kg/m2|kg/m²|kg/m\^2|m²|m2|m\^2|"
    r"kgs?|cms?|mg|mcg|µg|g|ml|dl|l|mmol|meq|bpm|msec|ms|sec|seconds?|hrs?|hours?|mins?|minutes?|years?|yrs?|months?|days?|"
    r"inch(?:es)?|in|lbs?|units?|iu)(?![A-Za-z])",
    re.I,
)
# A unit with a slash said after a name ("glucose in mg/dl"): part of the name, not a quotient of names.
_NAME_IN_UNIT = re.compile(r"(?<=[A-Za-z])\s+in\s+(?:mg|mmol|meq|g|µmol|umol|ml|mcg|µg|iu|u)\s*/\s*(?:dl|l|ml|min|kg|h|hr|day|d)(?![A-Za-z])", re.I)
# A bracket of words after a name ("height (in inches)", "(mg/dL)"): a note, not an operand.
_NOTE = re.compile(
    r"(?<=[A-Za-z⁺⁻₀-₉'’])(?<!sqrt)(?<!ln)(?<!exp)(?<!log)(?<!min)(?<!max)\s*"
    r"\((?=[^()]*(?:/|\b(?:in|kg|cm|m|inches|mg|dl|ml|l|years?|mm\s?hg|g|mmol|meq|seconds?|sec|ms|msec|bpm|units?|%)\b))[^()\d+*^=-]*\)",
    re.I,
)
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<fn>√|(?:sqrt|ln|log10|log|exp|min|max)(?![A-Za-z]))|(?P<name>[A-Za-z][A-Za-z0-9_'’⁺⁻₀-₉]*(?:\s+[A-Za-z][A-Za-z0-9_'’⁺⁻₀-₉]*)*)|(?P<op>\*\*|[-+*/^(),]))"
)
_TIMES_WORD = re.compile(r"(?<=[A-Za-z0-9)])\s+[xX]\s+(?=[A-Za-z(])")
_SPACES = re.compile(r"\s+")
_NOT_FORMULA_WORDS = frozenset("if for where when and or is are was the of with than per each every".split())


@dataclass(frozen=True)
class Template:
    start: int  # absolute offsets of the formula in the trace
    end: int
    name: str  # the quantity it is written under, lowercase ("rr", "ibw"), or ""
    tokens: tuple[tuple[str, str], ...]  # ("num", "60"), ("name", "hr"), ("op", "/"), ("fn", "sqrt")


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[tuple[str, str], ...] | None:
    """The formula's tokens with unit words and unit notes removed; None when it is not a plain
    formula (too long, another word such as "if", or nothing left)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        return None
    s = normalise(text)
    s = _TIMES_WORD.sub(" * ", s)  # "age x gender coefficient": x between names multiplies
    s = _NOTE.sub(" ", s)
    s = _UNIT.sub(" ", s)
    if "/" in s and " in " in s.lower():
        s = _NAME_IN_UNIT.sub(" ", s)
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if m is None or m.end() == pos:
            if not s[pos:].strip():
                break
            return None
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "name":
            value = _SPACES.sub(" ", value)  # (only a name holds spaces: "gender coefficient")
        value = value.lower()
        if kind == "name" and set(value.split()) & _NOT_FORMULA_WORDS:
            return None
        if kind == "fn" and value == "√":
            value = "sqrt"
        if kind == "op" and value == "**":
            value = "^"
        out.append((kind, value))
        if len(out) > MAX_TOKENS:
            return None
    return _canonical(tuple(out)) if out else None


def _canonical(toks: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """One spelling for what formulas and substitutions write in two ways, applied to both sides
    alike: a bracket around one operand, signed or not, is dropped ("(1.56)^2", "^(-1.2)"), and a
    bracketed product of an operand with itself is its square ("(1.56 × 1.56)", "(height ×
    height)" read as "^ 2"). A function's own bracket stays ("sqrt(x)")."""
    out = list(toks)
    i = 0
    while i < len(out):
        if out[i] == ("op", "(") and not (i and out[i - 1][0] in ("fn", "name")):
            j = i + 1
            if j < len(out) and out[j][0] == "op" and out[j][1] in "+-" and (i == 0 or out[i - 1][0] == "op"):
                j += 1  # a signed number after an operator or at the start: "^(-1.2)"
            if j + 1 < len(out) and out[j][0] in ("num", "name") and out[j + 1] == ("op", ")"):
                out[i : j + 2] = out[i + 1 : j + 1]  # "(x)" -> "x"
                continue
            if (j == i + 1 and j + 3 < len(out) and out[j][0] in ("num", "name") and out[j + 1] == ("op", "*") and out[j + 2] == out[j]
                    and out[j + 3] == ("op", ")") and not (j + 4 < len(out) and out[j + 4] == ("op", "^"))):
                out[i : j + 4] = [out[j], ("op", "^"), ("num", "2")]  # "(a × a)" -> "a ^ 2"
                continue
        i += 1
    return _without_product_brackets(out)


def _without_product_brackets(out: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Brackets around a product or quotient that change nothing dropped ("((140 − 60) × 80) / (72 ×
    1.2)", as LaTeX's \\frac writes it, is "(140 − 60) × 80 / (72 × 1.2)"): no sum inside at its own
    level, not after "/" or "^" (nor a function or name), not raised to a power after it."""
    i = 0
    while i < len(out):
        if out[i] == ("op", "(") and not (i and (out[i - 1][0] in ("fn", "name") or out[i - 1] in (("op", "/"), ("op", "^")))):
            depth, k, summed = 0, i, False
            while k < len(out):
                if out[k] == ("op", "("):
                    depth += 1
                elif out[k] == ("op", ")"):
                    depth -= 1
                    if depth == 0:
                        break
                elif depth == 1 and out[k][0] == "op" and out[k][1] in "+-,":
                    summed = True
                k += 1
            if k < len(out) and not summed and k > i + 1 and not (k + 1 < len(out) and out[k + 1] == ("op", "^")):
                del out[k]
                del out[i]
                continue
        i += 1
    return tuple(out)


# A formula is a piece between "=", ":", ";", a line break or a sentence's full stop ("66.14" keeps its point).
SEGMENT = re.compile(r"(?:[^=:;\n.≈]|\.(?=\d))+")


def templates(text: str, offset: int) -> list[Template]:
    """Formulas written with names in one step: a segment between "=", ":" or ";" that holds a
    name and an operator."""
    if offset == 0:
        return list(_templates(text))
    return [Template(t.start + offset, t.end + offset, t.name, t.tokens) for t in _templates(text)]


_OPERATOR_CHAR = re.compile(r"[-+*/×÷^−–√·]")
_LETTER = re.compile(r"[A-Za-z]")  # a name starts with one (``_TOKEN``)
_LONG_WORD = re.compile(r"[A-Za-z]{3,}")  # a formula has a few names; a sentence has many words
# A group a formula is written for, after it: "for women", "(in males)", "if female" (searched in the
# segment's last characters only: the search stays linear on long runs of spaces).
_QUALIFIER_REACH = 60
_QUALIFIER = re.compile(r"(?<=[\w)\]])\s*\(?\s*\b(?:for|in|if|among)\s+(?:an?\s+|the\s+)?(?:wom[ae]n|m[ae]n|females?|males?|female\s+patients?|male\s+patients?|adults?|children)\b\s*\)?\s*$", re.I)
_LIST_LEAD = re.compile(r"\s*(?:[-–•*]|\d{1,2}[.)])\s+(?=[A-Za-z(√])")  # a list item's mark before a formula
# One hyphen, no spaces, among a few words: "HOMA-IR", "FIB-4", "Albumin-corrected anion gap".
_HYPHENATED_NAME = re.compile(r"\s*(?:[-–•*]\s+)?(?:[A-Za-z][A-Za-z0-9]*\s+){0,3}[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+(?:\s+[A-Za-z][A-Za-z0-9]*){0,4}\s*")
_NAME_ONLY = re.compile(r"\s*[A-Za-z][A-Za-z0-9_'’⁺⁻₀-₉ ]{0,40}")


@lru_cache(maxsize=4096)  # templated steps recur across traces
def _templates(text: str) -> tuple[Template, ...]:
    offset = 0
    out = []
    prev_name = ""
    for m in SEGMENT.finditer(text):
        seg = m.group()
        before_rel = text[m.end() : m.end() + 1] in ("=", "≈")
        if (not _OPERATOR_CHAR.search(seg) and not _NAME_ONLY.fullmatch(seg)) or len(_LONG_WORD.findall(seg)) > 8 \
                or (not before_rel and not any(ch.isdigit() for ch in seg)):
            # Prose; or no number and no "=" after it: a name or a symbolic formula matters only
            # right before "=" ("RR = …", "QT / √RR = 330 / 0.664").
            prev_name = ""
            continue
        if not _LETTER.search(seg):
            prev_name = ""
            continue  # numbers and operators only ("60 / 136"): no name, so neither a formula nor its name (not tokenised)
        if _HYPHENATED_NAME.fullmatch(seg):
            prev_name = seg.strip().lower()
            continue  # "HOMA-IR = …", "FIB-4 = …": a score's name with its hyphen, not a difference
        if (q := _QUALIFIER.search(seg, max(0, len(seg) - _QUALIFIER_REACH))) is not None:
            seg = seg[: q.start()]  # "… / (72 × Scr) for women": the group the formula is for, not a name of it
        lead = 0
        if (item := _LIST_LEAD.match(seg)) is not None:
            lead, seg = item.end(), seg[item.end() :]  # "- weight^0.425 = 32^0.425": a list item's mark, not a minus
        toks = tokens(seg) if len(seg) <= MAX_TEMPLATE_CHARS else None
        if not toks:
            prev_name = ""
            continue
        kinds = {k for k, _ in toks}
        if _PER_UNIT.fullmatch(seg.strip()):
            prev_name = seg.strip().lower()
            continue  # "Total MME/day = …", "Dose mg/kg = …": a quantity per unit, its name, not a quotient
        if "name" in kinds and any(k == "op" and v in "+-*/^" for k, v in toks):
            # With a number it can be compared; without one ("QT / √RR") it still is the formula
            # the numbers after it substitute, so no older formula is compared with them.
            a = m.start() + lead + len(seg) - len(seg.lstrip())
            out.append(Template(offset + a, offset + m.start() + lead + len(seg.rstrip()), prev_name, toks))
            prev_name = ""
        elif kinds == {"name"}:
            prev_name = toks[-1][1]  # "RR = 60 / HR": the name the next segment is written under
        else:
            prev_name = ""
    return tuple(out)


# A quantity's name and its unit per time, weight or area: "Total MME/day", "dose mg/kg", "CrCl mL/min".
_PER_UNIT = re.compile(r"(?:[A-Za-z][\w-]*\s+){0,3}[A-Za-z]{1,5}\s*/\s*(?:day|d|24\s*h|h|hr|hour|min|kg|m2|m²|1\.73\s*m²?)", re.I)


_CALLED = re.compile(r"\b(?!(?:ln|sqrt|exp|log|log10|min|max)\()([A-Za-z]\w*)\(([A-Za-z]{1,3})\)")


_NOTE_AFTER = re.compile(r"\s+\([A-Z][A-Za-z-]+[:;]")  # a note on the formula's source after it: "(Katz; …", "(Wrenn: …"


def declared(formulas) -> tuple[tuple[Template, str, frozenset[str]], ...]:
    """The calculator's own formulas (``STATEMENTS``' Formula texts) as templates, each with its
    text and the names it is written under: a trace that writes only the substitution ("MELD(i) = 0.957 × ln(2.0) + 0.378 × ln(1.0) +
    1.210 × ln(1.59) + 0.643") is compared with the formula the calculator declares. Offsets -1:
    a template that is nowhere in the trace."""
    out = []
    for f in formulas:
        text = _CALLED.sub(r"\1_\2", f.text)  # "MELD(i)" is one name, not a call
        if (note := _NOTE_AFTER.search(text)) is not None:
            text = text[: note.start()]  # "Na + 0.016 × (glucose − 100) (Katz; Hillier: 0.024)": the formula before its note
        for variant in (text, *_without_unit_factors(text, f)):
            toks = tokens(variant) if len(variant) <= MAX_TEMPLATE_CHARS else None
            if toks and sum(k == "name" for k, _ in toks) >= 2:  # (with no constant: read for where each value went)
                out.append((Template(-1, -1, f.names[0] if f.names else "", toks), f.text, frozenset(f.names)))
    return tuple(out)


def _without_unit_factors(text: str, f) -> tuple[str, ...]:
    """The formula without a factor that is 1 for some patients and that a substitution then leaves
    out ("(140 − 60) × 80 / (72 × 1.2)" for a man: "× sex factor" written as nothing): the text with
    each such multiplicative name (a ``specialisable`` variable) dropped."""
    names = [ph for key in getattr(f, "specialisable", ()) for ph in getattr(f, "phrases", {}).get(key, ())]
    out = text
    for ph in sorted(names, key=len, reverse=True):
        out = re.sub(r"\s*[×*·]\s*" + re.escape(ph) + r"(?![\w])", "", out, flags=re.I)
    return (out,) if out != text else ()


@dataclass(frozen=True)
class Mismatch:
    template_literal: str  # as written in the formula
    instance_literal: str  # as written in the substitution
    template_wrong: bool  # the formula's constant is the wrong one (the substitution's is the calculator's)


def align(t: Template, expr: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    """The formula's tokens matched one for one with the substitution's (``expr``, numbers only):
    (each constant of the formula with the number written in its place, each name with the
    number substituted for it), or None when the two differ in structure."""
    return _align(t.tokens, expr)


@lru_cache(maxsize=8192)  # templated traces substitute the same expressions into the same formulas
def _align(template: tuple[tuple[str, str], ...], expr: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | None:
    inst = tokens(expr)
    if inst is None or any(k == "name" for k, _ in inst):
        return None
    pairs: list[tuple[str, str]] = []
    bound: list[tuple[str, str]] = []
    i = 0
    for tk, tv in template:
        if i >= len(inst):
            return None
        ik, iv = inst[i]
        if tk == "name":
            if ik == "op" and iv in "+-" and i + 1 < len(inst) and inst[i + 1][0] == "num":
                i += 1  # a name that stands for a signed number ("^B" written "^-1.2")
                bound.append((tv, iv + inst[i][1]))
            elif ik != "num":
                return None
            else:
                bound.append((tv, iv))
        elif tk != ik or (tk != "num" and tv != iv):
            return None
        elif tk == "num":
            pairs.append((tv, iv))
        i += 1
    if i != len(inst):
        return None
    return tuple(pairs), tuple(bound)  # (shared through the cache: read-only)


def align_loose(t: Template, expr: str) -> list[tuple[str, str]] | None:
    """The numbers a substitution puts in place of the formula's names, brackets aside ("(47 × 213) /
    (149 × √309)" for "age × AST / (platelets × √ALT)"): for reading which value went where, not for
    comparing constants. None when the two differ otherwise."""
    inst = tokens(expr)
    if inst is None:
        return None
    a = [x for x in t.tokens if x not in (("op", "("), ("op", ")"))]
    b = [x for x in inst if x not in (("op", "("), ("op", ")"))]
    if len(a) != len(b):
        return None
    bound = []
    for (tk, tv), (ik, iv) in zip(a, b, strict=True):
        if tk == "name":
            if ik != "num":
                return None
            bound.append((tv, iv))
        elif tk != ik or (tk != "num" and tv != iv):
            return None
    return bound


def operator_changed(t: Template, expr: str) -> tuple[str, str] | None:
    """(the formula's operator, the substitution's) when the substitution is the formula with one
    + − × ÷ changed and everything else kept ("TC − HDL − TG/5" then "182 + 39 − 196/5"); else None."""
    inst = tokens(expr)
    if inst is None or len(inst) != len(t.tokens) or any(k == "name" for k, _ in inst):
        return None
    changed = []
    for (tk, tv), (ik, iv) in zip(t.tokens, inst, strict=True):
        if tk == "name":
            if ik != "num":
                return None
        elif tk != ik or (tk == "fn" and tv != iv):
            return None
        elif tk == "num" and not close(float(iv), float(tv), min(decimals_of(tv), decimals_of(iv))):
            return None
        elif tk == "op" and tv != iv:
            changed.append((tv, iv))
    return changed[0] if len(changed) == 1 and changed[0][0] in "+-*/" and changed[0][1] in "+-*/" else None


def power_dropped(t: Template, expr: str) -> str | None:
    """The name whose power the substitution leaves out ("target BMI × height²" then "19.2 × 1.96":
    height, not squared); None unless the two agree once one "^ n" after a name is dropped."""
    inst = tokens(expr)
    if inst is None or any(k == "name" for k, _ in inst):
        return None
    toks = t.tokens
    for i in range(len(toks) - 2):
        if toks[i][0] == "name" and toks[i + 1] == ("op", "^") and toks[i + 2][0] == "num":
            shorter = Template(t.start, t.end, t.name, toks[: i + 1] + toks[i + 3 :])
            if align(shorter, expr) is not None and align(t, expr) is None:
                return toks[i][1]
    return None


def compare(t: Template, expr: str, same_chain: bool, same_name: bool, known: Callable[[float, int], bool]) -> Mismatch | bool | None:
    """The first constant of the formula that the substitution (``expr``, numbers only) changes;
    True when the two agree; None when they differ in structure or are too unlike to be one
    formula written twice."""
    return compare_aligned(t, align(t, expr), same_chain, same_name, known)


def compare_aligned(t: Template, aligned: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None, same_chain: bool, same_name: bool,
                    known: Callable[[float, int], bool]) -> Mismatch | bool | None:
    """``compare`` on the alignment ``align`` gave (a caller that also reads the names' values aligns once)."""
    if aligned is None or not any(k == "num" for k, _ in t.tokens):
        return None
    pairs, _ = aligned
    if not pairs:
        return None
    differ = [(a, b) for a, b in pairs if not close(float(b), float(a), min(decimals_of(a), decimals_of(b)))]
    if not differ:
        return True
    agree = len(pairs) - len(differ)
    differ = list(dict.fromkeys(differ))  # one constant changed the same way wherever it stands ("(140 − Na)" twice for 137) is one change
    if not (same_chain or same_name or (agree >= 1 and len(differ) == 1)):
        # A known constant in place of the template's (another version's: Hillier's 0.024 for Katz's
        # 0.016) agrees with a form of the formula: one other difference is then the one changed.
        rest = [(a, b) for a, b in differ if not known(float(b), decimals_of(b))]
        if len(rest) != 1 or len(differ) - len(rest) + agree < 1:
            return None  # another computation of the same shape
        differ = rest
    a, b = differ[0]
    ka, kb = known(float(a), decimals_of(a)), known(float(b), decimals_of(b))
    return Mismatch(a, b, template_wrong=kb and not ka)
