"""What the verifier knows about a calculator, derived from its declaration (cached per calculator).

- ``constants``: the numbers of its formula (coefficients, exponents, thresholds). Derived, not
  hand-listed: numbers that appear in the calculator's own explanation for two unrelated patients
  are the formula's constants (patient values and results differ between the two).
- ``input_for(name)``: which input a phrase in a trace names ("serum creatinine" -> creatinine).
- ``criteria``: the scoring criteria of a rule-based score (module-level ``CRITERIA``); their
  phrases are read by ``criteria_read``. ``point_items`` adds the point tables an equation is
  also published as (``POINT_ITEMS``), read the same way but never summed into the answer.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from functools import lru_cache

from clinverify.calculators import Calculator, CalculatorError, list_calculators
from clinverify.calculators.inputs import Choice, Date, Flag, Number
from clinverify.calculators.units import dimension_of

_NUM = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\w])")
_WORD = re.compile(r"[a-z0-9]+")
_GENERIC = frozenset("the of a an in patient s value level serum blood plasma count total concentration".split())
# Words that make a phrase name another quantity than an input whose name lacks them: "LDL
# cholesterol" is not total cholesterol, "urine sodium" not serum sodium.
_QUALIFIERS = frozenset("ldl hdl vldl non urine urinary ionized ionised free corrected predicted ideal adjusted ratio gradient difference change index clearance equivalent converted".split())


def _sample(calc: Calculator, frac: float, flag: bool) -> dict:
    out = {}
    for i in calc.inputs:
        if isinstance(i, Number):
            lo, hi = i.range
            v = lo + frac * (hi - lo)
            out[i.name] = round(v) if i.integer else v
        elif isinstance(i, Flag):
            out[i.name] = flag
        elif isinstance(i, Choice):
            if not i.required and getattr(i, "default", None) is not None:
                out[i.name] = i.default  # an optional version or method: the calculator's own formula
                continue
            opts = list(i.options)
            out[i.name] = opts[int(frac * 10) % len(opts)]
        elif isinstance(i, Date):
            out[i.name] = dt.date(2021, 3, 7) if frac < 0.5 else dt.date(2023, 9, 21)
    return out


def _numbers(lines: list[str]) -> set[float]:
    return {float(m.group().replace("−", "-")) for line in lines for m in _NUM.finditer(line)}


@lru_cache(maxsize=256)
def constants(calc: Calculator) -> frozenset[float]:
    """Numbers of the formula itself, found in the explanation for two unrelated inputs."""
    sets = []
    for frac, flag in ((0.3137, True), (0.4271, False), (0.2293, True)):
        try:
            res = calc.compute(_sample(calc, frac, flag))
            sets.append(_numbers(res.explanation()))
        except (CalculatorError, ZeroDivisionError, ValueError, KeyError):
            continue
    if len(sets) < 2:
        return frozenset()
    common = set.intersection(*sets)
    return frozenset(x for x in common if x not in (0.0, 1.0))


@lru_cache(maxsize=256)
def declared_numbers(calc: Calculator) -> frozenset[float]:
    """The numbers of the formulas a calculator declares as traces state them (``STATEMENTS``:
    "Na + 0.016 × (glucose − 100) (Katz; Hillier: 0.024)")."""
    items = declaration(calc, "STATEMENTS") or ()
    texts = [f.text for f in items if isinstance(getattr(f, "text", None), str)] if isinstance(items, (tuple, list)) else []
    return frozenset(x for x in _numbers(texts) if x not in (0.0, 1.0))


_SUFFIX = re.compile(r"(?:ations?|ated|ating|ed)$")


# Subscript digits read as digits ("HCO₃" is "HCO3"); an ion's superscript charge is no letter of its name.
_SCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789", "⁺⁻")


# Clinical shorthand for a word of the inputs' labels ("ht x wt = 158 x 63").
_SHORTHAND = {"wt": "weight", "wgt": "weight", "ht": "height", "hgt": "height"}


def _tokens(text: str) -> frozenset[str]:
    """Content words, long ones reduced to a stem ("saturated" and "saturation": "satur"), shorthand
    read as its word ("wt": "weight")."""
    low = text.lower().translate(_SCRIPTS) if not text.isascii() else text.lower()
    return frozenset(_SUFFIX.sub("", w) if len(w) > 6 else _SHORTHAND.get(w, w) for w in _WORD.findall(low) if w not in _GENERIC)


@lru_cache(maxsize=256)
def _input_names(calc: Calculator) -> tuple[tuple[frozenset[str], str], ...]:
    out = []
    for i in calc.inputs:
        for label in (i.name.replace("_", " "), *i.aliases, i.description):
            toks = _tokens(label)
            if toks:
                out.append((toks, i.name))
    return tuple(out)


_CHANGE_OF = re.compile(r"\W{0,4}(?:[Δ∆]|delta\s+(?!gap|ratio)|change\s+in\b)", re.I)


@lru_cache(maxsize=8192)
def input_for(calc: Calculator, phrase: str | None) -> str | None:
    """The input a phrase names: the label sharing the most words, all its words present. A word
    one letter away from a word of the calculator's labels is read as that word ("Albmumin",
    "systiolic", "cholestrol": typos models copy from templates), when nothing matches as written."""
    if not phrase or _CHANGE_OF.match(phrase):
        return None  # "ΔHCO3", "delta bicarbonate": a change of the quantity, not its value
    words = _tokens(phrase)
    found = _input_for_words(calc, words)
    if found is None and words - _LINKING in _BLOOD_PRESSURE:
        # "The patient's blood pressure is 90 mm Hg" (one number): the one pressure the calculator reads
        pressures = {name for toks, name in _input_names(calc) if "pressure" in toks and toks & {"systolic", "diastolic"}}
        found = pressures.pop() if len(pressures) == 1 else None
    if found is None:
        vocab = _input_words(calc)
        known = _all_input_words()  # "height" is a word, not a typo of "weight"
        fixed = frozenset(w if w in known or len(w) < 6 else _one_edit_from(w, vocab) or w for w in words)
        if fixed != words:
            found = _input_for_words(calc, fixed)
    return found


def input_names(inp) -> tuple[str, ...]:
    """An input's name and aliases as a trace writes them, lowercase ("last menstrual period", "lmp")."""
    return tuple(dict.fromkeys((inp.name.replace("_", " "), *(a.lower() for a in inp.aliases))))


_BLOOD_PRESSURE = (frozenset({"pressure"}), frozenset({"bp"}))  # "blood" is a generic word here
_LINKING = frozenset({"is", "was", "were", "are", "of", "at", "on", "her", "his", "their"})


@lru_cache(maxsize=256)
def _input_words(calc: Calculator) -> frozenset[str]:
    return frozenset(w for toks, _ in _input_names(calc) for w in toks)


@lru_cache(maxsize=1)
def _all_input_words() -> frozenset[str]:
    """Every word of every calculator's input labels: what is written as one is never read as a typo."""
    return frozenset(w for calc in list_calculators() for w in _input_words(calc))


def _one_edit_from(word: str, vocab: frozenset[str]) -> str | None:
    """The one word of ``vocab`` (6 letters or more) that ``word`` becomes by one insertion,
    deletion, substitution or swap of neighbours; None when there is none or more than one."""
    hits = {v for v in vocab if len(v) >= 6 and abs(len(v) - len(word)) <= 1 and _one_edit(word, v)}
    return hits.pop() if len(hits) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i:] == b[i + 1 :]


COUNT_RATE_UNITS = frozenset({"1/day", "1/week"})  # as claims spells "3 doses per day", "15 drinks per week"


@lru_cache(maxsize=8192)
def input_by_unit(calc: Calculator, phrase: str | None, unit: str | None, scheduled: bool = False) -> str | None:
    """The one number input whose labels hold every word of the phrase that names some input and
    whose unit is of the value's kind ("Tramadol: 3 doses per day": tramadol_doses_per_day, not
    tramadol_dose; "Alcohol: 15 drinks per week"); None when no word names an input, or several
    inputs fit. For a phrase ``input_for`` cannot place, and a count per day or week only: a mass
    or a time under a drug's or a month's name is as often a conversion or a calendar's, unless
    the value is ``scheduled`` (written with how often it is taken: "oxycodone 60 mg twice daily")."""
    if not phrase or not unit or (unit not in COUNT_RATE_UNITS and not scheduled):
        return None
    words = _tokens(phrase) & _input_words(calc)
    kind = dimension_or_none(unit)
    if not words or kind is None:
        return None
    fits = {name for toks, name in _input_names(calc)
            if words <= toks and isinstance(calc.input(name), Number) and dimension_or_none(calc.input(name).unit) == kind}
    return fits.pop() if len(fits) == 1 else None


TEMPERATURE_UNITS = frozenset({"°C", "°F"})


@lru_cache(maxsize=1024)
def input_by_temperature(calc: Calculator, unit: str | None) -> str | None:
    """The calculator's one temperature input, for a value written in degrees under no input's name
    ("Patient has 38.5 °C → meets"): nothing else a calculator reads is measured in degrees."""
    if unit not in TEMPERATURE_UNITS:
        return None
    kind = dimension_or_none(unit)
    fits = [i.name for i in calc.inputs if isinstance(i, Number) and dimension_or_none(i.unit) == kind]
    return fits[0] if len(fits) == 1 else None


def dimension_or_none(unit: str) -> str | None:
    """The unit's dimensionality (``units.dimension_of``), or None where the unit layer does not know it."""
    try:
        return dimension_of(unit)
    except (CalculatorError, ValueError, KeyError, AttributeError, TypeError):
        return None


def _input_for_words(calc: Calculator, words: frozenset[str]) -> str | None:
    best, best_key = None, (0, 0)
    for toks, name in _input_names(calc):
        if toks <= words and not (words & _QUALIFIERS) - toks:
            key = (len(toks), -len(words - toks))
            if key > best_key:
                best, best_key = name, key
    return best


def declaration(calc: Calculator, name: str, default=None):
    """What the calculator's module declares under ``name`` (``CRITERIA``, ``STATEMENTS``,
    ``POINT_ITEMS``, ...): the one place the verifier reads a calculator's knowledge from."""
    return getattr(sys.modules.get(calc.compute_fn.__module__), name, default)


def criteria(calc: Calculator):
    """The scoring criteria of a rule-based score, or () for an equation."""
    return tuple(declaration(calc, "CRITERIA") or ())


def points_table(calc: Calculator):
    """The published table from a point total to the result (``risk_by_points(total, sex)``), or None."""
    return declaration(calc, "risk_by_points")


def point_items(calc: Calculator):
    """Items a trace may give points for: a score's criteria, or the point tables an equation is
    also published as (module-level ``POINT_ITEMS``: ATP III's Framingham points), whose total is
    not the answer."""
    return criteria(calc) or tuple(declaration(calc, "POINT_ITEMS") or ())


@lru_cache(maxsize=4096)
def analyte_named(phrase: str | None) -> str | None:
    """An analyte whose name appears in the phrase ('BUN 28 mg/dL' -> 'bun')."""
    if not phrase:
        return None
    from clinverify.calculators.units import ANALYTES

    words = set(_WORD.findall(phrase.lower()))
    if "bun" in words or {"urea", "nitrogen"} <= words:
        return "bun"
    for name in ANALYTES:
        if set(name.split("_")) <= words:
            return name
    return None


# Unit pairs whose factor a trace may write inside a calculation ("160 cm / 2.54", "× 0.4536",
# "÷ 88.4"): such a factor is a unit conversion, never a coefficient of the calculator.
_FACTOR_PAIRS = (
    ("cm", "in", None), ("m", "in", None), ("ft", "in", None), ("ft", "cm", None), ("m", "cm", None),
    ("kg", "lb", None), ("kg", "g", None), ("g", "mg", None), ("mg", "ug", None), ("L", "mL", None), ("L", "dL", None),
    ("dL", "mL", None), ("day", "hour", None), ("hour", "minute", None), ("minute", "second", None), ("second", "millisecond", None),
    ("umol/L", "mg/dL", "creatinine"), ("mmol/L", "mg/dL", "glucose"), ("mmol/L", "mg/dL", "bun"), ("mmol/L", "mg/dL", "urea"),
    ("mmol/L", "mg/dL", "calcium"), ("mmol/L", "mg/dL", "cholesterol"), ("mmol/L", "mg/dL", "triglycerides"),
    ("umol/L", "mg/dL", "bilirubin"), ("g/L", "g/dL", None), ("mmol/L", "mg/dL", "magnesium"),
)


@lru_cache(maxsize=1)
def unit_factors() -> frozenset[float]:
    """Conversion factors between the units models convert in traces, both directions."""
    from clinverify.calculators.units import convert

    out: set[float] = set()
    for a, b, analyte in _FACTOR_PAIRS:
        try:
            f = convert(1.0, a, b, analyte)
        except (CalculatorError, ValueError, ZeroDivisionError):
            continue
        out.update((f, 1.0 / f))
    # Rounded forms models use for the molar conversions (glucose 18, BUN 2.8, creatinine 88.4).
    out.update((18.0, 18.0182, 2.8, 2.86, 88.4, 88.42, 0.0884, 0.0113, 0.0555, 0.357, 38.67, 88.57, 17.1))
    return frozenset(x for x in out if x not in (0.0, 1.0))


@lru_cache(maxsize=4096)
def is_unit_factor(value: float, decimals: int | None) -> bool:
    tol_abs = 0.5 * 10.0 ** -(decimals if decimals is not None else 6)
    return any(abs(value - f) <= max(tol_abs, 0.002 * f) for f in unit_factors())


# Words that name clinical quantities: what a formula statement or a note may name a value by.
_QUANTITY_WORD = re.compile(r"[a-z][a-z0-9]+")
_NOT_QUANTITIES = frozenset(
    "the of and or in to for with a an is are by as from times plus minus divided multiplied over per serum plasma blood level value "
    "count total normal patient patients current measured actual observed rate score points point factor constant ratio".split()
)


@lru_cache(maxsize=1)
def quantity_words() -> frozenset[str]:
    """Words that name a clinical quantity somewhere in the registry (an input of any calculator)."""
    from clinverify.calculators import list_calculators
    from clinverify.calculators.inputs import Number

    out: set[str] = set()
    for calc in list_calculators():
        for inp in calc.inputs:
            if isinstance(inp, Number):
                for label in (inp.name.replace("_", " "), *inp.aliases):
                    out.update(w for w in _QUANTITY_WORD.findall(label.lower()) if len(w) >= 3)
    from clinverify.calculators.units import ANALYTES

    out.update(w for name in ANALYTES for w in name.split("_") if len(w) >= 3)
    return frozenset((out | _LAB_WORDS) - _NOT_QUANTITIES)


# Common laboratory quantities no calculator takes as an input, written in wrong formulas.
_LAB_WORDS = frozenset("lactate lactic alp ggt ldh crp esr ferritin lipase amylase ammonia troponin ck".split())


def unitless_count(value: float, inp) -> float:
    """A count per µL written without its unit, read for an input counted per nL (10^9/L): "a WBC
    count of 8,000" is 8.0; any other value as it is."""
    return value / 1000.0 if getattr(inp, "unit", None) == "1/nL" and value >= 1000 else value
