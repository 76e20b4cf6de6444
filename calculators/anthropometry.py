"""Body-size building blocks shared by several calculators (pure functions, SI units)."""

from __future__ import annotations

CM_PER_INCH = 2.54


def bmi(weight_kg: float, height_cm: float) -> float:
    h = height_cm / 100.0
    return weight_kg / (h * h)


def ideal_body_weight(sex: str, height_cm: float) -> float:
    """Devine (1974): 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet.

    Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm. 1974;8:650-655.
    """
    base = 50.0 if sex == "male" else 45.5
    return base + 2.3 * (height_cm / CM_PER_INCH - 60.0)


def adjusted_body_weight(weight_kg: float, ibw_kg: float, factor: float = 0.4) -> float:
    """IBW + 0.4 x (actual - IBW), the usual dosing weight in obesity."""
    return ibw_kg + factor * (weight_kg - ibw_kg)
