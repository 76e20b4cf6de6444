"""JSON Schema (draft 2020-12) of a calculator's inputs, generated from its declarations
(``calculators.inputs``: ``Number``, ``Flag``, ``Choice``, ``Date``), so that a client (an MCP
agent, a form) knows what ``compute`` takes without a second table per calculator:

- a number: a bare number in the canonical unit, bounded by the plausible range; or
  ``{"value": v, "unit": u}`` / ``[v, u]`` with ``u`` one of the units to choose (the common
  clinical units that convert to the canonical one at a clinical scale, through the analyte's
  molar mass where the declaration names one); a value in another unit is converted, then checked against the range;
- a flag: a boolean (absent = false); a choice: one of its options; a date: MM/DD/YYYY or
  YYYY-MM-DD;
- ``required``: the inputs declared required. Each input's entity keys (``aliases``) are
  accepted too (``x-aliases``), so the object is open to other keys.

The schema admits a subset of what the calculators accept (they also read "1.4 mg/dL" text,
"yes"/"no" flags and option spellings); everything it admits is accepted, ranges aside for
converted values.

Source folder ``services/`` is installed as ``clinverify.services`` (``package-dir`` in pyproject.toml).
"""

from __future__ import annotations

import copy
from typing import Any

from clinverify.calculators.errors import UnitError
from clinverify.calculators.inputs import Choice, Date, Flag, Number
from clinverify.calculators.units import affine, dimension_of, normalise_spelling

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The units offered to choose from, where they convert to an input's canonical unit (data: the
# calculators accept any unit pint reads with the right dimension; these are the common ones).
COMMON_UNITS = (
    "mg/dL",
    "g/dL",
    "g/L",
    "mg/L",
    "mmol/L",
    "umol/L",
    "mEq/L",
    "pmol/L",
    "uIU/mL",
    "mIU/L",
    "U/L",
    "kg",
    "g",
    "lb",
    "mg",
    "ug",
    "cm",
    "m",
    "inch",
    "foot",
    "year",
    "month",
    "week",
    "day",
    "hour",
    "min",
    "s",
    "ms",
    "degC",
    "degF",
    "mmHg",
    "kPa",
    "1/min",
    "1/hour",
    "1/day",
    "1/week",
    "percent",
    "1/nL",
    "1/uL",
    "10^9/L",
    "ug/kg/min",
    "ug/hour",
    "mg/hour",
    "mL/day",
    "mL/hour",
    "L",
    "mL",
    "kg/m^2",
)

# Equivalents (mEq/L) are offered for ions only. ``calculators.units.ANALYTES`` gives every
# analyte a valence (1 by default, creatinine included), so it cannot tell; a ``charged`` field
# there would replace this set.
IONS = frozenset({"sodium", "potassium", "chloride", "bicarbonate", "calcium", "magnesium", "phosphate", "lactate"})

DATE_PATTERN = r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$"

_CACHE: dict[str, dict[str, Any]] = {}


# A unit is offered when one of it is within this factor of the canonical unit: the scale a
# clinician writes the quantity in (age in months or days, not in seconds).
MAX_SCALE = 1e3


def _offered(unit: str, inp: Number) -> bool:
    """``unit`` is one to offer for the input: it converts to the canonical unit (the same
    dimension, or through the declared analyte: mg/dL <-> mmol/L) at a scale within
    MAX_SCALE either way, is per kilogram only where the canonical unit is (ug/kg/min is a
    rate per minute to pint), and is in equivalents only for an ion. The calculators also read a count per µL written as "µL" (a
    reciprocal); that is not offered."""
    try:
        scale, _ = affine(unit, inp.unit, inp.analyte)
    except UnitError:
        return False
    if inp.analyte is None and dimension_of(unit) != dimension_of(inp.unit):
        return False
    if ("/kg" in unit) != ("/kg" in inp.unit):
        return False
    if "Eq" in unit and "Eq" not in inp.unit and inp.analyte not in IONS:
        return False
    return 1 / MAX_SCALE / (1 + 1e-9) <= abs(scale) <= MAX_SCALE * (1 + 1e-9)


def units_for(inp: Number) -> list[str]:
    """The units to choose for a number input: its canonical unit first, then the common units
    that convert to it (one spelling each)."""
    if inp.unit in ("", "1"):
        return []
    out, seen = [inp.unit], {normalise_spelling(inp.unit)}
    for u in COMMON_UNITS:
        key = normalise_spelling(u)
        if key not in seen and _offered(u, inp):
            out.append(u)
            seen.add(key)
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"


def _number_schema(inp: Number) -> dict[str, Any]:
    lo, hi = inp.range
    bare: dict[str, Any] = {"type": "integer" if inp.integer else "number", "minimum": lo, "maximum": hi}
    units = units_for(inp)
    text = inp.description or inp.name
    if not units:
        return {**bare, "description": f"{text}; plausible range {_fmt(lo)}–{_fmt(hi)}"}
    bare["description"] = f"in {inp.unit}"
    unit = {"type": "string", "enum": units}
    return {
        "description": f"{text}; {inp.unit}, plausible range {_fmt(lo)}–{_fmt(hi)} {inp.unit} (a bare number is in {inp.unit}; "
        "a value in another unit is converted, then checked against the range)",
        "anyOf": [
            bare,
            {"type": "object", "properties": {"value": {"type": "number"}, "unit": unit}, "required": ["value", "unit"], "additionalProperties": False},
            {"type": "array", "prefixItems": [{"type": "number"}, unit], "minItems": 2, "maxItems": 2},
        ],
        "x-unit": inp.unit,
        "x-range": [lo, hi],
    }


def input_schema(inp) -> dict[str, Any]:
    """The JSON Schema of one input declaration."""
    if isinstance(inp, Number):
        s = _number_schema(inp)
    elif isinstance(inp, Flag):
        s = {"type": "boolean", "default": bool(inp.default), "description": f"{inp.description or inp.name} (absent = false)"}
    elif isinstance(inp, Choice):
        s = {"type": "string", "enum": list(inp.options), "description": inp.description or inp.name}
        if inp.default is not None:
            s["default"] = inp.default
    elif isinstance(inp, Date):
        lo, hi = inp.range
        s = {"type": "string", "pattern": DATE_PATTERN, "description": f"{inp.description or inp.name}; a date as MM/DD/YYYY or YYYY-MM-DD, year {lo}–{hi}"}
    else:  # a new kind of declaration must be described here
        raise TypeError(f"{inp.name}: no JSON Schema for inputs of kind {getattr(inp, 'kind', type(inp).__name__)!r}")
    s = {"title": inp.name, **s, "x-kind": inp.kind}
    if inp.aliases:
        s["x-aliases"] = list(inp.aliases)
    return s


def calculator_schema(calc) -> dict[str, Any]:
    """The JSON Schema of a calculator's ``entities`` object (built once per calculator; the
    caller gets its own copy)."""
    s = _CACHE.get(calc.id)
    if s is None:
        s = _CACHE[calc.id] = {
            "$schema": SCHEMA_DIALECT,
            "title": f"{calc.id} inputs",
            "description": f"Inputs of {calc.name}: the entities object of compute.",
            "type": "object",
            "properties": {i.name: input_schema(i) for i in calc.inputs},
            "required": [i.name for i in calc.inputs if i.required],
        }
    return copy.deepcopy(s)
