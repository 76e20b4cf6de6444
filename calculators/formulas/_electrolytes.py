"""Serum chemistry inputs shared by the electrolyte calculators, and the repair of unit slips.

Unit slips: case notes (and entities copied from them) sometimes write a value with the wrong unit:
"sodium 137 mg/dL" (the mmol/L number), "albumin 3.2 mg/dL" or "albumin 4.2 g/L" (the g/dL number).
Read literally these are 59.6 mmol/L, 0.0032 g/dL and 0.42 g/dL, outside any plausible range. Rule
(``unit_slip_adapter``): when a sodium or albumin value is implausible in its stated unit, and the same
number is plausible in the canonical unit (mmol/L, g/dL), the stated unit is taken to be a slip and the
number is read in the canonical unit. A value plausible as written is never reinterpreted, and one that
is implausible either way is left for the parser to reject.
"""

from collections.abc import Mapping

from clinverify.calculators.errors import UnitError
from clinverify.calculators.inputs import Invalid, Number, split_value_unit, to_float
from clinverify.calculators.units import affine

SODIUM = Number("sodium", "mmol/L", (90.0, 200.0), "serum sodium (mmol/L = mEq/L)", analyte="sodium", aliases=("serum sodium", "plasma sodium", "Na"))
CHLORIDE = Number("chloride", "mmol/L", (50.0, 160.0), "serum chloride", analyte="chloride", aliases=("serum chloride", "Cl"))
BICARBONATE = Number(
    "bicarbonate", "mmol/L", (1.0, 60.0), "serum bicarbonate (total CO2)", analyte="bicarbonate",
    aliases=("serum bicarbonate", "HCO3", "total co2", "tco2"),
)
# Albumin above ~7 g/dL does not occur; the upper bound is deliberately loose (20 g/dL, still rejecting g/L
# values written as g/dL) so that such a value is computed and flagged in the explanation rather than
# rejected (see ALBUMIN_PHYSIOLOGICAL_MAX and _anion_gap.albumin_lines).
ALBUMIN = Number("albumin", "g/dL", (0.5, 20.0), "serum albumin", analyte="albumin", aliases=("serum albumin",))
ALBUMIN_PHYSIOLOGICAL_MAX = 7.0  # g/dL
GLUCOSE = Number("glucose", "mg/dL", (10.0, 3000.0), "serum (plasma) glucose", analyte="glucose", aliases=("serum glucose", "plasma glucose", "blood glucose", "blood sugar", "sugar"))


def _keys(inp: Number) -> tuple[str, ...]:
    return tuple(k.strip().lower() for k in (inp.name, inp.name.replace("_", " "), *inp.aliases))


_SLIP_INPUTS: dict[str, Number] = {k: inp for inp in (SODIUM, ALBUMIN) for k in _keys(inp)}


def _slip(inp: Number, raw: object) -> list | None:
    """[number, canonical unit] if ``raw`` is implausible as written but plausible in the canonical unit."""
    try:
        value, unit = split_value_unit(raw)
        if not isinstance(unit, str) or not unit.strip() or unit.strip() == inp.unit:
            return None
        x = to_float(value)
        scale, offset = affine(unit, inp.unit, inp.analyte)
    except (Invalid, UnitError):
        return None  # malformed value or wrong kind of unit: the parser reports it
    lo, hi = inp.range
    if lo <= x * scale + offset <= hi or not lo <= x <= hi:
        return None
    return [x, inp.unit]


def unit_slip_adapter(entities: Mapping) -> Mapping:
    """Read an implausible sodium/albumin in the canonical unit when only that reading is plausible."""
    out = None
    for key, raw in entities.items():
        inp = _SLIP_INPUTS.get(key.strip().lower()) if isinstance(key, str) else None
        if inp is None:
            continue
        fixed = _slip(inp, raw)
        if fixed is not None:
            out = out if out is not None else dict(entities)
            out[key] = fixed
    return entities if out is None else out


NOTE_UNIT_SLIP = (
    "Unit slips: a sodium or albumin that is implausible in its stated unit but plausible as the same number in "
    "mmol/L or g/dL (e.g. 'sodium 137 mg/dL', 'albumin 3.2 mg/dL', 'albumin 4.2 g/L') is read in mmol/L or g/dL."
)
