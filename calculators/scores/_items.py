"""Item-sum instruments: a total that adds one score per questionnaire item or examination item.

PHQ-9, GAD-7, AUDIT and AUDIT-C give each item a fixed set of answers with published points
(``answer_item``: a Choice whose options are the answers, least to most, accepting the item's
points as a spelling too); CIWA-Ar and the NIH Stroke Scale rate each item on an integer scale
(``rated_item``: a whole number 0..top). Each returns the input and its criterion (key
``<name>_points``), so a module declares ``INPUTS`` and ``CRITERIA`` from one list of items.

Only short descriptions of what an item asks are declared, never an instrument's item wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clinverify.calculators.criteria import Criterion, custom
from clinverify.calculators.inputs import Choice, Invalid, Number
from clinverify.calculators.limits import quote


class Answer(Choice):
    """An item's answer: its option text or its points (``2`` or ``2.0``)."""

    __slots__ = ()

    def coerce(self, raw: object) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            return Choice.coerce(self, raw)
        except Invalid:
            points = ", ".join(s[0] for s in self.options.values())
            raise Invalid(f"expected one of the item's points ({points}) or one of {', '.join(self.options)}, "
                          f"got {quote(raw)}") from None


def answer_item(name: str, label: str, answers: Mapping[str, int], description: str, aliases: tuple[str, ...] = (),
                phrases: tuple[str, ...] = (), spellings: Mapping[str, tuple[str, ...]] | None = None) -> tuple[Answer, Criterion]:
    """A required item answered with one of ``answers`` (answer -> points, least to most)."""
    extra = spellings or {}
    choice = Answer(name, {a: (str(p), *extra.get(a, ())) for a, p in answers.items()}, description, aliases=aliases)
    top = max(answers.values())

    def decide(inputs: Mapping[str, Any]) -> tuple[int, str]:
        v = inputs[name]
        p = answers[v]
        return p, f"{label}: {v} ({p} of {top}), +{p}"

    def points(inputs: Mapping[str, Any]) -> int:
        return answers[inputs[name]]

    return choice, custom(f"{name}_points", label, decide, min(answers.values()), top, points, (name,), phrases)


def rated_item(name: str, label: str, top: int, description: str, aliases: tuple[str, ...] = (),
               phrases: tuple[str, ...] = ()) -> tuple[Number, Criterion]:
    """An optional item rated 0..top (whole numbers); not reported counts 0 (normal)."""
    number = Number(name, "", (0.0, float(top)), f"{description} (0–{top}); not reported = 0", required=False,
                    aliases=aliases, integer=True)

    def decide(inputs: Mapping[str, Any]) -> tuple[int, str]:
        v = inputs.get(name)
        if v is None:
            return 0, f"{label}: not reported, counted 0, +0"
        return v, f"{label}: {v} of {top}, +{v}"

    def points(inputs: Mapping[str, Any]) -> int:
        v = inputs.get(name)
        return 0 if v is None else v

    return number, custom(f"{name}_points", label, decide, 0, top, points, (name,), phrases)
