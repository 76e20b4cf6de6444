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
from dataclasses import dataclass, field

from clinverify.calculators.errors import FieldViolation, UnitError
from clinverify.calculators.units import affine, dimension_of

_NUM_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")

_MISSING = object()


def parse_mapping_text(text: str) -> object:
    """Entities (or a label) written as text: JSON, or the Python-literal dict MedCalc-Bench
    writes (parsed with ``ast.literal_eval``, never ``eval``). Raises ValueError when it is
    neither; the caller checks that the value is a mapping."""
    try:
        return json.loads(text)
    except ValueError:  # json.JSONDecodeError is a ValueError
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("not a JSON object or Python dict literal") from None


class Invalid(Exception):
    """Raised by an input's ``coerce``; carries the message for the field violation."""


def split_value_unit(raw: object) -> tuple[object, str | None]:
    """Accept v, [v, u], (v, u), {"value": v, "unit": u} or "v u" and return (v, u)."""
    if isinstance(raw, (list, tuple)):
        if len(raw) == 2 and (raw[1] is None or isinstance(raw[1], str)):
            return raw[0], raw[1]
        if len(raw) == 1:
            return raw[0], None
        raise Invalid(f"expected [value, unit], got {raw!r}")
    if isinstance(raw, dict):
        if "value" not in raw:
            raise Invalid(f'expected {{"value": ..., "unit": ...}}, got {raw!r}')
        return raw["value"], raw.get("unit")
    if isinstance(raw, str):
        m = _NUM_UNIT.match(raw)
        if m:
            return m.group(1).replace(",", "."), (m.group(2) or None)
    return raw, None


def to_float(value: object) -> float:
    if isinstance(value, bool):
        raise Invalid(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        try:
            x = float(value.strip().replace(",", ""))
        except ValueError:
            raise Invalid(f"expected a number, got {value!r}") from None
    else:
        raise Invalid(f"expected a number, got {value!r}")
    if not math.isfinite(x):
        raise Invalid(f"expected a finite number, got {value!r}")
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
        raise Invalid(f"expected true or false, got {raw!r}")

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
        key = str(raw).strip().lower() if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else None
        if key is not None and key in self._lookup:
            return self._lookup[key]
        raise Invalid(f"expected one of {', '.join(self.options)}, got {raw!r}")

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
                raise Invalid(f"expected a date as MM/DD/YYYY or YYYY-MM-DD, got {raw!r}")
        else:
            raise Invalid(f"expected a date as MM/DD/YYYY or YYYY-MM-DD, got {raw!r}")
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
