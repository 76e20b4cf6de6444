"""Unit layer: clinical units on top of pint, with cached affine conversion factors.

pint is only consulted the first time a (unit, target, analyte) triple is seen; the
result is stored as an affine map ``canonical = value * scale + offset`` so the hot
path is one dict lookup and a multiply-add.

Mass <-> amount-of-substance conversions (mg/dL <-> µmol/L) go through the analyte's
molar mass, and equivalents (mEq/L) through its valence, both declared as data in
``ANALYTES`` below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clinverify.calculators.errors import UnitError
from clinverify.calculators.limits import MAX_EXPONENT_CHARS, MAX_UNIT_CHARS, quote

# ---------------------------------------------------------------------------
# Analytes: molar mass (g/mol) and charge (for mEq).  Sources: IUPAC atomic weights;
# conventional clinical factors (e.g. creatinine 88.4 µmol/L per mg/dL, BUN 0.357
# mmol/L per mg/dL as urea nitrogen, glucose 0.0555 mmol/L per mg/dL).
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Analyte:
    name: str
    molar_mass: float  # g/mol
    valence: int = 1


ANALYTES: dict[str, Analyte] = {
    a.name: a
    for a in (
        Analyte("creatinine", 113.12),
        # BUN is reported as urea *nitrogen*: 2 N per urea molecule -> 28.014 g/mol of N.
        Analyte("bun", 28.014),
        Analyte("urea", 60.06),
        Analyte("glucose", 180.16),
        Analyte("calcium", 40.078, 2),
        Analyte("magnesium", 24.305, 2),
        Analyte("sodium", 22.990, 1),
        Analyte("potassium", 39.098, 1),
        Analyte("chloride", 35.453, 1),
        Analyte("bicarbonate", 61.017, 1),
        Analyte("phosphate", 30.974, 1),
        Analyte("bilirubin", 584.66),
        Analyte("cholesterol", 386.65),
        Analyte("triglycerides", 885.7),
        Analyte("lactate", 90.08, 1),
        Analyte("uric_acid", 168.11),
        Analyte("albumin", 66_500.0),
        # 1 µIU/mL of insulin = 6.00 pmol/L (WHO IRP 66/304 convention) -> 6 pmol per µIU.
        Analyte("insulin", 5808.0),
        Analyte("hemoglobin", 16_114.5),  # monomer basis, as used for g/dL <-> mmol/L
    )
}

# Insulin is given in µIU/mL; its amount conversion is by convention, not molar mass.
_INSULIN_PMOL_PER_UIU = 6.0

# ---------------------------------------------------------------------------
# Spelling normalisation: how notes and datasets write units -> pint syntax.
# ---------------------------------------------------------------------------

_SPELLINGS: dict[str, str] = {
    "mm hg": "mmHg",
    "mmhg": "mmHg",
    "mm of hg": "mmHg",
    "torr": "mmHg",
    "cm h2o": "cmH2O",
    "cmh2o": "cmH2O",
    "beats per minute": "1/min",
    "beats/min": "1/min",
    "bpm": "1/min",
    "breaths per minute": "1/min",
    "breaths/min": "1/min",
    "/min": "1/min",
    "per minute": "1/min",
    "per day": "1/day",
    "/day": "1/day",
    "/week": "1/week",
    "per week": "1/week",
    "drinks/week": "1/week",
    "drinks per week": "1/week",
    "drinks/day": "1/day",
    "drinks per day": "1/day",
    "times per day": "1/day",
    "doses/day": "1/day",
    "dose/day": "1/day",
    "doses per day": "1/day",
    "msec": "ms",
    "msecs": "ms",
    "sec": "s",
    "years": "year",
    "yrs": "year",
    "yr": "year",
    "y": "year",
    "months": "month",
    "mo": "month",
    "weeks": "week",
    "wk": "week",
    "days": "day",
    "d": "day",
    "hours": "hour",
    "hr": "hour",
    "h": "hour",
    "lbs": "lb",
    "pounds": "lb",
    "pound": "lb",
    "ounces": "oz",
    "inches": "inch",
    "in": "inch",
    "feet": "foot",
    "ft": "foot",
    "°c": "degC",
    "c": "degC",
    "celsius": "degC",
    "deg c": "degC",
    "degrees celsius": "degC",
    "°f": "degF",
    "f": "degF",
    "fahrenheit": "degF",
    "deg f": "degF",
    "degrees fahrenheit": "degF",
    # MedCalc-Bench's own misspellings of the temperature units.
    "degrees celsisus": "degC",
    "degrees fahreinheit": "degF",
    "kg/m2": "kg/m^2",
    "kg/m²": "kg/m^2",
    "m2": "m^2",
    "m²": "m^2",
    "%": "percent",
    "percent": "percent",
    "iu/l": "U/L",
    "u/l": "U/L",
    "units/l": "U/L",
    "µiu/ml": "uIU/mL",
    "uiu/ml": "uIU/mL",
    "miu/l": "mIU/L",
    "mu/l": "mIU/L",
    "µu/ml": "uIU/mL",
    "uu/ml": "uIU/mL",
    # Counts: pint rejects scaled units such as "1e9/L"; 10^9/L = 10^3/µL = 1/nL exactly.
    "x10^9/l": "1/nL",
    "×10^9/l": "1/nL",
    "10^9/l": "1/nL",
    "10⁹/l": "1/nL",
    "×10⁹/l": "1/nL",
    "giga/l": "1/nL",
    "x10^3/µl": "1/nL",
    "×10^3/µl": "1/nL",
    "10^3/µl": "1/nL",
    "×10³/µl": "1/nL",
    "10³/µl": "1/nL",
    "k/µl": "1/nL",
    "x10³/µl": "1/nL",
    "x10⁹/l": "1/nL",
    "×10^3/ul": "1/nL",
    "k/ul": "1/nL",
    "x10^3/mm^3": "1/nL",
    "x10^3/ul": "1/nL",
    "10^3/ul": "1/nL",
    "10^3/mm^3": "1/nL",
    "x 10^9/l": "1/nL",
    "x 10^3/µl": "1/nL",
    "/µl": "1/uL",
    "/ul": "1/uL",
    "/mcl": "1/uL",
    "cells/µl": "1/uL",
    "count/µl": "1/uL",  # MedCalc-Bench's "149000.0 count/µL"
    "count/ul": "1/uL",
    "/mm3": "1/mm^3",
    "/mm^3": "1/mm^3",
    "cells/mm3": "1/mm^3",
    "mg/dl": "mg/dL",
    "g/dl": "g/dL",
    "mg%": "mg/dL",  # milligrams per 100 mL (per decilitre), the older notation
    "g%": "g/dL",
    "mmol/l": "mmol/L",
    "µmol/l": "umol/L",
    "umol/l": "umol/L",
    "meq/l": "mEq/L",
    "mosm/kg": "mOsm/kg",
    "mosm/kg h2o": "mOsm/kg",
    "mosm/l": "mOsm/L",
    "ml/min/1.73 m²": "mL/min",
    "ml/min/1.73m2": "mL/min",
    "ml/min/1.73 m^2": "mL/min",
    "mcg": "ug",
    "µg": "ug",
    "μg": "ug",
    "mcg/hr": "ug/hour",
    "µg/hr": "ug/hour",
    # Vasopressor infusion rates; "mc/kg/min" is a MedCalc-Bench misspelling of mcg/kg/min.
    "mcg/kg/min": "ug/kg/min",
    "µg/kg/min": "ug/kg/min",
    "mc/kg/min": "ug/kg/min",
    # Urine output per 24 hours.
    "ml/24h": "mL/day",
    "ml/24 h": "mL/day",
    "ml/24 hours": "mL/day",
}

_PINT_DEFS = """
equivalent = mole = Eq
osmole = mole = Osm
international_unit = [international_activity] = IU
cmH2O = 98.0665 * pascal
"""

_WS = re.compile(r"\s+")


def normalise_spelling(unit: str) -> str:
    """Map a unit as written in a note to pint syntax ('mm hg' -> 'mmHg', 'µ' -> 'u')."""
    u = _WS.sub(" ", unit.strip())
    key = u.lower().replace("μ", "µ")
    if key in _SPELLINGS:
        return _SPELLINGS[key]
    return u.replace("µ", "u").replace("μ", "u").replace("²", "^2").replace("³", "^3")


@lru_cache(maxsize=1)
def registry():
    """The shared pint registry, built on first use (pint import costs ~0.3 s)."""
    import pint

    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _PINT_DEFS.strip().splitlines():
        ureg.define(line)
    return ureg


# '**' then a plain number, or one in parentheses (pint writes 'min⁻¹' as 'min**(-1)').
_POWER = re.compile(r"\*\*\s*(?:\(\s*([-+]?[0-9.]+)\s*\)|([-+]?[0-9.]+))")
_POWER_OP = re.compile(r"\*\*")


def exponent_problem(unit: str) -> str | None:
    """Why pint must not evaluate this unit's powers, or None.

    pint evaluates numeric powers exactly, so '10**10**10' (10 characters) would build a
    ten-billion-digit integer. Each exponent must be a plain number of at most
    MAX_EXPONENT_CHARS characters ('2', '-1', '0.5'), not chained (9^9^9) and not applied to a
    parenthesised group ((9^99)^99): then the largest number a unit of MAX_UNIT_CHARS characters
    can build has under 60,000 digits (57 nines ** 999: about 2 ms). Checked on the text as pint will read it ('^', 'squared'
    and superscripts such as '⁹⁹' become '**').
    """
    from pint.util import string_preprocessor

    text = string_preprocessor(unit)
    for op in _POWER_OP.finditer(text):
        m = _POWER.match(text, op.start())
        if m is None:
            return "an exponent must be a plain number"
        exponent = m.group(1) or m.group(2)
        if len(exponent) > MAX_EXPONENT_CHARS:
            return f"exponent {exponent} is {len(exponent)} characters; the limit is {MAX_EXPONENT_CHARS}"
        if text[: op.start()].rstrip().endswith(")"):
            return "an exponent may not apply to a parenthesised group"
        if text[m.end() :].lstrip().startswith("**"):
            return "exponents may not be chained"
    return None


@lru_cache(maxsize=4096)
def _parse(unit: str):
    ureg = registry()
    problem = exponent_problem(unit)
    if problem is not None:
        raise UnitError(f"unit {quote(unit)}: {problem}")
    try:
        return ureg.parse_units(unit)
    except Exception as exc:  # pint raises several unrelated types
        raise UnitError(f"unknown unit {quote(unit)}") from exc


@lru_cache(maxsize=256)
def dimension_of(unit: str) -> str:
    """Human-readable dimensionality of a canonical unit, e.g. '[mass] / [length] ** 3'."""
    return str(registry().Quantity(1, _parse(normalise_spelling(unit))).dimensionality)


def _amount_ratio(src, dst, analyte: Analyte | None) -> float | None:
    """Extra factor for mass <-> substance conversion through the analyte, else None."""
    if analyte is None:
        return None
    ureg = registry()
    q = ureg.Quantity(1.0, src)
    sd = q.dimensionality
    dd = ureg.Quantity(1.0, dst).dimensionality
    mass, sub = ureg.Quantity(1, "g").dimensionality, ureg.Quantity(1, "mol").dimensionality
    if analyte.name == "insulin":
        # IU are activity units; IU <-> mol goes by the fixed clinical convention.
        enz = ureg.Quantity(1, "IU").dimensionality
        if sd / dd == sub / enz:  # pmol/L -> µIU/mL
            pmol = q.to("pmol/L").m
            return pmol / _INSULIN_PMOL_PER_UIU / ureg.Quantity(1.0, dst).to("uIU/mL").m
        if sd / dd == enz / sub:  # µIU/mL -> pmol/L
            uiu = q.to("uIU/mL").m
            return uiu * _INSULIN_PMOL_PER_UIU / ureg.Quantity(1.0, dst).to("pmol/L").m
        return None
    mm = ureg.Quantity(analyte.molar_mass, "g/mol")
    if sd / dd == mass / sub:  # mass-based source, amount-based target
        return (q / mm).to(dst).m
    if sd / dd == sub / mass:
        return (q * mm).to(dst).m
    return None


def affine(unit: str, target: str, analyte: str | None = None) -> tuple[float, float]:
    """(scale, offset) such that value_in_target = value * scale + offset.

    Raises UnitError for an unknown unit or one of the wrong dimension. Failures are cached
    too: the verifier tries many unit pairs that do not convert (kg -> kg/m²). A unit over
    MAX_UNIT_CHARS is refused before the cache and pint (whose time grows with its square).
    """
    if len(unit) > MAX_UNIT_CHARS:
        raise UnitError(f"unit is {len(unit)} characters; the limit is {MAX_UNIT_CHARS}")
    out = _affine(unit, target, analyte)
    if isinstance(out, UnitError):
        raise UnitError(str(out))
    return out


@lru_cache(maxsize=8192)
def _affine(unit: str, target: str, analyte: str | None = None) -> tuple[float, float] | UnitError:
    try:
        return _compute_affine(unit, target, analyte)
    except UnitError as exc:
        return exc


def _compute_affine(unit: str, target: str, analyte: str | None = None) -> tuple[float, float]:
    ureg = registry()
    an = ANALYTES.get(analyte) if analyte else None
    src_txt = normalise_spelling(unit)
    dst_txt = normalise_spelling(target)
    valence = an.valence if an else 1
    # Equivalents: 1 mEq = 1/valence mmol.
    src_scale = 1.0
    if "Eq" in src_txt:
        src_scale = 1.0 / valence
    dst_scale = 1.0
    if "Eq" in dst_txt:
        dst_scale = float(valence)
    src, dst = _parse(src_txt), _parse(dst_txt)
    Q = ureg.Quantity
    try:
        v0 = Q(0.0, src).to(dst).m
        v1 = Q(1.0, src).to(dst).m
        return (v1 - v0) * src_scale * dst_scale, v0
    except Exception:
        pass
    ratio = None
    try:
        ratio = _amount_ratio(str(src), str(dst), an)
    except Exception:
        ratio = None
    if ratio is not None:
        return ratio * src_scale * dst_scale, 0.0
    sd, dd = Q(1.0, src).dimensionality, Q(1.0, dst).dimensionality
    if sd == 1 / dd:
        # Datasets write a count per µL as just "µL" (platelets: [250000, "µL"]).
        inv = Q(1.0, 1 / src).to(dst).m
        return inv, 0.0
    raise UnitError(f"unit {quote(unit)} has dimension {sd}, expected {dd} (e.g. {target})")


def convert(value: float, unit: str, target: str, analyte: str | None = None) -> float:
    """Convert value from unit to target (through the analyte's molar mass when needed)."""
    scale, offset = affine(unit, target, analyte)
    return value * scale + offset
