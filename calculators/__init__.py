"""clinverify.calculators: deterministic, unit-checked clinical calculators.

    from clinverify.calculators import get, compute, list_calculators
    calc = get("cockcroft_gault")     # or get(2), or the MedCalc-Bench name
    result = calc.compute(calc.parse(entities))
    result.value, result.unit, result.intermediates, result.explanation()

Imports nothing heavy: pint is loaded on the first unit conversion.

Source folder ``calculators/`` is installed as ``clinverify.calculators`` (``package-dir`` in pyproject.toml maps each
top-level folder into the ``clinverify.*`` namespace; layers: calculators <- verifier <- services <- clients).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.errors import CalculatorError, FieldViolation, InputError, UnitError, UnknownCalculator
from clinverify.calculators.model import Calculator, Citation, Output, Result
from clinverify.calculators.registry import get, list_calculators, suggest


def compute(calculator: str | int | Calculator, entities: Mapping[str, Any]) -> Result:
    """Parse ``entities`` (native or MedCalc-Bench form) and compute in one call."""
    calc = get(calculator)
    return calc.compute(calc.parse(entities))


__all__ = [
    "Calculator",
    "CalculatorError",
    "Citation",
    "FieldViolation",
    "InputError",
    "Output",
    "Result",
    "UnitError",
    "UnknownCalculator",
    "compute",
    "get",
    "list_calculators",
    "suggest",
]
