"""UCUM units (FHIR ``Quantity.system`` http://unitsofmeasure.org, ``Quantity.code``) into the
calculators' unit layer.

A UCUM code is parsed by ``ucumvert`` (UCUM grammar -> pint; the optional extra ``fhir``) and
expressed in SI base units, which ``clinverify.calculators.units`` then converts to the input's
canonical unit, through the analyte's molar mass where needed (creatinine µmol/L -> mg/dL). Two
kinds of code go to the unit layer directly, because UCUM's own definitions lose what the
conversion needs: equivalents (UCUM defines ``eq`` as 1 mol, whatever the valence: ``meq/L`` of
calcium is not mmol/L) and international units (``[iU]``, an activity, not a number). A code that
is only an annotation (``{INR}``, ``{ratio}``) is the number 1, as UCUM defines it.

Each code is parsed once (cached): the hot path is a dict lookup and a multiply-add.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clinverify.calculators.errors import UnitError
from clinverify.calculators.limits import MAX_UNIT_CHARS, quote
from clinverify.calculators.units import convert as _layer_convert

UCUM = "http://unitsofmeasure.org"


class UcumError(ValueError):
    """A UCUM code that cannot be read, or that does not convert to the unit an input needs."""


_ANNOTATION_ONLY = re.compile(r"^(\{[^{}]*\})+$")
_EQUIVALENTS = re.compile(r"(^|[^A-Za-z\[])([munpk]?)eq(?![A-Za-z])")
_INTERNATIONAL_UNIT = re.compile(r"\[(?:iU|IU)\]")
_DIRECT = re.compile(r"^[A-Za-z0-9/.\[\]]+$")


@lru_cache(maxsize=1)
def _registry():
    try:
        from ucumvert import PintUcumRegistry
    except ImportError as exc:  # the optional extra is missing
        raise UcumError("reading UCUM units needs the optional extra: pip install 'clinverify[fhir]'") from exc
    return PintUcumRegistry()


@lru_cache(maxsize=2048)
def _to_layer(code: str) -> tuple[float, float, str] | UcumError:
    if code == "1" or _ANNOTATION_ONLY.match(code):
        return 1.0, 0.0, "dimensionless"
    if _EQUIVALENTS.search(code) or _INTERNATIONAL_UNIT.search(code):
        text = _INTERNATIONAL_UNIT.sub("IU", _EQUIVALENTS.sub(lambda m: f"{m.group(1)}{m.group(2)}Eq", code))
        if not _DIRECT.match(text):
            return UcumError(f"unparseable UCUM unit {quote(code)}")
        return 1.0, 0.0, text.replace(".", "*")
    ureg = _registry()
    try:
        q = ureg.from_ucum(code)
        one = ureg.Quantity(q.magnitude, q.units).to_base_units()
        zero = ureg.Quantity(0 * q.magnitude, q.units).to_base_units()
    except Exception as exc:  # ucumvert raises its InvalidUcumError, lark and pint errors, AttributeError
        reason = str(exc).split(":", 1)[-1].strip().splitlines()[0] if "not a valid UCUM unit" in str(exc) else "not a UCUM unit"
        return UcumError(f"unparseable UCUM unit {quote(code)}: {quote(reason, 80)}")
    text = str(one.units)
    return float(one.m - zero.m), float(zero.m), text if text else "dimensionless"


def to_unit_layer(code: str) -> tuple[float, float, str]:
    """(scale, offset, unit): ``value * scale + offset`` is the value in ``unit``, a unit the
    calculators' unit layer reads. Raises UcumError for a code that is not UCUM."""
    if not isinstance(code, str) or not code.strip():
        raise UcumError("empty UCUM unit")
    if len(code) > MAX_UNIT_CHARS:
        raise UcumError(f"UCUM unit is {len(code)} characters; the limit is {MAX_UNIT_CHARS}")
    out = _to_layer(code.strip())
    if isinstance(out, UcumError):
        raise UcumError(str(out))
    return out


def convert(value: float, code: str, target: str, analyte: str | None = None) -> float:
    """``value`` in UCUM ``code`` converted to ``target`` (a calculator input's canonical unit;
    "" or "1" for a pure number). Raises UcumError naming the code for an unknown code or one of
    the wrong dimension."""
    scale, offset, text = to_unit_layer(code)
    base = value * scale + offset
    if target in ("", "1"):
        if text != "dimensionless":
            raise UcumError(f"UCUM unit {quote(code)} is not a pure number (expected none, or 1)")
        return base
    try:
        return _layer_convert(base, text, target, analyte)
    except UnitError:
        raise UcumError(f"UCUM unit {quote(code)} does not convert to {target} (wrong dimension)") from None
