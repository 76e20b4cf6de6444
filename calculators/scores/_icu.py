"""Inputs and helpers shared by the severity scores that read vital signs and blood gases
(APACHE II, SOFA, the Pneumonia Severity Index).

FiO2 is declared in percent. A bare number of at most 1 (``0.6``) is a fraction, the other common way
of writing it, and is read as 60 %; ``fio2_adapter`` does that before parsing, since the two readings
cannot be told apart once a unit is attached. Entity values that say a finding was not mentioned
("not mentioned", "unknown") are dropped, so the finding counts as absent, the MedCalc-Bench convention.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from clinverify.calculators.errors import FieldViolation, InputError
from clinverify.calculators.inputs import Invalid, Number, split_value_unit, to_float

FIO2 = Number(
    "fio2", "%", (20.0, 100.0), "fraction of inspired oxygen in % (a bare number ≤ 1 is read as a fraction); not mentioned = room air",
    required=False, aliases=("FiO₂", "FiO2", "fraction of inspired oxygen", "inspired oxygen fraction"),
)
PAO2 = Number(
    "pao2", "mmHg", (10.0, 700.0), "arterial partial pressure of oxygen", required=False,
    aliases=("Partial pressure of oxygen (PaO₂) for Apache II", "PaO₂", "partial pressure of oxygen", "arterial oxygen tension"),
)
SYSTOLIC_BP = Number("systolic_bp", "mmHg", (20.0, 300.0), "systolic blood pressure", required=False,
                     aliases=("Systolic Blood Pressure", "sbp", "systolic pressure"))
DIASTOLIC_BP = Number("diastolic_bp", "mmHg", (5.0, 250.0), "diastolic blood pressure", required=False,
                      aliases=("Diastolic Blood Pressure", "dbp", "diastolic pressure"))
MEAN_ARTERIAL_PRESSURE = Number(
    "mean_arterial_pressure", "mmHg", (10.0, 250.0), "mean arterial pressure (else computed from systolic and diastolic)",
    required=False, aliases=("Mean Arterial Pressure", "MAP", "mean blood pressure"),
)
GCS = Number("gcs", "", (3.0, 15.0), "Glasgow Coma Scale total, 3-15; not mentioned = 15", required=False, integer=True,
             aliases=("Glasgow Coma Score", "Glasgow Coma Scale", "GCS score"))
HEART_RATE = Number("heart_rate", "1/min", (10.0, 350.0), "heart rate or pulse", required=False,
                    aliases=("Heart Rate or Pulse", "pulse", "hr"))
RESPIRATORY_RATE = Number("respiratory_rate", "1/min", (0.0, 100.0), "respiratory rate", required=False,
                          aliases=("respiratory rate", "rr", "breathing rate"))
TEMPERATURE = Number("temperature", "degC", (15.0, 46.0), "body temperature (°C or °F)", required=False,
                     aliases=("Temperature", "body temperature", "temp"))
PH = Number("ph", "", (6.5, 8.0), "arterial pH", required=False, aliases=("pH", "arterial pH"))
HEMATOCRIT = Number("hematocrit", "%", (5.0, 80.0), "hematocrit", required=False, aliases=("Hematocrit", "haematocrit", "hct"))
SODIUM = Number("sodium", "mmol/L", (90.0, 210.0), "serum sodium (mmol/L = mEq/L)", analyte="sodium", required=False,
                aliases=("Sodium", "serum sodium", "Na"))

ROOM_AIR_FIO2 = 21.0  # % at sea level


def _absent(text: str) -> bool:
    s = text.strip().lower()
    return s.startswith("not ment") or s in ("unknown", "n/a", "na", "not reported", "not available", "not documented")


def _fraction_to_percent(raw: object) -> object:
    try:
        value, unit = split_value_unit(raw)
        x = to_float(value)
    except Invalid:
        return raw  # malformed: the parser reports it
    if (unit is None or not str(unit).strip()) and 0.0 < x <= 1.0:
        return [x * 100.0, "%"]
    return raw


def fio2_adapter(*inputs: Number) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """An entity adapter reading a bare FiO2 ≤ 1 as a fraction and dropping 'not mentioned' values."""
    fio2_keys = {k.strip().lower() for inp in inputs for k in (inp.name, inp.name.replace("_", " "), *inp.aliases)}

    def adapt(entities: Mapping[str, Any]) -> Mapping[str, Any]:
        out = None
        for key, raw in entities.items():
            new = raw
            if isinstance(raw, str) and _absent(raw):
                new = None  # parse skips None: the finding counts as not mentioned
            elif isinstance(key, str) and key.strip().lower() in fio2_keys:
                new = _fraction_to_percent(raw)
            if new is not raw:
                if out is None:
                    out = dict(entities)
                out[key] = new
        return entities if out is None else out

    return adapt


def mean_arterial_pressure(inputs: Mapping[str, Any]) -> tuple[float | None, str]:
    """(MAP, how it was obtained): the reported MAP, else (SBP + 2·DBP) / 3, else (None, '')."""
    m = inputs.get("mean_arterial_pressure")
    if m is not None:
        return m, "reported"
    s, d = inputs.get("systolic_bp"), inputs.get("diastolic_bp")
    if s is not None and d is not None:
        return (s + 2.0 * d) / 3.0, "computed"
    return None, ""


def check_blood_pressure(inputs: Mapping[str, Any], calc_id: str) -> None:
    s, d = inputs.get("systolic_bp"), inputs.get("diastolic_bp")
    if s is not None and d is not None and d > s:
        raise InputError(FieldViolation("diastolic_bp", f"{d:g} mmHg is above the systolic pressure {s:g} mmHg"), calc_id)


def map_line(inputs: Mapping[str, Any], value: float | None, how: str, fmt: Callable[[Any], str]) -> str:
    if how == "reported":
        return f"Mean arterial pressure {fmt(value)} mmHg (reported)."
    if how == "computed":
        return (f"Mean arterial pressure = (systolic + 2 × diastolic) / 3 = ({fmt(inputs['systolic_bp'])} + 2 × "
                f"{fmt(inputs['diastolic_bp'])}) / 3 = {fmt(value)} mmHg.")
    return "Mean arterial pressure: not reported (needs MAP, or both systolic and diastolic pressure)."


def band_points(value: float, table) -> int:
    """Points of the [lo, hi) band that ``value`` falls in (tables cover the whole line)."""
    for lo, hi, p in table:
        if (lo is None or value >= lo) and (hi is None or value < hi):
            return p
    raise AssertionError("bands cover every value")


def band_of(value: float, table) -> tuple[int, float | None, float | None]:
    for lo, hi, p in table:
        if (lo is None or value >= lo) and (hi is None or value < hi):
            return p, lo, hi
    raise AssertionError("bands cover every value")
