"""Typed input declarations and their validation (raw entity value -> canonical value).

Each declaration knows how to turn what a caller or a dataset writes (a number, a
``[value, unit]`` pair, ``{"value": v, "unit": u}``, a string such as ``"1.4 mg/dL"``, a
boolean, an option name, a date) into one canonical Python value, or raise a
``FieldViolation`` that names the field, the value, the unit and the valid range.
"""

from __future__ import annotations

import ast
import datetime as _dt
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from clinverify.calculators.errors import FieldViolation, UnitError
from clinverify.calculators.limits import (
    MAX_ENTITIES_TEXT_CHARS,
    MAX_ENTITY_KEYS,
    MAX_KEY_CHARS,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
    MAX_UNIT_CHARS,
    MAX_VALUE_DEPTH,
    MAX_VALUE_ITEMS,
    digits,
    quote,
    shorten,
    too_many_digits,
)
from clinverify.calculators.units import affine, dimension_of

_NUM_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")

_MISSING = object()


def parse_mapping_text(text: str) -> object:
    """Entities (or a label) written as text: JSON, or the Python-literal dict MedCalc-Bench
    writes (parsed with ``ast.literal_eval``, never ``eval``). Raises ValueError when it is
    neither; the caller checks that the value is a mapping. Text over MAX_ENTITIES_TEXT_CHARS is
    refused unread (``ast.literal_eval`` takes about 1 s per 600 KB)."""
    if len(text) > MAX_ENTITIES_TEXT_CHARS:
        raise ValueError(f"text is {len(text)} characters; the limit is {MAX_ENTITIES_TEXT_CHARS}")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError; deep nesting recurses
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("not a JSON object or Python dict literal") from None


class Invalid(Exception):
    """Raised by an input's ``coerce``; carries the message for the field violation."""


def check_entities(entities: Mapping, field_of: Callable[[str], str | None]) -> list[FieldViolation]:
    """The raw entities' violations of the size limits (``limits.py``), found before anything parses them.

    Cost: O(number of keys + MAX_VALUE_ITEMS per value), however large the input. ``field_of``
    names the input an entity key feeds (None for a key no input reads: the key itself, cut to
    MAX_QUOTED_CHARS, names the field then).
    """
    n = len(entities)
    if n > MAX_ENTITY_KEYS:
        return [FieldViolation("entities", f"{n} keys; the limit is {MAX_ENTITY_KEYS}")]
    problems = []
    for key, raw in entities.items():
        if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
            problems.append(FieldViolation("entities", f"key is {len(key)} characters; the limit is {MAX_KEY_CHARS}: {quote(key, 40)}"))
            continue
        problem = value_problem(raw)
        if problem is not None:
            name = field_of(key) if isinstance(key, str) else None
            problems.append(FieldViolation(name or (shorten(key) if isinstance(key, str) else quote(key)), problem))
    return problems


def value_problem(raw: object) -> str | None:
    """How one raw entity value exceeds the limits (nesting, items, text, unit or number size), or None.

    The unit is the last string of a top-level [value, unit] / [drug, dose, unit] or a top-level
    {"unit": ...}; every other string is text. Walks at most MAX_VALUE_ITEMS elements.
    """
    items = 0
    stack: list[tuple[object, int, bool]] = [(raw, 0, False)]  # (value, nesting depth, is a unit)
    while stack:
        v, depth, is_unit = stack.pop()
        if isinstance(v, str):
            if is_unit and len(v) > MAX_UNIT_CHARS:
                return f"unit is {len(v)} characters; the limit is {MAX_UNIT_CHARS}"
            if len(v) > MAX_TEXT_CHARS:
                return f"text is {len(v)} characters; the limit is {MAX_TEXT_CHARS}"
        elif isinstance(v, int) and not isinstance(v, bool):
            if too_many_digits(v):
                return f"number has about {digits(v)} digits; the limit is {MAX_NUMBER_CHARS}"
        elif isinstance(v, (list, tuple, dict)):
            if depth == MAX_VALUE_DEPTH:
                return f"value is nested more than {MAX_VALUE_DEPTH} deep; the limit is {MAX_VALUE_DEPTH}"
            items += len(v)
            if items > MAX_VALUE_ITEMS:
                return f"value has at least {items} items (lists and dicts, all levels); the limit is {MAX_VALUE_ITEMS}"
            if isinstance(v, dict):
                for k, x in v.items():
                    stack.append((k, depth + 1, False))
                    stack.append((x, depth + 1, depth == 0 and k == "unit"))
            else:
                unit_at = len(v) - 1 if depth == 0 and len(v) in (2, 3) else -1
                stack.extend((x, depth + 1, i == unit_at) for i, x in enumerate(v))
    return None


def split_value_unit(raw: object) -> tuple[object, str | None]:
    """Accept v, [v, u], (v, u), {"value": v, "unit": u} or "v u" and return (v, u)."""
    if isinstance(raw, (list, tuple)):
        if len(raw) == 2 and (raw[1] is None or isinstance(raw[1], str)):
            return raw[0], raw[1]
        if len(raw) == 1:
            return raw[0], None
        raise Invalid(f"expected [value, unit], got {quote(raw)}")
    if isinstance(raw, dict):
        if "value" not in raw:
            raise Invalid(f'expected {{"value": ..., "unit": ...}}, got {quote(raw)}')
        unit = raw.get("unit")
        if unit is not None and not isinstance(unit, str):
            raise Invalid(f"expected the unit as text, got {quote(unit)}")
        return raw["value"], unit
    if isinstance(raw, str):
        m = _NUM_UNIT.match(raw)
        if m:
            return m.group(1).replace(",", "."), (m.group(2) or None)
    return raw, None


def to_float(value: object) -> float:
    """A finite float from a number or its text (at most MAX_NUMBER_CHARS characters or digits)."""
    if isinstance(value, bool):
        raise Invalid(f"expected a number, got {value!r}")
    if isinstance(value, int) and too_many_digits(value):
        raise Invalid(f"number has about {digits(value)} digits; the limit is {MAX_NUMBER_CHARS}")
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise Invalid(f"text of {len(text)} characters where a number is expected; the limit is {MAX_NUMBER_CHARS}: {quote(text, 40)}")
        try:
            x = float(text.replace(",", ""))
        except ValueError:
            raise Invalid(f"expected a number, got {quote(value)}") from None
    else:
        raise Invalid(f"expected a number, got {quote(value)}")
    if not math.isfinite(x):
        raise Invalid(f"expected a finite number, got {quote(value)}")
    return x


def _fmt(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True, slots=True)
class Number:
    """A measured quantity, stored in ``unit`` (its canonical unit).

    A bare number is taken to be in the canonical unit. ``analyte`` enables mass <->
    amount conversions (mg/dL <-> µmol/L). ``range`` is the plausible range in the
    canonical unit: values outside it are rejected as entry errors.
    """

    name: str
    unit: str
    range: tuple[float, float]
    description: str = ""
    analyte: str | None = None
    required: bool = True
    default: float | None = None
    aliases: tuple[str, ...] = ()
    integer: bool = False
    kind: str = field(default="number", init=False)

    @property
    def dimension(self) -> str:
        return dimension_of(self.unit) if self.unit not in ("", "1") else "dimensionless"

    def coerce(self, raw: object) -> float:
        value, unit = split_value_unit(raw)
        if unit is not None and len(unit) > MAX_UNIT_CHARS:  # before pint, whose time grows with its square
            raise Invalid(f"unit is {len(unit)} characters; the limit is {MAX_UNIT_CHARS}")
        x = to_float(value)
        if unit and unit.strip() and unit.strip() != self.unit:
            try:
                scale, offset = affine(unit, self.unit, self.analyte)
            except UnitError as exc:
                raise Invalid(f"{_fmt(x)} {unit}: {exc}") from None
            # Round away float noise of the conversion (102.2 °F -> 39.0 °C, not 38.99999999999874),
            # so a converted value on a published cut-off lands on it.
            y = float(f"{x * scale + offset:.12g}")
        else:
            y = x
        lo, hi = self.range
        if not lo <= y <= hi:
            shown = f"{_fmt(x)} {unit}" if unit and unit != self.unit else f"{_fmt(x)} {self.unit}".rstrip()
            conv = f" (= {y:.4g} {self.unit})" if unit and unit != self.unit and y != x else ""
            raise Invalid(f"{shown}{conv} is outside the plausible range {_fmt(lo)}–{_fmt(hi)} {self.unit}".rstrip())
        if self.integer:
            if y != int(y):
                raise Invalid(f"expected a whole number, got {_fmt(y)}")
            return int(y)
        return y

    def describe(self) -> str:
        return f"{self.unit or 'dimensionless'}, {_fmt(self.range[0])}–{_fmt(self.range[1])}"


_TRUE = {"true", "yes", "y", "1", "present", "positive", "t"}
_FALSE = {"false", "no", "n", "0", "absent", "negative", "f", "none"}


@dataclass(frozen=True, slots=True)
class Flag:
    """A yes/no criterion. Absent means False (MedCalc-Bench: unmentioned = not present)."""

    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: bool = False
    kind: str = field(default="flag", init=False)

    def coerce(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise Invalid(f"expected true or false, got {quote(raw)}")

    def describe(self) -> str:
        return "true/false (absent = false)"


@dataclass(frozen=True, slots=True)
class Choice:
    """One of a fixed set of options. ``options`` maps each option to accepted spellings."""

    name: str
    options: dict[str, tuple[str, ...]]
    description: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = True
    default: str | None = None
    kind: str = field(default="choice", init=False)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for opt, spellings in self.options.items():
            for s in (opt, *spellings):
                self._lookup[s.strip().lower()] = opt

    def coerce(self, raw: object) -> str:
        if isinstance(raw, (list, tuple)) and len(raw) in (1, 2):
            raw = raw[0]
        if isinstance(raw, dict) and "value" in raw:
            raw = raw["value"]
        number = isinstance(raw, (int, float)) and not isinstance(raw, bool) and not (isinstance(raw, int) and too_many_digits(raw))
        key = str(raw).strip().lower() if isinstance(raw, str) or number else None
        if key is not None and key in self._lookup:
            return self._lookup[key]
        raise Invalid(f"expected one of {', '.join(self.options)}, got {quote(raw)}")

    def describe(self) -> str:
        return "one of " + ", ".join(self.options)


_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y")


@dataclass(frozen=True, slots=True)
class Date:
    """A calendar date: 'MM/DD/YYYY' (MedCalc-Bench), ISO 'YYYY-MM-DD', or a date object."""

    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = True
    default: None = None
    range: tuple[int, int] = (1900, 2200)  # plausible years
    kind: str = field(default="date", init=False)

    def coerce(self, raw: object) -> _dt.date:
        if isinstance(raw, (list, tuple)) and len(raw) in (1, 2):
            raw = raw[0]
        if isinstance(raw, _dt.datetime):
            d = raw.date()
        elif isinstance(raw, _dt.date):
            d = raw
        elif isinstance(raw, str):
            for fmt in _DATE_FORMATS:
                try:
                    d = _dt.datetime.strptime(raw.strip(), fmt).date()
                    break
                except ValueError:
                    continue
            else:
                raise Invalid(f"expected a date as MM/DD/YYYY or YYYY-MM-DD, got {quote(raw)}")
        else:
            raise Invalid(f"expected a date as MM/DD/YYYY or YYYY-MM-DD, got {quote(raw)}")
        if not self.range[0] <= d.year <= self.range[1]:
            raise Invalid(f"year {d.year} is outside the plausible range {self.range[0]}–{self.range[1]}")
        return d

    def describe(self) -> str:
        return "date (MM/DD/YYYY or YYYY-MM-DD)"


Input = Number | Flag | Choice | Date

SEX = {"male": ("m", "man", "boy"), "female": ("f", "woman", "girl")}


def sex(**kw) -> Choice:
    """The patient's sex, accepting 'Male'/'Female'/'M'/'F'."""
    kw.setdefault("description", "patient's sex")
    return Choice("sex", SEX, aliases=("gender", *kw.pop("aliases", ())), **kw)


def age(**kw) -> Number:
    """Age in years (months and weeks are converted)."""
    kw.setdefault("description", "age")
    kw.setdefault("range", (0.0, 125.0))
    return Number("age", "year", **kw)


def violation(name: str, exc: Exception) -> FieldViolation:
    return FieldViolation(name, str(exc))
