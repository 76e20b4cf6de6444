"""Scoring criteria declared as data: a flag worth N points, numeric bands, option tables.

A rule-based score is a tuple of criteria. ``tally`` adds their points and returns one
intermediate per criterion (its points), so the verifier can say which criterion a
model got wrong; ``explain_criteria`` re-derives each decision as text
("Age 65–74: +1") for the explanation. Absent information counts as absent/normal
(MedCalc-Bench's convention), and the explanation says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clinverify.calculators.model import fmt

Decision = tuple[int | float, str]  # (points, human-readable decision)


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str  # intermediate name, e.g. "age_points"
    label: str
    decide: Callable[[Mapping[str, Any]], Decision]  # points and text (explanations)
    minimum: float = 0
    maximum: float = 1
    # Points only, no text: the hot path of ``tally``. Defaults to decide()[0].
    points: Callable[[Mapping[str, Any]], int | float] | None = None
    # The inputs the decision reads, and the phrases models use for the criterion beyond its
    # label and its inputs' names and aliases ("+2 for prior stroke/TIA"): the verifier reads
    # points given in prose with them.
    inputs: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    # The clinician's judgement ("History: slightly/moderately/highly suspicious", "PE the most
    # likely diagnosis"): a trace's choice among the criterion's points is not graded against a
    # dataset's label, only points the criterion cannot give.
    judgement: bool = False
    # Points when any one of several inputs says so (stroke, TIA or thromboembolism; a drink count
    # or an excess flag): whichever one the trace names, the criterion's points for the patient apply.
    any_of: bool = False

    def __post_init__(self) -> None:
        if self.points is None:
            decide = self.decide
            object.__setattr__(self, "points", lambda inputs: decide(inputs)[0])

    def score(self, inputs: Mapping[str, Any]) -> int | float:
        return self.points(inputs)


def _pts(p: float) -> str:
    return f"+{fmt(p)}" if p >= 0 else fmt(p)


def flag(key: str, input_name: str, points: float, label: str, phrases: tuple[str, ...] = (), judgement: bool = False) -> Criterion:
    """``points`` if the flag input is true, else 0."""

    def decide(inputs: Mapping[str, Any]) -> Decision:
        v = inputs.get(input_name)
        if v:
            return points, f"{label}: present, {_pts(points)}"
        return 0, f"{label}: {'absent' if v is False else 'not mentioned, assumed absent'}, +0"

    def fast(inputs: Mapping[str, Any]) -> float:
        return points if inputs.get(input_name) else 0

    return Criterion(key, label, decide, min(0, points), max(0, points), fast, (input_name,), tuple(phrases), judgement)


Band = tuple[float | None, float | None, float]  # [lower inclusive, upper exclusive) -> points


def bands(key: str, input_name: str, table: Sequence[Band], label: str, unit: str = "", missing: float = 0,
          phrases: tuple[str, ...] = ()) -> Criterion:
    """Points by the band [lo, hi) that the numeric input falls in; ``missing`` if absent.
    ``phrases``: the words models use for the criterion beyond its label and input (``Criterion.phrases``)."""

    def decide(inputs: Mapping[str, Any]) -> Decision:
        v = inputs.get(input_name)
        if v is None:
            return missing, f"{label}: not reported, assumed normal, {_pts(missing)}"
        for lo, hi, p in table:
            if (lo is None or v >= lo) and (hi is None or v < hi):
                return p, f"{label} {fmt(v)} {unit}".rstrip() + f" ({band_text(lo, hi, unit)}): {_pts(p)}"
        return missing, f"{label} {fmt(v)} {unit}".rstrip() + f": outside every band, {_pts(missing)}"

    def fast(inputs: Mapping[str, Any]) -> float:
        v = inputs.get(input_name)
        if v is None:
            return missing
        for lo, hi, p in table:
            if (lo is None or v >= lo) and (hi is None or v < hi):
                return p
        return missing

    pts = [p for _, _, p in table] + [missing]
    return Criterion(key, label, decide, min(pts), max(pts), fast, (input_name,), phrases)


def band_text(lo: float | None, hi: float | None, unit: str = "") -> str:
    u = f" {unit}" if unit else ""
    if lo is None and hi is not None:
        return f"< {fmt(hi)}{u}"
    if hi is None and lo is not None:
        return f"≥ {fmt(lo)}{u}"
    return f"{fmt(lo)} to < {fmt(hi)}{u}"


def option(key: str, input_name: str, table: Mapping[str, float], label: str, missing: float = 0, judgement: bool = False) -> Criterion:
    """Points by the chosen option of a Choice input."""

    def decide(inputs: Mapping[str, Any]) -> Decision:
        v = inputs.get(input_name)
        if v is None:
            return missing, f"{label}: not reported, {_pts(missing)}"
        return table[v], f"{label}: {v}, {_pts(table[v])}"

    def fast(inputs: Mapping[str, Any]) -> float:
        v = inputs.get(input_name)
        return missing if v is None else table[v]

    pts = list(table.values()) + [missing]
    return Criterion(key, label, decide, min(pts), max(pts), fast, (input_name,), judgement=judgement)


def custom(
    key: str,
    label: str,
    decide: Callable[[Mapping[str, Any]], Decision],
    minimum: float = 0,
    maximum: float = 1,
    points: Callable[[Mapping[str, Any]], int | float] | None = None,
    inputs: tuple[str, ...] = (),
    phrases: tuple[str, ...] = (),
    any_of: bool = False,
) -> Criterion:
    """A criterion whose rule does not fit the tables (e.g. 'either A or B'; ``any_of`` when any
    one of its inputs alone gives its points).

    Give ``points`` (a text-free version of ``decide``) when the criterion is on a hot path.
    """
    return Criterion(key, label, decide, minimum, maximum, points, tuple(inputs), tuple(phrases), any_of=any_of)


def tally(criteria: Sequence[Criterion], inputs: Mapping[str, Any]) -> tuple[int | float, dict[str, Any]]:
    """Sum the points of every criterion; intermediates map each criterion key to its points."""
    points = {c.key: c.points(inputs) for c in criteria}
    return sum(points.values()), points


def explain_criteria(criteria: Sequence[Criterion], inputs: Mapping[str, Any], total: Any, name: str = "score") -> list[str]:
    """One line per criterion with its decision and points, then the sum."""
    lines = [f"The {name} adds points for each criterion; criteria not mentioned count as absent."]
    parts = []
    for c in criteria:
        p, text = c.decide(inputs)
        lines.append(text)
        parts.append(fmt(p))
    lines.append(f"Total = {' + '.join(parts)} = {fmt(total)}.")
    return lines


def score_range(criteria: Sequence[Criterion]) -> tuple[float, float]:
    return sum(c.minimum for c in criteria), sum(c.maximum for c in criteria)
