"""The verification result: steps with verdicts, the answer check, and the trace scores.

``Verification.to_dict()`` is exactly the ``verify`` output object of INTERFACES.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CORRECT, INCORRECT, UNVERIFIABLE, NEUTRAL, CORRECTED = "correct", "incorrect", "unverifiable", "neutral", "corrected"
VERDICTS = (CORRECT, INCORRECT, UNVERIFIABLE, NEUTRAL, CORRECTED)
ERROR_TYPES = ("arithmetic", "unit_conversion", "extraction", "formula", "criterion", "rounding", "answer")


@dataclass(slots=True)
class Check:
    """One checked claim inside a step."""

    kind: str  # arithmetic | unit_conversion | extraction | formula | criterion | rounding | answer | quantity
    ok: bool | None  # None: could not be checked
    detail: str
    start: int
    end: int
    quantity: str | None = None  # the required quantity it establishes (input, intermediate, criterion, result)
    convention: str | None = None  # a recognised alternative formula or version the claim follows
    severity: str = "major"  # for a failed check: major (changes the result) or minor (last digits)
    about: str | None = None  # for a failed patient value or criterion: the input or criterion it misjudges (the thinking review follows it)


_SCORES = {CORRECT: 1.0, INCORRECT: 0.0, UNVERIFIABLE: 0.5}


def score_of(step: Step, verdict: str) -> float | None:
    """The step score for a verdict already computed (``Step.score``)."""
    if verdict == INCORRECT and step.severity == "minor":
        return 0.5
    return _SCORES.get(verdict)


@dataclass(slots=True)
class Step:
    index: int
    start: int
    end: int
    text: str
    checks: list[Check] = field(default_factory=list)
    thinking: bool = False  # inside the model's thinking (verifier.thinking.regions)
    corrected_by: int | None = None  # a failed step the trace corrects: the correcting step's index
    alternative: bool = False  # a failed statement only considered in the thinking, not used
    unchecked: str | None = None  # claims of the step left unchecked at a limit (``limits``): why

    @property
    def verdict(self) -> str:
        checks = self.checks
        if not checks:
            return NEUTRAL
        if any(c.ok is False for c in checks):
            if self.alternative:
                return NEUTRAL
            return CORRECTED if self.corrected_by is not None else INCORRECT
        if any(c.ok is None for c in checks):
            return UNVERIFIABLE
        return CORRECT

    @property
    def first_failure(self) -> Check | None:
        """The failed check that explains the step: a major one first."""
        fails = [c for c in self.checks if c.ok is False]
        return next((c for c in fails if c.severity == "major"), fails[0] if fails else None)

    @property
    def severity(self) -> str | None:
        """For an incorrect step: minor when every failed check is minor, else major."""
        fails = [c for c in self.checks if c.ok is False]
        if not fails:
            return None
        return "minor" if all(c.severity == "minor" for c in fails) else "major"

    @property
    def score(self) -> float | None:
        """1 correct, 0 incorrect (0.5 when minor), 0.5 unverifiable, None for neutral and
        corrected steps (a corrected step does not count in the process score)."""
        return score_of(self, self.verdict)

    def to_dict(self) -> dict[str, Any]:
        fail = self.first_failure
        v = self.verdict
        if v == NEUTRAL and fail is not None:
            detail, fail = f"an alternative considered and not used: {fail.detail}", None
        elif fail is not None:
            detail = fail.detail
        elif v == UNVERIFIABLE:
            detail = next(c.detail for c in self.checks if c.ok is None)
        else:
            detail = "; ".join(c.detail for c in self.checks if c.detail)[:500]
        if self.unchecked is not None:
            detail = f"{detail}; {self.unchecked}" if detail else self.unchecked
        out = {
            "index": self.index,
            "span": [self.start, self.end],
            "text": self.text,
            "verdict": v,
            "error": fail.kind if fail is not None else None,
            "detail": detail,
            "score": self.score if self.score is not None else 1.0,
        }
        if v in (INCORRECT, CORRECTED):
            out["severity"] = self.severity
        if v == CORRECTED:
            out["corrected_by"] = self.corrected_by
        if self.thinking:
            out["thinking"] = True
        conv = next((c.convention for c in self.checks if c.convention), None)
        if conv is not None:
            out["convention"] = conv
        return out


@dataclass(slots=True)
class AnswerCheck:
    value: Any = None  # what the trace answered (number, 'MM/DD/YYYY', {'weeks','days'})
    expected: Any = None
    source: str | None = None  # reference | entities | trace (the trace's values, completed from the note where it states none)
    correct: bool | None = None
    span: tuple[int, int] | None = None
    cause: str | None = None  # for a wrong answer: the error type that explains it (ERROR_TYPES)
    detail: str = ""  # how the cause was found

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "expected": self.expected, "source": self.source, "correct": self.correct, "cause": self.cause, "detail": self.detail}


@dataclass(slots=True)
class Verification:
    id: Any
    calculator: str | None
    steps: list[Step]
    answer: AnswerCheck
    scores: dict[str, float | None]
    error: dict[str, str] | None = None

    @property
    def first_error(self) -> int | None:
        return next((s.index for s in self.steps if s.verdict == INCORRECT), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "calculator": self.calculator,
            "answer": self.answer.to_dict(),
            "steps": [s.to_dict() for s in self.steps],
            "first_error": self.first_error,
            "scores": self.scores,
            "error": self.error,
        }
