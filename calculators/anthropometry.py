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


# Other ideal-body-weight equations of the Devine family (Pai MP, Paloucek FP. The origin of the
# "ideal" body weight equations. Ann Pharmacother. 2000;34:1066-1069): (men base, per inch; women
# base, per inch) over 5 feet. A trace that uses one follows a convention, not a wrong formula.
IBW_VARIANTS: dict[str, tuple[float, float, float, float]] = {
    "Robinson IBW": (52.0, 1.9, 49.0, 1.7),
    "Miller IBW": (56.2, 1.41, 53.1, 1.36),
    "Hamwi IBW": (48.0, 2.7, 45.5, 2.2),
}


def ibw_variant(name: str, sex: str, height_cm: float) -> float:
    m_base, m_inch, f_base, f_inch = IBW_VARIANTS[name]
    base, per_inch = (m_base, m_inch) if sex == "male" else (f_base, f_inch)
    return base + per_inch * (height_cm / CM_PER_INCH - 60.0)


# The variants as stated-parameter conventions on a calculator's parsed inputs (sex, height cm).
IBW_CONVENTIONS = tuple((name, lambda i, name=name: ibw_variant(name, i["sex"], i["height"])) for name in IBW_VARIANTS)
