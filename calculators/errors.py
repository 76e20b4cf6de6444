"""Errors raised by the calculator library; each names the offending field."""

from __future__ import annotations

from dataclasses import dataclass

from clinverify.calculators.limits import quote


class CalculatorError(ValueError):
    """Base class: every error the library raises for bad input."""


class UnitError(CalculatorError):
    """A unit string that pint cannot parse or that has the wrong dimension."""


@dataclass(frozen=True, slots=True)
class FieldViolation:
    field: str
    description: str

    def __str__(self) -> str:
        return f"{self.field}: {self.description}"


class InputError(CalculatorError):
    """One or more inputs are missing, malformed, of the wrong unit, or out of range.

    ``violations`` lists every problem found (gRPC maps them to BadRequest field
    violations); ``str(err)`` joins them into one readable message.
    """

    def __init__(self, violations: list[FieldViolation] | FieldViolation, calculator: str | None = None):
        if isinstance(violations, FieldViolation):
            violations = [violations]
        self.violations = list(violations)
        self.calculator = calculator
        prefix = f"{calculator}: " if calculator else ""
        super().__init__(prefix + "; ".join(str(v) for v in self.violations))

    @property
    def field(self) -> str:
        return self.violations[0].field if self.violations else ""


class UnknownCalculator(CalculatorError, LookupError):
    """No calculator matches the given id, MedCalc-Bench id or name."""

    def __init__(self, key: object, suggestions: list[str], reason: str = ""):
        self.key = key
        self.suggestions = suggestions
        # At most MAX_QUOTED_CHARS characters of the key, however long it is; of any other type, its type.
        shown = quote(key) if isinstance(key, (str, int)) else f"of type {type(key).__name__}"
        why = f" ({reason})" if reason else ""
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown calculator {shown}{why}{hint}")
