"""SIRS criteria: number of systemic inflammatory response syndrome criteria met (0-4).

ACCP/SCCM Consensus Conference (Bone et al., Chest 1992): temperature >38 °C or <36 °C; heart rate
>90/min; respiratory rate >20/min or PaCO2 <32 mmHg; white cell count >12,000/mm³, <4,000/mm³ or
>10 % immature (band) forms. SIRS is present with two or more.
"""

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.criteria import custom, explain_criteria, score_range, tally
from clinverify.calculators.inputs import Invalid, Number, split_value_unit, to_float
from clinverify.calculators.model import Calculator, Citation, Monotone, Output, fmt
from clinverify.calculators.scores._icu import HEART_RATE, RESPIRATORY_RATE, TEMPERATURE
from clinverify.calculators.scores._rules import compare

TEMP_HIGH, TEMP_LOW = 38.0, 36.0  # °C, strict
HR_CUTOFF = 90.0
RR_CUTOFF, PACO2_CUTOFF = 20.0, 32.0
WBC_HIGH, WBC_LOW = 12.0, 4.0  # ×10^9/L (= 12,000 and 4,000 per mm³), strict
BANDS_CUTOFF = 10.0  # % immature forms, strict

WBC = Number("wbc", "1/nL", (0.0, 500.0), "white blood cell count, ×10^9/L (= ×10^3/µL; /mm³ and /µL are converted)",
             required=False, aliases=("White blood cell count", "white blood cells", "WBC count", "leukocyte count"))
INPUTS = (
    TEMPERATURE,
    HEART_RATE,
    RESPIRATORY_RATE,
    Number("paco2", "mmHg", (5.0, 200.0), "arterial PaCO2", required=False,
           aliases=("PaCO₂", "PaCO2", "partial pressure of carbon dioxide")),
    WBC,
    Number("band_forms", "%", (0.0, 100.0), "immature (band) neutrophils, % of white cells", required=False,
           aliases=("bands", "band neutrophils", "immature neutrophils", "band forms")),
)

_WBC_KEYS = {k.strip().lower() for k in (WBC.name, *WBC.aliases)}


_PER_MICROLITRE = {"µl", "ul", "μl", "mm^3", "mm3", "/µl", "/ul", "/μl", "/mm^3", "/mm3", "cells/µl", "cells/mm3", "cells/mm^3"}
THOUSANDS_BELOW = 10.0  # a white count under 10 per µL is not a measurable count: it was written in thousands


def _wbc_unit(raw: object) -> object:
    """Read MedCalc-Bench's cell-count units, where the volume alone stands for 'per volume'.

    'm^3' is its spelling of per mm³ (its explanations compare '12000 count per m^3'). A count under
    10^6 'L' cannot be per litre (a white count is ~10^9 per litre): it is the per-µL count the
    extraction wrote beside the note's ×10^9/L (row 592: note 9.44 × 10^9/L, entity [9440, 'L']).
    A count under 10 per µL is below what analysers report (~0.01 ×10^9/L); it is the usual
    "WBC 4.1" in thousands per µL (row 595: note 'WBC 4.1', entity [4.1, 'µL']).
    """
    try:
        value, unit = split_value_unit(raw)
        x = to_float(value)
    except Invalid:
        return raw
    u = (unit or "").strip().lower()
    if u == "m^3":
        u = "/mm^3"
    elif u == "l" and x < 1e6:
        u = "/µl"
    if u in _PER_MICROLITRE and 0 < x < THOUSANDS_BELOW:
        return [x, "x10^3/µL"]
    if u != (unit or "").strip().lower():
        return [x, u]
    return raw


def adapter(entities: Mapping[str, Any]) -> Mapping[str, Any]:
    for key, raw in entities.items():
        if isinstance(key, str) and key.strip().lower() in _WBC_KEYS and raw is not None:
            new = _wbc_unit(raw)
            if new is not raw:
                return {**entities, key: new}
    return entities


def _temperature(inputs):
    t = inputs.get("temperature")
    if t is None:
        return 0, "Temperature: not reported, assumed normal, +0"
    if t > TEMP_HIGH:
        return 1, f"Temperature {fmt(t)} °C (> 38 °C): met, +1"
    if t < TEMP_LOW:
        return 1, f"Temperature {fmt(t)} °C (< 36 °C): met, +1"
    return 0, f"Temperature {fmt(t)} °C (36–38 °C): not met, +0"


def _temperature_points(inputs):
    t = inputs.get("temperature")
    return 1 if t is not None and (t > TEMP_HIGH or t < TEMP_LOW) else 0


def _respiration(inputs):
    rr, pc = inputs.get("respiratory_rate"), inputs.get("paco2")
    hits = []
    if rr is not None and rr > RR_CUTOFF:
        hits.append(f"respiratory rate {fmt(rr)} > 20 breaths/min")
    if pc is not None and pc < PACO2_CUTOFF:
        hits.append(f"PaCO2 {fmt(pc)} < 32 mmHg")
    if hits:
        return 1, f"Respiration: {', '.join(hits)}: met, +1"
    if rr is None and pc is None:
        return 0, "Respiration: respiratory rate and PaCO2 not reported, assumed normal, +0"
    shown = [f"respiratory rate {fmt(rr)} ≤ 20 breaths/min" if rr is not None else "respiratory rate not reported",
             f"PaCO2 {fmt(pc)} ≥ 32 mmHg" if pc is not None else "PaCO2 not reported"]
    return 0, f"Respiration: {', '.join(shown)}: not met, +0"


def _respiration_points(inputs):
    rr, pc = inputs.get("respiratory_rate"), inputs.get("paco2")
    return 1 if (rr is not None and rr > RR_CUTOFF) or (pc is not None and pc < PACO2_CUTOFF) else 0


def _wbc_value(inputs):
    w = inputs.get("wbc")
    return None if w is None else round(w, 3)  # 12,000 /mm³ converts to 11.999999... ×10^9/L


def _white_cells(inputs):
    w, b = _wbc_value(inputs), inputs.get("band_forms")
    hits = []
    if w is not None and w > WBC_HIGH:
        hits.append(f"WBC {fmt(w)} ×10^9/L > 12")
    if w is not None and w < WBC_LOW:
        hits.append(f"WBC {fmt(w)} ×10^9/L < 4")
    if b is not None and b > BANDS_CUTOFF:
        hits.append(f"bands {fmt(b)} % > 10 %")
    if hits:
        return 1, f"White cells: {', '.join(hits)}: met, +1"
    if w is None and b is None:
        return 0, "White cells: count not reported, assumed normal, +0"
    shown = f"WBC {fmt(w)} ×10^9/L (4–12)" if w is not None else "WBC not reported"
    if b is not None:
        shown += f", bands {fmt(b)} % (≤ 10 %)"
    return 0, f"White cells: {shown}: not met, +0"


def _white_cells_points(inputs):
    w, b = _wbc_value(inputs), inputs.get("band_forms")
    return 1 if (w is not None and (w > WBC_HIGH or w < WBC_LOW)) or (b is not None and b > BANDS_CUTOFF) else 0


CRITERIA = (
    custom("temperature_points", "Temperature > 38 °C or < 36 °C", _temperature, 0, 1, _temperature_points, ("temperature",)),
    compare("heart_rate_points", "heart_rate", ">", HR_CUTOFF, 1, "Heart rate", "beats/min", phrases=("pulse", "tachycardia")),
    custom("respiratory_points", "Respiratory rate > 20/min or PaCO2 < 32 mmHg", _respiration, 0, 1, _respiration_points, ("respiratory_rate", "paco2")),
    custom("wbc_points", "WBC > 12 or < 4 ×10^9/L, or bands > 10 %", _white_cells, 0, 1, _white_cells_points, ("wbc", "band_forms")),
)
LOW, HIGH = score_range(CRITERIA)


def compute(temperature=None, heart_rate=None, respiratory_rate=None, paco2=None, wbc=None, band_forms=None):
    return tally(CRITERIA, {"temperature": temperature, "heart_rate": heart_rate, "respiratory_rate": respiratory_rate,
                            "paco2": paco2, "wbc": wbc, "band_forms": band_forms})


def explain(inputs, inter, value):
    lines = explain_criteria(CRITERIA, inputs, value, "SIRS criteria count")
    lines[0] = "SIRS counts the criteria met (temperature, heart rate, respiration, white cells); unreported values count as normal."
    lines.append(f"SIRS criteria met: {value} of 4 ({'SIRS present' if value >= 2 else 'SIRS absent'}; ≥ 2 defines SIRS).")
    return lines


CALCULATOR = Calculator(
    id="sirs_criteria",
    medcalc_id=51,
    medcalc_name="SIRS Criteria",
    name="SIRS criteria",
    category="critical care",
    description="Number of systemic inflammatory response syndrome criteria met (0–4; ≥2 is SIRS).",
    inputs=INPUTS,
    output=Output("criteria", "integer", 0, minimum=LOW, maximum=HIGH),
    citations=(
        Citation(
            "Bone RC, Balk RA, Cerra FB, et al. Definitions for sepsis and organ failure and guidelines for the use of "
            "innovative therapies in sepsis. The ACCP/SCCM Consensus Conference Committee. Chest. 1992;101(6):1644-1655.",
            doi="10.1378/chest.101.6.1644",
            pmid="1303622",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    increasing=("heart_rate", "respiratory_rate", "band_forms", Monotone("temperature", low=36)),
    decreasing=(Monotone("temperature", high=38),),  # away from 36-38 °C never lowers the count
    entity_adapter=adapter,
    notes=(
        "The value is the number of criteria met (0–4); ≥ 2 is SIRS.",
        "All thresholds are strict: temperature > 38 or < 36 °C, heart rate > 90, respiratory rate > 20 or PaCO2 < 32 mmHg, "
        "WBC > 12 or < 4 ×10^9/L or bands > 10 %.",
        "MedCalc-Bench writes a white count per mm³ as [n, 'm^3'], and some per-µL counts as [n, 'L']; both are read as per mm³/µL.",
        "A white count under 10 per µL (or mm³) is read in thousands per µL (\"WBC 4.1\"): no analyser reports a count that low.",
        "Criteria not mentioned count as absent (MedCalc-Bench's convention).",
    ),
    keywords=('sepsis', 'inflammation', 'infection', 'emergency medicine', 'sirs'),
    population='A consensus definition (ACCP/SCCM 1992), not derived from a cohort.',
    examples=('Bone 1992 (Chest 101:1644) consensus criteria: hand-scored cases (tests/calculators/test_sirs_criteria.py)',),
)
