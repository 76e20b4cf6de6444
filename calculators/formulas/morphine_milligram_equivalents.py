"""Total daily morphine milligram equivalents (MME/day), CDC 2022 conversion factors."""

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.inputs import Choice, Number
from clinverify.calculators.model import Calculator, Citation, Output, fmt
from clinverify.calculators.statements import Factor

# name -> (MedCalc-Bench spelling, dose unit, MME conversion factor per dose unit).
# Dowell D, et al. MMWR Recomm Rep 2022;71(3):1-95, Table (conversion factors). Buccal fentanyl is not
# in that table; its factor (0.13 per µg, buccal/sublingual tablets and lozenges) is from CDC's
# compilation of MME conversion factors (2017 version), the file the 2016 and 2022 tables derive from.
DRUGS: dict[str, tuple[str, str, float]] = {
    "codeine": ("Codeine", "mg", 0.15),
    "fentanyl_buccal": ("FentaNYL buccal", "ug", 0.13),  # per µg (buccal/sublingual tablets, lozenges)
    "fentanyl_patch": ("FentANYL patch", "ug/hour", 2.4),  # per µg/hr of the transdermal patch
    "hydrocodone": ("HYDROcodone", "mg", 1.0),
    "hydromorphone": ("HYDROmorphone", "mg", 5.0),
    "methadone": ("Methadone", "mg", 4.7),
    "morphine": ("Morphine", "mg", 1.0),
    "oxycodone": ("OxyCODONE", "mg", 1.5),
    "oxymorphone": ("OxyMORphone", "mg", 3.0),
    "tapentadol": ("Tapentadol", "mg", 0.4),
    "tramadol": ("TraMADol", "mg", 0.2),
}

# CDC 2016 (Dowell D, Haegerich TM, Chou R. MMWR Recomm Rep 2016;65(1):1-49) differs: hydromorphone 4,
# tramadol 0.1, methadone by total daily dose (1-20 mg: 4; 21-40: 8; 41-60: 10; >60: 12).
CDC2016 = {"hydromorphone": 4.0, "tramadol": 0.1}
_METHADONE_2016 = ((20.0, 4.0), (40.0, 8.0), (60.0, 10.0), (float("inf"), 12.0))

GUIDELINE = Choice("guideline", {"cdc2022": ("2022", "cdc 2022"), "cdc2016": ("2016", "cdc 2016")}, "conversion table", required=False, default="cdc2022")

INPUTS = (GUIDELINE,) + tuple(
    inp
    for key, (label, unit, _) in DRUGS.items()
    for inp in (
        Number(f"{key}_dose", unit, (0.0, 10_000.0), f"{label} dose per administration ({unit})", aliases=(f"{label} Dose",), required=False),
        Number(f"{key}_doses_per_day", "1/day", (0.0, 24.0), f"{label} doses per day", aliases=(f"{label} Dose Per Day",), required=False),
    )
)


# Per-drug factors as traces state them ("hydromorphone: 1 mg = 5 MME", "× 1.5 for oxycodone").
FACTORS = tuple(
    Factor(
        (label.lower(), key.replace("_", " ")) + {"fentanyl_patch": ("fentanyl patch", "transdermal fentanyl", "duragesic"),
                                                  "fentanyl_buccal": ("buccal fentanyl", "fentanyl buccal", "fentora"),
                                                  "hydromorphone": ("dilaudid",), "oxycodone": ("oxycontin", "percocet")}.get(key, ()),
        factor,
        unit,
        {"CDC 2016": CDC2016[key]} if key in CDC2016 else {},
        f"{key}_mme_per_day",
        f"{key}_dose",
    )
    for key, (label, unit, factor) in DRUGS.items()
)


_PATCH_KEYS = ("fentanyl patch dose", "fentanyl_patch_dose")
_PATCH_MISLABELS = ("mg", "µg", "μg", "mcg", "ug")


def medcalc_entities(entities: Mapping[str, Any]) -> Mapping[str, Any]:
    """MedCalc-Bench writes fentanyl patch strengths as [n, 'mg']; a patch strength is µg/hr."""
    for key, raw in entities.items():
        if (
            isinstance(key, str) and key.lower() in _PATCH_KEYS
            and isinstance(raw, (list, tuple)) and len(raw) == 2 and raw[1] in _PATCH_MISLABELS
        ):
            out = dict(entities)
            out[key] = [raw[0], "ug/hour"]
            return out
    return entities


def factor_for(key: str, daily_dose: float, guideline: str) -> float:
    if guideline == "cdc2016":
        if key == "methadone":
            return next(f for limit, f in _METHADONE_2016 if daily_dose <= limit)
        if key in CDC2016:
            return CDC2016[key]
    return DRUGS[key][2]


# (drug, dose input, doses-per-day input, intermediate name), built once: compute runs per call.
_NAMES = tuple((key, f"{key}_dose", f"{key}_doses_per_day", f"{key}_mme_per_day") for key in DRUGS)


def compute(guideline: str = "cdc2022", **inputs: float | None):
    inter: dict[str, float] = {}
    total = 0.0
    for key, dose_name, per_day_name, out_name in _NAMES:
        dose = inputs.get(dose_name)
        if not dose:
            continue
        per_day = inputs.get(per_day_name)
        per_day = 1.0 if per_day is None else per_day
        daily = dose * per_day
        mme = daily * factor_for(key, daily, guideline)
        inter[out_name] = mme
        total += mme
    return total, inter


def explain(inputs, inter, value):
    g = inputs.get("guideline") or "cdc2022"
    lines = [f"MME/day = Σ dose × doses per day × conversion factor ({'CDC 2016' if g == 'cdc2016' else 'CDC 2022'} table)."]
    parts = []
    for key, (label, unit, _) in DRUGS.items():
        k = f"{key}_mme_per_day"
        if k in inter:
            per_day = inputs.get(f"{key}_doses_per_day") or 1.0
            factor = factor_for(key, inputs[f"{key}_dose"] * per_day, g)
            u = "µg/hr" if unit == "ug/hour" else ("µg" if unit == "ug" else unit)
            lines.append(f"{label}: {fmt(inputs[f'{key}_dose'])} {u} × {fmt(per_day)}/day × {fmt(factor)} = {fmt(inter[k])} MME/day.")
            parts.append(fmt(inter[k]))
    lines.append(f"Total = {' + '.join(parts) or '0'} = {fmt(value)} MME/day.")
    return lines


CALCULATOR = Calculator(
    id="morphine_milligram_equivalents",
    medcalc_id=49,
    medcalc_name="Morphine Milligram Equivalents (MME) Calculator",
    name="Morphine milligram equivalents",
    category="pharmacology",
    description="Total daily opioid dose in morphine milligram equivalents.",
    inputs=INPUTS,
    output=Output("MME/day", "decimal", 1),
    citations=(
        Citation("Dowell D, Haegerich TM, Chou R. CDC Guideline for Prescribing Opioids for Chronic Pain — United States, 2016. MMWR Recomm Rep. 2016;65(1):1-49.", doi="10.15585/mmwr.rr6501e1", pmid="26987082"),
        Citation(
            "Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice Guideline for Prescribing Opioids for Pain — "
            "United States, 2022. MMWR Recomm Rep. 2022;71(3):1-95.",
            doi="10.15585/mmwr.rr7103a1",
            pmid="36327391",
        ),
        Citation(
            "National Center for Injury Prevention and Control. CDC compilation of benzodiazepines, muscle relaxants, stimulants, "
            "zolpidem, and opioid analgesics with oral morphine milligram equivalent conversion factors, 2017 version. Atlanta, GA: "
            "Centers for Disease Control and Prevention; 2017 (fentanyl buccal/sublingual 0.13 per µg).",
            url="https://www.cdc.gov/drugoverdose/resources/data.html",
        ),
    ),
    compute_fn=compute,
    explain_fn=explain,
    entity_adapter=medcalc_entities,
    notes=(
        "Fentanyl patch strength is in µg/hr (factor 2.4 per µg/hr); MedCalc-Bench's 'mg' for patches is read as µg/hr.",
        "A dose without a doses-per-day count is taken once a day.",
        "A fentanyl patch's MME/day is its strength in µg/hr × 2.4; a 'doses per day' count for a patch is read as the "
        "number of patches worn at once (MedCalc-Bench writes patches as 'n times a day').",
        "guideline='cdc2016' uses the 2016 table (hydromorphone 4, tramadol 0.1, methadone tiered by total daily dose: "
        "1-20 mg 4, 21-40 mg 8, 41-60 mg 10, >60 mg 12). The MedCalc-Bench v1.0 labels use the 2022 factors; the "
        "physician-corrected labels mostly use the 2016 ones, but 4.7 where methadone is 100 mg/day (the 2016 tiers give 12).",
    ),
    keywords=('opioids', 'pain', 'mme', 'overdose risk', 'palliative care', 'morphine equivalents', 'ome', 'opioid conversion'),
    examples=('Dowell 2022 (MMWR Recomm Rep 71(3)) conversion table and its worked example (hydrocodone 5 mg four times a day = 20 MME/day) (tests/calculators/test_morphine_milligram_equivalents.py)',),
    population='Adults on opioids for pain outside active cancer treatment, palliative and end-of-life care (CDC 2022).',
)
