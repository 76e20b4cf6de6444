"""Formula statements: is the equation a step writes in words ("QTc = QT interval / √(RR
interval)") the calculator's own equation?

Each equation-based calculator declares its formula as data in its own module (``STATEMENTS``:
clinverify.calculators.statements.Formula): the variables with the phrases models use for them,
a sampler that draws consistent values (RR = 60 / heart rate), the accepted forms (more than one
where the literature has more than one convention), and the names models give the quantity. A
stated formula is read by replacing the phrases with values and evaluating it with the
verifier's safe evaluator (no eval, no symbolic algebra needed), at three random points: two
expressions that agree at random points are the same formula (polynomial identity testing, as in
Schwartz–Zippel; these formulas are algebraic in a handful of variables). A stated formula that
differs is still accepted when it matches after rescaling one variable by a unit factor (height
in cm vs m) or the whole result by 100 (a fraction vs a percentage). Text that does not read as a
formula over known variables yields no claim, so this check adds no false alarms on prose.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

from clinverify.calculators import get, list_calculators
from clinverify.calculators.statements import Formula, Values
from clinverify.verifier.arith import EvalError, compile_expression
from clinverify.verifier.claims import UNIT_WORDS, code_name, trie_alternation
from clinverify.verifier.knowledge import declaration, input_names, quantity_words


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Formula], dict[str, tuple[str, ...]], dict[str, str], re.Pattern]:
    """The formulas the calculators declare (``STATEMENTS``), by Formula.key; the names models
    give each quantity before its formula ("the formula for computing the patient's BMI is ...",
    "QTc = ..."); a name -> key map and its pattern. A formula is only judged against the quantity
    its statement names: a delta-gap trace also states the anion gap's formula. Built on first
    use, so importing the verifier loads no calculator module."""
    formulas: dict[str, Formula] = {}
    for calc in list_calculators():
        items = declaration(calc, "STATEMENTS") or ()
        for f in items if isinstance(items, (tuple, list)) else ():
            if isinstance(f, Formula):
                if formulas.get(f.key, f) is not f:
                    raise RuntimeError(f"formula {f.key!r} declared twice")  # (one statement shared by two calculators is declared once)
                formulas[f.key] = f
    names = {k: f.names for k, f in formulas.items()}
    name_of = {p: fid for fid, ps in names.items() for p in ps}
    pattern = re.compile(_starts(name_of) + r"(?<![a-z0-9])(" + "|".join(re.escape(p) for p in sorted(name_of, key=len, reverse=True)) + r")(?![a-z0-9])")
    return formulas, names, name_of, pattern


def _starts(words) -> str:
    """A lookahead for the first characters of ``words``, put before a pattern that starts with one
    of them: re then leaves every other position at once. Empty (no lookahead) if a word is empty."""
    if not words or any(not w for w in words):
        return ""
    return "(?=[" + "".join(sorted({r"\s" if w[0].isspace() else re.escape(w[0]) for w in words})) + "])"


def _formulas() -> dict[str, Formula]:
    return _tables()[0]


def __getattr__(name: str):
    """FORMULAS (key -> Formula) and QUANTITY_NAMES (key -> names), read from the registry."""
    if name == "FORMULAS":
        return _tables()[0]
    if name == "QUANTITY_NAMES":
        return _tables()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Unit factors one variable may be written in (cm vs m, lb vs kg, mmol/L vs mg/dL, %, minutes).
_UNIT_FACTORS = (100.0, 0.01, 1000.0, 0.001, 10.0, 0.1, 2.54, 1 / 2.54, 2.20462, 1 / 2.20462, 18.0, 1 / 18, 88.4, 1 / 88.4, 2.8, 1 / 2.8, 60.0, 1 / 60, 1000 / 60, 60 / 1000)
_PROSE_MARK = re.compile(r"(?=[:abfi])(?:\bis\b|:|\bby\b|\bas\b|\bformula\b)", re.I)  # the formula starts after the last one
_LETTER = re.compile(r"[A-Za-z√]")
_OPERATOR = re.compile(r"[+−–*/×·÷^√∛]|(?<![a-z])-|-(?![a-z]{2})|sqrt|\bln\b|exp\b|\bx\b")  # (not the hyphen of a word, "normal-ish"; "Na-Cl" is a minus)
# (Spaces matched from the start of their run only: searched from each of them, a long run is rescanned.)
_CUT = re.compile(r"(?:,|(?<!\s))\s+(?i:where)\b|;|\.\s+(?=[A-Z])|—")  # the end of the statement ("..., where QT is in msec"; an em dash: prose goes on)
# After its "=", a sex qualifier ends it too: "... × 0.85 for women" (the factor then stands for the
# sex factor, judged as any of its values); not "(0.742 if female)", nor "IBW for females: IBW = …".
_SEX_CUT = re.compile(r"(?:,|(?<!\s))\s+(?i:for|in|if)\s+(?i:a\s+)?(?i:wom[ae]n|m[ae]n|females?|males?)\b(?!\s*[)\]])")
_CLAUSE_END = re.compile(r",\s|\.\s|\.$")  # the end of the formula itself, after the prose before it
_ABBREVIATION = re.compile(r"(§\w+§)\s*\(\s*\1\s*\)")
_UNIT_PAREN = re.compile(r"\((?:[^()§\d]*)\)|\[(?:[^\[\]§\d]*)\]")  # "(in kg)", "[mg/dL]"
# Unit words after or inside a stated formula ("glucose mg/dL", "(in kgs)"): the verifier's unit
# vocabulary (claims.UNIT_WORDS) plus the words explanations use around formulas.
_UNITS = re.compile(
    r"(?<![a-z§])(?:in\s+)?(?:mm hg|m[l]\s*/\s*kg\s*/\s*(?:hr|h|hour|day|d)|m[l]\s*/\s*(?:kg|hr|h|hour|day|d)|"
    + trie_alternation({w.lower() for w in UNIT_WORDS} | {"kilograms", "seconds", "sec", "billion", "billions", "percent"}, ignore_case=False)
    + r")(?![a-z])(?!\(\s*[a-z§\d(])"  # "min(" with its argument is the function, not minutes (not "mL/min (≈ 0.71 mL/s)")
)
MAX_FORMULA_CHARS = 300
_SLOT = re.compile(r"§(\w+)§")
_LITERAL = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")  # a constant of a template (not a digit of a slot's name: "§hco3§")
_SPACES = re.compile(r"\s+")
_TIMES_X = re.compile(r"(?<![a-z])x(?![a-z])")
_ALLOWED = re.compile(r"^(?:§\w+§|sqrt|ln|exp|log|min|max|\d|[\s.,+\-−–*/×x·÷^()\[\]√∛²³])*$")


@lru_cache(maxsize=64)
def _phrase_pattern(calc_id: str) -> tuple[re.Pattern, dict[str, str]]:
    phrases = {p: var for var, ps in _formulas()[calc_id].phrases.items() for p in ps}
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    # (A number may stand right before a name: "2Na" is 2 × Na, read in ``_to_template``.)
    return re.compile(r"(?<![a-z])(?<![a-z0-9]\.)(?:the\s+|patient's\s+|measured\s+|current\s+|actual\s+|observed\s+|serum\s+|plasma\s+)*(" + alt + r")(?![a-z0-9])"), phrases


# "1/3 SBP", "0.8(4 − albumin)", "0.82 (137 − Na)", "4.56 ln(bili)", "(137 − Na) ln(bili)": a product written by juxtaposition
_NUMBER_BEFORE_SLOT = re.compile(r"(\d)(?:[ \t]++(?=§|\(|(?:ln|log|sqrt|exp|min|max)\()|[ \t]*+(?=\(|(?:ln|log|sqrt|exp|min|max)\())|(\))[ \t]*+(?=\(|(?:ln|log|sqrt|exp)\()")
_IF_FACTOR = re.compile(r"[(\[]\s*(\d+(?:\.\d+)?)\s+(?:if|for)\s+[a-z][a-z \-]{1,30}[)\]]")


def _to_template(text: str, calc_id: str) -> str | None:
    """The stated formula with its variables as §var§ slots, or None if it does not read as a
    formula over this calculator's variables (any other word left over)."""
    if len(text) > MAX_FORMULA_CHARS:
        return None  # longer than any real formula: bounded work on adversarial text
    pat, phrases = _phrase_pattern(calc_id)
    low = text.lower().replace("_", " ").replace("⁺", "").replace("⁻", "")  # "Na⁺": the ion's charge is not an operator

    def slot(m: re.Match) -> str:
        name = _SPACES.sub(" ", m.group(1))
        if m.start() and low[m.start() - 1].isdigit():
            return " * §" + phrases[name] + "§" if len(name) >= 2 else m.group()  # "2Na": a coefficient written against its name
        return "§" + phrases[name] + "§"

    low = _IF_FACTOR.sub(r"\1", low)  # "(0.742 if female)": the factor, as for a patient it applies to
    if " over " in low or " above " in low or " beyond " in low or " exceeding " in low:
        low = _INCHES_OVER.sub(_inches_over_as_minus, low)  # "2.3 kg per inch over 60", "for each inch above 5 feet", "(inches over 60)"
    s = pat.sub(slot, low)
    if "§" not in s:
        return None
    s = _ABBREVIATION.sub(r"\1", s)  # "Total Body Water (TBW)": the name, then its abbreviation
    s = _UNIT_PAREN.sub(_unit_note, s)  # "(in kg)", "(mEq/L)": unit notes
    s = _UNITS.sub(" ", s)
    s = s.strip().rstrip(".,")
    if "§" in s:
        s = _NUMBER_BEFORE_SLOT.sub(lambda m: (m.group(1) or m.group(2)) + " * ", s)  # "DBP + 1/3 pulse pressure", "0.8(4 − albumin)": a coefficient before its name or bracket
    s += ")" * max(0, s.count("(") - s.count(")"))  # "sqrt((weight * height)/3600" as written
    if not (s and _ALLOWED.match(s) and re.search(r"[+\-−–*/×x·÷^√∛]|sqrt|ln|exp", s)):
        return None
    return _TIMES_X.sub("*", s)  # "0.957 x ln(Cr)": a standalone x multiplies


# The height in inches written as the inches over a base: "per inch over 60 in", "for each inch above 5
# feet", "(inches over 5 ft)", the base restated in a bracket ("over 5 feet (60 inches)").
_INCHES_OVER = re.compile(r"(per\s+|for\s+(?:each|every)\s+|each\s+)?(?:height\s+in\s+)?(?<![\w§])inch(?:es)?\s+(?:over|above|beyond|exceeding)\s+(\d+(?:\.\d+)?)\s*(ft|feet|foot|in|inches|inch)?\b(?:\s*\(\s*\d+(?:\.\d+)?\s*(?:in|inches|cm|ft|feet)\s*\))?")


def _inches_over_as_minus(m: re.Match) -> str:
    base = float(m.group(2)) * (12.0 if (m.group(3) or "").startswith(("ft", "fe", "fo")) else 1.0)
    return f"{'* ' if m.group(1) else ''}(height in inches - {base:g})"


def _unit_note(m: re.Match) -> str:
    """A bracket without numbers or variables is a unit note, unless an operator stands right
    before it: then it is an operand ("+ 0.016 × (serum BUN)") the formula does not have."""
    before = m.string[: m.start()].rstrip()
    return m.group() if before.endswith(("+", "-", "−", "*", "×", "·", "/", "÷", "^")) else " "


def _value(template: str, v: Values, scale: tuple[str, float] | None = None) -> float:
    """The template at one sample point (read once, evaluated at every point); ``scale``: one
    variable taken in other units."""
    if scale is not None:
        v = dict(v)
        v[scale[0]] = v[scale[0]] * scale[1]
    return compile_expression(template)(v)


# A stated formula that differs from the calculator's by less than this share of the result at
# every sample point (potassium added to an osmolality) changes no answer beyond the benchmark's
# tolerance: reported with minor severity.
MINOR_SHIFT = 0.05
MINOR_NOTE = " (a variant within 5 % of the result)"


@dataclass(frozen=True)
class Statement:
    start: int  # offsets in the step text
    end: int
    ok: bool
    detail: str
    minor: bool = False  # wrong, but a variant within the tolerance (severity minor)
    key: str | None = None  # the formula judged (Formula.key)
    # The constants the statement writes in place of specialisable variables ("0.5 × weight × …"
    # for the TBW fraction): (variable, value), for the caller to hold against this patient's.
    fixed: tuple[tuple[str, float], ...] = ()
    form_unit: str | None = None  # the unit of the one form it matches, where the forms differ by unit (LDL's ÷ 5 or ÷ 2.2)
    form_sex: str | None = None  # the sex the forms it matches are for, where they differ by sex (IBW's 50 or 45.5 kg)


def _named(text: str, calc_id: str | None) -> str | None:
    """The formula a statement's lead names: the name nearest the formula, the longest of those
    ending there ("albumin corrected anion gap" over "anion gap"); "QTc" is the calculator's own."""
    low = text.lower().replace("_", " ")
    _, _, name_of, pattern = _tables()
    hits = [(m.end(1), len(m.group(1)), m.group(1)) for m in pattern.finditer(low)]
    if hits:
        return name_of[max(hits)[2]]
    if calc_id in _formulas() and calc_id.startswith("qtc_") and re.search(r"\bqtc\b|corrected qt", low):
        return calc_id
    if calc_id in _formulas() and _names_own_in_short(low, calc_id):
        return calc_id
    return None


_LABEL_TAIL = re.compile(r"([a-z][a-z -]*?)\s*$")
_FILLER = frozenset("the a an so then usually actually typically normally now thus therefore hence our its".split())


def _names_own_in_short(low: str, calc_id: str) -> bool:
    """Does the label right before the formula name the calculator's own result with a word left
    out ("albumin corrected ratio" for the albumin corrected delta ratio): two words or more, all
    words of one of its names, ending in that name's last word?"""
    tail = _LABEL_TAIL.search(low[-60:])  # the label right before the formula: its last words
    if tail is None:
        return False
    words = [w for w in re.split(r"[\s-]+", tail.group(1)) if w and w not in _FILLER]
    if len(words) < 2:
        return False
    for name in _formulas()[calc_id].names:
        own = re.split(r"[\s-]+", name)
        if set(words) <= set(own) and words[-1] == own[-1]:
            return True
    return False


class _Reads(dict):
    def __init__(self, values: Values):
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, k: str) -> float:
        self.read.add(k)
        return super().__getitem__(k)


@lru_cache(maxsize=64)
def key_variables(calc_id: str) -> frozenset[str]:
    """The variables the calculator's main form reads: an unnamed statement ("we get QT/√(RR)")
    is taken as the calculator's own formula only when it uses all of them (so "RR = 60 / HR"
    in a QTc trace is not)."""
    f = _formulas()[calc_id]
    sample = f.sample(random.Random(0))
    reads = []
    for form in f.forms:  # what every accepted form reads ("142 × (SCr/A)^B …" has no α)
        v = _Reads(sample)
        form(v)
        reads.append(frozenset(v.read))
    return frozenset.intersection(*reads)


def check_statement(text: str, calc_id: str | None = None) -> Statement | None:
    """The formula stated in one step, checked against the formula of the quantity the step
    names; None when the step states no formula of a known quantity over its variables."""
    if len(text) > 2 * MAX_FORMULA_CHARS:
        return _check_statement_text(text, calc_id)
    return _statement_cached(text, calc_id)  # templated clauses recur: read each once (a Statement is immutable)


@lru_cache(maxsize=8192)
def _statement_cached(text: str, calc_id: str | None) -> Statement | None:
    return _check_statement_text(text, calc_id)


def _check_statement_text(text: str, calc_id: str | None) -> Statement | None:
    if "=" not in text and "≈" not in text:
        low = text.lower()
        if " is " in low and (m := _IS_FORMULA.search(text)) is not None:
            # "The delta ratio is (ALP / ULN) / (GGT / ULN)": "is" before an expression of names is "="
            # (one character for one: offsets hold).
            text = text[: m.start()] + " =  " + text[m.end() :]
        elif ("formula" not in low and "equation" not in low and "calculated as" not in low and "defined as" not in low
                and not (":" in text and _SPACED_OPERATOR.search(text) and _COLON_FORMULA.search(text))):
            if calc_id is not None and ((" is " in low or " equals " in low) and _WORD_OPERATOR.search(text) or _VERB_HINT.search(text)):
                return _in_words(text, calc_id)
            return None  # most steps: decided before the cache, so they never crowd it
    if _ION_HINT.search(text):
        text = _ION_CHARGE.sub(" ", text)  # "Na+ - (Cl- + HCO3-)": the ions' charges, not operators (offsets hold)
    if "(" in text and (" if " in text or " for " in text):
        # "… × 0.9938^age (× 1.012 if female)": the group's factor, its brackets dropped (offsets hold)
        text = _CONDITIONAL_FACTOR.sub(lambda m: f" {m.group(1)} ", text)
    mark = _LIST_MARK.match(text)
    if mark:  # "1. The formula is ..." : the list number is not the end of a sentence
        st = _check_statement(text[mark.end() :], calc_id)
        if st is not None:
            return Statement(st.start + mark.end(), st.end + mark.end(), st.ok, st.detail, st.minor, st.key, st.fixed, st.form_unit, st.form_sex)
    else:
        st = _check_statement(text, calc_id)
    if st is None and calc_id is not None and " as " in text and (" by " in text or " times " in text or " minus " in text or " plus " in text):
        st = _defined_in_words(text, calc_id)
    if st is None and calc_id is not None and _FORMULA_IS.match(text) and _WORD_OPERATOR.search(text):
        st = _in_words(text, calc_id, own=True)  # "The formula is fasting insulin multiplied by fasting glucose, divided by 405."
    if st is None and calc_id is not None and "=" not in text and (_WORD_OPERATOR.search(text) or _VERB_HINT.search(text)):
        st = _in_words(text, calc_id)  # "The Fridericia formula divides the QT interval by the cube root of the RR interval."
    return st


# "The formula is …", "The equation is …": the calculator's own formula, named by the lead alone.
_FORMULA_IS = re.compile(r"\W{0,3}(?:so\s+|thus\s+|here\s+)?the\s+(?:formula|equation)\s+(?:is|equals)\s", re.I)


_CONDITIONAL_FACTOR = re.compile(r"\((\s*[×x*·]\s*\d+(?:\.\d+)?\s+(?:if|for|in)\s+(?:an?\s+)?(?:wom[ae]n|m[ae]n|females?|males?|black)(?:\s+patients?)?\s*)\)", re.I)


# "defined as the change in serum creatinine divided by the serum albumin concentration": a definition
# whose operators are words. Only its quantities are read: a foreign one beside one of the
# formula's own is a wrong formula (the shape in words is not compared).
_WORD_OPERATOR = re.compile(r"\b(?:divided by|multiplied by|times|minus|plus|over|squared|square root)\b", re.I)
_DEFINITION_END = re.compile(r"[.;](?!\d)|$")


# A formula stated in words: "BMI is weight in kg divided by height in meters squared", "The anion
# gap is sodium minus chloride". Its words become operators and it is judged as if written so.
_IN_WORDS_LEAD = re.compile(r"\b(?:is|equals)\s+(?:(?:calculated|computed|given|obtained)\s+(?:as|by)\s+)?", re.I)
_WORDS_AS_OPERATORS = (
    (re.compile(r"\bdivided\s+by\b|\bover\b", re.I), " / "),
    (re.compile(r"\bmultiplied\s+by\b|\btimes\b", re.I), " * "),
    (re.compile(r"\bplus\b", re.I), " + "),
    (re.compile(r"\bminus\b", re.I), " - "),
    (re.compile(r"\s+squared\b", re.I), " ^ 2"),
    (re.compile(r"\b(?:the\s+)?square\s+root\s+of\b", re.I), " √ "),
    (re.compile(r"\b(?:the\s+)?cube\s+root\s+of\b", re.I), " ∛ "),
)
# An operation said with its verb ("divides the QT interval by …", "multiplying the QT interval by …"),
# rewritten as the "is … divided by …" form the reader takes; "then divides by 180" as "divided by 180".
_VERB_HINT = re.compile(r"\b(?:divid|multipl)(?:es|ies|ing|y)\b", re.I)
_VERB_OPERATION = re.compile(r"\b(?:(?:corrects?|adjusts?)\b[^.;]{0,40}?\bby\s+)?(?P<v>divid(?:es|ing)|multipl(?:ies|ying))\s+(?P<x>[^.;]{1,60}?)\s+by\s+", re.I)
_VERB_AGAIN = re.compile(r"\b(?P<v>divid|multipl)(?:es|ies)\s+by\b", re.I)
_SUM_OF = re.compile(r"\b(?:the\s+)?sum\s+of\s+([^,.;]{1,40}?)\s+and\s+([^,.;]{1,40}?)(?=\s*,|\s+and\s+then\b|\s+then\b|\s*[.;]|$)", re.I)
_ARTICLE = re.compile(r"\b(?:the|a|an)\s+", re.I)


def _as_is_divided(text: str) -> str:
    """"X divides A by B" as "X is A divided by B" (and "multiplies" likewise); "then divides by C" as "then divided by C"."""
    def first(m: re.Match) -> str:
        op = "divided" if m.group("v").lower().startswith("divid") else "multiplied"
        return f"is {m.group('x')} {op} by "
    text = _VERB_OPERATION.sub(first, text, count=1)
    return _VERB_AGAIN.sub(lambda m: ("divided" if m.group("v").lower() == "divid" else "multiplied") + " by", text)
_NEXT_OPERATION = r"(?:divided|multiplied|plus|minus|times)\b"  # an operation in words that goes on after a comma
_JOINED_OPERATION = re.compile(r",?\s+(?:and\s+|then\s+)+(?=" + _NEXT_OPERATION + r")|,\s*(?=" + _NEXT_OPERATION + r")", re.I)
_WORDS_END = re.compile(r"[.;](?:\s|$)|,\s(?!(?:and\s+|then\s+)*" + _NEXT_OPERATION + r")|$")  # (", divided by 405" goes on)


def _in_words(text: str, calc_id: str, own: bool = False) -> Statement | None:
    """The statement of a formula written in words after "is"/"equals", judged on its symbols;
    None when it is not one (or mixes in words this reading does not turn into operators).
    ``own``: the lead names the calculator's formula without its name ("The formula is …")."""
    if calc_id not in _formulas() or len(text) > 2 * MAX_FORMULA_CHARS:
        return None
    if _VERB_HINT.search(text):
        text = _as_is_divided(text)  # "Fridericia divides the QT interval by the cube root of the RR interval"
    if "sum of" in text.lower():
        text = _SUM_OF.sub(lambda s: f"({s.group(1)} plus {s.group(2)})", text)  # "the sum of 100 and the heart rate"
    if "sum of" in text.lower() or "difference" in text.lower():
        return None
    m = _IN_WORDS_LEAD.search(text)
    if m is None or not (own or _named(text[: m.start()], calc_id)):
        return None  # the words before "is" must name the formula's quantity
    end = _WORDS_END.search(text, m.end()).start()
    body = text[m.end() : end]
    if not _WORD_OPERATOR.search(body):
        return None
    body = _JOINED_OPERATION.sub(" ", body)  # "…, and then divided by 405": the next operation of the chain
    body = _ARTICLE.sub("", body)  # "the QT interval divided by the square root of the RR interval"
    for pat, op in _WORDS_AS_OPERATORS:
        body = pat.sub(op, body)
    st = _check_statement(text[: m.start()] + " = " + body, calc_id)
    if st is None or (not st.ok and st.detail.startswith("the formula writes")):
        return None  # only a formula read whole is judged in words ("pulse pressure" is not foreign, only unread)
    return replace(st, start=m.end(), end=end)


def _defined_in_words(text: str, calc_id: str) -> Statement | None:
    if calc_id not in _formulas() or len(text) > 2 * MAX_FORMULA_CHARS:
        return None
    d = _DEFINED.search(text)
    if d is None:
        return None
    end = _DEFINITION_END.search(text, d.end()).start()
    body = text[d.end() : end]
    if not _WORD_OPERATOR.search(body):
        return None
    foreign, own_written = _foreign_quantities(_WORD_OPERATOR.sub(" / ", body), calc_id)
    if not foreign or not own_written:
        return None
    f = _formulas()[calc_id]
    return Statement(d.end() + (len(body) - len(body.lstrip())), end, False, f"the formula writes {' '.join(foreign)}, which is not in {f.text}", False, calc_id)


# "Corrected sodium for high glucose: Measured Na + 0.038 × (Glucose − 100)": a name, a colon, then an
# expression with a name and an operator (a cheap test before the statement is read).
_COLON_FORMULA = re.compile(r":\s*[^:]{0,60}?[A-Za-z][^:]{0,60}?\s[-+−–*/×÷^]\s")
_SPACED_OPERATOR = re.compile(r"\s[-+−–*/×÷^]\s")  # what _COLON_FORMULA needs, found 20 times faster (most clauses have none)
_LIST_MARK = re.compile(r"\s*(?:(?:step\s*)?\d{1,2}[.):]|[-*•–])\s+", re.I)
# An ion's charge written after its symbol ("Na+", "Cl-", "HCO3-", "K⁺"): a sign glued to the
# symbol and followed by a bracket, the end or another operator ("Na+ - Cl-"), never by an operand
# ("Na+K", "Na-Cl" stay arithmetic).
_ION_HINT = re.compile(r"(?:\b(?:Na|K|Cl|Ca|Mg)|HCO3|HCO₃)[-−⁻+⁺]")
_ION_CHARGE = re.compile(r"(?:(?<=\bNa)|(?<=\bK)|(?<=\bCl)|(?<=\bCa)|(?<=\bMg)|(?<=HCO3)|(?<=HCO₃))[-−⁻+⁺](?=\s*[)\],.;:]|\s*$|\s+[-+−–=×*/÷])")
# " is " then an expression that starts with a name and joins names by an operator.
_IS_FORMULA = re.compile(r" is (?=\(?\s*[A-Za-z][A-Za-z0-9 ]{0,30}?\)?(?:\s*[*/×÷]\s*|\s[-+−–]\s)\(?\s*[A-Za-z])")


_UNIT_BRACKET = re.compile(
    r"\((?:\s*+(?:mL|ml|L|dL|mg|g|kg|µg|mcg|mmol|µmol|umol|mEq|mOsm|min|h|hr|m²|m2|m\^2|cm|mm\s?Hg|ms|msec|s|1\.73|per|/|·)\s*+){2,}\)")  # (possessive: linear in a run of spaces)


def _check_statement(text: str, calc_id: str | None) -> Statement | None:  # cached per clause by ``check_statement``
    if calc_id not in _formulas() and not _tables()[3].search(text.lower().replace("_", " ")):
        return None  # no formula of this calculator, and no known quantity named
    original = text
    if "**" in text:
        text = _BOLD_ENDS.sub(lambda m: " " * len(m.group()), text)  # "**Delta gap = (AG − 12) − (24 − HCO₃⁻)**": the statement in bold
    # A unit in brackets after a name ("eGFR (mL/min/1.73 m²) = ...") is not an expression.
    text = _UNIT_BRACKET.sub(lambda m: " " * len(m.group()), text)
    cut = _CUT.search(text)
    body_end = cut.start() if cut else len(text)
    eq = text.find("=")
    if eq != -1 and (sex := _SEX_CUT.search(text, eq, body_end)) is not None:
        body_end = sex.start()
    # Each side of "=" may be the formula ("QTc = QT / √RR = 400 / 0.8" is also arithmetic);
    # the quantity is named before it, in the same part or the one left of "=".
    pos, before = 0, ""
    for part in re.split(r"(=|≈)", text[:body_end]):
        if part in ("=", "≈"):
            pos += len(part)
            continue
        if not _LETTER.search(part) or not _OPERATOR.search(part):
            before = part  # numbers only, or no operator: not a formula
            pos += len(part)
            continue
        offset = _last_end(_PROSE_MARK, part, 0)
        target = _named(before + " " + part[:offset], calc_id)
        if target is not None and target != calc_id and calc_id is not None and _names_an_input(before + " " + part[:offset], target, calc_id):
            target = None  # "RR 18/min" in a SIRS trace: the respiratory rate, an input of this calculator, not the RR interval's formula
        before_lead = part[:offset] if offset else before
        before = part
        unnamed = target is None and calc_id in _formulas()
        if unnamed and not (pos or _LEAD.search(part)):
            unnamed = False  # a bare sub-expression at the start of a step ("height × weight = ..."): not the formula
        elif unnamed and _defines_variable(before_lead, calc_id):
            unnamed = False  # "Corrected HCO3- = HCO3- + (AG − 12)": one of the formula's own quantities defined, not the result
        elif unnamed:
            target = calc_id
        if target is not None:
            pieces = _pieces(part, offset)
            unit = _stated_unit(original, target) if pieces else None
            for a, b in pieces:
                template = _to_template(part[a:b], target)
                if template is not None and unnamed and not key_variables(target) - _formulas()[target].specialisable <= set(_SLOT.findall(template)):
                    template = None
                if template is not None:
                    st = _statement(template, target, pos + a, pos + b, unnamed, target in _main_form_only(calc_id), unit)
                    if st is not None:
                        return st
            # Unnamed, the statement is the calculator's own only when its lead says it is a
            # definition ("The albumin-corrected ratio is calculated as (albumin ÷ 4) × (creatinine ÷ 1)")
            # and it writes one of the formula's own quantities beside the foreign one.
            defined = unnamed and _DEFINED.search(before_lead) is not None
            if (not unnamed or defined) and pieces:
                a, b = pieces[0]
                foreign, own_written = _foreign_quantities(part[a:b], target)
                if defined and not own_written:
                    foreign = []
                if foreign:
                    f = _formulas()[target]
                    return Statement(pos + a, pos + b, False, f"the formula writes {' '.join(foreign)}, which is not in {f.text}", False, target)
        pos += len(part)
    return None


_IDENT_END = re.compile(r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+(?=\s*$)")  # a code variable ending the left side


_BOLD_ENDS = re.compile(r"^\s*(?:[-*•]\s+)?\*\*(?=[A-Za-zΔ∆])|(?<=[\w)\]])\*\*(?=[\s.:;,]*$)")  # bold around a whole statement (not a power "**2")


@lru_cache(maxsize=256)
def _input_words(calc_id: str) -> frozenset[str]:
    """The lowercase names and aliases of the calculator's inputs (``knowledge.input_names``)."""
    try:
        calc = get(calc_id)
    except LookupError:
        return frozenset()
    return frozenset(n for i in calc.inputs for n in input_names(i))


def _names_an_input(lead: str, target: str, calc_id: str) -> bool:
    """Is the name the lead gives another formula's quantity (``target``) an abbreviation of one of this
    calculator's inputs (two letters: "RR" is the respiratory rate in SIRS, the RR interval in QTc)?"""
    low = lead.lower().replace("_", " ")
    hits = [m.group(1) for m in _tables()[3].finditer(low) if _tables()[2].get(m.group(1)) == target]
    return bool(hits) and len(hits[-1]) <= 2 and hits[-1] in _input_words(calc_id)  # (a two-letter name only: "RR", not "MAP" or "BMI")


def _defines_variable(lhs: str, calc_id: str) -> bool:
    """Does the left side of an unnamed statement end in one of the calculator formula's own
    variables (its phrases: "Corrected HCO3-", "expected bicarbonate")? Then the statement defines
    that quantity, not the calculator's result."""
    tail = lhs.lower().replace("_", " ").rstrip(" \t-−⁻+⁺")
    if (ident := _IDENT_END.search(lhs)) is not None and code_name(ident.group())[1] is not None:
        tail = code_name(ident.group())[0].lower()  # "height_in = height_cm / 2.54": the height, in inches
    for phrases in _formulas()[calc_id].phrases.values():
        for p in phrases:
            if tail.endswith(p) and (len(tail) == len(p) or not tail[-len(p) - 1].isalnum()):
                return True
    return False


_WORDS = re.compile(r"[a-z][a-z0-9]+")


_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def _foreign_quantities(text: str, calc_id: str) -> tuple[list[str], bool]:
    """Quantities a statement of this formula writes that the formula does not have ("lactic acid"
    in a delta gap, "ALP/AST" in a delta ratio), [] when it writes none (or text is not a formula);
    and whether it writes one of the formula's own quantities (a phrase the calculator declares)."""
    if len(text) > MAX_FORMULA_CHARS or not _OPERATOR.search(text):
        return [], False
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)  # "\left( \frac{\text{Na}}{140} - 1 \right)": the commands are no quantities
    pat, phrases = _phrase_pattern(calc_id)
    left, own_written = pat.subn(" ", text.lower().replace("_", " "))
    left = _UNITS.sub(" ", left)
    f = _formulas()[calc_id]
    own = {w for p in (*phrases, *f.names) for w in _WORDS.findall(p)}
    return list(dict.fromkeys(w for w in _WORDS.findall(left) if w in quantity_words() and w not in own)), own_written > 0


_DEFINED = re.compile(r"\b(?:calculated as|defined as|computed as|formula is|equation is)\b", re.I)


_LEAD = re.compile(r"\b(?:formula|equation|get|gets|gives?|plug|plugging|calculated?|compute[sd]?)\b", re.I)
_VERB = re.compile(r"\b(?:get|gets|gives?|yields?|obtain|obtains|equals?|compute[sd]?|calculated?)\b", re.I)


def _last_end(pat: re.Pattern, text: str, pos: int) -> int:
    """End of the last match of ``pat`` in text[pos:], or ``pos`` when there is none."""
    end = pos
    for m in pat.finditer(text, pos):
        end = m.end()
    return end


def _clause_ends(text: str) -> list[re.Match]:
    """Clause ends outside brackets (the comma of "min(SCr/κ, 1)" is the formula's own)."""
    out = []
    for m in _CLAUSE_END.finditer(text):
        before = text[: m.start()]
        if before.count("(") <= before.count(")"):
            out.append(m)
    return out


def _pieces(part: str, offset: int) -> list[tuple[int, int]]:
    """Where the formula may be in one side of "=": right after the prose lead ("... is <f>, where"),
    or at the end of the clause before "=" ("..., we will get <f> = 393/√0.5")."""
    out = []
    rest = part[offset:]
    ends = _clause_ends(rest)
    end = ends[0] if ends else None
    head = rest[: end.start()] if end else rest
    if head.strip():
        a = offset + len(head) - len(head.lstrip())
        out.append((a, a + len(head.strip())))
    if end:
        tail_start = offset + ends[-1].end()  # after the last clause end (found in the same text as the first)
        tail_start = _last_end(_VERB, part, tail_start)
        tail = part[tail_start:]
        if tail.strip():
            a = tail_start + len(tail) - len(tail.lstrip())
            out.append((a, a + len(tail.strip())))
    else:
        verb_end = _last_end(_VERB, part, offset)
        tail = part[verb_end:]
        if verb_end > offset and tail.strip():
            a = verb_end + len(tail) - len(tail.lstrip())
            out.append((a, a + len(tail.strip())))
    return out


def _stated_unit(text: str, calc_id: str) -> str | None:
    """The one unit of the formula's forms (``Formula.form_units``) the statement writes, or None."""
    units = {u for u in _formulas()[calc_id].form_units if u}
    if not units or _formulas()[calc_id].form_unit_input:
        return None  # (a unit told apart by how the trace writes one input's value: the pipeline's question)
    low = text.lower()
    written = {u for u in units if u.lower() in low}
    return written.pop() if len(written) == 1 else None


def _statement(template: str, calc_id: str, start: int, end: int, unnamed: bool = False, main_only: bool = False,
               unit: str | None = None) -> Statement | None:
    v = _verdict(template, calc_id, main_only, unit)
    if v is None:
        return None
    if unnamed and not v[0] and _PRODUCT_ONLY.fullmatch(_SLOT.sub("v", template)):
        return None  # an unnamed product of the variables alone ("Compute: height*weight = 4800"): a part of the formula
    return Statement(start, end, v[0], v[1], v[2], calc_id, v[3] if len(v) > 3 else (), v[4] if len(v) > 4 else None, v[5] if len(v) > 5 else None)


_PRODUCT_ONLY = re.compile(r"\s*v(?:\s*[*×·]\s*v)+\s*")


@lru_cache(maxsize=256)
def _main_form_only(calc_id: str | None) -> frozenset[str]:
    """The formulas whose alternative forms are wrong within this calculator (module-level
    ``MAIN_FORM_ONLY``: the delta gap's normal gap of 12 leaves potassium out of the anion gap)."""
    if calc_id is None:
        return frozenset()
    from clinverify.calculators import CalculatorError, get

    try:
        calc = get(calc_id)
    except CalculatorError:  # an unknown id: nothing declared
        return frozenset()
    return frozenset(declaration(calc, "MAIN_FORM_ONLY") or ())


@lru_cache(maxsize=64)
def _points(calc_id: str) -> tuple[Values, ...]:
    rng = random.Random(zlib.crc32(calc_id.encode()))  # the same points in every process
    return tuple(_formulas()[calc_id].sample(rng) for _ in range(3))


def _agree(got: list[float], want: list[float], factor: float = 1.0) -> bool:
    return all(math.isclose(g, w * factor, rel_tol=1e-6, abs_tol=1e-9) for g, w in zip(got, want, strict=False))


def _verdict_for_some(template: str, calc_id: str, fixed: list[str], names: list[str], forms: tuple) -> tuple | None:
    formula = _formulas()[calc_id]
    choices = _choices(calc_id)
    if any(n not in choices for n in fixed):
        return None  # a constant that takes any value: nothing to judge
    points = _points(calc_id)
    try:
        got = [_value(template, v) for v in points]
        for combo in itertools.product(*(choices[n] for n in fixed)):
            at = [dict(v, **dict(zip(fixed, combo, strict=True))) for v in points]
            if any(_agree(got, [f(x) for x in at]) for f in forms):
                shown = ", ".join(f"{n} = {c:g}" for n, c in zip(fixed, combo, strict=True))
                return True, f"the formula matches {formula.text} (with {shown})", False, tuple(zip(fixed, combo, strict=True))
    except (EvalError, ValueError, ZeroDivisionError, OverflowError, KeyError):
        return None
    shown = ", ".join(f"{n} {points[0][n]:.4g}" for n in names)
    return False, f"this is not the calculator's formula {formula.text} for any {', '.join(fixed)}: at {shown} it gives {got[0]:.4g}", False


def _rounding_slack(template: str, v: Values, scale: tuple[str, float] | None) -> float:
    """How far the rounding of the template's decimals can move its value at one point: the sum,
    over each constant written with decimals, of the change that half a unit of its last digit
    makes ("0.91": ± 0.005). Integers are taken as exact ("− 60", "÷ 3")."""
    base = _value(template, v, scale)
    total = 0.0
    for m in _LITERAL.finditer(template):
        if "." not in m.group():
            continue  # an integer: exact
        half = 0.5 * 10 ** -len(m.group().split(".")[1])
        moved = template[: m.start()] + repr(float(m.group()) + half) + template[m.end() :]
        total += abs(_value(moved, v, scale) - base)
    return total


def _moves_alike(template: str, form, v: Values, names: list[str], scale: tuple[str, float] | None) -> bool:
    """Does each variable the template writes move its result as it moves the form's (within 2 %)?
    Agreement within a tolerance alone would take a term scaled to nothing ("2 × (Na + K)" with K
    read in thousandths) for a formula without it."""
    base_t, base_f = _value(template, v, scale), form(v)
    for n in names:
        moved = dict(v, **{n: v[n] * 1.01})
        d_t, d_f = _value(template, moved, scale) - base_t, form(moved) - base_f
        if not d_f or abs(d_t - d_f) > 0.02 * abs(d_f):
            return False
    return True


@lru_cache(maxsize=64)
def _choices(calc_id: str) -> dict[str, tuple[float, ...]]:
    """The values each specialisable constant takes in the formula's samples, when they are a few
    fixed choices (the female factor 1 or 0.742), not a range."""
    f = _formulas()[calc_id]
    rng = random.Random(1)
    seen: dict[str, set[float]] = {}
    for _ in range(40):
        for n, x in f.sample(rng).items():
            if n in f.specialisable:
                seen.setdefault(n, set()).add(x)
    return {n: tuple(sorted(xs)) for n, xs in seen.items() if len(xs) <= 4}


@lru_cache(maxsize=2048)  # differently worded statements often reduce to the same template
def _verdict(template: str, calc_id: str, main_only: bool = False, unit: str | None = None) -> tuple | None:
    """(matches, detail, minor) for a template against the formula; None if it cannot be evaluated.
    ``main_only``: only its first form is right here (the calculator being verified says so).
    ``unit``: the unit the statement writes; only the forms for it are right (``Formula.form_units``)."""
    formula = _formulas()[calc_id]
    forms = formula.forms[:1] if main_only else formula.forms
    if unit is not None and formula.form_units:
        forms = tuple(f for f, u in zip(forms, formula.form_units, strict=False) if u in (None, unit)) or forms
    points = _points(calc_id)
    names = sorted(set(_SLOT.findall(template)))
    fixed = sorted(formula.specialisable - set(names) & key_variables(calc_id))
    if fixed:
        # Written for one patient's constants (0.85 for a woman, or both factors "if female",
        # "if Black" multiplied in): right if some choice of those constants gives the formula.
        return _verdict_for_some(template, calc_id, fixed, names, forms)
    try:
        got = [_value(template, v) for v in points]
        wants = [[f(v) for v in points] for f in forms]
        matched = [i for i, w in enumerate(wants) if _agree(got, w)]
        if matched:
            form_units = [u for f, u in zip(formula.forms, formula.form_units, strict=False) if f in forms] if formula.form_units else []
            unit_of = form_units[matched[0]] if len(matched) == 1 and matched[0] < len(form_units) else None
            form_sexes = [x for f, x in zip(formula.forms, formula.form_sexes, strict=False) if f in forms] if formula.form_sexes else []
            sexes = {form_sexes[i] if i < len(form_sexes) else None for i in matched}
            sex_of = sexes.pop() if len(sexes) == 1 else None
            if unit_of is not None and formula.forms.index(forms[matched[0]]) > 0:  # (not the first form: a convention in its units)
                return True, f"the formula matches {formula.text} in its {unit_of} form", False, (), unit_of, sex_of
            return True, f"the formula matches {formula.text}", False, (), unit_of, sex_of
        if re.search(r"\blog\b(?!10)", template):  # "log" meaning the natural log, as in code
            as_ln = re.sub(r"\blog\b(?!10)", "ln", template)
            if any(_agree([_value(as_ln, v) for v in points], w) for w in wants):
                return True, f"the formula matches {formula.text} (log read as the natural log)", False
        if any(_agree(got, w, 100.0) or _agree(got, w, 0.01) for w in wants):
            return True, f"the formula matches {formula.text} (as a percentage)", False
        for name in names if unit is None else ():  # (a statement that writes its unit takes its variables in it)
            for k in _UNIT_FACTORS:
                try:
                    scaled = [_value(template, v, (name, k)) for v in points]
                except (EvalError, ValueError, ZeroDivisionError, OverflowError):
                    continue  # an exponent in other units is out of range: not this reading
                if any(_agree(scaled, w) for w in wants):
                    return True, f"the formula matches {formula.text} ({name} in other units)", False
        for name, alt in formula.aliases.items():  # "(SCr/κ)^α" with α the exponent that applies
            if f"§{name}§" in template:
                other = template.replace(f"§{name}§", f"§{alt}§")
                if any(_agree([_value(other, v) for v in points], w) for w in wants):
                    return True, f"the formula matches {formula.text} ({name} read as the exponent that applies)", False
        # A variable that stands for its product with one the statement does not write ("TBW"
        # as the volume, fraction × weight): the same formula with that product named.
        missing = [m for m in key_variables(calc_id) if m not in names]
        for name in names:
            for other in missing:
                try:
                    scaled = [_value(template, dict(v, **{name: v[name] * v[other]})) for v in points]
                except (EvalError, ValueError, ZeroDivisionError, OverflowError):
                    continue
                if any(_agree(scaled, w) for w in wants):
                    return True, f"the formula matches {formula.text} ({name} taken as {name} × {other})", False
        # A value written in place of one variable, the others left as names ("ABW = IBW + 0.4 ×
        # (90 − IBW)"): the formula with that variable at the value written. Whether the value is
        # the patient's is the substitution's and extraction's question, not the formula's.
        if names and missing:
            for x in sorted({float(n) for n in _LITERAL.findall(template)}):
                for other in missing:
                    if any(_agree(got, [f(dict(v, **{other: x})) for v in points]) for f in forms):
                        return True, f"the formula matches {formula.text} (with {other} {x:g} written in)", False, ((other, x),)
        # The formula written in other units with its constants rounded ("50 + 0.91 × (height in cm −
        # 152.4)" for 2.3 kg per inch over 60 in; "× 0.3937" for ÷ 2.54): it agrees within what the
        # rounding of its written decimals can move it (each by half a unit of its last digit).
        if any("." in x for x in _LITERAL.findall(template)):
            for name, k in ((None, 1.0), *((n, k) for n in (names if unit is None else ()) for k in _UNIT_FACTORS)):
                scale = (name, k) if name else None
                try:
                    scaled = [_value(template, v, scale) for v in points]
                    slack = [_rounding_slack(template, v, scale) for v in points]
                except (EvalError, ValueError, ZeroDivisionError, OverflowError):
                    continue
                for f, want in zip(forms, wants, strict=False):
                    if all(abs(g - w) <= sl + 1e-9 * abs(w) for g, w, sl in zip(scaled, want, slack, strict=False)) and _moves_alike(template, f, points[0], names, scale):
                        return True, f"the formula matches {formula.text} (its constants rounded{f', {name} in other units' if name else ''})", False
    except (EvalError, ValueError, ZeroDivisionError, OverflowError, KeyError):
        return None
    v = points[0]
    shown = ", ".join(f"{n} {v[n]:.4g}" for n in names)
    detail = f"this is not the calculator's formula {formula.text}: at {shown} it gives {got[0]:.4g}, not {wants[0][0]:.4g}"
    if unit is not None and len(forms) < len(formula.forms):
        detail += f" (in {unit}; the form it matches is for other units)"
    if any(all(w and abs(g - w) <= MINOR_SHIFT * abs(w) for g, w in zip(got, want, strict=False)) for want in wants):
        return False, detail + MINOR_NOTE, True  # a variant that moves the result less than the tolerance
    return False, detail, False
